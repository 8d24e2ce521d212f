"""Drift: the desired catalog against the actual one, object by object (pure).

Every managed object — source units, triggers, tables, indexes, sequences, synonyms,
database links, scheduler jobs, users, quotas and privileges — gets one `ObjectDrift`
with the categories it falls in:

* ``missing``    — in the model, not in the database;
* ``unexpected`` — in the database (in a schema the model owns, or a grant of/on it), not
  in the model: a hot-fix procedure, a grant added by hand;
* ``changed``    — both, but different after `normalize` (unified diff for sources,
  per-attribute changes for everything else);
* ``invalid``    — status INVALID in the database;
* ``disabled``   — a job or trigger the model enables is disabled.

Identities are `ObjectId`s; grants are named like ``SELECT ON SIGA.SE1030`` under the
grantee, so ``--ignore`` patterns (fnmatch, case-sensitive) read naturally:
``erp:CONEFI.procedure.P_HOTFIX_*``, ``*:PUBLIC.object_grant.*``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from conefi_dbtool.catalog import normalize
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    DatabaseLink,
    Index,
    ObjectPrivilege,
    Quota,
    SchedulerJob,
    Sequence,
    SourceObject,
    Synonym,
    Table,
    Trigger,
    User,
)
from conefi_dbtool.object_types import NA, REGISTRY
from conefi_dbtool.objects import ObjectId

CATEGORIES: tuple[str, ...] = ("missing", "unexpected", "changed", "invalid", "disabled")

# Tables the tool itself keeps in the managed schema (revision stamp, deploy journal):
# never reported. Matched like --ignore patterns.
BUILTIN_IGNORE: tuple[str, ...] = (
    "*.*.CONEFI_DBTOOL_*",  # version, lock and journal tables (migrations.sqltext)
    "*.sequence.S_CONEFI_DBTOOL_*",  # the journal's sequence
    "*.table.ALEMBIC_VERSION*",
)

PRIVILEGE_KINDS = frozenset({"user", "quota", "object_grant", "system_grant", "role_grant"})


@dataclass(frozen=True)
class AttributeChange:
    """One attribute that differs: names like ``repeat_interval`` or ``column INTDC_ID``."""

    name: str
    expected: str
    actual: str


@dataclass(frozen=True)
class ObjectDrift:
    """The verdict on one object; no categories means in sync."""

    id: ObjectId
    categories: tuple[str, ...] = ()
    summary: str = "in sync"
    diff: str = ""
    attributes: tuple[AttributeChange, ...] = ()
    ignored_by: str = ""  # the --ignore pattern that silenced it

    @property
    def ok(self) -> bool:
        return not self.categories

    @property
    def drifted(self) -> bool:
        return bool(self.categories) and not self.ignored_by

    @property
    def category(self) -> str:
        return self.categories[0] if self.categories else "ok"


@dataclass(frozen=True)
class DriftReport:
    target: str
    databases: tuple[str, ...]
    results: tuple[ObjectDrift, ...]  # every compared object, in deploy order of identity
    notes: tuple[str, ...] = ()

    @property
    def drifted(self) -> tuple[ObjectDrift, ...]:
        return tuple(r for r in self.results if r.drifted)

    @property
    def ignored(self) -> tuple[ObjectDrift, ...]:
        return tuple(r for r in self.results if r.ignored_by)

    @property
    def has_drift(self) -> bool:
        return any(r.drifted for r in self.results)

    def counts(self) -> dict[str, int]:
        """Drifted objects per category (an object may count in several), plus totals."""
        out = {c: 0 for c in CATEGORIES}
        for r in self.drifted:
            for c in r.categories:
                out[c] += 1
        out["objects"] = len(self.results)
        out["in_sync"] = sum(1 for r in self.results if r.ok)
        out["drifted"] = len(self.drifted)
        out["ignored"] = len(self.ignored)
        return out


# --------------------------------------------------------------------------- flattening


@dataclass(frozen=True)
class _SourceEntry:
    source: SourceObject | None
    trigger: Trigger | None


@dataclass(frozen=True)
class _IndexEntry:
    table: str
    index: Index


def grant_name(privilege: str, owner: str, object_name: str) -> str:
    return f"{normalize.privilege(privilege)} ON {owner}.{object_name}"


def snapshot_objects(db: DatabaseCatalog) -> dict[ObjectId, Any]:
    """Every compared object of one database, keyed by identity."""
    d = db.database
    out: dict[ObjectId, Any] = {}
    triggers = {(t.owner, t.name): t for t in db.triggers}
    for s in db.sources:
        trig = triggers.pop((s.owner, s.name), None) if s.type == "trigger" else None
        out[ObjectId(d, s.owner, s.type, s.name)] = _SourceEntry(s, trig)
    for (owner, name), trig in triggers.items():
        out[ObjectId(d, owner, "trigger", name)] = _SourceEntry(None, trig)
    for t in db.tables:
        out[ObjectId(d, t.owner, "table", t.name)] = t
        for i in t.indexes:
            iname = i.name or f"{t.name}({','.join(i.columns)})"
            out[ObjectId(d, t.owner, "index", iname)] = _IndexEntry(t.name, i)
    for q in db.sequences:
        out[ObjectId(d, q.owner, "sequence", q.name)] = q
    for y in db.synonyms:
        out[ObjectId(d, y.owner, "synonym", y.name)] = y
    for k in db.database_links:
        out[ObjectId(d, k.owner, "database_link", normalize.db_link_name(k.name))] = k
    for j in db.jobs:
        out[ObjectId(d, j.owner, "job", j.name)] = j
    for u in db.users:
        out[ObjectId(d, u.name, "user", u.name)] = u
    for qt in db.quotas:
        out[ObjectId(d, qt.username, "quota", qt.tablespace)] = qt
    for p in db.object_privileges:
        out[ObjectId(d, normalize.identifier(p.grantee), "object_grant",
                     grant_name(p.privilege, p.owner, p.object_name))] = p
    for sp in db.system_privileges:
        out[ObjectId(d, normalize.identifier(sp.grantee), "system_grant",
                     normalize.privilege(sp.privilege))] = sp
    for r in db.role_grants:
        out[ObjectId(d, normalize.identifier(r.grantee), "role_grant",
                     normalize.privilege(r.role))] = r
    return out


# --------------------------------------------------------------------------- comparisons

_Verdict = tuple[list[str], str, list[AttributeChange]]  # categories, diff, attributes


def _attr(changes: list[AttributeChange], name: str, expected: Any, actual: Any,
          key: Callable[[Any], Any] = lambda v: v) -> None:
    if key(expected) != key(actual):
        changes.append(AttributeChange(name, _show(expected), _show(actual)))


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(none)"
    return str(value)


def _unified(oid: ObjectId, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(),
        fromfile=f"{oid} (expected)", tofile=f"{oid} (database)", lineterm="",
    )
    return "\n".join(lines)


def _compare_source(oid: ObjectId, want: _SourceEntry, have: _SourceEntry) -> _Verdict:
    cats: list[str] = []
    diff = ""
    attrs: list[AttributeChange] = []
    if want.source is not None and have.source is not None:
        a = normalize.source_text(want.source.text, type=oid.type, owner=oid.owner, name=oid.name)
        b = normalize.source_text(have.source.text, type=oid.type, owner=oid.owner, name=oid.name)
        if a != b:
            cats.append("changed")
            diff = _unified(oid, a, b)
    if want.trigger is not None and have.trigger is not None:
        w, h = want.trigger, have.trigger
        _attr(attrs, "table", f"{w.table_owner}.{w.table_name}", f"{h.table_owner}.{h.table_name}",
              normalize.identifier)
        _attr(attrs, "triggering_event", w.triggering_event, h.triggering_event,
              lambda v: normalize.trigger_events(v))
        _attr(attrs, "trigger_type", w.trigger_type, h.trigger_type, lambda v: " ".join(v.upper().split()))
        _attr(attrs, "when_clause", w.when_clause, h.when_clause, normalize.sql_expression)
        if attrs and "changed" not in cats:
            cats.append("changed")
    if have.source is not None and have.source.status.upper() == "INVALID":
        cats.append("invalid")
    if have.trigger is not None and have.trigger.status.upper() == "DISABLED" and (
        want.trigger is None or want.trigger.status.upper() != "DISABLED"
    ):
        cats.append("disabled")
    return cats, diff, attrs


def _column_text(c: Any) -> str:
    parts = [normalize.data_type(c.data_type)]
    if c.default:
        parts.append(f"DEFAULT {c.default}")
    parts.append("NULL" if c.nullable else "NOT NULL")
    return " ".join(parts)


def constraint_key(c: Any) -> tuple[str, ...]:
    if c.name:
        return ("name", normalize.identifier(c.name))
    return ("shape", c.type, ",".join(c.columns), normalize.sql_expression(c.condition),
            c.references.upper())


def constraint_text(c: Any) -> str:
    kind: str = {"P": "PRIMARY KEY", "U": "UNIQUE", "R": "FOREIGN KEY", "C": "CHECK"}.get(c.type, c.type)
    out: str = kind
    if c.columns:
        out += f" ({', '.join(c.columns)})"
    if c.condition:
        out += f" ({c.condition})"
    if c.references:
        out += f" REFERENCES {c.references}"
    return out


def constraint_compare_key(c: Any) -> tuple[str, ...]:
    return (c.type, ",".join(c.columns), normalize.sql_expression(c.condition), c.references.upper())


def _compare_table(oid: ObjectId, want: Table, have: Table) -> _Verdict:
    attrs: list[AttributeChange] = []
    wc = {c.name: c for c in want.columns}
    hc = {c.name: c for c in have.columns}
    for name, c in wc.items():
        if name not in hc:
            attrs.append(AttributeChange(f"column {name}", _column_text(c), "(absent)"))
            continue
        h = hc[name]
        same = (
            normalize.data_type(c.data_type) == normalize.data_type(h.data_type)
            and c.nullable == h.nullable
            and normalize.sql_expression(c.default) == normalize.sql_expression(h.default)
        )
        if not same:
            attrs.append(AttributeChange(f"column {name}", _column_text(c), _column_text(h)))
    for name, h in hc.items():
        if name not in wc:
            attrs.append(AttributeChange(f"column {name}", "(absent)", _column_text(h)))
    common_w = [n for n in wc if n in hc]
    common_h = [n for n in hc if n in wc]
    if common_w != common_h:
        attrs.append(AttributeChange("column order", ", ".join(common_w), ", ".join(common_h)))
    wk = {constraint_key(k): k for k in want.constraints}
    hk = {constraint_key(k): k for k in have.constraints}
    for key, k in wk.items():
        label = f"constraint {k.name or constraint_text(k)}"
        if key not in hk:
            attrs.append(AttributeChange(label, constraint_text(k), "(absent)"))
        elif constraint_compare_key(k) != constraint_compare_key(hk[key]):
            attrs.append(AttributeChange(label, constraint_text(k), constraint_text(hk[key])))
    for key, k in hk.items():
        if key not in wk:
            label = f"constraint {k.name or constraint_text(k)}"
            attrs.append(AttributeChange(label, "(absent)", constraint_text(k)))
    return (["changed"] if attrs else []), "", attrs


def _compare_index(oid: ObjectId, want: _IndexEntry, have: _IndexEntry) -> _Verdict:
    attrs: list[AttributeChange] = []
    _attr(attrs, "table", want.table, have.table)
    _attr(attrs, "columns", ", ".join(want.index.columns), ", ".join(have.index.columns))
    _attr(attrs, "unique", want.index.unique, have.index.unique)
    return (["changed"] if attrs else []), "", attrs


def _compare_sequence(oid: ObjectId, want: Sequence, have: Sequence) -> _Verdict:
    attrs: list[AttributeChange] = []
    _attr(attrs, "increment_by", want.increment_by, have.increment_by)
    _attr(attrs, "cache_size", want.cache_size, have.cache_size)
    _attr(attrs, "cycle", want.cycle, have.cycle)
    return (["changed"] if attrs else []), "", attrs


def _compare_synonym(oid: ObjectId, want: Synonym, have: Synonym) -> _Verdict:
    def target(s: Synonym) -> str:
        out = f"{s.table_owner}.{s.table_name}"
        return out + (f"@{normalize.db_link_name(s.db_link)}" if s.db_link else "")

    attrs: list[AttributeChange] = []
    _attr(attrs, "for", target(want), target(have), str.upper)
    return (["changed"] if attrs else []), "", attrs


def _compare_link(oid: ObjectId, want: DatabaseLink, have: DatabaseLink) -> _Verdict:
    attrs: list[AttributeChange] = []
    _attr(attrs, "username", want.username, have.username, normalize.identifier)
    _attr(attrs, "host", want.host, have.host, lambda v: " ".join(v.split()))
    return (["changed"] if attrs else []), "", attrs


def _compare_job(oid: ObjectId, want: SchedulerJob, have: SchedulerJob) -> _Verdict:
    attrs: list[AttributeChange] = []
    _attr(attrs, "job_type", want.job_type, have.job_type, str.upper)
    _attr(attrs, "job_action", want.job_action, have.job_action,
          lambda v: normalize.job_action(v, want.job_type))
    _attr(attrs, "repeat_interval", want.repeat_interval, have.repeat_interval, normalize.calendar)
    wz = normalize.start_zone(want.start_date)
    if wz:
        hz = normalize.start_zone(have.start_date)
        if wz != hz:
            attrs.append(AttributeChange("start_date time zone", wz, hz or "(none)"))
    _attr(attrs, "comments", want.comments, have.comments, normalize.plain_text)
    cats = ["changed"] if attrs else []
    if want.enabled and not have.enabled:
        cats.append("disabled")
    elif not want.enabled and have.enabled:
        attrs.append(AttributeChange("enabled", "no", "yes"))
        if "changed" not in cats:
            cats.insert(0, "changed")
    return cats, "", attrs


def _compare_user(oid: ObjectId, want: User, have: User) -> _Verdict:
    attrs: list[AttributeChange] = []
    for f in ("default_tablespace", "temporary_tablespace", "profile"):
        w = getattr(want, f)
        if w:  # an attribute the model leaves empty is not managed
            _attr(attrs, f, w, getattr(have, f), normalize.identifier)
    return (["changed"] if attrs else []), "", attrs


def format_bytes(n: int) -> str:
    """A quota size as written in DDL (500M, UNLIMITED)."""
    if n < 0:
        return "UNLIMITED"
    for unit, power in (("T", 4), ("G", 3), ("M", 2), ("K", 1)):
        if n and n % 1024**power == 0:
            return f"{n // 1024**power}{unit}"
    return str(n)


def _compare_quota(oid: ObjectId, want: Quota, have: Quota) -> _Verdict:
    attrs: list[AttributeChange] = []
    _attr(attrs, "max_bytes", format_bytes(want.max_bytes), format_bytes(have.max_bytes))
    return (["changed"] if attrs else []), "", attrs


def _compare_grant(oid: ObjectId, want: Any, have: Any) -> _Verdict:
    attrs: list[AttributeChange] = []
    field = "grantable" if isinstance(want, ObjectPrivilege) else "admin_option"
    _attr(attrs, field, getattr(want, field), getattr(have, field))
    return (["changed"] if attrs else []), "", attrs


Comparator = Callable[[ObjectId, Any, Any], _Verdict]
_GRANTS = {"object_grant": _compare_grant, "system_grant": _compare_grant, "role_grant": _compare_grant}
_SOURCES = {t.name: _compare_source for t in REGISTRY if t.source_form is not NA}
# Each registered object type's comparator (tests/test_object_types.py checks none is missing).
COMPARATORS: dict[str, Comparator] = {
    **_SOURCES,
    "table": _compare_table,
    "index": _compare_index,
    "sequence": _compare_sequence,
    "synonym": _compare_synonym,
    "database_link": _compare_link,
    "job": _compare_job,
    "user": _compare_user,
    "quota": _compare_quota,
    **_GRANTS,
}


def _comparator(oid: ObjectId) -> Comparator:
    """The type's comparator; a source type outside the registry (a hand-made snapshot) as source."""
    return COMPARATORS.get(oid.type, _compare_source)


