"""Identity and rendered form of the database objects the tool manages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from conefi_dbtool.object_types import DEPLOY_ORDER, REGISTRY, dictionary_names

# Per-type tables, derived from the object-type registry (`object_types`), which says why.
OBJECT_TYPES: tuple[str, ...] = DEPLOY_ORDER  # deploy order when nothing else is known
TYPE_RANK = {t: i for i, t in enumerate(OBJECT_TYPES)}
REPLACEABLE_TYPES = frozenset(t.name for t in REGISTRY if t.replaceable)
PLSQL_TYPES = frozenset(t.name for t in REGISTRY if t.plsql)
STATEFUL_TYPES = frozenset(t.name for t in REGISTRY if t.stateful)
ORACLE_TYPE_NAMES = dictionary_names()  # ALL_OBJECTS.OBJECT_TYPE spelling


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
