"""The catalog a database should hold at a given desired state, computed offline.

Built from the rendered objects (our own DDL, parsed here: CREATE TABLE/SEQUENCE/INDEX,
CREATE OR REPLACE units, the DBMS_SCHEDULER.CREATE_JOB call of job templates) and from
the grants model (`conefi_dbtool.grants.expected_privileges`). The result is the same
`CatalogSnapshot` value a live read produces, so `catalog expected` can be diffed by hand
and `drift --catalog <(catalog expected)` reports nothing.

The DDL parser knows the subset of Oracle DDL our templates use; a statement it cannot
read is an error naming the template, never a silently empty object.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from conefi_dbtool.catalog import normalize
from conefi_dbtool.catalog.normalize import Token, sql_tokens
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    Constraint,
    DatabaseCatalog,
    DatabaseLink,
    Index,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SchedulerJob,
    Sequence,
    SourceObject,
    Synonym,
    SystemPrivilege,
    Table,
    Trigger,
    User,
)
from conefi_dbtool.config import DATABASES, Project, Target
from conefi_dbtool.errors import RenderError
from conefi_dbtool.objects import RenderedObject
from conefi_dbtool.render import RenderResult
from conefi_dbtool.splitter import SplitError, Unit, split

SOURCE_TYPES = frozenset(
    {"package", "package_body", "procedure", "function", "type", "type_body", "trigger", "view"}
)


@dataclass(frozen=True)
class ExpectedPrivileges:
    """What the grants model says a database's users should hold (duck-typed contract)."""

    users: tuple[User, ...] = ()
    quotas: tuple[Quota, ...] = ()
    object_privileges: tuple[ObjectPrivilege, ...] = ()
    system_privileges: tuple[SystemPrivilege, ...] = ()
    role_grants: tuple[RoleGrant, ...] = ()
    database_links: tuple[DatabaseLink, ...] = ()  # links the DBA section creates (no template)


PrivilegesProvider = Callable[..., Any]  # (project, target, database, *, result=None) -> privileges


def grants_privileges(project: Project, target: Target, database: str, *,
                      result: RenderResult | None = None) -> Any:
    """The grants model's privileges for one database; None when the project has none.

    A project without a grants directory (or a tool without the grants model) leaves
    privileges unmanaged: drift then does not judge them rather than call every grant
    unexpected.
    """
    if not project.grants_dir.is_dir():
        return None
    try:
        from conefi_dbtool import grants
    except ModuleNotFoundError as exc:  # pragma: no cover - the grants model ships with the tool
        if exc.name == "conefi_dbtool.grants":
            return None
        raise
    provider = getattr(grants, "expected_privileges", None)
    if provider is None:  # pragma: no cover - a grants package without the model yet
        return None
    if "result" in inspect.signature(provider).parameters:
        return provider(project, target, database, result=result)
    return provider(project, target, database)  # pragma: no cover - older signature


