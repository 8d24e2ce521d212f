"""Objects another schema owns deploy in a section of their own (#16 item 1).

With `integration.trigger_owner = "sgu"` the trigger on SGU.INTGRA_RET_ERP is SGU's: the
least-privilege CONEFI user can neither create it (no CREATE ANY TRIGGER) nor see it in
ALL_OBJECTS / ALL_ERRORS. `script`, `upgrade --sql` and the online `upgrade` create, check and
sweep it in a session that can — the DBA's or SGU's own (`erp.other_owners.connect_as`).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from conefi_dbtool.catalog.expected import expected_snapshot
from conefi_dbtool.catalog.preflight import requirements_for
from conefi_dbtool.catalog.snapshot import CatalogSnapshot, SourceObject
from conefi_dbtool.catalog.status import build_status
from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import Step
from conefi_dbtool.errors import ConfigError
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp, PlanOptions, RevisionPlan
from conefi_dbtool.migrations.run import run_online, section_connection_for, sql_script
from conefi_dbtool.migrations.sections import verify_steps
from conefi_dbtool.objects import PLSQL_TYPES, ObjectId, RenderedObject
from conefi_dbtool.render import render_target
from conefi_dbtool.script import SESSION_SETTINGS, build_script, owner_sections
from conefi_dbtool.script_sections import dba_steps
from conefi_dbtool.splitter import split
from tests.helpers import make_project
from tests.migrations.test_migrations import BODY, FIRST, JOB, PACKAGE, _body_with_macro, two_revisions, write
from tests.migrations.test_migrations import TRIGGER as TRIGGER_Q
from tests.migrations.test_migrations_units import FakeDB

SGU = '[targets.example.integration]\ntrigger_owner = "sgu"\n'
AS_OWNER = '[targets.example.erp.other_owners]\nconnect_as = "owner"\n'
TRIGGER = "T_INTGRA_RET_ERP_CONEFI"


def _target(project: Project, trigger_owner: str, connect_as: str = "dba") -> Target:
    base = project.target("example")
    erp = dataclasses.replace(base.erp, other_owners=dataclasses.replace(base.erp.other_owners,
                                                                         connect_as=connect_as))  # type: ignore[arg-type]
    integration = dataclasses.replace(base.integration, trigger_owner=trigger_owner)  # type: ignore[arg-type]
    return dataclasses.replace(base, erp=erp, integration=integration)


def _script(project: Project, trigger_owner: str, connect_as: str = "dba") -> str:
    target = _target(project, trigger_owner, connect_as)
    return build_script(target, render_target(project, target), dba_steps=dba_steps(project, target))


def _erp(text: str) -> str:
    return text[:text.index("PROMPT ==== SGU 2.0 database")]


def _sections(text: str) -> list[tuple[str, str]]:
    """(user variable connected as, the text until the next CONNECT), in script order."""
    pieces = re.split(r"^CONNECT &&(\w+)@&&\w+_dsn$", text, flags=re.M)
    return list(zip(pieces[1::2], pieces[2::2], strict=True))


# --------------------------------------------------------------------------- script


def test_sgu_trigger_is_created_checked_and_swept_in_a_dba_section_after_conefi(project: Project) -> None:
    sections = _sections(_erp(_script(project, "sgu")))
    assert [user for user, _ in sections] == ["erp_dba_user", "erp_owner_user", "erp_dba_user"]
    (_, dba), (_, conefi), (_, sgu) = sections
    assert f"CREATE OR REPLACE TRIGGER SGU.{TRIGGER}" in sgu
    assert TRIGGER not in conefi  # CONEFI creates no trigger (nor names it: the sweep is SGU's)
    assert "CREATE ANY TRIGGER" not in dba  # the least-privilege grant is not needed
    # the unit is followed by its compile check, then the section sweeps what it created
    create = sgu.index(f"CREATE OR REPLACE TRIGGER SGU.{TRIGGER}")
    check = sgu.index(f"SHOW ERRORS TRIGGER SGU.{TRIGGER}")
    sweep = sgu.index(f"recompile('SGU', '{TRIGGER}', 'TRIGGER'")
    assert create < check < sweep
    assert "WHERE owner = 'SGU' AND name = 'T_INTGRA_RET_ERP_CONEFI'" in sgu[check:sweep]
    assert "recompile('SGU'" not in conefi and "recompile('CONEFI', 'PKG_CONEFI_EVENTO'" in conefi
    # the package the trigger calls exists (and is granted to SGU) before the trigger's section
    assert "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_EVENTO" in conefi
    assert "GRANT EXECUTE ON CONEFI.PKG_CONEFI_EVENTO TO SGU" in conefi
    assert "ALTER SESSION SET DDL_LOCK_TIMEOUT" in sgu.split("\nPROMPT [", 1)[0]


def test_sgu_trigger_section_connects_as_sgu_when_configured(project: Project) -> None:
    text = _erp(_script(project, "sgu", "owner"))
    sections = _sections(text)
    assert [user for user, _ in sections] == ["erp_dba_user", "erp_owner_user", "erp_sgu_user"]
    assert "DEFINE erp_sgu_user = SGU\n" in text
    assert "PROMPT ==== ERP database (Protheus): objects owned by SGU (as SGU) ====" in text
    assert f"CREATE OR REPLACE TRIGGER SGU.{TRIGGER}" in sections[2][1]


def test_conefi_owned_trigger_stays_in_the_owner_section(project: Project) -> None:
    sections = _sections(_erp(_script(project, "conefi")))
    assert [user for user, _ in sections] == ["erp_dba_user", "erp_owner_user"]
    conefi = sections[1][1]
    assert f"CREATE OR REPLACE TRIGGER CONEFI.{TRIGGER}" in conefi
    assert f"recompile('CONEFI', '{TRIGGER}', 'TRIGGER'" in conefi


@pytest.mark.parametrize("trigger_owner", ["conefi", "sgu"])
def test_the_sections_sweep_every_managed_unit_once(project: Project, trigger_owner: str) -> None:
    target = _target(project, trigger_owner)
    result = render_target(project, target)
    text = _script(project, trigger_owner)
    swept = re.findall(r"^  recompile\('(\w+)', '(\w+)', '([A-Z ]+)'", text, flags=re.M)
    units = [(o.id.owner, o.id.name) for o in result.objects if o.id.type in PLSQL_TYPES | {"view"}]
    assert any(t == "VIEW" for _, _, t in swept)  # views are swept too (#16 review, defect 6)
    assert len(units) > 5
    assert sorted((owner, name) for owner, name, _ in swept) == sorted(units)
    assert all(u.terminated for u in split(text))


def test_owner_sections_put_conefi_first_and_leave_empty_ones_out(project: Project) -> None:
    target = _target(project, "sgu")
    objects = render_target(project, target).objects
    erp = owner_sections(target, "erp", objects)
    assert [(s.owner, s.connect_as) for s in erp] == [("CONEFI", "conefi"), ("SGU", "dba")]
    assert [o.id.name for o in erp[1].objects] == [TRIGGER]
    assert [s.owner for s in owner_sections(target, "sgu2", objects)] == ["CONEFI"]


def test_a_sweep_fails_on_a_unit_it_cannot_find(project: Project) -> None:
    """An invisible unit (ALL_OBJECTS shows a session only what it may see) is not a pass."""
    sweep = _sections(_erp(_script(project, "sgu")))[2][1]
    assert "IF v_status IS NULL THEN" in sweep
    assert "RAISE_APPLICATION_ERROR(-20003, 'not found by ' || USER" in sweep


# --------------------------------------------------------------------------- upgrade --sql


def _released(tmp_path: Path, extra: str) -> Project:
    project, _ = make_project(tmp_path, FIRST, extra)
    two_revisions(project)
    return project


def test_release_script_runs_the_sgu_trigger_in_its_section_and_stamps_last(tmp_path: Path) -> None:
    project = _released(tmp_path, SGU)
    text = sql_script(project, project.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    sections = _sections(text)
    # plan order (package, body | trigger | job), then the SGU sweep, then back to close
    assert [user for user, _ in sections] == ["erp_deploy_user", "erp_dba_user", "erp_deploy_user",
                                              "erp_dba_user", "erp_deploy_user"]
    texts = [body for _, body in sections]
    mine = texts[0] + texts[2] + texts[4]
    assert "CREATE OR REPLACE TRIGGER SGU.TRG_Q" in texts[1] and "TRIGGER SGU" not in mine
    sgu = texts[1]
    assert sgu.index("CREATE OR REPLACE TRIGGER SGU.TRG_Q") < sgu.index("SHOW ERRORS TRIGGER SGU.TRG_Q")
    assert "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Q" in texts[0] and "create_job" in texts[2]
    assert "recompile('SGU', 'TRG_Q', 'TRIGGER'" in texts[3] and "recompile('SGU'" not in mine
    assert "recompile('CONEFI', 'PKG_Q', 'PACKAGE BODY'" in texts[4]
    # each of the deploy user's sessions takes the lock and checks the version again
    assert all("SYS.DBMS_LOCK.REQUEST" in t and "SYS.DBMS_LOCK.RELEASE" in t for t in texts[0::2])
    assert all("CONEFI_DBTOOL_VERSION WHERE DATABASE_NAME" in t for t in texts[0::2])
    # the trigger's journal row and every stamp come last, as the deploy user
    closing = texts[4]
    assert all("MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION" not in t for t in texts[:4])
    assert closing.count("MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION") == 2
    assert "'erp:SGU.trigger.TRG_Q'" in closing and "'erp:SGU.trigger.TRG_Q'" not in "".join(texts[:4])
    stamp = "MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION"
    assert closing.index("'erp:SGU.trigger.TRG_Q'") < closing.rindex(stamp)
    assert all(u.terminated for u in split(text))


def test_release_script_sgu_section_connects_as_sgu_when_configured(tmp_path: Path) -> None:
    project = _released(tmp_path, SGU + AS_OWNER)
    text = sql_script(project, project.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    assert [user for user, _ in _sections(text)] == ["erp_deploy_user", "erp_sgu_user", "erp_deploy_user",
                                                     "erp_sgu_user", "erp_deploy_user"]
    assert "DEFINE erp_sgu_user = SGU\n" in text


def test_release_script_with_a_conefi_trigger_is_one_session(tmp_path: Path) -> None:
    project = _released(tmp_path, "")
    text = sql_script(project, project.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    (main,) = _sections(text)
    assert "CREATE OR REPLACE TRIGGER CONEFI.TRG_Q" in main[1]
    assert "recompile('CONEFI', 'TRG_Q', 'TRIGGER'" in main[1]


@pytest.mark.parametrize(("connect_as", "erp_users"), [
    ("dba", ["erp_deploy_user"]),  # the release's users and grants make it a DBA's: one session
    ("owner", ["erp_deploy_user", "erp_sgu_user", "erp_deploy_user", "erp_sgu_user", "erp_deploy_user"]),
])
def test_a_dba_release_runs_another_owners_objects_in_its_own_session(
        project: Project, connect_as: str, erp_users: list[str]) -> None:
    target = _target(project, "sgu", connect_as)
    text = sql_script(project, target, "upgrade", "base:head", ("erp",), PlanOptions())
    sections = _sections(text)
    assert [user for user, _ in sections] == erp_users
    assert "DEFINE erp_deploy_user = SYSTEM\n" in text
    creates = [user for user, body in sections if f"CREATE OR REPLACE TRIGGER SGU.{TRIGGER}" in body]
    assert creates and set(creates) == {erp_users[0] if connect_as == "dba" else "erp_sgu_user"}
    assert f"recompile('SGU', '{TRIGGER}', 'TRIGGER'" in text


# --------------------------------------------------------------------------- online


def _as_dba(session: FakeDB, main: FakeDB) -> FakeDB:
    """`session` made a DBA's: it sees what the deploy user's session created (one database)."""
    session.session_user = "SYSTEM"
    session.ddl, session.trigger_status = main.ddl, main.trigger_status
    return session


def _online(project: Project, main: FakeDB, sections: dict[tuple[str, str], FakeDB]) -> Any:
    as_owner = project.target("example").erp.other_owners.connect_as == "owner"

    def section(database: str, owner: str) -> FakeDB:
        # connect_as = "owner": the session sees its own schema only; "dba": everything
        if (database, owner) not in sections:
            sections[(database, owner)] = FakeDB(session_user=owner) if as_owner else _as_dba(FakeDB(), main)
        return sections[(database, owner)]

    return run_online(project, project.target("example"), "upgrade", "head", ("erp", "sgu2"), PlanOptions(),
                      connection_factory=lambda _database: main, section_factory=section)


def test_online_upgrade_runs_the_sgu_trigger_on_its_own_session(tmp_path: Path) -> None:
    project = _released(tmp_path, SGU)
    main, sections = FakeDB(), {}
    result = _online(project, main, sections)
    assert result.ok, result.error
    sgu = sections[("erp", "SGU")]
    assert sgu.statements[0] == "ALTER SESSION SET DDL_LOCK_TIMEOUT = 30"
    assert any(s.startswith("CREATE OR REPLACE TRIGGER SGU.TRG_Q") for s in sgu.statements)
    assert not any("TRIGGER SGU.TRG_Q" in s for s in main.statements)
    assert any("recompile('SGU', 'TRG_Q', 'TRIGGER'" in s for s in sgu.statements)
    assert not any("recompile('SGU'" in s for s in main.statements)
    # the lock, the journal (every operation, the trigger's included) and the stamps stay on main
    assert [j["object_name"] for j in main.journal][-2:] == ["erp:SGU.trigger.TRG_Q", "erp:CONEFI.job.J_Q"]
    assert sgu.journal == [] and main.version == {"erp": "0002_bbbbbb"} and sgu.version == {}
    assert sgu.closed == 1


def test_online_compile_error_of_the_sgu_trigger_is_read_on_its_session(tmp_path: Path) -> None:
    project = _released(tmp_path, SGU)
    main = FakeDB()
    sgu = _as_dba(FakeDB(), main)
    sgu.warn_on = "CREATE OR REPLACE TRIGGER SGU.TRG_Q"
    sgu.errors[("SGU", "TRG_Q", "TRIGGER")] = [(2, 3, "PLS-00201: identifier 'CONEFI.PKG_Q' must be declared",
                                                "ERROR")]
    result = _online(project, main, {("erp", "SGU"): sgu})
    assert not result.ok
    assert "replace_object erp:SGU.trigger.TRG_Q: compile error" in result.error
    assert "template erp/trigger_owner/trigger/TRG_Q.sql.j2" in result.error
    assert main.journal[-1]["outcome"] == "FAILED" and main.version == {"erp": "0001_aaaaaa"}


class _BrokenBySweep(FakeDB):
    """SGU's session: the trigger compiles, then is found INVALID by the sweep (its errors
    visible from then on, to this session only)."""

    def cursor(self) -> Any:
        if any("recompile('SGU', 'TRG_Q'" in s for s in self.statements):
            self.errors[("SGU", "TRG_Q", "TRIGGER")] = [
                (2, 3, "PLS-00201: identifier 'CONEFI.PKG_Q' must be declared", "ERROR")]
        return super().cursor()


def test_online_invalid_sgu_trigger_fails_verification_with_its_errors(tmp_path: Path) -> None:
    project = _released(tmp_path, SGU)
    main = FakeDB()
    sgu = _as_dba(_BrokenBySweep(), main)
    sgu.raise_on["recompile('SGU', 'TRG_Q', 'TRIGGER'"] = (
        "ORA-20002: still INVALID after recompiling: SGU.TRG_Q (TRIGGER)")
    result = _online(project, main, {("erp", "SGU"): sgu})
    assert not result.ok
    assert result.error.startswith("erp: verification: ORA-20002: still INVALID after recompiling: SGU.TRG_Q")
    # the errors were read on SGU's session and located in the template
    assert "PLS-00201" in result.error and "template erp/trigger_owner/trigger/TRG_Q.sql.j2" in result.error
    assert any("recompile('CONEFI', 'PKG_Q'" in s for s in main.statements)  # CONEFI's sweep, on main


def test_online_conefi_trigger_needs_no_other_session(tmp_path: Path) -> None:
    project = _released(tmp_path, "")
    sections: dict[tuple[str, str], FakeDB] = {}
    main = FakeDB()
    assert _online(project, main, sections).ok
    assert sections == {}
    assert any(s.startswith("CREATE OR REPLACE TRIGGER CONEFI.TRG_Q") for s in main.statements)


# --------------------------------------------------------------------------- configuration


def test_other_owners_config_and_its_online_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, target = make_project(tmp_path, FIRST, AS_OWNER)
    assert target.erp.other_owners.connect_as == "owner"
    assert target.erp.other_owners.script_user("SGU") == "SGU"
    login = target.erp.other_owners.login("erp", "SGU", "E_DSN")
    assert (login.dsn_env, login.user_env, login.password_env) == ("E_DSN", "CONEFI_ERP_SGU_USER",
                                                                  "CONEFI_ERP_SGU_PASSWORD")
    dba = project.target("example").sgu2.other_owners.login("sgu2", "X", "S_DSN")
    assert (dba.user_env, dba.password_env) == ("CONEFI_SGU2_DBA_USER", "CONEFI_SGU2_DBA_PASSWORD")
    monkeypatch.setenv("E_DSN", "db:1521/x")
    monkeypatch.delenv("CONEFI_ERP_SGU_USER", raising=False)
    with pytest.raises(ConfigError, match=r"CONEFI_ERP_SGU_USER is not set") as info:
        section_connection_for(project, target, "erp", "SGU")
    assert "targets.example.erp.other_owners.user_env" in str(info.value)


def test_other_owners_connect_as_is_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"other_owners\.connect_as.*one of 'dba', 'owner'"):
        make_project(tmp_path, FIRST, '[targets.example.erp.other_owners]\nconnect_as = "conefi"\n')


# --------------------------------------------------------------------------- preflight


@pytest.mark.parametrize(("trigger_owner", "trigger_privilege"), [
    ("conefi", ("CREATE ANY TRIGGER",)),  # CONEFI's trigger on SGU's table
    ("sgu", None),  # created by the SGU section: the CONEFI deploy user needs no trigger privilege
])
def test_preflight_asks_the_deploy_user_only_for_what_its_section_creates(
        project: Project, trigger_owner: str, trigger_privilege: tuple[str, ...] | None) -> None:
    target = _target(project, trigger_owner)
    needs = requirements_for(target, expected_snapshot(project, target), "erp").system_privileges
    triggers = [alternatives for alternatives in needs if any("TRIGGER" in p for p in alternatives)]
    assert triggers == ([trigger_privilege] if trigger_privilege else [])
    assert ("CREATE PROCEDURE", "CREATE ANY PROCEDURE") in needs


# --------------------------------------------------------------------------- status


def test_status_checks_the_sgu_trigger_and_never_passes_one_it_cannot_see(project: Project) -> None:
    desired = expected_snapshot(project, _target(project, "sgu"))
    erp = desired.database("erp")
    assert erp is not None
    (trigger,) = [s for s in erp.sources if s.owner == "SGU"]
    assert (trigger.type, trigger.name) == ("trigger", TRIGGER)

    def status_of(sources: tuple[SourceObject, ...]) -> tuple[str, ...]:
        actual = dataclasses.replace(erp, sources=sources, dictionary="ALL")
        return build_status(CatalogSnapshot("example", (actual,)), desired).problems

    assert status_of(erp.sources) == ()
    others = tuple(s for s in erp.sources if s.owner != "SGU")
    assert status_of(others) == (
        "erp: 1 managed object(s) not found by the ALL_* views (dropped, or not visible to the reading "
        f"user: status not checked): SGU.{TRIGGER} (trigger)",)
    broken = (*others, dataclasses.replace(trigger, status="INVALID"))
    assert status_of(broken) == (f"erp: 1 INVALID object(s): SGU.{TRIGGER} (trigger)",)


@pytest.mark.parametrize("trigger_owner", ["conefi", "sgu"])
def test_every_connect_is_followed_by_the_session_settings(project: Project, trigger_owner: str) -> None:
    """CONNECT re-runs glogin.sql / login.sql, which may turn off WHENEVER SQLERROR or the
    like: the script's settings are repeated after each CONNECT (#16 review, defect 2)."""
    text = _script(project, trigger_owner)
    sections = _sections(text)
    assert len(sections) >= 3
    assert all(after.startswith("\n" + SESSION_SETTINGS) for _, after in sections)


