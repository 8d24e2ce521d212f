"""The online applier: runs a `DatabasePlan` on a python-oracledb connection, verified.

Safety model (docs/releases.md):

* the deploy lock is a ``DBMS_LOCK`` user lock requested with ``release_on_commit =>
  FALSE``: Oracle commits after every DDL, a row lock would not survive that; a killed
  client's session ends and the lock goes with it;
* the version is read *after* the lock is held, so a second concurrent upgrade waits,
  then finds the database at head and does nothing;
* every operation is journaled (OK or FAILED, with the sha256 of the text applied) and
  every revision stamped as soon as it is done; every step is idempotent, so a run killed
  anywhere and started again converges;
* python-oracledb does not raise when a PL/SQL unit compiles with errors (it sets
  ``cursor.warning``, DPY-7000): after each unit ALL_ERRORS is read, and an error stops
  the run, reported at the template line; the INVALID sweep and the job checks close it;
* what the ERP's trigger needs valid is replaced under protection (`protected`): its
  definition in force is captured first and re-created when the new one does not compile,
  so a failed release leaves nothing INVALID on the trigger's path — if need be by undoing
  the run's earlier path steps on the same session (the captures are kept for the run).

Secrets: DBA steps name SQL*Plus substitution variables (``&&conefi_erp_password``);
online they come from environment variables ``CONEFI_SECRET_<VARIABLE>`` and never reach
output, the journal or error messages.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from conefi_dbtool.connect import open_connection
from conefi_dbtool.deploy_steps import Step, object_steps, session_step
from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.compile_errors import (
    ALL_ERRORS_SQL,
    CompileError,
    ErrorRow,
    locate,
    locate_anonymous,
)
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp
from conefi_dbtool.migrations.protected import ProtectedFailed, ProtectedReplace
from conefi_dbtool.migrations.sections import op_owner, step_owner, verify_steps
from conefi_dbtool.migrations.sqltext import (
    LOCK_TABLE,
    JournalEntry,
    bootstrap_steps,
    journal_insert_bind_sql,
    lock_row_sql,
    lock_step,
    read_version_sql,
    stamp_steps,
    unlock_step,
)
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, PLSQL_TYPES, ObjectId, RenderedObject

SECRET_PREFIX = "CONEFI_SECRET_"
_SUBSTITUTION = re.compile(r"&&?([A-Za-z_][A-Za-z0-9_]*)")


class Connection(Protocol):
    def cursor(self) -> Any: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class OpOutcome:
    revision: str
    op: str
    subject: str
    sha256: str
    outcome: str  # OK, FAILED
    message: str = ""
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # compile warnings (PLW-...)


@dataclass(frozen=True)
class DatabaseOutcome:
    database: str
    start: str | None
    end: str | None
    direction: str
    reached: str | None  # the version the database is at when the run ends
    ops: tuple[OpOutcome, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class DeployFailed(ConefiError):
    """A step failed; `outcome` says how far the database got."""

    def __init__(self, message: str, outcome: DatabaseOutcome) -> None:
        super().__init__(message)
        self.outcome = outcome


class Reporter(Protocol):
    def database_started(self, plan: DatabasePlan) -> None: ...
    def op_started(self, index: int, total: int, op: PlannedOp) -> None: ...
    def op_done(self, outcome: OpOutcome) -> None: ...
    def database_done(self, outcome: DatabaseOutcome) -> None: ...


class _StepFailed(Exception):
    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


SecretLookup = Callable[[str], "str | None"]


def env_secrets(name: str) -> str | None:
    """A substitution variable's value from ``CONEFI_SECRET_<NAME>``."""
    return os.environ.get(SECRET_PREFIX + name.upper())


