"""Syntax errors: one finding per error, where Oracle reports it, and parsing goes on."""

from __future__ import annotations

import pytest

from conefi_dbtool.plsql.parser import parse


def errors(text: str) -> list[tuple[int, int]]:
    return [(e.line, e.col) for e in parse(text).errors]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  IF x THEN\n    NULL;\n  END;\nEND p;",
                 [(5, 3)], id="END; written for END IF;"),
    pytest.param("CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  IF x THEN\n    NULL;\nEND p;",
                 [(5, 1)], id="END IF missing before the procedure's END"),
    pytest.param("BEGIN\n  LOOP\n    NULL;\nEND;", [(4, 1)], id="END LOOP missing"),
    pytest.param("BEGIN\n  FOR i IN 1 .. 2 LOOP\n    NULL;\n  END IF;\nEND;", [(4, 3)],
                 id="END IF closing a LOOP"),
    pytest.param("CREATE FUNCTION f RETURN NUMBER IS\nBEGIN\n  RETURN 1\nEND;", [(4, 1)],
                 id="missing ; after RETURN x, at the next token"),
    pytest.param("BEGIN\n  x := 1\n  y := 2;\nEND;", [(3, 3)], id="missing ; after an assignment"),
    pytest.param("SELECT a FROM t WHERE (a = 1", [(1, 28)], id="unclosed parenthesis"),
    pytest.param("CREATE VIEW v AS SELECT (a FROM t", [(1, 28)], id="unclosed parenthesis in a view"),
    pytest.param("SELECT a) FROM t", [(1, 9)], id="a ) too many"),
    pytest.param("CREATE PROCEDURE a IS\nBEGIN\n  NULL;\nEND;\nCREATE PROCEDURE b IS\nBEGIN\n"
                 "  NULL;\nEND;", [(5, 1)], id="two CREATEs without /"),
    pytest.param("CREATE TYPE t AS OBJECT (a NUMBER);\nCREATE TABLE x (a t);", [(2, 1)],
                 id="CREATE TYPE ...; then another statement"),
    pytest.param("BEGIN\nEND;", [(2, 1)], id="a block needs a statement"),
    pytest.param("BEGIN\n  x = 1;\nEND;", [(2, 5)], id="= where := belongs"),
    pytest.param("SELCT 1 FROM dual", [(1, 1)], id="unknown statement"),
    pytest.param("SELECT a, FROM t", [(1, 11)], id="trailing comma"),
    pytest.param("SELECT 'abc FROM dual", [(1, 8)], id="unterminated string"),
    pytest.param("BEGIN\n$IF $$x $THEN\n  NULL;\nEND;", [(2, 1)], id="unterminated $IF"),
])
def test_the_error_is_where_oracle_reports_it(text: str, expected: list[tuple[int, int]]) -> None:
    assert errors(text) == expected


def test_later_errors_are_still_found() -> None:
    text = """BEGIN
  IF x = THEN
    NULL;
  END IF;
  y := ;
  FOR i IN 1 .. 2 LOOP
    z := 1 +;
  END LOOP;
  w := 1;
END;"""
    assert errors(text) == [(2, 10), (5, 8), (7, 13)]


def test_declarations_recover_too() -> None:
    text = """CREATE OR REPLACE PACKAGE BODY p AS
  v NUMBER(10 := 1;
  PROCEDURE a IS
  BEGIN
    x := ;
  END a;
  w VARCHAR2;;
  PROCEDURE b IS BEGIN NULL; END b;
END p;"""
    assert errors(text) == [(2, 15), (5, 10), (7, 14)]


def test_never_two_findings_on_one_line() -> None:
    assert errors("BEGIN x := ; y := ; END;") == [(1, 12)]


def test_nesting_too_deep_is_reported_not_raised() -> None:
    result = parse("BEGIN " * 400 + "NULL; " + "END; " * 400)
    assert [e.code for e in result.errors] == ["SYN003"]


def test_an_end_meant_for_end_if_is_one_finding() -> None:
    text = """BEGIN
  IF a THEN
    x := 1;
  END;
  z := ;
END;"""
    assert errors(text) == [(4, 3), (5, 8)]


def test_a_second_create_after_an_error_is_still_reported() -> None:
    text = "CREATE PROCEDURE a IS\nBEGIN\n  x := ;\nEND;\nCREATE PROCEDURE b IS\nBEGIN\n  NULL;\nEND;"
    assert errors(text) == [(3, 8), (5, 1)]


def test_a_bad_parameter_does_not_hide_the_body() -> None:
    text = """CREATE OR REPLACE PROCEDURE p(a IN NUMBER(10 := 1, b OUT VARCHAR2) IS
BEGIN
  x := ;
END;"""
    assert errors(text) == [(1, 46), (3, 8)]


def test_many_errors_do_not_add_up_to_too_deep() -> None:
    result = parse("BEGIN\n" + "IF x THEN y := ; END IF;\n" * 400 + "END;")
    assert len(result.errors) == 400 and {e.code for e in result.errors} == {"SYN001"}


def test_a_unit_cut_short_inside_a_compound_trigger_is_one_finding() -> None:
    text = ("CREATE TRIGGER c FOR UPDATE ON t COMPOUND TRIGGER\n  g NUMBER;\n  PROCEDURE f IS\n"
            "  BEGIN\n    FORALL")
    assert errors(text) == [(5, 5)]
