"""Frozen sources: the template and grants files a revision records, content-addressed.

A release is defined by the *sources* it deploys, not by rendered SQL (rendering depends
on each target's config). The state at a revision maps every file of ``templates/`` and
``grants/`` (keys ``templates/<rel path>`` and ``grants/<rel path>``) to the sha256 of its
bytes; a revision file records only the keys it changes, and the state at revision N is
the replay of those changes from base to N.

The contents live once in ``migrations/snapshots/<sha[:2]>/<sha><suffix>`` (suffix of
the original file, so a merge request shows a new template version as ``.sql.j2`` text).
Snapshots are immutable: reading one checks its sha256.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from conefi_dbtool.config import Project
from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.output import write_bytes_atomic

SECTIONS = ("templates", "grants")
SNAPSHOTS_DIR = "snapshots"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SourceState:
    """Every frozen file as ``(key, sha256)`` pairs sorted by key (hashable, comparable)."""

    files: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, files: Mapping[str, str]) -> SourceState:
        return cls(tuple(sorted(files.items())))

    def as_dict(self) -> dict[str, str]:
        return dict(self.files)

    def apply(self, delta: Mapping[str, str | None]) -> SourceState:
        """The state after a revision's changes (``None`` removes a file)."""
        files = self.as_dict()
        for key, sha in delta.items():
            if sha is None:
                files.pop(key, None)
            else:
                files[key] = sha
        return SourceState.of(files)

    def section(self, name: str) -> dict[str, str]:
        """Files of one section, keyed by their path inside it."""
        prefix = f"{name}/"
        return {k[len(prefix):]: v for k, v in self.files if k.startswith(prefix)}

    @property
    def digest(self) -> str:
        """One sha256 for the whole state (cache key, reports)."""
        h = hashlib.sha256()
        for key, sha in self.files:
            h.update(f"{key}\0{sha}\n".encode())
        return h.hexdigest()


@dataclass(frozen=True)
class FileChange:
    """One file that differs between two states."""

    key: str
    old: str | None  # sha256 before (None: added)
    new: str | None  # sha256 after (None: removed)

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "modified"


def diff_states(old: SourceState, new: SourceState) -> tuple[FileChange, ...]:
    """Files added, removed or modified from `old` to `new`, sorted by key."""
    a, b = old.as_dict(), new.as_dict()
    return tuple(
        FileChange(key, a.get(key), b.get(key))
        for key in sorted(set(a) | set(b))
        if a.get(key) != b.get(key)
    )


def _ignored(rel: PurePosixPath) -> bool:
    """Editor and tool litter is not a source: hidden files, caches, backups."""
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or (
        rel.name.endswith(("~", ".pyc", ".swp", ".orig", ".rej"))
    )


def section_dirs(project: Project) -> dict[str, Path]:
    return {"templates": project.templates_dir, "grants": project.grants_dir}


def iter_worktree(project: Project) -> Iterator[tuple[str, Path]]:
    """``(key, path)`` of every source file of the project, sorted by key."""
    found: list[tuple[str, Path]] = []
    for section, base in section_dirs(project).items():
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            rel = PurePosixPath(path.relative_to(base).as_posix())
            if path.is_file() and not _ignored(rel):
                found.append((f"{section}/{rel}", path))
    return iter(sorted(found))


def scan_worktree(project: Project) -> SourceState:
    """The sources as they are now on disk."""
    return SourceState.of({key: sha256_bytes(path.read_bytes()) for key, path in iter_worktree(project)})


def _suffix(key: str) -> str:
    """Suffix kept on a snapshot so it is shown as what it is (``.sql.j2``, ``.toml``)."""
    suffixes = PurePosixPath(key).suffixes[-2:]
    text = "".join(suffixes)
    return text if text.replace(".", "").replace("_", "").isalnum() else ""


class SnapshotStore:
    """The content-addressed snapshot directory of a migrations environment."""

    def __init__(self, migrations_dir: Path) -> None:
        self.root = migrations_dir / SNAPSHOTS_DIR

    def path_for(self, key: str, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}{_suffix(key)}"

    def has(self, key: str, sha: str) -> bool:
        return self.path_for(key, sha).is_file()

    def put(self, key: str, data: bytes) -> str:
        """Store `data` (idempotent: an existing snapshot is left as is); return its sha256."""
        sha = sha256_bytes(data)
        path = self.path_for(key, sha)
        if path.is_file():
            return sha
        write_bytes_atomic(path, data)
        return sha

    def get(self, key: str, sha: str) -> bytes:
        """The bytes of a snapshot, verified against its sha256."""
        path = self.path_for(key, sha)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ConefiError(
                f"{path}: snapshot of {key} is missing (was it committed with its revision?)"
            ) from None
        if sha256_bytes(data) != sha:
            raise ConefiError(
                f"{path}: content does not match its sha256 (snapshots are immutable; "
                "restore it from version control)"
            )
        return data

    def verify(self, pairs: Iterable[tuple[str, str]]) -> tuple[str, ...]:
        """Problems (missing or altered snapshots) among `pairs`, one line each."""
        problems: list[str] = []
        seen: set[tuple[str, str]] = set()
        for key, sha in pairs:
            if (key, sha) in seen:
                continue
            seen.add((key, sha))
            try:
                self.get(key, sha)
            except ConefiError as exc:
                problems.append(str(exc))
        return tuple(problems)

    def materialise(self, state: SourceState, dest: Path) -> dict[str, Path]:
        """Write the files of `state` under ``dest/<section>/``; return the section dirs."""
        dirs = {section: dest / section for section in SECTIONS}
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        for key, sha in state.files:
            section, _, rel = key.partition("/")
            if section not in dirs or not rel or ".." in PurePosixPath(rel).parts:
                raise UsageError(f"frozen source key {key!r} is not under {' or '.join(SECTIONS)}/")
            target = dirs[section] / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.get(key, sha))
        return dirs


class Workspace:
    """Temporary directories holding materialised states, removed on close."""

    def __init__(self) -> None:
        self._base: Path | None = None
        self._count = 0

    def new_dir(self) -> Path:
        if self._base is None:
            self._base = Path(tempfile.mkdtemp(prefix="conefi-release-"))
        self._count += 1
        path = self._base / f"s{self._count}"
        path.mkdir()
        return path

    def close(self) -> None:
        if self._base is not None:
            shutil.rmtree(self._base, ignore_errors=True)
            self._base = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
