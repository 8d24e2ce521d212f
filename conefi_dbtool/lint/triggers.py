"""What code each trigger reaches: the fact behind the transactional-outbox rules.

From every trigger, calls are followed into package bodies and standalone routines
(``SCHEMA.PKG.PROC``, ``PKG.PROC``, same-package ``PROC``), transitively and across
units. The walk does not go past an autonomous routine: what it does is its own
transaction, not the trigger's. A routine of a package brings the package's own code
(its specification's and body's top level: package-level declarations, the body's
initialization section), which the session instantiates — and runs — on first use.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from conefi_dbtool.lint.sqltext import Call, Subprogram, TextFacts


@dataclass(frozen=True)
class UnitCode:
    """What the walk needs of a unit."""

    unit: int
    database: str | None
    schema: str  # the unit's default schema
    text: TextFacts


@dataclass(frozen=True)
class Routine:
    """A subprogram (or a unit's own code) and where it lives."""

    unit: int
    database: str | None
    schema: str
    container: str
    sub: Subprogram

    @property
    def label(self) -> str:
        name = f"{self.container}.{self.sub.name}" if self.container else self.sub.name
        return name if self.sub.kind != "UNIT" else self.sub.name


@dataclass(frozen=True)
class Reach:
    """``routine`` runs in the transaction of ``trigger``, through ``path`` (labels)."""

    trigger: str
    routine: Routine
    path: tuple[str, ...]


_Key = tuple[str, str, str, str]  # database, schema, container, name
_PACKAGE = "#"  # container key of a package's own code (no subprogram is named so)


def index_routines(units: Sequence[UnitCode]) -> tuple[dict[_Key, list[Routine]], list[Routine]]:
    """Every subprogram by name, and every trigger's own code.

    A package's own code (the UNIT of its specification and body) is indexed under the
    container ``"#"`` and the package's name.
    """
    index: dict[_Key, list[Routine]] = {}
    triggers: list[Routine] = []
    for u in units:
        header = u.text.header
        schema = (header.schema if header and header.schema else u.schema)
        container = header.name if header and header.kind in ("PACKAGE BODY", "TYPE BODY") else ""
        for sub in u.text.subprograms:
            routine = Routine(u.unit, u.database, schema, container if sub.kind != "UNIT" else "",
                              sub)
            if sub.kind != "UNIT":
                index.setdefault((u.database or "", schema, routine.container, sub.name),
                                 []).append(routine)
            elif header is not None and header.kind == "TRIGGER":
                triggers.append(routine)
            elif header is not None and header.kind in ("PACKAGE", "PACKAGE BODY"):
                index.setdefault((u.database or "", schema, _PACKAGE, header.name), []).append(routine)
    return index, triggers


def callees(index: dict[_Key, list[Routine]], call: Call, at: Routine) -> list[Routine]:
    """The routines a call in ``at`` may run (a name resolves as Oracle would try it)."""
    db = at.database or ""
    parts = call.parts
    if len(parts) == 3:
        return index.get((db, parts[0], parts[1], parts[2]), [])
    if len(parts) == 2:
        return index.get((db, at.schema, parts[0], parts[1]), []) + index.get(
            (db, parts[0], "", parts[1]), [])
    if len(parts) == 1:
        own = index.get((db, at.schema, at.container, parts[0]), []) if at.container else []
        return own + index.get((db, at.schema, "", parts[0]), [])
    return []


def trigger_reach(units: Sequence[UnitCode]) -> tuple[Reach, ...]:
    """Every routine each trigger reaches, breadth first, once per trigger."""
    index, triggers = index_routines(units)
    out: list[Reach] = []
    for trigger in triggers:
        seen: set[tuple[int, str, str]] = set()
        queue: deque[tuple[Routine, tuple[str, ...]]] = deque([(trigger, (trigger.label,))])
        while queue:
            routine, path = queue.popleft()
            key = (routine.unit, routine.container, routine.sub.name)
            if key in seen:
                continue
            seen.add(key)
            out.append(Reach(trigger.label, routine, path))
            if routine.sub.autonomous:
                continue  # what an autonomous routine does is its own transaction
            for call in routine.sub.calls:
                queue.extend((target, (*path, target.label))
                             for target in callees(index, call, routine))
            if routine.container:  # the package's own code runs on its first use in the session
                own = index.get((routine.database or "", routine.schema, _PACKAGE, routine.container), [])
                queue.extend((unit, (*path, unit.label)) for unit in own)
    return tuple(out)
