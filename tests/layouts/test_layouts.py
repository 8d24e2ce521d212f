"""Layouts: the Python codec, the generated SQL record builder, and their agreement.

The SQL builder is checked by *evaluating* the generated expression with a small
interpreter of the Oracle functions it uses (REPLACE, RTRIM, TO_CHAR, CHR, ||, with
Oracle's '' = NULL), so a change in field order, separator, escaping or number format
on either side fails here without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conefi_dbtool.dictionary import Dictionary
from conefi_dbtool.errors import UsageError
from conefi_dbtool.identifiers import is_identifier
from conefi_dbtool.layouts import checks, codec, data, sql, wire
from conefi_dbtool.layouts.codec import decode_record, encode_record
from conefi_dbtool.layouts.data import ACTIONS, LAYOUTS
from conefi_dbtool.layouts.sql import SqlNames, record_sql
from conefi_dbtool.layouts.wire import DecodeError

NASTY = "JOSÉ; Ação \\ fim\nlinha 2\r\nçãõ ;;\\\\;"


def dictionary() -> Dictionary:
    return checks.bundled_dictionary()


# --------------------------------------------------------------------------- SQL interpreter


_TOKEN = re.compile(r"\s*(?:(\|\|)|('(?:[^']|'')*')|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)?)"
                    r"|(\d+)|([(),]))")


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise AssertionError(f"cannot tokenize at {text[pos:pos + 30]!r}")
        kinds = ("concat", "string", "name", "number", "punct")
        for kind, value in zip(kinds, m.groups(), strict=True):
            if value is not None:
                out.append((kind, value))
        pos = m.end()
    return out


def _null(value: Any) -> Any:
    return None if value == "" else value


def _to_char(value: Any, fmt: str) -> str | None:
    if value is None:
        return None
    assert fmt.startswith("FM"), fmt
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    quantum = Decimal(1).scaleb(-decimals)
    return format(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP), "f")


class OracleExpr:
    """Evaluates the expressions `record_sql` generates, with Oracle semantics."""

    def __init__(self, text: str, row: dict[str, Any]) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.row = row

    def take(self, kind: str | None = None, value: str | None = None) -> str:
        k, v = self.tokens[self.pos]
        assert kind is None or k == kind, (k, v, kind)
        assert value is None or v == value, (k, v, value)
        self.pos += 1
        return v

    def evaluate(self) -> str:
        result = self.concat()
        assert self.pos == len(self.tokens), "trailing tokens"
        return result or ""

    def concat(self) -> Any:
        parts = [self.term()]
        while self.pos < len(self.tokens) and self.tokens[self.pos][0] == "concat":
            self.take("concat")
            parts.append(self.term())
        if len(parts) == 1:
            return parts[0]
        return _null("".join("" if p is None else str(p) for p in parts))

    def term(self) -> Any:
        kind, value = self.tokens[self.pos]
        if kind == "string":
            self.take()
            return _null(value[1:-1].replace("''", "'"))
        if kind == "number":
            self.take()
            return int(value)
        name = self.take("name")
        if "." in name:  # a column of the row
            return self.row[name.split(".", 1)[1]]
        self.take("punct", "(")
        args = [self.concat()]
        while self.tokens[self.pos] == ("punct", ","):
            self.take()
            args.append(self.concat())
        self.take("punct", ")")
        return self.call(name.upper(), args)

    @staticmethod
    def call(name: str, args: list[Any]) -> Any:
        if name == "CHR":
            return chr(args[0])
        if name == "RTRIM":
            return None if args[0] is None else _null(str(args[0]).rstrip(" "))
        if name == "REPLACE":
            text, old, new = args
            return None if text is None else _null(str(text).replace(old, new or ""))
        if name == "TO_CHAR":
            return _to_char(args[0], args[1])
        raise AssertionError(f"unexpected function {name}")


def evaluate(action: str, values: dict[str, Any]) -> str:
    """INTDC_DADOS as Oracle would compute it from a row holding `values`."""
    lay = data.layout(action)
    row = {f.column: values.get(f.name) for f in lay.fields}
    return OracleExpr(record_sql(action, "c"), row).evaluate()


def protheus_value(f: data.LayoutField, value: Any) -> Any:
    """What the database column holds for a value: CHAR(8) dates, blank-padded texts."""
    if value is None:
        return "        " if f.type == "D" else None
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, str):
        return value + "   "  # Protheus pads character fields with blanks
    return value


# --------------------------------------------------------------------------- strategies

TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ019 ;\\\n\r,.-áÉçÃõüñ'\"|\t")), max_size=40)


def value_strategy(f: data.LayoutField) -> st.SearchStrategy[Any]:
    if f.type == "C":
        return TEXT
    if f.type == "D":
        return st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
    if f.type == "N":
        return st.one_of(st.none(), st.decimals(min_value=Decimal("-99999999.99"),
                                               max_value=Decimal("9999999999.99"),
                                               places=f.decimals, allow_nan=False,
                                               allow_infinity=False))
    return st.one_of(st.none(), st.integers(min_value=0, max_value=10**15))


@st.composite
def records(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    action = draw(st.sampled_from(ACTIONS))
    lay = data.layout(action)
    return action, {f.name: draw(value_strategy(f)) for f in lay.fields}


def expected_decoded(f: data.LayoutField, value: Any) -> Any:
    if f.type == "C":
        return "" if value is None else str(value).rstrip(" ")
    return value


# --------------------------------------------------------------------------- codec


@pytest.mark.parametrize("action", ACTIONS)
def test_example_record_round_trips(action: str) -> None:
    record = codec.example_record(action)
    decoded = decode_record(record)
    assert decoded.action == action
    assert [n for n, _ in decoded.fields] == list(data.layout(action).names)
    assert encode_record(action, decoded.as_dict()) == record


@pytest.mark.parametrize("action", ACTIONS)
def test_round_trip_with_separator_accents_line_breaks_and_escape_in_texts(action: str) -> None:
    lay = data.layout(action)
    values: dict[str, Any] = dict(codec.example_values(action))
    for f in lay.fields:
        if f.type == "C":
            values[f.name] = NASTY
    record = encode_record(action, values)
    assert "\n" not in record and "\r" not in record, "line breaks must travel escaped"
    assert record.count(";") - record.count("\\;") >= len(lay.fields)
    decoded = decode_record(record).as_dict()
    for f in lay.fields:
        assert decoded[f.name] == expected_decoded(f, values[f.name]), f.name


@settings(max_examples=300, deadline=None)
@given(records())
def test_any_record_round_trips(case: tuple[str, dict[str, Any]]) -> None:
    action, values = case
    lay = data.layout(action)
    decoded = decode_record(encode_record(action, values)).as_dict()
    for f in lay.fields:
        assert decoded[f.name] == expected_decoded(f, values[f.name]), f.name


def test_escaping_rule_is_the_documented_one() -> None:
    assert codec.escape("a;b\\c\nd\re") == "a\\;b\\\\c\\nd\\re"
    assert codec.split_record("A;x\\;y;\\\\;\\n") == ["A", "x;y", "\\", "\n"]
    assert wire.ESCAPES[0][0] == wire.ESCAPE, "the escape character is replaced first"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("XYZ;1;2", "unknown action 'XYZ'"),
        ("", "unknown action ''"),
        ("PRV;01;FAT", "PRV record has 2 field(s) after the action, the layout has another count "
                       "(version 1: 9, version 2: 12)"),
        (codec.example_record("PRV") + ";extra", "has 13 field(s)"),
        ("PRV;01;FAT;000123456;A;DP;2024x405;20240205;1400.00;1", "is not a date YYYYMMDD"),
        ("PRV;01;FAT;000123456;A;DP;20240230;20240205;1400.00;1", "is not a date YYYYMMDD"),
        ("PRV;01;FAT;000123456;A;DP;20240405;20240205;1.400,00;1", "is not a decimal number"),
        ("PRV;01;FAT;000123456;A;DP;20240405;20240205;1400.00;1.5", "is not an integer"),
        ("PRV;01;FAT\\x;000123456;A;DP;20240405;20240205;1400.00;1", "invalid escape '\\\\x'"),
        ("PRV;01;FAT;000123456;A;DP;20240405;20240205;1400.00;1\\", "invalid escape"),
    ],
)
def test_decode_errors_are_usage_errors(record: str, message: str) -> None:
    with pytest.raises(DecodeError, match=re.escape(message)) as exc:
        decode_record(record)
    assert isinstance(exc.value, UsageError)
    assert "\n" not in str(exc.value)


def test_encode_refuses_unknown_fields() -> None:
    with pytest.raises(DecodeError, match="no field"):
        encode_record("PGO", {"not_a_field": "x"})


# --------------------------------------------------------------------------- SQL builder


@pytest.mark.parametrize("action", ACTIONS)
def test_sql_builder_lists_the_layout_fields_in_order(action: str) -> None:
    sql = record_sql(action, "c")
    lay = data.layout(action)
    assert sql.startswith(f"'{action}' || ';'")
    assert re.findall(r"\bc\.([A-Z_0-9]+)", sql) == [f.column for f in lay.fields]
    assert sql.count("|| ';'") == len(lay.fields), "one separator before every field"


@pytest.mark.parametrize("action", ACTIONS)
def test_sql_builder_equals_python_encoder_on_examples_and_nasty_texts(action: str) -> None:
    lay = data.layout(action)
    for values in (codec.example_values(action),
                   {f.name: NASTY if f.type == "C" else None for f in lay.fields},
                   {f.name: None for f in lay.fields}):
        row = {name: protheus_value(lay.field(name), v) for name, v in values.items()}
        assert evaluate(action, row) == encode_record(action, values)


@settings(max_examples=300, deadline=None)
@given(records())
def test_sql_builder_equals_python_encoder(case: tuple[str, dict[str, Any]]) -> None:
    action, values = case
    lay = data.layout(action)
    row = {name: protheus_value(lay.field(name), v) for name, v in values.items()}
    assert evaluate(action, row) == encode_record(action, values)


def test_interpreter_catches_a_wrong_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agreement test can fail: a builder that skips escaping is caught."""
    values = {f.name: NASTY if f.type == "C" else None for f in LAYOUTS["DES"].fields}
    monkeypatch.setattr(sql, "escape_sql", lambda expr: expr)
    assert evaluate("DES", values) != encode_record("DES", values)


