"""Trigger-path protection online: a failed compile never leaves the trigger's path INVALID."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.deploy_steps import (
    Protection,
    Replacement,
    object_steps,
    protected_block,
    same_source,
    same_view,
    undo_declarations,
    undo_slot,
    view_query_at,
    with_disable,
)
from conefi_dbtool.errors import RenderError
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.compile_errors import ErrorRow
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.protected import SESSION_USER_SQL, ProtectedFailed, ProtectedReplace
from conefi_dbtool.migrations.run import open_planner, sql_script
from conefi_dbtool.objects import ObjectId, RenderedObject, SourceLine
from conefi_dbtool.render import render_target
from conefi_dbtool.script import build_script
from conefi_dbtool.splitter import split
from conefi_dbtool.trigger_path import TriggerPath
from tests.helpers import make_project
from tests.migrations.test_migrations import BODY, FIRST, PACKAGE, _body_with_macro, two_revisions, write
from tests.migrations.test_migrations_units import FakeDB, _run

BROKEN_BODY = _body_with_macro(BODY).replace("{{ log_line() }}", "{{ log_line() }}\n    v_broken := 1;")
PLS = "PLS-00201: identifier 'V_BROKEN' must be declared"


@pytest.fixture
def released(tmp_path: Path) -> Project:
    project, _ = make_project(tmp_path, FIRST)
    two_revisions(project)
    return project


def _deployed_at_0002(project: Project) -> FakeDB:
    """A database where 0002 is deployed: its units exist as rendered, the trigger enabled."""
    db = FakeDB()
    db.version = {"erp": "0002_bbbbbb"}
    for obj in render_target(project, project.target("example")).objects:
        kind = {"package": "PACKAGE", "package_body": "PACKAGE BODY", "trigger": "TRIGGER"}.get(obj.id.type)
        if kind is not None:
            db.ddl[(obj.id.owner, obj.id.name, kind)] = obj.text.rstrip("\n").removesuffix("\n/")
    db.trigger_status[("CONEFI", "TRG_Q")] = "ENABLED"
    return db


def test_a_broken_body_is_restored_from_the_captured_text_and_named_at_its_template_line(
        released: Project) -> None:
    db = _deployed_at_0002(released)
    old_body = db.ddl[("CONEFI", "PKG_Q", "PACKAGE BODY")]
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2", BROKEN_BODY)
    assert write_revision(released, "Broken body", rev_id="0003_cccccc") is not None
    db.broken["v_broken := 1"] = [(5, 5, PLS, "ERROR")]

    result = _run(released, db)

    assert result.error == (
        "erp: upgrade 0003_cccccc: replace_object erp:CONEFI.package_body.PKG_Q: compile error: "
        f"erp:CONEFI.package_body.PKG_Q 5:5 {PLS} "
        "(template erp/conefi/package_body/PKG_Q.sql.j2:9 as of revision 0003_cccccc); "
        "the previous version was re-created"
    )
    s = db.statements
    body_op = next(i for i, t in enumerate(s) if t.startswith("SELECT VERSION_NUM"))
    capture = next(i for i, t in enumerate(s) if t.startswith("SELECT SYS.DBMS_METADATA") and i > body_op)
    replace = next(i for i, t in enumerate(s) if "v_broken := 1" in t)
    restore = next(i for i, t in enumerate(s) if t == old_body and i > replace)
    errors_read = next(i for i, t in enumerate(s) if t.startswith("SELECT LINE, POSITION") and i > replace)
    assert capture < replace < errors_read < restore  # captured before the replace, restored after the read
    assert db.ddl[("CONEFI", "PKG_Q", "PACKAGE BODY")] == old_body  # what runs now is the old body
    assert ("CONEFI", "PKG_Q", "PACKAGE BODY") not in db.errors  # and it is VALID
    assert not any(t.startswith("CREATE OR REPLACE TRIGGER") for t in s)  # unchanged trigger not touched
    assert [j["outcome"] for j in db.journal] == ["FAILED"] and db.version == {"erp": "0002_bbbbbb"}


def test_a_first_deploy_creates_the_trigger_disabled_and_enables_it_once_its_path_is_valid(
        released: Project) -> None:
    db = FakeDB()
    result = _run(released, db)
    assert result.ok, result.error
    triggers = [t for t in db.statements if t.startswith("CREATE OR REPLACE TRIGGER")]
    assert len(triggers) == 2 and "FOR EACH ROW DISABLE\n" in triggers[0]
    assert "DISABLE" not in triggers[1]  # re-created as rendered: enabled, and ALL_SOURCE = the template
    first, enabled = (db.statements.index(t) for t in triggers)
    path_reads = [i for i, t in enumerate(db.statements) if t.startswith("SELECT MAX(STATUS) FROM ALL_OBJ")]
    assert any(first < i < enabled for i in path_reads)  # the path is checked between the two
    assert db.trigger_status[("CONEFI", "TRG_Q")] == "ENABLED"


def test_a_first_deploy_leaves_the_trigger_disabled_when_its_path_is_invalid(released: Project) -> None:
    db = FakeDB()
    db.version = {"erp": "0001_aaaaaa"}
    body = next(o for o in render_target(released, released.target("example")).objects
                if o.id.type == "package_body")
    # the body is already there as rendered (so not replaced) but INVALID, and stays so
    db.ddl[("CONEFI", "PKG_Q", "PACKAGE BODY")] = body.text.rstrip("\n").removesuffix("\n/")
    db.errors[("CONEFI", "PKG_Q", "PACKAGE BODY")] = [(1, 1, "PLS-00103: stale", "ERROR")]
    result = _run(released, db)
    assert "erp:CONEFI.trigger.TRG_Q is left DISABLED: on its path CONEFI.PKG_Q (PACKAGE BODY) INVALID" \
        in result.error
    assert db.trigger_status[("CONEFI", "TRG_Q")] == "DISABLED"
    assert "ALTER PACKAGE CONEFI.PKG_Q COMPILE BODY" in db.statements  # it was given a chance


def test_a_changed_enabled_trigger_is_replaced_enabled_never_disabled(released: Project) -> None:
    db = _deployed_at_0002(released)
    write(released, "erp/trigger_owner/trigger/TRG_Q.sql.j2",
          (Path(released.templates_dir) / "erp/trigger_owner/trigger/TRG_Q.sql.j2").read_text()
          .replace("p_evento(:new.INTRE_ID)", "p_evento(:new.INTRE_ID + 0)"))
    assert write_revision(released, "Trigger tweak", rev_id="0003_cccccc") is not None
    result = _run(released, db)
    assert result.ok, result.error
    triggers = [t for t in db.statements if t.startswith("CREATE OR REPLACE TRIGGER")]
    assert len(triggers) == 1 and "DISABLE" not in triggers[0] and "INTRE_ID + 0" in triggers[0]
    assert not any("DISABLE" in t for t in db.statements if t.startswith("ALTER TRIGGER"))


# --------------------------------------------------------------------------- the protocol, unit level


def _unit(type_: str, text: str) -> Replacement:
    oid = ObjectId("erp", "CONEFI", type_, "PKG_X")
    lines = tuple(SourceLine(f"erp/conefi/{type_}/PKG_X.sql.j2", i + 3) for i in range(text.count("\n") + 1))
    return Replacement(RenderedObject(oid, f"erp/conefi/{type_}/PKG_X.sql.j2", text + "\n/\n",
                                      line_map=lines), text, 1)


class Session:
    """Scripted answers: what each dictionary read returns, what each DDL does to ALL_ERRORS."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.ddl: dict[str, str] = {}  # GET_DDL type -> text
        self.status: dict[str, str] = {}  # ALL_OBJECTS type -> status
        self.fails: dict[str, str] = {}  # needle in a DDL -> ALL_OBJECTS type it leaves INVALID
        self.errors: tuple[ErrorRow, ...] = ()
        self.raises: dict[str, str] = {}  # needle in a DDL -> the ORA- error it raises...
        self.times: dict[str, int] = {}  # ...this many times (1 unless said)
        self.stays_invalid = False  # a re-created old text no longer compiles
        self.invalidates: dict[str, str] = {}  # needle in a DDL -> ALL_OBJECTS type it invalidates
        self.heals: dict[str, str] = {}  # needle in a DDL -> ALL_OBJECTS type it makes VALID again
        self.slept: list[float] = []
        self.unreadable = False  # GET_DDL raises ORA-31603 (another schema, no SELECT_CATALOG_ROLE)
        self.trigger: str | None = None  # ALL_TRIGGERS.STATUS
        self.view_text: str | None = None  # ALL_VIEWS.TEXT
        self.view_columns: tuple[str, ...] = ()  # ALL_TAB_COLUMNS.COLUMN_NAME by COLUMN_ID

    # what re-creating a captured text makes VALID again
    RESTORES: ClassVar[dict[str, str]] = {"OLD SPEC": "PACKAGE", "OLD BODY": "PACKAGE BODY",
                                          "OLD VIEW": "VIEW", "OLD TRIGGER": "TRIGGER"}
    METADATA: ClassVar[dict[str, str]] = {"PACKAGE": "PACKAGE_SPEC", "PACKAGE BODY": "PACKAGE_BODY"}

    def execute(self, text: str) -> str | None:
        if text.startswith("BEGIN SYS.DBMS_METADATA.SET_TRANSFORM_PARAM"):
            self.log.append("<transform reset>")
            return None
        for needle, message in self.raises.items():
            if needle in text:
                self.raises[needle] = message if self.times.get(needle, 1) > 1 else ""
                self.times[needle] = self.times.get(needle, 1) - 1
                if message:
                    self.log.append(f"<{message}> {text}")
                    raise ProtectedFailed(message)
        self.log.append(text)
        self.errors = ()
        if text in self.RESTORES and not self.stays_invalid:
            self.status[self.RESTORES[text]] = "VALID"
        for needle, kind in self.invalidates.items():
            if needle in text:
                self.status[kind] = "INVALID"
        for needle, kind in self.heals.items():
            if needle in text:
                self.status[kind] = "VALID"
        for needle, kind in self.fails.items():
            if needle in text:
                self.status[kind] = "INVALID"
                self.errors = (ErrorRow(2, 3, "PLS-00302: component 'P_NOVO' must be declared"),)
                return None
        return None

    def query(self, sql: str, **binds: Any) -> list[tuple[Any, ...]]:
        self.log.append(sql.split(" FROM ")[0] + " " + str(binds.get("type", "")))
        if "ALL_TRIGGERS" in sql:
            return [(self.trigger,)]
        if "ALL_VIEWS" in sql:
            return [(self.view_text,)] if self.view_text is not None else []
        if "ALL_TAB_COLUMNS" in sql:
            return [(c,) for c in self.view_columns]
        if "GET_DDL" in sql and self.unreadable:
            raise RuntimeError("ORA-31603: object \"PKG_X\" of type VIEW not found in schema \"CONEFI\"")
        if "GET_DDL" in sql:
            return [(self.ddl[binds["type"]],)] if binds["type"] in self.ddl else []
        if "ALL_OBJECTS" in sql:
            kind = binds["type"]
            exists = self.METADATA.get(kind, kind) in self.ddl
            return [(self.status.get(kind) or ("VALID" if exists else None),)]
        return []

    def runner(self) -> ProtectedReplace:
        return ProtectedReplace(self.execute, self.query, lambda unit: self.errors, sleep=self.slept.append)