def managed_owner(target: Target, database: str) -> str:
    """The schema whose every object the model owns (read in full by the catalog reader)."""
    return str(target.database(database).schemas.conefi)


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
            if t is None or t.upper != w:
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
            raise _Bad(f"expected {' '.join(words)}, found {got.value if got else 'end of statement'!r}")

    def next(self) -> Token:
        t = self.peek()
        if t is None:
            raise _Bad("unexpected end of statement")
        self.i += 1
        return t

    def word(self) -> str:
        """The next token if it is a word or quoted name (upper-cased words), else ''."""
        t = self.peek()
        return t.upper if t is not None and t.kind in ("word", "qident") else ""

    def size(self) -> str:
        """A size like ``500M``, ``500 M`` or ``UNLIMITED``."""
        value = self.next().value
        if self.word() in ("K", "M", "G", "T", "P"):
            value += self.next().value
        return value

    def name(self) -> str:
        t = self.next()
        if t.kind not in ("word", "qident"):
            raise _Bad(f"expected a name, found {t.value!r}")
        return normalize.identifier(t.value)

    def qname(self, default_owner: str) -> tuple[str, str]:
        first = self.name()
        if self.accept("."):
            return first, self.name()
        return default_owner, first

    def balanced(self) -> tuple[int, int]:
        """Consume ``( ... )``; return the text span inside."""
        self.expect("(")
        start = self.toks[self.i - 1].end
        depth = 1
        while True:
            t = self.next()
            if t.value == "(":
                depth += 1
            elif t.value == ")":
                depth -= 1
                if depth == 0:
                    return start, t.start

    def name_list(self) -> tuple[str, ...]:
        start, end = self.balanced()
        names = []
        for part in _split_top(self.text[start:end]):
            toks = sql_tokens(part)
            if not toks:
                raise _Bad("empty column list entry")
            names.append(normalize.identifier(toks[0].value))
        return tuple(names)

    def skip_to_top_level(self, stop: Iterable[str]) -> tuple[int, int]:
        """Consume tokens up to (not including) a top-level stop word or the end."""
        stops = set(stop)
        first = self.peek()
        start = first.start if first is not None else len(self.text)
        end = start
        depth = 0
        while (t := self.peek()) is not None:
            if depth == 0 and (t.upper in stops or t.value in stops):
                break
            if t.value == "(":
                depth += 1
            elif t.value == ")":
                depth -= 1
            end = t.end
            self.i += 1
        return start, end


def _split_top(text: str) -> list[str]:
    """Split on top-level commas."""
    parts: list[str] = []
    depth = 0
    last = 0
    for t in sql_tokens(text):
        if t.value == "(":
            depth += 1
        elif t.value == ")":
            depth -= 1
        elif t.value == "," and depth == 0:
            parts.append(text[last:t.start])
            last = t.end
    tail = text[last:]
    if tail.strip():
        parts.append(tail)
    return parts


def _string_value(tok: Token) -> str:
    v = tok.value
    if v[:1] in "nN" and len(v) > 1 and v[1] in "qQ'":
        v = v[1:]
    if v[:1] in "qQ":
        return v[3:-2]
    return v[1:-1].replace("''", "'")


# --------------------------------------------------------------------------- tables

_COLUMN_STOPS = ("DEFAULT", "NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK",
                 "REFERENCES", "GENERATED", "ENABLE", "DISABLE", "COLLATE", "VISIBLE",
                 "INVISIBLE", "ENCRYPT", "SORT", ",")


@dataclass
class _TableBuilder:
    owner: str
    name: str
    columns: list[Column] = dataclasses.field(default_factory=list)
    indexes: list[Index] = dataclasses.field(default_factory=list)
    constraints: list[Constraint] = dataclasses.field(default_factory=list)

    def set_not_null(self, names: Iterable[str]) -> None:
        wanted = set(names)
        self.columns = [dataclasses.replace(c, nullable=False) if c.name in wanted else c
                        for c in self.columns]

    def build(self) -> Table:
        backing = {c.name for c in self.constraints if c.type in ("P", "U")}
        indexes = tuple(i for i in self.indexes if i.name not in backing)
        return Table(self.owner, self.name, tuple(self.columns), indexes, tuple(self.constraints))


def _constraint_clause(s: _Stream, name: str, owner: str, column: str | None) -> Constraint | None:
    """PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY / REFERENCES (inline when column given)."""
    if s.accept("PRIMARY", "KEY") or s.accept("UNIQUE"):
        ctype = "P" if s.toks[s.i - 1].upper == "KEY" else "U"
        cols = (column,) if column is not None and not s.at("(") else s.name_list()
        _skip_constraint_state(s)
        return Constraint(name, ctype, cols)
    if s.accept("CHECK"):
        start, end = s.balanced()
        _skip_constraint_state(s)
        return Constraint(name, "C", (), s.text[start:end].strip())
    if s.accept("FOREIGN", "KEY") or s.at("REFERENCES"):
        cols = (column,) if column is not None and s.at("REFERENCES") else s.name_list()
        s.expect("REFERENCES")
        r_owner, r_table = s.qname(owner)
        if s.at("("):
            s.name_list()
        if s.accept("ON", "DELETE"):
            s.accept("CASCADE") or s.accept("SET", "NULL")
        _skip_constraint_state(s)
        return Constraint(name, "R", cols, "", f"{r_owner}.{r_table}")
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


