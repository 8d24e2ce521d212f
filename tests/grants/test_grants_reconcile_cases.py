"""Reconcile, case by case: ADMIN and GRANT options both ways, user attributes, warnings."""

from __future__ import annotations

from conefi_dbtool.catalog.snapshot import (
    DatabaseCatalog,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SystemPrivilege,
    User,
)
from conefi_dbtool.grants import ExpectedPrivileges, reconcile

CONEFI = "CONEFI"
USER = User(CONEFI, "TS_DATA", "TEMP", "DEFAULT")


def expected(**kw: object) -> ExpectedPrivileges:
    base: dict[str, object] = dict(users=(USER,), quotas=(), object_privileges=(), system_privileges=(),
                                   role_grants=(), database="erp", profile="least-privilege")
    base.update(kw)
    return ExpectedPrivileges(**base)  # type: ignore[arg-type]


def test_admin_option_wanted_and_missing_is_granted_with_it() -> None:
    e = expected(role_grants=(RoleGrant(CONEFI, "APP_ROLE", True),),
                 system_privileges=(SystemPrivilege(CONEFI, "CREATE JOB", True),))
    actual = DatabaseCatalog("erp", users=(USER,), role_grants=(RoleGrant(CONEFI, "APP_ROLE"),))
    plan = reconcile(e, actual)
    assert [(i.action, i.statement, i.subject) for i in plan.additions] == [
        ("grant", "GRANT APP_ROLE TO CONEFI WITH ADMIN OPTION", "APP_ROLE"),
        ("grant", "GRANT CREATE JOB TO CONEFI WITH ADMIN OPTION", "CREATE JOB"),
    ]
    assert plan.revocations == () and plan.warnings == ()


def test_admin_option_held_as_wanted_is_in_sync() -> None:
    e = expected(role_grants=(RoleGrant(CONEFI, "APP_ROLE", True),),
                 system_privileges=(SystemPrivilege(CONEFI, "CREATE JOB", True),))
    actual = DatabaseCatalog("erp", users=(USER,), role_grants=e.role_grants,
                             system_privileges=e.system_privileges)
    assert reconcile(e, actual).in_sync


def test_a_role_held_with_admin_option_not_wanted_is_revoked_and_granted_again() -> None:
    e = expected(role_grants=(RoleGrant(CONEFI, "APP_ROLE"),))
    actual = DatabaseCatalog("erp", users=(USER,), role_grants=(RoleGrant(CONEFI, "APP_ROLE", True),))
    plan = reconcile(e, actual)
    assert plan.additions == ()
    assert [(i.action, i.statement, i.note) for i in plan.revocations] == [
        ("revoke", "REVOKE APP_ROLE FROM CONEFI", "drops ADMIN OPTION"),
        ("grant", "GRANT APP_ROLE TO CONEFI", "re-granted without ADMIN OPTION"),
    ]


def test_grant_option_wanted_and_missing_is_granted_with_it() -> None:
    want = ObjectPrivilege(CONEFI, "SGU", "V_X", "SELECT", True)
    actual = DatabaseCatalog("erp", users=(USER,),
                             object_privileges=(ObjectPrivilege(CONEFI, "SGU", "V_X", "SELECT"),))
    plan = reconcile(expected(object_privileges=(want,)), actual)
    assert [(i.action, i.statement, i.subject) for i in plan.additions] == [
        ("grant", "GRANT SELECT ON SGU.V_X TO CONEFI WITH GRANT OPTION", "SELECT ON SGU.V_X")]
    assert plan.revocations == ()


def test_an_unwanted_object_grant_with_grant_option_cascades() -> None:
    held = ObjectPrivilege(CONEFI, "SGU", "V_X", "SELECT", True)
    plan = reconcile(expected(), DatabaseCatalog("erp", users=(USER,), object_privileges=(held,)))
    assert [(i.statement, i.note) for i in plan.revocations] == [
        ("REVOKE SELECT ON SGU.V_X FROM CONEFI", "cascades to grants this user made")]
    assert plan.warnings == ("revoking a privilege held WITH GRANT OPTION also revokes it from everyone "
                             "this user granted it to",)


def test_user_attributes_the_database_does_not_state_are_left_alone() -> None:
    plan = reconcile(expected(), DatabaseCatalog("erp", users=(User(CONEFI, "", "", None),)))
    assert plan.in_sync
    plan = reconcile(expected(), DatabaseCatalog("erp", users=(User(CONEFI, "TS_DATA", "TEMP2", "DEFAULT"),)))
    assert [i.statement for i in plan.additions] == ["ALTER USER CONEFI TEMPORARY TABLESPACE TEMP"]


def test_a_quota_of_another_size_is_set() -> None:
    e = expected(quotas=(Quota(CONEFI, "TS_DATA", 2 * 1024**3),))
    plan = reconcile(e, DatabaseCatalog("erp", users=(USER,), quotas=(Quota(CONEFI, "TS_DATA", 1024),)))
    assert [(i.action, i.statement) for i in plan.additions] == [
        ("quota", "ALTER USER CONEFI QUOTA 2G ON TS_DATA")]


def test_revoking_an_any_privilege_warns_about_invalid_code_only() -> None:
    actual = DatabaseCatalog("erp", users=(USER,),
                             system_privileges=(SystemPrivilege(CONEFI, "EXECUTE ANY PROCEDURE"),))
    plan = reconcile(expected(), actual)
    assert [i.statement for i in plan.revocations] == ["REVOKE EXECUTE ANY PROCEDURE FROM CONEFI"]
    assert plan.warnings == ("code compiled under the revoked privileges may turn INVALID: run the deploy "
                             "script's INVALID sweep (conefi-dbtool script) afterwards",)


def test_additions_are_ordered_users_quotas_grants() -> None:
    e = expected(quotas=(Quota(CONEFI, "TS_DATA", 1024**2),),
                 object_privileges=(ObjectPrivilege(CONEFI, "SGU", "V_X", "SELECT"),),
                 system_privileges=(SystemPrivilege(CONEFI, "CREATE SESSION"),),
                 role_grants=(RoleGrant(CONEFI, "APP_ROLE"),))
    plan = reconcile(e, DatabaseCatalog("erp"))
    assert [i.action for i in plan.additions] == ["create-user", "quota", "grant", "grant", "grant"]
    assert [i.subject for i in plan.additions[2:]] == ["APP_ROLE", "CREATE SESSION", "SELECT ON SGU.V_X"]
