"""Does every table, view, column, sequence and called subprogram exist? Checked offline.

Known objects come from three places (the `Catalog`):

* the Protheus dictionary: ``SIGA.<alias><company>0`` with the dictionary's fields, the
  physical columns (``D_E_L_E_T_``...), the configured custom SE1 fields and the custom
  tables of ``external_objects.toml`` (``[protheus.Z99]``);
* what the project creates: every CREATE of the linted units (columns of tables parsed
  from their CREATE TABLE, of views from their select list, subprograms of packages
  from their spec);
* external objects: ``external_objects.toml`` (SGU views and functions) and the SGU event
  table from config (its columns are ``integration.event_columns``).

Conservative by design: a dotted name in PL/SQL may be a record field or a package
constant, so only SQL statements are read for columns; an unqualified name is reported
only when it carries the column prefix of a table in scope (``E1_VALRO`` next to SE1030);
a qualifier that is not an alias of the statement is not a table; schemas the project does
not know (SYS, PUBLIC...) and database links are not checked.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from conefi_dbtool.dictionary import PHYSICAL_COLUMN_TYPES, PHYSICAL_COLUMNS, Dictionary
from conefi_dbtool.errors import UsageError
from conefi_dbtool.lint.dictionary_views import bundled as dictionary_views
from conefi_dbtool.lint.runkey import CatalogInputs
from conefi_dbtool.lint.sqlfacts import ColumnRef, TableRef, TreeFacts
from conefi_dbtool.lint.sqltext import Call, TextFacts
from conefi_dbtool.lint.units import Hit
from conefi_dbtool.plsql.lexer import Token, TokenKind, significant, tokenize

PROTHEUS_NAME = re.compile(r"^([A-Z][A-Z0-9]{2})(\d{2})0$")
# Oracle's pseudocolumns (SQL Language Reference, "Pseudocolumns"): readable from every
# table or view (``SELECT rowid``, ``t.ROWID``, ``WHERE ROWNUM <= 2``) but never in its
# column list, so never an unknown column.
PSEUDO_COLUMNS = frozenset({
    "ROWID", "ROWNUM", "LEVEL", "ORA_ROWSCN", "CONNECT_BY_ISLEAF", "CONNECT_BY_ISCYCLE",
    "OBJECT_ID", "OBJECT_VALUE", "COLUMN_VALUE", "NEXTVAL", "CURRVAL", "XMLDATA",
    "VERSIONS_STARTSCN", "VERSIONS_STARTTIME", "VERSIONS_ENDSCN", "VERSIONS_ENDTIME",
    "VERSIONS_XID", "VERSIONS_OPERATION", "ORA_ROWVERSION",
})
# The Oracle errors reference problems predict (a REF rule's own is its class's `oracle_error`).
NO_TABLE = "ORA-00942"  # table or view does not exist
INVALID_IDENTIFIER = "ORA-00904"  # SQL: an unknown column or function
COMPONENT_NOT_DECLARED = "PLS-00302"  # PL/SQL: pkg.member, TABLE.COLUMN%TYPE
PLSQL_UNDECLARED = "PLS-00201"  # PL/SQL: a name that resolves to nothing
BAD_BIND_VARIABLE = "PLS-00049"  # a trigger's :NEW.X / :OLD.X of no column
NO_SEQUENCE = "ORA-02289"
PLSQL_KINDS = frozenset({"PACKAGE", "PACKAGE BODY", "PROCEDURE", "FUNCTION", "TRIGGER", "TYPE",
                         "TYPE BODY"})  # CREATE kinds whose text Oracle's PL/SQL compiler reads
_BUILTIN_VIEWS = re.compile(r"^(DUAL|(ALL|USER|DBA|CDB)_\w+|G?V\$\w+|NLS_\w+)$")


@dataclass(frozen=True)
class KnownObject:
    schema: str
    name: str
    type: str  # table, view, sequence, function, procedure, package, synonym, trigger...
    origin: str  # where we know it from, for messages
    columns: frozenset[str] | None = None  # None: columns not known (any accepted)
    subprograms: frozenset[str] | None = None  # of a package, when its spec is known
    prefix: str = ""  # column prefix shared by all columns (E1_, INTDC_)
    protheus: bool = False
    # column -> its Oracle type as written (CHAR(8), NUMBER(12,2)), when known (the typer's)
    column_types: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    date_columns: frozenset[str] = frozenset()  # Protheus D fields: YYYYMMDD in a CHAR(8)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(frozen=True)
class Catalog:
    """What exists, by (database, schema, name); which schemas are fully known."""

    objects: Mapping[tuple[str, str, str], KnownObject]  # database "" = any database
    schemas: Mapping[str, frozenset[str]]  # database -> schemas whose content is fully known
    protheus_schema: str = "SIGA"
    protheus_suffix: str | None = "030"  # None: any company (no target)
    protheus_columns: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    # alias -> column -> Oracle type (from the dictionary), and its D (date) fields
    protheus_types: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    protheus_dates: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def get(self, database: str | None, schema: str, name: str) -> KnownObject | None:
        for db in ((database, "") if database else ("erp", "sgu2", "")):
            found = self.objects.get((db, schema, name))
            if found is not None:
                return found
        if schema == self.protheus_schema and database in (None, "erp"):
            return self._protheus(name)
        return None

    def _protheus(self, name: str) -> KnownObject | None:
        m = PROTHEUS_NAME.match(name)
        if m is None or m.group(1) not in self.protheus_columns:
            return None
        if self.protheus_suffix is not None and f"{m.group(2)}0" != self.protheus_suffix:
            return None
        alias = m.group(1)
        return KnownObject(self.protheus_schema, name, "table", "the Protheus dictionary",
                           self.protheus_columns[alias],
                           prefix=(alias[1:] if alias.startswith("S") else alias) + "_",
                           protheus=True, column_types=self.protheus_types.get(alias, {}),
                           date_columns=self.protheus_dates.get(alias, frozenset()))

    def known_schema(self, database: str | None, schema: str) -> bool:
        if database:
            return schema in self.schemas.get(database, frozenset())
        return any(schema in names for names in self.schemas.values())

    def named(self, database: str | None, name: str) -> list[KnownObject]:
        """Objects called ``name`` in any schema (how an unqualified name may resolve)."""
        return [o for (db, _s, n), o in self.objects.items()
                if n == name and (not database or db in (database, ""))]

    def names_in(self, database: str | None, schema: str) -> list[str]:
        return [n for (db, s, n) in self.objects
                if s == schema and (not database or db in (database, ""))]

    def is_protheus_name(self, name: str) -> bool:
        m = PROTHEUS_NAME.match(name)
        return m is not None and m.group(1) in self.protheus_columns

    def protheus_hint(self, name: str) -> str:
        """Why a Protheus-shaped name is wrong (other company, unknown alias), or ""."""
        m = PROTHEUS_NAME.match(name)
        if not m:
            return ""
        alias, company = m.group(1), m.group(2)
        if alias in self.protheus_columns and self.protheus_suffix and \
                f"{company}0" != self.protheus_suffix:
            right = f"{alias}{self.protheus_suffix}"
            return (f"{name} is company {company}; this target's company is "
                    f"{self.protheus_suffix[:2]} ({right})")
        if alias not in self.protheus_columns:
            return f"alias {alias} is not in the Protheus dictionary"
        return ""


def column_prefix(columns: Iterable[str]) -> str:
    """``E1_`` for E1_NUM, E1_VALOR...; "" when the columns share no ``XXX_`` prefix."""
    named = [c for c in columns if c not in PHYSICAL_COLUMNS]
    if not named or "_" not in named[0].strip("_"):
        return ""
    first = named[0].split("_", 1)[0] + "_"
    return first if all(c.startswith(first) for c in named) else ""


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class ExternalObjects:
    protheus: Mapping[str, tuple[str, ...]]  # alias -> columns
    objects: tuple[tuple[str, str, str, str, tuple[str, ...] | None, bool], ...]
    # (database, schema key, name, type, columns, complete)


def load_external_objects(*paths: Path) -> ExternalObjects:
    """Read external-object files in order; later files add to and override earlier ones."""
    protheus: dict[str, tuple[str, ...]] = {}
    objects: dict[tuple[str, str, str], tuple[str, str, str, str, tuple[str, ...] | None, bool]] = {}
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read external objects: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{path}: not valid TOML: {exc}") from None
        for top, body in data.items():
            if not isinstance(body, dict):
                raise UsageError(f"{path}: {top}: expected a table")
            if top == "protheus":
                for alias, spec in body.items():
                    protheus[alias.upper()] = _columns(path, f"protheus.{alias}", spec) or ()
                continue
            if top not in ("erp", "sgu2"):
                raise UsageError(f"{path}: {top}: expected protheus, erp or sgu2")
            for schema_key, items in body.items():
                if not isinstance(items, dict):
                    raise UsageError(f"{path}: {top}.{schema_key}: expected a table")
                for name, spec in items.items():
                    key = f"{top}.{schema_key}.{name}"
                    if not isinstance(spec, dict):
                        raise UsageError(f"{path}: {key}: expected a table")
                    unknown = set(spec) - {"type", "columns", "complete"}
                    if unknown:
                        raise UsageError(f"{path}: {key}: unknown key {sorted(unknown)[0]!r} "
                                         "(expected type, columns, complete)")
                    kind = spec.get("type", "view")
                    if not isinstance(kind, str):
                        raise UsageError(f"{path}: {key}.type: expected a string")
                    complete = spec.get("complete", True)
                    if not isinstance(complete, bool):
                        raise UsageError(f"{path}: {key}.complete: expected true or false")
                    objects[(top, schema_key, name.upper())] = (
                        top, schema_key, name.upper(), kind.lower(),
                        _columns(path, key, spec), complete)
    return ExternalObjects(protheus, tuple(objects.values()))


def _columns(path: Path, key: str, spec: object) -> tuple[str, ...] | None:
    if not isinstance(spec, dict):
        raise UsageError(f"{path}: {key}: expected a table")
    cols = spec.get("columns")
    if cols is None:
        return None
    if not isinstance(cols, list) or not all(isinstance(c, str) for c in cols):
        raise UsageError(f"{path}: {key}.columns: expected an array of strings")
    return tuple(c.upper() for c in cols)


ADDED_COLUMNS = "added columns"  # `Created.type` of an ALTER TABLE ... ADD / RENAME COLUMN


@dataclass(frozen=True)
class Created:
    """An object a linted unit creates (or, typed `ADDED_COLUMNS`, columns a unit adds to
    a table created elsewhere)."""

    database: str  # "" when unknown (a SQL file)
    schema: str
    name: str
    type: str
    columns: tuple[str, ...] | None = None
    subprograms: tuple[str, ...] | None = None
    column_types: tuple[tuple[str, str], ...] = ()  # (column, Oracle type) of a CREATE TABLE


def build_catalog(dictionary: Dictionary, external: ExternalObjects, inputs: CatalogInputs,
                  created: Iterable[Created]) -> Catalog:
    """The dictionary, the externals and what the units create, in one namespace."""
    return with_created(base_catalog(dictionary, external, inputs), created)


def base_catalog(dictionary: Dictionary, external: ExternalObjects,
                 inputs: CatalogInputs) -> Catalog:
    """What exists before any linted unit runs: built once, shared by every namespace."""
    objects: dict[tuple[str, str, str], KnownObject] = {}
    siga = inputs.schemas.get("erp", {}).get("siga", "SIGA")
    aliases: dict[str, set[str]] = {}
    types: dict[str, dict[str, str]] = {}
    dates: dict[str, set[str]] = {}
    for f in dictionary:
        aliases.setdefault(f.table, set()).add(f.name)
        types.setdefault(f.table, dict(PHYSICAL_COLUMN_TYPES))[f.name] = f.oracle_type
        if f.type == "D":
            dates.setdefault(f.table, set()).add(f.name)
    for alias, cols in external.protheus.items():
        aliases.setdefault(alias, set()).update(cols)
    params = aliases.setdefault(inputs.params_alias.upper(), set())
    if params:  # known from the dictionary or external_objects.toml: add the configured names
        params.update(inputs.params_columns)
    aliases.setdefault("SE1", set()).update(inputs.custom_se1_fields)
    protheus_columns = {
        alias: (frozenset(cols) | frozenset(PHYSICAL_COLUMNS)) if cols else None
        for alias, cols in aliases.items()
    }
    if inputs.event_table:
        schema, name = inputs.event_table
        objects[("erp", schema, name)] = KnownObject(
            schema, name, "table", "conefi.toml (integration.event_columns)",
            frozenset(inputs.event_columns), prefix=column_prefix(inputs.event_columns))
    if inputs.event_sequence:
        schema, name = inputs.event_sequence
        objects[("erp", schema, name)] = KnownObject(schema, name, "sequence", "conefi.toml")
    for database, schema_key, name, kind, declared, complete in external.objects:
        schema = inputs.schemas.get(database, {}).get(schema_key, schema_key.upper())
        columns = frozenset(declared) if declared is not None and complete else None
        objects[(database, schema, name)] = KnownObject(
            schema, name, kind, "external_objects.toml", columns,
            prefix=column_prefix(declared or ()) if columns is not None else "")
    return Catalog(objects, dict(inputs.complete_schemas), siga, inputs.company_suffix,
                   protheus_columns, types, {a: frozenset(d) for a, d in dates.items()})


def with_created(catalog: Catalog, created: Iterable[Created]) -> Catalog:
    """``catalog`` plus what one namespace's units create (a later CREATE replaces an
    earlier one of the same name), then the columns its ALTER TABLEs add."""
    objects = dict(catalog.objects)
    added: list[Created] = []
    for c in created:
        kind = c.type.lower().replace(" ", "_")
        key = (c.database, c.schema, c.name)
        if c.type == ADDED_COLUMNS:
            added.append(c)
            continue
        if kind == "package_body":
            if key in objects:
                continue
            kind = "package"
        columns = frozenset(c.columns) if c.columns is not None else None
        objects[key] = KnownObject(
            c.schema, c.name, kind, "the project", columns,
            frozenset(c.subprograms) if c.subprograms is not None else None,
            prefix=column_prefix(c.columns or ()) if columns is not None else "",
            column_types=dict(c.column_types))
    for c in added:
        key = (c.database, c.schema, c.name)
        known = objects.get(key)
        if known is None or known.columns is None or known.origin != "the project":
            continue
        columns = known.columns | frozenset(c.columns or ())
        objects[key] = dataclasses.replace(known, columns=columns,
                                           prefix=column_prefix(sorted(columns)))
    return dataclasses.replace(catalog, objects=objects)


_NOT_A_COLUMN = frozenset({
    "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "PARTITION", "SUBPARTITION",
    "SUPPLEMENTAL", "OVERFLOW", "PERIOD", "SCOPE", "REF", "NOT", "NULL",
})


def added_columns(unit_text: str, database: str | None, default_schema: str) -> list[Created]:
    """The columns an ``ALTER TABLE`` unit adds (``ADD c ...``, ``ADD (c ..., d ...)``,
    ``RENAME COLUMN a TO c``): known columns of the table from then on.

    Generous on purpose: a word read as a column that is not one only makes the table
    accept one more name (a missed REF002), never a false one.
    """
    tokens = significant(tokenize(unit_text))
    if len(tokens) < 4 or not (tokens[0].is_word("ALTER") and tokens[1].is_word("TABLE")):
        return []
    names, at = _dotted(tokens, 2)
    if not names or len(names) > 2:
        return []
    schema, table = (names[0], names[1]) if len(names) == 2 else (default_schema, names[0])
    columns: list[str] = []
    depth = 0
    for i in range(at, len(tokens)):
        token = tokens[i]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        if depth != 0 or i + 1 >= len(tokens):
            continue
        following = tokens[i + 1]
        if token.is_word("ADD"):
            if following.text == "(":
                columns += _list_items(tokens, i + 1)
            elif _column_word(following):
                columns.append(following.name)
        elif token.is_word("RENAME") and following.is_word("COLUMN") and i + 4 < len(tokens):
            columns.append(tokens[i + 4].name)
    if not columns:
        return []
    return [Created(database or "", schema, table, ADDED_COLUMNS, tuple(columns))]


def _column_word(token: Token) -> bool:
    return (token.kind is TokenKind.QUOTED_IDENTIFIER
            or (token.kind is TokenKind.WORD and token.name not in _NOT_A_COLUMN))


def _dotted(tokens: tuple[Token, ...], at: int) -> tuple[list[str], int]:
    """The dotted name starting at ``at`` and the index just past it."""
    names: list[str] = []
    while at < len(tokens) and tokens[at].kind in (TokenKind.WORD, TokenKind.QUOTED_IDENTIFIER):
        names.append(tokens[at].name)
        if at + 1 < len(tokens) and tokens[at + 1].text == ".":
            at += 2
        else:
            return names, at + 1
    return names, at


def _list_items(tokens: tuple[Token, ...], opening: int) -> list[str]:
    """The first word of each top-level item of the parenthesised list at ``opening``."""
    out: list[str] = []
    depth = 0
    expect = True
    for token in tokens[opening:]:
        if token.text == "(":
            depth += 1
            if depth == 1:
                continue
        elif token.text == ")":
            depth -= 1
            if depth == 0:
                break
        elif token.text == "," and depth == 1:
            expect = True
            continue
        if expect and depth == 1:
            if _column_word(token):
                out.append(token.name)
            expect = False
    return out


def created_objects(text: TextFacts, tree: TreeFacts | None, database: str | None,
                    default_schema: str, unit_text: str = "") -> list[Created]:
    """What a unit creates (from its CREATE header; columns from the parse tree, a
    table's column types from ``unit_text`` when given)."""
    header = text.header
    if header is None or not header.name:
        return []
    schema = header.schema or default_schema
    kind = header.kind
    columns = tree.created_columns if tree is not None and kind in ("TABLE", "VIEW") else None
    subprograms = text.declared if kind == "PACKAGE" else None
    types = table_column_types(unit_text) if kind == "TABLE" and unit_text else ()
    return [Created(database or "", schema, header.name, kind, columns, subprograms, types)]


_AFTER_TYPE = frozenset({"DEFAULT", "NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE",
                         "REFERENCES", "CHECK", "ENABLE", "DISABLE", "GENERATED", "COLLATE",
                         "VISIBLE", "INVISIBLE", "ENCRYPT", "SORT"})


def table_column_types(unit_text: str) -> tuple[tuple[str, str], ...]:
    """(column, Oracle type as written) of each column of a ``CREATE TABLE t (...)``: what
    the expression typer reads a column's length from (``VARCHAR2(3)``)."""
    tokens = significant(tokenize(unit_text))
    opening = next((k for k, t in enumerate(tokens) if t.text == "("), -1)
    if opening < 0:
        return ()
    out: list[tuple[str, str]] = []
    depth = 0
    item: list[Token] = []
    for token in tokens[opening + 1:]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        if depth < 0 or (depth == 0 and token.text == ","):
            if len(item) >= 2 and _column_word(item[0]):
                words: list[str] = []
                for word in item[1:]:
                    if word.is_word(*_AFTER_TYPE):
                        break
                    words.append(word.text.upper())
                out.append((item[0].name, "".join(words)))
            item = []
            if depth < 0:
                break
            continue
        item.append(token)
    return tuple(out)


# --------------------------------------------------------------------------- checking


_OPEN = KnownObject("", "", "open", "")  # a derived table, CTE or unknowable source


def _suggest(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


class _Checker:
    def __init__(self, catalog: Catalog, tree: TreeFacts, text: TextFacts,
                 database: str | None, schema: str) -> None:
        self.catalog = catalog
        self.tree = tree
        self.text = text
        self.database = database
        self.schema = schema
        self.hits: list[Hit] = []
        self.resolved: dict[int, KnownObject | None] = {}

    def get(self, schema: str, name: str) -> KnownObject | None:
        return self.catalog.get(self.database, schema, name)

    def known_schema(self, schema: str) -> bool:
        return self.catalog.known_schema(self.database, schema)

    # ----------------------------------------------------------------- tables

    def resolve(self, index: int) -> KnownObject | None:
        """The object a table reference names: _OPEN when unknowable, None when unknown."""
        if index not in self.resolved:
            ref = self.tree.tables[index]
            ctes = self.tree.statements[ref.statement].ctes if ref.statement >= 0 else ()
            self.resolved[index] = self._resolve(ref, ctes)
        return self.resolved[index]

    def _resolve(self, ref: TableRef, ctes: tuple[str, ...]) -> KnownObject | None:
        c = self.catalog
        if ref.dblink or not ref.parts or len(ref.parts) > 2 or ref.role == "create":
            return _OPEN
        if len(ref.parts) == 1:
            return self._resolve_unqualified(ref, ref.parts[0], ctes)
        schema, name = ref.parts
        if schema == "SYS" and not self.known_schema(schema):
            return self._dictionary(ref, schema, name)
        if not self.known_schema(schema):
            return _OPEN
        found = self.get(schema, name)
        if found is not None:
            return found
        if schema == c.protheus_schema:
            hint = c.protheus_hint(name) or "not a Protheus table of the dictionary"
        else:
            hint = ("neither created by the project nor declared in external_objects.toml"
                    + _suggest(name, c.names_in(self.database, schema)))
        self.hits.append(Hit("REF001", ref.line, ref.col,
                             f"unknown table or view {schema}.{name}: {hint}"))
        return None

    def _dictionary(self, ref: TableRef, schema: str, name: str) -> KnownObject | None:
        """An Oracle dictionary view: catalogued (known columns), a near miss of a catalogued
        one (REF001, ORA-00942), or any other (open)."""
        views = dictionary_views()
        view = views.get(name)
        if view is not None:
            return KnownObject("SYS", name, "view", f"Oracle's data dictionary ({view.doc})",
                               frozenset(view.columns), column_types=view.columns)
        near = views.misspelt(name)
        if near is None or self.catalog.named(self.database, name):
            return _OPEN  # not near a catalogued view, or an object of the project's
        qualified = f"{schema}.{name}" if schema else name
        self.hits.append(Hit("REF001", ref.line, ref.col,
                             f"unknown table or view {qualified}: not a data dictionary view "
                             f"of Oracle; did you mean {near}?"))
        return None

    def _resolve_unqualified(self, ref: TableRef, name: str,
                             ctes: tuple[str, ...]) -> KnownObject | None:
        c = self.catalog
        if name in ctes:
            return _OPEN
        if _BUILTIN_VIEWS.match(name) or dictionary_views().get(name) is not None:
            return self._dictionary(ref, "", name)
        if self.schema:
            found = self.get(self.schema, name)
            if found is not None:
                return found
        if c.is_protheus_name(name):
            found = self.get(c.protheus_schema, name)
            if found is not None:
                return found  # through a synonym, as Protheus installations often have
            self.hits.append(Hit("REF001", ref.line, ref.col,
                                 f"unknown table {name}: {c.protheus_hint(name)}"))
            return None
        candidates = c.named(self.database, name)
        if len(candidates) == 1 and not self.schema:
            return candidates[0]
        if ref.role == "other" or not self.schema:
            return _OPEN  # nothing to resolve against
        if self._misspelt_own(ref, name):
            return None
        if ref.role == "rowtype":
            return _OPEN  # a cursor%ROWTYPE, or a public synonym outside the model
        self.hits.append(Hit("REF004", ref.line, ref.col,
                             f"{name} is not a table or view the project knows in schema "
                             f"{self.schema}; qualify it with its schema"))
        return _OPEN

    def _misspelt_own(self, ref: TableRef, name: str) -> bool:
        """REF001 (ORA-00942 in SQL, PLS-00201 in a %TYPE/%ROWTYPE) for an unqualified name
        one or two letters from a table or view of the unit's own complete schema that no
        known schema holds: a misspelling, not a public synonym outside the model."""
        c = self.catalog
        if c.named(self.database, name) or not self.known_schema(self.schema):
            return False
        near = _suggest(name, c.names_in(self.database, self.schema))
        if near:
            self.hits.append(Hit("REF001", ref.line, ref.col,
                                 f"unknown table or view {name} in schema {self.schema}: "
                                 f"not created by the project nor declared in "
                                 f"external_objects.toml{near}"))
        return bool(near)

    # ----------------------------------------------------------------- columns

    def check(self) -> list[Hit]:
        tree = self.tree
        aliases: dict[int, dict[str, list[KnownObject]]] = {}
        in_scope: dict[int, list[KnownObject]] = {}
        for index, ref in enumerate(tree.tables):
            obj = self.resolve(index)
            if ref.statement < 0 or obj is None:
                continue
            names = aliases.setdefault(ref.statement, {})
            for name in {ref.alias, ref.parts[-1] if ref.parts else "", ".".join(ref.parts)}:
                if name:
                    names.setdefault(name, []).append(obj)
            in_scope.setdefault(ref.statement, []).append(obj)
        for number, stmt in enumerate(tree.statements):
            names = aliases.setdefault(number, {})
            for name in stmt.open_aliases + stmt.ctes:
                names.setdefault(name, []).append(_OPEN)
        for column in tree.columns:
            if column.role == "sequence":
                self._sequence(column)
            elif column.role == "type":
                self._type(column)
            elif column.role == "correlation":
                self._correlation(column)
            elif column.role in ("insert", "set"):
                self._target_column(column)
            elif column.statement >= 0:
                self._expr_column(column, tree.statements[column.statement].names,
                                  aliases.get(column.statement, {}),
                                  in_scope.get(column.statement, []))
        for sub in self.text.subprograms:
            for call in sub.calls:
                self._call(call)
        return self.hits

    def _missing(self, obj: KnownObject, column: str, line: int, col: int, how: str,
                 oracle_error: str = "") -> None:
        self.hits.append(Hit(
            "REF002", line, col,
            f"{column} is not a column of {obj.qualified}{how} (known from {obj.origin})"
            + _suggest(column, obj.columns or ()), oracle_error))

    def _expr_column(self, ref: ColumnRef, names: tuple[str, ...],
                     aliases: Mapping[str, list[KnownObject]], scope: list[KnownObject]) -> None:
        parts = ref.parts
        name = parts[-1]
        if name in PSEUDO_COLUMNS:
            return
        if len(parts) == 1:
            if name in names or any(o.columns is None or name in o.columns
                                    for o in scope if o is not _OPEN):
                return
            owners = [o for o in scope if o.prefix and name.startswith(o.prefix)]
            if owners:
                self._missing(owners[0], name, ref.line, ref.col, "")
            return
        objs = aliases.get(".".join(parts[:-1]))
        if not objs or any(o.columns is None for o in objs):
            return  # not a table of this statement (a record, a package), or open
        if any(name in (o.columns or ()) for o in objs):
            return
        how = f" (as {parts[-2]})" if parts[-2] != objs[0].name else ""
        self._missing(objs[0], name, ref.line, ref.col, how)

    def _target_column(self, ref: ColumnRef) -> None:
        if ref.target < 0:
            return
        obj = self.resolve(ref.target)
        if obj is None or obj.columns is None:
            return
        if ref.parts[-1] not in obj.columns:
            self._missing(obj, ref.parts[-1], ref.line, ref.col, "")

    def _type(self, ref: ColumnRef) -> None:
        """``SCHEMA.TABLE.COLUMN%TYPE`` (or ``TABLE.COLUMN%TYPE`` in the unit's schema)."""
        parts = ref.parts
        if len(parts) == 3 and self.known_schema(parts[0]):
            schema, table, name = parts
        elif len(parts) == 2 and self.schema and self.get(self.schema, parts[0]) is not None:
            schema, table, name = self.schema, parts[0], parts[1]
        else:
            if len(parts) == 2 and self.schema:  # TABLE.COLUMN%TYPE misspelt, not rec.field
                self._misspelt_own(TableRef(parts[:1], "", "type", ref.line, ref.col), parts[0])
            return  # a variable or record: v%TYPE, rec.field%TYPE, pkg.var%TYPE
        obj = self._resolve(TableRef((schema, table), "", "type", ref.line, ref.col), ())
        if obj is not None and obj.columns is not None and name not in obj.columns:
            self._missing(obj, name, ref.line, ref.col, "", COMPONENT_NOT_DECLARED)

    def _sequence(self, ref: ColumnRef) -> None:
        seq = ref.parts[:-1]
        if len(seq) != 2 or not self.known_schema(seq[0]):
            return
        obj = self.get(seq[0], seq[1])
        if obj is None:
            self.hits.append(Hit("REF003", ref.line, ref.col,
                                 f"unknown sequence {seq[0]}.{seq[1]}"
                                 + _suggest(seq[1], self.catalog.names_in(self.database, seq[0])),
                                 NO_SEQUENCE))
        elif obj.type not in ("sequence", "synonym"):
            self.hits.append(Hit("REF003", ref.line, ref.col,
                                 f"{obj.qualified} is a {obj.type}, not a sequence"))

    def _correlation(self, ref: ColumnRef) -> None:
        qualifier, name = ref.parts
        renamed = dict(self.tree.correlation)
        pseudo = renamed.get(qualifier, "")
        if not pseudo and qualifier in ("NEW", "OLD") and qualifier not in renamed.values():
            pseudo = qualifier
        if not pseudo:
            return
        table = next((i for i, t in enumerate(self.tree.tables) if t.role == "trigger"), None)
        if table is None:
            return
        obj = self.resolve(table)
        if obj is None or obj.columns is None:
            return
        if name not in obj.columns:
            self._missing(obj, name, ref.line, ref.col, f" (:{pseudo} of the trigger's table)",
                          BAD_BIND_VARIABLE)

    def _call(self, call: Call) -> None:
        parts = call.parts
        names_in = self.catalog.names_in
        if len(parts) == 2 and self.known_schema(parts[0]):
            if self.get(parts[0], parts[1]) is None:
                self.hits.append(Hit("REF003", call.line, call.col,
                                     f"unknown function or procedure {parts[0]}.{parts[1]}"
                                     + _suggest(parts[1], names_in(self.database, parts[0])),
                                     self._undeclared()))
            return
        if len(parts) == 3 and self.known_schema(parts[0]):
            schema, package, name = parts
        elif len(parts) == 2 and self.schema and self.get(self.schema, parts[0]) is not None:
            schema, package, name = self.schema, parts[0], parts[1]
        else:
            return
        obj = self.get(schema, package)
        if obj is None:
            self.hits.append(Hit("REF003", call.line, call.col,
                                 f"unknown package {schema}.{package}"
                                 + _suggest(package, names_in(self.database, schema)),
                                 self._undeclared()))
            return
        header = self.text.header
        if header is not None and header.kind == "PACKAGE BODY" and header.name == package and (
                header.schema or self.schema) == schema and any(
                s.name == name for s in self.text.subprograms):
            return  # the body may qualify its own private subprograms
        if obj.type == "package" and obj.subprograms is not None and name not in obj.subprograms:
            self.hits.append(Hit("REF003", call.line, call.col,
                                 f"package {obj.qualified} declares no {name}"
                                 + _suggest(name, obj.subprograms), COMPONENT_NOT_DECLARED))

    def _undeclared(self) -> str:
        """What Oracle says of a name that resolves to nothing: PL/SQL's PLS-00201, SQL's
        (a view's query) ORA-00904."""
        header = self.text.header
        return PLSQL_UNDECLARED if header is None or header.kind in PLSQL_KINDS else INVALID_IDENTIFIER


_NO_TEXT = TextFacts(None, (), (), (), (), ())


def resolve_table(catalog: Catalog, parts: tuple[str, ...], database: str | None,
                  schema: str) -> KnownObject | None:
    """The object a table name of a SQL statement names, resolved as REF001/REF004 resolve
    it; None when unknown or unknowable (a built-in view, a schema outside the model)."""
    found = _Checker(catalog, TreeFacts(), _NO_TEXT, database, schema)._resolve(
        TableRef(parts, "", "read", 0, 0), ())
    return None if found is _OPEN else found


def check_references(catalog: Catalog, text: TextFacts, tree: TreeFacts | None,
                     database: str | None, schema: str) -> list[Hit]:
    """REF001-REF004 hits of one unit (positions in the unit text)."""
    return _Checker(catalog, tree or TreeFacts(), text, database, schema).check()


def protheus_tables(catalog: Catalog, tree: TreeFacts, database: str | None,
                    schema: str) -> dict[int, str]:
    """Table references (by index) that read or change a Protheus table, with its name."""
    out: dict[int, str] = {}
    for index, ref in enumerate(tree.tables):
        if ref.dblink or not ref.parts or ref.statement < 0 or ref.role in ("insert", "create"):
            continue
        name = ref.parts[-1]
        if len(ref.parts) > 2 or not catalog.is_protheus_name(name):
            continue
        if len(ref.parts) == 2 and ref.parts[0] != catalog.protheus_schema:
            continue
        if len(ref.parts) == 1 and schema:
            own = catalog.get(database, schema, name)
            if own is not None and not own.protheus:
                continue
        out[index] = ".".join(ref.parts)
    return out


def protheus_columns_read(catalog: Catalog, text: TextFacts, tree: TreeFacts | None,
                          database: str | None, schema: str) -> frozenset[tuple[str, str]]:
    """(table, column) of the Protheus columns a unit uses, resolved as REF001/REF002 resolve
    them (aliases, the unit's schema, synonyms); ``(table, "")`` for every table it names.

    What `preflight` checks exists in the database with its type: derived from the code,
    never a hand list. A column the catalog does not know is left out (REF002 reports it).
    """
    tree = tree or TreeFacts()
    checker = _Checker(catalog, tree, text, database, schema)
    out: set[tuple[str, str]] = set()
    in_scope: dict[int, list[KnownObject]] = {}
    aliases: dict[int, dict[str, KnownObject]] = {}
    for index, ref in enumerate(tree.tables):
        obj = checker.resolve(index)
        if obj is None or not obj.protheus:
            continue
        out.add((obj.name, ""))
        if ref.statement >= 0:
            in_scope.setdefault(ref.statement, []).append(obj)
            names = aliases.setdefault(ref.statement, {})
            for name in (ref.alias, ref.parts[-1], ".".join(ref.parts)):
                if name:
                    names[name] = obj

    def known(obj: KnownObject | None, column: str) -> None:
        if obj is not None and obj.protheus and obj.columns is not None and column in obj.columns:
            out.add((obj.name, column))

    for column in tree.columns:
        name = column.parts[-1]
        if column.role in ("insert", "set"):
            if column.target >= 0:
                known(checker.resolve(column.target), name)
        elif column.role == "type":
            if len(column.parts) == 3 and column.parts[0] == catalog.protheus_schema:
                known(catalog.get(database, column.parts[0], column.parts[1]), name)
        elif column.statement >= 0 and column.role not in ("sequence", "correlation"):
            if len(column.parts) == 1:
                for obj in in_scope.get(column.statement, []):
                    known(obj, name)
            else:
                known(aliases.get(column.statement, {}).get(".".join(column.parts[:-1])), name)
    return frozenset(out)
