"""Idempotent deploy steps: guarded creates, literals, compile checks."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from conefi_dbtool.config import Target, load_project, parse_project
from conefi_dbtool.deploy_steps import (
    METADATA_TYPES,
    compile_statement,
    guard_codes,
    guarded_block,
    object_steps,
    sql_literal_multiline,
    undo_slot,
)
from conefi_dbtool.identifiers import sql_literal
from conefi_dbtool.lint import semantic
from conefi_dbtool.objects import PLSQL_TYPES, ObjectId, RenderedObject
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.render import RenderResult, render_target
from conefi_dbtool.script import build_script
from conefi_dbtool.splitter import split
from conefi_dbtool.trigger_path import NO_PATH, TriggerPath, trigger_path


def test_a_body_compiles_through_its_specifications_type() -> None:
    """ALTER TYPE BODY is no Oracle statement: a type body compiles as ALTER TYPE ... COMPILE BODY."""
    def compile_of(otype: str) -> str:
        return compile_statement(ObjectId("erp", "CONEFI", otype, "X"))

    assert compile_of("type_body") == "ALTER TYPE CONEFI.X COMPILE BODY"
    assert compile_of("package_body") == "ALTER PACKAGE CONEFI.X COMPILE BODY"
    assert compile_of("package") == "ALTER PACKAGE CONEFI.X COMPILE SPECIFICATION"
    assert compile_of("view") == "ALTER VIEW CONEFI.X COMPILE"


def test_plain_literal_doubles_quotes() -> None:
    assert sql_literal_multiline("a 'b'\nc") == "'a ''b''\nc'"
    assert sql_literal_multiline("") == "''"


def test_substitution_variables_are_spliced_as_q_quotes() -> None:
    text = 'CREATE USER CONEFI IDENTIFIED BY "&&conefi_erp_password" DEFAULT TABLESPACE TS_DATA'
    lit = sql_literal_multiline(text)
    assert lit == ("'CREATE USER CONEFI IDENTIFIED BY \"' || q'\"&&conefi_erp_password\"' || "
                   "'\" DEFAULT TABLESPACE TS_DATA'")
    # after SQL*Plus substitutes a password holding a quote, the block still splits as one
    # unit and the literal is still closed where it should be
    block = guarded_block(text, (1920,), "CONEFI (CREATE USER)").replace(
        "&&conefi_erp_password", "pa'ss;/word")
    (unit,) = split(block + "\n/\n")
    assert unit.kind == "plsql" and unit.terminated
    assert "q'\"pa'ss;/word\"'" in unit.text


@pytest.mark.parametrize(
    ("statement", "codes"),
    [
        ("CREATE TABLE X (A NUMBER)", (955,)),
        ("CREATE UNIQUE INDEX I ON X (A)", (955, 1408)),
        ("CREATE USER U IDENTIFIED BY x", (1920,)),
        ("CREATE OR REPLACE VIEW V AS SELECT 1 A FROM dual", ()),
        ("GRANT SELECT ON X TO U", ()),
    ],
)
def test_guard_codes(statement: str, codes: tuple[int, ...]) -> None:
    assert guard_codes(statement) == codes


# --------------------------------------------------------------------------- trigger-path protection

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def example() -> tuple[Target, RenderResult]:
    project = load_project(ROOT / "conefi.toml")
    target = project.target("example")
    return target, render_target(project, target)


def test_the_example_trigger_path_is_the_trigger_what_it_calls_and_the_views_they_read(
        example: tuple[Target, RenderResult]) -> None:
    _, result = example
    path = trigger_path(result.objects)
    assert sorted(f"{o.type}.{o.name}" for o in path.ids) == [
        "package.PKG_CONEFI_EVENTO", "package.PKG_CONEFI_FILA", "package_body.PKG_CONEFI_EVENTO",
        "package_body.PKG_CONEFI_FILA", "trigger.T_INTGRA_RET_ERP_CONEFI",
        # the views the event package's reconciliation re-checks a title through
        "view.V_CONEFI_CAND_DES", "view.V_CONEFI_CAND_PRG", "view.V_CONEFI_MOV_EST",
        "view.V_CONEFI_MOV_PGO"]  # the daily job's packages and the job-only views are not on it
    assert [o.type for o in path.units()].count("trigger") == 0


def test_a_view_a_body_names_only_in_its_text_is_on_the_path() -> None:
    def obj(type_: str, name: str, text: str, *depends: ObjectId) -> RenderedObject:
        return RenderedObject(ObjectId("erp", "CONEFI", type_, name), f"{name}.sql.j2", text, depends=depends)

    spec = obj("package", "PKG_A", "CREATE OR REPLACE PACKAGE CONEFI.PKG_A AS\nEND;\n/\n")
    body = obj("package_body", "PKG_A", "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_A AS\n"
               "  CURSOR c IS SELECT * FROM V_READ;\nEND;\n/\n", spec.id)
    read = obj("view", "V_READ", "CREATE OR REPLACE VIEW CONEFI.V_READ AS SELECT 1 A FROM dual;\n")
    other = obj("view", "V_OTHER", "CREATE OR REPLACE VIEW CONEFI.V_OTHER AS SELECT 1 A FROM dual;\n")
    trigger = obj("trigger", "T_X", "CREATE OR REPLACE TRIGGER CONEFI.T_X AFTER INSERT ON SGU.E\n"
                  "FOR EACH ROW\nBEGIN\n  conefi.pkg_a.p;\nEND;\n/\n")
    path = trigger_path((spec, read, other, body, trigger))
    assert path.ids == (spec.id, read.id, body.id, trigger.id)  # render order kept
    assert trigger_path((spec, body, read)) == NO_PATH  # no trigger, no path


def test_the_script_protects_exactly_the_trigger_path_and_splits_back(
        example: tuple[Target, RenderResult]) -> None:
    target, result = example
    script = build_script(target, result)
    units = split(script)
    assert all(u.terminated for u in units)
    path = trigger_path(result.objects)
    blocks = [u.text for u in units if "trigger-path protection" in u.text]
    assert len(blocks) == len(path.ids) == 9
    for obj in result.objects:
        protected = [s for s in object_steps(obj, path) if s.purpose == "protected-create"]
        assert len(protected) == (1 if obj.id in path else 0), obj.id
        for step in protected:
            assert step.text in blocks  # the script runs the very block, and it splits back whole
            capture = (f"captured({sql_literal(METADATA_TYPES[obj.id.type])}, {sql_literal(obj.id.owner)}, "
                       f"{sql_literal(obj.id.name)})")
            main = step.text[step.text.index("\nBEGIN\n  v_new_1 := "):]
            replace = re.search(r"  run(?:_view)?\(v_new_", main)  # a view: run_view (its template line)
            assert replace is not None
            assert (obj.id.type == "view") == main[replace.start():].startswith("  run_view")
            assert capture in main and main.index(capture) < replace.start()  # captured before the replace
            assert "restore(v_old_" in main or obj.id.type == "trigger"
    assert not any("PKG_CONEFI_JOB" in t or "V_CONEFI_CAND_INC" in t for t in blocks)  # not on the path
    assert {o.id for o in result.objects if o.id.type in PLSQL_TYPES} - set(path.ids)  # units off the path


def test_a_protected_block_names_the_template_line_of_each_error_line(
        example: tuple[Target, RenderResult]) -> None:
    _, result = example
    trigger = next(o for o in result.objects if o.id.type == "trigger")
    (step, _check) = object_steps(trigger, trigger_path(result.objects))
    assert step.protection is not None and step.protection.kind == "trigger"
    # ALL_ERRORS counts a trigger's lines from its body: body line 1 is the template's BEGIN line
    begin = next(i for i, line in enumerate(Path(ROOT / "templates" / trigger.template).read_text()
                                            .splitlines(), start=1) if line.startswith("BEGIN"))
    when = re.search(r"WHEN p_line BETWEEN 1 AND \d+ THEN ' \(template ([^:]+):' \|\| "
                     r"\(p_line ([+-]) (\d+)\)", step.text)
    assert when is not None and when.group(1) == trigger.template
    assert 1 + (int(when.group(3)) if when.group(2) == "+" else -int(when.group(3))) == begin
    assert "FOR EACH ROW DISABLE\n" in step.text and step.text.count("FOR EACH ROW") == 2


def _sgu_path_and_trigger() -> tuple[TriggerPath, RenderedObject]:
    """The example's path and trigger with `trigger_owner = "sgu"`."""
    raw = tomllib.loads((ROOT / "conefi.toml").read_text(encoding="utf-8"))
    raw["defaults"].setdefault("integration", {})["trigger_owner"] = "sgu"
    project = parse_project(raw, config_file=ROOT / "conefi.toml")
    objects = render_target(project, project.target("example")).objects
    return trigger_path(objects), next(o for o in objects if o.id.type == "trigger")