def test_a_spec_the_deployed_body_does_not_compile_against_waits_for_the_body_step() -> None:
    """Spec then body; a failed body restores the specification first, then the body."""
    spec = _unit("package", "CREATE OR REPLACE PACKAGE CONEFI.PKG_X AS\n  PROCEDURE p_novo;\nEND;")
    body = _unit("package_body", "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS\n  bad;\nEND;")
    s = Session()
    s.ddl = {"PACKAGE_SPEC": "OLD SPEC", "PACKAGE_BODY": "OLD BODY"}
    s.status = {"PACKAGE": "VALID", "PACKAGE BODY": "VALID"}
    s.fails = {"COMPILE BODY": "PACKAGE BODY"}  # the deployed body needs the old specification
    notes = s.runner().run(Protection("spec", (spec,)))
    assert notes == ("erp:CONEFI.package.PKG_X: the deployed body needs the previous specification; "
                     "both are replaced at the body step",)
    assert [t for t in s.log if not t.startswith(("SELECT", "<"))] == [
        spec.ddl, "ALTER PACKAGE CONEFI.PKG_X COMPILE BODY", "OLD SPEC",
        "ALTER PACKAGE CONEFI.PKG_X COMPILE BODY"]
    with pytest.raises(ProtectedFailed, match="this run does not replace it"):
        s.runner().run(Protection("spec", (spec,), body_follows=False))
    # the body step: both replaced; the body fails: specification, then body, restored
    s = Session()
    s.ddl = {"PACKAGE_SPEC": "OLD SPEC", "PACKAGE_BODY": "OLD BODY"}
    s.fails = {"bad;": "PACKAGE BODY"}
    with pytest.raises(ProtectedFailed) as info:
        s.runner().run(Protection("pair", (spec, body)))
    assert info.value.message == (
        "compile error: erp:CONEFI.package_body.PKG_X 2:3 PLS-00302: component 'P_NOVO' must be declared "
        "(template erp/conefi/package_body/PKG_X.sql.j2:4); the previous version was re-created, "
        "with its previous specification")
    ddl = [t for t in s.log if not t.startswith(("SELECT", "<"))]
    assert ddl == [spec.ddl, body.ddl, "OLD SPEC", "OLD BODY"]
    capture = [i for i, t in enumerate(s.log) if t.startswith("SELECT SYS.DBMS_METADATA.GET_DDL")]
    assert len(capture) == 2 and max(capture) < s.log.index(spec.ddl)  # both captured before any replace


