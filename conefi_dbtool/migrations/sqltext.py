"""The SQL the release machinery adds around object steps, as `deploy_steps.Step`s.

Everything here is executed the same way online (python-oracledb) and in the SQL*Plus
script of `upgrade --sql`, so what a DBA reviews is what the tool runs:

* bookkeeping in the owner schema of each database: ``CONEFI_DBTOOL_VERSION`` (one row
  per database: the revision it is at) and ``CONEFI_DBTOOL_JOURNAL`` (one row per object
  applied: revision, object, sha256 of the text, who, when, outcome);
* the deploy lock: a ``DBMS_LOCK`` user lock requested with ``release_on_commit => FALSE``,
  so Oracle's implicit commits after DDL do not release it;
* idempotent drops (a missing object is not an error), scheduler job create/replace/drop
  and their verification, revokes that tolerate "not granted".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conefi_dbtool import __version__
from conefi_dbtool.deploy_steps import Step, sql_literal_multiline
from conefi_dbtool.errors import UsageError
from conefi_dbtool.grants.link import through_definer_procedure
from conefi_dbtool.identifiers import sql_literal, sql_qualified
from conefi_dbtool.migrations.tablediff import rows_guard
from conefi_dbtool.object_types import NA, REGISTRY
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, ObjectId, RenderedObject
from conefi_dbtool.splitter import split

VERSION_TABLE = "CONEFI_DBTOOL_VERSION"
LOCK_TABLE = "CONEFI_DBTOOL_LOCK"  # lock rows, for online runs where DBMS_LOCK is not granted
JOURNAL_TABLE = "CONEFI_DBTOOL_JOURNAL"
JOURNAL_SEQUENCE = "S_CONEFI_DBTOOL_JOURNAL"
LOCK_PREFIX = "CONEFI_DBTOOL_DEPLOY"

# Who applied a step, computed by the database (never a secret).
APPLIED_BY_SQL = (
    "SUBSTR(SYS_CONTEXT('USERENV', 'SESSION_USER') || ' os=' || SYS_CONTEXT('USERENV', 'OS_USER')"
    " || ' host=' || SYS_CONTEXT('USERENV', 'HOST'), 1, 256)"
)

# "does not exist" error of DROP <type>, and the types a release never drops: from the registry.
_DROP_MISSING = {t.name: t.missing_error for t in REGISTRY if t.missing_error is not NA}
_UNDROPPABLE = frozenset(t.name for t in REGISTRY if t.grants_managed)


def qualified(owner: str, name: str) -> str:
    return str(sql_qualified(owner, name))


# --------------------------------------------------------------------------- bookkeeping


def bootstrap_steps(owner: str) -> tuple[Step, ...]:
    """Creates of the version table, the journal and its sequence, when missing.

    Tolerates an owner that does not exist yet (a first deploy creates it with its
    grants): the planner runs these steps again after every `apply_grants`.
    """
    version = qualified(owner, VERSION_TABLE)
    lock = qualified(owner, LOCK_TABLE)
    journal = qualified(owner, JOURNAL_TABLE)
    sequence = qualified(owner, JOURNAL_SEQUENCE)
    statements = (
        (VERSION_TABLE, f"CREATE TABLE {version} (\n"
         "  DATABASE_NAME  VARCHAR2(8)    NOT NULL,\n"
         "  VERSION_NUM    VARCHAR2(32)   NOT NULL,\n"
         "  APPLIED_AT     TIMESTAMP WITH TIME ZONE NOT NULL,\n"
         "  APPLIED_BY     VARCHAR2(256)  NOT NULL,\n"
         f"  CONSTRAINT PK_{VERSION_TABLE} PRIMARY KEY (DATABASE_NAME)\n"
         ")"),
        (LOCK_TABLE, f"CREATE TABLE {lock} (\n"
         "  DATABASE_NAME  VARCHAR2(8)    NOT NULL,\n"
         f"  CONSTRAINT PK_{LOCK_TABLE} PRIMARY KEY (DATABASE_NAME)\n"
         ")"),
        (JOURNAL_SEQUENCE, f"CREATE SEQUENCE {sequence} START WITH 1 INCREMENT BY 1 NOCACHE NOCYCLE"),
        (JOURNAL_TABLE, f"CREATE TABLE {journal} (\n"
         "  JOURNAL_ID     NUMBER(18)     NOT NULL,\n"
         "  RUN_ID         VARCHAR2(64)   NOT NULL,\n"
         "  DATABASE_NAME  VARCHAR2(8)    NOT NULL,\n"
         "  REVISION       VARCHAR2(32),\n"
         "  DIRECTION      VARCHAR2(9)    NOT NULL,\n"
         "  OPERATION      VARCHAR2(30)   NOT NULL,\n"
         "  OBJECT_NAME    VARCHAR2(512)  NOT NULL,\n"
         "  TEXT_SHA256    VARCHAR2(64),\n"
         "  APPLIED_BY     VARCHAR2(256)  NOT NULL,\n"
         "  APPLIED_AT     TIMESTAMP WITH TIME ZONE NOT NULL,\n"
         "  OUTCOME        VARCHAR2(8)    NOT NULL,\n"
         "  MESSAGE        VARCHAR2(4000),\n"
         "  TOOL           VARCHAR2(64)   NOT NULL,\n"
         f"  CONSTRAINT PK_{JOURNAL_TABLE} PRIMARY KEY (JOURNAL_ID)\n"
         ")"),
    )
    return tuple(
        Step("plsql", tolerant_block(text, (955, 1918),
                                     f"{owner}.{name}: kept (exists, or {owner} does not exist yet)"),
             None, "bootstrap")
        for name, text in statements
    )


def lock_name(owner: str, database: str) -> str:
    return f"{LOCK_PREFIX}.{owner}.{database}"


def lock_step(owner: str, database: str, timeout_seconds: int) -> Step:
    """Take the deploy lock (exclusive, survives commits); fail after `timeout_seconds`."""
    name = lock_name(owner, database)
    return _lock_block(
        name, "lock",
        "  v_result := SYS.DBMS_LOCK.REQUEST(lockhandle => v_handle, lockmode => SYS.DBMS_LOCK.X_MODE,\n"
        f"                                     timeout => {int(timeout_seconds)},\n"
        "                                     release_on_commit => FALSE);\n"
        "  IF v_result NOT IN (0, 4) THEN\n"
        "    RAISE_APPLICATION_ERROR(-20005, "
        f"{sql_literal(f'deploy lock {name} not acquired within {int(timeout_seconds)} s')}"
        " || ' (DBMS_LOCK.REQUEST returned ' || v_result || '): another deploy is running');\n"
        "  END IF;\n")


def _lock_block(name: str, purpose: str, body: str) -> Step:
    """A PL/SQL step on the named deploy lock: its handle is allocated, then ``body`` runs."""
    text = (
        "DECLARE\n"
        "  v_handle VARCHAR2(128);\n"
        "  v_result INTEGER;\n"
        "BEGIN\n"
        f"  SYS.DBMS_LOCK.ALLOCATE_UNIQUE(lockname => {sql_literal(name)}, lockhandle => v_handle);\n"
        f"{body}"
        "END;"
    )
    return Step("plsql", text, None, purpose)


def lock_row_sql(owner: str, database: str, timeout_seconds: int) -> tuple[str, str]:
    """(make sure the lock row exists, lock it) — run in a session of its own, which
    holds the row lock while the deploy session commits DDL after DDL."""
    table = qualified(owner, LOCK_TABLE)
    db = sql_literal(database)
    ensure = (f"MERGE INTO {table} l USING (SELECT {db} AS DATABASE_NAME FROM DUAL) s "
              "ON (l.DATABASE_NAME = s.DATABASE_NAME) "
              "WHEN NOT MATCHED THEN INSERT (DATABASE_NAME) VALUES (s.DATABASE_NAME)")
    wait = "NOWAIT" if timeout_seconds <= 0 else f"WAIT {int(timeout_seconds)}"
    take = f"SELECT DATABASE_NAME FROM {table} WHERE DATABASE_NAME = {db} FOR UPDATE {wait}"
    return ensure, take


def unlock_step(owner: str, database: str) -> Step:
    return _lock_block(lock_name(owner, database), "unlock",
                       "  v_result := SYS.DBMS_LOCK.RELEASE(lockhandle => v_handle);\n")


def read_version_sql(owner: str) -> str:
    """Query of a database's current revision (bind :db)."""
    return f"SELECT VERSION_NUM FROM {qualified(owner, VERSION_TABLE)} WHERE DATABASE_NAME = :db"


