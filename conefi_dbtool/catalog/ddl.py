"""The DDL parser of the expected catalog: our own rendered DDL read back into catalog values.

It knows the subset of Oracle DDL our templates use (CREATE TABLE/SEQUENCE/INDEX/SYNONYM/
DATABASE LINK/USER, ALTER TABLE ... ADD, ALTER TRIGGER/USER, GRANT, CREATE OR REPLACE
units, the DBMS_SCHEDULER.CREATE_JOB call of job templates); a statement it cannot read
is a `DdlError` naming its line, never a silently empty object.

The catalog uses it only through this small interface, so the PL/SQL front end's parser
can replace it without touching the callers:

* `parse_ddl(text, owner=..., code_object=...) -> tuple[ParsedStatement, ...]` — each
  statement's line and the `DdlFact`s it declares (a table and its items, an index, a
  sequence, grants, ...), assembled into a snapshot by `catalog.expected`;
* `parse_trigger(text, owner, name)` — ALL_TRIGGERS-style metadata of a trigger unit;
* `parse_job(text, owner, name)` — the job a DBMS_SCHEDULER.CREATE_JOB call creates;
* `quota_bytes(size)` — a quota size as Oracle reports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from conefi_dbtool.catalog import normalize
from conefi_dbtool.catalog import snapshot as cat
from conefi_dbtool.catalog.normalize import keyword_text, sql_tokens
from conefi_dbtool.plsql.lexer import NAMES, Token, TokenKind, closing_paren, string_value
from conefi_dbtool.quota import quota_bytes as size_in_bytes
from conefi_dbtool.splitter import SplitError, split
from conefi_dbtool.tabledef import split_top_level

# --------------------------------------------------------------------------- interface


class DdlError(Exception):
    """A statement the parser cannot read; `line` None: the text does not split into statements."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


TableItem = cat.Column | cat.Constraint  # in statement order; a PRIMARY KEY makes its columns NOT NULL


@dataclass(frozen=True)
class _TableItems:
    """A table and the columns and constraints one statement declares on it."""

    owner: str
    name: str
    items: tuple[TableItem, ...]


class TableDeclared(_TableItems):
    """CREATE TABLE: the table and its columns and constraints."""


class TableExtended(_TableItems):
    """ALTER TABLE ... ADD: items added to a table the same object created."""


@dataclass(frozen=True)
class IndexDeclared:
    table_owner: str
    table_name: str
    index: cat.Index


@dataclass(frozen=True)
class TriggerStatus:
    """ALTER TRIGGER ... ENABLE | DISABLE."""

    owner: str
    name: str
    status: str


@dataclass(frozen=True)
class UserDeclared:
    user: cat.User
    quotas: tuple[cat.Quota, ...] = ()


@dataclass(frozen=True)
class SourceDeclared:
    """A CREATE [OR REPLACE] unit of a code object: kept as stored source text."""

    text: str


@dataclass(frozen=True)
class Granted:
    object_privileges: tuple[cat.ObjectPrivilege, ...] = ()
    system_privileges: tuple[cat.SystemPrivilege, ...] = ()
    role_grants: tuple[cat.RoleGrant, ...] = ()


DdlFact = (TableDeclared | TableExtended | IndexDeclared | TriggerStatus | UserDeclared | SourceDeclared
           | Granted | cat.Sequence | cat.Synonym | cat.DatabaseLink | cat.Quota)


@dataclass(frozen=True)
class ParsedStatement:
    line: int  # first line of the statement in the parsed text
    facts: tuple[DdlFact, ...]


def parse_ddl(text: str, *, owner: str, code_object: bool) -> tuple[ParsedStatement, ...]:
    """The facts each statement of `text` declares (unqualified names belong to `owner`).

    `code_object`: the text renders a PL/SQL unit or view, whose CREATE statements are kept
    as source text rather than parsed. SQL*Plus commands are skipped.
    """
    try:
        units = split(text)
    except SplitError as exc:
        raise DdlError(str(exc)) from None
    out = []
    for unit in units:
        if unit.kind == "sqlplus":
            continue
        try:
            facts = _statement(unit.text, unit.first_words(6).split(), owner, code_object)
        except _Bad as exc:
            raise DdlError(str(exc), unit.start) from None
        out.append(ParsedStatement(unit.start, facts))
    return tuple(out)


_CODE_WORDS = frozenset({"PACKAGE", "PROCEDURE", "FUNCTION", "TRIGGER", "TYPE", "VIEW"})