def test_a_new_unit_that_does_not_compile_is_dropped() -> None:
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT nope FROM dual")
    s = Session()
    s.fails = {"nope": "VIEW"}
    with pytest.raises(ProtectedFailed, match=r"dropped \(it did not exist before\)"):
        s.runner().run(Protection("unit", (view,)))
    assert s.log[-1] == "DROP VIEW CONEFI.PKG_X"


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(("ddl", "disabled"), [
    ("CREATE TRIGGER T\nAFTER INSERT ON X\nFOR EACH ROW\nBEGIN\n  NULL;\nEND;",
     "CREATE TRIGGER T\nAFTER INSERT ON X\nFOR EACH ROW DISABLE\nBEGIN\n  NULL;\nEND;"),
    ("CREATE TRIGGER T AFTER INSERT ON X FOR EACH ROW -- note\nWHEN (NEW.A > 0)\nDECLARE\n  v NUMBER;\n"
     "BEGIN\n  NULL;\nEND;",
     "CREATE TRIGGER T AFTER INSERT ON X FOR EACH ROW DISABLE -- note\nWHEN (NEW.A > 0)\nDECLARE\n"
     "  v NUMBER;\nBEGIN\n  NULL;\nEND;"),
    ("CREATE TRIGGER T AFTER INSERT ON X ENABLE BEGIN NULL; END;",
     "CREATE TRIGGER T AFTER INSERT ON X DISABLE BEGIN NULL; END;"),
    ("CREATE TRIGGER T FOR INSERT ON X COMPOUND TRIGGER\n  AFTER EACH ROW IS BEGIN NULL; END AFTER EACH "
     "ROW;\nEND;",
     "CREATE TRIGGER T FOR INSERT ON X DISABLE COMPOUND TRIGGER\n  AFTER EACH ROW IS BEGIN NULL; END AFTER "
     "EACH ROW;\nEND;"),
])
def test_with_disable_puts_disable_before_when_and_the_body_on_the_same_line(ddl: str, disabled: str) -> None:
    assert with_disable(ddl) == disabled
    assert with_disable(ddl).count("\n") == ddl.count("\n")  # error lines keep their template line


def test_with_disable_needs_a_body() -> None:
    with pytest.raises(RenderError, match="no trigger body"):
        with_disable("CREATE TRIGGER T AFTER INSERT ON X")


def test_same_source_compares_all_but_the_header_line() -> None:
    ddl = "CREATE OR REPLACE PACKAGE CONEFI.P AS\n  c CONSTANT NUMBER := 1;\nEND;"
    stored = ['PACKAGE "CONEFI"."P" AS\n', "  c CONSTANT NUMBER := 1;\n", "END;"]
    assert same_source(stored, ddl)
    assert not same_source([*stored[:1], "  c CONSTANT NUMBER := 2;\n", "END;"], ddl)
    assert not same_source([], ddl)


