"""Read a database's managed state into a `DatabaseCatalog` (python-oracledb, thin mode).

A fixed number of bulk dictionary queries per database — `queries.QUERY_COUNT`, whatever
the number of objects (never one query per object): sources assembled by line, object
status, views, triggers, table columns, indexes, constraints, sequences, synonyms,
database links, scheduler jobs and their recent failed runs, users, quotas, object/system
privileges and roles of our users, the revision stamp, and the facts `preflight` checks
(versions, tablespaces, the session's privileges, the columns and indexes of the tables
the code reads outside our schemas, busy sessions). `status` adds one query for
the queue backlog (`queries.QUERY_COUNT_WITH_QUEUE`). Each query is a named resource in
`conefi_dbtool.catalog.queries`; this module binds values and shapes rows.

DBA_* views are used when the session can read them (DBA or SELECT_CATALOG_ROLE, or
SELECT ANY DICTIONARY); otherwise ALL_* / USER_* views, in which case other users'
privileges are invisible and the catalog says so (`privileges_of`), so drift does not
call them missing.

Scope: everything owned by the managed schemas (`owners`); triggers on the ERP event
table whoever owns them (a trigger there that nobody manages could double-publish events);
code objects the model places in another schema (`extra`); privileges granted to our users
or on our objects. Each query starts with a ``/* conefi-dbtool:<name> */`` comment, which
is how a DBA finds it in V$SQL, and how the offline tests answer it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from conefi_dbtool.catalog import normalize
from conefi_dbtool.catalog import queries as q
from conefi_dbtool.catalog import snapshot as cat
from conefi_dbtool.catalog.queries import DictionaryQuery
from conefi_dbtool.config import Target
from conefi_dbtool.connect import open_connection
from conefi_dbtool.errors import ConefiError
from conefi_dbtool.identifiers import sql_ident, sql_qualified
from conefi_dbtool.object_types import BY_NAME, dictionary_names

# The release machinery's stamp table in each managed schema: one row per database
# (DATABASE_NAME = 'erp' | 'sgu2', VERSION_NUM); see migrations.sqltext.VERSION_TABLE.
VERSION_TABLE = "CONEFI_DBTOOL_VERSION"

# How each type is read back (object_types: dictionary spelling, query, status).
_TYPE_OF = {oracle: name for name, oracle in dictionary_names().items()}
_CODE_TYPES = tuple(oracle for name, oracle in dictionary_names().items()
                    if BY_NAME[name].catalog_query == q.SOURCE.name)
_STATUS_TYPES = tuple(oracle for name, oracle in dictionary_names().items() if BY_NAME[name].status_read)
# Names Oracle generates inside a schema: never part of a model, never reported.
_SYSTEM_NAME = re.compile(r"^(BIN\$|SYS_|MLOG\$_|RUPD\$_|DR\$|ISEQ\$\$_)")
_NOT_NULL_CHECK = re.compile(r'^\s*"?[^"]+"?\s+IS\s+NOT\s+NULL\s*$', re.I)


class Cursor(Protocol):  # the part of oracledb.Cursor the reader uses
    def execute(self, statement: str, parameters: Any = ..., **kwargs: Any) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def var(self, typ: Any, *args: Any, **kwargs: Any) -> Any: ...


class DbConnection(Protocol):
    def cursor(self) -> Any: ...


@dataclass(frozen=True)
class QueueSpec:
    """Where the queue backlog is read: the table and its status and insert-time columns."""

    owner: str
    table: str
    status_column: str
    time_column: str


@dataclass(frozen=True)
class ReadScope:
    """What to read from one database (derived from the target and the desired snapshot)."""

    database: str
    owners: tuple[str, ...]  # schemas read in full
    users: tuple[str, ...] = ()  # users whose account, quotas, system and role grants are read
    event_table: tuple[str, str] | None = None  # (owner, table) whose triggers are read
    extra: tuple[tuple[str, str], ...] = ()  # (owner, name) of model objects in other schemas
    version_table: tuple[str, str] | None = None
    queue: QueueSpec | None = None
    referenced: tuple[tuple[str, str], ...] = ()  # (owner, table) outside `owners` the code reads
    replaced_units: tuple[str, ...] = ()  # OWNER.NAME a release may replace (busy-session check)


@dataclass
class _Binds:
    values: dict[str, Any] = field(default_factory=dict)

    def in_list(self, prefix: str, items: Sequence[str]) -> str:
        """``(:p0, :p1, ...)``; an empty list becomes ``(NULL)``, which matches nothing."""
        if not items:
            return "(NULL)"
        names = []
        for i, item in enumerate(items):
            name = f"{prefix}{i}"
            self.values[name] = item
            names.append(f":{name}")
        return "(" + ", ".join(names) + ")"

    def pairs(self, prefix: str, items: Sequence[tuple[str, str]]) -> str:
        if not items:
            return "((NULL, NULL))"
        out = []
        for i, (a, b) in enumerate(items):
            self.values[f"{prefix}{i}a"] = a
            self.values[f"{prefix}{i}b"] = b
            out.append(f"(:{prefix}{i}a, :{prefix}{i}b)")
        return "(" + ", ".join(out) + ")"


class CatalogReader:
    """Runs the catalog queries on one connection and counts them."""

    def __init__(self, connection: DbConnection) -> None:
        self.connection = connection
        self.query_count = 0
        self.statements: list[str] = []

    def rows(self, query: DictionaryQuery, binds: dict[str, Any] | None = None, variant: str = "",
             **fields: object) -> list[Any]:
        cursor = self.connection.cursor()
        cursor.arraysize = 1000
        cursor.prefetchrows = 1001
        text = f"/* conefi-dbtool:{query.name} */ {query.sql(variant, **fields)}"
        self.query_count += 1
        self.statements.append(query.name)
        try:
            # No keyword arguments: before python-oracledb 3.4 `execute` takes every keyword
            # (`fetch_lobs=...` included) for a bind variable and fails (DPY-2005/DPY-4008).
            # No query here selects a LOB; the LONG columns (view text, defaults, check
            # conditions, index expressions) arrive as str in thin mode.
            cursor.execute(text, binds or {})
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def block(self, query: DictionaryQuery, binds: dict[str, Any], out: str, variant: str = "",
              **fields: object) -> Any:
        """Run a PL/SQL block with one string OUT bind `out`; returns its value."""
        cursor = self.connection.cursor()
        text = f"/* conefi-dbtool:{query.name} */ {query.sql(variant, **fields)}"
        self.query_count += 1
        self.statements.append(query.name)
        try:
            var = cursor.var(str, 4000)
            cursor.execute(text, {**binds, out: var})
            return var.getvalue()
        finally:
            cursor.close()


def _yes(value: Any) -> bool:
    return str(value or "").strip().upper() in ("Y", "YES", "TRUE", "ENABLED")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def format_data_type(data_type: str, data_length: Any, char_length: Any, char_used: Any,
                     precision: Any, scale: Any) -> str:
    """ALL_TAB_COLUMNS' pieces in the spelling `normalize.data_type` produces from DDL."""
    dt = data_type.upper()
    if dt in ("VARCHAR2", "CHAR"):
        return f"{dt}({char_length}{' CHAR' if char_used == 'C' else ''})"
    if dt in ("NVARCHAR2", "NCHAR"):
        return f"{dt}({char_length})"
    if dt == "RAW":
        return f"RAW({data_length})"
    if dt == "NUMBER":
        if precision is None:
            return "NUMBER" if scale is None else f"NUMBER(*,{scale})"
        return f"NUMBER({precision})" if not scale else f"NUMBER({precision},{scale})"
    if dt == "FLOAT":
        return f"FLOAT({precision if precision is not None else 126})"
    return dt


