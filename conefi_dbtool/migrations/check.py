"""`check`: does head describe the templates and grants of the work tree?

No database and no rendering: the state at head (replayed from the revisions) is
compared file by file with the work tree, and every snapshot the history points to must
exist unaltered. CI runs this so main always has its revisions.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.config import Project
from conefi_dbtool.migrations.history import load_history
from conefi_dbtool.migrations.store import FileChange, SnapshotStore, diff_states, scan_worktree


@dataclass(frozen=True)
class CheckResult:
    head: str | None
    revisions: int
    changes: tuple[FileChange, ...]  # work tree vs head
    problems: tuple[str, ...]  # missing or altered snapshots

    @property
    def ok(self) -> bool:
        return not self.changes and not self.problems

    def lines(self) -> tuple[str, ...]:
        """One line per difference, e.g. ``modified templates/erp/...: not in any revision``."""
        head = self.head or "base"
        out = [f"{c.kind:<8} {c.key} (differs from head {head})" for c in self.changes]
        out += [f"snapshot {p}" for p in self.problems]
        return tuple(out)


def check_release(project: Project) -> CheckResult:
    migrations = project.migrations_dir
    history = load_history(migrations)
    store = SnapshotStore(migrations)
    pairs = [(key, sha) for rev in history.chain for key, sha in rev.sources if sha is not None]
    problems = store.verify(pairs)
    changes = diff_states(history.state_at(history.head), scan_worktree(project))
    return CheckResult(history.head, len(history.chain), changes, problems)
