"""Branch sharing (issue 17, item 5) in the rendered SQL: every SE1/SE5/SA1 join.

The join builder itself is tested for every mode combination in test_sharing.py; here the
templates are shown to use it: INC's customer, the movement views, GRR's movement probe
and HST's "same customer", for the seed's modes and for other installations.
"""

from __future__ import annotations

from typing import Any

import pytest
from render_helpers import render_example, sql

from conefi_dbtool.errors import ConfigError, RenderError

EXCLUSIVE = {"company": "E", "unit": "E", "branch": "E"}
SHARED = {"company": "C", "unit": "C", "branch": "C"}


def modes(**tables: dict[str, str]) -> dict[str, Any]:
    return {f"integration.sharing.{t}": m for t, m in tables.items()}


def test_seed_modes_one_customer_row_per_title_and_movements_of_the_same_branch() -> None:
    result = render_example()
    inc = sql(result, "view", "V_CONEFI_CAND_INC")
    assert "ON a1.A1_FILIAL = '  '\n   AND a1.A1_COD = e1.E1_CLIENTE" in inc
    assert " IN (e1.E1_FILIAL" not in inc  # never two SA1 rows (two INC rows, one key)
    for view in ("V_CONEFI_MOV_PGO", "V_CONEFI_MOV_EST"):
        assert "e5.E5_FILIAL = e1.E1_FILIAL" in sql(result, "view", view) or \
            "es.E5_FILIAL = e1.E1_FILIAL" in sql(result, "view", view)


def test_an_exclusive_customer_file_joins_by_the_title_branch() -> None:
    result = render_example(modes(sa1=EXCLUSIVE))
    inc = sql(result, "view", "V_CONEFI_CAND_INC")
    assert "ON a1.A1_FILIAL = e1.E1_FILIAL\n" in inc
    hst = sql(result, "view", "V_CONEFI_CAND_HST")
    assert "o.E1_FILIAL AS FILIAL_SA1" in hst  # a customer of another branch is another one
    assert "AND h.E1_FILIAL = q.FILIAL_SA1" in hst


def test_shared_titles_with_exclusive_movements_find_a_payment_made_in_any_branch() -> None:
    result = render_example(modes(se1=SHARED, se5=EXCLUSIVE, sa1=EXCLUSIVE))
    pgo = sql(result, "view", "V_CONEFI_MOV_PGO")
    assert "E5_FILIAL = e1.E1_FILIAL" not in pgo  # any branch's payment is this title's
    assert "e5.E5_PREFIXO = e1.E1_PREFIXO" in pgo
    inc = sql(result, "view", "V_CONEFI_CAND_INC")
    assert "ON a1.A1_FILIAL = e1.E1_FILORIG\n" in inc  # the branch the title was created in
    assert "grr.E5_FILIAL" not in inc


def test_exclusive_titles_with_shared_movements_tell_them_by_origin_branch() -> None:
    pgo = sql(render_example(modes(se5=SHARED)), "view", "V_CONEFI_MOV_PGO")
    assert "ON e5.E5_FILIAL = '  ' AND e1.E1_FILIAL = e5.E5_FILORIG\n" in pgo


def test_a_layout_that_does_not_fit_the_branch_field_is_refused() -> None:
    with pytest.raises(RenderError, match=r"integration\.sharing: the branch layout has 6 "
                                          r"characters .* E1_FILIAL has 2"):
        render_example({"integration.sharing.company_size": 2, "integration.sharing.unit_size": 2})


def test_sx2_refuses_a_shared_level_above_an_exclusive_one() -> None:
    with pytest.raises(ConfigError, match=r"X2_MODOEMP = C .* needs unit and branch shared"):
        render_example(modes(sa1={"company": "C", "unit": "E", "branch": "E"}))
    with pytest.raises(ConfigError, match=r"X2_MODOUN = C"):
        render_example(modes(se1={"company": "E", "unit": "C", "branch": "E"}))
