"""Preflight: one table of checks, evaluated on a snapshot and generated as PL/SQL (#16 item 4)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from conefi_dbtool.catalog.expected import expected_snapshot
from conefi_dbtool.catalog.preflight import (
    CHECKS,
    ERROR_CODE,
    MIN_ORACLE_VERSION,
    PRIVILEGE_CODES,
    PreflightFinding,
    Requirements,
    Status,
    evaluate,
    failed,
    plsql_block,
    report_json,
    report_junit,
    requirements_for,
)
from conefi_dbtool.catalog.snapshot import (
    BusySession,
    Column,
    DatabaseCatalog,
    Index,
    Quota,
    SessionPrivileges,
    Table,
    Tablespace,
    User,
    snapshot_from_json,
    snapshot_to_json,
)
from conefi_dbtool.config import Project
from conefi_dbtool.deploy_steps import RESTORE_SLEEP_SINCE
from conefi_dbtool.findings import Severity
from conefi_dbtool.splitter import split

READS = (
    ("erp", "SIGA", "SE1030", "", ""),
    ("erp", "SIGA", "SE1030", "E1_NUM", "VARCHAR2(9)"),
    ("erp", "SIGA", "SE1030", "E1_XCNFENV", "VARCHAR2(1)"),
    ("erp", "SIGA", "SE1030", "R_E_C_N_O_", ""),
)


@pytest.fixture(scope="module")
def need(project: Project) -> Requirements:
    target = project.target("example")
    return requirements_for(target, expected_snapshot(project, target), "erp", mode="script", reads=READS,
                            creates_users=True)


def fit(req: Requirements) -> DatabaseCatalog:
    """A database where every check of `req` passes."""
    tables: dict[tuple[str, str], list[Column]] = {}
    for c in req.columns:
        cols = tables.setdefault((c.owner, c.table), [])
        if c.column:
            cols.append(Column(c.column, c.data_type or "NUMBER"))
    indexes = {(n.owner, n.table): (Index("SE1030_PK", (n.leading,)),) for n in req.indexes}
    return DatabaseCatalog(
        "erp", dictionary="DBA",
        users=(User(req.owner, req.owner_tablespace),),
        quotas=(Quota(req.owner, req.owner_tablespace, -1),),
        oracle_version="19.24.0.0.0", timezone_file_version=43, job_queue_processes=40,
        tablespaces=tuple(Tablespace(t) for t in req.tablespaces),
        session=SessionPrivileges("SYSTEM", tuple(p for alts in req.system_privileges for p in alts),
                                  (), ("SYS.DBMS_LOCK:EXECUTE",)),
        referenced_tables=tuple(Table(o, t, tuple(cols), indexes.get((o, t), ()))
                                for (o, t), cols in tables.items()),
        busy_sessions=(),
    )


def codes(findings: tuple[PreflightFinding, ...], status: Status = Status.FAILED) -> set[str]:
    return {f.code for f in findings if f.status is status}


def test_one_table_of_checks_each_with_a_code_a_severity_and_a_fix() -> None:
    assert [c.code for c in CHECKS] == [f"PF{n:03d}" for n in range(1, len(CHECKS) + 1)]
    assert all(c.title and c.fix for c in CHECKS)
    assert {c.code for c in CHECKS} > PRIVILEGE_CODES


def test_requirements_come_from_the_model_the_config_and_the_code_reads(need: Requirements) -> None:
    assert need.schedule_timezone == "America/Sao_Paulo"  # the model schedules the daily job
    assert ("CREATE JOB",) in need.system_privileges
    assert need.object_privileges == ("SYS.DBMS_LOCK:EXECUTE",)
    columns = {(c.table, c.column): c.data_type for c in need.columns}
    assert columns[("SE1030", "E1_XCNFENV")] == "VARCHAR2(1)"
    assert ("INTGRA_RET_ERP", "INTRE_DES_CHAVE") in columns  # the event table's configured columns
    assert [(i.table, i.leading) for i in need.indexes] == [("SE1030", "R_E_C_N_O_")]
    assert need.tablespaces == ("TS_DATA", "TEMP")  # the DBA section creates the users there


def test_a_run_that_creates_no_user_needs_no_tablespace_and_no_event_table_without_trigger(
        project: Project) -> None:
    target = project.target("example")
    desired = expected_snapshot(project, target)
    online = requirements_for(target, desired, "erp", reads=READS)
    assert online.tablespaces == () and online.mode == "online"
    erp = desired.database("erp")
    assert erp is not None
    no_trigger = dataclasses.replace(desired, databases=(dataclasses.replace(erp, triggers=()),))
    bare = requirements_for(target, no_trigger, "erp", reads=())
    assert bare.columns == () and bare.indexes == ()


def test_a_fit_database_passes_every_check(need: Requirements) -> None:
    findings = evaluate(fit(need), need)
    assert not failed(findings, Severity.INFO)
    assert {f.code for f in findings} == {c.code for c in CHECKS if c.applies(need)}
    assert all(f.status is Status.PASSED for f in findings)


def test_each_check_fails_on_its_fact(need: Requirements) -> None:
    good = fit(need)
    tables = tuple(
        dataclasses.replace(t, columns=tuple(
            Column(c.name, "VARCHAR2(2)") if c.name == "E1_NUM" else c
            for c in t.columns if c.name not in ("E1_XCNFENV", "INTRE_ROTINA_ERP")), indexes=())
        for t in good.referenced_tables or ())
    bad = dataclasses.replace(
        good, oracle_version="12.2.0.1.0", timezone_file_version=32, job_queue_processes=0,
        tablespaces=(Tablespace("TEMP"),), quotas=(),
        session=SessionPrivileges("CONEFI", ("CREATE SESSION",)),
        referenced_tables=tables, busy_sessions=(BusySession(77, "SIGA", "CONEFI.PKG_CONEFI_EVENTO"),))
    findings = evaluate(bad, need)
    assert codes(findings) == {c.code for c in CHECKS if c.applies(need)}
    messages = " | ".join(f.message for f in findings if f.status is Status.FAILED)
    assert "time-zone file version 32 < 34" in messages
    assert "SIGA.SE1030.E1_XCNFENV (read by the code) does not exist" in messages
    assert "SIGA.SE1030.E1_NUM is VARCHAR2(2); the dictionary says VARCHAR2(9)" in messages
    assert "SGU.INTGRA_RET_ERP.INTRE_ROTINA_ERP" in messages
    assert "CONEFI has no quota on TS_DATA" in messages
    assert "SID 77" in messages
    severity = {f.code: f.severity for f in findings if f.status is Status.FAILED}
    assert severity["PF007"] is Severity.ERROR  # a script has no lock-row fallback
    assert severity["PF010"] is Severity.WARNING and severity["PF011"] is Severity.WARNING
    assert all(f.fix for f in findings if f.status is Status.FAILED)
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), key=lambda s: -s.rank)


def test_the_deploy_lock_grant_is_a_warning_online(need: Requirements) -> None:
    online = dataclasses.replace(need, mode="online")
    db = dataclasses.replace(fit(need), session=SessionPrivileges("CONEFI", ("CREATE JOB",)))
    (lock,) = [f for f in evaluate(db, online) if f.code == "PF007"]
    assert (lock.status, lock.severity) == (Status.FAILED, Severity.WARNING)
    assert "falls back to its lock row" in lock.message


def test_an_unreadable_view_is_not_checked_and_a_missing_fact_absent_never_a_pass(need: Requirements) -> None:
    db = dataclasses.replace(fit(need), timezone_file_version=None, job_queue_processes=None,
                             busy_sessions=None, unreadable=("timezone_file_version", "busy_sessions"))
    status = {f.code: f.status for f in evaluate(db, need)}
    assert status["PF002"] is Status.NOT_CHECKED
    assert status["PF011"] is Status.NOT_CHECKED
    assert status["PF003"] is Status.ABSENT
    assert status["PF001"] is Status.PASSED


def test_a_snapshot_without_the_new_facts_loads_and_says_absent(need: Requirements) -> None:
    data = json.loads(snapshot_to_json(
        snapshot_from_json(json.dumps({"target": "example", "databases": [{"database": "erp"}]}))))
    for key in ("oracle_version", "timezone_file_version", "tablespaces", "session", "referenced_tables"):
        data["databases"][0].pop(key)  # as an older tool wrote it
    old = snapshot_from_json(json.dumps(data)).database("erp")
    assert old is not None and old.referenced_tables is None
    findings = evaluate(old, need)
    assert findings and not codes(findings, Status.PASSED) - {"PF005"}
    assert Status.ABSENT in {f.status for f in findings}


def test_the_new_facts_round_trip_through_json(need: Requirements) -> None:
    from conefi_dbtool.catalog.snapshot import CatalogSnapshot

    snap = CatalogSnapshot("example", (fit(need),))
    assert snapshot_from_json(snapshot_to_json(snap)) == snapshot_from_json(snapshot_to_json(
        snapshot_from_json(snapshot_to_json(snap))))
    assert snapshot_from_json(snapshot_to_json(snap)).databases[0].timezone_file_version == 43


def test_the_plsql_block_is_generated_from_the_same_table(need: Requirements) -> None:
    block = plsql_block(need)
    applicable = [c for c in CHECKS if c.applies(need)]
    for check in applicable:
        assert f"-- {check.code}: {check.title}" in block
        assert check.fix.replace("'", "''") in block
    assert f"RAISE_APPLICATION_ERROR({ERROR_CODE}" in block
    assert "column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFENV', 'VARCHAR2(1)'" in block
    assert "v$timezone_file" in block and "< 34" in block
    assert "report('PF007', 'error'" in block  # script severity
    assert "{fix}" not in block and "{severity}" not in block
    units = split(block + "\n/\n")
    assert len(units) == 1 and units[0].kind == "plsql"  # one unit for SQL*Plus and the applier


def test_the_privilege_checks_split_off_for_a_dba_section(need: Requirements) -> None:
    first = plsql_block(need, exclude=PRIVILEGE_CODES)
    second = plsql_block(need, only=PRIVILEGE_CODES)
    assert "-- PF006" not in first and "-- PF001" in first
    assert "-- PF006" in second and "-- PF001" not in second


def test_reports_json_and_junit(need: Requirements) -> None:
    db = dataclasses.replace(fit(need), job_queue_processes=0, timezone_file_version=None,
                             unreadable=("timezone_file_version",))
    findings = evaluate(db, need)
    data = json.loads(report_json("example", findings))
    assert data["ok"] is False
    assert {"database": "erp", "code": "PF003", "severity": "error", "status": "failed"}.items() <= \
        next(f for f in data["findings"] if f["code"] == "PF003").items()
    xml = report_junit("example", findings)
    assert 'failures="1"' in xml and 'skipped="1"' in xml and "PF003" in xml


def test_the_code_reads_come_from_lint_custom_fields_included(project: Project) -> None:
    from conefi_dbtool.lint.engine import ProtheusRead, protheus_reads

    reads = protheus_reads(project, project.target("example"))
    assert ProtheusRead("erp", "SIGA", "SE1030", "E1_XCNFENV", "VARCHAR2(1)") in reads
    assert ProtheusRead("erp", "SIGA", "SE5030", "E5_TIPODOC", "VARCHAR2(2)") in reads
    assert ProtheusRead("erp", "SIGA", "SE1030", "", "") in reads
    assert all(r.schema == "SIGA" for r in reads)


def test_fit_builder_is_not_vacuous(need: Requirements) -> None:
    assert need.columns and need.system_privileges and need.replaced_units


@pytest.mark.parametrize("bad", ["TS'DATA", "TS{fix}", "TS\nDATA"])
def test_a_name_that_cannot_be_written_into_the_block_is_refused(bad: str) -> None:
    from conefi_dbtool.catalog.preflight import Requirements, plsql_block
    from conefi_dbtool.errors import UsageError

    assert "TS_DATA" in plsql_block(Requirements(database="erp", mode="script", tablespaces=("TS_DATA",)))
    with pytest.raises(UsageError, match="cannot be written into the preflight block"):
        plsql_block(Requirements(database="erp", mode="script", tablespaces=(bad,)))


@pytest.mark.parametrize(("version", "passes"), [
    ("12.2.0.1.0", False), ("18.3.0.0.0", False), ("19.22.0.0.0", True)])
def test_the_version_check_covers_the_trigger_path_restores_sleep(need: Requirements, version: str,
                                                                  passes: bool) -> None:
    """The restore's retry sleeps with DBMS_SESSION.SLEEP (18c): PF001's minimum covers it, and
    says so — no DBMS_LOCK.SLEEP fallback."""
    assert MIN_ORACLE_VERSION >= RESTORE_SLEEP_SINCE
    (finding,) = [f for f in evaluate(dataclasses.replace(fit(need), oracle_version=version), need)
                  if f.code == "PF001"]
    assert (finding.status is Status.PASSED) is passes
    if not passes:
        assert "DBMS_SESSION.SLEEP" in finding.message
    block = plsql_block(need)
    assert "< 19 THEN" in block
    assert "the trigger-path restore (DBMS_SESSION.SLEEP) need 19.0 or later" in block
