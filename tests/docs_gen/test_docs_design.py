"""The Markdown generated from the layouts: docs/integration-design.md's blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conefi_dbtool.docs_gen import design_doc
from conefi_dbtool.identifiers import is_identifier
from conefi_dbtool.layouts import codec, parameters
from conefi_dbtool.layouts.checks import bundled_dictionary as dictionary
from conefi_dbtool.layouts.data import LAYOUTS
from conefi_dbtool.layouts.sql import SqlNames


def test_dba_checklist_lists_every_custom_field_with_its_shape() -> None:
    custom = dict(SqlNames().custom)
    text = design_doc.dba_checklist(custom, dictionary(), se1_table="SIGA.SE1030")
    for name in custom.values():
        assert f"`{name}`" in text
    assert "| [ ] | `E1_XCNFVLR` | N | 16 | 2 |" in text
    assert "NUMBER(16,2)" in text
    missing = design_doc.dba_checklist({**custom, "sent_flag": "E1_XNOPE"}, dictionary(),
                                    se1_table="SIGA.SE1030")
    assert "`E1_XNOPE`" in missing and "not in the dictionary" in missing


def test_parameters_are_documented_and_fit_names() -> None:
    table = design_doc.parameters_markdown("SIGA.Z99030")
    for p in parameters.PARAMETERS:
        assert p.name in table
        assert is_identifier(p.function)


def test_layout_markdown_has_a_row_per_field() -> None:
    md = design_doc.layout_markdown("PGO", dictionary(), SqlNames())
    assert md.count("\n| ") == len(LAYOUTS["PGO"].fields) + 2  # header + acao
    assert codec.example_record("PGO") in md


def test_design_doc_generated_sections_are_current(project: Any) -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "integration-design.md"
    text = doc.read_text(encoding="utf-8")
    inputs = design_doc.design_doc_inputs(project, project.target("example"))
    sections = design_doc.design_doc_sections(**inputs)
    for name in design_doc.DOC_SECTIONS:
        assert f"<!-- generated:{name} -->" in text, name
    assert design_doc.fill_doc(text, sections) == text, (
        "stale: run python scripts/regen.py")
