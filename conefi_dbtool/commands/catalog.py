"""`conefi-dbtool catalog dump|expected`: catalog snapshots as stable JSON.

Also the shared options of every command that needs a catalog (`drift`, `plan`,
`status`); where the catalog comes from is `conefi_dbtool.catalog.source`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from conefi_dbtool.commands._common import load_target, target_option
from conefi_dbtool.config import DATABASES

F = TypeVar("F", bound=Callable[..., Any])


def catalog_option(f: F) -> F:
    return click.option(
        "--catalog", "catalog_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Compare with this snapshot (from `catalog dump`) instead of connecting.",
    )(f)


def database_option(f: F) -> F:
    return click.option(
        "--database", "databases", type=click.Choice(list(DATABASES)), multiple=True,
        help="Only this database (repeatable) [default: the databases the model uses].",
    )(f)


def write_or_echo(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    from conefi_dbtool.output import write_text_atomic

    write_text_atomic(out, text)
    click.echo(f"wrote {out}", err=True)


@click.group("catalog")
def catalog_cmd() -> None:
    """Catalog snapshots: what a database holds (dump) or should hold (expected).

    Both print the same stable JSON, so `drift --catalog` and a DBA can use either.
    """


@catalog_cmd.command("dump")
@target_option()
@database_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
@click.pass_context
def dump_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], out: Path | None) -> int:
    """Read the target's databases (online) into a snapshot.

    Connects with the target's connection variables (conefi.toml names them) and runs a
    fixed, small number of dictionary queries per database. Example:

        conefi-dbtool catalog dump --target prd --out snap.json
    """
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.reader import read_target
    from conefi_dbtool.catalog.snapshot import snapshot_to_json
    from conefi_dbtool.catalog.source import model_databases

    project, target = load_target(ctx, target_name)
    desired = expected_snapshot(project, target)
    snapshot = read_target(target, desired, model_databases(desired, databases),
                           config_file=project.config_file.name)
    write_or_echo(snapshot_to_json(snapshot), out)
    return 0


@catalog_cmd.command("expected")
@target_option()
@database_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
@click.pass_context
def expected_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], out: Path | None) -> int:
    """Compute (offline) the snapshot the target should hold at head.

    Same JSON as `catalog dump`; `drift --catalog` against it reports no drift. Example:

        conefi-dbtool catalog expected --target example --out expected.json
    """
    import dataclasses

    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.snapshot import snapshot_to_json

    project, target = load_target(ctx, target_name)
    snapshot = expected_snapshot(project, target)
    if databases:
        snapshot = dataclasses.replace(
            snapshot, databases=tuple(d for d in snapshot.databases if d.database in databases))
    write_or_echo(snapshot_to_json(snapshot), out)
    return 0
