"""Which conefi.toml a command uses: found the way git finds its repository.

``--config FILE`` first, then ``$CONEFI_CONFIG`` (the CLI passes either as ``given``), then
the first ``conefi.toml`` in the current directory or one of its parents, so
``conefi-dbtool lint ../sql/hotfix.sql`` works from anywhere inside the project.
"""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.config import DEFAULT_CONFIG_NAME
from conefi_dbtool.errors import UsageError


def find_config(start: Path) -> Path | None:
    """The first ``conefi.toml`` in `start` or one of its parents, or None."""
    here = start.absolute()
    for directory in (here, *here.parents):
        candidate = directory / DEFAULT_CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def locate_config(given: str | None, start: Path) -> Path:
    """The config file to load: `given` as is, else the nearest one up from `start`."""
    if given:
        return Path(given)
    found = find_config(start)
    if found is None:
        raise UsageError(f"no {DEFAULT_CONFIG_NAME} in {start.absolute()} or any parent directory "
                         "(use --config FILE or set CONEFI_CONFIG)")
    return found