def _column_def(s: _Stream, tb: _TableBuilder) -> None:
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
        c = _constraint_clause(s, cname, tb.owner, name)
        if c is not None:
            tb.constraints.append(c)
            if c.type == "P":
                nullable = False
            continue
        if cname:
            raise _Bad(f"cannot read constraint {cname} of column {name}")
        s.skip_to_top_level((",",))  # COLLATE, VISIBLE, ...: not compared
    tb.columns.append(Column(name, dtype, nullable, default))


def _relational_item(text: str, tb: _TableBuilder) -> None:
    s = _Stream(text)
    cname = ""
    if s.accept("CONSTRAINT"):
        cname = s.name()
    if s.at("PRIMARY") or s.at("UNIQUE") or s.at("CHECK") or s.at("FOREIGN"):
        c = _constraint_clause(s, cname, tb.owner, None)
        if c is None:  # pragma: no cover - guarded by the `at` checks
            raise _Bad("cannot read constraint")
        tb.constraints.append(c)
        if c.type == "P":
            tb.set_not_null(c.columns)
        return
    if cname:
        raise _Bad(f"cannot read constraint {cname}")
    _column_def(s, tb)


def _create_table(s: _Stream, owner: str) -> _TableBuilder:
    s.accept("GLOBAL", "TEMPORARY")
    s.accept("PRIVATE", "TEMPORARY")
    s.expect("TABLE")
    t_owner, t_name = s.qname(owner)
    tb = _TableBuilder(t_owner, t_name)
    start, end = s.balanced()
    for item in _split_top(s.text[start:end]):
        _relational_item(item, tb)
    return tb


def _alter_table(s: _Stream, owner: str, tables: dict[tuple[str, str], _TableBuilder]) -> None:
    t_owner, t_name = s.qname(owner)
    tb = tables.get((t_owner, t_name))
    if tb is None:
        raise _Bad(f"ALTER TABLE {t_owner}.{t_name}: the table is not created by this object")
    if s.accept("ADD"):
        if s.at("("):
            start, end = s.balanced()
            for item in _split_top(s.text[start:end]):
                _relational_item(item, tb)
        else:
            start, end = s.skip_to_top_level(())
            _relational_item(s.text[start:end], tb)
        return
    raise _Bad("only ALTER TABLE ... ADD is understood in a table template")


def _create_index(s: _Stream, owner: str, tables: dict[tuple[str, str], _TableBuilder]) -> tuple[
    tuple[str, str], Index
]:
    unique = s.accept("UNIQUE")
    s.accept("BITMAP")
    s.expect("INDEX")
    _i_owner, i_name = s.qname(owner)
    s.expect("ON")
    key = s.qname(owner)
    start, end = s.balanced()
    cols = []
    for part in _split_top(s.text[start:end]):
        toks = sql_tokens(part)
        if len(toks) == 1 or (len(toks) == 2 and toks[1].upper in ("ASC",)):
            cols.append(normalize.identifier(toks[0].value))
        else:
            cols.append(normalize.sql_expression(part))
    return key, Index(i_name, tuple(cols), unique)


# --------------------------------------------------------------------------- other DDL


def _create_sequence(s: _Stream, owner: str) -> Sequence:
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
    return Sequence(q_owner, q_name, increment, cache, cycle)


def _signed_int(s: _Stream) -> int:
    sign = -1 if s.accept("-") else 1
    t = s.next()
    if t.kind != "number":
        raise _Bad(f"expected a number, found {t.value!r}")
    return sign * int(t.value)


def _create_synonym(s: _Stream, owner: str) -> Synonym:
    public = s.accept("PUBLIC")
    s.expect("SYNONYM")
    y_owner, y_name = s.qname(owner)
    s.expect("FOR")
    t_owner, t_name = s.qname(owner)
    link = ""
    if s.accept("@"):
        link = normalize.db_link_name(s.next().value)
    return Synonym("PUBLIC" if public else y_owner, y_name, t_owner, t_name, link)


