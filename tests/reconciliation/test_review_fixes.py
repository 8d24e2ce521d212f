"""The defects of the reconciliation review, each shown on the model and on the rendered SQL.

1/2: a title change (PRG, DES) never runs after PGO/EST failed in the same run or event, and
a clash on the queue key (ORA-00001) is retried once. 4: the INC baseline joins SE5 by the
sharing modes. 5: PRV is keyed by the send version, so A -> B -> A extends twice.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from decimal import Decimal

import pytest

from conefi_dbtool.layouts.data import JOB_STEPS, layout
from conefi_dbtool.layouts.model import PRV_KEY
from conefi_dbtool.layouts.reconcile import RULES, Policy, build_rules
from conefi_dbtool.render import RenderResult
from tests.reconciliation.test_model import new_world
from tests.test_integration_templates import render, strip_sql_comments, text

MOVEMENT_RULES = tuple(r.action for r in RULES if r.scope == "movement")


@pytest.fixture(scope="module")
def example() -> RenderResult:
    return render()


# --------------------------------------------------------------------------- 1, 2


def test_a_des_run_while_the_pgo_failed_reports_the_payment_as_a_discount_too() -> None:
    """Why PRG/DES wait for PGO/EST: with PGO's run lost, the model reports one payment as a
    DES, then as a PGO, then undoes the DES: three records where CONEFI expects one."""
    world = new_world([])
    world.pay(Decimal(300), Decimal(0), Decimal(0), Decimal(0), "VL")
    world._run(("DES",))  # PGO rolled back, DES ran on the unreduced sent amount
    world.job()  # the next run sends the same payment as PGO
    assert [e.action for e in world.queue] == ["INC", "DES", "PGO", "DES"]

    safe = new_world([])
    safe.pay(Decimal(300), Decimal(0), Decimal(0), Decimal(0), "VL")
    assert safe._run(()) == []  # PGO failed: nothing after it runs
    safe.job()
    assert [e.action for e in safe.queue] == ["INC", "PGO"]
    assert safe.conefi.amount == safe.truth()


def test_title_change_steps_wait_for_every_movement_step_of_the_run() -> None:
    steps = dict(JOB_STEPS)
    title_rules = [r.action for r in RULES if r.scope == "title" and r.action != "CAN"]
    assert title_rules == ["PRG", "DES"]
    for action in title_rules:
        assert set(steps[action].after) == set(MOVEMENT_RULES)


def test_the_daily_run_skips_prg_and_des_after_a_failed_pgo_or_est(example: RenderResult) -> None:
    body = strip_sql_comments(text(example, "package_body", "PKG_CONEFI_JOB"))
    run = body.split("PROCEDURE p_diario IS", 1)[1]
    guard = ("INSTR(v_falhas || ' ', ' ' || 'PGO' || ' ') > 0 OR "
             "INSTR(v_falhas || ' ', ' ' || 'EST' || ' ') > 0 THEN")
    for action in ("PRG", "DES"):
        block = run.split(f"    IF {guard}\n      v_exec := f_log_inicio('{action}');", 1)
        assert len(block) == 2, action
        assert f"ELSIF NOT f_executar('{action}') THEN" in block[1].split("END IF;", 1)[0]
    assert run.index("f_executar('EST')") < run.index("v_exec := f_log_inicio('PRG');")
    assert "IF NOT f_executar('PRV') THEN" in run  # the other steps run as before


def test_a_job_step_clashing_on_a_queue_key_is_rolled_back_and_run_once_more(
        example: RenderResult) -> None:
    body = strip_sql_comments(text(example, "package_body", "PKG_CONEFI_JOB"))
    runner = body.split("FUNCTION f_executar(", 1)[1].split("END f_executar;", 1)[0]
    handler = runner.split("WHEN OTHERS THEN", 1)[1]
    assert handler.index("v_codigo := SQLCODE;") < handler.index("ROLLBACK;")
    retry = re.search(r"IF v_codigo = -1 AND p_tentativa = 1 THEN\s+RETURN f_executar\(p_passo, 2\);",
                      handler)
    assert retry is not None and handler.index("p_log_fim(v_exec, 'E'") < retry.start()
    assert "p_tentativa IN PLS_INTEGER DEFAULT 1" in runner


def test_a_trigger_rule_clashing_twice_stops_the_rules_after_it(example: RenderResult) -> None:
    body = strip_sql_comments(text(example, "package_body", "PKG_CONEFI_EVENTO"))
    for action in ("PGO", "EST", "PRG", "DES"):
        f = f"f_{action.lower()}"
        function = body.split(f"FUNCTION {f}(", 1)[1].split(f"END {f};", 1)[0]
        handler = function.split("EXCEPTION", 1)[1]
        assert re.sub(r"\s+", " ", handler).strip() == (
            f"WHEN DUP_VAL_ON_INDEX THEN IF p_tentativa = 1 THEN "
            f"RETURN {f}(p_id_evento, p_recno, 2); END IF; RETURN FALSE; "
            f"WHEN e_impasse THEN RETURN FALSE;")
        assert function.index("RETURN TRUE;") > function.index("UPDATE SIGA.SE1030 e1")
    assert "NULL;" not in body.split("PROCEDURE p_reconciliar(", 1)[0].split("FUNCTION f_pgo(", 1)[1]


def test_a_deadlock_with_the_job_leaves_the_title_to_the_job(example: RenderResult) -> None:
    """ORA-00060 undoes only the trigger's INSERT: caught, the event's rules stop and the
    ERP's transaction goes on (review item 7)."""
    body = strip_sql_comments(text(example, "package_body", "PKG_CONEFI_EVENTO"))
    declarations = body.split("FUNCTION f_acao(", 1)[0]
    assert "e_impasse EXCEPTION;" in declarations
    assert "PRAGMA EXCEPTION_INIT(e_impasse, -60);" in declarations
    assert body.count("WHEN e_impasse THEN") == 4  # each rule function of the trigger path


