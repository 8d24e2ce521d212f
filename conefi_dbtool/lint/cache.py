"""Lint results cached under ``.conefi-cache/lint/`` in the project root.

Two levels, both keyed by content hashes, so nothing is ever stale by date:

* per unit — the expensive part (parse, structure scan), keyed by the unit text, its
  kind, the parser's version and the lint code's own hash (`runkey.code_hash`): editing one template
  re-parses only that template's units;
* per run — the final result, keyed by every input the result depends on (rendered
  texts and line maps, template sources, the target's config, the dictionary and
  external-objects files, the lint code; `lint.runkey`): a second run with nothing
  changed reads one file and neither renders nor parses.

Files are JSON (inspectable, no code execution on load; `conefi_dbtool.serial`), written
atomically; a corrupt, unreadable or ill-fitting entry is a miss. ``rm -rf .conefi-cache``
is always safe.

Size: the cache is bounded in bytes, not in entries (an entry's size follows its unit's
size, so a count bound either wastes the disk on small units or never holds a large
codebase): after a run that computed something, the least recently used entries go first
until what is left fits `max_bytes` (default `DEFAULT_MAX_MB` MiB, ``$CONEFI_LINT_CACHE_MB``
overrides it; 0 keeps nothing).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from conefi_dbtool.errors import UsageError
from conefi_dbtool.serial import from_data, to_data

CACHE_DIR = ".conefi-cache"
KEEP_RUNS = 32
DEFAULT_MAX_MB = 256  # MiB of entries kept; at ~250 bytes a line, about a million lines of code
MAX_MB_VARIABLE = "CONEFI_LINT_CACHE_MB"

T = TypeVar("T")


def max_bytes(environ: Mapping[str, str] = os.environ) -> int:
    """The cache's size bound: ``$CONEFI_LINT_CACHE_MB`` MiB, else `DEFAULT_MAX_MB`."""
    raw = environ.get(MAX_MB_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 2**20
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes < float("inf"):
        raise UsageError(f"${MAX_MB_VARIABLE}={raw!r}: expected a size in MiB (a number >= 0)")
    return int(megabytes * 2**20)


# --------------------------------------------------------------------------- storage


class LintCache:
    """Unit analyses and run results on disk; a disabled cache stores nothing."""

    def __init__(self, root: Path | None, *, enabled: bool = True, limit: int | None = None) -> None:
        """``limit``: the size bound in bytes (default: `max_bytes`)."""
        self.dir = (root / CACHE_DIR / "lint") if (root is not None and enabled) else None
        if limit is None:  # a disabled cache never reads the variable: --no-cache always works
            limit = max_bytes() if self.dir is not None else 0
        self.limit = limit

    def _read(self, path: Path, tp: type[T]) -> T | None:
        """The entry at ``path`` as a ``tp``; None when missing, unreadable or of another shape.

        A hit refreshes the entry's time: `prune` keeps what was used recently.
        """
        try:
            value = from_data(tp, json.loads(path.read_text(encoding="utf-8")))
        except (OSError, TypeError, KeyError, ValueError):
            return None
        if not isinstance(value, tp):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return value

    def _write(self, path: Path, payload: Any) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            return  # a read-only checkout still lints, just without a cache

    def _unit_path(self, key: str) -> Path | None:
        return self.dir / "units" / key[:2] / f"{key}.json" if self.dir else None

    def get_unit(self, key: str, tp: type[T]) -> T | None:
        """The unit entry ``key`` as a ``tp`` (`units.UnitAnalysis`: given by the caller,
        so reading a run's result never imports the parser behind the unit's facts)."""
        path = self._unit_path(key)
        if path is None:
            return None
        return self._read(path, tp)

    def put_unit(self, key: str, analysis: Any) -> None:
        path = self._unit_path(key)
        if path is not None:
            self._write(path, to_data(analysis))

    def prune(self) -> None:
        """Drop the least recently used entries until the rest fits `limit` bytes.

        Called after a run that computed something; reading an entry refreshes its time,
        so what the last runs used stays.
        """
        if self.dir is None:
            return
        try:
            entries = [(path.stat(), path) for path in self.dir.glob("*/**/*.json")
                       if not path.name.startswith(".tmp-")]  # another run's write in flight
        except OSError:
            return
        entries.sort(key=lambda entry: entry[0].st_mtime, reverse=True)
        kept = 0
        for stat, path in entries:
            kept += stat.st_size
            if kept > self.limit:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)

    def get_run(self, key: str, tp: type[T]) -> T | None:
        if self.dir is None:
            return None
        return self._read(self.dir / "runs" / f"{key}.json", tp)

    def put_run(self, key: str, result: Any) -> None:
        if self.dir is None:
            return
        runs = self.dir / "runs"
        self._write(runs / f"{key}.json", to_data(result))
        try:
            entries = sorted(runs.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[KEEP_RUNS:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
