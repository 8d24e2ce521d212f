"""`conefi-dbtool lint`: exit codes, formats on stdout or --out, usage errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import BASE, run

CLEAN = "SELECT E1_NUM FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';\n"
WARNING = "SELECT * FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';\n"
ERROR = "SELECT E1_VALRO FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';\n"



@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates" / "erp" / "conefi" / "procedure").mkdir(parents=True)
    (tmp_path / "templates" / "erp" / "conefi" / "procedure" / "P_A.sql.j2").write_text(
        "CREATE OR REPLACE PROCEDURE {{ obj.qualified }} IS\nBEGIN\n  NULL;\nEND;\n")
    config = tmp_path / "conefi.toml"
    config.write_text('[project]\ntemplates = "templates"\n' + BASE)
    return config


def sql(tmp_path: Path, text: str) -> str:
    path = tmp_path / "check.sql"
    path.write_text(text)
    return str(path)


def test_exit_codes_follow_fail_on(project: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--config", str(project), "lint", "-t", "example", "--no-cache"]
    code, out, _ = run([*base, sql(tmp_path, CLEAN)], capsys)
    assert code == 0 and out.startswith("lint ok (target example): 0 error(s)")
    code, out, _ = run([*base, sql(tmp_path, WARNING)], capsys)
    assert code == 0 and "warning PLS006 (select-star)" in out
    code, _, _ = run([*base, "--fail-on", "warning", sql(tmp_path, WARNING)], capsys)
    assert code == 1
    code, out, _ = run([*base, sql(tmp_path, ERROR)], capsys)
    assert code == 1
    assert out.splitlines()[0].endswith(":1:8: error REF002 (unknown-column) E1_VALRO is not a "
                                        "column of SIGA.SE1030 (known from the Protheus "
                                        "dictionary); did you mean E1_VALOR? [ORA-00904]")
    code, _, _ = run([*base, "--fail-on", "never", sql(tmp_path, ERROR)], capsys)
    assert code == 0


def test_target_mode_lints_the_rendered_objects(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--config", str(project), "lint", "--target", "example", "--format", "json"],
                       capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["target"] == "example" and payload["findings"] == []
    assert payload["files"] == ["templates/erp/conefi/procedure/P_A.sql.j2"]


def test_reports_can_go_to_a_file(project: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    code, out, err = run(["--config", str(project), "lint", "-t", "example", "--format", "junit",
                          "--out", str(report), sql(tmp_path, ERROR)], capsys)
    assert code == 1 and out == ""
    assert err.startswith("lint FAILED (target example): 1 error(s)")
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    gitlab = tmp_path / "gl.json"
    run(["--config", str(project), "lint", "-t", "example", "--format", "gitlab", "--out",
         str(gitlab), sql(tmp_path, ERROR)], capsys)
    assert json.loads(gitlab.read_text())[0]["check_name"] == "conefi-dbtool/REF002"


def test_usage_errors_exit_2(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CONEFI_TARGET", raising=False)
    code, _, err = run(["--config", str(project), "lint"], capsys)
    assert code == 2 and "give --target" in err
    code, _, err = run(["--config", str(project), "lint", "-t", "nope"], capsys)
    assert code == 2 and "unknown target 'nope'" in err
    code, _, err = run(["--config", str(project), "lint", str(tmp_path / "missing.sql")], capsys)
    assert code == 2 and "missing.sql: no such file or directory" in err
    code, _, err = run(["--config", str(project), "lint", "-t", "example", "--format", "xml"], capsys)
    assert code == 2
    assert "Traceback" not in err


def test_files_without_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONEFI_CONFIG", raising=False)
    monkeypatch.delenv("CONEFI_TARGET", raising=False)
    script = sql(tmp_path, "SELECT E1_NUM FROM SIGA.SE1010 WHERE D_E_L_E_T_ = ' ';\n"
                           "BEGIN\n  NULL;\nEXCEPTION WHEN OTHERS THEN NULL;\nEND;\n/\n")
    code, out, _ = run(["lint", script], capsys)
    assert code == 1
    assert [line.split(": ")[1].split(" (")[0] for line in out.splitlines()[:-1]] == [
        "error PLS003"]


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["lint", "--list-rules"], capsys)
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines()]
    assert codes[:3] == ["SYN001", "SYN002", "SYN003"] and "TPL001" in codes and "SUP003" in codes
