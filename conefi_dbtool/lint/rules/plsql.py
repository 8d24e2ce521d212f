"""The design brief's PL/SQL rules (PLS, DESIGN.md §4): the transactional outbox, no
swallowed exceptions, ``SYS.`` packages, Protheus soft delete, no ``SELECT *``."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.references import protheus_tables
from conefi_dbtool.lint.rules.base import Fact, ProgramFacts, ProgramRule, UnitFacts, UnitRule
from conefi_dbtool.lint.sqlfacts import TableRef, TreeFacts
from conefi_dbtool.lint.sqltext import Pos
from conefi_dbtool.lint.triggers import Reach
from conefi_dbtool.lint.units import Hit


class _TriggerPathRule(ProgramRule):
    """What code a trigger reaches must not do: one finding per place, with the path."""

    severity = Severity.ERROR
    needs = frozenset({Fact.TRIGGER_PATHS})

    @abstractmethod
    def places(self, reach: Reach) -> Iterable[Pos]:
        """The offending places of the routine the trigger reaches."""

    @abstractmethod
    def message(self, place: Pos, path: str) -> str:
        """The finding's text; ``path`` reads ``trigger T_X (T_X -> PKG.P)``."""

    def check(self, program: ProgramFacts) -> Iterator[tuple[int, Hit]]:
        """One finding per place: the first trigger reaching it (breadth first) tells."""
        seen: set[tuple[int, int, int]] = set()
        for reach in program.reached:
            path = f"trigger {reach.trigger} ({' -> '.join(reach.path)})"
            for p in self.places(reach):
                if (reach.routine.unit, p.line, p.col) not in seen:
                    seen.add((reach.routine.unit, p.line, p.col))
                    yield reach.routine.unit, self.hit(p.line, p.col, self.message(p, path))


class TriggerAutonomousTransaction(_TriggerPathRule):
    """PRAGMA AUTONOMOUS_TRANSACTION in a trigger or in code a trigger calls

    The integration's outbox is written in the ERP's transaction: rows an autonomous
    routine writes are kept even when the ERP change rolls back, so a change that never
    happened would be published. From every trigger, calls are followed into package
    bodies and standalone routines (`SCHEMA.PKG.PROC`, `PKG.PROC`, same-package `PROC`,
    transitively, across packages); the finding gives the path
    (`T_X -> PKG_A.P_EVENTO -> PKG_A.P_LOG`). Code no trigger reaches (the daily job) may
    be autonomous.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE TRIGGER CONEFI.T_X
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    DECLARE
      PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
      INSERT INTO CONEFI.FILA_X (ID) VALUES (:NEW.INTRE_ID);
      COMMIT;
    END;
    /
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE TRIGGER CONEFI.T_X
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    BEGIN
      INSERT INTO CONEFI.FILA_X (ID) VALUES (:NEW.INTRE_ID);
    END;
    /
    ```
    """

    code = "PLS001"
    name = "trigger-autonomous-transaction"

    def places(self, reach: Reach) -> Iterable[Pos]:
        return reach.routine.sub.autonomous

    def message(self, place: Pos, path: str) -> str:
        return (f"PRAGMA AUTONOMOUS_TRANSACTION in the path of {path}: rows written there are "
                "kept even when the ERP change rolls back; keep the outbox in the ERP's "
                "transaction")


class TriggerCommit(_TriggerPathRule):
    """COMMIT or ROLLBACK in a trigger or in code a trigger calls

    A trigger must not end the ERP's transaction (ORA-04092), nor may anything it calls.
    Also found as dynamic SQL (`EXECUTE IMMEDIATE 'COMMIT'`). The walk stops at an
    autonomous routine: its COMMIT belongs to its own transaction (the PRAGMA is PLS001).

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE TRIGGER CONEFI.T_X
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    BEGIN
      INSERT INTO CONEFI.FILA_X (ID) VALUES (:NEW.INTRE_ID);
      COMMIT;
    END;
    /
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE TRIGGER CONEFI.T_X
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    BEGIN
      INSERT INTO CONEFI.FILA_X (ID) VALUES (:NEW.INTRE_ID);  -- committed with the ERP change
    END;
    /
    ```
    """

    code = "PLS002"
    name = "trigger-commit"
    oracle_error = "ORA-04092"  # at run time: cannot COMMIT in a trigger

    def places(self, reach: Reach) -> Iterable[Pos]:
        return () if reach.routine.sub.autonomous else reach.routine.sub.commits

    def message(self, place: Pos, path: str) -> str:
        return f"{place.text} in the path of {path}: a trigger must not end the ERP's transaction (ORA-04092)"


class SwallowedException(ProgramRule):
    """WHEN OTHERS that neither re-raises nor records the error

    The handler must re-raise (`RAISE`, `RAISE_APPLICATION_ERROR`, even conditionally) or
    record: an `INSERT`/`UPDATE`/`MERGE`, or a call whose name says it logs (a name part
    `LOG...`, `..._LOG`, `..._LOG_...`, `REGISTRA...`, `GRAVA...`), or a call of a logger
    the project configures (`[lint] loggers` in conefi.toml, e.g. `SGU.PKG_LOG.P_ERRO` or a
    whole package `SGU.PKG_LOG`). A call of the project's own subprogram counts when that
    subprogram, or what it calls (any depth), raises, writes a row or calls a logger
    (`WHEN OTHERS THEN p_trata_erro(SQLERRM);`). A handler that only assigns a variable is
    reported too.

    **Anti-pattern**

    ```sql
    BEGIN
      CONEFI.PKG_X.p_enviar;
    EXCEPTION
      WHEN OTHERS THEN
        NULL;
    END;
    /
    ```

    **Fix**

    ```sql
    BEGIN
      CONEFI.PKG_X.p_enviar;
    EXCEPTION
      WHEN OTHERS THEN
        CONEFI.PKG_X.p_log(DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
        RAISE;
    END;
    /
    ```
    """

    code = "PLS003"
    name = "swallowed-exception"
    severity = Severity.ERROR
    needs = frozenset({Fact.SWALLOWED})

    def check(self, program: ProgramFacts) -> Iterator[tuple[int, Hit]]:
        for unit, h in program.swallowed:
            yield unit, self.hit(h.line, h.col,
                                 "WHEN OTHERS neither re-raises nor records the error: log it "
                                 "(with DBMS_UTILITY.FORMAT_ERROR_BACKTRACE) and RAISE, or "
                                 "record it")


