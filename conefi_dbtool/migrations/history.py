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


def load_history(migrations_dir: Path) -> History:
    """Read every revision file (Alembic's script directory) and check the chain is linear."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from conefi_dbtool.migrations import ops  # noqa: F401  revision files use op.replace_object & co

    versions = migrations_dir / "versions"
    if not (migrations_dir / "script.py.mako").is_file():
        if versions.is_dir() and any(versions.glob("*.py")):
            raise UsageError(f"{migrations_dir}: has revisions but no script.py.mako (not an Alembic "
                             "environment)")
        return History(migrations_dir, (), ())  # no release yet: `revision` creates the environment
    if not versions.is_dir():
        return History(migrations_dir, (), ())
    try:
        script = ScriptDirectory(str(migrations_dir))
        scripts = list(script.walk_revisions("base", "heads"))
        heads = script.get_heads()
    except CommandError as exc:
        raise UsageError(f"{versions}: {exc}") from None
    except Exception as exc:
        raise UsageError(f"{versions}: cannot load the revision files: {type(exc).__name__}: {exc}") from None
    if len(heads) > 1:
        raise ConefiError(
            f"{versions}: several heads ({', '.join(sorted(heads))}): two revisions were written from "
            "the same parent; delete yours, rebase, and run `conefi-dbtool revision` again"
        )
    by_id: dict[str, Any] = {}
    for sc in scripts:
        if isinstance(sc.down_revision, tuple | list):
            raise ConefiError(f"{sc.path}: merge revisions are not supported (history is linear)")
        by_id[sc.revision] = sc
    chain: list[Revision] = []
    rev = heads[0] if heads else None
    while rev is not None:
        sc = by_id[rev]
        chain.append(Revision(
            id=sc.revision, down=sc.down_revision, message=(sc.doc or "").strip(),
            path=Path(sc.path), sources=_sources(sc.module, Path(sc.path)), module=sc.module,
        ))
        rev = sc.down_revision
    chain.reverse()
    if len(chain) != len(by_id):
        stray = sorted(set(by_id) - {r.id for r in chain})
        raise ConefiError(f"{versions}: revisions not on the main line: {', '.join(stray)}")
    states: list[SourceState] = []
    state = SourceState()
    for revision in chain:
        state = state.apply(revision.delta)
        states.append(state)
    return History(migrations_dir, tuple(chain), tuple(states))
