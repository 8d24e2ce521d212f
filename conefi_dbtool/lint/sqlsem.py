"""SQL semantics: what Oracle's SQL compiler rejects in statements that parse.

Why: a qualifier that names no table of the query, an unqualified column two joined tables
both have, an aggregate in WHERE, a plain column next to an aggregate, a SELECT without
INTO in PL/SQL or an INSERT whose values do not match its columns all parse fine and fail
only at ``CREATE`` (ORA-00904, ORA-00918, ORA-00934, ORA-00937, ORA-00979, PLS-00428,
ORA-00913, ORA-00947). The reference rules (REF) check names against the catalog statement
by statement; this module resolves them the way Oracle does, query block by query block:
the FROM items of a block (tables, views, inline views with their select-list names, WITH
queries, ANSI joins), then the enclosing blocks, then — in PL/SQL — the names in scope.

Pure: `check` reads one unit's syntax tree and returns `Issue` s. Precision first: a FROM
item whose columns the model does not know (an unknown table, a table function, a view
over a database link without a model) makes every name it could supply "unresolved",
never an error; unqualified names that are no column are judged only when the unit's
schema is fully known (`SqlEnv.complete`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from conefi_dbtool.lint.references import PSEUDO_COLUMNS, Catalog, KnownObject, resolve_table
from conefi_dbtool.lint.semantic import Check, Issue, split_args
from conefi_dbtool.plsql.builtins import Kind, bundled
from conefi_dbtool.plsql.lexer import NAMES, Token, closing_paren, significant_tokens
from conefi_dbtool.plsql.tree import Node, NodeKind

__all__ = ["SqlEnv", "Synonyms", "check", "owner", "synonyms_of"]

Synonyms = Mapping[tuple[str, str, str], tuple[tuple[str, ...], bool]]
"""(database, schema, name) of a project synonym -> (target name parts, over a link)."""


@dataclass(frozen=True)
class SqlEnv:
    """Where a unit's SQL resolves names beyond its own text."""

    catalog: Catalog
    database: str | None = None
    schema: str = ""
    outer_names: frozenset[str] = frozenset()  # package spec members, standalone units...
    complete: bool = False  # every object and PL/SQL name the unit may use is in the model
    synonyms: Synonyms = field(default_factory=dict)


# Words Oracle's SQL functions take as arguments (EXTRACT(YEAR FROM d), TRIM(BOTH ...),
# OVER (... NULLS LAST), XMLSERIALIZE(CONTENT ...), JSON_VALUE(... NULL ON ERROR)...):
# the expression reader leaves them as names, they are no identifiers.
_ARGUMENT_WORDS = frozenset({
    "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TIMEZONE_HOUR", "TIMEZONE_MINUTE",
    "TIMEZONE_REGION", "TIMEZONE_ABBR", "BOTH", "LEADING", "TRAILING", "FIRST", "LAST",
    "NAME", "EVALNAME", "CONTENT", "DOCUMENT", "VALUE", "KEY", "ERROR", "CONVERSION",
    "EMPTY", "OVERFLOW", "TRUNCATE", "WITHOUT", "COUNT", "PASSING", "COLUMNS", "PATH",
    "FORMAT", "JSON", "WRAPPER", "ARRAY", "CONDITIONAL", "UNCONDITIONAL", "CURRENT", "ROW",
    "ABSENT", "PRETTY", "ASCII", "STRICT", "LAX", "NOENTITYESCAPING", "ENTITYESCAPING",
    "VERSION", "STANDALONE", "YES", "NO", "INDENT", "SIZE", "HIDE", "SHOW", "DEFAULTS",
    "SCHEMACHECK", "NOSCHEMACHECK", "WELLFORMED", "ORDINALITY", "NESTED", "LOCAL", "TIME",
    "ZONE", "NULLS", "UNBOUNDED", "PRECEDING", "FOLLOWING", "RANGE", "ROWS", "GROUPS",
    "EXCLUDE", "TIES", "OTHERS", "NOCYCLE", "SIBLINGS", "ENCODING", "ALLOW", "DISALLOW",
    "SCALARS", "UNIQUE", "KEYS", "WITH", "RETURNING", "TYPE", "MISSING", "ON", "TRUE",
    "FALSE", "NULL", "DEFAULT", "CHAR", "BYTE", "NOVALIDATE", "VALIDATE", "NOCOPY", "CHAR_CS",
    "NCHAR_CS",
})
_ALWAYS_WORDS = PSEUDO_COLUMNS | _ARGUMENT_WORDS | frozenset({
    "SYSDATE", "SYSTIMESTAMP", "USER", "UID", "CURRENT_DATE", "CURRENT_TIMESTAMP",
    "LOCALTIMESTAMP", "DBTIMEZONE", "SESSIONTIMEZONE", "SQLCODE", "SQLERRM", "SQL",
    "DUMMY", "CURRENT_SCHEMA", "ORA_DATABASE_NAME", "SESSIONID",
})
_SEQUENCE_PSEUDO = frozenset({"NEXTVAL", "CURRVAL"})
_DUAL = frozenset({"DUMMY"})
_SECTIONS = frozenset({
    NodeKind.CREATE_PACKAGE, NodeKind.CREATE_PACKAGE_BODY, NodeKind.SUBPROGRAM,
    NodeKind.BLOCK, NodeKind.CREATE_PROCEDURE, NodeKind.CREATE_FUNCTION,
    NodeKind.CREATE_TRIGGER, NodeKind.TIMING_POINT, NodeKind.CREATE_TYPE_BODY,
})
_CODE = frozenset({
    NodeKind.CREATE_PACKAGE_BODY, NodeKind.CREATE_PROCEDURE, NodeKind.CREATE_FUNCTION,
    NodeKind.CREATE_TRIGGER, NodeKind.ANONYMOUS_BLOCK, NodeKind.CREATE_TYPE_BODY,
})
_DML = frozenset({NodeKind.QUERY, NodeKind.INSERT, NodeKind.UPDATE, NodeKind.DELETE,
                  NodeKind.MERGE})
