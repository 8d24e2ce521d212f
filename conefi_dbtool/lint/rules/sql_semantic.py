"""The SQL semantic checks (SEM020-SEM032): what Oracle's SQL compiler rejects in
statements that parse.

Each rule reports one `conefi_dbtool.lint.semantic.Check` of the unit's issues, computed by
`conefi_dbtool.lint.sqlsem` (query blocks, FROM items, aggregates, INTO and INSERT
counts); every message starts with the Oracle error it predicts.
"""

from __future__ import annotations

from conefi_dbtool.lint.rules.semantic import _SemanticRule
from conefi_dbtool.lint.semantic import Check


class UnknownQualifier(_SemanticRule):
    """A qualifier that names no table, view or alias of the query (ORA-00904)

    `x.col` where `x` is neither an alias nor an unaliased table of the query block or of an
    enclosing block, nor (in PL/SQL) a record, cursor, label or package in scope. Also a
    table the FROM clause names under an alias used by its own name (Oracle accepts only
    the alias then). Judged when the unit's schema is fully known.

    **Anti-pattern**

    ```sql
    SELECT h.E1_NUM FROM SIGA.SE1030 h JOIN q ON h.E1_LOJA = x.E1_LOJA;
    SELECT SE1030.E1_NUM FROM SIGA.SE1030 e1;
    ```

    **Fix**

    ```sql
    SELECT h.E1_NUM FROM SIGA.SE1030 h JOIN q ON h.E1_LOJA = q.E1_LOJA;
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1;
    ```
    """

    code, name, check_kind = "SEM020", "sql-unknown-qualifier", Check.SQL_UNKNOWN_QUALIFIER


class AmbiguousColumn(_SemanticRule):
    """A column two FROM items of one query block both expose, written without a
    qualifier, or through an alias given to two items (ORA-00918)

    Oracle resolves an unqualified column in the FROM items of its own block first; when
    two of them (tables, views, inline views, WITH queries) have it, the statement fails.
    Columns joined by `USING` or a `NATURAL` join are not judged. Items whose columns the
    model does not know cannot make a column ambiguous here.

    **Anti-pattern**

    ```sql
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1 JOIN SIGA.SE5030 e5 ON R_E_C_N_O_ > 0;
    ```

    **Fix**

    ```sql
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1 JOIN SIGA.SE5030 e5 ON e5.R_E_C_N_O_ > 0;
    ```
    """

    code, name, check_kind = "SEM021", "sql-ambiguous-column", Check.SQL_AMBIGUOUS


class SqlUnknownIdentifier(_SemanticRule):
    """An unqualified name in SQL that is no column of the query's FROM items, no PL/SQL
    name in scope and no built-in (ORA-00904)

    In SQL embedded in PL/SQL a name is a column first, then a local, parameter, loop
    index, cursor or package member. When every FROM item in scope has known columns and
    the unit's schema is fully known, a name that is none of these (nor a pseudo-column,
    a SQL function or a function of the schema) fails the unit: usually a misspelt
    variable or parameter. REF002 reports names with a table's column prefix instead.

    **Anti-pattern**

    ```sql
    UPDATE CONEFI.INTGRA_DADOS_CONEFI q SET q.INTDC_IND_STATUS = p_status
     WHERE q.INTDC_ID = p_idd;  -- the parameter is P_ID
    ```

    **Fix**

    ```sql
    UPDATE CONEFI.INTGRA_DADOS_CONEFI q SET q.INTDC_IND_STATUS = p_status
     WHERE q.INTDC_ID = p_id;
    ```
    """

    code, name, check_kind = "SEM022", "sql-unknown-identifier", Check.SQL_UNKNOWN_IDENTIFIER


class UnknownDerivedColumn(_SemanticRule):
    """A qualified column that an inline view, a WITH query or a view reached through a
    synonym or a database link does not have (ORA-00904)

    The columns of an inline view or WITH query are the names of its select list (its
    aliases); a view over a database link (the SGU 2.0 views over the ERP link) resolves
    against the linked database's model when the catalog knows it. Columns of tables and
    views named directly are REF002's.

    **Anti-pattern**

    ```sql
    SELECT g.RNX FROM (SELECT ROW_NUMBER() OVER (ORDER BY x) AS RN FROM t) g;
    ```

    **Fix**

    ```sql
    SELECT g.RN FROM (SELECT ROW_NUMBER() OVER (ORDER BY x) AS RN FROM t) g;
    ```
    """

    code, name, check_kind = "SEM023", "unknown-derived-column", Check.SQL_UNKNOWN_DERIVED_COLUMN


