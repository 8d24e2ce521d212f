"""Golden artefact of the releases: the `upgrade --sql base:head` script of `example`.

`scripts/regen.py` writes it; `tests/commands/test_migrations_cli.py` compares byte for byte. The
text depends only on the revisions, the snapshots and the config (no timestamps).
"""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.config import DATABASES, load_project
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import sql_script
from conefi_dbtool.output import write_text_atomic
from conefi_dbtool.run_preflight import script_steps
from devtools.golden import GOLDEN_DIR

GOLDEN_TARGET = "example"
GOLDEN_RANGE = "base:head"
GOLDEN_NAME = "example-base-head.sql"


def upgrade_golden_text(root: Path) -> str:
    project = load_project(root / "conefi.toml")
    target = project.target(GOLDEN_TARGET)
    return sql_script(project, target, "upgrade", GOLDEN_RANGE, DATABASES, PlanOptions(),
                      preflight=script_steps(project, target, DATABASES, lock=True))


def upgrade_golden_artefacts(root: Path, out: Path) -> None:
    write_text_atomic(out / GOLDEN_NAME, upgrade_golden_text(root))


def write_upgrade_golden(root: Path) -> Path:
    """Regenerate `<root>/tests/golden/upgrade/`."""
    out = root / GOLDEN_DIR / "upgrade"
    upgrade_golden_artefacts(root, out)
    return out