def _create_db_link(s: _Stream, owner: str) -> DatabaseLink:
    s.accept("SHARED")
    s.accept("PUBLIC")
    s.expect("DATABASE", "LINK")
    name = normalize.db_link_name(s.next().value)
    user = ""
    host = ""
    while s.peek() is not None:
        if s.accept("CONNECT", "TO"):
            if not s.accept("CURRENT_USER"):
                user = s.name()
        elif s.accept("USING"):
            t = s.next()
            host = _string_value(t) if t.kind == "string" else t.value
        else:
            s.next()
    return DatabaseLink(owner, name, user, host)


_QUOTA = re.compile(r"(\d+)\s*([KMGTP]?)\Z", re.I)


def quota_bytes(text: str) -> int:
    """Quota size as Oracle reports it (bytes; -1 = unlimited)."""
    value = text.strip().upper()
    if value == "UNLIMITED":
        return -1
    m = _QUOTA.match(value)
    if not m:
        raise _Bad(f"not a quota size: {text!r}")
    power = " KMGTP".index(m.group(2) or " ")
    return int(m.group(1)) << (10 * power)


def _create_user(s: _Stream) -> tuple[User, list[Quota]]:
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
            quotas.append(Quota(name, s.name(), quota_bytes(size)))
        else:
            s.next()
    return User(name, default_ts, temp_ts, profile), quotas


@dataclass(frozen=True)
class _Grants:
    object_privileges: tuple[ObjectPrivilege, ...] = ()
    system_privileges: tuple[SystemPrivilege, ...] = ()
    role_grants: tuple[RoleGrant, ...] = ()


def _grant(s: _Stream, owner: str) -> _Grants:
    """GRANT privs ON obj TO grantees [WITH GRANT OPTION] / GRANT sysprivs|roles TO ..."""
    p0, p1 = s.skip_to_top_level(("ON", "TO"))
    privs = [normalize.privilege(p) for p in _split_top(s.text[p0:p1])]
    on: tuple[str, str] | None = None
    if s.accept("ON"):
        on = s.qname(owner)
    s.expect("TO")
    g0, g1 = s.skip_to_top_level(("WITH",))
    grantees = [normalize.identifier(g) for g in _split_top(s.text[g0:g1])]
    grant_option = s.accept("WITH", "GRANT", "OPTION")
    admin_option = s.accept("WITH", "ADMIN", "OPTION")
    if on is not None:
        return _Grants(object_privileges=tuple(
            ObjectPrivilege(g, on[0], on[1], p, grant_option) for g in grantees for p in privs))
    sys_privs = tuple(SystemPrivilege(g, p, admin_option) for g in grantees for p in privs if " " in p)
    roles = tuple(RoleGrant(g, p, admin_option) for g in grantees for p in privs if " " not in p)
    return _Grants(system_privileges=sys_privs, role_grants=roles)


# --------------------------------------------------------------------------- jobs

# DBMS_SCHEDULER.CREATE_JOB positional parameters (the job-type overload).
_CREATE_JOB_PARAMS = ("job_name", "job_type", "job_action", "number_of_arguments", "start_date",
                      "repeat_interval", "end_date", "job_class", "enabled", "auto_drop",
                      "comments")


def _expr_value(text: str) -> str | bool:
    """A literal, a concatenation of literals, TRUE/FALSE; anything else as its text."""
    toks = sql_tokens(text)
    if len(toks) == 1 and toks[0].kind == "word" and toks[0].upper in ("TRUE", "FALSE"):
        return toks[0].upper == "TRUE"
    if toks and all(t.kind == "string" if i % 2 == 0 else t.value == "||" for i, t in enumerate(toks)) \
            and len(toks) % 2 == 1:
        return "".join(_string_value(t) for t in toks[::2])
    return text.strip()


