"""End to end on Oracle: every CONEFI action from Protheus-shaped data to decoded queue rows.

Each module deploys the fixture schemas and the rendered `example` target into fresh
users (see conefi_dbtool.testbed.bed); each test starts from empty tables. ERP changes are
written with the Protheus builders in the ERP's own transaction (the trigger fires there);
the daily batch runs through DBMS_SCHEDULER.RUN_JOB. Every assertion is on the exact queue
rows, their records decoded with the project's decoder (conefi_dbtool.layouts.codec).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from conefi_dbtool.config import Project, Target
from conefi_dbtool.layouts.codec import decode_record
from conefi_dbtool.testbed.bed import IntegrationBed
from conefi_dbtool.testbed.builders import Customer, Event, Protheus, Title
from conefi_dbtool.testbed.database import OracleTestDatabase
from conefi_dbtool.testbed.executor import apply
from conefi_dbtool.testbed.fixtures import FEDERATION_CODE

D = Decimal
JOB = "J_CONEFI_DIARIO"
REJECTED_NO_RULE = "no rule of integration.events maps this kind/routine/entry point"


def layout_1(target: Target) -> Target:
    """These scenarios read records field for field as layout 1 (the config can keep it
    until CONEFI reads layout 2; tests/oracle/test_reconciliation_oracle.py covers 2)."""
    money = dataclasses.replace(target.integration.money, layout_version=1)
    return dataclasses.replace(target, integration=dataclasses.replace(target.integration,
                                                                       money=money))


@pytest.fixture(scope="module")
def bed(oracle_db: OracleTestDatabase, project: Project) -> Iterator[IntegrationBed]:
    created = IntegrationBed.create(oracle_db, project, project.target("example"), adjust=layout_1)
    yield created
    created.close()


@pytest.fixture
def erp(bed: IntegrationBed) -> Protheus:
    """Empty tables and a fresh builder (R_E_C_N_O_ from 1) for every test."""
    bed.clean()
    return bed.protheus()


@pytest.fixture(scope="module")
def today(bed: IntegrationBed) -> dt.date:
    """Today in the schedule's region time zone, as the integration computes it."""
    tz = str(bed.target.schedule.timezone)
    with bed.admin.cursor() as cur:
        cur.execute("SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE :tz, 'YYYYMMDD') FROM dual", tz=tz)
        (text,) = cur.fetchone()
    return dt.datetime.strptime(text, "%Y%m%d").date()


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Row:
    """A queue row with its record decoded."""

    id: int
    action: str
    status: str
    idemp: str
    record: dict[str, Any]
    recno_se1: int | None
    recno_se5: int | None
    event_id: int | None
    origin_id: int | None
    obs: str | None

    @property
    def brief(self) -> tuple[str, str, str, dict[str, Any]]:
        return (self.action, self.status, self.idemp, self.record)


def queue(bed: IntegrationBed, *actions: str) -> list[Row]:
    rows = []
    for r in bed.queue():
        if actions and r["INTDC_IND_ACAO"] not in actions:
            continue
        decoded = decode_record(r["INTDC_DADOS"])
        assert decoded.action == r["INTDC_IND_ACAO"]
        rows.append(Row(int(r["INTDC_ID"]), r["INTDC_IND_ACAO"], r["INTDC_IND_STATUS"],
                        r["INTDC_DES_IDEMP"], decoded.as_dict(), _int(r["INTDC_NUM_RECNO_SE1"]),
                        _int(r["INTDC_NUM_RECNO_SE5"]), _int(r["INTDC_ID_EVENTO"]),
                        _int(r["INTDC_ID_ORIGEM"]), r["INTDC_DES_OBS"]))
    return rows


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def run_daily_job(bed: IntegrationBed) -> None:
    bed.run_job(JOB)


def events(bed: IntegrationBed) -> list[dict[str, Any]]:
    integ = bed.target.integration
    return bed.rows(str(bed.target.erp.schemas.sgu), str(integ.event_table),
                    order_by=str(integ.event_columns.id))


def last_event_id(bed: IntegrationBed) -> int:
    rows = events(bed)
    assert rows, "no ERP event row"
    return int(rows[-1][str(bed.target.integration.event_columns.id)])


