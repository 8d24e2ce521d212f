"""One SQL*Plus / SQLcl deploy script for a target's whole desired state.

Layout, per database: a DBA section (users, system and object grants — supplied by the
grants model) and an owner section (the objects, in dependency order, each followed by
its compile check), then the invalid-object sweep. The script stops at the first error
(`WHENEVER SQLERROR EXIT FAILURE`), including a unit that compiled with errors, which
SQL*Plus on its own only reports as a warning. Secrets never appear: CONNECT prompts
for passwords and users' passwords are substitution variables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from conefi_dbtool import __version__
from conefi_dbtool.config import DATABASES, Target
from conefi_dbtool.deploy_steps import Step, invalid_sweep, object_steps, session_step
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, PLSQL_TYPES
from conefi_dbtool.render import RenderResult
from conefi_dbtool.trigger_path import trigger_path

DATABASE_TITLES = {"erp": "ERP database (Protheus)", "sgu2": "SGU 2.0 database"}

# How every script the tool writes runs in SQL*Plus / SQLcl: stop at the first error,
# show what PL/SQL prints, keep blank lines inside statements, no & substitution.
SESSION_SETTINGS = (
    "WHENEVER OSERROR EXIT FAILURE ROLLBACK\n"
    "WHENEVER SQLERROR EXIT FAILURE ROLLBACK\n"
    "SET ECHO OFF\n"
    "SET FEEDBACK ON\n"
    "SET SERVEROUTPUT ON SIZE UNLIMITED\n"
    "SET SQLBLANKLINES ON\n"
    "SET DEFINE OFF\n"
)


@dataclass(frozen=True)
class ScriptOptions:
    connect: bool = True  # emit CONNECT lines (prompting for passwords)
    databases: tuple[str, ...] = DATABASES


def format_step(step: Step) -> str:
    """A step as SQL*Plus text: ';' after SQL, a '/' line after PL/SQL."""
    if step.kind == "plsql":
        out = step.text.rstrip() + "\n/\n"
        if step.purpose == "compile-check" and step.object is not None:
            oid = step.object
            out = f"SHOW ERRORS {ORACLE_TYPE_NAMES[oid.type]} {oid.owner}.{oid.name}\n" + out
        return out
    if step.kind == "sqlplus":
        return step.text.rstrip() + "\n"
    return step.text.rstrip() + ";\n"


def connect_block(variable: str, database: str, default_user: str) -> str:
    """SQL*Plus lines that connect, prompting for the password (never written here)."""
    return (
        "SET DEFINE ON\n"
        f"DEFINE {variable} = {default_user}\n"
        f"PROMPT Connecting to the {DATABASE_TITLES[database]} as &&{variable} "
        f"(password prompted; DSN from &&{database}_dsn)\n"
        f"CONNECT &&{variable}@&&{database}_dsn\n"
        "SET DEFINE OFF\n"
    )


def content_sha256(result: RenderResult) -> str:
    digest = hashlib.sha256()
    for obj in result.objects:
        digest.update(f"{obj.id}\0{obj.sha256}\n".encode())
    return digest.hexdigest()


def build_script(
    target: Target,
    result: RenderResult,
    *,
    dba_steps: Mapping[str, Sequence[Step]] | None = None,
    preflight: Mapping[str, Sequence[Step]] | None = None,
    options: ScriptOptions = ScriptOptions(),
) -> str:
    """The deploy script text (deterministic: no timestamps, LF endings).

    `preflight`: per database, the check blocks run before any DDL — the step of purpose
    "preflight" right after the section's first connection, one of purpose
    "preflight-privileges" at the top of the owner section (after the DBA's grants).
    """
    dba_steps = dba_steps or {}
    preflight = preflight or {}
    session = format_step(session_step(target.ddl_lock_timeout))
    parts: list[str] = [
        f"-- conefi-dbtool {__version__}: deploy script for target {target.name}\n"
        f"-- objects: {len(result.objects)}; content sha256: {content_sha256(result)}\n"
        "-- Run: sql /nolog @this_file.sql   (SQLcl)   or   sqlplus /nolog @this_file.sql\n"
        "-- Re-runnable: every step is idempotent. Stops at the first error, including\n"
        "-- PL/SQL compile errors. No secret is written here: passwords are prompted.\n",
        SESSION_SETTINGS,
    ]
    total = len(result.objects)
    path = trigger_path(result.objects)  # replaced under protection (deploy_steps)
    position = {obj.id: i for i, obj in enumerate(result.objects, start=1)}
    for database in options.databases:
        db = target.database(database)
        objects = tuple(o for o in result.objects if o.id.database == database)
        dba = tuple(dba_steps.get(database, ()))
        if not objects and not dba:
            continue
        title = DATABASE_TITLES[database]
        checks = {s.purpose: s for s in preflight.get(database, ())}
        first = checks.get("preflight")
        if dba:
            parts.append(f"\nPROMPT ==== {title}: DBA section (users and grants) ====\n")
            if options.connect:
                parts.append(connect_block(f"{database}_dba_user", database, "SYSTEM"))
            parts.append(session)
            if first is not None:
                parts.append(f"PROMPT preflight: checking the {title} before any change\n"
                             + format_step(first))
                first = None
            # users' passwords are substitution variables: DEFINE must be on here.
            parts.append("SET DEFINE ON\n")
            parts.extend(format_step(s) for s in dba)
            parts.append("SET DEFINE OFF\n")
        if objects:
            owner = str(db.schemas.conefi)
            parts.append(f"\nPROMPT ==== {title}: objects (as {owner} or a DBA) ====\n")
            if options.connect:
                parts.append(connect_block(f"{database}_owner_user", database, owner))
            parts.append(session)
            for check in (first, checks.get("preflight-privileges")):
                if check is not None:
                    parts.append(f"PROMPT preflight: checking the {title} before any change\n"
                                 + format_step(check))
            for obj in objects:
                parts.append(
                    f"\nPROMPT [{position[obj.id]}/{total}] {obj.id.owner}.{obj.id.name} "
                    f"({obj.id.type})\n"
                )
                parts.extend(format_step(s) for s in object_steps(obj, path))
            if any(o.id.type in PLSQL_TYPES for o in objects):
                parts.append(f"\nPROMPT ==== {title}: recompiling INVALID managed units ====\n")
                parts.extend(format_step(s) for s in invalid_sweep(objects, database))
    parts.append("\nPROMPT ==== done ====\nEXIT SUCCESS\n")
    return "".join(parts)