def test_the_release_script_protects_the_trigger_path_only(released: Project) -> None:
    """`upgrade --sql` has no revision store: the capture and restore are inside the script."""
    script = sql_script(released, released.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    units = split(script)
    assert all(u.terminated for u in units)
    blocks = [u.text for u in units if "trigger-path protection" in u.text]
    firsts = [b.split("v_new_1 := TO_CLOB('")[1].split("\n")[0] for b in blocks]
    assert firsts == ["CREATE OR REPLACE PACKAGE CONEFI.PKG_Q AS",
                      "CREATE OR REPLACE PACKAGE CONEFI.PKG_Q AS",  # the body step carries its spec
                      "CREATE OR REPLACE TRIGGER CONEFI.TRG_Q"]
    assert "captured('PACKAGE_BODY', 'CONEFI', 'PKG_Q')" in blocks[1]
    assert not any("J_Q" in b or "CREATE TABLE" in b for b in blocks)  # the job and table: as before
    # a failed body re-creates the specification first, then the body
    failure = blocks[1][blocks[1].index("  v_error := first_error(2"):]
    assert failure.index("restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_Q', 'CONEFI', 'PKG_Q', 'PACKAGE',") < \
        failure.index("restore(v_old_2, 'DROP PACKAGE BODY CONEFI.PKG_Q', 'CONEFI', 'PKG_Q', 'PACKAGE BODY',")


def test_only_a_header_line_holding_just_the_name_lets_the_rest_be_compared() -> None:
    """Oracle rewrites the header line in ALL_SOURCE: a change there (AUTHID, a WHEN on that
    line) could not be seen, so such a unit is always replaced."""
    stored = ['PACKAGE "CONEFI"."P" AUTHID CURRENT_USER AS\n', "END;"]
    assert same_source(stored, "CREATE OR REPLACE PACKAGE CONEFI.P AS\nEND;")
    assert not same_source(stored, "CREATE OR REPLACE PACKAGE CONEFI.P AUTHID DEFINER AS\nEND;")


def test_a_replace_of_an_unchanged_path_unit_is_skipped_and_said_in_the_outcome(released: Project) -> None:
    """Re-applying releases to a database that already runs their code (a lost version row):
    the protection compares the text with ALL_SOURCE, replaces nothing, and the run says so."""
    db = _deployed_at_0002(released)
    db.version = {}
    result = _run(released, db)
    assert result.ok, result.error
    notes = [n for o in result.outcomes for op in o.ops for n in op.notes]
    assert "erp:CONEFI.trigger.TRG_Q: unchanged and enabled, not touched" in notes
    assert any(n.endswith("PKG_Q: unchanged, not replaced") for n in notes), notes
    assert not any(t.startswith("CREATE OR REPLACE TRIGGER") for t in db.statements)


# --------------------------------------------------------------------------- review defects


def test_an_existing_unit_whose_definition_cannot_be_captured_is_not_replaced() -> None:
    """ORA-31603 also means "not allowed to read it": existence comes from ALL_OBJECTS, and an
    existing unit that cannot be captured stops the step before the replace (a failed compile
    would otherwise drop it)."""
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT 1 x FROM dual")
    s = Session()
    s.status = {"VIEW": "VALID"}
    s.unreadable = True
    with pytest.raises(ProtectedFailed, match=r"exists but its definition cannot be captured \(ORA-31603"):
        s.runner().run(Protection("unit", (view,)))
    assert view.ddl not in s.log and not any(t.startswith("DROP") for t in s.log)


def test_the_capture_resets_the_session_transform_parameters_first() -> None:
    """A login.sql setting SQLTERMINATOR would make the captured text end in '/' or ';'."""
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT 1 x FROM dual")
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW"}
    s.runner().run(Protection("unit", (view,)))
    get_ddl = next(i for i, t in enumerate(s.log) if t.startswith("SELECT SYS.DBMS_METADATA.GET_DDL"))
    assert s.log.index("<transform reset>") < get_ddl


def test_a_restore_that_no_longer_compiles_says_the_path_is_left_invalid() -> None:
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT nope FROM dual")
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW"}
    s.fails = {"nope": "VIEW"}
    s.stays_invalid = True  # something the old view reads changed earlier in this run
    with pytest.raises(ProtectedFailed, match="PKG_X: path left INVALID: the previous version was re-created "
                                              "but is INVALID"):
        s.runner().run(Protection("unit", (view,)))
    assert s.log.count("OLD VIEW") == 1


@pytest.mark.parametrize(("busy_times", "restored"), [(2, True), (4, False)])
def test_a_busy_restore_is_retried_then_fails_with_its_own_error(busy_times: int, restored: bool) -> None:
    body = _unit("package_body", "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS\n  bad;\nEND;")
    s = Session()
    s.ddl = {"PACKAGE_BODY": "OLD BODY"}
    s.fails = {"bad;": "PACKAGE BODY"}
    s.raises = {"OLD BODY": "ORA-04021: timeout occurred while waiting to lock object CONEFI.PKG_X"}
    s.times = {"OLD BODY": busy_times}
    with pytest.raises(ProtectedFailed) as info:
        s.runner().run(Protection("unit", (body,)))
    if restored:
        assert info.value.message.endswith("the previous version was re-created")
        assert s.slept == [5, 5] and s.status["PACKAGE BODY"] == "VALID"
    else:
        assert "could not be restored, busy after 4 tries (ORA-04021" in info.value.message
        assert s.slept == [5, 5, 5] and s.status["PACKAGE BODY"] == "INVALID"


def _trigger_unit() -> tuple[Replacement, str]:
    ddl = "CREATE OR REPLACE TRIGGER CONEFI.PKG_X\nAFTER INSERT ON X\nFOR EACH ROW\nBEGIN\n  bad;\nEND;"
    return _unit("trigger", ddl), with_disable(ddl)


def test_a_disabled_trigger_is_captured_and_restored_and_never_enabled() -> None:
    """A DBA's DISABLED trigger: a failed compile re-creates it (it is not dropped), a good one is
    replaced DISABLED; the deploy never enables it."""
    trigger, disabled = _trigger_unit()
    old = "CREATE OR REPLACE TRIGGER CONEFI.PKG_X\nAFTER INSERT ON X\nFOR EACH ROW\nBEGIN\n  NULL;\nEND;"
    s = Session()
    s.trigger = "DISABLED"
    s.ddl = {"TRIGGER": old}
    s.fails = {"bad;": "TRIGGER"}
    s.heals = {"NULL;": "TRIGGER"}
    with pytest.raises(ProtectedFailed, match="the previous version was re-created"):
        s.runner().run(Protection("trigger", (trigger,), (), disabled))
    # re-created DISABLED: GET_DDL's CREATE would enable it (the status is its cut-off ALTER)
    assert [t for t in s.log if not t.startswith(("SELECT", "<"))] == [disabled, with_disable(old)]
    s = Session()
    s.trigger = "DISABLED"
    s.ddl = {"TRIGGER": old}
    notes = s.runner().run(Protection("trigger", (trigger,), (), disabled))
    assert [t for t in s.log if not t.startswith(("SELECT", "<"))] == [disabled]
    assert notes == ("erp:CONEFI.trigger.PKG_X: found DISABLED, replaced and kept DISABLED "
                     "(enable it with ALTER TRIGGER CONEFI.PKG_X ENABLE)",)


def test_a_disabled_trigger_stays_disabled_on_a_redeploy(released: Project) -> None:
    db = _deployed_at_0002(released)
    db.trigger_status[("CONEFI", "TRG_Q")] = "DISABLED"  # a DBA stopped it
    db.version = {}
    result = _run(released, db)
    assert result.ok, result.error
    notes = [n for o in result.outcomes for op in o.ops for n in op.notes]
    assert "erp:CONEFI.trigger.TRG_Q: unchanged and DISABLED, kept DISABLED" in notes
    assert db.trigger_status[("CONEFI", "TRG_Q")] == "DISABLED"
    assert not any(t.startswith("CREATE OR REPLACE TRIGGER") for t in db.statements)
    # as a first deploy that stopped leaves it (created DISABLE): unchanged too, not replaced again
    trigger = next(o for o in render_target(released, released.target("example")).objects
                   if o.id.type == "trigger")
    db.ddl[("CONEFI", "TRG_Q", "TRIGGER")] = with_disable(trigger.text.rstrip("\n").removesuffix("\n/"))
    db.statements.clear()
    assert _run(released, db).ok
    assert not any(t.startswith("CREATE OR REPLACE TRIGGER") for t in db.statements)


def test_same_source_trims_the_same_characters_on_both_sides() -> None:
    ddl = "CREATE OR REPLACE PACKAGE CONEFI.P AS  \n  c CONSTANT NUMBER := 1;   \nEND;"
    assert same_source(['PACKAGE "CONEFI"."P" AS\n', "  c CONSTANT NUMBER := 1;\r\n", "END;"], ddl)
    # a trailing tab is kept on both sides (the PL/SQL RTRIM trims CR, LF and spaces only)
    assert not same_source(['PACKAGE "CONEFI"."P" AS\n', "  c CONSTANT NUMBER := 1;\n", "END;"],
                           ddl.replace(";   \n", ";\t\n"))


def test_the_script_block_captures_safely(released: Project) -> None:
    """The script's capture: existence from ALL_OBJECTS, transform parameters reset, any GET_DDL
    error on an existing unit stops the step; the new text's lines are right-trimmed like ALL_SOURCE's;
    a restore is retried while busy and verified VALID."""
    script = sql_script(released, released.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    block = next(u.text for u in split(script) if "trigger-path protection" in u.text)
    exists = block.index("SELECT COUNT(*) INTO v_exists FROM all_objects")
    reset = block.index("SYS.DBMS_METADATA.SET_TRANSFORM_PARAM("
                        "SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT')")
    assert exists < reset < block.index("v_ddl := SYS.DBMS_METADATA.GET_DDL")
    assert "EXCEPTION_INIT(e_missing" not in block and "RAISE_APPLICATION_ERROR(-20010" in block
    assert "RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));" in block
    assert "v_out := v_out || RTRIM(" in block
    assert "PRAGMA EXCEPTION_INIT(e_pinned, -4021)" in block and "SYS.DBMS_SESSION.SLEEP(5)" in block
    assert "'path left INVALID: the previous version was re-created but is '" in block


def test_the_script_block_keeps_a_disabled_trigger_disabled(released: Project) -> None:
    script = sql_script(released, released.target("example"), "upgrade", "base:head", ("erp",), PlanOptions())
    block = next(u.text for u in split(script) if "v_new_1 := TO_CLOB('CREATE OR REPLACE TRIGGER" in u.text)
    start, end = block.index("  ELSIF v_status IS NOT NULL THEN"), block.index("  ELSE\n    run(v_disabled);")
    disabled = block[start:end]
    assert "v_old_1 := captured('TRIGGER', 'CONEFI', 'TRG_Q');" in disabled
    assert "run(v_disabled);" in disabled and "run(v_new_1)" not in disabled
    assert "restore(v_old_1, 'DROP TRIGGER CONEFI.TRG_Q', 'CONEFI', 'TRG_Q', 'TRIGGER'," in disabled
    assert "EXECUTE IMMEDIATE 'ALTER TRIGGER CONEFI.TRG_Q DISABLE';" in disabled
    assert "OR same_source('CONEFI', 'TRG_Q', 'TRIGGER', v_disabled) THEN" in disabled
    assert disabled.rstrip().endswith("RETURN;")  # never reaches the enabling replace


def test_a_replacement_that_breaks_an_unreplaced_unit_on_the_path_is_undone() -> None:
    """A changed view (or specification) invalidates the bodies reading it: one of them this run
    does not replace must still compile, else the view is restored and the step fails — and when
    even the restore leaves it INVALID, the error says the path is left INVALID."""
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT 1 renamed FROM dual")
    reader = ObjectId("erp", "CONEFI", "package_body", "PKG_READER")
    for heals, expected in ((True, "erp:CONEFI.view.PKG_X: on the trigger path CONEFI.PKG_READER "
                                   "(PACKAGE BODY) no longer compile(s) against it; the previous "
                                   "version was re-created"),
                            (False, "erp:CONEFI.view.PKG_X: path left INVALID: on the trigger path")):
        s = Session()
        s.ddl = {"VIEW": "OLD VIEW", "PACKAGE_BODY": "its text"}
        s.status = {"PACKAGE BODY": "VALID"}
        s.invalidates = {"renamed": "PACKAGE BODY"}
        s.heals = {"OLD VIEW": "PACKAGE BODY"} if heals else {}
        with pytest.raises(ProtectedFailed) as info:
            s.runner().run(Protection("unit", (view,), dependents=(reader,)))
        assert info.value.message.startswith(expected)
        ddl = [t for t in s.log if not t.startswith(("SELECT", "<"))]
        assert ddl[:3] == [view.ddl, "ALTER PACKAGE CONEFI.PKG_READER COMPILE BODY", "OLD VIEW"]


def test_a_unit_invalid_before_the_step_is_not_blamed_on_it() -> None:
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT 1 x FROM dual")
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW"}
    s.status = {"PACKAGE BODY": "INVALID"}  # stale before this release: not this step's doing
    s.runner().run(Protection("unit", (view,), dependents=(ObjectId("erp", "CONEFI", "package_body", "P"),)))
    assert "OLD VIEW" not in s.log


def test_the_script_checks_what_a_step_may_break_on_the_path() -> None:
    """In the script every path object is replaced in render (dependency) order: a step checks
    the path objects deployed before it; online, also those the run does not replace."""
    def obj(type_: str, name: str, text: str) -> RenderedObject:
        return RenderedObject(ObjectId("erp", "CONEFI", type_, name), f"erp/conefi/{type_}/{name}.sql.j2",
                              text + "\n/\n")
    view = obj("view", "V_A", "CREATE OR REPLACE VIEW CONEFI.V_A AS\nSELECT 1 x FROM dual")
    spec = obj("package", "P", "CREATE OR REPLACE PACKAGE CONEFI.P AS\n  c NUMBER;\nEND;")
    body = obj("package_body", "P", "CREATE OR REPLACE PACKAGE BODY CONEFI.P AS\nEND;")
    path = TriggerPath((view, spec, body))
    protections = {o.id.type: next(s.protection for s in object_steps(o, path) if s.protection)
                   for o in (view, spec, body)}
    assert protections["view"].dependents == ()
    assert protections["package"].dependents == (view.id,)
    assert protections["package_body"].dependents == (view.id,)
    online = next(s.protection for s in object_steps(view, path, frozenset({view.id})) if s.protection)
    assert online is not None and online.dependents == (spec.id, body.id)  # not replaced by this run
    block = next(s.text for s in object_steps(view, path, frozenset({view.id})) if s.protection)
    assert "    recheck('CONEFI', 'P', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.P COMPILE BODY');" in block
    guard = block[block.index("  v_error := broken_dependents(v_before);"):]
    restore = guard.index("restore(v_old_1, 'DROP VIEW CONEFI.V_A'")
    assert restore < guard.index("RAISE_APPLICATION_ERROR(-20013")


@pytest.mark.parametrize(("user", "sees_all", "problems"), [
    ("SYSTEM", True, ["CONEFI.PKG_Q (PACKAGE BODY) missing"]),  # a DBA sees all: absent is missing
    ("SGU", False, []),  # the owner's session: CONEFI's section deployed and swept it
])
def test_online_path_check_takes_an_invisible_object_for_missing_only_in_a_dba_session(
        user: str, sees_all: bool, problems: list[str]) -> None:
    def query(sql: str, **_binds: Any) -> list[tuple[Any, ...]]:
        return [(user,)] if sql == SESSION_USER_SQL else [(None,)]  # nothing found in ALL_OBJECTS

    runner = ProtectedReplace(lambda _text: None, query, lambda _unit: ())
    oid = ObjectId("erp", "CONEFI", "package_body", "PKG_Q")
    assert runner._path_problems((oid,), sees_all) == problems
    assert bool(runner.notes) is not sees_all


# --------------------------------------------------------------------------- the run-level undo


def _view_then_body(
        heals: bool) -> tuple[Session, Replacement, Replacement, pytest.ExceptionInfo[ProtectedFailed]]:
    """Step 1 replaces a view, which breaks the deployed body a later step replaces; that later
    step's new body does not compile, and its previous text no longer compiles against the new view."""
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT 1 renamed FROM dual")
    body = _unit("package_body", "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS\n  bad;\nEND;")
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW", "PACKAGE_BODY": "OLD BODY"}
    s.status = {"VIEW": "VALID", "PACKAGE BODY": "VALID"}
    s.invalidates = {"renamed": "PACKAGE BODY"}  # the deployed body reads a column the view renames
    s.fails = {"bad;": "PACKAGE BODY"}
    s.stays_invalid = True  # the old body re-created against the new view: INVALID
    s.heals = {"COMPILE BODY": "PACKAGE BODY"} if heals else {}  # ...VALID again once the old view is back
    undo: dict[ObjectId, str] = {}  # the run's captures, shared by its steps (the applier's, per session)
    ProtectedReplace(s.execute, s.query, lambda unit: s.errors, undo=undo).run(
        Protection("unit", (view,), undo=(body.id,)))
    assert undo == {view.id: "OLD VIEW"}
    with pytest.raises(ProtectedFailed) as info:
        ProtectedReplace(s.execute, s.query, lambda unit: s.errors, undo=undo).run(
            Protection("unit", (body,), undo=(view.id,)))
    return s, view, body, info


def test_a_later_step_whose_restore_is_invalid_undoes_the_runs_earlier_steps() -> None:
    """Cross-step: the path is never left INVALID — the earlier view is re-created from its first
    capture, then the undone view and the failed body are recompiled in dependency order."""
    s, view, body, info = _view_then_body(heals=True)
    ddl = [t for t in s.log if not t.startswith(("SELECT", "<"))]
    assert ddl == [view.ddl, body.ddl, "OLD BODY", "OLD VIEW", "ALTER PACKAGE CONEFI.PKG_X COMPILE BODY"]
    assert info.value.message.startswith("compile error: erp:CONEFI.package_body.PKG_X 2:3 PLS-00302")
    assert info.value.message.endswith(
        "the previous version was re-created; this run's earlier steps undone, their previous versions "
        "re-created: CONEFI.PKG_X (VIEW)")
    assert s.status == {"VIEW": "VALID", "PACKAGE BODY": "VALID"}


def test_a_run_level_undo_that_does_not_help_says_the_path_is_left_invalid() -> None:
    s, _view, _body, info = _view_then_body(heals=False)
    assert info.value.message.startswith(
        "erp:CONEFI.package_body.PKG_X: path left INVALID: the previous version was re-created but is "
        "INVALID (what it depends on changed in this run, and undoing its earlier steps did not help)")
    assert s.log.count("OLD VIEW") == 1  # undone once


def test_a_failed_step_with_nothing_earlier_to_undo_fails_as_before() -> None:
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT nope FROM dual")
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW"}
    s.fails = {"nope": "VIEW"}
    with pytest.raises(ProtectedFailed) as info:
        s.runner().run(Protection("unit", (view,), undo=(ObjectId("erp", "CONEFI", "package_body", "B"),)))
    assert info.value.message.endswith("the previous version was re-created")  # restored VALID: no undo
    assert "ALTER PACKAGE" not in " ".join(s.log)


def test_the_script_undoes_the_runs_earlier_steps_from_its_undo_slots() -> None:
    """In a script each step is its own block: the captures live in SQL*Plus CLOB bind variables of
    the section's session (`undo_slot`), declared and emptied at the section's start."""
    def obj(type_: str, name: str, text: str) -> RenderedObject:
        return RenderedObject(ObjectId("erp", "CONEFI", type_, name), f"erp/conefi/{type_}/{name}.sql.j2",
                              text + "\n/\n")
    view = obj("view", "V_A", "CREATE OR REPLACE VIEW CONEFI.V_A AS\nSELECT 1 x FROM dual")
    func = obj("function", "F_B", "CREATE OR REPLACE FUNCTION CONEFI.F_B RETURN NUMBER IS\nBEGIN\n"
               "  RETURN 1;\nEND;")
    body = obj("procedure", "P_C", "CREATE OR REPLACE PROCEDURE CONEFI.P_C IS\nBEGIN\n  NULL;\nEND;")
    path = TriggerPath((view, func, body))
    slots = {o.id: undo_slot(o.id) for o in (view, func, body)}
    last = next(s for s in object_steps(body, path) if s.protection)
    assert last.protection is not None and last.protection.undo == (view.id, func.id)
    block = last.text
    undo = block[block.index("  FUNCTION undo_run RETURN VARCHAR2 IS"):block.index("  END undo_run;")]
    # newest first: the function, then the view; then recompiled in dependency order
    assert undo.index(f"undo(:{slots[func.id]}") < undo.index(f"undo(:{slots[view.id]}") < \
        undo.index(f"recheck(:{slots[view.id]}") < undo.index(f"recheck(:{slots[func.id]}")
    # its own text before the run is kept for a later step, once replaced (the first capture wins)
    main = block[block.index("\nBEGIN\n  v_new_1"):]
    remember = main.index(f"  IF v_old_1 IS NOT NULL AND :{slots[body.id]} IS NULL THEN")
    assert main.index("  v_error := first_error(1") < remember
    # a restore that stays INVALID undoes the run before it gives up
    restore = block[block.index("  PROCEDURE restore("):block.index("  END restore;")]
    assert restore.index("recreate(p_old") < restore.index("undo_run IS NULL") < restore.index("-20011")
    # the writer's declarations cover every slot a block of the section reads or writes
    declared = undo_declarations(s for o in (view, func, body) for s in object_steps(o, path))
    assert [d.kind for d in declared] == ["sqlplus", "plsql"]
    assert declared[0].text.splitlines() == [f"VARIABLE {slots[o.id]} CLOB" for o in (view, func, body)]
    assert f"  :{slots[view.id]} := NULL;" in declared[1].text
    assert undo_declarations(object_steps(obj("table", "T", "CREATE TABLE CONEFI.T (A NUMBER);"))) == ()


def test_the_deploy_script_declares_the_undo_slots_before_the_first_protected_step(released: Project) -> None:
    target = released.target("example")
    text = build_script(target, render_target(released, target))
    first = text.index("trigger-path protection")
    declared = re.findall(r"^VARIABLE (cdt_\w+) CLOB$", text, flags=re.M)
    assert declared and text.index(f"VARIABLE {declared[0]} CLOB") < first
    used = set(re.findall(r":(cdt_[0-9a-f]{12})\b", text))
    assert used and used <= set(declared)
    sql = sql_script(released, target, "upgrade", "base:head", ("erp",), PlanOptions())
    used = set(re.findall(r":(cdt_[0-9a-f]{12})\b", sql))
    assert used and used <= set(re.findall(r"^VARIABLE (cdt_\w+) CLOB$", sql, flags=re.M))


# --------------------------------------------------------------------------- views on the path


VIEW_DDL = "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT a,\n       b\n  FROM t"


@pytest.mark.parametrize(("stored", "columns", "ddl", "same"), [
    ("SELECT a,\n       b\n  FROM t", "A B", VIEW_DDL, True),
    ("SELECT a,  \r\n       b\n  FROM t\n", "A B", VIEW_DDL, True),  # trailing blanks, CR, final newline
    ("SELECT a,\n       b\n  FROM t", "A B", "CREATE OR REPLACE FORCE VIEW CONEFI.PKG_X AS SELECT a,\n"
     "       b\n  FROM t", True),
    ("SELECT a,\n       c\n  FROM t", "A C", VIEW_DDL, False),
    ("SELECT a,\n b\n  FROM t", "A B", VIEW_DDL, False),  # leading blanks inside the query count
    ("SELECT a,\n       b\n  FROM t", "A B", "CREATE OR REPLACE VIEW CONEFI.PKG_X (x, y) AS\nSELECT a,\n"
     "       b\n  FROM t", False),  # a column list is not in ALL_VIEWS.TEXT: never taken for unchanged
    # the deployed view had a column list the new text drops: same TEXT, other columns
    ("SELECT a,\n       b\n  FROM t", "X Y", VIEW_DDL, False),
    ("SELECT a,\n       b\n  FROM t", "A", VIEW_DDL, False),
    ("SELECT a,\n       b\n  FROM t", "", VIEW_DDL, False),  # columns not readable
    ("SELECT *\n  FROM t", "A B", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT *\n  FROM t",
     False),  # columns the text does not tell
    ("SELECT a b\n  FROM t", "B", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT a b\n  FROM t", True),
    ("SELECT a \"b\"\n  FROM t", "B", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT a \"b\"\n  FROM t",
     False),  # a quoted alias keeps its case
    (None, "A B", VIEW_DDL, False),
])
def test_same_view_compares_the_query_trimmed_like_units_and_the_columns(
        stored: str | None, columns: str, ddl: str, same: bool) -> None:
    assert same_view(stored, columns.split(), ddl) is same


def test_an_unchanged_view_is_not_replaced_online_nor_in_the_script() -> None:
    view = _unit("view", VIEW_DDL)
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW"}
    s.view_text = "SELECT a,\n       b\n  FROM t\n"
    s.view_columns = ("A", "B")
    assert s.runner().run(Protection("unit", (view,))) == ("erp:CONEFI.view.PKG_X: unchanged, not replaced",)
    assert view.ddl not in s.log
    s.view_columns = ("X", "B")  # deployed with a column list the new text no longer has
    assert s.runner().run(Protection("unit", (view,))) == ()
    assert view.ddl in s.log
    s.log.clear()
    s.view_columns = ("A", "B")
    s.view_text = "SELECT a FROM t"
    assert s.runner().run(Protection("unit", (view,))) == ()
    assert view.ddl in s.log
    block = protected_block(Protection("unit", (view,)))
    at = view_query_at(view.ddl)
    assert at is not None and view.ddl[at:].startswith("SELECT a,")
    assert (f"  IF v_old_1 IS NOT NULL AND same_view('CONEFI', 'PKG_X', v_new_1, {at + 1}, "
            "'\"A\",\"B\"') THEN") in block
    untold = _unit("view", VIEW_DDL.replace("b\n", "b + 1\n"))  # an expression without an alias
    assert "same_view(" not in protected_block(Protection("unit", (untold,))).split("END same_view;")[1]
    main = block[block.index("\nBEGIN\n  v_new_1"):]
    assert main.index("same_view(") < main.index("RETURN;") < main.index(
        "  run_view(v_new_1, 1, 'CONEFI.PKG_X (VIEW)');")


def test_a_view_oracle_refuses_is_reported_at_its_template_line() -> None:
    """Oracle refuses a CREATE OR REPLACE VIEW that does not compile and keeps the old view: the
    error is located from the driver's parse offset, as units' errors are from ALL_ERRORS."""
    view = _unit("view", "CREATE OR REPLACE VIEW CONEFI.PKG_X AS\nSELECT a,\n       nope\n  FROM t")
    s = Session()
    s.ddl = {"VIEW": "OLD VIEW"}

    def execute(text: str) -> str | None:
        if text == view.ddl:
            raise ProtectedFailed('ORA-00904: "NOPE": invalid identifier', offset=view.ddl.index("nope"))
        return s.execute(text)

    with pytest.raises(ProtectedFailed) as info:
        ProtectedReplace(execute, s.query, lambda _: (), revision="0003_c").run(Protection("unit", (view,)))
    assert info.value.message == (
        'compile error: erp:CONEFI.view.PKG_X 3:8 ORA-00904: "NOPE": invalid identifier '
        "(template erp/conefi/view/PKG_X.sql.j2:5 as of revision 0003_c); the previous version is kept")
    assert "OLD VIEW" not in s.log  # nothing to restore: Oracle kept it
    block = protected_block(Protection("unit", (view,)))
    run_view = block[block.index("  PROCEDURE run_view("):block.index("  END run_view;")]
    assert run_view.index("SYS.DBMS_SQL.PARSE(") < run_view.index("SYS.DBMS_SQL.LAST_ERROR_POSITION") < \
        run_view.index("RAISE_APPLICATION_ERROR(-20014")
    assert "|| template_line(p_unit, v_line)\n" in run_view
    assert "  PROCEDURE run_view(" not in protected_block(Protection("unit", (_unit("procedure", "x"),)))


VIEW_Q = "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\nSELECT {{ column }} AS n FROM dual\n/\n"
BODY_READING_VIEW = BODY.replace(
    "depends: erp/conefi/package/PKG_Q", "depends: erp/conefi/package/PKG_Q, erp/conefi/view/V_Q").replace(
    "{{ log_line() }}", "{{ log_line() }}\n    SELECT n INTO v FROM CONEFI.V_Q;")


def _view_the_body_reads(released: Project, db: FakeDB) -> str:
    """0003: a view V_Q the body reads, deployed on `db`; returns the view's text there."""
    write(released, "erp/conefi/view/V_Q.sql.j2", VIEW_Q.replace("{{ column }}", "1"))
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2", _body_with_macro(BODY_READING_VIEW))
    assert write_revision(released, "A view the body reads", rev_id="0003_cccccc") is not None
    assert _run(released, db).ok
    return db.ddl[("CONEFI", "V_Q", "VIEW")]


def test_online_the_run_level_undo_spans_the_operations_of_a_run(released: Project) -> None:
    """The applier keeps a run's captures per session across its operations: the body's step
    (operation 2) undoes the view operation 1 replaced when its restore stays INVALID."""
    db = FakeDB()
    old_view = _view_the_body_reads(released, db)
    write(released, "erp/conefi/view/V_Q.sql.j2", VIEW_Q.replace("{{ column }}", "2"))
    broken = _body_with_macro(BODY_READING_VIEW).replace("{{ log_line() }}",
                                                         "{{ log_line() }}\n    v_broken := 1;")
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2", broken)
    assert write_revision(released, "View changed, body broken", rev_id="0004_dddddd") is not None
    db.statements.clear()
    # every text of the body reading the view fails: the new one, and the old one against the new view
    db.broken["FROM CONEFI.V_Q"] = [(5, 5, PLS, "ERROR")]
    result = _run(released, db)
    assert "replace_object erp:CONEFI.package_body.PKG_Q: " in result.error
    assert result.error.endswith("this run's earlier steps undone, their previous versions re-created: "
                                 "CONEFI.V_Q (VIEW)")
    ddl = [s for s in db.statements if s.startswith("CREATE OR REPLACE")]
    assert [s.split(" AS")[0] for s in ddl] == [
        "CREATE OR REPLACE VIEW CONEFI.V_Q",  # operation 1: the new view
        "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Q",  # operation 2: the broken body...
        "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Q",  # ...its previous text, INVALID
        "CREATE OR REPLACE VIEW CONEFI.V_Q"]  # the undo: the view operation 1 captured
    assert ddl[-1] == old_view and "SELECT 1 AS n" in old_view


class _ViewBreaksTheBody(FakeDB):
    """The deployed body reads V_Q's column N: while the last V_Q created is the new one (no N),
    the body is INVALID (Oracle invalidates it and its recompile fails)."""

    def cursor(self) -> Any:
        views = [s for s in self.statements if s.startswith("CREATE OR REPLACE VIEW CONEFI.V_Q")]
        if views and "SELECT 2 AS m" in views[-1]:
            self.errors[("CONEFI", "PKG_Q", "PACKAGE BODY")] = [(6, 5, "PL/SQL: ORA-00904: \"N\"", "ERROR")]
        else:
            self.errors.pop(("CONEFI", "PKG_Q", "PACKAGE BODY"), None)
        return super().cursor()


def _view_renamed_then_the_body(released: Project, db: FakeDB, between: str = "") -> None:
    """0003 deploys V_Q and the body reading it; 0004 renames V_Q's column (breaking the deployed
    body), adds V_Z (off the path; its FROM fails) and changes the body to read the new column.
    `between`: a hand-written SQL operation 0004 runs after V_Q's operation."""
    write(released, "erp/conefi/view/V_Q.sql.j2", VIEW_Q.replace("{{ column }}", "1"))
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2", _body_with_macro(BODY_READING_VIEW))
    assert write_revision(released, "A view the body reads", rev_id="0003_cccccc") is not None
    assert _run(released, db).ok
    write(released, "erp/conefi/view/V_Q.sql.j2", VIEW_Q.replace("{{ column }}", "2").replace(" n ", " m "))
    write(released, "erp/conefi/view/V_Z.sql.j2", "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
          "SELECT 1 AS z FROM nowhere\n/\n")  # off the path, rendered between V_Q and the body
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2",
          _body_with_macro(BODY_READING_VIEW).replace("SELECT n INTO", "SELECT m INTO"))
    assert write_revision(released, "View renamed, a broken view, the body", rev_id="0004_dddddd") is not None
    if between:
        revision = next((released.migrations_dir / "versions").glob("0004_*.py"))
        text = revision.read_text(encoding="utf-8")
        at = text.index("\n", text.index('op.replace_object("erp/conefi/view/V_Q"')) + 1
        revision.write_text(text[:at] + f"    op.run_sql({between!r}, database='erp')\n" + text[at:],
                            encoding="utf-8")


def test_online_a_step_off_the_path_runs_before_the_path_steps_so_its_failure_changes_nothing(
        released: Project) -> None:
    """V_Z is rendered between V_Q and the body V_Q's new version breaks until its own step: it
    runs before both (`adjacent_order`), so its failure leaves the path as it was."""
    db = _ViewBreaksTheBody()
    _view_renamed_then_the_body(released, db)
    db.raise_on["FROM nowhere"] = "ORA-00942: table or view does not exist"
    db.statements.clear()
    result = _run(released, db)
    assert result.error.endswith("replace_object erp:CONEFI.view.V_Z: ORA-00942: table or view does "
                                 "not exist")
    assert not any(s.startswith("CREATE OR REPLACE VIEW CONEFI.V_Q") for s in db.statements)
    assert not any(s.startswith("CREATE OR REPLACE PACKAGE BODY") for s in db.statements)


def test_online_a_run_failing_between_the_two_steps_undoes_the_earlier_one(released: Project) -> None:
    """Operation 1 replaces V_Q, breaking the body a later operation replaces; hand-written SQL
    between them (which keeps its place) fails: the run stops before the body's step, and the view
    is undone — the path is VALID."""
    db = _ViewBreaksTheBody()
    _view_renamed_then_the_body(released, db, between="UPDATE CONEFI.NOWHERE SET X = 1;\n")
    script = sql_script(released, released.target("example"), "upgrade", "0003_cccccc:head", ("erp",),
                        PlanOptions())
    ops = re.findall(r"^PROMPT \[\d+/\d+\] (.*)\n(PROMPT note: .*\n)?", script, flags=re.M)
    assert [(op, bool(note)) for op, note in ops] == [
        ("replace_object erp:CONEFI.view.V_Q", False),
        ("run_sql erp hand-written SQL", True),  # keeps its place; the plan says what it risks
        ("replace_object erp:CONEFI.package_body.PKG_Q", False),
        ("replace_object erp:CONEFI.view.V_Z", False)]  # cannot cross the SQL back: goes after the path
    assert "PROMPT note: runs between two trigger-path steps (it could not move out)" in script
    db.raise_on["UPDATE CONEFI.NOWHERE"] = "ORA-00942: table or view does not exist"
    db.statements.clear()
    result = _run(released, db)
    assert "run_sql erp hand-written SQL: ORA-00942" in result.error
    assert result.error.endswith("CONEFI.PKG_Q (PACKAGE BODY) INVALID after the failure: this run's earlier "
                                 "steps undone, their previous versions re-created: CONEFI.V_Q (VIEW)")
    views = [s for s in db.statements if s.startswith("CREATE OR REPLACE VIEW CONEFI.V_Q")]
    assert len(views) == 2 and "SELECT 2 AS m" in views[0] and "SELECT 1 AS n" in views[1]
    assert ("CONEFI", "PKG_Q", "PACKAGE BODY") not in db.errors  # VALID again: the ERP inserts work
    assert not any(s.startswith("CREATE OR REPLACE PACKAGE BODY") for s in db.statements)  # never reached


def _view_then_broken_body_in_two_revisions(released: Project, db: FakeDB) -> str:
    """0003 deploys a view the body reads; 0004 changes the view (stamped); 0005 breaks the body.
    Returns the view's text before 0004."""
    old_view = _view_the_body_reads(released, db)
    write(released, "erp/conefi/view/V_Q.sql.j2", VIEW_Q.replace("{{ column }}", "2"))
    assert write_revision(released, "View changed", rev_id="0004_dddddd") is not None
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2", _body_with_macro(BODY_READING_VIEW).replace(
        "{{ log_line() }}", "{{ log_line() }}\n    v_broken := 1;"))
    assert write_revision(released, "Body broken", rev_id="0005_eeeeee") is not None
    return old_view


