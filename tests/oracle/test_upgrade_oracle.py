"""Releases against a real Oracle: upgrade/downgrade/upgrade, compile errors at the template
line, a killed run that converges when run again, and two concurrent upgrades that serialise.

Each test module gets a fresh user that plays every schema (SIGA, SGU, CONEFI) of the
`example` target; the deploy lock is DBMS_LOCK when the user may execute it, otherwise
the lock row held by a second session (see `applier.Applier.lock`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conefi_dbtool.config import Project, load_project
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import RunResult, run_online

pytestmark = pytest.mark.oracle

ROOT = Path(__file__).resolve().parents[2]

TEMPLATES_V1 = {
    "erp/conefi/sequence/S_Q.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} START WITH 1 NOCACHE;\n",
    "erp/conefi/table/Q.sql.j2": (
        "{#\ndepends: erp/conefi/sequence/S_Q\n#}\n"
        "CREATE TABLE {{ obj.qualified }} (\n"
        "  Q_ID     NUMBER(18)    NOT NULL,\n"
        "  Q_DADOS  VARCHAR2(400) NOT NULL,\n"
        "  CONSTRAINT PK_Q PRIMARY KEY (Q_ID)\n"
        ");\n"
    ),
}
PACKAGE = (
    "{#\ndepends: erp/conefi/table/Q\n#}\n"
    "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\n"
    "  FUNCTION f_obs(p_id IN NUMBER) RETURN VARCHAR2;\n"
    "  PROCEDURE p_diario;\n"
    "END;\n/\n"
)
BODY = (
    "{#\ndepends: erp/conefi/package/PKG_Q\n#}\n"  # template lines 1-3
    "CREATE OR REPLACE PACKAGE BODY {{ obj.qualified }} AS\n"  # 4 (rendered line 1)
    "  FUNCTION f_obs(p_id IN NUMBER) RETURN VARCHAR2 IS\n"  # 5
    "  BEGIN\n"  # 6
    "    RETURN 'evento';\n"  # 7
    "  END;\n"  # 8
    "  PROCEDURE p_diario IS\n"  # 9
    "  BEGIN\n"  # 10
    "    NULL;\n"  # 11 (rendered line 8)
    "  END;\n"
    "END;\n/\n"
)
TRIGGER = (
    "{#\ndepends: erp/conefi/package_body/PKG_Q\n#}\n"  # 1-3
    "CREATE OR REPLACE TRIGGER {{ obj.qualified }}\n"  # 4
    "BEFORE INSERT ON {{ erp.schemas.conefi|ident }}.Q\n"  # 5
    "FOR EACH ROW\n"  # 6
    "BEGIN\n"  # 7
    "  :new.Q_DES_OBS := {{ erp.schemas.conefi|ident }}.PKG_Q.f_obs(:new.Q_ID);\n"  # 8
    "END;\n/\n"
)
JOB = (
    "{#\ndepends: erp/conefi/package_body/PKG_Q\n#}\n"
    "BEGIN\n"
    "  SYS.DBMS_SCHEDULER.CREATE_JOB(\n"
    "    job_name        => '{{ obj.owner }}.{{ obj.name }}',\n"
    "    job_type        => 'PLSQL_BLOCK',\n"
    "    job_action      => 'BEGIN {{ obj.owner }}.PKG_Q.p_diario; END;',\n"
    "    start_date      => SYSTIMESTAMP + INTERVAL '1' DAY,\n"
    "    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',\n"
    "    enabled         => TRUE);\n"
    "END;\n/\n"
)
TEMPLATES_V2 = {
    "erp/conefi/table/Q.sql.j2": TEMPLATES_V1["erp/conefi/table/Q.sql.j2"].replace(
        "  CONSTRAINT PK_Q", "  Q_DES_OBS VARCHAR2(400),\n  CONSTRAINT PK_Q"
    ),
    "erp/conefi/package/PKG_Q.sql.j2": PACKAGE,
    "erp/conefi/package_body/PKG_Q.sql.j2": BODY,
    "erp/trigger_owner/trigger/TRG_Q.sql.j2": TRIGGER,
    "erp/conefi/job/J_Q.sql.j2": JOB,
}
MANAGED_V2 = {
    ("PACKAGE", "PKG_Q"),
    ("PACKAGE BODY", "PKG_Q"),
    ("TRIGGER", "TRG_Q"),
    ("TABLE", "Q"),
    ("SEQUENCE", "S_Q"),
}


def _config(user: str, tablespace: str) -> str:
    return f"""
