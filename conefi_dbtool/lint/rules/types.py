"""The type checks (SEM040-SEM048): values of the wrong family and runtime traps.

Each rule reports one `conefi_dbtool.lint.semantic.Check` of the unit's issues computed by
the expression typer (`conefi_dbtool.lint.typecheck`); every message starts with the
Oracle error it predicts. Only what the typer knows for certain is judged: an expression
whose type is unknown is never reported.
"""

from __future__ import annotations

from conefi_dbtool.lint.rules.semantic import _SemanticRule
from conefi_dbtool.lint.semantic import Check


class WrongType(_SemanticRule):
    """A value of a family that cannot convert to its target (PLS-00382)

    An assignment, a declaration's initial value, a function's RETURN, a condition (IF,
    ELSIF, WHILE, EXIT WHEN, a searched CASE WHEN) whose type cannot be converted to what
    it must be. In 19c nothing converts to or from BOOLEAN (Oracle converts implicitly
    between character, number and date values, so those are not judged here).

    **Anti-pattern**

    ```sql
    p_inserted := SQL%ROWCOUNT;   -- p_inserted is BOOLEAN
    IF v_count THEN ...           -- v_count is a NUMBER
    RETURN 1;                     -- in a FUNCTION ... RETURN BOOLEAN
    ```

    **Fix**

    ```sql
    p_inserted := SQL%ROWCOUNT > 0;
    IF v_count > 0 THEN ...
    RETURN TRUE;
    ```
    """

    code = "SEM040"
    name = "wrong-type"
    check_kind = Check.WRONG_TYPE


class ArgumentType(_SemanticRule):
    """An operator or a call given a BOOLEAN where it takes another family, or the reverse
    (PLS-00306)

    A BOOLEAN compared with `=`, `<`, `IN`... to a number, text or date; a BOOLEAN operand
    of `||` or arithmetic; an actual whose family cannot convert to the formal parameter of
    a project subprogram (when no overload accepts it) or a BOOLEAN given to a built-in that
    takes none. A one-token literal actual (`TRUE`, `'S'`, `1`) is judged by SEM002's
    overload matching instead, so a call gets one PLS-00306.

    **Anti-pattern**

    ```sql
    IF f_done(p_step) = 0 THEN ...      -- f_done returns BOOLEAN
    p_log_end(v_id, v_ok, v_count);     -- p_status IN VARCHAR2, v_ok BOOLEAN
    ```

    **Fix**

    ```sql
    IF NOT f_done(p_step) THEN ...
    p_log_end(v_id, 'S', v_count);
    ```
    """

    code = "SEM041"
    name = "argument-type"
    check_kind = Check.ARGUMENT_TYPE


class BooleanInSql(_SemanticRule):
    """A BOOLEAN PL/SQL variable or function in a SQL statement (PLS-00382)

    Oracle 19c SQL has no BOOLEAN type: a BOOLEAN variable bound into static SQL, or a
    function returning BOOLEAN called from SQL, is rejected. A name is judged only when no
    table of the statement can have a column of that name (all their columns are known).

    **Anti-pattern**

    ```sql
    INSERT INTO t_queue (id, sent) VALUES (v_id, v_sent);  -- v_sent BOOLEAN
    ```

    **Fix**

    ```sql
    INSERT INTO t_queue (id, sent) VALUES (v_id, CASE WHEN v_sent THEN 'S' ELSE 'N' END);
    ```
    """

    code = "SEM042"
    name = "boolean-in-sql"
    check_kind = Check.BOOLEAN_IN_SQL


class ValueTooLong(_SemanticRule):
    """A character variable smaller than a value it receives or is compared with (ORA-06502,
    at run time)

    Reported at the variable's declaration (where the fix goes) when it receives a value
    whose length is known to exceed its declared length: a literal, a concatenation with
    literals, `TO_CHAR(date, 'YYYYMMDD')`, a `SUBSTR(x, 1, n)` cut, a column or a variable
    declared longer, a project function whose RETURNs are longer, a DATE converted to text
    (9 characters with the default NLS_DATE_FORMAT DD-MON-RR); or when the code compares it
    with a literal longer than it can hold (the code expects such values). Assignments,
    SELECT and FETCH INTO targets count. A parameter of unbounded length (VARCHAR2 without
    size) says nothing and is not judged.

    **Anti-pattern**

    ```sql
    c_pending CONSTANT VARCHAR2(1) := 'PE';
    v_value   VARCHAR2(5);            -- SELECT z.Z99_VALOR INTO v_value: 250 characters
    ```

    **Fix**

    ```sql
    c_pending CONSTANT VARCHAR2(1) := 'P';
    v_value   SIGA.Z99030.Z99_VALOR%TYPE;
    ```
    """

    code = "SEM043"
    name = "value-too-long"
    check_kind = Check.VALUE_TOO_LONG


