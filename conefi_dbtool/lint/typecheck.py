"""A PL/SQL expression typer and the type checks Oracle makes (or the runtime traps it
springs) that follow from it.

Why: ``p_done := SQL%ROWCOUNT`` (NUMBER into BOOLEAN), ``IF v_count THEN`` or a BOOLEAN
bound into an INSERT parse fine and fail at ``CREATE``; a VARCHAR2(2) receiving 'REC', a
Protheus CHAR(8) date compared with SYSDATE or TO_CHAR(number, 'YYYYMMDD') compile and fail
when run. Each follows from the types of the expressions involved, known offline.

The model is deliberately small: a `Type` is a family (BOOLEAN, NUMBER, CHARACTER,
DATETIME, RECORD, COLLECTION, UNKNOWN) with, for character values, the declared maximum
length, a length the value can reach and the length every value has. Types come from
literals, declarations (``%TYPE``/``%ROWTYPE`` through the catalog's column types), the
project's subprogram headings, the built-ins catalogue's return types and the operators.
Anything not certain is UNKNOWN and never reported; conversions Oracle makes implicitly
(between CHARACTER, NUMBER and DATETIME) are no PLS-00382: only BOOLEAN has none in 19c.

Scope resolution is minimal on purpose: declarations by block nesting; in SQL, a qualified
column through the FROM item of its query block (a table of the catalog or a derived
table's select item), an unqualified one only when the block reads one table.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache

from conefi_dbtool.lint.references import Catalog, KnownObject
from conefi_dbtool.lint.semantic import (
    SQL_KINDS,
    Check,
    Issue,
    heading_return_type,
    literal_family,
    split_args,
)
from conefi_dbtool.plsql.builtins import Kind, Resolution, Subprogram, bundled
from conefi_dbtool.plsql.lexer import NAMES, Token, TokenKind, significant_tokens, string_value
from conefi_dbtool.plsql.tree import Node, NodeKind

__all__ = ["Family", "PackageTypes", "Type", "check_types", "declared_type", "package_types"]


class Family(StrEnum):
    """What a value is, as far as Oracle's conversions care."""

    BOOLEAN = "BOOLEAN"
    NUMBER = "NUMBER"
    CHARACTER = "CHARACTER"
    DATETIME = "DATE"
    RECORD = "RECORD"
    COLLECTION = "COLLECTION"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Type:
    """The type of a value; lengths are in the declaration's unit (bytes by default)."""

    family: Family
    size: int | None = None  # CHARACTER: the declared maximum length (None: unbounded/unknown)
    reach: int = 0  # CHARACTER: a length the value can reach (0: nothing known)
    least: int = 0  # CHARACTER: the length of every non-null value (0: nothing known)
    yyyymmdd: bool = False  # text holding a Protheus date (dictionary type D)
    literal: str | None = None  # the value of a string literal (a format model)
    null: bool = False  # the NULL literal: any family
    label: str = ""  # as declared (VARCHAR2(8)), for messages
    declared: int = -1  # read from the variable declared at this offset (-1: not a variable)
    soft: bool = False  # ``reach`` is only a variable's declared capacity (not added up)

    @property
    def shown(self) -> str:
        return self.label or self.family.value


UNKNOWN = Type(Family.UNKNOWN)
BOOLEAN = Type(Family.BOOLEAN, label="BOOLEAN")
NUMBER = Type(Family.NUMBER, label="NUMBER")
DATETIME = Type(Family.DATETIME, label="DATE")
CHARACTER = Type(Family.CHARACTER, label="VARCHAR2")
NULL = Type(Family.UNKNOWN, null=True)
# a DATE converted to text implicitly, with the default NLS_DATE_FORMAT DD-MON-RR
_DATE_AS_TEXT = Type(Family.CHARACTER, reach=9, least=9,
                     label="a DATE as text (NLS_DATE_FORMAT DD-MON-RR)")

_NUMBERS = frozenset({
    "NUMBER", "INTEGER", "INT", "PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER", "NATURAL",
    "NATURALN", "POSITIVE", "POSITIVEN", "SIGNTYPE", "BINARY_FLOAT", "BINARY_DOUBLE", "FLOAT",
    "DECIMAL", "DEC", "NUMERIC", "REAL", "SMALLINT", "DOUBLE"})
_CHARACTERS = frozenset({"VARCHAR2", "VARCHAR", "CHAR", "NCHAR", "NVARCHAR2", "CHARACTER",
                         "STRING", "CLOB", "NCLOB", "LONG"})
_DATETIMES = frozenset({"DATE", "TIMESTAMP"})


def declared_type(words: Sequence[str]) -> Type:
    """The type a declaration writes (upper-cased tokens, ``%TYPE`` already resolved by the
    caller): ``VARCHAR2 ( 8 )``, ``NUMBER``, ``BOOLEAN``... UNKNOWN for anything else."""
    if not words:
        return UNKNOWN
    head = words[0]
    if head == "BOOLEAN" and len(words) == 1:
        return BOOLEAN
    if head in _NUMBERS:
        return replace(NUMBER, label=head)
    if head in _DATETIMES:
        return replace(DATETIME, label=head)
    if head in _CHARACTERS:
        size: int | None = None
        if len(words) >= 4 and words[1] == "(" and words[2].isdigit():
            size = int(words[2])
        elif head in ("CHAR", "NCHAR") and len(words) == 1:
            size = 1
        if head in ("CLOB", "NCLOB", "LONG"):
            size = None
        label = head + (f"({size})" if size is not None and len(words) > 1 else "")
        return Type(Family.CHARACTER, size, label=label)
    return UNKNOWN


@cache
def column_type(oracle_type: str, *, protheus_date: bool = False) -> Type:
    """A column's type from its written Oracle type (``CHAR(8)``, ``NUMBER(12,2)``): a
    column can hold values as long as its size."""
    words = [t.text.upper() for t in significant_tokens(oracle_type)]
    found = declared_type(words)
    if found.family is Family.CHARACTER and found.size is not None:
        found = replace(found, reach=found.size, yyyymmdd=protheus_date, soft=True)
    return found


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class Param:
    name: str
    mode: str  # IN, OUT, IN OUT
    type: Type
    has_default: bool


@dataclass(frozen=True)
class Sig:
    """A project subprogram as the typer sees it."""

    name: str
    params: tuple[Param, ...]
    returns: Type | None  # None: a procedure


@dataclass(frozen=True)
class PackageTypes:
    """What a package spec declares, typed: its variables/constants and subprograms, its
    collection types and the variables of those."""

    name: str
    values: Mapping[str, Type] = field(default_factory=dict)
    subprograms: Mapping[str, tuple[Sig, ...]] = field(default_factory=dict)
    collection_types: frozenset[str] = frozenset()
    collections: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- the unit's text


class _Text:
    """The unit's significant tokens, sliced by offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = significant_tokens(text)
        self.starts = [t.start for t in self.tokens]

    def within(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return list(self.tokens[lo:hi])

    def of(self, node: Node) -> list[Token]:
        return self.within(node.start, node.end)

    def own(self, node: Node) -> list[Token]:
        """A statement's tokens outside its nested statements (IF c THEN ... ELSIF d ...)."""
        inner = [(c.start, c.end) for c in node.children
                 if c.kind in (NodeKind.STATEMENT, NodeKind.BLOCK)]
        return [t for t in self.of(node) if not any(s <= t.start < e for s, e in inner)]


def _type_words(tokens: Sequence[Token]) -> list[str]:
    """A declaration's type tokens (after the name and CONSTANT), up to its default."""
    out: list[str] = []
    for token in tokens:
        word = token.text.upper()
        if word in (":=", "DEFAULT", ";", "NOT") and token.kind is not TokenKind.STRING:
            break
        out.append(word if token.kind is not TokenKind.QUOTED_IDENTIFIER else token.name)
    return out


def _collection_type(tokens: Sequence[Token]) -> bool:
    """``TYPE t IS TABLE OF ...`` / ``VARRAY (n) OF`` / ``VARYING ARRAY``: a collection."""
    words = [t.text.upper() for t in tokens[3:5]]
    return words[:2] == ["TABLE", "OF"] or words[:1] == ["VARRAY"] or words == [
        "VARYING", "ARRAY"]


def _default_at(tokens: Sequence[Token]) -> int:
    """Index of the first token of a declaration's default (-1: none)."""
    depth = 0
    for at, token in enumerate(tokens):
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0 and (token.text == ":=" or token.is_word("DEFAULT")):
            return at + 1
    return -1


# --------------------------------------------------------------------------- expressions


class _Unknown(Exception):
    """An expression the typer does not follow: its type is UNKNOWN."""


_COMPARE = frozenset({"=", "<>", "!=", "^=", "~=", "<", ">", "<=", ">="})
_DATE_MODEL = re.compile(r"^(FM)?(YYYY|YY|RRRR|MM|DD|HH24|HH|MI|SS|MON|MONTH|DY|DAY|J|Q|WW|D|"
                         r"[-/.,:; ]|\"[^\"]*\")+$", re.IGNORECASE)
_NUMERIC_TEXT = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
_DATE_WORD = re.compile(r"YYYY|RRRR|MON|DD|HH24|MI|SS", re.IGNORECASE)
_FIXED_MODEL = re.compile(r"^(YYYY|MM|DD|HH24|MI|SS|[-/.:; ])+$", re.IGNORECASE)
_FIXED_LENGTH = {"YYYY": 4, "MM": 2, "DD": 2, "HH24": 2, "MI": 2, "SS": 2}


