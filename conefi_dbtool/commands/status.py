"""`conefi-dbtool status`: revision, invalid objects, job health and queue backlog."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target


@click.command("status")
@params.target()
@params.catalog()
@params.databases(params.MODEL_DATABASES)
@params.output_format("text", "json")
@click.pass_context
def status_cmd(ctx: click.Context, target_name: str, catalog_path: Path | None, databases: tuple[str, ...],
               fmt: str) -> int:
    """Revision, invalid objects, job health and queue backlog.

    The daily operator view of a target; exit 1 when something needs attention. Per
    database: the revision recorded, INVALID objects, each job (enabled, state, last
    and next run, failures in the last 24 h) and the queue backlog (pending and error
    rows, age of the oldest pending row). Example:

    \b
        conefi-dbtool status --target dev
    """
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.reports import emit, status_json, status_text
    from conefi_dbtool.catalog.source import actual_catalog, model_databases
    from conefi_dbtool.catalog.status import build_status

    project, target = load_target(ctx, target_name)
    desired = expected_snapshot(project, target)
    chosen = model_databases(desired, databases)
    actual = actual_catalog(project, target, desired, catalog_path, chosen, include_queue=True)
    report = build_status(actual, desired)
    if fmt == "json":
        click.echo(status_json(report), nl=False)
    else:
        stream = sys.stdout
        emit(status_text(report), stream, color=stream.isatty())
    return 0 if report.healthy else 1
