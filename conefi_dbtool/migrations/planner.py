"""From revisions to the exact steps one database of one target must run.

The planner replays the revisions between two positions, collects their intents
(`ops.collect_intents`) and turns each into `deploy_steps.Step`s, rendering objects from
the sources frozen at the revision the intent names — never from today's templates. The
result, a `DatabasePlan`, is plain data: the SQL*Plus writer formats it, the online
applier executes it, `--dry-run` prints it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import Step, invalid_sweep, object_steps
from conefi_dbtool.errors import ConefiError, RenderError, UsageError
from conefi_dbtool.migrations.history import History, Revision
from conefi_dbtool.migrations.intents import GRANT_TYPES, OBJECT_OPS, Intent, parse_ref
from conefi_dbtool.migrations.sqltext import (
    bootstrap_steps,
    check_grant_words,
    drop_steps,
    grant_step,
    job_check_step,
    job_create_steps,
    parse_grants,
    revoke_step,
)
from conefi_dbtool.migrations.store import SnapshotStore, SourceState, Workspace
from conefi_dbtool.migrations.tablediff import table_pieces
from conefi_dbtool.objects import ObjectId, RenderedObject, sha256_text
from conefi_dbtool.render import TEMPLATE_SUFFIX, RenderResult, render_target, resolve_owner
from conefi_dbtool.splitter import SplitError, split
from conefi_dbtool.trigger_path import BETWEEN_PATH_STEPS, TriggerPath, adjacent_order, trigger_path


@dataclass(frozen=True)
class PlanOptions:
    allow_data_loss: bool = False  # drop tables/columns that hold rows
    lock_timeout: int = 600  # seconds to wait for another deploy to finish


@dataclass(frozen=True)
class PlannedOp:
    """One intent of one revision, as steps for one database."""

    revision: str
    op: str
    subject: str  # the object (erp:CONEFI.package.PKG_X) or what the op is about
    steps: tuple[Step, ...]
    sha256: str  # of the text applied: the rendered object, else the steps
    at: str | None = None
    notes: tuple[str, ...] = ()
    needs_define: bool = False  # steps use SQL*Plus substitution variables (passwords)
    needs_dba: bool = False  # users and grants: run by a DBA
    rendered: RenderedObject | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RevisionPlan:
    revision: str
    message: str
    direction: str
    ops: tuple[PlannedOp, ...]
    stamp: str | None  # the version the database is at once this revision is done


@dataclass(frozen=True)
class DatabasePlan:
    target: str
    database: str
    owner: str  # schema of the version table and the journal
    start: str | None
    end: str | None
    direction: str
    revisions: tuple[RevisionPlan, ...]
    verify: tuple[Step, ...]  # INVALID sweep and job checks, after the last revision
    final_objects: tuple[RenderedObject, ...] = field(default=(), compare=False, repr=False)

    @property
    def needs_dba(self) -> bool:
        return any(op.needs_dba for rev in self.revisions for op in rev.ops)

    @property
    def step_count(self) -> int:
        return sum(len(op.steps) for rev in self.revisions for op in rev.ops) + len(self.verify)


def ref_of(obj: RenderedObject) -> str:
    return obj.template[: -len(TEMPLATE_SUFFIX)] if obj.template.endswith(TEMPLATE_SUFFIX) else obj.template


def ref_to_id(target: Target, ref: str) -> ObjectId:
    database, owner_key, type_, name = parse_ref(ref)
    owner = resolve_owner(target, database, owner_key, ref + TEMPLATE_SUFFIX)
    return ObjectId(database, owner, type_, name.upper())


class StateRenderer:
    """Renders frozen states (materialised once each) and the work tree, with caching."""

    def __init__(self, project: Project, store: SnapshotStore, workspace: Workspace) -> None:
        self.project = project
        self.store = store
        self.workspace = workspace
        self._projects: dict[str, Project] = {}
        self._results: dict[tuple[str, str], RenderResult] = {}
        self._dba: dict[tuple[str, str], Mapping[str, tuple[Step, ...]]] = {}
        self._paths: dict[tuple[str, str], TriggerPath] = {}

    def project_for(self, state: SourceState | None) -> Project:
        """A copy of the project whose templates/ and grants/ are `state` (None: work tree)."""
        if state is None:
            return self.project
        key = state.digest
        if key not in self._projects:
            dirs = self.store.materialise(state, self.workspace.new_dir())
            paths = dataclasses.replace(self.project.paths, templates=str(dirs["templates"]),
                                        grants=str(dirs["grants"]))
            self._projects[key] = dataclasses.replace(self.project, paths=paths)
        return self._projects[key]

    def render(self, state: SourceState | None, target: Target) -> RenderResult:
        key = (state.digest if state is not None else "worktree", target.name)
        if key not in self._results:
            self._results[key] = render_target(self.project_for(state), target)
        return self._results[key]

    def objects(self, state: SourceState | None, target: Target) -> dict[str, RenderedObject]:
        return {ref_of(o): o for o in self.render(state, target).objects}

    def trigger_path(self, state: SourceState | None, target: Target) -> TriggerPath:
        """What the ERP's trigger needs valid as of `state` (replaced under protection)."""
        key = (state.digest if state is not None else "worktree", target.name)
        if key not in self._paths:
            self._paths[key] = trigger_path(self.render(state, target).objects)
        return self._paths[key]

    def dba(self, state: SourceState | None, target: Target) -> Mapping[str, tuple[Step, ...]]:
        from conefi_dbtool.script_sections import dba_steps

        key = (state.digest if state is not None else "worktree", target.name)
        if key not in self._dba:
            steps = dba_steps(self.project_for(state), target)
            self._dba[key] = {db: tuple(s) for db, s in steps.items()}
        return self._dba[key]