def version_check_step(owner: str, database: str, start: str | None,
                       accepted: tuple[str | None, ...] = ()) -> Step:
    """Stop the script unless the database is at `start` or at a revision of the range.

    A database part-way through the range (an earlier run stopped) is accepted: the
    script re-applies from `start`, which converges because every step is idempotent.
    No version table (or no owner yet) means base.
    """
    shown = start or "base"
    allowed = sorted({r or "base" for r in (start, *accepted)})
    listed = ", ".join(str(sql_literal(r)) for r in allowed)
    query = sql_literal(read_version_sql(owner))
    text = (
        "DECLARE\n"
        "  v_current VARCHAR2(32);\n"
        "  e_missing EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_missing, -942);\n"
        "BEGIN\n"
        "  BEGIN\n"
        f"    EXECUTE IMMEDIATE {query} INTO v_current USING {sql_literal(database)};\n"
        "  EXCEPTION\n"
        "    WHEN NO_DATA_FOUND OR e_missing THEN\n"
        "      v_current := NULL;\n"
        "  END;\n"
        f"  IF NVL(v_current, 'base') NOT IN ({listed}) THEN\n"
        f"    RAISE_APPLICATION_ERROR(-20006, {sql_literal(database)} || ' is at revision ' || "
        f"NVL(v_current, 'base') || {sql_literal(f'; this script starts from {shown}')});\n"
        "  END IF;\n"
        "END;"
    )
    return Step("plsql", text, None, "version-check")


