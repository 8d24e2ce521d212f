"""Normalisation cases the rule tests left open: q-quotes with any delimiter, list calendars."""

from __future__ import annotations

import pytest

from conefi_dbtool.catalog import normalize as n


def tokens(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in n.sql_tokens(text)]


# --------------------------------------------------------------------------- q-quotes


def test_a_q_quote_with_a_delimiter_that_is_not_a_bracket() -> None:
    assert tokens("x := q'!it's!' || y;") == [
        ("word", "x"), ("operator", ":="), ("string", "q'!it's!'"), ("operator", "||"), ("word", "y"),
        ("operator", ";"),
    ]


def test_a_q_quote_followed_directly_by_a_token() -> None:
    assert tokens("q'[a]';b") == [("string", "q'[a]'"), ("operator", ";"), ("word", "b")]
    assert tokens("Nq'<it's>'x") == [("string", "Nq'<it's>'"), ("word", "x")]


def test_an_unterminated_q_quote_runs_to_the_end() -> None:
    assert tokens("x q'[it's") == [("word", "x"), ("error", "q'[it's")]


def test_a_view_with_a_q_quote_compares_its_query_exactly() -> None:
    rendered = "CREATE OR REPLACE VIEW CONEFI.V_X AS\nSELECT q'!it's!' a\n  FROM dual;"
    stored = "SELECT q'!it's!' a\n  FROM dual"
    assert n.source_text(rendered, type="view", owner="CONEFI", name="V_X") == stored
    assert n.source_text(stored, type="view", owner="CONEFI", name="V_X") == stored
    changed = "SELECT q'!it is!' a\n  FROM dual"
    assert n.source_text(changed, type="view", owner="CONEFI", name="V_X") != stored


def test_expressions_keep_q_quoted_literals_exact() -> None:
    assert n.sql_expression("a IN (q'!it's!', 'B')") == n.sql_expression("A in ( q'!it's!' ,'B' )")
    assert n.sql_expression("a = q'!it's!'") == "A = q'!it's!'"
    assert n.sql_expression("a = q'!it's!'") != n.sql_expression("a = q'!IT'S!'")


# --------------------------------------------------------------------------- calendars


DAILY = "FREQ=DAILY;BYHOUR=5,17;BYMINUTE=0;BYSECOND=0"


@pytest.mark.parametrize("spelling", [
    DAILY,
    "FREQ=DAILY;BYHOUR=05,17;BYMINUTE=0;BYSECOND=0",
    "FREQ=DAILY;BYHOUR=5, 17;BYMINUTE=00;BYSECOND=00",
    "FREQ=DAILY;BYHOUR=005,017;BYMINUTE=0;BYSECOND=0",
])
def test_every_value_of_a_list_drops_its_leading_zeros(spelling: str) -> None:
    assert n.calendar(spelling) == DAILY


@pytest.mark.parametrize("change", [
    "FREQ=DAILY;BYHOUR=5,18;BYMINUTE=0;BYSECOND=0",
    "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0",
    "FREQ=DAILY;BYHOUR=50,17;BYMINUTE=0;BYSECOND=0",
])
def test_a_changed_value_in_a_list_is_a_change(change: str) -> None:
    assert n.calendar(change) != n.calendar(DAILY)


def test_calendar_values_are_upper_cased_and_signed_numbers_kept() -> None:
    assert n.calendar("freq=weekly;byday=mon,fri") == "FREQ=WEEKLY;BYDAY=MON,FRI"
    assert n.calendar("FREQ=MONTHLY;BYMONTHDAY=-1") == "FREQ=MONTHLY;BYMONTHDAY=-1"
    assert n.calendar("FREQ=MONTHLY;BYMONTHDAY=+01") == "FREQ=MONTHLY;BYMONTHDAY=1"


# --------------------------------------------------------------------------- types and sources


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("NVARCHAR2(10 CHAR)", "NVARCHAR2(10)"),  # national types always count characters
    ("nvarchar2(10)", "NVARCHAR2(10)"),
    ("NCHAR(2 CHAR)", "NCHAR(2)"),
    ("NUMBER(18,)", "NUMBER(18)"),
])
def test_more_data_type_spellings(spelling: str, canonical: str) -> None:
    assert n.data_type(spelling) == canonical


def test_blank_lines_before_the_final_slash_are_dropped() -> None:
    text = "PACKAGE CONEFI.PKG_X AS\nEND;"
    for spelling in (f"{text}\n\n/\n", f"{text}\n/\n\n", f"{text}\n  \n/"):
        assert n.source_text(spelling, type="package", owner="CONEFI", name="PKG_X") == text


def test_a_query_ending_in_a_letter_keeps_it() -> None:
    rendered = "CREATE OR REPLACE VIEW CONEFI.V_X AS\nSELECT 1 AS X\n"
    assert n.source_text(rendered, type="view", owner="CONEFI", name="V_X") == "SELECT 1 AS X"


@pytest.mark.parametrize(("start", "zone"), [
    ("2026-12-07T05:00:00 -03:00", "-03:00"),
    ("2026-12-07 05:00:00-03:00", "-03:00"),  # offset glued to the time
    ("2026-12-07T05:00:00 UTC-3", "-03:00"),
    ("GMT+3", "+03:00"),
    ("+5", "+05:00"),
    ("2026-12-07T05:00:00 America/Sao_Paulo", "America/Sao_Paulo"),
    ("2026-12-07T05:00:00 Etc/GMT-3", "Etc/GMT-3"),  # a region (UTC+3), not the offset -03:00
    ("2026-12-07", "2026-12-07"),  # no zone: a date's last field is no offset
])
def test_start_zone_reads_offsets_only_where_they_are(start: str, zone: str) -> None:
    assert n.start_zone(start).upper() == zone.upper()


def test_a_view_column_list_with_nested_parentheses_is_skipped() -> None:
    text = ("CREATE OR REPLACE VIEW CONEFI.V_A (A, B, CONSTRAINT V_A_PK PRIMARY KEY (A) RELY DISABLE "
            "NOVALIDATE) AS SELECT 1 A, 2 B FROM DUAL")
    assert n.source_text(text, type="view", owner="CONEFI", name="V_A") == "SELECT 1 A, 2 B FROM DUAL"


# --------------------------------------------------------------------------- the one lexer


def test_a_name_starting_with_a_non_ascii_letter_is_one_word() -> None:
    # Before the one lexer, a name opening with a non-ASCII letter split into a character
    # kept in its case and a word upper-cased: `éxito` and `ÉXITO` (what Oracle stores)
    # drifted apart.
    assert tokens("éxito = 1") == [("word", "éxito"), ("operator", "="), ("number", "1")]
    assert n.sql_expression("éxito = 1") == n.sql_expression("ÉXITO = 1") == "ÉXITO = 1"


def test_crlf_and_comments_between_tokens_are_ignored() -> None:
    assert n.sql_expression("a -- note\r\n  = q'[x]' /* c */") == n.sql_expression("A = q'[x]'")