def se1_state(bed: IntegrationBed, title: Title) -> dict[str, Any]:
    """The custom fields (what was last sent) of a title, blanks kept."""
    cf = bed.target.integration.custom_fields
    (row,) = bed.rows(str(bed.target.erp.schemas.siga), bed.target.erp.protheus_table("SE1"),
                      where="R_E_C_N_O_ = :r", binds={"r": title.recno})
    return {role: row[name] for role, name in dataclasses.asdict(cf).items()}


def ymd(day: dt.date | None) -> str:
    return day.strftime("%Y%m%d") if day else " " * 8


def key(title: Title) -> dict[str, Any]:
    return {"filial": title.branch, "prefixo": title.prefix, "numero": title.number,
            "parcela": title.installment, "tipo": title.type}


def inc_record(title: Title, customer: Customer) -> dict[str, Any]:
    return {
        **key(title), "cliente": customer.code, "loja": customer.store, "nome": customer.name,
        "pessoa": "F", "cpf_cnpj": customer.document, "email": customer.email, "ddd": "",
        "telefone": "", "endereco": "", "bairro": "", "municipio": "", "uf": "", "cep": "",
        "emissao": title.issued, "venc_original": title.original_due,
        "venc_real": title.real_due, "valor": title.value, "saldo": title.balance,
        "cod_federacao": FEDERATION_CODE, "plano_grr": "", "assinatura_grr": "",
        "recno_se1": title.recno,
    }


def hst_record(origin: int, title: Title, today: dt.date) -> dict[str, Any]:
    if title.balance == 0 and title.last_settlement is not None:
        late = max(0, (title.last_settlement - title.real_due).days)
    else:
        late = max(0, (today - title.real_due).days)
    return {
        "id_origem": origin, "cliente": title.customer.code, "loja": title.customer.store,
        **key(title), "emissao": title.issued, "vencimento": title.real_due,
        "data_baixa": title.last_settlement, "valor": title.value, "saldo": title.balance,
        "dias_atraso": late,
    }


def hst_rows(origin: int, titles: list[Title], today: dt.date) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted((("HST", "P", f"HST:{origin}:{t.recno}", hst_record(origin, t, today))
                   for t in titles), key=lambda r: r[2])


def briefs(rows: list[Row]) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted((r.brief for r in rows), key=lambda b: (b[0], b[2]))


def days(today: dt.date, n: int) -> dt.date:
    return today + dt.timedelta(days=n)


def in_collection(bed: IntegrationBed, erp: Protheus, today: dt.date, *, number: str = "000000101",
                  value: str = "100.00", due_in: int = -10) -> tuple[Customer, Title]:
    """A customer with one overdue title that the daily job has sent (INC)."""
    maria = erp.customer("000123", "MARIA DA SILVA", document="12345678909",
                         email="maria@example.com")
    title = erp.title(maria.value, number, value, due=days(today, due_in))
    apply(bed.admin, maria, title)
    run_daily_job(bed)
    (inc,) = queue(bed, "INC")
    assert inc.record == inc_record(title.value, maria.value)
    return maria.value, title.value


# --------------------------------------------------------------------------- INC


