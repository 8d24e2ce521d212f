"""The Protheus keys the layouts and views join on (SE1 titles, their SE5 movements)."""

from __future__ import annotations

from conefi_dbtool.layouts.sharing import BRANCH_FIELD, BranchLayout, rows_of

# Sharing assumed when none is configured: SE1, SE5 and SA1 all exclusive, 2-character branch.
SAME_BRANCHES = BranchLayout(2, {t: 2 for t in BRANCH_FIELD})

# SE5 columns that identify the SE1 title a movement belongs to (SE5 index 7).
TITLE_MOVEMENT_KEY: tuple[tuple[str, str], ...] = (
    ("E5_FILIAL", "E1_FILIAL"),
    ("E5_PREFIXO", "E1_PREFIXO"),
    ("E5_NUMERO", "E1_NUM"),
    ("E5_PARCELA", "E1_PARCELA"),
    ("E5_TIPO", "E1_TIPO"),
    ("E5_CLIFOR", "E1_CLIENTE"),
    ("E5_LOJA", "E1_LOJA"),
)
# SE1 unique key (index 1, X2_UNICO): the title key carried in INTDC_DES_CHAVE.
TITLE_KEY: tuple[str, ...] = ("E1_FILIAL", "E1_PREFIXO", "E1_NUM", "E1_PARCELA", "E1_TIPO")


def movement_join(e5: str, e1: str, sep: str = " AND ",
                  branches: BranchLayout = SAME_BRANCHES) -> str:
    """SQL predicate: SE5 row `e5` belongs to SE1 title `e1` (SE5 index 7 key).

    The one SE1 -> SE5 join: the branch is compared as the sharing modes say
    (`sharing.rows_of`), so a title shared by every branch finds the movements written
    in any of them (views, producers and the INC baseline alike).
    """
    parts = [f"{e5}.{c5} = {e1}.{c1}" for c5, c1 in TITLE_MOVEMENT_KEY
             if c5 != BRANCH_FIELD["SE5"]]
    branch = rows_of(branches, "SE5", e5, "SE1", e1)
    return sep.join(parts if branch is None else [branch, *parts])


def same_title_movements(a: str, b: str, sep: str = " AND ") -> str:
    """SQL predicate: SE5 rows `a` and `b` belong to the same title."""
    return sep.join(f"{a}.{c5} = {b}.{c5}" for c5, _ in TITLE_MOVEMENT_KEY)


def title_key_sql(a: str) -> str:
    """E1_FILIAL||E1_PREFIXO||E1_NUM||E1_PARCELA||E1_TIPO, padded as stored."""
    return " || ".join(f"{a}.{c}" for c in TITLE_KEY)
