"""`python scripts/regen.py`: one command, a named list of steps run in order."""

from __future__ import annotations

from pathlib import Path

from devtools.regen import REGEN_STEPS, RegenStep, regenerate


def test_every_committed_artefact_has_a_step() -> None:
    writers = {step.write.__name__ for step in REGEN_STEPS}
    assert writers == {"write_render_golden", "write_upgrade_golden", "write_integration_doc",
                       "write_design_doc", "write_lint_rules_table", "write_preflight_table"}
    assert len({step.name for step in REGEN_STEPS}) == len(REGEN_STEPS)


def test_regenerate_runs_the_steps_in_order_and_names_what_they_wrote(tmp_path: Path) -> None:
    ran: list[str] = []

    def step(name: str) -> RegenStep:
        def write(root: Path) -> Path:
            ran.append(name)
            return root / "out" / f"{name}.txt"
        return RegenStep(f"the {name}", write)

    lines = regenerate(tmp_path, (step("first"), step("second")))
    assert ran == ["first", "second"]
    assert lines == ["out/first.txt (the first)", "out/second.txt (the second)"]
