"""`plan`: the ordered steps that would take a database from its catalog to a desired state.

A preview, never executed here (`upgrade` is the versioned apply). Built from the drift
report, so every step names the object, why it is needed (the drift summary, the unified
diff or attribute changes) and whether it is **destructive** — i.e. removes something
from the database: a drop, a revoke, a dropped or modified column, a re-created index or
link. Order, database by database: users and system grants; then objects in the
desired render's dependency order (create / replace / alter / job create-alter); object
grants; enables and recompiles; destructive steps last, in reverse dependency order.

The desired state is a `RenderResult`: `plan_for` takes it as an argument, so the
revision-aware caller (Alembic issue: "templates at the database's current revision")
passes its own render; `head_render` is the default (templates now).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from conefi_dbtool.catalog import normalize
from conefi_dbtool.catalog.drift import (
    AttributeChange,
    DriftReport,
    ObjectDrift,
    compute_drift,
    constraint_compare_key,
    constraint_key,
    constraint_text,
    format_bytes,
    snapshot_objects,
)
from conefi_dbtool.catalog.expected import PrivilegesProvider, expected_snapshot, grants_privileges
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    Constraint,
    DatabaseCatalog,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SchedulerJob,
    Sequence,
    SystemPrivilege,
    Table,
    User,
)
from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import (
    Step,
    guard_codes,
    guarded_block,
    object_steps,
    sql_literal_multiline,
    undo_declarations,
)
from conefi_dbtool.identifiers import RESERVED_WORDS, sql_literal
from conefi_dbtool.object_types import NA, REGISTRY
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, TYPE_RANK, ObjectId, RenderedObject
from conefi_dbtool.render import RenderResult
from conefi_dbtool.tabledef import Change, Entry, TableDef, diff_tables
from conefi_dbtool.trigger_path import NO_PATH, TriggerPath, adjacent_order, trigger_path

ACTIONS = ("create", "replace", "alter", "enable", "recompile", "grant", "revoke", "drop",
           "job_create", "job_alter", "job_drop")


@dataclass(frozen=True)
class PlanStep:
    """One thing to do to one object, with the statements that would do it."""

    action: str
    id: ObjectId
    reason: str  # the drift summary that calls for it
    destructive: bool
    statements: tuple[Step, ...] = ()
    diff: str = ""
    attributes: tuple[AttributeChange, ...] = ()
    note: str = ""  # what the plan does not do and why, or how it protects the step (trigger path)


@dataclass(frozen=True)
class Plan:
    target: str
    desired: str  # "head", or a revision label given by the caller
    steps: tuple[PlanStep, ...]
    notes: tuple[str, ...] = ()

    @property
    def destructive(self) -> tuple[PlanStep, ...]:
        return tuple(s for s in self.steps if s.destructive)

    @property
    def empty(self) -> bool:
        return not self.steps


# --------------------------------------------------------------------------- statements


# Dictionary spelling of every type the catalog reports (TYPE BODY included: DROP TYPE BODY,
# ALTER TYPE ... COMPILE BODY).
_ORACLE_TYPE = ORACLE_TYPE_NAMES


def _q(oid: ObjectId) -> str:
    return f"{_name(oid.owner)}.{_name(oid.name)}"


_BARE = re.compile(r"[A-Z][A-Z0-9_$#]*\Z")


def _name(stored: str) -> str:
    """SQL spelling of a dictionary name: bare when Oracle would read it back the same."""
    if _BARE.match(stored) and stored not in RESERVED_WORDS:
        return stored
    return '"' + stored.replace('"', '""') + '"'


def _sql(text: str, oid: ObjectId, purpose: str) -> Step:
    return Step("sql", text, oid, purpose)


def _plsql(text: str, oid: ObjectId, purpose: str) -> Step:
    return Step("plsql", text, oid, purpose)


def _guarded(text: str, oid: ObjectId) -> Step:
    codes = guard_codes(text)
    if codes:
        return _plsql(guarded_block(text, codes, f"{oid.owner}.{oid.name}"), oid, "guarded-create")
    return _sql(text, oid, "create")


def _column_sql(c: Column) -> str:
    out = f"{_name(c.name)} {normalize.data_type(c.data_type)}"
    if c.default and c.default != "IDENTITY":
        out += f" DEFAULT {c.default.strip()}"
    if not c.nullable:
        out += " NOT NULL"
    return out


def _modify_sql(want: Column, have: Column) -> str:
    """MODIFY clause naming only what differs. Oracle rejects restating the current
    nullability (ORA-01442 NOT NULL -> NOT NULL, ORA-01451 NULL -> NULL), and a default
    left out of MODIFY is kept, so removing one needs DEFAULT NULL."""
    out = _name(want.name)
    if normalize.data_type(want.data_type) != normalize.data_type(have.data_type):
        out += f" {normalize.data_type(want.data_type)}"
    if want.default != "IDENTITY" and (
            normalize.sql_expression(want.default) != normalize.sql_expression(have.default)):
        out += f" DEFAULT {want.default.strip() or 'NULL'}"
    if want.nullable != have.nullable:
        out += " NULL" if want.nullable else " NOT NULL"
    return out


def _constraint_sql(k: Constraint) -> str:
    head = f"CONSTRAINT {_name(k.name)} " if k.name else ""
    cols = ", ".join(_name(c) for c in k.columns)
    if k.type == "P":
        return f"{head}PRIMARY KEY ({cols})"
    if k.type == "U":
        return f"{head}UNIQUE ({cols})"
    if k.type == "C":
        return f"{head}CHECK ({k.condition})"
    return f"{head}FOREIGN KEY ({cols}) REFERENCES {k.references}"


def _drop_sql(oid: ObjectId) -> Step:
    kind = _ORACLE_TYPE.get(oid.type, oid.type.upper())
    if oid.type == "job":
        job = sql_literal(f"{oid.owner}.{oid.name}")
        return _plsql(f"BEGIN\n  SYS.DBMS_SCHEDULER.DROP_JOB({job});\nEND;", oid, "drop")
    if oid.type == "database_link":
        return _sql(f"DROP DATABASE LINK {_name(oid.name)}", oid, "drop")
    return _sql(f"DROP {kind} {_q(oid)}", oid, "drop")


def _recompile_sql(oid: ObjectId) -> Step:
    otype = _ORACLE_TYPE[oid.type]
    if otype.endswith(" BODY"):
        return _sql(f"ALTER {otype[:-5]} {_q(oid)} COMPILE BODY", oid, "recompile")
    return _sql(f"ALTER {otype} {_q(oid)} COMPILE", oid, "recompile")


def _set_attribute(oid: ObjectId, attribute: str, value: str) -> str:
    return (f"  SYS.DBMS_SCHEDULER.SET_ATTRIBUTE({sql_literal(f'{oid.owner}.{oid.name}')}, "
            f"{sql_literal(attribute)}, {value});")


def _job_alter(oid: ObjectId, want: SchedulerJob, drift: ObjectDrift) -> list[Step]:
    calls = []
    for a in drift.attributes:
        if a.name == "job_action":
            calls.append(_set_attribute(oid, "job_action", sql_literal_multiline(want.job_action)))
        elif a.name == "job_type":
            calls.append(_set_attribute(oid, "job_type", sql_literal(want.job_type)))
        elif a.name == "repeat_interval":
            calls.append(_set_attribute(oid, "repeat_interval", sql_literal(want.repeat_interval)))
        elif a.name == "comments":
            calls.append(_set_attribute(oid, "comments", sql_literal_multiline(want.comments)))
        elif a.name == "start_date time zone":
            zone = normalize.start_zone(want.start_date)
            calls.append(_set_attribute(oid, "start_date", f"SYSTIMESTAMP AT TIME ZONE {sql_literal(zone)}"))
        elif a.name == "enabled":
            calls.append(f"  SYS.DBMS_SCHEDULER.DISABLE({sql_literal(f'{oid.owner}.{oid.name}')});")
    if not calls:
        return []
    return [_plsql("BEGIN\n" + "\n".join(calls) + "\nEND;", oid, "job-alter")]


def _grant_sql(oid: ObjectId, value: Any, *, revoke: bool) -> Step:
    if isinstance(value, ObjectPrivilege):
        what = f"{normalize.privilege(value.privilege)} ON {_name(value.owner)}.{_name(value.object_name)}"
        option = " WITH GRANT OPTION" if value.grantable and not revoke else ""
    elif isinstance(value, SystemPrivilege):
        what = normalize.privilege(value.privilege)
        option = " WITH ADMIN OPTION" if value.admin_option and not revoke else ""
    else:
        assert isinstance(value, RoleGrant)
        what = _name(normalize.identifier(value.role))
        option = " WITH ADMIN OPTION" if value.admin_option and not revoke else ""
    grantee_name = normalize.identifier(value.grantee)
    grantee = "PUBLIC" if grantee_name == "PUBLIC" else _name(grantee_name)
    if revoke:
        return _sql(f"REVOKE {what} FROM {grantee}", oid, "revoke")
    return _sql(f"GRANT {what} TO {grantee}{option}", oid, "grant")


def _quota_sql(oid: ObjectId, q: Quota, *, remove: bool = False) -> Step:
    size = "0" if remove else format_bytes(q.max_bytes)
    return _sql(f"ALTER USER {_name(q.username)} QUOTA {size} ON {_name(q.tablespace)}", oid, "quota")


def _user_sql(oid: ObjectId, u: User, *, create: bool) -> Step:
    parts = []
    if u.default_tablespace:
        parts.append(f"DEFAULT TABLESPACE {_name(u.default_tablespace)}")
    if u.temporary_tablespace:
        parts.append(f"TEMPORARY TABLESPACE {_name(u.temporary_tablespace)}")
    if u.profile:
        parts.append(f"PROFILE {_name(u.profile)}")
    tail = (" " + " ".join(parts)) if parts else ""
    if create:
        variable = f"{u.name.lower()}_password"
        return _guarded(f'CREATE USER {_name(u.name)} IDENTIFIED BY "&{variable}"{tail}', oid)
    return _sql(f"ALTER USER {_name(u.name)}{tail}", oid, "alter")


# --------------------------------------------------------------------------- steps per kind


@dataclass(frozen=True)
class _Context:
    rendered: dict[ObjectId, RenderedObject]
    wanted: dict[ObjectId, Any]
    held: dict[ObjectId, Any]
    path: TriggerPath = NO_PATH  # replaced under protection, as `script` and `upgrade` do
    replaced: frozenset[ObjectId] = frozenset()  # what the plan creates or replaces
    dba_owners: frozenset[str] = frozenset()  # other owners whose section is a DBA's (sees all)


def _rendered_steps(ctx: _Context, oid: ObjectId) -> tuple[Step, ...]:
    """The object's steps as a deploy runs them: a trigger-path unit under protection."""
    obj = ctx.rendered.get(oid)
    if obj is None:
        return ()
    return object_steps(obj, ctx.path, ctx.replaced, sees_all=oid.owner in ctx.dba_owners)


