"""Tests for the SQL*Plus-compatible splitter: exact units, kinds, texts and line numbers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conefi_dbtool.splitter import PLSQL, SQL, SQLPLUS, SplitError, Unit, split


def only(script: str) -> Unit:
    """The single unit of ``script`` (fails when there is not exactly one)."""
    units = split(script)
    assert len(units) == 1, units
    return units[0]


# --- basics ---------------------------------------------------------------------------


def test_empty_input_gives_no_units() -> None:
    assert split("") == ()


def test_blank_and_comment_only_input_gives_no_units() -> None:
    assert split("\n  \n-- nothing ; here\n/* nor\n/\nhere; */\n\n") == ()


def test_package_spec_and_body_keep_inner_semicolons() -> None:
    script = (
        "CREATE OR REPLACE PACKAGE pkg AS\n"  # 1
        "  PROCEDURE p(a NUMBER);\n"  # 2
        "  FUNCTION f RETURN NUMBER;\n"  # 3
        "END pkg;\n"  # 4
        "/\n"  # 5
        "\n"  # 6
        "CREATE OR REPLACE PACKAGE BODY pkg AS\n"  # 7
        "  PROCEDURE p(a NUMBER) IS\n"  # 8
        "  BEGIN\n"  # 9
        "    NULL;\n"  # 10
        "  END p;\n"  # 11
        "  FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END f;\n"  # 12
        "END pkg;\n"  # 13
        "/\n"  # 14
    )
    assert split(script) == (
        Unit(
            PLSQL,
            1,
            5,
            "CREATE OR REPLACE PACKAGE pkg AS\n  PROCEDURE p(a NUMBER);\n"
            "  FUNCTION f RETURN NUMBER;\nEND pkg;",
            True,
        ),
        Unit(
            PLSQL,
            7,
            14,
            "CREATE OR REPLACE PACKAGE BODY pkg AS\n  PROCEDURE p(a NUMBER) IS\n  BEGIN\n"
            "    NULL;\n  END p;\n  FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END f;\n"
            "END pkg;",
            True,
        ),
    )


def test_trigger_with_bind_like_new_and_old() -> None:
    script = (
        "create or replace editionable trigger trg\n"
        "before insert on t for each row\n"
        "begin\n"
        "  :new.total := :new.qty * :old.price / 100;\n"
        "  :new.note := 'a;b';\n"
        "end;\n"
        "/\n"
    )
    unit = only(script)
    assert unit == Unit(PLSQL, 1, 7, script[: script.index("\n/")], True)
    assert unit.first_words(5) == "CREATE OR REPLACE EDITIONABLE TRIGGER"


@pytest.mark.parametrize("opener", ["DECLARE\n  v NUMBER := 1;\nBEGIN", "BEGIN"])
def test_anonymous_block(opener: str) -> None:
    body = f"{opener}\n  dbms_output.put_line('x;');\n  NULL;\nEND;"
    lines = body.count("\n") + 1
    assert split(body + "\n/\n") == (Unit(PLSQL, 1, lines + 1, body, True),)


@pytest.mark.parametrize(
    "head",
    [
        "CREATE PROCEDURE p IS BEGIN NULL; END;",
        "create function f return number is begin return 1; end;",
        "CREATE OR REPLACE NONEDITIONABLE PACKAGE BODY p AS END;",
        "CREATE OR REPLACE TYPE t AS OBJECT (a NUMBER);",
        "CREATE OR REPLACE TYPE BODY t AS MEMBER FUNCTION m RETURN NUMBER IS BEGIN RETURN 1; END; END;",
        "CREATE OR REPLACE LIBRARY lib AS '/x/y.so';",
        "CREATE /* c */ OR -- c ;\nREPLACE\n/* c */ PACKAGE p AS END;",
        'CREATE OR REPLACE AND COMPILE JAVA SOURCE NAMED "H" AS public class H {};',
        "WITH FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END;\nSELECT f FROM dual;",
        "<<outer>>\nBEGIN NULL; END;",
    ],
)
def test_plsql_openers(head: str) -> None:
    assert split(head + "\n/\nselect 1 from dual;") == (
        Unit(PLSQL, 1, head.count("\n") + 2, head, True),
        Unit(SQL, head.count("\n") + 3, head.count("\n") + 3, "select 1 from dual", True),
    )


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE VIEW v AS SELECT 1 a FROM dual",
        "CREATE OR REPLACE FORCE EDITIONING VIEW v AS SELECT 1 a FROM dual",
        "CREATE TABLE t (a NUMBER, b VARCHAR2(10))",
        "GRANT EXECUTE ON pkg TO app",
        "COMMENT ON TABLE t IS 'x; y'",
        "INSERT INTO t VALUES (1, 'a')",
        "WITH w AS (SELECT 1 c FROM dual) SELECT c FROM w",
        "WITH function AS (SELECT 1 c FROM dual) SELECT c FROM function",
        "ALTER SESSION SET current_schema = app",
        "SET TRANSACTION READ ONLY",
        "set role all",
        "SET CONSTRAINTS ALL DEFERRED",
        "CREATE SEQUENCE s",
        "CREATE OR REPLACE SYNONYM procedure_s FOR p",
    ],
)
def test_sql_statements(statement: str) -> None:
    assert split(statement + ";\nCOMMIT;\n") == (
        Unit(SQL, 1, 1, statement, True),
        Unit(SQL, 2, 2, "COMMIT", True),
    )


# --- lexing: strings, comments, q-quotes, identifiers, division ------------------------


def test_semicolon_and_slash_line_inside_string_do_not_end_sql() -> None:
    script = "INSERT INTO t VALUES ('a;\n/\n.\nb''c;');\nCOMMIT;"
    assert split(script) == (
        Unit(SQL, 1, 4, "INSERT INTO t VALUES ('a;\n/\n.\nb''c;')", True),
        Unit(SQL, 5, 5, "COMMIT", True),
    )


def test_slash_line_inside_string_does_not_end_plsql() -> None:
    script = "BEGIN\n  x := 'a\n/\nb';\nEND;\n/\n"
    assert split(script) == (Unit(PLSQL, 1, 6, "BEGIN\n  x := 'a\n/\nb';\nEND;", True),)


def test_block_comment_hides_slash_line_and_semicolon() -> None:
    script = "SELECT 1 /* ;\n/\n */ FROM dual;\nBEGIN /*\n/\n*/ NULL; END;\n/"
    assert split(script) == (
        Unit(SQL, 1, 3, "SELECT 1 /* ;\n/\n */ FROM dual", True),
        Unit(PLSQL, 4, 7, "BEGIN /*\n/\n*/ NULL; END;", True),
    )


def test_line_comment_hides_semicolon_and_quote() -> None:
    script = "SELECT 1 -- it's; a comment\nFROM dual;"
    assert split(script) == (Unit(SQL, 1, 2, "SELECT 1 -- it's; a comment\nFROM dual", True),)


def test_slash_line_right_after_line_comment_ends_plsql() -> None:
    assert split("BEGIN NULL; END; -- done\n/\n") == (Unit(PLSQL, 1, 2, "BEGIN NULL; END; -- done", True),)


@pytest.mark.parametrize(
    ("literal", "body"),
    [
        ("q'[", "a;] 'b\n/\n]"),
        ("q'{", "a;} 'b\n/\n}"),
        ("q'<", "a;> 'b\n/\n>"),
        ("q'(", "a;) 'b\n/\n)"),
        ("q'!", "a;'b\n/\n!"),
        ("q'#", "it's; #"),
        ("Q'|", "x; ' | ;|"),
        ("nq'[", "a; ' ]"),
        ("NQ'~", "a; ' ~"),
    ],
)
def test_q_quotes_with_every_delimiter(literal: str, body: str) -> None:
    quoted = f"{literal}{body}'"
    sql = f"SELECT {quoted} AS c FROM dual"
    plsql = f"BEGIN\n  v := {quoted};\nEND;"
    script = f"{sql};\n{plsql}\n/\n"
    first_end = sql.count("\n") + 1
    assert split(script) == (
        Unit(SQL, 1, first_end, sql, True),
        Unit(PLSQL, first_end + 1, first_end + 1 + plsql.count("\n") + 1, plsql, True),
    )


def test_national_strings_and_a_q_ending_a_word() -> None:
    script = "SELECT N'a;b', n'c''d;', xq'e;' FROM dual; SELECT 2 FROM dual;"
    assert split(script) == (
        Unit(SQL, 1, 1, "SELECT N'a;b', n'c''d;', xq'e;' FROM dual", True),
        Unit(SQL, 1, 1, "SELECT 2 FROM dual", True),
    )


def test_q_followed_by_blank_is_an_ordinary_string() -> None:
    assert only("SELECT q' ;' FROM dual;") == Unit(SQL, 1, 1, "SELECT q' ;' FROM dual", True)


def test_double_quoted_identifier_hides_semicolon_and_quote() -> None:
    assert only('SELECT 1 AS "a;\'b" FROM dual;') == Unit(SQL, 1, 1, 'SELECT 1 AS "a;\'b" FROM dual', True)


def test_division_is_not_a_terminator() -> None:
    script = "SELECT a / b, x/2\n/ 4 FROM t;\nBEGIN\n  x := y /\n  2;\n  z := 1\n  /2;\nEND;\n/\n"
    assert split(script) == (
        Unit(SQL, 1, 2, "SELECT a / b, x/2\n/ 4 FROM t", True),
        Unit(PLSQL, 3, 9, "BEGIN\n  x := y /\n  2;\n  z := 1\n  /2;\nEND;", True),
    )


def test_slash_line_with_blanks_around_terminates() -> None:
    assert split("SELECT 1 FROM dual\n   /  \nBEGIN NULL; END;\n\t/\t\n") == (
        Unit(SQL, 1, 2, "SELECT 1 FROM dual", True),
        Unit(PLSQL, 3, 4, "BEGIN NULL; END;", True),
    )


def test_slash_followed_by_text_is_not_a_terminator() -> None:
    assert split("BEGIN NULL; END;\n/ -- run\n/\n") == (
        Unit(PLSQL, 1, 3, "BEGIN NULL; END;\n/ -- run", True),
    )


# --- terminators and layout -----------------------------------------------------------


def test_crlf_is_normalised_to_lf() -> None:
    script = "SET ECHO ON\r\nBEGIN\r\n  NULL;\r\nEND;\r\n/\r\nSELECT 1\r\nFROM dual;\r\n"
    assert split(script) == (
        Unit(SQLPLUS, 1, 1, "SET ECHO ON", True),
        Unit(PLSQL, 2, 5, "BEGIN\n  NULL;\nEND;", True),
        Unit(SQL, 6, 7, "SELECT 1\nFROM dual", True),
    )


def test_byte_order_mark_is_dropped() -> None:
    assert split("\ufeffSELECT 1 FROM dual;") == (Unit(SQL, 1, 1, "SELECT 1 FROM dual", True),)


def test_missing_final_slash_leaves_plsql_unterminated() -> None:
    script = "CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n\n  \n"
    assert split(script) == (
        Unit(PLSQL, 1, 4, "CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;", False),
    )


def test_trailing_statement_without_semicolon_is_unterminated() -> None:
    assert split("COMMIT;\nSELECT 1\nFROM dual   \n\n") == (
        Unit(SQL, 1, 1, "COMMIT", True),
        Unit(SQL, 2, 3, "SELECT 1\nFROM dual", False),
    )


def test_comment_after_unterminated_statement_belongs_to_it() -> None:
    # SQL*Plus would send it with the statement: it comes before any terminator
    assert split("SELECT 1 FROM dual\n-- tail\n") == (Unit(SQL, 1, 2, "SELECT 1 FROM dual\n-- tail", False),)


def test_dot_line_ends_plsql_and_sql() -> None:
    script = "BEGIN\n  NULL;\nEND;\n.\nSELECT 1\nFROM dual\n  .  \n"
    assert split(script) == (
        Unit(PLSQL, 1, 4, "BEGIN\n  NULL;\nEND;", True),
        Unit(SQL, 5, 7, "SELECT 1\nFROM dual", True),
    )


def test_dot_then_slash_yields_the_block_once() -> None:
    assert split("BEGIN NULL; END;\n.\n/\n") == (Unit(PLSQL, 1, 2, "BEGIN NULL; END;", True),)


def test_sql_terminated_by_slash_line() -> None:
    assert split("UPDATE t\nSET a = 1\n/\n") == (Unit(SQL, 1, 3, "UPDATE t\nSET a = 1", True),)


def test_text_after_semicolon_on_the_same_line_starts_next_unit() -> None:
    script = "INSERT INTO t VALUES (1); COMMIT; prompt done\nSELECT 1 FROM dual; BEGIN\nNULL; END;\n/"
    assert split(script) == (
        Unit(SQL, 1, 1, "INSERT INTO t VALUES (1)", True),
        Unit(SQL, 1, 1, "COMMIT", True),
        Unit(SQLPLUS, 1, 1, "prompt done", True),
        Unit(SQL, 2, 2, "SELECT 1 FROM dual", True),
        Unit(PLSQL, 2, 4, "BEGIN\nNULL; END;", True),
    )


def test_trailing_comment_after_semicolon_belongs_to_no_unit() -> None:
    assert split("COMMIT; -- saved\nROLLBACK; /* x */") == (
        Unit(SQL, 1, 1, "COMMIT", True),
        Unit(SQL, 2, 2, "ROLLBACK", True),
    )


def test_slash_with_no_open_unit_is_ignored() -> None:
    script = "/\nCREATE TABLE t (a NUMBER);\n/\n  /  \n.\nBEGIN NULL; END;\n/\n/\nCOMMIT; /\n"
    assert split(script) == (
        Unit(SQL, 2, 2, "CREATE TABLE t (a NUMBER)", True),
        Unit(PLSQL, 6, 7, "BEGIN NULL; END;", True),
        Unit(SQL, 9, 9, "COMMIT", True),
    )


def test_stray_semicolons_are_ignored() -> None:
    assert split(";\n ; ;\nCOMMIT;;") == (Unit(SQL, 3, 3, "COMMIT", True),)


def test_leading_comments_are_not_part_of_the_unit_but_inner_ones_are() -> None:
    script = (
        "-- header\n"  # 1
        "/* block\n"  # 2
        "   header */\n"  # 3
        "\n"  # 4
        "/* same line */ SELECT 1 -- inner\n"  # 5
        "  /* inner */ FROM dual\n"  # 6
        "  -- before terminator\n"  # 7
        ";\n"  # 8
    )
    assert split(script) == (
        Unit(
            SQL,
            5,
            8,
            "SELECT 1 -- inner\n  /* inner */ FROM dual\n  -- before terminator",
            True,
        ),
    )


def test_blank_lines_inside_a_statement_do_not_end_it() -> None:
    assert split("SELECT 1\n\n\nFROM dual;") == (Unit(SQL, 1, 4, "SELECT 1\n\n\nFROM dual", True),)


def test_exact_line_numbers_in_a_mixed_script() -> None:
    script = (
        "SET DEFINE OFF\n"  # 1
        "WHENEVER SQLERROR EXIT FAILURE\n"  # 2
        "\n"  # 3
        "-- the table\n"  # 4
        "CREATE TABLE t (\n"  # 5
        "  a NUMBER\n"  # 6
        ");\n"  # 7
        "\n"  # 8
        "CREATE OR REPLACE PACKAGE p AS\n"  # 9
        "  x CONSTANT NUMBER := 1;\n"  # 10
        "END;\n"  # 11
        "/\n"  # 12
        "SHOW ERRORS\n"  # 13
        "\n"  # 14
        "@@grants.sql\n"  # 15
        "EXIT\n"  # 16
    )
    units = split(script)
    assert [(u.kind, u.start, u.end, u.terminated) for u in units] == [
        (SQLPLUS, 1, 1, True),
        (SQLPLUS, 2, 2, True),
        (SQL, 5, 7, True),
        (PLSQL, 9, 12, True),
        (SQLPLUS, 13, 13, True),
        (SQLPLUS, 15, 15, True),
        (SQLPLUS, 16, 16, True),
    ]
    assert [u.text for u in units] == [
        "SET DEFINE OFF",
        "WHENEVER SQLERROR EXIT FAILURE",
        "CREATE TABLE t (\n  a NUMBER\n)",
        "CREATE OR REPLACE PACKAGE p AS\n  x CONSTANT NUMBER := 1;\nEND;",
        "SHOW ERRORS",
        "@@grants.sql",
        "EXIT",
    ]


# --- sqlplus commands -----------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "SET SERVEROUTPUT ON SIZE UNLIMITED",
        "set define off",
        "PROMPT it's a prompt with an odd quote /* and no comment",
        "PRO short",
        "@install.sql",
        "@@sub/dir/file.sql arg1",
        "START other.sql",
        "STA other.sql",
        "WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK",
        "WHENEVER OSERROR CONTINUE",
        "SPOOL deploy.log",
        "SPO OFF",
        "DEFINE owner = 'APP'",
        "DEF x",
        "UNDEFINE owner",
        "UNDEF owner",
        "EXEC dbms_stats.gather_schema_stats('APP')",
        "EXECUTE p",
        "SHOW ERRORS",
        "SHO ERR",
        "CONNECT app/secret@db",
        "CONN / AS SYSDBA",
        "DISCONNECT",
        "DISC",
        "EXIT",
        "QUIT",
        "REM a remark; with a semicolon -",
        "REMARK another",
        "VARIABLE n NUMBER",
        "VAR s VARCHAR2(10)",
        "PRINT n",
        "COLUMN name FORMAT a30",
        "COL name CLEAR",
        "TTITLE LEFT 'Report'",
        "BREAK ON dept",
        "ACCEPT x PROMPT 'Value: '",
        "PAUSE press enter",
        "HOST ls -l",
        "DESC t",
        "CLEAR SCREEN",
    ],
)
def test_sqlplus_commands(command: str) -> None:
    assert split(f"{command}\nSELECT 1 FROM dual;") == (
        Unit(SQLPLUS, 1, 1, command, True),
        Unit(SQL, 2, 2, "SELECT 1 FROM dual", True),
    )


def test_sqlplus_trailing_semicolon_is_not_text() -> None:
    assert split("SET ECHO ON;\nEXEC p;\nexec pkg.run('a;b') ;  \nSHOW ERRORS;") == (
        Unit(SQLPLUS, 1, 1, "SET ECHO ON", True),
        Unit(SQLPLUS, 2, 2, "EXEC p", True),
        Unit(SQLPLUS, 3, 3, "exec pkg.run('a;b')", True),
        Unit(SQLPLUS, 4, 4, "SHOW ERRORS", True),
    )


def test_prompt_and_remark_keep_their_semicolon() -> None:
    assert split("PROMPT done;\nREM note;") == (
        Unit(SQLPLUS, 1, 1, "PROMPT done;", True),
        Unit(SQLPLUS, 2, 2, "REM note;", True),
    )


def test_sqlplus_hyphen_continuation() -> None:
    script = "EXEC pkg.run( -\n  p_a => 1, -\n  p_b => 'x');\nSET LINESIZE 200 -\nPAGESIZE 0\nCOMMIT;"
    assert split(script) == (
        Unit(SQLPLUS, 1, 3, "EXEC pkg.run( -\n  p_a => 1, -\n  p_b => 'x')", True),
        Unit(SQLPLUS, 4, 5, "SET LINESIZE 200 -\nPAGESIZE 0", True),
        Unit(SQL, 6, 6, "COMMIT", True),
    )


def test_hyphens_without_a_blank_before_do_not_continue() -> None:
    assert split("PROMPT -----\nPROMPT a-\nCOMMIT;") == (
        Unit(SQLPLUS, 1, 1, "PROMPT -----", True),
        Unit(SQLPLUS, 2, 2, "PROMPT a-", True),
        Unit(SQL, 3, 3, "COMMIT", True),
    )


def test_remark_is_never_continued() -> None:
    assert split("REM ends here -\nCOMMIT;") == (
        Unit(SQLPLUS, 1, 1, "REM ends here -", True),
        Unit(SQL, 2, 2, "COMMIT", True),
    )


def test_continuation_at_end_of_file_is_unterminated() -> None:
    assert split("EXEC p( -\n") == (Unit(SQLPLUS, 1, 1, "EXEC p( -", False),)


def test_sqlplus_words_only_count_at_unit_start() -> None:
    script = "UPDATE t\nSET a = 1\nWHERE b = 2;\nBEGIN\n  EXEC_IT;\n  set_x;\nEND;\n/"
    assert split(script) == (
        Unit(SQL, 1, 3, "UPDATE t\nSET a = 1\nWHERE b = 2", True),
        Unit(PLSQL, 4, 8, "BEGIN\n  EXEC_IT;\n  set_x;\nEND;", True),
    )


def test_words_that_only_look_like_sqlplus_abbreviations_are_sql() -> None:
    assert split("SETTINGS_PROC;\nCOMMENT ON TABLE t IS 'x';\nSTARTUP_T;") == (
        Unit(SQL, 1, 1, "SETTINGS_PROC", True),
        Unit(SQL, 2, 2, "COMMENT ON TABLE t IS 'x'", True),
        Unit(SQL, 3, 3, "STARTUP_T", True),
    )


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "line", "what"),
    [
        ("SELECT 1 FROM dual;\nSELECT 'abc\n;\n", 2, "unterminated string literal"),
        ("COMMIT;\n\nBEGIN x := q'[abc]; END;\n/\n", 3, "unterminated q'[...' literal"),
        ("COMMIT;\nSELECT 1 /* open\n;\n", 2, "unterminated /* comment"),
        ("COMMIT;\n/* open\n", 2, "unterminated /* comment"),
        ('\n\n\nSELECT "abc FROM dual;', 4, 'unterminated "quoted identifier'),
    ],
)
def test_unterminated_constructs_raise_with_line(script: str, line: int, what: str) -> None:
    with pytest.raises(SplitError) as caught:
        split(script)
    assert caught.value.line == line
    assert str(caught.value) == f"line {line}: {what}"
    assert isinstance(caught.value, ValueError)


# --- first_words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "n", "words"),
    [
        ("create or replace package body p as end;\n/", 4, "CREATE OR REPLACE PACKAGE"),
        ("create /* x */ or\n-- y\nreplace package body p as end;\n/", 6, "CREATE OR REPLACE PACKAGE BODY P"),
        ('CREATE PACKAGE "Mixed".pkg AS END;\n/', 3, 'CREATE PACKAGE "Mixed".PKG'),
        ("select q'[x]' from dual;", 4, "SELECT"),
        ("insert into app.t(a) values (1);", 4, "INSERT INTO APP.T"),
        ("@@Sub/File.sql", 2, "@@Sub/File.sql"),
        ("set serveroutput on", 2, "SET SERVEROUTPUT"),
    ],
)
def test_first_words(script: str, n: int, words: str) -> None:
    assert only(script).first_words(n) == words


# --- property test --------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A generated unit: its source (with terminator) and what split must return."""

    kind: str
    source: str
    text: str
    terminator: str  # "" for sqlplus; ";" or a "\n/"-style line for sql and plsql


