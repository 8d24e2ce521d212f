"""The lint's syntax layer: the project's parser, its findings and its facts."""

from __future__ import annotations

import pytest

from conefi_dbtool.lint import syntax
from conefi_dbtool.lint.syntax import parse_unit


def check(text: str, plsql: bool = True) -> list[tuple[str, int, int]]:
    issues, _tree = parse_unit(text, plsql=plsql)
    return [(i.rule, i.line, i.col) for i in issues]


def test_what_sqlfluff_needed_workarounds_for_parses() -> None:
    text = """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Y AS
  PROCEDURE a IS
    v VARCHAR2(100) := q'[it's]';
  BEGIN
    <<lbl>>
    FORALL i IN 1 .. v_tab.COUNT SAVE EXCEPTIONS
      INSERT INTO CONEFI.X (A) VALUES (v_tab(i).E1_NUM);
    FORALL i IN INDICES OF v_tab
      INSERT INTO CONEFI.X (A) VALUES (1);
    LOCK TABLE CONEFI.X IN EXCLUSIVE MODE;
  EXCEPTION
    WHEN OTHERS THEN
      v := SQL%BULK_EXCEPTIONS(1).ERROR_INDEX;
      RAISE;
  END a;
END PKG_Y;"""
    assert check(text) == []
    assert check("ALTER USER CONEFI QUOTA UNLIMITED ON USERS", plsql=False) == []


def test_each_error_is_reported_where_oracle_reports_it() -> None:
    text = """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Y AS
  PROCEDURE a IS
  BEGIN
    v := 1;
    IF v = 1 THEN
      v := v +* 2;
    END IF;
  END a;
  PROCEDURE b IS
  BEGIN
    UPDATE CONEFI.X SET WHERE A = 1;
  END b;
END PKG_Y;"""
    assert check(text) == [("SYN001", 6, 15), ("SYN001", 11, 25)]


def test_a_broken_declaration_is_reported_at_the_unexpected_token() -> None:
    text = """CREATE OR REPLACE PROCEDURE CONEFI.P IS
  v NUMBER(10 := 1;
BEGIN
  NULL;
END P;"""
    assert check(text) == [("SYN001", 2, 15)]


def test_plain_sql_errors() -> None:
    assert check("CREATE TABLE CONEFI.T (A NUMBER,, B NUMBER)", plsql=False) == [("SYN001", 1, 33)]
    assert check("CREATE TABLE CONEFI.T (A NUMBER, B NUMBER)", plsql=False) == []


def test_a_parser_crash_is_syn003_not_a_lint_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(syntax, "parse", boom)
    issues, tree = parse_unit("BEGIN NULL; END;", plsql=True)
    assert tree is None
    assert [(i.rule, i.line, i.col) for i in issues] == [("SYN003", 1, 1)]
    assert "RuntimeError" in issues[0].message


def test_too_deep_nesting_is_syn003() -> None:
    text = "SELECT " + "(" * 200 + "1" + ")" * 200 + " FROM dual"
    assert [rule for rule, _, _ in check(text, plsql=False)] == ["SYN003"]


def test_the_tree_facts_of_a_package_body() -> None:
    text = """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Z AS
  g_x NUMBER := 0;
  PROCEDURE a IS
  BEGIN
    SELECT E1_NUM INTO g_x FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';
  END a;
  FUNCTION b RETURN NUMBER IS
  BEGIN
    UPDATE SIGA.SE1030 t SET t.E1_SALDO = 0 WHERE t.D_E_L_E_T_ = ' ';
    RETURN 1;
  END b;
END PKG_Z;"""
    issues, tree = parse_unit(text, plsql=True)
    assert issues == () and tree is not None
    assert [(t.parts, t.alias, t.role, t.line, t.col, t.statement, t.block) for t in tree.tables] == [
        (("SIGA", "SE1030"), "", "read", 5, 33, 0, 0),
        (("SIGA", "SE1030"), "T", "update", 9, 12, 1, 1),
    ]
    assert [(c.parts, c.role, c.line, c.col, c.in_filter, c.target) for c in tree.columns] == [
        (("E1_NUM",), "expr", 5, 12, False, -1),
        (("D_E_L_E_T_",), "expr", 5, 51, True, -1),
        (("T", "E1_SALDO"), "set", 9, 30, False, 1),
        (("T", "D_E_L_E_T_"), "expr", 9, 51, True, -1),
    ]
    assert [(s.kind, s.line) for s in tree.statements] == [("select_statement", 5),
                                                           ("update_statement", 9)]
