"""`conefi-dbtool grants`: a profile's users and grants, its security findings, the reconcile plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target

if TYPE_CHECKING:
    from conefi_dbtool.config import Project, Target
    from conefi_dbtool.grants.review import GrantsReview


@click.command("grants")
@params.target()
@click.option("--profile", type=click.Choice(["least-privilege", "seed"]), default=None,
              help="Grants profile [default: the target's grants_profile].")
@params.databases()
@params.catalog("Catalog snapshot (JSON) of what the database holds: adds the reconcile plan "
                "and findings on what it holds beyond the profile.")
@params.output_format("text", "json")
@click.option("--sql", "as_sql", is_flag=True,
              help="Print SQL instead: the profile's DBA statements, or with --catalog the reconcile plan.")
@click.option("--revoke", is_flag=True,
              help="With --sql --catalog: include the revokes (destructive; commented out otherwise).")
@click.pass_context
def grants_cmd(ctx: click.Context, target_name: str, profile: str | None, databases: tuple[str, ...],
               catalog_path: Path | None, fmt: str, as_sql: bool, revoke: bool) -> int:
    """Users and grants: profile, security findings, reconcile plan.

    Users and grants of both databases: what the profile grants, what is wrong with it
    (findings with how to fix; waived ones with their reason) and, given a catalog
    snapshot, the grants to add and the revokes (shown; executed only with --sql --revoke),
    and a finding for each risky privilege the database holds beyond the profile (a DBA
    role, an ANY privilege, SELECT ANY DICTIONARY).

    Exit 1 when an unwaived finding of severity error exists. Examples:

    \b
        conefi-dbtool grants -t example
        conefi-dbtool grants -t example --profile seed --database erp
        conefi-dbtool grants -t example --catalog snap.json --sql > reconcile.sql
    """
    from conefi_dbtool.errors import UsageError
    from conefi_dbtool.grants.report import json_report, text_report

    if revoke and not (as_sql and catalog_path):
        raise UsageError("--revoke only applies with --sql and --catalog")
    project, target = load_target(ctx, target_name)
    reviews = _reviews(project, target, databases, profile, catalog_path)
    if as_sql:
        _echo_sql(reviews, target, revoke)
    elif fmt == "json":
        click.echo(json_report(target.name, reviews), nl=False)
    else:
        click.echo(text_report(target.name, reviews, str(catalog_path) if catalog_path else None), nl=False)
    return 1 if any(r.blocking for r in reviews) else 0


def _reviews(project: Project, target: Target, databases: tuple[str, ...], profile: str | None,
             catalog_path: Path | None) -> list[GrantsReview]:
    """One review per database, against its part of the snapshot when one is given."""
    from conefi_dbtool.catalog.snapshot import load_snapshot
    from conefi_dbtool.config import DATABASES
    from conefi_dbtool.errors import UsageError
    from conefi_dbtool.grants.review import review
    from conefi_dbtool.render import render_target

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
        reviews.append(review(project, target, database, profile, result=result, actual=actual,
                              actual_source=str(catalog_path)))
    return reviews


def _echo_sql(reviews: list[GrantsReview], target: Target, revoke: bool) -> None:
    """The reconcile plans (or the profiles' DBA SQL); blocking findings on stderr."""
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
