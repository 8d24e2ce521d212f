"""A PL/SQL token stream and the block structure the text-level rules need.

Why not the syntax tree for everything: a unit with a syntax error has no complete tree,
and the transactional rules (COMMIT in a trigger path, swallowed exceptions) must still
hold on such a unit. A lexer plus a frame stack (BEGIN/END, IF,
LOOP, CASE, subprogram bodies, exception handlers) is enough for them and never fails.

The tokens are the one Oracle lexer's (`conefi_dbtool.plsql.lexer`): q-quotes, ``(+)``,
binds, substitution variables and conditional-compilation directives are read as Oracle
reads them, so a directive's ``$IF``/``$END`` opens no block and ``col(+)`` is no call.

Everything here is derived from the unit text alone, so it is cached with the text hash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from conefi_dbtool.plsql.lexer import (
    NAMES,
    Token,
    TokenKind,
    dotted_name,
    significant_tokens,
    string_value,
)

__all__ = [
    "QIDENT",
    "STRING",
    "WORD",
    "Call",
    "Handler",
    "Header",
    "Leaf",
    "Pos",
    "Scan",
    "Subprogram",
    "TextFacts",
    "is_identifier",
    "scan",
    "string_value",
    "tokenize",
]

# The lexer's kinds under the short names the lint modules compare with.
WORD, QIDENT, STRING = TokenKind.WORD, TokenKind.QUOTED_IDENTIFIER, TokenKind.STRING


def tokenize(text: str, *, comments: bool = False) -> tuple[Token, ...]:
    """The lexer's tokens of ``text`` without blanks (comments only when asked)."""
    return significant_tokens(text, comments=comments)


def is_identifier(token: Token) -> bool:
    return token.kind in NAMES


# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Pos:
    line: int
    col: int
    text: str = ""


@dataclass(frozen=True)
class Call:
    """A dotted name called with arguments or as a statement (``pkg.proc(...)``, ``p;``)."""

    parts: tuple[str, ...]
    line: int
    col: int


@dataclass(frozen=True)
class Subprogram:
    """A procedure or function body (or the unit's own top-level code, kind ``UNIT``)."""

    kind: str  # PROCEDURE, FUNCTION, UNIT
    name: str  # upper-case; for UNIT the created object's name
    container: str  # package (or type) it belongs to, "" for standalone code
    line: int
    col: int
    autonomous: tuple[Pos, ...] = ()
    commits: tuple[Pos, ...] = ()
    calls: tuple[Call, ...] = ()
    variables: tuple[Pos, ...] = ()  # UNIT of a package spec or body: its package-level variables
    raises: bool = False  # RAISE or RAISE_APPLICATION_ERROR somewhere in its code
    writes: bool = False  # INSERT, UPDATE or MERGE somewhere in its code (a log row, a status)

    @property
    def reports(self) -> bool:
        """Its code raises, writes a row, or calls something whose name says it logs: a
        handler calling it does not swallow the error (PLS003)."""
        return self.raises or self.writes or any(logs(c.parts) for c in self.calls)


@dataclass(frozen=True)
class Handler:
    """A ``WHEN OTHERS`` exception handler and what its code does."""

    line: int
    col: int
    reraises: bool
    records: bool
    calls: tuple[tuple[str, ...], ...] = ()  # the dotted names its code calls


@dataclass(frozen=True)
class Header:
    """What a CREATE statement creates (kind like ``PACKAGE BODY``), and a trigger's table."""

    kind: str
    schema: str
    name: str
    on_table: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextFacts:
    header: Header | None
    subprograms: tuple[Subprogram, ...]
    declared: tuple[str, ...]  # what a package spec declares (subprograms, types, constants...)
    handlers: tuple[Handler, ...]
    sys_packages: tuple[Pos, ...]  # DBMS_SCHEDULER / DBMS_LOCK not prefixed by SYS.
    select_stars: tuple[Pos, ...]


@dataclass(frozen=True)
class Leaf:
    """A statement or declaration that contains no block: what syntax localisation retries."""

    start: int
    end: int  # offset just past its ';'
    line: int
    col: int
    executable: bool