class Planner:
    """Plans ranges of the history for one target."""

    def __init__(self, project: Project, target: Target, history: History, renderer: StateRenderer,
                 options: PlanOptions = PlanOptions()) -> None:
        self.project = project
        self.target = target
        self.history = history
        self.renderer = renderer
        self.options = options
        self._intents: dict[tuple[str, str], tuple[Intent, ...]] = {}
        self._replaced: frozenset[ObjectId] = frozenset()  # objects the revision being planned replaces

    def intents(self, revision: Revision, direction: str) -> tuple[Intent, ...]:
        from conefi_dbtool.migrations.ops import collect_intents

        key = (revision.id, direction)
        if key not in self._intents:
            self._intents[key] = collect_intents(revision.module, direction, str(revision.path))
        return self._intents[key]

    def manages(self, database: str) -> bool:
        """Whether any revision has an operation for `database` (if not, it is left alone)."""
        return any(i.database == database for r in self.history.chain for i in self.intents(r, "upgrade"))

    def _state(self, at: str | None, where: str) -> SourceState:
        try:
            return self.history.state_at(at)
        except ConefiError:
            raise UsageError(f"{where}: at={at!r} is not a revision of this history") from None

    def _objects(self, at: str | None, where: str) -> dict[str, RenderedObject]:
        return self.renderer.objects(self._state(at, where), self.target)

    def plan(self, database: str, start: str | None, end: str | None) -> DatabasePlan:
        direction, revisions = self.history.between(start, end)
        owner = str(self.target.database(database).schemas.conefi)
        planned: list[RevisionPlan] = []
        for revision in revisions:
            # what a later step may still mend: only this revision's, since each revision is
            # stamped (and may be deployed) on its own — a view must not leave a body INVALID for
            # a later revision to replace, nor a specification put back wait for one under a
            # stamp (`deploy_steps._protected_step`, `_dependents`)
            self._replaced = frozenset(
                ref_to_id(self.target, i.ref) for i in self.intents(revision, direction)
                if i.database == database and i.op in ("replace_object", "create_object"))
            ops: list[PlannedOp] = []
            for intent in self.intents(revision, direction):
                if intent.database != database:
                    continue
                ops.append(self._plan_intent(intent, revision, direction))
            stamp = revision.id if direction == "upgrade" else revision.down
            ops = self._path_adjacent(ops, stamp, revision.path.name)
            planned.append(RevisionPlan(revision.id, revision.message.splitlines()[0] if revision.message
                                        else "", direction, tuple(ops), stamp))
        planned = _hoist_data_guards(planned)
        final: tuple[RenderedObject, ...] = ()
        verify: tuple[Step, ...] = ()
        if planned:
            final = tuple(o for o in self.renderer.render(self.history.state_at(end), self.target).objects
                          if o.id.database == database)
            verify = invalid_sweep(final, database) + tuple(
                job_check_step(o) for o in final if o.id.type == "job"
            )
        return DatabasePlan(self.target.name, database, owner, start, end, direction, tuple(planned),
                            verify, final)

    def _path_adjacent(self, ops: list[PlannedOp], stamp: str | None, where: str) -> list[PlannedOp]:
        """`ops` with the trigger path's steps together (`adjacent_order`, the path of the state
        the revision leads to), each op left between two of them noted."""
        movable = [_movable(op) for op in ops]
        if sum(obj is not None for obj in movable) < 2:
            return ops
        arranged = adjacent_order(movable, self.renderer.trigger_path(self._state(stamp, where), self.target))
        return [dataclasses.replace(ops[i], notes=(*ops[i].notes, BETWEEN_PATH_STEPS))
                if i in arranged.between else ops[i] for i in arranged.order]

    def _plan_intent(self, intent: Intent, revision: Revision, direction: str) -> PlannedOp:
        where = f"{revision.path.name}: {direction}(): op.{intent.op}"
        try:
            return self._plan(intent, revision, where)
        except RenderError as exc:
            raise RenderError(f"{where} (target {self.target.name}): {exc}") from None

    def _plan_grants(self, intent: Intent, revision: Revision, oid: ObjectId, obj: RenderedObject | None,
                     where: str) -> PlannedOp:
        """A grant template: its GRANTs as of `at`, REVOKEs of what only `previous` granted.

        Grants are never "dropped": a template that goes away (or renders to nothing for
        this target) revokes what it used to grant.
        """
        granted = _grant_steps(obj)
        before: tuple[Step, ...] = ()
        if intent.op == "sync_grants":
            before = _grant_steps(self._objects(intent.previous, where).get(intent.ref))
        elif intent.op == "drop_object":
            raise UsageError(f"{where}({intent.ref!r}): grants are revoked with op.sync_grants, not dropped")
        revokes = sorted(parse_grants(before) - parse_grants(granted))
        steps = granted + tuple(revoke_step(g) for g in revokes)
        at = intent.at or "base"
        notes = () if steps else (f"{oid} grants nothing for target {self.target.name} at {at}",)
        return PlannedOp(revision.id, intent.op, str(oid), steps,
                         obj.sha256 if obj is not None else _steps_sha(steps), intent.at, notes,
                         rendered=obj)

    def _plan(self, intent: Intent, revision: Revision, where: str) -> PlannedOp:
        allow = self.options.allow_data_loss
        if intent.op in OBJECT_OPS:
            oid = ref_to_id(self.target, intent.ref)
            if intent.op == "drop_object" and oid.type in GRANT_TYPES:
                return self._plan_grants(intent, revision, oid, None, where)
            if intent.op in ("drop_object", "drop_job"):
                steps = drop_steps(oid, allow_data_loss=allow)
                return PlannedOp(revision.id, intent.op, str(oid), steps, _steps_sha(steps))
            obj = self._objects(intent.at, where).get(intent.ref)
            if oid.type in GRANT_TYPES:
                return self._plan_grants(intent, revision, oid, obj, where)
            if obj is None:
                steps = drop_steps(oid, allow_data_loss=allow)
                note = (f"{oid} renders to nothing for target {self.target.name} at "
                        f"{intent.at or 'base'}: dropped if present")
                return PlannedOp(revision.id, intent.op, str(oid), steps, _steps_sha(steps), intent.at,
                                 (note,))
            notes: tuple[str, ...] = ()
            if oid.type == "job":
                steps = job_create_steps(obj, replace=intent.op != "create_job")
            elif intent.op == "alter_table_pieces":
                old = self._objects(intent.previous, where).get(intent.ref)
                if old is None:
                    steps = object_steps(obj)
                else:
                    pieces = table_pieces(old.text, obj.text, label=str(oid), allow_data_loss=allow)
                    steps = tuple(Step(p.kind, p.text, oid, p.purpose) for p in pieces if p.kind != "note")
                    notes = tuple(p.text for p in pieces if p.kind == "note")
            else:
                path = self.renderer.trigger_path(self._state(intent.at, where), self.target)
                db = self.target.database(oid.database)  # another owner's section run by a DBA sees all
                dba = oid.owner != str(db.schemas.conefi) and db.other_owners.connect_as == "dba"
                steps = object_steps(obj, path, self._replaced, sees_all=dba)
            return PlannedOp(revision.id, intent.op, str(oid), steps, obj.sha256, intent.at, notes,
                             rendered=obj)
        database = intent.database
        if intent.op == "apply_grants":
            granted = self.renderer.dba(self._state(intent.at, where), self.target).get(database, ())
            before = self.renderer.dba(self._state(intent.previous, where), self.target).get(database, ())
            revokes = sorted(parse_grants(before) - parse_grants(granted))
            # the owner may have just been created: make sure the bookkeeping exists now
            owner = str(self.target.database(database).schemas.conefi)
            steps = tuple(granted) + tuple(revoke_step(g) for g in revokes) + bootstrap_steps(owner)
            return PlannedOp(revision.id, intent.op, f"{database} users and grants", steps,
                             _steps_sha(steps), intent.at, needs_define=True, needs_dba=True)
        if intent.op in ("grant", "revoke"):
            line = check_grant_words(intent.privilege, intent.on, intent.grantee)
            step = grant_step(line, grant_option=intent.grant_option) if intent.op == "grant" else (
                revoke_step(line))
            return PlannedOp(revision.id, intent.op, intent.describe(), (step,), _steps_sha((step,)),
                             needs_dba=True)
        if intent.op == "run_sql":
            steps = _sql_steps(intent.sql, where)
            return PlannedOp(revision.id, intent.op, f"{database} hand-written SQL", steps, _steps_sha(steps))
        raise UsageError(f"{where}: unknown operation")  # pragma: no cover - intents are validated


