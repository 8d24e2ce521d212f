"""The semantic layer's symbol table and checks, on small units (lint/semantic.py)."""

from __future__ import annotations

from conefi_dbtool.lint.semantic import (
    Check,
    Context,
    Issue,
    Signature,
    UnitSymbols,
    check,
    program_of,
    unit_symbols,
)
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.splitter import split_script

SPEC = """CREATE OR REPLACE PACKAGE CONEFI.PKG_T AS
  c_max CONSTANT NUMBER := 3;
  FUNCTION f(p_a NUMBER, p_b NUMBER DEFAULT 2) RETURN NUMBER;
  PROCEDURE run;
END PKG_T;
/
"""


def _symbols(script: str) -> list[UnitSymbols]:
    return [unit_symbols(u.text, parse(u.text).tree)
            for u in split_script(script).units if u.kind != "sqlplus"]


def _issues(script: str, *, complete: bool = False) -> list[Issue]:
    units = _symbols(script)
    program = program_of(units)
    return [i for u in units for i in check(u, Context(program, complete=complete))]


def _body(code: str, declarations: str = "") -> str:
    return SPEC + f"""CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_T AS
  FUNCTION f(p_a NUMBER, p_b NUMBER DEFAULT 2) RETURN NUMBER IS BEGIN RETURN p_a; END f;
  PROCEDURE run IS
    v NUMBER;
    {declarations}
  BEGIN
    {code}
  END run;
END PKG_T;
/
"""


def test_symbols_of_a_spec_give_parameters_and_defaults() -> None:
    (spec,) = _symbols(SPEC)[0].specs
    assert spec.name == "PKG_T"
    assert spec.members == {"C_MAX", "F", "RUN"}
    assert spec.subprograms[0] == Signature("F", (("P_A", False), ("P_B", True)), 3, 3,
                                            ("P_A IN NUMBER", "P_B IN NUMBER", "RETURN NUMBER"),
                                            defaults=("", "2"),
                                            param_at=((3, 14), (3, 26)),
                                            function=True, modes=("IN", "IN"))


def test_argument_shapes_of_calls_are_read() -> None:
    (unit,) = _symbols("BEGIN x := pkg.f(1, g(2, 3), p_c => (4), p_d => 5); END;\n/\n")
    call = next(u for u in unit.uses if u.parts == ("PKG", "F"))
    assert (call.positional, call.named) == (2, ("P_C", "P_D"))


def test_every_check_names_its_oracle_error() -> None:
    issues = _issues(_body("v := PKG_T.c_maxx + f(); v := undeclared_x;", "v NUMBER;"),
                     complete=True)
    assert {(i.check, i.oracle_error) for i in issues} == {
        (Check.UNKNOWN_MEMBER, "PLS-00302"), (Check.WRONG_ARGUMENTS, "PLS-00306"),
        (Check.DUPLICATE, "PLS-00371"), (Check.UNRESOLVED, "PLS-00201")}
    assert all(i.message.startswith(i.oracle_error) for i in issues)


def test_unqualified_calls_of_the_package_are_matched_against_its_subprograms() -> None:
    (issue,) = _issues(_body("v := f(1, 2, 3);"))
    assert issue.check is Check.WRONG_ARGUMENTS and "F" in issue.message
    assert _issues(_body("v := f(1); v := f(p_b => 1, p_a => 2); run;")) == []


def test_a_local_shadowing_a_name_is_not_judged() -> None:
    body = _body("v := pkg_t.anything + substr.x;", "pkg_t NUMBER; substr NUMBER;")
    assert _issues(body, complete=True) == []


def test_names_in_embedded_sql_are_columns_not_identifiers() -> None:
    body = _body("SELECT col_a INTO v FROM t WHERE col_b = 1; v := CAST(v AS NUMBER);")
    assert _issues(body, complete=True) == []


def test_loop_indexes_labels_and_builtins_resolve() -> None:
    body = _body("<<outer>> FOR i IN 1 .. c_max LOOP v := i + SQLCODE + NVL(v, 0); "
                 "END LOOP outer; FOR r IN (SELECT 1 a FROM dual) LOOP v := r.a; END LOOP;")
    assert _issues(body, complete=True) == []


