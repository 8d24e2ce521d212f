"""`conefi-dbtool decode`: the named fields of CONEFI records (column INTDC_DADOS).

Needs no config or database: the layouts are part of the tool (conefi_dbtool/layouts/),
the same data the PL/SQL record builders are generated from.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from decimal import Decimal

import click

from conefi_dbtool.layouts.codec import DecodedRecord, Value, decode_record


def _json_value(value: Value) -> object:
    """Exact JSON: decimals as strings (no float rounding), dates ISO, no value as null."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _text_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _records(args: tuple[str, ...]) -> Iterator[str]:
    if not args or args == ("-",):
        for line in sys.stdin:
            line = line.rstrip("\r\n")
            if line:
                yield line
        return
    yield from args


def _as_text(record: DecodedRecord) -> str:
    rows = [("acao", record.action)] + [(n, _text_value(v)) for n, v in record.fields]
    width = max(len(n) for n, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}".rstrip() for name, value in rows)


@click.command("decode")
@click.argument("records", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one object per record (JSON Lines).")
def decode_cmd(records: tuple[str, ...], fmt: str) -> int:
    """Print the named fields of CONEFI queue records.

    RECORDS are values of INTDC_DADOS; none or '-' reads one record per line from stdin.
    A record whose action is unknown, whose field count differs from its layout or whose
    value does not fit its field type is an error (exit 2). Example:

        conefi-dbtool decode 'PRV;01;FAT;000123456;A;DP;20240405;20240205;1400.00;1'
    """
    out: list[str] = []
    for raw in _records(records):
        decoded = decode_record(raw)
        if fmt == "json":
            obj = {"acao": decoded.action, **{n: _json_value(v) for n, v in decoded.fields}}
            out.append(json.dumps(obj, ensure_ascii=False))
        else:
            out.append(_as_text(decoded))
    click.echo(("\n" if fmt == "json" else "\n\n").join(out))
    return 0
