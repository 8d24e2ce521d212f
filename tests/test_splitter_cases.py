"""Splitter cases found by mutation testing: a literal closed right before the terminator."""

from __future__ import annotations

from conefi_dbtool.splitter import PLSQL, SQL, Unit, split


def test_a_q_quote_followed_directly_by_the_terminator_and_a_statement() -> None:
    script = "COMMENT ON TABLE t IS q'[it's]';CREATE TABLE x (a NUMBER);\n"
    assert split(script) == (
        Unit(SQL, 1, 1, "COMMENT ON TABLE t IS q'[it's]'", True),
        Unit(SQL, 1, 1, "CREATE TABLE x (a NUMBER)", True),
    )


def test_a_q_quote_with_a_plain_delimiter_followed_directly_by_the_terminator() -> None:
    script = "COMMENT ON TABLE t IS q'!it's!';SELECT 1 FROM dual;"
    assert [u.text for u in split(script)] == ["COMMENT ON TABLE t IS q'!it's!'", "SELECT 1 FROM dual"]


def test_a_string_followed_directly_by_the_terminator_and_a_statement() -> None:
    script = "SELECT 'it''s' FROM dual WHERE x = 'a';SELECT 2 FROM dual;"
    assert [u.text for u in split(script)] == ["SELECT 'it''s' FROM dual WHERE x = 'a'", "SELECT 2 FROM dual"]


def test_a_quoted_identifier_followed_directly_by_the_terminator() -> None:
    units = split('SELECT 1 "a;b";SELECT 2 FROM dual;')
    assert [u.text for u in units] == ['SELECT 1 "a;b"', "SELECT 2 FROM dual"]


def test_a_q_quote_at_the_end_of_a_plsql_line() -> None:
    script = "BEGIN\n  v := q'[a;\n/\n]';\nEND;\n/\nSELECT 1 FROM dual;\n"
    assert split(script) == (
        Unit(PLSQL, 1, 6, "BEGIN\n  v := q'[a;\n/\n]';\nEND;", True),
        Unit(SQL, 7, 7, "SELECT 1 FROM dual", True),
    )


def test_nq_ending_a_longer_word_opens_an_ordinary_string() -> None:
    """``xnq'[`` is the word XNQ and a string: the ``;`` after ``'[x'`` ends the statement."""
    assert [u.text for u in split("SELECT xnq'[x';SELECT ']' FROM dual;")] == [
        "SELECT xnq'[x'", "SELECT ']' FROM dual"]
    assert [u.text for u in split("SELECT nq'[x';]' FROM dual;")] == ["SELECT nq'[x';]' FROM dual"]
