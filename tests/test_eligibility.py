"""Eligibility as Protheus defines it (issue 17, item 4), on the rendered SQL.

Types: Protheus' FINXTIPOS lists (MVPROVIS, MVRECANT, MV_CRNEG, MVABATIM) and the tax
types, configurable; E1_SITUACA and E1_MOEDA in collection configurable, any by default.
"""

from __future__ import annotations

import re

import pytest
from render_helpers import render_example, sql

from conefi_dbtool.errors import ConfigError, RenderError


def test_default_types_are_protheus_standard_values_and_taxes() -> None:
    inc = sql(render_example(), "view", "V_CONEFI_CAND_INC")
    assert "e1.E1_TIPO NOT LIKE '__-%'" in inc  # MVABATIM: '-' in the third position
    listed = re.search(r"e1\.E1_TIPO NOT IN \(([^)]*)\)", inc)
    assert listed is not None
    assert listed.group(1).split(", ") == [
        "'PR '", "'RA '", "'NCC'", "'TX '", "'TXA'", "'ISS'", "'IRF'", "'INS'", "'PIS'",
        "'COF'", "'CSL'", "'CSS'"]
    # the seed's behaviour: any situation, any currency
    assert "E1_SITUACA" not in inc and "E1_MOEDA" not in inc


def test_history_excludes_the_same_types() -> None:
    hst = sql(render_example(), "view", "V_CONEFI_CAND_HST")
    assert "h.E1_TIPO NOT LIKE '__-%' AND h.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC', 'TX '" in hst


def test_the_config_overrides_each_list_and_extra_types_are_added_once() -> None:
    inc = sql(render_example({
        "integration.eligibility.provisional_types": ["PR", "PRE"],
        "integration.eligibility.tax_types": [],
        "integration.excluded_types": ["BOL", "PR"],
    }), "view", "V_CONEFI_CAND_INC")
    assert "e1.E1_TIPO NOT IN ('PR ', 'PRE', 'RA ', 'NCC', 'BOL')" in inc


def test_situations_and_currencies_in_collection_are_configurable() -> None:
    inc = sql(render_example({"integration.eligibility.situations": ["0", "1", "F"],
                              "integration.eligibility.currencies": [1, 2]}),
              "view", "V_CONEFI_CAND_INC")
    assert "AND e1.E1_SITUACA IN ('0', '1', 'F') AND e1.E1_MOEDA IN (1, 2)" in inc


@pytest.mark.parametrize(("changes", "message"), [
    ({"integration.eligibility.currencies": [0]}, r"eligibility\.currencies\[0\]: 0 is not"),
    ({"integration.eligibility.currencies": [100]}, r"1\.\.99"),
    ({"integration.eligibility.situations": ["01"]}, r"eligibility\.situations\[0\].*longer"),
    ({"integration.eligibility.tax_types": ["ABCD"]}, r"eligibility\.tax_types\[0\].*longer"),
    ({"integration.eligibility.provisional_types": [], "integration.eligibility.advance_types": [],
      "integration.eligibility.credit_note_types": [], "integration.eligibility.tax_types": []},
     r"every type list is empty"),
])
def test_a_value_protheus_cannot_hold_is_a_render_error_naming_the_key(
        changes: dict[str, object], message: str) -> None:
    with pytest.raises(RenderError, match=message):
        render_example(changes)


def test_a_currency_must_be_a_number() -> None:
    with pytest.raises(ConfigError, match="expected an integer"):
        render_example({"integration.eligibility.currencies": ["1"]})
