"""Which session runs each part of a plan: the deploy user's, or another owner's section.

Objects another schema owns (the trigger on SGU.INTGRA_RET_ERP with
`integration.trigger_owner = "sgu"`) are created, compile-checked and swept by a session
that can create and see them — the DBA's or that schema's (`<database>.other_owners`). One
rule decides it for the SQL*Plus writer (`sqlscript`) and the online applier alike.
"""

from __future__ import annotations

from conefi_dbtool.deploy_steps import Step
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp
from conefi_dbtool.objects import ObjectId
from conefi_dbtool.trigger_path import trigger_path

# Operations whose effect the plan cannot name object by object: a REVOKE invalidates what used the
# privilege (the SGU trigger calling CONEFI's package), hand-written SQL may touch anything.
_MAY_TOUCH_THE_PATH = frozenset({"run_sql", "apply_grants", "grant", "revoke", "sync_grants"})


def step_owner(step: Step, main: str) -> str:
    """The schema whose session runs `step`: the owner of the object it creates, checks or
    sweeps (an INVALID sweep names its first unit), else `main`."""
    return step.object.owner if step.object is not None else main


def op_owner(op: PlannedOp, main: str) -> str:
    """The session an operation runs in: another owner's when every step is about that
    owner's objects; users, grants and hand-written SQL stay in the main session."""
    owners = {step_owner(s, main) for s in op.steps}
    if op.needs_dba or len(owners) != 1:
        return main
    return owners.pop()


def _op_owners(plan: DatabasePlan) -> dict[str, None]:
    return dict.fromkeys(op_owner(op, plan.owner) for rev in plan.revisions for op in rev.ops)


def verify_steps(plan: DatabasePlan) -> tuple[Step, ...]:
    """The verification `plan` runs: the deploy user's sweep and job checks always; another
    owner's sweep only when the release has an operation of that owner's or touches the trigger
    path: replaces something on it, changes an object of its depends closure (grant objects
    included), or runs users/grants or hand-written SQL (which may revoke or alter anything).
    Another owner's objects (the SGU trigger) depend on that closure only, so a release
    touching neither cannot have invalidated them, and no session of theirs is opened just to sweep.
    `upgrade --sql` and the online applier both follow this rule."""
    if not plan.revisions:
        return ()
    ops = _op_owners(plan)
    closure = _depends_closure(plan)
    path_touched = any(op.op in _MAY_TOUCH_THE_PATH
                       or any(s.purpose == "protected-create" or s.object in closure for s in op.steps)
                       for rev in plan.revisions for op in rev.ops)
    return tuple(s for s in plan.verify
                 if (owner := step_owner(s, plan.owner)) == plan.owner or owner in ops or path_touched)


def _depends_closure(plan: DatabasePlan) -> frozenset[ObjectId]:
    """The trigger path and everything its objects depend on (grant objects included): a change
    to any of them may invalidate the trigger."""
    path = trigger_path(plan.final_objects)
    return frozenset({*path.ids, *(d for o in path.objects for d in o.depends)})


def other_owners(plan: DatabasePlan) -> tuple[str, ...]:
    """The schemas besides the CONEFI owner whose sessions `plan` needs (operations, or the
    sweeps `verify_steps` keeps)."""
    if not plan.revisions:
        return ()
    found = dict.fromkeys([*_op_owners(plan), *(step_owner(s, plan.owner) for s in verify_steps(plan))])
    return tuple(o for o in found if o != plan.owner)
