"""Users and grants against a real Oracle: the DBA section is idempotent and sufficient.

* the least-privilege DBA section creates the ERP user, runs twice without error and
  without touching the existing password, and the whole integration then deploys and
  compiles *as that user* (no role, no ANY privilege besides the waived trigger one);
* a database holding the seed grants is brought to least privilege by the reconcile SQL;
* the SGU 2.0 section creates the database link as its owner without storing the password,
  and the pull job copies and marks queue rows in one distributed transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

import oracledb
import pytest

from conefi_dbtool.catalog.snapshot import (
    DatabaseCatalog,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SystemPrivilege,
    User,
)
from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import Step
from conefi_dbtool.grants import expected_privileges, reconcile
from conefi_dbtool.grants.link import HELPER, LINK_PASSWORD_VARIABLE
from conefi_dbtool.grants.reconcile import plan_sql
from conefi_dbtool.render import render_target
from conefi_dbtool.script_sections import dba_steps
from conefi_dbtool.testbed.database import drop_user_block, new_password, new_user_name
from conefi_dbtool.testbed.environment import Schemas, scratch_target
from conefi_dbtool.testbed.executor import deploy_objects
from conefi_dbtool.testbed.fixtures import build_fixtures

pytestmark = pytest.mark.oracle


def run_steps(conn: oracledb.Connection, steps: tuple[Step, ...], variables: dict[str, str]) -> None:
    """What SQL*Plus does with the DBA section: client commands skipped, variables substituted."""
    with conn.cursor() as cur:
        for step in steps:
            if step.kind == "sqlplus":
                continue
            text = step.text
            for name, value in variables.items():
                text = text.replace(f"&&{name}", value)
            assert "&" not in text, text
            cur.execute(text)


def run_sql(conn: oracledb.Connection, script: str) -> None:
    """Statements of a reconcile plan (one per line, client commands and comments skipped)."""
    with conn.cursor() as cur:
        for line in script.splitlines():
            if not line or line.startswith(("--", "WHENEVER", "SET ", "ACCEPT")):
                continue
            cur.execute(line.split("  --")[0].rstrip().rstrip(";"))


def read_privileges(conn: oracledb.Connection, database: str, *grantees: str) -> DatabaseCatalog:
    """The privilege part of a catalog snapshot, for `grantees`."""
    binds = {f"g{i}": g for i, g in enumerate(grantees)}
    names = ", ".join(f":{k}" for k in binds)
    with conn.cursor() as cur:
        cur.execute(f"SELECT username, default_tablespace, temporary_tablespace, profile FROM dba_users "
                    f"WHERE username IN ({names})", binds)
        users = tuple(User(*row) for row in cur.fetchall())
        cur.execute(f"SELECT username, tablespace_name, max_bytes FROM dba_ts_quotas "
                    f"WHERE username IN ({names})", binds)
        quotas = tuple(Quota(u, t, int(b)) for u, t, b in cur.fetchall())
        cur.execute(f"SELECT grantee, privilege, admin_option FROM dba_sys_privs WHERE grantee IN ({names})",
                    binds)
        system = tuple(SystemPrivilege(g, p, a == "YES") for g, p, a in cur.fetchall())
        cur.execute(f"SELECT grantee, granted_role, admin_option FROM dba_role_privs "
                    f"WHERE grantee IN ({names})", binds)
        roles = tuple(RoleGrant(g, r, a == "YES") for g, r, a in cur.fetchall())
        cur.execute(f"SELECT grantee, owner, table_name, privilege, grantable FROM dba_tab_privs "
                    f"WHERE grantee IN ({names})", binds)
        objects = tuple(ObjectPrivilege(g, o, t, p, a == "YES") for g, o, t, p, a in cur.fetchall())
    return DatabaseCatalog(database, users=users, quotas=quotas, object_privileges=objects,
                           system_privileges=system, role_grants=roles)


@pytest.fixture
def new_users(oracle_db: Any) -> Iterator[list[str]]:
    """Names of users the test's own DBA section creates; dropped afterwards."""
    names: list[str] = []
    yield names
    conn = oracle_db.connect()
    try:
        with conn.cursor() as cur:
            for name in reversed(names):
                cur.execute(drop_user_block(name))
    finally:
        conn.close()


def erp_target(oracle_db: Any, project: Project, conefi: str, **changes: Any) -> Target:
    """Fresh SIGA and SGU with the fixtures; CONEFI is `conefi` (not created here)."""
    siga, _ = oracle_db.fresh_user("SIGA")
    sgu, _ = oracle_db.fresh_user("SGU")
    target = scratch_target(project.target("example"), Schemas(siga, sgu, conefi),
                            oracle_db.default_tablespace())
    target = dataclasses.replace(target, **changes)
    admin = oracle_db.connect()
    try:
        deploy_objects(admin, build_fixtures(project, target, users=False, conefi_grants=False).objects)
    finally:
        admin.close()
    return target