_CREATE_MODIFIERS = frozenset({"OR", "REPLACE", "EDITIONABLE", "NONEDITIONABLE", "EDITIONING",
                               "FORCE", "NOFORCE", "PUBLIC", "UNIQUE", "BITMAP", "GLOBAL",
                               "TEMPORARY", "PRIVATE", "SHARED"})
_BLOCK_FRAMES = frozenset({"unit", "spec", "sub", "declare", "begin", "section"})
_CODE_FRAMES = _BLOCK_FRAMES | {"if", "loop", "case_stmt"}
SYS_PACKAGES = frozenset({"DBMS_SCHEDULER", "DBMS_LOCK"})
_LOG_PART = re.compile(
    r"(?:^|_)(?:LOG|LOGS|LOGA|LOGAR|LOGGER|REGISTRA|REGISTRAR|GRAVA|GRAVAR)(?:_|$)|^LOG"
)


def logs(parts: Sequence[str]) -> bool:
    """A called name that says it logs: a part ``LOG...``, ``..._LOG``, ``REGISTRA...``..."""
    return any(_LOG_PART.search(part) for part in parts)


_RAISES = frozenset({"RAISE", "RAISE_APPLICATION_ERROR"})
_WRITES = frozenset({"INSERT", "UPDATE", "MERGE"})
_STATEMENT_STARTS = frozenset({"THEN", "ELSE", "BEGIN", "LOOP", "DECLARE"})
# Words that are never the name of a called subprogram.
_NOT_CALLS = frozenset({
    "IF", "ELSIF", "WHEN", "WHILE", "IN", "AND", "OR", "NOT", "VALUES", "RETURN", "EXISTS",
    "INTO", "FROM", "WHERE", "ON", "USING", "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE",
    "SET", "AS", "IS", "BY", "OVER", "WITHIN", "CURSOR", "TABLE", "OF", "FOR", "THEN",
    "ELSE", "CASE", "BEGIN", "END", "LOOP", "EXECUTE", "IMMEDIATE", "OPEN", "FETCH", "CLOSE",
    "RAISE", "NULL", "EXIT", "CONTINUE", "GOTO", "COMMIT", "ROLLBACK", "SAVEPOINT",
    "NUMBER", "VARCHAR2", "VARCHAR", "CHAR", "NCHAR", "NVARCHAR2", "RAW", "TIMESTAMP",
    "INTERVAL", "DECIMAL", "INTEGER", "FLOAT", "PRAGMA", "TYPE", "RECORD", "VARRAY",
    "FORALL", "BULK", "COLLECT", "LIMIT", "RETURNING", "DEFAULT", "CONSTANT", "ANY", "ALL",
    "SOME", "PRIOR", "DISTINCT", "UNIQUE", "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER",
    "CROSS", "UNION", "INTERSECT", "MINUS", "GROUP", "ORDER", "HAVING", "CONNECT", "START",
    "WITH", "LIKE", "BETWEEN", "COUNT", "PARTITION",
})


@dataclass(frozen=True)
class Scan:
    """Result of `scan`: cached facts, plus what syntax checking needs (not cached)."""

    facts: TextFacts
    leaves: tuple[Leaf, ...]
    pieces: tuple[tuple[int, int], ...]  # (start, end) offsets of a package body's subprograms


@dataclass
class _Frame:
    kind: str
    sub: int  # index of the subprogram whose code this is
    start: int = -1  # offset where a top-level subprogram of a package body starts
    begun: bool = False
    handlers: bool = False
    handler_start: int = -1  # token index after THEN of the open WHEN OTHERS handler
    handler_at: int = -1  # token index of its WHEN


@dataclass
class _Sub:
    kind: str
    name: str
    container: str
    line: int
    col: int
    autonomous: list[Pos] = field(default_factory=list)
    commits: list[Pos] = field(default_factory=list)
    calls: dict[tuple[str, ...], Call] = field(default_factory=dict)
    variables: list[Pos] = field(default_factory=list)
    raises: bool = False
    writes: bool = False

    def freeze(self) -> Subprogram:
        return Subprogram(self.kind, self.name, self.container, self.line, self.col,
                          tuple(self.autonomous), tuple(self.commits), tuple(self.calls.values()),
                          tuple(self.variables), self.raises, self.writes)


