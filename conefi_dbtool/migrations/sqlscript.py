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
and the lock release. No timestamps: the text depends only on the revisions and config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conefi_dbtool import __version__
from conefi_dbtool.config import Target
from conefi_dbtool.deploy_steps import Step, session_step
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp, PlanOptions
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
from conefi_dbtool.script import DATABASE_TITLES, SESSION_SETTINGS, connect_block, format_step


def _prompt(text: str) -> str:
    """A PROMPT line. SQL*Plus continues a command whose line ends with '-' on the next
    line (which would then be printed instead of run), so such a text gets a final '.'."""
    line = " ".join(text.split())
    if line.endswith("-"):
        line += "."
    return "PROMPT " + line + "\n"


def plan_steps(plan: DatabasePlan, options: PlanOptions) -> list[tuple[str, Step | str]]:
    """The section of one database as ``(label, step or SQL*Plus line)`` in script order."""
    out: list[tuple[str, Step | str]] = []
    if not plan.revisions:
        return out
    owner = plan.owner
    out.append(("lock", _prompt(f"taking the deploy lock {lock_name(owner, plan.database)}")))
    out.append(("lock", lock_step(owner, plan.database, options.lock_timeout)))
    out.extend(("bootstrap", s) for s in bootstrap_steps(owner))
    accepted = [plan.start] + [r.stamp for r in plan.revisions]
    out.append(("version-check", version_check_step(owner, plan.database, plan.start,
                                                     accepted=tuple(accepted))))
    total = sum(len(r.ops) for r in plan.revisions)
    n = 0
    for rev in plan.revisions:
        out.append(("revision", "\n" + _prompt(f"==== {rev.direction} {rev.revision}: {rev.message} ====")))
        for op in rev.ops:
            n += 1
            out.append(("op", "\n" + _prompt(f"[{n}/{total}] {op.op} {op.subject}")))
            out.extend(("note", _prompt(f"note: {note}")) for note in op.notes)
            if op.needs_define:
                out.append(("define", "SET DEFINE ON\n"))
            out.extend(("step", s) for s in op.steps)
            if op.needs_define:
                out.append(("define", "SET DEFINE OFF\n"))
            entry = _entry(plan, rev.revision, rev.direction, op)
            out.extend(("journal", s) for s in journal_steps(owner, entry))
        out.extend(("stamp", s) for s in stamp_steps(owner, plan.database, rev.stamp))
    if plan.verify:
        out.append(("verify", "\n" + _prompt(f"==== {DATABASE_TITLES[plan.database]}: verifying "
                                              "(INVALID sweep, scheduler jobs) ====")))
        out.extend(("verify", s) for s in plan.verify)
    out.append(("unlock", unlock_step(owner, plan.database)))
    return out


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
    for plan in plans:
        section = plan_steps(plan, options)
        if not section:
            continue
        title = DATABASE_TITLES[plan.database]
        span = f"{plan.start or 'base'} -> {plan.end or 'base'}"
        parts.append("\n" + _prompt(f"==== {title}: {plan.direction} {span} ===="))
        if connect:
            # users and grants need a DBA; objects alone can be deployed by their owner
            user = "SYSTEM" if plan.needs_dba else plan.owner
            parts.append(connect_block(f"{plan.database}_deploy_user", plan.database, user))
        parts.append(format_step(session_step(target.ddl_lock_timeout)))
        for check in preflight.get(plan.database, ()):
            parts.append(_prompt(f"preflight: checking the {title} before any change") + format_step(check))
        for _label, item in section:
            parts.append(item if isinstance(item, str) else format_step(item))
    parts.append("\nPROMPT ==== done ====\nEXIT SUCCESS\n")
    return "".join(parts)


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
