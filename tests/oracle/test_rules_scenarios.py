"""On Oracle: eligibility, branch sharing, time and HST/PRG/PRV rules (issue 17, items 4-6).

Protheus-shaped data through the Protheus builders, the daily batch through
DBMS_SCHEDULER, assertions on the exact queue rows. Each sharing case deploys its own bed
with the target's `integration.sharing` changed (the joins are rendered from it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from conefi_dbtool.config import Project, TableSharing, Target
from conefi_dbtool.layouts.codec import decode_record
from conefi_dbtool.testbed.bed import IntegrationBed
from conefi_dbtool.testbed.builders import Protheus, Title
from conefi_dbtool.testbed.database import OracleTestDatabase
from conefi_dbtool.testbed.executor import apply

JOB = "J_CONEFI_DIARIO"
EXCLUSIVE = TableSharing("E", "E", "E")
SHARED = TableSharing("C", "C", "C")


def with_sharing(**tables: TableSharing) -> Callable[[Target], Target]:
    def adjust(target: Target) -> Target:
        integ = target.integration
        sharing = dataclasses.replace(integ.sharing, **tables)
        return dataclasses.replace(target, integration=dataclasses.replace(integ, sharing=sharing))
    return adjust


def make_bed(db: OracleTestDatabase, project: Project, **tables: TableSharing) -> IntegrationBed:
    return IntegrationBed.create(db, project, project.target("example"),
                                 adjust=with_sharing(**tables) if tables else None)


@pytest.fixture(scope="module")
def bed(oracle_db: OracleTestDatabase, project: Project) -> Iterator[IntegrationBed]:
    created = make_bed(oracle_db, project)
    yield created
    created.close()


@pytest.fixture
def erp(bed: IntegrationBed) -> Protheus:
    bed.clean()
    return bed.protheus()


def region_today(bed: IntegrationBed) -> dt.date:
    with bed.admin.cursor() as cur:
        cur.execute("SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE :tz, 'YYYYMMDD') FROM dual",
                    tz=str(bed.target.schedule.timezone))
        (text,) = cur.fetchone()
    return dt.datetime.strptime(text, "%Y%m%d").date()


def days(n: int, bed: IntegrationBed) -> dt.date:
    return region_today(bed) + dt.timedelta(days=n)


def actions(bed: IntegrationBed, *wanted: str) -> list[tuple[str, str, dict[str, object]]]:
    out = []
    for r in bed.queue():
        if wanted and r["INTDC_IND_ACAO"] not in wanted:
            continue
        out.append((r["INTDC_IND_ACAO"], r["INTDC_DES_IDEMP"], decode_record(r["INTDC_DADOS"]).as_dict()))
    return out


def sent_flag(bed: IntegrationBed, title: Title) -> str:
    cf = bed.target.integration.custom_fields
    (row,) = bed.rows(str(bed.target.erp.schemas.siga), bed.target.erp.protheus_table("SE1"),
                      where="R_E_C_N_O_ = :r", binds={"r": title.recno})
    return str(row[str(cf.sent_flag)])


# --------------------------------------------------------------------------- eligibility


def test_tax_abatement_and_provisional_titles_never_enter_collection(
        bed: IntegrationBed, erp: Protheus) -> None:
    maria = erp.customer("000123", "MARIA")
    due = days(-10, bed)
    invoice = erp.title(maria.value, "000000101", "1000.00", due=due)
    retained = [erp.title(maria.value, "000000101", v, due=due, type=t)
                for t, v in (("IR-", "15.00"), ("PI-", "6.50"), ("CF-", "30.00"), ("CS-", "10.00"))]
    taxes = [erp.title(maria.value, "000000102", "10.00", due=due, type=t)
             for t in ("PIS", "COF", "CSL", "IRF")]
    provisional = erp.title(maria.value, "000000103", "50.00", due=due, type="PR")
    apply(bed.admin, maria, invoice, *retained, *taxes, provisional)
    bed.run_job(JOB)
    assert [(a, k) for a, k, _ in actions(bed, "INC")] == [("INC", f"INC:{invoice.value.recno}")]


# --------------------------------------------------------------------------- sharing


def test_two_customer_rows_give_one_inc_not_a_rolled_back_step(
        bed: IntegrationBed, erp: Protheus) -> None:
    """SA1 shared (the seed's modes): a stray branch row of the customer is not joined."""
    shared = erp.customer("000123", "MARIA COMPARTILHADA")
    stray = erp.customer("000123", "MARIA FILIAL 01", branch="01")
    title = erp.title(shared.value, "000000101", "100.00", due=days(-5, bed))
    apply(bed.admin, shared, stray, title)
    bed.run_job(JOB)
    ((_, key, record),) = actions(bed, "INC")
    assert key == f"INC:{title.value.recno}" and record["nome"] == "MARIA COMPARTILHADA"
    log = bed.rows(bed.conefi, "INTGRA_LOG_CONEFI", where="INTLC_NOM_PASSO = 'INC'")
    assert [r["INTLC_IND_STATUS"] for r in log] == ["S"]


def test_exclusive_customers_are_the_title_branch_ones(
        oracle_db: OracleTestDatabase, project: Project) -> None:
    exclusive = make_bed(oracle_db, project, sa1=EXCLUSIVE)
    try:
        erp = exclusive.protheus()
        mine = erp.customer("000123", "MARIA FILIAL 01", branch="01")
        other = erp.customer("000123", "JOSE FILIAL 02", branch="02")
        title = erp.title(mine.value, "000000101", "100.00", due=days(-5, exclusive), branch="01")
        elsewhere = erp.title(other.value, "000000900", "70.00", due=days(30, exclusive),
                              branch="02")
        apply(exclusive.admin, mine, other, title, elsewhere)
        exclusive.run_job(JOB)
        ((_, _, record),) = actions(exclusive, "INC")
        assert record["nome"] == "MARIA FILIAL 01"
        # the history is the branch-01 customer's: JOSE's title of branch 02 is not in it
        assert [r["numero"] for _, _, r in actions(exclusive, "HST")] == ["000000101"]
    finally:
        exclusive.close()


def test_a_payment_typed_in_another_branch_of_a_shared_title_is_sent(
        oracle_db: OracleTestDatabase, project: Project) -> None:
    shared = make_bed(oracle_db, project, se1=SHARED, se5=EXCLUSIVE, sa1=SHARED)
    try:
        erp = shared.protheus()
        maria = erp.customer("000123", "MARIA")
        title = erp.title(maria.value, "000000101", "100.00", due=days(-5, shared), branch="  ")
        apply(shared.admin, maria, title)
        shared.run_job(JOB)
        paid = erp.settle(title.value, "40.00", on=days(0, shared), event=False)
        moved = erp.update("SE5", paid.value.movement.recno,
                           {"E5_FILIAL": "02", "E5_FILORIG": "02"},
                           "the settlement typed in branch 02 (SE5 exclusive)")
        apply(shared.admin, paid, moved)
        shared.run_job(JOB)  # the daily catch-up
        assert [k for _, k, _ in actions(shared, "PGO")] == [f"PGO:{paid.value.movement.recno}"]
    finally:
        shared.close()


# --------------------------------------------------------------------------- HST, PRG, PRV


def test_history_once_per_customer_and_day(bed: IntegrationBed, erp: Protheus) -> None:
    maria = erp.customer("000123", "MARIA")
    titles = [erp.title(maria.value, f"00000010{i}", "10.00", due=days(-5, bed)) for i in range(4)]
    apply(bed.admin, maria, *titles)
    bed.run_job(JOB)
    incs = actions(bed, "INC")
    assert len(incs) == 4
    hst = actions(bed, "HST")
    # one history (4 lines: one per title), not one per INC (16 lines)
    assert sorted(r["numero"] for _, _, r in hst) == sorted(t.value.number for t in titles)
    assert len({r["id_origem"] for _, _, r in hst}) == 1
    changed = erp.value_change(titles[0].value, "8.00")
    apply(bed.admin, changed)
    bed.run_job(JOB)  # a DES the same day: the customer's history of the day was sent
    assert actions(bed, "HST") == hst


def test_an_earlier_due_date_is_not_a_prorrogacao(bed: IntegrationBed, erp: Protheus) -> None:
    maria = erp.customer("000123", "MARIA")
    title = erp.title(maria.value, "000000101", "100.00", due=days(-10, bed))
    apply(bed.admin, maria, title)
    bed.run_job(JOB)
    earlier = erp.extension(title.value, days(-12, bed))
    apply(bed.admin, earlier)
    assert actions(bed, "PRG") == []
    later = erp.extension(earlier.value, days(15, bed))
    apply(bed.admin, later)
    assert [k.split(":")[0] for _, k, _ in actions(bed, "PRG")] == ["PRG"]


def test_prv_waits_for_the_grace_days_inc_waits_for(bed: IntegrationBed, erp: Protheus) -> None:
    grace = erp.parameter("CONEFI_DIAS_CARENCIA", "3")
    maria = erp.customer("000123", "MARIA")
    title = erp.title(maria.value, "000000101", "100.00", due=days(-10, bed))
    apply(bed.admin, grace, maria, title)
    bed.run_job(JOB)
    extended = erp.extension(title.value, days(-2, bed))  # overdue, but within the grace days
    apply(bed.admin, extended)
    bed.run_job(JOB)
    assert actions(bed, "PRV") == [] and sent_flag(bed, title.value) == "P"
    again = erp.extension(extended.value, days(-4, bed))  # earlier: no PRG; past the grace days
    apply(bed.admin, again)
    bed.run_job(JOB)
    assert [k for _, k, _ in actions(bed, "PRV")] == [f"PRV:{title.value.recno}:{days(-4, bed):%Y%m%d}"]


def test_queue_rows_are_stamped_with_the_region_clock(bed: IntegrationBed, erp: Protheus) -> None:
    maria = erp.customer("000123", "MARIA")
    title = erp.title(maria.value, "000000101", "100.00", due=days(-5, bed))
    apply(bed.admin, maria, title)
    bed.run_job(JOB)
    with bed.admin.cursor() as cur:
        cur.execute(
            f"SELECT MAX(ABS(q.INTDC_DTH_INCL - CAST(SYSTIMESTAMP AT TIME ZONE :tz AS DATE))) * 1440 "
            f"FROM {bed.conefi}.{bed.target.integration.queue_table} q",
            tz=str(bed.target.schedule.timezone))
        (minutes,) = cur.fetchone()
    assert minutes < 60  # region wall clock, not the host's (hours apart on a UTC host)
