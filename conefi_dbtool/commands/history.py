"""`conefi-dbtool history`: the revisions, newest first."""

from __future__ import annotations

import json

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load


@click.command("history")
@params.output_format("text", "json")
@click.pass_context
def history_cmd(ctx: click.Context, fmt: str) -> int:
    """List the release revisions, newest first.

    Each with the number of source files it changes. Example:

    \b
        conefi-dbtool history
    """
    from conefi_dbtool.migrations.history import load_history

    history = load_history(load(ctx).migrations_dir)
    rows = [
        {"revision": r.id, "down_revision": r.down, "message": r.message.splitlines()[0] if r.message else "",
         "sources": len(r.sources), "file": r.path.name, "head": r.id == history.head}
        for r in reversed(history.chain)
    ]
    if fmt == "json":
        click.echo(json.dumps({"head": history.head, "revisions": rows}, indent=2))
        return 0
    if not rows:
        click.echo("no revisions yet (conefi-dbtool revision -m MESSAGE writes the first)")
    for row in rows:
        mark = " (head)" if row["head"] else ""
        click.echo(f"{row['revision']}{mark}  {row['message']}  [{row['sources']} source files, "
                   f"after {row['down_revision'] or 'base'}]")
    return 0