_FROM_ITEMS = frozenset({NodeKind.TABLE, NodeKind.SUBQUERY, NodeKind.TABLE_FUNCTION})
_NOT_ALLOWED_FILTERS = frozenset({"where", "on", "start", "connect"})
_CLAUSES = {"where": "a WHERE clause", "on": "an ON clause", "start": "START WITH",
            "connect": "CONNECT BY", "having": "HAVING"}
# Oracle's supplied packages and views (public synonyms outside any model).
_SUPPLIED = re.compile(r"(DBMS|UTL|OWA|HTP|HTF|APEX|CTX|ORD|SDO|XDB|OLAP|WWV|JSON|XML|SYS|ALL_"
                       r"|USER_|DBA_|V\$|GV\$)")
_RETURNING = re.compile(r"\bRETURN", re.IGNORECASE)
_VALUES = re.compile(r"\s*VALUES\s*\(", re.IGNORECASE)
_RESHAPED = re.compile(r"\b(?:UNPIVOT|PIVOT|MATCH_RECOGNIZE|MODEL)\b\s*(?:\(|XML|INCLUDE|EXCLUDE"
                       r"|PARTITION|DIMENSION|RETURN|REFERENCE|MAIN|IGNORE|KEEP|UNIQUE)",
                       re.IGNORECASE)
_LATERAL = re.compile(r"\b(?:LATERAL|APPLY)\s*$", re.IGNORECASE)
_JOIN_USING = re.compile(r"\bUSING\s*\(|\bNATURAL\s", re.IGNORECASE)
_SCALAR_TYPES = frozenset({
    "NUMBER", "VARCHAR2", "VARCHAR", "CHAR", "NCHAR", "NVARCHAR2", "DATE", "TIMESTAMP",
    "INTEGER", "INT", "PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER", "NATURAL",
    "POSITIVE", "BOOLEAN", "CLOB", "NCLOB", "BLOB", "RAW", "FLOAT", "BINARY_FLOAT",
    "BINARY_DOUBLE", "DECIMAL", "NUMERIC", "SMALLINT", "REAL", "LONG", "ROWID", "UROWID",
    "INTERVAL", "STRING", "SIGNTYPE", "NATURALN", "POSITIVEN", "XMLTYPE",
})

_ALWAYS = _ALWAYS_WORDS | _SCALAR_TYPES  # types: CAST(x AS t), JSON_VALUE(... RETURNING t)


# Analytic functions that also have an aggregate (hypothetical-set) form, WITHIN GROUP.
_HYPOTHETICAL = frozenset({"RANK", "DENSE_RANK", "CUME_DIST", "PERCENT_RANK"})


@cache
def _functions() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(aggregate functions, scalar functions, functions that need OVER) of the bundled
    catalogue's STANDARD."""
    aggregates: set[str] = set()
    scalars: set[str] = set()
    windowed: set[str] = set()
    for sub in bundled().subprograms():
        if sub.package != "STANDARD":
            continue
        (aggregates if "aggregate" in sub.classes else scalars).add(sub.name)
        if sub.classes == {"analytic"} and sub.name not in _HYPOTHETICAL:
            windowed.add(sub.name)
    return frozenset(aggregates), frozenset(scalars - aggregates), frozenset(windowed)


def synonyms_of(units: Iterable[tuple[str | None, str, Node]]) -> dict[
        tuple[str, str, str], tuple[tuple[str, ...], bool]]:
    """The synonyms the units create: (database, schema, name) -> (target, over a link)."""
    out: dict[tuple[str, str, str], tuple[tuple[str, ...], bool]] = {}
    for database, schema, tree in units:
        for node in tree.children:
            if node.kind is not NodeKind.CREATE_SYNONYM or not node.name:
                continue
            target = next((c for c in node.children
                           if c.kind is NodeKind.TABLE and c.role == "other"), None)
            if target is None:
                continue
            owner = node.name[0] if len(node.name) == 2 else schema
            out[(database or "", owner, node.name[-1])] = (target.name, target.dblink)
    return out


def owner(tree: Node) -> str:
    """The schema of the object a unit creates, when its name is qualified ("" if not)."""
    for node in tree.children:
        if node.kind.value.startswith("create_") and len(node.name) == 2:
            return node.name[0]
    return ""


# --------------------------------------------------------------------------- scopes


@dataclass(frozen=True)
class _Item:
    """A FROM item of a query block (or a DML statement's table)."""

    names: tuple[str, ...]  # what qualifies its columns: the alias, else the table name
    columns: frozenset[str] | None  # None: not known
    start: int
    what: str  # for messages
    ref_checked: bool = False  # a catalog object: REF002 reports its unknown columns
    prefix: str = ""
    twice: frozenset[str] = frozenset()  # names its select list gives two columns


@dataclass
class _Scope:
    """One query block's FROM items, inside its enclosing block's scope."""

    items: list[_Item]
    parent: _Scope | None = None
    using: bool = False  # a USING / NATURAL join: shared columns are no ambiguity
    resolved: dict[int, tuple[int, str]] = field(default_factory=dict)  # column node -> item


class _Unknown(Exception):
    """An expression the aggregate checks cannot judge (an unknown function...)."""


