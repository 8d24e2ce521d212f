"""Preflight: is this database fit for the deploy, before any DDL? One table of checks.

`CHECKS` holds every check once: its code, severity, what it checks and the fix. Each is
evaluated two ways from the same entry: against a catalog snapshot (`evaluate`: offline
from ``--catalog snap.json`` or after an online read) and as a PL/SQL fragment of the block
`plsql_block` generates, which `script` and ``upgrade --sql`` run first in each database
section, so a script fails before it changes anything.

A fact the snapshot does not hold (taken before preflight existed) is "absent"; one the
deploy user could not read (a V$ view without its grant) is "not checked" — never a pass.
What the run needs (`Requirements`) comes from the target, the model and the Protheus
columns the code uses as `lint` resolves them (`lint.engine.protheus_reads`).
"""

# ruff: noqa: E501 -- the generated PL/SQL keeps the lines a DBA reads

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from conefi_dbtool.catalog.queries import FACT_FUNCTION, UNREADABLE_VIEW_ERRORS
from conefi_dbtool.catalog.snapshot import CatalogSnapshot, DatabaseCatalog, Table
from conefi_dbtool.config import Target
from conefi_dbtool.deploy_steps import RESTORE_SLEEP_SINCE
from conefi_dbtool.errors import UsageError
from conefi_dbtool.findings import Finding, Severity, worst_first
from conefi_dbtool.junit import Case, Suite, junit_xml

# the release the templates and the reader are written for; it covers the trigger-path
# restore's DBMS_SESSION.SLEEP (18c, `deploy_steps.RESTORE_SLEEP_SINCE`)
MIN_ORACLE_VERSION = max((19, 0), RESTORE_SLEEP_SINCE)
_VERSION_WHY = "the objects and the trigger-path restore (DBMS_SESSION.SLEEP) need"
MIN_TIMEZONE_FILE = 34  # first DST file without Brazil's daylight saving time (abolished 2019)
DST_REGIONS = ("America/Sao_Paulo",)
ERROR_CODE = -20990  # RAISE_APPLICATION_ERROR of the generated block


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ABSENT = "absent"  # the snapshot does not hold the fact
    NOT_CHECKED = "not checked"  # the deploy user could not read it


@dataclass(frozen=True)
class ColumnNeed:
    owner: str
    table: str
    column: str  # "" = the table itself
    data_type: str = ""  # "" = any type
    why: str = "read by the code"


@dataclass(frozen=True)
class IndexNeed:
    owner: str
    table: str
    leading: str  # first column of the index
    why: str


@dataclass(frozen=True)
class Requirements:
    """What a run needs of one database (derived, never written by hand)."""

    database: str
    mode: str = "online"  # "online" (the applier) or "script" (script / upgrade --sql)
    owner: str = ""
    owner_tablespace: str = ""  # the configured default (the owner's own once it exists)
    tablespaces: tuple[str, ...] = ()  # must exist: the run creates users in them
    schedule_timezone: str = ""  # "" = the model schedules no job in this database
    system_privileges: tuple[tuple[str, ...], ...] = ()  # each: alternatives, one suffices
    object_privileges: tuple[str, ...] = ()  # OWNER.NAME:PRIVILEGE
    columns: tuple[ColumnNeed, ...] = ()
    indexes: tuple[IndexNeed, ...] = ()
    replaced_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    status: Status
    message: str


@dataclass(frozen=True)
class PreflightFinding(Finding):
    database: str = ""
    status: Status = Status.FAILED
    fix: str = ""
    check: str = ""  # the check's title


# --------------------------------------------------------------------------- facts


_FACT_WORDS = {
    "oracle_version": "Oracle version", "timezone_file_version": "time-zone file version (V$TIMEZONE_FILE)",
    "job_queue_processes": "job_queue_processes (V$PARAMETER)", "tablespaces": "tablespaces",
    "session": "deploy user's privileges", "busy_sessions": "sessions executing our units (V$ACCESS)",
}


def _fact(db: DatabaseCatalog, name: str) -> Result | None:
    """None when the fact is there; otherwise why it cannot be checked."""
    if getattr(db, name) is not None:
        return None
    words = _FACT_WORDS.get(name, name.replace("_", " "))
    if name in db.unreadable:
        return Result(Status.NOT_CHECKED, f"the {words} is not readable by the deploy user")
    return Result(Status.ABSENT, f"the snapshot holds no {words} (taken before preflight)")