def test_number_format_is_nls_independent() -> None:
    assert sql.number_format(2).endswith("0.00")
    assert "D" not in sql.number_format(2) and "G" not in sql.number_format(2)
    assert sql.number_format(0).endswith("0") and "." not in sql.number_format(0)


@pytest.mark.parametrize("action", ACTIONS)
def test_columns_are_plain_identifiers_and_unique(action: str) -> None:
    lay = data.layout(action)
    columns = [f.column for f in lay.fields] + list(data.CONTROL_COLUMNS)
    columns += [c for c, _ in lay.extra]
    assert len(set(columns)) == len(columns)
    for c in columns:
        assert is_identifier(c) and c == c.upper(), c
    select = sql.select_sql(action, SqlNames())
    assert re.findall(r" AS ([A-Z_0-9]+),?$", select, re.M) == columns


def test_select_fills_placeholders_from_names() -> None:
    names = SqlNames(sgu="SGUX", custom={**SqlNames().custom, "sent_value": "E1_XOTHER"})
    assert "SGUX.F_COD_FEDERACAO_UNI" in sql.select_sql("INC", names)
    assert "e1.E1_XOTHER AS VALOR_ANTERIOR" in sql.select_sql("DES", names)
    assert "{" not in "".join(sql.select_sql(a, names) for a in ACTIONS)


