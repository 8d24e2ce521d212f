"""The files that make `migrations/` an Alembic environment, created on first use.

Kept here (not only in the repository's `migrations/`) so `conefi-dbtool revision` can
start a release history in any project; `tests/migrations/test_migrations.py` checks the
repository's copies are identical.
"""

from __future__ import annotations

from pathlib import Path

SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = ${context.get("sources", "{}")}


def upgrade() -> None:
${context.get("upgrades", "    pass")}


def downgrade() -> None:
${context.get("downgrades", "    pass")}
${context.get("review", "")}'''

ENV_PY = '''\
"""Alembic environment of conefi-dbtool: the releases of the CONEFI database objects.

Revisions here are applied by `conefi-dbtool upgrade/downgrade --target T` (online, with
python-oracledb: deploy lock, journal, compile verification) or written as a SQL*Plus
script by `conefi-dbtool upgrade --target T --sql`. They need a target's configuration,
which the plain `alembic` command does not have; see docs/releases.md.
"""

from alembic import context

if context.is_offline_mode():
    raise SystemExit("use `conefi-dbtool upgrade --target T --sql` to write the SQL*Plus script")
raise SystemExit("use `conefi-dbtool upgrade --target T` (or downgrade) to apply revisions")
'''


def ensure_environment(migrations_dir: Path) -> bool:
    """Create the environment files that are missing; True when something was created."""
    created = False
    migrations_dir.mkdir(parents=True, exist_ok=True)
    for name, text in (("script.py.mako", SCRIPT_MAKO), ("env.py", ENV_PY)):
        path = migrations_dir / name
        if not path.exists():
            path.write_text(text, encoding="utf-8", newline="\n")
            created = True
    for sub in ("versions", "snapshots"):
        (migrations_dir / sub).mkdir(exist_ok=True)
    return created
