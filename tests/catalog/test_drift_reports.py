"""Drift, plan and status reports: JSON and JUnit validated by parsing, Markdown, text, colour."""

from __future__ import annotations

import io
import json
from xml.etree import ElementTree as ET

from conefi_dbtool.catalog.drift import DriftReport, compute_drift
from conefi_dbtool.catalog.reports import (
    drift_json,
    drift_junit,
    drift_markdown,
    drift_text,
    emit,
    plain,
    status_json,
    status_text,
)
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    JobRun,
    ObjectPrivilege,
    QueueHealth,
    SchedulerJob,
    SourceObject,
)
from conefi_dbtool.catalog.status import build_status

JOB = SchedulerJob(
    "CONEFI", "J_X", "PLSQL_BLOCK", "BEGIN NULL; END;", "FREQ=DAILY;BYHOUR=5", "America/Sao_Paulo"
)


def report() -> DriftReport:
    want = DatabaseCatalog(
        "erp",
        sources=(
            SourceObject("CONEFI", "package", "PKG_A", "PACKAGE CONEFI.PKG_A AS\n  x NUMBER;\nEND;"),
            SourceObject("CONEFI", "procedure", "P_OK", "PROCEDURE CONEFI.P_OK IS BEGIN NULL; END;"),
        ),
        jobs=(JOB,),
    )
    have = DatabaseCatalog(
        "erp",
        sources=(
            SourceObject(
                "CONEFI", "package", "PKG_A", "PACKAGE CONEFI.PKG_A AS\n  x VARCHAR2(1) := '<&>\x01';\nEND;"
            ),
            SourceObject("CONEFI", "procedure", "P_OK", "PROCEDURE CONEFI.P_OK IS BEGIN NULL; END;"),
            SourceObject("CONEFI", "procedure", "P_TMP", "PROCEDURE CONEFI.P_TMP IS BEGIN NULL; END;"),
        ),
        jobs=(
            SchedulerJob(
                "CONEFI",
                "J_X",
                "PLSQL_BLOCK",
                "BEGIN NULL; END;",
                "FREQ=DAILY;BYHOUR=6",
                "America/Sao_Paulo",
                False,
            ),
        ),
        object_privileges=(ObjectPrivilege("PUBLIC", "CONEFI", "PKG_A", "EXECUTE"),),
    )
    return compute_drift(
        CatalogSnapshot("example", (want,)), CatalogSnapshot("example", (have,)), ignore=["*.procedure.P_TMP"]
    )


