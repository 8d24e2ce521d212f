"""Which DBA steps (users, grants) go into a target's deploy script, per database.

The grants model fills this in; until a database has a manifest it has no DBA section.
"""

from __future__ import annotations

from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import Step


def dba_steps(project: Project, target: Target) -> dict[str, tuple[Step, ...]]:
    return {}
