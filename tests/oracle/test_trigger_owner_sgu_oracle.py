"""`integration.trigger_owner = "sgu"` on a real Oracle, deployed as a least-privilege CONEFI (#16 item 1).

The deploy's sections, run the way the SQL*Plus script runs them: the DBA section (users and
grants of the least-privilege manifest, no ANY privilege) as the DBA, CONEFI's objects as
CONEFI, then the SGU trigger's section as the DBA (`erp.other_owners.connect_as = "dba"`),
each section ending with the sweep of what it created. Then:

* the trigger is SGU's and VALID, CONEFI holds no CREATE ANY TRIGGER;
* made invalid (SGU loses EXECUTE on the event package), the SGU section's sweep fails naming
  it; the same sweep run as CONEFI fails as "not found" — CONEFI cannot see SGU's trigger,
  which the single-session sweep used to take for a pass;
* `status` read as CONEFI reports the trigger "not checked", read as the DBA it is healthy;
* the online `upgrade head` with `connect_as = "owner"` creates the trigger on a session of
  SGU's own while the deploy session keeps the lock, the journal and the stamps.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import oracledb
import pytest

from conefi_dbtool.catalog.expected import expected_snapshot
from conefi_dbtool.catalog.reader import read_database, scope_for
from conefi_dbtool.catalog.snapshot import CatalogSnapshot
from conefi_dbtool.catalog.status import build_status
from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import ConefiError
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import open_planner, run_online
from conefi_dbtool.render import render_target
from conefi_dbtool.script import OwnerSection, owner_sections
from conefi_dbtool.script_sections import dba_steps
from conefi_dbtool.testbed.database import drop_user_block, new_password, new_user_name
from conefi_dbtool.testbed.environment import Schemas, scratch_target
from conefi_dbtool.testbed.executor import deploy_objects, execute_step
from conefi_dbtool.testbed.fixtures import build_fixtures
from tests.oracle.test_grants_oracle import run_steps

pytestmark = pytest.mark.oracle

TRIGGER = "T_INTGRA_RET_ERP_CONEFI"


@dataclasses.dataclass
class Bed:
    project: Project
    target: Target
    admin: oracledb.Connection
    conefi: oracledb.Connection
    oracle_db: Any
    conefi_password: str
    sgu_password: str

    @property
    def sgu(self) -> str:
        return str(self.target.erp.schemas.sgu)

    @property
    def owner(self) -> str:
        return str(self.target.erp.schemas.conefi)

    def sections(self) -> tuple[OwnerSection, ...]:
        return owner_sections(self.target, "erp", render_target(self.project, self.target).objects)

    def session(self, section: OwnerSection) -> oracledb.Connection:
        """The CONEFI owner's section as CONEFI; another owner's as the DBA."""
        return self.conefi if section.is_main else self.admin

    def sweep(self, section: OwnerSection, connection: oracledb.Connection) -> None:
        with connection.cursor() as cur:
            for step in section.sweep():
                execute_step(cur, step, None)

    def query(self, sql: str, **binds: Any) -> list[tuple[Any, ...]]:
        with self.admin.cursor() as cur:
            cur.execute(sql, binds)
            return [tuple(r) for r in cur.fetchall()]


@pytest.fixture(scope="module")
def bed(oracle_db: Any, project: Project) -> Iterator[Bed]:
    siga, _ = oracle_db.fresh_user("SIGA")
    sgu, sgu_password = oracle_db.fresh_user("SGU")
    conefi = new_user_name("CONEFI")
    base = scratch_target(project.target("example"), Schemas(siga, sgu, conefi),
                          oracle_db.default_tablespace())
    target = dataclasses.replace(base, integration=dataclasses.replace(base.integration, trigger_owner="sgu"))
    assert target.erp.other_owners.connect_as == "dba"
    password = new_password()
    admin = oracle_db.connect()
    try:
        deploy_objects(admin, build_fixtures(project, target, users=False, conefi_grants=False).objects)
        run_steps(admin, dba_steps(project, target)["erp"], {"conefi_erp_password": password})
        owner = oracle_db.connect(conefi, password)
        try:
            yield Bed(project, target, admin, owner, oracle_db, password, sgu_password)
        finally:
            owner.close()
    finally:
        with admin.cursor() as cur:
            cur.execute(drop_user_block(conefi))
        admin.close()


def test_sections_deploy_the_sgu_trigger_valid_without_any_privilege(bed: Bed) -> None:
    sections = bed.sections()
    assert [(s.owner, s.connect_as) for s in sections] == [(bed.owner, "conefi"), (bed.sgu, "dba")]
    for section in sections:
        deploy_objects(bed.session(section), section.objects, sweep=False)  # each unit's compile check
        bed.sweep(section, bed.session(section))
    assert bed.query("SELECT status FROM dba_objects WHERE owner = :o AND object_name = :n "
                     "AND object_type = 'TRIGGER'", o=bed.sgu, n=TRIGGER) == [("VALID",)]
    assert bed.query("SELECT COUNT(*) FROM dba_objects WHERE owner = :o AND status <> 'VALID'",
                     o=bed.owner) == [(0,)]
    assert bed.query("SELECT privilege FROM dba_sys_privs WHERE grantee = :o AND privilege LIKE '%ANY%'",
                     o=bed.owner) == []


def test_an_invalid_sgu_trigger_fails_its_sections_sweep(bed: Bed) -> None:
    (_, sgu) = bed.sections()
    with bed.conefi.cursor() as cur:  # the grantor takes it back: the trigger goes INVALID
        cur.execute(f"REVOKE EXECUTE ON {bed.owner}.PKG_CONEFI_EVENTO FROM {bed.sgu}")
    try:
        trigger = re.escape(f"{bed.sgu}.{TRIGGER} (TRIGGER)")
        with pytest.raises(ConefiError, match=rf"ORA-20002: still INVALID after recompiling: {trigger}"):
            bed.sweep(sgu, bed.admin)
        # CONEFI cannot see SGU's trigger: its sweep says so instead of passing
        with pytest.raises(ConefiError, match=rf"ORA-20003: not found by {re.escape(bed.owner)} .*{trigger}"):
            bed.sweep(sgu, bed.conefi)
    finally:
        with bed.conefi.cursor() as cur:
            cur.execute(f"GRANT EXECUTE ON {bed.owner}.PKG_CONEFI_EVENTO TO {bed.sgu}")
    bed.sweep(sgu, bed.admin)  # recompiled VALID again
    assert bed.query("SELECT status FROM dba_objects WHERE owner = :o AND object_name = :n",
                     o=bed.sgu, n=TRIGGER) == [("VALID",)]


def test_status_never_passes_a_trigger_the_reader_cannot_see(bed: Bed) -> None:
    desired = expected_snapshot(bed.project, bed.target)

    def problems(connection: oracledb.Connection) -> tuple[str, ...]:
        catalog = read_database(connection, scope_for(bed.target, desired, "erp"))
        return build_status(CatalogSnapshot(bed.target.name, (catalog,)), desired).problems

    as_conefi = [p for p in problems(bed.conefi) if "not found" in p]
    assert len(as_conefi) == 1 and f"{bed.sgu}.{TRIGGER} (trigger)" in as_conefi[0]
    assert [p for p in problems(bed.admin) if "not found" in p or "INVALID" in p] == []


def test_online_upgrade_creates_the_trigger_on_sgus_own_session(bed: Bed) -> None:
    erp = dataclasses.replace(bed.target.erp, other_owners=dataclasses.replace(
        bed.target.erp.other_owners, connect_as="owner"))
    target = dataclasses.replace(bed.target, erp=erp)
    sessions: list[tuple[str, str]] = []

    def section(database: str, owner: str) -> oracledb.Connection:
        sessions.append((database, owner))
        return bed.oracle_db.connect(owner, bed.sgu_password)

    secrets = {"conefi_erp_password": bed.conefi_password}
    result = run_online(bed.project, target, "upgrade", "head", ("erp",), PlanOptions(lock_timeout=120),
                        secrets=secrets.get, connection_factory=lambda _db: bed.oracle_db.connect(),
                        section_factory=section)
    assert result.ok, result.error
    assert sessions == [("erp", bed.sgu)]
    assert bed.query("SELECT status FROM dba_objects WHERE owner = :o AND object_name = :n",
                     o=bed.sgu, n=TRIGGER) == [("VALID",)]
    journal = bed.query(f"SELECT object_name, outcome FROM {bed.owner}.CONEFI_DBTOOL_JOURNAL "
                        "WHERE object_name LIKE :t", t=f"erp:{bed.sgu}.trigger.%")
    assert journal and all(outcome == "OK" for _, outcome in journal)
    (version,) = bed.query(f"SELECT version_num FROM {bed.owner}.CONEFI_DBTOOL_VERSION "
                           "WHERE database_name = 'erp'")
    with open_planner(bed.project, target, PlanOptions()) as release:
        assert version == (release.history.head,)
