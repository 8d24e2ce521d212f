"""A PL/SQL token stream and the block structure the text-level rules need.

Why not the sqlfluff tree for everything: one unparsable construct makes sqlfluff give up
on a whole unit, and the transactional rules (COMMIT in a trigger path, swallowed
exceptions) must still hold on such a unit. A lexer plus a frame stack (BEGIN/END, IF,
LOOP, CASE, subprogram bodies, exception handlers) is enough for them and never fails.

Everything here is derived from the unit text alone, so it is cached with the text hash.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

WORD, QIDENT, STRING, NUMBER, BIND, SYMBOL, COMMENT = (
    "word", "qident", "string", "number", "bind", "symbol", "comment",
)

_TOKEN = re.compile(
    r"""
     (?P<ws>\s+)
    |(?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<qstring>[nN]?[qQ]'(?:\[.*?\]'|\{.*?\}'|<.*?>'|\(.*?\)'|(?P<qd>[^\s\[{<(]).*?(?P=qd)'|.*\Z))
    |(?P<string>[nN]?'(?:[^']|'')*(?:'|\Z))
    |(?P<qident>"[^"]*(?:"|\Z))
    |(?P<bind>:[^\W\d][\w$#]*)
    |(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    |(?P<word>[^\W\d][\w$#]*)
    |(?P<symbol>:=|=>|\.\.|\|\||<>|!=|\^=|~=|<=|>=|<<|>>|\S)
    """,
    re.S | re.X,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int  # offset in the text
    line: int  # 1-based
    col: int  # 1-based

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def upper(self) -> str:
        """Identifier as Oracle stores it: words upper-cased, quoted ones verbatim."""
        if self.kind == WORD:
            return self.text.upper()
        if self.kind == QIDENT:
            return self.text.strip('"')
        return self.text


class LineIndex:
    """Offset -> (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def tokenize(text: str, *, comments: bool = False) -> list[Token]:
    """Tokens of ``text`` (blanks dropped; comments only when asked)."""
    index = LineIndex(text)
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws" or (kind == "comment" and not comments):
            continue
        if kind == "qd":  # pragma: no cover - inner group never last at top level
            kind = "qstring"
        if kind == "qstring":
            kind = STRING
        line, col = index.position(m.start())
        out.append(Token(str(kind), m.group(), m.start(), line, col))
    return out


def is_identifier(token: Token) -> bool:
    return token.kind in (WORD, QIDENT)


def string_value(token: Token) -> str:
    """Content of a string literal token (q-quotes and N'' included), quotes removed."""
    text = token.text
    if text[:1] in "nN" and text[1:2] in "qQ'":
        text = text[1:]
    if text[:1] in "qQ":
        return text[3:-2]
    return text[1:-1].replace("''", "'")


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


@dataclass(frozen=True)
class Handler:
    """A ``WHEN OTHERS`` exception handler and what its code does."""

    line: int
    col: int
    reraises: bool
    records: bool


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

    def freeze(self) -> Subprogram:
        return Subprogram(self.kind, self.name, self.container, self.line, self.col,
                          tuple(self.autonomous), tuple(self.commits), tuple(self.calls.values()))


def _dotted(toks: list[Token], i: int) -> tuple[tuple[str, ...], int]:
    """Parts of the dotted name starting at ``toks[i]`` and the index past it."""
    parts = [toks[i].upper]
    j = i + 1
    while j + 1 < len(toks) and toks[j].text == "." and is_identifier(toks[j + 1]):
        parts.append(toks[j + 1].upper)
        j += 2
    return tuple(parts), j


def _header(toks: list[Token]) -> tuple[Header | None, int]:
    """The CREATE header: what is created, and the index of its kind keyword."""
    if not toks or toks[0].upper != "CREATE":
        return None, 0
    i = 1
    while i < len(toks) and toks[i].kind == WORD and toks[i].upper in _CREATE_MODIFIERS:
        i += 1
    if i >= len(toks):
        return None, 0
    kind_at = i
    kind = toks[i].upper
    if kind in ("PACKAGE", "TYPE") and i + 1 < len(toks) and toks[i + 1].upper == "BODY":
        kind += " BODY"
        i += 1
    elif kind in ("DATABASE", "MATERIALIZED") and i + 1 < len(toks):
        kind += " " + toks[i + 1].upper
        i += 1
    i += 1
    if i >= len(toks) or not is_identifier(toks[i]):
        return Header(kind, "", ""), kind_at
    parts, j = _dotted(toks, i)
    schema, name = (parts[0], parts[1]) if len(parts) >= 2 else ("", parts[0])
    on_table: tuple[str, ...] = ()
    if kind == "TRIGGER":
        for k in range(j, len(toks) - 1):
            word = toks[k].upper
            if word in ("BEGIN", "DECLARE", "COMPOUND", "CALL"):
                break
            if word == "ON" and toks[k].kind == WORD and is_identifier(toks[k + 1]):
                target, _ = _dotted(toks, k + 1)
                if target[-1] not in ("DATABASE", "SCHEMA"):
                    on_table = target
                break
    return Header(kind, schema, name, on_table), kind_at


def _records(toks: list[Token], start: int, end: int) -> tuple[bool, bool]:
    """(re-raises, records) for the handler code ``toks[start:end]``."""
    reraises = records = False
    for k in range(start, end):
        t = toks[k]
        if t.kind != WORD:
            continue
        word = t.upper
        if word in ("RAISE", "RAISE_APPLICATION_ERROR"):
            reraises = True
        elif word in ("INSERT", "UPDATE", "MERGE") or (
                k + 1 < end and toks[k + 1].text in ("(", ";", ".") and _LOG_PART.search(word)):
            records = True
    return reraises, records


def scan(text: str) -> Scan:
    """Block structure of one unit: subprograms, handlers, calls, leaf statements."""
    toks = tokenize(text)
    header, kind_at = _header(toks)
    root_name = header.name if header else ""
    subs: list[_Sub] = [_Sub("UNIT", root_name, "", toks[0].line if toks else 1,
                             toks[0].col if toks else 1)]
    frames: list[_Frame] = []
    declared: list[str] = []
    handlers: list[Handler] = []
    sys_packages: list[Pos] = []
    stars: list[Pos] = []
    leaves: list[Leaf] = []
    pieces: list[tuple[int, int]] = []
    container = ""
    n = len(toks)
    i = 0
    if header and header.kind in ("PACKAGE", "PACKAGE BODY", "TYPE", "TYPE BODY"):
        container = header.name
        j = kind_at + 1
        while j < n and toks[j].upper not in ("IS", "AS"):
            j += 1
        frames.append(_Frame("spec" if header.kind in ("PACKAGE", "TYPE") else "unit", 0))
        i = j + 1
    elif header and header.kind in ("PROCEDURE", "FUNCTION"):
        i = kind_at
    stmt_start = i
    stmt_blocky = False

    def top() -> _Frame | None:
        return frames[-1] if frames else None

    def current_sub() -> int:
        return frames[-1].sub if frames else 0

    def close_handler(frame: _Frame, end: int) -> None:
        if frame.handler_start >= 0:
            reraises, records = _records(toks, frame.handler_start, end)
            at = toks[frame.handler_at]
            handlers.append(Handler(at.line, at.col, reraises, records))
        frame.handler_start = frame.handler_at = -1

    while i < n:
        t = toks[i]
        word = t.upper if t.kind == WORD else ""
        prev = toks[i - 1] if i > 0 else None
        after_dot = prev is not None and prev.text == "."
        frame = top()

        if t.text == ";":
            if frame is not None and frame.kind == "spec" and stmt_start < i:
                name = _declared_name(toks, stmt_start, i)
                if name:
                    declared.append(name)
            if stmt_start < i and not stmt_blocky:
                first = toks[stmt_start]
                executable = (frame is None and header is None) or (
                    frame is not None and frame.begun and frame.kind in _CODE_FRAMES)
                leaves.append(Leaf(first.start, t.end, first.line, first.col, executable))
            stmt_start, stmt_blocky = i + 1, False
            i += 1
            continue

        if t.kind == STRING:
            value = string_value(t).strip().upper()
            if value in ("COMMIT", "ROLLBACK") or value.startswith(("COMMIT ", "ROLLBACK ")):
                subs[current_sub()].commits.append(Pos(t.line, t.col, value.split()[0]))
            i += 1
            continue

        if t.text == "*" and prev is not None:
            before = toks[i - 2] if i > 1 else None
            if prev.upper in ("SELECT", "DISTINCT", "UNIQUE", "ALL") and prev.kind == WORD:
                select_at = i - 1
                while select_at > 0 and toks[select_at].upper != "SELECT":
                    select_at -= 1
                exists = (select_at >= 2 and toks[select_at - 1].text == "("
                          and toks[select_at - 2].upper == "EXISTS")
                if not exists:
                    stars.append(Pos(t.line, t.col, "*"))
            elif prev.text == "." and before is not None and is_identifier(before):
                stars.append(Pos(before.line, before.col, f"{before.text}.*"))
            i += 1
            continue

        if t.kind in (WORD, QIDENT) and t.upper in SYS_PACKAGES and not after_dot:
            sys_packages.append(Pos(t.line, t.col, t.upper))

        if not word or after_dot:
            if is_identifier(t) and not after_dot:
                i = _maybe_call(toks, i, subs[current_sub()], stmt_start)
                continue
            i += 1
            continue

        if word in ("PROCEDURE", "FUNCTION"):
            name_at = i + 1
            if name_at < n and is_identifier(toks[name_at]):
                parts, j = _dotted(toks, name_at)
                depth = 0
                body = False
                while j < n:
                    u = toks[j].upper
                    if toks[j].text == "(":
                        depth += 1
                    elif toks[j].text == ")":
                        if depth == 0:
                            break
                        depth -= 1
                    elif depth == 0 and toks[j].text in (";", ","):
                        break
                    elif depth == 0 and u in ("IS", "AS") and toks[j].kind == WORD:
                        nxt = toks[j + 1].upper if j + 1 < n else ""
                        body = nxt not in ("LANGUAGE", "EXTERNAL")
                        break
                    j += 1
                if body:
                    subs.append(_Sub(word, parts[-1], container, t.line, t.col))
                    top_level = len(frames) == 1 and frames[0].kind == "unit" and \
                        header is not None and header.kind == "PACKAGE BODY"
                    frames.append(_Frame("sub", len(subs) - 1, start=t.start if top_level else -1))
                    i = j + 1
                    stmt_start, stmt_blocky = i, False
                    continue
                if frame is not None and frame.kind == "spec":
                    declared.append(parts[-1])
                i = j if j < n and toks[j].text == ";" else j + 1
                continue
            i += 1
            continue

        if word == "DECLARE":
            frames.append(_Frame("declare", current_sub()))
            stmt_start, stmt_blocky = i + 1, False
        elif word == "BEGIN":
            if frame is not None and frame.kind in ("unit", "sub", "declare", "section") \
                    and not frame.begun:
                frame.begun = True
            else:
                frames.append(_Frame("begin", current_sub(), begun=True))
            stmt_start, stmt_blocky = i + 1, False
        elif word == "COMPOUND" and i + 1 < n and toks[i + 1].upper == "TRIGGER":
            frames.append(_Frame("compound", current_sub()))
            i += 2
            stmt_start, stmt_blocky = i, False
            continue
        elif word in ("BEFORE", "AFTER", "INSTEAD") and frame is not None \
                and frame.kind == "compound":
            j = i
            while j < n and toks[j].upper not in ("IS", ";"):
                j += 1
            frames.append(_Frame("section", current_sub()))
            i = j + 1
            stmt_start, stmt_blocky = i, False
            continue
        elif word in ("IF", "LOOP"):
            frames.append(_Frame(word.lower(), current_sub(), begun=True))
            stmt_blocky = True
            if word == "LOOP":
                stmt_start, stmt_blocky = i + 1, False
        elif word == "CASE":
            statement = stmt_start == i
            frames.append(_Frame("case_stmt" if statement else "case", current_sub(), begun=True))
            if statement:
                stmt_blocky = True
        elif word == "END":
            popped = frames.pop() if frames else None
            if popped is not None:
                close_handler(popped, i)
            nxt = toks[i + 1].upper if i + 1 < n else ""
            if nxt in ("IF", "LOOP", "CASE"):
                i += 1
            if popped is not None and popped.kind != "case":
                stmt_blocky = True
                while i + 1 < n and toks[i + 1].text != ";" and toks[i + 1].kind in (WORD, QIDENT):
                    i += 1
                if popped.start >= 0 and i + 1 < n and toks[i + 1].text == ";":
                    pieces.append((popped.start, toks[i + 1].end))
        elif word == "EXCEPTION" and frame is not None and frame.begun \
                and frame.kind in _BLOCK_FRAMES:
            frame.handlers = True
            stmt_start, stmt_blocky = i + 1, False
        elif word == "WHEN" and frame is not None and frame.handlers \
                and (prev is None or prev.upper not in ("EXIT", "CONTINUE")):
            close_handler(frame, i)
            j = i + 1
            others = False
            while j < n and toks[j].upper != "THEN":
                others = others or toks[j].upper == "OTHERS"
                j += 1
            if others:
                frame.handler_start, frame.handler_at = j + 1, i
            i = j + 1
            stmt_start, stmt_blocky = i, False
            continue
        elif word in ("THEN", "ELSE") and frame is not None and frame.kind != "case":
            stmt_start, stmt_blocky = i + 1, False
        elif word == "PRAGMA" and i + 1 < n and toks[i + 1].upper == "AUTONOMOUS_TRANSACTION":
            subs[current_sub()].autonomous.append(Pos(t.line, t.col, "PRAGMA AUTONOMOUS_TRANSACTION"))
        elif word in ("COMMIT", "ROLLBACK"):
            subs[current_sub()].commits.append(Pos(t.line, t.col, word))
        elif word not in _NOT_CALLS:
            i = _maybe_call(toks, i, subs[current_sub()], stmt_start)
            continue
        i += 1

    for frame in frames:  # unterminated code: still report its handlers
        close_handler(frame, n)
    facts = TextFacts(
        header=header,
        subprograms=tuple(s.freeze() for s in subs),
        declared=tuple(dict.fromkeys(declared)),
        handlers=tuple(handlers),
        sys_packages=tuple(sys_packages),
        select_stars=tuple(stars),
    )
    return Scan(facts, tuple(leaves), tuple(pieces))


def _declared_name(toks: list[Token], start: int, end: int) -> str:
    """The name a package-spec declaration introduces (type, cursor, constant, subprogram...)."""
    first = toks[start]
    at = start + 1 if first.upper in ("TYPE", "SUBTYPE", "CURSOR", "PROCEDURE", "FUNCTION") \
        else start
    if first.upper == "PRAGMA" or at >= end or not is_identifier(toks[at]):
        return ""
    return toks[at].upper


# A name right after these is a table, cursor or type being named, not a call.
_NAMING_WORDS = frozenset({"INTO", "FROM", "JOIN", "UPDATE", "TABLE", "USING", "ON", "CURSOR",
                           "TYPE", "SUBTYPE", "PROCEDURE", "FUNCTION", "%"})


def _maybe_call(toks: list[Token], i: int, sub: _Sub, stmt_start: int) -> int:
    """Record ``name(`` or a statement ``name;`` as a call; return the index past the name."""
    parts, j = _dotted(toks, i)
    if i > 0 and toks[i - 1].upper in _NAMING_WORDS:
        return j
    called = j < len(toks) and (toks[j].text == "(" or (toks[j].text == ";" and i == stmt_start))
    if called and parts not in sub.calls and parts[0] not in _NOT_CALLS:
        sub.calls[parts] = Call(parts, toks[i].line, toks[i].col)
    return j
