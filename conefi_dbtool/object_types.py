"""The Oracle object types the tool knows: one record per type, every per-type fact in it.

In the style of alembic_utils' one class per entity kind: what a type *is* — where a
deploy puts it, how the dictionary spells it, whether re-running its DDL is the deploy,
which privilege creating it needs, which ORA- codes mean "already exists" or "does not
exist", which dictionary query reads it back, how a release applies a change to it, how
the docs treat it — lives here and nowhere else. Tables elsewhere (`objects.TYPE_RANK`,
the deploy guards, the drop errors, `grants.usage.CREATE_PRIVILEGE`, the reader's type
lists) are derived from `REGISTRY`.

A facet that does not apply to a type is the explicit `NA` (a user has no "already
exists" code that a guard could accept), never a missing entry; `tests/test_object_types.py`
fails when a registered type leaves one undecided. Facets that need higher layers (drift
comparator, plan-step builder, expected-DDL reader) are registered by those layers, keyed
by `ObjectType.name`, and the same test checks every registered type has one there too
(possibly `NA`). This module sits beside `identifiers`: it imports nothing of the tool.

Adding a type: a record here (in deploy order), its template folder, and its entries in
the three higher-layer registries (`catalog.drift.COMPARATORS`, `catalog.plan.BUILDERS`,
`catalog.expected.READERS`) — the registry test names any that is missing.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal


class NotApplicable(enum.Enum):
    """A facet that does not apply to a type (decided, unlike a missing entry)."""

    NA = "not applicable"

    def __repr__(self) -> str:
        return "NA"


NA = NotApplicable.NA

# How a release (`revision` autogenerate) applies a changed object of the type:
# replace   — op.replace_object (CREATE OR REPLACE is the deploy);
# create    — op.create_object (created when missing; an existing one is kept);
# table     — create when added, op.alter_table_pieces when modified;
# job       — op.create_job / op.replace_job / op.drop_job;
# grants    — op.sync_grants (granted / revoked in place).
ReleaseKind = Literal["replace", "create", "table", "job", "grants"]
# How the stored text of a source object compares: the whole unit, or only the query (views).
SourceForm = Literal["unit", "query"]


@dataclass(frozen=True)
class Guard:
    """ORA- codes that mean "this already exists" for one statement shape of a type."""

    statement: str  # regular expression matched at the statement's start (case-insensitive)
    codes: tuple[int, ...]

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.statement, re.I)


@dataclass(frozen=True)
class ObjectType:
    """Everything that is per type. No defaults: each record decides every facet."""

    name: str  # ObjectId.type and the template folder name
    summary: str  # one line, for contributors and the docs
    deployed: bool  # rendered from templates/<db>/<owner>/<name>/; deploy rank = place in REGISTRY
    dictionary_name: str | NotApplicable  # ALL_OBJECTS.OBJECT_TYPE spelling
    replaceable: bool  # CREATE OR REPLACE: re-running is the deploy
    plsql: bool  # ends with a '/' line and compiles (warnings must be checked)
    stateful: bool  # holds data or state: created when missing, never dropped implicitly
    grants_managed: bool  # users, grants, quotas: the grants manifests own them, releases never drop them
    create_privilege: str | NotApplicable  # system privilege the owner needs to create it
    exists_guards: tuple[Guard, ...] | NotApplicable  # statement shapes run through "already exists" guards
    missing_error: int | NotApplicable  # ORA- code of DROP when the object does not exist
    catalog_query: str | NotApplicable  # the `catalog.queries` query that reads it back
    status_read: bool  # its ALL_OBJECTS status is read (INVALID is reported)
    source_form: SourceForm | NotApplicable  # how its stored text compares
    release_kind: ReleaseKind | NotApplicable
    docs_secondary: bool  # a reference to its name and a same-named object's means the other


def _guard(statement: str, *codes: int) -> Guard:
    return Guard(statement, codes)


def _stored_code(name: str, summary: str, *, create_privilege: str, missing_error: int,
                 docs_secondary: bool = False, deployed: bool = True,
                 release_kind: ReleaseKind | NotApplicable = "replace") -> ObjectType:
    """A stored PL/SQL unit: replaced by its DDL, compiled, read back from ALL_SOURCE."""
    return ObjectType(
        name=name, summary=summary, deployed=deployed, dictionary_name=name.replace("_", " ").upper(),
        replaceable=True, plsql=True, stateful=False, grants_managed=False,
        create_privilege=create_privilege, exists_guards=NA, missing_error=missing_error,
        catalog_query="source", status_read=True, source_form="unit", release_kind=release_kind,
        docs_secondary=docs_secondary)


def _granted(name: str, summary: str, *, catalog_query: str) -> ObjectType:
    """A grant the manifests own: no dictionary object, granted and revoked in place."""
    return ObjectType(
        name=name, summary=summary, deployed=True, dictionary_name=NA, replaceable=False, plsql=False,
        stateful=False, grants_managed=True, create_privilege=NA, exists_guards=NA, missing_error=NA,
        catalog_query=catalog_query, status_read=False, source_form=NA, release_kind="grants",
        docs_secondary=False)


_CREATE_TABLE = _guard(r"CREATE\s+(GLOBAL\s+TEMPORARY\s+)?TABLE\b", 955)
# a constraint, named or not (ADD PRIMARY KEY twice is ORA-02260, not ORA-01430)
_ADD_CONSTRAINT = _guard(r"ALTER\s+TABLE\s+\S+\s+ADD\s*\(?\s*(CONSTRAINT|PRIMARY|UNIQUE|FOREIGN)\b",
                         2260, 2261, 2264, 2275)
_ADD_COLUMN = _guard(r"ALTER\s+TABLE\s+\S+\s+ADD\b", 1430)

# In deploy order when nothing else is known: package specs before views (views may call
# package functions), views before package bodies (bodies may use the views' %ROWTYPE),
# triggers and grants after code, jobs last; types the catalog reads but no template
# renders at the end.
USER = ObjectType(
    name="user", summary="a database account (created by the DBA section, password from a variable)",
    deployed=True, dictionary_name=NA, replaceable=False, plsql=False, stateful=True, grants_managed=True,
    create_privilege=NA, exists_guards=(_guard(r"CREATE\s+USER\b", 1920),), missing_error=NA,
    catalog_query="users", status_read=False, source_form=NA, release_kind="create", docs_secondary=False)
ROLE_GRANT = _granted("role_grant", "a role granted to a user", catalog_query="role_grants")
SYSTEM_GRANT = _granted("system_grant", "a system privilege granted to a user",
                        catalog_query="system_privileges")
SEQUENCE = ObjectType(
    name="sequence", summary="a sequence", deployed=True, dictionary_name="SEQUENCE", replaceable=False,
    plsql=False, stateful=True, grants_managed=False, create_privilege="CREATE SEQUENCE",
    exists_guards=(_guard(r"CREATE\s+SEQUENCE\b", 955),), missing_error=2289, catalog_query="sequences",
    status_read=False, source_form=NA, release_kind="create", docs_secondary=False)
TABLE = ObjectType(
    name="table", summary="a table, its columns, constraints and comments", deployed=True,
    dictionary_name="TABLE", replaceable=False, plsql=False, stateful=True, grants_managed=False,
    create_privilege="CREATE TABLE", exists_guards=(_CREATE_TABLE, _ADD_CONSTRAINT, _ADD_COLUMN),
    missing_error=942, catalog_query="columns", status_read=False, source_form=NA, release_kind="table",
    docs_secondary=False)
INDEX = ObjectType(
    name="index", summary="an index (no privilege: it is on the owner's own table)", deployed=True,
    dictionary_name="INDEX", replaceable=False, plsql=False, stateful=True, grants_managed=False,
    create_privilege=NA, exists_guards=(_guard(r"CREATE\s+(UNIQUE\s+|BITMAP\s+)?INDEX\b", 955, 1408),),
    missing_error=1418, catalog_query="indexes", status_read=False, source_form=NA, release_kind="create",
    docs_secondary=True)
DATABASE_LINK = ObjectType(
    name="database_link", summary="a private database link (password from a variable)", deployed=True,
    dictionary_name="DATABASE LINK", replaceable=False, plsql=False, stateful=True, grants_managed=False,
    create_privilege="CREATE DATABASE LINK",
    exists_guards=(_guard(r"CREATE\s+(PUBLIC\s+)?DATABASE\s+LINK\b", 2011),), missing_error=2024,
    catalog_query="db_links", status_read=False, source_form=NA, release_kind="create", docs_secondary=False)
SYNONYM = ObjectType(
    name="synonym", summary="a synonym (private or public)", deployed=True, dictionary_name="SYNONYM",
    replaceable=True, plsql=False, stateful=False, grants_managed=False, create_privilege="CREATE SYNONYM",
    exists_guards=NA, missing_error=1434, catalog_query="synonyms", status_read=True, source_form=NA,
    release_kind="replace", docs_secondary=False)
TYPE = _stored_code("type", "an object or collection type (its specification)",
                    create_privilege="CREATE TYPE", missing_error=4043)
PACKAGE = _stored_code("package", "a package specification", create_privilege="CREATE PROCEDURE",
                       missing_error=4043)
FUNCTION = _stored_code("function", "a stand-alone function", create_privilege="CREATE PROCEDURE",
                        missing_error=4043)
PROCEDURE = _stored_code("procedure", "a stand-alone procedure", create_privilege="CREATE PROCEDURE",
                         missing_error=4043)
VIEW = ObjectType(
    name="view", summary="a view (Oracle stores only its query)", deployed=True, dictionary_name="VIEW",
    replaceable=True, plsql=False, stateful=False, grants_managed=False, create_privilege="CREATE VIEW",
    exists_guards=NA, missing_error=942, catalog_query="views", status_read=True, source_form="query",
    release_kind="replace", docs_secondary=False)
PACKAGE_BODY = _stored_code("package_body", "a package body", create_privilege="CREATE PROCEDURE",
                            missing_error=4043, docs_secondary=True)
TRIGGER = _stored_code("trigger", "a trigger (CREATE ANY TRIGGER when on another schema's table)",
                       create_privilege="CREATE TRIGGER", missing_error=4080)
OBJECT_GRANT = _granted("object_grant", "a privilege on an object granted to a user or PUBLIC",
                        catalog_query="object_privileges")
JOB = ObjectType(
    name="job", summary="a scheduler job (DBMS_SCHEDULER.CREATE_JOB with literal arguments)", deployed=True,
    dictionary_name="JOB", replaceable=False, plsql=False, stateful=False, grants_managed=False,
    create_privilege="CREATE JOB", exists_guards=NA, missing_error=NA, catalog_query="jobs",
    status_read=False, source_form=NA, release_kind="job", docs_secondary=False)
TYPE_BODY = _stored_code("type_body", "a type body (read from the database; no template renders one yet)",
                         create_privilege="CREATE TYPE", missing_error=4043, docs_secondary=True,
                         deployed=False, release_kind=NA)
QUOTA = ObjectType(
    name="quota", summary="a user's quota on a tablespace (from the grants manifests)", deployed=False,
    dictionary_name=NA, replaceable=False, plsql=False, stateful=False, grants_managed=True,
    create_privilege=NA, exists_guards=NA, missing_error=NA, catalog_query="quotas", status_read=False,
    source_form=NA, release_kind=NA, docs_secondary=False)

REGISTRY: tuple[ObjectType, ...] = (
    USER, ROLE_GRANT, SYSTEM_GRANT, SEQUENCE, TABLE, INDEX, DATABASE_LINK, SYNONYM, TYPE, PACKAGE,
    FUNCTION, PROCEDURE, VIEW, PACKAGE_BODY, TRIGGER, OBJECT_GRANT, JOB, TYPE_BODY, QUOTA,
)
BY_NAME: dict[str, ObjectType] = {t.name: t for t in REGISTRY}

# Derived tables (one place per fact: the records above).
DEPLOY_ORDER: tuple[str, ...] = tuple(t.name for t in REGISTRY if t.deployed)
GUARDS: tuple[Guard, ...] = tuple(g for t in REGISTRY if t.exists_guards is not NA for g in t.exists_guards)


def dictionary_names() -> dict[str, str]:
    """Type name -> ALL_OBJECTS.OBJECT_TYPE spelling, for the types that have one."""
    return {t.name: t.dictionary_name for t in REGISTRY if t.dictionary_name is not NA}


def stores_query_only(type_name: str) -> bool:
    """Whether the dictionary keeps only the query of this type's text (views)."""
    known = BY_NAME.get(type_name)
    return known is not None and known.source_form == "query"