def test_a_dba_sections_trigger_path_check_takes_an_invisible_object_for_a_missing_one(
        project: Project) -> None:
    """Only a non-DBA session may leave an object it cannot find to its owner's section
    (#16 review, defect 7): in the DBA's section of the SGU trigger nothing is "not visible"."""
    def path_check(text: str) -> str:
        block = next(u.text for u in split(text) if "FUNCTION path_problems" in u.text)
        return block[block.index("FUNCTION path_problems"):block.index("END path_problems")]
    assert "IF v_state IS NULL AND FALSE THEN" in path_check(_script(project, "sgu"))
    assert "IF v_state IS NULL AND p_owner <> SYS_CONTEXT('USERENV', 'SESSION_USER') THEN" in path_check(
        _script(project, "sgu", "owner"))


def test_a_release_that_leaves_the_trigger_path_alone_opens_no_sgu_session(tmp_path: Path) -> None:
    """The SGU trigger depends on the trigger path only: a release changing neither it nor
    that path needs no DBA connection just to sweep it (#16 review, defect 8)."""
    project = _released(tmp_path, SGU)
    write(project, "erp/conefi/job/J_Q.sql.j2", JOB.replace("BYHOUR=5", "BYHOUR=6"))
    assert write_revision(project, "Job later", rev_id="0003_cccccc") is not None
    text = sql_script(project, project.target("example"), "upgrade", "0002_bbbbbb:head", ("erp",),
                      PlanOptions())
    assert [user for user, _ in _sections(text)] == ["erp_deploy_user"]
    assert "BYHOUR=6" in text and "recompile('SGU'" not in text