def _version(text: str) -> tuple[int, int]:
    parts = [int(p) for p in text.split(".")[:2] if p.isdigit()]
    padded = [*parts, 0, 0]
    return padded[0], padded[1]


def _bare_type(text: str) -> str:
    return text.upper().replace(" CHAR)", ")").replace(" BYTE)", ")")


# --------------------------------------------------------------------------- the checks


def _oracle_version(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    missing = _fact(db, "oracle_version")
    if missing:
        return [missing]
    version = db.oracle_version or ""
    want = ".".join(map(str, MIN_ORACLE_VERSION))
    if _version(version) < MIN_ORACLE_VERSION:
        return [Result(Status.FAILED, f"Oracle {version}; {_VERSION_WHY} {want} or later")]
    return [Result(Status.PASSED, f"Oracle {version}")]


def _timezone_file(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    missing = _fact(db, "timezone_file_version")
    if missing:
        return [missing]
    version = db.timezone_file_version or 0
    if version < MIN_TIMEZONE_FILE:
        return [Result(Status.FAILED, f"time-zone file version {version} < {MIN_TIMEZONE_FILE}: a "
                                      f"{req.schedule_timezone} schedule runs an hour early from November "
                                      "to February")]
    return [Result(Status.PASSED, f"time-zone file version {version}")]


def _job_queue(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    missing = _fact(db, "job_queue_processes")
    if missing:
        return [missing]
    if not db.job_queue_processes:
        return [Result(Status.FAILED, "job_queue_processes = 0: no scheduler job runs")]
    return [Result(Status.PASSED, f"job_queue_processes = {db.job_queue_processes}")]


def _tablespaces(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    missing = _fact(db, "tablespaces")
    if missing:
        return [missing]
    names = {t.name for t in db.tablespaces or ()}
    out = []
    for name in req.tablespaces:
        if name in names:
            out.append(Result(Status.PASSED, f"tablespace {name} exists"))
        elif db.dictionary != "DBA":
            out.append(Result(Status.NOT_CHECKED, f"tablespace {name} is not among the deploy user's "
                                                  "(USER_TABLESPACES); DBA_TABLESPACES is not readable"))
        else:
            out.append(Result(Status.FAILED, f"tablespace {name} does not exist"))
    return out


def _quota(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    if not req.owner or not req.owner_tablespace:
        return []
    if db.privileges_of is not None and req.owner not in db.privileges_of:
        return [Result(Status.NOT_CHECKED, f"{req.owner}'s quotas are not visible to the deploy user")]
    user = next((u for u in db.users if u.name == req.owner), None)
    if user is None:
        return [Result(Status.PASSED, f"{req.owner} does not exist yet: the DBA section creates it with its quota")]
    tablespace = user.default_tablespace or req.owner_tablespace  # where its tables go
    unlimited = any(p.grantee == req.owner and p.privilege == "UNLIMITED TABLESPACE" for p in db.system_privileges)
    quota = next((q for q in db.quotas if q.username == req.owner and q.tablespace == tablespace), None)
    if unlimited or (quota is not None and quota.max_bytes != 0):
        return [Result(Status.PASSED, f"{req.owner} may use {tablespace}")]
    return [Result(Status.FAILED, f"{req.owner} has no quota on {tablespace}, its default tablespace "
                                  "(ORA-01950 at the first row)")]


def _granted(db: DatabaseCatalog) -> Result | None:
    if db.session is None:
        return _fact(db, "session")
    return None


def _system_privileges(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    missing = _granted(db)
    if missing or db.session is None:
        return [missing] if missing else []
    held = set(db.session.system_privileges)
    out = []
    for alternatives in req.system_privileges:
        if held & set(alternatives):
            out.append(Result(Status.PASSED, f"{db.session.user} has {' or '.join(alternatives)}"))
        else:
            out.append(Result(Status.FAILED, f"{db.session.user} lacks {' or '.join(alternatives)}"))
    return out


def _deploy_lock(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    missing = _granted(db)
    if missing or db.session is None:
        return [missing] if missing else []
    out = []
    for need in req.object_privileges:
        if need in db.session.object_privileges:
            out.append(Result(Status.PASSED, f"{db.session.user} has {_privilege_words(need)}"))
        else:
            fallback = "; the online run falls back to its lock row" if req.mode == "online" else ""
            out.append(Result(Status.FAILED, f"{db.session.user} lacks {_privilege_words(need)}{fallback}"))
    return out


def _privilege_words(need: str) -> str:
    obj, privilege = need.split(":", 1)
    return f"{privilege} ON {obj}"


def _referenced(db: DatabaseCatalog) -> dict[tuple[str, str], Table] | Result:
    if db.referenced_tables is None:
        return Result(Status.ABSENT, "the snapshot holds no columns of the tables the code reads "
                                     "(taken before preflight)")
    return {(t.owner, t.name): t for t in db.referenced_tables}


def _columns_of(db: DatabaseCatalog, needs: Iterable[ColumnNeed]) -> list[Result]:
    tables = _referenced(db)
    if isinstance(tables, Result):
        return [tables]
    out = []
    for need in needs:
        table = tables.get((need.owner, need.table))
        where = f"{need.owner}.{need.table}"
        if table is None:
            if need.column == "":
                out.append(Result(Status.FAILED, f"{where} ({need.why}) does not exist or the deploy user "
                                                 "cannot see it"))
            continue
        if need.column == "":
            out.append(Result(Status.PASSED, f"{where} exists"))
            continue
        column = next((c for c in table.columns if c.name == need.column), None)
        if column is None:
            out.append(Result(Status.FAILED, f"{where}.{need.column} ({need.why}) does not exist"))
        elif need.data_type and _bare_type(column.data_type) != _bare_type(need.data_type):
            out.append(Result(Status.FAILED, f"{where}.{need.column} is {column.data_type}; the dictionary "
                                             f"says {need.data_type}"))
        else:
            out.append(Result(Status.PASSED, f"{where}.{need.column} {column.data_type}"))
    return out


def _protheus_columns(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    return _columns_of(db, (c for c in req.columns if c.why != "event table"))


def _event_columns(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    return _columns_of(db, (c for c in req.columns if c.why == "event table"))


def _indexes(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    tables = _referenced(db)
    if isinstance(tables, Result):
        return [tables] if req.indexes else []
    out = []
    for need in req.indexes:
        table = tables.get((need.owner, need.table))
        where = f"{need.owner}.{need.table}"
        if table is None:
            continue  # the table check reports it
        if any(i.columns[:1] == (need.leading,) for i in table.indexes):
            out.append(Result(Status.PASSED, f"{where} has an index on {need.leading}"))
        else:
            out.append(Result(Status.FAILED, f"{where} has no index leading with {need.leading} ({need.why})"))
    return out


def _busy(db: DatabaseCatalog, req: Requirements) -> list[Result]:
    if not req.replaced_units:
        return []
    missing = _fact(db, "busy_sessions")
    if missing:
        return [missing]
    busy = db.busy_sessions or ()
    if busy:
        listed = ", ".join(f"{b.unit} (SID {b.sid}, {b.username})" for b in busy[:5])
        more = f" and {len(busy) - 5} more" if len(busy) > 5 else ""
        return [Result(Status.FAILED, f"{len(busy)} session(s) executing units this release replaces: "
                                      f"{listed}{more}")]
    return [Result(Status.PASSED, "no other session is executing a unit this release replaces")]


# --------------------------------------------------------------------------- PL/SQL fragments


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_oracle_version(req: Requirements) -> str:
    want = ".".join(map(str, MIN_ORACLE_VERSION))
    return (f"  v := fact('SELECT MAX(version) FROM product_component_version WHERE product LIKE ''Oracle%''');\n"
            f"  IF v = '?' THEN unchecked('PF001', 'Oracle version');\n"
            f"  ELSIF TO_NUMBER(REGEXP_SUBSTR(v, '^\\d+')) < {MIN_ORACLE_VERSION[0]} THEN\n"
            f"    report('PF001', 'error', 'Oracle ' || v || '; {_VERSION_WHY} {want} or later', {{fix}});\n"
            f"  END IF;\n")


def _sql_timezone_file(req: Requirements) -> str:
    return (f"  v := fact('SELECT MAX(version) FROM v$timezone_file');\n"
            f"  IF v = '?' THEN unchecked('PF002', 'V$TIMEZONE_FILE');\n"
            f"  ELSIF TO_NUMBER(v) < {MIN_TIMEZONE_FILE} THEN\n"
            f"    report('PF002', 'error', 'time-zone file version ' || v || ' < {MIN_TIMEZONE_FILE}: the "
            f"{req.schedule_timezone} schedule runs an hour early from November to February', {{fix}});\n"
            f"  END IF;\n")


def _sql_job_queue(req: Requirements) -> str:
    return ("  v := fact('SELECT MAX(value) FROM v$parameter WHERE name = ''job_queue_processes''');\n"
            "  IF v = '?' THEN unchecked('PF003', 'V$PARAMETER');\n"
            "  ELSIF TO_NUMBER(v) = 0 THEN\n"
            "    report('PF003', 'error', 'job_queue_processes = 0: no scheduler job runs', {fix});\n"
            "  END IF;\n")


def _if_none(query: str, then: str) -> str:
    """PL/SQL running ``then`` when ``query`` (a ``COUNT(*)``, through `fact`) counts no row."""
    return f"  IF fact('{query}') = '0' THEN\n{then}  END IF;\n"


def _sql_tablespaces(req: Requirements) -> str:
    return "".join(_if_none(
        f"SELECT COUNT(*) FROM user_tablespaces WHERE tablespace_name = ''{name}''",
        f"    v := fact('SELECT COUNT(*) FROM dba_tablespaces WHERE tablespace_name = ''{name}''');\n"
        f"    IF v = '?' THEN unchecked('PF004', 'DBA_TABLESPACES ({name})');\n"
        f"    ELSIF v = '0' THEN report('PF004', 'error', 'tablespace {name} does not exist', {{fix}});\n"
        f"    END IF;\n")
        for name in req.tablespaces)


def _sql_quota(req: Requirements) -> str:
    if not req.owner or not req.owner_tablespace:
        return ""
    owner = req.owner
    return (f"  IF fact('SELECT COUNT(*) FROM all_users WHERE username = ''{owner}''') = '1' THEN\n"
            f"    IF USER = '{owner}' THEN\n"
            "      v := fact('SELECT COUNT(*) FROM user_ts_quotas q JOIN user_users u ON u.default_tablespace = "
            "q.tablespace_name WHERE q.max_bytes <> 0');\n"
            "      IF v = '0' AND fact('SELECT COUNT(*) FROM session_privs WHERE privilege = "
            "''UNLIMITED TABLESPACE''') = '0' THEN\n"
            f"        report('PF005', 'error', '{owner} has no quota on its default tablespace', {{fix}});\n"
            "      END IF;\n"
            "    ELSE\n"
            "      v := fact('SELECT COUNT(*) FROM dba_ts_quotas q JOIN dba_users u ON u.username = q.username AND "
            f"u.default_tablespace = q.tablespace_name WHERE q.username = ''{owner}'' AND q.max_bytes <> 0');\n"
            "      IF v = '?' THEN unchecked('PF005', 'DBA_TS_QUOTAS');\n"
            f"      ELSIF v = '0' AND fact('SELECT COUNT(*) FROM dba_sys_privs WHERE grantee = ''{owner}'' AND "
            "privilege = ''UNLIMITED TABLESPACE''') = '0' THEN\n"
            f"        report('PF005', 'error', '{owner} has no quota on its default tablespace', {{fix}});\n"
            "      END IF;\n"
            "    END IF;\n"
            "  END IF;\n")


def _sql_system_privileges(req: Requirements) -> str:
    out = []
    for alternatives in req.system_privileges:
        listed = ", ".join(f"''{a}''" for a in alternatives)
        words = " or ".join(alternatives)
        out.append(_if_none(f"SELECT COUNT(*) FROM session_privs WHERE privilege IN ({listed})",
                            f"    report('PF006', 'error', USER || ' lacks {words}', {{fix}});\n"))
    return "".join(out)


def _sql_deploy_lock(req: Requirements) -> str:
    out = []
    for need in req.object_privileges:
        obj, privilege = need.split(":", 1)
        owner, name = obj.split(".", 1)
        out.append(_if_none(
            f"SELECT COUNT(*) FROM all_tab_privs WHERE table_schema = ''{owner}'' AND table_name = "
            f"''{name}'' AND privilege = ''{privilege}'' AND (grantee IN (USER, ''PUBLIC'') OR grantee IN "
            f"(SELECT role FROM session_roles))",
            f"    report('PF007', '{{severity}}', USER || ' lacks {privilege} ON {obj}', {{fix}});\n"))
    return "".join(out)


def _sql_columns(needs: Iterable[ColumnNeed], code: str) -> str:
    out = []
    for need in needs:
        if need.column == "":
            out.append(f"  table_is('{code}', '{need.owner}', '{need.table}', {{fix}});\n")
        else:
            out.append(f"  column_is('{code}', '{need.owner}', '{need.table}', '{need.column}', "
                       f"'{_bare_type(need.data_type)}', {{fix}});\n")
    return "".join(out)


def _sql_protheus_columns(req: Requirements) -> str:
    return _sql_columns((c for c in req.columns if c.why != "event table"), "PF008")


def _sql_event_columns(req: Requirements) -> str:
    return _sql_columns((c for c in req.columns if c.why == "event table"), "PF009")


def _sql_indexes(req: Requirements) -> str:
    return "".join(_if_none(
        f"SELECT COUNT(*) FROM all_ind_columns WHERE table_owner = ''{n.owner}'' AND table_name = "
        f"''{n.table}'' AND column_name = ''{n.leading}'' AND column_position = 1",
        f"    report('PF010', 'warning', '{n.owner}.{n.table} has no index leading with {n.leading}', {{fix}});\n")
        for n in req.indexes)


def _sql_busy(req: Requirements) -> str:
    if not req.replaced_units:
        return ""
    units = ",".join(req.replaced_units)
    return ("  v := fact('SELECT COUNT(*) FROM v$access a JOIN v$session s ON s.sid = a.sid WHERE INSTR('','' || "
            f"''{units}'' || '','', '','' || a.owner || ''.'' || a.object || '','') > 0 AND s.sid <> "
            "SYS_CONTEXT(''USERENV'', ''SID'')');\n"
            "  IF v = '?' THEN unchecked('PF011', 'V$ACCESS / V$SESSION');\n"
            "  ELSIF v <> '0' THEN\n"
            "    report('PF011', 'warning', v || ' session(s) executing units this release replaces', {fix});\n"
            "  END IF;\n")


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    title: str  # what it checks
    fix: str
    evaluate: Callable[[DatabaseCatalog, Requirements], list[Result]]
    plsql: Callable[[Requirements], str]
    applies: Callable[[Requirements], bool] = field(default=lambda req: True)
    online_severity: Severity | None = None  # a different severity for the online run

    def severity_for(self, req: Requirements) -> Severity:
        return self.online_severity if req.mode == "online" and self.online_severity else self.severity


CHECKS: tuple[Check, ...] = (
    Check("PF001", Severity.ERROR, "Oracle version",
          "deploy to Oracle Database 19c or later", _oracle_version, _sql_oracle_version),
    Check("PF002", Severity.ERROR, "time-zone file knows Brazil without DST (V$TIMEZONE_FILE >= 34)",
          "apply the DST patch (DBMS_DST upgrade to file 34 or later) or schedule in a fixed-offset zone",
          _timezone_file, _sql_timezone_file, lambda req: req.schedule_timezone in DST_REGIONS),
    Check("PF003", Severity.ERROR, "job_queue_processes > 0",
          "ALTER SYSTEM SET job_queue_processes = 10 (a DBA)", _job_queue, _sql_job_queue,
          lambda req: bool(req.schedule_timezone)),
    Check("PF004", Severity.ERROR, "the configured tablespaces exist",
          "create the tablespace or name an existing one in conefi.toml ([targets.X.<db>.tablespaces])",
          _tablespaces, _sql_tablespaces, lambda req: bool(req.tablespaces)),
    Check("PF005", Severity.ERROR, "the owner has a quota on its tablespace",
          "ALTER USER <owner> QUOTA <size> ON <tablespace> (the grants manifest's quota)",
          _quota, _sql_quota),
    Check("PF006", Severity.ERROR, "the deploy user's system privileges for what the run creates",
          "grant them (grants/<db>/<profile>.toml) or deploy as a DBA",
          _system_privileges, _sql_system_privileges),
    Check("PF007", Severity.ERROR, "EXECUTE ON SYS.DBMS_LOCK for the deploy lock",
          "GRANT EXECUTE ON SYS.DBMS_LOCK TO <deploy user> (a DBA)",
          _deploy_lock, _sql_deploy_lock, lambda req: bool(req.object_privileges),
          online_severity=Severity.WARNING),
    Check("PF008", Severity.ERROR, "every Protheus table and column the code reads, with its type and size",
          "ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the "
          "dictionary CSV (integration.fields_file)",
          _protheus_columns, _sql_protheus_columns, lambda req: any(c.why != "event table" for c in req.columns)),
    Check("PF009", Severity.ERROR, "the event table's configured columns",
          "name the real columns in [integration.event_columns] of conefi.toml",
          _event_columns, _sql_event_columns, lambda req: any(c.why == "event table" for c in req.columns)),
    Check("PF010", Severity.WARNING, "indexes the integration relies on",
          "ask the Protheus DBA for the index (every ERP insert looks the title up by it)",
          _indexes, _sql_indexes, lambda req: bool(req.indexes)),
    Check("PF011", Severity.WARNING, "sessions executing units this release replaces (library-cache waits)",
          "deploy outside ERP hours or wait for the sessions (docs/releases.md, library-cache waits)",
          _busy, _sql_busy, lambda req: bool(req.replaced_units)),
)
BY_CODE = {c.code: c for c in CHECKS}
# What depends on the session's privileges: in a script whose DBA section grants them, these
# run at the top of the owner section (after the grants, before any object).
PRIVILEGE_CODES = frozenset({"PF005", "PF006", "PF007"})
BUSY_CODE = "PF011"  # `upgrade --no-wait` stops on it instead of letting the DDL wait


# --------------------------------------------------------------------------- requirements


def requirements_for(target: Target, desired: CatalogSnapshot, database: str, *, mode: str = "online",
                     reads: Iterable[tuple[str, str, str, str, str]] = (), lock: bool = True,
                     creates_users: bool = False) -> Requirements:
    """What a run of `target` needs of `database`: from the config, the model (`desired`)
    and `reads` — (database, schema, table, column, type) of the Protheus columns the code
    uses (`lint.engine.protheus_reads`). `lock`: the run takes the deploy lock (DBMS_LOCK);
    `creates_users`: it creates the users in the configured tablespaces (a DBA section).
    The event table's columns are needed when the model has a trigger on it."""
    db = target.database(database)
    owner = str(db.schemas.conefi)
    want = desired.database(database) or DatabaseCatalog(database)
    columns: list[ColumnNeed] = [ColumnNeed(schema, table, column, data_type)
                                 for r_db, schema, table, column, data_type in reads if r_db == database]
    indexes: list[IndexNeed] = []
    sgu = str(target.erp.schemas.sgu)
    event = str(target.integration.event_table)
    if database == "erp" and any((t.table_owner, t.table_name) == (sgu, event) for t in want.triggers):
        columns.append(ColumnNeed(sgu, event, "", why="event table"))
        columns += [ColumnNeed(sgu, event, str(c), why="event table")
                    for c in _event_column_names(target)]
        keyed = "SE1" if target.integration.event_key == "se1_recno" else "SE5"
        table = target.erp.protheus_table(keyed)
        if any(c.table == table for c in columns):
            indexes.append(IndexNeed(str(target.erp.schemas.siga), table, "R_E_C_N_O_",
                                     "the trigger looks each event's title up by R_E_C_N_O_"))
    privileges = _system_privileges_for(want, owner)
    code_units = tuple(dict.fromkeys(f"{s.owner}.{s.name}" for s in want.sources if s.type != "view"))
    return Requirements(
        database=database, mode=mode, owner=owner, owner_tablespace=str(db.tablespaces.default),
        tablespaces=(str(db.tablespaces.default), str(db.tablespaces.temporary)) if creates_users else (),
        schedule_timezone=str(target.schedule.timezone) if want.jobs else "",
        system_privileges=privileges,
        object_privileges=("SYS.DBMS_LOCK:EXECUTE",) if lock else (),
        columns=tuple(columns), indexes=tuple(indexes),
        replaced_units=code_units if database == "erp" else (),
    )


def _event_column_names(target: Target) -> tuple[str, ...]:
    ec = target.integration.event_columns
    return (ec.id, ec.kind, ec.key, ec.data, ec.inserted_at, ec.user, ec.routine, ec.entry_point)


_CREATE = {"table": "TABLE", "sequence": "SEQUENCE", "view": "VIEW", "package": "PROCEDURE",
           "package_body": "PROCEDURE", "procedure": "PROCEDURE", "function": "PROCEDURE",
           "type": "TYPE", "trigger": "TRIGGER", "synonym": "SYNONYM"}


def _system_privileges_for(want: DatabaseCatalog, owner: str) -> tuple[tuple[str, ...], ...]:
    """CREATE <x> for what the model creates in the owner's schema (a trigger on another
    schema's table needs CREATE ANY TRIGGER). Objects another schema owns are created in their
    own deploy section, by the DBA or that schema (`script.owner_sections`), not by this user."""
    needed: dict[str, bool] = {}  # kind -> needs ANY
    for s in want.sources:
        kind = _CREATE.get(s.type)
        if kind and s.owner == owner:
            needed[kind] = needed.get(kind, False)
    for t in want.triggers:
        if t.owner == owner:
            needed["TRIGGER"] = needed.get("TRIGGER", False) or t.table_owner != owner
    if want.tables:
        needed.setdefault("TABLE", False)
    if want.sequences:
        needed.setdefault("SEQUENCE", False)
    out: list[tuple[str, ...]] = []
    for kind, any_needed in sorted(needed.items()):
        out.append((f"CREATE ANY {kind}",) if any_needed else (f"CREATE {kind}", f"CREATE ANY {kind}"))
    if want.jobs:
        out.append(("CREATE JOB",))
    return tuple(out)


# --------------------------------------------------------------------------- evaluation


def evaluate(db: DatabaseCatalog, req: Requirements) -> tuple[PreflightFinding, ...]:
    """Every applicable check's results on one database's facts, worst first."""
    out: list[PreflightFinding] = []
    for check in CHECKS:
        if not check.applies(req):
            continue
        for result in check.evaluate(db, req):
            severity = check.severity_for(req) if result.status is Status.FAILED else (
                Severity.INFO if result.status is Status.PASSED else Severity.WARNING)
            out.append(PreflightFinding(check.code, severity, result.message, req.database, result.status,
                                        check.fix if result.status is not Status.PASSED else "", check.title))
    return tuple(sorted(out, key=lambda f: (worst_first(f.severity), f.code)))


def failed(findings: Iterable[PreflightFinding], threshold: Severity = Severity.ERROR) -> bool:
    return any(f.status is Status.FAILED and f.severity.at_least(threshold) for f in findings)


# --------------------------------------------------------------------------- the PL/SQL block


_BLOCK_HEAD = """DECLARE
  -- conefi-dbtool preflight ({database}): nothing below changes the database.
  v VARCHAR2(4000);
  v_errors PLS_INTEGER := 0;
  v_first VARCHAR2(2000);
""" + UNREADABLE_VIEW_ERRORS + """  PROCEDURE report(p_code VARCHAR2, p_severity VARCHAR2, p_message VARCHAR2, p_fix VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight ' || p_severity || ' ' || p_code || ': ' || p_message);
    DBMS_OUTPUT.PUT_LINE('  fix: ' || p_fix);
    IF p_severity = 'error' THEN
      v_errors := v_errors + 1;
      v_first := NVL(v_first, SUBSTR(p_code || ': ' || p_message, 1, 2000));
    END IF;
  END;
  PROCEDURE unchecked(p_code VARCHAR2, p_what VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight not checked ' || p_code || ': ' || p_what || ' is not readable by ' || USER);
  END;
""" + FACT_FUNCTION + """  PROCEDURE table_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_fix VARCHAR2) IS
    n PLS_INTEGER;
  BEGIN
    SELECT COUNT(*) INTO n FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table;
    IF n = 0 THEN
      report(p_code, 'error', p_owner || '.' || p_table || ' does not exist or ' || USER || ' cannot see it', p_fix);
    END IF;
  END;
  PROCEDURE column_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_column VARCHAR2,
                      p_type VARCHAR2, p_fix VARCHAR2) IS
    t VARCHAR2(200);
  BEGIN
    SELECT data_type || CASE
             WHEN data_type IN ('VARCHAR2', 'CHAR', 'NVARCHAR2', 'NCHAR') THEN '(' || char_length || ')'
             WHEN data_type = 'NUMBER' AND data_precision IS NOT NULL THEN
               '(' || data_precision || CASE WHEN data_scale > 0 THEN ',' || data_scale END || ')'
           END
      INTO t FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table AND column_name = p_column;
    IF p_type IS NOT NULL AND t <> p_type THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' is ' || t || '; the dictionary says '
             || p_type, p_fix);
    END IF;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' does not exist', p_fix);
  END;
BEGIN
"""

_BLOCK_TAIL = f"""  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR({ERROR_CODE}, 'preflight: ' || v_errors || ' error(s), nothing was changed; first: '
      || v_first);
  END IF;
END;"""


_UNWRITABLE = re.compile(r"['{}\r\n\x00]")


def _words(value: object) -> Iterator[str]:
    """Every name inside `value` (a Requirements and the tuples and records it holds)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _words(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "why":  # prose for the reports, never spliced into the block
                yield from _words(getattr(value, f.name))


def _refuse_unwritable(req: Requirements) -> None:
    """Names are spliced into literals nested in literals: a quote (legal in a quoted Oracle
    identifier) or a placeholder brace would change the block, so such a name is refused."""
    for word in _words(req):
        if _UNWRITABLE.search(word):
            raise UsageError(f"preflight: {word!r} cannot be written into the preflight block "
                             "(a quote, brace or line break in a configured name)")


def plsql_block(req: Requirements, *, only: frozenset[str] | None = None,
                exclude: frozenset[str] = frozenset()) -> str:
    """The anonymous block (without its '/') that checks `req` in the session that runs it
    and raises ORA-20990 before any DDL when a check fails at error severity."""
    _refuse_unwritable(req)
    body = []
    for check in CHECKS:
        if not check.applies(req) or check.code in exclude or (only is not None and check.code not in only):
            continue
        fragment = check.plsql(req)
        if fragment:
            body.append(f"  -- {check.code}: {check.title}\n"
                        + fragment.replace("{fix}", _q(check.fix))
                                  .replace("{severity}", check.severity_for(req).value))
    return _BLOCK_HEAD.format(database=req.database) + "".join(body) + "  NULL;\n" + _BLOCK_TAIL


# --------------------------------------------------------------------------- reports


def report_text(findings: Sequence[PreflightFinding], *, verbose: bool = False) -> str:
    shown = [f for f in findings if verbose or f.status is not Status.PASSED]
    lines = [f"{f.database}: {f.severity} {f.code} [{f.status}] {f.message}"
             + (f"\n  fix: {f.fix}" if f.fix else "") for f in shown]
    errors = sum(1 for f in findings if f.status is Status.FAILED and f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    passed = sum(1 for f in findings if f.status is Status.PASSED)
    lines.append(f"preflight {'failed' if errors else 'ok'}: {errors} error(s), {warnings} warning(s), "
                 f"{passed} passed")
    return "\n".join(lines) + "\n"


def report_json(target: str, findings: Sequence[PreflightFinding]) -> str:
    data = {
        "target": target,
        "ok": not failed(findings),
        "findings": [{"database": f.database, "code": f.code, "severity": f.severity.value,
                      "status": f.status.value, "check": f.check, "message": f.message, "fix": f.fix}
                     for f in findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def report_junit(target: str, findings: Sequence[PreflightFinding]) -> str:
    suites = []
    for database in dict.fromkeys(f.database for f in findings):
        cases = []
        for f in (x for x in findings if x.database == database):
            outcome: Literal["passed", "failed", "skipped"] = "skipped"
            if f.status is Status.PASSED or (f.status is Status.FAILED and f.severity is not Severity.ERROR):
                outcome = "passed"  # a warning does not fail the CI job
            elif f.status is Status.FAILED:
                outcome = "failed"
            cases.append(Case(f"preflight.{database}.{f.code}", f.message, outcome,
                              f.message if outcome != "passed" else "", f.code, f.fix))
        suites.append(Suite(f"preflight {target} {database}", tuple(cases)))
    return junit_xml(f"conefi-dbtool preflight {target}", suites)
