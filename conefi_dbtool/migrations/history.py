"""The release history: the Alembic revision files of `migrations/versions/`, in order.

History is linear on purpose: a revision is generated from the state at head, so two
revisions written from the same parent (two merge requests) are a conflict to resolve by
regenerating one of them after a rebase — not a merge to guess. Each database keeps its
own position in this one history (see `sqltext.VERSION_TABLE`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.store import SECTIONS, SourceState

_SHA = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Revision:
    """One revision file: identity, message and the source changes it freezes."""

    id: str
    down: str | None
    message: str
    path: Path
    sources: tuple[tuple[str, str | None], ...]
    module: ModuleType | None = field(default=None, compare=False, repr=False)

    @property
    def delta(self) -> dict[str, str | None]:
        return dict(self.sources)


@dataclass(frozen=True)
class History:
    """Revisions from base to head and the frozen source state after each one."""

    directory: Path
    chain: tuple[Revision, ...]
    states: tuple[SourceState, ...]  # states[i]: after chain[i]

    @property
    def head(self) -> str | None:
        return self.chain[-1].id if self.chain else None

    def position(self, rev: str | None) -> int:
        """0 for base, i + 1 for chain[i]."""
        if rev is None:
            return 0
        for i, revision in enumerate(self.chain):
            if revision.id == rev:
                return i + 1
        raise ConefiError(f"revision {rev!r} is not in {self.directory} (is the checkout older than "
                          "the database?)")

    def revision(self, rev: str) -> Revision:
        return self.chain[self.position(rev) - 1]

    def state_at(self, rev: str | None) -> SourceState:
        pos = self.position(rev)
        return self.states[pos - 1] if pos else SourceState()

    def resolve(self, spec: str, *, current: str | None = None) -> str | None:
        """A revision argument: ``head``, ``base``, an id or unique prefix, ``+N``/``-N``."""
        text = spec.strip()
        if text == "head":
            return self.head
        if text == "base":
            return None
        if re.fullmatch(r"[+-]\d+", text):
            pos = self.position(current) + int(text)
            if not 0 <= pos <= len(self.chain):
                raise UsageError(f"revision {spec}: goes beyond the history "
                                 f"(current {current or 'base'}, {len(self.chain)} revisions)")
            return self.chain[pos - 1].id if pos else None
        exact = [r.id for r in self.chain if r.id == text]
        if exact:
            return exact[0]
        matches = [r.id for r in self.chain if r.id.startswith(text)]
        if len(matches) == 1 and len(text) >= 4:
            return matches[0]
        if matches:
            raise UsageError(f"revision {spec!r} is ambiguous: {', '.join(matches)}")
        raise UsageError(f"unknown revision {spec!r} (see `conefi-dbtool history`)")

    def between(self, start: str | None, end: str | None) -> tuple[str, tuple[Revision, ...]]:
        """Direction and the revisions to run, in execution order, to go from start to end."""
        a, b = self.position(start), self.position(end)
        if b >= a:
            return "upgrade", self.chain[a:b]
        return "downgrade", tuple(reversed(self.chain[b:a]))


def _sources(module: ModuleType, path: Path) -> tuple[tuple[str, str | None], ...]:
    raw: Any = getattr(module, "sources", {})
    if not isinstance(raw, Mapping):
        raise UsageError(f"{path}: sources: expected a dict of path -> sha256 or None")
    out: list[tuple[str, str | None]] = []
    for key, sha in raw.items():
        if not isinstance(key, str) or key.split("/", 1)[0] not in SECTIONS or "/" not in key:
            raise UsageError(f"{path}: sources: key {key!r} is not under {' or '.join(SECTIONS)}/")
        if sha is not None and not (isinstance(sha, str) and _SHA.match(sha)):
            raise UsageError(f"{path}: sources: {key}: expected a sha256 (64 hex digits) or None")
        out.append((key, sha))
    return tuple(sorted(out))


def _failing_line(exc: BaseException, path: Path) -> str:
    """``path:line`` of the innermost frame of `path` in the traceback (``path`` if none)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{path}:{line}" if line else str(path)