def test_least_privilege_section_is_idempotent_and_enough_to_deploy(
        oracle_db: Any, project: Project, new_users: list[str]) -> None:
    conefi = new_user_name("CONEFI")
    new_users.append(conefi)
    target = erp_target(oracle_db, project, conefi)
    steps = dba_steps(project, target)["erp"]
    password = new_password()
    admin = oracle_db.connect()
    try:
        run_steps(admin, steps, {"conefi_erp_password": password})
        run_steps(admin, steps, {"conefi_erp_password": new_password()})  # re-run: user kept
        actual = read_privileges(admin, "erp", conefi)
    finally:
        admin.close()
    expected = expected_privileges(project, target, "erp")
    plan = reconcile(expected, actual)
    assert plan.in_sync, (plan.additions, plan.revocations)
    assert actual.role_grants == ()
    # the original password still works, and it is enough to deploy everything as CONEFI
    owner = oracle_db.connect(conefi, password)
    try:
        objects = tuple(o for o in render_target(project, target).objects if o.id.database == "erp")
        deploy_objects(owner, objects)  # compile checks + INVALID sweep raise on any error
        with owner.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM user_objects WHERE status = 'INVALID'")
            assert cur.fetchone() == (0,)
    finally:
        owner.close()


def test_reconcile_takes_the_seed_grants_to_least_privilege(
        oracle_db: Any, project: Project, new_users: list[str]) -> None:
    conefi = new_user_name("CONEFI")
    new_users.append(conefi)
    target = erp_target(oracle_db, project, conefi, grants_profile="seed")
    admin = oracle_db.connect()
    try:
        run_steps(admin, dba_steps(project, target)["erp"], {"conefi_erp_password": new_password()})
        seed_state = read_privileges(admin, "erp", conefi)
        assert reconcile(expected_privileges(project, target, "erp", "seed"), seed_state).in_sync
        plan = reconcile(expected_privileges(project, target, "erp", "least-privilege"), seed_state)
        assert {i.statement for i in plan.revocations} >= {
            f"REVOKE DBA FROM {conefi}", f"REVOKE SELECT ANY DICTIONARY FROM {conefi}",
            f"REVOKE UNLIMITED TABLESPACE FROM {conefi}"}
        run_sql(admin, plan_sql(plan, include_revokes=False))  # additions only: nothing revoked
        assert RoleGrant(conefi, "DBA") in read_privileges(admin, "erp", conefi).role_grants
        run_sql(admin, plan_sql(plan, include_revokes=True))
        final = read_privileges(admin, "erp", conefi)
    finally:
        admin.close()
    assert reconcile(expected_privileges(project, target, "erp", "least-privilege"), final).in_sync


def loopback(conn: oracledb.Connection) -> str:
    with conn.cursor() as cur:
        cur.execute("SELECT SYS_CONTEXT('USERENV', 'SERVICE_NAME') FROM dual")
        (service,) = cur.fetchone()
    return f"//localhost:1521/{service}"


