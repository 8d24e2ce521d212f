"""One definition of an abatement type (MVABATIM) for eligibility and the amount due."""

from __future__ import annotations

from conefi_dbtool.layouts.amounts import abatement_match, abatements_sql, is_abatement
from tests.render_helpers import render_example, sql


def test_mvabatim_is_a_dash_in_the_third_position_unless_a_list_is_configured() -> None:
    assert [is_abatement(t) for t in ("AB-", "IR-", "FC-", "NF ", "PR ", "NCC", "A-", "")] == [
        True, True, True, False, False, False, False, False]
    assert is_abatement("AB-", ("AB-", "IR-")) and not is_abatement("CF-", ("AB-", "IR-"))
    assert abatement_match() == "LIKE '__-%'"
    assert abatement_match("'AB-', 'IR-'") == "IN ('AB-', 'IR-')"
    assert "ab.E1_TIPO {abatement_match})" in abatements_sql("e1")


def test_eligibility_and_the_amount_due_read_the_same_abatement_rule() -> None:
    default = sql(render_example(), "view", "V_CONEFI_CAND_INC")
    assert "e1.E1_TIPO NOT LIKE '__-%'" in default  # not a receivable of its own
    assert "ab.E1_TIPO LIKE '__-%'" in default  # subtracted from the title's amount due
    listed = sql(render_example({"integration.money.abatement_types": ["AB-", "IR-"]}),
                 "view", "V_CONEFI_CAND_INC")
    assert "e1.E1_TIPO NOT IN ('AB-', 'IR-')" in listed
    assert "ab.E1_TIPO IN ('AB-', 'IR-')" in listed
    assert "__-%" not in listed
