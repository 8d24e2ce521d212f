"""`conefi-dbtool grants`: output, exit codes, JSON, SQL, reconcile against a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run

from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    RoleGrant,
    SystemPrivilege,
    User,
    snapshot_to_json,
)


@pytest.fixture
def cfg(root: Path) -> list[str]:
    return ["--config", str(root / "conefi.toml"), "grants", "-t", "example"]


def test_default_profile_passes_and_lists_waivers_with_reasons(
        cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(cfg, capsys)
    assert code == 0, out + err
    assert "== ERP database (Protheus): target example, profile least-privilege" in out
    assert "GRANT SELECT, UPDATE ON SIGA.SE1030 TO CONEFI;" in out
    assert "WAIVED   any-privilege          CREATE ANY TRIGGER" in out
    assert "waived (grants/erp/least-privilege.toml:" in out and "trigger_owner = conefi" in out
    assert "== SGU 2.0 database" in out


def test_seed_profile_fails_with_its_findings(cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*cfg, "--profile", "seed", "--database", "erp"], capsys)
    assert code == 1
    assert "ERROR    dba-role               DBA" in out
    assert "ERROR    select-any-dictionary  SELECT ANY DICTIONARY" in out
    assert "WARNING  unlimited-tablespace   UNLIMITED TABLESPACE" in out
    assert "fix: " in out and "SGU 2.0" not in out


def test_json_format(cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*cfg, "--profile", "seed", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert [d["database"] for d in data["databases"]] == ["erp", "sgu2"]
    sgu2 = data["databases"][1]
    assert {f["subject"] for f in sgu2["findings"] if f["code"] == "any-privilege"} == {
        "CREATE ANY PROCEDURE", "CREATE ANY TRIGGER"}
    assert sgu2["blocking"] == 2 and "plan" not in sgu2


def test_sql_prints_the_profile_without_secrets(cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*cfg, "--sql", "--database", "erp"], capsys)
    assert code == 0 and err == ""
    assert out.splitlines()[:5] == [
        "-- erp: profile least-privilege (grants/erp/least-privilege.toml); run as a DBA",
        "WHENEVER SQLERROR EXIT FAILURE ROLLBACK", "SET DEFINE ON", "SET VERIFY OFF",
        "ACCEPT conefi_erp_password CHAR PROMPT 'Password for the ERP user CONEFI (used only if it does "
        "not exist yet): ' HIDE"]
    assert "IDENTIFIED BY \"' || q'\"&&conefi_erp_password\"' || '\"" in out
    assert "WHEN e_exists_1920 THEN" in out
    assert "GRANT CREATE ANY TRIGGER TO CONEFI;" in out and out.endswith("SET DEFINE OFF\n")
    code, out, err = run([*cfg, "--sql", "--database", "sgu2", "--profile", "seed"], capsys)
    assert code == 1 and "CREATE DATABASE LINK DBL_ERP_CONEFI" in out
    assert err.splitlines() == ["conefi-dbtool: error: sgu2: any-privilege: CREATE ANY PROCEDURE",
                                "conefi-dbtool: error: sgu2: any-privilege: CREATE ANY TRIGGER"]


def test_catalog_gives_the_reconcile_plan_and_revokes_need_a_flag(
        cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = CatalogSnapshot("example", (DatabaseCatalog(
        "sgu2", users=(User("CONEFI", "CONEFI_DATA", "TEMP", "DEFAULT"),),
        system_privileges=(SystemPrivilege("CONEFI", "CREATE ANY PROCEDURE"),
                           SystemPrivilege("CONEFI", "CREATE SESSION"))),))
    path = tmp_path / "snap.json"
    path.write_text(snapshot_to_json(snap))
    code, out, _ = run([*cfg, "--database", "sgu2", "--catalog", str(path)], capsys)
    assert code == 1  # the database holds an ANY privilege the profile does not grant
    assert "ERROR    any-privilege          CREATE ANY PROCEDURE" in out
    assert f"Reconcile against {path}:" in out
    assert "    ALTER USER CONEFI QUOTA 500M ON CONEFI_DATA;" in out
    assert "to revoke (1; shown only: emitted by --sql --revoke):" in out
    code, out, _ = run([*cfg, "--database", "sgu2", "--catalog", str(path), "--sql"], capsys)
    assert "\n-- REVOKE CREATE ANY PROCEDURE FROM CONEFI;" in out
    code, out, _ = run([*cfg, "--database", "sgu2", "--catalog", str(path), "--sql", "--revoke"], capsys)
    assert "\nREVOKE CREATE ANY PROCEDURE FROM CONEFI;" in out
    code, _, err = run([*cfg, "--catalog", str(path)], capsys)
    assert code == 2 and "the snapshot has no database 'erp'" in err


def test_catalog_holding_dba_fails_like_lint(
        cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A database holding DBA beyond the profile is an error finding: exit 1 (was 0)."""
    def snapshot(*roles: RoleGrant) -> Path:
        path = tmp_path / f"snap{len(roles)}.json"
        path.write_text(snapshot_to_json(CatalogSnapshot("example", (DatabaseCatalog(
            "erp", users=(User("CONEFI", "TS_DATA", "TEMP", "DEFAULT"),), role_grants=roles),))))
        return path

    held = snapshot(RoleGrant("CONEFI", "DBA"), RoleGrant("SCOTT", "DBA"))
    code, out, _ = run([*cfg, "--database", "erp", "--catalog", str(held)], capsys)
    assert code == 1
    assert "ERROR    dba-role               DBA" in out and f"at {held}" in out
    assert "SCOTT" not in out.split("Reconcile against")[0]  # only managed users are judged
    code, out, _ = run([*cfg, "--database", "erp", "--catalog", str(held), "--format", "json"], capsys)
    (erp,) = json.loads(out)["databases"]
    assert code == 1 and erp["blocking"] == 1
    assert [f["subject"] for f in erp["findings"] if f["location"] == str(held)] == ["DBA"]
    code, _, _ = run([*cfg, "--database", "erp", "--catalog", str(snapshot())], capsys)
    assert code == 0  # without DBA the same database passes


def test_usage_errors(cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*cfg, "--revoke"], capsys)
    assert code == 2 and "--revoke only applies with --sql and --catalog" in err
    code, _, err = run([*cfg, "--profile", "admin"], capsys)
    assert code == 2
    code, _, err = run([*cfg, "--catalog", "/nonexistent/snap.json"], capsys)
    assert code == 2 and "cannot read catalog snapshot" in err and "Traceback" not in err


def test_a_broken_manifest_is_one_line_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import make_project

    make_project(tmp_path, {})
    (tmp_path / "grants" / "erp").mkdir(parents=True)
    (tmp_path / "grants" / "erp" / "least-privilege.toml").write_text(
        '[user]\nname = "{conefi}"\ndefault_tablespace = "X"\ntemporary_tablespace = "T"\n'
        '[[system_grant]]\nprivileges = ["CREATE TABL"]\n')
    code, _, err = run(["--config", str(tmp_path / "conefi.toml"), "grants", "-t", "example",
                        "--database", "erp"], capsys)
    assert code == 2
    assert err == ("conefi-dbtool: error: grants/erp/least-privilege.toml:6: system_grant[0].privileges: "
                   "unknown system privilege 'CREATE TABL' (did you mean CREATE TABLE?)\n")