def _step(d: ObjectDrift, action: str, destructive: bool, *statements: Step, note: str = "") -> PlanStep:
    protection = next((st.protection for st in statements if st.protection is not None), None)
    if protection is not None and not note:
        note = protection.summary
    return PlanStep(action, d.id, d.summary, destructive, tuple(statements), d.diff, d.attributes, note)


# --------------------------------------------------------------------------- builders per type

_Rule = Callable[[_Context, ObjectDrift], list[PlanStep]]


@dataclass(frozen=True)
class StepBuilder:
    """How a plan resolves each drift category of one object type."""

    unexpected: _Rule
    missing: _Rule
    changed: _Rule


def _drop(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "job_drop" if d.id.type == "job" else "drop", True, _drop_sql(d.id))]


def _create(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    """The object's own template; an object created by another's template gets a note."""
    statements = _rendered_steps(ctx, d.id)
    note = "" if statements else "created by another object's template (see the plan step of that object)"
    return [_step(d, "job_create" if d.id.type == "job" else "create", False, *statements, note=note)]


def _nothing(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return []


def _replace(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "replace", False, *_rendered_steps(ctx, d.id))]


def _revoke_grant(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "revoke", True, _grant_sql(d.id, ctx.held[d.id], revoke=True))]


def _grant_missing(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "grant", False, _grant_sql(d.id, ctx.wanted[d.id], revoke=False))]