def test_inc_for_a_newly_overdue_title(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    maria = erp.customer("000123", "MARIA DA SILVA", document="12345678909",
                         email="maria@example.com")
    overdue = erp.title(maria.value, "000000101", "150.50", due=days(today, -3))
    due_today = erp.title(maria.value, "000000102", "20.00", due=today)
    future = erp.title(maria.value, "000000103", "30.00", due=days(today, 10))
    apply(bed.admin, maria, overdue, due_today, future)

    run_daily_job(bed)

    rows = queue(bed)
    (inc,) = [r for r in rows if r.action == "INC"]
    assert inc.brief == ("INC", "P", f"INC:{overdue.value.recno}",
                         inc_record(overdue.value, maria.value))
    assert (inc.recno_se1, inc.recno_se5, inc.event_id, inc.origin_id) == (
        overdue.value.recno, 0, None, None)
    # HST follows the INC: one line per title of the customer issued in the last 12 months
    assert briefs([r for r in rows if r.action == "HST"]) == hst_rows(
        inc.id, [overdue.value, due_today.value, future.value], today)
    assert len(rows) == 4
    assert se1_state(bed, overdue.value) == {
        "sent_flag": "S", "sent_date": ymd(today), "sent_due": ymd(overdue.value.real_due),
        "sent_value": D("150.50"), "sent_balance": D("150.50"), "sent_movement": 0,
    }
    assert se1_state(bed, future.value)["sent_flag"] == " "


def test_no_inc_twice_across_two_job_runs(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    maria = erp.customer("000123", "MARIA")
    title = erp.title(maria.value, "000000101", "100.00", due=days(today, -3))
    apply(bed.admin, maria, title)
    run_daily_job(bed)
    first = queue(bed)
    run_daily_job(bed)
    assert queue(bed) == first
    assert [r.action for r in first].count("INC") == 1
    log = bed.rows(bed.conefi, "INTGRA_LOG_CONEFI", order_by="INTLC_ID", where="INTLC_NOM_PASSO = 'INC'")
    assert [(r["INTLC_IND_STATUS"], r["INTLC_QTD_LINHAS"]) for r in log] == [("S", 1), ("S", 0)]


def test_no_inc_for_a_grr_title(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    maria = erp.customer("000123", "MARIA")
    grr = erp.grr_title(maria.value, "000000900", "59.90", due=days(today, -5))
    card = erp.title(maria.value, "000000901", "80.00", due=days(today, -5))
    card_paid = erp.settle(card.value, "30.00", on=days(today, -4),
                           reason=bed.target.integration.grr_motbx)  # partly paid through GRR
    plain = erp.title(maria.value, "000000902", "10.00", due=days(today, -5))
    apply(bed.admin, maria, grr, card, card_paid, plain)

    run_daily_job(bed)

    rows = queue(bed)
    assert [(r.action, r.recno_se1) for r in rows if r.action == "INC"] == [("INC", plain.value.recno)]
    (inc,) = [r for r in rows if r.action == "INC"]
    # GRR titles stay out of the history too
    assert briefs([r for r in rows if r.action == "HST"]) == hst_rows(inc.id, [plain.value], today)
    assert se1_state(bed, grr.value)["sent_flag"] == " "
    assert se1_state(bed, card.value)["sent_flag"] == " "


def test_inc_carries_the_grr_subscription_of_a_title(
    bed: IntegrationBed, erp: Protheus, today: dt.date
) -> None:
    """A title of a GRR subscription not paid through GRR is collected, with plan and id."""
    maria = erp.customer("000123", "MARIA")
    title = erp.grr_title(maria.value, "000000950", "59.90", due=days(today, -5), plan="PLN001",
                          subscription="SUB-42", prefix="DP")
    apply(bed.admin, maria, title)
    run_daily_job(bed)
    (inc,) = queue(bed, "INC")
    assert inc.record == {**inc_record(title.value, maria.value), "plano_grr": "PLN001",
                          "assinatura_grr": "SUB-42"}


def test_z99_parameters_grace_days_and_pause(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    maria = erp.customer("000123", "MARIA")
    recent = erp.title(maria.value, "000000101", "10.00", due=days(today, -3))
    older = erp.title(maria.value, "000000102", "10.00", due=days(today, -6))
    grace = erp.parameter("CONEFI_DIAS_CARENCIA", "5")
    apply(bed.admin, maria, recent, older, grace)
    run_daily_job(bed)
    assert [r.recno_se1 for r in queue(bed, "INC")] == [older.value.recno]

    before = queue(bed)
    apply(bed.admin, erp.parameter("CONEFI_JOB_ATIVO", "N"),
          erp.title(maria.value, "000000103", "10.00", due=days(today, -30)))
    run_daily_job(bed)
    assert queue(bed) == before
    log = bed.rows(bed.conefi, "INTGRA_LOG_CONEFI", order_by="INTLC_ID")
    assert (log[-1]["INTLC_NOM_PASSO"], log[-1]["INTLC_IND_STATUS"]) == ("DIARIO", "N")


# --------------------------------------------------------------------------- trigger actions


def test_pgo_partial_then_total(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)

    partial = erp.partial_settlement(title, "40.00", on=today)
    apply(bed.admin, partial)
    first_event = last_event_id(bed)
    total = erp.settle(partial.value.title, on=today)
    apply(bed.admin, total)

    rows = queue(bed, "PGO")
    assert [r.brief for r in rows] == [
        ("PGO", "P", f"PGO:{partial.value.movement.recno}", {
            **key(title), "recno_se5": partial.value.movement.recno, "seq_baixa": "01",
            "data_pagamento": today, "valor_pago": D("40.00"), "motivo_baixa": "NOR",
            "saldo": D("60.00"), "tipo_pagamento": "P"}),
        ("PGO", "P", f"PGO:{total.value.movement.recno}", {
            **key(title), "recno_se5": total.value.movement.recno, "seq_baixa": "02",
            "data_pagamento": today, "valor_pago": D("60.00"), "motivo_baixa": "NOR",
            "saldo": D("0.00"), "tipo_pagamento": "T"}),
    ]
    assert [r.event_id for r in rows] == [first_event, last_event_id(bed)]
    assert [r.recno_se5 for r in rows] == [partial.value.movement.recno, total.value.movement.recno]
    assert se1_state(bed, title)["sent_balance"] == D("0.00")
    run_daily_job(bed)  # the catch-up step finds both already queued
    assert len(queue(bed, "PGO")) == 2


def test_des_when_the_value_changes(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    changed = erp.value_change(title, "80.00")
    apply(bed.admin, changed)
    event_id = last_event_id(bed)

    (des,) = queue(bed, "DES")
    assert des.brief == ("DES", "P", f"DES:{title.recno}:V:1", {  # send version 1
        **key(title), "valor_anterior": D("100.00"), "valor_novo": D("80.00"),
        "saldo_anterior": D("100.00"), "saldo_novo": D("80.00"), "data_alteracao": today})
    assert (des.event_id, des.recno_se1) == (event_id, title.recno)
    assert queue(bed, "PRG") == []  # the due date did not move
    state = se1_state(bed, title)
    assert (state["sent_value"], state["sent_balance"], state["sent_flag"]) == (D("80.00"), D("80.00"), "S")


def test_prg_when_the_due_date_is_extended(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    extended = erp.extension(title, days(today, 15))
    apply(bed.admin, extended)

    (prg,) = queue(bed, "PRG")
    assert prg.brief == ("PRG", "P", f"PRG:{title.recno}:V:1", {  # send version 1
        **key(title), "venc_anterior": title.real_due, "venc_novo": days(today, 15),
        "venc_original": title.original_due, "data_alteracao": today})
    assert prg.event_id == last_event_id(bed)
    assert queue(bed, "DES") == []
    state = se1_state(bed, title)
    assert (state["sent_flag"], state["sent_due"]) == ("P", ymd(days(today, 15)))


def test_prv_after_an_extended_title_falls_due(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    maria = erp.customer("000123", "MARIA")
    later = erp.title(maria.value, "000000101", "100.00", due=days(today, -20))
    fallen = erp.title(maria.value, "000000102", "50.00", due=days(today, -20))
    apply(bed.admin, maria, later, fallen)
    run_daily_job(bed)
    # one extension still ahead, one whose new due date has already passed
    still_ahead = erp.extension(later.value, days(today, 15))
    due_again = erp.extension(fallen.value, days(today, -2))
    apply(bed.admin, still_ahead, due_again)
    assert len(queue(bed, "PRG")) == 2

    run_daily_job(bed)

    (prv,) = queue(bed, "PRV")
    assert prv.brief == ("PRV", "P", f"PRV:{fallen.value.recno}:{ymd(days(today, -2))}", {
        **key(fallen.value), "venc_real": days(today, -2), "venc_original": days(today, -20),
        "saldo": D("50.00"), "dias_atraso": 2})
    assert se1_state(bed, due_again.value)["sent_flag"] == "S"  # back in collection
    assert se1_state(bed, still_ahead.value)["sent_flag"] == "P"
    run_daily_job(bed)
    assert len(queue(bed, "PRV")) == 1


def test_can_when_a_title_in_collection_is_deleted(
    bed: IntegrationBed, erp: Protheus, today: dt.date
) -> None:
    _, title = in_collection(bed, erp, today)
    apply(bed.admin, erp.cancellation(title))
    assert queue(bed, "CAN") == []  # CAN is the job's, not the trigger's

    run_daily_job(bed)

    (can,) = queue(bed, "CAN")
    assert can.brief == ("CAN", "P", f"CAN:{title.recno}", {
        **key(title), "data_cancelamento": today, "valor": D("100.00"), "saldo": D("100.00")})
    assert se1_state(bed, title)["sent_flag"] == "C"
    run_daily_job(bed)
    assert len(queue(bed, "CAN")) == 1


def test_hst_after_inc_des_and_prg_one_line_per_title_of_12_months(
    bed: IntegrationBed, erp: Protheus, today: dt.date
) -> None:
    maria = erp.customer("000123", "MARIA")
    joao = erp.customer("000456", "JOAO")
    overdue = erp.title(maria.value, "000000101", "100.00", due=days(today, -5))
    paid = erp.title(maria.value, "000000102", "70.00", due=days(today, -70),
                     issued=days(today, -100))
    paid_off = erp.settle(paid.value, on=days(today, -60), event=False)
    too_old = erp.title(maria.value, "000000103", "40.00", due=days(today, -380),
                        issued=days(today, -400))
    old_paid = erp.settle(too_old.value, on=days(today, -379), event=False)
    grr = erp.grr_title(maria.value, "000000104", "59.90", due=days(today, 20))
    advance = erp.title(maria.value, "000000105", "10.00", due=days(today, 20), type="RA")
    other = erp.title(joao.value, "000000201", "10.00", due=days(today, 20))
    apply(bed.admin, maria, joao, overdue, paid, paid_off, too_old, old_paid, grr, advance, other)

    run_daily_job(bed)
    (inc,) = queue(bed, "INC")
    history = [overdue.value, paid_off.value.title]
    assert briefs(queue(bed, "HST")) == hst_rows(inc.id, history, today)

    changed = erp.value_change(overdue.value, "90.00")
    extended = erp.extension(changed.value, days(today, 10))
    apply(bed.admin, changed, extended)
    (des,) = queue(bed, "DES")
    (prg,) = queue(bed, "PRG")
    run_daily_job(bed)

    # DES and PRG of the same customer the same day: its history of the day was sent (once
    # per customer and day, docs/integration-design.md §9.4), not again per origin row
    assert (des.id, prg.id) > (inc.id, inc.id)
    assert briefs(queue(bed, "HST")) == hst_rows(inc.id, history, today)
    assert all(r.origin_id == int(r.idemp.split(":")[1]) for r in queue(bed, "HST"))


def test_est_references_the_original_entry(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    paid = erp.settle(title, on=today)
    apply(bed.admin, paid)
    (pgo,) = queue(bed, "PGO")
    reversed_ = erp.reversal(paid.value, on=today)
    apply(bed.admin, reversed_)

    (est,) = queue(bed, "EST")
    original = paid.value.movement
    assert est.brief == ("EST", "P", f"EST:P:{original.recno}", {
        **key(title), "recno_se5_estorno": reversed_.value.movement.recno, "seq_baixa": "01",
        "data_estorno": today, "valor_estornado": D("100.00"),
        "recno_se5_original": original.recno, "id_fila_original": pgo.id, "saldo": D("100.00")})
    assert (est.origin_id, est.recno_se5, est.event_id) == (pgo.id, original.recno,
                                                             last_event_id(bed))
    assert se1_state(bed, title)["sent_balance"] == D("100.00")


# --------------------------------------------------------------------------- outbox guarantees


def test_erp_rollback_leaves_no_queue_row(bed: IntegrationBed, erp: Protheus, today: dt.date) -> None:
    _, title = in_collection(bed, erp, today)
    before = len(events(bed))
    with bed.db.connect() as session:  # the ERP's own session
        apply(session, erp.settle(title, "10.00", on=today), commit=False)
        with session.cursor() as cur:  # inside the transaction the trigger did queue it
            cur.execute(f"SELECT COUNT(*) FROM {bed.conefi}.INTGRA_DADOS_CONEFI "
                        "WHERE INTDC_IND_ACAO = 'PGO'")
            assert cur.fetchone() == (1,)
        session.rollback()
    assert queue(bed, "PGO") == []
    assert len(events(bed)) == before
    assert bed.rows(str(bed.target.erp.schemas.siga), bed.target.erp.protheus_table("SE5")) == []


def test_unmappable_event_is_queued_as_error_and_the_erp_insert_succeeds(
    bed: IntegrationBed, erp: Protheus, today: dt.date
) -> None:
    _, title = in_collection(bed, erp, today)
    key16 = str(title.recno).zfill(16)
    unknown_routine = Event("REC", key16, "x;y", "FINA999", "", "ADMIN")
    no_title = Event("REC", "0000000000009999", None, "FINA070", "FA070TIT", "ADMIN")
    ignored = Event("PAG", key16, None, "FINA080", "", "ADMIN")
    apply(bed.admin, erp.event(unknown_routine), erp.event(no_title), erp.event(ignored))

    rows = events(bed)
    ids = [int(r[str(bed.target.integration.event_columns.id)]) for r in rows[-3:]]
    assert [r[str(bed.target.integration.event_columns.routine)] for r in rows[-3:]] == [
        "FINA999", "FINA070", "FINA080"]  # the ERP inserts all committed
    evt = queue(bed, "EVT")
    assert [(r.status, r.idemp, r.record, r.obs, r.event_id) for r in evt] == [
        ("E", f"EVT:{ids[0]}", {"id_evento": ids[0], "tipo_evento": "REC", "rotina": "FINA999",
                                "ponto_entrada": "", "chave": key16}, REJECTED_NO_RULE, ids[0]),
        ("E", f"EVT:{ids[1]}", {"id_evento": ids[1], "tipo_evento": "REC", "rotina": "FINA070",
                                "ponto_entrada": "FA070TIT", "chave": "0000000000009999"},
         "PGO: the event key is not the R_E_C_N_O_ of an SE1 title", ids[1]),
    ]  # and the PAG event is ignored by rule: no row


# --------------------------------------------------------------------------- the scheduler job


def test_job_run_by_the_scheduler_in_its_own_session(
    bed: IntegrationBed, erp: Protheus, today: dt.date
) -> None:
    """RUN_JOB outside the caller's session: the job runs as its owner, with direct grants."""
    maria = erp.customer("000123", "MARIA")
    title = erp.title(maria.value, "000000101", "100.00", due=days(today, -3))
    apply(bed.admin, maria, title)
    with bed.admin.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM all_scheduler_job_run_details WHERE owner = :o "
                    "AND job_name = :j", o=bed.conefi, j=JOB)
        (runs_before,) = cur.fetchone()
    bed.run_job(JOB, current_session=False)
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        with bed.admin.cursor() as cur:
            cur.execute("SELECT status, additional_info FROM all_scheduler_job_run_details "
                        "WHERE owner = :o AND job_name = :j ORDER BY log_id DESC",
                        o=bed.conefi, j=JOB)
            found = cur.fetchall()
        if len(found) > runs_before:
            status = found[0]
            break
        time.sleep(1)
    assert status is not None and status[0] == "SUCCEEDED", status
    assert [(r.action, r.recno_se1) for r in queue(bed, "INC")] == [("INC", title.value.recno)]


def test_daily_job_is_05_00_in_the_region_time_zone(bed: IntegrationBed) -> None:
    schedule = bed.target.schedule
    with bed.admin.cursor() as cur:
        cur.execute(
            "SELECT job_action, repeat_interval, enabled, TO_CHAR(start_date, 'TZR'), "
            "TO_CHAR(next_run_date, 'TZR'), "
            "TO_CHAR(next_run_date AT TIME ZONE :tz, 'YYYY-MM-DD HH24:MI:SS'), "
            "TO_CHAR(SYSTIMESTAMP AT TIME ZONE :tz, 'YYYY-MM-DD HH24:MI:SS') "
            "FROM all_scheduler_jobs WHERE owner = :o AND job_name = :j",
            tz=str(schedule.timezone), o=bed.conefi, j=JOB)
        row = cur.fetchone()
    assert row is not None, f"{bed.conefi}.{JOB} was not created"
    action, interval, enabled, start_tz, next_tz, next_local, now_local = row
    assert action == f"{bed.conefi}.PKG_CONEFI_JOB.P_DIARIO"
    assert interval == "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0" == schedule.calendar
    assert enabled == "TRUE"
    # a region, not an offset; TZR's case follows the database's time-zone file
    assert start_tz.upper() == next_tz.upper() == str(schedule.timezone).upper()
    now = dt.datetime.strptime(now_local, "%Y-%m-%d %H:%M:%S")
    run_today = now.replace(hour=schedule.hour, minute=schedule.minute, second=0)
    expected = run_today if now < run_today else run_today + dt.timedelta(days=1)
    assert next_local == expected.strftime("%Y-%m-%d %H:%M:%S")
