"""The statement-context checks (SEM060-SEM068): EXIT, CONTINUE, RETURN and GOTO where
Oracle allows them, cursor attributes on cursors only, exception handler lists,
functions that fall off their END.

Each rule reports one `conefi_dbtool.lint.semantic.Check` found by
`conefi_dbtool.lint.flow`; every message starts with the Oracle error it predicts.
"""

from __future__ import annotations

from conefi_dbtool.lint.rules.semantic import _SemanticRule
from conefi_dbtool.lint.semantic import Check


class ExitOutsideLoop(_SemanticRule):
    """EXIT or CONTINUE outside any loop (PLS-00376)

    EXIT and CONTINUE leave or restart a loop; written in a block or handler that no LOOP, WHILE or FOR
    encloses (a loop of an enclosing subprogram does not count), Oracle rejects the unit.

    **Anti-pattern**

    ```sql
    IF v_fim THEN
          EXIT;            -- not inside a loop
        END IF;
    ```

    **Fix**

    ```sql
    IF v_fim THEN
          RETURN;          -- or move the test into the loop
        END IF;
    ```
    """

    code = "SEM060"
    name = "exit-outside-loop"
    check_kind = Check.EXIT_OUTSIDE_LOOP


class ExitLabel(_SemanticRule):
    """EXIT or CONTINUE naming a label that no enclosing loop carries (PLS-00374)

    `EXIT name` must name a loop that encloses the statement (its `<<name>>` label); a misspelt
    label, or the label of a sibling loop, is rejected.

    **Anti-pattern**

    ```sql
    <<lotes>>
        LOOP
          EXIT lote WHEN c%NOTFOUND;
    ```

    **Fix**

    ```sql
    <<lotes>>
        LOOP
          EXIT lotes WHEN c%NOTFOUND;
    ```
    """

    code = "SEM061"
    name = "exit-label"
    check_kind = Check.EXIT_LABEL


class ReturnWithValue(_SemanticRule):
    """RETURN with a value in a procedure, trigger or anonymous block (PLS-00372)

    Only a function returns a value; in a procedure, a trigger or an anonymous block `RETURN expr`
    is rejected (a bare RETURN is fine).

    **Anti-pattern**

    ```sql
    PROCEDURE p_marcar IS BEGIN ... RETURN 1; END;
    ```

    **Fix**

    ```sql
    PROCEDURE p_marcar IS BEGIN ... RETURN; END;
    ```
    """

    code = "SEM062"
    name = "return-with-value"
    check_kind = Check.RETURN_WITH_VALUE


class ReturnWithoutValue(_SemanticRule):
    """A bare RETURN in a function (PLS-00503)

    A function's RETURN must carry the value; a bare `RETURN;` is rejected, except in a PIPELINED
    function, where it ends the rows.

    **Anti-pattern**

    ```sql
    FUNCTION f_qtd RETURN NUMBER IS BEGIN ... RETURN; END;
    ```

    **Fix**

    ```sql
    FUNCTION f_qtd RETURN NUMBER IS BEGIN ... RETURN v_qtd; END;
    ```
    """

    code = "SEM063"
    name = "return-without-value"
    check_kind = Check.RETURN_WITHOUT_VALUE


class OthersNotLast(_SemanticRule):
    """WHEN OTHERS that is not the last exception handler (PLS-00370)

    OTHERS catches everything the handlers before it did not name; Oracle requires it alone and
    last in a block's exception section.

    **Anti-pattern**

    ```sql
    EXCEPTION
          WHEN OTHERS THEN log_erro;
          WHEN NO_DATA_FOUND THEN NULL;
    ```

    **Fix**

    ```sql
    EXCEPTION
          WHEN NO_DATA_FOUND THEN NULL;
          WHEN OTHERS THEN log_erro;
    ```
    """

    code = "SEM064"
    name = "others-not-last"
    check_kind = Check.OTHERS_NOT_LAST


class DuplicateHandler(_SemanticRule):
    """The same exception named twice in one block's handlers (PLS-00483)

    An exception may appear once in a block's exception section (in one `WHEN a OR b` or across
    handlers); the second mention is rejected.

    **Anti-pattern**

    ```sql
    WHEN NO_DATA_FOUND THEN v := 0;
        WHEN TOO_MANY_ROWS OR NO_DATA_FOUND THEN v := -1;
    ```

    **Fix**

    ```sql
    WHEN NO_DATA_FOUND THEN v := 0;
        WHEN TOO_MANY_ROWS THEN v := -1;
    ```
    """

    code = "SEM065"
    name = "duplicate-handler"
    check_kind = Check.DUPLICATE_HANDLER


class FunctionWithoutReturn(_SemanticRule):
    """A function body or handler that ends without RETURN (ORA-06503 at run time)

    Oracle compiles it (PLW-05005 is only a warning) but a call that reaches the function's END
    raises ORA-06503. Reported only when certain: the body's statements (or a handler's)
    contain no RETURN, RAISE, RAISE_APPLICATION_ERROR, GOTO, basic or WHILE loop, nested
    block or procedure call (a helper may raise), so every path falls off the END.

    **Anti-pattern**

    ```sql
    FUNCTION f_qtd RETURN NUMBER IS
        BEGIN
          SELECT COUNT(*) INTO v_qtd FROM t;
        END;
    ```

    **Fix**

    ```sql
    FUNCTION f_qtd RETURN NUMBER IS
        BEGIN
          SELECT COUNT(*) INTO v_qtd FROM t;
          RETURN v_qtd;
        END;
    ```
    """

    code = "SEM066"
    name = "function-without-return"
    check_kind = Check.FUNCTION_WITHOUT_RETURN


class GotoUnreachable(_SemanticRule):
    """GOTO to a label it cannot reach (PLS-00375)

    A GOTO may branch to a label of its own statement list or of an enclosing one, never
    into an IF, a loop or a sub-block, and from an exception handler not back into the
    handler's own block.

    **Anti-pattern**

    ```sql
    GOTO gravar;
    IF v_ok THEN
      <<gravar>>
      INSERT INTO t_log VALUES (v_id);
    END IF;
    ```

    **Fix**

    ```sql
    IF v_ok THEN
      GOTO gravar;
    END IF;
    ...
    <<gravar>>
    INSERT INTO t_log VALUES (v_id);
    ```
    """

    code = "SEM067"
    name = "goto-unreachable"
    check_kind = Check.GOTO_UNREACHABLE


class CursorAttribute(_SemanticRule):
    """A cursor attribute on a name that is not a cursor (PLS-00324)

    `%FOUND`, `%NOTFOUND`, `%ROWCOUNT`, `%ISOPEN` and `%BULK_ROWCOUNT` apply to an explicit
    cursor, a cursor variable or `SQL`; on a plain variable or parameter Oracle rejects the
    unit. Reported only when every declaration of the name in the unit is a scalar
    (NUMBER, VARCHAR2, DATE...): a REF CURSOR, SYS_REFCURSOR or unknown type is not judged.

    **Anti-pattern**

    ```sql
    FETCH c_titulos INTO v_recno;
    EXIT WHEN v_recno%NOTFOUND;
    ```

    **Fix**

    ```sql
    FETCH c_titulos INTO v_recno;
    EXIT WHEN c_titulos%NOTFOUND;
    ```
    """

    code = "SEM068"
    name = "cursor-attribute"
    check_kind = Check.CURSOR_ATTRIBUTE
