"""Expected privileges (the interface drift relies on) and the reconcile plan."""

from __future__ import annotations

from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SystemPrivilege,
    User,
    snapshot_from_json,
    snapshot_to_json,
)
from conefi_dbtool.config import Project
from conefi_dbtool.grants import ExpectedPrivileges, expected_privileges, reconcile
from conefi_dbtool.grants.reconcile import plan_sql, size_sql

CONEFI = "CONEFI"


def expected(**kw: object) -> ExpectedPrivileges:
    base: dict[str, object] = dict(
        users=(User(CONEFI, "TS_DATA", "TEMP", "DEFAULT"),),
        quotas=(Quota(CONEFI, "TS_DATA", 500 * 1024**2),),
        object_privileges=(ObjectPrivilege(CONEFI, "SIGA", "SE1030", "SELECT"),
                           ObjectPrivilege(CONEFI, "SIGA", "SE1030", "UPDATE")),
        system_privileges=(SystemPrivilege(CONEFI, "CREATE SESSION"),),
        role_grants=(),
        database="erp", profile="least-privilege")
    base.update(kw)
    return ExpectedPrivileges(**base)  # type: ignore[arg-type]


def test_expected_privileges_of_the_example_target(project: Project) -> None:
    e = expected_privileges(project, project.target("example"), "erp")
    assert e.users == (User("CONEFI", "TS_DATA", "TEMP", "DEFAULT"),)
    assert e.quotas == (Quota("CONEFI", "TS_DATA", 524288000),)
    assert ObjectPrivilege("CONEFI", "SIGA", "SE1030", "UPDATE") in e.object_privileges
    assert SystemPrivilege("CONEFI", "CREATE ANY TRIGGER") in e.system_privileges
    assert e.role_grants == ()
    seed = expected_privileges(project, project.target("example"), "erp", "seed")
    assert {r.role for r in seed.role_grants} == {"CONNECT", "DBA", "RESOURCE"}
    assert seed.quotas == ()
    sgu2 = expected_privileges(project, project.target("example"), "sgu2", "seed")
    assert SystemPrivilege("CONEFI", "CREATE ANY PROCEDURE") in sgu2.system_privileges
    assert sgu2.users == (User("CONEFI", "CONEFI_DATA", "TEMP", "DEFAULT"),)


def test_in_sync_when_the_database_holds_exactly_the_profile() -> None:
    e = expected()
    actual = DatabaseCatalog("erp", users=e.users, quotas=e.quotas, object_privileges=e.object_privileges,
                             system_privileges=e.system_privileges)
    plan = reconcile(e, actual)
    assert plan.in_sync and plan.warnings == ()


def test_from_the_seed_state_to_least_privilege() -> None:
    actual = DatabaseCatalog(
        "erp",
        users=(User(CONEFI, "TS_DATA", "TEMP", "DEFAULT"), User("SCOTT", "USERS", "TEMP")),
        object_privileges=(ObjectPrivilege(CONEFI, "SIGA", "SE1030", "SELECT"),
                           ObjectPrivilege(CONEFI, "SGU", "V_FATURA_REC", "SELECT"),
                           ObjectPrivilege("SCOTT", "SIGA", "SE1030", "SELECT")),
        system_privileges=(SystemPrivilege(CONEFI, "CREATE SESSION"),
                           SystemPrivilege(CONEFI, "UNLIMITED TABLESPACE"),
                           SystemPrivilege(CONEFI, "SELECT ANY DICTIONARY"),
                           SystemPrivilege("SCOTT", "UNLIMITED TABLESPACE")),
        role_grants=(RoleGrant(CONEFI, "DBA"), RoleGrant("SCOTT", "DBA")),
    )
    plan = reconcile(expected(), actual)
    assert [(i.action, i.statement) for i in plan.additions] == [
        ("quota", "ALTER USER CONEFI QUOTA 500M ON TS_DATA"),
        ("grant", "GRANT UPDATE ON SIGA.SE1030 TO CONEFI"),
    ]
    assert [i.statement for i in plan.revocations] == [
        "REVOKE SELECT ON SGU.V_FATURA_REC FROM CONEFI",
        "REVOKE SELECT ANY DICTIONARY FROM CONEFI",
        "REVOKE UNLIMITED TABLESPACE FROM CONEFI",
        "REVOKE DBA FROM CONEFI",
    ]  # objects, system, roles last; SCOTT is not managed: never touched
    assert any("UNLIMITED TABLESPACE" in w and "grant the quota first" in w for w in plan.warnings)
    assert any("INVALID" in w for w in plan.warnings)
    sql = plan_sql(plan, include_revokes=False)
    assert sql.index("QUOTA 500M") < sql.index("REVOKE UNLIMITED")
    assert "\n-- REVOKE DBA FROM CONEFI;" in sql and "\nREVOKE" not in sql
    assert sql.startswith("-- conefi-dbtool grants: reconcile plan for database erp\n"
                          "WHENEVER SQLERROR EXIT FAILURE ROLLBACK\nSET DEFINE OFF\n")
    sql = plan_sql(plan, include_revokes=True)
    assert "\nREVOKE DBA FROM CONEFI;" in sql and "\nREVOKE UNLIMITED TABLESPACE FROM CONEFI;" in sql


