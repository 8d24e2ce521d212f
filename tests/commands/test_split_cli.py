"""`conefi-dbtool split`: units with kind and lines, JSON shape, errors as exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run

SCRIPT = """\
SET DEFINE OFF
PROMPT creating
CREATE OR REPLACE PACKAGE BODY app.pkg AS
  PROCEDURE p IS
  BEGIN
    NULL; -- a ';' inside a unit
  END p;
END pkg;
/
INSERT INTO t (a) VALUES ('x;y');
BEGIN
  NULL;
END;
"""



def test_text_lists_kind_lines_and_first_words(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "s.sql"
    script.write_text(SCRIPT)
    code, out, err = run(["split", str(script)], capsys)
    assert code == 0
    assert out.splitlines() == [
        "1-1    sqlplus  SET DEFINE OFF",
        "2-2    sqlplus  PROMPT CREATING",
        "3-9    plsql    CREATE OR REPLACE PACKAGE",
        "10-10  sql      INSERT INTO T",
        "11-13  plsql    BEGIN NULL  (unterminated)",
    ]
    assert "5 unit(s)" in err


def test_json_is_a_list_of_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "s.sql"
    script.write_bytes(SCRIPT.replace("\n", "\r\n").encode())
    code, out, _ = run(["split", str(script), "--format", "json"], capsys)
    assert code == 0
    units = json.loads(out)
    assert [(u["kind"], u["start"], u["end"]) for u in units] == [
        ("sqlplus", 1, 1), ("sqlplus", 2, 2), ("plsql", 3, 9), ("sql", 10, 10), ("plsql", 11, 13),
    ]
    assert units[2]["first_words"] == "CREATE OR REPLACE PACKAGE"
    assert [u["terminated"] for u in units] == [True, True, True, True, False]
    assert set(units[0]) == {"kind", "start", "end", "first_words", "terminated"}


def test_empty_file_has_no_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "empty.sql"
    script.write_text("")
    code, out, _ = run(["split", str(script), "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == []


def test_unsplittable_script_is_a_usage_error_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "bad.sql"
    script.write_text("SELECT 1 FROM dual;\nSELECT 'open\nFROM dual;\n")
    code, out, err = run(["split", str(script)], capsys)
    assert code == 2 and out == ""
    assert err.strip() == f"conefi-dbtool: error: {script}:2: unterminated string literal"


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["split", str(tmp_path / "nope.sql")], capsys)
    assert code == 2
    assert "nope.sql: cannot read" in err
    assert "Traceback" not in err


def test_warnings_go_to_stderr_with_file_and_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "blank.sql"
    script.write_text("SELECT 1\n\nFROM dual;\nUPDATE t\n\n  SET a = 1;\n")
    code, out, err = run(["split", str(script)], capsys)
    assert code == 0
    assert out.splitlines() == ["1-3  sql      SELECT", "4-6  sql      UPDATE T SET A"]
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert [w.split(": warning: ")[0] for w in warnings] == [f"{script}:2", f"{script}:5"]
    assert all("SET SQLBLANKLINES ON" in w for w in warnings)
    code, out, err = run(["split", str(script), "--format", "json"], capsys)
    assert code == 0 and len(json.loads(out)) == 2  # stdout stays JSON
    assert err.count(": warning: ") == 2


def test_a_script_that_sets_sqlblanklines_gets_no_warning(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "on.sql"
    script.write_text("SET SQLBLANKLINES ON\nSELECT 1\n\nFROM dual;\n")
    code, _, err = run(["split", str(script)], capsys)
    assert code == 0 and ": warning: " not in err
