"""The bundled catalogue of Oracle's data dictionary views (data/oracle_dictionary_views.toml)."""

from __future__ import annotations

import pytest

from conefi_dbtool.errors import UsageError
from conefi_dbtool.lint.dictionary_views import bundled, parse_views


def test_families_derived_by_one_rule() -> None:
    views = bundled()
    all_jobs = views.get("ALL_SCHEDULER_JOBS")
    dba_jobs = views.get("DBA_SCHEDULER_JOBS")
    user_jobs = views.get("USER_SCHEDULER_JOBS")
    assert all_jobs is not None and dba_jobs is not None and user_jobs is not None
    assert dict(dba_jobs.columns) == dict(all_jobs.columns)
    assert set(all_jobs.columns) - set(user_jobs.columns) == {"OWNER"}
    user_seq = views.get("USER_SEQUENCES")
    assert user_seq is not None and "SEQUENCE_OWNER" not in user_seq.columns
    assert all_jobs.columns["START_DATE"] == "TIMESTAMP(6) WITH TIME ZONE"
    assert all(v.doc.startswith("https://docs.oracle.com/") for v in views.views.values())


def test_near_miss_only_in_a_catalogued_family_and_not_a_real_view() -> None:
    views = bundled()
    assert views.misspelt("ALL_SCHEDULER_JOB") == "ALL_SCHEDULER_JOBS"
    assert views.misspelt("USER_OBJECT") == "USER_OBJECTS"
    assert views.misspelt("ALL_MVIEWS") is None  # real, not modelled
    assert views.misspelt("V$SESSON") is None  # V$ names are never judged
    assert views.misspelt("ALL_SOMETHING_ELSE") is None  # far from every catalogued view


@pytest.mark.parametrize(("raw", "key"), [
    ({}, "views"),
    ({"views": {"ALL_X": {"columns": {"A": "NUMBER"}}}}, "views.ALL_X.doc"),
    ({"views": {"ALL_X": {"doc": "https://x", "columns": {}}}}, "views.ALL_X.columns"),
    ({"views": {"ALL_X": {"doc": "https://x", "columns": {"A": "NUMBER"},
                          "families": ["ALL"]}}}, "views.ALL_X.owner"),
    ({"views": {"X_Y": {"doc": "https://x", "columns": {"OWNER": "NUMBER"},
                        "families": ["ALL"]}}}, "views.X_Y"),
])
def test_malformed_entry_names_its_key(raw: dict[str, object], key: str) -> None:
    with pytest.raises(UsageError, match=rf"f\.toml: {key}\b"):
        parse_views(raw, "f.toml")