def read_database(connection: DbConnection, scope: ReadScope, *, include_queue: bool = False,
                  reader: CatalogReader | None = None) -> cat.DatabaseCatalog:
    """The managed state of one database: the `queries.PER_DATABASE` round trips (+ the queue)."""
    r = reader or CatalogReader(connection)
    owners = tuple(dict.fromkeys(scope.owners))
    users = tuple(dict.fromkeys((*scope.users, *owners)))

    (probe,) = r.rows(q.PROBE)
    dba = int(probe[0] or 0) > 0
    session_user = str(probe[1])
    v = "dba" if dba else "all"

    def scoped(alias: str, owner_col: str = "owner",
               name_col: str = "object_name") -> tuple[str, dict[str, Any]]:
        b = _Binds()
        where = f"{alias}.{owner_col} IN {b.in_list('o', owners)}"
        if scope.extra:
            where += f" OR ({alias}.{owner_col}, {alias}.{name_col}) IN {b.pairs('x', scope.extra)}"
        if scope.event_table is not None:
            b.values["et_owner"], b.values["et_name"] = scope.event_table
            where += (f" OR ({alias}.{owner_col}, {alias}.{name_col}) IN (SELECT owner, trigger_name "
                      f"FROM {v}_triggers WHERE table_owner = :et_owner AND table_name = :et_name)")
        return f"({where})", b.values

    # -- status of code objects and views
    where, binds = scoped("o")
    status = {}
    for owner, name, otype, st in r.rows(q.OBJECTS, binds, v=v, where=where,
                                         types=_literal_list(_STATUS_TYPES)):
        status[(owner, otype, name)] = st

    # -- sources, assembled by line
    where, binds = scoped("s", name_col="name")
    lines: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for owner, name, otype, _line, text in r.rows(q.SOURCE, binds, v=v, where=where,
                                                  types=_literal_list(_CODE_TYPES)):
        lines[(owner, otype, name)].append(_text(text))
    sources = [
        cat.SourceObject(owner, _TYPE_OF.get(otype, otype.lower()), name, "".join(parts),
                         status.get((owner, otype, name), "VALID"))
        for (owner, otype, name), parts in lines.items() if not _SYSTEM_NAME.match(name)
    ]

    where, binds = scoped("w", name_col="view_name")
    for owner, name, text in r.rows(q.VIEWS, binds, v=v, where=where):
        sources.append(cat.SourceObject(owner, "view", name, _text(text),
                                        status.get((owner, "VIEW", name), "VALID")))

    # -- trigger metadata
    where, binds = scoped("t", name_col="trigger_name")
    triggers = [
        cat.Trigger(owner, name, _text(t_owner), _text(t_name), _text(event).strip(), _text(ttype).strip(),
                    _text(when).strip(), _text(st))
        for owner, name, t_owner, t_name, event, ttype, when, st in r.rows(q.TRIGGERS, binds, v=v,
                                                                           where=where)
    ]

    tables = _read_tables(r, v, owners)
    b = _Binds()
    sequences = [
        cat.Sequence(owner, name, int(inc), int(cache), _yes(cycle))
        for owner, name, inc, cache, cycle in r.rows(q.SEQUENCES, b.values, v=v,
                                                     owners=b.in_list("o", owners))
        if not _SYSTEM_NAME.match(name)
    ]
    b = _Binds()
    synonyms = [
        cat.Synonym(owner, name, _text(t_owner), _text(t_name), _text(link))
        for owner, name, t_owner, t_name, link in r.rows(q.SYNONYMS, b.values, v=v,
                                                         owners=b.in_list("o", owners))
    ]
    b = _Binds()
    links = [
        cat.DatabaseLink(owner, name, _text(user), _text(host))
        for owner, name, user, host in r.rows(q.DB_LINKS, b.values, v=v, owners=b.in_list("o", owners))
    ]
    jobs, runs = _read_jobs(r, v, owners)
    privileges = _read_privileges(r, dba, owners, users)

    revision = None
    if scope.version_table is not None:
        revision = r.block(q.REVISION, {"tab": sql_qualified(*scope.version_table), "db": scope.database},
                           "rev")
    else:
        r.block(q.REVISION, {}, "rev", "none")  # keeps the count constant

    facts = _read_preflight_facts(r, scope, dba, session_user)

    queue = None
    if include_queue:
        queue = _read_queue(r, scope.queue)

    return cat.DatabaseCatalog(
        database=scope.database,
        revision=revision or None,
        sources=tuple(sources),
        triggers=tuple(triggers),
        tables=tuple(tables),
        sequences=tuple(sequences),
        users=privileges["users"],
        quotas=privileges["quotas"],
        object_privileges=privileges["object_privileges"],
        system_privileges=privileges["system_privileges"],
        role_grants=privileges["role_grants"],
        synonyms=tuple(synonyms),
        database_links=tuple(links),
        jobs=tuple(jobs),
        job_runs=tuple(runs),
        queue=queue,
        owners=owners,
        dictionary="DBA" if dba else "ALL",
        privileges_of=None if dba else (session_user,),
        **facts,
    )