def _fixed_length(model: str) -> int:
    """The length of TO_CHAR(date, model) for a model of fixed-width elements (0: varies)."""
    if not _FIXED_MODEL.match(model):
        return 0
    total = 0
    rest = model.upper()
    while rest:
        for element, width in _FIXED_LENGTH.items():
            if rest.startswith(element):
                total, rest = total + width, rest[len(element):]
                break
        else:
            total, rest = total + 1, rest[1:]
    return total


_MODEL_ELEMENT = re.compile(r"YYYY|RRRR|MM|DD|HH24|MI|SS|[-/.:; ]", re.IGNORECASE)
_SAMPLE_DATE = "20240131"  # a YYYYMMDD value read with another model: where its digits land


def _model_breaks_yyyymmdd(model: str) -> str:
    """Why TO_DATE(<YYYYMMDD text>, model) raises ORA-01843, for a model of fixed-width
    numeric elements ("" when it may not: another shape, or one that reads the sample).

    Oracle lets the input omit the model's punctuation when every numeric element is given
    in full, and trailing time elements may be absent (SQL Language Reference, "Datetime
    Format Models", string-to-date conversion rules): so 'YYYY-MM-DD' reads 20240131, while
    'DD/MM/YYYY' takes 20 for the day and 24 for the month."""
    if not _FIXED_MODEL.match(model) and "RRRR" not in model.upper():
        return ""
    elements = [e.upper() for e in _MODEL_ELEMENT.findall(model) if e.strip("-/.:; ")]
    if "".join(_MODEL_ELEMENT.findall(model)).upper() != model.upper():
        return ""
    digits, values = _SAMPLE_DATE, {}
    for element in elements:
        width = 4 if element in ("YYYY", "RRRR") else 2
        values[element], digits = int(digits[:width] or 0), digits[width:]
    if "MM" in values and not 1 <= values["MM"] <= 12:
        return f"{_SAMPLE_DATE} gives month {values['MM']:02d}"
    return ""


def _is_date_model(text: str) -> bool:
    return bool(_DATE_MODEL.match(text)) and bool(_DATE_WORD.search(text))


def _string_of(value: str) -> Type:
    """A string literal; trailing blanks are not counted (blank-padded comparisons and
    Protheus' blank-filled values make them harmless)."""
    length = len(value.rstrip(" "))
    return Type(Family.CHARACTER, None, length, length, literal=value, label=f"'{value}'")


def _merge(types: Sequence[Type]) -> Type:
    """The type of one of several values (CASE, NVL, DECODE results)."""
    real = [t for t in types if not t.null]
    if not real:
        return NULL
    families = {t.family for t in real}
    if len(families) != 1:
        return UNKNOWN
    family = real[0].family
    if family is not Family.CHARACTER:
        return real[0] if len(real) == 1 else Type(family, label=family.value)
    reach = max(t.reach for t in real)
    least = min(t.least for t in types)
    return Type(Family.CHARACTER, reach=reach, least=least,
                yyyymmdd=all(t.yyyymmdd for t in real), label="VARCHAR2",
                soft=any(t.soft and t.reach == reach for t in real))


@dataclass
class _Finding:
    check: Check
    token: Token
    message: str


class _Expr:
    """A recursive-descent reader of one expression's tokens, typing as it goes."""

    def __init__(self, tokens: Sequence[Token], typer: _Typer, scope: _Scope,
                 in_sql: bool) -> None:
        self.t = list(tokens)
        # per token: its upper-cased word, its operator ("" for other kinds), then a pad
        self.words = [t.text.upper() if t.kind is TokenKind.WORD else "" for t in self.t]
        self.words.append("")
        self.ops = [t.text if t.kind is TokenKind.OPERATOR else "" for t in self.t]
        self.ops.append("")
        self.i = 0
        self.typer = typer
        self.scope = scope
        self.in_sql = in_sql

    # --- token helpers
    def peek(self, ahead: int = 0) -> Token | None:
        at = self.i + ahead
        return self.t[at] if at < len(self.t) else None

    def word(self, *words: str) -> bool:
        return self.words[self.i] in words

    def text(self, *texts: str) -> bool:
        return self.ops[self.i] in texts

    def take(self) -> Token:
        if self.i >= len(self.t):
            raise _Unknown
        self.i += 1
        return self.t[self.i - 1]

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text.upper() != text:
            raise _Unknown

    def closing(self) -> int:
        """Index just past the ``)`` closing the ``(`` at the cursor."""
        depth = 0
        for at in range(self.i, len(self.t)):
            depth += (self.t[at].text == "(") - (self.t[at].text == ")")
            if depth == 0:
                return at + 1
        raise _Unknown

    # --- grammar
    def condition(self) -> Type:
        return self.logical("OR", self.conjunction)

    def conjunction(self) -> Type:
        return self.logical("AND", self.operand)

    def logical(self, operator: str, operand: Callable[[], Type]) -> Type:
        """``a OP b OP c``: BOOLEAN when the operator is there, else ``a``'s type."""
        first = self.peek()
        left = operand()
        while self.word(operator):
            token = self.take()
            self.typer.boolean_operand(left, first or token, operator)
            first = self.peek()
            right = operand()
            self.typer.boolean_operand(right, first or token, operator)
            left = BOOLEAN
        return left

    def operand(self) -> Type:
        """One operand of AND/OR; one the typer does not follow is skipped (UNKNOWN), so
        the others are still checked."""
        try:
            return self.negation()
        except _Unknown:
            depth = 0
            while self.i < len(self.t):
                token = self.t[self.i]
                if token.text == "(" or token.is_word("CASE"):
                    depth += 1
                elif token.text == ")" or token.is_word("END"):
                    depth -= 1
                elif depth == 0 and token.is_word("AND", "OR", "THEN", "WHEN", "ELSE"):
                    break
                if depth < 0:
                    break
                self.i += 1
            return UNKNOWN

    def negation(self) -> Type:
        if self.word("NOT"):
            token = self.take()
            self.typer.boolean_operand(self.negation(), token, "NOT")
            return BOOLEAN
        return self.comparison()

    def comparison(self) -> Type:
        start = self.peek()
        left = self.additive()
        token = self.peek()
        if token is None:
            return left
        if token.kind is TokenKind.OPERATOR and token.text in _COMPARE:
            self.take()
            right = self.additive()
            self.typer.compared(left, right, start or token, token.text, self.scope)
            return BOOLEAN
        negated = self.word("NOT")
        if negated:
            self.take()
        if self.word("IS") and not negated:
            self.take()
            if self.word("NOT"):
                self.take()
            if not self.word("NULL", "A", "EMPTY", "OF", "JSON"):
                raise _Unknown
            self.take()
            if self.word("SET", "TYPE"):
                raise _Unknown
            return BOOLEAN
        if self.word("IN"):
            self.take()
            if not self.text("("):
                raise _Unknown
            end = self.closing()
            inner = self.t[self.i + 1:end - 1]
            self.i = end
            if inner and inner[0].is_word("SELECT", "WITH"):
                return BOOLEAN
            for item in split_args(inner):
                right = _Expr(item, self.typer, self.scope, self.in_sql).whole()
                self.typer.compared(left, right, start or token, "IN", self.scope)
            return BOOLEAN
        if self.word("BETWEEN"):
            self.take()
            low = self.additive()
            if not self.word("AND"):
                raise _Unknown
            self.take()
            high = self.additive()
            self.typer.compared(left, low, start or token, "BETWEEN", self.scope)
            self.typer.compared(left, high, start or token, "BETWEEN", self.scope)
            return BOOLEAN
        if self.word("LIKE", "LIKEC", "LIKE2", "LIKE4"):
            self.take()
            self.additive()
            if self.word("ESCAPE"):
                self.take()
                self.additive()
            return BOOLEAN
        if negated:
            raise _Unknown
        return left

    def additive(self) -> Type:
        left = self.multiplicative()
        while self.text("+", "-", "||"):
            operator = self.take()
            right = self.multiplicative()
            left = self.typer.arithmetic(left, operator, right, self.in_sql)
        return left

    def multiplicative(self) -> Type:
        left = self.unary()
        while self.text("*", "/"):
            operator = self.take()
            right = self.unary()
            left = self.typer.arithmetic(left, operator, right, self.in_sql)
        return left

    def unary(self) -> Type:
        if self.text("+", "-"):
            self.take()
            operand = self.unary()
            return NUMBER if operand.family in (Family.NUMBER, Family.CHARACTER) else UNKNOWN
        return self.primary()

    def primary(self) -> Type:
        token = self.take()
        kind = token.kind
        if kind is TokenKind.NUMBER:
            return NUMBER
        if kind is TokenKind.STRING:
            return _string_of(string_value(token))
        if kind is TokenKind.OPERATOR and token.text == "(":
            self.i -= 1
            end = self.closing()
            inner = self.t[self.i + 1:end - 1]
            self.i = end
            if not inner:
                return UNKNOWN
            if inner[0].is_word("SELECT"):
                return self.typer.scalar_subquery(inner[0], self.scope)
            if inner[0].is_word("WITH"):
                return UNKNOWN
            parts = split_args(inner)
            if len(parts) != 1:
                raise _Unknown
            return _Expr(inner, self.typer, self.scope, self.in_sql).whole()
        if kind is TokenKind.BIND:
            return self.attributes(UNKNOWN)
        if kind not in NAMES:
            raise _Unknown
        word = token.name if kind is TokenKind.WORD else ""
        if word in ("TRUE", "FALSE"):
            return BOOLEAN
        if word == "NULL":
            return NULL
        if word == "CASE":
            return self.case()
        if word in ("DATE", "TIMESTAMP") and self.peek() is not None and \
                self.peek().kind is TokenKind.STRING:  # type: ignore[union-attr]
            self.take()
            return DATETIME
        if word == "EXISTS" and self.text("("):
            self.i = self.closing()
            return BOOLEAN
        if word in ("INTERVAL", "CURSOR", "MULTISET", "PRIOR", "EXISTS", "ANY", "ALL", "SOME"):
            raise _Unknown
        if word == "CAST" and self.text("("):
            return self.cast()
        self.i -= 1
        return self.time_zone(self.name())

    def cast(self) -> Type:
        """``CAST(x AS type)``: the type written (x is typed for what it breaks)."""
        end = self.closing()
        inner = self.t[self.i + 1:end - 1]
        self.i = end
        at = max((k for k, t in enumerate(inner) if t.is_word("AS")), default=-1)
        if at < 1:
            raise _Unknown
        _Expr(inner[:at], self.typer, self.scope, self.in_sql).whole()
        found = declared_type([t.text.upper() for t in inner[at + 1:]])
        return replace(found, reach=found.size or 0) if found.family is Family.CHARACTER \
            else found

    def time_zone(self, found: Type) -> Type:
        """``x AT TIME ZONE tz`` / ``x AT LOCAL``: still a datetime."""
        if self.word("AT") and self.peek(1) is not None and \
                self.peek(1).is_word("TIME", "LOCAL"):  # type: ignore[union-attr]
            self.take()
            if self.take().is_word("TIME"):
                if not self.word("ZONE"):
                    raise _Unknown
                self.take()
                self.primary()
            return found if found.family is Family.DATETIME else UNKNOWN
        return found

    def case(self) -> Type:
        results: list[Type] = []
        searched = self.word("WHEN")
        if not searched:
            self.additive()
        while self.word("WHEN"):
            self.take()
            when = self.condition()
            if searched:
                self.typer.condition(when, self.t[self.i - 1], "CASE WHEN")
            if not self.word("THEN"):
                raise _Unknown
            self.take()
            results.append(self.condition())
        if self.word("ELSE"):
            self.take()
            results.append(self.condition())
        else:
            results.append(NULL)
        if not self.word("END"):
            raise _Unknown
        self.take()
        return _merge(results)

    def name(self) -> Type:
        first = self.peek()
        assert first is not None
        parts: list[str] = []
        while True:
            token = self.take()
            if token.kind not in NAMES:
                raise _Unknown
            parts.append(token.name)
            if self.text(".") and self.peek(1) is not None and self.peek(1).kind in NAMES:  # type: ignore[union-attr]
                self.take()
                continue
            break
        args: list[list[Token]] | None = None
        if self.text("("):
            end = self.closing()
            args = split_args(self.t[self.i + 1:end - 1]) if end - self.i > 2 else []
            self.i = end
            if self.text("."):
                raise _Unknown  # f(x).field, a collection element's field
        if self.text("%"):
            self.take()
            attribute = self.take().text.upper()
            return self.typer.attribute(tuple(parts), attribute)
        if self.word("OVER", "WITHIN", "KEEP"):
            raise _Unknown
        return self.typer.named(tuple(parts), args, first, self.scope, self.in_sql)

    def attributes(self, found: Type) -> Type:
        if self.text("."):
            raise _Unknown
        return found

    def whole(self) -> Type:
        """The expression's type when it spans every token (else UNKNOWN)."""
        try:
            found = self.condition()
        except _Unknown:
            return UNKNOWN
        return found if self.i == len(self.t) else UNKNOWN


