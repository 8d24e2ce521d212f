"""What a title owes and what a payment settled: one definition each, in `expr` terms.

Protheus' receivables reports (FINR130 and the SomaAbat helper of public ADVPL) compute
what is still due as ``E1_SALDO + E1_SDACRES - E1_SDDECRE`` less the title's open
abatements (rows of the same prefix/number/installment/customer whose type is an
abatement: ``AB-`` and the retained taxes ``IR-``, ``PI-``, ``CF-``, ``CS-`` ...), and
optionally less the financial discount. Every layout field that carries a balance, the
reconciliation's comparison and its Python model read `AMOUNT_DUE`; the SQL columns it
names are `title_columns` (see `reconcile_sql`).

A settlement's SE5 row holds the cash received in ``E5_VALOR`` (interest and fine in,
discount out) and the parts in ``E5_VLJUROS``, ``E5_VLMULTA``, ``E5_VLDESCO``: what it
took off the amount due is `PRINCIPAL`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from conefi_dbtool.layouts.expr import Col, Expr, add, sql, sub

# Abatement types (E1_TIPO): a title's deductions, never collected on their own. Protheus
# keeps them in MVABATIM, which FINXTIPOS computes on a database as every title type with
# '-' in the third position (GetSX5Abat: AB-, IR-, PI-, CF-, CS-, FC-, FE- ...;
# docs/integration-design.md §9.1). integration.money.abatement_types overrides it with a
# list. Both eligibility (`sqlx.sellable`) and the amount due read this one definition.
ABATEMENT_PATTERN = "__-%"


def abatement_match(type_literals: str = "") -> str:
    """SQL after an ``E1_TIPO`` operand, true for an abatement type: MVABATIM's pattern, or
    ``IN (...)`` the configured types (SQL literals, already padded). ``NOT`` before it
    negates either form."""
    return f"IN ({type_literals})" if type_literals else f"LIKE '{ABATEMENT_PATTERN}'"


def is_abatement(tipo: str, types: Sequence[str] = ()) -> bool:
    """`abatement_match` in Python (the model's and the Oracle tests' reading of SE1 rows)."""
    if types:
        return tipo.rstrip() in {t.rstrip() for t in types}
    return len(tipo) >= 3 and tipo[2] == "-"

# Amount due = balance + surcharge balance - rebate balance - open abatements - discount.
AMOUNT_DUE: Expr = sub(sub(sub(add(Col("saldo"), Col("sdacres")), Col("sddecre")),
                           Col("abatimentos")), Col("desconto_fin"))

# What a settlement took off the amount due: cash less interest and fine, plus discount.
PRINCIPAL: Expr = add(sub(sub(Col("valor"), Col("juros")), Col("multa")), Col("desconto"))

# integration.money.financial_discount -> factor applied to E1_DESCFIN percent of E1_SALDO.
DISCOUNT_FACTORS = {"none": 0, "percent": 1}

CENT = Decimal("0.01")


def financial_discount(saldo: Decimal, percent: Decimal, rule: str) -> Decimal:
    """The financial discount of a balance (E1_DESCFIN %), as the SQL rounds it."""
    raw = (saldo * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return raw * DISCOUNT_FACTORS[rule]


def abatements_sql(a: str) -> str:
    """SQL: open abatements of SE1 title `a` (placeholders {se1}, {abatement_match})."""
    return (
        "(SELECT NVL(SUM(ab.E1_SALDO), 0)\n"
        "   FROM {se1} ab\n"
        "  WHERE ab.D_E_L_E_T_ = ' '\n"
        f"    AND ab.E1_FILIAL = {a}.E1_FILIAL\n"
        f"    AND ab.E1_PREFIXO = {a}.E1_PREFIXO\n"
        f"    AND ab.E1_NUM = {a}.E1_NUM\n"
        f"    AND ab.E1_PARCELA = {a}.E1_PARCELA\n"
        f"    AND ab.E1_CLIENTE = {a}.E1_CLIENTE\n"
        f"    AND ab.E1_LOJA = {a}.E1_LOJA\n"
        "    AND ab.E1_TIPO {abatement_match})"
    )


def amount_columns(a: str) -> dict[str, str]:
    """SQL of the columns `AMOUNT_DUE` reads, for SE1 alias `a`."""
    return {
        "saldo": f"{a}.E1_SALDO",
        "sdacres": f"{a}.E1_SDACRES",
        "sddecre": f"{a}.E1_SDDECRE",
        "abatimentos": abatements_sql(a),
        "desconto_fin": f"(ROUND({a}.E1_SALDO * {a}.E1_DESCFIN / 100, 2) * {{discount_factor}})",
    }


def principal_columns(m: str) -> dict[str, str]:
    """SQL of the columns `PRINCIPAL` reads, for SE5 alias `m`."""
    return {"valor": f"{m}.E5_VALOR", "juros": f"{m}.E5_VLJUROS", "multa": f"{m}.E5_VLMULTA",
            "desconto": f"{m}.E5_VLDESCO"}


def amount_due_sql(a: str) -> str:
    """SQL: the amount due of SE1 alias `a` (placeholders filled by `SqlNames`)."""
    return sql(AMOUNT_DUE, amount_columns(a))
