"""Trigger-path protection on Oracle: a release whose event package body does not compile
leaves the ERP working — an insert into the event table still succeeds and still queues,
through the previous body — online (the applier) and in a script (the PL/SQL block).

The release (`upgrade head` of the `example` target) is deployed into fresh schemas as in
test_deploy_scenarios.py; then a broken body is deployed the two ways, each time followed
by an ERP event whose key names no title, which the event package queues as rejected (E).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import oracledb
import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.deploy_steps import Step, object_steps, view_columns, view_query_at
from conefi_dbtool.migrations.applier import Applier, DatabaseOutcome, DeployFailed
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp, RevisionPlan
from conefi_dbtool.objects import RenderedObject
from conefi_dbtool.render import render_target
from conefi_dbtool.splitter import split
from conefi_dbtool.testbed.builders import SETTLEMENT, Event, Protheus
from conefi_dbtool.testbed.database import OracleTestDatabase, drop_user_block, new_password, new_user_name
from conefi_dbtool.testbed.environment import Schemas, scratch_target
from conefi_dbtool.testbed.executor import apply, deploy_objects
from conefi_dbtool.testbed.fixtures import build_fixtures
from conefi_dbtool.trigger_path import TriggerPath, trigger_path
from tests.oracle.test_deploy_scenarios import ReleaseBed

BROKEN = "v_nao_declarada := 1; "  # PLS-00201 at the body's first BEGIN, on the same line


@pytest.fixture(scope="module")
def deployed(oracle_db: OracleTestDatabase, project: Project) -> Iterator[ReleaseBed]:
    siga, _ = oracle_db.fresh_user("SIGA")
    sgu, _ = oracle_db.fresh_user("SGU")
    conefi = new_user_name("CONEFI")
    target = scratch_target(project.target("example"), Schemas(siga, sgu, conefi),
                            oracle_db.default_tablespace())
    admin = oracle_db.connect()
    try:
        deploy_objects(admin, build_fixtures(project, target, users=False, conefi_grants=False).objects)
        bed = ReleaseBed(oracle_db, project, target, new_password(), admin)
        result = bed.run("upgrade", "head")
        assert result.ok, result.error
        yield bed
    finally:
        with admin.cursor() as cur:
            cur.execute(drop_user_block(conefi))
        admin.close()


def _path_and_broken_body(bed: ReleaseBed) -> tuple[TriggerPath, RenderedObject]:
    objects = render_target(bed.project, bed.target).objects
    body = next(o for o in objects if o.id.type == "package_body" and o.id.name == "PKG_CONEFI_EVENTO")
    lines = body.text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == "BEGIN")
    lines[at] = lines[at].replace("BEGIN", "BEGIN " + BROKEN)  # same line count: same template lines
    return trigger_path(objects), dataclasses.replace(body, text="\n".join(lines))


def _event_queues(bed: ReleaseBed) -> None:
    """An ERP insert into the event table succeeds, and the trigger queued one row for it."""
    queue = f"{bed.conefi}.{bed.target.integration.queue_table}"
    (before,) = bed.query(f"SELECT COUNT(*) FROM {queue}")[0]
    erp = Protheus(bed.target, build_fixtures(bed.project, bed.target).dictionary)
    apply(bed.admin, erp.event(Event("REC", "999999999", None, SETTLEMENT[0], SETTLEMENT[1])))
    assert bed.query(f"SELECT COUNT(*) FROM {queue}") == [(before + 1,)]
    assert bed.query("SELECT object_type, status FROM all_objects WHERE owner = :o "
                     "AND object_name = 'PKG_CONEFI_EVENTO' ORDER BY object_type", o=bed.conefi) == [
        ("PACKAGE", "VALID"), ("PACKAGE BODY", "VALID")]
    source = "".join(t for (t,) in bed.query(
        "SELECT text FROM all_source WHERE owner = :o AND name = 'PKG_CONEFI_EVENTO' "
        "AND type = 'PACKAGE BODY' ORDER BY line", o=bed.conefi))
    assert BROKEN not in source  # the previous body is what runs


def _apply(bed: ReleaseBed, revision: str, ops: tuple[PlannedOp, ...]) -> DatabaseOutcome:
    """Apply one revision of `ops` online (the applier on a fresh connection)."""
    plan = DatabasePlan(bed.target.name, "erp", bed.conefi, None, revision, "upgrade",
                        (RevisionPlan(revision, revision, "upgrade", ops, revision),), ())
    conn = bed.db.connect()
    try:
        return Applier(conn).apply(plan)
    finally:
        conn.close()


def _release_fails(bed: ReleaseBed, revision: str,
                   ops: tuple[PlannedOp, ...]) -> pytest.ExceptionInfo[DeployFailed]:
    with pytest.raises(DeployFailed) as info:
        _apply(bed, revision, ops)
    return info


def test_first_deploy_left_the_trigger_enabled_and_the_path_valid(deployed: ReleaseBed) -> None:
    assert deployed.query("SELECT status FROM all_triggers WHERE owner = :o", o=deployed.conefi) == [
        ("ENABLED",)]
    _event_queues(deployed)


def test_online_a_broken_body_is_restored_and_erp_inserts_still_queue(deployed: ReleaseBed) -> None:
    path, broken = _path_and_broken_body(deployed)
    steps = object_steps(broken, path)
    assert steps[0].protection is not None
    op = PlannedOp("9999_broken", "replace_object", str(broken.id), steps, broken.sha256, rendered=broken)
    info = _release_fails(deployed, "9999_broken", (op,))
    assert "PLS-00201" in str(info.value) and "(template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:" \
        in str(info.value) and "the previous version was re-created" in str(info.value)
    _event_queues(deployed)


def test_script_block_restores_a_broken_body_and_erp_inserts_still_queue(deployed: ReleaseBed) -> None:
    path, broken = _path_and_broken_body(deployed)
    block = object_steps(broken, path)[0].text
    conn = deployed.db.connect(deployed.conefi, deployed.conefi_password)  # the owner section's user
    try:
        with conn.cursor() as cur, pytest.raises(oracledb.DatabaseError) as info:
            cur.execute(block)
    finally:
        conn.close()
    assert "ORA-20007" in str(info.value) and "PLS-00201" in str(info.value)
    assert "template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:" in str(info.value)
    _event_queues(deployed)


def test_script_block_leaves_an_unchanged_enabled_trigger_untouched(deployed: ReleaseBed) -> None:
    objects = render_target(deployed.project, deployed.target).objects
    trigger = next(o for o in objects if o.id.type == "trigger")
    (before,) = deployed.query("SELECT last_ddl_time FROM all_objects WHERE owner = :o "
                               "AND object_type = 'TRIGGER'", o=deployed.conefi)
    with deployed.admin.cursor() as cur:
        cur.execute(object_steps(trigger, trigger_path(objects))[0].text)
    assert deployed.query("SELECT last_ddl_time FROM all_objects WHERE owner = :o "
                          "AND object_type = 'TRIGGER'", o=deployed.conefi) == [before]


def test_script_block_restores_a_broken_body_even_with_a_login_transform_setting(
        deployed: ReleaseBed) -> None:
    """A login.sql setting SQLTERMINATOR would make GET_DDL's text end in '/': the block resets
    the session transform first, so the captured body still re-creates (#16 review, defect 2)."""
    path, broken = _path_and_broken_body(deployed)
    conn = deployed.db.connect(deployed.conefi, deployed.conefi_password)
    try:
        with conn.cursor() as cur:
            cur.execute("BEGIN SYS.DBMS_METADATA.SET_TRANSFORM_PARAM("
                        "SYS.DBMS_METADATA.SESSION_TRANSFORM, 'SQLTERMINATOR', TRUE); END;")
            with pytest.raises(oracledb.DatabaseError) as info:
                cur.execute(object_steps(broken, path)[0].text)
    finally:
        conn.close()
    assert "ORA-20007" in str(info.value) and "the previous version was re-created" in str(info.value)
    _event_queues(deployed)


def test_script_block_keeps_a_dba_disabled_trigger_disabled(deployed: ReleaseBed) -> None:
    """A changed trigger a DBA disabled is replaced DISABLED, never enabled (#16 review, defect 5)."""
    objects = render_target(deployed.project, deployed.target).objects
    trigger = next(o for o in objects if o.id.type == "trigger")
    changed = dataclasses.replace(trigger, text=trigger.text.replace("\nBEGIN", "\nBEGIN\n  NULL;", 1))
    assert changed.text != trigger.text
    name = f"{trigger.id.owner}.{trigger.id.name}"
    with deployed.admin.cursor() as cur:
        cur.execute(f"ALTER TRIGGER {name} DISABLE")
        try:
            cur.execute(object_steps(changed, trigger_path(objects))[0].text)
            assert deployed.query("SELECT status FROM all_triggers WHERE owner = :o",
                                  o=deployed.conefi) == [("DISABLED",)]
        finally:
            cur.execute(object_steps(trigger, trigger_path(objects))[0].text)  # back as rendered...
            cur.execute(f"ALTER TRIGGER {name} ENABLE")  # ...and enabled, for the other scenarios


# --------------------------------------------------------------------------- the run-level undo


def _path_view(bed: ReleaseBed) -> tuple[TriggerPath, RenderedObject]:
    """The path and V_CONEFI_MOV_PGO, a view the event body reads."""
    objects = render_target(bed.project, bed.target).objects
    view = next(o for o in objects if o.id.type == "view" and o.id.name == "V_CONEFI_MOV_PGO")
    return trigger_path(objects), view


def _view_breaking_the_body(bed: ReleaseBed) -> RenderedObject:
    """V_CONEFI_MOV_PGO without the columns the event body reads: the deployed body no longer
    compiles against it (a later step of the same run replaces that body)."""
    _, view = _path_view(bed)
    return dataclasses.replace(view, text=f"CREATE OR REPLACE VIEW {view.id.owner}.{view.id.name} AS\n"
                                          "SELECT 1 AS nada FROM dual\n/\n")


def _view_is_back(bed: ReleaseBed, view: RenderedObject) -> None:
    text = bed.query("SELECT text_vc FROM all_views WHERE owner = :o AND view_name = :v",
                     o=view.id.owner, v=view.id.name)
    assert text and "nada" not in str(text[0][0])  # the previous view, re-created by the undo


def _second_block_fails(bed: ReleaseBed, blocks: list[str]) -> pytest.ExceptionInfo[oracledb.DatabaseError]:
    """Run two script blocks on one session of the owner section's user, their undo slots bound
    as SQL*Plus would (CLOB bind variables); the second must fail."""
    conn = bed.db.connect(bed.conefi, bed.conefi_password)
    try:
        with conn.cursor() as cur:
            slots = {name: cur.var(oracledb.DB_TYPE_CLOB) for name in
                     sorted(set(re.findall(r":(cdt_[0-9a-f]{12})\b", "".join(blocks))))}

            def binds(text: str) -> dict[str, Any]:
                return {name: var for name, var in slots.items() if f":{name}" in text}

            cur.execute(blocks[0], binds(blocks[0]))
            with pytest.raises(oracledb.DatabaseError) as info:
                cur.execute(blocks[1], binds(blocks[1]))
    finally:
        conn.close()
    return info


def test_online_a_later_failed_step_undoes_the_view_an_earlier_step_replaced(deployed: ReleaseBed) -> None:
    """Cross-step: a view replaced at step 1 breaks the body step 2 replaces; step 2 fails and its
    previous body no longer compiles against the new view: the run is undone, never left INVALID."""
    path, broken = _path_and_broken_body(deployed)
    view = _view_breaking_the_body(deployed)
    ops = tuple(PlannedOp("9998_cross", "replace_object", str(o.id), object_steps(o, path), o.sha256,
                          rendered=o) for o in (view, broken))
    info = _release_fails(deployed, "9998_cross", ops)
    assert "PLS-00201" in str(info.value) and "this run's earlier steps undone" in str(info.value)
    assert "V_CONEFI_MOV_PGO (VIEW)" in str(info.value)
    _view_is_back(deployed, view)
    _event_queues(deployed)


def test_script_blocks_undo_the_view_an_earlier_block_replaced(deployed: ReleaseBed) -> None:
    """The same in a script: each block is its own statement; the undo slots are the section's
    SQL*Plus CLOB bind variables, here bound by python-oracledb on one session."""
    path, broken = _path_and_broken_body(deployed)
    view = _view_breaking_the_body(deployed)
    blocks = [object_steps(o, path)[0].text for o in (view, broken)]
    info = _second_block_fails(deployed, blocks)
    assert "ORA-20007" in str(info.value) and "PLS-00201" in str(info.value)
    _view_is_back(deployed, view)
    _event_queues(deployed)


# --------------------------------------------------------------------------- views on the path




def _last_ddl(bed: ReleaseBed, view: RenderedObject) -> list[tuple[Any, ...]]:
    return bed.query("SELECT last_ddl_time FROM all_objects WHERE owner = :o AND object_name = :v "
                     "AND object_type = 'VIEW'", o=view.id.owner, v=view.id.name)


def test_script_block_and_online_leave_an_unchanged_view_untouched(deployed: ReleaseBed) -> None:
    """ALL_VIEWS.TEXT holds the rendered query (lines right-trimmed): no CREATE, no invalidation
    of the bodies reading it."""
    path, view = _path_view(deployed)
    before = _last_ddl(deployed, view)
    with deployed.admin.cursor() as cur:
        cur.execute(object_steps(view, path)[0].text)
    assert _last_ddl(deployed, view) == before
    op = PlannedOp("9997_same", "replace_object", str(view.id), object_steps(view, path), view.sha256,
                   rendered=view)
    outcome = _apply(deployed, "9997_same", (op,))
    assert any("unchanged, not replaced" in n for n in outcome.ops[0].notes)
    assert _last_ddl(deployed, view) == before


def test_a_view_deployed_with_a_column_list_is_replaced_though_its_text_is_the_same(
        deployed: ReleaseBed) -> None:
    """ALL_VIEWS.TEXT leaves out a column list: a deployed view that renames its columns with one
    holds the rendered query as TEXT, yet it is not the rendered view. The script block and the
    applier compare ALL_TAB_COLUMNS too, so both replace it, and the event body reads it again."""
    path, view = _path_view(deployed)
    ddl = split(view.text)[0].text
    at, columns = view_query_at(ddl), view_columns(ddl)
    assert at is not None and columns
    renamed = (f"CREATE OR REPLACE VIEW {view.id.owner}.{view.id.name} "
               f"({', '.join(f'X{i}' for i in range(len(columns)))}) AS\n{ddl[at:]}")
    for n, how in enumerate(("script", "online")):
        with deployed.admin.cursor() as cur:
            cur.execute(renamed)
        if how == "script":
            with deployed.admin.cursor() as cur:
                cur.execute(object_steps(view, path)[0].text)
        else:
            op = PlannedOp(f"999{n}_cols", "replace_object", str(view.id), object_steps(view, path),
                           view.sha256, rendered=view)
            outcome = _apply(deployed, f"999{n}_cols", (op,))
            assert not any("unchanged" in note for note in outcome.ops[0].notes)
        assert [c for (c,) in deployed.query(
            "SELECT column_name FROM all_tab_columns WHERE owner = :o AND table_name = :v ORDER BY column_id",
            o=view.id.owner, v=view.id.name)] == list(columns), how
        _event_queues(deployed)


def test_a_view_oracle_refuses_names_its_template_line_online_and_in_the_script(deployed: ReleaseBed) -> None:
    path, view = _path_view(deployed)
    lines = view.text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().upper().startswith("FROM"))
    lines[at] = lines[at].replace("FROM", "FROM nao_existe_tabela,", 1)  # same line count
    broken = dataclasses.replace(view, text="\n".join(lines))
    template = f"(template {view.template}:"
    op = PlannedOp("9996_view", "replace_object", str(broken.id), object_steps(broken, path), broken.sha256,
                   rendered=broken)
    info = _release_fails(deployed, "9996_view", (op,))
    assert "ORA-00942" in str(info.value) and template in str(info.value)
    assert "the previous version is kept" in str(info.value)
    with deployed.admin.cursor() as cur, pytest.raises(oracledb.DatabaseError) as error:
        cur.execute(object_steps(broken, path)[0].text)
    assert "ORA-20014" in str(error.value) and template in str(error.value)
    _event_queues(deployed)


