"""The catalog a database should hold at a given desired state, computed offline.

Assembled from the rendered objects (our own DDL, read back by `catalog.ddl` through its
`parse_ddl` / `parse_trigger` / `parse_job` interface) and from the grants model
(`conefi_dbtool.grants.expected_privileges`). The result is the same `CatalogSnapshot`
value a live read produces, so `catalog expected` can be diffed by hand and
`drift --catalog <(catalog expected)` reports nothing. A statement the parser cannot
read is an error naming the template line, never a silently empty object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from conefi_dbtool.catalog import normalize
from conefi_dbtool.catalog.ddl import (
    DdlError,
    DdlFact,
    Granted,
    IndexDeclared,
    SourceDeclared,
    TableDeclared,
    TableExtended,
    TableItem,
    TriggerStatus,
    UserDeclared,
    parse_ddl,
    parse_job,
    parse_trigger,
)
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    Constraint,
    DatabaseCatalog,
    DatabaseLink,
    Index,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SchedulerJob,
    Sequence,
    SourceObject,
    Synonym,
    SystemPrivilege,
    Table,
    Trigger,
    User,
)
from conefi_dbtool.config import DATABASES, Project, Target
from conefi_dbtool.errors import RenderError
from conefi_dbtool.grants.expected import ExpectedPrivileges, expected_privileges
from conefi_dbtool.object_types import NA, REGISTRY, NotApplicable, ObjectType
from conefi_dbtool.objects import RenderedObject
from conefi_dbtool.render import RenderResult

# (project, target, database, *, result=None) -> the database's privileges, None: unmanaged
PrivilegesProvider = Callable[..., ExpectedPrivileges | None]


def grants_privileges(project: Project, target: Target, database: str, *,
                      result: RenderResult | None = None) -> ExpectedPrivileges | None:
    """The grants model's privileges for one database; None when the project has none.

    A project without a grants directory leaves privileges unmanaged: drift then does not
    judge them rather than call every grant unexpected.
    """
    if not project.grants_dir.is_dir():
        return None
    return expected_privileges(project, target, database, result=result)


def managed_owner(target: Target, database: str) -> str:
    """The schema whose every object the model owns (read in full by the catalog reader)."""
    return str(target.database(database).schemas.conefi)


# --------------------------------------------------------------------------- assembly


@dataclass
class _TableBuilder:
    """A table as its object declares it: CREATE TABLE, then ALTER TABLE ... ADD."""

    owner: str
    name: str
    items: list[TableItem]  # columns and constraints, in statement order
    indexes: list[Index] = dataclasses.field(default_factory=list)  # whichever object creates them

    def build(self) -> Table:
        """A PRIMARY KEY makes its columns NOT NULL; a key constraint's own index is not listed."""
        constraints = tuple(k for k in self.items if isinstance(k, Constraint))
        not_null = {name for k in constraints if k.type == "P" for name in k.columns}
        columns = tuple(dataclasses.replace(c, nullable=False) if c.name in not_null else c
                        for c in self.items if isinstance(c, Column))
        backing = {k.name for k in constraints if k.type in ("P", "U")}
        indexes = tuple(i for i in self.indexes if i.name not in backing)
        return Table(self.owner, self.name, columns, indexes, constraints)


@dataclass
class _DbBuilder:
    database: str
    owner: str
    sources: list[SourceObject] = dataclasses.field(default_factory=list)
    triggers: list[Trigger] = dataclasses.field(default_factory=list)
    tables: dict[tuple[str, str], _TableBuilder] = dataclasses.field(default_factory=dict)
    pending_indexes: list[tuple[tuple[str, str], Index, RenderedObject]] = dataclasses.field(
        default_factory=list)
    sequences: list[Sequence] = dataclasses.field(default_factory=list)
    synonyms: list[Synonym] = dataclasses.field(default_factory=list)
    links: list[DatabaseLink] = dataclasses.field(default_factory=list)
    jobs: list[SchedulerJob] = dataclasses.field(default_factory=list)
    users: list[User] = dataclasses.field(default_factory=list)
    quotas: list[Quota] = dataclasses.field(default_factory=list)
    obj_privs: list[ObjectPrivilege] = dataclasses.field(default_factory=list)
    sys_privs: list[SystemPrivilege] = dataclasses.field(default_factory=list)
    roles: list[RoleGrant] = dataclasses.field(default_factory=list)


