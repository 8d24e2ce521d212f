"""What a sqlfluff parse tree says about a unit's SQL: tables, aliases, columns, calls.

Only SQL statements (SELECT/INSERT/UPDATE/DELETE/MERGE, cursors, views) are read for
column references: in PL/SQL expressions a dotted name is a record field, a package
constant or a variable as often as a column, so those are not facts about tables. The
exceptions are unambiguous: ``SCHEMA.TABLE.COLUMN%TYPE``, ``:NEW.COLUMN`` in a trigger and
``SEQUENCE.NEXTVAL``.

The result is plain data (picklable, JSON-able) so it can be computed in a worker process
and cached with the unit text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

_STATEMENTS = frozenset({"select_statement", "insert_statement", "update_statement",
                         "delete_statement", "merge_statement", "set_expression",
                         "with_compound_statement"})
_BLOCKS = frozenset({"select_statement", "update_statement", "delete_statement",
                     "merge_statement"})
_FILTERS = frozenset({"where_clause", "join_on_condition", "having_clause"})
_SKIP = frozenset({"whitespace", "newline", "comment", "inline_comment", "block_comment"})
_PART_TYPES = frozenset({"naked_identifier", "quoted_identifier", "identifier", "parameter",
                         "function_name_identifier", "keyword", "word"})


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


def _kind(seg: Any) -> str:
    return str(seg.get_type())


def _children(seg: Any) -> list[Any]:
    return [c for c in seg.segments if not c.is_meta and _kind(c) not in _SKIP]


def _name(seg: Any) -> str:
    raw = str(seg.raw)
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        return raw[1:-1]
    return raw.upper()


def _parts(seg: Any) -> tuple[tuple[str, ...], bool]:
    """Dotted name parts of a reference segment, and whether it has an @dblink."""
    parts: list[str] = []
    for child in _children(seg):
        kind = _kind(child)
        if kind == "at_sign":
            return tuple(parts), True
        leaf = not child.segments and (kind in _PART_TYPES or child.is_type("identifier"))
        if kind == "trigger_correlation_name" or leaf:
            parts.append(_name(child))
    return tuple(parts), False


def _pos(seg: Any) -> tuple[int, int]:
    marker = seg.pos_marker
    return int(marker.line_no), int(marker.line_pos)


def _alias_of(seg: Any) -> str:
    for child in _children(seg):
        if _kind(child) in ("naked_identifier", "quoted_identifier") or (
            not child.segments and child.is_type("identifier")
        ):
            return _name(child)
    return ""


@dataclass(frozen=True)
class _Ctx:
    statement: int = -1
    block: int = -1
    in_filter: bool = False
    in_trigger_when: bool = False
    insert_list: bool = False


@dataclass
class _Builder:
    statements: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[TableRef] = field(default_factory=list)
    columns: list[ColumnRef] = field(default_factory=list)
    calls: list[CallRef] = field(default_factory=list)
    created_columns: tuple[str, ...] | None = None
    correlation: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ walking

    def walk(self, seg: Any, ctx: _Ctx, parent: Any = None) -> None:
        kind = _kind(seg)
        if kind in _STATEMENTS and ctx.statement < 0:
            line, col = _pos(seg)
            self.statements.append({"kind": kind, "line": line, "col": col, "ctes": [],
                                    "names": [], "open": []})
            ctx = replace(ctx, statement=len(self.statements) - 1, in_filter=False)
        if kind in _BLOCKS:
            line, col = _pos(seg)
            self.blocks.append(Block(ctx.statement, kind, line, col))
            ctx = replace(ctx, block=len(self.blocks) - 1, in_filter=False)
        elif kind in _FILTERS and ctx.block >= 0:
            ctx = replace(ctx, in_filter=True)
        if ctx.insert_list and kind not in ("bracketed", "column_reference"):
            ctx = replace(ctx, insert_list=False)

        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None and handler(seg, ctx, parent):
            return
        children = _children(seg)
        if kind == "create_trigger_statement":
            self._trigger(seg, ctx, children)
            return
        column_list = kind in ("insert_statement", "merge_insert_clause")
        for child in children:
            if not child.segments:
                continue
            if column_list and _kind(child) == "bracketed":
                column_list = False
                if not any(_kind(c) == "select_statement" for c in _children(child)):
                    self.walk(child, replace(ctx, insert_list=True), seg)
                    continue
            self.walk(child, ctx, seg)

    def _trigger(self, seg: Any, ctx: _Ctx, children: list[Any]) -> None:
        after_when = False
        for child in children:
            kind = _kind(child)
            if kind == "keyword" and str(child.raw).upper() == "WHEN":
                after_when = True
                continue
            if child.segments:
                self.walk(child, replace(ctx, in_trigger_when=after_when and kind == "bracketed"),
                          seg)
            after_when = False

    # ------------------------------------------------------------------ segments

    def _on_referencing_clause(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        current = ""
        for child in _children(seg):
            kind = _kind(child)
            if kind == "trigger_correlation_name":
                current = _name(child)
            elif current and (kind in ("naked_identifier", "quoted_identifier")
                              or child.is_type("identifier")):
                self.correlation[_name(child)] = current
                current = ""
        return True

    def _on_common_table_expression(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        children = _children(seg)
        if children and ctx.statement >= 0:
            stmt = self.statements[ctx.statement]
            stmt["ctes"].append(_alias_of(seg))
            for col_list in seg.recursive_crawl("cte_column_list", recurse_into=False):
                for ident in col_list.recursive_crawl("naked_identifier", "quoted_identifier"):
                    stmt["names"].append(_name(ident))
        return False

    def _on_select_clause_element(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        if ctx.statement >= 0:
            for child in _children(seg):
                if _kind(child) == "alias_expression":
                    self.statements[ctx.statement]["names"].append(_alias_of(child))
        return False

    def _on_from_expression_element(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        children = _children(seg)
        alias = ""
        for child in children:
            if _kind(child) == "alias_expression":
                alias = _alias_of(child)
        table = next((c for c in children if _kind(c) == "table_expression"), None)
        holds_table = table is not None and any(
            _kind(c) == "table_reference" for c in _children(table)
        )
        if alias and not holds_table and ctx.statement >= 0:
            self.statements[ctx.statement]["open"].append(alias)
        if holds_table and table is not None:
            ref = next(c for c in _children(table) if _kind(c) == "table_reference")
            self._table(ref, alias, "read", ctx)
            for child in children:
                if child is not table and child.segments:
                    self.walk(child, ctx, seg)
            for child in _children(table):
                if child is not ref and child.segments:
                    self.walk(child, ctx, table)
            return True
        return False

    def _on_table_reference(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        parent_kind = _kind(parent) if parent is not None else ""
        role = {
            "insert_statement": "insert",
            "update_statement": "update",
            "merge_statement": "merge",
            "delete_statement": "delete",
            "row_type_reference": "rowtype",
            "dml_event_clause": "trigger",
            "create_table_statement": "create",
            "create_view_statement": "create",
        }.get(parent_kind, "other")
        alias = ""
        if parent is not None and role in ("insert", "update", "merge", "delete"):
            siblings = _children(parent)
            at = next(i for i, c in enumerate(siblings) if c is seg)
            if at + 1 < len(siblings) and _kind(siblings[at + 1]) == "alias_expression":
                alias = _alias_of(siblings[at + 1])
        self._table(seg, alias, role, ctx)
        return True

    def _on_object_reference(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        parent_kind = _kind(parent) if parent is not None else ""
        if parent_kind in ("grant_statement", "create_synonym_statement"):
            parts, dblink = _parts(seg)
            siblings = _children(parent)
            at = next(i for i, c in enumerate(siblings) if c is seg)
            # the synonym's own name comes first; what it stands for follows FOR
            if parent_kind == "create_synonym_statement" and not any(
                    str(c.raw).upper() == "FOR" for c in siblings[:at]):
                return True
            dblink = dblink or any(str(c.raw) == "@" for c in siblings[at + 1:at + 2])
            line, col = _pos(seg)
            self.tables.append(TableRef(parts, "", "other", line, col, ctx.statement, ctx.block,
                                        dblink))
        return True

    def _table(self, seg: Any, alias: str, role: str, ctx: _Ctx) -> None:
        parts, dblink = _parts(seg)
        line, col = _pos(seg)
        self.tables.append(TableRef(parts, alias, role, line, col, ctx.statement, ctx.block,
                                    dblink))

    def _on_create_table_statement(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        names: list[str] = []
        for child in _children(seg):
            if _kind(child) == "bracketed":
                for col_def in _children(child):
                    if _kind(col_def) == "column_definition":
                        first = _children(col_def)[0]
                        names.append(_name(first))
            elif _kind(child) == "keyword" and str(child.raw).upper() == "AS":
                self.created_columns = None
                return False
        self.created_columns = tuple(names) if names else None
        return False

    def _on_create_view_statement(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        children = _children(seg)
        explicit = next((c for c in children if _kind(c) == "bracketed"), None)
        if explicit is not None:
            self.created_columns = tuple(
                _parts(c)[0][-1] for c in _children(explicit) if _kind(c) == "column_reference"
            )
            return False
        select = next((c for c in children if _kind(c) in ("select_statement", "set_expression",
                                                         "with_compound_statement")), None)
        self.created_columns = _output_names(select) if select is not None else None
        return False

    def _on_column_reference(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        parts, _ = _parts(seg)
        if not parts:
            return True
        line, col = _pos(seg)
        if parts[-1] in ("NEXTVAL", "CURRVAL") and len(parts) >= 2:
            self.columns.append(ColumnRef(parts, "sequence", line, col, ctx.statement, ctx.block))
            return True
        parent_kind = _kind(parent) if parent is not None else ""
        if parent_kind == "column_type_reference":
            self.columns.append(ColumnRef(parts, "type", line, col, ctx.statement, ctx.block))
            return True
        if ctx.in_trigger_when and ctx.statement < 0 and len(parts) == 2:
            self.columns.append(ColumnRef(parts, "correlation", line, col))
            return True
        if ctx.statement < 0:
            return True
        role, target = "expr", -1
        if parent_kind == "set_clause" and _children(parent)[0] is seg:
            role, target = "set", self._dml_target(ctx, ("update", "merge"))
        elif ctx.insert_list:
            role, target = "insert", self._dml_target(ctx, ("insert", "merge"))
        self.columns.append(ColumnRef(parts, role, line, col, ctx.statement, ctx.block, target,
                                      ctx.in_filter))
        return True

    def _dml_target(self, ctx: _Ctx, roles: tuple[str, ...]) -> int:
        for index in range(len(self.tables) - 1, -1, -1):
            table = self.tables[index]
            if table.statement == ctx.statement and table.role in roles:
                return index
        return -1

    def _on_bind_variable(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        parts, _ = _parts(seg)
        if len(parts) == 2:
            line, col = _pos(seg)
            self.columns.append(ColumnRef(parts, "correlation", line, col + 1))
        return True

    def _on_function(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        for child in _children(seg):
            if _kind(child) == "function_name":
                parts, _ = _parts(child)
                if parts:
                    line, col = _pos(child)
                    self.calls.append(CallRef(parts, line, col))
                break
        return False

    def _on_procedure_call_statement(self, seg: Any, ctx: _Ctx, parent: Any) -> bool:
        parts, _ = _parts(seg)
        if parts:
            line, col = _pos(seg)
            self.calls.append(CallRef(parts, line, col))
        return False

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


def _output_names(select: Any) -> tuple[str, ...] | None:
    """Column names a query produces, or None when one cannot be named (``*``, expressions)."""
    first = select
    while _kind(first) != "select_statement":
        inner = next((c for c in _children(first) if _kind(c) in (
            "select_statement", "set_expression", "bracketed")), None)
        if inner is None:
            return None
        first = inner
    clause = next((c for c in _children(first) if _kind(c) == "select_clause"), None)
    if clause is None:
        return None
    names: list[str] = []
    for element in _children(clause):
        if _kind(element) != "select_clause_element":
            continue
        parts = _children(element)
        alias = next((c for c in parts if _kind(c) == "alias_expression"), None)
        if alias is not None:
            names.append(_alias_of(alias))
        elif parts and _kind(parts[0]) == "column_reference":
            names.append(_parts(parts[0])[0][-1])
        else:
            return None
    return tuple(names)


def extract(tree: Any) -> TreeFacts:
    """Facts of one parsed unit (the root is sqlfluff's ``file`` segment)."""
    builder = _Builder()
    builder.walk(tree, _Ctx())
    return builder.freeze()