def substitute(text: str, lookup: SecretLookup) -> str:
    """Replace ``&&var``/``&var`` like SQL*Plus would; a missing value is an error."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        secret = lookup(name)
        if not secret:
            raise UsageError(
                f"this step needs the SQL*Plus variable {name}: set {SECRET_PREFIX}{name.upper()} "
                "(or deploy with `upgrade --sql`, whose script prompts for it)"
            )
        if any(c in secret for c in "'\"\n\r&"):
            raise UsageError(f"{SECRET_PREFIX}{name.upper()} contains a quote, '&' or a line break")
        return secret

    return _SUBSTITUTION.sub(value, text)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _error_text(exc: BaseException, limit: int = 500) -> str:
    """A database error on one line (ORA-06550 puts the PLS- message on the next line)."""
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return (text[:limit] + "...") if len(text) > limit else (text or type(exc).__name__)


class Applier:
    """Executes plans on one connection (one database)."""

    def __init__(self, connection: Connection, *, secrets: SecretLookup = env_secrets,
                 run_id: str | None = None, sessions: Mapping[str, Connection] | None = None) -> None:
        self.connection = connection
        self.secrets = secrets
        self.run_id = run_id or str(uuid.uuid4())
        self._lock_connection: Any = None
        # schema -> the session that creates, checks and sweeps that schema's objects (another
        # owner's section, `script.owner_sections`); everything else runs on `connection`
        self.sessions: Mapping[str, Connection] = sessions or {}
        # what the trigger-path protection of the current operation says (unchanged, deferred)
        self._protection_notes: list[str] = []
        # per section (session), the trigger-path units this run replaced and their text before
        # it: a later step that cannot restore its own unit VALID undoes them (`protected`)
        self._undo: dict[str, dict[ObjectId, str]] = {}

    def _section(self, step: Step, op: PlannedOp | None = None) -> str:
        """The schema whose section `step` belongs to ("" for the deploy user's own)."""
        owner = op_owner(op, "") if op is not None else step_owner(step, "")
        return owner if owner in self.sessions else ""

    def _session_for(self, step: Step, op: PlannedOp | None = None) -> Connection:
        """The session of the section `step` belongs to (`migrations.sections`, as the script)."""
        return self.sessions.get(self._section(step, op), self.connection)

    # ---------------------------------------------------------------- primitives

    def _run(self, step: Step, op: PlannedOp | None = None) -> tuple[str, ...]:
        """Execute one step through the driver; verify the PL/SQL unit it creates.

        Returns the unit's compile warnings; raises `_StepFailed` with a one-line message.
        """
        if step.kind == "sqlplus":
            return ()  # client commands (SET VERIFY OFF, ACCEPT ...): not for the server
        if step.protection is not None:
            return self._protected(step, op)
        text = step.text
        if op is not None and op.needs_define and "&" in text:
            text = substitute(text, self.secrets)
        cursor = self._session_for(step, op).cursor()
        try:
            try:
                cursor.execute(text)
            except Exception as exc:
                if not _is_database_error(exc):
                    raise
                message = _error_text(exc)
                if op is not None and step.kind == "plsql":
                    message = locate_anonymous(op.rendered, step, message, revision=op.at)
                raise _StepFailed(message) from None
            if (step.purpose == "create" and step.kind == "plsql" and step.object is not None
                    and step.object.type in PLSQL_TYPES and op is not None and op.rendered is not None):
                return self._verify_unit(cursor, step, op)
            return ()
        finally:
            cursor.close()

    def _protected(self, step: Step, op: PlannedOp | None) -> tuple[str, ...]:
        """A trigger-path step: capture, replace, restore on a compile error (`protected`)."""
        assert step.protection is not None
        # another owner's unit: that owner's section
        runner = self._runner(self._section(step, op), op.at if op is not None else None)
        try:
            self._protection_notes.extend(runner.run(step.protection))
        except ProtectedFailed as exc:
            raise _StepFailed(exc.message, exc.details) from None
        except Exception as exc:
            if not _is_database_error(exc):
                raise
            raise _StepFailed(_error_text(exc)) from None
        return ()

    def _runner(self, section: str, revision: str | None) -> ProtectedReplace:
        """The protocol on `section`'s session, with the run's captures of that session."""
        session = self.sessions.get(section, self.connection)

        def execute(text: str) -> str | None:
            cursor = session.cursor()
            try:
                cursor.execute(text)
                warning = getattr(cursor, "warning", None)
                return _first_line(warning) if warning is not None else None
            except Exception as exc:
                if not _is_database_error(exc):
                    raise
                raise ProtectedFailed(_error_text(exc), offset=_parse_offset(exc)) from None
            finally:
                cursor.close()

        def query(sql: str, **binds: Any) -> list[tuple[Any, ...]]:
            cursor = session.cursor()
            try:
                cursor.execute(sql, **binds)
                # a CLOB (GET_DDL's temporary LOB) is read while its cursor is open
                rows = cursor.fetchall()
                return [tuple(v.read() if hasattr(v, "read") else v for v in row) for row in rows]
            finally:
                cursor.close()

        def error_rows(unit: Any) -> tuple[ErrorRow, ...]:
            cursor = session.cursor()
            try:
                return self._error_rows(cursor, unit.object)
            finally:
                cursor.close()

        return ProtectedReplace(execute, query, error_rows, revision=revision,
                                undo=self._undo.setdefault(section, {}))

    def _heal(self, plan: DatabasePlan) -> str:
        """After a failed operation: a trigger-path unit the run left INVALID (an earlier step
        broke it, the later step that replaces it never ran) undoes the run's captures on its
        session (`ProtectedReplace.heal`); what was done, for the error message."""
        paths: dict[str, dict[ObjectId, None]] = {}
        for op in (op for rev in plan.revisions for op in rev.ops):
            for st in op.steps:
                if st.protection is not None:
                    ids = (*(u.id for u in st.protection.units), *st.protection.undo)
                    paths.setdefault(self._section(st, op), {}).update(dict.fromkeys(ids))
        said: list[str] = []
        for section, path in paths.items():
            if self._undo.get(section):
                said.append(self._healing(section, tuple(path)))
        # a trigger another session created (the SGU trigger) is judged in that session: INVALID,
        # it undoes the path owners' captures, then is recompiled there
        for op in (op for rev in plan.revisions for op in rev.ops):
            for st in op.steps:
                if st.protection is None or st.protection.kind != "trigger":
                    continue
                section, trigger = self._section(st, op), st.protection.units[0].id
                if self._undo.get(section) or self._runner(section, None).status_after_recompile(
                        trigger) != "INVALID":
                    continue
                for other, path in paths.items():
                    if other != section and self._undo.get(other):
                        said.append(self._healing(other, tuple(path), (trigger,)))
                if self._runner(section, None).status_after_recompile(trigger) != "VALID":
                    said.append(f"path left INVALID: {trigger} still INVALID after undoing")
        return "".join(f"; {text}" for text in said if text)

    def _healing(self, section: str, path: tuple[ObjectId, ...],
                 broken_elsewhere: tuple[ObjectId, ...] = ()) -> str:
        """What one session's heal did, or why it failed (the run's error carries it)."""
        try:
            return self._runner(section, None).heal(path, broken_elsewhere)
        except ProtectedFailed as exc:
            return exc.message
        except Exception as exc:
            if not _is_database_error(exc):
                raise
            return f"undoing the run's trigger-path steps: {_error_text(exc)}"

    def _error_rows(self, cursor: Any, obj: RenderedObject) -> tuple[ErrorRow, ...]:
        oid = obj.id
        cursor.execute(ALL_ERRORS_SQL, owner=oid.owner, name=oid.name, type=ORACLE_TYPE_NAMES[oid.type])
        return tuple(ErrorRow.from_db(tuple(r)) for r in cursor.fetchall())

    def _verify_unit(self, cursor: Any, step: Step, op: PlannedOp) -> tuple[str, ...]:
        assert op.rendered is not None
        warning = getattr(cursor, "warning", None)
        rows = self._error_rows(cursor, op.rendered)
        located = locate(op.rendered, step, rows, revision=op.at)
        errors = [e for e in located if e.attribute == "ERROR"]
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise _StepFailed(f"compile error: {errors[0]}{more}", tuple(str(e) for e in errors))
        if warning is not None and not located:
            raise _StepFailed(f"{op.subject} compiled with errors ({_first_line(warning)}) but ALL_ERRORS "
                              "shows none to this user")
        return tuple(str(e) for e in located)

    def _journal(self, plan: DatabasePlan, revision: str, direction: str, op: PlannedOp, outcome: str,
                 message: str = "") -> None:
        entry = JournalEntry(self.run_id, plan.database, revision, direction, op.op, op.subject, op.sha256,
                             outcome, message)
        cursor = self.connection.cursor()
        try:
            cursor.execute(journal_insert_bind_sql(plan.owner), run_id=entry.run_id, db=entry.database,
                           revision=entry.revision, direction=entry.direction, operation=entry.operation,
                           object_name=entry.object_name, sha=entry.text_sha256, outcome=entry.outcome,
                           message=entry.message or None, tool=f"{entry.tool} (online)")
        finally:
            cursor.close()
        self.connection.commit()

    # ---------------------------------------------------------------- session

    def start_session(self, ddl_lock_timeout: int) -> None:
        """Session settings of a deploy (DDL_LOCK_TIMEOUT), before anything else runs."""
        try:
            self._run(session_step(ddl_lock_timeout))
        except _StepFailed as exc:
            raise ConefiError(f"setting DDL_LOCK_TIMEOUT: {exc.message}") from None

    def lock(self, owner: str, database: str, timeout: int,
             fallback: Callable[[], Connection] | None = None) -> str:
        """Take the deploy lock; returns how ("DBMS_LOCK" or "lock row").

        Without EXECUTE on SYS.DBMS_LOCK, and given `fallback` (a second connection),
        the lock is a row of CONEFI_DBTOOL_LOCK locked FOR UPDATE by that second session:
        the deploy session's commits do not release it, the process's death does. It
        excludes other online runs, not a SQL*Plus script (which needs DBMS_LOCK).
        """
        try:
            self._run(lock_step(owner, database, timeout))
            return "DBMS_LOCK"
        except _StepFailed as exc:
            if fallback is None or not ("PLS-00201" in exc.message and "DBMS_LOCK" in exc.message):
                raise ConefiError(f"{database}: {exc.message}") from None
        self.bootstrap(owner, database)
        conn = fallback()
        ensure, take = lock_row_sql(owner, database, timeout)
        cursor = conn.cursor()
        try:
            try:
                cursor.execute(ensure)
            except Exception as exc:
                # two first-ever runs both insert the row: the later one gets ORA-00001 once
                # the earlier commits; the row exists, which is all this statement wants
                if not (_is_database_error(exc) and "ORA-00001" in str(exc)):
                    raise
                conn.rollback()
            else:
                conn.commit()
            cursor.execute(take)
            cursor.fetchall()
        except Exception as exc:
            conn.close()
            if not _is_database_error(exc):
                raise
            text = _error_text(exc)
            if "ORA-30006" in text or "ORA-00054" in text:
                raise ConefiError(f"{database}: deploy lock row {owner}.{LOCK_TABLE} not acquired within "
                                  f"{timeout} s: another deploy is running") from None
            raise ConefiError(f"{database}: no DBMS_LOCK and no lock row ({text}); grant EXECUTE ON "
                              "SYS.DBMS_LOCK to the deploy user") from None
        finally:
            cursor.close()
        self._lock_connection = conn
        return "lock row"

    def unlock(self, owner: str, database: str) -> None:
        if self._lock_connection is not None:
            conn, self._lock_connection = self._lock_connection, None
            with contextlib.suppress(Exception):  # closing the session releases the row anyway
                conn.rollback()
            with contextlib.suppress(Exception):
                conn.close()
            return
        # DBMS_LOCK.ALLOCATE_UNIQUE (in the unlock block) COMMITs: after a failure, what the
        # failed step left pending is rolled back first, never committed by the release
        self._rollback()
        with contextlib.suppress(_StepFailed):  # the session's end releases it anyway
            self._run(unlock_step(owner, database))

    def _rollback(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.rollback()

    def bootstrap(self, owner: str, database: str) -> None:
        for step in bootstrap_steps(owner):
            try:
                self._run(step)
            except _StepFailed as exc:
                raise ConefiError(f"{database}: creating the release bookkeeping in {owner}: "
                                  f"{exc.message}") from None

    def current_version(self, owner: str, database: str) -> str | None:
        """The revision the database is at (None: base, or never touched by the tool)."""
        cursor = self.connection.cursor()
        try:
            try:
                cursor.execute(read_version_sql(owner), db=database)
            except Exception as exc:
                if _is_database_error(exc) and "ORA-00942" in str(exc):
                    return None
                raise ConefiError(f"{database}: reading the version: {_first_line(exc)}") from None
            rows = cursor.fetchall()
        finally:
            cursor.close()
        return str(rows[0][0]) if rows else None

    # ---------------------------------------------------------------- the run

    def apply(self, plan: DatabasePlan, reporter: Reporter | None = None) -> DatabaseOutcome:
        """Run every revision of `plan`, then the verification; raise `DeployFailed` on error."""
        outcomes: list[OpOutcome] = []
        reached = plan.start
        total = sum(len(r.ops) for r in plan.revisions)
        index = 0
        if reporter:
            reporter.database_started(plan)

        def failed(message: str) -> DeployFailed:
            outcome = DatabaseOutcome(plan.database, plan.start, plan.end, plan.direction, reached,
                                      tuple(outcomes), message)
            if reporter:
                reporter.database_done(outcome)
            return DeployFailed(f"{plan.database}: {message}", outcome)

        for rev in plan.revisions:
            for op in rev.ops:
                index += 1
                if reporter:
                    reporter.op_started(index, total, op)
                warnings: list[str] = []
                self._protection_notes = []
                try:
                    for step in op.steps:
                        warnings.extend(self._run(step, op))
                except _StepFailed as exc:
                    # like the script's WHENEVER SQLERROR ... ROLLBACK: DML the failed operation
                    # left pending (op.run_sql) must not ride on the journal row's COMMIT
                    self._rollback()
                    where = (f"{rev.direction} {rev.revision}: {op.op} {op.subject}: {exc.message}"
                             + self._heal(plan))  # nothing left INVALID on the trigger path
                    self._journal(plan, rev.revision, rev.direction, op, "FAILED", where)
                    result = OpOutcome(rev.revision, op.op, op.subject, op.sha256, "FAILED", exc.message,
                                       op.notes + tuple(self._protection_notes), exc.details)
                    outcomes.append(result)
                    if reporter:
                        reporter.op_done(result)
                    raise failed(where) from None
                self._journal(plan, rev.revision, rev.direction, op, "OK")
                result = OpOutcome(rev.revision, op.op, op.subject, op.sha256, "OK", "",
                                   op.notes + tuple(self._protection_notes), tuple(warnings))
                outcomes.append(result)
                if reporter:
                    reporter.op_done(result)
            for step in stamp_steps(plan.owner, plan.database, rev.stamp):
                try:
                    self._run(step)
                except _StepFailed as exc:
                    raise failed(f"recording version {rev.stamp or 'base'}: {exc.message}") from None
            reached = rev.stamp
            for captures in self._undo.values():  # stamped: never undone by a later revision's failure
                captures.clear()
        for step in verify_steps(plan):  # another owner's sweep only when the release concerns it
            try:
                self._run(step)
            except _StepFailed as exc:
                details = self._invalid_details(plan, step) if step.purpose == "sweep" else ()
                message = exc.message + (": " + "; ".join(details) if details else "")
                raise failed(f"verification: {message}") from None
        outcome = DatabaseOutcome(plan.database, plan.start, plan.end, plan.direction, reached,
                                  tuple(outcomes))
        if reporter:
            reporter.database_done(outcome)
        return outcome

    def _invalid_details(self, plan: DatabasePlan, sweep: Step) -> tuple[str, ...]:
        """Compile errors of the units `sweep` found still INVALID, at their template lines
        (read on the sweep's session: only the owner's section sees another schema's errors)."""
        details: list[str] = []
        owner = sweep.object.owner if sweep.object is not None else None
        cursor = self._session_for(sweep).cursor()
        try:
            for obj in plan.final_objects:
                if obj.id.type not in PLSQL_TYPES or owner not in (None, obj.id.owner):
                    continue
                create = next((s for s in object_steps(obj)
                               if s.purpose in ("create", "protected-create") and s.kind == "plsql"), None)
                if create is None:
                    continue
                rows = tuple(r for r in self._error_rows(cursor, obj) if r.attribute == "ERROR")
                located: tuple[CompileError, ...] = locate(obj, create, rows, revision=plan.end)
                details.extend(str(e) for e in located[:3])
        except Exception as exc:
            if not _is_database_error(exc):
                raise
        finally:
            cursor.close()
        return tuple(details)


def _parse_offset(exc: BaseException) -> int | None:
    """Where Oracle's parse error is in the statement (python-oracledb's ``_Error.offset``;
    0 when Oracle gives none)."""
    offset = getattr(exc.args[0], "offset", None) if exc.args else None
    return offset if isinstance(offset, int) and offset > 0 else None


def _is_database_error(exc: BaseException) -> bool:
    """python-oracledb's DatabaseError (or a test double named so)."""
    return any(cls.__name__ in ("DatabaseError", "Error") for cls in type(exc).__mro__)


def connect(dsn: str, user: str, password: str) -> Any:
    """A python-oracledb connection (thin mode); a failure says why in one line."""
    return open_connection(dsn, user, password)


def summary_json(target: str, command: str, outcomes: Mapping[str, DatabaseOutcome],
                 error: str = "") -> dict[str, Any]:
    """The `--format json` summary of a run."""
    return {
        "target": target,
        "command": command,
        "status": "failed" if error or any(not o.ok for o in outcomes.values()) else "ok",
        "error": error or None,
        "databases": [
            {
                "database": o.database,
                "from": o.start,
                "to": o.end,
                "direction": o.direction,
                "reached": o.reached,
                "status": "ok" if o.ok else "failed",
                "error": o.error or None,
                "operations": [
                    {"revision": op.revision, "op": op.op, "object": op.subject, "sha256": op.sha256,
                     "outcome": op.outcome, "message": op.message or None, "notes": list(op.notes),
                     "warnings": list(op.warnings)}
                    for op in o.ops
                ],
            }
            for o in outcomes.values()
        ],
    }