def _literal_list(values: Iterable[str]) -> str:
    return "(" + ", ".join("'" + x.replace("'", "''") + "'" for x in values) + ")"


def _read_tables(r: CatalogReader, v: str, owners: tuple[str, ...]) -> list[cat.Table]:
    b = _Binds()
    columns: dict[tuple[str, str], list[cat.Column]] = defaultdict(list)
    for row in r.rows(q.COLUMNS, b.values, v=v, owners=b.in_list("o", owners)):
        owner, table, name, dt, length, clen, cused, prec, scale, nullable, default, identity = row
        if _SYSTEM_NAME.match(table):
            continue
        default_text = "IDENTITY" if _yes(identity) else _text(default).strip()
        data_type = format_data_type(_text(dt), length, clen, cused, prec, scale)
        columns[(owner, table)].append(cat.Column(name, data_type, _yes(nullable), default_text))

    b = _Binds()
    index_cols: dict[tuple[str, str], list[str]] = defaultdict(list)
    index_info: dict[tuple[str, str], tuple[str, str, bool, bool]] = {}
    for row in r.rows(q.INDEXES, b.values, v=v, owners=b.in_list("o", owners)):
        owner, name, t_owner, t_name, uniqueness, generated, col, descend, expression = row
        key = (owner, name)
        if expression is not None:
            text = _text(expression) + (" DESC" if _text(descend).upper() == "DESC" else "")
            index_cols[key].append(normalize.sql_expression(text))
        else:
            index_cols[key].append(_text(col))
        index_info[key] = (t_owner, t_name, _text(uniqueness).upper() == "UNIQUE", _yes(generated))
    indexes: dict[tuple[str, str], list[cat.Index]] = defaultdict(list)
    for key, (t_owner, t_name, unique, generated) in index_info.items():
        indexes[(t_owner, t_name)].append(
            cat.Index("" if generated else key[1], tuple(index_cols[key]), unique))

    b = _Binds()
    cons_cols: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    cons_info: dict[tuple[str, str, str], cat.Constraint] = {}
    for row in r.rows(q.CONSTRAINTS, b.values, v=v, owners=b.in_list("o", owners)):
        owner, table, name, ctype, condition, generated, r_owner, r_table, col = row
        generated_name = _text(generated).upper().startswith("GENERATED")
        if ctype == "C" and generated_name and _NOT_NULL_CHECK.match(_text(condition)):
            continue  # NOT NULL: already the column's `nullable`
        ckey = (owner, table, name)
        if ckey not in cons_info:
            cons_info[ckey] = cat.Constraint(
                "" if generated_name else name, ctype, (), _text(condition).strip() if ctype == "C" else "",
                f"{r_owner}.{r_table}" if ctype == "R" and r_owner else "")
        if col is not None and ctype != "C":
            cons_cols[ckey].append(col)
    constraints: dict[tuple[str, str], list[cat.Constraint]] = defaultdict(list)
    for ckey, c in cons_info.items():
        constraints[(ckey[0], ckey[1])].append(
            cat.Constraint(c.name, c.type, tuple(cons_cols[ckey]), c.condition, c.references))
    return [
        cat.Table(owner, name, tuple(cols), tuple(indexes.get((owner, name), ())),
                  tuple(constraints.get((owner, name), ())))
        for (owner, name), cols in columns.items()
    ]


