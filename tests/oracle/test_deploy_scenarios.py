"""The real release on Oracle: `upgrade head` of the ERP database of the `example` target.

What tests/oracle/test_upgrade_oracle.py proves on synthetic templates (compile-error
mapping, a killed run converging, concurrent upgrades serialising, downgrade refusing to
drop data) is not repeated here. This module runs the project's own revisions, into fresh
schemas holding the fixture stand-ins and nothing else:

* the release's DBA section (least privilege) creates CONEFI and grants what the code needs
  — the fixtures grant nothing — and every object compiles, the job is enabled;
* drift is empty right after the upgrade, and a second upgrade changes nothing;
* the deployed integration works (an overdue title becomes an INC row);
* a downgrade to base refuses to drop the queue table once it holds that row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import oracledb
import pytest

from conefi_dbtool.catalog.drift import compute_drift
from conefi_dbtool.catalog.expected import expected_snapshot
from conefi_dbtool.catalog.reader import read_database, scope_for
from conefi_dbtool.catalog.snapshot import CatalogSnapshot
from conefi_dbtool.config import Project, Target
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import RunResult, open_planner, run_online
from conefi_dbtool.testbed.builders import Protheus
from conefi_dbtool.testbed.database import OracleTestDatabase, drop_user_block, new_password, new_user_name
from conefi_dbtool.testbed.environment import Schemas, scratch_target
from conefi_dbtool.testbed.executor import apply, deploy_objects
from conefi_dbtool.testbed.fixtures import build_fixtures

# Fresh users carry a best-effort grant on a SYS package that no manifest declares.
IGNORE = ("*.object_grant.* ON SYS.*",)


@dataclass
class ReleaseBed:
    db: OracleTestDatabase
    project: Project
    target: Target
    conefi_password: str
    admin: oracledb.Connection

    @property
    def conefi(self) -> str:
        return str(self.target.erp.schemas.conefi)

    def run(self, command: str, spec: str) -> RunResult:
        secrets = {"conefi_erp_password": self.conefi_password}
        return run_online(self.project, self.target, command, spec, ("erp",),
                          PlanOptions(lock_timeout=120), secrets=secrets.get,
                          connection_factory=lambda _db: self.db.connect())

    def head(self) -> str | None:
        with open_planner(self.project, self.target, PlanOptions()) as release:
            return release.history.head

    def query(self, sql: str, **binds: Any) -> list[tuple[Any, ...]]:
        with self.admin.cursor() as cur:
            cur.execute(sql, binds)
            return [tuple(r) for r in cur.fetchall()]

    def version(self) -> str | None:
        rows = self.query(f"SELECT VERSION_NUM FROM {self.conefi}.CONEFI_DBTOOL_VERSION "
                          "WHERE DATABASE_NAME = 'erp'")
        return str(rows[0][0]) if rows else None

    def drift(self) -> dict[str, Any]:
        desired = expected_snapshot(self.project, self.target)
        conn = self.db.connect()
        try:
            catalog = read_database(conn, scope_for(self.target, desired, "erp"))
        finally:
            conn.close()
        report = compute_drift(desired, CatalogSnapshot(self.target.name, (catalog,)),
                               ignore=IGNORE, databases=["erp"])
        return {str(r.id): (r.categories, r.summary) for r in report.drifted}


@pytest.fixture(scope="module")
def bed(oracle_db: OracleTestDatabase, project: Project) -> Iterator[ReleaseBed]:
    siga, _ = oracle_db.fresh_user("SIGA")
    sgu, _ = oracle_db.fresh_user("SGU")
    conefi = new_user_name("CONEFI")  # the release creates it
    target = scratch_target(project.target("example"), Schemas(siga, sgu, conefi),
                            oracle_db.default_tablespace())
    admin = oracle_db.connect()
    try:
        deploy_objects(admin, build_fixtures(project, target, users=False, conefi_grants=False).objects)
        yield ReleaseBed(oracle_db, project, target, new_password(), admin)
    finally:
        with admin.cursor() as cur:
            cur.execute(drop_user_block(conefi))
        admin.close()


def test_upgrade_head_deploys_everything_valid_with_least_privilege(bed: ReleaseBed) -> None:
    result = bed.run("upgrade", "head")
    assert result.ok, result.error
    assert bed.version() == bed.head()
    invalid = bed.query("SELECT object_type, object_name FROM all_objects WHERE owner = :o "
                        "AND status <> 'VALID'", o=bed.conefi)
    assert invalid == []
    kinds = {t for (t,) in bed.query("SELECT DISTINCT object_type FROM all_objects WHERE owner = :o",
                                     o=bed.conefi)}
    assert {"TABLE", "SEQUENCE", "VIEW", "PACKAGE", "PACKAGE BODY", "TRIGGER", "JOB"} <= kinds
    assert bed.query("SELECT job_name, enabled FROM all_scheduler_jobs WHERE owner = :o",
                     o=bed.conefi) == [("J_CONEFI_DIARIO", "TRUE")]
    roles = bed.query("SELECT granted_role FROM dba_role_privs WHERE grantee = :o", o=bed.conefi)
    assert roles == []  # direct grants only: jobs and definer's-rights code ignore roles


def test_no_drift_after_upgrade_and_a_second_upgrade_changes_nothing(bed: ReleaseBed) -> None:
    assert bed.drift() == {}
    journal_before = bed.query(f"SELECT COUNT(*) FROM {bed.conefi}.CONEFI_DBTOOL_JOURNAL")
    again = bed.run("upgrade", "head")
    assert again.ok, again.error
    assert [o.ops for o in again.outcomes] == [()]  # already at head: nothing planned
    assert bed.query(f"SELECT COUNT(*) FROM {bed.conefi}.CONEFI_DBTOOL_JOURNAL") == journal_before
    assert bed.drift() == {}


def test_downgrade_refuses_to_drop_a_queue_holding_rows(bed: ReleaseBed) -> None:
    tz = str(bed.target.schedule.timezone)
    (today_text,) = bed.query("SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE :tz, 'YYYYMMDD') FROM dual",
                              tz=tz)[0]
    today = dt.datetime.strptime(today_text, "%Y%m%d").date()
    erp = Protheus(bed.target, build_fixtures(bed.project, bed.target).dictionary)
    maria = erp.customer("000123", "MARIA")
    title = erp.title(maria.value, "000000101", "100.00", due=today - dt.timedelta(days=3))
    apply(bed.admin, maria, title)
    with bed.admin.cursor() as cur:
        cur.execute("BEGIN SYS.DBMS_SCHEDULER.RUN_JOB(:j, use_current_session => TRUE); END;",
                    j=f"{bed.conefi}.J_CONEFI_DIARIO")
    queue = f"{bed.conefi}.{bed.target.integration.queue_table}"
    assert bed.query(f"SELECT INTDC_IND_ACAO, INTDC_NUM_RECNO_SE1 FROM {queue} "
                     "WHERE INTDC_IND_ACAO = 'INC'") == [("INC", title.value.recno)]

    # the job-run log holds rows too: empty it, so the queue alone stands in the way
    with bed.admin.cursor() as cur:
        cur.execute(f"DELETE FROM {bed.conefi}.INTGRA_LOG_CONEFI")
    bed.admin.commit()
    head = bed.version()
    refused = bed.run("downgrade", "base")
    assert not refused.ok
    assert "holds rows" in refused.error and str(bed.target.integration.queue_table) in refused.error
    assert bed.version() == head  # refused before anything changed
    assert bed.query(f"SELECT COUNT(*) FROM {queue} WHERE INTDC_IND_ACAO = 'INC'") == [(1,)]
    assert bed.query("SELECT COUNT(*) FROM all_objects WHERE owner = :o AND status <> 'VALID'",
                     o=bed.conefi) == [(0,)]
