"""Layout checks found untested by mutation testing: a record that outgrows INTDC_DADOS."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from conefi_dbtool.dictionary import Dictionary, load_dictionary
from conefi_dbtool.layouts.checks import check_layouts, worst_case_bytes
from conefi_dbtool.layouts.codec import format_value
from conefi_dbtool.layouts.data import layout
from conefi_dbtool.layouts.sql import SqlNames
from conefi_dbtool.layouts.wire import MAX_BYTES_PER_CHAR, MAX_RECORD_BYTES

DATA = Path(__file__).resolve().parents[2] / "conefi_dbtool" / "data"


def dictionary(**sizes: int) -> Dictionary:
    """The bundled dictionary, custom fields included, with some column sizes changed."""
    base = load_dictionary(DATA / "protheus_dictionary.csv")
    d = base.with_fields(load_dictionary(DATA / "custom_fields.csv").fields)
    return Dictionary(tuple(dataclasses.replace(f, size=sizes[f.name]) if f.name in sizes else f
                            for f in d.fields))


def test_a_record_over_4000_bytes_is_reported_and_one_that_fits_is_not() -> None:
    # A1_EMAIL is sent by INC only, as one character field: each character costs MAX_BYTES_PER_CHAR.
    size = dictionary().field("A1_EMAIL")
    assert size is not None
    worst = worst_case_bytes("INC", dictionary(), SqlNames())
    fits = size.size + (MAX_RECORD_BYTES - worst) // MAX_BYTES_PER_CHAR
    at_most = worst_case_bytes("INC", dictionary(A1_EMAIL=fits), SqlNames())
    assert MAX_RECORD_BYTES - MAX_BYTES_PER_CHAR < at_most <= MAX_RECORD_BYTES
    assert check_layouts(dictionary(A1_EMAIL=fits), SqlNames()) == []
    over = at_most + MAX_BYTES_PER_CHAR
    assert check_layouts(dictionary(A1_EMAIL=fits + 1), SqlNames()) == [
        f"layout INC: worst-case record is {over} bytes (INTDC_DADOS holds {MAX_RECORD_BYTES})"]


def test_the_size_check_waits_for_a_complete_dictionary() -> None:
    """A missing column is reported alone: the record size is unknown without it."""
    d = dictionary(A1_EMAIL=5000)
    without = Dictionary(tuple(f for f in d.fields if f.name != "A1_CGC"))
    problems = check_layouts(without, SqlNames())
    assert problems == ["layout INC, cpf_cnpj: SA1.A1_CGC is not in the Protheus dictionary"]


def test_a_date_costs_like_text_and_a_number_one_byte_a_digit() -> None:
    """Dates travel as CHAR(8) text (each character may be escaped); numbers only add digits."""
    def worst(**sizes: int) -> int:
        return worst_case_bytes("PGO", dictionary(**sizes), SqlNames())

    date = dictionary().field("E5_DATA")
    value = dictionary().field("E5_VALOR")
    assert date is not None and date.type == "D" and value is not None and value.type == "N"
    assert worst(E5_DATA=date.size + 1) - worst() == MAX_BYTES_PER_CHAR
    assert worst(E5_VALOR=value.size + 1) - worst() == 1


def test_numbers_of_any_python_type_are_formatted_with_the_layout_decimals() -> None:
    (paid,) = [f for f in layout("PGO").fields if f.name == "valor_pago"]
    assert paid.decimals == 2
    assert [format_value(paid, v) for v in (12, "1.005", 0.5)] == ["12.00", "1.01", "0.50"]
