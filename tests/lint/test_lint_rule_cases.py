"""Every rule's pass and fail cases, from tests/lint/lint_rules/<CODE>.toml (format: its README.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import make_project

from conefi_dbtool.lint import REGISTRY, LintResult, lint_paths, lint_target

CASES = Path(__file__).parent / "lint_rules"
KEYS = {"about", "sql", "findings", "target", "template"}


def _load(path: Path) -> dict[str, list[dict[str, Any]]]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        for outcome, cases in _load(path).items():
            params += [pytest.param(path.stem, outcome, case, id=f"{path.stem}-{outcome}-{n}")
                       for n, case in enumerate(cases, start=1)]
    return params


def lint_case(tmp_path: Path, case: dict[str, Any]) -> LintResult:
    template = case.get("template")
    project, target = make_project(tmp_path, {template: case["sql"]} if template else {})
    if template:
        return lint_target(project, target, use_cache=False, jobs=1)
    script = tmp_path / "case.sql"
    script.write_text(case["sql"], encoding="utf-8")
    return lint_paths([script], project, target if case.get("target", True) else None,
                      use_cache=False, jobs=1)


@pytest.mark.parametrize(("code", "outcome", "case"), _cases())
def test_rule_case(tmp_path: Path, code: str, outcome: str, case: dict[str, Any]) -> None:
    assert outcome in ("fail", "pass") and set(case) <= KEYS, f"bad case keys {sorted(case)}"
    expected = [tuple(f) for f in case.get("findings", [])]
    if outcome == "fail":
        assert code in [f[0] for f in expected], f"a fail case of {code} must expect {code}"
    else:
        assert code not in [f[0] for f in expected]
    result = lint_case(tmp_path, case)
    assert [(f.code, f.line, f.column) for f in result.findings] == expected


def test_every_rule_has_a_pass_and_a_fail_case() -> None:
    assert sorted(p.stem for p in CASES.glob("*.toml")) == sorted(r.code for r in REGISTRY)
    for path in sorted(CASES.glob("*.toml")):
        cases = _load(path)
        assert set(cases) == {"fail", "pass"}, path.name
        assert cases["fail"] and cases["pass"], path.name
