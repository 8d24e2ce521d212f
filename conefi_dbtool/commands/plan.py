"""`conefi-dbtool plan`: the ordered steps from the database's catalog to the desired state."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output


@click.command("plan")
@params.target()
@params.catalog()
@params.databases(params.MODEL_DATABASES)
@click.option("--head", "at_head", is_flag=True,
              help="Desired state = the templates now (the default until revisions can be rendered "
                   "at the database's own revision).")
@click.option("--ignore", "ignores", multiple=True, metavar="PATTERN",
              help="Leave objects matching this pattern alone (as in drift).")
@params.output_format("text", "json", "markdown", "sql",
                      help="sql: a SQL*Plus script of the steps, for review.")
@click.option("--sql", "show_sql", is_flag=True, help="Text format: show each step's statements.")
@click.option("--allow-destructive", is_flag=True,
              help="With --format sql: write destructive steps as statements, not comments.")
@params.out_file()
@click.pass_context
def plan_cmd(ctx: click.Context, target_name: str, catalog_path: Path | None, databases: tuple[str, ...],
             at_head: bool, ignores: tuple[str, ...], fmt: str, show_sql: bool, allow_destructive: bool,
             out: Path | None) -> int:
    """Preview the ordered steps from a database's catalog to the model.

    What it takes to bring the database to the desired state; never executes. Steps in
    order: create / replace / alter / grant / job create-alter, then enables and
    recompiles, destructive steps (drop, revoke, job drop, dropped or modified columns)
    last and marked; a unified diff per changed source, attribute diffs for jobs, grants
    and tables. Apply with `conefi-dbtool upgrade` (versioned). Examples:

    \b
        conefi-dbtool plan --target dev
        conefi-dbtool plan --target dev --catalog snap.json --format sql --out review.sql
    """
    from conefi_dbtool.catalog.drift import ignore_patterns
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.plan import head_render, plan_for
    from conefi_dbtool.catalog.reports import emit, plain, plan_json, plan_markdown, plan_sql, plan_text
    from conefi_dbtool.catalog.source import actual_catalog, model_databases

    project, target = load_target(ctx, target_name)
    desired_render = head_render(project, target)
    desired = expected_snapshot(project, target, desired_render)
    chosen = model_databases(desired, databases)
    actual = actual_catalog(project, target, desired, catalog_path, chosen)
    plan, _report = plan_for(project, target, desired_render, actual,
                             ignore=ignore_patterns(target.drift.ignore, ignores), databases=chosen)
    inputs = (project.config_file, *filter(None, [catalog_path]))
    if fmt == "json":
        write_output(plan_json(plan), out, inputs=inputs)
    elif fmt == "markdown":
        write_output(plan_markdown(plan), out, inputs=inputs)
    elif fmt == "sql":
        write_output(plan_sql(plan, allow_destructive=allow_destructive), out, inputs=inputs)
    elif out is not None:
        write_output(plain(plan_text(plan, show_sql=show_sql)), out, inputs=inputs)
    else:
        stream = sys.stdout
        emit(plan_text(plan, show_sql=show_sql), stream, color=stream.isatty())
    return 0
