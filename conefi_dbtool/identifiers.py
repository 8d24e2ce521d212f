"""Oracle identifiers and literals: the only ways a configured value may reach SQL text.

Every value that ends up in rendered SQL goes through one of these functions (the
template filters `ident`, `qname`, `literal`, `number` call them), so a configured
value like ``SIGA; DROP USER X`` is rejected instead of emitted.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = [
    "RESERVED_WORDS",
    "IdentifierError",
    "SqlFragment",
    "is_identifier",
    "normalize_identifier",
    "sql_ident",
    "sql_literal",
    "sql_number",
    "sql_qualified",
]

MAX_IDENTIFIER_BYTES = 128

_UNQUOTED = re.compile(r"[A-Za-z][A-Za-z0-9_$#]*\Z")

# V$RESERVED_WORDS with RESERVED = 'Y': these can never be unquoted identifiers.
RESERVED_WORDS = frozenset(
    """ACCESS ADD ALL ALTER AND ANY AS ASC AUDIT BETWEEN BY CHAR CHECK CLUSTER COLUMN
    COMMENT COMPRESS CONNECT CREATE CURRENT DATE DECIMAL DEFAULT DELETE DESC DISTINCT DROP
    ELSE EXCLUSIVE EXISTS FILE FLOAT FOR FROM GRANT GROUP HAVING IDENTIFIED IMMEDIATE IN
    INCREMENT INDEX INITIAL INSERT INTEGER INTERSECT INTO IS LEVEL LIKE LOCK LONG MAXEXTENTS
    MINUS MLSLABEL MODE MODIFY NOAUDIT NOCOMPRESS NOT NOWAIT NULL NUMBER OF OFFLINE ON ONLINE
    OPTION OR ORDER PCTFREE PRIOR PUBLIC RAW RENAME RESOURCE REVOKE ROW ROWID ROWNUM ROWS
    SELECT SESSION SET SHARE SIZE SMALLINT START SUCCESSFUL SYNONYM SYSDATE TABLE THEN TO
    TRIGGER UID UNION UNIQUE UPDATE USER VALIDATE VALUES VARCHAR VARCHAR2 VIEW WHENEVER
    WHERE WITH""".split()
)


class IdentifierError(ValueError):
    """A value is not a valid Oracle identifier or literal; the message says why."""


class SqlFragment(str):
    """Text already made safe for SQL by one of the functions of this module.

    ``__html__`` lets Jinja's autoescaping pass it through untouched, while any other
    string reaching the output is refused by the renderer.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def _check_no_controls(value: str, what: str) -> None:
    for ch in value:
        if ch in "\r\n":
            raise IdentifierError(f"{what} {value!r} contains a line break")
        if ord(ch) < 32 or ch == "\x7f":
            raise IdentifierError(f"{what} {value!r} contains a control character")


def normalize_identifier(value: str) -> str:
    """Validate an identifier and return the form Oracle stores in its dictionary.

    Unquoted names are uppercased; a name written with double quotes is kept exactly
    (quoting is a deliberate choice of the person who wrote the config).
    """
    if not isinstance(value, str):
        raise IdentifierError(f"identifier must be a string, got {type(value).__name__}")
    _check_no_controls(value, "identifier")
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        inner = value[1:-1]
        if not inner:
            raise IdentifierError("quoted identifier is empty")
        if '"' in inner or "\x00" in inner:
            raise IdentifierError(f"quoted identifier {value!r} contains a double quote")
        if len(inner.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
            raise IdentifierError(
                f"identifier {value!r} is longer than {MAX_IDENTIFIER_BYTES} bytes"
            )
        return inner
    if not value:
        raise IdentifierError("identifier is empty")
    if len(value.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        raise IdentifierError(
            f"identifier {value[:40]!r}... is longer than {MAX_IDENTIFIER_BYTES} bytes"
        )
    if not _UNQUOTED.match(value):
        raise IdentifierError(
            f"invalid Oracle identifier {value!r}: must start with a letter and contain only "
            "letters, digits, _, $ and # (or be written in double quotes)"
        )
    upper = value.upper()
    if upper in RESERVED_WORDS:
        raise IdentifierError(f"{value!r} is an Oracle reserved word; quote it deliberately")
    return upper


def is_identifier(value: str) -> bool:
    try:
        normalize_identifier(value)
    except IdentifierError:
        return False
    return True


def _render_name(stored: str) -> str:
    """SQL spelling of a stored (dictionary) name: bare when it can be, quoted otherwise."""
    if _UNQUOTED.match(stored) and stored == stored.upper() and stored not in RESERVED_WORDS:
        return stored
    return f'"{stored}"'


def sql_ident(value: str) -> SqlFragment:
    """An identifier ready for SQL text (uppercased, or quoted when it was quoted)."""
    return SqlFragment(_render_name(normalize_identifier(value)))


def sql_qualified(*parts: str) -> SqlFragment:
    """``OWNER.NAME`` (or ``OWNER.NAME.COLUMN``) with every part validated."""
    if not parts:
        raise IdentifierError("qualified name needs at least one part")
    return SqlFragment(".".join(_render_name(normalize_identifier(p)) for p in parts))


def sql_literal(value: object) -> SqlFragment:
    """A single-quoted SQL string literal with quotes doubled.

    Line breaks and control characters are refused: in a SQL*Plus script a blank line
    or a line holding only ``/`` inside a literal changes how the script is executed.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise IdentifierError(f"literal must be a string or number, got {type(value).__name__}")
    text = str(value)
    _check_no_controls(text, "literal")
    return SqlFragment("'" + text.replace("'", "''") + "'")


def sql_number(value: object) -> SqlFragment:
    """A numeric literal; booleans and numeric-looking strings are refused."""
    if isinstance(value, bool):
        raise IdentifierError("a boolean is not a number")
    if isinstance(value, int):
        return SqlFragment(str(value))
    if isinstance(value, Decimal) and value.is_finite():
        return SqlFragment(format(value, "f"))
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return SqlFragment(repr(value))
    raise IdentifierError(f"not a number: {value!r}")