def test_online_the_run_level_undo_never_reaches_into_a_stamped_revision(released: Project) -> None:
    """Review D2: the captures are scoped to one revision. 0004 (the view) is stamped before
    0005 (the body) fails: the undo must not re-create the view's text from before 0004, or
    the database would claim 0004 while holding 0003's view (and the next run would skip it)."""
    db = FakeDB()
    old_view = _view_then_broken_body_in_two_revisions(released, db)
    db.statements.clear()
    db.broken["FROM CONEFI.V_Q"] = [(5, 5, PLS, "ERROR")]
    result = _run(released, db)
    assert "replace_object erp:CONEFI.package_body.PKG_Q: " in result.error
    assert "earlier steps undone" not in result.error and "path left INVALID" in result.error
    views = [s for s in db.statements if s.startswith("CREATE OR REPLACE VIEW CONEFI.V_Q")]
    assert len(views) == 1 and views[0] != old_view  # 0004's view stays, as its stamp says
    assert db.version["erp"] == "0004_dddddd"


def test_the_release_script_empties_the_undo_slots_after_each_stamp(released: Project) -> None:
    """Review D2, scripts: each revision's stamp is followed by the block emptying the section's
    undo slots, so a failure in revision 2 never re-creates revision 1's previous text."""
    _view_then_broken_body_in_two_revisions(released, FakeDB())
    sql = sql_script(released, released.target("example"), "upgrade", "0003_cccccc:head", ("erp",),
                     PlanOptions())
    slot = undo_slot(ObjectId("erp", "CONEFI", "view", "V_Q"))
    stamp_0004 = sql.index("'0004_dddddd'", sql.index("MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION"))
    body_step = sql.index("CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Q", stamp_0004)
    assert f"  :{slot} := NULL;" in sql[stamp_0004:body_step]
    assert sql.index(f":{slot} := v_old_1") < stamp_0004  # the view's capture, before its stamp