def test_online_a_run_failing_between_the_two_steps_undoes_the_view(deployed: ReleaseBed) -> None:
    """The view's step broke the event body; the run fails at an operation off the path before
    the body's step: the applier undoes the view (`Applier._heal`), the ERP keeps inserting."""
    path, _ = _path_and_broken_body(deployed)
    view = _view_breaking_the_body(deployed)
    failing = Step("sql", "CREATE TABLE nao_existe_conefi AS SELECT * FROM nao_existe_tabela", None, "create")
    ops = (PlannedOp("9995_gap", "replace_object", str(view.id), object_steps(view, path), view.sha256,
                     rendered=view),
           PlannedOp("9995_gap", "run_sql", "erp hand-written SQL", (failing,), "0" * 64))
    info = _release_fails(deployed, "9995_gap", ops)
    assert "ORA-00942" in str(info.value)
    assert "PKG_CONEFI_EVENTO (PACKAGE BODY) INVALID after the failure: this run's earlier steps undone" \
        in str(info.value)
    _view_is_back(deployed, view)
    _event_queues(deployed)


def test_script_a_refused_view_after_a_breaking_view_undoes_it(deployed: ReleaseBed) -> None:
    """Review D1: block 1 replaces V_CONEFI_MOV_PGO so that the deployed event body no longer
    compiles; block 2's view (V_CONEFI_MOV_EST) is refused by Oracle, so its own view is kept —
    yet the body is INVALID. The block heals before raising ORA-20014: the first view is undone,
    the body compiles again and the ERP keeps inserting."""
    path, _ = _path_view(deployed)
    view = _view_breaking_the_body(deployed)
    objects = render_target(deployed.project, deployed.target).objects
    est = next(o for o in objects if o.id.type == "view" and o.id.name == "V_CONEFI_MOV_EST")
    refused = dataclasses.replace(est, text=f"CREATE OR REPLACE VIEW {est.id.owner}.{est.id.name} AS\n"
                                            "SELECT 1 AS n FROM nao_existe_tabela\n/\n")
    blocks = [object_steps(o, path)[0].text for o in (view, refused)]
    info = _second_block_fails(deployed, blocks)
    assert "ORA-20014" in str(info.value) and "ORA-00942" in str(info.value)
    assert "this run's earlier steps undone" in str(info.value)
    assert "V_CONEFI_MOV_PGO (VIEW)" in str(info.value)
    _view_is_back(deployed, view)
    _event_queues(deployed)
