"""The SQL generated from the rule table: the same truth as the Python model, offline.

Each rule's condition is run twice on the same random rows: in Python (`expr.holds`) and
as the SQL text `expr.sql` writes, in SQLite (its NULL, IN and arithmetic semantics are
Oracle's for these forms). Then the rendered objects: every reconciliation view, job step
and trigger procedure comes from the rules, in their order.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conefi_dbtool.layouts.amounts import AMOUNT_DUE, PRINCIPAL
from conefi_dbtool.layouts.expr import holds, sql, value
from conefi_dbtool.layouts.reconcile import RULES, Policy, build_rules
from conefi_dbtool.layouts.reconcile_sql import key_sql, update_sql, where_sql
from conefi_dbtool.render import RenderResult
from tests.test_integration_templates import render, strip_sql_comments, text

COLUMNS = ("recno", "del", "flag", "sent_due", "sent_amount", "sent_value", "version", "baseline",
           "due", "value", "amount_due", "mov_recno", "mov_del", "recpag", "tipodoc", "situacao",
           "motbx", "es_recno", "pgo_sent", "est_legacy", "principal", "saldo", "sdacres",
           "sddecre", "abatimentos", "desconto_fin", "valor", "juros", "multa", "desconto")
FLAT = {c: c for c in COLUMNS}

SMALL_INT = st.integers(0, 6)
ROWS = st.fixed_dictionaries({
    "recno": SMALL_INT, "mov_recno": SMALL_INT, "baseline": SMALL_INT, "version": SMALL_INT,
    "es_recno": st.none() | SMALL_INT,
    "del": st.sampled_from((" ", "*")), "mov_del": st.sampled_from((" ", "*")),
    "flag": st.sampled_from((" ", "S", "P", "C")), "recpag": st.sampled_from(("R", "P")),
    "tipodoc": st.sampled_from(("VL", "BA", "CP", "V2", "ES", "JR")),
    "situacao": st.sampled_from((" ", "C", "E", "X")), "motbx": st.sampled_from(("NOR", "LIQ")),
    "pgo_sent": st.sampled_from(("S", "N")), "est_legacy": st.sampled_from(("S", "N")),
    "due": st.sampled_from(("20240205", "20240305", " " * 8)),
    "sent_due": st.sampled_from(("20240205", "20240305", " " * 8)),
    "amount_due": st.integers(0, 3), "sent_amount": st.integers(0, 3),
    "value": st.integers(0, 3), "sent_value": st.integers(0, 3), "principal": st.integers(0, 3),
})


def sqlite_holds(condition: str, row: dict[str, object]) -> bool:
    con = sqlite3.connect(":memory:")
    names = sorted(row)
    con.execute(f"CREATE TABLE r ({', '.join(names)})")
    con.execute(f"INSERT INTO r VALUES ({', '.join('?' for _ in names)})", [row[n] for n in names])
    return con.execute(f"SELECT COUNT(*) FROM r WHERE {condition}").fetchone()[0] == 1


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_every_rule_condition_means_the_same_in_python_and_in_sql(row: dict[str, object]) -> None:
    for rules in (RULES, build_rules(Policy(excluded_motbx=("LIQ",)))):
        for r in rules:
            assert holds(r.when, row) == sqlite_holds(sql(r.when, FLAT), row), r.action


@given(st.lists(st.integers(0, 10_000), min_size=4, max_size=4))
def test_the_amounts_compute_the_same_in_python_and_in_sql(cents: list[int]) -> None:
    a, b, c, d = (Decimal(x) for x in cents)
    title = {"saldo": a, "sdacres": b, "sddecre": c, "abatimentos": d, "desconto_fin": Decimal(0)}
    con = sqlite3.connect(":memory:")
    got = con.execute(f"SELECT {sql(AMOUNT_DUE, {k: str(v) for k, v in title.items()})}").fetchone()[0]
    assert Decimal(got) == value(AMOUNT_DUE, title) == a + b - c - d
    move = {"valor": a, "juros": b, "multa": c, "desconto": d}
    got = con.execute(f"SELECT {sql(PRINCIPAL, {k: str(v) for k, v in move.items()})}").fetchone()[0]
    assert Decimal(got) == value(PRINCIPAL, move) == a - b - c + d


def test_keys_and_updates_follow_the_rules() -> None:
    assert key_sql(RULES[1]) == "'PGO:' || TO_CHAR(e5.R_E_C_N_O_)"
    des = next(r for r in RULES if r.action == "DES")
    assert key_sql(des) == "'DES:' || TO_CHAR(e1.R_E_C_N_O_) || ':V:' || TO_CHAR((e1.{send_version} + 1))"
    update = update_sql(des, "job")
    assert "e1.{send_version} = (e1.{send_version} + 1)" in update
    assert "q.INTDC_IND_ACAO = 'DES'" in update and "q.INTDC_ID_EXEC = p_exec" in update
    pgo = update_sql(RULES[1], "event")
    assert "e1.{sent_balance} = e1.{sent_balance} - (SELECT NVL(SUM(" in pgo
    assert "q.INTDC_ID_EVENTO = p_id_evento" in pgo
    can = update_sql(RULES[0], "job")
    assert "WHERE e1.D_E_L_E_T_ = '*'" in can  # CAN updates the deleted title, the rest live ones


# --------------------------------------------------------------------------- rendered objects


@pytest.fixture(scope="module")
def example() -> RenderResult:
    return render()


def _flat(sql_text: str) -> str:
    return " ".join(strip_sql_comments(sql_text).split())


@pytest.mark.parametrize(("view", "action"), [
    ("V_CONEFI_MOV_PGO", "PGO"), ("V_CONEFI_MOV_EST", "EST"), ("V_CONEFI_CAND_CAN", "CAN"),
    ("V_CONEFI_CAND_PRG", "PRG"), ("V_CONEFI_CAND_DES", "DES")])
def test_each_reconciliation_view_filters_by_its_rule(example: RenderResult, view: str,
                                                      action: str) -> None:
    got = _flat(text(example, "view", view))
    rule = next(r for r in RULES if r.action == action)
    filled = (where_sql(rule).replace("{sent_flag}", "E1_XCNFENV")
              .replace("{sent_due}", "E1_XCNFVEN").replace("{sent_balance}", "E1_XCNFSLD")
              .replace("{sent_movement}", "E1_XCNFMOV").replace("{se5}", "SIGA.SE5030")
              .replace("{se1}", "SIGA.SE1030").replace("{queue}", "CONEFI.INTGRA_DADOS_CONEFI")
              .replace("{discount_factor}", "0"))
    filled = filled.replace("{abatement_match}", "LIKE '__-%'")
    assert " WHERE " + " ".join(filled.split()) in got


def test_the_job_runs_payments_and_reversals_before_title_changes_and_updates_after_each(
        example: RenderResult) -> None:
    body = text(example, "package_body", "PKG_CONEFI_JOB")
    spec = text(example, "package", "PKG_CONEFI_JOB")
    run = re.search(r"-- The daily run: ([A-Z, ]+) in this order", spec)
    assert run is not None
    order = run.group(1).split(", ")
    assert order.index("PGO") < order.index("EST") < order.index("DES")
    assert order.index("PRG") < order.index("PRV") < order.index("HST")
    for action in ("PGO", "EST", "CAN", "PRG", "DES"):
        function = body.split(f"FUNCTION f_{action.lower()}(p_exec IN NUMBER)", 1)[1]
        function = function.split(f"END f_{action.lower()};", 1)[0]
        insert = function.index("INSERT INTO CONEFI.INTGRA_DADOS_CONEFI")
        update = function.index("UPDATE SIGA.SE1030 e1")
        assert insert < update and f"q.INTDC_IND_ACAO = '{action}'" in function[update:]


def test_the_trigger_rechecks_the_title_in_rule_order_value_changes_not_on_movement_events(
        example: RenderResult) -> None:
    body = text(example, "package_body", "PKG_CONEFI_EVENTO")
    procedure = body.split("PROCEDURE p_reconciliar(", 1)[1].split("END p_reconciliar;", 1)[0]
    calls = re.findall(r"^\s+IF NOT (f_[a-z]+)\(p_id_evento, p_recno\) THEN\n\s+RETURN;", procedure, re.M)
    assert calls == ["f_pgo", "f_est", "f_prg", "f_des"]
    movements, titles = procedure.split("IF p_acao NOT IN ('PGO', 'EST') THEN", 1)
    assert "f_est(" in movements and "f_des(" not in movements and "f_des(" in titles
    assert "WHEN v_acao IN ('PGO', 'EST', 'DES', 'PRG', 'ALT') THEN\n        p_reconciliar(" in body


def test_renegotiation_ignored_keeps_liq_and_fat_out_of_pgo() -> None:
    view = _flat(text(render({"integration.money.renegotiation": "ignore"}), "view",
                      "V_CONEFI_MOV_PGO"))
    assert "e5.E5_MOTBX NOT IN ('LIQ', 'FAT')" in view


def test_financial_discount_percent_is_subtracted_from_the_amount_due() -> None:
    view = _flat(text(render({"integration.money.financial_discount": "percent"}), "view",
                      "V_CONEFI_CAND_DES"))
    assert "- (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 1)" in view