def _summary(cats: list[str], diff: str, attrs: list[AttributeChange], have: Any) -> str:
    parts = []
    for c in cats:
        if c == "missing":
            parts.append("missing: in the model, not in the database")
        elif c == "unexpected":
            parts.append("unexpected: in the database, not in the model")
        elif c == "changed":
            what = []
            if diff:
                changed = sum(1 for line in diff.splitlines()
                              if line[:1] in "+-" and not line.startswith(("+++", "---")))
                what.append(f"source differs ({changed} lines)")
            what.extend(a.name for a in attrs)
            parts.append("changed: " + ", ".join(what))
        elif c == "invalid":
            parts.append("invalid: status INVALID in the database")
        elif c == "disabled":
            parts.append("disabled in the database")
    return "; ".join(parts) or "in sync"


def _unexpected_diff(oid: ObjectId, have: Any) -> str:
    if isinstance(have, _SourceEntry) and have.source is not None:
        text = normalize.source_text(have.source.text, type=oid.type, owner=oid.owner, name=oid.name)
        return _unified(oid, "", text)
    return ""


# --------------------------------------------------------------------------- entry point


def _matches(oid: ObjectId, patterns: Iterable[str]) -> str:
    text = str(oid)
    bare = text.split(":", 1)[1]
    for p in patterns:
        if fnmatchcase(text, p) or fnmatchcase(bare, p):
            return p
    return ""


