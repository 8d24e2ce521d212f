"""Every lint output format, validated by parsing it."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

import pytest

from conefi_dbtool.lint.findings import LintResult, Suppression, make_finding
from conefi_dbtool.lint.report import FORMATS, format_gitlab, format_json, format_junit, format_text

F1 = make_finding("PLS003", "templates/erp/conefi/package_body/PKG.sql.j2", 12, 5,
                  "WHEN OTHERS neither re-raises nor records the error",
                  object="erp:CONEFI.package_body.PKG", rendered_line=40)
F2 = make_finding("PLS006", "templates/erp/conefi/view/V.sql.j2", 3, 8, "SELECT * in code")
F3 = make_finding("PLS006", "templates/erp/conefi/view/V.sql.j2", 9, 8, "SELECT * in code")
F4 = make_finding("SUP003", "x.sql", 1, 1, "suppression of PLS004 matched no finding")
SUPPRESSED = make_finding("PLS004", "x.sql", 7, 3, "write SYS.DBMS_LOCK")
RESULT = LintResult(
    findings=(F1, F2, F3, F4),
    suppressions=(Suppression("x.sql", 6, ("PLS004",), "checked by hand", (SUPPRESSED,)),),
    units=7, target="example",
    files=("templates/erp/conefi/package_body/PKG.sql.j2", "templates/erp/conefi/view/V.sql.j2",
           "templates/erp/conefi/table/T.sql.j2", "x.sql"),
    cache_hits=5, cache_misses=2,
)


def test_text_is_one_line_per_finding_and_a_summary() -> None:
    out = format_text(RESULT, fail_on="error")
    assert out.splitlines() == [
        "templates/erp/conefi/package_body/PKG.sql.j2:12:5: error PLS003 (swallowed-exception) "
        "WHEN OTHERS neither re-raises nor records the error",
        "templates/erp/conefi/view/V.sql.j2:3:8: warning PLS006 (select-star) SELECT * in code",
        "templates/erp/conefi/view/V.sql.j2:9:8: warning PLS006 (select-star) SELECT * in code",
        "x.sql:1:1: info SUP003 (suppression-unused) suppression of PLS004 matched no finding",
        "lint FAILED (target example): 1 error(s), 2 warning(s), 1 info in 7 unit(s), 4 file(s); "
        "1 suppressed; cache 5/7",
    ]
    assert "\x1b[" not in out


def test_text_is_coloured_only_when_asked() -> None:
    out = format_text(RESULT, fail_on="error", color=True)
    assert "\x1b[" in out
    assert "PLS003" in out and "swallowed-exception" in out


def test_json_report() -> None:
    payload = json.loads(format_json(RESULT, fail_on="warning"))
    assert payload["failed"] is True and payload["fail_on"] == "warning"
    assert payload["summary"] == {"info": 1, "warning": 2, "error": 1, "units": 7, "files": 4,
                                  "suppressed": 1, "cache": {"hits": 5, "misses": 2}}
    assert payload["findings"][0] == {
        "rule": "PLS003", "name": "swallowed-exception", "severity": "error",
        "file": "templates/erp/conefi/package_body/PKG.sql.j2", "line": 12, "column": 5,
        "message": "WHEN OTHERS neither re-raises nor records the error",
        "object": "erp:CONEFI.package_body.PKG", "rendered_line": 40, "oracle_error": None,
    }
    assert payload["suppressions"][0]["reason"] == "checked by hand"
    assert payload["suppressions"][0]["suppressed"][0]["rule"] == "PLS004"


def test_junit_report() -> None:
    root = ET.fromstring(format_junit(RESULT, fail_on="error"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("errors")) == (
        "5", "1", "3", "0")
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    assert [(c.get("classname"), c.find("failure").get("type")) for c in failed] == [  # type: ignore[union-attr]
        ("templates/erp/conefi/package_body/PKG.sql.j2", "PLS003")]
    clean = [c.get("classname") for c in cases if c.get("name") == "lint"]
    assert clean == ["templates/erp/conefi/table/T.sql.j2"]
    strict = ET.fromstring(format_junit(RESULT, fail_on="info")).find("testsuite")
    assert strict is not None and strict.get("failures") == "4"


def test_gitlab_code_quality_report() -> None:
    issues = json.loads(format_gitlab(RESULT))
    assert [i["severity"] for i in issues] == ["major", "minor", "minor", "info"]
    assert issues[0]["check_name"] == "conefi-dbtool/PLS003"
    assert issues[0]["location"] == {"path": "templates/erp/conefi/package_body/PKG.sql.j2",
                                     "lines": {"begin": 12}}
    assert issues[0]["description"].startswith("PLS003 (swallowed-exception): ")
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == 4  # same rule and message twice: still distinct
    assert all(len(f) == 32 and int(f, 16) >= 0 for f in fingerprints)
    moved = LintResult((dataclasses.replace(F1, line=99),), (), 1)
    assert json.loads(format_gitlab(moved))[0]["fingerprint"] == fingerprints[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_result_renders_in_every_format(fmt: str) -> None:
    from conefi_dbtool.lint.report import render

    out = render(LintResult((), (), 0), fmt)
    if fmt == "json":
        assert json.loads(out)["findings"] == []
    elif fmt == "gitlab":
        assert json.loads(out) == []
    elif fmt == "junit":
        assert ET.fromstring(out).get("tests") == "0"
    else:
        assert out.startswith("lint ok")


# --------------------------------------------------------------------------- the Oracle error

COLUMN = make_finding("REF002", "v.sql", 2, 8, "E1_VALRO is not a column of SIGA.SE1030")
TYPE_COLUMN = make_finding("REF002", "p.sql", 3, 9, "E1_X is not a column of SIGA.SE1030",
                           oracle_error="PLS-00302")
MEMBER = make_finding("SEM001", "p.sql", 5, 3, "PLS-00302: package PKG declares no P_Y")
PREDICTING = LintResult((COLUMN, TYPE_COLUMN, MEMBER, F2), (), 3,
                        files=("v.sql", "p.sql", "templates/erp/conefi/view/V.sql.j2"))


def test_a_finding_carries_its_rules_oracle_error_unless_it_names_its_own() -> None:
    assert (COLUMN.oracle_error, TYPE_COLUMN.oracle_error, MEMBER.oracle_error,
            F2.oracle_error) == ("ORA-00904", "PLS-00302", "PLS-00302", "")


def test_text_names_the_oracle_error_once() -> None:
    lines = format_text(PREDICTING).splitlines()
    assert lines[0].endswith("E1_VALRO is not a column of SIGA.SE1030 [ORA-00904]")
    assert lines[1].endswith("[PLS-00302]")
    assert lines[2].endswith("PLS-00302: package PKG declares no P_Y")  # already in the message
    assert lines[3].endswith("SELECT * in code")
    commit = make_finding("PLS002", "t.sql", 4, 3, "COMMIT in the path of trigger T_X (ORA-04092)")
    assert format_text(LintResult((commit,), (), 1)).splitlines()[0].endswith("T_X (ORA-04092)")
    assert "[ORA-00904]" in format_text(PREDICTING, color=True)


def test_json_has_an_oracle_error_key() -> None:
    findings = json.loads(format_json(PREDICTING))["findings"]
    assert [f["oracle_error"] for f in findings] == ["ORA-00904", "PLS-00302", "PLS-00302", None]


def test_junit_cases_carry_the_oracle_error_as_an_attribute() -> None:
    suite = ET.fromstring(format_junit(PREDICTING, fail_on="warning")).find("testsuite")
    assert suite is not None
    cases = [c for c in suite.findall("testcase") if c.get("name") != "lint"]
    assert [c.get("oracle_error") for c in cases] == ["ORA-00904", "PLS-00302", "PLS-00302", None]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "REF002"  # unchanged


def test_gitlab_description_names_the_oracle_error_and_fingerprints_do_not_move() -> None:
    issues = json.loads(format_gitlab(PREDICTING))
    assert issues[0]["description"] == (
        "REF002 (unknown-column): E1_VALRO is not a column of SIGA.SE1030 [ORA-00904]")
    assert issues[2]["description"] == (
        "SEM001 (unknown-package-member): PLS-00302: package PKG declares no P_Y")
    assert issues[0]["check_name"] == "conefi-dbtool/REF002"
    plain = dataclasses.replace(COLUMN, oracle_error="")
    assert json.loads(format_gitlab(LintResult((plain,), (), 1)))[0]["fingerprint"] == \
        issues[0]["fingerprint"]