# --------------------------------------------------------------------------- 4


SE1_SHARED = {"integration.sharing.se1": {"company": "C", "unit": "C", "branch": "C"},
              "integration.sharing.se5": {"company": "E", "unit": "E", "branch": "E"},
              "integration.sharing.sa1": {"company": "E", "unit": "E", "branch": "E"}}


def _baseline(result: RenderResult) -> str:
    inc = text(result, "view", "V_CONEFI_CAND_INC")
    return inc.split("(SELECT NVL(MAX(m.R_E_C_N_O_), 0)", 1)[1].split(" AS CTL_RECNO_SE5", 1)[0]


def test_the_inc_baseline_joins_movements_as_the_payment_views_do() -> None:
    seed = _baseline(render())
    assert "m.E5_FILIAL = e1.E1_FILIAL" in seed
    shared = render(SE1_SHARED)
    baseline = _baseline(shared)
    assert "E5_FILIAL" not in baseline  # a payment from any branch is in the INC balance
    assert "m.E5_PREFIXO = e1.E1_PREFIXO" in baseline and "m.E5_LOJA = e1.E1_LOJA" in baseline
    assert "E5_FILIAL" not in text(shared, "view", "V_CONEFI_MOV_PGO").split("WHERE", 1)[0]


def test_shared_movements_count_in_the_baseline_by_their_origin_branch() -> None:
    shared_se5 = {"integration.sharing.se5": {"company": "C", "unit": "C", "branch": "C"}}
    baseline = _baseline(render(shared_se5))
    assert "m.E5_FILIAL = '  ' AND e1.E1_FILIAL = m.E5_FILORIG" in baseline


# --------------------------------------------------------------------------- 5


def _prv_key(recno: int, due: str, version: int) -> str:
    """The PRV key SQL, evaluated on one SE1 row (SQLite; TO_CHAR as Oracle's for integers)."""
    con = sqlite3.connect(":memory:")
    con.create_function("TO_CHAR", 1, lambda v: str(int(v)))
    con.execute("CREATE TABLE e1 (R_E_C_N_O_, E1_VENCREA, E1_XCNFVER)")
    con.execute("INSERT INTO e1 VALUES (?, ?, ?)", (recno, due, version))
    expr = PRV_KEY.format(send_version="E1_XCNFVER")
    return str(con.execute(f"SELECT {expr} FROM e1").fetchone()[0])


@pytest.mark.parametrize("earlier_is_prg", [False, True])
def test_a_due_date_moved_a_b_a_extends_the_title_again(earlier_is_prg: bool) -> None:
    """PRG to D1, PRV at D1, PRG to D2, back to D1 before D2 fell due: the title is 'P'
    again and its PRV key is new (keyed by the date, PRV:7:D1 would exist: 'P' for ever)."""
    world = new_world([], build_rules(Policy(earlier_due_date=earlier_is_prg)))
    d1, d2 = "20240305", "20240405"
    world.move_due(d1)
    assert [e.action for e in world.job()] == ["PRG"]
    first = _prv_key(world.title.recno, world.title.due, world.sent.version)
    world.sent = replace(world.sent, flag="S")  # the PRV step: back in collection
    world.move_due(d2)
    assert [e.action for e in world.job()] == ["PRG"]
    world.move_due(d1)
    world.job()
    assert world.sent.flag == "P" and world.title.due == d1
    again = _prv_key(world.title.recno, world.title.due, world.sent.version)
    assert first == "PRV:7:V:1"
    assert again == ("PRV:7:V:3" if earlier_is_prg else "PRV:7:V:2")


