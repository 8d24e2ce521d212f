"""The Python codec of records: `encode_record`, `decode_record` (``conefi-dbtool decode``).

It reads the same layout data and wire constants as the SQL builder, so a record the
database writes decodes here field for field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from conefi_dbtool.layouts.data import LayoutField, layout
from conefi_dbtool.layouts.wire import ESCAPE, ESCAPES, SEPARATOR, DecodeError

_UNESCAPES = {esc: raw for raw, esc in ESCAPES}

Value = str | Decimal | int | dt.date | None


def escape(text: str) -> str:
    """The escaping rule applied to one text value."""
    out = []
    for ch in text:
        for raw, escaped in ESCAPES:
            if ch == raw:
                out.append(escaped)
                break
        else:
            out.append(ch)
    return "".join(out)


def split_record(record: str) -> list[str]:
    """Fields of a record, unescaped; a dangling or unknown escape is a decode error."""
    fields: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(record):
        ch = record[i]
        if ch == ESCAPE:
            pair = record[i:i + 2]
            if pair not in _UNESCAPES:
                shown = pair if len(pair) == 2 else "\\ at the end"
                raise DecodeError(f"invalid escape {shown!r} at position {i + 1}")
            current.append(_UNESCAPES[pair])
            i += 2
            continue
        if ch == SEPARATOR:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    fields.append("".join(current))
    return fields


def format_value(f: LayoutField, value: Value) -> str:
    """A Python value as the wire text of field `f` (before escaping), like the SQL does."""
    if value is None or value == "":
        return ""
    if f.type in ("C", "D"):
        if isinstance(value, dt.date):
            return value.strftime("%Y%m%d")
        return str(value).rstrip(" ")
    if f.type == "N":
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        quantum = Decimal(1).scaleb(-f.decimals)
        return format(number.quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise TypeError(f"field {f.name}: integer expected, got {value!r}")
    return str(int(value))


def encode_record(action: str, values: Mapping[str, Value]) -> str:
    """The record the database would write for these values (missing fields are empty)."""
    lay = layout(action)
    unknown = set(values) - set(lay.names)
    if unknown:
        raise DecodeError(f"{action} has no field(s) {', '.join(sorted(unknown))}")
    parts = [lay.action] + [escape(format_value(f, values.get(f.name))) for f in lay.fields]
    return SEPARATOR.join(parts)


def parse_value(f: LayoutField, text: str, action: str, position: int) -> Value:
    """A wire text as a Python value of the field's type (strict on dates and numbers)."""
    where = f"{action} field {position} ({f.name})"
    if f.type == "C":
        return text
    if text == "":
        return None
    if f.type == "D":
        try:
            if not re.fullmatch(r"\d{8}", text):
                raise ValueError
            return dt.datetime.strptime(text, "%Y%m%d").date()
        except ValueError:
            raise DecodeError(f"{where}: {text!r} is not a date YYYYMMDD") from None
    if f.type == "N":
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise DecodeError(f"{where}: {text!r} is not a decimal number")
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            raise DecodeError(f"{where}: {text!r} is not a decimal number") from None
    if not re.fullmatch(r"-?\d+", text):
        raise DecodeError(f"{where}: {text!r} is not an integer")
    return int(text)


@dataclass(frozen=True)
class DecodedRecord:
    action: str
    fields: tuple[tuple[str, Value], ...]

    def as_dict(self) -> dict[str, Value]:
        return dict(self.fields)


def decode_record(record: str) -> DecodedRecord:
    """Split, unescape and type a record; unknown action or field count is an error."""
    parts = split_record(record)
    action = parts[0]
    lay = layout(action)
    got = len(parts) - 1
    if got != len(lay.fields):
        raise DecodeError(
            f"{action} record has {got} field(s) after the action, the layout has "
            f"{len(lay.fields)}"
        )
    values = tuple(
        (f.name, parse_value(f, text, action, i))
        for i, (f, text) in enumerate(zip(lay.fields, parts[1:], strict=True), start=1)
    )
    return DecodedRecord(action, values)


def example_values(action: str) -> dict[str, Value]:
    """The documented example of a layout as typed values."""
    lay = layout(action)
    return {f.name: parse_value(f, f.example, action, i)
            for i, f in enumerate(lay.fields, start=1)}


def example_record(action: str) -> str:
    """The documented example record of a layout, on the wire."""
    lay = layout(action)
    return SEPARATOR.join([lay.action] + [escape(f.example) for f in lay.fields])
