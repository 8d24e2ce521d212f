"""The trigger path: the managed objects whose invalidity makes an ERP insert fail.

The trigger on the ERP event table runs in every ERP transaction that writes an event.
If it, a unit it calls or a view such a unit reads is INVALID, Oracle tries to recompile
it on the next insert; when that fails the insert fails (ORA-04098, ORA-04063,
ORA-06508) and the ERP transaction rolls back. Deploys replace these objects under
protection (`deploy_steps`): capture, replace, restore on a compile failure.

What matters here is *compile dependency*, not the call graph the lint follows
(`lint.triggers.trigger_reach`: which routines run in the trigger's transaction): a view
read by any routine of a package body invalidates the whole body, called or not. So the
path is the closure, from every managed trigger, of the objects each one names — in its
template's ``depends:`` header or in its text (``OWNER.NAME`` or a name of its own
schema) — restricted to replaceable code and views; a package specification brings its
body (the code that runs) and a body its specification. Tables, sequences and grants are
not replaced by a deploy, so they are not on the path.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conefi_dbtool.objects import ObjectId, RenderedObject
from conefi_dbtool.plsql.lexer import TokenKind, significant, tokenize

# What a deploy replaces (CREATE OR REPLACE) and the trigger depends on at run time.
PATH_TYPES = frozenset({"trigger", "package", "package_body", "procedure", "function", "view"})

_NAME_KINDS = (TokenKind.WORD, TokenKind.QUOTED_IDENTIFIER)
_PARTNER = {"package": "package_body", "package_body": "package"}  # a specification and its body


@dataclass(frozen=True)
class TriggerPath:
    """The objects on some managed trigger's path, in the order they were given (render order)."""

    objects: tuple[RenderedObject, ...] = ()

    @property
    def ids(self) -> tuple[ObjectId, ...]:
        return tuple(o.id for o in self.objects)

    @property
    def triggers(self) -> tuple[RenderedObject, ...]:
        return tuple(o for o in self.objects if o.id.type == "trigger")

    def __contains__(self, oid: object) -> bool:
        return any(o.id == oid for o in self.objects)

    def get(self, oid: ObjectId) -> RenderedObject | None:
        return next((o for o in self.objects if o.id == oid), None)

    def partner(self, oid: ObjectId) -> RenderedObject | None:
        """A package body's specification on the path, or a specification's body."""
        other = _PARTNER.get(oid.type)
        if other is None:
            return None
        return self.get(ObjectId(oid.database, oid.owner, other, oid.name))

    def units(self) -> tuple[ObjectId, ...]:
        """What must be VALID before a trigger is enabled: the path without its triggers."""
        return tuple(o.id for o in self.objects if o.id.type != "trigger")


NO_PATH = TriggerPath()


def named_objects(obj: RenderedObject, known: Iterable[ObjectId]) -> frozenset[ObjectId]:
    """The managed objects `obj` names: its ``depends`` and the names in its text."""
    return (frozenset(obj.depends) | _named_in_text(obj, known)) - {obj.id}


def _named_in_text(obj: RenderedObject, known: Iterable[ObjectId]) -> frozenset[ObjectId]:
    """The managed objects whose name `obj`'s text holds (a package's name: its specification
    and its body)."""
    by_name: dict[tuple[str, str], list[ObjectId]] = {}
    for oid in known:
        if oid.database == obj.id.database:
            by_name.setdefault((oid.owner, oid.name), []).append(oid)
    found: set[ObjectId] = set()
    for qualifier, name in _names_in(obj.text):
        found.update(by_name.get((qualifier or obj.id.owner, name), ()))
    return frozenset(found)


@functools.lru_cache(maxsize=256)
def _names_in(text: str) -> tuple[tuple[str, str], ...]:
    """The (owner, name) pairs a text may name an object by: ``A.B`` as (A, B), and every
    leading name as ("", name), for the object's own schema. Cached: the path, the deploy
    order and the plan read the same texts."""
    tokens = significant(tokenize(text))
    pairs: list[tuple[str, str]] = []
    for i, tok in enumerate(tokens):
        if tok.kind not in _NAME_KINDS or (i > 0 and tokens[i - 1].text == "."):
            continue
        if i + 2 < len(tokens) and tokens[i + 1].text == "." and tokens[i + 2].kind in _NAME_KINDS:
            pairs.append((tok.name, tokens[i + 2].name))
        pairs.append(("", tok.name))
    return tuple(dict.fromkeys(pairs))


def trigger_path(objects: Sequence[RenderedObject]) -> TriggerPath:
    """Every object on the path of a managed trigger (see the module docstring)."""
    index = {o.id: o for o in objects}
    known = tuple(index)
    on_path: set[ObjectId] = set()
    todo = [o.id for o in objects if o.id.type == "trigger"]
    while todo:
        oid = todo.pop()
        if oid in on_path or oid.type not in PATH_TYPES or oid not in index:
            continue
        on_path.add(oid)
        todo.extend(named_objects(index[oid], known))
        partner = _PARTNER.get(oid.type)
        if partner is not None:
            todo.append(ObjectId(oid.database, oid.owner, partner, oid.name))
    return TriggerPath(tuple(o for o in objects if o.id in on_path))


# what a deploy says of a step left between two path steps (`PathOrder.between`)
BETWEEN_PATH_STEPS = ("runs between two trigger-path steps (it could not move out): if it fails, a "
                      "script stops before the later path steps and the path may stay INVALID until "
                      "the script is re-run; an online upgrade undoes the earlier path steps")


@dataclass(frozen=True)
class PathOrder:
    """A deploy order: `order` (indexes into the steps given) and `between`, the steps that
    are not on the path yet still run between two path steps (they could not move out)."""

    order: tuple[int, ...]
    between: frozenset[int] = frozenset()