def test_an_unresolved_name_is_information_unless_everything_is_known() -> None:
    body = _body("v := v_outside;")
    assert [i.check for i in _issues(body)] == [Check.UNRESOLVED_OUTSIDE]
    assert [i.check for i in _issues(body, complete=True)] == [Check.UNRESOLVED]
    no_spec = body.replace(SPEC, "")
    assert [i.check for i in _issues(no_spec, complete=True)] == [Check.UNRESOLVED_OUTSIDE]


def test_a_spec_subprogram_missing_from_the_body() -> None:
    script = SPEC + """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_T AS
  FUNCTION f(p_a NUMBER) RETURN NUMBER IS BEGIN RETURN p_a; END f;
  PROCEDURE run IS BEGIN NULL; END run;
END PKG_T;
/
"""
    (issue,) = _issues(script)
    assert (issue.check, issue.line) == (Check.NO_BODY, 3)


def test_a_body_heading_that_differs_from_the_spec() -> None:
    script = SPEC + """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_T AS
  FUNCTION f(p_a VARCHAR2, p_b NUMBER := 2) RETURN NUMBER IS BEGIN RETURN 1; END f;
  PROCEDURE run IS BEGIN NULL; END run;
END PKG_T;
/
"""
    (issue,) = _issues(script)
    assert issue.check is Check.NO_BODY and "P_A IN NUMBER / P_A IN VARCHAR2" in issue.message
    assert (issue.line, issue.col) == (3, 14)  # the spec's parameter that differs


def test_into_targets_handler_exceptions_and_goto_labels_are_resolved() -> None:
    body = _body("SELECT 1 INTO v_nope FROM dual; GOTO nowhere; "
                 "EXCEPTION WHEN no_data_found OR e_nope THEN NULL;")
    assert sorted(i.message for i in _issues(body, complete=True)) == [
        "PLS-00201: identifier E_NOPE must be declared",
        "PLS-00201: identifier NOWHERE must be declared",
        "PLS-00201: identifier V_NOPE must be declared"]


def test_assigning_a_spec_constant_in_the_body() -> None:
    (issue,) = _issues(_body("c_max := 4;"))
    assert issue.check is Check.READ_ONLY and issue.line == 7  # of the body unit


def test_a_misspelt_package_name_is_an_error_only_when_everything_is_known() -> None:
    body = _body("v := PKG_TY.c_max + DBMS_OUTPT.whatever + OTHER_SCHEMA_X.f(1);")
    body = body.replace("PKG_T", "PKG_TT")  # names long enough to compare: PKG_TT, PKG_TTY
    issues = _issues(body, complete=True)
    assert [i.message for i in issues] == [
        "PLS-00201: identifier PKG_TTY must be declared (did you mean PKG_TT?)",
        "PLS-00201: identifier DBMS_OUTPT must be declared (did you mean DBMS_OUTPUT?)"]
    assert _issues(body) == []


def test_call_shapes_give_the_place_and_the_actuals() -> None:
    (unit,) = _symbols("""BEGIN
  p(1, v + 1, r.f, TRUE, x => c);
  v := f(v);
END;
/
""")
    first, second = (u for u in unit.uses if u.call and u.parts in (("P",), ("F",)))
    assert first.place == "statement" and second.place == "expression"
    assert [(a.formal, a.shape, a.name) for a in first.actuals] == [
        ("", "literal", ()), ("", "expression", ()), ("", "name", ("R", "F")),
        ("", "literal", ()), ("X", "name", ("C",))]


def test_a_local_function_called_as_a_statement_and_an_out_literal() -> None:
    issues = _issues(_body("f(1); run2(3);",
                           "PROCEDURE run2(p_o OUT NUMBER) IS BEGIN p_o := 1; END run2;"))
    assert [(i.check, i.oracle_error) for i in issues] == [
        (Check.FUNCTION_AS_STATEMENT, "PLS-00221"), (Check.OUT_NOT_VARIABLE, "PLS-00363")]


def _trigger_checks(script: str) -> list[tuple[Check, int]]:
    return [(i.check, i.line) for i in _issues(script, complete=True)]


def test_trigger_correlation_rules_follow_the_trigger_type() -> None:
    script = """CREATE OR REPLACE TRIGGER SGU.T_A
  AFTER INSERT ON SGU.INTGRA_RET_ERP
  REFERENCING NEW AS n
  FOR EACH ROW
  WHEN (n.INTRE_IND <> 'X')
BEGIN
  :n.INTRE_IND := 'Y';
  CONEFI.PKG_X.p(:NEW.INTRE_ID, n.INTRE_ID);
END;
/
"""
    assert _trigger_checks(script) == [(Check.NEW_NOT_WRITABLE, 7), (Check.BAD_BIND, 8),
                                       (Check.UNRESOLVED, 8)]
    assert all(i.message.startswith(i.oracle_error) for i in _issues(script, complete=True))


