"""Grants findings, case by case: needs at several places, admin options, SYS views, order."""

from __future__ import annotations

from pathlib import Path

from helpers import make_project

from conefi_dbtool.findings import Severity
from conefi_dbtool.grants import review
from conefi_dbtool.grants.findings import CODES, Finding

USER = """\
[user]
name = "{conefi}"
default_tablespace = "{default_tablespace}"
temporary_tablespace = "{temporary_tablespace}"

[[system_grant]]
privileges = ["CREATE SESSION"]
"""
MANIFEST_FILE = "grants/erp/least-privilege.toml"


def findings(tmp_path: Path, manifest: str, templates: dict[str, str]) -> tuple[Finding, ...]:
    project, target = make_project(tmp_path, templates)
    path = tmp_path / MANIFEST_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(USER + manifest, encoding="utf-8")
    return review(project, target, "erp").findings


def view(name: str, source: str) -> dict[str, str]:
    """A view template reading `source` on its line 3."""
    return {f"erp/conefi/view/{name}.sql.j2":
            f"CREATE OR REPLACE VIEW {{{{ obj.qualified }}}} AS\nSELECT 1 A\n  FROM {source};\n"}


def table(name: str, tablespace: str) -> dict[str, str]:
    return {f"erp/conefi/table/{name}.sql.j2":
            f"CREATE TABLE {{{{ obj.qualified }}}} (A NUMBER) TABLESPACE {tablespace};\n"}