def test_a_trigger_owned_by_sgu_has_the_same_path_and_is_protected_in_its_own_schema() -> None:
    path, trigger = _sgu_path_and_trigger()
    assert trigger.id.owner == "SGU" and trigger.id in path
    assert {o.owner for o in path.units()} == {"CONEFI"} and len(path.units()) == len(path.ids) - 1 == 8
    (step, _check) = object_steps(trigger, path)
    assert "WHERE owner = 'SGU' AND trigger_name = 'T_INTGRA_RET_ERP_CONEFI'" in step.text
    assert "check_valid('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY'" in step.text
    # SGU cannot see CONEFI's body or views in ALL_OBJECTS: its section leaves them to CONEFI's
    assert "not visible to this session, checked by its owner''s section" in step.text


@pytest.mark.parametrize("trigger_owner", ["conefi", "sgu"])
def test_every_block_a_script_runs_parses_and_names_only_what_it_declares(
        example: tuple[Target, RenderResult], trigger_owner: str) -> None:
    """The generated PL/SQL no Oracle checks here: the project's parser and semantic checks
    (an undeclared helper, a wrong argument count: PLS-00201/PLS-00306) on every block of the
    deploy script, the protected steps (capture, restore, run-level undo, views) included."""
    target, _ = example
    target = dataclasses.replace(target, integration=dataclasses.replace(
        target.integration, trigger_owner=trigger_owner))  # type: ignore[arg-type]
    project = load_project(ROOT / "conefi.toml")
    script = build_script(target, render_target(project, target))
    blocks = [u.text for u in split(script) if u.kind == "plsql"]
    assert sum("trigger-path protection" in b for b in blocks) == 9
    assert any("FUNCTION undo_run RETURN VARCHAR2 IS\n    v_left" in b for b in blocks)
    assert any("PROCEDURE run_view(" in b for b in blocks)
    for block in blocks:
        tree = parse(block)
        assert not tree.errors, block[:200]
        unit = semantic.unit_symbols(block, tree.tree)
        assert semantic.check(unit, semantic.Context(semantic.program_of([unit]))) == (), block[:200]


