"""`conefi-dbtool check`: fail when templates/grants changed without a revision."""

from __future__ import annotations

import click

from conefi_dbtool.commands._common import load


@click.command("check")
@click.pass_context
def check_cmd(ctx: click.Context) -> int:
    """Exit 1 if templates/grants changed without a revision.

    Compares templates/ and grants/ with the head revision (no database): lists each
    file that differs and each missing or altered snapshot; exit 0 when head describes
    the work tree. CI runs it so main always has its revisions. Example:

    \b
        conefi-dbtool check || conefi-dbtool revision -m "..."
    """
    from conefi_dbtool.migrations.check import check_release

    result = check_release(load(ctx))
    if result.ok:
        click.echo(f"ok: templates and grants match head {result.head or 'base'} "
                   f"({result.revisions} revisions)")
        return 0
    for line in result.lines():
        click.echo(line)
    if result.changes:
        click.echo(f"{len(result.changes)} source files differ from head {result.head or 'base'}: "
                   "run `conefi-dbtool revision -m MESSAGE`", err=True)
    if result.problems:
        click.echo(f"{len(result.problems)} snapshots are missing or altered", err=True)
    return 1