def stamp_steps(owner: str, database: str, revision: str | None) -> tuple[Step, ...]:
    """Record that `database` is now at `revision` (None: back to base), then commit."""
    table = qualified(owner, VERSION_TABLE)
    db = sql_literal(database)
    if revision is None:
        stamp = f"DELETE FROM {table} WHERE DATABASE_NAME = {db}"
    else:
        rev = sql_literal(revision)
        stamp = (
            f"MERGE INTO {table} v\n"
            f"USING (SELECT {db} AS DATABASE_NAME FROM DUAL) s\n"
            "   ON (v.DATABASE_NAME = s.DATABASE_NAME)\n"
            f" WHEN MATCHED THEN UPDATE SET v.VERSION_NUM = {rev}, v.APPLIED_AT = SYSTIMESTAMP,\n"
            f"      v.APPLIED_BY = {APPLIED_BY_SQL}\n"
            " WHEN NOT MATCHED THEN INSERT (DATABASE_NAME, VERSION_NUM, APPLIED_AT, APPLIED_BY)\n"
            f"      VALUES ({db}, {rev}, SYSTIMESTAMP, {APPLIED_BY_SQL})"
        )
    return (Step("sql", stamp, None, "stamp"), Step("sql", "COMMIT", None, "stamp"))


@dataclass(frozen=True)
class JournalEntry:
    """One row of the deploy journal."""

    run_id: str
    database: str
    revision: str | None
    direction: str
    operation: str
    object_name: str
    text_sha256: str
    outcome: str = "OK"
    message: str = ""
    tool: str = f"conefi-dbtool {__version__}"


JOURNAL_COLUMNS = (
    "JOURNAL_ID, RUN_ID, DATABASE_NAME, REVISION, DIRECTION, OPERATION, OBJECT_NAME, "
    "TEXT_SHA256, APPLIED_BY, APPLIED_AT, OUTCOME, MESSAGE, TOOL"
)


def journal_insert_bind_sql(owner: str) -> str:
    """The journal insert with binds (online)."""
    return (
        f"INSERT INTO {qualified(owner, JOURNAL_TABLE)} ({JOURNAL_COLUMNS})\n"
        f"VALUES ({qualified(owner, JOURNAL_SEQUENCE)}.NEXTVAL, :run_id, :db, :revision, :direction,"
        f" :operation, :object_name, :sha, {APPLIED_BY_SQL}, SYSTIMESTAMP, :outcome,"
        " SUBSTR(:message, 1, 4000), :tool)"
    )