class _Analyser:
    def __init__(self, text: str, env: SqlEnv) -> None:
        self.text = text
        self.env = env
        self.issues: list[Issue] = []
        self.names: Mapping[str, Node] = {}  # PL/SQL names in scope, with their declaration
        self.labels: frozenset[str] = frozenset()
        self.plsql = False
        self.in_values = False
        self.type_body = False
        self.twice: dict[int, frozenset[str]] = {}  # query block -> names selected twice
        self.cte_twice: dict[str, frozenset[str]] = {}
        self.aggregates, self.scalars, self.windowed = _functions()

    # ----------------------------------------------------------------- walking

    def issue(self, check: Check, node: Node | tuple[int, int], message: str) -> None:
        line, col = (node.line, node.col) if isinstance(node, Node) else node
        self.issues.append(Issue(check, line, col, message))

    def unit(self, tree: Node) -> None:
        self.type_body = any(n.kind is NodeKind.CREATE_TYPE_BODY for n in tree.children)
        self.labels = frozenset(n.name[-1] for n in tree.walk()
                                if n.kind is NodeKind.STATEMENT and n.role == "LABEL"
                                and n.name)
        self.visit(tree, {}, False)

    def visit(self, node: Node, names: Mapping[str, Node], plsql: bool) -> None:
        kind = node.kind
        plsql = plsql or kind in _CODE
        if kind in _SECTIONS:
            names = {**names, **_declared(node)}
        elif kind is NodeKind.DECLARATION and node.role == "CURSOR":
            names = {**names, **{c.name[-1]: c for c in node.children
                                 if c.kind is NodeKind.PARAMETER and c.name}}
        elif kind is NodeKind.STATEMENT and node.role in ("FOR", "FORALL"):
            names = {**names, **{index: node for index in self._loop_index(node)}}
        if kind in _DML:
            self.names, self.plsql = names, plsql
            self.statement(node)
            for inner in node.walk():
                if inner.kind in (NodeKind.INSERT_COLUMNS, NodeKind.UPDATE):
                    self._columns_once(inner)
            return
        if kind is NodeKind.STATEMENT and node.role == "SQL" and node.children \
                and node.children[0].kind is NodeKind.QUERY:
            self._into(node, node.children[0], names)
        elif kind is NodeKind.CREATE_INDEX:
            self._index(node)
        elif kind is NodeKind.CREATE_VIEW:
            self._view(node)
        elif kind is NodeKind.CREATE_TABLE:
            self._duplicates([c for c in node.children if c.kind is NodeKind.COLUMN_DEF],
                             "the table")
        for child in node.children:
            self.visit(child, names, plsql)

    def _columns_once(self, node: Node) -> None:
        """ORA-00957: a column named twice in an INSERT's list or an UPDATE's SET."""
        if node.kind is NodeKind.INSERT_COLUMNS:
            self._duplicates(list(node.children), "the INSERT's column list")
        else:
            self._duplicates([c for item in node.children if item.kind is NodeKind.SET_ITEM
                              for c in item.children if c.kind is NodeKind.COLUMN
                              and c.role == "set"], "the UPDATE's SET")

    def _duplicates(self, columns: list[Node], where: str) -> None:
        seen: set[str] = set()
        for column in columns:
            if not column.name:
                continue
            name = column.name[-1]
            if name in seen:
                self.issue(Check.SQL_DUPLICATE_COLUMN, column,
                           f"ORA-00957: duplicate column name: {name} twice in {where}")
                return
            seen.add(name)

    def _view(self, node: Node) -> None:
        """ORA-00957 / ORA-00998: a view's column names, from its first query block."""
        if any(c.kind is NodeKind.COLUMN_LIST for c in node.children):
            return
        query = next((c for c in node.children if c.kind is NodeKind.QUERY), None)
        block = _first_block(query) if query is not None else None
        if block is None:
            return
        items = [c for c in block.children if c.kind is NodeKind.SELECT_ITEM]
        if any(i.role == "star" or (i.name and i.name[-1] == "*") for i in items):
            return
        seen: set[str] = set()
        for item in items:
            name = item.alias or (item.name[-1] if item.role == "column" and item.name
                                  else _own_name(self.text[item.start:item.end]))
            if not name:
                self.issue(Check.SQL_UNNAMED_EXPRESSION, item,
                           "ORA-00998: must name this expression with a column alias")
                return
            if name in seen:
                self.issue(Check.SQL_DUPLICATE_COLUMN, item,
                           f"ORA-00957: duplicate column name: the view has two columns {name}")
                return
            seen.add(name)

    def _loop_index(self, node: Node) -> frozenset[str]:
        tokens = significant_tokens(self.text[node.start:min(node.end, node.start + 200)])
        return frozenset({tokens[1].name}) if len(tokens) > 1 and tokens[1].kind in NAMES \
            else frozenset()

    # ----------------------------------------------------------------- statements

    def statement(self, node: Node) -> None:
        kind = node.kind
        if kind is NodeKind.QUERY:
            self.query(node, None, {})
        elif kind is NodeKind.INSERT:
            self._insert(node)
        else:  # UPDATE, DELETE, MERGE: the target (and MERGE's source) are in scope
            items: list[_Item] = []
            for child in node.children:
                if child.kind in _FROM_ITEMS:
                    items.append(self._from_item(child, None, {}))
            scope = _Scope(items)
            for child in node.children:
                if child.kind in _FROM_ITEMS:
                    continue
                if child.kind is NodeKind.INSERT_COLUMNS:  # MERGE's INSERT (columns) VALUES
                    self._count(child, self._values_count(child.end, node.end), child)
                    continue
                if child.kind in (NodeKind.SET_ITEM, NodeKind.FILTER):
                    self._scalar_subqueries(child)
                if child.kind is NodeKind.SET_ITEM:
                    self._not_allowed(child, "an UPDATE's SET")
                    self._set_count(child)
                elif child.kind is NodeKind.FILTER and child.role in _NOT_ALLOWED_FILTERS:
                    self._not_allowed(child, "a WHERE clause" if child.role == "where"
                                      else "an ON clause")
                self.expr(child, scope)

    def _insert(self, node: Node) -> None:
        tokens = significant_tokens(self.text[node.start:min(node.end, node.start + 40)])
        multi = len(tokens) > 1 and tokens[1].is_word("ALL", "FIRST")
        target = next((c for c in node.children if c.kind is NodeKind.TABLE), None)
        items = [self._from_item(target, None, {})] if target is not None else []
        returning = self._returning_at(node)
        values_scope, returning_scope = _Scope([]), _Scope(items)
        columns = next((c for c in node.children if c.kind is NodeKind.INSERT_COLUMNS), None)
        for child in node.children:
            if child.kind in (NodeKind.TABLE, NodeKind.INSERT_COLUMNS, NodeKind.INTO):
                continue
            if child.kind is NodeKind.QUERY:
                self.query(child, None, {})
                if columns is not None and not multi:
                    self._count(columns, _select_count(child), target)
            elif child.start >= returning:
                self.expr(child, returning_scope)
            elif not multi:  # VALUES (...): no column is in scope
                self.in_values = True
                self.expr(child, values_scope)
                self.in_values = False
        if columns is not None and not multi:
            values = self._values_count(columns.end, node.end)
            if values is not None:
                self._count(columns, values, target)

    def _set_count(self, item: Node) -> None:
        """ORA-00913 / ORA-00947 of ``SET (a, b) = (SELECT x, y ...)``."""
        columns = [c for c in item.children if c.kind is NodeKind.COLUMN and c.role == "set"]
        query = next((q for c in item.children if c.kind is NodeKind.SUBQUERY
                      for q in c.children if q.kind is NodeKind.QUERY), None)
        values = _select_count(query) if query is not None and len(columns) > 1 else None
        if values is None or values == len(columns):
            return
        self._mismatch(item, values, len(columns),
                       f"the subquery selects {values} value(s) for {len(columns)} column(s)")

    def _returning_at(self, node: Node) -> int:
        """Offset of a DML statement's top-level RETURNING (its end when none)."""
        text = self.text[node.start:node.end]
        if _RETURNING.search(text) is None:
            return node.end
        tokens = significant_tokens(text)
        depth = 0
        for token in tokens:
            depth += (token.text == "(") - (token.text == ")")
            if depth == 0 and token.is_word("RETURNING", "RETURN"):
                return node.start + token.start
        return node.end

    def _values_count(self, start: int, end: int) -> int | None:
        if _VALUES.match(self.text, start, end) is None:
            return None
        tokens = significant_tokens(self.text[start:end])
        if len(tokens) < 2 or not tokens[0].is_word("VALUES") or tokens[1].text != "(":
            return None
        close = closing_paren(tokens, 1)
        return len(_split(tokens[2:close])) if close > 2 else None

    def _count(self, columns: Node, values: int | None, at: Node | None) -> None:
        """ORA-00913 / ORA-00947 of an INSERT column list against its values, reported at
        ``at`` (the target table, where Oracle reports it)."""
        wanted = len(_split(significant_tokens(self.text[columns.start:columns.end])[1:-1]))
        if values is None or values == wanted:
            return
        self._mismatch(at or columns, values, wanted,
                       f"{values} value(s) for the {wanted} column(s) of the INSERT's list "
                       f"(line {columns.line})")

    def _mismatch(self, node: Node, values: int, wanted: int, where: str) -> None:
        """ORA-00913 when ``values`` exceed ``wanted``, else ORA-00947."""
        if values > wanted:
            self.issue(Check.SQL_TOO_MANY_VALUES, node, f"ORA-00913: too many values: {where}")
        else:
            self.issue(Check.SQL_NOT_ENOUGH_VALUES, node,
                       f"ORA-00947: not enough values: {where}")

    def _into(self, statement: Node, query: Node, names: Mapping[str, Node]) -> None:
        """PLS-00428 and the INTO count of a SELECT statement in PL/SQL."""
        block = _first_block(query)
        if block is None:
            return
        into = next((c for c in block.children if c.kind is NodeKind.INTO), None)
        if into is None:
            self.issue(Check.SQL_SELECT_WITHOUT_INTO, statement,
                       "PLS-00428: an INTO clause is expected in this SELECT statement "
                       "(PL/SQL keeps no result set: SELECT ... INTO, or a cursor)")
            return
        selected = _select_count(query)
        tokens = significant_tokens(self.text[into.start:into.end])[1:]
        targets = _split(tokens)
        if selected is None or len(targets) == selected:
            return
        if len(targets) == 1 and not self._scalar_target(targets[0], into, names):
            return  # a record (%ROWTYPE, a record type, a collection of records)
        self._mismatch(into, selected, len(targets),
                       f"{selected} selected value(s) into {len(targets)} target(s)")

    def _scalar_target(self, target: list[Token], into: Node,
                       names: Mapping[str, Node]) -> bool:
        """True when a single INTO target is surely a scalar variable (declared with a
        scalar type in a section enclosing the statement), not a record or a collection."""
        if len(target) != 1 or target[0].kind not in NAMES:
            return False
        before = significant_tokens(self.text[max(0, into.start - 40):into.start])
        if before and before[-1].is_word("COLLECT"):
            return False
        declaration = names.get(target[0].name)
        if declaration is None or declaration.kind not in (NodeKind.DECLARATION,
                                                           NodeKind.PARAMETER):
            return False
        words = [t for t in significant_tokens(self.text[declaration.start:declaration.end])[1:]
                 if not t.is_word("CONSTANT", "IN", "OUT", "NOCOPY")]
        return bool(words) and words[0].kind in NAMES and words[0].name in _SCALAR_TYPES \
            and (len(words) == 1 or words[1].text not in ("%", "."))

    # ----------------------------------------------------------------- queries

    def query(self, node: Node, parent: _Scope | None,
              ctes: Mapping[str, frozenset[str] | None]) -> frozenset[str] | None:
        """Check a query (WITH, set operators); the output column names of its first
        block (None when not known)."""
        inner = dict(ctes)
        out: frozenset[str] | None = None
        first = True
        scopes: list[_Scope] = []
        for child in node.children:
            if child.kind is NodeKind.CTE and child.name:
                query = next((c for c in child.children if c.kind is NodeKind.QUERY), None)
                inner[child.name[0]] = frozenset(child.alias.split(",")) if child.alias \
                    else None
                if query is not None:
                    found = self.query(query, parent, inner)
                    if not child.alias:
                        inner[child.name[0]] = found
                        self.cte_twice[child.name[0]] = self._twice(query)
                    if self.text[query.end:child.end].strip(" \t\r\n)"):
                        inner[child.name[0]] = None  # SEARCH ... SET c / CYCLE ... SET c
            elif child.kind is NodeKind.QUERY_BLOCK:
                found, scope = self.block(child, parent, inner)
                scopes.append(scope)
                out, first = (found if first else out), False
            elif child.kind is NodeKind.QUERY:
                found = self.query(child, parent, inner)
                out, first = (found if first else out), False
        self._set_counts(node)
        self._order_by(node, scopes, out)
        return out

    def _order_by(self, query: Node, scopes: list[_Scope], out: frozenset[str] | None) -> None:
        """The names of ORDER BY (and FOR UPDATE OF): the select list's names, then the
        block's columns; after a set operator only the first query's names."""
        terms = sum(1 for c in query.children if c.kind in (NodeKind.QUERY_BLOCK,
                                                             NodeKind.QUERY))
        for child in query.children:
            if child.kind not in (NodeKind.COLUMN, NodeKind.CALL, NodeKind.SUBQUERY):
                continue
            if terms == 1 and len(scopes) == 1:
                if not (child.kind is NodeKind.COLUMN and len(child.name) == 1
                        and out is not None and child.name[0] in out):
                    self.expr(child, scopes[0])
            elif terms > 1 and out is not None and child.kind is NodeKind.COLUMN \
                    and len(child.name) == 1 and child.role == "expr" \
                    and child.name[0] not in out and self.env.complete:
                self.issue(Check.SQL_UNKNOWN_IDENTIFIER, child,
                           f"ORA-00904: {child.name[0]}: invalid identifier (the ORDER BY of "
                           f"a set operation names the first query's columns)")

    def _set_counts(self, query: Node) -> None:
        """ORA-01789: the queries a set operator joins select different numbers of values."""
        terms = [c for c in query.children if c.kind in (NodeKind.QUERY_BLOCK, NodeKind.QUERY)]
        if len(terms) < 2:
            return
        counts = [_select_count(t) if t.kind is NodeKind.QUERY else _block_count(t)
                  for t in terms]
        if any(c is None for c in counts):
            return
        for term, count in zip(terms[1:], counts[1:], strict=True):
            if count != counts[0]:
                self.issue(Check.SQL_SET_COLUMNS, term,
                           f"ORA-01789: query block has incorrect number of result columns: "
                           f"{count} here, {counts[0]} in the first query of the set operation")
                return

    def _from_item(self, node: Node, parent: _Scope | None,
                   ctes: Mapping[str, frozenset[str] | None]) -> _Item:
        if node.kind is NodeKind.SUBQUERY:
            query = next((c for c in node.children if c.kind is NodeKind.QUERY), None)
            columns = self.query(query, parent, ctes) if query is not None else None
            names: tuple[str, ...] = (node.alias,) if node.alias else ()
            return _Item(names, columns, node.start, f"the inline view {node.alias}".strip(),
                         twice=self._twice(query) if query is not None else frozenset())
        if node.kind is NodeKind.TABLE_FUNCTION:  # TABLE(), JSON_TABLE(... COLUMNS ...)
            return _Item((node.alias,) if node.alias else (), None, node.start, "a table function")
        parts = node.name
        names = (node.alias,) if node.alias else \
            (parts[-1], ".".join(parts)) if parts else ()
        label = ".".join(parts)
        if len(parts) == 1 and parts[0] in ctes:
            return _Item(names, ctes[parts[0]], node.start, f"the WITH query {parts[0]}",
                         twice=self.cte_twice.get(parts[0], frozenset()))
        if parts and parts[-1] == "DUAL" and len(parts) <= 2 and not node.dblink:
            return _Item(names, _DUAL, node.start, "DUAL")
        found, direct = self._resolve(parts, node.dblink)
        if found is None:
            return _Item(names, None, node.start, label)
        return _Item(names, found.columns, node.start, found.qualified, direct,
                     found.prefix if direct else "")

    def _resolve(self, parts: tuple[str, ...], dblink: bool, database: str | None = None,
                 hops: int = 0) -> tuple[KnownObject | None, bool]:
        """The catalog object a table name reaches (through a project synonym, over a
        database link into the other database's model), and whether REF checks it."""
        env = self.env
        database = database or env.database
        if not parts or len(parts) > 2:
            return None, False
        if dblink:
            if len(parts) != 2 or database is None:
                return None, False
            linked = [found for db in _databases(env.catalog) if db != database
                      for found in [env.catalog.objects.get((db, parts[0], parts[1]))]
                      if found is not None]
            return (linked[0], False) if len(linked) == 1 else (None, False)
        found = resolve_table(env.catalog, parts, database, env.schema)
        if found is None or found.type != "synonym":
            return found, found is not None
        target = env.synonyms.get((database or "", found.schema, found.name))
        if target is None or hops > 3:  # a synonym the run does not create, or a cycle
            return None, False
        names, over_link = target
        names = names if len(names) == 2 else (found.schema, *names)
        resolved, _ = self._resolve(names, over_link, database, hops + 1)
        return resolved, False

    def block(self, node: Node, parent: _Scope | None,
              ctes: Mapping[str, frozenset[str] | None]
              ) -> tuple[frozenset[str] | None, _Scope]:
        items: list[_Item] = []
        for child in node.children:
            if child.kind in _FROM_ITEMS:  # a LATERAL view sees the items before it
                lateral = _LATERAL.search(self.text, max(0, child.start - 12), child.start)
                items.append(self._from_item(
                    child, _Scope(list(items), parent) if lateral else parent, ctes))
        if _RESHAPED.search(self.text, node.start, node.end) is not None:
            # PIVOT, UNPIVOT, MATCH_RECOGNIZE, MODEL: the rows have other columns
            items = [_Item(i.names, None, i.start, i.what) for i in items]
        scope = _Scope(items, parent, _JOIN_USING.search(self.text, node.start, node.end)
                       is not None)
        for child in node.children:
            if child.kind in _FROM_ITEMS or child.kind is NodeKind.INTO:
                continue
            if child.kind is NodeKind.FILTER and child.role in _NOT_ALLOWED_FILTERS:
                self._not_allowed(child, _CLAUSES[child.role])
            elif child.kind is NodeKind.GROUP_BY:
                self._not_allowed(child, "GROUP BY")
            if child.kind is NodeKind.FILTER or child.kind is NodeKind.GROUP_BY:
                self._no_window(child)
            if child.kind in (NodeKind.FILTER, NodeKind.SELECT_ITEM):
                self._scalar_subqueries(child)
            limit = child.start if child.kind is NodeKind.FILTER and child.role == "on" else 0
            self.expr(child, scope, limit)
        self._groups(node, scope)
        return self._output(node, items), scope

    def _no_window(self, node: Node) -> None:
        """ORA-30483: an analytic function outside the select list and ORDER BY."""
        for call in self._calls(node):
            if call.role == "over":
                self.issue(Check.SQL_WINDOW_NOT_ALLOWED, call,
                           f"ORA-30483: window functions are not allowed here: {call.name[-1]} "
                           f"... OVER in {_CLAUSES.get(node.role, 'GROUP BY')} (compute it in an "
                           f"inline view and filter outside)")
                return

    def _scalar_subqueries(self, item: Node) -> None:
        """ORA-00913: a subquery used as one value that selects several."""
        tokens: tuple[Token, ...] | None = None
        for node in _subqueries(item):
            query = next((c for c in node.children if c.kind is NodeKind.QUERY), None)
            count = _select_count(query) if query is not None else None
            if count is None or count < 2:
                continue
            if tokens is None:
                tokens = significant_tokens(self.text[item.start:item.end])
            if self._single_value(tokens, node.start - item.start):
                self.issue(Check.SQL_TOO_MANY_VALUES, node,
                           f"ORA-00913: too many values: a subquery used as one value selects "
                           f"{count}")
                return

    @staticmethod
    def _single_value(tokens: Sequence[Token], offset: int) -> bool:
        """True when the subquery at ``offset`` stands where one value is expected: the
        select item itself, an operand of arithmetic or ``||``, THEN/ELSE, or a comparison
        whose other side is no parenthesised list."""
        at = next((k for k, t in enumerate(tokens) if t.start == offset), -1)
        if at < 0:
            return False
        if at == 0:
            return True
        before = tokens[at - 1]
        if before.text in ("+", "-", "*", "/", "||") or before.is_word("THEN", "ELSE"):
            return True
        return before.text in ("=", "<>", "!=", "^=", "<", ">", "<=", ">=") and at > 1 \
            and tokens[at - 2].text != ")"

    def _twice(self, query: Node) -> frozenset[str]:
        block = _first_block(query)
        return self.twice.get(id(block), frozenset()) if block is not None else frozenset()

    def _output(self, block: Node, items: list[_Item]) -> frozenset[str] | None:
        names: set[str] = set()
        given = [i.alias or (i.name[-1] if i.role == "column" and i.name else "")
                 for i in block.children if i.kind is NodeKind.SELECT_ITEM]
        self.twice[id(block)] = frozenset(n for n in given if n and n != "*"
                                          and given.count(n) > 1)
        for item in block.children:
            if item.kind is not NodeKind.SELECT_ITEM:
                continue
            if item.role == "star":
                if any(i.columns is None for i in items):
                    return None
                for i in items:
                    names |= i.columns or frozenset()
            elif item.alias:
                names.add(item.alias)
            elif item.role == "column" and item.name:
                if item.name[-1] != "*":
                    names.add(item.name[-1])
                    continue
                qualifier = ".".join(item.name[:-1])
                named = [i for i in items if qualifier in i.names]
                if len(named) != 1 or named[0].columns is None:
                    return None
                names |= named[0].columns
        return frozenset(names)

    # ----------------------------------------------------------------- names

    def expr(self, node: Node, scope: _Scope, limit: int = 0) -> None:
        """Resolve every name of an expression (subqueries in their own scope)."""
        kind = node.kind
        if kind is NodeKind.COLUMN:
            if node.role == "expr" and node.name:
                self.column(node, scope, limit)
            return
        if kind is NodeKind.INTO or kind is NodeKind.BIND:
            return
        if kind is NodeKind.QUERY:
            self.query(node, scope, {})
            return
        if kind is NodeKind.SUBQUERY:
            for child in node.children:
                if child.kind is NodeKind.QUERY:
                    self.query(child, scope, {})
            return
        if kind is NodeKind.CALL and node.role != "over" and len(node.name) == 1 \
                and node.name[0] in self.windowed and node.name[0] not in self.names:
            self.issue(Check.SQL_MISSING_WINDOW, node,
                       f"ORA-30484: missing window specification for this function: "
                       f"{node.name[0]} needs OVER (...)")
        for child in node.children:
            self.expr(child, scope, limit)

    def column(self, node: Node, scope: _Scope, limit: int) -> None:
        parts = node.name
        if len(parts) == 1:
            self._unqualified(node, scope, limit)
        else:
            self._qualified(node, scope)

    def _unqualified(self, node: Node, scope: _Scope, limit: int) -> None:
        name = node.name[0]
        level: _Scope | None = scope
        while level is not None:
            visible = [i for i in level.items if not limit or i.start < limit]
            having = [n for n, i in enumerate(level.items)
                      if i in visible and i.columns is not None and name in i.columns]
            if len(having) > 1 and not level.using:
                shown = " and ".join(level.items[n].what for n in having[:2])
                self.issue(Check.SQL_AMBIGUOUS, node,
                           f"ORA-00918: column ambiguously defined: {name} is a column of "
                           f"{shown}; qualify it")
                return
            if having:
                self._twice_used(node, level.items[having[0]], name)
                level.resolved[id(node)] = (having[0], name)
                return
            if any(i.columns is None for i in visible):
                return  # an item the model does not know may have it
            level, limit = level.parent, 0
        self._not_a_column(node, scope)

    def _twice_used(self, node: Node, item: _Item, name: str) -> None:
        """ORA-00918: a column an inline view or WITH query selects twice under one name."""
        if name in item.twice:
            self.issue(Check.SQL_AMBIGUOUS, node,
                       f"ORA-00918: column ambiguously defined: {item.what} selects two "
                       f"columns named {name}")

    def _not_a_column(self, node: Node, scope: _Scope) -> None:
        """An unqualified name no FROM item in scope has: a PL/SQL name, a built-in, or
        ORA-00904 (ORA-00984 in VALUES) when everything the unit may name is known."""
        name = node.name[0]
        if name in _ALWAYS or not name[:1].isalpha() or name.startswith("ORA_") \
                or self.text[node.start] == '"':  # XMLELEMENT("tag", ...): no identifier
            return
        if name in self.names or name in self.env.outer_names or name in self.aggregates \
                or name in self.scalars or self.type_body:
            return  # a PL/SQL name, a built-in; a type body's attributes are not modelled
        level: _Scope | None = scope
        while level is not None:  # REF002 reports a name with a table's column prefix
            if any(i.prefix and name.startswith(i.prefix) for i in level.items):
                return
            level = level.parent
        if not self.env.complete or bundled().resolve_unqualified(name).kind is not Kind.UNRESOLVED:
            return
        if self.env.catalog.named(self.env.database, name):
            return  # a function called without parentheses
        if self.in_values and self.plsql:
            self.issue(Check.SQL_COLUMN_NOT_ALLOWED, node,
                       f"ORA-00984: column not allowed here: {name} is no PL/SQL name in "
                       f"scope (a misspelt variable or parameter?)")
            return
        where = "no column of the query's tables" + (
            " and no PL/SQL name in scope" if self.plsql else "")
        self.issue(Check.SQL_UNKNOWN_IDENTIFIER, node,
                   f"ORA-00904: {name}: invalid identifier ({where})")

    def _qualified(self, node: Node, scope: _Scope) -> None:
        parts = node.name
        name = parts[-1]
        qualifier = ".".join(parts[:-1])
        level: _Scope | None = scope
        while level is not None:
            named = [n for n, i in enumerate(level.items) if qualifier in i.names]
            if named:
                self._of_item(node, level, named, name)
                return
            level = level.parent
        if len(parts) > 3 or name == "*":
            return
        head = parts[0]
        if head in self.labels or head in self.names or head in self.env.outer_names \
                or _SUPPLIED.match(head) is not None:
            return  # a record, a cursor, a package member, a label, an Oracle package
        found, _ = self._resolve(parts[:-1], node.dblink)
        if found is not None and found.type == "sequence":
            if name not in _SEQUENCE_PSEUDO:
                self.issue(Check.SQL_SEQUENCE_PSEUDOCOLUMN, node,
                           f"ORA-00904: {name}: invalid identifier (sequence "
                           f"{found.qualified} has only NEXTVAL and CURRVAL)")
            return
        if len(parts) != 2 or node.dblink:
            return
        if found is not None and found.type in ("table", "view"):
            self.issue(Check.SQL_UNKNOWN_QUALIFIER, node,
                       f"ORA-00904: {qualifier}.{name}: invalid identifier ({qualifier} is "
                       f"not in the query's FROM clause, or has an alias there)")
            return
        env = self.env
        if found is not None or not env.complete or env.catalog.known_schema(env.database, head) \
                or bundled().package(head) is not None or env.catalog.named(env.database, head):
            return
        self.issue(Check.SQL_UNKNOWN_QUALIFIER, node,
                   f"ORA-00904: {qualifier}.{name}: invalid identifier ({qualifier} names no "
                   f"table, view or alias of the query)")

    def _of_item(self, node: Node, level: _Scope, named: list[int], name: str) -> None:
        items = level.items
        if len(named) > 1:
            having = [n for n in named if items[n].columns is not None
                      and name in (items[n].columns or ())]
            if len(having) > 1:
                self.issue(Check.SQL_AMBIGUOUS, node,
                           f"ORA-00918: column ambiguously defined: {node.name[-2]} names "
                           f"two FROM items ({items[having[0]].what} and "
                           f"{items[having[1]].what}) that both have {name}")
            return
        item = items[named[0]]
        self._twice_used(node, item, name)
        if item.columns is None or name == "*" or name in item.columns or name in PSEUDO_COLUMNS:
            if item.columns is not None and name in item.columns:
                level.resolved[id(node)] = (named[0], name)
            return
        if not item.ref_checked:
            self.issue(Check.SQL_UNKNOWN_DERIVED_COLUMN, node,
                       f"ORA-00904: {'.'.join(node.name)}: invalid identifier ({item.what} "
                       f"has no column {name})")

    # ----------------------------------------------------------------- aggregates

    def _calls(self, node: Node) -> Iterator[Node]:
        """The calls of an expression outside its subqueries."""
        for child in node.children:
            if child.kind in (NodeKind.SUBQUERY, NodeKind.QUERY):
                continue
            if child.kind is NodeKind.CALL:
                yield child
            yield from self._calls(child)

    def _aggregate(self, call: Node) -> bool:
        return call.role != "over" and len(call.name) == 1 and \
            call.name[0] in self.aggregates and call.name[0] not in self.names

    def _not_allowed(self, node: Node, where: str) -> None:
        """ORA-00934: an aggregate in WHERE, ON, GROUP BY, CONNECT BY or an UPDATE's SET."""
        for call in self._calls(node):
            if self._aggregate(call):
                self.issue(Check.SQL_AGGREGATE_NOT_ALLOWED, call,
                           f"ORA-00934: group function is not allowed here: {call.name[0]} "
                           f"in {where} (filter groups in HAVING, or aggregate in a subquery)")
                return

    def _groups(self, block: Node, scope: _Scope) -> None:
        """ORA-00937 / ORA-00979: a selected expression neither aggregated nor grouped."""
        items = [c for c in block.children if c.kind is NodeKind.SELECT_ITEM]
        group = next((c for c in block.children if c.kind is NodeKind.GROUP_BY), None)
        if group is None and not any(self._aggregate(call) for item in items
                                     for call in self._calls(item)):
            return
        if group is not None and any(self._aggregate(c) for c in self._calls(group)):
            return
        grouped: set[str] = set()
        keys: set[tuple[int, str]] = set()
        if group is not None:
            tokens = significant_tokens(self.text[group.start:group.end])[2:]
            grouped |= {_normal(t) for t in _split(tokens)}
            for node in group.walk():
                if node.kind in (NodeKind.COLUMN, NodeKind.CALL):
                    grouped.add(_normal(significant_tokens(self.text[node.start:node.end])))
                key = scope.resolved.get(id(node))
                if key is not None:
                    keys.add(key)
        if group is None:
            for item in items:
                nested = next((inner for call in self._calls(item) if self._aggregate(call)
                               for inner in self._calls(call) if self._aggregate(inner)), None)
                if nested is not None:
                    self.issue(Check.SQL_NESTED_AGGREGATE, nested,
                               f"ORA-00978: nested group function without GROUP BY: "
                               f"{nested.name[0]} inside another aggregate")
                    return
        having = [c for c in block.children if c.kind is NodeKind.FILTER and c.role == "having"]
        for item in items + having:
            if item.role == "star":
                return
            try:
                bad = self._ungrouped(item, scope, grouped, keys, top=item.kind is
                                      NodeKind.SELECT_ITEM)
            except _Unknown:
                continue
            if bad is None:
                continue
            shown = ".".join(bad.name)
            if group is None:
                self.issue(Check.SQL_NOT_SINGLE_GROUP, bad,
                           f"ORA-00937: not a single-group group function: {shown} is "
                           f"selected next to an aggregate without GROUP BY")
            else:
                self.issue(Check.SQL_NOT_GROUP_BY, bad,
                           f"ORA-00979: not a GROUP BY expression: {shown} is selected but "
                           f"neither grouped nor aggregated")
            return

    def _ungrouped(self, node: Node, scope: _Scope, grouped: set[str],
                   keys: set[tuple[int, str]], *, top: bool = False) -> Node | None:
        """The first column of this block in ``node`` outside aggregates and GROUP BY."""
        text = self._expression_text(node) if top else self.text[node.start:node.end]
        if grouped and _normal(significant_tokens(text)) in grouped:
            return None
        kind = node.kind
        if kind is NodeKind.COLUMN:
            key = scope.resolved.get(id(node))
            if key is None or key in keys or node.role != "expr":
                return None  # an outer column, a PL/SQL name, a pseudo-column: a constant
            return node
        if kind in (NodeKind.SUBQUERY, NodeKind.QUERY, NodeKind.BIND):
            return None
        if kind is NodeKind.CALL:
            if self._aggregate(node):
                return None
            if node.role == "over" or (len(node.name) == 1 and node.name[0] not in self.scalars):
                raise _Unknown
        for child in node.children:
            bad = self._ungrouped(child, scope, grouped, keys)
            if bad is not None:
                return bad
        return None

    def _expression_text(self, item: Node) -> str:
        text = self.text[item.start:item.end]
        if item.alias:
            text = re.sub(rf'(?is)\s+(AS\s+)?"?{re.escape(item.alias)}"?\s*$', "", text)
        return text

    # ----------------------------------------------------------------- CREATE INDEX

    def _index(self, node: Node) -> None:
        """ORA-00904: an indexed column the (known) table does not have."""
        table = next((c for c in node.children if c.kind is NodeKind.TABLE), None)
        if table is None:
            return
        found, _ = self._resolve(table.name, table.dblink)
        if found is None or found.columns is None:
            return
        tokens = significant_tokens(self.text[table.end:node.end])
        if not tokens or tokens[0].text != "(":
            return
        close = closing_paren(tokens, 0)
        if close < 0 or any(t.is_word("FROM") for t in tokens[close:]):
            return  # a bitmap join index names other tables' columns
        for expression in _split(tokens[1:close]):
            words = [t for t in expression if not t.is_word("ASC", "DESC")]
            if len(words) != 1 or words[0].kind not in NAMES:
                continue  # a function-based index expression
            name = words[0].name
            if name in found.columns or name in PSEUDO_COLUMNS:
                continue
            offset = table.end + words[0].start
            self.issue(Check.SQL_UNKNOWN_INDEX_COLUMN, _position(self.text, offset),
                       f"ORA-00904: {name}: invalid identifier ({found.qualified} has no "
                       f"column {name})")


