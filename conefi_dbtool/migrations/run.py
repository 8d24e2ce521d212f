"""Upgrade/downgrade orchestration for the CLI: offline script, dry run, online run.

Each database keeps its own position in the one linear history (its row of
``<CONEFI schema>.CONEFI_DBTOOL_VERSION``), so the ERP and SGU 2.0 databases are planned
and applied separately, ERP first; a failure stops before the next database.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import Step
from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.applier import (
    Applier,
    DatabaseOutcome,
    DeployFailed,
    Reporter,
    SecretLookup,
    connect,
    env_secrets,
)
from conefi_dbtool.migrations.history import History
from conefi_dbtool.migrations.planner import DatabasePlan, Planner, PlanOptions, StateRenderer, open_release
from conefi_dbtool.migrations.request import Mode, ReleaseRequest
from conefi_dbtool.migrations.sections import other_owners
from conefi_dbtool.migrations.sqlscript import build_release_script, plan_json
from conefi_dbtool.migrations.store import Workspace


@dataclass(frozen=True)
class Release:
    """A loaded project ready to plan: history, renderer and planner for one target."""

    project: Project
    target: Target
    history: History
    planner: Planner


@contextmanager
def open_planner(project: Project, target: Target, options: PlanOptions) -> Iterator[Release]:
    history, store = open_release(project)
    with Workspace() as workspace:
        renderer = StateRenderer(project, store, workspace)
        yield Release(project, target, history, Planner(project, target, history, renderer, options))


def _check_direction(command: str, history: History, start: str | None, end: str | None,
                     database: str | None = None) -> None:
    a, b = history.position(start), history.position(end)
    where = f"{database} is at {start or 'base'}" if database else f"{start or 'base'}"
    if command == "upgrade" and b < a:
        raise UsageError(f"{where}, after {end or 'base'}: that is a downgrade (use `downgrade`)")
    if command == "downgrade" and b > a:
        raise UsageError(f"{where}, before {end or 'base'}: that is an upgrade (use `upgrade`)")


def managed_databases(project: Project, target: Target) -> tuple[str, ...]:
    """The databases some revision has an operation for (the others are never touched)."""
    from conefi_dbtool.config import DATABASES

    with open_planner(project, target, PlanOptions()) as release:
        return tuple(db for db in DATABASES if release.planner.manages(db))


def parse_range(history: History, command: str, spec: str) -> tuple[str | None, str | None]:
    """``[FROM:]TO`` of an offline script; FROM defaults to base (upgrade) and is required
    for a downgrade, whose starting point a script cannot read."""
    if ":" in spec:
        left, right = spec.split(":", 1)
        start = history.resolve(left or "base")
    elif command == "upgrade":
        start, right = None, spec
    else:
        raise UsageError(f"downgrade --sql needs FROM:TO (e.g. head:-1), got {spec!r}")
    end = history.resolve(right, current=start)
    _check_direction(command, history, start, end)
    return start, end


def sql_script(project: Project, target: Target, command: str, spec: str, databases: tuple[str, ...],
               options: PlanOptions, *, connect_lines: bool = True,
               preflight: Mapping[str, Sequence[Step]] | None = None) -> str:
    """The SQL*Plus script of a range (no database needed); `preflight`: the check blocks
    each database section runs first (`upgrade`; see catalog.preflight)."""
    with open_planner(project, target, options) as release:
        start, end = parse_range(release.history, command, spec)
        plans = [release.planner.plan(db, start, end) for db in databases if release.planner.manages(db)]
        return build_release_script(target, plans, options=options, connect=connect_lines,
                                    command=command, preflight=preflight)


def connection_for(project: Project, target: Target, database: str) -> Any:
    resolved = target.database(database).connection.resolve(
        target=target.name, key=f"targets.{target.name}.{database}", file=str(project.config_file))
    return connect(resolved.dsn, resolved.user, resolved.password)


def section_connection_for(project: Project, target: Target, database: str, owner: str) -> Any:
    """The session that deploys `owner`'s objects: the DBA's or the owner's own, as
    ``<database>.other_owners`` configures (its DSN is the database connection's)."""
    db = target.database(database)
    key = f"targets.{target.name}.{database}.other_owners"
    login = db.other_owners.login(database, owner, db.connection.dsn_env)
    dsn_at = db.connection.set_at.get("dsn_env", (f"targets.{target.name}.{database}.connection.dsn_env",
                                                   None))
    login = dataclasses.replace(login, set_at={"dsn_env": dsn_at, "user_env": (f"{key}.user_env", None),
                                               "password_env": (f"{key}.password_env", None)})
    resolved = login.resolve(target=target.name, key=key, file=str(project.config_file))
    return connect(resolved.dsn, resolved.user, resolved.password)


def open_sections(plan: DatabasePlan, factory: Callable[[str], Any], ddl_lock_timeout: int) -> dict[str, Any]:
    """A session per other owner `plan` touches, DDL_LOCK_TIMEOUT set; closed if one fails."""
    opened: dict[str, Any] = {}
    try:
        for owner in other_owners(plan):
            opened[owner] = factory(owner)
            Applier(opened[owner]).start_session(ddl_lock_timeout)
    except BaseException:
        close_sections(opened)
        raise
    return opened


def close_sections(sessions: Mapping[str, Any]) -> None:
    for conn in sessions.values():
        with contextlib.suppress(Exception):
            conn.close()


def read_version(project: Project, target: Target, database: str) -> str | None:
    """The revision a database is at, read over a connection of its own (nothing locked)."""
    conn = connection_for(project, target, database)
    try:
        return Applier(conn).current_version(str(target.database(database).schemas.conefi), database)
    finally:
        conn.close()


def dry_run(project: Project, target: Target, command: str, spec: str, databases: tuple[str, ...],
            options: PlanOptions) -> tuple[list[DatabasePlan], str]:
    """Read each database's version (nothing is locked or written) and plan from there."""
    plans: list[DatabasePlan] = []
    with open_planner(project, target, options) as release:
        for db in databases:
            if not release.planner.manages(db):
                continue
            current = read_version(project, target, db)
            end = release.history.resolve(spec, current=current)
            _check_direction(command, release.history, current, end, db)
            plans.append(release.planner.plan(db, current, end))
        text = build_release_script(target, plans, options=options, connect=False, command=command)
    return plans, text


def offline_text(project: Project, target: Target, request: ReleaseRequest,
                 preflight: Mapping[str, Sequence[Step]] | None = None) -> str:
    """What ``--sql`` (the script) or ``--dry-run`` (the plan, text or JSON) prints."""
    if request.mode is Mode.SQL:
        return sql_script(project, target, request.command, request.revision, request.databases,
                          request.options, connect_lines=request.connect_lines, preflight=preflight)
    plans, text = dry_run(project, target, request.command, request.revision, request.databases,
                          request.options)
    if request.fmt == "json":
        return json.dumps(plan_json(target.name, request.command, plans), indent=2) + "\n"
    return text


@dataclass(frozen=True)
class RunResult:
    """What an online run did per database, and the error that stopped it (if any)."""

    outcomes: tuple[DatabaseOutcome, ...]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def run_online(project: Project, target: Target, command: str, spec: str, databases: tuple[str, ...],
               options: PlanOptions, reporter: Reporter | None = None,
               secrets: SecretLookup = env_secrets,
               connection_factory: Callable[[str], Any] | None = None,
               preflight: Callable[[str, Any], str] | None = None,
               section_factory: Callable[[str, str], Any] | None = None) -> RunResult:
    """Apply `command` to each database in turn, stopping at the first failure.

    Each session first sets DDL_LOCK_TIMEOUT, then runs `preflight` (database, connection)
    — the first step, before the lock and any DDL: a non-empty answer stops the run there.
    Objects another schema owns (the SGU trigger with trigger_owner = "sgu") are created,
    compile-checked and swept on a session of their own (`section_factory(database, owner)`:
    the DBA or that owner, `<database>.other_owners`), in plan order, while this session keeps
    the lock, the journal and the version stamps.

    Usage errors (a bad revision argument, a missing secret) raise; failures found while
    deploying (lock not acquired, a failed step, a compile error) end the run and are
    returned with what was done, so the caller can report them (text or JSON).
    """
    outcomes: list[DatabaseOutcome] = []
    factory = connection_factory or (lambda db: connection_for(project, target, db))
    sections = section_factory or (lambda db, owner: section_connection_for(project, target, db, owner))
    with open_planner(project, target, options) as release:
        for db in databases:
            if not release.planner.manages(db):
                continue  # no revision has an operation for it: nothing to connect to
            owner = str(target.database(db).schemas.conefi)
            try:
                conn = factory(db)
            except UsageError:
                raise
            except ConefiError as exc:
                return RunResult(tuple(outcomes), f"{db}: {exc}")
            applier = Applier(conn, secrets=secrets)
            try:
                applier.start_session(target.ddl_lock_timeout)
                refused = preflight(db, conn) if preflight is not None else ""
                if refused:
                    return RunResult(tuple(outcomes), refused)
                applier.lock(owner, db, options.lock_timeout, fallback=functools.partial(factory, db))
                try:
                    applier.bootstrap(owner, db)
                    current = applier.current_version(owner, db)
                    end = release.history.resolve(spec, current=current)
                    _check_direction(command, release.history, current, end, db)
                    plan = release.planner.plan(db, current, end)
                    applier.sessions = open_sections(plan, functools.partial(sections, db),
                                                     target.ddl_lock_timeout)
                    try:
                        outcomes.append(applier.apply(plan, reporter))
                    finally:
                        close_sections(applier.sessions)
                finally:
                    applier.unlock(owner, db)
            except DeployFailed as exc:
                outcomes.append(exc.outcome)
                return RunResult(tuple(outcomes), str(exc))
            except UsageError:
                raise
            except ConefiError as exc:
                return RunResult(tuple(outcomes), str(exc))
            finally:
                conn.close()
    return RunResult(tuple(outcomes))