def journal_steps(owner: str, entry: JournalEntry) -> tuple[Step, ...]:
    """The journal insert as literal SQL (SQL*Plus script), then commit.

    The run id is the session's audit id, so every row of one script run shares it.
    """
    values = ", ".join((
        f"{qualified(owner, JOURNAL_SEQUENCE)}.NEXTVAL",
        "'sqlplus:' || SYS_CONTEXT('USERENV', 'SESSIONID')",
        sql_literal(entry.database),
        sql_literal(entry.revision) if entry.revision else "NULL",
        sql_literal(entry.direction),
        sql_literal(entry.operation),
        sql_literal(entry.object_name),
        sql_literal(entry.text_sha256) if entry.text_sha256 else "NULL",
        APPLIED_BY_SQL,
        "SYSTIMESTAMP",
        sql_literal(entry.outcome),
        sql_literal(entry.message) if entry.message else "NULL",
        sql_literal(f"{entry.tool} (SQL*Plus script)"),
    ))
    insert = f"INSERT INTO {qualified(owner, JOURNAL_TABLE)} ({JOURNAL_COLUMNS})\nVALUES ({values})"
    return (Step("sql", insert, None, "journal"), Step("sql", "COMMIT", None, "journal"))


# --------------------------------------------------------------------------- object operations


def drop_steps(oid: ObjectId, *, allow_data_loss: bool) -> tuple[Step, ...]:
    """Drop `oid` if it exists; a table holding rows is refused unless data loss is allowed."""
    if oid.type in _UNDROPPABLE:
        raise UsageError(f"{oid}: users and grants are managed by the grants manifests, not dropped")
    name = qualified(oid.owner, oid.name)
    if oid.type == "job":
        return (drop_job_step(oid),)
    steps: list[Step] = []
    if oid.type == "table":
        if not allow_data_loss:
            guard = rows_guard(name, f"drop table {name}")
            steps.append(Step(guard.kind, guard.text, oid, guard.purpose))
        statement = f"DROP TABLE {name} CASCADE CONSTRAINTS"
    elif oid.type == "database_link":
        return (drop_link_step(oid),)
    else:
        statement = f"DROP {ORACLE_TYPE_NAMES[oid.type]} {name}"
    label = f"{oid.owner}.{oid.name} ({oid.type}): already absent"
    steps.append(Step("plsql", tolerant_block(statement, (_DROP_MISSING[oid.type],), label), oid, "drop"))
    return tuple(steps)


DROP_LINK_HELPER = "CONEFI_DBTOOL$DROPLINK"


def drop_link_step(oid: ObjectId) -> Step:
    """Drop a private database link if it exists, as its owner.

    ``DROP DATABASE LINK CONEFI.X`` cannot name another schema's link: periods are legal in
    link names, so Oracle looks for a link called "CONEFI.X" in the caller's schema, finds
    none (ORA-02024) and the drop would silently do nothing. The owner drops it directly;
    anyone else (a DBA) through a throwaway definer's-rights procedure in the owner's schema.
    """
    link = str(sql_qualified(oid.name))
    helper = qualified(oid.owner, DROP_LINK_HELPER)
    drop = f"DROP DATABASE LINK {link}"
    label = sql_literal(f"{oid.owner}.{oid.name} (database_link): already absent")
    text = (
        "DECLARE\n"
        "  e_2024 EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_2024, -2024);\n"
        "BEGIN\n"
        f"  IF SYS_CONTEXT('USERENV', 'SESSION_USER') = {sql_literal(oid.owner)} THEN\n"
        f"    EXECUTE IMMEDIATE {sql_literal(drop)};\n"
        "  ELSE\n"
        + through_definer_procedure(
            helper,
            sql_literal(f"CREATE OR REPLACE PROCEDURE {helper} AUTHID DEFINER "
                        f"IS BEGIN EXECUTE IMMEDIATE {sql_literal(drop)}; END;"),
            sql_literal(f"BEGIN {helper}; END;"), "    ")
        + "  END IF;\n"
        "EXCEPTION\n"
        "  WHEN e_2024 THEN\n"
        f"    SYS.DBMS_OUTPUT.PUT_LINE({label});\n"
        "END;"
    )
    return Step("plsql", text, oid, "drop")


def tolerant_block(statement: str, codes: tuple[int, ...], message: str) -> str:
    """Run `statement` through EXECUTE IMMEDIATE; the errors `codes` only print `message`."""
    declare = "".join(
        f"  e_{code} EXCEPTION;\n  PRAGMA EXCEPTION_INIT(e_{code}, -{code});\n" for code in codes
    )
    return (
        f"DECLARE\n{declare}BEGIN\n"
        f"  EXECUTE IMMEDIATE {sql_literal_multiline(statement)};\n"
        "EXCEPTION\n"
        f"  WHEN {' OR '.join(f'e_{code}' for code in codes)} THEN\n"
        f"    SYS.DBMS_OUTPUT.PUT_LINE({sql_literal(message)});\n"
        "END;"
    )


