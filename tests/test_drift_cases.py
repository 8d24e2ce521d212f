"""Drift cases found by mutation testing: what a synonym points at, through which link."""

from __future__ import annotations

import pytest

from conefi_dbtool.catalog import CatalogSnapshot, DatabaseCatalog, Synonym
from conefi_dbtool.drift import AttributeChange, compute_drift

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