def test_sgu2_link_and_pull_job(oracle_db: Any, project: Project, new_users: list[str]) -> None:
    erp_conefi, erp_password = oracle_db.fresh_user("CONEFI")
    target = erp_target(oracle_db, project, erp_conefi)
    sgu2_conefi = new_user_name("CNF2")
    new_users.append(sgu2_conefi)
    admin = oracle_db.connect()
    try:
        queue_objects = ("sequence", "table", "index")
        deploy_objects(admin, tuple(o for o in render_target(project, target).objects
                                    if o.id.database == "erp" and o.id.type in queue_objects))
        names = Schemas(str(target.erp.schemas.siga), str(target.erp.schemas.sgu), erp_conefi, sgu2_conefi)
        target = scratch_target(target, names, oracle_db.default_tablespace())
        target = dataclasses.replace(target, sgu2=dataclasses.replace(
            target.sgu2, pull_job=True, erp_link_using=loopback(admin)))
        sgu2_password = new_password()
        variables = {"conefi_sgu2_password": sgu2_password, LINK_PASSWORD_VARIABLE: erp_password}
        steps = dba_steps(project, target)["sgu2"]
        run_steps(admin, steps, variables)
        run_steps(admin, steps, variables)  # re-run: link kept
        with admin.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM dba_db_links WHERE owner = :o", o=sgu2_conefi)
            assert cur.fetchone() == (1,)
            cur.execute("SELECT COUNT(*) FROM dba_objects WHERE owner = :o AND object_name = :n",
                        o=sgu2_conefi, n=HELPER)
            assert cur.fetchone() == (0,)  # the helper is gone
            cur.execute("SELECT COUNT(*) FROM dba_source WHERE owner = :o AND INSTR(text, :p) > 0",
                        o=sgu2_conefi, p=erp_password)
            assert cur.fetchone() == (0,)  # and no stored source ever held the password
        owner = oracle_db.connect(sgu2_conefi, sgu2_password)
        link = str(target.sgu2.erp_link)
        try:
            with owner.cursor() as cur:
                cur.execute(f"SELECT 1 FROM dual@{link}")
        except oracledb.DatabaseError as exc:
            reason = str(exc).splitlines()[0]
            pytest.skip(f"a loopback database link is not reachable from this server: {reason}")
        sgu2_objects = [o for o in render_target(project, target).objects if o.id.database == "sgu2"]
        deploy_objects(owner, tuple(o for o in sgu2_objects if o.id.type != "job"))
        queue = f"{erp_conefi}.{target.integration.queue_table}"
        with admin.cursor() as cur:
            rows = [("P", "INC;1"), ("P", "PGO;2"), ("I", "INC;3"), ("P", "DES;4")]
            for i, (status, data) in enumerate(rows):
                cur.execute(f"INSERT INTO {queue} (INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, "
                            "INTDC_DES_IDEMP) VALUES (:i, :a, :d, :s, :k)",
                            i=i + 1, a=data[:3], d=data, s=status, k=f"T:{i}")
        admin.commit()
        pull = f"BEGIN {sgu2_conefi}.P_PULL_DADOS_CONEFI; END;"
        with owner.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {sgu2_conefi}.V_INTGRA_DADOS_CONEFI_PEND")
            assert cur.fetchone() == (3,)
            cur.execute(pull)
            cur.execute(pull)  # nothing pending: nothing copied twice
            cur.execute(f"SELECT INTDC_ID FROM {sgu2_conefi}.INTGRA_DADOS_CONEFI ORDER BY 1")
            assert cur.fetchall() == [(1,), (2,), (4,)]
        with admin.cursor() as cur:
            cur.execute(f"SELECT INTDC_ID, INTDC_IND_STATUS, NVL2(INTDC_DTH_PROC, 'Y', 'N') FROM {queue} "
                        "ORDER BY 1")
            assert cur.fetchall() == [(1, "I", "Y"), (2, "I", "Y"), (3, "I", "N"), (4, "I", "Y")]
            # a failure while copying leaves the ERP rows pending: one transaction for both sides
            cur.execute(f"ALTER TABLE {sgu2_conefi}.INTGRA_DADOS_CONEFI ADD CONSTRAINT CK_TEST_BOOM "
                        "CHECK (INTDC_DADOS <> 'BOOM')")
            cur.execute(f"INSERT INTO {queue} (INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_DES_IDEMP) "
                        "VALUES (5, 'INC', 'INC;5', 'T:5')")
            cur.execute(f"INSERT INTO {queue} (INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_DES_IDEMP) "
                        "VALUES (6, 'INC', 'BOOM', 'T:6')")
        admin.commit()
        with owner.cursor() as cur, pytest.raises(oracledb.DatabaseError, match="CK_TEST_BOOM"):
            cur.execute(pull)
        with admin.cursor() as cur:
            cur.execute(f"SELECT INTDC_ID, INTDC_IND_STATUS FROM {queue} WHERE INTDC_ID > 4 ORDER BY 1")
            assert cur.fetchall() == [(5, "P"), (6, "P")]
            cur.execute(f"SELECT COUNT(*) FROM {sgu2_conefi}.INTGRA_DADOS_CONEFI")
            assert cur.fetchone() == (3,)
        # the job is created (disabled right away so it cannot race the assertions above)
        deploy_objects(owner, tuple(o for o in sgu2_objects if o.id.type == "job"), sweep=False)
        with owner.cursor() as cur:
            cur.execute("BEGIN SYS.DBMS_SCHEDULER.DISABLE('J_PULL_DADOS_CONEFI', force => TRUE); END;")
            cur.execute("SELECT repeat_interval FROM user_scheduler_jobs "
                        "WHERE job_name = 'J_PULL_DADOS_CONEFI'")
            assert cur.fetchone() == ("FREQ=MINUTELY;INTERVAL=5",)
        with contextlib.suppress(oracledb.Error):
            owner.close()
    finally:
        admin.close()