def _header(toks: Sequence[Token]) -> tuple[Header | None, int]:
    """The CREATE header: what is created, and the index of its kind keyword."""
    if not toks or toks[0].name != "CREATE":
        return None, 0
    i = 1
    while i < len(toks) and toks[i].kind == WORD and toks[i].name in _CREATE_MODIFIERS:
        i += 1
    if i >= len(toks):
        return None, 0
    kind, name_at = _created_kind(toks, i)
    if name_at >= len(toks) or not is_identifier(toks[name_at]):
        return Header(kind, "", ""), i
    parts, j = dotted_name(toks, name_at)
    schema, name = (parts[0], parts[1]) if len(parts) >= 2 else ("", parts[0])
    on_table = _trigger_table(toks, j) if kind == "TRIGGER" else ()
    return Header(kind, schema, name, on_table), i


def _created_kind(toks: Sequence[Token], i: int) -> tuple[str, int]:
    """The kind of object whose keyword is ``toks[i]`` (``PACKAGE BODY``...), and where its
    name starts."""
    kind = toks[i].name
    if kind in ("PACKAGE", "TYPE") and i + 1 < len(toks) and toks[i + 1].name == "BODY":
        return kind + " BODY", i + 2
    if kind in ("DATABASE", "MATERIALIZED") and i + 1 < len(toks):
        return kind + " " + toks[i + 1].name, i + 2
    return kind, i + 1


def _trigger_table(toks: Sequence[Token], j: int) -> tuple[str, ...]:
    """The table of ``... ON table`` in a trigger header from ``toks[j]`` (not DATABASE/SCHEMA)."""
    for k in range(j, len(toks) - 1):
        word = toks[k].name
        if word in ("BEGIN", "DECLARE", "COMPOUND", "CALL"):
            break
        if word == "ON" and toks[k].kind == WORD and is_identifier(toks[k + 1]):
            target, _ = dotted_name(toks, k + 1)
            return target if target[-1] not in ("DATABASE", "SCHEMA") else ()
    return ()


def _records(toks: Sequence[Token], start: int, end: int) -> tuple[bool, bool]:
    """(re-raises, records) for the handler code ``toks[start:end]``."""
    reraises = records = False
    for k in range(start, end):
        t = toks[k]
        if t.kind != WORD:
            continue
        word = t.name
        if word in _RAISES:
            reraises = True
        elif word in _WRITES or (
                k + 1 < end and toks[k + 1].text in ("(", ";", ".") and _LOG_PART.search(word)):
            records = True
    return reraises, records


def _handler_calls(toks: Sequence[Token], start: int, end: int) -> tuple[tuple[str, ...], ...]:
    """The dotted names the handler code ``toks[start:end]`` calls (as the scan reads calls)."""
    sub = _Sub("HANDLER", "", "", 0, 0)
    statement = k = start
    while k < end:
        t = toks[k]
        if t.text == ";" or (t.kind == WORD and t.name in _STATEMENT_STARTS):
            statement = k = k + 1
        elif is_identifier(t) and toks[k - 1].text != "." and t.name not in _NOT_CALLS:
            k = _maybe_call(toks, k, sub, statement)
        else:
            k += 1
    return tuple(sub.calls)


def scan(text: str) -> Scan:
    """Block structure of one unit: subprograms, handlers, calls, leaf statements."""
    return _Scanner(tokenize(text)).run()


_CONTAINERS = ("PACKAGE", "PACKAGE BODY", "TYPE", "TYPE BODY")