def test_both_layout_versions_key_prv_by_the_send_version(example: RenderResult) -> None:
    assert layout("PRV", 1).idempotency == layout("PRV", 2).idempotency == PRV_KEY
    view = text(example, "view", "V_CONEFI_CAND_PRV")
    assert "'PRV:' || TO_CHAR(e1.R_E_C_N_O_) || ':V:' || TO_CHAR(e1.E1_XCNFVER) AS CTL_IDEMP" in view


# --------------------------------------------------------------------------- 9


@pytest.mark.parametrize("view", ["V_CONEFI_MOV_PGO", "V_CONEFI_MOV_EST", "V_CONEFI_CAND_CAN",
                                  "V_CONEFI_CAND_PRG", "V_CONEFI_CAND_DES"])
def test_a_reconciliation_view_filters_by_its_rule_and_nothing_else(example: RenderResult,
                                                                    view: str) -> None:
    """The model decides alone: CAN has no GRR exclusion the model would not know of."""
    code = strip_sql_comments(text(example, "view", view))
    where = code.rsplit("\n WHERE ", 1)[1]
    assert "E1_PREFIXO <> 'GRR'" not in where and "grr.E5_MOTBX" not in where


@pytest.mark.parametrize("view", ["V_CONEFI_CAND_INC", "V_CONEFI_CAND_PRV"])
def test_inc_and_prv_send_a_title_only_when_something_is_due(example: RenderResult,
                                                            view: str) -> None:
    where = " ".join(strip_sql_comments(text(example, "view", view)).rsplit("\n WHERE ", 1)[1].split())
    assert "AND e1.E1_SALDO > 0 AND ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT" in where
    assert "* 0)) > 0 AND e1.E1_VENCREA <> " in where


# --------------------------------------------------------------------------- 3


@pytest.mark.parametrize(("action", "field", "column", "read"), [
    ("DES", "valor_devido", "E1_XCNFSLD", "TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, {pos}), "
                                          "'999999999999999990.00')"),
    ("DES", "valor_novo", "E1_XCNFVLR", "TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, {pos}), "
                                        "'999999999999999990.00')"),
    ("PRG", "venc_novo", "E1_XCNFVEN",
     "RPAD(NVL(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, {pos}), ' '), 8)"),
])
def test_the_sent_state_is_what_the_record_just_queued_said(example: RenderResult, action: str,
                                                            field: str, column: str, read: str) -> None:
    """Not re-read in the UPDATE: a payment committed after the INSERT would be in it."""
    pos = layout(action, 2).names.index(field) + 1  # f_campo: 0 is the action
    for package, batch in (("PKG_CONEFI_JOB", "q.INTDC_ID_EXEC = p_exec"),
                           ("PKG_CONEFI_EVENTO", "q.INTDC_ID_EVENTO = p_id_evento")):
        body = " ".join(text(example, "package_body", package).split())
        function = body.split(f"FUNCTION f_{action.lower()}(", 1)[1].split(f"END f_{action.lower()};", 1)[0]
        update = function.split("UPDATE SIGA.SE1030 e1", 1)[1]
        assert (f"e1.{column} = (SELECT MAX({read.format(pos=pos)}) FROM CONEFI.INTGRA_DADOS_CONEFI q "
                f"WHERE q.INTDC_IND_ACAO = '{action}' AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_ "
                f"AND {batch}") in update


def test_layout_1_records_carry_no_amount_due_so_it_is_recomputed() -> None:
    des = " ".join(text(render({"integration.money.layout_version": 1}), "package_body",
                        "PKG_CONEFI_JOB").split())
    update = des.split("FUNCTION f_des(", 1)[1].split("UPDATE SIGA.SE1030 e1", 1)[1]
    assert "e1.E1_XCNFSLD = ((((e1.E1_SALDO + e1.E1_SDACRES)" in update
    assert "e1.E1_XCNFVLR = (SELECT MAX(TO_NUMBER(" in update  # valor_novo is in layout 1 too


def test_inc_leaves_the_state_its_record_carried(example: RenderResult) -> None:
    body = " ".join(text(example, "package_body", "PKG_CONEFI_JOB").split())
    update = body.split("FUNCTION f_inc(", 1)[1].split("UPDATE SIGA.SE1030 e1", 1)[1]
    names = layout("INC", 2).names
    for column, field in (("E1_XCNFSLD", "valor_devido"), ("E1_XCNFVLR", "valor")):
        pos = names.index(field) + 1
        assert (f"e1.{column} = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo("
                f"q.INTDC_DADOS, {pos}), '999999999999999990.00')) FROM CONEFI.INTGRA_DADOS_CONEFI q "
                "WHERE q.INTDC_IND_ACAO = 'INC'") in update
    assert "e1.E1_XCNFVEN = (SELECT MAX(RPAD(NVL(CONEFI.PKG_CONEFI_FILA.f_campo(" in update
