"""A tiny expression language read two ways: evaluated in Python and written as SQL.

The reconciliation rules and the amount definitions are data in this language, so the
pure Python model and the PL/SQL generated for Oracle come from one text and cannot drift.
Semantics follow SQL in a WHERE clause: a comparison with a missing value (None / NULL)
is false, never "unknown that becomes true"; there is deliberately no NOT. Texts compare
as stored, blanks included (Oracle's RTRIM of a blank field is NULL, so neither reading
trims: the literals carry Protheus' padding).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

Scalar = str | int | Decimal | None
Row = Mapping[str, Scalar]


@dataclass(frozen=True)
class Col:
    """A named column of the row a rule looks at (mapped to SQL by a `Columns` table)."""

    name: str


@dataclass(frozen=True)
class Lit:
    """A constant: text, integer or decimal."""

    value: str | int | Decimal


@dataclass(frozen=True)
class _Binary:
    """An operator between two expressions (the two kinds differ in meaning, not in fields)."""

    op: str
    left: Expr
    right: Expr


class Arith(_Binary):
    """`left op right` for op in + - *; a missing operand gives a missing result."""


class Cmp(_Binary):
    """`left op right` for op in = <> < > <= >=; false when either side is missing."""


@dataclass(frozen=True)
class In:
    """`value [NOT] IN (items)`; false when the value is missing."""

    value: Expr
    items: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Missing:
    """`value IS [NOT] NULL`."""

    value: Expr
    negated: bool = False


@dataclass(frozen=True)
class All:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Any_:
    parts: tuple[Expr, ...]


Expr = Col | Lit | Arith | Cmp | In | Missing | All | Any_


# Short constructors the rules are written with: `add(a, b)` is `Arith("+", a, b)`.
add = partial(Arith, "+")
sub = partial(Arith, "-")
eq = partial(Cmp, "=")
ne = partial(Cmp, "<>")
gt = partial(Cmp, ">")
le = partial(Cmp, "<=")


_COMPARE: Mapping[str, Callable[[Scalar, Scalar], bool]] = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}


def value(e: Expr, row: Row) -> Scalar:
    """The value of an arithmetic expression on a row."""
    if isinstance(e, Col):
        return row[e.name]
    if isinstance(e, Lit):
        return e.value
    if isinstance(e, Arith):
        a, b = value(e.left, row), value(e.right, row)
        if a is None or b is None:
            return None
        if not isinstance(a, int | Decimal) or not isinstance(b, int | Decimal):
            raise TypeError(f"arithmetic on text: {e}")
        left, right = Decimal(a), Decimal(b)
        if e.op == "+":
            return left + right
        if e.op == "-":
            return left - right
        if e.op == "*":
            return left * right
        raise ValueError(f"unknown operator {e.op!r}")
    raise TypeError(f"not a value expression: {e}")


def holds(e: Expr, row: Row) -> bool:
    """Whether a condition holds on a row (SQL WHERE semantics)."""
    if isinstance(e, All):
        return all(holds(p, row) for p in e.parts)
    if isinstance(e, Any_):
        return any(holds(p, row) for p in e.parts)
    if isinstance(e, Cmp):
        a, b = value(e.left, row), value(e.right, row)
        if a is None or b is None:
            return False
        return _COMPARE[e.op](a, b)
    if isinstance(e, In):
        v = value(e.value, row)
        if v is None:
            return False
        found = str(v) in e.items
        return found != e.negated
    if isinstance(e, Missing):
        return (value(e.value, row) is None) != e.negated
    raise TypeError(f"not a condition: {e}")


# --------------------------------------------------------------------------- SQL

Columns = Mapping[str, str]  # column name -> SQL expression


def _sql_literal(v: str | int | Decimal) -> str:
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return str(v)


def sql(e: Expr, cols: Columns) -> str:
    """The expression as SQL text, columns replaced by their SQL."""
    if isinstance(e, Col):
        return cols[e.name]
    if isinstance(e, Lit):
        return _sql_literal(e.value)
    if isinstance(e, Arith):
        return f"({sql(e.left, cols)} {e.op} {sql(e.right, cols)})"
    if isinstance(e, Cmp):
        return f"{sql(e.left, cols)} {e.op} {sql(e.right, cols)}"
    if isinstance(e, In):
        items = ", ".join(_sql_literal(i) for i in e.items)
        return f"{sql(e.value, cols)} {'NOT IN' if e.negated else 'IN'} ({items})"
    if isinstance(e, Missing):
        return f"{sql(e.value, cols)} IS {'NOT NULL' if e.negated else 'NULL'}"
    if isinstance(e, All):
        return "(" + " AND ".join(sql(p, cols) for p in e.parts) + ")"
    if isinstance(e, Any_):
        return "(" + " OR ".join(sql(p, cols) for p in e.parts) + ")"
    raise TypeError(f"unknown expression {e!r}")
