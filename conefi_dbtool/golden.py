"""Golden artefacts of the bundled `example` target, produced exactly as the CLI does.

`scripts/regen_golden.py` writes them; `tests/test_golden.py` compares byte for byte.
Each golden artefact is a function of the repository's templates and config only.
"""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.config import load_project
from conefi_dbtool.output import write_render, write_text_atomic
from conefi_dbtool.render import render_target
from conefi_dbtool.script import build_script
from conefi_dbtool.script_sections import dba_steps

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden"
GOLDEN_TARGET = "example"


def golden_artefacts(root: Path, out: Path) -> None:
    """Write the render directory and the deploy script of the example target to `out`."""
    project = load_project(root / "conefi.toml")
    target = project.target(GOLDEN_TARGET)
    result = render_target(project, target)
    write_render(result, out / "render")
    write_text_atomic(out / "deploy.sql",
                      build_script(target, result, dba_steps=dba_steps(project, target)))


def write_golden(root: Path) -> None:
    """Every generated artefact the repository commits: goldens and docs/integration.md."""
    from conefi_dbtool.docs_gen import write_integration_doc
    from conefi_dbtool.migrations.golden import write_upgrade_golden

    golden_artefacts(root, root / "tests" / "golden" / GOLDEN_TARGET)
    write_upgrade_golden(root)
    write_integration_doc(root)