def _fail(obj: RenderedObject, line: int, message: str) -> RenderError:
    where = obj.source_of(line)
    if where is not None:
        return RenderError(f"{obj.id}: {message}", template=where.template, line=where.line)
    return RenderError(f"{obj.id} line {line}: {message}", template=obj.template)


def job_of(obj: RenderedObject) -> SchedulerJob:
    """The job a job template creates (see `ddl.parse_job`); errors name the template."""
    try:
        return parse_job(obj.text, obj.id.owner, obj.id.name)
    except DdlError as exc:
        raise RenderError(f"{obj.id}: {exc.message}", template=obj.template) from None


def _read_job(db: _DbBuilder, obj: RenderedObject) -> None:
    db.jobs.append(job_of(obj))


def _read_code(db: _DbBuilder, obj: RenderedObject) -> None:
    _read_statements(db, obj, code_object=True)


def _read_ddl(db: _DbBuilder, obj: RenderedObject) -> None:
    _read_statements(db, obj, code_object=False)


ObjectReader = Callable[[_DbBuilder, RenderedObject], None]
# How each registered object type's rendered text becomes expected state (NA: never rendered;
# tests/test_object_types.py checks none is missing).
def _reader_for(kind: ObjectType) -> ObjectReader | NotApplicable:
    if kind.release_kind == "job":
        return _read_job  # its DBMS_SCHEDULER.CREATE_JOB call
    if kind.source_form is not NA:
        return _read_code  # CREATE OR REPLACE units kept as source text
    return _read_ddl if kind.deployed else NA


READERS: dict[str, ObjectReader | NotApplicable] = {t.name: _reader_for(t) for t in REGISTRY}


def _add_object(db: _DbBuilder, obj: RenderedObject) -> None:
    reader = READERS.get(obj.id.type, _read_ddl)
    if reader is NA:
        raise RenderError(f"{obj.id}: a {obj.id.type} has no template form", template=obj.template)
    reader(db, obj)


def _read_statements(db: _DbBuilder, obj: RenderedObject, *, code_object: bool) -> None:
    oid = obj.id
    try:
        statements = parse_ddl(obj.text, owner=oid.owner, code_object=code_object)
    except DdlError as exc:
        if exc.line is None:
            raise RenderError(f"cannot split rendered {oid}: {exc.message}", template=obj.template) from None
        raise _fail(obj, exc.line, exc.message) from None
    for statement in statements:
        for fact in statement.facts:
            try:
                _add_fact(db, obj, statement.line, fact)
            except DdlError as exc:
                raise _fail(obj, statement.line, exc.message) from None


def _add_fact(db: _DbBuilder, obj: RenderedObject, line: int, fact: DdlFact) -> None:
    """Record what one statement declares in the database being assembled."""
    oid = obj.id
    if isinstance(fact, SourceDeclared):
        text = normalize.source_text(fact.text, type=oid.type, owner=oid.owner, name=oid.name)
        db.sources.append(SourceObject(oid.owner, oid.type, oid.name, text))
        if oid.type == "trigger":
            db.triggers.append(_trigger_of(obj, line, fact.text))
    elif isinstance(fact, TableDeclared):
        db.tables[(fact.owner, fact.name)] = _TableBuilder(fact.owner, fact.name, list(fact.items))
    elif isinstance(fact, TableExtended):
        extended = db.tables.get((fact.owner, fact.name))
        if extended is None:
            raise DdlError(f"ALTER TABLE {fact.owner}.{fact.name}: the table is not created by this object")
        extended.items.extend(fact.items)
    elif isinstance(fact, IndexDeclared):
        db.pending_indexes.append(((fact.table_owner, fact.table_name), fact.index, obj))
    elif isinstance(fact, TriggerStatus):
        db.triggers = [dataclasses.replace(t, status=fact.status)
                       if (t.owner, t.name) == (fact.owner, fact.name) else t for t in db.triggers]
    elif isinstance(fact, UserDeclared):
        db.users.append(fact.user)
        db.quotas.extend(fact.quotas)
    elif isinstance(fact, Granted):
        db.obj_privs.extend(fact.object_privileges)
        db.sys_privs.extend(fact.system_privileges)
        db.roles.extend(fact.role_grants)
    else:
        _collection(db, fact).append(fact)