# --------------------------------------------------------------------------- helpers


def _declared(section: Node) -> dict[str, Node]:
    """The names a declarative section (or a subprogram's heading) declares."""
    names = {c.name[-1]: c for c in section.children
             if c.kind in (NodeKind.DECLARATION, NodeKind.PARAMETER, NodeKind.SUBPROGRAM)
             and c.name}
    if section.kind in (NodeKind.CREATE_FUNCTION, NodeKind.CREATE_PROCEDURE,
                        NodeKind.SUBPROGRAM) and section.name:
        names.setdefault(section.name[-1], section)
    return names


def _subqueries(node: Node) -> Iterator[Node]:
    """The subqueries of an expression, not those nested in them."""
    for child in node.children:
        if child.kind is NodeKind.SUBQUERY:
            yield child
        elif child.kind is not NodeKind.QUERY:
            yield from _subqueries(child)


def _databases(catalog: Catalog) -> list[str]:
    return sorted({db for (db, _s, _n) in catalog.objects if db})


def _first_block(query: Node) -> Node | None:
    for child in query.children:
        if child.kind is NodeKind.QUERY_BLOCK:
            return child
        if child.kind is NodeKind.QUERY:
            return _first_block(child)
    return None


def _select_count(query: Node) -> int | None:
    """How many values a query selects (None when a ``*`` hides it)."""
    block = _first_block(query)
    return None if block is None else _block_count(block)


def _block_count(block: Node) -> int | None:
    items = [c for c in block.children if c.kind is NodeKind.SELECT_ITEM]
    if any(i.role == "star" or (i.name and i.name[-1] == "*") for i in items):
        return None
    return len(items)


def _split(tokens: Sequence[Token]) -> list[list[Token]]:
    """Tokens cut at their top-level commas (empty input: no part)."""
    return [part for part in split_args(tokens) if part]


def _own_name(text: str) -> str:
    """The name Oracle gives a select item without alias when its text is one identifier
    (``SYSDATE``, ``ROWNUM``); "" when it is an expression (``NVL(a, b)``, ``1``)."""
    tokens = significant_tokens(text)
    return tokens[0].name if len(tokens) == 1 and tokens[0].kind in NAMES else ""


def _normal(tokens: Iterable[Token]) -> str:
    """An expression's tokens, names upper-cased, blanks and comments left out."""
    return " ".join(t.name if t.kind in NAMES else t.text for t in tokens)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check(text: str, tree: Node, env: SqlEnv) -> tuple[Issue, ...]:
    """The SQL semantic issues of one unit (``text`` is the parsed text)."""
    analyser = _Analyser(text, env)
    analyser.unit(tree)
    return tuple(analyser.issues)
