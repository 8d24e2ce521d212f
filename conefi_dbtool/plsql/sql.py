"""SQL queries and DML: SELECT (WITH, joins, (+), subqueries, CONNECT BY, PIVOT, analytic
functions, FOR UPDATE), INSERT (multi-table, RETURNING), UPDATE, DELETE, MERGE.

Why here: PL/SQL embeds the same statements (with INTO and BULK COLLECT), so one reader
serves a SQL unit, a cursor, a view and a PL/SQL block. Each query block, DML statement,
table reference and filter becomes a node the lint's facts are read from.
"""

from __future__ import annotations

from collections.abc import Callable

from conefi_dbtool.plsql.cursor import NAME_KINDS
from conefi_dbtool.plsql.expressions import NOT_OPERAND, Expressions
from conefi_dbtool.plsql.tree import NodeKind

_SET_OPERATORS = frozenset({"UNION", "INTERSECT", "MINUS", "EXCEPT"})
# Words after a table that are not its alias (``FROM t WHERE``, ``t LEFT JOIN``).
_NOT_ALIAS = NOT_OPERAND | frozenset({
    "BULK", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER", "USING",
    "PIVOT", "UNPIVOT", "RETURNING", "RETURN", "EXCEPT", "OFFSET", "MODEL", "WINDOW",
})
# Words that are no alias only before what follows them (``FROM app_log log`` is an alias).
_NOT_ALIAS_BEFORE = {
    "LOG": frozenset({"ERRORS"}),
    "PARTITION": frozenset({"BY", "(", "FOR"}),
    "SUBPARTITION": frozenset({"(", "FOR"}),
    "SAMPLE": frozenset({"(", "BLOCK"}),
    "VERSIONS": frozenset({"BETWEEN", "PERIOD"}),
    "APPLY": frozenset({"("}),
}
# Words after a select item that are not its alias (``SELECT a FROM``, ``SELECT 1 UNION``).
_NOT_ITEM_ALIAS = NOT_OPERAND | frozenset({"BULK", "EXCEPT"})
_JOIN_WORDS = frozenset({"JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER"})
_TABLE_FUNCTIONS = frozenset({"XMLTABLE", "JSON_TABLE", "GRAPH_TABLE", "EXTERNAL"})
_CLAUSE_ENDS = frozenset({";", ")"})