class _Scanner:
    """One left-to-right pass over a unit's tokens with a frame stack.

    The pass is shared (every fact depends on where a token sits: which subprogram, which
    block, which statement), but each fact family has its own extractor below: statements
    and leaves, blocks, subprograms and declarations, exception handlers, transaction
    control, calls, ``SELECT *``, ``SYS`` packages. An extractor takes the index of the
    token it recognises and returns the index of the next token to look at (``None``: the
    token is not what it extracts, let the calls extractor look at it).
    """

    def __init__(self, toks: Sequence[Token]) -> None:
        self.toks = toks
        self.n = len(toks)
        self.header, self.kind_at = _header(toks)
        first = toks[0] if toks else None
        self.subs = [_Sub("UNIT", self.header.name if self.header else "", "",
                          first.line if first else 1, first.column if first else 1)]
        self.frames: list[_Frame] = []
        self.declared: list[str] = []
        self.handlers: list[Handler] = []
        self.sys_packages: list[Pos] = []
        self.stars: list[Pos] = []
        self.leaves: list[Leaf] = []
        self.pieces: list[tuple[int, int]] = []
        self.container = ""
        self.stmt_start = 0
        self.stmt_blocky = False

    # ----------------------------------------------------------------- the pass

    def run(self) -> Scan:
        i = self._start()
        while i < self.n:
            i = self._step(i)
        for frame in self.frames:  # unterminated code: still report its handlers
            self._close_handler(frame, self.n)
        facts = TextFacts(
            header=self.header,
            subprograms=tuple(s.freeze() for s in self.subs),
            declared=tuple(dict.fromkeys(self.declared)),
            handlers=tuple(self.handlers),
            sys_packages=tuple(self.sys_packages),
            select_stars=tuple(self.stars),
        )
        return Scan(facts, tuple(self.leaves), tuple(self.pieces))

    def _start(self) -> int:
        """Index of the first token of the unit's code (past a package's ``IS``)."""
        header, i = self.header, 0
        if header and header.kind in _CONTAINERS:
            self.container = header.name
            j = self.kind_at + 1
            while j < self.n and self.toks[j].name not in ("IS", "AS"):
                j += 1
            self.frames.append(_Frame("spec" if header.kind in ("PACKAGE", "TYPE") else "unit", 0))
            i = j + 1
        elif header and header.kind in ("PROCEDURE", "FUNCTION"):
            i = self.kind_at
        self._new_statement(i)
        return i

    def _step(self, i: int) -> int:
        t = self.toks[i]
        after_dot = i > 0 and self.toks[i - 1].text == "."
        if t.text == ";":
            return self._end_statement(i)
        if t.kind is TokenKind.DIRECTIVE:  # $IF ... $THEN: code after a directive starts afresh
            self._new_statement(i + 1)
            return i + 1
        if t.kind == STRING:
            return self._dynamic_sql(i)
        if t.text == "*" and i > 0:
            return self._star(i)
        if not after_dot:
            self._sys_package(t)
        if t.kind != WORD or after_dot:
            return self._maybe_call(i) if is_identifier(t) and not after_dot else i + 1
        extractor = _KEYWORDS.get(t.name)
        found = extractor(self, i) if extractor is not None else None
        if found is not None:
            return found
        return self._maybe_call(i) if t.name not in _NOT_CALLS else i + 1

    def _top(self) -> _Frame | None:
        return self.frames[-1] if self.frames else None

    def _sub(self) -> _Sub:
        """The subprogram whose code the current token is."""
        return self.subs[self.frames[-1].sub if self.frames else 0]

    def _push(self, kind: str, **state: Any) -> None:
        self.frames.append(_Frame(kind, self.frames[-1].sub if self.frames else 0, **state))

    def _new_statement(self, at: int, *, blocky: bool = False) -> None:
        self.stmt_start, self.stmt_blocky = at, blocky

    # ----------------------------------------------------------------- statements, leaves

    def _end_statement(self, i: int) -> int:
        frame, start = self._top(), self.stmt_start
        if frame is not None and frame.kind == "spec" and start < i:
            name = _declared_name(self.toks, start, i)
            if name:
                self.declared.append(name)
        if len(self.frames) == 1 and frame is not None and not frame.begun and start < i \
                and not self.stmt_blocky and self.header is not None \
                and self.header.kind in ("PACKAGE", "PACKAGE BODY"):
            variable = _package_variable(self.toks, start, i)
            if variable is not None:
                self.subs[0].variables.append(variable)
        if start < i and not self.stmt_blocky:
            first = self.toks[start]
            executable = (frame is None and self.header is None) or (
                frame is not None and frame.begun and frame.kind in _CODE_FRAMES)
            self.leaves.append(Leaf(first.start, self.toks[i].end, first.line, first.column,
                                    executable))
        self._new_statement(i + 1)
        return i + 1

    # ----------------------------------------------------------------- blocks

    def _declare(self, i: int) -> int:
        self._push("declare")
        self._new_statement(i + 1)
        return i + 1

    def _begin(self, i: int) -> int:
        frame = self._top()
        if frame is not None and frame.kind in ("unit", "sub", "declare", "section") \
                and not frame.begun:
            frame.begun = True
        else:
            self._push("begin", begun=True)
        self._new_statement(i + 1)
        return i + 1

    def _compound(self, i: int) -> int | None:
        if i + 1 >= self.n or self.toks[i + 1].name != "TRIGGER":
            return None
        self._push("compound")
        self._new_statement(i + 2)
        return i + 2

    def _timing_section(self, i: int) -> int | None:
        """``BEFORE EACH ROW IS`` (and the like) inside a compound trigger."""
        frame = self._top()
        if frame is None or frame.kind != "compound":
            return None
        j = i
        while j < self.n and self.toks[j].name not in ("IS", ";"):
            j += 1
        self._push("section")
        self._new_statement(j + 1)
        return j + 1

    def _if_or_loop(self, i: int) -> int:
        word = self.toks[i].name
        self._push(word.lower(), begun=True)
        if word == "LOOP":
            self._new_statement(i + 1)
        else:
            self.stmt_blocky = True
        return i + 1

    def _case(self, i: int) -> int:
        statement = self.stmt_start == i
        self._push("case_stmt" if statement else "case", begun=True)
        if statement:
            self.stmt_blocky = True
        return i + 1

    def _then_or_else(self, i: int) -> int | None:
        frame = self._top()
        if frame is None or frame.kind == "case":
            return None
        self._new_statement(i + 1)
        return i + 1

    def _end(self, i: int) -> int:
        popped = self.frames.pop() if self.frames else None
        if popped is not None:
            self._close_handler(popped, i)
        if self._upper_at(i + 1) in ("IF", "LOOP", "CASE"):
            i += 1
        if popped is not None and popped.kind != "case":
            self.stmt_blocky = True
            toks = self.toks
            while i + 1 < self.n and toks[i + 1].text != ";" and toks[i + 1].kind in (WORD, QIDENT):
                i += 1
            if popped.start >= 0 and i + 1 < self.n and toks[i + 1].text == ";":
                self.pieces.append((popped.start, toks[i + 1].end))
        return i + 1

    def _upper_at(self, i: int) -> str:
        return self.toks[i].name if i < self.n else ""

    # ----------------------------------------------------------------- subprograms

    def _subprogram(self, i: int) -> int:
        """A PROCEDURE or FUNCTION: a body opens a frame, a declaration names it."""
        if i + 1 >= self.n or not is_identifier(self.toks[i + 1]):
            return i + 1
        parts, j = dotted_name(self.toks, i + 1)
        j, body = self._signature_end(j)
        t = self.toks[i]
        if body:
            self.subs.append(_Sub(t.name, parts[-1], self.container, t.line, t.column))
            top_level = len(self.frames) == 1 and self.frames[0].kind == "unit" and \
                self.header is not None and self.header.kind == "PACKAGE BODY"
            self.frames.append(_Frame("sub", len(self.subs) - 1,
                                      start=t.start if top_level else -1))
            self._new_statement(j + 1)
            return j + 1
        frame = self._top()
        if frame is not None and frame.kind == "spec":
            self.declared.append(parts[-1])
        return j if j < self.n and self.toks[j].text == ";" else j + 1

    def _signature_end(self, j: int) -> tuple[int, bool]:
        """Where a subprogram's signature ends, and whether a body (``IS``/``AS``) follows."""
        depth = 0
        toks = self.toks
        while j < self.n:
            text = toks[j].text
            if text == "(":
                depth += 1
            elif text == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and text in (";", ","):
                break
            elif depth == 0 and toks[j].name in ("IS", "AS") and toks[j].kind == WORD:
                return j, self._upper_at(j + 1) not in ("LANGUAGE", "EXTERNAL")
            j += 1
        return j, False

    # ----------------------------------------------------------------- exception handlers

    def _exception(self, i: int) -> int | None:
        frame = self._top()
        if frame is None or not frame.begun or frame.kind not in _BLOCK_FRAMES:
            return None
        frame.handlers = True
        self._new_statement(i + 1)
        return i + 1

    def _when(self, i: int) -> int | None:
        """A handler's ``WHEN ... THEN`` (not ``EXIT WHEN``, not a CASE's ``WHEN``)."""
        frame = self._top()
        if frame is None or not frame.handlers or (
                i > 0 and self.toks[i - 1].name in ("EXIT", "CONTINUE")):
            return None
        self._close_handler(frame, i)
        j = i + 1
        others = False
        while j < self.n and self.toks[j].name != "THEN":
            others = others or self.toks[j].name == "OTHERS"
            j += 1
        if others:
            frame.handler_start, frame.handler_at = j + 1, i
        self._new_statement(j + 1)
        return j + 1

    def _close_handler(self, frame: _Frame, end: int) -> None:
        if frame.handler_start >= 0:
            reraises, records = _records(self.toks, frame.handler_start, end)
            at = self.toks[frame.handler_at]
            self.handlers.append(Handler(at.line, at.column, reraises, records,
                                         _handler_calls(self.toks, frame.handler_start, end)))
        frame.handler_start = frame.handler_at = -1

    # ----------------------------------------------------------------- transaction control

    def _pragma(self, i: int) -> int | None:
        if self._upper_at(i + 1) != "AUTONOMOUS_TRANSACTION":
            return None
        t = self.toks[i]
        self._sub().autonomous.append(Pos(t.line, t.column, "PRAGMA AUTONOMOUS_TRANSACTION"))
        return i + 1

    def _raise(self, i: int) -> None:
        """RAISE, RAISE_APPLICATION_ERROR: the subprogram reports errors (let the calls
        extractor see the token)."""
        self._sub().raises = True

    def _write(self, i: int) -> None:
        """INSERT, UPDATE, MERGE (not ``FOR UPDATE``, nor a trigger's ``UPDATE OF``)."""
        if i == 0 or self.toks[i - 1].name not in ("FOR", "OR", "BEFORE", "AFTER", "OF"):
            self._sub().writes = True

    def _commit(self, i: int) -> int:
        t = self.toks[i]
        self._sub().commits.append(Pos(t.line, t.column, t.name))
        return i + 1

    def _dynamic_sql(self, i: int) -> int:
        """``EXECUTE IMMEDIATE 'COMMIT'``: a string that is a COMMIT or ROLLBACK."""
        t = self.toks[i]
        value = string_value(t).strip().upper()
        if value in ("COMMIT", "ROLLBACK") or value.startswith(("COMMIT ", "ROLLBACK ")):
            self._sub().commits.append(Pos(t.line, t.column, value.split()[0]))
        return i + 1

    # ----------------------------------------------------------------- calls, SELECT *, SYS

    def _maybe_call(self, i: int) -> int:
        return _maybe_call(self.toks, i, self._sub(), self.stmt_start)

    def _sys_package(self, t: Token) -> None:
        """``DBMS_SCHEDULER`` / ``DBMS_LOCK`` not prefixed by ``SYS.`` (caller checks the dot)."""
        if t.kind in (WORD, QIDENT) and t.name in SYS_PACKAGES:
            self.sys_packages.append(Pos(t.line, t.column, t.name))

    def _star(self, i: int) -> int:
        """``SELECT *`` (not inside ``EXISTS (...)``) and ``t.*``."""
        toks, t, prev = self.toks, self.toks[i], self.toks[i - 1]
        before = toks[i - 2] if i > 1 else None
        if prev.name in ("SELECT", "DISTINCT", "UNIQUE", "ALL") and prev.kind == WORD:
            select_at = i - 1
            while select_at > 0 and toks[select_at].name != "SELECT":
                select_at -= 1
            exists = (select_at >= 2 and toks[select_at - 1].text == "("
                      and toks[select_at - 2].name == "EXISTS")
            if not exists:
                self.stars.append(Pos(t.line, t.column, "*"))
        elif prev.text == "." and before is not None and is_identifier(before):
            self.stars.append(Pos(before.line, before.column, f"{before.text}.*"))
        return i + 1


