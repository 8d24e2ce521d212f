"""The Python codec of records: `encode_record`, `decode_record` (``conefi-dbtool decode``).

It reads the same layout data and wire constants as the SQL builder, so a record the
database writes decodes here field for field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from conefi_dbtool.layouts.data import CURRENT_VERSION, LAYOUT_VERSIONS, Layout, LayoutField, layout
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


def encode_record(action: str, values: Mapping[str, Value],
                  version: int = CURRENT_VERSION) -> str:
    """The record the database would write for these values (missing fields are empty)."""
    lay = layout(action, version)
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
    version: int = CURRENT_VERSION  # the layout version it was read with

    def as_dict(self) -> dict[str, Value]:
        return dict(self.fields)


# layout version -> action -> field -> most characters/digits
FieldSizes = Mapping[int, Mapping[str, Mapping[str, int]]]


def check_size(f: LayoutField, text: str, size: int, where: str) -> None:
    """A wire text longer than its field (texts in characters, numbers in digits)."""
    if f.type == "C" and len(text) > size:
        raise DecodeError(f"{where}: {len(text)} characters, the field holds {size}")
    if f.type in ("N", "I"):
        whole, _, fraction = text.lstrip("-").partition(".")
        if len(whole) + len(fraction) > size:
            raise DecodeError(f"{where}: {len(whole) + len(fraction)} digits, the field holds {size}")
        if len(fraction) > f.decimals:
            raise DecodeError(f"{where}: {len(fraction)} decimals, the field has {f.decimals}")


def record_version(action: str, count: int, version: int | None = None) -> tuple[int, Layout]:
    """The layout version a record of `count` fields is in (`version` None: by its count).

    Every version of a sent action has its own field count (a test holds the layouts to
    it), so a row still pending in an older format at deploy time decodes on its own; the
    queue row's INTDC_NUM_LAYOUT says the same.
    """
    if version is not None:
        lay = layout(action, version)
        if count != len(lay.fields):
            raise DecodeError(f"{action} record has {count} field(s) after the action, the "
                              f"layout (version {version}) has {len(lay.fields)}")
        return version, lay
    layout(action)  # an unknown action is reported as such
    matches = [(v, lays[action]) for v, lays in sorted(LAYOUT_VERSIONS.items(), reverse=True)
               if action in lays and len(lays[action].fields) == count]
    if not matches:
        known = ", ".join(f"version {v}: {len(lays[action].fields)}"
                          for v, lays in sorted(LAYOUT_VERSIONS.items()) if action in lays)
        raise DecodeError(f"{action} record has {count} field(s) after the action, the layout "
                          f"has another count ({known})")
    return matches[0]


def decode_record(record: str, sizes: FieldSizes | None = None,
                  version: int | None = None) -> DecodedRecord:
    """Split, unescape and type a record; unknown action or field count is an error.

    The layout version is `version`, or the one whose field count the record has. With
    `sizes` a value longer than its field is an error too (the database could not have
    written it: a record truncated or shifted by a lost separator shows up here).
    """
    parts = split_record(record)
    action = parts[0]
    found, lay = record_version(action, len(parts) - 1, version)
    values = []
    limits = sizes.get(found, {}).get(action, {}) if sizes is not None else {}
    for i, (f, text) in enumerate(zip(lay.fields, parts[1:], strict=True), start=1):
        value = parse_value(f, text, action, i)
        if f.name in limits:
            check_size(f, text, limits[f.name], f"{action} field {i} ({f.name})")
        values.append((f.name, value))
    return DecodedRecord(action, tuple(values), found)


# --------------------------------------------------------------------------- batches

UTF8_BOM = b"\xef\xbb\xbf"
# ASCII-compatible encodings a record can arrive in: the separator, the escape and the
# line break are the same bytes in all of them, so lines split before decoding.
ENCODINGS = ("utf-8", "cp1252", "latin-1")


@dataclass(frozen=True)
class DecodedLine:
    """One line of a batch: its record, or why it could not be decoded."""

    number: int  # 1-based line number in the input
    record: DecodedRecord | None
    error: str | None = None


def decode_text(raw: bytes, encoding: str) -> str:
    """One line's bytes as text; an invalid byte is an error naming its position."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"byte {exc.start + 1} (0x{raw[exc.start]:02x}) is not valid "
                          f"{encoding}") from None


def decode_lines(lines: Iterable[bytes], *, encoding: str = "utf-8",
                 sizes: FieldSizes | None = None,
                 version: int | None = None) -> Iterator[DecodedLine]:
    """Decode a batch, one record a line; a bad line is reported and the batch goes on.

    Blank lines are skipped (a pipeline with no pending rows sends nothing); a UTF-8 byte
    order mark before the first line is ignored. Never a replacement character: bytes
    that are not valid in `encoding` make the line an error.
    """
    if encoding not in ENCODINGS:
        raise DecodeError(f"unsupported encoding {encoding!r} (known: {', '.join(ENCODINGS)})")
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(UTF8_BOM) and encoding == "utf-8":
            raw = raw[len(UTF8_BOM):]
        raw = raw.rstrip(b"\r\n")
        if not raw:
            continue
        try:
            yield DecodedLine(number, decode_record(decode_text(raw, encoding), sizes, version))
        except DecodeError as exc:
            yield DecodedLine(number, None, str(exc))


def example_values(action: str, version: int = CURRENT_VERSION) -> dict[str, Value]:
    """The documented example of a layout as typed values."""
    lay = layout(action, version)
    return {f.name: parse_value(f, f.example, action, i)
            for i, f in enumerate(lay.fields, start=1)}


def example_record(action: str, version: int = CURRENT_VERSION) -> str:
    """The documented example record of a layout, on the wire."""
    lay = layout(action, version)
    return SEPARATOR.join([lay.action] + [escape(f.example) for f in lay.fields])
