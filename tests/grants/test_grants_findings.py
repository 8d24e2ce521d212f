"""Security findings: risky grants, needs without grants, grants without needs, waivers."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.config import Project
from conefi_dbtool.grants import review
from conefi_dbtool.grants.findings import CODES, Finding

USER = """\
[user]
name = "{conefi}"
default_tablespace = "{default_tablespace}"
temporary_tablespace = "{temporary_tablespace}"

[[quota]]
tablespace = "{default_tablespace}"
size = "{quota}"

[[system_grant]]
privileges = ["CREATE SESSION"]
"""
VIEW = {"erp/conefi/view/V_X.sql.j2": "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
                                      "SELECT e1.E1_NUM\n  FROM {{ protheus('SE1') }} e1;\n"}
VIEW_GRANTS = '[[system_grant]]\nprivileges = ["CREATE VIEW"]\n' \
              '[[object_grant]]\nprivileges = ["SELECT"]\non = "{siga}.{protheus:SE1}"\n'
TRIGGER = {"erp/trigger_owner/trigger/TRG_X.sql.j2":
           "CREATE OR REPLACE TRIGGER {{ obj.qualified }}\n  AFTER INSERT ON SGU.INTGRA_RET_ERP\n"
           "  FOR EACH ROW\nBEGIN\n  CONEFI.PKG_FILA.P_EVENTO(:new.INTRE_ID);\nEND;\n/\n"}


def findings(tmp_path: Path, manifest: str, templates: dict[str, str], extra: str = "",
             database: str = "erp") -> tuple[Finding, ...]:
    project, target = make_project(tmp_path, templates, extra)
    path = tmp_path / "grants" / database / "least-privilege.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(USER + manifest, encoding="utf-8")
    return review(project, target, database).findings


def codes(found: tuple[Finding, ...]) -> set[tuple[str, str, bool]]:
    return {(f.code, f.subject, f.waived) for f in found}


def test_a_grant_for_every_need_gives_no_finding(tmp_path: Path) -> None:
    assert findings(tmp_path, VIEW_GRANTS, VIEW) == ()


def test_a_new_table_reference_shows_up_as_a_missing_grant(tmp_path: Path) -> None:
    templates = {**VIEW, "erp/conefi/view/V_Y.sql.j2": "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
                                                        "SELECT e2.E2_NUM\n"
                                                        "  FROM {{ protheus('SE2') }} e2;\n"}
    (f,) = findings(tmp_path, VIEW_GRANTS, templates)
    assert (f.code, f.severity, f.subject) == ("missing-grant", "error", "SELECT ON SIGA.SE2030")
    assert f.blocking
    assert f.location == "erp/conefi/view/V_Y.sql.j2:3"
    assert 'privileges = ["SELECT"] on = "{siga}.{protheus:SE2}"' in f.fix


def test_a_grant_nothing_uses_is_reported(tmp_path: Path) -> None:
    found = findings(tmp_path, VIEW_GRANTS + '[[object_grant]]\nprivileges = ["SELECT", "UPDATE"]\n'
                                             'on = "{sgu}.V_FATURA_REC"\n', VIEW)
    assert codes(found) == {("unused-grant", "SELECT ON SGU.V_FATURA_REC", False),
                            ("unused-grant", "UPDATE ON SGU.V_FATURA_REC", False)}
    assert all(f.severity == "warning" and f.location == "grants/erp/least-privilege.toml:17" for f in found)


def test_role_privileges_do_not_satisfy_code_needs(tmp_path: Path) -> None:
    found = findings(tmp_path, '[[role_grant]]\nroles = ["DBA"]\n', VIEW)
    assert codes(found) == {("dba-role", "DBA", False), ("missing-grant", "SELECT ON SIGA.SE1030", False)}
    missing = next(f for f in found if f.code == "missing-grant")
    assert "Privileges from roles (DBA) do not count" in missing.message
    # the DBA role does satisfy the system privilege the view's owner needs (no finding for it)


def test_quota_is_needed_where_tables_live(tmp_path: Path) -> None:
    table = {"erp/conefi/table/T.sql.j2":
             "CREATE TABLE {{ obj.qualified }} (A NUMBER) TABLESPACE TS_OTHER;\n"}
    found = findings(tmp_path, '[[system_grant]]\nprivileges = ["CREATE TABLE"]\n', table)
    assert codes(found) == {("missing-quota", "QUOTA ON TS_OTHER", False)}
    unlimited = '[[system_grant]]\nprivileges = ["CREATE TABLE", "UNLIMITED TABLESPACE"]\n'
    assert [f.code for f in findings(tmp_path / "u", unlimited, table)] == ["unlimited-tablespace"]


@pytest.mark.parametrize(("privilege", "code"), [
    ("SELECT ANY DICTIONARY", "select-any-dictionary"), ("SELECT ANY TABLE", "any-privilege"),
    ("ALTER SYSTEM", "any-privilege"), ("UNLIMITED TABLESPACE", "unlimited-tablespace"),
])
def test_risky_system_privileges(tmp_path: Path, privilege: str, code: str) -> None:
    found = findings(tmp_path, f'[[system_grant]]\nprivileges = ["{privilege}"]\n', {})
    assert codes(found) == {(code, privilege, False)}


def test_admin_and_grant_options_and_sys_objects(tmp_path: Path) -> None:
    code = {"erp/conefi/procedure/P_X.sql.j2": "CREATE OR REPLACE PROCEDURE {{ obj.qualified }} IS\nBEGIN\n"
                                               "  SYS.DBMS_LOCK.SLEEP(1);\nEND;\n/\n"}
    found = findings(tmp_path, '[[system_grant]]\nprivileges = ["CREATE PROCEDURE"]\nadmin_option = true\n'
                               '[[object_grant]]\nprivileges = ["EXECUTE"]\non = "SYS.DBMS_LOCK"\n'
                               'grant_option = true\n', code)
    assert codes(found) == {("grant-option", "CREATE PROCEDURE WITH ADMIN OPTION", False),
                            ("grant-option", "EXECUTE ON SYS.DBMS_LOCK WITH GRANT OPTION", False),
                            ("sys-object", "EXECUTE ON SYS.DBMS_LOCK", False)}
    assert not any(f.blocking for f in found)


def test_trigger_owner_conefi_needs_any_trigger_and_a_waiver_silences_it(tmp_path: Path) -> None:
    grant = '[[system_grant]]\nprivileges = ["CREATE ANY TRIGGER"]\n'
    found = findings(tmp_path / "a", grant, TRIGGER)
    (f,) = found
    assert (f.code, f.subject, f.blocking) == ("any-privilege", "CREATE ANY TRIGGER", True)
    assert "Something in the code needs it." in f.message
    waiver = ('[[waiver]]\ncode = "any-privilege"\nsubject = "create any trigger"\n'
              'reason = "CONEFI owns the trigger on SGU.INTGRA_RET_ERP (trigger_owner = conefi)"\n')
    (f,) = findings(tmp_path / "b", grant + waiver, TRIGGER)
    assert f.waived and not f.blocking
    assert f.waiver_reason.startswith("CONEFI owns the trigger")
    assert f.waiver_location == "grants/erp/least-privilege.toml:14"
    (f,) = findings(tmp_path / "c", "", TRIGGER)
    assert (f.code, f.subject) == ("missing-grant", "CREATE ANY TRIGGER")
    assert 'trigger_owner = "sgu"' in f.fix


def test_trigger_owner_sgu_needs_a_rendered_execute_grant(tmp_path: Path) -> None:
    sgu = '[targets.example.integration]\ntrigger_owner = "sgu"\n'
    (f,) = findings(tmp_path / "a", "", TRIGGER, sgu)
    assert (f.code, f.subject) == ("missing-grant", "EXECUTE ON CONEFI.PKG_FILA TO SGU")
    assert "render it from a template" in f.fix
    granted = {**TRIGGER, "erp/conefi/object_grant/G_PKG_FILA_SGU.sql.j2":
               "{% if integration.trigger_owner == 'sgu' %}\n"
               "GRANT EXECUTE ON {{ obj.owner }}.PKG_FILA TO {{ erp.schemas.sgu|ident }};\n{% endif %}\n"}
    assert findings(tmp_path / "b", "", granted, sgu) == ()


def test_stale_waivers_are_reported(tmp_path: Path) -> None:
    waiver = ('[[waiver]]\ncode = "dba-role"\nsubject = "DBA"\n'
              'reason = "temporary, until the DBA team reviews the grants"\n')
    (f,) = findings(tmp_path, waiver, {})
    assert (f.code, f.subject, f.severity) == ("stale-waiver", "dba-role DBA", "warning")


def test_waiver_subjects_take_placeholders_and_patterns(tmp_path: Path) -> None:
    manifest = ('[[object_grant]]\nprivileges = ["SELECT"]\non = "{siga}.{protheus:SE5}"\n'
                '[[object_grant]]\nprivileges = ["SELECT"]\non = "{siga}.{protheus:SA1}"\n'
                '[[waiver]]\ncode = "unused-grant"\n'
                'subject = ["SELECT ON {siga}.{protheus:SE5}", "* ON SIGA.SA1*"]\n'
                'reason = "read by the CONEFI application through this user"\n')
    found = findings(tmp_path, manifest, {}, '[targets.example.erp]\ncompany = "05"\n')
    assert codes(found) == {("unused-grant", "SELECT ON SIGA.SE5050", True),
                            ("unused-grant", "SELECT ON SIGA.SA1050", True)}


def test_every_code_has_a_known_severity() -> None:
    assert {c.severity for c in CODES.values()} == {"error", "warning"}
    assert len(CODES) == 11


@pytest.mark.parametrize("database", ["erp", "sgu2"])
def test_default_profile_has_no_finding_without_a_waiver(project: Project, database: str) -> None:
    """Acceptance: the bundled least-privilege profiles match what the templates need."""
    r = review(project, project.target("example"), database)
    assert r.manifest.profile == "least-privilege"
    unwaived = [f"{f.code}: {f.subject}: {f.message}" for f in r.findings if not f.waived]
    assert unwaived == []
    assert all(f.waiver_reason for f in r.findings)


def test_default_profile_with_sgu_owned_trigger_has_no_unwaived_finding(project: Project) -> None:
    import dataclasses

    base = project.target("example")
    target = dataclasses.replace(base, integration=dataclasses.replace(base.integration, trigger_owner="sgu"))
    r = review(project, target, "erp")
    assert [f"{f.code}: {f.subject}" for f in r.findings if not f.waived] == []
    assert not any(s.privilege == "CREATE ANY TRIGGER" for s in r.manifest.system_privileges)
