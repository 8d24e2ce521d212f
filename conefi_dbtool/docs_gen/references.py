"""Which objects an object's rendered text names: the edges of the dependency graph.

Template headers declare `depends` for deploy order; the text itself says more (a
package body reading the queue table, a trigger calling a package, a SGU 2.0 synonym
reading the ERP queue over the database link). Scanning the text for schema-qualified
names of known schemas finds both our objects and the ERP/SGU objects we read, without
a SQL parser: generated code always qualifies names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from conefi_dbtool.object_types import REGISTRY
from conefi_dbtool.objects import TYPE_RANK, ObjectId, RenderedObject

_PART = r'("?)([A-Za-z][A-Za-z0-9_$#]*)\{q}'
_QUALIFIED = re.compile(
    r'(?<![A-Za-z0-9_$#"@.])'
    + _PART.format(q=1) + r"\s*\.\s*" + _PART.format(q=3)
    + r'(?:\s*@\s*("?)([A-Za-z][A-Za-z0-9_$#]*)(?:\.[A-Za-z0-9_$#.]*)?\5)?'
)
_LINE_COMMENT = re.compile(r"--[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# COMMENT ON ... IS '<text>': documentation, not a use of the objects it mentions.
_COMMENT_ON = re.compile(r"(\bCOMMENT\s+ON\s+[^;']*?\bIS\s+)'(?:[^']|'')*'", re.I)

# Which of several same-named objects a reference means: the spec, not the body.
_DEMOTED = frozenset(t.name for t in REGISTRY if t.docs_secondary)


def _name(quote: str, text: str) -> str:
    return text if quote else text.upper()


def qualified_names(text: str, owners: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    """(OWNER, NAME, LINK) named in `text` whose owner is one of `owners`; LINK "" if local."""
    wanted = {o.upper() for o in owners}
    body = _COMMENT_ON.sub(r"\1''", _BLOCK_COMMENT.sub(" ", _LINE_COMMENT.sub(" ", text)))
    found: set[tuple[str, str, str]] = set()
    for m in _QUALIFIED.finditer(body):
        owner = _name(m.group(1), m.group(2))
        if owner in wanted:
            link = _name(m.group(5), m.group(6)) if m.group(6) else ""
            found.add((owner, _name(m.group(3), m.group(4)), link))
    return tuple(sorted(found))


def resolve_references(
    obj: RenderedObject,
    objects: Iterable[RenderedObject],
    schemas: Iterable[str],
    links: Mapping[str, str] | None = None,
) -> tuple[tuple[ObjectId, ...], tuple[str, ...]]:
    """Managed objects `obj` names, and the unmanaged ones as OWNER.NAME[@LINK].

    `links` maps a database link name to the database it reaches ("erp"), so a name
    read over the link resolves to the managed object on the other side.
    """
    by_name: dict[tuple[str, str, str], list[ObjectId]] = {}
    for other in objects:
        by_name.setdefault((other.id.database, other.id.owner, other.id.name), []).append(other.id)
    managed: set[ObjectId] = set()
    external: set[str] = set()
    for owner, name, link in qualified_names(obj.text, schemas):
        database = (links or {}).get(link, "") if link else obj.id.database
        candidates = by_name.get((database, owner, name))
        if not candidates:
            external.add(f"{owner}.{name}" + (f"@{link}" if link else ""))
            continue
        if (database, owner, name) == (obj.id.database, obj.id.owner, obj.id.name):
            continue  # itself, or its own spec/body
        managed.add(min(candidates, key=_preference))
    return tuple(sorted(managed)), tuple(sorted(external))


def _preference(oid: ObjectId) -> tuple[int, int]:
    return (1 if oid.type in _DEMOTED else 0), TYPE_RANK.get(oid.type, len(TYPE_RANK))
