"""Where the actual catalog comes from: a snapshot file (offline) or a live read (online).

Shared by every command that compares with a database (`drift`, `plan`, `status`,
`catalog dump`), so they agree on what `--catalog` and `--database` mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from conefi_dbtool.catalog.reader import read_target
from conefi_dbtool.catalog.snapshot import CatalogSnapshot, load_snapshot
from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import UsageError


def model_databases(desired: CatalogSnapshot, chosen: Sequence[str]) -> tuple[str, ...]:
    """--database choices, or every database the desired state has something in."""
    if chosen:
        return tuple(dict.fromkeys(chosen))
    return tuple(d.database for d in desired.databases) or ("erp",)


def actual_catalog(project: Project, target: Target, desired: CatalogSnapshot,
                   catalog_path: Path | None, databases: tuple[str, ...], *,
                   include_queue: bool = False,
                   referenced: Sequence[tuple[str, str, str]] = ()) -> CatalogSnapshot:
    """The catalog to compare with: the snapshot file, or a live read of `databases`
    (`referenced`: (database, owner, table) outside our schemas whose columns to read)."""
    if catalog_path is not None:
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
    return read_target(target, desired, databases, config_file=project.config_file.name,
                       include_queue=include_queue, referenced=referenced)
