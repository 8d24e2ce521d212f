"""Tests for the SQL*Plus client rules of the splitter: host commands, LOAD, the ``-``
line continuation and SET SQLBLANKLINES (issue 14 item 3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conefi_dbtool.plsql.lexer import TokenKind, error_message, tokenize
from conefi_dbtool.splitter import (
    BLANK_LINE_WARNING,
    PLSQL,
    SQL,
    SQLPLUS,
    SplitError,
    SplitWarning,
    Unit,
    split,
    split_script,
)

# --- host commands and LOAD -------------------------------------------------------------


def test_host_shorthands_host_and_load_are_client_commands() -> None:
    script = "$ dir /w\n! ls -l; echo x\nHOST cp a b\nho pwd\nLOAD TABLE t data.csv\nSELECT 1 FROM dual;\n"
    assert split(script) == (
        Unit(SQLPLUS, 1, 1, "$ dir /w", True),
        Unit(SQLPLUS, 2, 2, "! ls -l; echo x", True),
        Unit(SQLPLUS, 3, 3, "HOST cp a b", True),
        Unit(SQLPLUS, 4, 4, "ho pwd", True),
        Unit(SQLPLUS, 5, 5, "LOAD TABLE t data.csv", True),
        Unit(SQL, 6, 6, "SELECT 1 FROM dual", True),
    )


def test_host_shorthand_first_words_keep_the_sign() -> None:
    first, second = split("$ dir /w\n!ls\n")
    assert (first.first_words(2), second.first_words(3)) == ("$ DIR", "! LS")


# --- the `-` continuation ---------------------------------------------------------------


def test_continued_first_line_is_classified_as_sqlplus_joins_it() -> None:
    script = "CREATE OR REPLACE -\n  PACKAGE p AS\n  x NUMBER;\nEND;\n/\n"
    (unit,) = split(script)
    assert (unit.kind, unit.start, unit.end) == (PLSQL, 1, 5)
    assert unit.text == "CREATE OR REPLACE -\n  PACKAGE p AS\n  x NUMBER;\nEND;"  # as written
    assert unit.continuations() == (18,)
    assert unit.joined_text() == "CREATE OR REPLACE   PACKAGE p AS\n  x NUMBER;\nEND;"


def test_continued_set_transaction_is_sql() -> None:
    (unit,) = split("SET -\nTRANSACTION READ ONLY;\n")
    assert (unit.kind, unit.end, unit.joined_text()) == (SQL, 2, "SET TRANSACTION READ ONLY")


def test_hyphen_ending_the_first_line_of_a_statement_is_removed() -> None:
    """The SQL*Plus User's Guide example: ``SELECT 200 -`` / ``100 FROM DUAL``."""
    (unit,) = split("SELECT 200 -\n100 FROM DUAL;\n")
    assert unit.joined_text() == "SELECT 200 100 FROM DUAL"


def test_inserts_continued_line_by_line_join_inside_literals_too() -> None:
    (unit,) = split("INSERT INTO t VALUES (1 -\n, 'a -\nb' -\n);\n")
    assert unit.continuations() == (24, 31, 36)
    assert unit.joined_text() == "INSERT INTO t VALUES (1 , 'a b' )"


def test_hyphen_ending_a_later_line_is_a_minus() -> None:
    (unit,) = split("SELECT 1\n  -\n  2 FROM dual;\n")
    assert unit.continuations() == ()
    assert unit.joined_text() == unit.text


@pytest.mark.parametrize(
    ("script", "hyphens"),
    [
        ("EXEC p( -\n  1, -\n  2)", (8, 15)),
        ("EXEC p(-\n  1,-\n  2)", (7, 13)),  # right after '(' or ',' it continues too
        ("PROMPT a-", ()),  # after a letter it is text
        ("PROMPT -----", ()),  # no blank before the last hyphen: text
        ("REMARK a -", ()),  # a remark is never continued
        ("COLUMN x -\n-\nHEADING y", (9, 11)),  # a hyphen alone on a line continues too
    ],
)
def test_sqlplus_continuations(script: str, hyphens: tuple[int, ...]) -> None:
    (unit,) = split(script)
    assert unit.kind == SQLPLUS
    assert unit.continuations() == hyphens