def test_a_specification_defers_only_to_a_body_its_own_revision_replaces(released: Project) -> None:
    """Each revision is stamped (and may be deployed) on its own: a specification whose body
    changes only in a later revision must fit the deployed body (else it is put back and the run
    fails), so no stamp records a revision whose specification was put back."""
    write(released, "erp/conefi/package/PKG_Q.sql.j2",
          PACKAGE.replace("p_id IN NUMBER", "p_id IN NUMBER, p_x IN NUMBER := 0"))
    assert write_revision(released, "Spec only", rev_id="0003_cccccc") is not None
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2",
          _body_with_macro(BODY).replace("p_id IN NUMBER", "p_id IN NUMBER, p_x IN NUMBER := 0"))
    assert write_revision(released, "Body only", rev_id="0004_dddddd") is not None
    write(released, "erp/conefi/package/PKG_Q.sql.j2", PACKAGE.replace("p_id IN NUMBER", "p_id NUMBER"))
    write(released, "erp/conefi/package_body/PKG_Q.sql.j2",
          _body_with_macro(BODY).replace("p_id IN NUMBER", "p_id NUMBER"))
    assert write_revision(released, "Both", rev_id="0005_eeeeee") is not None
    target = released.target("example")
    with open_planner(released, target, PlanOptions()) as release:
        plan = release.planner.plan("erp", "0002_bbbbbb", "0005_eeeeee")
    specs = {rev.revision: next(s.protection for op in rev.ops for s in op.steps
                                if s.protection is not None and s.protection.kind in ("spec", "pair"))
             for rev in plan.revisions}
    assert specs["0003_cccccc"].kind == "spec" and not specs["0003_cccccc"].body_follows
    assert specs["0005_eeeeee"].kind == "spec" and specs["0005_eeeeee"].body_follows
