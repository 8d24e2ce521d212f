"""Drift against a real Oracle (migra's check): deploy -> no drift; hand-edit a package
body, add a grant, disable the job -> drift reports exactly those three; execute the plan
-> no drift again. Also: the reader's query count is the constant, and a non-DBA read
through ALL_* views does not mistake invisible privileges for missing ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import oracledb
import pytest
from helpers import make_project

from conefi_dbtool.catalog.drift import DriftReport, compute_drift
from conefi_dbtool.catalog.expected import ExpectedPrivileges, expected_snapshot
from conefi_dbtool.catalog.plan import build_plan
from conefi_dbtool.catalog.queries import QUERY_COUNT
from conefi_dbtool.catalog.reader import CatalogReader, read_database, scope_for
from conefi_dbtool.catalog.snapshot import CatalogSnapshot, Quota, SystemPrivilege, User
from conefi_dbtool.config import Project, Target
from conefi_dbtool.render import RenderResult, render_target
from conefi_dbtool.testbed.database import FRESH_USER_PRIVILEGES
from conefi_dbtool.testbed.executor import deploy_objects

pytestmark = pytest.mark.oracle

TEMPLATES = {
    "erp/conefi/sequence/S_Q.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} CACHE 20;\n",
    "erp/conefi/table/Q.sql.j2": (
        "{#\ndepends: erp/conefi/sequence/S_Q\n#}\n"
        "CREATE TABLE {{ obj.qualified }} (\n"
        "  INTDC_ID NUMBER(18) NOT NULL,\n"
        "  INTDC_IND_STATUS VARCHAR2(1) DEFAULT 'P' NOT NULL,\n"
        "  INTDC_DTH_INCL TIMESTAMP DEFAULT SYSTIMESTAMP NOT NULL,\n"
        "  CONSTRAINT PK_Q PRIMARY KEY (INTDC_ID),\n"
        "  CONSTRAINT CK_Q_STATUS CHECK (INTDC_IND_STATUS IN ('P', 'C', 'E'))\n"
        ");\n"
        "CREATE INDEX {{ obj.owner }}.IX_Q_STATUS ON {{ obj.qualified }} (INTDC_IND_STATUS, INTDC_ID);\n"
    ),
    "erp/conefi/package/PKG_X.sql.j2": (
        "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\n  PROCEDURE run;\nEND PKG_X;\n/\n"
    ),
    "erp/conefi/package_body/PKG_X.sql.j2": (
        "{#\ndepends: erp/conefi/package/PKG_X, erp/conefi/table/Q\n#}\n"
        "CREATE OR REPLACE PACKAGE BODY {{ obj.qualified }} AS\n"
        "  PROCEDURE run IS\n"
        "  BEGIN\n"
        "    UPDATE {{ obj.owner }}.Q SET INTDC_IND_STATUS = 'C' WHERE INTDC_IND_STATUS = 'P';\n"
        "  END run;\n"
        "END PKG_X;\n/\n"
    ),
    "erp/conefi/view/V_Q_PEND.sql.j2": (
        "{#\ndepends: erp/conefi/table/Q\n#}\n"
        "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
        "  SELECT INTDC_ID, INTDC_DTH_INCL\n    FROM {{ obj.owner }}.Q\n   WHERE INTDC_IND_STATUS = 'P';\n"
    ),
    "erp/conefi/job/J_X.sql.j2": (
        "{#\ndepends: erp/conefi/package_body/PKG_X\n#}\n"
        "BEGIN\n"
        "  SYS.DBMS_SCHEDULER.CREATE_JOB(\n"
        "    job_name        => {{ obj.qualified|literal }},\n"
        "    job_type        => 'PLSQL_BLOCK',\n"
        "    job_action      => 'BEGIN {{ obj.owner }}.PKG_X.RUN; END;',\n"
        "    start_date      => SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo',\n"
        "    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',\n"
        "    enabled         => FALSE,\n"
        "    comments        => 'conefi-dbtool drift test');\n"
        "  SYS.DBMS_SCHEDULER.ENABLE({{ obj.qualified|literal }});\n"
        "END;\n/\n"
    ),
}
# The test bed's best-effort grant on a SYS package is not part of this model.
IGNORE = ("*.object_grant.* ON SYS.*",)


class Bed:
    def __init__(self, db: Any, tmp_path: Path) -> None:
        self.db = db
        self.owner, self.password = db.fresh_user("DRIFT")
        self.grantee, _ = db.fresh_user("DRIFTG")
        tablespace = db.default_tablespace()
        extra = f'[targets.example.erp.schemas]\nconefi = "{self.owner}"\n'
        self.project, self.target = make_project(tmp_path, TEMPLATES, extra)
        self.result: RenderResult = render_target(self.project, self.target)
        owner = self.owner

        def privileges(project: Project, target: Target, database: str, **_: Any) -> Any:
            if database != "erp":
                return ExpectedPrivileges()
            return ExpectedPrivileges(
                users=(User(owner, tablespace, "", "DEFAULT"),),
                quotas=(Quota(owner, tablespace, -1),),
                system_privileges=tuple(SystemPrivilege(owner, p) for p in FRESH_USER_PRIVILEGES),
            )

        self.desired = expected_snapshot(self.project, self.target, self.result, privileges=privileges)

    def read(self, conn: oracledb.Connection | None = None) -> tuple[CatalogSnapshot, int]:
        conn = conn or self.db.connect()
        try:
            reader = CatalogReader(conn)
            catalog = read_database(conn, scope_for(self.target, self.desired, "erp"), reader=reader)
        finally:
            conn.close()
        return CatalogSnapshot("example", (catalog,)), reader.query_count

    def drift(self, actual: CatalogSnapshot) -> DriftReport:
        return compute_drift(self.desired, actual, ignore=IGNORE, databases=["erp"])


@pytest.fixture(scope="module")
def bed(oracle_db: Any, tmp_path_factory: pytest.TempPathFactory) -> Bed:
    b = Bed(oracle_db, tmp_path_factory.mktemp("drift"))
    conn = oracle_db.connect(b.owner, b.password)
    try:
        deploy_objects(conn, b.result.objects)
    finally:
        conn.close()
    return b


def drifted(report: DriftReport) -> dict[str, tuple[str, ...]]:
    return {str(r.id): r.categories for r in report.drifted}


def test_after_deploy_there_is_no_drift_and_the_query_count_is_constant(bed: Bed) -> None:
    actual, count = bed.read()
    assert count == QUERY_COUNT
    report = bed.drift(actual)
    assert drifted(report) == {}, [(str(r.id), r.summary, r.diff, r.attributes) for r in report.drifted]
    (db,) = actual.databases
    assert db.dictionary == "DBA"
    assert {s.name for s in db.sources} == {"PKG_X", "V_Q_PEND"}
    (job,) = db.jobs
    assert job.enabled and job.start_date.upper().endswith("AMERICA/SAO_PAULO")


def test_three_hand_edits_are_exactly_the_drift_and_the_plan_reconciles(bed: Bed) -> None:
    owner = bed.owner
    conn = bed.db.connect(owner, bed.password)
    try:
        with conn.cursor() as cur:
            cur.execute(
                f"CREATE OR REPLACE PACKAGE BODY {owner}.PKG_X AS\n"
                "  PROCEDURE run IS\n"
                "  BEGIN\n"
                f"    UPDATE {owner}.Q SET INTDC_IND_STATUS = 'E' WHERE INTDC_IND_STATUS = 'P'; -- hot fix\n"
                "  END run;\n"
                "END PKG_X;"
            )
            cur.execute(f"GRANT SELECT ON {owner}.Q TO {bed.grantee}")
            cur.execute(f"BEGIN SYS.DBMS_SCHEDULER.DISABLE('{owner}.J_X'); END;")
    finally:
        conn.close()

    actual, _ = bed.read()
    report = bed.drift(actual)
    assert drifted(report) == {
        f"erp:{owner}.package_body.PKG_X": ("changed",),
        f"erp:{bed.grantee}.object_grant.SELECT ON {owner}.Q": ("unexpected",),
        f"erp:{owner}.job.J_X": ("disabled",),
    }
    body = next(r for r in report.drifted if r.id.type == "package_body")
    hot_fix = f"+    UPDATE {owner}.Q SET INTDC_IND_STATUS = 'E' WHERE INTDC_IND_STATUS = 'P'; -- hot fix"
    assert hot_fix in body.diff.splitlines()

    plan = build_plan(bed.result, bed.desired, actual, report)
    assert [(s.action, s.destructive) for s in plan.steps] == [
        ("replace", False),
        ("enable", False),
        ("revoke", True),
    ]
    conn = bed.db.connect(owner, bed.password)  # the owner granted, the owner revokes
    try:
        with conn.cursor() as cur:
            for step in plan.steps:
                for statement in step.statements:
                    cur.execute(statement.text)
                    assert cur.warning is None, (statement.text, cur.warning)
    finally:
        conn.close()

    again, _ = bed.read()
    assert drifted(bed.drift(again)) == {}


def test_a_read_through_all_views_does_not_invent_missing_privileges(bed: Bed) -> None:
    actual, count = bed.read(bed.db.connect(bed.owner, bed.password))
    assert count == QUERY_COUNT
    (db,) = actual.databases
    assert db.dictionary == "ALL" and db.privileges_of == (bed.owner,)
    assert drifted(bed.drift(actual)) == {}