def test_triggers_whose_correlation_rules_differ_are_not_judged() -> None:
    script = """CREATE OR REPLACE TRIGGER SGU.T_C
  FOR INSERT ON SGU.INTGRA_RET_ERP COMPOUND TRIGGER
  AFTER EACH ROW IS
  BEGIN
    :NEW.INTRE_IND := 'Y';
  END AFTER EACH ROW;
END T_C;
/
CREATE OR REPLACE TRIGGER SGU.T_V
  INSTEAD OF INSERT ON SGU.V_X
BEGIN
  CONEFI.PKG_X.p(:NEW.A);
END;
/
CREATE OR REPLACE TRIGGER CONEFI.T_DDL
  AFTER CREATE ON SCHEMA
BEGIN
  CONEFI.PKG_X.p(ORA_DICT_OBJ_NAME);
END;
/
CREATE OR REPLACE TRIGGER SGU.T_U
  BEFORE UPDATE OF INTRE_IND ON SGU.INTGRA_RET_ERP
  FOR EACH ROW
  FOLLOWS SGU.T_A
DECLARE
  new SGU.INTGRA_RET_ERP%ROWTYPE;
BEGIN
  new.INTRE_IND := :OLD.INTRE_IND;
  :NEW.INTRE_IND := new.INTRE_IND;
END;
/
"""
    assert [c for c, _ in _trigger_checks(script) if c is not Check.UNRESOLVED] == []


def test_a_job_action_block_is_parsed_and_its_calls_resolved() -> None:
    script = SPEC + """BEGIN
  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'PLSQL_BLOCK',
    job_action => 'BEGIN PKG_T.runn; PKG_T.run; END;');
  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_Y', job_type => 'STORED_PROCEDURE',
    job_action => 'CONEFI.PKG_T.runx');
END;
/
"""
    assert [(i.check, i.line) for i in _issues(script)] == [
        (Check.UNKNOWN_MEMBER, 3), (Check.JOB_ACTION, 5)]


def test_scopes_are_exact_blocks_loops_and_labels() -> None:
    """A local is visible in its subprogram and the blocks nested in it, a loop index in its
    loop, a label anywhere; a sibling subprogram sees neither."""
    body = """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_T AS
  PROCEDURE a IS
    v_a NUMBER;
  BEGIN
    <<l1>>
    FOR i IN 1 .. 2 LOOP
      BEGIN
        v_a := i;
      END;
    END LOOP;
    v_a := 0;
  END a;
  PROCEDURE b IS
  BEGIN
    NULL;
  END b;
END PKG_T;
/
"""
    unit = _symbols(body)[0]
    assert unit.visible("V_A", 8, 9) and unit.visible("V_A", 11, 5)
    assert unit.visible("I", 8, 16) and not unit.visible("I", 11, 5)
    assert not unit.visible("V_A", 15, 5)
    assert unit.visible("L1", 15, 5)  # labels are not scoped (the safe side)
    assert not unit.visible("NOWHERE", 8, 9)


def test_unscoped_iteration_controls_and_type_bodies() -> None:
    """An index of an iteration control in an expression (21c) and a type body's names (its
    attributes live in the spec) are not scoped: visible everywhere, the safe side."""
    block = """DECLARE
  TYPE t_tab IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  v t_tab;
BEGIN
  v := t_tab(FOR i IN 1 .. 3 INDEX i => i);
  FOR i IN 1 .. 2 LOOP
    NULL;
  END LOOP;
END;
/
"""
    assert _symbols(block)[0].visible("I", 5, 40)
    body = """CREATE OR REPLACE TYPE BODY CONEFI.T_OBJ AS
  CONSTRUCTOR FUNCTION t_obj(self IN OUT NOCOPY t_obj, owner VARCHAR2) RETURN SELF AS RESULT IS
  BEGIN
    self.owner := owner;
    RETURN;
  END;
  MEMBER FUNCTION who RETURN VARCHAR2 IS
  BEGIN
    RETURN owner;
  END;
END;
/
"""
    assert _symbols(body)[0].visible("OWNER", 9, 12)