def _tool_object(oid: ObjectId, value: Any) -> bool:
    """The tool's own bookkeeping (BUILTIN_IGNORE), indexes on its tables included."""
    if _matches(oid, BUILTIN_IGNORE):
        return True
    if isinstance(value, _IndexEntry):
        return bool(_matches(ObjectId(oid.database, oid.owner, "table", value.table), BUILTIN_IGNORE))
    return False


def _privilege_visible(oid: ObjectId, value: Any, visible: tuple[str, ...] | None) -> bool:
    if visible is None:
        return True
    who = {normalize.identifier(v) for v in visible}
    if oid.owner in who:
        return True
    return isinstance(value, ObjectPrivilege) and normalize.identifier(value.owner) in who


def compare_database(
    want: DatabaseCatalog,
    have: DatabaseCatalog,
    *,
    privileges_managed: bool = True,
    ignore: Iterable[str] = (),
) -> tuple[list[ObjectDrift], list[str]]:
    """Per-object results for one database and notes on what could not be compared."""
    notes: list[str] = []
    wanted = snapshot_objects(want)
    held = snapshot_objects(have)
    patterns = tuple(ignore)
    results: list[ObjectDrift] = []
    skipped_privileges = 0
    for oid in sorted(wanted.keys() | held.keys(), key=ObjectId.sort_key):
        w = wanted.get(oid)
        h = held.get(oid)
        if _tool_object(oid, w if w is not None else h):
            continue
        if oid.type in PRIVILEGE_KINDS:
            if not privileges_managed:
                skipped_privileges += 1
                continue
            if not _privilege_visible(oid, w if w is not None else h, have.privileges_of):
                skipped_privileges += 1
                continue
        if w is None:
            cats, diff, attrs = ["unexpected"], _unexpected_diff(oid, h), list[AttributeChange]()
        elif h is None:
            cats, diff, attrs = ["missing"], "", []
        else:
            cats, diff, attrs = _comparator(oid)(oid, w, h)
        pattern = _matches(oid, patterns) if cats else ""
        results.append(ObjectDrift(oid, tuple(cats), _summary(cats, diff, attrs, h), diff,
                                   tuple(attrs), pattern))
    if skipped_privileges:
        if not privileges_managed:
            notes.append(f"{want.database}: users and privileges not compared: the project has "
                         "no grants model")
        else:
            notes.append(f"{want.database}: {skipped_privileges} privilege(s) not compared: the "
                         f"catalog was read through {have.dictionary or 'ALL'}_* views and only "
                         f"sees those of {', '.join(have.privileges_of or ())} (read with a "
                         "DBA-privileged account to compare them all)")
    return results, notes


