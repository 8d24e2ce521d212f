"""Drift cases found by mutation testing: synonym links, sequences, job zones, bare triggers."""

from __future__ import annotations

import dataclasses

import pytest

from conefi_dbtool.catalog.drift import AttributeChange, compute_drift
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    SchedulerJob,
    Sequence,
    Synonym,
    Trigger,
)

Drifted = dict[str, tuple[tuple[str, ...], tuple[AttributeChange, ...]]]


def synonym_drift(want: Synonym, have: Synonym) -> Drifted:
    report = compute_drift(CatalogSnapshot("t", (DatabaseCatalog("sgu2", synonyms=(want,)),)),
                           CatalogSnapshot("t", (DatabaseCatalog("sgu2", synonyms=(have,)),)))
    return {str(r.id): (r.categories, r.attributes) for r in report.drifted}


WANT = Synonym("CONEFI", "Q", "CONEFI", "Q", "DBL_ERP")


@pytest.mark.parametrize(("have", "shown"), [
    (Synonym("CONEFI", "Q", "CONEFI", "Q", "DBL_OTHER"), "CONEFI.Q@DBL_OTHER"),
    (Synonym("CONEFI", "Q", "CONEFI", "Q"), "CONEFI.Q"),  # a local object, no link
    (Synonym("CONEFI", "Q", "CONEFI", "Q2", "DBL_ERP"), "CONEFI.Q2@DBL_ERP"),
    (Synonym("CONEFI", "Q", "SGU", "Q", "DBL_ERP"), "SGU.Q@DBL_ERP"),
])
def test_a_synonym_pointing_elsewhere_drifts(have: Synonym, shown: str) -> None:
    assert synonym_drift(WANT, have) == {
        "sgu2:CONEFI.synonym.Q": (("changed",), (AttributeChange("for", "CONEFI.Q@DBL_ERP", shown),)),
    }


def test_a_synonym_through_the_same_link_in_another_spelling_does_not_drift() -> None:
    assert synonym_drift(WANT, Synonym("CONEFI", "Q", "CONEFI", "Q", "dbl_erp.example.com")) == {}


def drifted(want: DatabaseCatalog, have: DatabaseCatalog) -> Drifted:
    report = compute_drift(CatalogSnapshot("t", (want,)), CatalogSnapshot("t", (have,)))
    return {str(r.id): (r.categories, r.attributes) for r in report.drifted}


def test_a_sequence_stepping_differently_drifts() -> None:
    assert drifted(DatabaseCatalog("erp", sequences=(Sequence("CONEFI", "S", 1, 20),)),
                   DatabaseCatalog("erp", sequences=(Sequence("CONEFI", "S", 2, 20),))) == {
        "erp:CONEFI.sequence.S": (("changed",), (AttributeChange("increment_by", "1", "2"),)),
    }


def test_a_job_that_lost_its_start_zone_says_none() -> None:
    job = SchedulerJob("CONEFI", "J_DAILY", job_action="BEGIN NULL; END;",
                       repeat_interval="FREQ=DAILY;BYHOUR=5",
                       start_date="2026-03-01T05:00:00 America/Sao_Paulo")
    assert drifted(DatabaseCatalog("erp", jobs=(job,)),
                   DatabaseCatalog("erp", jobs=(dataclasses.replace(job, start_date=""),))) == {
        "erp:CONEFI.job.J_DAILY": (("changed",),
                                   (AttributeChange("start_date time zone", "America/Sao_Paulo", "(none)"),)),
    }


def test_a_trigger_the_database_lists_without_source_is_still_an_object() -> None:
    trigger = Trigger("SGU", "TRG_X", "SGU", "INTGRA_RET_ERP", "INSERT", "AFTER EACH ROW", "", "ENABLED")
    assert drifted(DatabaseCatalog("erp"), DatabaseCatalog("erp", triggers=(trigger,))) == {
        "erp:SGU.trigger.TRG_X": (("unexpected",), ()),
    }