# The extractor of each keyword that starts something (see `_Scanner`).
_KEYWORDS: dict[str, Callable[[_Scanner, int], int | None]] = {
    "PROCEDURE": _Scanner._subprogram,
    "FUNCTION": _Scanner._subprogram,
    "DECLARE": _Scanner._declare,
    "BEGIN": _Scanner._begin,
    "COMPOUND": _Scanner._compound,
    "BEFORE": _Scanner._timing_section,
    "AFTER": _Scanner._timing_section,
    "INSTEAD": _Scanner._timing_section,
    "IF": _Scanner._if_or_loop,
    "LOOP": _Scanner._if_or_loop,
    "CASE": _Scanner._case,
    "END": _Scanner._end,
    "EXCEPTION": _Scanner._exception,
    "WHEN": _Scanner._when,
    "THEN": _Scanner._then_or_else,
    "ELSE": _Scanner._then_or_else,
    "PRAGMA": _Scanner._pragma,
    "COMMIT": _Scanner._commit,
    "ROLLBACK": _Scanner._commit,
    "RAISE": _Scanner._raise,
    "RAISE_APPLICATION_ERROR": _Scanner._raise,
    "INSERT": _Scanner._write,
    "UPDATE": _Scanner._write,
    "MERGE": _Scanner._write,
}


