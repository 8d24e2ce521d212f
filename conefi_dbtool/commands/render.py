"""`conefi-dbtool render`: the target's objects as files, in deploy order, with a manifest."""

from __future__ import annotations

from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target


@click.command("render")
@params.target()
@params.out_dir("Output directory [default: build/<target>].")
@click.pass_context
def render_cmd(ctx: click.Context, target_name: str, out: Path | None) -> int:
    """Render a target's objects into files with a manifest.

    No database needed. Writes one file per object, numbered in dependency order, and manifest.json
    (identity, file, sha256 of each object). Example:

    \b
        conefi-dbtool render --target example --out build/example
    """
    from conefi_dbtool.output import write_render
    from conefi_dbtool.render import render_target

    project, target = load_target(ctx, target_name)
    result = render_target(project, target)
    dest = write_render(result, out or Path("build") / target.name)
    click.echo(f"rendered {len(result.objects)} objects for target {target.name} into {dest}")
    return 0
