"""`conefi-dbtool current`: the revision each database of a target is at."""

from __future__ import annotations

import json

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target


@click.command("current")
@params.target()
@params.databases()
@params.output_format("text", "json")
@click.pass_context
def current_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], fmt: str) -> int:
    """Show the revision each database of a target is at.

    Reads CONEFI_DBTOOL_VERSION and changes nothing; connects with the target's
    connection settings. Example:

    \b
        conefi-dbtool current --target dev
    """
    from conefi_dbtool.config import DATABASES
    from conefi_dbtool.migrations.history import load_history
    from conefi_dbtool.migrations.run import managed_databases, read_version

    project, target = load_target(ctx, target_name)
    history = load_history(project.migrations_dir)
    rows: list[dict[str, object]] = []
    managed = managed_databases(project, target)
    for db in databases or DATABASES:
        if db not in managed:
            rows.append({"database": db, "revision": None, "head": history.head, "behind": None})
            continue
        current = read_version(project, target, db)
        behind = history.position(history.head) - history.position(current)
        rows.append({"database": db, "revision": current, "head": history.head, "behind": behind})
    if fmt == "json":
        click.echo(json.dumps({"target": target.name, "databases": rows}, indent=2))
        return 0
    for row in rows:
        if row["behind"] is None:
            click.echo(f"{row['database']}: not managed (no revision has an operation for it)")
            continue
        state = "at head" if not row["behind"] else f"{row['behind']} revisions behind head {row['head']}"
        click.echo(f"{row['database']}: {row['revision'] or 'base'} ({state})")
    return 0