def _between(text: str, start: str, end: str) -> str:
    at = text.index(start)
    return text[at:text.index(end, at)]


def test_every_failing_protected_step_heals_the_section_before_it_raises(
        example: tuple[Target, RenderResult]) -> None:
    """Review D1: the view step after V_CONEFI_MOV_EST's may be refused (ORA-20014) with its own
    view kept, while the body reading MOV_EST — replaced only at a later step — is INVALID.
    Every raise of a protected block (refused view, failed compile, broken dependent) first
    recompiles the section's path units and undoes the run when one stays INVALID, keeping the
    step's own error text."""
    _, result = example
    path = trigger_path(result.objects)
    view = next(o for o in result.objects if o.id.name == "V_CONEFI_MOV_PGO")
    (step,) = [s for s in object_steps(view, path) if s.purpose == "protected-create"]
    run_view = _between(step.text, "PROCEDURE run_view(", "END run_view;")
    handler = run_view[run_view.index("WHEN OTHERS THEN"):]
    assert "heal_run(v_text)" in handler
    assert handler.index("heal_run(v_text)") > handler.index("template_line(p_unit, v_line)")
    assert "RAISE_APPLICATION_ERROR(-20014, SUBSTR(v_text || heal_run(v_text)" in handler
    failed = _between(step.text, "PROCEDURE failed(", "END failed;")
    assert "RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message)" in failed
    heal = _between(step.text, "FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS", "END heal_run;")
    assert "broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', " in heal
    assert heal.index("broken('CONEFI', 'PKG_CONEFI_EVENTO'") < heal.index("undo_run IS NOT NULL")
    # a broken dependent (-20013) heals too, keeping its own message
    body = next(o for o in result.objects if o.id.type == "package_body" and o.id in path)
    (pair,) = [s for s in object_steps(body, path) if s.purpose == "protected-create"]
    assert "RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error)" in pair.text
    # ORA-20011 from the undo names the step's error and what was undone
    undo = _between(step.text, "FUNCTION undo_run RETURN VARCHAR2 IS", "END undo_run;")
    assert "RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause ||" in undo and "(undone: ' || v_undone" in undo