class DateFromText(_SemanticRule):
    """Text converted to a DATE implicitly, with the session's NLS_DATE_FORMAT (ORA-01843 /
    ORA-01861, at run time)

    A Protheus date (dictionary type D: YYYYMMDD in a CHAR(8)) or any character value
    compared with a DATE, assigned to a DATE, or given to `TO_DATE` without a format model
    is converted with NLS_DATE_FORMAT, which differs between sessions (DD-MON-RR by
    default): the conversion fails or gives another date.

    **Anti-pattern**

    ```sql
    WHERE e1.E1_VENCREA < TRUNC(SYSDATE)
    v_date := v_text;
    ```

    **Fix**

    ```sql
    WHERE e1.E1_VENCREA < TO_CHAR(SYSDATE, 'YYYYMMDD')
    v_date := TO_DATE(v_text, 'YYYYMMDD');
    ```
    """

    code = "SEM044"
    name = "date-from-text"
    check_kind = Check.DATE_TEXT


class NumberWithDateModel(_SemanticRule):
    """TO_CHAR of a NUMBER with a date format model (ORA-01481, at run time)

    `TO_CHAR(n, 'YYYYMMDD')` where `n` is a number (often text minus a number, converted
    implicitly) raises "invalid number format model".

    **Anti-pattern**

    ```sql
    RETURN TO_CHAR(f_today - 3, 'YYYYMMDD');   -- f_today returns YYYYMMDD text
    ```

    **Fix**

    ```sql
    RETURN TO_CHAR(TO_DATE(f_today, 'YYYYMMDD') - 3, 'YYYYMMDD');
    ```
    """

    code = "SEM045"
    name = "number-date-model"
    check_kind = Check.NUMBER_DATE_MODEL


class ValueTooLargeForColumn(_SemanticRule):
    """An INSERT or UPDATE storing a value surely longer than its column (ORA-12899, at run
    time)

    The column's length comes from the Protheus dictionary or the project's CREATE TABLE;
    the value's from the typer: a literal, a concatenation with literals, a `SUBSTR` cut, a
    fixed `TO_CHAR` date model, a DATE converted to text (DD-MON-RR: 9 characters, e.g.
    into a Protheus CHAR(8) date). A variable or parameter's declared length is not taken
    as the value's (the data may be shorter).

    **Anti-pattern**

    ```sql
    UPDATE CONEFI.INTGRA_DADOS_CONEFI SET INTDC_IND_STATUS = 'PE';  -- VARCHAR2(1)
    ```

    **Fix**

    ```sql
    UPDATE CONEFI.INTGRA_DADOS_CONEFI SET INTDC_IND_STATUS = 'P';
    ```
    """

    code = "SEM046"
    name = "value-too-large"
    check_kind = Check.VALUE_TOO_LARGE


class TextToNumber(_SemanticRule):
    """A string literal that is no number converted to a NUMBER in PL/SQL (ORA-06502, at
    run time)

    Assigned to a NUMBER variable, returned from a NUMBER function, given for a NUMBER
    parameter, compared with or used in arithmetic with a number: PL/SQL converts it with
    TO_NUMBER, which fails ("character to number conversion error"). Blank literals are
    left alone.

    **Anti-pattern**

    ```sql
    p_log_end(v_id, 'N', 'zero');   -- p_count IN NUMBER
    ```

    **Fix**

    ```sql
    p_log_end(v_id, 'N', 0);
    ```
    """

    code = "SEM047"
    name = "text-to-number"
    check_kind = Check.TEXT_TO_NUMBER


class InvalidNumber(_SemanticRule):
    """A string literal that is no number converted to a NUMBER in SQL (ORA-01722, at run
    time)

    Compared with a NUMBER column, used in arithmetic with one, stored into one or given to
    `TO_NUMBER`: SQL converts it and raises "invalid number" on the first row it reads.

    **Anti-pattern**

    ```sql
    WHERE e1.E1_SALDO > 'ZERO'
    ```

    **Fix**

    ```sql
    WHERE e1.E1_SALDO > 0
    ```
    """

    code = "SEM048"
    name = "invalid-number"
    check_kind = Check.INVALID_NUMBER


class IntoCollection(_SemanticRule):
    """A collection variable in the INTO list of a SELECT without BULK COLLECT (PLS-00597)

    A SELECT ... INTO fills scalars or a record from one row; a nested table, varray or
    associative array declared in the unit receives rows only through BULK COLLECT INTO.

    **Anti-pattern**

    ```sql
    TYPE t_ids IS TABLE OF NUMBER;
    v_ids t_ids;
    ...
    SELECT id INTO v_ids FROM t;
    ```

    **Fix**

    ```sql
    SELECT id BULK COLLECT INTO v_ids FROM t;
    ```
    """

    code = "SEM049"
    name = "into-collection"
    check_kind = Check.INTO_COLLECTION


class BulkIntoScalar(_SemanticRule):
    """A scalar variable in the INTO list of a SELECT ... BULK COLLECT (PLS-00497)

    BULK COLLECT INTO fills collections with every row; a variable declared as a NUMBER,
    a character or date type, or a column's `%TYPE` cannot receive them.

    **Anti-pattern**

    ```sql
    v_count NUMBER;
    ...
    SELECT COUNT(*) BULK COLLECT INTO v_count FROM t;
    ```

    **Fix**

    ```sql
    SELECT COUNT(*) INTO v_count FROM t;
    ```
    """

    code = "SEM050"
    name = "bulk-into-scalar"
    check_kind = Check.BULK_INTO_SCALAR
