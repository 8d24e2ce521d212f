"""What templates see: configured values (tainted) and safe helpers.

Helpers here return `SqlFragment`s computed from validated configuration, e.g.
``{{ protheus('SE1') }}`` → ``SIGA.SE1030``. Everything else from the config arrives
`Tainted` and must pass a filter.
"""

from __future__ import annotations

from typing import Any

from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import RenderError
from conefi_dbtool.identifiers import SqlFragment, sql_qualified
from conefi_dbtool.render import taint


def build_context(project: Project, target: Target) -> dict[str, Any]:
    erp = target.erp

    def protheus(alias: str) -> SqlFragment:
        """Qualified physical name of a Protheus table of this target's company."""
        if not isinstance(alias, str) or not alias.isalnum() or len(alias) != 3:
            raise RenderError(f"protheus() takes a 3-character table alias, got {alias!r}")
        return sql_qualified(erp.schemas.siga, erp.protheus_table(alias))

    return {
        "target": taint(target, "target"),
        "erp": taint(target.erp, "erp"),
        "sgu2": taint(target.sgu2, "sgu2"),
        "schedule": taint(target.schedule, "schedule"),
        "integration": taint(target.integration, "integration"),
        "protheus": protheus,
    }
