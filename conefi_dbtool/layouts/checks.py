"""The layouts against an installation's Protheus dictionary: columns, types, sizes.

Run while the template context is built, so a layout source naming a column the
installation lacks is a render error, not a compile error at deploy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from conefi_dbtool.config import BUNDLED_CUSTOM_FIELDS, PACKAGE_DATA
from conefi_dbtool.dictionary import Dictionary, load_dictionary
from conefi_dbtool.layouts.data import LAYOUT_VERSIONS, Layout, LayoutField, layout, layouts
from conefi_dbtool.layouts.sql import SqlNames, source_sql
from conefi_dbtool.layouts.wire import (
    INTEGER_DIGITS,
    MAX_BYTES_PER_CHAR,
    MAX_RECORD_BYTES,
    SEPARATOR,
    WIRE_TYPES,
)

BUNDLED_DICTIONARY = PACKAGE_DATA / "protheus_dictionary.csv"

_COLUMN_REF = re.compile(r"\b([a-z][a-z0-9]*)\.([A-Z][A-Z0-9_]*)\b")


def column_refs(lay: Layout, names: SqlNames) -> list[tuple[str, str, str]]:
    """(field or control column, Protheus table, column) for every Protheus column used."""
    found: list[tuple[str, str, str]] = []
    sources = [(f.name, f.source) for f in lay.fields] + [("CTL_IDEMP", lay.idempotency)]
    sources += [(c, s) for c, s in (("CTL_RECNO_SE5", lay.movement), ("CTL_ORIGEM", lay.origin))
                if s]
    sources += list(lay.extra)
    for owner, text in sources:
        for alias, column in _COLUMN_REF.findall(source_sql(text, names)):
            if alias in lay.tables:
                found.append((owner, lay.tables[alias], column))
    return found


def check_layouts(dictionary: Dictionary, names: SqlNames,
                  tables: Iterable[str] | None = None) -> list[str]:
    """Problems of the layouts against this installation's dictionary (empty = fine).

    Every Protheus column a source names must exist; a bare-column field must have a
    compatible type; a record's worst case must fit INTDC_DADOS. `tables` limits the
    check to the Protheus tables the target uses (e.g. without HRH when GRR is off).
    """
    wanted = set(tables) if tables is not None else None
    problems: list[str] = []
    for lay in layouts(names.layout_version).values():
        for owner, table, column in column_refs(lay, names):
            if wanted is not None and table not in wanted:
                continue
            if not dictionary.has_column(table, column):
                problems.append(f"layout {lay.action}, {owner}: {table}.{column} is not in the "
                                "Protheus dictionary")
        for f in lay.fields:
            src = source_sql(f.source, names)
            m = re.fullmatch(r"([a-z][a-z0-9]*)\.([A-Z][A-Z0-9_]*)", src)
            if not m or m.group(1) not in lay.tables or m.group(2) == "R_E_C_N_O_":
                continue
            known = dictionary.field(m.group(2))
            if known is None:
                continue
            expected = {"C": ("C", "L"), "D": ("D",), "N": ("N",), "I": ("N",)}[f.type]
            if known.type not in expected:
                problems.append(f"layout {lay.action}, field {f.name}: {known.name} is type "
                                f"{known.type}, the layout sends {WIRE_TYPES[f.type]}")
        if any(p.startswith(f"layout {lay.action},") for p in problems):
            continue  # sizes are unknown until the dictionary describes every column
        worst = worst_case_bytes(lay.action, dictionary, names, names.layout_version)
        if worst > MAX_RECORD_BYTES:
            problems.append(f"layout {lay.action}: worst-case record is {worst} bytes "
                            f"(INTDC_DADOS holds {MAX_RECORD_BYTES})")
    return problems


def field_size(f: LayoutField, lay: Layout, dictionary: Dictionary, names: SqlNames) -> int:
    """Max characters of a field's value: declared, or the dictionary size of its column."""
    if f.size is not None:
        return f.size
    m = re.fullmatch(r"([a-z][a-z0-9]*)\.([A-Z][A-Z0-9_]*)", source_sql(f.source, names))
    if m and m.group(2) == "R_E_C_N_O_":
        return INTEGER_DIGITS
    known = dictionary.field(m.group(2)) if m else None
    if known is None:
        raise ValueError(f"layout {lay.action}, field {f.name}: no size and no dictionary column")
    return known.size


def field_sizes(dictionary: Dictionary,
                names: SqlNames | None = None) -> dict[int, dict[str, dict[str, int]]]:
    """Most characters (texts) or digits (numbers) of every field, by version and action."""
    names = names if names is not None else SqlNames()
    return {version: {lay.action: {f.name: field_size(f, lay, dictionary, names)
                                   for f in lay.fields}
                      for lay in lays.values()}
            for version, lays in LAYOUT_VERSIONS.items()}


def bundled_dictionary() -> Dictionary:
    """The dictionary shipped with the tool: standard Protheus plus the default custom fields."""
    base = load_dictionary(BUNDLED_DICTIONARY)
    return base.with_fields(load_dictionary(BUNDLED_CUSTOM_FIELDS).fields)


def worst_case_bytes(action: str, dictionary: Dictionary, names: SqlNames,
                     version: int | None = None) -> int:
    """Upper bound of a record's length in bytes (every character escaped or multi-byte)."""
    lay = layout(action, names.layout_version if version is None else version)
    total = len(lay.action)
    for f in lay.fields:
        size = field_size(f, lay, dictionary, names)
        total += len(SEPARATOR)
        total += size * MAX_BYTES_PER_CHAR if f.type in ("C", "D") else size + 2
    return total
