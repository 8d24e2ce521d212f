"""`upgrade --sql` / `downgrade --sql`: the release as one SQL*Plus / SQLcl script.

The script runs the same steps as the online applier. We write the text ourselves
instead of using Alembic's offline mode, whose Oracle output would bind-mangle trigger
bodies (``:new`` taken for a parameter) and stamp versions with ``INSERT ... RETURNING
... INTO :ret_0``, which SQL*Plus cannot run. Every PL/SQL unit ends with a ``/`` line;
the text splits back, with the project's splitter, into exactly the planned steps.

Per database: connect, set DDL_LOCK_TIMEOUT, run the preflight block (no DDL before it
passed), take the deploy lock, create the bookkeeping tables if missing,
check the database is at a revision of the range, then per revision its steps, one
journal row per operation and the version stamp; then the INVALID sweep, the job checks
and the lock release. An operation on an object another schema owns runs in that owner's
section (`migrations.sections`): a CONNECT as the DBA or that schema, in plan order, then
back as the deploy user (lock and version check again); its journal rows and every stamp
then come last. No timestamps: the text depends only on the revisions and config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from conefi_dbtool import __version__
from conefi_dbtool.config import Target
from conefi_dbtool.deploy_steps import Step, session_step, undo_declarations
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp, PlanOptions
from conefi_dbtool.migrations.sections import op_owner, other_owners, step_owner, verify_steps
from conefi_dbtool.migrations.sqltext import (
    JOURNAL_TABLE,
    VERSION_TABLE,
    JournalEntry,
    bootstrap_steps,
    journal_steps,
    lock_name,
    lock_step,
    stamp_steps,
    unlock_step,
    version_check_step,
)
from conefi_dbtool.script import DATABASE_TITLES, SESSION_SETTINGS, OwnerSection, connect_block, format_step


def _prompt(text: str) -> str:
    """A PROMPT line. SQL*Plus continues a command whose line ends with '-' on the next
    line (which would then be printed instead of run), so such a text gets a final '.'."""
    line = " ".join(text.split())
    if line.endswith("-"):
        line += "."
    return "PROMPT " + line + "\n"


Item = tuple[str, "Step | str"]  # (label, step or SQL*Plus line), in script order
# Where a revision's stamp ends its captures: replaced, per session, by the block emptying its undo
# slots (captures are scoped to one revision: an undo never reverts a revision already stamped).
_UNDO_CLEAR: Item = ("undo", "")


@dataclass(frozen=True)
class Segment:
    """A stretch of a database's script run by one session: `owner` is the CONEFI owner
    (the deploy user's session, holding the lock) or another schema (its section)."""

    owner: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ReleaseSections:
    """One database's release script as segments, in plan order, switching sessions where
    the owner of the next operation changes (the online applier runs the same order on two
    sessions at once). With other owners, the journal rows of their operations and every
    version stamp come last, back in the deploy user's session: the version says a revision
    is done only once every section has run."""

    segments: tuple[Segment, ...] = ()

    def items(self) -> tuple[Item, ...]:
        return tuple(i for seg in self.segments for i in seg.items)


def plan_sections(plan: DatabasePlan, options: PlanOptions, *, one_session: bool = False) -> ReleaseSections:
    """The script of one database, split by the session that runs each part.

    `one_session`: the deploy user is the one other owners' sections would connect as (a
    DBA for users and grants, and `other_owners.connect_as = "dba"`): everything runs in
    its session, in plan order, as when there is no other owner."""
    if not plan.revisions:
        return ReleaseSections()
    owner, database = plan.owner, plan.database
    others = () if one_session else other_owners(plan)
    accepted = [plan.start] + [r.stamp for r in plan.revisions]
    check = version_check_step(owner, database, plan.start, accepted=tuple(accepted))
    segments: list[tuple[str, list[Item]]] = []

    def session(who: str) -> list[Item]:
        """The items of the current segment, starting one for `who` when the session changes."""
        if segments and segments[-1][0] == who:
            return segments[-1][1]
        items: list[Item] = []
        if who == owner:
            again = " again" if segments else ""
            items.append(("lock", _prompt(f"taking the deploy lock {lock_name(owner, database)}{again}")))
            items.append(("lock", lock_step(owner, database, options.lock_timeout)))
            if not segments:
                items.extend(("bootstrap", s) for s in bootstrap_steps(owner))
            items.append(("version-check", check))
        segments.append((who, items))
        return items

    session(owner)
    deferred: list[Item] = []  # journal rows of the other owners' operations, and the stamps
    total = sum(len(r.ops) for r in plan.revisions)
    n = 0
    for rev in plan.revisions:
        heading = ("revision", "\n" + _prompt(f"==== {rev.direction} {rev.revision}: {rev.message} ===="))
        for i, op in enumerate(rev.ops):
            n += 1
            where = owner if one_session else op_owner(op, owner)
            out = session(where)
            if i == 0:
                out.append(heading)
            out.append(("op", "\n" + _prompt(f"[{n}/{total}] {op.op} {op.subject}")))
            out.extend(("note", _prompt(f"note: {note}")) for note in op.notes)
            if op.needs_define:
                out.append(("define", "SET DEFINE ON\n"))
            out.extend(("step", s) for s in op.steps)
            if op.needs_define:
                out.append(("define", "SET DEFINE OFF\n"))
            journal = journal_steps(owner, _entry(plan, rev.revision, rev.direction, op))
            (out if where == owner else deferred).extend(("journal", s) for s in journal)
        if not rev.ops:
            session(segments[-1][0]).append(heading)
        stamps = [("stamp", s) for s in stamp_steps(owner, database, rev.stamp)]
        (deferred if others else session(owner)).extend(stamps)
        # the revision is done (stamped, or its stamp deferred): the run-level undo goes by revision,
        # as each step's undo list does, and never re-creates an earlier revision's previous text
        segments[-1][1].append(_UNDO_CLEAR)
    title = DATABASE_TITLES[database]
    current = segments[-1][0]
    verified = verify_steps(plan)  # another owner's sweep only when the release concerns it
    for other in sorted(others, key=lambda o: o != current):  # the current session's sweep first
        sweep = [s for s in verified if step_owner(s, owner) == other]
        if sweep:
            out = session(other)
            out.append(("verify", "\n" + _prompt(f"==== {title}: verifying the units of {other} "
                                                 "(INVALID sweep) ====")))
            out.extend(("verify", s) for s in sweep)
    out = session(owner)
    verify = [s for s in plan.verify if one_session or step_owner(s, owner) == owner]
    if verify:
        heading = ("verify", "\n" + _prompt(f"==== {title}: verifying (INVALID sweep, scheduler jobs) ===="))
        out.append(heading)
        out.extend(("verify", s) for s in verify)
    out.extend(deferred)
    for who, items in segments:
        if who == owner:  # the lock goes with the session anyway; released explicitly before a switch
            items.append(("unlock", unlock_step(owner, database)))
        # the segment's trigger-path undo slots: SQL*Plus bind variables of this session
        steps = [item for _label, item in items if isinstance(item, Step)]
        declarations = undo_declarations(steps)
        cleared = [("undo", declarations[-1])] if declarations else []
        items[:] = [("undo", s) for s in declarations] + [
            x for item in items for x in (cleared if item is _UNDO_CLEAR else [item])]
    return ReleaseSections(tuple(Segment(who, tuple(items)) for who, items in segments))


def plan_steps(plan: DatabasePlan, options: PlanOptions) -> list[Item]:
    """The section of one database as ``(label, step or SQL*Plus line)`` in script order
    (every session's part, without the CONNECT lines between them)."""
    return list(plan_sections(plan, options).items())


def _entry(plan: DatabasePlan, revision: str, direction: str, op: PlannedOp) -> JournalEntry:
    return JournalEntry(run_id="", database=plan.database, revision=revision, direction=direction,
                        operation=op.op, object_name=op.subject, text_sha256=op.sha256)


def build_release_script(
    target: Target,
    plans: Sequence[DatabasePlan],
    *,
    options: PlanOptions | None = None,
    connect: bool = True,
    command: str | None = None,
    preflight: Mapping[str, Sequence[Step]] | None = None,
) -> str:
    """The script text for `plans` (one per database, same range).

    `command` (upgrade or downgrade) names the header's direction: an empty range has no
    direction of its own (a no-op downgrade is still a downgrade). `preflight`: per
    database, the check blocks run right after connecting, before the lock and any DDL.
    """
    preflight = preflight or {}
    options = options or PlanOptions()
    first = plans[0] if plans else None
    direction = command or (first.direction if first else "upgrade")
    start = (first.start if first else None) or "base"
    end = (first.end if first else None) or "base"
    summary = ", ".join(
        f"{p.database} ({len(p.revisions)} revisions, {sum(len(r.ops) for r in p.revisions)} operations)"
        for p in plans
    )
    parts = [
        f"-- conefi-dbtool {__version__}: release script for target {target.name}\n"
        f"-- {direction} {start} -> {end}; {summary or 'nothing to do'}\n"
        "-- Run: sql /nolog @this_file.sql   (SQLcl)   or   sqlplus /nolog @this_file.sql\n"
        "-- Each database section takes the deploy lock, checks the database is at a revision\n"
        f"-- of this range, records every operation in {JOURNAL_TABLE} and every revision in\n"
        f"-- {VERSION_TABLE}. Stops at the first error, PL/SQL compile errors included; every\n"
        "-- step is idempotent, so running it again after fixing the cause converges.\n"
        + ("-- Data loss allowed: tables and columns holding rows may be dropped.\n"
           if options.allow_data_loss else "")
        + "-- No secret is written here: passwords are prompted.\n",
        SESSION_SETTINGS,
    ]
    session = format_step(session_step(target.ddl_lock_timeout))
    for plan in plans:
        # users and grants need a DBA; objects alone can be deployed by their owner
        main_user = "SYSTEM" if plan.needs_dba else plan.owner
        other_owners = target.database(plan.database).other_owners
        dba_runs_all = plan.needs_dba and other_owners.connect_as == "dba"
        sections = plan_sections(plan, options, one_session=dba_runs_all)
        if not sections.segments:
            continue
        title = DATABASE_TITLES[plan.database]
        span = f"{plan.start or 'base'} -> {plan.end or 'base'}"
        parts.append("\n" + _prompt(f"==== {title}: {plan.direction} {span} ===="))
        if connect:
            parts.append(connect_block(f"{plan.database}_deploy_user", plan.database, main_user))
        parts.append(session)
        for check in preflight.get(plan.database, ()):
            parts.append(_prompt(f"preflight: checking the {title} before any change") + format_step(check))
        for i, segment in enumerate(sections.segments):
            if i > 0:
                if segment.owner == plan.owner:
                    heading = f"==== {title}: back as the deploy user ===="
                    variable, user = f"{plan.database}_deploy_user", main_user
                else:
                    section = OwnerSection(plan.database, segment.owner, other_owners.connect_as, ())
                    heading = f"==== {title}: objects owned by {segment.owner} ({section.who()}) ===="
                    variable, user = section.variable(), section.default_user(target)
                parts.append("\n" + _prompt(heading))
                if connect:
                    parts.append(connect_block(variable, plan.database, user))
                parts.append(session)
            parts.extend(_format(segment.items))
    parts.append("\nPROMPT ==== done ====\nEXIT SUCCESS\n")
    return "".join(parts)


def _format(items: Sequence[Item]) -> list[str]:
    return [item if isinstance(item, str) else format_step(item) for _label, item in items]


def plan_json(target: str, command: str, plans: Sequence[DatabasePlan]) -> dict[str, object]:
    """A plan as data (``--dry-run --format json``): every operation with its steps."""
    return {
        "target": target,
        "command": command,
        "databases": [
            {
                "database": p.database,
                "from": p.start,
                "to": p.end,
                "direction": p.direction,
                "revisions": [
                    {
                        "revision": r.revision,
                        "message": r.message,
                        "stamp": r.stamp,
                        "operations": [
                            {"op": op.op, "object": op.subject, "at": op.at, "sha256": op.sha256,
                             "notes": list(op.notes), "steps": [_step_json(s) for s in op.steps]}
                            for op in r.ops
                        ],
                    }
                    for r in p.revisions
                ],
                "verify": [_step_json(s) for s in p.verify],
            }
            for p in plans
        ],
    }


def _step_json(step: Step) -> dict[str, object]:
    return {"kind": step.kind, "purpose": step.purpose, "line": step.line, "sql": step.text}