def drop_job_step(oid: ObjectId) -> Step:
    """Drop a scheduler job if it exists (a running job makes this fail: retry later)."""
    job = sql_literal(qualified(oid.owner, oid.name))
    text = (
        "DECLARE\n"
        "  e_unknown_job EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_unknown_job, -27475);\n"
        "BEGIN\n"
        f"  SYS.DBMS_SCHEDULER.DROP_JOB(job_name => {job}, force => FALSE);\n"
        "EXCEPTION\n"
        "  WHEN e_unknown_job THEN\n"
        "    NULL;\n"
        "END;"
    )
    return Step("plsql", text, oid, "drop-job")


_JOB_WRAP_LINES = 4  # lines a guarded job block adds before the rendered unit


def job_create_steps(obj: RenderedObject, *, replace: bool) -> tuple[Step, ...]:
    """Create a job from its rendered block: kept if it exists, or dropped first (replace)."""
    steps: list[Step] = [drop_job_step(obj.id)] if replace else []
    label = sql_literal(f"{obj.id.owner}.{obj.id.name} (job): already exists, kept")
    for unit in split(obj.text):
        if unit.kind != "plsql" or replace:
            steps.append(Step(unit.kind, unit.text, obj.id, "create", unit.start))
            continue
        text = (
            "DECLARE\n"
            "  e_exists EXCEPTION;\n"
            "  PRAGMA EXCEPTION_INIT(e_exists, -27477);\n"
            "BEGIN\n"
            f"{unit.text}\n"
            "EXCEPTION\n"
            "  WHEN e_exists THEN\n"
            f"    SYS.DBMS_OUTPUT.PUT_LINE({label});\n"
            "END;"
        )
        steps.append(Step("plsql", text, obj.id, "create", unit.start - _JOB_WRAP_LINES))
    return tuple(steps)


_NAMED_ARG = re.compile(r"\b(job_type|job_action|repeat_interval|enabled)\s*=>\s*('(?:[^']|'')*'|TRUE|FALSE)",
                        re.I)


def expected_job_attributes(obj: RenderedObject) -> dict[str, str]:
    """Attributes a job template states as literals (``repeat_interval => '...'`` etc.)."""
    found: dict[str, str] = {}
    for match in _NAMED_ARG.finditer(obj.text):
        found.setdefault(match.group(1).lower(), match.group(2))
    return found


_ENABLE_CALL = re.compile(r"\bDBMS_SCHEDULER\s*\.\s*ENABLE\s*\(", re.I)


def job_enabled_state(obj: RenderedObject) -> str:
    """'TRUE' when the job's block leaves it enabled, else 'FALSE'.

    A template may keep its job disabled (``integration.job_enabled = false``: no
    ``DBMS_SCHEDULER.ENABLE`` call, ``enabled => FALSE``); the check must then expect
    ALL_SCHEDULER_JOBS.ENABLED = 'FALSE', not fail every deploy with "not enabled".
    """
    if _ENABLE_CALL.search(obj.text) or expected_job_attributes(obj).get("enabled", "").upper() == "TRUE":
        return "TRUE"
    return "FALSE"