# --------------------------------------------------------------------------- scopes


@dataclass
class _Scope:
    """The names visible at a point: values, subprograms, and the SQL statement around."""

    values: dict[str, Type]
    subprograms: dict[str, list[Sig]]
    declared_at: dict[str, Token]
    function: Type | None = None  # the enclosing function's return type
    sql: Node | None = None  # the innermost query block or DML around an SQL expression
    cursors: dict[str, Node] = field(default_factory=dict)  # explicit cursors: their query
    collection_types: set[str] = field(default_factory=set)  # TYPE t IS TABLE OF / VARRAY
    collections: set[str] = field(default_factory=set)  # variables of those types

    def child(self) -> _Scope:
        return _Scope(dict(self.values), {k: list(v) for k, v in self.subprograms.items()},
                      dict(self.declared_at), self.function, self.sql, dict(self.cursors),
                      set(self.collection_types), set(self.collections))

    def declare(self, name: str, found: Type, at: Token | None) -> None:
        self.values[name] = found
        self.subprograms.pop(name, None)
        self.cursors.pop(name, None)
        self.collection_types.discard(name)
        self.collections.discard(name)
        if at is not None:
            self.declared_at[name] = at
        else:
            self.declared_at.pop(name, None)


_SQL_BLOCKS = frozenset({NodeKind.QUERY_BLOCK, NodeKind.INSERT, NodeKind.UPDATE,
                         NodeKind.DELETE, NodeKind.MERGE})
_SECTIONS = frozenset({NodeKind.CREATE_PACKAGE, NodeKind.CREATE_PACKAGE_BODY,
                       NodeKind.TIMING_POINT, NodeKind.CREATE_TRIGGER, NodeKind.CREATE_PROCEDURE,
                       NodeKind.CREATE_FUNCTION, NodeKind.ANONYMOUS_BLOCK,
                       NodeKind.CREATE_TYPE_BODY})
# SQL reserved words that read a value: never a column
_RESERVED = frozenset({"SYSDATE", "SYSTIMESTAMP", "CURRENT_DATE", "CURRENT_TIMESTAMP",
                       "LOCALTIMESTAMP", "USER", "UID", "ROWNUM", "LEVEL"})
_SQL_ROWCOUNT = {"ROWCOUNT": NUMBER, "FOUND": BOOLEAN, "NOTFOUND": BOOLEAN, "ISOPEN": BOOLEAN,
                 "BULK_ROWCOUNT": UNKNOWN}
_NUMERIC_RESULT = frozenset({"LENGTH", "LENGTHB", "INSTR", "INSTRB", "TO_NUMBER", "ROUND",
                             "ABS", "MOD", "FLOOR", "CEIL", "SIGN", "COUNT", "SUM", "AVG"})
