"""Offline autogenerate: the revision that takes head to the current templates and grants.

No database is involved. The state at head is replayed from the revisions; the work
tree is scanned; every target of the config is rendered both ways, so a change to a
macro shows up as the objects whose text it changes. The revision holds exactly the
changes: the source files that differ (frozen as snapshots) and one operation per
object whose rendered text differs for at least one target.
"""

from __future__ import annotations

import datetime
import difflib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conefi_dbtool.config import Project
from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.environment import ensure_environment
from conefi_dbtool.migrations.history import History, load_history
from conefi_dbtool.migrations.planner import StateRenderer
from conefi_dbtool.migrations.store import (
    FileChange,
    SnapshotStore,
    Workspace,
    diff_states,
    iter_worktree,
    scan_worktree,
)
from conefi_dbtool.object_types import BY_NAME, NotApplicable, ReleaseKind
from conefi_dbtool.objects import TYPE_RANK

REVIEW_DIFF_LINES = 400  # per file; the snapshot holds the whole text anyway


@dataclass(frozen=True)
class ObjectChange:
    """An object whose rendered text differs between head and the work tree."""

    ref: str
    kind: str  # added, removed, modified

    @property
    def type(self) -> str:
        return self.ref.split("/")[2]


@dataclass(frozen=True)
class RevisionDraft:
    """Everything a new revision file says, before it is written."""

    head: str | None
    files: tuple[FileChange, ...]
    objects: tuple[ObjectChange, ...]
    grants_databases: tuple[str, ...]  # databases whose users/grants render differently
    upgrade: tuple[str, ...]  # operation lines (Python)
    downgrade: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class WrittenRevision:
    revision: str
    path: Path
    draft: RevisionDraft


def _merged_order(results: list[list[str]]) -> list[str]:
    """Refs in dependency order across targets (first target first, then what others add)."""
    seen: dict[str, None] = {}
    for refs in results:
        for ref in refs:
            seen.setdefault(ref, None)
    return list(seen)


def _call(op: str, ref: str, **kwargs: str) -> str:
    args = [json.dumps(ref)] + [f"{k}={v}" for k, v in kwargs.items()]
    return f"op.{op}({', '.join(args)})"


def draft_revision(project: Project, history: History, renderer: StateRenderer) -> RevisionDraft | None:
    """The changes since head, as operations; None when the work tree equals head."""
    old_state = history.state_at(history.head)
    new_state = scan_worktree(project)
    files = diff_states(old_state, new_state)
    if not files:
        return None
    old_order: list[list[str]] = []
    new_order: list[list[str]] = []
    changed: dict[str, None] = {}
    grants_dbs: dict[str, None] = {}
    for name in sorted(project.targets):
        target = project.targets[name]
        old = renderer.objects(old_state, target)
        new = renderer.objects(None, target)
        old_order.append(list(old))
        new_order.append(list(new))
        for ref in sorted(set(old) | set(new)):
            a, b = old.get(ref), new.get(ref)
            if (a.text if a else None) != (b.text if b else None):
                changed.setdefault(ref, None)
        old_dba, new_dba = renderer.dba(old_state, target), renderer.dba(None, target)
        for db in sorted(set(old_dba) | set(new_dba)):
            if tuple(old_dba.get(db, ())) != tuple(new_dba.get(db, ())):
                grants_dbs.setdefault(db, None)
    old_templates = {k.removesuffix(".sql.j2") for k in old_state.section("templates")}
    new_templates = {k.removesuffix(".sql.j2") for k in new_state.section("templates")}
    objects = []
    for ref in changed:
        kind = "modified"
        if ref not in old_templates:
            kind = "added"
        elif ref not in new_templates:
            kind = "removed"
        objects.append(ObjectChange(ref, kind))
    up, down, warnings = _operations(objects, _merged_order(old_order), _merged_order(new_order),
                                     tuple(grants_dbs))
    return RevisionDraft(history.head, files, tuple(objects), tuple(grants_dbs), tuple(up), tuple(down),
                         tuple(warnings))


