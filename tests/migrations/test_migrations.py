"""Releases offline: frozen revisions, autogenerate, check, replay and the SQL*Plus script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.check import check_release
from conefi_dbtool.migrations.environment import ENV_PY, SCRIPT_MAKO
from conefi_dbtool.migrations.history import load_history
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import open_planner, sql_script
from conefi_dbtool.migrations.sqlscript import plan_steps
from conefi_dbtool.migrations.store import SnapshotStore, Workspace, scan_worktree
from conefi_dbtool.splitter import split
from tests.helpers import make_project

SEQUENCE = """{#
purpose: ids
#}
CREATE SEQUENCE {{ obj.qualified }} START WITH 1 NOCACHE;
"""
TABLE = """{#
depends: erp/conefi/sequence/S_Q
#}
CREATE TABLE {{ obj.qualified }} (
  Q_ID      NUMBER(18)    NOT NULL,
  Q_DADOS   VARCHAR2(400) NOT NULL,
  CONSTRAINT PK_Q PRIMARY KEY (Q_ID)
) TABLESPACE {{ erp.tablespaces.default|ident }};
"""
PACKAGE = """CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS
  PROCEDURE p_evento(p_id IN NUMBER);
END;
/
"""
BODY = """{#
depends: erp/conefi/package/PKG_Q
#}
CREATE OR REPLACE PACKAGE BODY {{ obj.qualified }} AS
  PROCEDURE p_evento(p_id IN NUMBER) IS
  BEGIN
    {{ log_line() }}
  END;
END;
/
"""
MACROS = """{% macro log_line() %}NULL; -- v1{% endmacro %}
"""
TRIGGER = """{#
depends: erp/conefi/package_body/PKG_Q
#}
CREATE OR REPLACE TRIGGER {{ obj.qualified }}
AFTER INSERT ON SGU.INTGRA_RET_ERP
FOR EACH ROW
BEGIN
  CONEFI.PKG_Q.p_evento(:new.INTRE_ID);
END;
/
"""
JOB = """BEGIN
  SYS.DBMS_SCHEDULER.CREATE_JOB(
    job_name        => '{{ obj.owner }}.{{ obj.name }}',
    job_type        => 'PLSQL_BLOCK',
    job_action      => 'BEGIN CONEFI.PKG_Q.p_evento(0); END;',
    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',
    enabled         => TRUE);
END;
/
"""

FIRST = {
    "erp/conefi/sequence/S_Q.sql.j2": SEQUENCE,
    "erp/conefi/table/Q.sql.j2": TABLE,
}


def _body_with_macro(text: str) -> str:
    return '{% from "erp/_macros.sql.j2" import log_line %}\n' + text


SECOND = {
    "erp/_macros.sql.j2": MACROS,
    "erp/conefi/package/PKG_Q.sql.j2": PACKAGE,
    "erp/conefi/package_body/PKG_Q.sql.j2": _body_with_macro(BODY),
    "erp/trigger_owner/trigger/TRG_Q.sql.j2": TRIGGER,
    "erp/conefi/job/J_Q.sql.j2": JOB,
}


def write(project: Project, rel: str, text: str | None) -> None:
    path = project.templates_dir / rel
    if text is None:
        path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj, _target = make_project(tmp_path, FIRST)
    return proj


def two_revisions(project: Project) -> tuple[str, str]:
    first = write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    assert first is not None
    for rel, text in SECOND.items():
        write(project, rel, text)
    second = write_revision(project, "Package, trigger, job", rev_id="0002_bbbbbb")
    assert second is not None
    return first.revision, second.revision


# --------------------------------------------------------------------------- environment


def test_repository_environment_files_are_the_packaged_ones(root: Path) -> None:
    assert (root / "migrations" / "script.py.mako").read_text(encoding="utf-8") == SCRIPT_MAKO
    assert (root / "migrations" / "env.py").read_text(encoding="utf-8") == ENV_PY


def test_repository_check_passes(root: Path) -> None:
    """CI's gate: main always has the revisions of its templates and grants."""
    from conefi_dbtool.config import load_project

    result = check_release(load_project(root / "conefi.toml"))
    assert result.lines() == ()
    assert result.ok


# --------------------------------------------------------------------------- revision / check


def test_revision_records_changes_and_check_then_passes(project: Project) -> None:
    assert not check_release(project).ok  # nothing recorded yet
    written = write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    assert written is not None
    assert written.draft.upgrade == (
        'op.create_object("erp/conefi/sequence/S_Q", at=revision)',
        'op.create_object("erp/conefi/table/Q", at=revision)',
    )
    assert written.draft.downgrade == (
        'op.drop_object("erp/conefi/table/Q")',
        'op.drop_object("erp/conefi/sequence/S_Q")',
    )
    text = written.path.read_text(encoding="utf-8")
    assert "revision = '0001_aaaaaa'" in text and "down_revision = None" in text
    result = check_release(project)
    assert result.ok and result.head == "0001_aaaaaa" and result.revisions == 1
    # nothing changed: no revision
    assert write_revision(project, "again") is None
    assert len(list((project.migrations_dir / "versions").glob("*.py"))) == 1


def test_check_fails_on_an_unrecorded_edit(project: Project) -> None:
    write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    write(project, "erp/conefi/table/Q.sql.j2", TABLE.replace("VARCHAR2(400)", "VARCHAR2(800)"))
    write(project, "erp/conefi/package/PKG_Q.sql.j2", PACKAGE)
    result = check_release(project)
    assert not result.ok
    assert result.lines() == (
        "added    templates/erp/conefi/package/PKG_Q.sql.j2 (differs from head 0001_aaaaaa)",
        "modified templates/erp/conefi/table/Q.sql.j2 (differs from head 0001_aaaaaa)",
    )
    write(project, "erp/conefi/sequence/S_Q.sql.j2", None)
    assert "removed  templates/erp/conefi/sequence/S_Q.sql.j2 (differs from head 0001_aaaaaa)" in (
        check_release(project).lines()
    )


def test_check_reports_an_altered_snapshot(project: Project) -> None:
    write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    blob = next((project.migrations_dir / "snapshots").rglob("*.sql.j2"))
    blob.write_text("tampered", encoding="utf-8")
    result = check_release(project)
    assert not result.ok
    assert len(result.problems) == 1 and "content does not match its sha256" in result.problems[0]


def test_revision_after_template_edit_contains_exactly_the_changes(project: Project) -> None:
    two_revisions(project)
    write(project, "erp/_macros.sql.j2", MACROS.replace("v1", "v2"))  # used by the body only
    written = write_revision(project, "Log v2", rev_id="0003_cccccc")
    assert written is not None
    assert [f.key for f in written.draft.files] == ["templates/erp/_macros.sql.j2"]
    assert written.draft.upgrade == ('op.replace_object("erp/conefi/package_body/PKG_Q", at=revision)',)
    assert written.draft.downgrade == (
        'op.replace_object("erp/conefi/package_body/PKG_Q", at=down_revision)',
    )
    text = written.path.read_text(encoding="utf-8")
    assert "#   -{% macro log_line() %}NULL; -- v1{% endmacro %}" in text  # reviewable diff
    assert "#   +{% macro log_line() %}NULL; -- v2{% endmacro %}" in text
    assert check_release(project).ok


def test_second_revision_operations_in_a_safe_order(project: Project) -> None:
    two_revisions(project)
    text = next((project.migrations_dir / "versions").glob("0002_*.py")).read_text(encoding="utf-8")
    upgrade = text[text.index("def upgrade") : text.index("def downgrade")]
    downgrade = text[text.index("def downgrade") : text.index("# ---- review")]
    assert re.findall(r"op\.\w+\([^)]*\)", upgrade) == [
        'op.replace_object("erp/conefi/package/PKG_Q", at=revision)',
        'op.replace_object("erp/conefi/package_body/PKG_Q", at=revision)',
        'op.replace_object("erp/trigger_owner/trigger/TRG_Q", at=revision)',
        'op.create_job("erp/conefi/job/J_Q", at=revision)',
    ]
    assert re.findall(r"op\.\w+\([^)]*\)", downgrade) == [
        'op.drop_job("erp/conefi/job/J_Q")',
        'op.drop_object("erp/trigger_owner/trigger/TRG_Q")',
        'op.drop_object("erp/conefi/package_body/PKG_Q")',
        'op.drop_object("erp/conefi/package/PKG_Q")',
    ]


def test_table_edit_becomes_table_pieces(project: Project) -> None:
    write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    write(
        project,
        "erp/conefi/table/Q.sql.j2",
        TABLE.replace("  CONSTRAINT PK_Q", "  Q_DES_OBS VARCHAR2(4000),\n  CONSTRAINT PK_Q"),
    )
    written = write_revision(project, "Observation column", rev_id="0002_bbbbbb")
    assert written is not None
    assert written.draft.upgrade == (
        'op.alter_table_pieces("erp/conefi/table/Q", at=revision, previous=down_revision)',
    )
    script = sql_script(
        project,
        project.target("example"),
        "upgrade",
        "0001_aaaaaa:head",
        ("erp",),
        PlanOptions(),
        connect_lines=False,
    )
    assert "EXECUTE IMMEDIATE 'ALTER TABLE CONEFI.Q ADD (Q_DES_OBS VARCHAR2(4000))';" in script
    back = sql_script(
        project,
        project.target("example"),
        "downgrade",
        "head:-1",
        ("erp",),
        PlanOptions(),
        connect_lines=False,
    )
    assert "EXECUTE IMMEDIATE 'ALTER TABLE CONEFI.Q DROP COLUMN Q_DES_OBS';" in back
    assert "refusing to drop column(s) Q_DES_OBS of CONEFI.Q: CONEFI.Q holds rows" in back
    loss = sql_script(
        project,
        project.target("example"),
        "downgrade",
        "head:-1",
        ("erp",),
        PlanOptions(allow_data_loss=True),
        connect_lines=False,
    )
    assert "holds rows" not in loss and "DROP COLUMN Q_DES_OBS" in loss


def test_revision_message_is_required(project: Project) -> None:
    with pytest.raises(UsageError, match="message is empty"):
        write_revision(project, "   ")


# --------------------------------------------------------------------------- replay / frozen


def test_replaying_revisions_gives_the_head_state(project: Project) -> None:
    first_sources = {
        k: (project.templates_dir / k.split("/", 1)[1]).read_bytes() for k in scan_worktree(project).as_dict()
    }
    first, second = two_revisions(project)
    history = load_history(project.migrations_dir)
    assert [r.id for r in history.chain] == [first, second]
    assert history.state_at(second) == scan_worktree(project)
    assert history.state_at(None).files == ()
    store = SnapshotStore(project.migrations_dir)
    with Workspace() as ws:
        dirs = store.materialise(history.state_at(first), ws.new_dir())
        materialised = {
            f"templates/{p.relative_to(dirs['templates']).as_posix()}": p.read_bytes()
            for p in dirs["templates"].rglob("*")
            if p.is_file()
        }
    assert materialised == first_sources


def test_a_revision_deploys_its_frozen_definitions(project: Project) -> None:
    """Upgrading to N deploys N's definitions however the templates changed later."""
    two_revisions(project)
    target = project.target("example")
    before = sql_script(project, target, "upgrade", "base:0002_bbbbbb", ("erp",), PlanOptions())
    write(
        project, "erp/conefi/package_body/PKG_Q.sql.j2", _body_with_macro(BODY).replace("IS\n", "IS -- v3\n")
    )
    write(project, "erp/_macros.sql.j2", MACROS.replace("v1", "v9"))
    write_revision(project, "later", rev_id="0003_cccccc")
    after = sql_script(project, target, "upgrade", "base:0002_bbbbbb", ("erp",), PlanOptions())
    assert after == before
    assert "-- v9" not in before and "-- v1" in before
    assert "-- v9" in sql_script(project, target, "upgrade", "0002_bbbbbb:head", ("erp",), PlanOptions())


# --------------------------------------------------------------------------- the script


def test_sql_script_splits_back_into_the_planned_units(project: Project) -> None:
    two_revisions(project)
    target = project.target("example")
    script = sql_script(project, target, "upgrade", "base:head", ("erp", "sgu2"), PlanOptions())
    units = split(script)
    assert all(u.terminated for u in units)
    expected: list[tuple[str, str]] = [("sql", "ALTER SESSION SET DDL_LOCK_TIMEOUT = 30")]  # first, always
    with open_planner(project, target, PlanOptions()) as release:
        assert not release.planner.manages("sgu2")  # no sgu2 object: no sgu2 section
        plan = release.planner.plan("erp", None, "0002_bbbbbb")
        for _label, item in plan_steps(plan, PlanOptions()):
            if not isinstance(item, str) and item.kind != "sqlplus":  # client commands: not compared
                expected.append((item.kind, item.text.rstrip()))
    got = [(u.kind, u.text) for u in units if u.kind != "sqlplus"]
    assert got == expected
    # the trigger body reached the script intact, and no Alembic offline artefact did
    assert "CONEFI.PKG_Q.p_evento(:new.INTRE_ID);" in script
    assert ":ret_0" not in script and "RETURNING" not in script and "NULL.INTRE_ID" not in script
    lines = script.splitlines()
    for unit in units:
        if unit.kind == "plsql":
            assert lines[unit.end - 1] == "/", unit.text[:60]
    assert script.endswith("PROMPT ==== done ====\nEXIT SUCCESS\n")


def test_sql_script_prompts_never_end_with_a_hyphen(project: Project) -> None:
    """SQL*Plus continues a command ending with '-' on the next line: no PROMPT may end so."""
    from conefi_dbtool.migrations.sqlscript import _prompt

    two_revisions(project)
    script = sql_script(project, project.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    prompts = [line for line in script.splitlines() if line.startswith("PROMPT")]
    assert prompts and not [line for line in prompts if line.rstrip().endswith("-")]
    assert "PROMPT ==== upgrade 0001_aaaaaa: Queue table ====" in prompts
    assert _prompt("note: column type changed -") == "PROMPT note: column type changed -.\n"


def test_sql_script_checks_version_and_bookkeeps(project: Project) -> None:
    two_revisions(project)
    script = sql_script(
        project,
        project.target("example"),
        "upgrade",
        "0001_aaaaaa:head",
        ("erp",),
        PlanOptions(lock_timeout=30),
        connect_lines=False,
    )
    assert "IF NVL(v_current, 'base') NOT IN ('0001_aaaaaa', '0002_bbbbbb') THEN" in script
    assert "timeout => 30," in script and "release_on_commit => FALSE);" in script
    assert script.count("INSERT INTO CONEFI.CONEFI_DBTOOL_JOURNAL") == 4
    assert script.count("MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION v") == 1
    assert "VALUES ('erp', '0002_bbbbbb', SYSTIMESTAMP," in script
    assert "CONNECT" not in script
    assert "RAISE_APPLICATION_ERROR(-20004, 'job CONEFI.J_Q does not exist');" in script
    assert "recompile('CONEFI', 'TRG_Q', 'TRIGGER', 'ALTER TRIGGER CONEFI.TRG_Q COMPILE');" in script


def test_downgrade_to_base_refuses_tables_with_rows(project: Project) -> None:
    two_revisions(project)
    back = sql_script(
        project,
        project.target("example"),
        "downgrade",
        "head:base",
        ("erp",),
        PlanOptions(),
        connect_lines=False,
    )
    assert "refusing to drop table CONEFI.Q: CONEFI.Q holds rows" in back
    assert "DROP TABLE CONEFI.Q CASCADE CONSTRAINTS" in back
    assert "SYS.DBMS_SCHEDULER.DROP_JOB(job_name => 'CONEFI.J_Q', force => FALSE);" in back
    assert back.index("holds rows") < back.index("DROP_JOB")  # refused before anything is dropped
    assert "DELETE FROM CONEFI.CONEFI_DBTOOL_VERSION WHERE DATABASE_NAME = 'erp'" in back
    # job dropped before the package it calls, objects of 0002 before the table of 0001
    assert (
        back.index("DROP_JOB")
        < back.index("DROP PACKAGE BODY CONEFI.PKG_Q")
        < back.index("DROP TABLE CONEFI.Q")
    )


def test_range_direction_and_arguments_are_checked(project: Project) -> None:
    two_revisions(project)
    target = project.target("example")
    with pytest.raises(UsageError, match="that is a downgrade"):
        sql_script(project, target, "upgrade", "head:base", ("erp",), PlanOptions())
    with pytest.raises(UsageError, match="needs FROM:TO"):
        sql_script(project, target, "downgrade", "base", ("erp",), PlanOptions())
    with pytest.raises(UsageError, match="unknown revision 'nope'"):
        sql_script(project, target, "upgrade", "nope", ("erp",), PlanOptions())


def test_native_alembic_operations_are_refused(project: Project) -> None:
    write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    path = next((project.migrations_dir / "versions").glob("0001_*.py"))
    text = path.read_text(encoding="utf-8").replace(
        "def upgrade() -> None:\n", "def upgrade() -> None:\n    op.execute('UPDATE x SET y = 1')\n"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConefiError, match=r"native Alembic operation .* use op.run_sql"):
        sql_script(project, project.target("example"), "upgrade", "head", ("erp",), PlanOptions())


def test_run_sql_and_grant_operations(project: Project) -> None:
    write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    path = next((project.migrations_dir / "versions").glob("0001_*.py"))
    text = path.read_text(encoding="utf-8").replace(
        "def upgrade() -> None:\n",
        "def upgrade() -> None:\n"
        "    op.run_sql(\"UPDATE CONEFI.Q SET Q_DADOS = 'x;y';\\nBEGIN\\n  NULL;\\nEND;\\n/\\n\", "
        "database='erp')\n"
        "    op.grant('select', on='siga.se1030', to='conefi', database='erp')\n"
        "    op.revoke('unlimited tablespace', to='conefi', database='sgu2')\n",
    )
    path.write_text(text, encoding="utf-8")
    script = sql_script(
        project,
        project.target("example"),
        "upgrade",
        "head",
        ("erp", "sgu2"),
        PlanOptions(),
        connect_lines=False,
    )
    assert "UPDATE CONEFI.Q SET Q_DADOS = 'x;y';\n" in script
    assert "BEGIN\n  NULL;\nEND;\n/\n" in script
    assert "GRANT SELECT ON SIGA.SE1030 TO CONEFI;\n" in script
    assert "EXECUTE IMMEDIATE 'REVOKE UNLIMITED TABLESPACE FROM CONEFI';" in script
    assert "WHEN e_1951 OR e_1952 THEN" in script


def test_two_heads_are_a_conflict(project: Project) -> None:
    write_revision(project, "Queue table", rev_id="0001_aaaaaa")
    versions = project.migrations_dir / "versions"
    original = next(versions.glob("0001_*.py")).read_text(encoding="utf-8")
    for rev in ("0002_bbbbbb", "0002_cccccc"):
        (versions / f"{rev}_x.py").write_text(
            original.replace("revision = '0001_aaaaaa'", f"revision = '{rev}'").replace(
                "down_revision = None", "down_revision = '0001_aaaaaa'"
            ),
            encoding="utf-8",
        )
    with pytest.raises(ConefiError, match=r"several heads .*0002_bbbbbb, 0002_cccccc.* rebase"):
        load_history(project.migrations_dir)


def test_template_rendering_to_nothing_is_dropped(tmp_path: Path) -> None:
    conditional = (
        "{% if target.scratch %}CREATE OR REPLACE VIEW {{ obj.qualified }} AS SELECT 1 X FROM DUAL;\n"
        "{% endif %}"
    )
    project, _ = make_project(
        tmp_path, {"erp/conefi/view/V_X.sql.j2": conditional}, extra="\n[targets.dev]\nscratch = true\n"
    )
    written = write_revision(project, "view for scratch targets", rev_id="0001_aaaaaa")
    assert written is not None and written.draft.upgrade == (
        'op.replace_object("erp/conefi/view/V_X", at=revision)',
    )
    example = sql_script(
        project, project.target("example"), "upgrade", "head", ("erp",), PlanOptions(), connect_lines=False
    )
    assert "note: erp:CONEFI.view.V_X renders to nothing for target example at 0001_aaaaaa" in example
    assert "DROP VIEW CONEFI.V_X" in example
    dev = sql_script(
        project, project.target("dev"), "upgrade", "head", ("erp",), PlanOptions(), connect_lines=False
    )
    assert "CREATE OR REPLACE VIEW CONEFI.V_X AS SELECT 1 X FROM DUAL;" in dev


def test_grant_templates_are_granted_and_revoked(tmp_path: Path) -> None:
    grant = (
        "{% if target.scratch %}GRANT SELECT ON {{ obj.owner }}.Q TO SGU;\n{% endif %}"
        "GRANT SELECT, UPDATE ON {{ obj.owner }}.Q TO SIGA;\n"
    )
    project, _ = make_project(
        tmp_path,
        {**FIRST, "erp/conefi/object_grant/Q_READERS.sql.j2": grant},
        extra="\n[targets.dev]\nscratch = true\n",
    )
    written = write_revision(project, "queue and its readers", rev_id="0001_aaaaaa")
    assert written is not None
    assert 'op.sync_grants("erp/conefi/object_grant/Q_READERS", at=revision, previous=down_revision)' in (
        written.draft.upgrade
    )
    dev = sql_script(
        project, project.target("dev"), "upgrade", "head", ("erp",), PlanOptions(), connect_lines=False
    )
    assert "GRANT SELECT ON CONEFI.Q TO SGU;\nGRANT SELECT, UPDATE ON CONEFI.Q TO SIGA;\n" in dev
    write(project, "erp/conefi/object_grant/Q_READERS.sql.j2", "GRANT SELECT ON {{ obj.owner }}.Q TO SIGA;\n")
    written = write_revision(project, "SIGA reads only", rev_id="0002_bbbbbb")
    assert written is not None
    up = sql_script(project, project.target("dev"), "upgrade", "0001_aaaaaa:head", ("erp",), PlanOptions())
    assert "GRANT SELECT ON CONEFI.Q TO SIGA;\n" in up
    assert "EXECUTE IMMEDIATE 'REVOKE SELECT ON CONEFI.Q FROM SGU';" in up
    assert "EXECUTE IMMEDIATE 'REVOKE UPDATE ON CONEFI.Q FROM SIGA';" in up
    assert "REVOKE SELECT ON CONEFI.Q FROM SIGA" not in up
    write(project, "erp/conefi/object_grant/Q_READERS.sql.j2", None)
    written = write_revision(project, "no readers", rev_id="0003_cccccc")
    assert written is not None and written.draft.downgrade == (
        'op.sync_grants("erp/conefi/object_grant/Q_READERS", at=down_revision, previous=revision)',
    )
    up = sql_script(
        project, project.target("example"), "upgrade", "0002_bbbbbb:head", ("erp",), PlanOptions()
    )
    assert "EXECUTE IMMEDIATE 'REVOKE SELECT ON CONEFI.Q FROM SIGA';" in up
    back = sql_script(
        project, project.target("example"), "downgrade", "head:0002_bbbbbb", ("erp",), PlanOptions()
    )
    assert "GRANT SELECT ON CONEFI.Q TO SIGA;\n" in back