def _statement(text: str, words: list[str], owner: str, code_object: bool) -> tuple[DdlFact, ...]:
    """Dispatch on the statement's leading words."""
    head = words[0] if words else ""
    if code_object and head == "CREATE" and _CODE_WORDS.intersection(words):
        return (SourceDeclared(text),)
    s = _Stream(text)
    handler: _Handler | None = None
    if head == "CREATE":
        s.expect("CREATE")
        s.accept("OR", "REPLACE")
        handler = next((h for starts, h in _CREATE if any(s.at(*w) for w in starts)), None)
    elif head == "ALTER" and len(words) > 1 and words[1] in _ALTER:
        s.expect("ALTER", words[1])
        handler = _ALTER[words[1]]
    elif head == "GRANT":
        s.expect("GRANT")
        handler = _grant
    elif head in ("COMMENT", "BEGIN", "DECLARE"):
        return ()  # comments and blocks (e.g. DBMS_STATS) hold no compared state
    if handler is None:
        raise _Bad(f"statement {' '.join(words[:4])!r} is not understood")
    return handler(s, owner)


# --------------------------------------------------------------------------- token stream


class _Bad(Exception):
    pass


class _Stream:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = sql_tokens(text)
        self.i = 0

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, *words: str) -> bool:
        for k, w in enumerate(words):
            t = self.peek(k)
            if t is None or keyword_text(t) != w:
                return False
        return True

    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.i += len(words)
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            got = self.peek()
            raise _Bad(f"expected {' '.join(words)}, found {got.text if got else 'end of statement'!r}")

    def next(self) -> Token:
        t = self.peek()
        if t is None:
            raise _Bad("unexpected end of statement")
        self.i += 1
        return t

    def word(self) -> str:
        """The next token if it is a word or quoted name (upper-cased words), else ''."""
        t = self.peek()
        return keyword_text(t) if t is not None and t.kind in NAMES else ""

    def size(self) -> str:
        """A size like ``500M``, ``500 M`` or ``UNLIMITED``."""
        value = self.next().text
        if self.word() in ("K", "M", "G", "T", "P"):
            value += self.next().text
        return value

    def name(self) -> str:
        t = self.next()
        if t.kind not in NAMES:
            raise _Bad(f"expected a name, found {t.text!r}")
        return normalize.identifier(t.text)

    def qname(self, default_owner: str) -> tuple[str, str]:
        first = self.name()
        if self.accept("."):
            return first, self.name()
        return default_owner, first

    def balanced(self) -> tuple[int, int]:
        """Consume ``( ... )``; return the text span inside."""
        self.expect("(")
        close = closing_paren(self.toks, self.i - 1)
        if close < 0:
            raise _Bad("unexpected end of statement")
        start = self.toks[self.i - 1].end
        self.i = close + 1
        return start, self.toks[close].start

    def name_list(self) -> tuple[str, ...]:
        start, end = self.balanced()
        names = []
        for part in split_top_level(self.text[start:end]):
            toks = sql_tokens(part)
            if not toks:
                raise _Bad("empty column list entry")
            names.append(normalize.identifier(toks[0].text))
        return tuple(names)

    def skip_to_top_level(self, stop: Iterable[str]) -> tuple[int, int]:
        """Consume tokens up to (not including) a top-level stop word or the end."""
        stops = set(stop)
        first = self.peek()
        start = first.start if first is not None else len(self.text)
        end = start
        depth = 0
        while (t := self.peek()) is not None:
            if depth == 0 and (keyword_text(t) in stops or t.text in stops):
                break
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            end = t.end
            self.i += 1
        return start, end


# --------------------------------------------------------------------------- tables

_COLUMN_STOPS = ("DEFAULT", "NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK",
                 "REFERENCES", "GENERATED", "ENABLE", "DISABLE", "COLLATE", "VISIBLE",
                 "INVISIBLE", "ENCRYPT", "SORT", ",")


def _constraint_clause(s: _Stream, name: str, owner: str, column: str | None) -> cat.Constraint | None:
    """PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY / REFERENCES (inline when column given)."""
    if s.accept("PRIMARY", "KEY") or s.accept("UNIQUE"):
        ctype = "P" if keyword_text(s.toks[s.i - 1]) == "KEY" else "U"
        cols = (column,) if column is not None and not s.at("(") else s.name_list()
        _skip_constraint_state(s)
        return cat.Constraint(name, ctype, cols)
    if s.accept("CHECK"):
        start, end = s.balanced()
        _skip_constraint_state(s)
        return cat.Constraint(name, "C", (), s.text[start:end].strip())
    if s.accept("FOREIGN", "KEY") or s.at("REFERENCES"):
        cols = (column,) if column is not None and s.at("REFERENCES") else s.name_list()
        s.expect("REFERENCES")
        r_owner, r_table = s.qname(owner)
        if s.at("("):
            s.name_list()
        if s.accept("ON", "DELETE"):
            s.accept("CASCADE") or s.accept("SET", "NULL")
        _skip_constraint_state(s)
        return cat.Constraint(name, "R", cols, "", f"{r_owner}.{r_table}")
    return None


