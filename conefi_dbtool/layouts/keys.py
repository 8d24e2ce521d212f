"""The Protheus keys the layouts and views join on (SE1 titles, their SE5 movements)."""

from __future__ import annotations

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


def movement_join(e5: str, e1: str, sep: str = " AND ") -> str:
    """SQL predicate: SE5 row `e5` belongs to SE1 title `e1`."""
    return sep.join(f"{e5}.{c5} = {e1}.{c1}" for c5, c1 in TITLE_MOVEMENT_KEY)


def same_title_movements(a: str, b: str, sep: str = " AND ") -> str:
    """SQL predicate: SE5 rows `a` and `b` belong to the same title."""
    return sep.join(f"{a}.{c5} = {b}.{c5}" for c5, _ in TITLE_MOVEMENT_KEY)


def title_key_sql(a: str) -> str:
    """E1_FILIAL||E1_PREFIXO||E1_NUM||E1_PARCELA||E1_TIPO, padded as stored."""
    return " || ".join(f"{a}.{c}" for c in TITLE_KEY)
