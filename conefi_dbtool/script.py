"""One SQL*Plus / SQLcl deploy script for a target's whole desired state.

Layout, per database: a DBA section (users, system and object grants — supplied by the
grants model), then one owner section per connecting user (`owner_sections`): the CONEFI
owner's objects, then those another schema owns (the SGU trigger with
`integration.trigger_owner = "sgu"`), connected as the DBA or as that schema
(`<database>.other_owners.connect_as`). Each section creates its objects in dependency
order, the trigger path's steps next to each other (`trigger_path.adjacent_order`), each
followed by its compile check, and ends with the INVALID sweep of what it
created — run by a session that can see those units, so none is missed. The script stops at
the first error (`WHENEVER SQLERROR EXIT FAILURE`), including a unit that compiled with
errors, which SQL*Plus on its own only reports as a warning. Secrets never appear: CONNECT
prompts for passwords and users' passwords are substitution variables.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from conefi_dbtool import __version__
from conefi_dbtool.config import DATABASES, Target
from conefi_dbtool.deploy_steps import Step, invalid_sweep, object_steps, session_step, undo_declarations
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, ObjectId, RenderedObject
from conefi_dbtool.render import RenderResult
from conefi_dbtool.trigger_path import BETWEEN_PATH_STEPS, NO_PATH, TriggerPath, adjacent_order, trigger_path

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


@dataclass(frozen=True)
class OwnerSection:
    """The objects of one database that one session creates, and who that session is.

    `connect_as` is "conefi" for the database's CONEFI owner (its own section), else the
    target's `other_owners.connect_as` ("dba" or "owner") for a schema another one owns.
    """

    database: str
    owner: str
    connect_as: Literal["conefi", "dba", "owner"]
    objects: tuple[RenderedObject, ...]
    between: frozenset[ObjectId] = frozenset()  # left between two trigger-path steps

    @property
    def is_main(self) -> bool:
        return self.connect_as == "conefi"

    def variable(self) -> str:
        """The SQL*Plus variable holding the user the section connects as."""
        if self.is_main:
            return f"{self.database}_owner_user"
        if self.connect_as == "dba":
            return f"{self.database}_dba_user"
        return f"{self.database}_{re.sub(r'[^a-z0-9_]', '_', self.owner.lower())}_user"

    def default_user(self, target: Target) -> str:
        if self.is_main:
            return self.owner
        return target.database(self.database).other_owners.script_user(self.owner)

    def who(self) -> str:
        """How a PROMPT names the connecting user."""
        if self.is_main:
            return f"as {self.owner} or a DBA"
        return "as a DBA" if self.connect_as == "dba" else f"as {self.owner}"

    def sweep(self) -> tuple[Step, ...]:
        return invalid_sweep(self.objects, self.database)


def owner_sections(target: Target, database: str, objects: Sequence[RenderedObject],
                   path: TriggerPath = NO_PATH) -> tuple[OwnerSection, ...]:
    """`objects` of `database` split by the session that creates them: the CONEFI owner's
    first (every other schema's objects depend on its code), then one section per other
    owner in dependency order. Sections with no object are left out. Within a section the
    steps of the trigger `path` run next to each other (`trigger_path.adjacent_order`)."""
    db = target.database(database)
    main = str(db.schemas.conefi)
    mine = tuple(o for o in objects if o.id.database == database)
    owners = dict.fromkeys(o.id.owner for o in mine if o.id.owner != main)
    parts = [(owner, "conefi" if owner == main else db.other_owners.connect_as,
              [o for o in mine if o.id.owner == owner]) for owner in (main, *owners)]
    parts = [p for p in parts if p[2]]
    # one run, each section boundary a step nothing crosses: a section's path steps come
    # together, and its other steps leave the way that takes them out of the whole path
    run: list[RenderedObject | None] = []
    spans: list[tuple[int, int]] = []
    for _, _, section_objects in parts:
        if run:
            run.append(None)
        spans.append((len(run), len(run) + len(section_objects)))
        run.extend(section_objects)
    arranged = adjacent_order(run, path)
    ordered = [run[i] for i in arranged.order]  # the boundaries stay where they were
    between = frozenset(obj.id for i in arranged.between if (obj := run[i]) is not None)
    sections = []
    for (owner, connect_as, _), (start, end) in zip(parts, spans, strict=True):
        section = tuple(o for o in ordered[start:end] if o is not None)
        sections.append(OwnerSection(database, owner, connect_as, section,
                                     between & {o.id for o in section}))
    return tuple(sections)


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
    """SQL*Plus lines that connect, prompting for the password (never written here).

    CONNECT runs the site's glogin.sql / login.sql again, which may change any setting
    (WHENEVER, DEFINE...): `SESSION_SETTINGS` are repeated after it."""
    return (
        "SET DEFINE ON\n"
        f"DEFINE {variable} = {default_user}\n"
        f"PROMPT Connecting to the {DATABASE_TITLES[database]} as &&{variable} "
        f"(password prompted; DSN from &&{database}_dsn)\n"
        f"CONNECT &&{variable}@&&{database}_dsn\n"
        + SESSION_SETTINGS
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
        checks_left: tuple[Step | None, Step | None] = (first, checks.get("preflight-privileges"))
        for section in owner_sections(target, database, objects, path):
            parts.append(f"\nPROMPT ==== {title}: objects owned by {section.owner} ({section.who()}) ====\n")
            if options.connect:
                parts.append(connect_block(section.variable(), database, section.default_user(target)))
            parts.append(session)
            for check in checks_left:  # in the first section: before any object is created
                if check is not None:
                    parts.append(f"PROMPT preflight: checking the {title} before any change\n"
                                 + format_step(check))
            checks_left = (None, None)
            steps = {obj.id: object_steps(obj, path, sees_all=section.connect_as == "dba")  # a DBA sees all
                     for obj in section.objects}
            # the section's trigger-path undo slots (SQL*Plus bind variables of this session)
            parts.extend(format_step(s) for s in undo_declarations(s for st in steps.values() for s in st))
            for obj in section.objects:
                parts.append(
                    f"\nPROMPT [{position[obj.id]}/{total}] {obj.id.owner}.{obj.id.name} "
                    f"({obj.id.type})\n"
                )
                if obj.id in section.between:
                    parts.append(f"PROMPT note: {BETWEEN_PATH_STEPS}\n")
                parts.extend(format_step(s) for s in steps[obj.id])
            sweep = section.sweep()
            if sweep:
                parts.append(f"\nPROMPT ==== {title}: recompiling INVALID managed units of "
                             f"{section.owner} ====\n")
                parts.extend(format_step(s) for s in sweep)
    parts.append("\nPROMPT ==== done ====\nEXIT SUCCESS\n")
    return "".join(parts)
