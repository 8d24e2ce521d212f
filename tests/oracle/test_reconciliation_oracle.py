"""On Oracle: the reconciliation SQL does what the rule table's Python model says.

Each scenario writes Protheus-shaped data (the testbed builders, plus the rows the
builders do not model: surcharge, rebate, abatement rows, cancelled or deleted
settlements, V2 and LIQ settlements, changes by a routine that writes no event), reads
the title back into the model (`layouts.reconcile`), asks the model what the daily run
must queue and leave in the sent state, runs the job, and compares. Skipped here (no
Oracle); CI runs them with ORACLE_TEST_DSN or Docker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.layouts import reconcile as model
from conefi_dbtool.layouts.amounts import is_abatement
from conefi_dbtool.layouts.codec import decode_record
from conefi_dbtool.layouts.data import CURRENT_VERSION
from conefi_dbtool.testbed.bed import IntegrationBed
from conefi_dbtool.testbed.builders import Customer, Protheus, Settlement, Title
from conefi_dbtool.testbed.database import OracleTestDatabase
from conefi_dbtool.testbed.executor import apply

D = Decimal
JOB = "J_CONEFI_DIARIO"


@pytest.fixture(scope="module")
def bed(oracle_db: OracleTestDatabase, project: Project) -> Iterator[IntegrationBed]:
    created = IntegrationBed.create(oracle_db, project, project.target("example"))
    yield created
    created.close()


@pytest.fixture
def erp(bed: IntegrationBed) -> Protheus:
    bed.clean()
    return bed.protheus()


@pytest.fixture(scope="module")
def today(bed: IntegrationBed) -> dt.date:
    tz = str(bed.target.schedule.timezone)
    with bed.admin.cursor() as cur:
        cur.execute("SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE :tz, 'YYYYMMDD') FROM dual", tz=tz)
        (text,) = cur.fetchone()
    return dt.datetime.strptime(text, "%Y%m%d").date()


# --------------------------------------------------------------------------- the database, as the model


def _siga(bed: IntegrationBed) -> str:
    return str(bed.target.erp.schemas.siga)


def _dec(value: Any) -> Decimal:
    return D(str(value or 0))


def model_title(bed: IntegrationBed, recno: int) -> model.Title:
    """SE1 row `recno`, its abatements and its SE5 rows (live and deleted) as the model's Title."""
    erp = bed.target.erp
    (e1,) = bed.rows(_siga(bed), erp.protheus_table("SE1"), where="R_E_C_N_O_ = :r",
                     binds={"r": recno})
    abatements = bed.rows(
        _siga(bed), erp.protheus_table("SE1"),
        where="D_E_L_E_T_ = ' ' AND E1_FILIAL = :f AND E1_PREFIXO = :p AND E1_NUM = :n "
              "AND E1_PARCELA = :a AND E1_CLIENTE = :c AND E1_LOJA = :l AND E1_TIPO LIKE '%-'",
        binds={"f": e1["E1_FILIAL"], "p": e1["E1_PREFIXO"], "n": e1["E1_NUM"],
               "a": e1["E1_PARCELA"], "c": e1["E1_CLIENTE"], "l": e1["E1_LOJA"]})
    kinds = bed.target.integration.money.abatement_types
    se5 = bed.rows(
        _siga(bed), erp.protheus_table("SE5"), order_by="R_E_C_N_O_",
        where="E5_FILIAL = :f AND E5_PREFIXO = :p AND E5_NUMERO = :n AND E5_PARCELA = :a "
              "AND E5_TIPO = :t AND E5_CLIFOR = :c AND E5_LOJA = :l",
        binds={"f": e1["E1_FILIAL"], "p": e1["E1_PREFIXO"], "n": e1["E1_NUM"],
               "a": e1["E1_PARCELA"], "t": e1["E1_TIPO"], "c": e1["E1_CLIENTE"],
               "l": e1["E1_LOJA"]})
    return model.Title(
        recno=recno, due=e1["E1_VENCREA"], value=_dec(e1["E1_VALOR"]), saldo=_dec(e1["E1_SALDO"]),
        sdacres=_dec(e1["E1_SDACRES"]), sddecre=_dec(e1["E1_SDDECRE"]),
        abatimentos=sum((_dec(a["E1_SALDO"]) for a in abatements
                         if is_abatement(a["E1_TIPO"], kinds)), D(0)),
        deleted=e1["D_E_L_E_T_"] == "*",
        movements=tuple(model.Movement(
            recno=int(m["R_E_C_N_O_"]), tipodoc=m["E5_TIPODOC"], seq=m["E5_SEQ"],
            valor=_dec(m["E5_VALOR"]), juros=_dec(m["E5_VLJUROS"]), multa=_dec(m["E5_VLMULTA"]),
            desconto=_dec(m["E5_VLDESCO"]), situacao=m["E5_SITUACA"],
            deleted=m["D_E_L_E_T_"] == "*", recpag=m["E5_RECPAG"], motbx=m["E5_MOTBX"],
        ) for m in se5),
    )