class UnknownIndexColumn(_SemanticRule):
    """A CREATE INDEX on a column its (known) table does not have (ORA-00904)

    The columns of a plain or composite index are checked against the table's columns
    (created by the project, the Protheus dictionary, external_objects.toml); expressions
    of a function-based index and bitmap join indexes are not judged.

    **Anti-pattern**

    ```sql
    CREATE INDEX CONEFI.IX_T ON CONEFI.INTGRA_DADOS_CONEFI (INTDC_STATUS);
    ```

    **Fix**

    ```sql
    CREATE INDEX CONEFI.IX_T ON CONEFI.INTGRA_DADOS_CONEFI (INTDC_IND_STATUS);
    ```
    """

    code, name, check_kind = "SEM024", "unknown-index-column", Check.SQL_UNKNOWN_INDEX_COLUMN


class SequencePseudoColumn(_SemanticRule):
    """A pseudo-column of a sequence other than NEXTVAL and CURRVAL (ORA-00904)

    A sequence has exactly two pseudo-columns; `seq.NEXTVALUE`, `seq.NEXT_VAL` or
    `seq.CURVAL` is an invalid identifier.

    **Anti-pattern**

    ```sql
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVALUE INTO v_id FROM DUAL;
    ```

    **Fix**

    ```sql
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL INTO v_id FROM DUAL;
    ```
    """

    code, name, check_kind = "SEM025", "sequence-pseudo-column", Check.SQL_SEQUENCE_PSEUDOCOLUMN


class AggregateNotAllowed(_SemanticRule):
    """An aggregate function in WHERE, ON, START WITH, CONNECT BY, GROUP BY or an
    UPDATE's SET (ORA-00934)

    Groups exist only after WHERE has filtered the rows: a condition on an aggregate
    belongs in HAVING, or in a subquery that aggregates. An aggregate inside a scalar
    subquery of the WHERE is that subquery's own and fine; analytic functions (OVER) are
    no aggregates.

    **Anti-pattern**

    ```sql
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1 WHERE SUM(e1.E1_SALDO) > 0;
    ```

    **Fix**

    ```sql
    SELECT e1.E1_NUM FROM SIGA.SE1030 e1 GROUP BY e1.E1_NUM HAVING SUM(e1.E1_SALDO) > 0;
    ```
    """

    code, name, check_kind = "SEM026", "aggregate-not-allowed", Check.SQL_AGGREGATE_NOT_ALLOWED


class NotSingleGroup(_SemanticRule):
    """A plain column selected next to an aggregate in a query without GROUP BY (ORA-00937)

    A query whose select list aggregates returns one row; a column of its own FROM items
    outside the aggregate has no single value. Literals, PL/SQL variables, pseudo-columns
    like SYSDATE and columns of an enclosing query are constants and fine; a select item
    calling a function the catalogue does not know is not judged.

    **Anti-pattern**

    ```sql
    SELECT MAX(z.Z99_VALOR) || z.Z99_CHAVE INTO v_valor FROM SIGA.Z99030 z;
    ```

    **Fix**

    ```sql
    SELECT MAX(z.Z99_VALOR) INTO v_valor FROM SIGA.Z99030 z;
    ```
    """

    code, name, check_kind = "SEM027", "not-single-group", Check.SQL_NOT_SINGLE_GROUP


class NotGroupByExpression(_SemanticRule):
    """A selected expression of a grouped query that is neither in GROUP BY nor
    aggregated (ORA-00979)

    With GROUP BY, each select item must be a GROUP BY expression, an aggregate, a
    constant, or built from them. Columns are matched against the GROUP BY's columns and
    expressions (as written, case and blanks aside).

    **Anti-pattern**

    ```sql
    SELECT e5.E5_SITUACA, e5.E5_VALOR FROM SIGA.SE5030 e5 GROUP BY e5.E5_SITUACA;
    ```

    **Fix**

    ```sql
    SELECT e5.E5_SITUACA, SUM(e5.E5_VALOR) FROM SIGA.SE5030 e5 GROUP BY e5.E5_SITUACA;
    ```
    """

    code, name, check_kind = "SEM028", "not-group-by-expression", Check.SQL_NOT_GROUP_BY


