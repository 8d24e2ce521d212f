"""Syntax checking through sqlfluff: the worked-around gaps, localisation, failures."""

from __future__ import annotations

import pytest

from conefi_dbtool.lint import syntax
from conefi_dbtool.lint.sqltext import scan
from conefi_dbtool.lint.syntax import parse_unit, prepare


def check(text: str, plsql: bool = True) -> list[tuple[str, int, int]]:
    found = scan(text)
    issues, _tree = parse_unit(text, found.leaves, found.pieces, plsql=plsql)
    return [(i.rule, i.line, i.col) for i in issues]


def test_prepare_keeps_length_and_lines() -> None:
    text = ("BEGIN\n  <<lbl>>\n  v := q'[it's\n;]' || v_tab(i).E1_NUM;\n"
            "  FORALL i IN 1 .. n SAVE EXCEPTIONS\n    INSERT INTO t VALUES (x(i));\nEND;")
    out = prepare(text)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    assert "'xxxxxx\nxx'" in out
    assert "v_tab____E1_NUM" in out
    assert "<<" not in out and "SAVE EXCEPTIONS" not in out


def test_known_sqlfluff_gaps_are_worked_around() -> None:
    text = """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Y AS
  PROCEDURE a IS
    v VARCHAR2(100) := q'[it's]';
  BEGIN
    <<lbl>>
    FORALL i IN 1 .. v_tab.COUNT SAVE EXCEPTIONS
      INSERT INTO CONEFI.X (A) VALUES (v_tab(i).E1_NUM);
  EXCEPTION
    WHEN OTHERS THEN
      v := SQL%BULK_EXCEPTIONS(1).ERROR_INDEX;
      RAISE;
  END a;
END PKG_Y;"""
    assert check(text) == []


def test_an_unparsable_statement_is_reported_where_it_is() -> None:
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
    FORALL i IN INDICES OF v_tab
      INSERT INTO CONEFI.X (A) VALUES (1);
  END b;
END PKG_Y;"""
    assert check(text) == [("SYN001", 6, 14), ("SYN001", 11, 5)]


def test_a_broken_declaration_is_localised_too() -> None:
    text = """CREATE OR REPLACE PROCEDURE CONEFI.P IS
  v NUMBER(10 := 1;
BEGIN
  NULL;
END P;"""
    assert check(text) == [("SYN001", 2, 3)]


def test_plain_sql_error_position_comes_from_sqlfluff() -> None:
    assert check("CREATE TABLE CONEFI.T (A NUMBER,, B NUMBER)", plsql=False) != []
    assert check("CREATE TABLE CONEFI.T (A NUMBER, B NUMBER)", plsql=False) == []


def test_a_sqlfluff_crash_is_syn003_not_a_tool_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str) -> None:
        raise RuntimeError("Grammar refers to the 'EXCEPTIONS' keyword")

    monkeypatch.setattr(syntax, "_violations", boom)
    issues, tree = parse_unit("BEGIN NULL; END;", (), plsql=True)
    assert tree is None
    assert [(i.rule, i.line, i.col) for i in issues] == [("SYN003", 1, 1)]
    assert "RuntimeError" in issues[0].message


def test_package_body_pieces_give_the_same_facts_as_one_parse() -> None:
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
    found = scan(text)
    assert len(found.pieces) == 2
    _, whole = parse_unit(text, found.leaves, (), plsql=True)
    _, split_up = parse_unit(text, found.leaves, found.pieces, plsql=True)
    assert whole is not None and split_up is not None
    assert whole.tables == split_up.tables
    assert whole.columns == split_up.columns
    assert [(s.kind, s.line) for s in whole.statements] == [(s.kind, s.line) for s in split_up.statements]