def _skip_constraint_state(s: _Stream) -> None:
    while True:
        if s.accept("USING", "INDEX"):
            if s.at("("):
                s.balanced()
            else:
                s.skip_to_top_level(("ENABLE", "DISABLE", ",", ")", "CONSTRAINT", "NOT", "NULL",
                                     "PRIMARY", "UNIQUE", "CHECK", "REFERENCES"))
            continue
        if any(s.accept(w) for w in ("ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY",
                                     "NORELY", "DEFERRABLE", "IMMEDIATE", "DEFERRED")):
            continue
        if s.accept("INITIALLY"):
            continue
        if s.accept("NOT", "DEFERRABLE"):
            continue
        return


def _column_def(s: _Stream, owner: str, items: list[TableItem]) -> None:
    """One column definition: its inline constraints, then the column itself."""
    name = s.name()
    start, end = s.skip_to_top_level(_COLUMN_STOPS)
    dtype = normalize.data_type(s.text[start:end])
    nullable = True
    default = ""
    while s.peek() is not None:
        if s.accept("DEFAULT"):
            if s.accept("ON", "NULL"):
                nullable = False
            if s.at("NULL"):
                s.next()
                default = "NULL"
            else:
                d0, d1 = s.skip_to_top_level(("NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE",
                                              "CHECK", "REFERENCES", "ENABLE", "DISABLE"))
                default = s.text[d0:d1].strip()
            continue
        if s.accept("GENERATED"):
            s.skip_to_top_level(("IDENTITY",))
            s.expect("IDENTITY")
            if s.at("("):
                s.balanced()
            default, nullable = "IDENTITY", False
            continue
        if s.accept("NOT", "NULL"):
            nullable = False
            _skip_constraint_state(s)
            continue
        if s.accept("NULL"):
            continue
        cname = ""
        if s.accept("CONSTRAINT"):
            cname = s.name()
            if s.accept("NOT", "NULL"):
                nullable = False
                _skip_constraint_state(s)
                continue
        c = _constraint_clause(s, cname, owner, name)
        if c is not None:
            items.append(c)
            if c.type == "P":
                nullable = False
            continue
        if cname:
            raise _Bad(f"cannot read constraint {cname} of column {name}")
        s.skip_to_top_level((",",))  # COLLATE, VISIBLE, ...: not compared
    items.append(cat.Column(name, dtype, nullable, default))


def _relational_item(text: str, owner: str, items: list[TableItem]) -> None:
    """A column or out-of-line constraint; `owner` (the table's) qualifies REFERENCES."""
    s = _Stream(text)
    cname = ""
    if s.accept("CONSTRAINT"):
        cname = s.name()
    if s.at("PRIMARY") or s.at("UNIQUE") or s.at("CHECK") or s.at("FOREIGN"):
        c = _constraint_clause(s, cname, owner, None)
        if c is None:  # pragma: no cover - guarded by the `at` checks
            raise _Bad("cannot read constraint")
        items.append(c)
        return
    if cname:
        raise _Bad(f"cannot read constraint {cname}")
    _column_def(s, owner, items)


