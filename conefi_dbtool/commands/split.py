"""`conefi-dbtool split`: how SQL*Plus would cut a script into units, for a DBA to check."""

from __future__ import annotations

import json
from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.errors import UsageError
from conefi_dbtool.textio import read_sql_text


@click.command("split")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@params.output_format("text", "json")
@params.encoding("FILE")
def split_cmd(file: Path, fmt: str, encoding: str | None) -> int:
    """Show how SQL*Plus splits a script into units (kind, lines).

    Prints the units SQL*Plus would run from FILE: kind, start and end line, first words.
    Kinds: plsql (ended by a line holding only '/' or '.'), sql (ended by ';' or '/'),
    sqlplus (client commands such as SET, PROMPT, @, WHENEVER). A unit whose terminator
    is missing is marked 'unterminated' (SQL*Plus would not run it). Where SQL*Plus
    would read the script differently (a blank line inside a statement of a script
    that does not SET SQLBLANKLINES), a warning naming FILE:LINE goes to stderr; the
    exit code does not change. Example:

    \b
        conefi-dbtool split deploy-example.sql --format json
    """
    from conefi_dbtool.splitter import SplitError, split_script

    text = read_sql_text(file, encoding)
    try:
        result = split_script(text)
    except SplitError as exc:
        raise UsageError(f"{file}:{exc.line}: {exc.detail}") from None
    for warning in result.warnings:
        click.echo(f"{file}:{warning.line}: warning: {warning.message}", err=True)
    units = result.units
    if fmt == "json":
        click.echo(json.dumps([
            {"kind": u.kind, "start": u.start, "end": u.end, "first_words": u.first_words(),
             "terminated": u.terminated}
            for u in units
        ], indent=2))
        return 0
    width = 2 * len(str(max((u.end for u in units), default=1))) + 1
    for u in units:
        lines = f"{u.start}-{u.end}"
        flag = "" if u.terminated else "  (unterminated)"
        click.echo(f"{lines:<{width}}  {u.kind:<7}  {u.first_words()}{flag}")
    click.echo(f"{len(units)} unit(s) in {file}", err=True)
    return 0