_FRAGMENTS = [";", "'", "/", "\n/\n", "\n.\n", "--", "/*", "*", "''", "q'[", " ", "\n", "abc", "END;"]
_Q_DELIMITERS = {"[": "]", "{": "}", "<": ">", "(": ")", "!": "!", "#": "#", "|": "|", "~": "~"}

content = st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join)


@st.composite
def literal(draw: st.DrawFn) -> str:
    """A string-ish token full of terminator look-alikes."""
    body = draw(content)
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return "'" + body.replace("'", "''") + "'"
    if choice == 1:
        return "N'" + body.replace("'", "''") + "'"
    if choice == 2:
        opener = draw(st.sampled_from(sorted(_Q_DELIMITERS)))
        closer = _Q_DELIMITERS[opener]
        prefix = draw(st.sampled_from(["q", "Q", "nq", "NQ"]))
        body = body.replace(closer + "'", closer + " '")
        if body.endswith(closer):
            body += " "
        return f"{prefix}'{opener}{body}{closer}'"
    if choice == 3:
        return '"' + body.replace('"', "").replace("\n", " ") + '"'
    if choice == 4:
        return "a /* " + body.replace("*/", "* /") + " */ + 1"
    return "a -- " + body.replace("\n", " ") + "\n  + 1"


expression = st.one_of(
    literal(),
    st.sampled_from(["a / b", "x/2", "10 /\n2", "c\n/ 3", "1", ":new.a / :old.b"]),
)