def sent_state(bed: IntegrationBed, recno: int) -> model.Sent:
    cf = bed.target.integration.custom_fields
    (e1,) = bed.rows(_siga(bed), bed.target.erp.protheus_table("SE1"), where="R_E_C_N_O_ = :r",
                     binds={"r": recno})
    return model.Sent(flag=e1[cf.sent_flag], sent_due=e1[cf.sent_due],
                      sent_amount=_dec(e1[cf.sent_balance]), sent_value=_dec(e1[cf.sent_value]),
                      version=int(e1[cf.send_version]), baseline=int(e1[cf.sent_movement]))


def queued_keys(bed: IntegrationBed) -> list[str]:
    return [r["INTDC_DES_IDEMP"] for r in bed.queue()]


def job_matches_the_model(bed: IntegrationBed, recno: int) -> list[dict[str, Any]]:
    """Run the daily job; what it queued and left in SE1 is what the model says. Its rows."""
    before = queued_keys(bed)
    expected, after = model.reconcile(model_title(bed, recno), sent_state(bed, recno), before,
                                      rules=model.build_rules(policy(bed)))
    bed.run_job(JOB)
    # the rules' rows only (the same run may add HST after a DES, PRV after a PRG), in the
    # job's step order; the model runs CAN first, which never meets a PGO (deleted vs live)
    new = [r for r in bed.queue() if r["INTDC_DES_IDEMP"] not in before
           and r["INTDC_IND_ACAO"] in model.RULE_ACTIONS]
    assert sorted((r["INTDC_IND_ACAO"], r["INTDC_DES_IDEMP"]) for r in new) == sorted(
        (e.action, e.key) for e in expected)
    assert sent_state(bed, recno) == after
    for r in new:
        assert int(r["INTDC_NUM_LAYOUT"]) == CURRENT_VERSION
        assert decode_record(r["INTDC_DADOS"]).version == CURRENT_VERSION
    return new


def policy(bed: IntegrationBed) -> model.Policy:
    integ = bed.target.integration
    return model.Policy(payment_tipodoc=tuple(integ.settlement_tipodoc),
                        reversal_situacao=tuple(integ.money.reversal_situacao))


# --------------------------------------------------------------------------- Protheus operations


def in_collection(bed: IntegrationBed, erp: Protheus, today: dt.date,
                  value: str = "1000.00") -> tuple[Customer, Title]:
    maria = erp.customer("000123", "MARIA DA SILVA", document="12345678909")
    title = erp.title(maria.value, "000000101", value, due=today - dt.timedelta(days=10))
    apply(bed.admin, maria, title)
    bed.run_job(JOB)
    return maria.value, title.value


def write(bed: IntegrationBed, erp: Protheus, alias: str, recno: int, **values: object) -> None:
    """A change by a routine that writes no ERP event (renegotiation, CNAB, custom code)."""
    apply(bed.admin, erp.update(alias, recno, values, "change without event"))


def abatement(bed: IntegrationBed, erp: Protheus, title: Title, kind: str, amount: str) -> None:
    """An abatement row of the title (same prefix/number/installment/customer), e.g. IR-."""
    apply(bed.admin, erp.insert("SE1", {
        "E1_FILIAL": title.branch, "E1_PREFIXO": title.prefix, "E1_NUM": title.number,
        "E1_PARCELA": title.installment, "E1_TIPO": kind, "E1_CLIENTE": title.customer.code,
        "E1_LOJA": title.customer.store, "E1_VALOR": D(amount), "E1_SALDO": D(amount),
        "E1_EMISSAO": title.issued, "E1_VENCTO": title.due, "E1_VENCREA": title.real_due,
        "E1_VENCORI": title.original_due,
    }, erp.recno("SE1"), f"abatement {kind}"))