class UnqualifiedSysPackage(UnitRule):
    """DBMS_SCHEDULER or DBMS_LOCK called without the SYS. prefix

    An object of that name in the caller's schema would capture an unqualified call.

    **Anti-pattern**

    ```sql
    BEGIN
      DBMS_LOCK.SLEEP(1);
    END;
    /
    ```

    **Fix**

    ```sql
    BEGIN
      SYS.DBMS_LOCK.SLEEP(1);
    END;
    /
    ```
    """

    code = "PLS004"
    name = "unqualified-sys-package"
    severity = Severity.ERROR
    needs = frozenset({Fact.SYS_PACKAGES})

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        for p in unit.sys_packages:
            yield self.hit(p.line, p.col,
                           f"write SYS.{p.text}: an object named {p.text} in the calling schema "
                           "would capture the unqualified call")


_DELETED = "D_E_L_E_T_"
_VERBS = {"update": "updated", "delete": "deleted from", "merge": "merged into"}


class ProtheusDeletedFilter(UnitRule):
    """a Protheus table read or changed without a D_E_L_E_T_ filter

    Protheus soft-deletes rows (`D_E_L_E_T_ = '*'`). In every query block (each SELECT,
    including subqueries and `EXISTS`) and every UPDATE/DELETE/MERGE, each Protheus table
    needs a predicate on its `D_E_L_E_T_` in the block's WHERE/ON/HAVING:
    `alias.D_E_L_E_T_`, or an unqualified `D_E_L_E_T_` when it is the block's only
    Protheus table. Any predicate counts (reading deleted rows on purpose,
    `D_E_L_E_T_ = '*'`, is a filter too); a filter on a derived table's alias filters what
    the derived table read. INSERT targets are not checked.

    **Anti-pattern**

    ```sql
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1 WHERE e1.E1_SALDO > 0;
    ```

    **Fix**

    ```sql
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1 WHERE e1.E1_SALDO > 0 AND e1.D_E_L_E_T_ = ' ';
    ```
    """

    code = "PLS005"
    name = "protheus-deleted-filter"
    severity = Severity.ERROR
    needs = frozenset({Fact.TREE, Fact.CATALOG})

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        tree = unit.tree
        if tree is None:
            return
        tables = protheus_tables(unit.catalog, tree, unit.database, unit.schema)
        if not tables:
            return
        by_block, by_statement = _deleted_filters(tree)
        for index, shown in tables.items():
            ref = tree.tables[index]
            names = {ref.alias} if ref.alias else {ref.parts[-1], ".".join(ref.parts)}
            here = by_block.get(ref.block, set())
            # a filter on a derived table's alias filters what the derived table read
            derived = set(tree.statements[ref.statement].open_aliases)
            if names & here or (names | derived) & by_statement.get(ref.statement, set()):
                continue
            if "" in here and sum(1 for i in tables if tree.tables[i].block == ref.block) == 1:
                continue
            yield self._missing(ref, shown)

    def _missing(self, ref: TableRef, shown: str) -> Hit:
        verb = _VERBS.get(ref.role, "read")
        qualifier = ref.alias or ref.parts[-1]
        return self.hit(ref.line, ref.col,
                        f"{shown}{f' ({ref.alias})' if ref.alias else ''} is {verb} without a "
                        f"D_E_L_E_T_ filter: add {qualifier}.D_E_L_E_T_ = ' ' "
                        "(Protheus soft-deletes with '*')")


def _deleted_filters(tree: TreeFacts) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Qualifiers of the D_E_L_E_T_ predicates, by query block and (qualified) by statement."""
    by_block: dict[int, set[str]] = {}
    by_statement: dict[int, set[str]] = {}
    for col in tree.columns:
        if col.parts[-1] != _DELETED or not col.in_filter:
            continue
        qualifier = ".".join(col.parts[:-1])
        by_block.setdefault(col.block, set()).add(qualifier)
        if qualifier:
            by_statement.setdefault(col.statement, set()).add(qualifier)
    return by_block, by_statement


class SelectStar(UnitRule):
    """SELECT * in code (the column list changes with the dictionary)

    `SELECT *`, `SELECT DISTINCT *` and `t.*` are reported; `COUNT(*)` and
    `EXISTS (SELECT * ...)` are fine.

    **Anti-pattern**

    ```sql
    SELECT * FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';
    ```

    **Fix**

    ```sql
    SELECT E1_PREFIXO, E1_NUM, E1_PARCELA FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';
    ```
    """

    code = "PLS006"
    name = "select-star"
    severity = Severity.WARNING
    needs = frozenset({Fact.SELECT_STARS})

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        for p in unit.select_stars:
            yield self.hit(p.line, p.col,
                           f"{'SELECT *' if p.text == '*' else p.text} in code: list the columns "
                           "(the table's layout changes with the Protheus dictionary)")
