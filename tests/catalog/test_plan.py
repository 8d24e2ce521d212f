"""`plan`: ordered steps from a catalog to the desired render, destructive steps marked."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import make_project

from conefi_dbtool.catalog.expected import ExpectedPrivileges, expected_snapshot
from conefi_dbtool.catalog.plan import Plan, plan_for
from conefi_dbtool.catalog.reports import plan_sql
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    ObjectPrivilege,
    Quota,
    SourceObject,
    SystemPrivilege,
    Table,
    User,
)
from conefi_dbtool.config import Project, Target, load_project
from conefi_dbtool.deploy_steps import object_steps
from conefi_dbtool.render import RenderResult, render_target
from conefi_dbtool.script import format_step
from conefi_dbtool.splitter import split
from conefi_dbtool.trigger_path import trigger_path

TEMPLATES = {
    "erp/conefi/sequence/S_Q.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} CACHE 100;\n",
    "erp/conefi/table/Q.sql.j2": (
        "{#\ndepends: erp/conefi/sequence/S_Q\n#}\n"
        "CREATE TABLE {{ obj.qualified }} (\n  ID NUMBER(18) NOT NULL,\n"
        "  ST VARCHAR2(1) DEFAULT 'P' NOT NULL,\n  OBS VARCHAR2(400),\n  CONSTRAINT PK_Q PRIMARY "
            "KEY (ID)\n);\n"
        "CREATE INDEX {{ obj.owner }}.IX_Q_ST ON {{ obj.qualified }} (ST, ID);\n"
    ),
    "erp/conefi/package/PKG_X.sql.j2": "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\n  "
        "PROCEDURE run;\nEND PKG_X;\n/\n",
    "erp/conefi/package_body/PKG_X.sql.j2": (
        "{#\ndepends: erp/conefi/package/PKG_X, erp/conefi/table/Q\n#}\n"
        "CREATE OR REPLACE PACKAGE BODY {{ obj.qualified }} AS\n  PROCEDURE run IS\n  BEGIN\n    NULL;\n"
        "  END;\nEND PKG_X;\n/\n"
    ),
    "erp/conefi/job/J_X.sql.j2": (
        "{#\ndepends: erp/conefi/package_body/PKG_X\n#}\n"
        "BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'PLSQL_BLOCK',\n"
        "    job_action => 'BEGIN CONEFI.PKG_X.RUN; END;',\n"
        "    start_date => SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo',\n"
        "    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0', enabled => TRUE);\nEND;\n/\n"
    ),
}


def privileges(project: Project, target: Target, database: str, **_: Any) -> Any:
    if database != "erp":
        return ExpectedPrivileges()
    return ExpectedPrivileges(
        users=(User("CONEFI", "TS_DATA", "TEMP"),),
        quotas=(Quota("CONEFI", "TS_DATA", 500 * 2**20),),
        object_privileges=(ObjectPrivilege("CONEFI", "SIGA", "SE1030", "SELECT"),),
        system_privileges=(SystemPrivilege("CONEFI", "CREATE JOB"),),
    )


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Project, Target, RenderResult, CatalogSnapshot]:
    project, target = make_project(tmp_path, TEMPLATES)
    result = render_target(project, target)
    return project, target, result, expected_snapshot(project, target, result, privileges=privileges)


def plan_of(
    setup: tuple[Project, Target, RenderResult, CatalogSnapshot], actual: CatalogSnapshot, **kw: Any
) -> Plan:
    project, target, result, _ = setup
    plan, _report = plan_for(project, target, result, actual, privileges=privileges, **kw)
    return plan


def edit(snapshot: CatalogSnapshot, **changes: Any) -> CatalogSnapshot:
    (db,) = snapshot.databases
    return dataclasses.replace(snapshot, databases=(dataclasses.replace(db, **changes),))


def steps(plan: Plan) -> list[tuple[str, str, bool]]:
    return [(s.action, str(s.id), s.destructive) for s in plan.steps]


def test_an_up_to_date_database_needs_nothing(setup: Any) -> None:
    plan = plan_of(setup, setup[3])
    assert plan.empty and plan.desired == "head"


def test_an_empty_database_gets_everything_in_dependency_order(setup: Any) -> None:
    plan = plan_of(setup, CatalogSnapshot("example", ()), databases=["erp"])
    assert steps(plan) == [
        ("create", "erp:CONEFI.user.CONEFI", False),
        ("grant", "erp:CONEFI.quota.TS_DATA", False),
        ("grant", "erp:CONEFI.system_grant.CREATE JOB", False),
        ("create", "erp:CONEFI.sequence.S_Q", False),
        ("create", "erp:CONEFI.table.Q", False),
        ("create", "erp:CONEFI.index.IX_Q_ST", False),
        ("create", "erp:CONEFI.package.PKG_X", False),
        ("create", "erp:CONEFI.package_body.PKG_X", False),
        ("job_create", "erp:CONEFI.job.J_X", False),
        ("grant", "erp:CONEFI.object_grant.SELECT ON SIGA.SE1030", False),
    ]
    table = plan.steps[4]
    assert [st.purpose for st in table.statements] == ["guarded-create", "guarded-create"]
    index = plan.steps[5]  # created by the table's template too: guarded, so harmless
    assert "EXECUTE IMMEDIATE 'CREATE INDEX CONEFI.IX_Q_ST ON CONEFI.Q (ST, ID)'" in index.statements[0].text
    user = plan.steps[0]
    assert "&conefi_password" in user.statements[0].text


def test_hand_edit_extra_grant_disabled_job_and_hot_fix(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    body = next(s for s in db.sources if s.type == "package_body")
    actual = edit(
        expected,
        sources=(
            *[s for s in db.sources if s.type != "package_body"],
            dataclasses.replace(body, text=body.text.replace("NULL;", "DELETE FROM conefi.q;")),
            SourceObject("CONEFI", "procedure", "P_HOTFIX", "PROCEDURE P_HOTFIX IS BEGIN NULL; END;"),
        ),
        object_privileges=(*db.object_privileges, ObjectPrivilege("PUBLIC", "CONEFI", "Q", "SELECT")),
        jobs=(dataclasses.replace(db.jobs[0], enabled=False),),
    )
    plan = plan_of(setup, actual)
    assert steps(plan) == [
        ("replace", "erp:CONEFI.package_body.PKG_X", False),
        ("enable", "erp:CONEFI.job.J_X", False),
        ("revoke", "erp:PUBLIC.object_grant.SELECT ON CONEFI.Q", True),
        ("drop", "erp:CONEFI.procedure.P_HOTFIX", True),
    ]
    replace, enable, revoke, drop = plan.steps
    assert "-    NULL;" in replace.diff and "+    DELETE FROM conefi.q;" in replace.diff
    assert replace.statements[0].text.startswith("CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS")
    assert replace.statements[-1].purpose == "compile-check"
    assert enable.statements[0].text == "BEGIN\n  SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_X');\nEND;"
    assert revoke.statements[0].text == "REVOKE SELECT ON CONEFI.Q FROM PUBLIC"
    assert drop.statements[0].text == "DROP PROCEDURE CONEFI.P_HOTFIX"
    assert len(plan.destructive) == 2


def test_table_changes_split_additive_and_destructive(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    (q,) = db.tables
    columns = (
        Column("ID", "NUMBER(18)", True),
        Column("ST", "VARCHAR2(2)", False, "'P'"),
        Column("LEGACY", "DATE"),
    )
    have = Table(q.owner, q.name, columns, q.indexes, q.constraints)
    plan = plan_of(setup, edit(expected, tables=(have,)))
    assert steps(plan) == [("alter", "erp:CONEFI.table.Q", False), ("alter", "erp:CONEFI.table.Q", True)]
    add, remove = plan.steps
    assert "EXECUTE IMMEDIATE 'ALTER TABLE CONEFI.Q ADD (OBS VARCHAR2(400))'" in add.statements[0].text
    # MODIFY names only what differs: restating ST's NOT NULL would be ORA-01442
    assert [s.text for s in remove.statements] == [
        "ALTER TABLE CONEFI.Q MODIFY (ID NOT NULL)",
        "ALTER TABLE CONEFI.Q MODIFY (ST VARCHAR2(1))",
        "ALTER TABLE CONEFI.Q DROP COLUMN LEGACY",
    ]


@pytest.mark.parametrize(
    ("want", "have", "clause"),
    [
        (Column("C", "VARCHAR2(10)", False, "'P'"), Column("C", "VARCHAR2(5)", False, "'P' "),
         "C VARCHAR2(10)"),
        (Column("C", "VARCHAR2(10)", True), Column("C", "VARCHAR2(10)", False), "C NULL"),
        (Column("C", "DATE", False, "SYSDATE"), Column("C", "DATE", False), "C DEFAULT SYSDATE"),
        (Column("C", "DATE", False), Column("C", "DATE", False, "SYSDATE"), "C DEFAULT NULL"),
        (Column("C", "NUMBER(18)", False, "0"), Column("C", "NUMBER", True, "1"),
         "C NUMBER(18) DEFAULT 0 NOT NULL"),
    ],
)
def test_modify_names_only_what_differs(want: Column, have: Column, clause: str) -> None:
    from conefi_dbtool.catalog.plan import _modify_sql

    assert _modify_sql(want, have) == clause


def test_job_attribute_changes_become_set_attribute_calls(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    job = dataclasses.replace(
        db.jobs[0], repeat_interval="FREQ=DAILY;BYHOUR=6", start_date="2026-01-01T06:00:00 -03:00"
    )
    plan = plan_of(setup, edit(expected, jobs=(job,)))
    (step,) = plan.steps
    assert (step.action, step.destructive) == ("job_alter", False)
    assert step.statements[0].text == (
        "BEGIN\n"
        "  SYS.DBMS_SCHEDULER.SET_ATTRIBUTE('CONEFI.J_X', 'repeat_interval', "
        "'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0');\n"
        "  SYS.DBMS_SCHEDULER.SET_ATTRIBUTE('CONEFI.J_X', 'start_date', "
        "SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo');\n"
        "END;"
    )


def test_invalid_unit_is_recompiled_and_unexpected_job_dropped(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    extra_job = dataclasses.replace(db.jobs[0], name="J_OLD")
    plan = plan_of(
        setup,
        edit(
            expected,
            sources=tuple(
                dataclasses.replace(s, status="INVALID") if s.type == "package_body" else s
                for s in db.sources
            ),
            jobs=(*db.jobs, extra_job),
        ),
    )
    assert steps(plan) == [
        ("recompile", "erp:CONEFI.package_body.PKG_X", False),
        ("job_drop", "erp:CONEFI.job.J_OLD", True),
    ]
    assert plan.steps[0].statements[0].text == "ALTER PACKAGE CONEFI.PKG_X COMPILE BODY"
    assert "DROP_JOB('CONEFI.J_OLD')" in plan.steps[1].statements[0].text


def test_type_bodies_the_reader_reports_are_dropped_and_recompiled_in_oracle_syntax() -> None:
    from conefi_dbtool.catalog.plan import _drop_sql, _recompile_sql
    from conefi_dbtool.objects import ObjectId

    oid = ObjectId("erp", "CONEFI", "type_body", "T_X")  # catalog_reader: TYPE BODY -> type_body
    assert _drop_sql(oid).text == "DROP TYPE BODY CONEFI.T_X"
    assert _recompile_sql(oid).text == "ALTER TYPE CONEFI.T_X COMPILE BODY"


def test_revoking_unlimited_tablespace_comes_after_the_quota_with_a_note(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    plan = plan_of(
        setup,
        edit(
            expected,
            quotas=(),
            system_privileges=(*db.system_privileges, SystemPrivilege("CONEFI", "UNLIMITED TABLESPACE")),
        ),
    )
    assert steps(plan) == [
        ("grant", "erp:CONEFI.quota.TS_DATA", False),
        ("revoke", "erp:CONEFI.system_grant.UNLIMITED TABLESPACE", True),
    ]
    assert plan.steps[0].statements[0].text == "ALTER USER CONEFI QUOTA 500M ON TS_DATA"
    assert any("UNLIMITED TABLESPACE" in n for n in plan.notes)


def test_ignored_objects_are_left_alone(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    actual = edit(expected, sources=(*db.sources, SourceObject("CONEFI", "procedure", "P_TMP", "x")))
    assert plan_of(setup, actual, ignore=["*.procedure.P_TMP"]).empty


def test_plan_sql_comments_out_destructive_steps_and_splits_back(setup: Any) -> None:
    expected = setup[3]
    (db,) = expected.databases
    body = next(s for s in db.sources if s.type == "package_body")
    actual = edit(
        expected,
        sources=(
            *[s for s in db.sources if s.type != "package_body"],
            dataclasses.replace(body, text="x"),
            SourceObject("CONEFI", "procedure", "P_HOTFIX", "PROCEDURE P_HOTFIX IS BEGIN NULL; END;"),
        ),
    )
    plan = plan_of(setup, actual)
    text = plan_sql(plan)
    assert "-- DROP PROCEDURE CONEFI.P_HOTFIX;" in text
    assert "\nDROP PROCEDURE" not in text
    units = [u for u in split(text) if u.kind != "sqlplus"]
    assert [u.first_words(5) for u in units] == [
        "CREATE OR REPLACE PACKAGE BODY",
        "DECLARE V_ERRORS PLS_INTEGER",
    ]
    allowed = plan_sql(plan, allow_destructive=True)
    assert "\nDROP PROCEDURE CONEFI.P_HOTFIX;\n" in allowed
    assert format_step(plan.steps[-1].statements[0]) == "DROP PROCEDURE CONEFI.P_HOTFIX;\n"


TRIGGER_X = """{#
depends: erp/conefi/package_body/PKG_X
#}
CREATE OR REPLACE TRIGGER {{ obj.qualified }}
AFTER INSERT ON SGU.INTGRA_RET_ERP
FOR EACH ROW
BEGIN
  CONEFI.PKG_X.run;
END;
/
"""


def test_trigger_path_objects_are_planned_as_a_deploy_replaces_them(tmp_path: Path) -> None:
    """What `plan` shows is what runs: the trigger and the package it calls under protection
    (capture, replace, restore), noted on the step; the rest as before (#16)."""
    templates = {**TEMPLATES, "erp/trigger_owner/trigger/TRG_X.sql.j2": TRIGGER_X}
    project, target = make_project(tmp_path, templates)
    result = render_target(project, target)
    plan, _ = plan_for(project, target, result, CatalogSnapshot("example", ()), privileges=privileges,
                       databases=["erp"])
    by_id = {str(s.id): s for s in plan.steps}
    path = trigger_path(result.objects)
    assert {str(o) for o in path.ids} == {"erp:CONEFI.package.PKG_X", "erp:CONEFI.package_body.PKG_X",
                                          "erp:CONEFI.trigger.TRG_X"}
    for oid in path.ids:
        step = by_id[str(oid)]
        runs = object_steps(result.by_id()[oid], path, frozenset(path.ids) | {o.id for o in result.objects})
        assert [st.text for st in step.statements if st.object is not None] == [st.text for st in runs]
        assert step.statements[-len(runs)].purpose == "protected-create"
        assert step.note.startswith("trigger path: ")
    assert "created DISABLE on a first deploy" in by_id["erp:CONEFI.trigger.TRG_X"].note
    assert "captured first and re-created" in by_id["erp:CONEFI.package_body.PKG_X"].note
    table = by_id["erp:CONEFI.table.Q"]
    assert table.note == "" and not any(st.protection for st in table.statements)
    # the plan's SQL script declares the undo slots before the first protected block
    sql = plan_sql(plan)
    declared = re.findall(r"^VARIABLE (cdt_\w+) CLOB$", sql, flags=re.M)
    used = set(re.findall(r":(cdt_[0-9a-f]{12})\b", sql))
    assert used and used <= set(declared)
    assert sql.index(f"VARIABLE {declared[0]} CLOB") < sql.index("trigger-path protection")


def test_plan_replaces_only_what_changed_and_enables_a_path_trigger_only_behind_its_path_check(
        tmp_path: Path) -> None:
    """Review D5: a body only INVALID is recompiled, not replaced — the changed specification
    must not defer to it (`body_follows`); a DISABLED trigger on the path is enabled only once
    its path is VALID; the SQL preview shows DBMS_OUTPUT (the unchanged/undone notes)."""
    templates = {**TEMPLATES, "erp/trigger_owner/trigger/TRG_X.sql.j2": TRIGGER_X}
    project, target = make_project(tmp_path, templates)
    result = render_target(project, target)
    expected = expected_snapshot(project, target, result, privileges=privileges)
    (db,) = expected.databases
    sources = tuple(
        dataclasses.replace(s, text=s.text.replace("PROCEDURE run;", "PROCEDURE run(p NUMBER);"))
        if s.type == "package" and s.name == "PKG_X" else
        dataclasses.replace(s, status="INVALID") if s.type == "package_body" else s
        for s in db.sources)
    triggers = tuple(dataclasses.replace(t, status="DISABLED") for t in db.triggers)
    actual = edit(expected, sources=sources, triggers=triggers)
    plan, _ = plan_for(project, target, result, actual, privileges=privileges)
    by_action = {(s.action, str(s.id)): s for s in plan.steps}
    assert ("recompile", "erp:CONEFI.package_body.PKG_X") in by_action
    spec = next(s for s in plan.steps if str(s.id) == "erp:CONEFI.package.PKG_X")
    (protected,) = [st for st in spec.statements if st.protection is not None]
    assert protected.protection is not None and protected.protection.body_follows is False
    enable = by_action[("enable", "erp:CONEFI.trigger.TRG_X")]
    (block,) = enable.statements
    assert block.text.index("RAISE_APPLICATION_ERROR(-20008") < block.text.index(
        "EXECUTE IMMEDIATE 'ALTER TRIGGER CONEFI.TRG_X ENABLE'")
    assert "('CONEFI', 'PKG_X', 'PACKAGE BODY')" in block.text
    assert "SET SERVEROUTPUT ON" in plan_sql(plan)


def test_the_example_plans_its_trigger_path_steps_next_to_each_other() -> None:
    """`plan` previews the deploy's order: no other step between two protected ones
    (`trigger_path.adjacent_order`), as `script` and `upgrade` run them."""
    project = load_project(Path(__file__).resolve().parents[2] / "conefi.toml")
    target = project.target("example")
    result = render_target(project, target)
    plan, _ = plan_for(project, target, result, CatalogSnapshot("example", ()), databases=["erp"])
    flags = "".join("P" if any(st.purpose == "protected-create" for st in s.statements) else "."
                    for s in plan.steps)
    assert re.fullmatch(r"\.*P{9}\.*", flags), flags
    names = [s.id.name for s in plan.steps]
    assert names.index("PKG_CONEFI_JOB") > names.index("T_INTGRA_RET_ERP_CONEFI")  # it calls the path
    assert names.index("V_CONEFI_CAND_CAN") < names.index("PKG_CONEFI_FILA")  # unrelated: before