def test_mle_module_is_plsql_and_ends_at_the_slash() -> None:
    """23ai JavaScript modules hold `;` in their code: SQL*Plus runs them at `/`."""
    script = "CREATE OR REPLACE MLE MODULE m\nLANGUAGE JAVASCRIPT AS\nexport function f() { return 1; }\n/\n"
    (unit,) = split(script)
    assert (unit.kind, unit.start, unit.end) == (PLSQL, 1, 4)


# --- SET SQLBLANKLINES ------------------------------------------------------------------


def test_blank_line_without_setting_keeps_the_unit_and_warns() -> None:
    script = "SELECT 1\n\nFROM dual;\nBEGIN\n\n  NULL;\nEND;\n/\nCREATE TABLE t (\n  a NUMBER\n\n);\n"
    result = split_script(script)
    assert result.units == split(script)
    assert [u.kind for u in result.units] == [SQL, PLSQL, SQL]
    assert result.warnings == (
        SplitWarning(2, BLANK_LINE_WARNING),
        SplitWarning(11, BLANK_LINE_WARNING),
    )


def test_blank_line_before_a_slash_line_warns_not() -> None:
    """SQL*Plus ends the statement at the blank line, then ``/`` runs it: same outcome."""
    assert split_script("UPDATE t SET a = 1\n\n/\n").warnings == ()


def test_sqlblanklines_on_keeps_the_unit_silently() -> None:
    result = split_script("SET SQLBL ON\nSELECT 1\n\nFROM dual;\n")
    assert result.units[1] == Unit(SQL, 2, 4, "SELECT 1\n\nFROM dual", True)
    assert result.warnings == ()


def test_sqlblanklines_off_ends_the_unit_at_the_blank_line() -> None:
    script = "set sqlblanklines off define off\nSELECT 1\n  \nFROM dual;\nBEGIN\n\nNULL;\nEND;\n/\n"
    assert split_script(script).units == split(script) == (
        Unit(SQLPLUS, 1, 1, "set sqlblanklines off define off", True),
        Unit(SQL, 2, 3, "SELECT 1", True),
        Unit(SQL, 4, 4, "FROM dual", True),
        Unit(PLSQL, 5, 9, "BEGIN\n\nNULL;\nEND;", True),
    )
    assert split_script(script).warnings == ()


def test_the_last_setting_wins() -> None:
    script = "SET SQLBLANKLINES OFF\nSET SQLBLANKLINES ON\nSELECT 1\n\nFROM dual;\n"
    assert [u.text for u in split(script)][2:] == ["SELECT 1\n\nFROM dual"]


def test_a_set_of_another_option_changes_nothing() -> None:
    assert split_script("SET SQLPROMPT OFF\nSELECT 1\n\nFROM dual;\n").warnings == (
        SplitWarning(3, BLANK_LINE_WARNING),
    )


_LINES = st.lists(
    st.sampled_from(["SELECT 1", "FROM dual;", "", "  ", "BEGIN", "NULL;", "END;", "/", "-- c", "x -"]),
    max_size=12,
)


@settings(max_examples=200)
@given(_LINES)
def test_split_is_split_script_units_when_the_script_sets_nothing(lines: list[str]) -> None:
    script = "\n".join(lines)
    result = split_script(script)
    assert result.units == split(script)
    units_lines = {line for unit in result.units if unit.kind == SQL for line in range(unit.start, unit.end)}
    assert all(w.line in units_lines for w in result.warnings)


# --- the splitter and the lexer agree ----------------------------------------------------

_BODY = st.text(alphabet=st.sampled_from(list("qQnN'\"-/*x ;\n[]!")), max_size=40)
_TERMINATOR_LOOKALIKE = re.compile(r"\n[ \t]*[/.][ \t]*(?:\n|$)")


@settings(max_examples=300)
@given(_BODY)
def test_splitter_and_lexer_agree_on_unterminated_constructs(body: str) -> None:
    """Inside a PL/SQL unit the splitter fails exactly where the lexer has its ERROR token."""
    script = "BEGIN\n  x := " + body + "\n"
    assume(not _TERMINATOR_LOOKALIKE.search(script))
    last = tokenize(script)[-1]
    if last.kind is TokenKind.ERROR:
        with pytest.raises(SplitError) as caught:
            split(script)
        assert (caught.value.line, caught.value.detail) == (last.line, error_message(last.text))
    else:
        (unit,) = split(script)
        assert unit.kind == PLSQL
