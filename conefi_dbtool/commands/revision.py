"""`conefi-dbtool revision -m MSG`: freeze the template/grants changes since head."""

from __future__ import annotations

import click

from conefi_dbtool.commands._common import load


@click.command("revision")
@click.option("-m", "--message", required=True,
              help="What this release changes (first line of the revision).")
@click.option("--rev-id", default=None, help="Revision id to use [default: NNNN_<random hex>].")
@click.pass_context
def revision_cmd(ctx: click.Context, message: str, rev_id: str | None) -> int:
    """Write a release revision with the changes since head.

    Offline autogenerate: compares templates/ and grants/ with the state at head
    (replayed from the revisions, no database), renders every target both ways, and
    writes migrations/versions/<rev>.py (one operation per changed object) plus the new
    snapshots. Nothing changed: nothing
    is written (exit 0). Example:

    \b
        conefi-dbtool revision -m "EST carries the original queue id"
    """
    from conefi_dbtool.migrations.autogen import files_summary, write_revision

    project = load(ctx)
    written = write_revision(project, message, rev_id=rev_id)
    if written is None:
        click.echo("no changes since head: no revision written")
        return 0
    draft = written.draft
    click.echo(f"wrote {written.path} ({written.revision}: {files_summary(draft.files)} source files, "
               f"{len(draft.upgrade)} operations)")
    for line in draft.upgrade:
        click.echo(f"  {line}")
    for warning in draft.warnings:
        click.echo(f"warning: {warning}", err=True)
    return 0
