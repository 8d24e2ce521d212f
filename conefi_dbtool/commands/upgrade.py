"""`conefi-dbtool upgrade`: apply revisions online, print the plan, or write the script."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output

if TYPE_CHECKING:
    from conefi_dbtool.config import Target
    from conefi_dbtool.migrations.run import RunResult

F = TypeVar("F", bound=Callable[..., Any])


def release_options(fn: F) -> F:
    """Options shared by upgrade and downgrade."""
    options: tuple[Callable[[Any], Any], ...] = (
        params.target(),
        params.databases("both, ERP first"),
        click.option("--sql", "sql", is_flag=True,
                     help="Write the SQL*Plus script for [FROM:]TO instead of connecting."),
        params.out_file("With --sql or --dry-run: write to this file ('-': stdout) instead of stdout."),
        click.option("--no-connect", is_flag=True, help="With --sql: omit the CONNECT lines."),
        click.option("--dry-run", is_flag=True,
                     help="Connect, read each database's version and print the steps; change nothing."),
        params.output_format("text", "json", help="Summary (or --dry-run plan) format."),
        click.option("--allow-data-loss", is_flag=True,
                     help="Drop tables and columns even when they hold rows (refused otherwise)."),
        click.option("--lock-timeout", type=click.IntRange(0, 86400), default=600, show_default=True,
                     help="Seconds to wait for another deploy's lock."),
        click.pass_context,
    )
    decorated: Any = fn
    for option in reversed(options):
        decorated = option(decorated)
    return cast(F, decorated)


def run_release(ctx: click.Context, command: str, revision: str, *, target_name: str,
                out: Path | None, no_wait: bool = False, **flags: Any) -> int:
    """Check the request, then write the script or plan, or run it online."""
    from conefi_dbtool.migrations.request import Mode, ReleaseRequest

    request = ReleaseRequest.from_options(command, revision, to_file=out is not None, **flags)
    project, target = load_target(ctx, target_name)
    if request.mode is not Mode.ONLINE:
        from conefi_dbtool.migrations.run import offline_text

        checks = None
        if request.mode is Mode.SQL and command == "upgrade":
            from conefi_dbtool.run_preflight import script_steps

            checks = script_steps(project, target, request.databases, lock=True)
        write_output(offline_text(project, target, request, checks), out, inputs=(project.config_file,))
        return 0
    from conefi_dbtool.errors import ConefiError
    from conefi_dbtool.migrations.progress import LineReporter, RichReporter
    from conefi_dbtool.migrations.run import run_online
    from conefi_dbtool.run_preflight import online_check

    reporter = None
    if request.fmt == "text":
        reporter = RichReporter() if sys.stderr.isatty() else LineReporter()
    try:
        preflight = online_check(project, target, lambda text: click.echo(text, err=True),
                                 no_wait=no_wait) if command == "upgrade" else None
        result = run_online(project, target, command, request.revision, request.databases,
                            request.options, reporter, preflight=preflight)
    finally:
        if isinstance(reporter, RichReporter):
            reporter.close()
    _summarise(result, target, command, request.fmt)
    if not result.ok:
        raise ConefiError(result.error)
    return 0


def _summarise(result: RunResult, target: Target, command: str, fmt: str) -> None:
    """What an online run did: one line per database, or the JSON summary."""
    if fmt == "json":
        from conefi_dbtool.migrations.applier import summary_json

        outcomes = {o.database: o for o in result.outcomes}
        click.echo(json.dumps(summary_json(target.name, command, outcomes, result.error), indent=2))
        return
    for o in result.outcomes:
        state = "ok" if o.ok else "FAILED"
        click.echo(f"{o.database}: {o.direction} {o.start or 'base'} -> {o.end or 'base'}: {state} "
                   f"({len(o.ops)} operations; now at {o.reached or 'base'})")


@click.command("upgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision", default="head")
@release_options
@click.option("--no-wait", is_flag=True,
              help="Online: stop (nothing changed) when ERP sessions are executing a unit this release "
                   "replaces (preflight PF011) instead of letting its DDL wait for them.")
def upgrade_cmd(ctx: click.Context, revision: str, **kwargs: Any) -> int:
    """Upgrade a target's databases (online, --dry-run, or --sql).

    To REVISION (default: head). Online (python-oracledb): runs `preflight` first (stops
    before any change on an error), sets DDL_LOCK_TIMEOUT, takes the deploy lock,
    journals every object, verifies compile errors (reported at the template line),
    sweeps INVALID objects and checks the jobs; objects another schema owns (the SGU
    trigger with trigger_owner = "sgu") run on a session of their own (erp.other_owners).
    --dry-run prints what would run; --sql writes the same steps as a SQL*Plus script for
    a DBA, for the range [FROM:]TO (FROM defaults to base). Examples:

    \b
        conefi-dbtool upgrade --target dev
        conefi-dbtool upgrade --target dev --dry-run
        conefi-dbtool upgrade --target example --sql 0003_f402ad:head --out release-0004.sql
    """
    return run_release(ctx, "upgrade", revision, **kwargs)
