"""`conefi-dbtool upgrade`: apply revisions online, print the plan, or write the script."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from conefi_dbtool.commands._common import load_target, target_option

F = TypeVar("F", bound=Callable[..., Any])


def release_options(fn: F) -> F:
    """Options shared by upgrade and downgrade."""
    for option in reversed((
        target_option(),
        click.option("--database", "databases", type=click.Choice(["erp", "sgu2"]), multiple=True,
                     help="Only this database (repeatable) [default: both, ERP first]."),
        click.option("--sql", "sql", is_flag=True,
                     help="Write the SQL*Plus script for [FROM:]TO instead of connecting."),
        click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="With --sql or --dry-run: write to this file instead of stdout."),
        click.option("--no-connect", is_flag=True, help="With --sql: omit the CONNECT lines."),
        click.option("--dry-run", is_flag=True,
                     help="Connect, read each database's version and print the steps; change nothing."),
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                     show_default=True, help="Summary (or --dry-run plan) format."),
        click.option("--allow-data-loss", is_flag=True,
                     help="Drop tables and columns even when they hold rows (refused otherwise)."),
        click.option("--lock-timeout", type=click.IntRange(0, 86400), default=600, show_default=True,
                     help="Seconds to wait for another deploy's lock."),
        click.pass_context,
    )):
        fn = option(fn)
    return fn


def run_release(ctx: click.Context, command: str, spec: str, target_name: str, databases: tuple[str, ...],
                sql: bool, out_file: Path | None, no_connect: bool, dry_run: bool, fmt: str,
                allow_data_loss: bool, lock_timeout: int) -> int:
    from conefi_dbtool.config import DATABASES
    from conefi_dbtool.errors import ConefiError, UsageError
    from conefi_dbtool.migrations.planner import PlanOptions
    from conefi_dbtool.output import write_text_atomic

    if sql and dry_run:
        raise UsageError("--sql and --dry-run are exclusive (--sql needs no database)")
    if sql and fmt == "json":
        raise UsageError("--sql writes a SQL*Plus script; --format json applies to runs and --dry-run")
    if out_file is not None and not (sql or dry_run):
        raise UsageError("--out goes with --sql or --dry-run")
    project, target = load_target(ctx, target_name)
    options = PlanOptions(allow_data_loss=allow_data_loss, lock_timeout=lock_timeout)
    chosen = tuple(db for db in DATABASES if db in databases) if databases else DATABASES

    def emit(text: str) -> None:
        if out_file is None:
            click.echo(text, nl=False)
        else:
            write_text_atomic(out_file, text)
            click.echo(f"wrote {out_file}", err=True)

    if sql:
        from conefi_dbtool.migrations.run import sql_script

        emit(sql_script(project, target, command, spec, chosen, options, connect_lines=not no_connect))
        return 0
    if dry_run:
        from conefi_dbtool.migrations.run import dry_run as plan_only

        plans, text = plan_only(project, target, command, spec, chosen, options)
        if fmt == "json":
            from conefi_dbtool.migrations.sqlscript import plan_json

            emit(json.dumps(plan_json(target.name, command, plans), indent=2) + "\n")
        else:
            emit(text)
        return 0

    from conefi_dbtool.migrations.applier import summary_json
    from conefi_dbtool.migrations.progress import LineReporter, RichReporter
    from conefi_dbtool.migrations.run import run_online

    reporter: Any = None
    if fmt == "text":
        reporter = RichReporter() if sys.stderr.isatty() else LineReporter()
    try:
        result = run_online(project, target, command, spec, chosen, options, reporter)
    finally:
        if isinstance(reporter, RichReporter):
            reporter.close()
    if fmt == "json":
        outcomes = {o.database: o for o in result.outcomes}
        click.echo(json.dumps(summary_json(target.name, command, outcomes, result.error), indent=2))
    else:
        for o in result.outcomes:
            state = "ok" if o.ok else "FAILED"
            click.echo(f"{o.database}: {o.direction} {o.start or 'base'} -> {o.end or 'base'}: {state} "
                       f"({len(o.ops)} operations; now at {o.reached or 'base'})")
    if not result.ok:
        raise ConefiError(result.error)
    return 0


@click.command("upgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision", default="head")
@release_options
def upgrade_cmd(ctx: click.Context, revision: str, **kwargs: Any) -> int:
    """Upgrade a target's databases to REVISION (default: head).

    Online (python-oracledb): takes the deploy lock, journals every object, verifies
    compile errors (reported at the template line), sweeps INVALID objects and checks
    the jobs. --dry-run prints what would run; --sql writes the same steps as a
    SQL*Plus script for a DBA, for the range [FROM:]TO (FROM defaults to base). Examples:

        conefi-dbtool upgrade --target prd
        conefi-dbtool upgrade --target prd --sql 0003_a1b2c3:head --out release-0004.sql
    """
    return run_release(ctx, "upgrade", revision, **kwargs)