class SelectWithoutInto(_SemanticRule):
    """A SELECT statement in PL/SQL without INTO or BULK COLLECT INTO (PLS-00428)

    PL/SQL keeps no result set: a query run as a statement must put its values somewhere.
    Cursor declarations, cursor FOR loops, `OPEN ... FOR`, subqueries and dynamic SQL
    strings are not statements and need no INTO.

    **Anti-pattern**

    ```sql
    SELECT TO_CHAR(SYSDATE, 'YYYYMMDD') FROM DUAL;
    ```

    **Fix**

    ```sql
    SELECT TO_CHAR(SYSDATE, 'YYYYMMDD') INTO v_hoje FROM DUAL;
    ```
    """

    code, name, check_kind = "SEM029", "select-without-into", Check.SQL_SELECT_WITHOUT_INTO


class TooManyValues(_SemanticRule):
    """More selected values than INTO targets, or more values than the INSERT's column
    list names (ORA-00913)

    Counted for a SELECT INTO with several targets (a single target is judged only when
    it is declared with a scalar type: a record takes a whole row), for an INSERT's column
    list against its VALUES list or its query's select list. A `*` in the select list is
    not counted.

    **Anti-pattern**

    ```sql
    SELECT e1.R_E_C_N_O_, e1.E1_SALDO INTO v_recno FROM SIGA.SE1030 e1 WHERE ...;
    ```

    **Fix**

    ```sql
    SELECT e1.R_E_C_N_O_, e1.E1_SALDO INTO v_recno, v_saldo FROM SIGA.SE1030 e1 WHERE ...;
    ```
    """

    code, name, check_kind = "SEM030", "too-many-values", Check.SQL_TOO_MANY_VALUES


class NotEnoughValues(_SemanticRule):
    """Fewer selected values than INTO targets, or fewer values than the INSERT's column
    list names (ORA-00947)

    The counterpart of SEM030: a value left out of a VALUES list or a select list, or one
    INTO target too many.

    **Anti-pattern**

    ```sql
    INSERT INTO CONEFI.INTGRA_LOG_CONEFI (INTLC_ID, INTLC_NOM_PASSO, INTLC_IND_STATUS)
    VALUES (CONEFI.S_INTGRA_LOG_CONEFI.NEXTVAL, p_passo);
    ```

    **Fix**

    ```sql
    INSERT INTO CONEFI.INTGRA_LOG_CONEFI (INTLC_ID, INTLC_NOM_PASSO, INTLC_IND_STATUS)
    VALUES (CONEFI.S_INTGRA_LOG_CONEFI.NEXTVAL, p_passo, 'R');
    ```
    """

    code, name, check_kind = "SEM031", "not-enough-values", Check.SQL_NOT_ENOUGH_VALUES


class ColumnNotAllowed(_SemanticRule):
    """A name in an INSERT's VALUES list in PL/SQL that is no PL/SQL name in scope
    (ORA-00984)

    No column is in scope in VALUES (...): a name there must be a local, a parameter, a
    package member or a built-in. Judged when the unit's schema is fully known; usually a
    misspelt variable.

    **Anti-pattern**

    ```sql
    INSERT INTO CONEFI.INTGRA_LOG_CONEFI (INTLC_ID, INTLC_NOM_PASSO) VALUES (v_id, p_pass);
    ```

    **Fix**

    ```sql
    INSERT INTO CONEFI.INTGRA_LOG_CONEFI (INTLC_ID, INTLC_NOM_PASSO) VALUES (v_id, p_passo);
    ```
    """

    code, name, check_kind = "SEM032", "column-not-allowed", Check.SQL_COLUMN_NOT_ALLOWED


class SetOperatorColumns(_SemanticRule):
    """Queries joined by UNION, INTERSECT or MINUS that select different numbers of
    values (ORA-01789)

    Every query of a set operation must select as many values as the first one. Queries
    with a `*` are not counted.

    **Anti-pattern**

    ```sql
    SELECT e1.E1_NUM, e1.E1_SALDO FROM SIGA.SE1030 e1
    UNION ALL
    SELECT e5.E5_NUMERO FROM SIGA.SE5030 e5;
    ```

    **Fix**

    ```sql
    SELECT e1.E1_NUM, e1.E1_SALDO FROM SIGA.SE1030 e1
    UNION ALL
    SELECT e5.E5_NUMERO, e5.E5_VALOR FROM SIGA.SE5030 e5;
    ```
    """

    code, name, check_kind = "SEM033", "set-operator-columns", Check.SQL_SET_COLUMNS


