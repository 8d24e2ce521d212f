"""`status`: the operator's daily view of a target, computed from a catalog snapshot (pure).

Per database: the revision recorded, INVALID objects, the health of each scheduler job
(enabled, state, last and next run, failures in the last 24 h from the run log) and, for
the ERP, the queue backlog (pending and error rows, age of the oldest pending row).
Problems are listed so the command can exit 1 for a monitoring check.

Every managed PL/SQL unit and view counts, whoever owns it: one the read did not find —
dropped, or invisible to the reading user (ALL_* views do not show another schema's
trigger, e.g. SGU's with `integration.trigger_owner = "sgu"`) — is a problem, "not
checked", never taken for a valid one.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.catalog.snapshot import CatalogSnapshot, DatabaseCatalog, QueueHealth

STALE_PENDING_SECONDS = 24 * 3600  # a pending row older than a day: the consumer is not reading


@dataclass(frozen=True)
class JobHealth:
    owner: str
    name: str
    enabled: bool
    state: str
    last_start: str
    next_run: str
    failure_count: int
    failures_24h: int
    last_error: str
    problem: str = ""  # empty when healthy


@dataclass(frozen=True)
class DatabaseStatus:
    database: str
    revision: str | None
    invalid: tuple[str, ...]  # OWNER.NAME (type)
    jobs: tuple[JobHealth, ...]
    queue: QueueHealth | None
    problems: tuple[str, ...]
    unseen: tuple[str, ...] = ()  # OWNER.NAME (type) of managed code the read did not find


@dataclass(frozen=True)
class StatusReport:
    target: str
    taken_at: str
    databases: tuple[DatabaseStatus, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(f"{d.database}: {p}" for d in self.databases for p in d.problems)

    @property
    def healthy(self) -> bool:
        return not self.problems


def _duration(seconds: int) -> str:
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def database_status(db: DatabaseCatalog, desired: DatabaseCatalog | None = None) -> DatabaseStatus:
    problems: list[str] = []
    invalid = tuple(f"{s.owner}.{s.name} ({s.type})" for s in sorted(db.sources)
                    if s.status.upper() == "INVALID")
    if invalid:
        problems.append(f"{len(invalid)} INVALID object(s): {', '.join(invalid)}")
    unseen = _unseen(db, desired)
    if unseen:
        reader = f"the {db.dictionary}_* views" if db.dictionary else "this snapshot"
        problems.append(f"{len(unseen)} managed object(s) not found by {reader} (dropped, or not visible "
                        f"to the reading user: status not checked): {', '.join(unseen)}")
    runs: dict[tuple[str, str], list[str]] = {}
    for run in db.job_runs:
        if run.status.upper() != "SUCCEEDED":
            runs.setdefault((run.owner, run.job_name), []).append(
                f"{run.log_date} {run.status} ORA-{run.error:05d}" + (f": {run.additional_info}" if
                                                                     run.additional_info else ""))
    jobs = []
    have = {(j.owner, j.name): j for j in db.jobs}
    wanted = {(j.owner, j.name) for j in desired.jobs} if desired is not None else set(have)
    for key in sorted(wanted - set(have)):
        problems.append(f"job {key[0]}.{key[1]} does not exist")
    for key in sorted(set(have) & wanted):
        j = have[key]
        failed = runs.get(key, [])
        problem = ""
        if not j.enabled:
            problem = "disabled"
        elif j.state.upper() in ("BROKEN", "FAILED"):
            problem = f"state {j.state}"
        elif failed:
            problem = f"{len(failed)} failed run(s) in the last 24 h"
        if problem:
            problems.append(f"job {j.owner}.{j.name}: {problem}")
        jobs.append(JobHealth(j.owner, j.name, j.enabled, j.state, j.last_start_date, j.next_run_date,
                              j.failure_count, len(failed), failed[0] if failed else "", problem))
    if db.queue is not None:
        if db.queue.errors:
            problems.append(f"queue: {db.queue.errors} row(s) in error")
        age = db.queue.oldest_pending_age_seconds
        if age is not None and age > STALE_PENDING_SECONDS:
            problems.append(f"queue: oldest pending row is {_duration(age)} old")
    return DatabaseStatus(db.database, db.revision, invalid, tuple(jobs), db.queue, tuple(problems), unseen)


def _unseen(db: DatabaseCatalog, desired: DatabaseCatalog | None) -> tuple[str, ...]:
    """The model's code objects (any owner) absent from what the read found."""
    if desired is None:
        return ()
    found = {(s.owner, s.type, s.name) for s in db.sources}
    return tuple(f"{s.owner}.{s.name} ({s.type})" for s in sorted(desired.sources)
                 if (s.owner, s.type, s.name) not in found)


def build_status(snapshot: CatalogSnapshot, desired: CatalogSnapshot | None = None) -> StatusReport:
    """Health of every database in `snapshot`; with `desired`, only the model's jobs count."""
    return StatusReport(snapshot.target, snapshot.taken_at, tuple(
        database_status(db, desired.database(db.database) if desired is not None else None)
        for db in snapshot.databases))