@st.composite
def sql_piece(draw: st.DrawFn) -> Piece:
    template = draw(
        st.sampled_from(
            [
                "SELECT {0} FROM dual",
                "INSERT INTO t (a, b) VALUES ({0}, {1})",
                "UPDATE t SET x = x/2, y = {0} WHERE z = {1}",
                "DELETE FROM t WHERE a = {0}",
                "CREATE TABLE t (a VARCHAR2(10) DEFAULT {0})",
                "CREATE OR REPLACE VIEW v AS SELECT {0} AS c FROM dual",
                "COMMENT ON TABLE t IS {0}",
                "WITH w AS (SELECT {0} c FROM dual)\nSELECT c FROM w WHERE c = {1}",
                "ALTER SESSION SET current_schema = app",
                "SET TRANSACTION READ ONLY",
                "GRANT SELECT ON t TO u",
            ]
        )
    )
    text = template.format(draw(expression), draw(expression))
    terminator = draw(st.sampled_from([";", "  ;", "\n/", "\n  /  ", "\n."]))
    if terminator.startswith("\n") and draw(st.booleans()):
        text += " -- tail; it's"  # the terminator line right after a line comment
    return Piece(SQL, text + terminator, text, terminator)


@st.composite
def plsql_piece(draw: st.DrawFn) -> Piece:
    template = draw(
        st.sampled_from(
            [
                "CREATE OR REPLACE PACKAGE pkg AS\n  c CONSTANT VARCHAR2(100) := {0};\n"
                "  PROCEDURE p;\nEND pkg;",
                "CREATE OR REPLACE PACKAGE BODY pkg AS\n  PROCEDURE p IS\n    v NUMBER := 10 / 2;\n"
                "  BEGIN\n    v := v\n/ 2;\n    w := {0};\n  END p;\nEND pkg;",
                "create or replace trigger trg before insert on t for each row\nbegin\n"
                "  :new.a := {0};\n  :new.b := {1};\nend;",
                "DECLARE\n  v VARCHAR2(100) := {0};\nBEGIN\n  NULL;\nEND;",
                "BEGIN\n  dbms_output.put_line({0});\n  x := {1};\nEND;",
                "CREATE /* c; */ OR REPLACE\n-- c;\nEDITIONABLE FUNCTION f RETURN NUMBER IS\n"
                "BEGIN RETURN {0}; END;",
                "CREATE OR REPLACE TYPE t AS OBJECT (a NUMBER);",
            ]
        )
    )
    text = template.format(draw(expression), draw(expression))
    terminator = draw(st.sampled_from(["\n/", "\n/ ", "\n  /", "\n."]))
    if draw(st.booleans()):
        text += " -- tail; it's"
    return Piece(PLSQL, text + terminator, text, terminator)


