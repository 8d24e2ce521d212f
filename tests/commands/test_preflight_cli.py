"""`conefi-dbtool preflight` end to end from a snapshot (offline)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from helpers import run

from conefi_dbtool.config import Project


@pytest.fixture
def cfg(root: Path) -> list[str]:
    return ["--config", str(root / "conefi.toml")]


@pytest.fixture
def expected(cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "expected.json"
    code, _, err = run([*cfg, "catalog", "expected", "-t", "example", "--out", str(path)], capsys)
    assert code == 0, err
    return path


def with_facts(path: Path, **facts: object) -> Path:
    data = json.loads(path.read_text())
    for db in data["databases"]:
        db.update(facts)
    out = path.with_name("facts.json")
    out.write_text(json.dumps(data))
    return out


def test_a_snapshot_without_the_facts_says_absent_and_passes_nothing(
        cfg: list[str], expected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*cfg, "preflight", "-t", "example", "--catalog", str(expected), "--format", "json"],
                       capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"] is True  # nothing failed, but nothing checked either
    status = {(f["database"], f["code"]): f["status"] for f in data["findings"]}
    assert status[("erp", "PF002")] == status[("erp", "PF008")] == "absent"


def test_a_failing_fact_exits_1_with_code_and_fix(cfg: list[str], expected: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    snap = with_facts(expected, oracle_version="19.3.0.0.0", timezone_file_version=32, job_queue_processes=0,
                      unreadable=[])
    junit = tmp_path / "preflight.xml"
    code, out, _ = run([*cfg, "preflight", "-t", "example", "--catalog", str(snap), "--database", "erp",
                        "--junit", str(junit)], capsys)
    assert code == 1
    assert "erp: error PF002 [failed] time-zone file version 32 < 34" in out
    assert "fix: apply the DST patch" in out
    assert "PF003" in out and "preflight failed" in out
    root = ET.parse(junit).getroot()
    assert int(root.get("failures", "0")) == 2


def test_preflight_is_a_command_with_help(cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*cfg, "preflight", "--help"], capsys)
    assert code == 0 and "--catalog" in out and "PF001-PF011" in out


def test_script_and_upgrade_sql_run_the_preflight_block_before_any_ddl(
        cfg: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from conefi_dbtool.splitter import split

    for argv in (["script", "-t", "example"], ["upgrade", "-t", "example", "--sql", "base:head"]):
        code, out, err = run([*cfg, *argv], capsys)
        assert code == 0, err
        units = [u.text for u in split(out) if u.kind != "sqlplus"]
        first_ddl = next(i for i, u in enumerate(units) if u.startswith(("CREATE", "GRANT", "BEGIN")))
        checks = [i for i, u in enumerate(units) if "conefi-dbtool preflight (erp)" in u]
        assert checks and checks[0] < first_ddl, argv
        assert units[0] == "ALTER SESSION SET DDL_LOCK_TIMEOUT = 30"
        assert "RAISE_APPLICATION_ERROR(-20990" in units[checks[0]]
    # the release script takes the deploy lock: without DBMS_LOCK a script cannot run (error)
    assert "report('PF007', 'error'" in out
    lock = next(i for i, u in enumerate(units) if "SYS.DBMS_LOCK.REQUEST" in u)
    assert checks[0] < lock


def test_ddl_lock_timeout_is_configurable_within_oracles_range(tmp_path: Path) -> None:
    from conefi_dbtool.config import load_project
    from conefi_dbtool.errors import UsageError
    from tests.helpers import make_project

    project, _ = make_project(tmp_path, {}, extra="ddl_lock_timeout = 120\n")
    assert project.target("example").ddl_lock_timeout == 120
    project.config_file.write_text(project.config_file.read_text().replace("= 120", "= 2000000"))
    with pytest.raises(UsageError, match="ddl_lock_timeout"):
        load_project(project.config_file)


def test_online_preflight_stops_on_errors_and_on_busy_sessions_only_with_no_wait(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from conefi_dbtool import run_preflight as _preflight
    from conefi_dbtool.catalog import reader
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.preflight import requirements_for
    from conefi_dbtool.catalog.snapshot import BusySession
    from tests.catalog.test_preflight import READS, fit

    target = project.target("example")
    need = requirements_for(target, expected_snapshot(project, target), "erp", reads=READS)
    busy = dataclasses.replace(fit(need), busy_sessions=(BusySession(7, "SIGA", "CONEFI.PKG_CONEFI_FILA"),))
    facts = {"db": busy}
    monkeypatch.setattr(_preflight, "code_reads", lambda _p, _t: READS)
    monkeypatch.setattr(reader, "read_database", lambda _conn, _scope: facts["db"])
    echoed: list[str] = []
    assert _preflight.online_check(project, target, echoed.append)("erp", object()) == ""
    assert "PF011" in echoed[0] and "SID 7" in echoed[0]  # the DDL will wait: said, not stopped
    refused = _preflight.online_check(project, target, echoed.append, no_wait=True)("erp", object())
    assert refused.startswith("erp: preflight failed, nothing was changed") and "PF011" in refused
    facts["db"] = dataclasses.replace(busy, busy_sessions=(), timezone_file_version=32)
    refused = _preflight.online_check(project, target, echoed.append)("erp", object())
    assert "PF002" in refused


def test_the_tablespaces_matter_to_a_script_that_creates_the_users(
        cfg: list[str], expected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    codes: dict[str, set[str]] = {}
    for mode in ("online", "script"):
        code, out, err = run([*cfg, "preflight", "-t", "example", "--catalog", str(expected),
                              "--database", "erp", "--mode", mode, "--format", "json"], capsys)
        assert code == 0, err
        codes[mode] = {f["code"] for f in json.loads(out)["findings"]}
    assert "PF004" in codes["script"] and "PF004" not in codes["online"]
