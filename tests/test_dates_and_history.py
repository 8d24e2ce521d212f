"""Time, HST, PRG and PRV rules (issue 17, item 6) on the rendered SQL.

* every timestamp the integration writes and every "today" is the schedule region's
  wall clock (SYSDATE, the database host's clock, appears nowhere);
* HST once per customer and day: origins grouped by the title's customer and the
  region day they were queued, the first of the group the origin of every line;
* PRG only for a later due date unless integration.earlier_due_date = "prg";
* PRV after the same grace days as INC (one PKG_CONEFI_PARAM function for both).
"""

from __future__ import annotations

import re

from render_helpers import render_example, sql

REGION_NOW = "CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE)"


def test_no_object_reads_the_database_host_clock() -> None:
    result = render_example({"sgu2.pull_job": True})
    texts = {o.id: o.text for o in result.objects}
    assert any(i.name == "P_PULL_DADOS_CONEFI" for i in texts)
    assert [i for i, t in texts.items() if re.search(r"\bSYSDATE\b", t)] == []


def test_queue_log_and_consumer_timestamps_are_region_wall_clock() -> None:
    result = render_example({"sgu2.pull_job": True})
    queue = sql(result, "table", "INTGRA_DADOS_CONEFI")
    assert f"INTDC_DTH_INCL       DATE            DEFAULT {REGION_NOW} NOT NULL" in queue
    assert f"DEFAULT {REGION_NOW}" in sql(result, "table", "INTGRA_LOG_CONEFI")
    assert f"q.INTDC_DTH_PROC = {REGION_NOW}" in sql(result, "package_body", "PKG_CONEFI_FILA")
    job = sql(result, "package_body", "PKG_CONEFI_JOB")
    starts = [line.strip() for line in job.splitlines() if "v_inicio DATE :=" in line]
    assert starts and set(starts) == {f"v_inicio DATE := {REGION_NOW};"}
    assert f"l.INTLC_DTH_FIM = {REGION_NOW}" in job


def test_the_region_is_the_configured_one() -> None:
    queue = sql(render_example({"schedule.timezone": "America/Manaus"}),
                "table", "INTGRA_DADOS_CONEFI")
    assert "DEFAULT CAST(SYSTIMESTAMP AT TIME ZONE 'America/Manaus' AS DATE)" in queue


def test_history_once_per_customer_and_region_day() -> None:
    hst = sql(render_example(), "view", "V_CONEFI_CAND_HST")
    grouped = re.search(r"FROM \(SELECT MIN\(qo\.INTDC_ID\) AS INTDC_ID,.*?GROUP BY (.*?)\) q",
                        hst, re.S)
    assert grouped is not None
    assert re.sub(r"\s*\n\s*", " ", grouped.group(1)) == (
        "o.E1_CLIENTE, o.E1_LOJA, '  ', TO_CHAR(qo.INTDC_DTH_INCL, 'YYYYMMDD')")
    assert "qo.INTDC_IND_ACAO IN ('INC', 'DES', 'PRG')" in hst
    assert f"qo.INTDC_DTH_INCL >= (SELECT TRUNC({REGION_NOW}) - CONEFI.PKG_CONEFI_PARAM.f_dias_reproc" in hst
    # the key follows the group's origin, the history ends the day before it
    assert "'HST:' || TO_CHAR(q.INTDC_ID) || ':' || TO_CHAR(h.R_E_C_N_O_) AS CTL_IDEMP" in hst
    assert "h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')" in hst
    job = sql(render_example(), "package_body", "PKG_CONEFI_JOB")
    assert f"v_desde := TRUNC({REGION_NOW}) - CONEFI.PKG_CONEFI_PARAM.f_dias_reproc;" in job


def test_prg_is_a_later_due_date_unless_configured() -> None:
    view = sql(render_example(), "view", "V_CONEFI_CAND_PRG")
    assert "AND e1.E1_VENCREA > e1.E1_XCNFVEN" in view
    assert "E1_VENCREA <> e1.E1_XCNFVEN" not in view
    earlier = sql(render_example({"integration.earlier_due_date": "prg"}), "view", "V_CONEFI_CAND_PRG")
    assert "AND e1.E1_VENCREA <> e1.E1_XCNFVEN" in earlier


def test_prv_waits_for_the_grace_days_inc_waits_for() -> None:
    result = render_example()
    prv = sql(result, "view", "V_CONEFI_CAND_PRV")
    assert "e1.E1_VENCREA < (SELECT CONEFI.PKG_CONEFI_PARAM.f_vencido_antes FROM DUAL)" in prv
    job = sql(result, "package_body", "PKG_CONEFI_JOB")
    assert "v_limite := CONEFI.PKG_CONEFI_PARAM.f_vencido_antes;" in job
    param = sql(result, "package_body", "PKG_CONEFI_PARAM")
    assert "RETURN TO_CHAR(TO_DATE(f_hoje, 'YYYYMMDD') - f_dias_carencia, 'YYYYMMDD');" in param
    assert "SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD') INTO v_hoje" in param
    view = next(o for o in result.objects if o.id.name == "V_CONEFI_CAND_PRV")
    assert any(d.name == "PKG_CONEFI_PARAM" and d.type == "package" for d in view.depends)
