"""Trigger-path protection online: a failed compile never leaves the trigger's path INVALID."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.deploy_steps import Protection, Replacement, same_source, with_disable
from conefi_dbtool.errors import RenderError
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.compile_errors import ErrorRow
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.protected import ProtectedFailed, ProtectedReplace
from conefi_dbtool.migrations.run import sql_script
from conefi_dbtool.objects import ObjectId, RenderedObject, SourceLine
from conefi_dbtool.render import render_target
from conefi_dbtool.splitter import split
from tests.helpers import make_project
from tests.migrations.test_migrations import BODY, FIRST, _body_with_macro, two_revisions, write
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

    def execute(self, text: str) -> str | None:
        self.log.append(text)
        self.errors = ()
        for needle, kind in self.fails.items():
            if needle in text:
                self.status[kind] = "INVALID"
                self.errors = (ErrorRow(2, 3, "PLS-00302: component 'P_NOVO' must be declared"),)
                return None
        return None

    def query(self, sql: str, **binds: Any) -> list[tuple[Any, ...]]:
        self.log.append(sql.split(" FROM ")[0] + " " + str(binds.get("type", "")))
        if "GET_DDL" in sql:
            return [(self.ddl[binds["type"]],)] if binds["type"] in self.ddl else []
        if "ALL_OBJECTS" in sql:
            return [(self.status.get(binds["type"]),)]
        return []

    def runner(self) -> ProtectedReplace:
        return ProtectedReplace(self.execute, self.query, lambda unit: self.errors)


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
    assert [t for t in s.log if not t.startswith("SELECT")] == [
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
    assert [t for t in s.log if not t.startswith("SELECT")] == [spec.ddl, body.ddl, "OLD SPEC", "OLD BODY"]
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
    assert failure.index("restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_Q')") < failure.index(
        "restore(v_old_2, 'DROP PACKAGE BODY CONEFI.PKG_Q')")


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