def _operations(objects: list[ObjectChange], old_order: list[str], new_order: list[str],
                grants_dbs: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """Upgrade and downgrade operation lines, in a safe order."""
    rank_old = {ref: i for i, ref in enumerate(old_order)}
    rank_new = {ref: i for i, ref in enumerate(new_order)}
    warnings: list[str] = []
    up = [f"op.apply_grants({json.dumps(db)}, at=revision, previous=down_revision)" for db in grants_dbs]
    down = [f"op.apply_grants({json.dumps(db)}, at=down_revision, previous=revision)" for db in grants_dbs]
    up += _direction(objects, "removed", rank_old, rank_new,
                     lambda c: _apply(c, at="revision", previous="down_revision", created="added",
                                      warnings=warnings))
    # downgrade: the mirror image, back to the definitions at down_revision
    down += _direction(objects, "added", rank_new, rank_old,
                       lambda c: _apply(c, at="down_revision", previous="revision", created="removed"))
    return up, down, warnings


def _in_order(refs: list[str], rank: dict[str, int]) -> list[str]:
    return sorted(refs, key=lambda r: (rank.get(r, len(rank)), TYPE_RANK.get(r.split("/")[2], 99), r))


def _direction(objects: list[ObjectChange], gone: str, rank_gone: dict[str, int], rank_kept: dict[str, int],
               apply: Callable[[ObjectChange], str]) -> list[str]:
    """One direction: jobs that go away first, then objects in dependency order, then drops.

    Grants are synchronised (granted / revoked) in place, whatever the change.
    """
    dropped = [o.ref for o in objects if o.kind == gone and _kind(o.type) != "grants"]
    kept = [o for o in objects if o.kind != gone or _kind(o.type) == "grants"]
    jobs = [r for r in dropped if _kind(r.split("/")[2]) == "job"]
    others = [r for r in dropped if _kind(r.split("/")[2]) != "job"]
    by_ref = {o.ref: o for o in kept}
    lines = [_call("drop_job", r) for r in reversed(_in_order(jobs, rank_gone))]
    lines += [apply(by_ref[ref]) for ref in _in_order(list(by_ref), rank_kept)]
    lines += [_call("drop_object", r) for r in reversed(_in_order(others, rank_gone))]
    return lines


def _kind(type_: str) -> ReleaseKind | NotApplicable:
    """How a release applies the type (object_types); a type outside the registry is replaced."""
    known = BY_NAME.get(type_)
    return known.release_kind if known is not None else "replace"


def _apply(change: ObjectChange, *, at: str, previous: str, created: str,
           warnings: list[str] | None = None) -> str:
    """The operation that brings `change`'s object to its definition at `at`."""
    ref, type_ = change.ref, change.type
    kind = _kind(type_)
    if kind == "grants":
        return _call("sync_grants", ref, at=at, previous=previous)
    if kind == "job":
        return _call("create_job" if change.kind == created else "replace_job", ref, at=at)
    if kind == "table" and change.kind == "modified":
        return _call("alter_table_pieces", ref, at=at, previous=previous)
    if kind in ("create", "table"):
        if change.kind == "modified" and warnings is not None:
            warnings.append(f"{ref}: a {type_} that exists is kept as it is; if it must change, add "
                            "op.run_sql('ALTER ...', database=...) to the revision")
        return _call("create_object", ref, at=at)
    return _call("replace_object", ref, at=at)


def _sources_literal(files: tuple[FileChange, ...]) -> str:
    if not files:
        return "{}"
    lines = [f"    {json.dumps(f.key)}: {json.dumps(f.new) if f.new else 'None'}," for f in files]
    return "{\n" + "\n".join(lines) + "\n}"


def _body(lines: tuple[str, ...], empty_note: str) -> str:
    if not lines:
        return f"    # {empty_note}\n    pass"
    return "\n".join(f"    {line}" for line in lines)


def _review(draft: RevisionDraft, store: SnapshotStore, project: Project) -> str:
    """Comment block for reviewers: what changed, with unified diffs of modified sources."""
    out = ["", "", "# ---- review: source changes " + "-" * 58]
    worktree = dict(iter_worktree(project))
    for change in draft.files:
        if change.kind == "added" and change.new:
            rel = store.path_for(change.key, change.new).relative_to(store.root.parent)
            out.append(f"# added    {change.key} (full text: migrations/{rel.as_posix()})")
        elif change.kind == "removed":
            out.append(f"# removed  {change.key}")
        else:
            out.append(f"# modified {change.key}")
            assert change.old is not None
            before = store.get(change.key, change.old).decode("utf-8", "replace").splitlines()
            after = worktree[change.key].read_bytes().decode("utf-8", "replace").splitlines()
            diff = list(difflib.unified_diff(before, after, f"a/{change.key}", f"b/{change.key}",
                                             lineterm="", n=2))
            if len(diff) > REVIEW_DIFF_LINES:
                diff = [*diff[:REVIEW_DIFF_LINES], f"... ({len(diff) - REVIEW_DIFF_LINES} more diff lines)"]
            out.extend(f"#   {line}".rstrip() for line in diff)
    for warning in draft.warnings:
        out.append(f"# WARNING: {warning}")
    return "\n".join(out) + "\n"


def _message_text(message: str) -> str:
    text = " ".join(message.split())
    if not text:
        raise UsageError("revision message is empty (use -m 'what this release changes')")
    return text.replace("\\", "/").replace('"', "'")


def next_revision_id(history: History) -> str:
    return f"{len(history.chain) + 1:04d}_{secrets.token_hex(3)}"


def write_revision(project: Project, message: str, *, rev_id: str | None = None,
                   create_date: datetime.datetime | None = None) -> WrittenRevision | None:
    """Write the revision for the changes since head; None (nothing written) when there are none."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    text = _message_text(message)
    migrations = project.migrations_dir
    ensure_environment(migrations)
    history = load_history(migrations)
    store = SnapshotStore(migrations)
    with Workspace() as workspace:
        renderer = StateRenderer(project, store, workspace)
        draft = draft_revision(project, history, renderer)
        if draft is None:
            return None
        worktree = dict(iter_worktree(project))
        for change in draft.files:
            if change.new is not None:
                stored = store.put(change.key, worktree[change.key].read_bytes())
                if stored != change.new:
                    raise ConefiError(f"{worktree[change.key]}: changed while the revision was written; "
                                      "retry")
        revision = rev_id or next_revision_id(history)
        script = ScriptDirectory(str(migrations), file_template="%(rev)s_%(slug)s",
                                 messaging_opts={"quiet": True})
        if create_date is not None:
            script._generate_create_date = lambda: create_date  # type: ignore[method-assign]
        try:
            written = script.generate_revision(
                revision, text, head="head",
                sources=_sources_literal(draft.files),
                upgrades=_body(draft.upgrade, "record-only: no target renders differently"),
                downgrades=_body(draft.downgrade, "record-only: no target renders differently"),
                review=_review(draft, store, project),
            )
        except CommandError as exc:
            raise UsageError(f"{migrations}: {exc}") from None
    assert written is not None
    path = Path(written.path)
    after = load_history(migrations)
    if after.head != revision or after.state_at(revision) != scan_worktree(project):
        path.unlink(missing_ok=True)
        raise ConefiError(f"{path}: the written revision does not replay to the work tree; removed it")
    return WrittenRevision(revision, path, draft)


def files_summary(files: tuple[FileChange, ...]) -> str:
    """E.g. ``2 added, 1 modified``."""
    counts: dict[str, int] = {}
    for change in files:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no changes"
