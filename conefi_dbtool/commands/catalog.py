"""`conefi-dbtool catalog dump|expected`: catalog snapshots as stable JSON.

Also the shared plumbing of every command that needs a catalog (`drift`, `plan`,
`status`): `--catalog snap.json` (offline) or the target's connection variables (online).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from conefi_dbtool.catalog import CatalogSnapshot
from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output
from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import UsageError


def model_databases(desired: CatalogSnapshot, chosen: Sequence[str]) -> tuple[str, ...]:
    """--database choices, or every database the desired state has something in."""
    if chosen:
        return tuple(dict.fromkeys(chosen))
    return tuple(d.database for d in desired.databases) or ("erp",)


def actual_catalog(project: Project, target: Target, desired: CatalogSnapshot,
                   catalog_path: Path | None, databases: tuple[str, ...], *,
                   include_queue: bool = False) -> CatalogSnapshot:
    """The catalog to compare with: the snapshot file, or a live read of `databases`."""
    if catalog_path is not None:
        from conefi_dbtool.catalog import load_snapshot

        snapshot = load_snapshot(catalog_path)
        if snapshot.target and snapshot.target != target.name:
            raise UsageError(f"{catalog_path}: the snapshot is of target {snapshot.target!r}, "
                             f"not {target.name!r}")
        missing = [d for d in databases if snapshot.database(d) is None]
        if missing:
            held = ", ".join(d.database for d in snapshot.databases) or "none"
            raise UsageError(f"{catalog_path}: no database {', '.join(missing)} in the snapshot "
                             f"(it holds: {held}; choose with --database)")
        return snapshot
    from conefi_dbtool.catalog_reader import read_target

    return read_target(target, desired, databases, config_file=project.config_file.name,
                       include_queue=include_queue)


@click.group("catalog")
def catalog_cmd() -> None:
    """Catalog snapshots: dump a database (online) or the expected one.

    What a database holds (dump) or should hold (expected). Both print the same stable
    JSON, so `drift --catalog` and a DBA can use either.
    """


@catalog_cmd.command("dump")
@params.target()
@params.databases(params.MODEL_DATABASES)
@params.out_file()
@click.pass_context
def dump_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], out: Path | None) -> int:
    """Read the target's databases (online) into a snapshot.

    Connects with the target's connection variables (conefi.toml names them) and runs a
    fixed, small number of dictionary queries per database. Example:

    \b
        conefi-dbtool catalog dump --target dev --out snap.json
    """
    from conefi_dbtool.catalog import snapshot_to_json
    from conefi_dbtool.catalog_reader import read_target
    from conefi_dbtool.expected import expected_snapshot

    project, target = load_target(ctx, target_name)
    desired = expected_snapshot(project, target)
    snapshot = read_target(target, desired, model_databases(desired, databases),
                           config_file=project.config_file.name)
    write_output(snapshot_to_json(snapshot), out, inputs=(project.config_file,))
    return 0


@catalog_cmd.command("expected")
@params.target()
@params.databases(params.MODEL_DATABASES)
@params.out_file()
@click.pass_context
def expected_cmd(ctx: click.Context, target_name: str, databases: tuple[str, ...], out: Path | None) -> int:
    """Compute (offline) the snapshot the target should hold at head.

    Same JSON as `catalog dump`; `drift --catalog` against it reports no drift. Example:

    \b
        conefi-dbtool catalog expected --target example --out expected.json
    """
    import dataclasses

    from conefi_dbtool.catalog import snapshot_to_json
    from conefi_dbtool.expected import expected_snapshot

    project, target = load_target(ctx, target_name)
    snapshot = expected_snapshot(project, target)
    if databases:
        snapshot = dataclasses.replace(
            snapshot, databases=tuple(d for d in snapshot.databases if d.database in databases))
    write_output(snapshot_to_json(snapshot), out, inputs=(project.config_file,))
    return 0
