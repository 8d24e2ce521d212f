"""What a unit's syntax tree says about its SQL: tables, aliases, columns, calls.

Only SQL statements (SELECT/INSERT/UPDATE/DELETE/MERGE, cursors, views) are read for
column references: in PL/SQL expressions a dotted name is a record field, a package
constant or a variable as often as a column, so those are not facts about tables. The
exceptions are unambiguous: ``SCHEMA.TABLE.COLUMN%TYPE``, ``:NEW.COLUMN`` in a trigger and
``SEQUENCE.NEXTVAL``.

The tree is the project's own parser's (`conefi_dbtool.plsql.parser`). The result is plain
data (picklable, JSON-able) so it can be computed in a worker process and cached with the
unit text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from conefi_dbtool.plsql.tree import Node, NodeKind, created_columns

_STATEMENTS = {
    NodeKind.QUERY: "select_statement",
    NodeKind.INSERT: "insert_statement",
    NodeKind.UPDATE: "update_statement",
    NodeKind.DELETE: "delete_statement",
    NodeKind.MERGE: "merge_statement",
}
_BLOCKS = {
    NodeKind.QUERY_BLOCK: "select_statement",
    NodeKind.UPDATE: "update_statement",
    NodeKind.DELETE: "delete_statement",
    NodeKind.MERGE: "merge_statement",
}
_CREATES_COLUMNS = frozenset({NodeKind.CREATE_TABLE, NodeKind.CREATE_VIEW})


@dataclass(frozen=True)
class TableRef:
    parts: tuple[str, ...]
    alias: str  # "" when none
    role: str  # read, insert, update, merge, rowtype, trigger, other
    line: int
    col: int
    statement: int = -1
    block: int = -1
    dblink: bool = False


@dataclass(frozen=True)
class ColumnRef:
    parts: tuple[str, ...]
    role: str  # expr, insert, set, type, sequence, correlation
    line: int
    col: int
    statement: int = -1
    block: int = -1
    target: int = -1  # index of the TableRef an insert/set column belongs to
    in_filter: bool = False  # inside a WHERE / ON / HAVING of its block


@dataclass(frozen=True)
class Statement:
    kind: str
    line: int
    col: int
    ctes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # output names (select aliases, CTE columns)
    open_aliases: tuple[str, ...] = ()  # aliases of derived tables and table functions


@dataclass(frozen=True)
class Block:
    statement: int
    kind: str
    line: int
    col: int


@dataclass(frozen=True)
class CallRef:
    parts: tuple[str, ...]
    line: int
    col: int


@dataclass(frozen=True)
class TreeFacts:
    statements: tuple[Statement, ...] = ()
    blocks: tuple[Block, ...] = ()
    tables: tuple[TableRef, ...] = ()
    columns: tuple[ColumnRef, ...] = ()
    calls: tuple[CallRef, ...] = ()
    created_columns: tuple[str, ...] | None = None  # of a CREATE TABLE / VIEW (None: unknown)
    correlation: tuple[tuple[str, str], ...] = ()  # (name used, NEW|OLD) in a trigger


@dataclass(frozen=True)
class _Ctx:
    statement: int = -1
    block: int = -1
    in_filter: bool = False
    in_trigger_when: bool = False
    insert_list: bool = False
    parent: NodeKind = NodeKind.UNIT


@dataclass
class _Builder:
    statements: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[TableRef] = field(default_factory=list)
    columns: list[ColumnRef] = field(default_factory=list)
    calls: list[CallRef] = field(default_factory=list)
    created_columns: tuple[str, ...] | None = None
    correlation: dict[str, str] = field(default_factory=dict)

    def walk(self, node: Node, ctx: _Ctx) -> None:
        kind = node.kind
        statement = _STATEMENTS.get(kind)
        if statement is not None and ctx.statement < 0:
            self.statements.append({"kind": statement, "line": node.line, "col": node.col,
                                    "ctes": [], "names": [], "open": []})
            ctx = replace(ctx, statement=len(self.statements) - 1, in_filter=False)
        block = _BLOCKS.get(kind)
        if block is not None:
            self.blocks.append(Block(ctx.statement, block, node.line, node.col))
            ctx = replace(ctx, block=len(self.blocks) - 1, in_filter=False)
        elif kind is NodeKind.FILTER and ctx.block >= 0:
            ctx = replace(ctx, in_filter=True)
        elif kind is NodeKind.TRIGGER_WHEN:
            ctx = replace(ctx, in_trigger_when=True)
        elif kind is NodeKind.INSERT_COLUMNS:
            ctx = replace(ctx, insert_list=True)
        elif kind is NodeKind.INTO:
            return  # variables and records, no columns
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, node, ctx)
        if kind in _CREATES_COLUMNS:
            self._created(node)
        if node.children:
            inner = replace(ctx, parent=kind) if ctx.parent is not kind else ctx
            for child in node.children:
                self.walk(child, inner)

    def _table(self, node: Node, ctx: _Ctx) -> None:
        role = node.role
        if role == "create" and ctx.parent not in _CREATES_COLUMNS:
            return  # the name of a package, type, trigger ...: no table
        self.tables.append(TableRef(node.name, node.alias, role, node.line, node.col,
                                    ctx.statement, ctx.block, node.dblink))

    def _column(self, node: Node, ctx: _Ctx) -> None:
        parts = node.name
        if not parts or parts[-1] == "*":
            return
        role = node.role
        if role in ("sequence", "type"):
            self.columns.append(ColumnRef(parts, role, node.line, node.col, ctx.statement,
                                          ctx.block))
            return
        if ctx.in_trigger_when and ctx.statement < 0:
            if len(parts) == 2:
                self.columns.append(ColumnRef(parts, "correlation", node.line, node.col))
            return
        if ctx.statement < 0:
            return
        target = -1
        if role == "set":
            target = self._dml_target(ctx, ("update", "merge"))
        elif ctx.insert_list:
            role, target = "insert", self._dml_target(ctx, ("insert", "merge"))
        else:
            role = "expr"
        self.columns.append(ColumnRef(parts, role, node.line, node.col, ctx.statement, ctx.block,
                                      target, ctx.in_filter))

    def _dml_target(self, ctx: _Ctx, roles: tuple[str, ...]) -> int:
        for index in range(len(self.tables) - 1, -1, -1):
            table = self.tables[index]
            if table.statement == ctx.statement and table.role in roles:
                return index
        return -1

    def _bind(self, node: Node, ctx: _Ctx) -> None:
        if len(node.name) == 2:
            self.columns.append(ColumnRef(node.name, "correlation", node.line, node.col + 1))

    def _call(self, node: Node, ctx: _Ctx) -> None:
        if node.name:
            self.calls.append(CallRef(node.name, node.line, node.col))

    def _cte(self, node: Node, ctx: _Ctx) -> None:
        if ctx.statement >= 0:
            stmt = self.statements[ctx.statement]
            stmt["ctes"].append(node.name[0])
            if node.alias:
                stmt["names"].extend(node.alias.split(","))

    def _select_item(self, node: Node, ctx: _Ctx) -> None:
        if node.alias and ctx.statement >= 0:
            self.statements[ctx.statement]["names"].append(node.alias)

    def _derived(self, node: Node, ctx: _Ctx) -> None:
        if node.alias and ctx.statement >= 0:
            self.statements[ctx.statement]["open"].append(node.alias)

    def _referencing(self, node: Node, ctx: _Ctx) -> None:
        if node.role in ("NEW", "OLD"):
            self.correlation[node.name[0]] = node.role

    def _created(self, node: Node) -> None:
        self.created_columns = created_columns(node)

    def freeze(self) -> TreeFacts:
        return TreeFacts(
            statements=tuple(
                Statement(s["kind"], s["line"], s["col"], tuple(s["ctes"]),
                          tuple(dict.fromkeys(s["names"])), tuple(dict.fromkeys(s["open"])))
                for s in self.statements
            ),
            blocks=tuple(self.blocks),
            tables=tuple(self.tables),
            columns=tuple(self.columns),
            calls=tuple(self.calls),
            created_columns=self.created_columns,
            correlation=tuple(sorted(self.correlation.items())),
        )


_HANDLERS = {
    NodeKind.TABLE: _Builder._table,
    NodeKind.COLUMN: _Builder._column,
    NodeKind.BIND: _Builder._bind,
    NodeKind.CALL: _Builder._call,
    NodeKind.CTE: _Builder._cte,
    NodeKind.SELECT_ITEM: _Builder._select_item,
    NodeKind.SUBQUERY: _Builder._derived,
    NodeKind.TABLE_FUNCTION: _Builder._derived,
    NodeKind.REFERENCING: _Builder._referencing,
}


def extract(tree: Node) -> TreeFacts:
    """Facts of one parsed unit (the root is the parser's `UNIT` node)."""
    builder = _Builder()
    builder.walk(tree, _Ctx())
    return builder.freeze()
