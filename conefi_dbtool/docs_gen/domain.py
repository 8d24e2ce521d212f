"""Domain wording the page needs and no model carries (DESIGN.md §2–§3, the seed's list).

Only words live here; names, columns, sizes and layouts always come from the config,
the templates, the dictionary and the layouts module.
"""

from __future__ import annotations

# Protheus tables by alias: what they hold (shown next to the physical name).
PROTHEUS_TABLES: dict[str, str] = {
    "SA1": "customers",
    "SE1": "receivable titles",
    "SE5": "financial movements",
    "Z99": "integration parameters, name/value",
    # GRR recurring revenue (seed 003_68f9702eae40357a.txt, "Tabelas")
    "HRD": "GRR recurrence plans",
    "HRE": "GRR plan items",
    "HRG": "GRR recurring products",
    "HRH": "GRR subscriptions",
}

DATABASE_TITLES: dict[str, str] = {
    "erp": "ERP database (Protheus)",
    "sgu2": "SGU 2.0 database",
}