@st.composite
def sqlplus_piece(draw: st.DrawFn) -> Piece:
    command, keeps_semicolon = draw(
        st.sampled_from(
            [
                ("SET SERVEROUTPUT ON", False),
                ("set define off", False),
                ("PROMPT it's ; a /* prompt '", True),
                ("EXEC pkg.p(1, 'a;b')", False),
                ("EXEC pkg.p( -\n  1, -\n  2)", False),
                ("@install.sql", False),
                ("@@sub/x.sql", False),
                ("WHENEVER SQLERROR EXIT SQL.SQLCODE", False),
                ("SPOOL out.log", False),
                ("DEFINE x = 1", False),
                ("SHOW ERRORS", False),
                ("REM a ' remark -", True),
            ]
        )
    )
    semicolon = draw(st.booleans())
    source = command + (";" if semicolon else "")
    text = source if keeps_semicolon else command
    return Piece(SQLPLUS, source, text, "")


separator_line = st.sampled_from(
    ["", "   ", "-- a comment; with 'quote", "/* block ;\n/\n*/", "/", ".", "/* a */ -- b"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(sql_piece(), plsql_piece(), sqlplus_piece()), max_size=8),
    separators=st.lists(st.lists(separator_line, max_size=3), min_size=9, max_size=9),
    same_line=st.lists(st.booleans(), min_size=9, max_size=9),
    prefix_comment=st.lists(st.booleans(), min_size=9, max_size=9),
    unterminated_last=st.booleans(),
    crlf=st.booleans(),
)
def test_split_round_trips_generated_scripts(
    pieces: list[Piece],
    separators: list[list[str]],
    same_line: list[bool],
    prefix_comment: list[bool],
    unterminated_last: bool,
    crlf: bool,
) -> None:
    """Whatever sits between units and whatever hides in literals, the units come back."""
    script = ""
    expected: list[Unit] = []
    previous: Piece | None = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        if previous is not None and previous.terminator == ";" and same_line[index]:
            script += " "  # next unit starts on the line of the previous `;`
        else:
            if script:
                script += "\n"
            for line in separators[index]:
                script += line + "\n"
        if prefix_comment[index]:
            script += "/* lead */ "
        start = script.count("\n") + 1
        source = piece.source
        terminated = True
        if last and unterminated_last and piece.kind != SQLPLUS:
            source = piece.text
            terminated = False
        script += source
        end = script.count("\n") + 1  # the `;`, the `/` line, or the last text line
        expected.append(Unit(piece.kind, start, end, piece.text, terminated))
        previous = piece
    if not (pieces and unterminated_last and pieces[-1].kind != SQLPLUS):
        script += "\n" + "\n".join(separators[-1])
    if crlf:
        script = script.replace("\n", "\r\n")
    assert split(script) == tuple(expected)