def _grant_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    want, have = ctx.wanted[d.id], ctx.held[d.id]
    option = want.grantable if isinstance(want, ObjectPrivilege) else want.admin_option
    if option:
        return [_step(d, "grant", False, _grant_sql(d.id, want, revoke=False))]
    return [_step(d, "revoke", True, _grant_sql(d.id, have, revoke=True),
                  _grant_sql(d.id, want, revoke=False), note="re-granted without the option")]


def _quota_removed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "revoke", True, _quota_sql(d.id, ctx.held[d.id], remove=True))]


def _quota_missing(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "grant", False, _quota_sql(d.id, ctx.wanted[d.id]))]


def _quota_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    want, have = ctx.wanted[d.id], ctx.held[d.id]
    shrinks = want.max_bytes >= 0 and (have.max_bytes < 0 or have.max_bytes > want.max_bytes)
    return [_step(d, "grant", shrinks, _quota_sql(d.id, want))]


def _user_unexpected(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "drop", True, note="not generated: dropping a user drops its objects; "
                  "do it by hand if it is really unwanted")]


def _user_missing(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "create", False, _user_sql(d.id, ctx.wanted[d.id], create=True))]


def _user_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "alter", False, _user_sql(d.id, ctx.wanted[d.id], create=False))]


def _index_unexpected(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    if d.id.name.endswith(")"):
        return [_step(d, "drop", True, note="system-named index: drop it by its dictionary name")]
    return _drop(ctx, d)


def _index_missing(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    statements = _rendered_steps(ctx, d.id) or (_guarded(_index_sql(d.id, ctx.wanted[d.id]), d.id),)
    return [_step(d, "create", False, *statements)]


def _index_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "alter", True, _drop_sql(d.id), _guarded(_index_sql(d.id, ctx.wanted[d.id]), d.id),
                  note="re-created")]