def adjacent_order(steps: Sequence[RenderedObject | None], path: TriggerPath) -> PathOrder:
    """The order in which the trigger path's steps run next to each other, as far as it can.

    Between the first and the last path step of a run the path may be INVALID by design (a
    view replaced, the body reading it replaced at a later step). A script stops at the first error
    (`WHENEVER SQLERROR EXIT`), so a step off the path failing there would leave the path
    INVALID until a re-run; the path steps themselves heal it before they fail
    (`deploy_steps`). So each step found between two path steps moves out of that stretch:
    before it when every step there before it that it is related to moves before too (none
    is a path step), else after it when no path step names it and every step there after it
    that it is related to moves after too (a step that uses the path: the jobs' package),
    else it stays (`PathOrder.between`): a change to what the path reads, after a path step
    replaced against it — moved before, it would break that step's restore; moved after, it
    would change the path once nothing protects it. Two steps are related when one names the
    other, directly or through other steps (`named_objects`, a body only when a ``depends``
    header names it: nothing compiles against a body); related steps keep their
    relative order, so what a step names still runs before it. `None` is a step whose
    dependencies are not known (hand-written SQL, a grant that may revoke, a drop; a script's
    section boundary): it stays, and nothing moves across it. A stretch between such steps
    that holds the last path step but follows an earlier one tries "after" first, for its
    steps before its path steps; one that holds the first but precedes a later one lets its
    steps after its path steps move before them.
    """
    known = [step for step in steps if step is not None]
    ids = tuple(o.id for o in known)
    needs: dict[ObjectId, frozenset[ObjectId]] = {}
    for o in known:  # code compiles against specifications: a body named in a text is no need
        named = {oid for oid in _named_in_text(o, ids) if not oid.type.endswith("_body")}
        named = (named | set(o.depends)) - {o.id}
        needs[o.id] = needs.get(o.id, frozenset()) | named  # an object twice: what both name
    reach = {i: _closure(step.id, needs) for i, step in enumerate(steps) if step is not None}
    used_by_path = frozenset(oid for i, oids in reach.items() if (step := steps[i]) is not None
                             and step.id in path for oid in oids)
    stretches: list[list[int]] = [[]]
    for i, step in enumerate(steps):
        if step is None:
            stretches.append([i])  # the barrier, alone
            stretches.append([])
        else:
            stretches[-1].append(i)
    holds = [any((step := steps[i]) is not None and step.id in path for i in s) for s in stretches]
    order: list[int] = []
    for k, stretch in enumerate(stretches):
        if len(stretch) == 1 and steps[stretch[0]] is None:
            order.extend(stretch)
            continue
        order.extend(_adjacent(stretch, steps, path, reach, used_by_path,
                               lead=any(holds[:k]), trail=any(holds[k + 1:])))
    left = _left_between([steps[i] for i in order], path)
    return PathOrder(tuple(order), frozenset(order[k] for k in left))


def _left_between(run: Sequence[RenderedObject | None], path: TriggerPath) -> frozenset[int]:
    """The places in `run` (a deploy order) of the steps off the path that run between its
    first and its last path step."""
    at = [k for k, step in enumerate(run) if step is not None and step.id in path]
    return frozenset(k for k in range(at[0] + 1, at[-1])
                     if (step := run[k]) is None or step.id not in path) if at else frozenset()


def _adjacent(stretch: list[int], steps: Sequence[RenderedObject | None], path: TriggerPath,
              reach: dict[int, frozenset[ObjectId]], used_by_path: frozenset[ObjectId], *,
              lead: bool, trail: bool) -> list[int]:
    """`stretch` (indexes of known steps) in adjacent order (see `adjacent_order`); `reach`:
    what each step names, directly or through any other step; `used_by_path`: what the path
    steps name so; `lead`/`trail`: a path step runs before/after the stretch."""
    objects = {i: step for i in stretch if (step := steps[i]) is not None}
    on_path = [i for i in stretch if objects[i].id in path]
    if not on_path:
        return stretch
    first, last = stretch.index(on_path[0]), stretch.index(on_path[-1])
    after_first = lead and not trail  # its steps before the path escape only by moving after it
    if after_first:
        first = 0
    elif trail and not lead:  # its steps after the path escape only by moving before it
        last = len(stretch) - 1
    elif len(on_path) < 2:
        return stretch
    inside = stretch[first:last + 1]

    def related(i: int, j: int) -> bool:
        a, b = objects[i].id, objects[j].id
        return a == b or b in reach[i] or a in reach[j]

    before: set[int] = set()
    after: set[int] = set()

    def pass_before() -> None:
        for k, i in enumerate(inside):
            if (i not in on_path and i not in after
                    and all(j in before for j in inside[:k] if related(i, j))):
                before.add(i)

    def pass_after() -> None:
        for k in range(len(inside) - 1, -1, -1):
            i = inside[k]
            if (i not in on_path and i not in before and objects[i].id not in used_by_path
                    and all(j in after for j in inside[k + 1:] if related(i, j))):
                after.add(i)

    for arrange in ((pass_after, pass_before) if after_first else (pass_before, pass_after)):
        arrange()
    return (stretch[:first] + [i for i in inside if i in before]
            + [i for i in inside if i not in before and i not in after]
            + [i for i in inside if i in after] + stretch[last + 1:])


def _closure(oid: ObjectId, needs: dict[ObjectId, frozenset[ObjectId]]) -> frozenset[ObjectId]:
    """Every object `oid` names, directly or through the objects it names."""
    seen: set[ObjectId] = set()
    todo = list(needs.get(oid, ()))
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo.extend(needs.get(other, ()))
    return frozenset(seen)