# --------------------------------------------------------------------------- dictionary


def test_layouts_match_the_bundled_dictionary() -> None:
    assert checks.check_layouts(dictionary(), SqlNames()) == []


def test_a_field_missing_from_the_dictionary_is_reported() -> None:
    d = dictionary()
    without = Dictionary(tuple(f for f in d.fields if f.name != "E1_VENCORI"))
    problems = checks.check_layouts(without, SqlNames())
    assert any("SE1.E1_VENCORI is not in the Protheus dictionary" in p for p in problems)


def test_a_type_mismatch_is_reported() -> None:
    d = dictionary()
    changed = Dictionary(tuple(
        f if f.name != "E1_VALOR" else type(f)(f.table, f.order, f.name, "C", 16, 0, f.title,
                                                f.source)
        for f in d.fields))
    assert any("E1_VALOR is type C" in p for p in checks.check_layouts(changed, SqlNames()))


@pytest.mark.parametrize("action", ACTIONS)
def test_worst_case_record_fits_intdc_dados(action: str) -> None:
    assert checks.worst_case_bytes(action, dictionary(), SqlNames()) <= wire.MAX_RECORD_BYTES


# --------------------------------------------------------------------------- job steps


def test_job_steps_run_in_the_documented_order_each_from_its_own_view() -> None:
    run = [a for a, _ in data.JOB_STEPS]
    known = ["INC", "PGO", "EST", "CAN", "PRV", "HST"]
    assert [a for a in run if a in known] == known, "the documented order of the daily run"
    assert run[0] == "INC" and run[-1] == "HST", "HST last: it follows the day's INC/DES/PRG rows"
    orders = [s.order for _, s in data.JOB_STEPS]
    views = [s.view for _, s in data.JOB_STEPS]
    assert len(set(orders)) == len(orders) and len(set(views)) == len(views)
    for action, step in data.JOB_STEPS:
        lay = data.layout(action)
        assert lay.producer in ("job", "trigger") and lay.step is step
        assert "PKG_CONEFI_JOB" in lay.produced_by and step.view in lay.produced_by, action
        assert is_identifier(step.view) and step.view.startswith("V_CONEFI_"), step.view
    assert all(lay.step is None for lay in LAYOUTS.values() if lay.producer == "internal")
    assert all(lay.step is not None for lay in LAYOUTS.values() if lay.producer == "job")