def _create_table(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    s.accept("GLOBAL", "TEMPORARY")
    s.accept("PRIVATE", "TEMPORARY")
    s.expect("TABLE")
    t_owner, t_name = s.qname(owner)
    items: list[TableItem] = []
    start, end = s.balanced()
    for item in split_top_level(s.text[start:end]):
        _relational_item(item, t_owner, items)
    return (TableDeclared(t_owner, t_name, tuple(items)),)


def _alter_table(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    t_owner, t_name = s.qname(owner)
    if not s.accept("ADD"):
        raise _Bad("only ALTER TABLE ... ADD is understood in a table template")
    items: list[TableItem] = []
    if s.at("("):
        start, end = s.balanced()
        for item in split_top_level(s.text[start:end]):
            _relational_item(item, t_owner, items)
    else:
        start, end = s.skip_to_top_level(())
        _relational_item(s.text[start:end], t_owner, items)
    return (TableExtended(t_owner, t_name, tuple(items)),)


def _create_index(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    unique = s.accept("UNIQUE")
    s.accept("BITMAP")
    s.expect("INDEX")
    _i_owner, i_name = s.qname(owner)
    s.expect("ON")
    key = s.qname(owner)
    start, end = s.balanced()
    cols = []
    for part in split_top_level(s.text[start:end]):
        toks = sql_tokens(part)
        if len(toks) == 1 or (len(toks) == 2 and keyword_text(toks[1]) in ("ASC",)):
            cols.append(normalize.identifier(toks[0].text))
        else:
            cols.append(normalize.sql_expression(part))
    return (IndexDeclared(*key, cat.Index(i_name, tuple(cols), unique)),)


# --------------------------------------------------------------------------- other DDL


def _create_sequence(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    s.expect("SEQUENCE")
    q_owner, q_name = s.qname(owner)
    increment, cache, cycle = 1, 20, False
    while (t := s.peek()) is not None:
        if s.accept("INCREMENT", "BY"):
            increment = _signed_int(s)
        elif s.accept("CACHE"):
            cache = _signed_int(s)
        elif s.accept("NOCACHE"):
            cache = 0
        elif s.accept("CYCLE"):
            cycle = True
        elif s.accept("NOCYCLE"):
            cycle = False
        else:
            s.next()
            del t
    return (cat.Sequence(q_owner, q_name, increment, cache, cycle),)


def _signed_int(s: _Stream) -> int:
    sign = -1 if s.accept("-") else 1
    t = s.next()
    if t.kind is not TokenKind.NUMBER:
        raise _Bad(f"expected a number, found {t.text!r}")
    return sign * int(t.text)


def _create_synonym(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    public = s.accept("PUBLIC")
    s.expect("SYNONYM")
    y_owner, y_name = s.qname(owner)
    s.expect("FOR")
    t_owner, t_name = s.qname(owner)
    link = ""
    if s.accept("@"):
        link = normalize.db_link_name(s.next().text)
    return (cat.Synonym("PUBLIC" if public else y_owner, y_name, t_owner, t_name, link),)


def _create_db_link(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    s.accept("SHARED")
    s.accept("PUBLIC")
    s.expect("DATABASE", "LINK")
    name = normalize.db_link_name(s.next().text)
    user = ""
    host = ""
    while s.peek() is not None:
        if s.accept("CONNECT", "TO"):
            if not s.accept("CURRENT_USER"):
                user = s.name()
        elif s.accept("USING"):
            t = s.next()
            host = string_value(t) if t.kind is TokenKind.STRING else t.text
        else:
            s.next()
    return (cat.DatabaseLink(owner, name, user, host),)




def quota_bytes(text: str) -> int:
    """Quota size as Oracle reports it (bytes; -1 = unlimited): `quota.quota_bytes`."""
    try:
        return size_in_bytes(text)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _create_user(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    s.expect("USER")
    name = s.name()
    default_ts = temp_ts = ""
    profile = "DEFAULT"
    quotas = []
    while s.peek() is not None:
        if s.accept("DEFAULT", "TABLESPACE"):
            default_ts = s.name()
        elif s.accept("TEMPORARY", "TABLESPACE"):
            temp_ts = s.name()
        elif s.accept("PROFILE"):
            profile = s.name()
        elif s.accept("QUOTA"):
            size = s.size()
            s.expect("ON")
            quotas.append(cat.Quota(name, s.name(), quota_bytes(size)))
        else:
            s.next()
    return (UserDeclared(cat.User(name, default_ts, temp_ts, profile), tuple(quotas)),)


def _alter_user(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    uname = s.name()
    quotas: list[DdlFact] = []
    while s.accept("QUOTA"):
        size = s.size()
        s.expect("ON")
        quotas.append(cat.Quota(uname, s.name(), quota_bytes(size)))
    return tuple(quotas)


def _alter_trigger(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    t_owner, t_name = s.qname(owner)
    state = "ENABLED" if s.accept("ENABLE") else "DISABLED" if s.accept("DISABLE") else None
    return () if state is None else (TriggerStatus(t_owner, t_name, state),)


def _grant(s: _Stream, owner: str) -> tuple[DdlFact, ...]:
    """GRANT privs ON obj TO grantees [WITH GRANT OPTION] / GRANT sysprivs|roles TO ..."""
    p0, p1 = s.skip_to_top_level(("ON", "TO"))
    privs = [normalize.privilege(p) for p in split_top_level(s.text[p0:p1])]
    on: tuple[str, str] | None = None
    if s.accept("ON"):
        on = s.qname(owner)
    s.expect("TO")
    g0, g1 = s.skip_to_top_level(("WITH",))
    grantees = [normalize.identifier(g) for g in split_top_level(s.text[g0:g1])]
    grant_option = s.accept("WITH", "GRANT", "OPTION")
    admin_option = s.accept("WITH", "ADMIN", "OPTION")
    if on is not None:
        return (Granted(object_privileges=tuple(
            cat.ObjectPrivilege(g, on[0], on[1], p, grant_option) for g in grantees for p in privs)),)
    sys_privs = tuple(cat.SystemPrivilege(g, p, admin_option) for g in grantees for p in privs if " " in p)
    roles = tuple(cat.RoleGrant(g, p, admin_option) for g in grantees for p in privs if " " not in p)
    return (Granted(system_privileges=sys_privs, role_grants=roles),)


_Handler = Callable[["_Stream", str], tuple[DdlFact, ...]]
# CREATE [OR REPLACE] <words>: the first handler whose leading words match.
_CREATE: tuple[tuple[tuple[tuple[str, ...], ...], _Handler], ...] = (
    ((("TABLE",), ("GLOBAL",), ("PRIVATE",)), _create_table),
    ((("SEQUENCE",),), _create_sequence),
    ((("UNIQUE",), ("BITMAP",), ("INDEX",)), _create_index),
    ((("PUBLIC", "SYNONYM"), ("SYNONYM",)), _create_synonym),
    ((("DATABASE",), ("SHARED",), ("PUBLIC", "DATABASE")), _create_db_link),
    ((("USER",),), _create_user),
)
_ALTER: dict[str, _Handler] = {"TABLE": _alter_table, "TRIGGER": _alter_trigger, "USER": _alter_user}


# --------------------------------------------------------------------------- jobs

# DBMS_SCHEDULER.CREATE_JOB positional parameters (the job-type overload).
_CREATE_JOB_PARAMS = ("job_name", "job_type", "job_action", "number_of_arguments", "start_date",
                      "repeat_interval", "end_date", "job_class", "enabled", "auto_drop",
                      "comments")


def _expr_value(text: str) -> str | bool:
    """A literal, a concatenation of literals, TRUE/FALSE; anything else as its text."""
    toks = sql_tokens(text)
    if len(toks) == 1 and toks[0].is_word("TRUE", "FALSE"):
        return toks[0].is_word("TRUE")
    if toks and len(toks) % 2 == 1 and all(
            t.kind is TokenKind.STRING if i % 2 == 0 else t.text == "||" for i, t in enumerate(toks)):
        return "".join(string_value(t) for t in toks[::2])
    return text.strip()


def _zone_of_expression(text: str) -> str:
    """The time zone named by a start_date expression (region or offset), if any."""
    for tok in sql_tokens(text):
        if tok.kind is not TokenKind.STRING:
            continue
        value = string_value(tok).strip()
        if not value:
            continue
        zone = normalize.start_zone(value)
        if zone.upper() in normalize._regions() or re.fullmatch(r"[+-]\d\d:\d\d", zone):
            return zone
    return ""


def _scheduler_calls(text: str) -> list[tuple[str, list[tuple[str | None, str]]]]:
    """Every ``[SYS.]DBMS_SCHEDULER.<PROC>(args)`` call: (PROC, [(name or None, text)])."""
    toks = sql_tokens(text)
    calls = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if keyword_text(t) == "DBMS_SCHEDULER" and i + 3 < len(toks) and toks[i + 1].text == "." \
                and toks[i + 3].text == "(":
            proc = keyword_text(toks[i + 2])
            start = toks[i + 3].end
            j = closing_paren(toks, i + 3)
            inner = text[start:toks[j].start] if j >= 0 else text[start:]
            j = j if j >= 0 else len(toks)
            args: list[tuple[str | None, str]] = []
            for part in split_top_level(inner):
                head = sql_tokens(part)[:2]
                if len(head) == 2 and head[0].kind is TokenKind.WORD and head[1].text == "=>":
                    args.append((head[0].text.lower(), part[head[1].end:]))
                else:
                    args.append((None, part))
            calls.append((proc, args))
            i = j
        i += 1
    return calls


def parse_job(text: str, owner: str, name: str) -> cat.SchedulerJob:
    """The job `OWNER.NAME` a job template's text creates, from its DBMS_SCHEDULER.CREATE_JOB call."""
    calls = _scheduler_calls(text)
    creates = [args for proc, args in calls if proc == "CREATE_JOB"]
    if not creates:
        raise DdlError("no DBMS_SCHEDULER.CREATE_JOB call found (job templates must create "
                       "the job with literal named arguments so drift can compare it)")
    values: dict[str, str | bool] = {}
    raw: dict[str, str] = {}
    for pos, (arg, arg_text) in enumerate(creates[0]):
        key = arg or (_CREATE_JOB_PARAMS[pos] if pos < len(_CREATE_JOB_PARAMS) else f"arg{pos}")
        values[key] = _expr_value(arg_text)
        raw[key] = arg_text
    enabled = values.get("enabled", False) is True
    for proc, args in calls:
        if proc == "ENABLE" and args:
            target = _expr_value(args[0][1])
            if isinstance(target, str) and normalize.identifier(target.split(".")[-1]) == name:
                enabled = True

    def text_of(key: str, default: str = "") -> str:
        v = values.get(key, default)
        return v if isinstance(v, str) else str(v).upper()

    return cat.SchedulerJob(
        owner=owner,
        name=name,
        job_type=text_of("job_type", "PLSQL_BLOCK").upper(),
        job_action=text_of("job_action"),
        repeat_interval=text_of("repeat_interval"),
        start_date=_zone_of_expression(raw.get("start_date", "")),
        enabled=enabled,
        comments=text_of("comments"),
    )


# --------------------------------------------------------------------------- triggers

_TRIGGER_BODY_START = ("DECLARE", "BEGIN", "CALL", "COMPOUND")


def _trigger_events(tokens: tuple[Token, ...]) -> str:
    """The events of ``INSERT OR UPDATE OF a, b OR DELETE`` (G1), from its tokens: the
    columns of ``OF`` and any comment are not events."""
    words: list[str] = []
    columns = False
    for token in tokens:
        if token.is_word("OF", "OR"):
            columns = token.is_word("OF")
        elif not columns:
            words.append(keyword_text(token))
    return normalize.trigger_events(" ".join(words))


def parse_trigger(unit_text: str, owner: str, name: str) -> cat.Trigger:
    """ALL_TRIGGERS-style metadata from a CREATE TRIGGER statement."""
    s = _Stream(unit_text)
    s.expect("CREATE")
    s.accept("OR", "REPLACE")
    s.accept("EDITIONABLE") or s.accept("NONEDITIONABLE")
    s.expect("TRIGGER")
    s.qname(owner)
    if s.accept("INSTEAD", "OF"):
        timing = "INSTEAD OF"
    elif s.accept("FOR"):
        timing = "FOR"
    else:
        word = keyword_text(s.next())
        if word not in ("BEFORE", "AFTER"):
            raise _Bad(f"trigger timing {word!r} is not understood")
        timing = word
    first_event = s.i
    s.skip_to_top_level(("ON",))
    events = _trigger_events(s.toks[first_event:s.i])
    s.expect("ON")
    t_owner, t_name = s.qname(owner)
    row = False
    when = ""
    status = "ENABLED"
    compound = False
    while (t := s.peek()) is not None and keyword_text(t) not in _TRIGGER_BODY_START:
        if s.accept("FOR", "EACH", "ROW"):
            row = True
        elif s.accept("REFERENCING"):
            while s.word() in ("OLD", "NEW", "PARENT", "AS"):
                s.next()
                if s.word() not in ("", "OLD", "NEW", "PARENT", "AS", "FOR", "WHEN"):
                    s.next()
        elif s.accept("WHEN"):
            w0, w1 = s.balanced()
            when = s.text[w0:w1].strip()
        elif s.accept("ENABLE"):
            status = "ENABLED"
        elif s.accept("DISABLE"):
            status = "DISABLED"
        elif s.accept("FOLLOWS") or s.accept("PRECEDES"):
            s.qname(owner)
            while s.accept(","):
                s.qname(owner)
        else:
            s.next()
    if s.at("COMPOUND", "TRIGGER"):
        compound = True
    if compound or timing == "FOR":
        trigger_type = "COMPOUND"
    elif timing == "INSTEAD OF":
        trigger_type = "INSTEAD OF"
    else:
        trigger_type = f"{timing} {'EACH ROW' if row else 'STATEMENT'}"
    return cat.Trigger(owner, name, t_owner, t_name, events, trigger_type, when, status)