def _declared_name(toks: Sequence[Token], start: int, end: int) -> str:
    """The name a package-spec declaration introduces (type, cursor, constant, subprogram...)."""
    first = toks[start]
    at = start + 1 if first.name in ("TYPE", "SUBTYPE", "CURSOR", "PROCEDURE", "FUNCTION") \
        else start
    if first.name == "PRAGMA" or at >= end or not is_identifier(toks[at]):
        return ""
    return toks[at].name


_NOT_VARIABLES = frozenset({"TYPE", "SUBTYPE", "CURSOR", "PROCEDURE", "FUNCTION", "PRAGMA", "END"})


def _package_variable(toks: Sequence[Token], start: int, end: int) -> Pos | None:
    """A package-level declaration that is a variable (not a constant, type, cursor,
    exception, subprogram or pragma): state every session instantiates (ORA-04068)."""
    first = toks[start]
    if first.name in _NOT_VARIABLES or not is_identifier(first) or start + 1 >= end:
        return None
    if toks[start + 1].name in ("CONSTANT", "EXCEPTION"):
        return None
    return Pos(first.line, first.column, first.text)


# A name right after these is a table, cursor or type being named, not a call.
_NAMING_WORDS = frozenset({"INTO", "FROM", "JOIN", "UPDATE", "TABLE", "USING", "ON", "CURSOR",
                           "TYPE", "SUBTYPE", "PROCEDURE", "FUNCTION", "%"})


def _maybe_call(toks: Sequence[Token], i: int, sub: _Sub, stmt_start: int) -> int:
    """Record ``name(`` or a statement ``name;`` as a call; return the index past the name."""
    parts, j = dotted_name(toks, i)
    if i > 0 and toks[i - 1].name in _NAMING_WORDS:
        return j
    called = j < len(toks) and (toks[j].text == "(" or (toks[j].text == ";" and i == stmt_start))
    if called and parts not in sub.calls and parts[0] not in _NOT_CALLS:
        sub.calls[parts] = Call(parts, toks[i].line, toks[i].column)
    return j
