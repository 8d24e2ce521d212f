"""`conefi-dbtool fixtures`: offline DDL, and install refused unless the target is scratch."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run

from conefi_dbtool.splitter import split


def test_fixtures_sql_prints_the_ddl_offline(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--config", str(root / "conefi.toml"), "fixtures", "sql", "-t", "example"],
                         capsys)
    assert code == 0 and err == ""
    assert out.startswith("-- conefi-dbtool ")
    assert "CREATE TABLE SIGA.SE1030 (" in out and "CREATE TABLE SGU.INTGRA_RET_ERP (" in out
    units = split(out)
    assert all(u.terminated for u in units)
    assert sum(1 for u in units if u.kind == "plsql") > 20


def test_fixtures_sql_options_and_out_file(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "fx.sql"
    code, out, err = run(["--config", str(root / "conefi.toml"), "fixtures", "sql", "-t", "dev",
                          "--no-users", "--no-grants", "--out", str(dest)], capsys)
    assert (code, out, err) == (0, "", f"wrote {dest}\n")
    text = dest.read_text()
    assert "CREATE USER" not in text and "GRANT " not in text
    assert "CREATE SEQUENCE SGU.S_INTGRA_RET_ERP" in text


def test_install_refuses_a_target_not_marked_scratch(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("CONEFI_ERP_DSN", "CONEFI_ERP_USER", "CONEFI_ERP_PASSWORD"):
        monkeypatch.setenv(var, "set")  # even with a connection configured: no connect attempt
    code, out, err = run(["--config", str(root / "conefi.toml"), "fixtures", "install",
                          "-t", "example"], capsys)
    assert code == 2 and out == ""
    assert err == (f"conefi-dbtool: error: {root / 'conefi.toml'}: targets.example: fixtures install "
                   "refused: the target is not marked 'scratch = true' (fixtures replace "
                   "Protheus/SGU objects)\n")


def test_install_on_a_scratch_target_needs_its_connection_variables(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONEFI_DEV_DSN", raising=False)
    code, _, err = run(["--config", str(root / "conefi.toml"), "fixtures", "install", "-t", "dev"],
                       capsys)
    assert code == 2
    assert "environment variable CONEFI_DEV_DSN is not set" in err and "(target 'dev')" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_fixtures_help_lists_both_subcommands(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["fixtures", "--help"], capsys)
    assert code == 0
    assert "install" in out and "sql" in out
    code, out, _ = run(["fixtures", "install", "--help"], capsys)
    assert code == 0 and "--reset" in out and "scratch" in out