class DuplicateColumnName(_SemanticRule):
    """A column named twice: in a view's select list, an INSERT's column list, an UPDATE's
    SET or a CREATE TABLE (ORA-00957)

    A view's columns are its select list's aliases (or plain column names); two of one name
    make the CREATE VIEW fail, as a column listed twice fails an INSERT or an UPDATE.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE VIEW CONEFI.V_T AS
    SELECT e1.E1_NUM AS NUMERO, e1.E1_PARCELA AS NUMERO FROM SIGA.SE1030 e1;
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE VIEW CONEFI.V_T AS
    SELECT e1.E1_NUM AS NUMERO, e1.E1_PARCELA AS PARCELA FROM SIGA.SE1030 e1;
    ```
    """

    code, name, check_kind = "SEM034", "duplicate-column-name", Check.SQL_DUPLICATE_COLUMN


class UnnamedViewExpression(_SemanticRule):
    """An expression in a view's select list without a column alias (ORA-00998)

    A view's column needs a name: a plain column or a single identifier (`SYSDATE`) names
    itself, any other expression (`NVL(a, b)`, `'x'`, `a + 1`) needs `AS name` unless the
    view lists its columns (`CREATE VIEW v (a, b) AS ...`).

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE VIEW CONEFI.V_T AS
    SELECT e1.E1_NUM, NVL(e1.E1_SALDO, 0) FROM SIGA.SE1030 e1;
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE VIEW CONEFI.V_T AS
    SELECT e1.E1_NUM, NVL(e1.E1_SALDO, 0) AS SALDO FROM SIGA.SE1030 e1;
    ```
    """

    code, name, check_kind = "SEM035", "unnamed-view-expression", Check.SQL_UNNAMED_EXPRESSION


class WindowFunctionNotAllowed(_SemanticRule):
    """An analytic function (`... OVER (...)`) in WHERE, ON, GROUP BY, HAVING, START WITH or
    CONNECT BY (ORA-30483)

    Analytic functions are computed after WHERE, GROUP BY and HAVING: they are allowed only
    in the select list and ORDER BY. Compute the value in an inline view and filter on it
    outside.

    **Anti-pattern**

    ```sql
    SELECT s.HRH_SOURCE FROM SIGA.HRH030 s
     WHERE ROW_NUMBER() OVER (PARTITION BY s.HRH_SOURCE ORDER BY s.R_E_C_N_O_) = 1;
    ```

    **Fix**

    ```sql
    SELECT g.HRH_SOURCE
      FROM (SELECT s.HRH_SOURCE, ROW_NUMBER() OVER (PARTITION BY s.HRH_SOURCE
                                                    ORDER BY s.R_E_C_N_O_) AS RN
              FROM SIGA.HRH030 s) g
     WHERE g.RN = 1;
    ```
    """

    code, name, check_kind = "SEM036", "window-function-not-allowed", Check.SQL_WINDOW_NOT_ALLOWED


class NestedAggregate(_SemanticRule):
    """An aggregate nested in another aggregate in a query without GROUP BY (ORA-00978)

    `MAX(COUNT(*))` aggregates the groups' aggregates: without GROUP BY there are no groups.

    **Anti-pattern**

    ```sql
    SELECT MAX(COUNT(e1.E1_NUM)) FROM SIGA.SE1030 e1;
    ```

    **Fix**

    ```sql
    SELECT MAX(COUNT(e1.E1_NUM)) FROM SIGA.SE1030 e1 GROUP BY e1.E1_CLIENTE;
    ```
    """

    code, name, check_kind = "SEM037", "nested-aggregate", Check.SQL_NESTED_AGGREGATE


class MissingWindow(_SemanticRule):
    """An analytic-only function (ROW_NUMBER, LAG, LEAD, FIRST_VALUE, NTILE...) without its
    OVER clause (ORA-30484)

    These functions rank or look across rows of a window and have no aggregate form: the
    window (`OVER (PARTITION BY ... ORDER BY ...)`) is part of the call. RANK, DENSE_RANK,
    CUME_DIST and PERCENT_RANK have an aggregate form (`WITHIN GROUP`) and are not judged.

    **Anti-pattern**

    ```sql
    SELECT s.HRH_SOURCE, ROW_NUMBER() AS RN FROM SIGA.HRH030 s;
    ```

    **Fix**

    ```sql
    SELECT s.HRH_SOURCE, ROW_NUMBER() OVER (ORDER BY s.R_E_C_N_O_) AS RN FROM SIGA.HRH030 s;
    ```
    """

    code, name, check_kind = "SEM038", "missing-window", Check.SQL_MISSING_WINDOW
