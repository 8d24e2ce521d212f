"""Rules of helper dictviews: date format models against values of a known layout."""

from __future__ import annotations

from conefi_dbtool.lint.rules.semantic import _SemanticRule
from conefi_dbtool.lint.semantic import Check


class DateModelMismatch(_SemanticRule):
    """TO_DATE of a YYYYMMDD value with a format model of another layout (ORA-01843, at
    run time)

    The typer knows a value is YYYYMMDD text: a Protheus date (dictionary type D, a
    CHAR(8)), `TO_CHAR(d, 'YYYYMMDD')`, a function whose every RETURN is such a value.
    Read with a fixed model of numeric elements in another order (`DD/MM/YYYY`,
    `MMDDYYYY`, `YYYYDDMM`), its digits land on other elements — Oracle lets the input omit
    the model's punctuation — and the month is out of range for today's dates.

    **Anti-pattern**

    ```sql
    v_due := TO_DATE(r.E1_VENCREA, 'DD/MM/YYYY');   -- 20240131: month 24
    ```

    **Fix**

    ```sql
    v_due := TO_DATE(r.E1_VENCREA, 'YYYYMMDD');
    ```
    """

    code = "SEM075"
    name = "date-model-mismatch"
    check_kind = Check.DATE_MODEL_MISMATCH
