"""The rule registry: every rule is a complete unit, and docs/lint.md follows the classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.errors import ConefiError
from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.docs import BEGIN, END, render_rules_table, update_lint_md, updated
from conefi_dbtool.lint.engine import analyze
from conefi_dbtool.lint.references import Catalog
from conefi_dbtool.lint.rules import BY_KIND, REGISTRY, RULES, resolve_rule
from conefi_dbtool.lint.rules.base import KINDS, Fact, UndeclaredFact, UnitFacts
from conefi_dbtool.lint.rules.plsql import UnqualifiedSysPackage


def test_codes_and_names_are_unique_and_stable_in_shape() -> None:
    codes = [r.code for r in REGISTRY]
    names = [r.name for r in REGISTRY]
    assert len(set(codes)) == len(codes) == 78 and len(set(names)) == len(names)
    assert all(len(c) == 6 and c[:3].isalpha() and c[3:].isdigit() for c in codes)
    assert len({type(r) for r in REGISTRY}) == len(REGISTRY)


def test_every_rule_is_of_exactly_one_kind_and_needs_only_what_its_kind_offers() -> None:
    assert len(BY_KIND) == len(REGISTRY)
    for rule in REGISTRY:
        kinds = [kind for kind in KINDS if isinstance(rule, kind)]
        assert len(kinds) == 1, rule.code
        assert rule.needs and rule.needs <= KINDS[kinds[0]], rule.code
        assert isinstance(rule.severity, Severity), rule.code


def test_every_rule_documents_why_an_anti_pattern_and_a_fix() -> None:
    for rule in REGISTRY:
        doc = rule.doc()
        assert doc.summary == rule.summary and doc.summary, rule.code
        assert doc.anti_pattern.startswith("```sql\n") and doc.anti_pattern.endswith("```"), rule.code
        assert doc.fix.startswith("```sql\n") and doc.fix.endswith("```"), rule.code
        assert doc.anti_pattern != doc.fix, rule.code


def test_rules_resolve_by_code_or_name() -> None:
    assert resolve_rule("pls003") is resolve_rule("swallowed-exception") is RULES["PLS003"]
    assert resolve_rule("NOPE") is None


def test_a_unit_rule_reads_only_the_facts_it_declares() -> None:
    analysis = analyze("plsql", "BEGIN DBMS_LOCK.SLEEP(1); END;")
    facts = UnitFacts(analysis, Catalog({}, {}), None, "")
    rule = UnqualifiedSysPackage()
    seen = facts.seen_by(rule)
    assert [h.line for h in rule.check(seen)] == [1]
    with pytest.raises(UndeclaredFact, match="tree read without being declared"):
        _ = seen.tree
    assert Fact.TREE not in rule.needs


def test_lint_md_rules_section_is_current(root: Path) -> None:
    text = (root / "docs" / "lint.md").read_text(encoding="utf-8")
    assert updated(text) == text, (
        "docs/lint.md is out of date: run conefi_dbtool.lint.docs.update_lint_md(path)")
    assert render_rules_table() in text


def test_update_lint_md_rewrites_only_between_the_markers(tmp_path: Path) -> None:
    path = tmp_path / "lint.md"
    path.write_text(f"# head\n\n{BEGIN}\nstale\n{END}\n\ntail\n", encoding="utf-8")
    assert update_lint_md(path) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# head\n\n{BEGIN}\n\n| code |") and text.endswith(f"{END}\n\ntail\n")
    assert "stale" not in text and "### PLS003 `swallowed-exception` (error)" in text
    assert update_lint_md(path) is False
    path.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(ConefiError, match="no generated rules section"):
        update_lint_md(path)