def test_junit_one_case_per_object_failures_carry_the_diff() -> None:
    root = ET.fromstring(drift_junit(report()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == (
        "5",
        "3",
        "1",
        "0",
    )
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "drift.erp" and suite.get("tests") == "5"
    cases = {(c.get("classname"), c.get("name")): c for c in suite.findall("testcase")}
    assert set(cases) == {
        ("drift.erp.CONEFI.package", "PKG_A"),
        ("drift.erp.CONEFI.procedure", "P_OK"),
        ("drift.erp.CONEFI.procedure", "P_TMP"),
        ("drift.erp.CONEFI.job", "J_X"),
        ("drift.erp.PUBLIC.object_grant", "EXECUTE ON CONEFI.PKG_A"),
    }
    failure = cases[("drift.erp.CONEFI.package", "PKG_A")].find("failure")
    assert failure is not None and failure.get("type") == "changed"
    assert failure.get("message") == "changed: source differs (2 lines)"
    assert failure.text is not None
    assert "+  x VARCHAR2(1) := '<&>\ufffd';" in failure.text  # escaped, control character replaced
    assert "-  x NUMBER;" in failure.text
    job = cases[("drift.erp.CONEFI.job", "J_X")].find("failure")
    assert job is not None and job.get("type") == "changed"
    assert "repeat_interval: expected 'FREQ=DAILY;BYHOUR=5', database 'FREQ=DAILY;BYHOUR=6'" in (
        job.text or ""
    )
    assert cases[("drift.erp.CONEFI.procedure", "P_OK")].find("failure") is None
    skipped = cases[("drift.erp.CONEFI.procedure", "P_TMP")].find("skipped")
    assert skipped is not None and "*.procedure.P_TMP" in (skipped.get("message") or "")


def test_json_report() -> None:
    data = json.loads(drift_json(report()))
    assert data["report"] == "drift" and data["drift"] is True and data["exit_code"] == 2
    assert data["counts"] == {
        "missing": 0,
        "unexpected": 1,
        "changed": 2,
        "invalid": 0,
        "disabled": 1,
        "objects": 5,
        "in_sync": 1,
        "drifted": 3,
        "ignored": 1,
    }
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id["erp:CONEFI.job.J_X"]["categories"] == ["changed", "disabled"]
    assert by_id["erp:CONEFI.job.J_X"]["attributes"] == [
        {"name": "repeat_interval", "expected": "FREQ=DAILY;BYHOUR=5", "actual": "FREQ=DAILY;BYHOUR=6"}
    ]
    assert by_id["erp:CONEFI.procedure.P_TMP"]["status"] == "ignored"
    assert by_id["erp:CONEFI.procedure.P_OK"]["status"] == "in_sync"
    clean = json.loads(drift_json(compute_drift(CatalogSnapshot("t", ()), CatalogSnapshot("t", ()))))
    assert clean["drift"] is False and clean["exit_code"] == 0


def test_markdown_for_a_merge_request() -> None:
    md = drift_markdown(report())
    assert md.startswith("### conefi-dbtool drift — target `example`\n")
    assert "| changed | `erp:CONEFI.package.PKG_A` | changed: source differs (2 lines) |" in md
    assert "| unexpected | `erp:PUBLIC.object_grant.EXECUTE ON CONEFI.PKG_A` |" in md
    assert "```diff\n--- erp:CONEFI.package.PKG_A (expected)" in md
    assert "| repeat_interval | `FREQ=DAILY;BYHOUR=5` | `FREQ=DAILY;BYHOUR=6` |" in md
    assert "Ignored: `erp:CONEFI.procedure.P_TMP`" in md


def test_markdown_fence_outgrows_backticks_in_a_diff() -> None:
    want = DatabaseCatalog(
        "erp", sources=(SourceObject("CONEFI", "procedure", "P", "PROCEDURE CONEFI.P IS -- ```"),)
    )
    have = DatabaseCatalog(
        "erp", sources=(SourceObject("CONEFI", "procedure", "P", "PROCEDURE CONEFI.P IS -- ````"),)
    )
    md = drift_markdown(compute_drift(CatalogSnapshot("t", (want,)), CatalogSnapshot("t", (have,))))
    assert "`````diff\n" in md


def test_text_report_lines_and_headline() -> None:
    text = plain(drift_text(report()))
    lines = text.splitlines()
    assert lines[0] == "CHANGED    erp:CONEFI.package.PKG_A: changed: source differs (2 lines)"
    assert "    --- erp:CONEFI.package.PKG_A (expected)" in lines
    assert (
        "IGNORED    erp:CONEFI.procedure.P_TMP: unexpected: in the database, not in the model (pattern "
        "'*.procedure.P_TMP')" in lines
    )
    assert lines[-1] == (
        "drift: target example (erp): 3 of 5 objects drifted (unexpected 1, changed 2, disabled 1); 1 ignored"
    )
    assert "OK         erp:CONEFI.procedure.P_OK" not in lines
    assert "OK         erp:CONEFI.procedure.P_OK" in plain(drift_text(report(), verbose=True)).splitlines()


def test_colour_only_when_asked() -> None:
    lines = drift_text(report())
    raw = io.StringIO()
    emit(lines, raw, color=False)
    assert "\x1b[" not in raw.getvalue() and raw.getvalue() == plain(lines)
    tty = io.StringIO()
    emit(lines, tty, color=True)
    assert "\x1b[" in tty.getvalue()


def test_status_report() -> None:
    db = DatabaseCatalog(
        "erp",
        revision="abc123",
        sources=(SourceObject("CONEFI", "package_body", "PKG_A", "x", status="INVALID"),),
        jobs=(
            SchedulerJob(
                "CONEFI",
                "J_X",
                enabled=True,
                state="SCHEDULED",
                last_start_date="2026-03-02T05:00:00 AMERICA/SAO_PAULO",
                next_run_date="2026-03-03T05:00:00 AMERICA/SAO_PAULO",
            ),
            SchedulerJob("CONEFI", "J_OFF", enabled=False, state="DISABLED"),
        ),
        job_runs=(
            JobRun("CONEFI", "J_X", "2026-03-02T05:00:09 AMERICA/SAO_PAULO", "FAILED", 1403, "no data"),
        ),
        queue=QueueHealth(pending=12, errors=2, oldest_pending_age_seconds=3 * 86400),
    )
    desired = DatabaseCatalog(
        "erp", jobs=(JOB, SchedulerJob("CONEFI", "J_OFF"), SchedulerJob("CONEFI", "J_NEW"))
    )
    status = build_status(
        CatalogSnapshot("prd", (db,), taken_at="2026-03-02T10:00:00Z"), CatalogSnapshot("prd", (desired,))
    )
    assert not status.healthy
    assert status.problems == (
        "erp: 1 INVALID object(s): CONEFI.PKG_A (package_body)",
        "erp: job CONEFI.J_NEW does not exist",
        "erp: job CONEFI.J_OFF: disabled",
        "erp: job CONEFI.J_X: 1 failed run(s) in the last 24 h",
        "erp: queue: 2 row(s) in error",
        "erp: queue: oldest pending row is 3 days old",
    )
    data = json.loads(status_json(status))
    assert data["healthy"] is False
    assert data["databases"][0]["queue"] == {"pending": 12, "errors": 2, "oldest_pending_age_seconds": 259200}
    assert data["databases"][0]["jobs"][1]["last_error"] == (
        "2026-03-02T05:00:09 AMERICA/SAO_PAULO FAILED ORA-01403: no data"
    )
    text = plain(status_text(status))
    assert "erp: revision abc123" in text
    assert "  queue: 12 pending, 2 in error, oldest pending 259200 s" in text
    healthy = build_status(CatalogSnapshot("prd", (DatabaseCatalog("erp", jobs=(JOB,)),)))
    assert healthy.healthy and plain(status_text(healthy)).splitlines()[-1] == "healthy"