def _zone_of_expression(text: str) -> str:
    """The time zone named by a start_date expression (region or offset), if any."""
    for tok in sql_tokens(text):
        if tok.kind != "string":
            continue
        value = _string_value(tok).strip()
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
        if t.upper == "DBMS_SCHEDULER" and i + 3 < len(toks) and toks[i + 1].value == "." \
                and toks[i + 3].value == "(":
            proc = toks[i + 2].upper
            depth = 0
            j = i + 3
            start = toks[j].end
            while j < len(toks):
                if toks[j].value == "(":
                    depth += 1
                elif toks[j].value == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = text[start:toks[j].start] if j < len(toks) else text[start:]
            args: list[tuple[str | None, str]] = []
            for part in _split_top(inner):
                m = re.match(r"\s*([A-Za-z_][\w$#]*)\s*=>", part)
                if m:
                    args.append((m.group(1).lower(), part[m.end():]))
                else:
                    args.append((None, part))
            calls.append((proc, args))
            i = j
        i += 1
    return calls


def parse_job(obj: RenderedObject) -> SchedulerJob:
    """The job a job template creates, from its DBMS_SCHEDULER.CREATE_JOB call."""
    calls = _scheduler_calls(obj.text)
    creates = [args for proc, args in calls if proc == "CREATE_JOB"]
    if not creates:
        raise RenderError(
            f"{obj.id}: no DBMS_SCHEDULER.CREATE_JOB call found (job templates must create "
            "the job with literal named arguments so drift can compare it)", template=obj.template)
    values: dict[str, str | bool] = {}
    raw: dict[str, str] = {}
    for pos, (name, text) in enumerate(creates[0]):
        key = name or (_CREATE_JOB_PARAMS[pos] if pos < len(_CREATE_JOB_PARAMS) else f"arg{pos}")
        values[key] = _expr_value(text)
        raw[key] = text
    enabled = values.get("enabled", False) is True
    for proc, args in calls:
        if proc == "ENABLE" and args:
            target = _expr_value(args[0][1])
            if isinstance(target, str) and normalize.identifier(target.split(".")[-1]) == obj.id.name:
                enabled = True

    def text_of(key: str, default: str = "") -> str:
        v = values.get(key, default)
        return v if isinstance(v, str) else str(v).upper()

    return SchedulerJob(
        owner=obj.id.owner,
        name=obj.id.name,
        job_type=text_of("job_type", "PLSQL_BLOCK").upper(),
        job_action=text_of("job_action"),
        repeat_interval=text_of("repeat_interval"),
        start_date=_zone_of_expression(raw.get("start_date", "")),
        enabled=enabled,
        comments=text_of("comments"),
    )


# --------------------------------------------------------------------------- triggers

_TRIGGER_BODY_START = ("DECLARE", "BEGIN", "CALL", "COMPOUND")


def parse_trigger(unit_text: str, owner: str, name: str) -> Trigger:
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
        word = s.next().upper
        if word not in ("BEFORE", "AFTER"):
            raise _Bad(f"trigger timing {word!r} is not understood")
        timing = word
    e0, e1 = s.skip_to_top_level(("ON",))
    events = normalize.trigger_events(re.sub(r"\bOF\b.*?(?=\bOR\b|\Z)", "", s.text[e0:e1], flags=re.I | re.S))
    s.expect("ON")
    t_owner, t_name = s.qname(owner)
    row = False
    when = ""
    status = "ENABLED"
    compound = False
    while (t := s.peek()) is not None and t.upper not in _TRIGGER_BODY_START:
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
    return Trigger(owner, name, t_owner, t_name, events, trigger_type, when, status)


# --------------------------------------------------------------------------- assembly


@dataclass
class _DbBuilder:
    database: str
    owner: str
    sources: list[SourceObject] = dataclasses.field(default_factory=list)
    triggers: list[Trigger] = dataclasses.field(default_factory=list)
    tables: dict[tuple[str, str], _TableBuilder] = dataclasses.field(default_factory=dict)
    pending_indexes: list[tuple[tuple[str, str], Index, RenderedObject]] = dataclasses.field(
        default_factory=list)
    sequences: list[Sequence] = dataclasses.field(default_factory=list)
    synonyms: list[Synonym] = dataclasses.field(default_factory=list)
    links: list[DatabaseLink] = dataclasses.field(default_factory=list)
    jobs: list[SchedulerJob] = dataclasses.field(default_factory=list)
    users: list[User] = dataclasses.field(default_factory=list)
    quotas: list[Quota] = dataclasses.field(default_factory=list)
    obj_privs: list[ObjectPrivilege] = dataclasses.field(default_factory=list)
    sys_privs: list[SystemPrivilege] = dataclasses.field(default_factory=list)
    roles: list[RoleGrant] = dataclasses.field(default_factory=list)