_KEEP_LENGTH = frozenset({"UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "INITCAP", "MAX", "MIN"})


_DUAL = KnownObject("SYS", "DUAL", "table", "Oracle", frozenset({"DUMMY"}),
                    column_types={"DUMMY": "VARCHAR2(1)"})


class _Typer:
    """Types the expressions of one unit and collects what they break."""

    def __init__(self, text: str, tree: Node, catalog: Catalog | None, database: str | None,
                 schema: str, packages: Mapping[str, PackageTypes]) -> None:
        self.src = _Text(text)
        self.tree = tree
        self.catalog = catalog
        self.database = database
        self.schema = schema
        self.packages = packages
        self.findings: list[_Finding] = []
        self.parents = {id(c): n for n in tree.walk() for c in n.children}
        self.blocks = {n.start: n for n in tree.walk() if n.kind is NodeKind.QUERY_BLOCK}
        self.returns: dict[str, Type] = {}  # what a unit function's RETURNs reach
        # by declaration offset: the longest literal a variable is compared with, the
        # longest value it receives, and the declaration itself (token, type, name)
        self.expected: dict[int, tuple[int, Token, str]] = {}
        self.received: dict[int, tuple[Type, Token]] = {}
        self.declarations: dict[int, tuple[Token, Type, str]] = {}
        self.derived: dict[int, Type] = {}  # a derived table's select item, typed once
        self.items: dict[int, list[Node]] = {}  # a block's FROM items
        self.objects: dict[tuple[str, str], KnownObject | None] = {}  # catalog look-ups
        # by declaration offset: whether each value assigned so far was YYYYMMDD text
        self.yyyymmdd_assigned: dict[int, list[bool]] = {}

    # --- reporting
    def report(self, check: Check, token: Token, message: str) -> None:
        self.findings.append(_Finding(check, token, message))

    # --- names
    def named(self, parts: tuple[str, ...], args: list[list[Token]] | None, at: Token,
              scope: _Scope, in_sql: bool) -> Type:
        if in_sql and scope.sql is not None and args is None and parts[0] not in _RESERVED:
            column = self.column(parts, scope.sql)
            if column is not None:
                return column
            if not self.surely_not_column(parts, scope.sql):
                return UNKNOWN
        if len(parts) == 1:
            name = parts[0]
            if args is None and name in scope.values:
                found = scope.values[name]
                if in_sql and found.family is Family.BOOLEAN:
                    self.report(Check.BOOLEAN_IN_SQL, at,
                                f"PLS-00382: expression is of wrong type: {name} is BOOLEAN, "
                                f"which 19c SQL does not have")
                return found
            if name in scope.values:
                return UNKNOWN  # a collection element, a record constructor
            if name in scope.subprograms:
                return self.call(name, scope.subprograms[name], args, at, scope, in_sql)
            return self.builtin(name, args, at, scope, in_sql)
        if len(parts) == 3 and parts[1] in self.packages and parts[0] not in scope.values:
            parts = parts[1:]  # SCHEMA.PKG.MEMBER
        if len(parts) == 2:
            head, member = parts
            if head in scope.values or head in scope.subprograms:
                return UNKNOWN  # a record field
            package = self.packages.get(head)
            if package is not None:
                if args is None and member in package.values:
                    return package.values[member]
                if member in package.subprograms:
                    return self.call(f"{head}.{member}", list(package.subprograms[member]),
                                     args, at, scope, in_sql)
                return UNKNOWN
            if head == "SYS" or head in scope.declared_at:
                return UNKNOWN
        elif len(parts) == 3 and parts[0] == "SYS":
            head, member = parts[1], parts[2]
        else:
            return UNKNOWN
        resolved = _member(head, member)
        if resolved.kind is not Kind.SUBPROGRAM:
            return UNKNOWN
        return self.call(f"{resolved.package}.{member}",
                         [_catalogue_sig(o) for o in resolved.overloads], args, at, scope,
                         in_sql)

    def call(self, name: str, overloads: list[Sig], args: list[list[Token]] | None, at: Token,
             scope: _Scope, in_sql: bool) -> Type:
        actuals = [self.actual(a, scope, in_sql) for a in args or []]
        fitting = [o for o in overloads if self.accepts(o, actuals)]
        sized = [o for o in overloads if self.fits_arity(o, actuals)]
        if len(sized) == 1:
            for formal, given, where in self.bound(sized[0], actuals, args or []):
                if formal.type.family is Family.NUMBER:
                    self.numeric_text(given, where, in_sql, f"given for {formal.name}")
        if sized and not fitting:  # none sized right: the arity check (SEM002) says so
            # a literal actual's family is judged by SEM002's overload matching: one finding
            judged = [(formal, UNKNOWN if _literal(tokens) else given)
                      for (formal, given), tokens in zip(actuals, args or [], strict=False)]
            bad = next(((formal, given) for o in sized
                        for formal, given in self.wrong_actuals(o, judged)), None)
            if bad is not None:
                self.report(Check.ARGUMENT_TYPE, at,
                            f"PLS-00306: wrong number or types of arguments in call to {name} "
                            f"({bad[1].shown} given for {bad[0].name} {bad[0].type.shown})")
        returns = {o.returns.family if o.returns else None for o in (fitting or overloads)}
        if len(returns) != 1 or None in returns:
            return UNKNOWN
        chosen = (fitting or overloads)[0].returns
        assert chosen is not None
        if in_sql and chosen.family is Family.BOOLEAN:
            self.report(Check.BOOLEAN_IN_SQL, at,
                        f"PLS-00382: expression is of wrong type: {name} returns BOOLEAN, "
                        f"which 19c SQL does not have")
        if len(overloads) == 1 and name in self.returns:
            return self.returns[name]
        return chosen

    def actual(self, tokens: list[Token], scope: _Scope, in_sql: bool) -> tuple[str, Type]:
        formal = ""
        if len(tokens) >= 2 and tokens[0].kind in NAMES and tokens[1].text == "=>":
            formal, tokens = tokens[0].name, tokens[2:]
        return formal, _Expr(tokens, self, scope, in_sql).whole()

    @staticmethod
    def fits_arity(sig: Sig, actuals: list[tuple[str, Type]]) -> bool:
        names = [p.name for p in sig.params]
        positional = [a for a in actuals if not a[0]]
        if len(positional) > len(names):
            return False
        filled = set(names[:len(positional)]) | {f for f, _ in actuals if f}
        return all(f in names for f, _ in actuals if f) and all(
            p.has_default or p.name in filled for p in sig.params)

    @staticmethod
    def bound(sig: Sig, actuals: list[tuple[str, Type]], args: list[list[Token]]
              ) -> list[tuple[Param, Type, Token]]:
        """(formal, actual's type, where the actual is) of each actual of a call."""
        by_name = {p.name: p for p in sig.params}
        out: list[tuple[Param, Type, Token]] = []
        for at, ((formal, given), tokens) in enumerate(zip(actuals, args, strict=False)):
            param = by_name.get(formal) if formal else (
                sig.params[at] if at < len(sig.params) else None)
            if param is not None and tokens:
                out.append((param, given, tokens[2] if formal and len(tokens) > 2
                            else tokens[0]))
        return out

    @staticmethod
    def wrong_actuals(sig: Sig, actuals: list[tuple[str, Type]]) -> list[tuple[Param, Type]]:
        by_name = {p.name: p for p in sig.params}
        out: list[tuple[Param, Type]] = []
        for at, (formal, given) in enumerate(actuals):
            param = by_name.get(formal) if formal else (
                sig.params[at] if at < len(sig.params) else None)
            if param is not None and _incompatible(given, param.type):
                out.append((param, given))
        return out

    def accepts(self, sig: Sig, actuals: list[tuple[str, Type]]) -> bool:
        return self.fits_arity(sig, actuals) and not self.wrong_actuals(sig, actuals)

    def builtin(self, name: str, args: list[list[Token]] | None, at: Token, scope: _Scope,
                in_sql: bool) -> Type:
        found = _standard(name)
        if found.kind is not Kind.SUBPROGRAM:
            return UNKNOWN
        actuals = [self.actual(a, scope, in_sql) for a in args or []]
        if any(f for f, _ in actuals):
            return UNKNOWN
        types = [t for _, t in actuals]
        if any(t.family is Family.BOOLEAN for t in types) and not any(
                _builtin_takes_boolean(o, types) for o in found.overloads):
            self.report(Check.ARGUMENT_TYPE, at,
                        f"PLS-00306: wrong number or types of arguments in call to {name} "
                        f"(a BOOLEAN argument)")
            return UNKNOWN
        return self.builtin_result(name, found.overloads, types, args or [], in_sql)

    def builtin_result(self, name: str, overloads: Sequence[Subprogram], types: list[Type],
                       args: list[list[Token]], in_sql: bool) -> Type:
        first = types[0] if types else UNKNOWN
        if name in ("NVL", "COALESCE"):
            return _merge(types) if types else UNKNOWN
        if name == "NVL2" and len(types) == 3:
            return _merge(types[1:])
        if name == "DECODE" and len(types) >= 3:
            results = [types[k] for k in range(2, len(types), 2)]
            if len(types) % 2 == 0:
                results.append(types[-1])
            return _merge(results)
        if name in ("GREATEST", "LEAST") and types:
            return _merge([types[0]])
        if name in ("MIN", "MAX") and len(types) == 1 and first.family is not Family.CHARACTER:
            return first
        if name in _KEEP_LENGTH and len(types) == 1 and first.family is Family.CHARACTER:
            least = first.least if name in ("UPPER", "LOWER", "INITCAP", "MAX", "MIN") else 0
            return Type(Family.CHARACTER, reach=first.reach, least=least,
                        yyyymmdd=first.yyyymmdd, label="VARCHAR2", soft=first.soft)
        if name in ("SUBSTR", "SUBSTRB") and len(args) == 3 and \
                first.family is Family.CHARACTER:
            cut = args[2]
            if len(cut) == 1 and cut[0].kind is TokenKind.NUMBER and cut[0].text.isdigit():
                length = int(cut[0].text)
                reach = min(length, first.reach) if first.reach else length
                return Type(Family.CHARACTER, reach=reach, label="VARCHAR2")
            return replace(CHARACTER, reach=0)
        if name == "TO_CHAR":
            return self.to_char(types, args)
        if name == "TO_NUMBER" and len(types) == 1:
            self.numeric_text(first, args[0][0], in_sql, "given to TO_NUMBER")
        if name == "TO_DATE" and len(types) == 1 and first.family is Family.CHARACTER:
            self.date_text(first, args[0][0], "given to TO_DATE without a format model")
        if name == "TO_DATE" and len(types) == 2 and first.yyyymmdd and \
                types[1].literal is not None:
            self.date_model(" ".join(t.text for t in args[0]), types[1].literal, args[1][0])
        if name in ("TRUNC", "ROUND") and first.family is Family.DATETIME:
            return DATETIME
        if name in _NUMERIC_RESULT:
            return NUMBER
        written = {o.returns for o in overloads}
        if len(written) != 1:
            return UNKNOWN
        returned = next(iter(written)) or ""
        found = declared_type([w.upper() for w in returned.replace("(", " ( ").split()])
        return replace(found, size=None) if found.family is Family.CHARACTER else found

    def to_char(self, types: list[Type], args: list[list[Token]]) -> Type:
        if len(types) < 2:
            return replace(CHARACTER, label="VARCHAR2")
        value, model = types[0], types[1].literal
        if model is None:
            return CHARACTER
        if value.family is Family.NUMBER and _is_date_model(model):
            self.report(Check.NUMBER_DATE_MODEL, args[1][0],
                        f"ORA-01481: invalid number format model: TO_CHAR of a NUMBER with "
                        f"the date model '{model}' (convert the value to a DATE first)")
            return UNKNOWN
        if value.family is Family.DATETIME:
            length = _fixed_length(model)
            if length:
                return Type(Family.CHARACTER, reach=length, least=length,
                            yyyymmdd=model.upper() == "YYYYMMDD", label="VARCHAR2")
        return CHARACTER

    def attribute(self, parts: tuple[str, ...], attribute: str) -> Type:
        if attribute in _SQL_ROWCOUNT and len(parts) == 1:
            return _SQL_ROWCOUNT[attribute]
        return UNKNOWN

    # --- SQL columns
    def column(self, parts: tuple[str, ...], block: Node) -> Type | None:
        """A column's type through the FROM items of ``block`` (None: not a known column)."""
        if len(parts) > 2:
            return None
        column = parts[-1]
        if len(parts) == 1:
            items = self.from_items(block)
            return self.item_column(items[0], column) if len(items) == 1 else None
        node: Node | None = block
        while node is not None:  # a correlated name: the nearest block with that alias
            if node.kind in _SQL_BLOCKS:
                items = [i for i in self.from_items(node) if i.alias == parts[0] or (
                    not i.alias and i.name and i.name[-1] == parts[0])]
                if items:
                    return self.item_column(items[0], column) if len(items) == 1 else None
            node = self.parents.get(id(node))
        return None

    def from_items(self, block: Node) -> list[Node]:
        """The tables and derived tables a query block or DML statement reads."""
        found = self.items.get(id(block))
        if found is None:
            found = [c for c in block.children
                     if (c.kind is NodeKind.TABLE and c.role in ("read", "insert", "update",
                                                                  "delete", "merge", ""))
                     or c.kind is NodeKind.SUBQUERY]
            self.items[id(block)] = found
        return found

    def item_column(self, item: Node, column: str) -> Type | None:
        if item.kind is NodeKind.TABLE:
            known = self.known(item)
            if known is None:
                return None
            written = known.column_types.get(column)
            if written is None:
                return None
            return column_type(written, protheus_date=column in known.date_columns)
        query = next((c for c in item.children if c.kind is NodeKind.QUERY), None)
        blocks = [c for c in query.children if c.kind is NodeKind.QUERY_BLOCK] if query else []
        if len(blocks) != 1:
            return None
        for select in blocks[0].children:
            if select.kind is NodeKind.SELECT_ITEM and (
                    select.alias == column or (not select.alias and select.name
                                               and select.name[-1] == column)):
                found = self.derived.get(id(select))
                if found is None:
                    found = self.select_item(select, _Scope({}, {}, {}, sql=blocks[0]))
                    self.derived[id(select)] = found
                return found
        return None

    def known(self, table: Node) -> KnownObject | None:
        """The catalog's object a table reference reads (None: not in the model)."""
        if table.name in (("DUAL",), ("SYS", "DUAL")):
            return _DUAL
        if self.catalog is None or not table.name or table.dblink:
            return None
        schema = table.name[0] if len(table.name) == 2 else self.schema
        key = (schema, table.name[-1])
        if key not in self.objects:
            self.objects[key] = self.catalog.get(self.database, schema, table.name[-1])
        return self.objects[key]

    def surely_not_column(self, parts: tuple[str, ...], block: Node) -> bool:
        """Every FROM item of the statement (and of the blocks around it) is a table whose
        columns are known and none is called ``parts[0]``: a PL/SQL name."""
        if len(parts) != 1:
            return False
        node: Node | None = block
        while node is not None:
            if node.kind in _SQL_BLOCKS:
                for item in self.from_items(node):
                    known = self.known(item) if item.kind is NodeKind.TABLE else None
                    columns = known.columns if known is not None else None
                    if columns is None or parts[0] in columns:
                        return False
            node = self.parents.get(id(node))
        return True

    def select_item(self, select: Node, scope: _Scope) -> Type:
        """A select item's type (its alias left out)."""
        tokens = self.src.of(select)
        if select.alias and len(tokens) >= 2 and tokens[-1].name == select.alias:
            tokens = tokens[:-2] if tokens[-2].is_word("AS") else tokens[:-1]
        return _Expr(tokens, self, scope, True).whole()

    # --- what expressions imply
    def compared(self, left: Type, right: Type, at: Token, operator: str, scope: _Scope) -> None:
        families = {left.family, right.family}
        if Family.BOOLEAN in families and len(families) == 2 and Family.UNKNOWN not in families:
            other = right if left.family is Family.BOOLEAN else left
            self.report(Check.ARGUMENT_TYPE, at,
                        f"PLS-00306: wrong number or types of arguments in call to "
                        f"'{operator}' (BOOLEAN compared with {other.shown})")
        elif families == {Family.CHARACTER, Family.DATETIME}:
            text = left if left.family is Family.CHARACTER else right
            self.date_text(text, at, "compared with a DATE")
        elif families == {Family.CHARACTER, Family.NUMBER}:
            text = left if left.family is Family.CHARACTER else right
            self.numeric_text(text, at, scope.sql is not None, "compared with a number")
        for var, other in ((left, right), (right, left)):
            if var.family is Family.CHARACTER and other.literal is not None and \
                    var.declared >= 0 and var.size is not None and other.least > var.size:
                previous = self.expected.get(var.declared)
                if previous is None or previous[0] < other.least:
                    self.expected[var.declared] = (other.least, at, other.literal)

    def converted(self, target: Type, value: Type, at: Token, how: str, in_sql: bool) -> Type:
        """``value`` converted implicitly to ``target``'s family, as it lands: text read as a
        date or a number is reported when it cannot be one; a date becomes DD-MON-RR text."""
        if value.family is Family.CHARACTER and target.family is Family.DATETIME:
            self.date_text(value, at, how)
        elif value.family is Family.CHARACTER and target.family is Family.NUMBER:
            self.numeric_text(value, at, in_sql, how)
        elif value.family is Family.DATETIME and target.family is Family.CHARACTER:
            return _DATE_AS_TEXT
        return value

    def numeric_text(self, value: Type, at: Token, in_sql: bool, how: str) -> None:
        """A string literal that is no number, converted to a NUMBER: ORA-01722 in SQL,
        ORA-06502 in PL/SQL (blank literals are left alone)."""
        literal = value.literal
        if literal is None or not literal.strip() or _NUMERIC_TEXT.match(literal):
            return
        if in_sql:
            self.report(Check.INVALID_NUMBER, at,
                        f"ORA-01722: invalid number: '{literal}' {how}")
        else:
            self.report(Check.TEXT_TO_NUMBER, at,
                        f"ORA-06502: PL/SQL: numeric or value error: character to number "
                        f"conversion error: '{literal}' {how}")

    def scalar_subquery(self, select: Token, scope: _Scope) -> Type:
        """``(SELECT x FROM ...)`` as a value: the type of its one select item."""
        block = self.blocks.get(select.start)
        if block is None:
            return UNKNOWN
        items = [c for c in block.children if c.kind is NodeKind.SELECT_ITEM]
        if len(items) != 1:
            return UNKNOWN
        local = scope.child()
        local.sql = block
        return self.select_item(items[0], local)

    def stored(self, table: Node, column: str, value: Type, at: Token) -> None:
        """``value`` written into ``table.column``: ORA-12899 when surely longer than the
        column, ORA-01843 when text goes into a DATE column."""
        known = self.known(table)
        written = known.column_types.get(column) if known is not None else None
        if written is None:
            return
        found = column_type(written)
        value = self.converted(found, value, at, f"stored in the column {column}", True)
        if found.family is not Family.CHARACTER or found.size is None or \
                value.family is not Family.CHARACTER:
            return
        length = max(value.least, 0 if value.soft else value.reach)
        if length > found.size:
            self.report(Check.VALUE_TOO_LARGE, at,
                        f"ORA-12899: value too large for column {table.name[-1]}.{column} "
                        f"({written}): {_length_of(value, length)}")

    def date_model(self, value: str, model: str, at: Token) -> None:
        """SEM075: a YYYYMMDD value read with a fixed model of another layout."""
        why = _model_breaks_yyyymmdd(model)
        if why:
            shown = value if len(value) <= 60 else value[:57] + "..."
            self.report(Check.DATE_MODEL_MISMATCH, at,
                        f"ORA-01843: not a valid month: TO_DATE reads {shown}, a YYYYMMDD "
                        f"value, with the model '{model}' ({why}); write "
                        f"TO_DATE({shown}, 'YYYYMMDD')")

    def date_text(self, text: Type, at: Token, how: str) -> None:
        if text.literal is not None or text.null:
            return
        what = "a Protheus YYYYMMDD date" if text.yyyymmdd else f"{text.shown} text"
        self.report(Check.DATE_TEXT, at,
                    f"ORA-01843: {what} {how} is converted with the session's "
                    f"NLS_DATE_FORMAT (not a valid month for DD-MON-RR): write "
                    f"TO_DATE(x, 'YYYYMMDD')")

    def arithmetic(self, left: Type, operator: Token, right: Type, in_sql: bool) -> Type:
        op = operator.text
        families = {left.family, right.family}
        if op != "||" and Family.CHARACTER in families and families <= {Family.CHARACTER,
                                                                         Family.NUMBER}:
            for operand in (left, right):
                self.numeric_text(operand, operator, in_sql, f"used in '{op}'")
        if op == "||":
            if Family.BOOLEAN in families:
                self.report(Check.ARGUMENT_TYPE, operator,
                            "PLS-00306: wrong number or types of arguments in call to '||' "
                            "(a BOOLEAN operand)")
                return UNKNOWN
            parts = [t for t in (left, right) if not t.null]
            return Type(Family.CHARACTER, reach=sum(t.reach for t in parts if not t.soft),
                        least=sum(t.least for t in parts), label="VARCHAR2")
        if Family.BOOLEAN in families and Family.UNKNOWN not in families:
            self.report(Check.ARGUMENT_TYPE, operator,
                        f"PLS-00306: wrong number or types of arguments in call to '{op}' "
                        f"(a BOOLEAN operand)")
            return UNKNOWN
        if Family.UNKNOWN in families and not (left.null or right.null):
            return UNKNOWN
        if Family.DATETIME in families:
            if op == "-" and left.label == right.label == "DATE":
                return NUMBER  # DATE - DATE: days (TIMESTAMP - TIMESTAMP is an INTERVAL)
            if op in "+-" and left.family is Family.DATETIME and right.family is Family.NUMBER:
                return DATETIME
            if op == "+" and right.family is Family.DATETIME and left.family is Family.NUMBER:
                return DATETIME
            return UNKNOWN
        if families <= {Family.NUMBER, Family.CHARACTER}:
            return NUMBER
        return UNKNOWN

    def boolean_operand(self, found: Type, at: Token, operator: str) -> None:
        """An operand of NOT, AND, OR that is surely no BOOLEAN (PLS-00306)."""
        if _surely_not_boolean(found):
            self.report(Check.ARGUMENT_TYPE, at,
                        f"PLS-00306: wrong number or types of arguments in call to "
                        f"'{operator}' ({found.shown}, not BOOLEAN)")

    def condition(self, found: Type, at: Token, where: str) -> None:
        """A condition that is surely no BOOLEAN (PLS-00382)."""
        if _surely_not_boolean(found):
            self.report(Check.WRONG_TYPE, at,
                        f"PLS-00382: expression is of wrong type: the {where} condition is "
                        f"{found.shown}, not BOOLEAN")

    def assigned(self, target: Type, value: Type, at: Token, what: str) -> None:
        """``what`` (a target) receives ``value``: PLS-00382 across BOOLEAN, a DATE from
        text, a value too long for the target."""
        if _incompatible(value, target):
            self.report(Check.WRONG_TYPE, at,
                        f"PLS-00382: expression is of wrong type: {what} is {target.shown}, "
                        f"the value {value.shown}")
            return
        value = self.converted(target, value, at, f"assigned to {what}", False)
        key = target.declared
        if key >= 0 and target.family is Family.CHARACTER:
            self.yyyymmdd_assigned.setdefault(key, []).append(value.yyyymmdd)
        if target.family is Family.CHARACTER and target.size is not None and key >= 0 and \
                value.family is Family.CHARACTER and max(value.reach, value.least) > target.size:
            previous = self.received.get(key)
            if previous is None or max(previous[0].reach, previous[0].least) < max(
                    value.reach, value.least):
                self.received[key] = (value, at)


_SCALARS = frozenset({Family.BOOLEAN, Family.NUMBER, Family.CHARACTER, Family.DATETIME})


def _length_of(value: Type, length: int) -> str:
    """How long a value is, in words, for messages."""
    if value is _DATE_AS_TEXT:
        return f"{value.label}, {length} characters"
    if value.least >= length:
        return f"a value at least {length} characters long"
    return f"a value that can be {length} characters long"


def _literal(actual: Sequence[Token]) -> bool:
    """A one-token literal actual (``formal =>`` left out): SEM002 judges its family."""
    if len(actual) >= 2 and actual[0].kind in NAMES and actual[1].text == "=>":
        actual = actual[2:]
    return bool(literal_family(actual)[0])


def _surely_not_boolean(found: Type) -> bool:
    return found.family not in (Family.BOOLEAN, Family.UNKNOWN) and not found.null


def _incompatible(value: Type, target: Type) -> bool:
    """No implicit conversion between the two: none to or from BOOLEAN (19c), none between
    numbers and datetimes (Oracle's implicit conversion matrix), none between a record
    (``%ROWTYPE``) and a scalar. Character values convert to and from numbers and dates."""
    if value.null or Family.UNKNOWN in (value.family, target.family):
        return False
    families = {value.family, target.family}
    if len(families) != 2 or Family.COLLECTION in families:
        return False
    if Family.RECORD in families:
        return families - {Family.RECORD} <= _SCALARS
    return Family.BOOLEAN in families or families == {Family.NUMBER, Family.DATETIME}


@cache
def _standard(name: str) -> Resolution:
    """An unqualified built-in of the bundled catalogue (looked up once per name)."""
    return bundled().resolve_unqualified(name)


@cache
def _member(package: str, member: str) -> Resolution:
    return bundled().resolve(package, member)


def _catalogue_sig(overload: Subprogram) -> Sig:
    """A catalogue overload as the typer sees a subprogram (a parameter written ``A | B``
    of several families is UNKNOWN: any actual may fit)."""
    params: list[Param] = []
    for p in overload.params:
        types = {declared_type(t.upper().split()[:1]) for t in p.types}
        families = {t.family for t in types}
        found = next(iter(types)) if len(families) == 1 else UNKNOWN
        params.append(Param(p.name.upper(), p.mode, found, p.has_default))
    returns = None if overload.returns is None else declared_type(
        overload.returns.upper().split()[:1])
    return Sig(overload.name, tuple(params), returns)


def _builtin_takes_boolean(overload: Subprogram, types: list[Type]) -> bool:
    for at, given in enumerate(types):
        if given.family is not Family.BOOLEAN:
            continue
        param = overload.params[at] if at < len(overload.params) else (
            overload.params[-1] if overload.variadic and overload.params else None)
        if param is None:
            return False
        if not any(t in ("BOOLEAN", "ANY") for t in param.types):
            return False
    return True


# --------------------------------------------------------------------------- the walk


class _Walker:
    """Walks a unit's tree with the scope of each point and checks what it meets."""

    def __init__(self, typer: _Typer) -> None:
        self.typer = typer
        self.src = typer.src
        self.returned: dict[str, Type] = {}  # what each function of the unit RETURNs

    # --- declarations
    def declaration_type(self, node: Node, scope: _Scope) -> tuple[Type, int]:
        """(the declared type, index of the default's first token or -1)."""
        tokens = self.src.of(node)
        at = 1
        if at < len(tokens) and tokens[at].is_word("CONSTANT"):
            at += 1
        words = _type_words(tokens[at:])
        found = self.resolve_type(words, scope)
        default = _default_at(tokens)
        return found, default

    def resolve_type(self, words: list[str], scope: _Scope) -> Type:
        if len(words) >= 3 and words[-2] == "%":
            parts = tuple(w for w in words[:-2] if w != ".")
            if words[-1] == "ROWTYPE":
                return Type(Family.RECORD, label="%ROWTYPE")
            if words[-1] != "TYPE":
                return UNKNOWN
            if len(parts) == 1 and parts[0] in scope.values:
                return replace(scope.values[parts[0]], reach=0, least=0, literal=None,
                               declared=-1)
            if len(parts) in (2, 3):
                return self.column_of(parts)
            return UNKNOWN
        return declared_type(words)

    def column_of(self, parts: tuple[str, ...]) -> Type:
        catalog = self.typer.catalog
        if catalog is None:
            return UNKNOWN
        schema = parts[0] if len(parts) == 3 else self.typer.schema
        known = catalog.get(self.typer.database, schema, parts[-2])
        if known is None or parts[-1] not in known.column_types:
            return UNKNOWN
        return column_type(known.column_types[parts[-1]],
                           protheus_date=parts[-1] in known.date_columns)

    def sig(self, node: Node, scope: _Scope) -> Sig:
        params: list[Param] = []
        for p in node.children:
            if p.kind is not NodeKind.PARAMETER or not p.name:
                continue
            tokens = self.src.of(p)
            at, mode = 1, "IN"
            words = [t.text.upper() for t in tokens[1:4]]
            if words[:2] == ["IN", "OUT"]:
                at, mode = 3, "IN OUT"
            elif words[:1] == ["IN"]:
                at = 2
            elif words[:1] == ["OUT"]:
                at, mode = 2, "OUT"
            if at < len(tokens) and tokens[at].is_word("NOCOPY"):
                at += 1
            found = self.resolve_type(_type_words(tokens[at:]), scope)
            params.append(Param(p.name[-1], mode, found, _default_at(tokens) >= 0))
        returns = None
        if node.role == "FUNCTION":
            returns = self.return_type(node, scope)
        return Sig(node.name[-1], tuple(params), returns)

    def return_type(self, node: Node, scope: _Scope) -> Type:
        """A function's RETURN type (a character one has no length: any value fits)."""
        params = [p for p in node.children if p.kind is NodeKind.PARAMETER]
        written = heading_return_type(self.src.text, node, params)
        found = self.resolve_type([t.text.upper() for t in significant_tokens(written)], scope)
        return replace(found, size=None) if found.family is Family.CHARACTER else found

    # --- the walk
    def section(self, node: Node, scope: _Scope) -> None:
        """Declare the direct declarations of ``node`` then walk its children in order."""
        for child in node.children:
            if child.kind is NodeKind.DECLARATION and child.name and child.role in (
                    "VARIABLE", "CONSTANT"):
                self.declare(child, scope)
            elif child.kind is NodeKind.DECLARATION and child.name:
                scope.declare(child.name[-1], UNKNOWN, None)
                if child.role == "TYPE" and _collection_type(self.src.of(child)):
                    scope.collection_types.add(child.name[-1])
                query = next((c for c in child.children if c.kind is NodeKind.QUERY), None)
                if child.role == "CURSOR" and query is not None:
                    scope.cursors[child.name[-1]] = query
                self.visit(child, scope)
            elif child.kind is NodeKind.SUBPROGRAM and child.name:
                sig = self.sig(child, scope)
                name = child.name[-1]
                scope.values.pop(name, None)
                overloads = scope.subprograms.setdefault(name, [])
                if sig not in overloads:
                    overloads.append(sig)
                self.subprogram(child, sig, scope)
            elif child.kind is NodeKind.PARAMETER:
                continue
            else:
                self.visit(child, scope)

    def declare(self, node: Node, scope: _Scope) -> None:
        found, default = self.declaration_type(node, scope)
        tokens = self.src.of(node)
        name = node.name[-1]
        labelled = found
        if found.family is Family.CHARACTER and tokens:
            # a variable may hold values as long as it is declared
            labelled = replace(found, declared=tokens[0].start, reach=found.size or 0,
                               soft=True)
            self.typer.declarations[tokens[0].start] = (tokens[0], found, name)
        if default > 0:
            end = len(tokens) - (1 if tokens and tokens[-1].text == ";" else 0)
            value = _Expr(tokens[default:end], self.typer, scope, False).whole()
            scope.declare(name, labelled, tokens[0])
            self.typer.assigned(labelled, value, tokens[min(default, len(tokens) - 1)], name)
        scope.declare(name, labelled, tokens[0])
        if self.collection_of(tokens, scope):
            scope.collections.add(name)

    def collection_of(self, tokens: Sequence[Token], scope: _Scope) -> bool:
        """A variable declaration's type is a collection type declared here or in a
        package spec (``t_ids``, ``pkg.t_ids``)."""
        words = _type_words(tokens[2 if len(tokens) > 1 and tokens[1].is_word("CONSTANT")
                                   else 1:])
        if len(words) == 3 and words[1] == "." and words[0] in self.typer.packages:
            return words[2] in self.typer.packages[words[0]].collection_types
        return len(words) == 1 and words[0] in scope.collection_types

    def subprogram(self, node: Node, sig: Sig, outer: _Scope) -> None:
        for param, child in zip(sig.params, (c for c in node.children
                                             if c.kind is NodeKind.PARAMETER and c.name),
                                strict=False):
            tokens = self.src.of(child)
            default = _default_at(tokens)
            if 0 < default < len(tokens):
                value = _Expr(tokens[default:], self.typer, outer, False).whole()
                self.typer.assigned(param.type, value, tokens[default],
                                    f"the default of {param.name}")
        scope = outer.child()
        for p in sig.params:
            at = next((self.src.of(c)[0] for c in node.children
                       if c.kind is NodeKind.PARAMETER and c.name and c.name[-1] == p.name), None)
            scope.declare(p.name, p.type, at)
        scope.function = sig.returns
        self.section(node, scope)
        if sig.returns is not None and sig.returns.family is Family.CHARACTER and \
                node.name[-1] in self.returned:
            self.typer.returns[node.name[-1]] = self.returned.pop(node.name[-1])

    def visit(self, node: Node, scope: _Scope) -> None:
        kind = node.kind
        if kind is NodeKind.STATEMENT:
            self.statement(node, scope)
            return
        if kind in SQL_KINDS:
            self.sql(node, scope)
            return
        if kind is NodeKind.BLOCK:
            self.section(node, scope.child())
        elif kind in _SECTIONS:
            self.section(node, scope)
        else:
            for child in node.children:
                self.visit(child, scope)

    def statement(self, node: Node, scope: _Scope) -> None:
        role = node.role
        own = self.src.own(node)
        if role == "ASSIGN":
            self.assignment(own, scope)
        elif role in ("IF", "WHILE", "EXIT", "CONTINUE", "CASE"):
            self.conditions(role, own, scope)
        elif role == "RETURN" and scope.function is not None and len(own) > 2:
            value = _Expr(own[1:-1], self.typer, scope, False).whole()
            self.typer.assigned(scope.function, value, own[1], "the function's RETURN type")
            if all(self.typer.yyyymmdd_assigned.get(value.declared, [False])):
                value = replace(value, yyyymmdd=True)  # a variable only given YYYYMMDD text
            function = self.enclosing_function(node)
            if function and scope.function.family is Family.CHARACTER:
                previous = self.returned.get(function)
                self.returned[function] = value if previous is None else _merge(
                    [previous, value])
        elif role == "CALL":
            _Expr(own[:-1] if own and own[-1].text == ";" else own, self.typer, scope,
                  False).whole()
        elif role == "FETCH" and len(own) > 2 and own[1].name in scope.cursors and \
                not own[2].is_word("BULK"):
            self.fetched(scope.cursors[own[1].name], node, scope)
        inner = scope
        if role == "FOR":
            inner = scope.child()
            if len(own) > 1 and own[1].kind in NAMES:
                inner.declare(own[1].name, UNKNOWN, None)
        for child in node.children:
            if child.kind is NodeKind.BLOCK:
                self.section(child, inner.child())
            else:
                self.visit(child, inner)

    def fetched(self, query: Node, fetch: Node, scope: _Scope) -> None:
        """``FETCH c INTO a, b``: each target receives its select item of the cursor."""
        blocks = [c for c in query.children if c.kind is NodeKind.QUERY_BLOCK]
        into = next((c for c in fetch.children if c.kind is NodeKind.INTO), None)
        if len(blocks) != 1 or into is None:
            return
        local = scope.child()
        local.sql = blocks[0]
        values = [self.typer.select_item(c, local) for c in blocks[0].children
                  if c.kind is NodeKind.SELECT_ITEM]
        self.into(into, values, scope)

    def into(self, into: Node, values: list[Type], scope: _Scope) -> None:
        """The targets of an INTO receive ``values`` in order (when the counts agree)."""
        targets = [c for c in into.children if c.kind is NodeKind.COLUMN]
        if len(targets) != len(values):
            return
        for target, value in zip(targets, values, strict=True):
            found = scope.values.get(target.name[-1]) if len(target.name) == 1 else None
            if found is not None:
                self.typer.assigned(found, value, self.src.of(target)[0], target.name[-1])

    def into_kinds(self, into: Node, scope: _Scope) -> None:
        """PLS-00597 / PLS-00497: a collection variable in the INTO list of a SELECT without
        BULK COLLECT, a scalar one with it. Only names declared here are judged (a record,
        an element ``v(i)`` or anything of an unknown type never is)."""
        at = bisect.bisect_left(self.src.starts, into.start)
        bulk = at > 0 and self.src.tokens[at - 1].is_word("COLLECT")
        for target in into.children:
            tokens = self.src.of(target)
            if target.kind is not NodeKind.COLUMN or len(tokens) != 1 or len(target.name) != 1:
                continue
            name = target.name[0]
            if not bulk and name in scope.collections:
                self.typer.report(Check.INTO_COLLECTION, tokens[0],
                                  f"PLS-00597: {name} in the INTO list is a collection: a "
                                  f"SELECT fills one with BULK COLLECT INTO")
            elif bulk and name not in scope.collections and \
                    scope.values.get(name, UNKNOWN).family in _SCALARS:
                self.typer.report(Check.BULK_INTO_SCALAR, tokens[0],
                                  f"PLS-00497: {name} is a scalar "
                                  f"({scope.values[name].shown}): BULK COLLECT INTO takes "
                                  f"collections only")

    def enclosing_function(self, node: Node) -> str:
        up = self.typer.parents.get(id(node))
        while up is not None:
            if up.kind is NodeKind.SUBPROGRAM:
                return up.name[-1] if up.role == "FUNCTION" and up.name else ""
            up = self.typer.parents.get(id(up))
        return ""

    def assignment(self, own: list[Token], scope: _Scope) -> None:
        at = next((k for k, t in enumerate(own) if t.text == ":="), -1)
        if at != 1 or own[0].kind not in NAMES:
            return
        name = own[0].name
        target = scope.values.get(name)
        end = len(own) - (1 if own[-1].text == ";" else 0)
        value = _Expr(own[2:end], self.typer, scope, False).whole()
        if target is not None and len(own) > 2:
            self.typer.assigned(target, value, own[2], name)

    def conditions(self, role: str, own: list[Token], scope: _Scope) -> None:
        """The conditions of IF/ELSIF, WHILE, EXIT/CONTINUE WHEN, a searched CASE."""
        starts = {"IF": ("IF", "ELSIF"), "WHILE": ("WHILE",), "EXIT": ("WHEN",),
                  "CONTINUE": ("WHEN",), "CASE": ("WHEN",)}[role]
        stops = {"IF": ("THEN",), "WHILE": ("LOOP",), "EXIT": (";",), "CONTINUE": (";",),
                 "CASE": ("THEN",)}[role]
        if role == "CASE" and (len(own) < 2 or not own[1].is_word("WHEN")):
            return
        k = 0
        while k < len(own):
            token = own[k]
            if token.is_word(*starts) and not (role == "IF" and token.is_word("IF") and k > 0
                                               and own[k - 1].is_word("END")):
                depth, j = 0, k + 1
                while j < len(own):
                    depth += (own[j].text == "(") - (own[j].text == ")")
                    if depth == 0 and (own[j].text in stops or own[j].is_word(*stops)) \
                            and not self.case_open(own[k + 1:j]):
                        break
                    j += 1
                if j < len(own) and j > k + 1:
                    found = _Expr(own[k + 1:j], self.typer, scope, False).whole()
                    self.typer.condition(found, own[k + 1],
                                         role if role != "CASE" else "CASE WHEN")
                k = j
            k += 1

    @staticmethod
    def case_open(tokens: Sequence[Token]) -> bool:
        """A CASE expression in ``tokens`` is not closed yet (its THEN is not ours)."""
        depth = 0
        for token in tokens:
            if token.is_word("CASE"):
                depth += 1
            elif token.is_word("END"):
                depth -= 1
        return depth > 0

    def sql(self, node: Node, scope: _Scope) -> None:
        """An SQL statement: BOOLEAN names and functions in it, the INTO targets of its
        select items, the comparisons of its filters."""
        for inner in node.walk():
            if inner.kind is NodeKind.QUERY_BLOCK:
                self.query_block(inner, scope)
            elif inner.kind in (NodeKind.INSERT, NodeKind.UPDATE, NodeKind.DELETE,
                                NodeKind.MERGE):
                self.dml(inner, scope)

    def query_block(self, block: Node, scope: _Scope) -> None:
        local = scope.child()
        local.sql = block
        selects = [c for c in block.children if c.kind is NodeKind.SELECT_ITEM]
        into = next((c for c in block.children if c.kind is NodeKind.INTO), None)
        types = [self.typer.select_item(s, local) for s in selects]
        if into is not None:
            self.into_kinds(into, scope)
            self.into(into, types, scope)
        for child in block.children:
            if child.kind is NodeKind.FILTER:
                self.filter(child, local)

    def filter(self, node: Node, scope: _Scope) -> None:
        tokens = self.src.of(node)
        if tokens and tokens[0].is_word("WHERE", "ON", "HAVING"):
            tokens = tokens[1:]
        _Expr(tokens, self.typer, scope, True).whole()

    def dml(self, node: Node, scope: _Scope) -> None:
        """INSERT / UPDATE / DELETE / MERGE: their filters and values, and what each value
        stores into its column."""
        local = scope.child()
        local.sql = node
        target = next((c for c in node.children if c.kind is NodeKind.TABLE
                       and c.role in ("insert", "update", "merge")), None)
        stored: list[tuple[str, Type, Token]] = []
        for child in node.children:
            if child.kind is NodeKind.FILTER:
                self.filter(child, local)
            elif child.kind is NodeKind.SET_ITEM:
                tokens = self.src.of(child)
                at = next((k for k, t in enumerate(tokens) if t.text == "="), -1)
                if at > 0 and at + 1 < len(tokens):
                    value = _Expr(tokens[at + 1:], self.typer, local, True).whole()
                    column = next((c.name[-1] for c in child.children
                                   if c.kind is NodeKind.COLUMN and c.name), "")
                    stored.append((column, value, tokens[at + 1]))
        if node.kind is NodeKind.INSERT:
            stored += self.inserted(node, local)
        if target is not None and node.kind is not NodeKind.MERGE:
            for column, value, where in stored:
                self.typer.stored(target, column, value, where)

    def inserted(self, node: Node, scope: _Scope) -> list[tuple[str, Type, Token]]:
        """(column, value, where) of an ``INSERT (columns) VALUES (...)`` or ``... SELECT``."""
        names = next(([c.name[-1] for c in child.children if c.kind is NodeKind.COLUMN]
                      for child in node.children if child.kind is NodeKind.INSERT_COLUMNS),
                     None)
        query = next((c for c in node.children if c.kind is NodeKind.QUERY), None)
        values: list[tuple[Type, Token]] = []
        if query is not None:
            blocks = [c for c in query.children if c.kind is NodeKind.QUERY_BLOCK]
            selects = [c for c in blocks[0].children
                       if c.kind is NodeKind.SELECT_ITEM] if len(blocks) == 1 else []
            local = scope.child()
            local.sql = blocks[0] if blocks else None
            values = [(self.typer.select_item(c, local), self.src.of(c)[0]) for c in selects]
        else:
            own = self.src.own(node)
            at = next((k for k, t in enumerate(own) if t.is_word("VALUES")), -1)
            if at >= 0 and at + 1 < len(own) and own[at + 1].text == "(":
                depth, end = 0, at + 1
                while end < len(own):
                    depth += (own[end].text == "(") - (own[end].text == ")")
                    if depth == 0:
                        break
                    end += 1
                for item in split_args(own[at + 2:end]):
                    if item:
                        values.append((_Expr(item, self.typer, scope, True).whole(), item[0]))
        if names is None or len(names) != len(values):
            return []
        return [(name, value, at) for name, (value, at) in zip(names, values, strict=True)]


# --------------------------------------------------------------------------- entry points


def package_types(text: str, tree: Node, catalog: Catalog | None = None,
                  database: str | None = None, schema: str = "") -> list[PackageTypes]:
    """What each package spec of a unit declares, typed (for the bodies of other units)."""
    out: list[PackageTypes] = []
    typer = _Typer(text, tree, catalog, database, schema, {})
    walker = _Walker(typer)
    for node in tree.walk():
        if node.kind is not NodeKind.CREATE_PACKAGE or not node.name:
            continue
        scope = _Scope({}, {}, {})
        values: dict[str, Type] = {}
        subprograms: dict[str, list[Sig]] = {}
        for child in node.children:
            if child.kind is NodeKind.DECLARATION and child.name and child.role in (
                    "VARIABLE", "CONSTANT"):
                found, _ = walker.declaration_type(child, scope)
                values[child.name[-1]] = found
                scope.declare(child.name[-1], found, None)
                if walker.collection_of(walker.src.of(child), scope):
                    scope.collections.add(child.name[-1])
            elif child.kind is NodeKind.DECLARATION and child.name and child.role == "TYPE" \
                    and _collection_type(walker.src.of(child)):
                scope.collection_types.add(child.name[-1])
            elif child.kind is NodeKind.SUBPROGRAM and child.name:
                subprograms.setdefault(child.name[-1], []).append(walker.sig(child, scope))
        out.append(PackageTypes(node.name[-1], values,
                                {k: tuple(v) for k, v in subprograms.items()},
                                frozenset(scope.collection_types),
                                frozenset(scope.collections)))
    return out


def check_types(text: str, tree: Node, catalog: Catalog | None = None,
                database: str | None = None, schema: str = "",
                packages: Mapping[str, PackageTypes] | None = None) -> tuple[Issue, ...]:
    """The type issues of one unit (its text, its syntax tree)."""
    packages = packages or {}
    typer = _Typer(text, tree, catalog, database, schema, packages)
    walker = _Walker(typer)
    scope = _Scope({}, {}, {})
    for node in tree.children:
        body_scope = scope.child()
        if node.kind is NodeKind.CREATE_PACKAGE_BODY and node.name:
            spec = packages.get(node.name[-1])
            if spec is not None:
                for name, found in spec.values.items():
                    body_scope.declare(name, found, None)
                for name, sigs in spec.subprograms.items():
                    body_scope.subprograms[name] = list(sigs)
                body_scope.collection_types |= spec.collection_types
                body_scope.collections |= spec.collections
        walker.visit(node, body_scope)
    issues = [Issue(f.check, f.token.line, f.token.column, f.message) for f in typer.findings]
    issues += _too_small(typer)
    seen: set[tuple[int, int, str]] = set()
    out: list[Issue] = []
    for issue in sorted(issues, key=lambda i: (i.line, i.col)):
        key = (issue.line, issue.col, issue.check)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return tuple(out)


def _too_small(typer: _Typer) -> list[Issue]:
    """ORA-06502 at the declaration of a character variable too small for a value it
    receives or for the longest literal it is compared with (where the fix goes)."""
    out: list[Issue] = []
    for key, (value, at) in typer.received.items():
        token, found, name = typer.declarations[key]
        how = _length_of(value, max(value.reach, value.least))
        out.append(Issue(Check.VALUE_TOO_LONG, token.line, token.column,
                         f"ORA-06502: character string buffer too small: {name} "
                         f"{found.shown} receives {how} (line {at.line})"))
    for key, (length, at, literal) in typer.expected.items():
        if key in typer.received:
            continue
        token, found, name = typer.declarations[key]
        out.append(Issue(Check.VALUE_TOO_LONG, token.line, token.column,
                         f"ORA-06502: character string buffer too small: {name} "
                         f"{found.shown} is compared with '{literal}' ({length} characters, "
                         f"line {at.line}): a value the code expects does not fit"))
    return out


def units_packages(found: Iterable[PackageTypes]) -> dict[str, PackageTypes]:
    """Package specs by name (a later CREATE replaces an earlier one)."""
    return {p.name: p for p in found}