def test_online_a_release_that_leaves_the_trigger_path_alone_opens_no_sgu_session(tmp_path: Path) -> None:
    """The same rule online (`sections.verify_steps`): no SGU session, no SGU sweep."""
    project = _released(tmp_path, SGU)
    main, sections = FakeDB(), {}
    assert _online(project, main, sections).ok  # base -> 0002: the trigger is deployed
    assert ("erp", "SGU") in sections
    write(project, "erp/conefi/job/J_Q.sql.j2", JOB.replace("BYHOUR=5", "BYHOUR=6"))
    assert write_revision(project, "Job later", rev_id="0003_cccccc") is not None
    main.statements.clear()
    later: dict[tuple[str, str], FakeDB] = {}
    result = _online(project, main, later)
    assert result.ok, result.error
    assert later == {}  # no session opened just to sweep
    assert any("BYHOUR=6" in s for s in main.statements)
    assert not any("recompile('SGU'" in s for s in main.statements)
    assert any("recompile('CONEFI', 'PKG_Q'" in s for s in main.statements)  # the deploy user's sweep runs


@pytest.mark.parametrize(("extra", "check"), [
    (SGU, "IF v_state IS NULL AND FALSE THEN"),
    (SGU + AS_OWNER, "IF v_state IS NULL AND p_owner <> SYS_CONTEXT('USERENV', 'SESSION_USER') THEN"),
])
def test_a_release_scripts_dba_section_takes_an_invisible_path_object_for_a_missing_one(
        tmp_path: Path, extra: str, check: str) -> None:
    project = _released(tmp_path, extra)
    text = sql_script(project, project.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    block = next(u.text for u in split(text) if "FUNCTION path_problems" in u.text)
    assert check in block


def _plan_with(op: PlannedOp) -> DatabasePlan:
    """A plan of one operation over a deployed path: the SGU trigger depends on a grant object."""
    grant = ObjectId("erp", "CONEFI", "object_grant", "PKG_Q_SGU")
    trigger = RenderedObject(ObjectId("erp", "SGU", "trigger", "TRG_Q"),
                             "erp/trigger_owner/trigger/TRG_Q.sql.j2",
                             "CREATE OR REPLACE TRIGGER SGU.TRG_Q\nBEGIN\n  NULL;\nEND;\n/\n",
                             depends=(grant,))
    sweeps = (Step("plsql", "BEGIN NULL; END;", ObjectId("erp", "CONEFI", "package", "PKG_Q"), "sweep"),
              Step("plsql", "BEGIN NULL; END;", trigger.id, "sweep"))
    return DatabasePlan("example", "erp", "CONEFI", "0002_bbbbbb", "0003_cccccc", "upgrade",
                        (RevisionPlan("0003_cccccc", "m", "upgrade", (op,), "0003_cccccc"),), sweeps,
                        final_objects=(trigger,))


@pytest.mark.parametrize(("op", "swept"), [
    ("run_sql", True),  # hand-written SQL may touch anything
    ("apply_grants", True),  # a REVOKE invalidates what used the privilege
    ("create_object", True),  # the grant object the trigger depends on
    ("job", False),  # off the path: no SGU session
])
def test_another_owners_sweep_runs_when_the_release_may_touch_its_depends_closure(
        op: str, swept: bool) -> None:
    """Review D4: not only a protected replace touches the SGU trigger's path."""
    grant = ObjectId("erp", "CONEFI", "object_grant", "PKG_Q_SGU")
    target = grant if op == "create_object" else (
        ObjectId("erp", "CONEFI", "job", "J_Q") if op == "job" else None)
    step = Step("sql", "SELECT 1 FROM dual", target, "create")
    planned = PlannedOp("0003_cccccc", op, "x", (step,), "0" * 64)
    assert [s.object.owner for s in verify_steps(_plan_with(planned)) if s.object] == (
        ["CONEFI", "SGU"] if swept else ["CONEFI"])


class _TriggerNeedsTheOldSpec(FakeDB):
    """SGU's session: its trigger is INVALID while the deploy user's last PKG_Q spec is the new one
    (the old trigger text does not fit it)."""

    def __init__(self, main: FakeDB) -> None:
        super().__init__(session_user="SGU")
        self.main = main

    def cursor(self) -> Any:
        specs = [s for s in self.main.statements if s.startswith("CREATE OR REPLACE PACKAGE CONEFI.PKG_Q")]
        if specs and "p_x" in specs[-1]:
            self.errors[("SGU", "TRG_Q", "TRIGGER")] = [(2, 3, "PLS-00306: wrong arguments", "ERROR")]
        else:
            self.errors.pop(("SGU", "TRG_Q", "TRIGGER"), None)
        return super().cursor()


def test_online_an_invalid_sgu_trigger_undoes_the_path_owners_steps(tmp_path: Path) -> None:
    """Review D3 online: the spec changes (CONEFI's session) and the new SGU trigger does not
    compile; its restored old text does not fit the new spec. The applier checks the trigger in
    SGU's session, undoes CONEFI's captures (the old spec) and recompiles the trigger: VALID."""
    project = _released(tmp_path, SGU + AS_OWNER)
    main, sections = FakeDB(), {}
    assert _online(project, main, sections).ok
    sgu = _TriggerNeedsTheOldSpec(main)
    sgu.ddl, sgu.trigger_status = sections[("erp", "SGU")].ddl, sections[("erp", "SGU")].trigger_status
    write(project, "erp/conefi/package/PKG_Q.sql.j2",
          PACKAGE.replace("p_id IN NUMBER", "p_id IN NUMBER, p_x IN NUMBER := NULL"))
    write(project, "erp/trigger_owner/trigger/TRG_Q.sql.j2", TRIGGER_Q.replace("(:new.INTRE_ID)", "(v_nope)"))
    assert write_revision(project, "Spec and trigger", rev_id="0003_cccccc") is not None
    sgu.broken["v_nope"] = [(2, 3, "PLS-00201: identifier 'V_NOPE' must be declared", "ERROR")]
    main.statements.clear()
    result = _online(project, main, {("erp", "SGU"): sgu})
    assert not result.ok and "replace_object erp:SGU.trigger.TRG_Q: " in result.error
    assert "this run's earlier steps undone, their previous versions re-created: CONEFI.PKG_Q (PACKAGE)" \
        in result.error
    specs = [s for s in main.statements if s.startswith("CREATE OR REPLACE PACKAGE CONEFI.PKG_Q")]
    assert len(specs) == 2 and "p_x" in specs[0] and "p_x" not in specs[1]  # the undo: the old spec
    assert ("SGU", "TRG_Q", "TRIGGER") not in sgu.errors  # VALID again: ERP inserts work
    assert any(s == "ALTER TRIGGER SGU.TRG_Q COMPILE" for s in sgu.statements)


@pytest.mark.parametrize(("trigger_owner", "connect_as"),
                         [("conefi", "dba"), ("sgu", "dba"), ("sgu", "owner")])
def test_each_sections_trigger_path_steps_run_next_to_each_other(
        project: Project, trigger_owner: str, connect_as: str) -> None:
    """Per section (one session: a script stops at its first error), no other step between two
    protected ones — the SGU trigger's object grant included, which CONEFI's section runs after
    the path since it names the event package (`trigger_path.adjacent_order`). What still runs
    between two protected steps — with the SGU trigger in its own, later section: CONEFI's steps
    after its path — carries the note, and nothing else does."""
    text = _erp(_script(project, trigger_owner, connect_as))
    protected = 0
    for segment in re.split(r"^PROMPT ==== ", text, flags=re.M):
        steps = re.split(r"^PROMPT \[\d+/\d+\] ", segment, flags=re.M)[1:]
        flags = "".join("P" if "trigger-path protection" in s else "." for s in steps)
        assert re.fullmatch(r"\.*P*\.*", flags), (segment.splitlines()[0], flags)
        protected += flags.count("P")
    assert protected == 9
    steps = re.split(r"^PROMPT \[\d+/\d+\] ", text, flags=re.M)[1:]
    flags = "".join("P" if "trigger-path protection" in s else "." for s in steps)
    first, last = flags.index("P"), flags.rindex("P")
    noted = [k for k, s in enumerate(steps) if s.split("\n", 2)[1].startswith("PROMPT note: runs between")]
    assert noted == [k for k in range(first, last) if flags[k] == "."]
    assert bool(noted) == (trigger_owner == "sgu")  # CONEFI's job package and the trigger's grant


def test_a_release_script_with_another_owners_section_empties_the_undo_slots_per_revision(
        tmp_path: Path) -> None:
    """Stamps wait for the end when another owner's section runs, yet each step's undo list is
    its own revision's: the session's undo slots are emptied at each revision's end (0003 and
    0004 run in one CONEFI session here), so 0004 never undoes from a capture 0003 took."""
    project = _released(tmp_path, SGU)
    write(project, "erp/conefi/package_body/PKG_Q.sql.j2",
          _body_with_macro(BODY).replace("BEGIN", "BEGIN\n    NULL;"))
    assert write_revision(project, "Body", rev_id="0003_cccccc") is not None
    write(project, "erp/conefi/package_body/PKG_Q.sql.j2",
          _body_with_macro(BODY).replace("BEGIN", "BEGIN\n    NULL;\n    NULL;"))
    write(project, "erp/trigger_owner/trigger/TRG_Q.sql.j2", TRIGGER_Q.replace("BEGIN", "BEGIN\n  NULL;"))
    assert write_revision(project, "Body again, and the trigger", rev_id="0004_dddddd") is not None
    text = sql_script(project, project.target("example"), "upgrade", "0002_bbbbbb:head", ("erp",),
                      PlanOptions())
    assert "erp_dba_user" in text  # another owner's section: the stamps come last
    heading = text.index("==== upgrade 0004_dddddd")
    body_0004 = text.index("CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Q", heading)
    slot = re.search(r":(cdt_[0-9a-f]{12}) := v_old_1", text[heading:])
    assert slot is not None
    cleared = text.rindex(f"  :{slot.group(1)} := NULL;", 0, body_0004)
    assert text.rindex("==== upgrade 0003_cccccc") < cleared  # emptied after 0003's steps
    assert text.rindex("MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION") > body_0004  # stamps still last