def _read_jobs(r: CatalogReader, v: str,
               owners: tuple[str, ...]) -> tuple[list[cat.SchedulerJob], list[cat.JobRun]]:
    b = _Binds()
    jobs = [
        cat.SchedulerJob(owner, name, _text(jtype), _text(action), _text(interval), _text(start),
                         _yes(enabled), _text(state), int(failures or 0), _text(last), _text(nxt),
                         _text(comments))
        for owner, name, jtype, action, interval, start, enabled, state, failures, last, nxt, comments
        in r.rows(q.JOBS, b.values, v=v, owners=b.in_list("o", owners))
    ]
    b = _Binds()
    b.values["hours"] = q.JOB_RUN_HOURS
    runs = [
        cat.JobRun(owner, name, _text(log_date), _text(st), int(error or 0), _text(info))
        for owner, name, log_date, st, error, info in r.rows(q.JOB_RUNS, b.values, v=v,
                                                             owners=b.in_list("o", owners))
    ]
    return jobs, runs


def _privilege_rows(r: CatalogReader, query: DictionaryQuery, dba: bool, owners: tuple[str, ...],
                    users: tuple[str, ...]) -> list[Any]:
    """A privilege query: every user named (DBA views) or the session's own (variant "own")."""
    variant = "" if dba else "own"
    wanted = query.fields(variant)
    b = _Binds()
    fields = {}
    if "users" in wanted:
        fields["users"] = b.in_list("u", users)
    if "owners" in wanted:
        fields["owners"] = b.in_list("o", owners)
    return r.rows(query, b.values, variant, **fields)


