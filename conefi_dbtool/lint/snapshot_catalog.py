"""A target's catalog snapshot as known objects: ``lint --catalog snap.json``.

Why: the lint knows the Protheus dictionary, what the project creates and the declared
external objects; a name outside those (an SGU table, a DBA's package, a view of another
integration) is "unresolved", and a schema the target does not configure is never checked.
A snapshot of the target (`conefi-dbtool catalog dump`, the JSON of
`conefi_dbtool.catalog.snapshot`) says what the database really holds: its tables and the
tables the code reads (with their columns), sequences, synonyms, views (columns from their
query's select list), packages (members from their specification's text), procedures,
functions and types. Each schema it read in full (``owners``) counts as fully known.

What the lint already knows wins: a dictionary table, a declared external object, and what
the project creates (its rendered version replaces the deployed one, whatever the snapshot
says).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    SourceObject,
    Table,
    load_snapshot,
)
from conefi_dbtool.lint.references import Catalog, KnownObject, column_prefix, created_objects
from conefi_dbtool.lint.sqltext import scan
from conefi_dbtool.lint.syntax import ParseTask, run_task

# Stored code a call can name (a package's specification is read for its members).
_CALLABLE = frozenset({"package", "procedure", "function", "type"})


def _table(table: Table, origin: str) -> KnownObject:
    columns = tuple(c.name for c in table.columns)
    return KnownObject(table.owner, table.name, "table", origin,
                       frozenset(columns) if columns else None, prefix=column_prefix(columns))


def _view(view: SourceObject, origin: str) -> KnownObject:
    """A view, with the columns its query's select list names (None: not readable)."""
    text = f'CREATE OR REPLACE VIEW "{view.owner}"."{view.name}" AS\n{view.text}'
    _issues, tree = run_task(ParseTask(text, plsql=False))
    created = created_objects(scan(text).facts, tree, None, view.owner)
    columns = created[0].columns if created else None
    return KnownObject(view.owner, view.name, "view", origin,
                       frozenset(columns) if columns else None,
                       prefix=column_prefix(columns or ()))


def _code(source: SourceObject, origin: str) -> KnownObject:
    """A package with the members its specification declares; other code by name."""
    members: frozenset[str] | None = None
    if source.type == "package":
        text = source.text.lstrip()
        facts = scan(text if text[:6].upper() == "CREATE" else "CREATE OR REPLACE " + text).facts
        if facts.header is not None and facts.header.kind == "PACKAGE":
            members = frozenset(facts.declared)
    return KnownObject(source.owner, source.name, source.type, origin, subprograms=members)


def database_objects(db: DatabaseCatalog, origin: str) -> Iterator[KnownObject]:
    """Every object of one database of the snapshot that the lint can resolve a name to."""
    for table in (*db.tables, *(db.referenced_tables or ())):
        yield _table(table, origin)
    for seq in db.sequences:
        yield KnownObject(seq.owner, seq.name, "sequence", origin)
    for syn in db.synonyms:
        yield KnownObject(syn.owner, syn.name, "synonym", origin)
    for source in db.sources:
        if source.type == "view":
            yield _view(source, origin)
        elif source.type in _CALLABLE:
            yield _code(source, origin)


def with_snapshot_file(catalog: Catalog, path: Path) -> Catalog:
    """``catalog`` plus the snapshot in ``path`` (a bad file: a one-line usage error naming
    the file and the JSON line or key)."""
    return with_snapshot(catalog, load_snapshot(path), f"the catalog snapshot {path.name}")


def with_snapshot(catalog: Catalog, snapshot: CatalogSnapshot, origin: str) -> Catalog:
    """``catalog`` plus what ``snapshot`` holds that it does not know, and the snapshot's
    fully read schemas as fully known."""
    objects = dict(catalog.objects)
    schemas = dict(catalog.schemas)
    for db in snapshot.databases:
        for obj in database_objects(db, origin):
            key = (db.database, obj.schema, obj.name)
            if key not in objects and catalog.get(db.database, obj.schema, obj.name) is None:
                objects[key] = obj
        schemas[db.database] = schemas.get(db.database, frozenset()) | frozenset(db.owners)
    return dataclasses.replace(catalog, objects=objects, schemas=schemas)