def test_revoking_unlimited_tablespace_without_a_quota_is_called_out() -> None:
    actual = DatabaseCatalog("erp", users=expected().users,
                             system_privileges=(SystemPrivilege(CONEFI, "UNLIMITED TABLESPACE"),))
    plan = reconcile(expected(quotas=()), actual)
    assert any("wipes" in w and "add a [[quota]]" in w for w in plan.warnings)


def test_missing_user_and_changed_attributes() -> None:
    plan = reconcile(expected(), DatabaseCatalog("erp"))
    first = plan.additions[0]
    assert first.action == "create-user"
    assert first.statement == ('CREATE USER CONEFI IDENTIFIED BY "&&conefi_erp_password" DEFAULT TABLESPACE '
                               "TS_DATA TEMPORARY TABLESPACE TEMP PROFILE DEFAULT")
    sql = plan_sql(plan, include_revokes=False)
    assert "SET VERIFY OFF" in sql and "ACCEPT conefi_erp_password CHAR PROMPT" in sql and "HIDE" in sql
    plan = reconcile(expected(), DatabaseCatalog("erp", users=(User(CONEFI, "USERS", "TEMP", "APP"),)))
    assert plan.additions[0].statement == "ALTER USER CONEFI DEFAULT TABLESPACE TS_DATA PROFILE DEFAULT"


def test_options_are_dropped_by_revoke_then_grant_in_that_order() -> None:
    e = expected()
    actual = DatabaseCatalog("erp", users=e.users, quotas=(Quota(CONEFI, "TS_DATA", -1),),
                             object_privileges=(ObjectPrivilege(CONEFI, "SIGA", "SE1030", "SELECT", True),
                                                ObjectPrivilege(CONEFI, "SIGA", "SE1030", "UPDATE")),
                             system_privileges=(SystemPrivilege(CONEFI, "CREATE SESSION", True),))
    plan = reconcile(e, actual)
    assert [i.statement for i in plan.additions] == ["ALTER USER CONEFI QUOTA 500M ON TS_DATA"]
    assert [(i.action, i.statement) for i in plan.revocations] == [
        ("revoke", "REVOKE SELECT ON SIGA.SE1030 FROM CONEFI"),
        ("grant", "GRANT SELECT ON SIGA.SE1030 TO CONEFI"),
        ("revoke", "REVOKE CREATE SESSION FROM CONEFI"),
        ("grant", "GRANT CREATE SESSION TO CONEFI"),
    ]
    assert any("WITH GRANT OPTION" in w for w in plan.warnings)


def test_extra_quota_is_revoked_and_sizes_round_trip() -> None:
    e = expected()
    actual = DatabaseCatalog("erp", users=e.users, quotas=(*e.quotas, Quota(CONEFI, "USERS", 1024)),
                             object_privileges=e.object_privileges, system_privileges=e.system_privileges)
    plan = reconcile(e, actual)
    assert [i.statement for i in plan.revocations] == ["ALTER USER CONEFI QUOTA 0 ON USERS"]
    assert [size_sql(b) for b in (-1, 2 * 1024**3, 500 * 1024**2, 65536, 1000)] == [
        "UNLIMITED", "2G", "500M", "64K", "1000"]


def test_reconcile_reads_a_json_snapshot() -> None:
    e = expected()
    snap = CatalogSnapshot("example", (DatabaseCatalog("erp", users=e.users, quotas=e.quotas,
                                                       object_privileges=e.object_privileges,
                                                       system_privileges=e.system_privileges),))
    db = snapshot_from_json(snapshot_to_json(snap)).database("erp")
    assert db is not None and reconcile(e, db).in_sync
