"""The preflight of a run: what `preflight`, `script`, `upgrade --sql` and online `upgrade`
share — a target's requirements from the model and the Protheus columns `lint` resolves in
its code, the blocks a script runs before any DDL, the check an online run starts with.

A module of its own, one layer above `lint` and `catalog` (siblings, which may not import
each other); the checks themselves are `conefi_dbtool.catalog.preflight.CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from conefi_dbtool.catalog.preflight import (
    BUSY_CODE,
    PRIVILEGE_CODES,
    Requirements,
    Status,
    evaluate,
    failed,
    plsql_block,
    report_text,
    requirements_for,
)
from conefi_dbtool.catalog.snapshot import CatalogSnapshot
from conefi_dbtool.config import Project, Target
from conefi_dbtool.deploy_steps import Step
from conefi_dbtool.lint.engine import protheus_reads

Reads = tuple[tuple[str, str, str, str, str], ...]


def code_reads(project: Project, target: Target) -> Reads:
    """(database, schema, table, column, type) of every Protheus column the code uses."""
    return tuple((r.database, r.schema, r.table, r.column, r.data_type)
                 for r in protheus_reads(project, target))


def requirements(project: Project, target: Target, desired: CatalogSnapshot, databases: Sequence[str], *,
                 mode: str, lock: bool, reads: Reads | None = None,
                 creates_users: Sequence[str] = ()) -> dict[str, Requirements]:
    found = code_reads(project, target) if reads is None else reads
    return {db: requirements_for(target, desired, db, mode=mode, reads=found, lock=lock,
                                 creates_users=db in creates_users) for db in databases}


def script_steps(project: Project, target: Target, databases: Sequence[str], *, lock: bool,
                 dba_first: Sequence[str] = ()) -> dict[str, tuple[Step, ...]]:
    """The preflight block(s) each database section of a script runs before any DDL.

    Where a DBA section (users, grants) comes first (`dba_first`), its block checks the
    database and the owner section's block the privileges the DBA section just granted.
    """
    from conefi_dbtool.catalog.expected import expected_snapshot

    desired = expected_snapshot(project, target)
    out: dict[str, tuple[Step, ...]] = {}
    for db, req in requirements(project, target, desired, databases, mode="script", lock=lock,
                                creates_users=dba_first).items():
        if db in dba_first:
            out[db] = (Step("plsql", plsql_block(req, exclude=PRIVILEGE_CODES), None, "preflight"),
                       Step("plsql", plsql_block(req, only=PRIVILEGE_CODES), None, "preflight-privileges"))
        else:
            out[db] = (Step("plsql", plsql_block(req), None, "preflight"),)
    return out


def online_check(project: Project, target: Target, echo: Callable[[str], None], *,
                 no_wait: bool = False) -> Callable[[str, Any], str]:
    """The first step of an online run: read the database's facts on its connection and
    evaluate; returns the error that stops the run ("" to go on). Warnings are echoed.

    Sessions executing a unit the release replaces (PF011): by default the run goes on and
    its DDL waits for them (library-cache lock, docs/releases.md); `no_wait` stops it."""
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.reader import read_database, scope_for

    desired = expected_snapshot(project, target)
    reads = code_reads(project, target)

    def check(database: str, connection: Any) -> str:
        req = requirements_for(target, desired, database, mode="online", reads=reads, lock=True)
        tables = [(schema, table) for db, schema, table, _c, _t in reads if db == database]
        facts = read_database(connection, scope_for(target, desired, database, tables))
        findings = evaluate(facts, req)
        text = report_text(findings)
        busy = no_wait and any(f.code == BUSY_CODE and f.status is Status.FAILED for f in findings)
        if failed(findings) or busy:
            return f"{database}: preflight failed, nothing was changed:\n{text.rstrip()}"
        if any(f.severity.value != "info" for f in findings):
            echo(text.rstrip())
        return ""

    return check
