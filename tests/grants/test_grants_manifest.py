"""Manifest loading: placeholders resolved per target, `when`, and line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.config import Target
from conefi_dbtool.errors import ConfigError, UsageError
from conefi_dbtool.grants import privileges
from conefi_dbtool.grants.manifest import key_lines, load_manifest, parse_manifest, quota_bytes

USER = """\
[user]
name = "{conefi}"
default_tablespace = "{default_tablespace}"
temporary_tablespace = "{temporary_tablespace}"
"""


def target(tmp_path: Path, extra: str = "") -> Target:
    return make_project(tmp_path, {}, extra)[1]


def parse(tmp_path: Path, body: str, extra: str = "", database: str = "erp") -> object:
    return parse_manifest(USER + body, shown="grants/erp/x.toml", target=target(tmp_path, extra),
                          database=database, profile="least-privilege")


def error(tmp_path: Path, body: str, extra: str = "", database: str = "erp") -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse(tmp_path, body, extra, database)
    return info.value


def test_placeholders_resolve_to_dictionary_names(tmp_path: Path) -> None:
    extra = ('[targets.example.erp]\ncompany = "02"\n[targets.example.erp.schemas]\nsiga = "siga_t"\n'
             'conefi = \'"Conefi"\'\n[targets.example.erp.tablespaces]\nquota = "2G"\n')
    m = parse(tmp_path, '[[quota]]\ntablespace = "{default_tablespace}"\nsize = "{quota}"\n'
                        '[[object_grant]]\nprivileges = ["select", "Update"]\non = "{siga}.{protheus:SE1}"\n'
                        '[[object_grant]]\nprivileges = ["EXECUTE"]\non = "sgu.f_cod"\n', extra)
    assert m.user.name == "Conefi"  # quoted in the config: kept exactly
    assert (m.user.default_tablespace, m.user.temporary_tablespace) == ("TS_DATA", "TEMP")
    (q,) = m.quotas
    assert (q.tablespace, q.size, q.max_bytes) == ("TS_DATA", "2G", 2 * 1024**3)
    first, second = m.object_privileges
    assert (first.owner, first.name, first.privileges) == ("SIGA_T", "SE1020", ("SELECT", "UPDATE"))
    assert (second.owner, second.name) == ("SGU", "F_COD")
    assert first.location.line == 8 and str(first.location) == "grants/erp/x.toml:8"


def test_when_keeps_entries_only_where_they_hold(tmp_path: Path) -> None:
    body = ('[[system_grant]]\nprivileges = ["CREATE ANY TRIGGER"]\nwhen = { trigger_owner = "conefi" }\n'
            '[[waiver]]\ncode = "any-privilege"\nsubject = "CREATE ANY TRIGGER"\n'
            'reason = "the trigger on SGU.INTGRA_RET_ERP is ours"\nwhen = { trigger_owner = "conefi" }\n')
    m = parse(tmp_path / "a", body)
    assert [s.privilege for s in m.system_privileges] == ["CREATE ANY TRIGGER"]
    assert len(m.waivers) == 1
    m = parse(tmp_path / "b", body, '[targets.example.integration]\ntrigger_owner = "sgu"\n')
    assert m.system_privileges == () and m.waivers == ()


@pytest.mark.parametrize(("body", "line", "key", "text"), [
    ('[[system_grant]]\nprivileges = ["CREATE JOBS"]\n', 6, "system_grant[0].privileges",
     "unknown system privilege 'CREATE JOBS' (did you mean CREATE JOB?)"),
    ('[[object_grant]]\nprivileges = ["SELECT"]\non = "SE1030"\n', 7, "object_grant[0].on",
     "expected OWNER.NAME"),
    ('[[object_grant]]\nprivileges = ["SELECT"]\non = "{sigaa}.X"\n', 7, "object_grant[0].on",
     "unknown placeholder {sigaa}"),
    ('[[object_grant]]\nprivileges = ["SELECT"]\non = "SIGA.SE1{company}"\n', 7, "object_grant[0].on",
     "a placeholder must be a whole part of the name"),
    ('[[object_grant]]\nprivileges = ["SELEKT"]\non = "SIGA.X"\n', 6, "object_grant[0].privileges",
     "unknown object privilege 'SELEKT' (did you mean SELECT?)"),
    ('[[object_grant]]\nprivileges = ["SELECT"]\non = "SIGA.X; DROP USER Y"\n', 7, "object_grant[0].on",
     "invalid Oracle identifier"),
    ('\n[[role_grant]]\nroles = ["CONNECT"]\nadmin = true\n', 8, "role_grant[0].admin",
     "unknown key (expected one of: roles, admin_option, reason, when)"),
    ('[[waiver]]\ncode = "any-privilege"\nsubject = "X"\nreason = "ok"\n', 8, "waiver[0].reason",
     "a reason must say why"),
    ('[[waiver]]\ncode = "any-privilegs"\nsubject = "X"\nreason = "because we need it"\n', 6,
     "waiver[0].code", "unknown finding code 'any-privilegs' (did you mean any-privilege?)"),
    ('[[waiver]]\ncode = "any-privilege"\nreason = "because we need it"\n', 5, "waiver[0]",
     "required key 'subject' is missing"),
    ('[[system_grant]]\nprivileges = ["CREATE JOB"]\nwhen = { trigger_owner = "dba" }\n', 7,
     "system_grant[0].when.trigger_owner", "must be one of 'conefi', 'sgu'"),
    ('[[system_grant]]\nprivileges = ["CREATE JOB"]\nwhen = { owner = "sgu" }\n', 7,
     "system_grant[0].when.owner", "unknown condition"),
    ('[[system_grant]]\nprivileges = ["CREATE JOB"]\n[[system_grant]]\nprivileges = ["CREATE JOB"]\n', 7,
     "system_grant[1]", "CREATE JOB is already declared at line 5"),
    ('[[quota]]\ntablespace = "{default_tablespace}"\nsize = "lots"\n', 7, "quota[0].size",
     "invalid quota size 'LOTS'"),
    ("[[object_grant]]\nprivileges = \"SELECT\"\non = 'SIGA.X'\nnope = 1\n", 8, "object_grant[0].nope",
     "unknown key"),
])
def test_errors_name_file_line_and_key(tmp_path: Path, body: str, line: int, key: str, text: str) -> None:
    exc = error(tmp_path, body)
    assert (exc.file, exc.line, exc.key) == ("grants/erp/x.toml", line, key)
    assert text in str(exc)
    assert str(exc).startswith(f"grants/erp/x.toml:{line}: {key}: ")


def test_protheus_placeholder_only_in_the_erp_database(tmp_path: Path) -> None:
    exc = error(tmp_path, '[[object_grant]]\nprivileges = ["SELECT"]\non = "X.{protheus:SE1}"\n',
                database="sgu2")
    assert "only in the erp database" in str(exc)


def test_resolution_errors_name_the_target(tmp_path: Path) -> None:
    exc = error(tmp_path, '[[quota]]\ntablespace = "X"\nsize = "{quota}"\n',
                '[targets.example.erp.tablespaces]\nquota = "500 MB"\n')
    assert exc.target == "example" and "(target 'example')" in str(exc)


def test_invalid_toml_reports_its_line(tmp_path: Path) -> None:
    exc = error(tmp_path, '[[system_grant]]\nprivileges = ["A" "B"]\nx = 1\n')
    assert exc.line == 6 and str(exc).startswith("grants/erp/x.toml:6: not valid TOML: ")
    assert "(at line" not in str(exc)
    exc = error(tmp_path, "[[system_grant]]\nprivileges = [\n")
    assert exc.line == 6 and "not valid TOML" in str(exc)


def test_user_table_is_required(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="a \\[user\\] table is required"):
        parse_manifest('description = "x"\n', shown="m.toml", target=target(tmp_path), database="erp",
                       profile="seed")


def test_missing_manifest_and_unknown_profile_are_usage_errors(tmp_path: Path) -> None:
    project, t = make_project(tmp_path, {})
    with pytest.raises(UsageError, match=r"grants/erp/seed.toml: grants manifest not found"):
        load_manifest(project, t, "erp", "seed")
    with pytest.raises(UsageError, match="unknown grants profile 'admin'"):
        load_manifest(project, t, "erp", "admin")


def test_key_lines_counts_array_tables_and_skips_multiline_values() -> None:
    text = ('description = """\nfake = 1\n"""\n[user]\nname = "x"\n[[object_grant]]\n'
            'privileges = [\n  "SELECT",\n]\non = "A.B"\n[[object_grant]]\non = "C.D"\n')
    lines = key_lines(text)
    assert lines[("description",)] == 1 and ("fake",) not in lines
    assert lines[("user", "name")] == 5
    assert lines[("object_grant", 0)] == 6 and lines[("object_grant", 0, "on")] == 10
    assert lines[("object_grant", 1, "on")] == 12


@pytest.mark.parametrize(("size", "expected"), [
    ("500M", 524288000), ("2G", 2147483648), ("64K", 65536), ("1048576", 1048576), ("unlimited", -1),
])
def test_quota_bytes(size: str, expected: int) -> None:
    assert quota_bytes(size) == expected


def test_bundled_manifests_load_for_every_target(project) -> None:  # type: ignore[no-untyped-def]
    assert project.targets
    for name, t in project.targets.items():
        for database in ("erp", "sgu2"):
            for profile in ("seed", "least-privilege"):
                m = load_manifest(project, t, database, profile)
                assert m.user.name == str(t.database(database).schemas.conefi), name


def test_every_system_privilege_the_grants_model_names_is_in_the_bundled_catalogue() -> None:
    """The catalogue (data/oracle_system_privileges.toml) is what manifests are checked against:
    a privilege the model reasons about (powerful, carried by a role, an ANY stand-in) is in it."""
    named = {*privileges.POWERFUL_PRIVILEGES, *privileges.ANY_FOR_NEED, *privileges.ANY_FOR_NEED.values(),
             *(s for alts in privileges.ANY_FOR_OBJECT.values() for s in alts),
             *(s for carried in privileges.ROLE_PRIVILEGES.values() for s in carried)}
    assert named <= privileges.SYSTEM_PRIVILEGES
    assert "CREATE JOB" in privileges.SYSTEM_PRIVILEGES and "CREATE JOBS" not in privileges.SYSTEM_PRIVILEGES
