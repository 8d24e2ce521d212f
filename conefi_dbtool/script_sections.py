"""Which DBA steps (users, grants) go into a target's deploy script, per database.

The grants model fills this in from ``grants/<database>/<target.grants_profile>.toml``;
a database without a manifest has no DBA section. The SGU 2.0 section also creates the
database link to the ERP (see `conefi_dbtool.grants.link`: it needs a password, so it
cannot be an object template, whose section runs with DEFINE OFF).

Steps of kind ``sqlplus`` (``SET VERIFY OFF``, ``ACCEPT ... HIDE``) are client commands for
SQL*Plus/SQLcl; an online applier skips them and substitutes ``&&conefi_<db>_password`` /
``&&conefi_erp_link_password`` from its own secret source.
"""

from __future__ import annotations

from conefi_dbtool.config import DATABASES, Project, Target
from conefi_dbtool.deploy_steps import Step


def dba_steps(project: Project, target: Target) -> dict[str, tuple[Step, ...]]:
    from conefi_dbtool.grants.link import link_steps
    from conefi_dbtool.grants.manifest import has_manifest, load_manifest
    from conefi_dbtool.grants.render_sql import dba_steps_for

    out: dict[str, tuple[Step, ...]] = {}
    for database in DATABASES:
        if not has_manifest(project, database, target.grants_profile):
            continue
        steps = dba_steps_for(load_manifest(project, target, database))
        if database == "sgu2":
            steps += link_steps(target)
        out[database] = steps
    return out