def _collection(db: _DbBuilder, fact: Sequence | Synonym | DatabaseLink | Quota) -> list[Any]:
    """The list a plain catalog value goes to."""
    if isinstance(fact, Sequence):
        return db.sequences
    if isinstance(fact, Synonym):
        return db.synonyms
    if isinstance(fact, DatabaseLink):
        return db.links
    return db.quotas


def _trigger_of(obj: RenderedObject, line: int, text: str) -> Trigger:
    try:
        return parse_trigger(text, obj.id.owner, obj.id.name)
    except DdlError as exc:
        raise _fail(obj, line, exc.message) from None


def snapshot_from_render(
    target: Target,
    result: RenderResult,
    privileges: Mapping[str, ExpectedPrivileges] | None,
) -> CatalogSnapshot:
    """Pure: rendered objects (+ the grants model's privileges per database) -> snapshot.

    `privileges` None means the project has no grants model: privileges are then not part
    of the desired state (``meta.privileges = "unmanaged"``) and drift does not judge them.
    """
    builders = {d: _DbBuilder(d, managed_owner(target, d)) for d in DATABASES}
    for obj in result.objects:
        _add_object(builders[obj.id.database], obj)
    databases = []
    for name in DATABASES:
        db = builders[name]
        for key, index, obj in db.pending_indexes:
            tb = db.tables.get(key)
            if tb is None:
                raise RenderError(f"{obj.id}: index {index.name} is on {key[0]}.{key[1]}, "
                                  "a table this project does not create", template=obj.template)
            tb.indexes.append(index)
        priv = (privileges or {}).get(name) or ExpectedPrivileges()
        cat = DatabaseCatalog(
            database=name,
            sources=tuple(db.sources),
            triggers=tuple(db.triggers),
            tables=tuple(tb.build() for tb in db.tables.values()),
            sequences=tuple(db.sequences),
            users=_unique(priv.users, db.users),
            quotas=_unique(priv.quotas, db.quotas),
            object_privileges=_unique(priv.object_privileges, db.obj_privs),
            system_privileges=_unique(priv.system_privileges, db.sys_privs),
            role_grants=_unique(priv.role_grants, db.roles),
            synonyms=tuple(db.synonyms),
            database_links=_unique(db.links, priv.database_links),
            jobs=tuple(db.jobs),
            owners=(db.owner,),
        )
        has_content = any(
            getattr(cat, f) for f in ("sources", "tables", "sequences", "users", "object_privileges",
                                      "system_privileges", "role_grants", "synonyms",
                                      "database_links", "jobs")
        )
        if has_content:
            databases.append(cat)
    meta = {"kind": "expected", "desired": "head",
            "privileges": "managed" if privileges is not None else "unmanaged"}
    return CatalogSnapshot(target=target.name, databases=tuple(databases), meta=meta)


def _unique(*groups: Iterable[Any]) -> tuple[Any, ...]:
    seen: dict[Any, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)


def expected_snapshot(
    project: Project,
    target: Target,
    result: RenderResult | None = None,
    *,
    privileges: PrivilegesProvider = grants_privileges,
) -> CatalogSnapshot:
    """The snapshot `target` should hold for `result` (default: templates at head)."""
    if result is None:
        from conefi_dbtool.render import render_target

        result = render_target(project, target)
    by_db: dict[str, ExpectedPrivileges] = {}
    managed = False
    for database in DATABASES:
        value = privileges(project, target, database, result=result)
        if value is not None:
            managed = True
            by_db[database] = value
    return snapshot_from_render(target, result, by_db if managed else None)

