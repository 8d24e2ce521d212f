"""`conefi-dbtool grants`: a profile's users and grants, its security findings, the reconcile plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from conefi_dbtool.commands._common import load_target, target_option

if TYPE_CHECKING:
    from conefi_dbtool.config import Target
    from conefi_dbtool.grants.review import GrantsReview


@click.command("grants")
@target_option()
@click.option("--profile", type=click.Choice(["least-privilege", "seed"]), default=None,
              help="Grants profile [default: the target's grants_profile].")
@click.option("--database", "databases", type=click.Choice(["erp", "sgu2"]), multiple=True,
              help="Only this database (repeatable) [default: both].")
@click.option("--catalog", "catalog_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Catalog snapshot (JSON) of what the database holds: adds the reconcile plan.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--sql", "as_sql", is_flag=True,
              help="Print SQL instead: the profile's DBA statements, or with --catalog the reconcile plan.")
@click.option("--revoke", is_flag=True,
              help="With --sql --catalog: include the revokes (destructive; commented out otherwise).")
@click.pass_context
def grants_cmd(ctx: click.Context, target_name: str, profile: str | None, databases: tuple[str, ...],
               catalog_path: Path | None, fmt: str, as_sql: bool, revoke: bool) -> int:
    """Users and grants of both databases: what the profile grants, what is wrong with it
    (findings with how to fix; waived ones with their reason) and, given a catalog
    snapshot, the grants to add and the revokes (shown; executed only with --sql --revoke).

    Exit 1 when an unwaived finding of severity error exists. Examples:

    \b
        conefi-dbtool grants -t example
        conefi-dbtool grants -t example --profile seed --database erp
        conefi-dbtool grants -t prd --catalog prd.json --sql > reconcile.sql
    """
    from conefi_dbtool.catalog.snapshot import load_snapshot
    from conefi_dbtool.config import DATABASES
    from conefi_dbtool.errors import UsageError
    from conefi_dbtool.grants.report import json_report, text_report
    from conefi_dbtool.grants.review import review
    from conefi_dbtool.render import render_target

    if revoke and not (as_sql and catalog_path):
        raise UsageError("--revoke only applies with --sql and --catalog")
    project, target = load_target(ctx, target_name)
    snapshot = load_snapshot(catalog_path) if catalog_path else None
    result = render_target(project, target)
    reviews = []
    for database in databases or DATABASES:
        actual = None
        if snapshot is not None:
            actual = snapshot.database(database)
            if actual is None:
                raise UsageError(f"{catalog_path}: the snapshot has no database {database!r} "
                                 "(use --database to pick the ones it holds)")
        reviews.append(review(project, target, database, profile, result=result, actual=actual))
    if as_sql:
        from conefi_dbtool.grants.reconcile import plan_sql

        for r in reviews:
            if r.plan is not None:
                click.echo(plan_sql(r.plan, include_revokes=revoke), nl=False)
            else:
                click.echo(dba_sql(r, target), nl=False)
        for r in reviews:
            for f in r.blocking:
                click.echo(f"conefi-dbtool: {f.severity}: {r.manifest.database}: {f.code}: {f.subject}",
                           err=True)
    elif fmt == "json":
        click.echo(json_report(target.name, reviews), nl=False)
    else:
        click.echo(text_report(target.name, reviews, str(catalog_path) if catalog_path else None), nl=False)
    return 1 if any(r.blocking for r in reviews) else 0


def dba_sql(r: GrantsReview, target: Target) -> str:
    """The profile as the deploy script's DBA section runs it (guarded, hidden prompts)."""
    from conefi_dbtool.grants.link import link_steps
    from conefi_dbtool.grants.render_sql import dba_steps_for
    from conefi_dbtool.script import format_step

    m = r.manifest
    steps = dba_steps_for(m) + (link_steps(target) if m.database == "sgu2" else ())
    return (f"-- {m.database}: profile {m.profile} ({m.file}); run as a DBA\n"
            "WHENEVER SQLERROR EXIT FAILURE ROLLBACK\nSET DEFINE ON\n"
            + "".join(format_step(s) for s in steps) + "SET DEFINE OFF\n")
