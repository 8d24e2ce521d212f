"""The syntax tree the project's Oracle parser builds: typed, frozen, with exact positions.

Why a coarse tree: the lint needs statements, query blocks, table and column references,
filters and declarations with their positions, not one node per operator. Expressions
therefore only leave the nodes a rule can use (references, calls, subqueries); the parser
still checks every token of them.

Every node has its kind, the line/column of its first token (1-based, columns in
characters, lines in the unit's numbering), the offsets ``start``/``end`` of the text it
spans and its children in text order; a child's span lies inside its parent's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Node", "NodeKind", "ParseError", "ParseResult", "created_columns", "output_names"]


class NodeKind(StrEnum):
    """What a node is; the value is its name in messages and JSON."""

    UNIT = "unit"  # the whole unit (root)
    # --- CREATE and other DDL/DCL
    CREATE_PACKAGE = "create_package"
    CREATE_PACKAGE_BODY = "create_package_body"
    CREATE_PROCEDURE = "create_procedure"
    CREATE_FUNCTION = "create_function"
    CREATE_TRIGGER = "create_trigger"
    CREATE_TYPE = "create_type"
    CREATE_TYPE_BODY = "create_type_body"
    CREATE_VIEW = "create_view"
    CREATE_TABLE = "create_table"
    CREATE_INDEX = "create_index"
    CREATE_SEQUENCE = "create_sequence"
    CREATE_SYNONYM = "create_synonym"
    CREATE_DATABASE_LINK = "create_database_link"
    CREATE_OTHER = "create_other"  # user, role, directory, materialized view...: skipped soundly
    JAVA_SOURCE = "java_source"  # CREATE ... JAVA: kept opaque
    ALTER = "alter"
    DROP = "drop"
    GRANT = "grant"
    REVOKE = "revoke"
    COMMENT = "comment"
    OTHER_STATEMENT = "other_statement"  # TRUNCATE, ANALYZE, CALL ...: checked for balance only
    # --- PL/SQL structure
    ANONYMOUS_BLOCK = "anonymous_block"
    BLOCK = "block"  # [DECLARE] BEGIN ... END
    SUBPROGRAM = "subprogram"  # a procedure or function (declared or defined)
    TIMING_POINT = "timing_point"  # a compound trigger's BEFORE STATEMENT IS ... END
    DECLARATION = "declaration"  # variable, constant, exception, type, subtype, cursor, pragma
    PARAMETER = "parameter"
    HANDLER = "handler"  # WHEN ... THEN of an exception section
    TRIGGER_WHEN = "trigger_when"  # the WHEN (condition) of a trigger
    REFERENCING = "referencing"  # REFERENCING NEW AS n (name=(n,), role NEW|OLD|PARENT)
    # --- PL/SQL statements (role: the statement word, e.g. IF, LOOP, ASSIGN, CALL)
    STATEMENT = "statement"
    # --- SQL
    QUERY = "query"  # a full query: WITH, set operators, ORDER BY, FOR UPDATE
    QUERY_BLOCK = "query_block"  # one SELECT ... FROM ...
    CTE = "cte"  # name AS (query), name: (cte,), alias: column names joined by ","
    SELECT_ITEM = "select_item"  # alias: the output name when one is written
    SUBQUERY = "subquery"  # a query in parentheses used as a table (alias) or a value
    TABLE_FUNCTION = "table_function"  # TABLE(...), XMLTABLE(...) ... as a table (alias)
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    MERGE = "merge"
    INSERT_COLUMNS = "insert_columns"  # the (c1, c2) list of an INSERT or MERGE INSERT
    SET_ITEM = "set_item"  # col = expr of an UPDATE/MERGE SET
    FILTER = "filter"  # WHERE / ON / HAVING (role says which)
    GROUP_BY = "group_by"  # the expressions of a GROUP BY
    INTO = "into"  # INTO targets of SELECT/FETCH/RETURNING
    TABLE = "table"  # a table reference (name, alias, role)
    COLUMN = "column"  # a name in an expression (name parts, role)
    CALL = "call"  # a function or procedure call (name parts; role "over": analytic)
    BIND = "bind"  # :name or :NEW.col (name parts without the colon)
    COLUMN_DEF = "column_def"  # a CREATE TABLE column (name,)
    COLUMN_LIST = "column_list"  # a CREATE VIEW explicit column list


@dataclass(frozen=True, slots=True)
class Node:
    """One node: kind, position of its first token, the text span, children in order.

    ``name`` holds the dotted name parts (dictionary form) for references, declarations
    and CREATEd objects; ``alias`` a table alias or select-item name; ``role`` what a
    reference is used for (``read``, ``insert``, ``set``, ``rowtype``...) or a statement's
    word (``IF``, ``ASSIGN``...).
    """

    kind: NodeKind
    line: int
    col: int
    start: int
    end: int
    children: tuple[Node, ...] = ()
    name: tuple[str, ...] = ()
    alias: str = ""
    role: str = ""
    dblink: bool = False

    def walk(self) -> list[Node]:
        """This node and every descendant, in text order (iterative: trees can be deep)."""
        out: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


@dataclass(frozen=True, slots=True)
class ParseError:
    """One syntax error: where Oracle would report it and what it expected."""

    line: int
    col: int
    message: str
    code: str = "SYN001"  # SYN001: Oracle rejects it; SYN003: not checked (too deep)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """A unit's tree and its syntax errors (at most one per line)."""

    tree: Node
    errors: tuple[ParseError, ...]


def output_names(query: Node) -> tuple[str, ...] | None:
    """The column names a query produces (those of its first query block), or None when one
    cannot be named (``*``, an expression without an alias)."""
    first: Node | None = query
    while first is not None and first.kind is not NodeKind.QUERY_BLOCK:
        first = next((c for c in first.children
                      if c.kind in (NodeKind.QUERY_BLOCK, NodeKind.QUERY)), None)
    if first is None:
        return None
    # what may qualify a column: the FROM clause's aliases, else its tables' names
    qualifiers = {c.alias or (c.name[-1] if c.kind is NodeKind.TABLE and c.name else "")
                  for c in first.children
                  if c.kind in (NodeKind.TABLE, NodeKind.SUBQUERY, NodeKind.TABLE_FUNCTION)}
    names: list[str] = []
    for item in first.children:
        if item.kind is not NodeKind.SELECT_ITEM:
            continue
        if item.alias:
            names.append(item.alias)
        elif (item.role == "column" and item.name[-1] != "*"
              and (len(item.name) == 1 or item.name[-2] in qualifiers)):
            names.append(item.name[-1])
        else:  # t.*, an expression, or pkg.f (a call, which Oracle names by its text)
            return None
    return tuple(names) if names else None


def created_columns(node: Node) -> tuple[str, ...] | None:
    """The columns a CREATE TABLE or CREATE VIEW makes, in order: its column definitions or
    list, else its query's output names; None when they cannot be told (AS SELECT *...)."""
    if node.kind is NodeKind.CREATE_TABLE:
        if any(c.kind is NodeKind.QUERY for c in node.children):
            return None
        return tuple(c.name[0] for c in node.children if c.kind is NodeKind.COLUMN_DEF) or None
    explicit = next((c for c in node.children if c.kind is NodeKind.COLUMN_LIST), None)
    if explicit is not None:
        return explicit.name
    query = next((c for c in node.children if c.kind is NodeKind.QUERY), None)
    return output_names(query) if query is not None else None
