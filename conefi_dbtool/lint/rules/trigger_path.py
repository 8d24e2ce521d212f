"""What the deploy's trigger-path protection needs of the code the ERP's trigger runs (TRG)."""

from __future__ import annotations

from collections.abc import Iterable

from conefi_dbtool.lint.rules.plsql import _TriggerPathRule
from conefi_dbtool.lint.sqltext import Pos
from conefi_dbtool.lint.triggers import Reach


class TriggerPathPackageState(_TriggerPathRule):
    """Package-level variable in a package a trigger reaches

    Every ERP session that fires the trigger instantiates the packages on its path. A
    package-level variable (in the specification or the body; constants are fine) is
    state kept in each of those sessions, and replacing the package in a deploy discards
    it: the next call in every such session fails once with ORA-04068 ("existing state of
    packages has been discarded"), rolling back an ERP transaction. A stateless package
    is simply recompiled for the next call. The walk is the one of PLS001: from every
    trigger into the routines it calls, then into the packages those routines belong to.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS
      g_chamadas PLS_INTEGER := 0;
      PROCEDURE p_evento(p_id IN NUMBER) IS
      BEGIN
        g_chamadas := g_chamadas + 1;
      END p_evento;
    END PKG_X;
    /
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS
      c_limite CONSTANT PLS_INTEGER := 100;  -- constants are not state
      PROCEDURE p_evento(p_id IN NUMBER) IS
        v_chamadas PLS_INTEGER := 0;  -- local: gone when the call ends
      BEGIN
        v_chamadas := v_chamadas + 1;
      END p_evento;
    END PKG_X;
    /
    ```
    """

    code = "TRG001"
    name = "trigger-path-package-state"
    oracle_error = "ORA-04068"  # at run time, in every ERP session, after a deploy

    def places(self, reach: Reach) -> Iterable[Pos]:
        return reach.routine.sub.variables

    def message(self, place: Pos, path: str) -> str:
        return (f"package-level variable {place.text} in the path of {path}: replacing the package "
                "discards its state in every ERP session (ORA-04068); keep packages a trigger "
                "reaches stateless (constants, locals)")
