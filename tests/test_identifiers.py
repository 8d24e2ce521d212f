from decimal import Decimal

import pytest

from conefi_dbtool.identifiers import (
    IdentifierError,
    normalize_identifier,
    sql_ident,
    sql_literal,
    sql_number,
    sql_qualified,
)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("siga", "SIGA"), ("Se1030", "SE1030"), ("A$B#C_1", "A$B#C_1"), ('"MixedCase"', "MixedCase")],
)
def test_valid_identifiers_normalize(raw: str, stored: str) -> None:
    assert normalize_identifier(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "SIGA; DROP USER X",
        "1ABC",
        "",
        "A-B",
        "SIGA\nX",
        "O'REILLY",
        "SELECT",
        "A" * 129,
        '"a"b"',
        '""',
        "ÇÃO",
        "SIGA.SE1030",
    ],
)
def test_invalid_identifiers_are_refused(raw: str) -> None:
    with pytest.raises(IdentifierError):
        normalize_identifier(raw)


def test_identifier_length_is_counted_in_bytes() -> None:
    assert normalize_identifier("A" * 128) == "A" * 128
    with pytest.raises(IdentifierError, match="128 bytes"):
        normalize_identifier('"' + "é" * 65 + '"')  # 130 bytes


def test_sql_ident_quotes_only_when_needed() -> None:
    assert sql_ident("conefi") == "CONEFI"
    assert sql_ident('"MixedCase"') == '"MixedCase"'
    assert sql_ident('"SELECT"') == '"SELECT"'
    assert sql_qualified("siga", "se1030") == "SIGA.SE1030"


def test_literal_doubles_quotes_and_refuses_line_breaks() -> None:
    assert sql_literal("O'Reilly") == "'O''Reilly'"
    assert sql_literal("x'; DROP USER X; --") == "'x''; DROP USER X; --'"
    assert sql_literal(12) == "'12'"
    for bad in ("a\nb", "a\rb", "a\x00b"):
        with pytest.raises(IdentifierError):
            sql_literal(bad)
    with pytest.raises(IdentifierError):
        sql_literal(True)


def test_number_accepts_only_numbers() -> None:
    assert sql_number(5) == "5"
    assert sql_number(Decimal("1.50")) == "1.50"
    for bad in (True, "5", None, float("nan")):
        with pytest.raises(IdentifierError):
            sql_number(bad)
