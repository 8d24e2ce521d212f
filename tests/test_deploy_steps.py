"""Idempotent deploy steps: guarded creates, literals, compile checks."""

from __future__ import annotations

import pytest

from conefi_dbtool.deploy_steps import guard_codes, guarded_block, sql_literal_multiline
from conefi_dbtool.splitter import split


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
