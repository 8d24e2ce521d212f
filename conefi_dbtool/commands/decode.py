"""`conefi-dbtool decode`: the named fields of CONEFI records (column INTDC_DADOS).

Needs no config or database: the layouts are part of the tool (conefi_dbtool/layouts/),
the same data the PL/SQL record builders are generated from. The batch logic (lines,
encodings, field sizes) is `layouts.codec.decode_lines`; this shell reads and prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import click

from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.layouts.checks import bundled_dictionary, field_sizes
from conefi_dbtool.layouts.codec import ENCODINGS, DecodedLine, DecodedRecord, Value, decode_lines
from conefi_dbtool.layouts.data import LAYOUT_VERSIONS


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


def _as_text(record: DecodedRecord) -> str:
    rows = [("acao", record.action), ("versao_layout", str(record.version))]
    rows += [(n, _text_value(v)) for n, v in record.fields]
    width = max(len(n) for n, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}".rstrip() for name, value in rows)


def _as_json(record: DecodedRecord) -> str:
    obj = {"acao": record.action, "versao_layout": record.version,
           **{n: _json_value(v) for n, v in record.fields}}
    return json.dumps(obj, ensure_ascii=False)


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _report(lines: Iterable[DecodedLine], where: str, fmt: str) -> tuple[int, int]:
    """Print each record (stdout) or error (stderr, one line); (records, failures)."""
    total = failed = 0
    for line in lines:
        total += 1
        if line.record is None:
            failed += 1
            click.echo(f"conefi-dbtool: error: {where}{line.number}: {line.error}", err=True)
            continue
        if fmt == "json":
            click.echo(_as_json(line.record))
        else:
            click.echo(("\n" if total - failed > 1 else "") + _as_text(line.record))
    return total, failed


@click.command("decode")
@click.argument("records", nargs=-1)
@click.option("--input", "input_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Read one record a line from FILE ('-': stdin).")
@click.option("--encoding", type=click.Choice(ENCODINGS, case_sensitive=False), default="utf-8",
              show_default=True, help="Character set of the input (the ERP writes cp1252).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one object per record (JSON Lines).")
@click.option("--layout-version", "layout_version",
              type=click.Choice(["auto", *(str(v) for v in LAYOUT_VERSIONS)]), default="auto",
              show_default=True,
              help="Layout version of the records (the row's INTDC_NUM_LAYOUT); auto: the "
                   "version whose field count each record has.")
def decode_cmd(records: tuple[str, ...], input_path: Path | None, encoding: str, fmt: str,
               layout_version: str) -> int:
    """Print the named fields of CONEFI queue records.

    RECORDS are values of INTDC_DADOS; none, '-' or --input reads one record a line.
    Every layout version decodes (rows queued before an upgrade included); each record
    says which one it was read with (versao_layout).
    Every bad record (unknown action, field count, a value that does not fit its type
    or its size, a byte invalid in --encoding) is reported with its line number and the
    rest are still decoded; exit 1 if any failed. Empty input prints nothing.

    Examples:

    \b
        conefi-dbtool decode 'PRV;01;FAT;000123456;A;DP;20240405;20240205;1400.00;1'
        conefi-dbtool decode --input pending.txt --encoding cp1252 --format json
        conefi-dbtool decode --layout-version 1 --input pending-before-upgrade.txt
    """
    if records and input_path is not None:
        raise UsageError("give records as arguments or --input, not both")
    sizes = field_sizes(bundled_dictionary())
    with contextlib.ExitStack() as stack:
        lines: Iterable[bytes]
        if records and records != ("-",):
            lines, where = [os.fsencode(r) for r in records], "argument "  # argv bytes as given
        elif input_path is None or str(input_path) == "-":
            lines, where = sys.stdin.buffer, "<stdin>:"
        else:
            lines, where = stack.enter_context(_open(input_path)), f"{input_path}:"
        version = None if layout_version == "auto" else int(layout_version)
        decoded = decode_lines(lines, encoding=encoding.lower(), sizes=sizes, version=version)
        total, failed = _report(decoded, where, fmt)
    sys.stdout.flush()
    if failed:
        raise ConefiError(f"{failed} of {total} record(s) could not be decoded")
    return 0