# operations whose dependencies are those of the object they deploy; the others (grants and
# users, which may revoke; drops; hand-written SQL) keep their place in the revision
# (`adjacent_order`)
_MOVABLE_OPS = frozenset({"replace_object", "create_object", "alter_table_pieces", "create_job",
                          "replace_job"})


def _movable(op: PlannedOp) -> RenderedObject | None:
    """`op`'s object, when `op` may move to keep the trigger path's steps together."""
    obj = op.rendered
    if op.op not in _MOVABLE_OPS or obj is None or obj.id.type in GRANT_TYPES or op.needs_dba:
        return None
    return obj


def _grant_steps(obj: RenderedObject | None) -> tuple[Step, ...]:
    return object_steps(obj) if obj is not None else ()


def _hoist_data_guards(revisions: list[RevisionPlan]) -> list[RevisionPlan]:
    """Move every "refuse if the table holds rows" check to the very start of the run.

    A refused downgrade then changes nothing, instead of stopping half-way (a job already
    dropped, a package already replaced) at the table that holds rows.
    """
    guards = tuple(s for r in revisions for op in r.ops for s in op.steps if s.purpose == "data-guard")
    if not guards:
        return revisions
    out = []
    for r in revisions:
        ops = tuple(dataclasses.replace(op, steps=tuple(s for s in op.steps if s.purpose != "data-guard"))
                    for op in r.ops)
        out.append(dataclasses.replace(r, ops=ops))
    first = out[0]
    check = PlannedOp(first.revision, "data_guard", "tables and columns that would lose rows", guards,
                      _steps_sha(guards))
    out[0] = dataclasses.replace(first, ops=(check, *first.ops))
    return out


def _steps_sha(steps: tuple[Step, ...]) -> str:
    return sha256_text("".join(f"{s.kind}\n{s.text}\n" for s in steps))


def _sql_steps(sql: str, where: str) -> tuple[Step, ...]:
    try:
        units = split(sql)
    except SplitError as exc:
        raise UsageError(f"{where}: {exc}") from None
    steps: list[Step] = []
    for unit in units:
        if unit.kind == "sqlplus":
            raise UsageError(f"{where}: SQL*Plus command {unit.first_words(2)!r} at line {unit.start} "
                             "(only SQL and PL/SQL can run online)")
        if not unit.terminated:
            raise UsageError(f"{where}: statement at line {unit.start} has no terminator "
                             "(';' for SQL, a '/' line for PL/SQL)")
        steps.append(Step(unit.kind, unit.text, None, "run-sql", unit.start))
    return tuple(steps)


def open_release(project: Project) -> tuple[History, SnapshotStore]:
    """The history and snapshot store of a project's migrations directory."""
    from conefi_dbtool.migrations.history import load_history

    migrations: Path = project.migrations_dir
    return load_history(migrations), SnapshotStore(migrations)