def _load_module(path: Path) -> ModuleType:
    """Execute one revision file; whatever it does instead of defining a revision is an error.

    Alembic would let a ``raise SystemExit(0)`` end the whole command with success (and
    ``check`` pass in CI), so every outcome but a module is turned into one line here.
    """
    from alembic.util import load_python_file

    try:
        return load_python_file(str(path.parent), path.name)
    except SystemExit as exc:
        raise ConefiError(f"{_failing_line(exc, path)}: the revision file exits while loading "
                          f"(SystemExit({exc.code!r})): a revision file only defines a revision") from None
    except Exception as exc:
        raise ConefiError(f"{_failing_line(exc, path)}: the revision file fails to load: "
                          f"{type(exc).__name__}: {exc}") from None


def _load_revision(path: Path) -> Revision:
    module = _load_module(path)
    rev = getattr(module, "revision", None)
    missing = [name for name in ("upgrade", "downgrade") if not callable(getattr(module, name, None))]
    if not isinstance(rev, str) or not rev or not hasattr(module, "down_revision") or missing:
        raise ConefiError(f"{path}: not a revision file (it needs revision = '<id>', down_revision, "
                          "upgrade() and downgrade(); write one with `conefi-dbtool revision`)")
    down = module.down_revision
    if isinstance(down, tuple | list):
        raise ConefiError(f"{path}: merge revisions are not supported (history is linear)")
    if down is not None and not isinstance(down, str):
        raise ConefiError(f"{path}: down_revision must be a revision id or None, got {down!r}")
    doc = module.__doc__ or ""
    return Revision(id=rev, down=down, message=re.split("\n\n", doc)[0].strip(), path=path,
                    sources=_sources(module, path), module=module)


def _revision_files(versions: Path) -> list[Path]:
    """The ``*.py`` files of ``versions/`` (as Alembic lists them: editor lock files skipped)."""
    return sorted(p for p in versions.iterdir() if p.name.endswith(".py") and not p.name.startswith(".#"))


def load_history(migrations_dir: Path) -> History:
    """Read every revision file and check the chain is linear and complete."""
    from conefi_dbtool.migrations import ops  # noqa: F401  revision files use op.replace_object & co

    versions = migrations_dir / "versions"
    if not (migrations_dir / "script.py.mako").is_file():
        if versions.is_dir() and any(versions.glob("*.py")):
            raise UsageError(f"{migrations_dir}: has revisions but no script.py.mako (not an Alembic "
                             "environment)")
        return History(migrations_dir, (), ())  # no release yet: `revision` creates the environment
    if not versions.is_dir():
        return History(migrations_dir, (), ())
    by_id: dict[str, Revision] = {}
    for path in _revision_files(versions):
        revision = _load_revision(path)
        if revision.id in by_id:
            raise ConefiError(f"{path}: revision {revision.id} is also {by_id[revision.id].path.name}")
        by_id[revision.id] = revision
    for revision in by_id.values():
        if revision.down is not None and revision.down not in by_id:
            raise ConefiError(f"{revision.path}: its down_revision {revision.down} is missing from "
                              f"{versions} (a revision file deleted or not committed?)")
    heads = sorted(set(by_id) - {r.down for r in by_id.values() if r.down is not None})
    if len(heads) > 1:
        raise ConefiError(
            f"{versions}: several heads ({', '.join(heads)}): two revisions were written from "
            "the same parent; delete yours, rebase, and run `conefi-dbtool revision` again"
        )
    chain: list[Revision] = []
    rev = heads[0] if heads else None
    while rev is not None and len(chain) <= len(by_id):
        chain.append(by_id[rev])
        rev = by_id[rev].down
    if len(chain) > len(by_id):
        raise ConefiError(f"{versions}: the down_revision chain from {heads[0]} loops")
    chain.reverse()
    if len(chain) != len(by_id):
        stray = sorted(set(by_id) - {r.id for r in chain})
        raise ConefiError(f"{versions}: revisions not on the main line (a cycle of down_revision?): "
                          f"{', '.join(stray)}")
    states: list[SourceState] = []
    state = SourceState()
    for revision in chain:
        state = state.apply(revision.delta)
        states.append(state)
    return History(migrations_dir, tuple(chain), tuple(states))