def _read_privileges(r: CatalogReader, dba: bool, owners: tuple[str, ...],
                     users: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    accounts = tuple(cat.User(name, _text(dts), _text(tts), _text(profile) or "DEFAULT", _text(st))
                     for name, dts, tts, profile, st in _privilege_rows(r, q.USERS, dba, owners, users))
    quotas = tuple(cat.Quota(u, ts, int(mx))
                   for u, ts, mx in _privilege_rows(r, q.QUOTAS, dba, owners, users))
    objs = tuple(dict.fromkeys(
        cat.ObjectPrivilege(g, o, n, p, _yes(gr))
        for g, o, n, p, gr in _privilege_rows(r, q.OBJECT_PRIVILEGES, dba, owners, users)
        if not _SYSTEM_NAME.match(n) and not _default_inherit(g, o, n, p)))
    sys_privs = tuple(cat.SystemPrivilege(g, p, _yes(a))
                      for g, p, a in _privilege_rows(r, q.SYSTEM_PRIVILEGES, dba, owners, users))
    roles = tuple(cat.RoleGrant(g, role, _yes(a))
                  for g, role, a in _privilege_rows(r, q.ROLE_GRANTS, dba, owners, users))
    return {"users": accounts, "quotas": quotas, "object_privileges": objs, "system_privileges": sys_privs,
            "role_grants": roles}


def _default_inherit(grantee: str, owner: str, name: str, privilege: str) -> bool:
    """Oracle grants INHERIT [REMOTE] PRIVILEGES ON USER u TO PUBLIC when it creates u."""
    return grantee == "PUBLIC" and owner == name and privilege in ("INHERIT PRIVILEGES",
                                                                    "INHERIT REMOTE PRIVILEGES")


def _read_preflight_facts(r: CatalogReader, scope: ReadScope, dba: bool, session_user: str) -> dict[str, Any]:
    """The facts `preflight` checks: six more round trips whatever the database holds."""
    unreadable: list[str] = []
    env = str(r.block(q.ENVIRONMENT, {}, "env") or "?;?;?")
    version, tz_file, job_queue = [*env.split(";"), "?", "?", "?"][:3]
    for fact, value in (("oracle_version", version), ("timezone_file_version", tz_file),
                        ("job_queue_processes", job_queue)):
        if value == "?":
            unreadable.append(fact)
    tablespaces = tuple(sorted(cat.Tablespace(_text(name), _text(st), _text(contents))
                               for name, st, contents in r.rows(q.TABLESPACES, {}, "" if dba else "own")))
    granted: dict[str, set[str]] = defaultdict(set)
    for kind, name in r.rows(q.SESSION_PRIVILEGES):
        granted[_text(kind)].add(_text(name))
    session = cat.SessionPrivileges(session_user, tuple(sorted(granted["SYSTEM"])),
                                    tuple(sorted(granted["ROLE"])),
                                    tuple(sorted(granted["OBJECT"])))
    v = "dba" if dba else "all"
    b = _Binds()
    columns: dict[tuple[str, str], list[cat.Column]] = defaultdict(list)
    for owner, table, name, dt, length, clen, cused, prec, scale, nullable in r.rows(
            q.REFERENCED_COLUMNS, b.values, v=v, tables=b.pairs("t", scope.referenced)):
        columns[(owner, table)].append(
            cat.Column(name, format_data_type(_text(dt), length, clen, cused, prec, scale), _yes(nullable)))
    b = _Binds()
    index_cols: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for owner, table, index, column in r.rows(q.REFERENCED_INDEXES, b.values, v=v,
                                              tables=b.pairs("t", scope.referenced)):
        index_cols[(owner, table, index)].append(_text(column))
    indexes: dict[tuple[str, str], list[cat.Index]] = defaultdict(list)
    for (owner, table, index), cols in index_cols.items():
        indexes[(owner, table)].append(cat.Index(index, tuple(cols)))
    referenced = tuple(cat.Table(owner, table, tuple(cols), tuple(sorted(indexes.get((owner, table), ()))))
                       for (owner, table), cols in columns.items())
    busy_text = str(r.block(q.BUSY_SESSIONS, {"units": ",".join(scope.replaced_units)}, "busy") or "?")
    busy: tuple[cat.BusySession, ...] | None = None
    if busy_text == "?":
        unreadable.append("busy_sessions")
    else:
        busy = tuple(sorted(_busy(item) for item in busy_text.split(";") if item not in ("", "-")))

    def known(fact: str, value: str) -> int | None:
        return None if fact in unreadable or not value.strip().isdigit() else int(value)

    return {
        "oracle_version": None if version == "?" else version,
        "timezone_file_version": known("timezone_file_version", tz_file),
        "job_queue_processes": known("job_queue_processes", job_queue),
        "tablespaces": tablespaces,
        "session": session,
        "referenced_tables": referenced,
        "busy_sessions": busy,
        "unreadable": tuple(unreadable),
    }


def _busy(item: str) -> cat.BusySession:
    sid, user, unit = [*item.split(",", 2), "", ""][:3]
    return cat.BusySession(int(sid) if sid.strip().isdigit() else 0, user, unit)


def _read_queue(r: CatalogReader, spec: QueueSpec | None) -> cat.QueueHealth | None:
    if spec is None:
        r.block(q.QUEUE, {}, "n", "none")  # keeps the count constant
        return None
    status = sql_ident(spec.status_column)
    when = sql_ident(spec.time_column)
    query = (f"SELECT SUM(CASE WHEN {status} = 'P' THEN 1 ELSE 0 END) || ',' || "
             f"SUM(CASE WHEN {status} = 'E' THEN 1 ELSE 0 END) || ',' || "
             f"ROUND((SYSDATE - CAST(MIN(CASE WHEN {status} = 'P' THEN {when} END) AS DATE)) * 86400) "
             f"FROM {sql_qualified(spec.owner, spec.table)}")
    value = r.block(q.QUEUE, {}, "n", statement=_plsql_literal(query))
    if value is None:
        return None
    pending, errors, age = [*str(value).split(","), "", "", ""][:3]
    return cat.QueueHealth(int(pending or 0), int(errors or 0), int(age) if age else None)


def _plsql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --------------------------------------------------------------------------- scope and I/O


def queue_spec(target: Target, desired: cat.CatalogSnapshot) -> QueueSpec | None:
    """The queue table of the model and its status/insert-time columns (house naming)."""
    owner = str(target.erp.schemas.conefi)
    name = str(target.integration.queue_table)
    db = desired.database("erp")
    if db is None:
        return None
    for t in db.tables:
        if (t.owner, t.name) != (owner, name):
            continue
        status = next((c.name for c in t.columns if c.name.endswith("_IND_STATUS")), None)
        when = next((c.name for c in t.columns if c.name.endswith("_DTH_INCL")), None)
        if when is None:
            when = next((c.name for c in t.columns if "_DTH_" in c.name), None)
        if status and when:
            return QueueSpec(owner, name, status, when)
    return None


def scope_for(target: Target, desired: cat.CatalogSnapshot, database: str,
              referenced: Iterable[tuple[str, str]] = ()) -> ReadScope:
    """What to read from `database` of `target` for comparison with `desired`.

    `referenced`: (owner, table) outside the managed schemas the code reads (the Protheus
    tables `lint` resolves); the ERP event table is always among them.
    """
    db = target.database(database)
    owner = str(db.schemas.conefi)
    want = desired.database(database) or cat.DatabaseCatalog(database)
    owners = tuple(dict.fromkeys((owner, *want.owners)))
    users = tuple(dict.fromkeys(g for g in [
        *(u.name for u in want.users),
        *(p.grantee for p in want.system_privileges),
        *(p.grantee for p in want.role_grants),
        *(p.grantee for p in want.object_privileges if p.owner not in owners),
    ] if g != "PUBLIC"))  # PUBLIC's own privileges are the database's, not the model's
    extra = tuple(dict.fromkeys((s.owner, s.name) for s in want.sources if s.owner not in owners))
    event_table = None
    reads = list(referenced)
    if database == "erp":
        event_table = (str(target.erp.schemas.sgu), str(target.integration.event_table))
        reads.append(event_table)
    replaced = tuple(dict.fromkeys(f"{s.owner}.{s.name}" for s in want.sources if s.type != "view"))
    return ReadScope(
        database=database,
        owners=owners,
        users=users,
        event_table=event_table,
        extra=extra,
        version_table=(owner, VERSION_TABLE),
        queue=queue_spec(target, desired) if database == "erp" else None,
        referenced=tuple(dict.fromkeys(reads)),
        replaced_units=replaced,
    )


def connect(target: Target, database: str, *, config_file: str) -> Any:
    """A thin-mode connection from the target's environment variables (names in config)."""
    conn = target.database(database).connection.resolve(target=target.name, key=database, file=config_file)
    return open_connection(conn.dsn, conn.user, conn.password, what=database)


def read_target(target: Target, desired: cat.CatalogSnapshot, databases: Iterable[str], *, config_file: str,
                include_queue: bool = False,
                referenced: Iterable[tuple[str, str, str]] = ()) -> cat.CatalogSnapshot:
    """Read each database of `target` (one connection each) into a snapshot."""
    import datetime as _dt

    import oracledb

    catalogs = []
    for database in databases:
        conn = connect(target, database, config_file=config_file)
        try:
            reads = [(owner, table) for db, owner, table in referenced if db == database]
            catalogs.append(read_database(conn, scope_for(target, desired, database, reads),
                                          include_queue=include_queue))
        except oracledb.Error as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ConefiError(f"{database}: reading the catalog failed: {message}") from None
        finally:
            conn.close()
    taken = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return cat.CatalogSnapshot(target=target.name, databases=tuple(catalogs), taken_at=taken,
                               meta={"kind": "live"})
