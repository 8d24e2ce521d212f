"""Inline suppressions: with a reason they suppress (and are reported), without one they are findings."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import make_project

from conefi_dbtool.lint import LintResult, lint_paths, lint_target
from conefi_dbtool.lint.report import format_json
from conefi_dbtool.lint.suppress import directives

SQL = """\
CREATE OR REPLACE PROCEDURE CONEFI.P_S IS
BEGIN
  NULL;
EXCEPTION
  -- conefi: allow PLS003 the scheduler logs the failure of this best-effort step
  WHEN OTHERS THEN
    NULL;
END P_S;
/
CREATE OR REPLACE PROCEDURE CONEFI.P_T IS
BEGIN
  NULL;
EXCEPTION
  WHEN OTHERS THEN NULL; -- conefi: allow swallowed-exception
END P_T;
/
CREATE OR REPLACE PROCEDURE CONEFI.P_U IS
  v NUMBER;
BEGIN
  -- conefi: allow PLS006, NOPE123 dual has one column
  SELECT * INTO v FROM dual;
  -- conefi: allow PLS004 nothing here to suppress
  v := 1;
END P_U;
/
"""


def lint_sql(tmp_path: Path, sql: str) -> LintResult:
    project, target = make_project(tmp_path, {})
    script = tmp_path / "script.sql"
    script.write_text(sql, encoding="utf-8")
    return lint_paths([script], project, target, use_cache=False, jobs=1)


def test_directives_are_parsed_with_rules_and_reason() -> None:
    found = directives("x -- conefi: allow PLS003,select-star: logged upstream\n"
                       "{# conefi: allow TPL001 the DBA grant names SYS #}\n"
                       "-- conefi: allow PLS004\n")
    assert [(d.line, d.col, d.rules, d.unknown, d.reason) for d in found] == [
        (1, 3, ("PLS003", "PLS006"), (), "logged upstream"),
        (2, 1, ("TPL001",), (), "the DBA grant names SYS"),
        (3, 1, ("PLS004",), (), ""),
    ]


def test_suppressions_with_and_without_reason(tmp_path: Path) -> None:
    result = lint_sql(tmp_path, SQL)
    assert [(f.code, f.line) for f in result.findings] == [
        ("PLS003", 14),  # the reasonless suppression does not suppress...
        ("SUP001", 14),  # ...and is itself a finding
        ("SUP002", 20),  # NOPE123 is no rule (PLS006 is still suppressed)
        ("SUP003", 22),  # matched nothing
    ]
    assert [f.severity for f in result.findings] == ["error", "error", "warning", "info"]
    used = {s.line: s for s in result.suppressions}
    assert [(f.code, f.line) for f in used[5].suppressed] == [("PLS003", 6)]
    assert used[5].reason == "the scheduler logs the failure of this best-effort step"
    assert [(f.code, f.line) for f in used[20].suppressed] == [("PLS006", 21)]
    assert result.suppressed_count() == 2


def test_suppressions_are_reported_in_json(tmp_path: Path) -> None:
    payload = json.loads(format_json(lint_sql(tmp_path, SQL)))
    first = payload["suppressions"][0]
    assert first["line"] == 5 and first["rules"] == ["PLS003"]
    assert first["reason"] == "the scheduler logs the failure of this best-effort step"
    assert [(f["rule"], f["line"]) for f in first["suppressed"]] == [("PLS003", 6)]
    assert payload["summary"]["suppressed"] == 2


def test_a_suppression_in_a_template_is_located_in_the_template(tmp_path: Path) -> None:
    proc = """{#
purpose: a best-effort procedure
#}
CREATE OR REPLACE PROCEDURE {{ obj.qualified }} IS
BEGIN
  NULL;
EXCEPTION
  WHEN OTHERS THEN -- conefi: allow PLS003 a best-effort cleanup; the caller goes on
    NULL;
END;
"""
    project, target = make_project(tmp_path, {"erp/conefi/procedure/P_LIMPAR.sql.j2": proc})
    result = lint_target(project, target, use_cache=False, jobs=1)
    assert result.findings == ()
    [suppression] = [s for s in result.suppressions if s.suppressed]
    assert (suppression.file, suppression.line) == ("templates/erp/conefi/procedure/P_LIMPAR.sql.j2", 8)
    assert [(f.code, f.file, f.line) for f in suppression.suppressed] == [
        ("PLS003", "templates/erp/conefi/procedure/P_LIMPAR.sql.j2", 8)]