def job_check_step(obj: RenderedObject) -> Step:
    """Fail unless the job exists, is enabled (or disabled, as its template leaves it) and has
    the attributes its template states."""
    oid = obj.id
    label = f"job {oid.owner}.{oid.name}"
    expected = expected_job_attributes(obj)
    if job_enabled_state(obj) == "TRUE":
        checks = ["    IF r.ENABLED <> 'TRUE' THEN v_problems := v_problems || ' not enabled;'; END IF;"]
    else:
        checks = ["    IF r.ENABLED <> 'FALSE' THEN v_problems := v_problems || ' enabled (the template "
                  "keeps it disabled);'; END IF;"]
    for attr in ("repeat_interval", "job_type", "job_action"):
        if attr in expected:
            literal = expected[attr]
            column = f"r.{attr.upper()}"
            value = f"UPPER({column})" if attr == "job_type" else column
            wanted = literal.upper() if attr == "job_type" else literal
            checks.append(
                f"    IF NVL({value}, CHR(0)) <> {wanted} THEN\n"
                f"      v_problems := v_problems || ' {attr} is ' ||\n"
                f"                    NVL(SUBSTR({column}, 1, 200), 'NULL') || ';';\n"
                "    END IF;"
            )
    text = (
        "DECLARE\n"
        "  v_problems VARCHAR2(4000);\n"
        "  v_found    BOOLEAN := FALSE;\n"
        "BEGIN\n"
        "  FOR r IN (SELECT ENABLED, REPEAT_INTERVAL, JOB_TYPE, JOB_ACTION FROM ALL_SCHEDULER_JOBS\n"
        f"             WHERE OWNER = {sql_literal(oid.owner)} AND JOB_NAME = {sql_literal(oid.name)}) LOOP\n"
        "    v_found := TRUE;\n"
        + "\n".join(checks) + "\n"
        "  END LOOP;\n"
        "  IF NOT v_found THEN\n"
        f"    RAISE_APPLICATION_ERROR(-20004, {sql_literal(f'{label} does not exist')});\n"
        "  ELSIF v_problems IS NOT NULL THEN\n"
        f"    RAISE_APPLICATION_ERROR(-20004, {sql_literal(label + ':')} || v_problems);\n"
        "  END IF;\n"
        "END;"
    )
    return Step("plsql", text, oid, "job-check")


# --------------------------------------------------------------------------- grants


@dataclass(frozen=True, order=True)
class GrantLine:
    """One privilege of a GRANT statement: object grants have `on`, system/role grants not."""

    privilege: str
    on: str
    grantee: str


_OBJECT_GRANT = re.compile(r"\s*GRANT\s+(.+?)\s+ON\s+(\S+)\s+TO\s+(\S+)(?:\s+WITH\s+GRANT\s+OPTION)?\s*\Z",
                           re.I | re.S)
_SYSTEM_GRANT = re.compile(r"\s*GRANT\s+(.+?)\s+TO\s+(\S+)(?:\s+WITH\s+(?:ADMIN|DELEGATE)\s+OPTION)?\s*\Z",
                           re.I | re.S)


def parse_grants(steps: tuple[Step, ...]) -> frozenset[GrantLine]:
    """The privileges granted by plain GRANT statements among `steps`."""
    found: set[GrantLine] = set()
    for step in steps:
        if step.kind != "sql":
            continue
        match = _OBJECT_GRANT.match(step.text)
        if match:
            privileges, on, grantee = match.group(1), match.group(2).upper(), match.group(3).upper()
        else:
            match = _SYSTEM_GRANT.match(step.text)
            if not match:
                continue
            privileges, on, grantee = match.group(1), "", match.group(2).upper()
        for privilege in privileges.split(","):
            found.add(GrantLine(" ".join(privilege.upper().split()), on, grantee))
    return frozenset(found)


def grant_step(line: GrantLine, *, grant_option: bool = False) -> Step:
    """GRANT is idempotent in Oracle: granting again is not an error."""
    if line.on:
        text = f"GRANT {line.privilege} ON {line.on} TO {line.grantee}"
        if grant_option:
            text += " WITH GRANT OPTION"
    else:
        text = f"GRANT {line.privilege} TO {line.grantee}"
        if grant_option:
            text += " WITH ADMIN OPTION"
    return Step("sql", text, None, "grant")


def revoke_step(line: GrantLine) -> Step:
    """REVOKE that treats "was not granted" as done (re-running converges)."""
    codes: tuple[int, ...]
    if line.on:
        text, codes = f"REVOKE {line.privilege} ON {line.on} FROM {line.grantee}", (1927,)
    else:
        text, codes = f"REVOKE {line.privilege} FROM {line.grantee}", (1951, 1952)
    message = f"{line.grantee} ({line.privilege}{' ON ' + line.on if line.on else ''}): was not granted"
    return Step("plsql", tolerant_block(text, codes, message), None, "revoke")


_GRANT_WORD = re.compile(r"[A-Z][A-Z ]*[A-Z]\Z")


def check_grant_words(privilege: str, on: str, grantee: str) -> GrantLine:
    """Validate a hand-written op.grant/op.revoke: words and (qualified) identifiers only."""
    words = " ".join(privilege.upper().split())
    if not _GRANT_WORD.match(words):
        raise UsageError(f"privilege {privilege!r} is not a privilege name")
    target = str(sql_qualified(*on.split("."))) if on else ""
    return GrantLine(words, target, str(sql_qualified(grantee)))