def compute_drift(
    desired: CatalogSnapshot,
    actual: CatalogSnapshot,
    *,
    ignore: Iterable[str] = (),
    databases: Iterable[str] | None = None,
) -> DriftReport:
    """Compare `actual` with `desired`, database by database (absent = empty)."""
    names = tuple(databases) if databases is not None else tuple(sorted(
        {d.database for d in desired.databases} | {d.database for d in actual.databases}))
    patterns = tuple(ignore)
    managed = desired.meta.get("privileges", "managed") != "unmanaged"
    results: list[ObjectDrift] = []
    notes: list[str] = []
    for name in names:
        want = desired.database(name) or DatabaseCatalog(name)
        have = actual.database(name) or DatabaseCatalog(name)
        r, n = compare_database(want, have, privileges_managed=managed, ignore=patterns)
        results.extend(r)
        notes.extend(n)
    return DriftReport(desired.target, names, tuple(results), tuple(notes))


def ignore_patterns(configured: Iterable[str], extra: Iterable[str]) -> tuple[str, ...]:
    """`target.drift.ignore` followed by the command line's --ignore patterns."""
    return tuple(dict.fromkeys([*configured, *extra]))


def results_by_id(report: DriftReport) -> Mapping[ObjectId, ObjectDrift]:
    return {r.id: r for r in report.results}