def by_code(found: tuple[Finding, ...], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


# --------------------------------------------------------------------------- several places


def test_a_missing_object_grant_needed_at_two_places_is_one_finding_at_the_first(tmp_path: Path) -> None:
    se2 = "{{ protheus('SE2') }}"
    templates = {**view("V_B", se2), **view("V_A", se2)}  # the later file written first
    found = findings(tmp_path, '[[system_grant]]\nprivileges = ["CREATE VIEW"]\n', templates)
    (f,) = by_code(found, "missing-grant")
    assert f.subject == "SELECT ON SIGA.SE2030"
    assert f.location == "erp/conefi/view/V_A.sql.j2:3"
    assert f.message == ("CONEFI uses SELECT on SIGA.SE2030 (query) at erp/conefi/view/V_A.sql.j2:3 "
                         "and 1 more place(s) without a direct grant.")


def test_a_missing_system_grant_needed_at_two_places(tmp_path: Path) -> None:
    templates = {**view("V_B", "DUAL"), **view("V_A", "DUAL")}
    (f,) = findings(tmp_path, "", templates)
    assert (f.code, f.subject, f.location) == ("missing-grant", "CREATE VIEW", "erp/conefi/view/V_A.sql.j2:1")
    assert f.message == ("CONEFI needs CREATE VIEW (owns view CONEFI.V_A) at erp/conefi/view/V_A.sql.j2:1 "
                         "and 1 more place(s).")
    assert f.fix == f'add to {MANIFEST_FILE}: [[system_grant]] privileges = ["CREATE VIEW"]'


def test_a_missing_quota_needed_at_two_places(tmp_path: Path) -> None:
    templates = {**table("T_B", "TS_OTHER"), **table("T_A", "TS_OTHER")}
    found = findings(tmp_path, '[[system_grant]]\nprivileges = ["CREATE TABLE"]\n', templates)
    (f,) = found
    assert (f.code, f.subject) == ("missing-quota", "QUOTA ON TS_OTHER")
    assert f.location == "erp/conefi/table/T_A.sql.j2:1"
    assert " at erp/conefi/table/T_A.sql.j2:1 and 1 more place(s) " in f.message
    assert f.fix == f'add to {MANIFEST_FILE}: [[quota]] tablespace = "TS_OTHER" size = "{{quota}}"'


# --------------------------------------------------------------------------- options and SYS


def test_a_role_granted_with_admin_option(tmp_path: Path) -> None:
    found = findings(tmp_path, '[[role_grant]]\nroles = ["CONNECT"]\nadmin_option = true\n', {})
    assert {(f.code, f.subject) for f in found} == {("role-privileges", "CONNECT"),
                                                   ("grant-option", "CONNECT WITH ADMIN OPTION")}
    (option,) = by_code(found, "grant-option")
    assert option.message == "CONEFI may grant role CONNECT to anyone."
    assert option.fix == "drop admin_option"
    assert option.location == f"{MANIFEST_FILE}:8"  # the [[role_grant]] line
    (role,) = by_code(found, "role-privileges")
    assert "role CONNECT (CREATE SESSION, SET CONTAINER) granted to CONEFI" in role.message


def test_a_role_without_admin_option_has_no_grant_option_finding(tmp_path: Path) -> None:
    found = findings(tmp_path, '[[role_grant]]\nroles = ["CONNECT"]\n', {})
    assert [f.code for f in found] == ["role-privileges"]


def test_select_any_dictionary_covers_sys_views(tmp_path: Path) -> None:
    templates = {**view("V_A", "SYS.V_$SESSION")}
    grants = '[[system_grant]]\nprivileges = ["CREATE VIEW"]\n'
    (f,) = findings(tmp_path / "without", grants, templates)
    assert (f.code, f.subject, f.location) == ("missing-grant", "SELECT ON SYS.V_$SESSION",
                                               "erp/conefi/view/V_A.sql.j2:3")
    dictionary = '[[system_grant]]\nprivileges = ["CREATE VIEW", "SELECT ANY DICTIONARY"]\n'
    (f,) = findings(tmp_path / "with", dictionary, templates)
    assert (f.code, f.subject) == ("select-any-dictionary", "SELECT ANY DICTIONARY")


def test_select_any_dictionary_does_not_cover_other_schemas(tmp_path: Path) -> None:
    templates = view("V_A", "{{ protheus('SE2') }}")
    grants = '[[system_grant]]\nprivileges = ["CREATE VIEW", "SELECT ANY DICTIONARY"]\n'
    found = findings(tmp_path, grants, templates)
    assert {(f.code, f.subject) for f in found} == {("select-any-dictionary", "SELECT ANY DICTIONARY"),
                                                   ("missing-grant", "SELECT ON SIGA.SE2030")}


# --------------------------------------------------------------------------- severity and order


def test_findings_use_the_shared_severity_scale() -> None:
    assert all(isinstance(c.severity, Severity) for c in CODES.values())
    assert CODES["missing-grant"].severity is Severity.ERROR
    assert CODES["unused-grant"].severity is Severity.WARNING


def test_errors_come_before_warnings_and_waived_findings_last(tmp_path: Path) -> None:
    manifest = ('[[system_grant]]\nprivileges = ["CREATE VIEW", "UNLIMITED TABLESPACE", "ALTER SYSTEM"]\n'
                '[[waiver]]\ncode = "any-privilege"\nsubject = "ALTER SYSTEM"\n'
                'reason = "accepted for the test"\n')
    found = findings(tmp_path, manifest, view("V_A", "{{ protheus('SE2') }}"))
    assert [(f.code, f.severity, f.waived) for f in found] == [
        ("missing-grant", "error", False),
        ("unlimited-tablespace", "warning", False),
        ("any-privilege", "error", True),
    ]
    assert [f.blocking for f in found] == [True, False, False]


def test_every_finding_names_its_database(tmp_path: Path) -> None:
    manifest = ('[[system_grant]]\nprivileges = ["CREATE VIEW", "SELECT ANY TABLE"]\nadmin_option = true\n'
                '[[object_grant]]\nprivileges = ["EXECUTE"]\non = "SYS.DBMS_LOCK"\ngrant_option = true\n'
                '[[role_grant]]\nroles = ["CONNECT"]\nadmin_option = true\n')
    found = findings(tmp_path, manifest, view("V_A", "{{ protheus('SE2') }}"))
    assert {f.code for f in found} >= {"grant-option", "sys-object", "any-privilege", "role-privileges",
                                       "unused-grant"}
    assert {f.database for f in found} == {"erp"}


def test_an_any_privilege_covers_object_uses(tmp_path: Path) -> None:
    grants = '[[system_grant]]\nprivileges = ["CREATE VIEW", "SELECT ANY TABLE"]\n'
    (f,) = findings(tmp_path, grants, view("V_A", "{{ protheus('SE2') }}"))  # no missing-grant
    assert (f.code, f.subject) == ("any-privilege", "SELECT ANY TABLE")
    assert f.message.startswith("SELECT ANY TABLE granted to CONEFI: it reaches objects of every schema. ")


def test_a_risky_grant_nothing_needs_says_so(tmp_path: Path) -> None:
    (f,) = findings(tmp_path / "any", '[[system_grant]]\nprivileges = ["SELECT ANY TABLE"]\n', {})
    assert f.message == ("SELECT ANY TABLE granted to CONEFI: it reaches objects of every schema. "
                         "Nothing in the rendered code needs it.")
    (f,) = findings(tmp_path / "dictionary", '[[system_grant]]\nprivileges = ["SELECT ANY DICTIONARY"]\n', {})
    assert f.message.endswith("other sessions' SQL text. Nothing in the rendered code needs it.")


def test_select_any_dictionary_in_full(tmp_path: Path) -> None:
    (f,) = findings(tmp_path, '[[system_grant]]\nprivileges = ["SELECT ANY DICTIONARY"]\n', {})
    assert (f.code, f.database, f.severity) == ("select-any-dictionary", "erp", Severity.ERROR)
    assert f.fix == ("remove it; grant SELECT on the specific SYS views the code uses "
                     "(missing-grant lists them)")


def test_an_object_grant_with_grant_option(tmp_path: Path) -> None:
    manifest = ('[[system_grant]]\nprivileges = ["CREATE VIEW"]\n'
                '[[object_grant]]\nprivileges = ["SELECT"]\non = "SIGA.SE2030"\ngrant_option = true\n')
    found = findings(tmp_path, manifest, view("V_A", "{{ protheus('SE2') }}"))
    (f,) = by_code(found, "grant-option")
    assert f.subject == "SELECT ON SIGA.SE2030 WITH GRANT OPTION"
    assert f.message == "CONEFI may pass SELECT on SIGA.SE2030 on to others."
    assert f.fix == "drop grant_option unless a view of ours is granted onward"
