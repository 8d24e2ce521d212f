"""The catalog snapshot: what a live database holds, as a serialisable value.

Read online with a fixed handful of bulk dictionary queries (see `catalog_reader`),
or loaded from JSON (`--catalog snap.json`), so every diff rule is testable offline and
a DBA can hand a snapshot to CI. The JSON form is stable: keys sorted, lists sorted by
identity, `format` versioned.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conefi_dbtool.errors import UsageError
from conefi_dbtool.serial import SerialError, from_data, to_data
from conefi_dbtool.textio import read_text_strict

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True, order=True)
class SourceObject:
    """A stored PL/SQL unit or view: text as Oracle keeps it (ALL_SOURCE / ALL_VIEWS)."""

    owner: str
    type: str  # objects.OBJECT_TYPES spelling: package, package_body, procedure, ...
    name: str
    text: str
    status: str = "VALID"  # ALL_OBJECTS.STATUS


@dataclass(frozen=True, order=True)
class Trigger:
    owner: str
    name: str
    table_owner: str
    table_name: str
    triggering_event: str  # e.g. INSERT
    trigger_type: str  # e.g. AFTER EACH ROW
    when_clause: str = ""
    status: str = "ENABLED"


@dataclass(frozen=True, order=True)
class Column:
    name: str
    data_type: str  # e.g. VARCHAR2(3), NUMBER(18), CHAR(8), DATE, TIMESTAMP(6)
    nullable: bool = True
    default: str = ""  # DATA_DEFAULT as text, trimmed


@dataclass(frozen=True, order=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True, order=True)
class Constraint:
    name: str
    type: str  # P, U, R, C
    columns: tuple[str, ...] = ()
    condition: str = ""
    references: str = ""  # OWNER.TABLE for R


@dataclass(frozen=True, order=True)
class Table:
    owner: str
    name: str
    columns: tuple[Column, ...] = ()
    indexes: tuple[Index, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    num_rows: int | None = None  # exact COUNT(*) when the reader was asked for it


@dataclass(frozen=True, order=True)
class Sequence:
    owner: str
    name: str
    increment_by: int = 1
    cache_size: int = 20
    cycle: bool = False


@dataclass(frozen=True, order=True)
class User:
    name: str
    default_tablespace: str = ""
    temporary_tablespace: str = ""
    profile: str = "DEFAULT"
    account_status: str = "OPEN"


@dataclass(frozen=True, order=True)
class Quota:
    username: str
    tablespace: str
    max_bytes: int  # -1 = unlimited


@dataclass(frozen=True, order=True)
class ObjectPrivilege:
    grantee: str
    owner: str
    object_name: str
    privilege: str  # SELECT, UPDATE, EXECUTE, ...
    grantable: bool = False


@dataclass(frozen=True, order=True)
class SystemPrivilege:
    grantee: str
    privilege: str  # e.g. CREATE JOB, UNLIMITED TABLESPACE
    admin_option: bool = False


@dataclass(frozen=True, order=True)
class RoleGrant:
    grantee: str
    role: str
    admin_option: bool = False


@dataclass(frozen=True, order=True)
class Synonym:
    owner: str
    name: str
    table_owner: str
    table_name: str
    db_link: str = ""


@dataclass(frozen=True, order=True)
class DatabaseLink:
    owner: str
    name: str
    username: str = ""
    host: str = ""  # never a password


@dataclass(frozen=True, order=True)
class SchedulerJob:
    owner: str
    name: str
    job_type: str = "PLSQL_BLOCK"
    job_action: str = ""
    repeat_interval: str = ""
    start_date: str = ""  # ISO 8601 with region, e.g. 2026-01-01T05:00:00 America/Sao_Paulo
    enabled: bool = True
    state: str = "SCHEDULED"
    failure_count: int = 0
    last_start_date: str = ""
    next_run_date: str = ""
    comments: str = ""


@dataclass(frozen=True, order=True)
class JobRun:
    owner: str
    job_name: str
    log_date: str
    status: str  # SUCCEEDED, FAILED, ...
    error: int = 0
    additional_info: str = ""


@dataclass(frozen=True, order=True)
class QueueHealth:
    """Backlog of the CONEFI queue (status view only)."""

    pending: int = 0
    errors: int = 0
    oldest_pending_age_seconds: int | None = None


@dataclass(frozen=True, order=True)
class Tablespace:
    name: str
    status: str = "ONLINE"
    contents: str = "PERMANENT"  # PERMANENT, TEMPORARY, UNDO


@dataclass(frozen=True)
class SessionPrivileges:
    """What the session that read the catalog (the deploy user) may do, roles included.

    `object_privileges` are ``OWNER.NAME:PRIVILEGE`` (e.g. ``SYS.DBMS_LOCK:EXECUTE``), held
    directly, through PUBLIC or through an enabled role (ALL_TAB_PRIVS).
    """

    user: str
    system_privileges: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    object_privileges: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class BusySession:
    """An ERP session executing (or holding) a unit a release may replace (V$ACCESS)."""

    sid: int
    username: str
    unit: str  # OWNER.NAME


@dataclass(frozen=True)
class DatabaseCatalog:
    """Managed state of one database (erp or sgu2)."""

    database: str
    revision: str | None = None  # alembic revision recorded in the database, if any
    sources: tuple[SourceObject, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    tables: tuple[Table, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    users: tuple[User, ...] = ()
    quotas: tuple[Quota, ...] = ()
    object_privileges: tuple[ObjectPrivilege, ...] = ()
    system_privileges: tuple[SystemPrivilege, ...] = ()
    role_grants: tuple[RoleGrant, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    database_links: tuple[DatabaseLink, ...] = ()
    jobs: tuple[SchedulerJob, ...] = ()
    job_runs: tuple[JobRun, ...] = ()
    queue: QueueHealth | None = None
    # How the state was read (drift needs it to know what absence means):
    owners: tuple[str, ...] = ()  # schemas read in full: anything there not in the model is unexpected
    dictionary: str = ""  # "DBA" or "ALL" views (live reads); "" for `catalog expected`
    privileges_of: tuple[str, ...] | None = None  # grantees whose privileges were visible; None = all
    # Facts `preflight` checks before any DDL. None = absent (a snapshot taken before they were
    # read); a fact the deploy user could not read is None and named in `unreadable`.
    oracle_version: str | None = None  # e.g. 19.24.0.0.0
    timezone_file_version: int | None = None  # V$TIMEZONE_FILE.VERSION
    job_queue_processes: int | None = None  # V$PARAMETER
    tablespaces: tuple[Tablespace, ...] | None = None
    session: SessionPrivileges | None = None
    referenced_tables: tuple[Table, ...] | None = None  # tables outside `owners` the code reads
    busy_sessions: tuple[BusySession, ...] | None = None
    unreadable: tuple[str, ...] = ()  # facts above the deploy user could not read


@dataclass(frozen=True)
class CatalogSnapshot:
    target: str
    databases: tuple[DatabaseCatalog, ...] = ()
    taken_at: str = ""  # ISO timestamp of the read; empty for `catalog expected`
    format: int = SNAPSHOT_FORMAT
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    def database(self, name: str) -> DatabaseCatalog | None:
        for db in self.databases:
            if db.database == name:
                return db
        return None


# --------------------------------------------------------------------------- JSON


def _canonical(snapshot: CatalogSnapshot) -> CatalogSnapshot:
    """Sort every collection by identity so equal states serialise identically."""
    dbs = []
    for db in sorted(snapshot.databases, key=lambda d: d.database):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(db):
            value = getattr(db, f.name)
            if isinstance(value, tuple):
                if f.name in ("tables", "referenced_tables"):
                    value = tuple(
                        dataclasses.replace(
                            t, indexes=tuple(sorted(t.indexes)),
                            constraints=tuple(sorted(t.constraints)),
                        ) for t in value
                    )
                changes[f.name] = tuple(sorted(value))
        dbs.append(dataclasses.replace(db, **changes))
    return dataclasses.replace(snapshot, databases=tuple(dbs))


def snapshot_to_json(snapshot: CatalogSnapshot) -> str:
    data = to_data(_canonical(snapshot))
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def snapshot_from_json(text: str, *, source: str = "<snapshot>") -> CatalogSnapshot:
    """Parse and validate a snapshot; errors name the file and the JSON path."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{source}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    if isinstance(data, dict) and data.get("format") not in (None, SNAPSHOT_FORMAT):
        raise UsageError(
            f"{source}: snapshot format {data.get('format')!r} is not supported "
            f"(this tool reads format {SNAPSHOT_FORMAT})"
        )
    try:
        snap: CatalogSnapshot = from_data(CatalogSnapshot, data)
    except SerialError as exc:
        raise UsageError(f"{source}: {exc.path}: {exc.message}") from None
    return snap


def load_snapshot(path: Path) -> CatalogSnapshot:
    text = read_text_strict(path, "catalog snapshot")
    return snapshot_from_json(text, source=str(path))