def _units(obj: RenderedObject) -> tuple[Unit, ...]:
    try:
        return split(obj.text)
    except SplitError as exc:
        raise RenderError(f"cannot split rendered {obj.id}: {exc}", template=obj.template) from None


def _fail(obj: RenderedObject, unit: Unit, message: str) -> RenderError:
    line = unit.start
    where = obj.source_of(line)
    if where is not None:
        return RenderError(f"{obj.id}: {message}", template=where.template, line=where.line)
    return RenderError(f"{obj.id} line {line}: {message}", template=obj.template)


def _add_object(db: _DbBuilder, obj: RenderedObject) -> None:
    oid = obj.id
    if oid.type == "job":
        db.jobs.append(parse_job(obj))
        return
    for unit in _units(obj):
        if unit.kind == "sqlplus":
            continue
        words = unit.first_words(6).split()
        try:
            _add_unit(db, obj, unit, words)
        except _Bad as exc:
            raise _fail(obj, unit, str(exc)) from None


def _add_unit(db: _DbBuilder, obj: RenderedObject, unit: Unit, words: list[str]) -> None:
    oid = obj.id
    head = words[0] if words else ""
    s = _Stream(unit.text)
    if oid.type in SOURCE_TYPES and head == "CREATE" and any(
        w in words for w in ("PACKAGE", "PROCEDURE", "FUNCTION", "TRIGGER", "TYPE", "VIEW")
    ):
        text = normalize.source_text(unit.text, type=oid.type, owner=oid.owner, name=oid.name)
        db.sources.append(SourceObject(oid.owner, oid.type, oid.name, text))
        if oid.type == "trigger":
            db.triggers.append(parse_trigger(unit.text, oid.owner, oid.name))
        return
    if head == "CREATE":
        s.expect("CREATE")
        s.accept("OR", "REPLACE")
        if s.at("TABLE") or s.at("GLOBAL") or s.at("PRIVATE"):
            tb = _create_table(s, oid.owner)
            db.tables[(tb.owner, tb.name)] = tb
        elif s.at("SEQUENCE"):
            db.sequences.append(_create_sequence(s, oid.owner))
        elif s.at("UNIQUE") or s.at("BITMAP") or s.at("INDEX"):
            key, index = _create_index(s, oid.owner, db.tables)
            db.pending_indexes.append((key, index, obj))
        elif s.at("PUBLIC", "SYNONYM") or s.at("SYNONYM"):
            db.synonyms.append(_create_synonym(s, oid.owner))
        elif s.at("DATABASE") or s.at("SHARED") or s.at("PUBLIC", "DATABASE"):
            db.links.append(_create_db_link(s, oid.owner))
        elif s.at("USER"):
            user, quotas = _create_user(s)
            db.users.append(user)
            db.quotas.extend(quotas)
        else:
            raise _Bad(f"statement {' '.join(words[:4])!r} is not understood")
        return
    if head == "ALTER" and len(words) > 1 and words[1] == "TABLE":
        s.expect("ALTER", "TABLE")
        _alter_table(s, oid.owner, db.tables)
        return
    if head == "ALTER" and len(words) > 1 and words[1] == "TRIGGER":
        s.expect("ALTER", "TRIGGER")
        t_owner, t_name = s.qname(oid.owner)
        state = "ENABLED" if s.accept("ENABLE") else "DISABLED" if s.accept("DISABLE") else None
        if state is not None:
            db.triggers = [dataclasses.replace(t, status=state)
                           if (t.owner, t.name) == (t_owner, t_name) else t for t in db.triggers]
        return
    if head == "ALTER" and len(words) > 1 and words[1] == "USER":
        s.expect("ALTER", "USER")
        uname = s.name()
        while s.accept("QUOTA"):
            size = s.size()
            s.expect("ON")
            db.quotas.append(Quota(uname, s.name(), quota_bytes(size)))
        return
    if head == "GRANT":
        s.expect("GRANT")
        g = _grant(s, oid.owner)
        db.obj_privs.extend(g.object_privileges)
        db.sys_privs.extend(g.system_privileges)
        db.roles.extend(g.role_grants)
        return
    if head in ("COMMENT", "BEGIN", "DECLARE"):
        return  # comments and blocks (e.g. DBMS_STATS) hold no compared state
    raise _Bad(f"statement {' '.join(words[:4])!r} is not understood")


