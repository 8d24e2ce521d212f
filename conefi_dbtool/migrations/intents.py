"""What a revision asks for, as plain data: the payload of our Alembic operations.

A revision's ``upgrade()``/``downgrade()`` calls ``op.replace_object(...)`` and friends;
each call becomes one `Intent`. Turning intents into SQL steps for a target and a
database is the planner's job, so revisions stay target-independent.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.config import DATABASES
from conefi_dbtool.errors import UsageError
from conefi_dbtool.objects import TYPE_RANK

OBJECT_OPS = ("replace_object", "create_object", "alter_table_pieces", "drop_object",
              "create_job", "replace_job", "drop_job", "sync_grants")
GRANT_TYPES = frozenset({"object_grant", "system_grant", "role_grant"})
OTHER_OPS = ("apply_grants", "grant", "revoke", "run_sql")


@dataclass(frozen=True)
class Intent:
    """One operation call of a revision."""

    op: str
    database: str
    ref: str = ""  # "<database>/<owner key>/<type>/<NAME>" (a template path without .sql.j2)
    at: str | None = None  # revision whose frozen sources define the object
    previous: str | None = None  # for alter_table_pieces / apply_grants: the state before
    sql: str = ""  # run_sql
    privilege: str = ""  # grant / revoke
    on: str = ""
    grantee: str = ""
    grant_option: bool = False

    @property
    def object_type(self) -> str:
        return self.ref.split("/")[2] if self.ref else ""

    def describe(self) -> str:
        if self.ref:
            return f"{self.op} {self.ref}"
        if self.op in ("grant", "revoke"):
            return f"{self.op} {self.privilege}{' ON ' + self.on if self.on else ''} {self.grantee}"
        return f"{self.op} ({self.database})"


def parse_ref(ref: str) -> tuple[str, str, str, str]:
    """Split and validate a ref: (database, owner key, type, NAME)."""
    parts = ref.split("/") if isinstance(ref, str) else []
    if len(parts) != 4 or not all(parts):
        raise UsageError(f"object ref {ref!r} must be <database>/<owner>/<type>/<NAME> "
                         "(a template path without .sql.j2)")
    database, owner_key, type_, name = parts
    if database not in DATABASES:
        raise UsageError(f"object ref {ref!r}: unknown database {database!r}")
    if type_ not in TYPE_RANK:
        raise UsageError(f"object ref {ref!r}: unknown object type {type_!r}")
    return database, owner_key, type_, name


def object_intent(op: str, ref: str, at: str | None = None, previous: str | None = None) -> Intent:
    database, _owner, type_, _name = parse_ref(ref)
    if op in ("create_job", "replace_job", "drop_job") and type_ != "job":
        raise UsageError(f"op.{op}({ref!r}): not a job ref")
    if op == "alter_table_pieces" and type_ != "table":
        raise UsageError(f"op.{op}({ref!r}): not a table ref")
    if op == "sync_grants" and type_ not in GRANT_TYPES:
        raise UsageError(f"op.{op}({ref!r}): not a grant ref ({', '.join(sorted(GRANT_TYPES))})")
    return Intent(op=op, database=database, ref=ref, at=at, previous=previous)


def check_database(op: str, database: str) -> str:
    if database not in DATABASES:
        raise UsageError(f"op.{op}: database must be one of {', '.join(DATABASES)}, got {database!r}")
    return database