def _sequence_options(want: Sequence) -> str:
    cache = f"CACHE {want.cache_size}" if want.cache_size else "NOCACHE"
    return f"INCREMENT BY {want.increment_by} {cache} {'CYCLE' if want.cycle else 'NOCYCLE'}"


def _sequence_missing(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    want = ctx.wanted[d.id]
    if _rendered_steps(ctx, d.id) or not isinstance(want, Sequence):
        return _create(ctx, d)
    create = f"CREATE SEQUENCE {_q(d.id)} {_sequence_options(want)}"
    return [_step(d, "create", False, _guarded(create, d.id))]


def _sequence_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    sql = f"ALTER SEQUENCE {_q(d.id)} {_sequence_options(ctx.wanted[d.id])}"
    return [_step(d, "alter", False, _sql(sql, d.id, "alter"))]


def _table_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return _table_steps(d.id, ctx.wanted[d.id], ctx.held[d.id], d)


def _link_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "replace", True, _drop_sql(d.id), *_rendered_steps(ctx, d.id), note="re-created")]


def _job_changed(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    return [_step(d, "job_alter", False, *_job_alter(d.id, ctx.wanted[d.id], d))]


_CODE = StepBuilder(_drop, _create, _replace)
_GRANT = StepBuilder(_revoke_grant, _grant_missing, _grant_changed)
# Each registered object type's builder (tests/test_object_types.py checks none is missing).
BUILDERS: dict[str, StepBuilder] = {
    **{t.name: _CODE for t in REGISTRY if t.source_form is not NA},
    "synonym": _CODE,
    "table": StepBuilder(_drop, _create, _table_changed),
    "index": StepBuilder(_index_unexpected, _index_missing, _index_changed),
    "sequence": StepBuilder(_drop, _sequence_missing, _sequence_changed),
    "database_link": StepBuilder(_drop, _create, _link_changed),
    "job": StepBuilder(_drop, _create, _job_changed),
    "user": StepBuilder(_user_unexpected, _user_missing, _user_changed),
    "quota": StepBuilder(_quota_removed, _quota_missing, _quota_changed),
    **{name: _GRANT for name in ("object_grant", "system_grant", "role_grant")},
}
_UNREGISTERED = StepBuilder(_drop, _create, _nothing)  # a type only a hand-made snapshot holds


def _steps_for(ctx: _Context, d: ObjectDrift) -> list[PlanStep]:
    """The steps resolving `d`: its type's builder per category, then recompile and enable."""
    builder = BUILDERS.get(d.id.type, _UNREGISTERED)
    cats = set(d.categories)
    if "unexpected" in cats:
        return builder.unexpected(ctx, d)
    if "missing" in cats:
        return builder.missing(ctx, d)
    steps = builder.changed(ctx, d) if "changed" in cats else []
    if "invalid" in cats and "changed" not in cats:
        steps.append(_step(d, "recompile", False, _recompile_sql(d.id)))
    if "disabled" in cats:
        steps.append(_step(d, "enable", False, _enable_sql(d.id, ctx.path)))
    return steps


def _enable_sql(oid: ObjectId, path: TriggerPath = NO_PATH) -> Step:
    """ENABLE a job or trigger; a trigger on the path only once every unit it needs is VALID (an
    ERP insert through an INVALID unit fails), else it stays DISABLED and the script stops."""
    if oid.type == "trigger" and oid in path and path.units():
        names = ", ".join(f"({sql_literal(o.owner)}, {sql_literal(o.name)}, "
                          f"{sql_literal(ORACLE_TYPE_NAMES[o.type])})" for o in path.units())
        left = sql_literal(f"{oid.owner}.{oid.name} is left DISABLED: on its path")
        return _plsql(
            "DECLARE\n  v_bad VARCHAR2(4000);\nBEGIN\n"
            "  FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ') ' || status\n"
            "                   AS what\n"
            "              FROM all_objects WHERE status <> 'VALID'\n"
            f"               AND (owner, object_name, object_type) IN ({names})) LOOP\n"
            "    v_bad := SUBSTR(v_bad || ' ' || r.what || ';', 1, 3000);\n"
            "  END LOOP;\n  IF v_bad IS NOT NULL THEN\n"
            f"    RAISE_APPLICATION_ERROR(-20008, SUBSTR({left} || v_bad, 1, 2000));\n"
            f"  END IF;\n  EXECUTE IMMEDIATE {sql_literal(f'ALTER TRIGGER {_q(oid)} ENABLE')};\nEND;",
            oid, "enable")
    if oid.type == "job":
        job = sql_literal(f"{oid.owner}.{oid.name}")
        return _plsql(f"BEGIN\n  SYS.DBMS_SCHEDULER.ENABLE({job});\nEND;", oid, "enable")
    return _sql(f"ALTER TRIGGER {_q(oid)} ENABLE", oid, "enable")


def _index_sql(oid: ObjectId, entry: Any) -> str:
    index = entry.index
    cols = ", ".join(index.columns)
    unique = "UNIQUE " if index.unique else ""
    return f"CREATE {unique}INDEX {_q(oid)} ON {_name(oid.owner)}.{_name(entry.table)} ({cols})"


@dataclass
class _TableChange:
    """Statements of a table change: additions (safe) and removals/modifications (destructive)."""

    add: list[Step] = field(default_factory=list)
    remove: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _table_def(t: Table) -> TableDef:
    """A catalog table as the shared differ's value: columns by name, constraints by name or shape."""
    return TableDef(
        t.name,
        tuple(Entry(c.name, "", c) for c in t.columns),
        tuple(Entry(constraint_key(k), constraint_text(k), k) for k in t.constraints),
    )


def _same_column(old: Entry, new: Entry) -> bool:
    """Equal as Oracle keeps them: normalised type and default, same nullability."""
    a, b = old.value, new.value
    return bool(normalize.data_type(a.data_type) == normalize.data_type(b.data_type)
                and a.nullable == b.nullable
                and normalize.sql_expression(a.default) == normalize.sql_expression(b.default))


def _same_constraint(old: Entry, new: Entry) -> bool:
    return bool(constraint_compare_key(old.value) == constraint_compare_key(new.value))


def _table_steps(oid: ObjectId, want: Table, have: Table, d: ObjectDrift) -> list[PlanStep]:
    """The ALTERs that take `have` to `want`: additions one step, removals/modifications another."""
    diff = diff_tables(_table_def(have), _table_def(want), same_column=_same_column,
                       same_constraint=_same_constraint)
    change = _TableChange()
    for c in diff.columns:
        _column_change(oid, want, have, c, change)
    if diff.column_order is not None:
        change.notes.append("column order differs: only a table rebuild changes it (not planned)")
    for c in diff.constraints:
        _constraint_change(oid, want, have, c, change)
    out = []
    notes = change.notes
    if change.add or (notes and not change.remove):
        out.append(_step(d, "alter", False, *change.add, note="; ".join(notes)))
        notes = []
    if change.remove:
        out.append(_step(d, "alter", True, *change.remove, note="; ".join(notes)))
    return out


def _column_change(oid: ObjectId, want: Table, have: Table, c: Change, change: _TableChange) -> None:
    col = c.key
    table = _q(oid)
    if c.old is None:
        wanted = next(w for w in want.columns if w.name == col)
        change.add.append(_guarded(f"ALTER TABLE {table} ADD ({_column_sql(wanted)})", oid))
    elif c.new is None:
        change.remove.append(_sql(f"ALTER TABLE {table} DROP COLUMN {_name(str(col))}", oid, "alter"))
    else:
        wanted = next(w for w in want.columns if w.name == col)
        held = next(h for h in have.columns if h.name == col)
        change.remove.append(_sql(f"ALTER TABLE {table} MODIFY ({_modify_sql(wanted, held)})", oid, "alter"))


def _constraint_label(c: Change) -> str:
    """The constraint's name, or its text when unnamed (as the drift report labels it)."""
    entry = c.new if c.new is not None else c.old
    assert entry is not None
    return str(entry.value.name or entry.written)


def _constraint_change(oid: ObjectId, want: Table, have: Table, c: Change, change: _TableChange) -> None:
    cname = _constraint_label(c)
    table = _q(oid)
    wk = {k.name: k for k in want.constraints if k.name}
    hk = {k.name for k in have.constraints if k.name}
    if c.old is None:
        text = _constraint_sql(wk[cname]) if cname in wk else cname  # unnamed: its text is valid DDL
        change.add.append(_guarded(f"ALTER TABLE {table} ADD {text}", oid))
    elif cname in hk and (c.new is None or cname in wk):
        change.remove.append(_sql(f"ALTER TABLE {table} DROP CONSTRAINT {_name(cname)}", oid, "alter"))
        if c.new is not None:
            change.remove.append(_guarded(f"ALTER TABLE {table} ADD {_constraint_sql(wk[cname])}", oid))
    else:
        change.notes.append(f"constraint {cname}: system-named constraint, change it by hand")


# --------------------------------------------------------------------------- assembly

_PHASES = {"user": 0, "quota": 0, "role_grant": 0, "system_grant": 0, "object_grant": 2}
_ACCOUNT_ORDER = {"user": 0, "quota": 1, "role_grant": 2, "system_grant": 3}


def _phase(step: PlanStep) -> int:
    if step.action in ("drop", "job_drop", "revoke") or (step.destructive and step.action == "alter"
                                                          and step.id.type == "table"):
        return 4
    if step.action in ("enable", "recompile"):
        return 3
    return _PHASES.get(step.id.type, 1)


def _deploy_positions(objects: tuple[RenderedObject, ...], path: TriggerPath) -> dict[ObjectId, int]:
    """Each object's place in a deploy: the render's order, with the objects of each database
    and owner (one session, as `script.owner_sections`) rearranged among the places they hold
    so that the trigger path's steps come together (`adjacent_order`)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, obj in enumerate(objects):
        groups.setdefault((obj.id.database, obj.id.owner), []).append(i)
    position: dict[ObjectId, int] = {}
    for places in groups.values():
        arranged = adjacent_order([objects[i] for i in places], path)
        for k, place in zip(arranged.order, places, strict=True):
            position[objects[places[k]].id] = place
    return position


def build_plan(
    result: RenderResult,
    desired: CatalogSnapshot,
    actual: CatalogSnapshot,
    report: DriftReport,
    *,
    desired_label: str = "head",
    dba_owners: frozenset[str] = frozenset(),
) -> Plan:
    """Pure: order the steps that resolve every (non-ignored) drift of `report`.

    Trigger-path objects are replaced under protection, as a deploy replaces them; the
    plan's first protected statement is preceded by the undo slots its SQL script needs
    (`deploy_steps.undo_declarations`). `dba_owners`: other owners deployed by a DBA."""
    rendered = result.by_id()
    path = trigger_path(result.objects)
    position = _deploy_positions(result.objects, path)
    wanted: dict[ObjectId, Any] = {}
    held: dict[ObjectId, Any] = {}
    for name in report.databases:
        wanted.update(snapshot_objects(desired.database(name) or DatabaseCatalog(name)))
        held.update(snapshot_objects(actual.database(name) or DatabaseCatalog(name)))
    # replaced: only what a create/replace step deploys (an INVALID-only or DISABLED-only object is
    # recompiled or enabled: a specification must not defer to a body step that only recompiles)
    touched = frozenset(d.id for d in report.drifted
                        if d.id in rendered and {"changed", "missing"} & set(d.categories))
    ctx = _Context(rendered, wanted, held, path, touched, dba_owners)
    steps: list[PlanStep] = []
    for d in report.drifted:
        steps.extend(_steps_for(ctx, d))

    def fallback(oid: ObjectId, rank: int) -> float:
        """Position of an object no template creates by itself: just after its table."""
        table = getattr(wanted.get(oid), "table", None)
        if table is not None:
            owner_table = ObjectId(oid.database, oid.owner, "table", table)
            if owner_table in position:
                return position[owner_table] + 0.5
        return len(position) + rank

    databases = {name: i for i, name in enumerate(report.databases)}

    def key(step: PlanStep) -> tuple[int, int, float, int, str, str]:
        """Database by database (each is its own connection), then phase, then order."""
        db = databases.get(step.id.database, len(databases))
        phase = _phase(step)
        rank = TYPE_RANK.get(step.id.type, len(TYPE_RANK))
        if phase == 4:
            return (db, phase, -rank, 0, step.id.owner, step.id.name)
        if phase == 0:
            rank = _ACCOUNT_ORDER.get(step.id.type, rank)
            return (db, phase, rank, 0, step.id.owner, step.id.name)
        pos = position[step.id] if step.id in position else fallback(step.id, rank)
        return (db, phase, pos, rank, step.id.owner, step.id.name)

    steps.sort(key=key)
    steps = _with_undo_slots(steps)
    notes = list(report.notes)
    if any(s.id.type == "system_grant" and s.id.name == "UNLIMITED TABLESPACE" and s.action == "revoke"
           for s in steps):
        notes.append("revoking UNLIMITED TABLESPACE leaves the user with only its quotas: the quota grants "
                     "of this plan run first")
    return Plan(report.target, desired_label, tuple(steps), tuple(notes))


def _with_undo_slots(steps: list[PlanStep]) -> list[PlanStep]:
    """The undo slots (SQL*Plus bind variables) of every protected statement, declared before
    the first one: the plan's SQL script runs in one session."""
    declarations = undo_declarations(st for step in steps for st in step.statements)
    first = next((i for i, step in enumerate(steps) if any(st.protection for st in step.statements)), None)
    if not declarations or first is None:
        return steps
    head = steps[first]
    return [*steps[:first], dataclasses.replace(head, statements=declarations + head.statements),
            *steps[first + 1:]]


def head_render(project: Project, target: Target) -> RenderResult:
    """The default desired state: the templates as they are now."""
    from conefi_dbtool.render import render_target

    return render_target(project, target)


def plan_for(
    project: Project,
    target: Target,
    desired: RenderResult,
    actual: CatalogSnapshot,
    *,
    ignore: Iterable[str] = (),
    databases: Iterable[str] | None = None,
    privileges: PrivilegesProvider = grants_privileges,
    desired_label: str = "head",
) -> tuple[Plan, DriftReport]:
    """The hook for any desired state: pass the RenderResult to reach (head, or a revision)."""
    desired_snapshot = expected_snapshot(project, target, desired, privileges=privileges)
    report = compute_drift(desired_snapshot, actual, ignore=ignore, databases=databases)
    dba_owners = frozenset(o.id.owner for o in desired.objects
                           if o.id.owner != str(target.database(o.id.database).schemas.conefi)
                           and target.database(o.id.database).other_owners.connect_as == "dba")
    return build_plan(desired, desired_snapshot, actual, report, desired_label=desired_label,
                      dba_owners=dba_owners), report
