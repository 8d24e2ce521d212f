"""Golden artefacts of the bundled `example` target, produced exactly as the CLI does.

`scripts/regen.py` writes them; `tests/devtools/test_golden.py` compares byte for byte.
Each golden artefact is a function of the repository's templates and config only.
"""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.config import DATABASES, load_project
from conefi_dbtool.output import write_render, write_text_atomic
from conefi_dbtool.render import render_target
from conefi_dbtool.run_preflight import script_steps
from conefi_dbtool.script import build_script
from conefi_dbtool.script_sections import dba_steps

GOLDEN_TARGET = "example"
GOLDEN_DIR = Path("tests") / "golden"


def golden_artefacts(root: Path, out: Path) -> None:
    """Write the render directory and the deploy script of the example target to `out`."""
    project = load_project(root / "conefi.toml")
    target = project.target(GOLDEN_TARGET)
    result = render_target(project, target)
    write_render(result, out / "render")
    dba = dba_steps(project, target)
    checks = script_steps(project, target, DATABASES, lock=False, dba_first=tuple(dba))
    write_text_atomic(out / "deploy.sql", build_script(target, result, dba_steps=dba, preflight=checks))


def write_render_golden(root: Path) -> Path:
    """Regenerate `<root>/tests/golden/example/` (render directory and deploy script)."""
    out = root / GOLDEN_DIR / GOLDEN_TARGET
    golden_artefacts(root, out)
    return out
