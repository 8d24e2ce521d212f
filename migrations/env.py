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
