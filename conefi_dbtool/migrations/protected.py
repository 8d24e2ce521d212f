"""Online, the protected replace of a trigger-path unit (`deploy_steps.Protection`).

The same protocol as the script's PL/SQL block (`deploy_steps.protected_block`), run
statement by statement so that each step is visible and a compile error is reported at
its template line (`compile_errors.locate`):

1. capture the definition in force: ``DBMS_METADATA.GET_DDL`` after resetting the session's
   transform parameters (a trigger's DDL ends with a second statement, ``ALTER TRIGGER ...
   ENABLE``, cut off); whether it exists comes from ALL_OBJECTS, and an existing unit that
   cannot be captured stops the step before anything is replaced;
2. an unchanged unit (ALL_SOURCE holds the same text; a view: ALL_VIEWS.TEXT its query,
   `same_view`) is not replaced;
3. replace; read ALL_ERRORS (python-oracledb only warns on compile errors); a view Oracle
   refuses (it does not compile) is kept as it was, its error named at the template line;
4. on errors, re-create the captured text — or drop the unit when it did not exist — in
   the step's order (a specification before its body), retried while the object is busy and
   verified VALID ("path left INVALID" otherwise), then fail naming the template line;
5. a replacement that leaves INVALID a path object deployed before it, or not replaced by
   this run, is undone the same way (`Protection.dependents`);
6. when even that restore leaves the path INVALID — a view or specification replaced at an
   earlier step of the run changed what the re-created text needs — the run is undone: the
   definitions the run's earlier steps captured (`Protection.undo`, the first capture of each
   unit) are re-created newest first, then every undone unit and the failed one are
   recompiled in dependency order; only what is still INVALID after that is "path left INVALID".

A package specification whose deployed body no longer compiles against it is restored
at once and replaced with its body at the body's step; a trigger is created DISABLE on a
first deploy and enabled (re-created as rendered) only once everything on its path is
VALID; an ENABLED trigger is replaced enabled, never disabled; a DISABLED one stays DISABLED.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from conefi_dbtool.deploy_steps import (
    LEFT_DISABLED_ADVICE,
    METADATA_TYPES,
    RESTORE_PAUSE,
    RESTORE_TRIES,
    SOURCE_TYPES,
    Protection,
    Replacement,
    Step,
    compile_statement,
    drop_statement,
    same_source,
    same_view,
    with_disable,
)
from conefi_dbtool.errors import RenderError
from conefi_dbtool.migrations.compile_errors import CompileError, ErrorRow, locate
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, ObjectId

CAPTURE_SQL = "SELECT SYS.DBMS_METADATA.GET_DDL(:type, :name, :owner) FROM DUAL"
SOURCE_SQL = ("SELECT TEXT FROM ALL_SOURCE "
              "WHERE OWNER = :owner AND NAME = :name AND TYPE = :type ORDER BY LINE")
VIEW_SQL = "SELECT TEXT FROM ALL_VIEWS WHERE OWNER = :owner AND VIEW_NAME = :name"  # a LONG: read whole
VIEW_COLUMNS_SQL = ("SELECT COLUMN_NAME FROM ALL_TAB_COLUMNS WHERE OWNER = :owner AND TABLE_NAME = :name "
                    "ORDER BY COLUMN_ID")
STATUS_SQL = ("SELECT MAX(STATUS) FROM ALL_OBJECTS "
              "WHERE OWNER = :owner AND OBJECT_NAME = :name AND OBJECT_TYPE = :type")
TRIGGER_STATUS_SQL = "SELECT MAX(STATUS) FROM ALL_TRIGGERS WHERE OWNER = :owner AND TRIGGER_NAME = :name"
RESET_TRANSFORM_SQL = ("BEGIN SYS.DBMS_METADATA.SET_TRANSFORM_PARAM("
                       "SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT'); END;")
BUSY_ERRORS = ("ORA-00054", "ORA-04021")  # locked / being executed: a restore waits and retries
SESSION_USER_SQL = "SELECT SYS_CONTEXT('USERENV', 'SESSION_USER') FROM DUAL"

Execute = Callable[[str], "str | None"]  # runs DDL: the driver's warning; an error raises `ProtectedFailed`
Query = Callable[..., list[tuple[Any, ...]]]  # (sql, **binds) -> rows; ORA- errors raise
ErrorRows = Callable[[Replacement], tuple[ErrorRow, ...]]


class ProtectedFailed(Exception):
    """The step failed; the trigger path is as it was (or the new unit is gone).

    `offset`: where in the statement Oracle's parse error is (python-oracledb's
    ``_Error.offset``), given by `Execute` for a statement Oracle refused outright."""

    def __init__(self, message: str, details: tuple[str, ...] = (), offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.offset = offset


class ProtectedReplace:
    """Runs one protected step on a session given as three callables (testable offline)."""

    def __init__(self, execute: Execute, query: Query, error_rows: ErrorRows, *,
                 revision: str | None = None, sleep: Callable[[float], None] = time.sleep,
                 undo: dict[ObjectId, str] | None = None) -> None:
        self.execute = execute
        self.query = query
        self.error_rows = error_rows
        self.revision = revision
        self.sleep = sleep
        # the run's captures on this session, shared by its steps: unit -> its text before the run
        self.undo: dict[ObjectId, str] = {} if undo is None else undo
        self.notes: list[str] = []
        self._transform_reset = False
        self._undo_order: tuple[ObjectId, ...] = ()
        self._undone: list[ObjectId] = []

    def run(self, protection: Protection) -> tuple[str, ...]:
        """Apply `protection`; returns notes (unchanged, deferred), raises `ProtectedFailed`."""
        self._undo_order = protection.undo
        try:
            {"unit": self._unit, "spec": self._spec, "pair": self._pair,
             "trigger": self._trigger}[protection.kind](protection)
        except ProtectedFailed as exc:
            if not self._undone:
                raise
            raise ProtectedFailed(exc.message + "; " + self._undone_words(), exc.details) from None
        return tuple(self.notes)

    # ---------------------------------------------------------------- dictionary

    def capture(self, oid: ObjectId) -> str | None:
        """The DDL that re-creates `oid` as it is now, or None when ALL_OBJECTS has no such object.

        Existence comes from ALL_OBJECTS, not from GET_DDL's ORA-31603 (raised too for an object
        of another schema without SELECT_CATALOG_ROLE): an existing unit that cannot be captured
        stops the step before anything is replaced."""
        if self.status(oid) is None:
            return None
        if not self._transform_reset:  # a login script may have set SQLTERMINATOR and the like
            self.execute(RESET_TRANSFORM_SQL)
            self._transform_reset = True
        try:
            rows = self.query(CAPTURE_SQL, type=METADATA_TYPES[oid.type], name=oid.name, owner=oid.owner)
        except Exception as exc:
            raise ProtectedFailed(f"{oid} exists but its definition cannot be captured ({exc}); not "
                                  "replaced: grant the deploy user SELECT_CATALOG_ROLE or deploy it "
                                  "in its owner's section") from None
        if not rows or rows[0][0] is None:
            raise ProtectedFailed(f"{oid} exists but GET_DDL returned nothing; not replaced")
        value = rows[0][0]
        text = str(value.read() if hasattr(value, "read") else value)
        if oid.type == "trigger":
            at = text.find(f'ALTER TRIGGER "{oid.owner}"."{oid.name}"')
            text = text[:at] if at >= 0 else text
        return text

    def unchanged(self, unit: Replacement) -> bool:
        if unit.id.type == "view":
            rows = self.query(VIEW_SQL, owner=unit.id.owner, name=unit.id.name)
            if not rows or rows[0][0] is None:
                return False
            columns = self.query(VIEW_COLUMNS_SQL, owner=unit.id.owner, name=unit.id.name)
            return same_view(str(rows[0][0]), (str(c[0]) for c in columns), unit.ddl)
        if unit.id.type not in SOURCE_TYPES:
            return False
        rows = self.query(SOURCE_SQL, owner=unit.id.owner, name=unit.id.name,
                          type=ORACLE_TYPE_NAMES[unit.id.type])
        return same_source([str(r[0] or "") for r in rows], unit.ddl)

    def status(self, oid: ObjectId) -> str | None:
        rows = self.query(STATUS_SQL, owner=oid.owner, name=oid.name, type=ORACLE_TYPE_NAMES[oid.type])
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def status_after_recompile(self, oid: ObjectId) -> str | None:
        """`status`, after one recompile of a unit found INVALID (Oracle revalidates lazily)."""
        state = self.status(oid)
        if state == "INVALID":
            self._compile_ignoring_warnings(compile_statement(oid))
            state = self.status(oid)
        return state

    def errors(self, unit: Replacement) -> tuple[CompileError, ...]:
        step = Step("plsql", unit.ddl, unit.id, "create", unit.line)
        located = locate(unit.object, step, self.error_rows(unit), revision=self.revision)
        return tuple(e for e in located if e.attribute == "ERROR")

    # ---------------------------------------------------------------- the protocol

    def _replace(self, unit: Replacement, old: str | None,
                 restore: tuple[tuple[Replacement, str | None], ...]) -> None:
        """Run the new text; on compile errors restore `restore` in order and fail."""
        try:
            warning = self.execute(unit.ddl)
        except ProtectedFailed as exc:
            if unit.id.type != "view" or any(code in exc.message for code in BUSY_ERRORS):
                raise
            raise ProtectedFailed(self._view_refused(unit, exc), exc.details) from None
        errors = self.errors(unit)
        if not errors and warning is None:
            if old is not None and unit.id.type != "trigger":  # a later step may have to undo it
                self.undo.setdefault(unit.id, old)
            return
        for other, text in restore:
            self._restore(other, text)
        after = "dropped (it did not exist before)" if old is None else "the previous version was re-created"
        if any(other.id != unit.id for other, _ in restore):
            after += ", with its previous specification"
        if not errors:
            raise ProtectedFailed(f"{unit.id} compiled with errors ({warning}) but ALL_ERRORS shows none "
                                  f"to this user; {after}")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ProtectedFailed(f"compile error: {errors[0]}{more}; {after}", tuple(str(e) for e in errors))

    def _view_refused(self, unit: Replacement, exc: ProtectedFailed) -> str:
        """Oracle refuses a CREATE OR REPLACE VIEW that does not compile and keeps the view as it
        was: the error, at its template line when the driver gave the parse offset."""
        kept = "not created" if self.status(unit.id) is None else "the previous version is kept"
        if exc.offset is None:
            return f"{unit.id}: {exc.message}; {kept}"
        before = unit.ddl[:exc.offset]
        row = ErrorRow(before.count("\n") + 1, exc.offset - before.rfind("\n"), exc.message)
        (located,) = locate(unit.object, Step("sql", unit.ddl, unit.id, "create", unit.line), (row,),
                            revision=self.revision)
        return f"compile error: {located}; {kept}"

    def _restore(self, unit: Replacement, old: str | None) -> None:
        """Re-create `old` (or drop a new unit), retrying while the object is busy; then the
        restored unit must be VALID — if need be once the run's earlier steps are undone
        (`_undo_run`) — or the path is left INVALID and the error says so."""
        self._recreate(unit.id, old)
        if old is None or (state := self.status(unit.id)) == "VALID":
            return
        if self._undo_run((unit.id,)) or not self._undone:
            tried = ", and undoing its earlier steps did not help" if self._undone else ""
            raise ProtectedFailed(f"{unit.id}: path left INVALID: the previous version was re-created but "
                                  f"is {state or 'missing'} (what it depends on changed in this run{tried})")

    def _recreate(self, oid: ObjectId, old: str | None) -> None:
        """Run `old` (or drop `oid`), retried while the object is busy (ORA-00054, ORA-04021)."""
        for attempt in range(1, RESTORE_TRIES + 1):
            try:
                self._compile_ignoring_warnings(drop_statement(oid) if old is None else old)
                return
            except ProtectedFailed as exc:
                if not any(code in exc.message for code in BUSY_ERRORS):
                    raise
                if attempt == RESTORE_TRIES:
                    raise ProtectedFailed(f"{oid} could not be restored, busy after {RESTORE_TRIES} "
                                          f"tries ({exc.message}): the trigger path is left INVALID, "
                                          "re-run when the ERP is quiet") from None
                self.sleep(RESTORE_PAUSE)

    def _undo_run(self, failed: tuple[ObjectId, ...]) -> set[ObjectId]:
        """The run-level undo: re-create what this run's earlier steps replaced on this session,
        newest (last in dependency order) first, then recompile those units and `failed` in
        dependency order; returns what is still not VALID. Done once per step."""
        if self._undone:
            return {o for o in failed if self.status_after_recompile(o) != "VALID"}
        undone = [oid for oid in self._undo_order if oid in self.undo]
        for oid in reversed(undone):
            self._recreate(oid, self.undo.pop(oid))  # undone once: the run holds them no more
        self._undone = undone
        if undone:
            self.notes.append(self._undone_words())
        return {o for o in (*undone, *failed) if self.status_after_recompile(o) != "VALID"}

    def heal(self, path: tuple[ObjectId, ...], broken_elsewhere: tuple[ObjectId, ...] = ()) -> str:
        """After a run failed at some other step: a unit of `path` (this session's trigger-path
        units the run touches, in dependency order) left INVALID — a view or specification an
        earlier step replaced broke a unit a later step was to replace — undoes the run's
        captures as a failed restore does. Returns what it did ("" when nothing was INVALID);
        raises `ProtectedFailed` when the path stays INVALID. `broken_elsewhere`: INVALID units
        another session found (the SGU trigger, which this session may not see) — undo anyway."""
        if not self.undo:
            return ""
        invalid = tuple(o for o in path if self.status_after_recompile(o) == "INVALID")
        if not invalid and not broken_elsewhere:
            return ""
        self._undo_order = path
        left = self._undo_run(invalid)
        names = ", ".join(f"{o.owner}.{o.name} ({ORACLE_TYPE_NAMES[o.type]})"
                          for o in (*invalid, *broken_elsewhere))
        if left:
            raise ProtectedFailed(f"path left INVALID: {names} INVALID after the failure, and still after "
                                  f"undoing ({self._undone_words()})")
        return f"{names} INVALID after the failure: {self._undone_words()}"

    def _undone_words(self) -> str:
        return ("this run's earlier steps undone, their previous versions re-created: "
                + ", ".join(f"{o.owner}.{o.name} ({ORACLE_TYPE_NAMES[o.type]})" for o in self._undone))

    def _compile_ignoring_warnings(self, ddl: str) -> None:
        try:
            self.execute(ddl)
        except ProtectedFailed as exc:
            if "ORA-24344" not in exc.message:  # success with compilation error: ALL_ERRORS says
                raise

    def _note_unchanged(self, unit: Replacement) -> None:
        self.notes.append(f"{unit.id}: unchanged, not replaced")

    def _invalid(self, oids: tuple[ObjectId, ...]) -> frozenset[ObjectId]:
        return frozenset(o for o in oids if self.status(o) == "INVALID")

    def _broken(self, p: Protection, before: frozenset[ObjectId]) -> list[str]:
        """Dependents INVALID after a recompile that were not INVALID before the step."""
        return [f"{oid.owner}.{oid.name} ({ORACLE_TYPE_NAMES[oid.type]})" for oid in p.dependents
                if self.status_after_recompile(oid) == "INVALID" and oid not in before]

    def _guard_dependents(self, p: Protection, before: frozenset[ObjectId],
                          restore: tuple[tuple[Replacement, str | None], ...]) -> None:
        """A replacement that broke something else on the trigger path (a view or specification
        an unreplaced body reads) is undone: the step's units restored in order, then fail."""
        broken = self._broken(p, before)
        if not broken:
            return
        for unit, old in restore:
            self._restore(unit, old)
        what = f"{p.units[-1].id}: "
        still = self._broken(p, before)
        if still and not self._undo_run(()) and self._undone:
            still = self._broken(p, before)  # the run's earlier steps undone: judged again
        if still:
            what += "path left INVALID: "
        raise ProtectedFailed(f"{what}on the trigger path {'; '.join(broken)} no longer compile(s) against "
                              "it; the previous version was re-created")

    def _unit(self, p: Protection) -> None:
        (unit,) = p.units
        before = self._invalid(p.dependents)
        old = self.capture(unit.id)
        if old is not None and self.unchanged(unit):
            self._note_unchanged(unit)
            return
        self._replace(unit, old, ((unit, old),))
        self._guard_dependents(p, before, ((unit, old),))

    def _spec(self, p: Protection) -> None:
        (spec,) = p.units
        old = self.capture(spec.id)
        if old is not None and self.unchanged(spec):
            self._note_unchanged(spec)
            return
        before = self._invalid(p.dependents)
        self._replace(spec, old, ((spec, old),))
        body = ObjectId(spec.id.database, spec.id.owner, "package_body", spec.id.name)
        if old is None or self.status(body) is None:
            self._guard_dependents(p, before, ((spec, old),))
            return
        self._compile_ignoring_warnings(compile_statement(body))
        if self.status(body) == "VALID":
            self._guard_dependents(p, before, ((spec, old),))
            return
        # the deployed body needs the previous specification: back to it, both go at the body step
        self._compile_ignoring_warnings(old)
        self._compile_ignoring_warnings(compile_statement(body))
        if not p.body_follows:
            raise ProtectedFailed(f"{spec.id}: the deployed body does not compile against the new "
                                  "specification and this run does not replace it; the previous "
                                  "specification was re-created")
        self.notes.append(f"{spec.id}: the deployed body needs the previous specification; "
                          "both are replaced at the body step")

    def _pair(self, p: Protection) -> None:
        spec, body = p.units
        before = self._invalid(p.dependents)
        old_spec, old_body = self.capture(spec.id), self.capture(body.id)
        replaced = old_spec is not None and not self.unchanged(spec)
        if replaced:
            self._replace(spec, old_spec, ((spec, old_spec),))
        elif old_body is not None and self.unchanged(body):
            self._note_unchanged(body)
            return
        restore = ((spec, old_spec), (body, old_body)) if replaced else ((body, old_body),)
        self._replace(body, old_body, restore)
        self._guard_dependents(p, before, restore)

    def _trigger(self, p: Protection) -> None:
        (trigger,) = p.units
        oid = trigger.id
        rows = self.query(TRIGGER_STATUS_SQL, owner=oid.owner, name=oid.name)
        status = rows[0][0] if rows else None
        old: str | None = None
        disabled = Replacement(trigger.object, p.disabled_ddl, trigger.line)
        if status == "ENABLED":
            if self.unchanged(trigger):
                self.notes.append(f"{oid}: unchanged and enabled, not touched")
                return
            old = self.capture(oid)  # replaced enabled: never disabled, no event is lost
        elif status is not None:  # DISABLED by someone: captured, replaced DISABLED, never enabled
            captured = self.capture(oid)
            if self.unchanged(trigger) or self.unchanged(disabled):  # as rendered, or as a deploy left it
                self.notes.append(f"{oid}: unchanged and DISABLED, kept DISABLED")
                return
            # GET_DDL's CREATE statement enables (its status is the ALTER TRIGGER cut off)
            try:
                old = with_disable(captured) if captured is not None else None
            except RenderError as exc:
                raise ProtectedFailed(f"{oid} is DISABLED and its captured definition cannot be "
                                      f"re-created DISABLED ({exc}); not replaced") from None
            self._replace(disabled, old, ((trigger, old),))
            self.notes.append(f"{oid}: found DISABLED, replaced and kept DISABLED (enable it with "
                              f"ALTER TRIGGER {oid.owner}.{oid.name} ENABLE)")
            return
        else:
            self.execute(disabled.ddl)
            errors = self.errors(disabled)
            if errors:
                self._compile_ignoring_warnings(drop_statement(oid))
                raise ProtectedFailed(f"compile error: {errors[0]}; dropped (it did not exist before)",
                                      tuple(str(e) for e in errors))
            problems = self._path_problems(p.path, p.sees_all)
            if problems:
                name = f"{oid.owner}.{oid.name}"
                raise ProtectedFailed(f"{oid} is left DISABLED: on its path " + "; ".join(problems)
                                      + LEFT_DISABLED_ADVICE.format(name=name))
        self._replace(trigger, old, ((trigger, old),))

    def _path_problems(self, path: tuple[ObjectId, ...], sees_all: bool = False) -> list[str]:
        """What is not VALID on the trigger's path (an INVALID unit is recompiled first).

        An object another schema owns that this session cannot find was checked by its
        owner's section — unless the session is a DBA's (`sees_all`), which sees everything:
        then it is missing, as in the scripts' path check."""
        rows = self.query(SESSION_USER_SQL)
        user = str(rows[0][0]) if rows and rows[0][0] is not None else ""
        problems = []
        for oid in path:
            state = self.status_after_recompile(oid)
            if state is None and oid.owner != user and not sees_all:
                self.notes.append(f"{oid}: not visible to this session, checked by its owner's section")
            elif state != "VALID":
                what = f"{oid.owner}.{oid.name} ({ORACLE_TYPE_NAMES[oid.type]})"
                problems.append(f"{what} {state or 'missing'}")
        return problems
