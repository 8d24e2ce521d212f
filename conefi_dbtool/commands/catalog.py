"""`conefi-dbtool catalog dump|expected`: catalog snapshots as stable JSON.

Also the shared options of every command that needs a catalog (`drift`, `plan`,
`status`); where the catalog comes from is `conefi_dbtool.catalog.source`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output


@click.group("catalog")
def catalog_cmd() -> None:
    """Catalog snapshots: dump a database (online) or the expected one.

    What a database holds (dump) or should hold (expected). Both print the same stable
    JSON, so `drift --catalog` and a DBA can use either.
    """


def _snapshot_command(name: str) -> Callable[[Callable[..., int]], click.Command]:
    """`catalog dump` and `catalog expected` take the same options (their JSON is the same)."""

    def register(command: Callable[..., int]) -> click.Command:
        with_options = params.target()(params.databases(params.MODEL_DATABASES)(
            params.out_file()(click.pass_context(command))))
        return catalog_cmd.command(name)(with_options)

    return register


@_snapshot_command("dump")
def dump_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], out: Path | None) -> int:
    """Read the target's databases (online) into a snapshot.

    Connects with the target's connection variables (conefi.toml names them) and runs a
    fixed, small number of dictionary queries per database. Example:

    \b
        conefi-dbtool catalog dump --target dev --out snap.json
    """
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.reader import read_target
    from conefi_dbtool.catalog.snapshot import snapshot_to_json
    from conefi_dbtool.catalog.source import model_databases

    project, target = load_target(ctx, target_name)
    desired = expected_snapshot(project, target)
    snapshot = read_target(target, desired, model_databases(desired, databases),
                           config_file=project.config_file.name)
    write_output(snapshot_to_json(snapshot), out, inputs=(project.config_file,))
    return 0


@_snapshot_command("expected")
def expected_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], out: Path | None) -> int:
    """Compute (offline) the snapshot the target should hold at head.

    Same JSON as `catalog dump`; `drift --catalog` against it reports no drift. Example:

    \b
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
    write_output(snapshot_to_json(snapshot), out, inputs=(project.config_file,))
    return 0
