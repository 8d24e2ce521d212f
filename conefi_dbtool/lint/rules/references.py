"""Reference rules (REF): every table, view, column, sequence and called subprogram exists.

Names are resolved once per unit against the catalog of known objects (the Protheus
dictionary, what the project creates, the declared external objects; see
lint/references.py): a column can only be checked once its table resolved, so the
resolution is one pass and its problems are a fact. Each rule reports its kind of problem.
"""

from __future__ import annotations

from collections.abc import Iterator

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.references import INVALID_IDENTIFIER, NO_TABLE
from conefi_dbtool.lint.rules.base import Fact, UnitFacts, UnitRule
from conefi_dbtool.lint.units import Hit


class _ReferenceRule(UnitRule):
    needs = frozenset({Fact.REFERENCES})

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        return (hit for hit in unit.references if hit.rule == self.code)


class UnknownTable(_ReferenceRule):
    """a table or view is neither in the Protheus dictionary, nor created by the project,
    nor declared as an external object

    Checked for names qualified with a fully known schema (the target's `SIGA`, `SGU`,
    `CONEFI`) and for Protheus-shaped names (`SE1030`); a Protheus table of another
    company says which company the target has. An unqualified name in a unit of a fully
    known schema is an error when no known schema has it and it is a near miss of one of
    its own schema's objects (a misspelling; any other name may be a public synonym outside
    the model: REF004).

    **Anti-pattern**

    ```sql
    SELECT COUNT(1) FROM SIGA.SE1010 WHERE D_E_L_E_T_ = ' ';  -- the target is company 03
    ```

    **Fix**

    ```sql
    SELECT COUNT(1) FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';
    ```
    """

    code = "REF001"
    name = "unknown-table"
    severity = Severity.ERROR
    oracle_error = NO_TABLE


class UnknownColumn(_ReferenceRule):
    """a column is not a column of the table or view it is read from

    Columns are read inside SQL statements (and `SCHEMA.TABLE.COL%TYPE`, `:NEW.COL` in a
    trigger); a dotted name in PL/SQL is as often a record field, so only unambiguous
    forms are checked.

    **Anti-pattern**

    ```sql
    SELECT e1.E1_VALRO FROM SIGA.SE1030 e1 WHERE e1.D_E_L_E_T_ = ' ';
    ```

    **Fix**

    ```sql
    SELECT e1.E1_VALOR FROM SIGA.SE1030 e1 WHERE e1.D_E_L_E_T_ = ' ';
    ```
    """

    code = "REF002"
    name = "unknown-column"
    severity = Severity.ERROR
    oracle_error = INVALID_IDENTIFIER


class UnknownObject(_ReferenceRule):
    """a sequence, function, procedure or package subprogram does not exist

    **Anti-pattern**

    ```sql
    BEGIN
      INSERT INTO CONEFI.T_X (ID) VALUES (CONEFI.S_NAO_EXISTE.NEXTVAL);
    END;
    /
    ```

    **Fix**

    ```sql
    CREATE SEQUENCE CONEFI.S_T_X;
    BEGIN
      INSERT INTO CONEFI.T_X (ID) VALUES (CONEFI.S_T_X.NEXTVAL);
    END;
    /
    ```
    """

    code = "REF003"  # its hits name their error: PLS-00201, PLS-00302, ORA-02289...
    name = "unknown-object"
    severity = Severity.ERROR


class UnresolvedTable(_ReferenceRule):
    """an unqualified table or view name resolves to nothing the project knows (a private
    synonym or an object outside the project?)

    An unqualified name resolves in the object's own schema, then as a Protheus name (a
    synonym to `SIGA`). A warning: it may be a private synonym the lint cannot see.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE VIEW CONEFI.V_X AS SELECT 1 AS N FROM INTGRA_QY;
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE VIEW CONEFI.V_X AS SELECT 1 AS N FROM SGU.INTGRA_RET_ERP;
    ```
    """

    code = "REF004"
    name = "unresolved-table"
    severity = Severity.WARNING
    oracle_error = NO_TABLE