def _privileges_of(value: Any) -> ExpectedPrivileges:
    return ExpectedPrivileges(
        users=tuple(getattr(value, "users", ())),
        quotas=tuple(getattr(value, "quotas", ())),
        object_privileges=tuple(getattr(value, "object_privileges", ())),
        system_privileges=tuple(getattr(value, "system_privileges", ())),
        role_grants=tuple(getattr(value, "role_grants", ())),
        database_links=tuple(getattr(value, "database_links", ())),
    )


def snapshot_from_render(
    target: Target,
    result: RenderResult,
    privileges: Mapping[str, Any] | None,
) -> CatalogSnapshot:
    """Pure: rendered objects (+ the grants model's privileges per database) -> snapshot.

    `privileges` None means the project has no grants model: privileges are then not part
    of the desired state (``meta.privileges = "unmanaged"``) and drift does not judge them.
    """
    builders = {d: _DbBuilder(d, managed_owner(target, d)) for d in DATABASES}
    for obj in result.objects:
        _add_object(builders[obj.id.database], obj)
    databases = []
    for name in DATABASES:
        db = builders[name]
        for key, index, obj in db.pending_indexes:
            tb = db.tables.get(key)
            if tb is None:
                raise RenderError(f"{obj.id}: index {index.name} is on {key[0]}.{key[1]}, "
                                  "a table this project does not create", template=obj.template)
            tb.indexes.append(index)
        priv = _privileges_of(privileges.get(name)) if privileges else ExpectedPrivileges()
        cat = DatabaseCatalog(
            database=name,
            sources=tuple(db.sources),
            triggers=tuple(db.triggers),
            tables=tuple(tb.build() for tb in db.tables.values()),
            sequences=tuple(db.sequences),
            users=_unique(priv.users, db.users),
            quotas=_unique(priv.quotas, db.quotas),
            object_privileges=_unique(priv.object_privileges, db.obj_privs),
            system_privileges=_unique(priv.system_privileges, db.sys_privs),
            role_grants=_unique(priv.role_grants, db.roles),
            synonyms=tuple(db.synonyms),
            database_links=_unique(db.links, priv.database_links),
            jobs=tuple(db.jobs),
            owners=(db.owner,),
        )
        has_content = any(
            getattr(cat, f) for f in ("sources", "tables", "sequences", "users", "object_privileges",
                                      "system_privileges", "role_grants", "synonyms",
                                      "database_links", "jobs")
        )
        if has_content:
            databases.append(cat)
    meta = {"kind": "expected", "desired": "head",
            "privileges": "managed" if privileges is not None else "unmanaged"}
    return CatalogSnapshot(target=target.name, databases=tuple(databases), meta=meta)


def _unique(*groups: Iterable[Any]) -> tuple[Any, ...]:
    seen: dict[Any, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)


def expected_snapshot(
    project: Project,
    target: Target,
    result: RenderResult | None = None,
    *,
    privileges: PrivilegesProvider = grants_privileges,
) -> CatalogSnapshot:
    """The snapshot `target` should hold for `result` (default: templates at head)."""
    if result is None:
        from conefi_dbtool.render import render_target

        result = render_target(project, target)
    by_db: dict[str, Any] = {}
    managed = False
    for database in DATABASES:
        value = privileges(project, target, database, result=result)
        if value is not None:
            managed = True
            by_db[database] = value
    return snapshot_from_render(target, result, by_db if managed else None)