class Sql(Expressions):
    """Queries and DML statements."""

    # ------------------------------------------------------------------ queries

    def query(self) -> None:
        """[WITH ...] block {set-operator block} [ORDER BY] [OFFSET/FETCH] [FOR UPDATE]."""
        first = self.i
        self.enter()
        saved, self.sink = self.sink, []
        up = self.up
        if up[self.i] == "WITH":
            self._with()
        self._query_term()
        while up[self.i] in _SET_OPERATORS:
            self.i += 1
            if up[self.i] in ("ALL", "DISTINCT"):
                self.i += 1
            self._query_term()
        self._query_tail()
        self.end_node(saved, NodeKind.QUERY, first)
        self.depth -= 1

    def _query_term(self) -> None:
        if self.up[self.i] == "(":
            self.i += 1
            self.query()
            self.expect(")", "')' to close the query")
        else:
            self.query_block()

    def _query_tail(self) -> None:
        up = self.up
        if up[self.i] == "ORDER":
            self.order_by()
        if up[self.i] == "OFFSET":
            self.i += 1
            self.expr()
            if up[self.i] in ("ROW", "ROWS"):
                self.i += 1
        if up[self.i] == "FETCH" and up[self.i + 1] in ("FIRST", "NEXT"):
            self.i += 2
            if up[self.i] not in ("ROW", "ROWS"):
                self.expr()
            self.accept("PERCENT")
            if up[self.i] not in ("ROW", "ROWS"):
                self.fail("expected ROW or ROWS")
            self.i += 1
            if not self.accept("ONLY"):
                self.expect("WITH")
                self.expect("TIES")
        if up[self.i] == "FOR" and up[self.i + 1] == "UPDATE":
            self.i += 2
            if self.accept("OF"):
                self.comma_list(self.expr)
            if self.accept("WAIT"):
                self.expr()
            elif up[self.i] == "SKIP":
                self.i += 1
                self.expect("LOCKED")
            else:
                self.accept("NOWAIT")

    def order_by(self) -> None:
        self.i += 1
        self.accept("SIBLINGS")
        self.expect("BY")
        while True:
            self.expr()
            if self.up[self.i] in ("ASC", "DESC"):
                self.i += 1
            if self.up[self.i] == "NULLS":
                self.i += 1
                if not (self.accept("FIRST") or self.accept("LAST")):
                    self.fail("expected FIRST or LAST")
            if not self.accept(","):
                return

    def _with(self) -> None:
        up = self.up
        self.i += 1
        while up[self.i] in ("FUNCTION", "PROCEDURE"):  # WITH FUNCTION (12c): PL/SQL in a query
            self.with_plsql()
        if up[self.i] == "SELECT":
            return
        while True:
            first = self.i
            name = self.name_part()
            columns: list[str] = []
            if self.accept("("):
                columns.append(self.name_part())
                while self.accept(","):
                    columns.append(self.name_part())
                self.expect(")")
            self.expect("AS")
            if up[self.i] in ("MATERIALIZED", "NOT"):
                self.accept("NOT")
                self.i += 1
            saved, self.sink = self.sink, []
            self.expect("(")
            self.query()
            self.expect(")", "')' to close the WITH query")
            while up[self.i] in ("SEARCH", "CYCLE"):  # recursive WITH clauses
                self.i += 1
                self.skip_balanced(frozenset({",", "SELECT", ")", ";", "CYCLE"}))
                if up[self.i] == ",":
                    break
            self.end_node(saved, NodeKind.CTE, first, name=[name], alias=",".join(columns))
            if not self.accept(","):
                return

    def with_plsql(self) -> None:  # pragma: no cover - overridden by the PL/SQL reader
        raise NotImplementedError

    def query_block(self) -> None:
        """SELECT list [INTO] FROM ... [WHERE] [CONNECT BY] [GROUP BY] [HAVING]."""
        up = self.up
        first = self.i
        if up[self.i] != "SELECT":
            self.fail("expected SELECT")
        self.i += 1
        saved, self.sink = self.sink, []
        if up[self.i] in ("DISTINCT", "UNIQUE", "ALL"):
            self.i += 1
        self.comma_list(self._select_item)
        self.optional_into()
        if self.accept("FROM"):
            self.from_list()
        while True:
            word = up[self.i]
            if word == "WHERE":
                self.filter("where")
            elif word == "START" and up[self.i + 1] == "WITH":
                self.i += 1
                self.filter("start")
            elif word == "CONNECT" and up[self.i + 1] == "BY":
                self.i += 1
                if up[self.i + 1] == "NOCYCLE":
                    self.i += 1
                self.filter("connect")
            elif word == "GROUP" and up[self.i + 1] == "BY":
                group = self.i
                self.i += 2
                saved_group, self.sink = self.sink, []
                self.comma_list(self._group_item)
                self.end_node(saved_group, NodeKind.GROUP_BY, group)
            elif word == "HAVING":
                self.filter("having")
            elif word == "MODEL":
                self.skip_balanced(frozenset({"ORDER", ";", ")", "UNION", "INTERSECT", "MINUS"}))
            elif word == "WINDOW":
                self.i += 1
                while True:
                    self.name_part()
                    self.expect("AS")
                    self.args()
                    if not self.accept(","):
                        break
            else:
                break
        self.end_node(saved, NodeKind.QUERY_BLOCK, first)

    def _group_item(self) -> None:
        if self.up[self.i] == "GROUPING" and self.up[self.i + 1] == "SETS":
            self.i += 2
            self.args()
        else:
            self.expr()

    def _select_item(self) -> None:
        up = self.up
        first = self.i
        if up[self.i] == "*":
            self.i += 1
            self.sink.append(self.node(NodeKind.SELECT_ITEM, first, role="star"))
            return
        saved, self.sink = self.sink, []
        self.expr()
        children = self.sink
        end = self.i
        alias = self.alias(_NOT_ITEM_ALIAS)
        plain = (len(children) == 1 and children[0].kind is NodeKind.COLUMN
                 and children[0].start == self.toks[first].start
                 and children[0].end == self.toks[end - 1].end)
        node = self.node(NodeKind.SELECT_ITEM, first, children, alias=alias,
                         name=children[0].name if plain else (),
                         role="column" if plain else "")
        self.sink = saved
        self.sink.append(node)

    def alias(self, stops: frozenset[str]) -> str:
        """``[AS] name`` when one follows."""
        up = self.up
        word = up[self.i]
        if word == "AS" and self.kinds[self.i + 1] in NAME_KINDS:
            self.i += 1
            return self.name_part()
        if self.kinds[self.i] in NAME_KINDS and word not in stops:
            before = _NOT_ALIAS_BEFORE.get(word)
            if before is not None and up[self.i + 1] in before:
                return ""
            return self.name_part()
        return ""

    def optional_into(self) -> bool:
        """``[BULK COLLECT] INTO targets`` if it comes next (after a select list, in
        EXECUTE IMMEDIATE); False when it does not."""
        up = self.up
        if up[self.i] == "BULK":
            self.i += 1
            self.expect("COLLECT")
        elif up[self.i] != "INTO":
            return False
        self.into()
        return True

    def required_into(self) -> None:
        """``[BULK COLLECT] INTO targets``, which must come next (FETCH, RETURNING)."""
        if self.accept("BULK"):
            self.expect("COLLECT")
        if self.up[self.i] != "INTO":
            self.fail("expected INTO")
        self.into()

    def into(self) -> None:
        """INTO target, ... (variables, records, collection elements, binds)."""
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        self.comma_list(self.expr)
        self.end_node(saved, NodeKind.INTO, first)

    def optional_where(self) -> None:
        """``[WHERE condition]`` (UPDATE, DELETE, MERGE's branches)."""
        if self.up[self.i] == "WHERE":
            self.filter("where")

    def filter(self, role: str) -> None:
        """WHERE / ON / HAVING / START WITH / CONNECT BY: the condition after the word."""
        first = self.i
        self.i += 1
        if role == "where" and self.up[self.i] == "CURRENT" and self.up[self.i + 1] == "OF":
            self.i += 2
            self.name_part()
            return
        saved, self.sink = self.sink, []
        self.expr()
        self.end_node(saved, NodeKind.FILTER, first, role=role)

    # ------------------------------------------------------------------ FROM

    def from_list(self) -> None:
        self.comma_list(self.from_item)

    def from_item(self) -> None:
        up = self.up
        self.table_primary()
        while True:
            word = up[self.i]
            if word in _JOIN_WORDS:
                natural_or_cross = word in ("CROSS", "NATURAL")
                while up[self.i] in _JOIN_WORDS and up[self.i] != "JOIN":
                    self.i += 1
                if up[self.i] == "APPLY":
                    self.i += 1
                    self.table_primary()
                    continue
                self.expect("JOIN")
                self.table_primary()
                if up[self.i] == "ON":
                    self.filter("on")
                elif up[self.i] == "USING":
                    self.i += 1
                    self.expect("(")
                    self.comma_list(self.name_part)
                    self.expect(")")
                elif not natural_or_cross:
                    self.fail("expected ON or USING after the joined table")
            elif word == "PARTITION" and up[self.i + 1] == "BY":  # partitioned outer join
                self.i += 2
                self.args() if up[self.i] == "(" else self.expr()
            else:
                return

    def table_primary(self) -> None:
        up, kinds = self.up, self.kinds
        first = self.i
        word = up[self.i]
        if word == "(":
            if self.starts_query(self.i):
                self.i += 1
                saved, self.sink = self.sink, []
                self.query()
                self.expect(")", "')' to close the subquery")
                children = self.take_children(saved)
                self._pivots()
                alias = self.alias(_NOT_ALIAS)
                self.sink.append(self.node(NodeKind.SUBQUERY, first, children, alias=alias))
            else:  # a parenthesised join
                self.i += 1
                self.from_item()
                self.expect(")")
                self.alias(_NOT_ALIAS)
            return
        if word == "LATERAL" and up[self.i + 1] == "(":
            self.i += 1
            self.table_primary()
            return
        if (word in ("TABLE", "THE", "ONLY") and up[self.i + 1] == "(") or (
                word in _TABLE_FUNCTIONS and up[self.i + 1] == "("):
            self.i += 1
            saved, self.sink = self.sink, []
            self.args()
            if up[self.i] == "(+)":
                self.i += 1
            children = self.take_children(saved)
            self._pivots()
            alias = self.alias(_NOT_ALIAS)
            self.sink.append(self.node(NodeKind.TABLE_FUNCTION, first, children, alias=alias))
            return
        if kinds[self.i] not in NAME_KINDS or word in NOT_OPERAND:
            self.fail("expected a table, a view or a subquery")
        parts = self.qualified_name()
        dblink = self.dblink()
        if up[self.i] == "(":  # a table function without TABLE() (18c polymorphic)
            saved, self.sink = self.sink, []
            self.args()
            children = self.take_children(saved)
            alias = self.alias(_NOT_ALIAS)
            self.sink.append(self.node(NodeKind.TABLE_FUNCTION, first, children, alias=alias,
                                       name=parts))
            return
        self._table_extensions()
        self._pivots()
        alias = self.alias(_NOT_ALIAS)
        self.sink.append(self.node(NodeKind.TABLE, first, name=parts, alias=alias, role="read",
                                   dblink=dblink))

    def _table_extensions(self) -> None:
        up = self.up
        while True:
            word = up[self.i]
            if word in ("PARTITION", "SUBPARTITION") and up[self.i + 1] in ("(", "FOR"):
                self.i += 1
                self.accept("FOR")
                self.args()
            elif word == "SAMPLE" and up[self.i + 1] in ("(", "BLOCK"):
                self.i += 1
                self.accept("BLOCK")
                self.args()
                if self.accept("SEED"):
                    self.args()
            elif word == "AS" and up[self.i + 1] == "OF":
                self.i += 2
                if up[self.i] in ("SCN", "TIMESTAMP", "PERIOD"):
                    self.i += 1
                self.expr()
            elif word == "VERSIONS" and up[self.i + 1] == "BETWEEN":
                self.i += 2
                if up[self.i] in ("SCN", "TIMESTAMP"):
                    self.i += 1
                self.expr()
            else:
                return

    def _pivots(self) -> None:
        """PIVOT/UNPIVOT (...) and MATCH_RECOGNIZE (...) (its PATTERN is a regex: skipped)."""
        up = self.up
        if up[self.i] == "MATCH_RECOGNIZE" and up[self.i + 1] == "(":
            self.i += 2
            self.skip_balanced(frozenset({")"}))
            self.expect(")")
        while up[self.i] in ("PIVOT", "UNPIVOT") and up[self.i + 1] in ("(", "XML", "INCLUDE",
                                                                         "EXCLUDE"):
            self.i += 1
            while up[self.i] in ("XML", "INCLUDE", "EXCLUDE", "NULLS"):
                self.i += 1
            self.args()

    # ------------------------------------------------------------------ DML

    def insert(self) -> None:
        """INSERT INTO t [(cols)] VALUES/query [RETURNING], or INSERT ALL/FIRST ..."""
        up = self.up
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        if up[self.i] in ("ALL", "FIRST"):
            self.i += 1
            while True:
                if self.accept("WHEN"):
                    self.expr()
                    self.expect("THEN")
                elif self.accept("ELSE"):
                    pass
                if up[self.i] != "INTO":
                    break
                while up[self.i] == "INTO":
                    self._insert_into(multi=True)
            self.query()
        else:
            self._insert_into(multi=False)
            if up[self.i] == "VALUES":
                self.i += 1
                if up[self.i] == "(":
                    self.operand()
                else:
                    self.expr()  # VALUES record
            elif up[self.i] in ("SELECT", "WITH", "("):
                self.query()
            else:
                self.fail("expected VALUES or a query")
            self.returning()
        self.end_node(saved, NodeKind.INSERT, first)

    def _insert_into(self, *, multi: bool) -> None:
        up = self.up
        self.expect("INTO")
        self._dml_target("insert")
        if up[self.i] == "(" and not self.starts_query(self.i):
            self.insert_columns()
        if multi and up[self.i] == "VALUES":
            self.i += 1
            self.operand()

    def insert_columns(self) -> None:
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        self.comma_list(self.expr)
        self.expect(")", "')' to close the column list")
        self.end_node(saved, NodeKind.INSERT_COLUMNS, first)

    def _dml_target(self, role: str) -> None:
        """The table a DML statement changes (or a subquery / TABLE(...)), and its alias."""
        up = self.up
        first = self.i
        if up[self.i] == "(" or (up[self.i] in ("TABLE", "ONLY") and up[self.i + 1] == "("):
            self.table_primary()
            return
        if self.kinds[self.i] not in NAME_KINDS or up[self.i] in NOT_OPERAND:
            self.fail("expected a table or view name")
        parts = self.qualified_name()
        dblink = self.dblink()
        self._table_extensions()
        stops = _NOT_ALIAS | {"VALUES", "SET"}
        alias = self.alias(stops)
        self.sink.append(self.node(NodeKind.TABLE, first, name=parts, alias=alias, role=role,
                                   dblink=dblink))

    def returning(self) -> None:
        """[RETURNING|RETURN exprs [BULK COLLECT] INTO targets] [LOG ERRORS ...]."""
        up = self.up
        if up[self.i] in ("RETURNING", "RETURN"):
            self.i += 1
            self.comma_list(self.expr)
            self.required_into()
        if up[self.i] == "LOG" and up[self.i + 1] == "ERRORS":
            self.skip_balanced(_CLAUSE_ENDS)

    def update(self) -> None:
        """UPDATE t [alias] SET c = e, (c1, c2) = (query), ROW = r [WHERE] [RETURNING]."""
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        self._dml_target("update")
        self.expect("SET")
        self.set_items()
        self.optional_where()
        self.returning()
        self.end_node(saved, NodeKind.UPDATE, first)

    def set_items(self) -> None:
        up = self.up
        while True:
            first = self.i
            saved, self.sink = self.sink, []
            if up[self.i] == "ROW" and up[self.i + 1] == "=":
                self.i += 2
                self.expr()
            else:
                if up[self.i] == "(":
                    self.i += 1
                    self.comma_list(self._set_column)
                    self.expect(")")
                else:
                    self._set_column()
                self.expect("=", "'=' after the column to set")
                if up[self.i] == "DEFAULT":
                    self.i += 1
                else:
                    self.expr()
            self.end_node(saved, NodeKind.SET_ITEM, first)
            if not self.accept(","):
                return

    def _set_column(self) -> None:
        first = self.i
        if self.kinds[self.i] not in NAME_KINDS or self.up[self.i] in NOT_OPERAND:
            self.fail("expected a column name")
        parts = self.qualified_name()
        self.sink.append(self.node(NodeKind.COLUMN, first, name=parts, role="set"))

    def delete(self) -> None:
        """DELETE [FROM] t [alias] [WHERE] [RETURNING]."""
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        self.accept("FROM")
        self._dml_target("delete")
        self.optional_where()
        self.returning()
        self.end_node(saved, NodeKind.DELETE, first)

    def merge(self) -> None:
        """MERGE INTO t USING s ON (...) WHEN [NOT] MATCHED THEN UPDATE/INSERT/DELETE."""
        up = self.up
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        self.expect("INTO")
        self._dml_target("merge")
        self.expect("USING")
        self.table_primary()
        if up[self.i] != "ON":
            self.fail("expected ON")
        self.filter("on")
        while self.accept("WHEN"):
            matched = not self.accept("NOT")
            self.expect("MATCHED")
            if up[self.i] == "AND":  # 23ai: WHEN MATCHED AND condition
                self.i += 1
                self.expr()
            self.expect("THEN")
            if matched and up[self.i] == "UPDATE":
                self.i += 1
                self.expect("SET")
                self.set_items()
                self.optional_where()
                if up[self.i] == "DELETE":
                    self.i += 1
                    if up[self.i] != "WHERE":
                        self.fail("expected WHERE")
                    self.filter("where")
            elif matched and up[self.i] == "DELETE":
                self.i += 1
                self.optional_where()
            elif not matched and up[self.i] == "INSERT":
                self.i += 1
                if up[self.i] == "(":
                    self.insert_columns()
                self.expect("VALUES")
                self.operand()
                self.optional_where()
            else:
                self.fail("expected UPDATE, DELETE or INSERT" if matched else "expected INSERT")
        if up[self.i] == "LOG" and up[self.i + 1] == "ERRORS":
            self.skip_balanced(_CLAUSE_ENDS)
        self.end_node(saved, NodeKind.MERGE, first)

    def dml(self) -> bool:
        """A SQL statement at the current token (query or DML); False when none starts."""
        word = self.up[self.i]
        if word in ("SELECT", "WITH") or (word == "(" and self.starts_query(self.i)):
            self.query()
            return True
        parse = _DML.get(word)
        if parse is None:
            return False
        parse(self)
        return True


# The DML statement each first word starts (a query starts with SELECT, WITH or "(").
_DML: dict[str, Callable[[Sql], None]] = {
    "INSERT": Sql.insert,
    "UPDATE": Sql.update,
    "DELETE": Sql.delete,
    "MERGE": Sql.merge,
}

