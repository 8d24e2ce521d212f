"""`conefi-dbtool downgrade`: back to an earlier revision's definitions."""

from __future__ import annotations

from typing import Any

import click

from conefi_dbtool.commands.upgrade import release_options, run_release


@click.command("downgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision")
@release_options
def downgrade_cmd(ctx: click.Context, revision: str, **kwargs: Any) -> int:
    """Downgrade a target's databases to an earlier revision.

    To REVISION (an id, -N, or base): restores that revision's definitions and drops the
    objects added after it, but never drops a table (or column) holding rows unless
    --allow-data-loss is given. --sql needs FROM:TO, e.g. head:-1. Examples:

    \b
        conefi-dbtool downgrade --target dev -1
        conefi-dbtool downgrade --target example --sql 0004_de90a6:0003_f402ad --out back-to-0003.sql
    """
    return run_release(ctx, "downgrade", revision, **kwargs)