[project]
templates = "templates"

[defaults.erp.connection]
dsn_env = "REL_TEST_DSN"
user_env = "REL_TEST_USER"
password_env = "REL_TEST_PASSWORD"

[defaults.erp.schemas]
siga = "{user}"
sgu = "{user}"
conefi = "{user}"

[defaults.erp.tablespaces]
default = "{tablespace}"
temporary = "TEMP"

[defaults.sgu2.connection]
dsn_env = "REL_TEST_DSN"
user_env = "REL_TEST_USER"
password_env = "REL_TEST_PASSWORD"

[defaults.sgu2.schemas]
conefi = "{user}"

[defaults.sgu2.tablespaces]
default = "{tablespace}"
temporary = "TEMP"

[targets.example]
"""


def _write(project_root: Path, templates: dict[str, str]) -> None:
    for rel, text in templates.items():
        path = project_root / "templates" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class Bed:
    """A fresh user, a project whose schemas are that user, and helpers to inspect it."""

    def __init__(self, oracle_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.db = oracle_db
        self.user, self.password = oracle_db.fresh_user("REL")
        self.root = tmp_path
        (tmp_path / "conefi.toml").write_text(
            _config(self.user, oracle_db.default_tablespace()), encoding="utf-8"
        )
        self.env = {
            "REL_TEST_DSN": oracle_db.dsn,
            "REL_TEST_USER": self.user,
            "REL_TEST_PASSWORD": self.password,
        }
        for key, value in self.env.items():
            monkeypatch.setenv(key, value)

    @property
    def project(self) -> Project:
        return load_project(self.root / "conefi.toml")

    def revise(self, templates: dict[str, str], message: str, rev_id: str) -> None:
        _write(self.root, templates)
        assert write_revision(self.project, message, rev_id=rev_id) is not None

    def upgrade(self, spec: str = "head", command: str = "upgrade", **options: Any) -> RunResult:
        project = self.project
        return run_online(
            project,
            project.target("example"),
            command,
            spec,
            ("erp",),
            PlanOptions(lock_timeout=120, **options),
        )

    def query(self, sql: str, **binds: Any) -> list[tuple[Any, ...]]:
        conn = self.db.connect(self.user, self.password)
        try:
            cur = conn.cursor()
            cur.execute(sql, binds)
            return [tuple(r) for r in cur.fetchall()]
        finally:
            conn.close()

    def execute(self, sql: str) -> None:
        conn = self.db.connect(self.user, self.password)
        try:
            conn.cursor().execute(sql)
            conn.commit()
        finally:
            conn.close()

    def version(self) -> str | None:
        rows = self.query("SELECT VERSION_NUM FROM CONEFI_DBTOOL_VERSION WHERE DATABASE_NAME = 'erp'")
        return str(rows[0][0]) if rows else None

    def objects(self) -> dict[tuple[str, str], str]:
        rows = self.query(
            "SELECT OBJECT_TYPE, OBJECT_NAME, STATUS FROM USER_OBJECTS "
            "WHERE OBJECT_NAME NOT LIKE '%CONEFI_DBTOOL%' "
            "AND OBJECT_TYPE NOT IN ('INDEX', 'LOB', 'JOB')"
        )
        return {(t, n): s for t, n, s in rows}

    def jobs(self) -> list[tuple[Any, ...]]:
        return self.query("SELECT JOB_NAME, ENABLED, REPEAT_INTERVAL FROM USER_SCHEDULER_JOBS")

    def journal(self) -> list[tuple[Any, ...]]:
        return self.query(
            "SELECT RUN_ID, REVISION, DIRECTION, OPERATION, OBJECT_NAME, OUTCOME "
            "FROM CONEFI_DBTOOL_JOURNAL ORDER BY JOURNAL_ID"
        )

    def cli(self, *args: str) -> subprocess.Popen[str]:
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        return subprocess.Popen(
            [sys.executable, "-m", "conefi_dbtool", "--config", str(self.root / "conefi.toml"), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture
def bed(oracle_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bed:
    bed = Bed(oracle_db, tmp_path, monkeypatch)
    bed.revise(TEMPLATES_V1, "Queue table", "0001_aaaaaa")
    bed.revise(TEMPLATES_V2, "Package, trigger, job; observation column", "0002_bbbbbb")
    return bed


def test_upgrade_downgrade_upgrade(bed: Bed) -> None:
    result = bed.upgrade()
    assert result.ok, result.error
    assert bed.version() == "0002_bbbbbb"
    assert bed.objects() == {key: "VALID" for key in MANAGED_V2}
    assert bed.jobs() == [("J_Q", "TRUE", "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0")]
    bed.execute(f"INSERT INTO {bed.user}.Q (Q_ID, Q_DADOS) VALUES (1, 'x')")  # fires the trigger
    assert bed.query("SELECT Q_DES_OBS FROM Q") == [("evento",)]

    # the observation column holds data: downgrading to 0001 is refused...
    refused = bed.upgrade("-1", "downgrade")
    assert not refused.ok
    assert "refusing to drop column(s) Q_DES_OBS of" in refused.error and "holds rows" in refused.error
    assert bed.version() == "0002_bbbbbb"  # refused before anything changed
    assert bed.objects() == {key: "VALID" for key in MANAGED_V2} and len(bed.jobs()) == 1
    # ...unless data loss is allowed explicitly
    result = bed.upgrade("-1", "downgrade", allow_data_loss=True)
    assert result.ok, result.error
    assert bed.version() == "0001_aaaaaa"
    assert bed.objects() == {("TABLE", "Q"): "VALID", ("SEQUENCE", "S_Q"): "VALID"}
    assert bed.jobs() == []
    assert bed.query("SELECT COUNT(*) FROM USER_TAB_COLUMNS WHERE TABLE_NAME = 'Q'") == [(2,)]
    assert bed.query("SELECT Q_ID, Q_DADOS FROM Q") == [(1, "x")]  # the row survived

    result = bed.upgrade()
    assert result.ok, result.error
    assert bed.version() == "0002_bbbbbb"
    assert bed.objects() == {key: "VALID" for key in MANAGED_V2}
    assert [j[0] for j in bed.jobs()] == ["J_Q"]
    # the table holds a row: going back to base is refused
    refused = bed.upgrade("base", "downgrade", allow_data_loss=False)
    assert not refused.ok and "holds rows" in refused.error
    journal = bed.journal()
    assert {row[5] for row in journal} == {"OK", "FAILED"}
    assert sum(1 for row in journal if row[5] == "FAILED") == 2


def test_compile_error_fails_with_the_template_line(bed: Bed) -> None:
    assert bed.upgrade().ok
    broken = BODY.replace("    NULL;\n", "    v_missing := 1;\n")  # template line 11
    bed.revise({"erp/conefi/package_body/PKG_Q.sql.j2": broken}, "broken body", "0003_cccccc")
    result = bed.upgrade()
    assert not result.ok
    assert "erp:" in result.error and "package_body.PKG_Q 8:5 PLS-00201" in result.error
    assert "(template erp/conefi/package_body/PKG_Q.sql.j2:11 as of revision 0003_cccccc)" in result.error
    assert bed.version() == "0002_bbbbbb"
    assert bed.journal()[-1][3:] == ("replace_object", f"erp:{bed.user}.package_body.PKG_Q", "FAILED")

    # 0003 never reached a database: the developer rewrites it (a trigger error this time);
    # a trigger's errors count from its body, the template line must still be right
    next((bed.root / "migrations" / "versions").glob("0003_*.py")).unlink()
    bad_trigger = TRIGGER.replace("PKG_Q.f_obs(", "PKG_Q.f_nope(")  # line 8
    bed.revise(
        {"erp/conefi/package_body/PKG_Q.sql.j2": BODY, "erp/trigger_owner/trigger/TRG_Q.sql.j2": bad_trigger},
        "broken trigger",
        "0003_dddddd",
    )
    result = bed.upgrade()
    assert not result.ok
    assert "trigger.TRG_Q" in result.error and "PLS-00302" in result.error
    assert "(template erp/trigger_owner/trigger/TRG_Q.sql.j2:8 as of revision 0003_dddddd)" in result.error


def _sleep_in_the_middle(bed: Bed, seconds: int) -> None:
    """Make revision 0002 pause after replacing the package spec (hand-written op.run_sql)."""
    path = next((bed.root / "migrations" / "versions").glob("0002_*.py"))
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if "op.run_sql(" not in line
    ]
    anchor = '    op.replace_object("erp/conefi/package/PKG_Q", at=revision)\n'
    at = lines.index(anchor) + 1
    lines.insert(
        at, f'    op.run_sql("BEGIN SYS.DBMS_SESSION.SLEEP({seconds}); END;\\n/\\n", database="erp")\n'
    )
    path.write_text("".join(lines), encoding="utf-8")


def _wait_for(predicate: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError("condition not reached in time")


def test_a_killed_run_converges_when_run_again(bed: Bed) -> None:
    _sleep_in_the_middle(bed, 20)
    proc = bed.cli("upgrade", "-t", "example", "--database", "erp", "--lock-timeout", "120")
    try:

        def package_replaced() -> bool:
            try:
                return any(r[4].endswith("package.PKG_Q") for r in bed.journal())
            except Exception:
                return False

        _wait_for(package_replaced, 60)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    assert bed.version() == "0001_aaaaaa"  # 0002 was under way, not recorded
    _sleep_in_the_middle(bed, 0)  # a second wait would only slow the test down
    result = bed.upgrade()
    assert result.ok, result.error
    assert bed.version() == "0002_bbbbbb"
    assert bed.objects() == {key: "VALID" for key in MANAGED_V2}
    assert [j[0] for j in bed.jobs()] == ["J_Q"]  # one job, not two
    assert bed.query(
        "SELECT COUNT(*) FROM USER_TAB_COLUMNS WHERE TABLE_NAME = 'Q' AND COLUMN_NAME = 'Q_DES_OBS'"
    ) == [(1,)]


def test_two_concurrent_upgrades_serialise(bed: Bed) -> None:
    _sleep_in_the_middle(bed, 8)
    args = ("upgrade", "-t", "example", "--database", "erp", "--format", "json", "--lock-timeout", "120")
    first = bed.cli(*args)
    time.sleep(1.0)
    second = bed.cli(*args)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    summaries = [json.loads(out) for out, _err in outputs]
    counts = sorted(len(s["databases"][0]["operations"]) for s in summaries)
    assert counts[0] == 0  # whoever came second found the database at head
    journal = bed.journal()
    assert len({row[0] for row in journal}) == 1  # one run did all the work
    assert [(r[1], r[3], r[5]) for r in journal] == [
        ("0001_aaaaaa", "create_object", "OK"),
        ("0001_aaaaaa", "create_object", "OK"),
        ("0002_bbbbbb", "alter_table_pieces", "OK"),
        ("0002_bbbbbb", "replace_object", "OK"),
        ("0002_bbbbbb", "run_sql", "OK"),
        ("0002_bbbbbb", "replace_object", "OK"),
        ("0002_bbbbbb", "replace_object", "OK"),
        ("0002_bbbbbb", "create_job", "OK"),
    ]
    assert bed.version() == "0002_bbbbbb"
