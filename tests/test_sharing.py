"""Branch joins from the sharing modes (layouts.sharing), for every mode combination.

The SQL the builder writes is run on SQLite over Protheus-shaped rows: each title written
in a branch with xFilial('SE1'), its customer with xFilial('SA1'), its movements from every
branch that sees the title with xFilial('SE5'). The reference is xFilial itself (below):
the join must give each title exactly its customer row and exactly its movements.
"""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import replace

import pytest

from conefi_dbtool.config import Sharing, TableSharing
from conefi_dbtool.layouts.sharing import (
    BranchLayout,
    SharingError,
    branch_layout,
    branch_of,
    kept_characters,
    rows_of,
)

# The four mode triples SX2 accepts (a shared level forces the levels below it shared).
MODES = {
    "EEE": TableSharing("E", "E", "E"),
    "EEC": TableSharing("E", "E", "C"),
    "ECC": TableSharing("E", "C", "C"),
    "CCC": TableSharing("C", "C", "C"),
}
# (company, unit, branch) sizes: branch only (the seed's 2-character E1_FILIAL), and full.
LAYOUTS = {"FF": (0, 0, 2), "EEUUFF": (2, 2, 2)}


def xfilial(modes: TableSharing, sizes: tuple[int, int, int], branch: str) -> str:
    """Protheus' xFilial: the session's branch code with the shared levels blanked."""
    out, pos, shared = "", 0, False
    for mode, size in zip((modes.company, modes.unit, modes.branch), sizes, strict=True):
        part = branch[pos:pos + size]
        shared = shared or (mode == "C" and size > 0)
        out += " " * size if shared else part
        pos += size
    return out


def branches(sizes: tuple[int, int, int]) -> list[str]:
    """Branch codes of a group: two of each level (the level absent when its size is 0)."""
    levels = [[f"{i:0{n}d}" for i in (1, 2)] if n else [""] for n in sizes]
    return ["".join(parts) for parts in itertools.product(*levels)]


def sharing(sizes: tuple[int, int, int], se1: str, se5: str, sa1: str) -> Sharing:
    return Sharing(sizes[0], sizes[1], sizes[2], MODES[se1], MODES[se5], MODES[sa1])


def database() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.create_function("RPAD", 2, lambda text, size: text.ljust(size)[:size], deterministic=True)
    db.executescript(
        "CREATE TABLE se1 (id INTEGER, E1_NUM TEXT, E1_FILIAL TEXT, E1_FILORIG TEXT);"
        "CREATE TABLE sa1 (A1_FILIAL TEXT);"
        "CREATE TABLE se5 (id INTEGER, E5_NUMERO TEXT, E5_FILIAL TEXT, E5_FILORIG TEXT);"
    )
    return db


COMBINATIONS = [
    (layout, se1, se5, sa1)
    for layout in LAYOUTS for se1 in MODES for se5 in MODES for sa1 in MODES
]


@pytest.mark.parametrize(("layout", "se1", "se5", "sa1"), COMBINATIONS)
def test_each_title_joins_exactly_its_customer_and_its_movements(
        layout: str, se1: str, se5: str, sa1: str) -> None:
    sizes = LAYOUTS[layout]
    config = sharing(sizes, se1, se5, sa1)
    resolved = branch_layout(config)
    db = database()
    # One title number written from every branch: where SE1 is shared, the same row.
    titles: dict[str, int] = {}
    for b in branches(sizes):
        key = xfilial(config.se1, sizes, b)
        if key not in titles:
            titles[key] = len(titles)
            db.execute("INSERT INTO se1 VALUES (?, '000001', ?, ?)", (titles[key], key, b))
    customers = {xfilial(config.sa1, sizes, b) for b in branches(sizes)}
    db.executemany("INSERT INTO sa1 VALUES (?)", [(c,) for c in customers])
    expected_movements = set()
    for n, b in enumerate(branches(sizes)):  # a payment typed in each branch
        owner = titles[xfilial(config.se1, sizes, b)]
        db.execute("INSERT INTO se5 VALUES (?, '000001', ?, ?)", (n, xfilial(config.se5, sizes, b), b))
        expected_movements.add((owner, n))

    customer_sql = (f"SELECT e1.id, a1.A1_FILIAL FROM se1 e1 JOIN sa1 a1 "
                    f"ON a1.A1_FILIAL = {branch_of(resolved, 'SA1', 'SE1', 'e1')}")
    got = sorted(db.execute(customer_sql).fetchall())
    origin = {row[0]: row[1] for row in db.execute("SELECT id, E1_FILORIG FROM se1")}
    assert got == sorted((i, xfilial(config.sa1, sizes, origin[i])) for i in titles.values())

    branch = rows_of(resolved, "SE5", "e5", "SE1", "e1")
    movement_sql = ("SELECT e1.id, e5.id FROM se1 e1 JOIN se5 e5 ON e5.E5_NUMERO = e1.E1_NUM"
                    + (f" AND {branch}" if branch else ""))
    assert set(db.execute(movement_sql).fetchall()) == expected_movements


