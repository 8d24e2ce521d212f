"""The README's preflight table is generated from the checks' registry and kept current."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conefi_dbtool.catalog.preflight import CHECKS
from conefi_dbtool.catalog.preflight_docs import BEGIN, END, render_checks_table, updated
from conefi_dbtool.config import OtherOwners
from conefi_dbtool.errors import ConefiError


def test_readme_preflight_table_is_current(root: Path) -> None:
    text = (root / "README.md").read_text(encoding="utf-8")
    assert updated(text) == text, "README.md's preflight table is out of date: run scripts/regen.py"


def test_the_table_has_one_row_per_check_with_its_severities() -> None:
    rows = render_checks_table().splitlines()[2:]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == [c.code for c in CHECKS]
    assert len(CHECKS) >= 11
    pf007 = next(r for r in rows if r.startswith("| PF007 |"))
    assert "| error in a script, warning online |" in pf007
    assert "&lt;deploy user>" in pf007  # a placeholder is shown, not taken for an HTML tag


def test_a_readme_without_the_markers_is_an_error() -> None:
    with pytest.raises(ConefiError, match=r"README\.md: no generated preflight table"):
        updated("# no table here\n")
    text = f"before\n{BEGIN}\nstale\n{END}\nafter\n"
    assert updated(text) == f"before\n{BEGIN}\n{render_checks_table()}{END}\nafter\n"


def test_readme_configuration_reference_lists_every_other_owners_key(root: Path) -> None:
    text = (root / "README.md").read_text(encoding="utf-8")
    block = text[text.index("[defaults.erp.other_owners]"):]
    block = block[:block.index("\n\n")]
    keys = [f.name for f in dataclasses.fields(OtherOwners)]
    assert keys == ["connect_as", "user_env", "password_env"]
    assert [k for k in keys if f"\n{k} = " not in block] == []
