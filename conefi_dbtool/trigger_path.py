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
    by_name: dict[tuple[str, str], list[ObjectId]] = {}
    for oid in known:
        if oid.database == obj.id.database:
            by_name.setdefault((oid.owner, oid.name), []).append(oid)
    found: set[ObjectId] = set(obj.depends)
    tokens = significant(tokenize(obj.text))
    for i, tok in enumerate(tokens):
        if tok.kind not in _NAME_KINDS or (i > 0 and tokens[i - 1].text == "."):
            continue
        dotted = (i + 2 < len(tokens) and tokens[i + 1].text == "."
                  and tokens[i + 2].kind in _NAME_KINDS)
        if dotted:
            found.update(by_name.get((tok.name, tokens[i + 2].name), ()))
        found.update(by_name.get((obj.id.owner, tok.name), ()))
    found.discard(obj.id)
    return frozenset(found)


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


def adjacent_order(steps: Sequence[RenderedObject | None], path: TriggerPath) -> tuple[int, ...]:
    """The order (indexes into `steps`) in which the trigger path's steps run next to each other.

    Between the first and the last path step of a run the path may be INVALID by design (a
    specification replaced, its body at a later step). A script stops at the first error
    (`WHENEVER SQLERROR EXIT`), so an unrelated step failing there would leave the path
    INVALID until a re-run; the path steps themselves heal it before they fail
    (`deploy_steps`). So a step found between two path steps moves out of that stretch:
    after it when it names a path object (directly or through other moved steps), else
    before it; nothing else moves, and nothing moves when a path step names one that would
    move after (the original order is then kept). `None` is a step whose dependencies are
    not known (hand-written SQL, grants, drops): neither it nor anything across it moves.
    """
    order: list[int] = []
    stretch: list[int] = []
    for i, step in enumerate(steps):
        if step is None:
            order.extend(_adjacent(stretch, steps, path))
            order.append(i)
            stretch = []
        else:
            stretch.append(i)
    order.extend(_adjacent(stretch, steps, path))
    return tuple(order)


def _adjacent(stretch: list[int], steps: Sequence[RenderedObject | None], path: TriggerPath) -> list[int]:
    objects = {i: step for i in stretch if (step := steps[i]) is not None}
    on_path = [i for i in stretch if objects[i].id in path]
    if len(on_path) < 2:
        return stretch
    first, last = stretch.index(on_path[0]), stretch.index(on_path[-1])
    known = tuple(o.id for o in objects.values())
    needs = {o.id: named_objects(o, known) for o in objects.values()}
    path_ids = {objects[i].id for i in on_path}

    def reach(oid: ObjectId) -> set[ObjectId]:
        seen: set[ObjectId] = set()
        todo = list(needs.get(oid, ()))
        while todo:
            other = todo.pop()
            if other not in seen:
                seen.add(other)
                todo.extend(needs.get(other, ()))
        return seen

    inside = stretch[first:last + 1]
    after = [i for i in inside if i not in on_path and reach(objects[i].id) & path_ids]
    before = [i for i in inside if i not in on_path and i not in after]
    moved_after = {objects[i].id for i in after}
    if any(reach(objects[i].id) & moved_after for i in on_path):
        return stretch
    return stretch[:first] + before + [i for i in inside if i in on_path] + after + stretch[last + 1:]
