"""Identity and rendered form of the database objects the tool manages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# Object types, in the order a deploy creates them when nothing else is known.
# Package specs before views (views may call package functions), views before package
# bodies (bodies may use the views' %ROWTYPE), triggers and grants after code, jobs last.
OBJECT_TYPES: tuple[str, ...] = (
    "user",
    "role_grant",
    "system_grant",
    "sequence",
    "table",
    "index",
    "database_link",
    "synonym",
    "type",
    "package",
    "function",
    "procedure",
    "view",
    "package_body",
    "trigger",
    "object_grant",
    "job",
)
TYPE_RANK = {t: i for i, t in enumerate(OBJECT_TYPES)}

# Types whose DDL is CREATE OR REPLACE: re-running is the deploy.
REPLACEABLE_TYPES = frozenset(
    {"view", "synonym", "type", "package", "package_body", "function", "procedure", "trigger"}
)
# PL/SQL units: end with a '/' line and compile (warnings must be checked).
PLSQL_TYPES = frozenset({"type", "package", "package_body", "function", "procedure", "trigger"})
# Types that hold data or state: created when missing, never dropped implicitly.
STATEFUL_TYPES = frozenset({"table", "sequence", "index", "user", "database_link"})

# Oracle dictionary spelling (ALL_OBJECTS.OBJECT_TYPE) of each type.
ORACLE_TYPE_NAMES = {
    "sequence": "SEQUENCE",
    "table": "TABLE",
    "index": "INDEX",
    "database_link": "DATABASE LINK",
    "synonym": "SYNONYM",
    "type": "TYPE",
    "package": "PACKAGE",
    "function": "FUNCTION",
    "procedure": "PROCEDURE",
    "view": "VIEW",
    "package_body": "PACKAGE BODY",
    "trigger": "TRIGGER",
    "job": "JOB",
}


@dataclass(frozen=True, order=True)
class ObjectId:
    """(database, owner, type, name): how every managed object is identified."""

    database: str  # "erp" | "sgu2"
    owner: str
    type: str
    name: str

    def __str__(self) -> str:
        return f"{self.database}:{self.owner}.{self.type}.{self.name}"

    @property
    def qualified_name(self) -> str:
        return f"{self.owner}.{self.name}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.database, TYPE_RANK.get(self.type, len(OBJECT_TYPES)), self.owner, self.name)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceLine:
    """Where a rendered line came from: template file (relative) and 1-based line."""

    template: str
    line: int


@dataclass(frozen=True)
class RenderedObject:
    """One object's DDL as rendered for a target, with where each line came from."""

    id: ObjectId
    template: str  # path relative to the templates directory
    text: str  # LF endings, no trailing blanks, ends with a newline
    purpose: str = ""
    depends: tuple[ObjectId, ...] = ()
    line_map: tuple[SourceLine | None, ...] = field(default=(), repr=False, compare=False)

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    def source_of(self, line: int) -> SourceLine | None:
        """Template line that produced rendered line `line` (1-based), if known."""
        if 1 <= line <= len(self.line_map):
            return self.line_map[line - 1]
        return None
