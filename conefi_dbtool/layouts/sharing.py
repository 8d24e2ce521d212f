"""Branch joins from Protheus' sharing modes: every SE1/SE5/SA1 join is built here.

Protheus writes a row's branch field (`E1_FILIAL`, `A1_FILIAL` ...) as `xFilial(alias)`:
the branch code of the session with the characters of the *shared* levels blanked. Which
levels are shared is per table in SX2 (`X2_MODOEMP`, `X2_MODOUN`, `X2_MODO`), and a shared
level forces the levels below it shared, so a table keeps a *prefix* of the branch code:
its `kept` characters. Two rows are related when they agree on what both keep:

* the row's table keeps at least what the other keeps → one value: the other's branch
  field cut to that many characters (`branch_of`; e.g. the SA1 row of a title);
* the other table keeps more (a shared SE1 and exclusive SE5: a title settled from any
  branch) → every row whose branch starts with the prefix both keep (`rows_of`), or,
  for a to-one lookup, the branch the row was created in (`E1_FILORIG`).
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.config import Sharing, TableSharing

# The branch field of each table and the field holding the branch a row was created in
# (Protheus fills it whatever the sharing: FINA040 writes E1_FILORIG = cFilAnt).
BRANCH_FIELD: dict[str, str] = {"SE1": "E1_FILIAL", "SE5": "E5_FILIAL", "SA1": "A1_FILIAL"}
ORIGIN_FIELD: dict[str, str] = {"SE1": "E1_FILORIG", "SE5": "E5_FILORIG"}


class SharingError(ValueError):
    """A join the configured sharing modes cannot express (the caller names the config key)."""


@dataclass(frozen=True)
class BranchLayout:
    """Resolved sharing: the branch code's size and how many characters each table keeps."""

    size: int
    kept: dict[str, int]

    def keeps(self, table: str) -> int:
        try:
            return self.kept[table]
        except KeyError:
            raise SharingError(f"no sharing mode for table {table}") from None


def kept_characters(modes: TableSharing, company: int, unit: int, branch: int) -> int:
    """Characters of the branch code a table keeps (xFilial): its exclusive levels' prefix."""
    kept = 0
    for mode, size in ((modes.company, company), (modes.unit, unit), (modes.branch, branch)):
        if size == 0:
            continue  # the level is not in the layout: its mode does not matter
        if mode == "C":
            break  # this level and every level below it are blank
        kept += size
    return kept


def branch_layout(sharing: Sharing) -> BranchLayout:
    """The layout of the configured sharing (`integration.sharing`)."""
    sizes = (sharing.company_size, sharing.unit_size, sharing.branch_size)
    return BranchLayout(
        size=sum(sizes),
        kept={table: kept_characters(getattr(sharing, table.lower()), *sizes)
              for table in BRANCH_FIELD},
    )


def _blank(size: int) -> str:
    return "'" + " " * size + "'"


def _cut(expr: str, kept: int, size: int) -> str:
    """`expr` with only its first `kept` characters, blank-padded like xFilial writes it."""
    if kept == 0:
        return _blank(size)
    if kept == size:
        return expr
    return f"RPAD(SUBSTR({expr}, 1, {kept}), {size})"


def branch_of(layout: BranchLayout, table: str, source: str, alias: str) -> str:
    """SQL: the branch field value a `table` row related to row `alias` of `source` has.

    To-one: the SA1 row of a title has `A1_FILIAL = branch_of(.., 'SA1', 'SE1', 'e1')`.
    When `table` keeps more than `source`, the row's own branch field cannot tell which
    branch it belongs to: the origin field (E1_FILORIG) does; a source without one is a
    `SharingError`.
    """
    kept, source_kept = layout.keeps(table), layout.keeps(source)
    column = BRANCH_FIELD[source]
    if kept > source_kept:
        origin = ORIGIN_FIELD.get(source)
        if origin is None:
            raise SharingError(
                f"{table} keeps {kept} characters of the branch but {source} only "
                f"{source_kept}, and {source} has no origin-branch field")
        column = origin
    if kept == source_kept and column == BRANCH_FIELD[source]:
        return f"{alias}.{column}"  # both hold the same padded value: index-friendly
    return _cut(f"{alias}.{column}", kept, layout.size)


def rows_of(layout: BranchLayout, table: str, alias: str, source: str, source_alias: str) -> str | None:
    """SQL predicate: row `alias` of `table` may belong to row `source_alias` (to-many).

    The movements of a title: SE5 rows written from any branch that sees the title (SE5
    more exclusive than SE1), or, when SE5 is the more shared one, the rows whose origin
    branch (E5_FILORIG) sees the title. None when any branch qualifies.
    """
    kept, source_kept = layout.keeps(table), layout.keeps(source)
    column = f"{alias}.{BRANCH_FIELD[table]}"
    source_column = f"{source_alias}.{BRANCH_FIELD[source]}"
    if kept > source_kept:
        if source_kept == 0:
            return None
        return f"SUBSTR({column}, 1, {source_kept}) = SUBSTR({source_column}, 1, {source_kept})"
    parts = [f"{column} = {branch_of(layout, table, source, source_alias)}"]
    if kept < source_kept:  # several titles share this branch value: the origin tells
        origin = ORIGIN_FIELD.get(table)
        if origin is None:
            raise SharingError(f"{table} keeps {kept} characters of the branch but {source} "
                               f"{source_kept}, and {table} has no origin-branch field")
        parts.append(f"{source_column} = {_cut(f'{alias}.{origin}', source_kept, layout.size)}")
    return " AND ".join(parts)