def test_a_refused_views_error_line_counts_bytes(example: tuple[Target, RenderResult]) -> None:
    """LAST_ERROR_POSITION is a byte offset: SUBSTR (characters) would put the error of a view
    holding accented text on a later line."""
    _, result = example
    path = trigger_path(result.objects)
    view = next(o for o in result.objects if o.id.name == "V_CONEFI_MOV_PGO")
    (step,) = [s for s in object_steps(view, path) if s.purpose == "protected-create"]
    run_view = _between(step.text, "PROCEDURE run_view(", "END run_view;")
    assert "v_head := SUBSTRB(" in run_view and "v_head := SUBSTR(p_ddl" not in run_view


def test_a_dba_sections_sgu_trigger_undoes_every_path_unit_of_its_session() -> None:
    """Review D3: the undo goes by session, not by owner. A DBA running the SGU trigger's step
    in the session that replaced CONEFI's path units undoes them when the trigger's restore
    stays INVALID (a new spec the old trigger no longer fits); SGU's own session holds none."""
    path, trigger = _sgu_path_and_trigger()
    (dba, _check) = object_steps(trigger, path, sees_all=True)
    assert dba.protection is not None and dba.protection.undo == path.units()
    assert "undo(:" + undo_slot(ObjectId("erp", "CONEFI", "package", "PKG_CONEFI_EVENTO")) in dba.text
    (own, _check) = object_steps(trigger, path)
    assert own.protection is not None and own.protection.undo == ()


def test_a_disabled_triggers_restore_disables_it_even_when_the_restore_raises(
        example: tuple[Target, RenderResult]) -> None:
    """Review (minor): GET_DDL's text re-creates the trigger ENABLED; a restore that raises
    (ORA-20011/-20012) must still leave a DISABLED trigger DISABLED."""
    _, result = example
    path = trigger_path(result.objects)
    trigger = next(o for o in result.objects if o.id.type == "trigger")
    (step, _check) = object_steps(trigger, path)
    name = f"{trigger.id.owner}.{trigger.id.name}"
    branch = _between(step.text, "  ELSIF v_status IS NOT NULL THEN", "  ELSE\n")
    handler = _between(branch, "      EXCEPTION\n", "      END;")
    assert f"EXECUTE IMMEDIATE 'ALTER TRIGGER {name} DISABLE';" in handler and "RAISE;" in handler
    assert branch.index("restore(v_old_1") < branch.index("      EXCEPTION\n")


@pytest.mark.parametrize("golden", ["example/deploy.sql", "upgrade/example-base-head.sql"])
def test_the_goldens_run_each_sections_trigger_path_steps_next_to_each_other(golden: str) -> None:
    """No other step between two protected ones of a section or revision (`adjacent_order`): a
    script stops at its first error, and only the protected steps heal the path before they fail."""
    text = (ROOT / "tests" / "golden" / golden).read_text(encoding="utf-8")
    segments = re.split(r"^PROMPT ==== ", text, flags=re.M)
    seen = 0
    for segment in segments:
        steps = re.split(r"^PROMPT \[\d+/\d+\] ", segment, flags=re.M)[1:]
        flags = "".join("P" if "trigger-path protection" in s else "." for s in steps)
        assert re.fullmatch(r"\.*P*\.*", flags), (segment.splitlines()[0], flags)
        seen += flags.count("P")
    assert seen >= 9