def paid(bed: IntegrationBed, erp: Protheus, title: Title, today: dt.date, amount: str, *,
         kind: str = "VL", reason: str = "NOR") -> Settlement:
    change = erp.settle(title, amount, on=today, kind=kind, reason=reason)
    apply(bed.admin, change)
    return change.value


# --------------------------------------------------------------------------- scenarios


def test_surcharge_rebate_and_abatement_are_des(bed: IntegrationBed, erp: Protheus,
                                                today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    write(bed, erp, "SE1", title.recno, E1_ACRESC=D("40.00"), E1_SDACRES=D("40.00"))
    (des,) = job_matches_the_model(bed, title.recno)
    assert decode_record(des["INTDC_DADOS"]).as_dict()["valor_devido"] == D("1040.00")
    write(bed, erp, "SE1", title.recno, E1_DECRESC=D("15.00"), E1_SDDECRE=D("15.00"))
    job_matches_the_model(bed, title.recno)
    abatement(bed, erp, title, "IR-", "61.50")
    (des,) = job_matches_the_model(bed, title.recno)
    assert decode_record(des["INTDC_DADOS"]).as_dict()["valor_devido"] == D("963.50")


def test_value_a_b_a_b_by_another_routine_is_four_des(bed: IntegrationBed, erp: Protheus,
                                                      today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    keys = []
    for value in ("900.00", "1000.00", "900.00", "1000.00"):
        write(bed, erp, "SE1", title.recno, E1_VALOR=D(value), E1_SALDO=D(value))
        keys += [r["INTDC_DES_IDEMP"] for r in job_matches_the_model(bed, title.recno)]
    assert keys == [f"DES:{title.recno}:V:{v}" for v in (1, 2, 3, 4)]


def test_due_date_moved_by_another_routine_is_prg(bed: IntegrationBed, erp: Protheus,
                                                  today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    later = (today + dt.timedelta(days=20)).strftime("%Y%m%d")
    write(bed, erp, "SE1", title.recno, E1_VENCTO=later, E1_VENCREA=later)
    (prg,) = job_matches_the_model(bed, title.recno)
    assert prg["INTDC_IND_ACAO"] == "PRG"


def test_payment_and_surcharge_together_pgo_then_des_without_the_payment(
        bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    settlement = erp.settle(title, "300.00", on=today, event=False)
    apply(bed.admin, settlement)
    write(bed, erp, "SE1", title.recno, E1_SDACRES=D("40.00"))
    pgo, des = job_matches_the_model(bed, title.recno)
    record = decode_record(des["INTDC_DADOS"]).as_dict()
    assert record["valor_devido"] - record["devido_anterior"] == D("40.00")
    assert pgo["INTDC_IND_ACAO"] == "PGO"


@pytest.mark.parametrize("how", ["ES", "situacao", "deleted"])
def test_every_undo_of_a_sent_payment_is_one_est(bed: IntegrationBed, erp: Protheus,
                                                 today: dt.date, how: str) -> None:
    _, title = in_collection(bed, erp, today)
    settlement = paid(bed, erp, title, today, "200.00")  # the trigger queues the PGO
    if how == "ES":
        apply(bed.admin, erp.reversal(settlement, on=today, event=False))
    else:
        write(bed, erp, "SE1", title.recno, E1_SALDO=D("1000.00"))
        if how == "situacao":
            write(bed, erp, "SE5", settlement.movement.recno, E5_SITUACA="C")
        else:
            with bed.admin.cursor() as cur:
                cur.execute(f"UPDATE {_siga(bed)}.{bed.target.erp.protheus_table('SE5')} "
                            "SET D_E_L_E_T_ = '*', R_E_C_D_E_L_ = R_E_C_N_O_ "
                            "WHERE R_E_C_N_O_ = :r", r=settlement.movement.recno)
            bed.admin.commit()
    (est,) = job_matches_the_model(bed, title.recno)
    assert est["INTDC_DES_IDEMP"] == f"EST:P:{settlement.movement.recno}"
    assert job_matches_the_model(bed, title.recno) == []


def test_v2_settlement_is_a_payment(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    apply(bed.admin, erp.settle(title, "250.00", on=today, kind="V2", event=False))
    (pgo,) = job_matches_the_model(bed, title.recno)
    assert decode_record(pgo["INTDC_DADOS"]).as_dict()["tipo_doc"] == "V2"


def test_liquidacao_is_a_payment_carrying_the_new_titles_reference(
        bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    apply(bed.admin, erp.settle(title, on=today, reason="LIQ", event=False))
    write(bed, erp, "SE1", title.recno, E1_NUMLIQ="000321")
    (pgo,) = job_matches_the_model(bed, title.recno)
    record = decode_record(pgo["INTDC_DADOS"]).as_dict()
    assert (record["motivo_baixa"], record["num_liquidacao"], record["tipo_pagamento"]) == (
        "LIQ", "000321", "T")


def test_pgo_with_interest_fine_and_discount_says_which_amount_is_which(
        bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    settlement = erp.settle(title, "300.00", on=today, event=False)
    apply(bed.admin, settlement)
    write(bed, erp, "SE5", settlement.value.movement.recno, E5_VALOR=D("306.00"),
          E5_VLJUROS=D("5.00"), E5_VLMULTA=D("2.00"), E5_VLDESCO=D("1.00"))
    (pgo,) = job_matches_the_model(bed, title.recno)  # no DES: the payment is not a value change
    record = decode_record(pgo["INTDC_DADOS"]).as_dict()
    assert {k: record[k] for k in ("valor_pago", "juros", "multa", "desconto", "valor_baixado",
                                   "valor_devido")} == {
        "valor_pago": D("306.00"), "juros": D("5.00"), "multa": D("2.00"),
        "desconto": D("1.00"), "valor_baixado": D("300.00"), "valor_devido": D("700.00")}


def test_due_date_moved_a_b_a_is_back_in_collection_each_time(bed: IntegrationBed, erp: Protheus,
                                                               today: dt.date) -> None:
    """PRV is keyed by the send version: PRG to D1 (PRV at once, D1 is past), PRG to D2,
    back to D1 (an earlier date: no PRG by default) -> a second PRV, the title in collection."""
    maria = erp.customer("000123", "MARIA DA SILVA", document="12345678909")
    made = erp.title(maria.value, "000000102", "1000.00", due=today - dt.timedelta(days=30))
    apply(bed.admin, maria, made)
    bed.run_job(JOB)
    recno = made.value.recno
    d1, d2 = ((today + dt.timedelta(days=d)).strftime("%Y%m%d") for d in (-20, 20))
    flag = bed.target.integration.custom_fields.sent_flag
    seen: list[str] = []
    for due in (d1, d2, d1):
        before = set(queued_keys(bed))
        write(bed, erp, "SE1", recno, E1_VENCTO=due, E1_VENCREA=due)
        bed.run_job(JOB)
        seen += [k for k in queued_keys(bed) if k not in before and k.startswith(("PRG", "PRV"))]
    assert seen == [f"PRG:{recno}:V:1", f"PRV:{recno}:V:1", f"PRG:{recno}:V:2", f"PRV:{recno}:V:2"]
    (e1,) = bed.rows(_siga(bed), bed.target.erp.protheus_table("SE1"), where="R_E_C_N_O_ = :r",
                     binds={"r": recno})
    assert e1[flag] == "S"


def test_the_sent_amount_is_the_one_the_des_record_carried(bed: IntegrationBed, erp: Protheus,
                                                           today: dt.date) -> None:
    """The DES step's UPDATE copies valor_devido from the row it queued (not re-read)."""
    _, title = in_collection(bed, erp, today)
    write(bed, erp, "SE1", title.recno, E1_ACRESC=D("40.00"), E1_SDACRES=D("40.00"))
    (des,) = job_matches_the_model(bed, title.recno)
    carried = decode_record(des["INTDC_DADOS"]).as_dict()["valor_devido"]
    assert sent_state(bed, title.recno).sent_amount == carried == D("1040.00")
