"""Oracle's data dictionary views as data (``data/oracle_dictionary_views.toml``).

A catalogued view (``SYS.ALL_SCHEDULER_JOBS``, ``all_objects``, ``DUAL``) resolves like a
table with known columns, so a misspelt column is ORA-00904 offline; a view name of a
catalogued family (ALL_, DBA_, USER_) within two letters of a catalogued view, and not a
real view listed as such, is ORA-00942. Any other dictionary name stays "any column".
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conefi_dbtool.errors import UsageError
from conefi_dbtool.lint.semantic import edit_distance  # one Levenshtein for the lint's near misses

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "oracle_dictionary_views.toml"
FAMILIES = ("ALL", "DBA", "USER")


@dataclass(frozen=True)
class DictionaryView:
    name: str
    doc: str  # the Oracle Database Reference page
    columns: Mapping[str, str]  # column -> Oracle type, in the Reference's order


@dataclass(frozen=True)
class DictionaryViews:
    views: Mapping[str, DictionaryView]  # every derived name (ALL_X, DBA_X, USER_X)
    others: frozenset[str]  # real views not modelled (any column)

    def get(self, name: str) -> DictionaryView | None:
        return self.views.get(name)

    def misspelt(self, name: str) -> str | None:
        """The catalogued view ``name`` is one or two letters from, when ``name`` is of a
        catalogued family and no real view Oracle is known to have; else None."""
        family = name.split("_", 1)[0]
        if family not in FAMILIES or name in self.views or name in self.others:
            return None
        near = [v for v in self.views if v.startswith(family + "_") and edit_distance(name, v) <= 2]
        return min(near, key=lambda v: (edit_distance(name, v), v)) if near else None


def parse_views(raw: Mapping[str, object], where: str) -> DictionaryViews:
    def fail(key: str, why: str) -> UsageError:
        return UsageError(f"{where}: {key}: {why}")

    views: dict[str, DictionaryView] = {}
    table = raw.get("views")
    if not isinstance(table, dict) or not table:
        raise fail("views", "no [views.<NAME>] table")
    for name, body in table.items():
        key = f"views.{name}"
        if not isinstance(body, dict):
            raise fail(key, "not a table")
        doc, columns = body.get("doc"), body.get("columns")
        if not isinstance(doc, str) or not doc.startswith("https://"):
            raise fail(f"{key}.doc", "the Oracle Database Reference page (https://...) is required")
        if not isinstance(columns, dict) or not columns or \
                not all(isinstance(t, str) for t in columns.values()):
            raise fail(f"{key}.columns", "a table of COLUMN = \"TYPE\" is required")
        families = body.get("families", [])
        owner = body.get("owner", ["OWNER"] if families else [])
        if not isinstance(families, list) or any(f not in FAMILIES for f in families):
            raise fail(f"{key}.families", f"a list of {', '.join(FAMILIES)}")
        if not isinstance(owner, list) or any(o not in columns for o in owner):
            raise fail(f"{key}.owner", "columns of the view that USER_ lacks")
        if families and not name.startswith("ALL_"):
            raise fail(key, "a view with families is named by its ALL_ variant")
        stem = name.removeprefix("ALL_")
        for family in families or [""]:
            derived = f"{family}_{stem}" if family else name
            cols = {c: t for c, t in columns.items() if family != "USER" or c not in owner}
            views[derived] = DictionaryView(derived, doc, cols)
    others = raw.get("other_views", [])
    if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
        raise fail("other_views", "a list of view names")
    return DictionaryViews(views, frozenset(others))


@cache
def bundled() -> DictionaryViews:
    """The catalogue shipped with the tool (read once per process)."""
    try:
        raw = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{BUNDLED}: cannot read the dictionary views: {exc}") from None
    return parse_views(raw, str(BUNDLED))