@pytest.mark.parametrize(("modes", "kept"), [("EEE", 6), ("EEC", 4), ("ECC", 2), ("CCC", 0)])
def test_a_table_keeps_the_prefix_of_its_exclusive_levels(modes: str, kept: int) -> None:
    assert kept_characters(MODES[modes], 2, 2, 2) == kept
    # a level the layout does not have does not count, whatever its mode
    assert kept_characters(MODES[modes], 0, 0, 2) == (2 if modes == "EEE" else 0)


def test_the_seed_defaults_join_by_equality_or_blank() -> None:
    resolved = branch_layout(Sharing())
    assert branch_of(resolved, "SA1", "SE1", "e1") == "'  '"  # SA1 shared
    assert rows_of(resolved, "SE5", "e5", "SE1", "e1") == "e5.E5_FILIAL = e1.E1_FILIAL"
    exclusive = branch_layout(replace(Sharing(), sa1=MODES["EEE"]))
    assert branch_of(exclusive, "SA1", "SE1", "e1") == "e1.E1_FILIAL"


def test_a_payment_in_another_branch_of_a_shared_title_is_a_movement_of_it() -> None:
    resolved = branch_layout(sharing((2, 2, 2), "ECC", "EEE", "CCC"))
    assert rows_of(resolved, "SE5", "e5", "SE1", "e1") == (
        "SUBSTR(e5.E5_FILIAL, 1, 2) = SUBSTR(e1.E1_FILIAL, 1, 2)")
    assert rows_of(branch_layout(sharing((2, 2, 2), "CCC", "EEE", "CCC")), "SE5", "e5", "SE1", "e1") is None


def test_a_customer_more_exclusive_than_its_title_comes_from_the_origin_branch() -> None:
    resolved = branch_layout(sharing((2, 2, 2), "ECC", "EEE", "EEC"))
    assert branch_of(resolved, "SA1", "SE1", "e1") == "RPAD(SUBSTR(e1.E1_FILORIG, 1, 4), 6)"


def test_a_table_without_an_origin_field_cannot_tell_a_more_exclusive_row() -> None:
    resolved = BranchLayout(2, {"SE1": 2, "SE5": 2, "SA1": 0})
    with pytest.raises(SharingError, match="SA1 has no origin-branch field"):
        branch_of(resolved, "SE1", "SA1", "a1")
    with pytest.raises(SharingError, match="SA1 has no origin-branch field"):
        rows_of(resolved, "SA1", "a1", "SE1", "e1")
    with pytest.raises(SharingError, match="no sharing mode for table SX9"):
        resolved.keeps("SX9")


def test_a_movement_of_a_more_shared_se5_is_told_apart_by_its_origin_branch() -> None:
    resolved = branch_layout(sharing((0, 0, 2), "EEE", "CCC", "CCC"))
    assert rows_of(resolved, "SE5", "e5", "SE1", "e1") == (
        "e5.E5_FILIAL = '  ' AND e1.E1_FILIAL = e5.E5_FILORIG")
