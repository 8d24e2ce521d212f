"""CREATE, ALTER, DROP, GRANT, REVOKE, COMMENT and the other top-level statements.

Why some clauses are skipped: storage, LOB, partitioning, index and sequence options have
hundreds of forms that the lint draws no fact from; they are skipped by balanced
parentheses up to the statement's end (an unbalanced parenthesis is still one finding).
What the lint needs is read: the created name, a table's columns, a view's query, a
trigger's table, correlation names and WHEN condition, every PL/SQL body.
"""

from __future__ import annotations

from collections.abc import Callable

from conefi_dbtool.plsql.cursor import NAME_KINDS, STRING, ParseFailure
from conefi_dbtool.plsql.statements import Plsql
from conefi_dbtool.plsql.tree import NodeKind

_CREATE_MODIFIERS = frozenset({
    "EDITIONABLE", "NONEDITIONABLE", "EDITIONING", "NO", "FORCE", "NOFORCE", "PUBLIC",
    "PRIVATE", "GLOBAL", "TEMPORARY", "SHARDED", "DUPLICATED", "BLOCKCHAIN", "IMMUTABLE",
    "UNIQUE", "BITMAP", "MULTIVALUE", "SECURE", "SHARED", "IF", "NOT", "EXISTS", "JSON",
    "RELATIONAL", "DUALITY",
})
_SKIPPED_HEADS = frozenset({
    "ALTER", "DROP", "REVOKE", "COMMENT", "TRUNCATE", "ANALYZE", "AUDIT", "NOAUDIT", "RENAME",
    "PURGE", "FLASHBACK", "EXPLAIN", "ASSOCIATE", "DISASSOCIATE", "CALL", "LOCK", "SET",
    "COMMIT", "ROLLBACK", "SAVEPOINT", "ADMINISTER",
})
# An out-of-line constraint starts with these words, followed by one of the next ones
# (a column may be named PERIOD, SCOPE or REF).
_TABLE_CONSTRAINTS = {
    "CONSTRAINT": None, "PRIMARY": frozenset({"KEY"}), "FOREIGN": frozenset({"KEY"}),
    "UNIQUE": frozenset({"("}), "CHECK": frozenset({"("}), "SUPPLEMENTAL": frozenset({"LOG"}),
    "PERIOD": frozenset({"FOR"}), "SCOPE": frozenset({"FOR"}), "REF": frozenset({"("}),
}
_TRIGGER_EVENTS = frozenset({"INSERT", "UPDATE", "DELETE"})
_METHOD_PREFIXES = frozenset({"MAP", "ORDER", "MEMBER", "STATIC", "CONSTRUCTOR", "FINAL",
                              "OVERRIDING", "NOT", "INSTANTIABLE"})
_GRANT_OBJECT_KINDS = frozenset({"DIRECTORY", "JAVA", "EDITION", "MINING", "SQL", "USER",
                                 "PROPERTY", "HIERARCHY", "ANALYTIC"})
_END = frozenset({";"})
_WRAPPABLE = frozenset({"PACKAGE", "PROCEDURE", "FUNCTION", "TYPE", "TRIGGER"})


class Ddl(Plsql):
    """Top-level statements of a unit."""

    def top_statement(self) -> None:
        """One statement of the unit (what the splitter cut; ``;`` optional for SQL)."""
        up = self.up
        word = up[self.i]
        if word == "CREATE":
            self.create()
        elif word in ("DECLARE", "BEGIN", "<<"):
            first = self.i
            saved, self.sink = self.sink, []
            if word == "<<":
                self.statement()
            else:
                self.block()
            self.end_node(saved, NodeKind.ANONYMOUS_BLOCK, first)
        elif word == "GRANT":
            self._grant()
        elif word == "COMMENT" and up[self.i + 1] == "ON" and up[self.i + 2] == "TABLE":
            first = self.i
            self.i += 3
            start = self.i
            parts = self.qualified_name()
            table = self.node(NodeKind.TABLE, start, name=parts, role="other")
            self.skip_balanced(_END)
            self.sink.append(self.node(NodeKind.COMMENT, first, [table], role=word))
        elif word in _SKIPPED_HEADS:
            first = self.i
            kind = {"ALTER": NodeKind.ALTER, "DROP": NodeKind.DROP, "REVOKE": NodeKind.REVOKE,
                    "COMMENT": NodeKind.COMMENT}.get(word, NodeKind.OTHER_STATEMENT)
            self.i += 1
            self.skip_balanced(_END)
            self.sink.append(self.node(kind, first, role=word))
        elif self.dml():
            pass
        else:
            self.fail("expected a SQL statement, a PL/SQL block or a CREATE")
        self.accept(";")

    # ------------------------------------------------------------------ CREATE

    def create(self) -> None:
        up = self.up
        first = self.i
        self.i += 1
        self.replacing = up[self.i] == "OR" and up[self.i + 1] == "REPLACE"
        if self.replacing:
            self.i += 2
        if up[self.i] == "AND" and up[self.i + 1] in ("COMPILE", "RESOLVE"):
            self.i += 2
        while up[self.i] in _CREATE_MODIFIERS:
            self.i += 1
        word = up[self.i]
        saved, self.sink = self.sink, []
        kind = _CREATE.get(word)
        if word == "JAVA" or (word in ("AND", "NOAUDIT") and "JAVA" in up[self.i:self.i + 4]):
            self.i = self.n  # Java source is no SQL: kept opaque
            kind = NodeKind.JAVA_SOURCE
        elif word in _WRAPPABLE and self._wrapped():
            self.i = self.n  # wrapped PL/SQL (the wrap utility's output): opaque
            kind = NodeKind.CREATE_OTHER
        elif word == "PACKAGE":
            kind = self._package()
        elif word == "TYPE":
            kind = self._type()
        elif word in ("PROCEDURE", "FUNCTION"):
            self.subprogram(create=True)
        elif (parse := _CREATE_PARSERS.get(word)) is not None:
            parse(self)
        elif word == "MATERIALIZED" and up[self.i + 1] == "VIEW":
            self._skip_to_query()
            kind = NodeKind.CREATE_OTHER
        elif word == "MLE" and up[self.i + 1] == "MODULE":
            self._mle_module()
            kind = NodeKind.CREATE_OTHER
        else:
            if self.kinds[self.i] not in NAME_KINDS:
                self.fail("expected the kind of object to create")
            self.skip_balanced(_END)
            kind = kind or NodeKind.CREATE_OTHER
        assert kind is not None
        self.end_node(saved, kind, first, role=word,
                      name=self.sink[0].name if self.sink and kind in _NAMED else ())

    def _wrapped(self) -> bool:
        """``PACKAGE [BODY] name WRAPPED``: the output of Oracle's wrap utility."""
        at = self.i + 1
        if self.up[at] == "BODY":
            at += 1
        at += 1
        if self.up[at] == "." and self.kinds[at + 1] in NAME_KINDS:
            at += 2
        return self.up[at] == "WRAPPED"

    def _created_name(self) -> None:
        self.if_not_exists()
        first = self.i
        parts = self.qualified_name()
        self.sink.append(self.node(NodeKind.TABLE, first, name=parts, role="create"))

    def _package(self) -> NodeKind:
        up = self.up
        self.i += 1
        body = self.accept("BODY")
        self.if_not_exists()
        first = self.i
        name = self.qualified_name()
        self.sink.append(self.node(NodeKind.TABLE, first, name=name, role="create"))
        self._subprogram_options()
        if not (self.accept("IS") or self.accept("AS")):
            self.fail("expected IS or AS")
        self.sink += self.declarations(frozenset({"BEGIN", "END"}))
        if body and up[self.i] == "BEGIN":
            self.body(name[-1])
        else:
            self.end_block(first, name[-1])
        return NodeKind.CREATE_PACKAGE_BODY if body else NodeKind.CREATE_PACKAGE

    def _type(self) -> NodeKind:
        up = self.up
        self.i += 1
        body = self.accept("BODY")
        self.if_not_exists()
        if body:
            first = self.i
            name = self.qualified_name()
            self.sink.append(self.node(NodeKind.TABLE, first, name=name, role="create"))
            if not (self.accept("IS") or self.accept("AS")):
                self.fail("expected IS or AS")
            while up[self.i] != "END" and self.i < self.n:
                start = self.i
                depth = self.depth
                try:
                    while up[self.i] in _METHOD_PREFIXES:
                        self.i += 1
                    if up[self.i] not in ("FUNCTION", "PROCEDURE"):
                        self.fail("expected a MEMBER, STATIC or CONSTRUCTOR subprogram")
                    self.subprogram()
                except ParseFailure as failure:
                    self.recover(failure, depth)
                    self.skip_declaration(start)
                self.accept(",")
            self.end_block(first, name[-1])
            return NodeKind.CREATE_TYPE_BODY
        first = self.i
        name = self.qualified_name()
        self.sink.append(self.node(NodeKind.TABLE, first, name=name, role="create"))
        while up[self.i] not in ("IS", "AS", "UNDER", ";") and self.i < self.n:
            word = up[self.i]
            self.i += 1
            if word == "OID":
                if self.kinds[self.i] is not STRING:
                    self.fail("expected the OID string")
                self.i += 1
            elif word in ("ACCESSIBLE",) and up[self.i] == "BY":
                self.i += 1
                self.args()
        if self.accept("UNDER"):
            self.qualified_name()
        elif self.accept("IS") or self.accept("AS"):
            if up[self.i] in ("OBJECT", "OPAQUE"):
                self.i += 1
            elif up[self.i] in ("TABLE", "VARRAY", "VARYING"):
                self.collection_type(schema_level=True)
            else:
                self.fail("expected OBJECT, TABLE OF or VARRAY")
        if up[self.i] == "(":  # attributes and method specifications: checked for balance
            self.i += 1
            self.skip_balanced(frozenset({")"}))
            self.expect(")")
        self.skip_balanced(_END)
        return NodeKind.CREATE_TYPE

    def _trigger(self) -> None:
        up = self.up
        self.i += 1
        self.if_not_exists()
        first = self.i
        name = self.qualified_name()
        self.sink.append(self.node(NodeKind.TABLE, first, name=name, role="create"))
        if up[self.i] in ("BEFORE", "AFTER", "FOR"):
            self.i += 1
        elif up[self.i] == "INSTEAD" and up[self.i + 1] == "OF":
            self.i += 2
        else:
            self.fail("expected BEFORE, AFTER, INSTEAD OF or FOR")
        dml = False
        while True:  # events
            word = up[self.i]
            if self.kinds[self.i] not in NAME_KINDS:
                self.fail("expected a triggering event")
            self.i += 1
            dml = dml or word in _TRIGGER_EVENTS
            if word == "UPDATE" and self.accept("OF"):
                self.comma_list(self.name_part)
            while up[self.i] not in ("OR", "ON") and self.kinds[self.i] in NAME_KINDS:
                self.i += 1  # CREATE ... ON SCHEMA: multi-word DDL events
            if not self.accept("OR"):
                break
        self.expect("ON")
        if up[self.i] == "NESTED":
            self.i += 2
            self.name_part()
            self.expect("OF")
        target = self.i
        parts = self.qualified_name()
        if dml and parts[-1] not in ("DATABASE", "SCHEMA"):
            self.sink.append(self.node(NodeKind.TABLE, target, name=parts, role="trigger"))
        self._trigger_clauses()
        if up[self.i] == "COMPOUND":
            compound = self.i
            self.i += 1
            self.expect("TRIGGER")
            self._compound(name[-1], compound)
        elif up[self.i] == "CALL":
            self.i += 1
            self.operand()
            self.accept(";")
        else:
            self.block()

    def _trigger_clauses(self) -> None:
        up = self.up
        while True:
            word = up[self.i]
            if word == "REFERENCING":
                self.i += 1
                while up[self.i] in ("OLD", "NEW", "PARENT"):
                    first = self.i
                    pseudo = up[self.i]
                    self.i += 1
                    self.accept("AS")
                    alias = self.name_part()
                    self.sink.append(self.node(NodeKind.REFERENCING, first, name=[alias],
                                               role=pseudo))
            elif word == "FOR" and up[self.i + 1] == "EACH":
                self.i += 2
                self.expect("ROW")
            elif word in ("FORWARD", "REVERSE") and up[self.i + 1] == "CROSSEDITION":
                self.i += 2
            elif word in ("FOLLOWS", "PRECEDES"):
                self.i += 1
                self.comma_list(self.qualified_name)
            elif word in ("ENABLE", "DISABLE"):
                self.i += 1
            elif word == "WHEN":
                first = self.i
                self.i += 1
                saved, self.sink = self.sink, []
                self.expect("(", "'(' around the WHEN condition")
                self.expr()
                self.expect(")", "')' to close the WHEN condition")
                self.end_node(saved, NodeKind.TRIGGER_WHEN, first)
            else:
                return

    def _compound(self, name: str, first: int) -> None:
        """A compound trigger: declarations, timing points, END [name];"""
        up = self.up
        timing = frozenset({"BEFORE", "AFTER", "INSTEAD", "END"})
        self.sink += self.declarations(timing)
        while up[self.i] in ("BEFORE", "AFTER", "INSTEAD"):
            first = self.i
            start = self.i
            saved, self.sink = self.sink, []
            depth = self.depth
            try:
                self._timing_words()
                self.expect("IS")
                if up[self.i] == "DECLARE" or up[self.i] != "BEGIN":
                    self.accept("DECLARE")
                    self.sink += self.declarations(frozenset({"BEGIN", "END"}))
                if up[self.i] != "BEGIN":
                    self.fail("expected BEGIN")
                self.i += 1
                self.sink += self.statements()
                if self.accept("EXCEPTION"):
                    self.handlers()
                self.expect("END")
                self._timing_words()
                self.expect(";")
            except ParseFailure as failure:
                self.recover(failure, depth)
                self.skip_declaration(start)
            self.end_node(saved, NodeKind.TIMING_POINT, first)
        self.end_block(first, name)

    def _timing_words(self) -> None:
        up = self.up
        if up[self.i] == "INSTEAD":
            self.i += 1
            self.expect("OF")
        elif up[self.i] in ("BEFORE", "AFTER"):
            self.i += 1
        else:
            self.fail("expected BEFORE, AFTER or INSTEAD OF")
        if not self.accept("STATEMENT"):
            self.expect("EACH")
            self.expect("ROW")

    def _view(self) -> None:
        up = self.up
        self.i += 1
        self._created_name()
        if up[self.i] == "(":
            first = self.i
            self.i += 1
            names: list[str] = []
            while True:
                if self._constraint():
                    self.skip_balanced(frozenset({",", ")"}))
                else:
                    names.append(self.name_part())
                    self.skip_balanced(frozenset({",", ")"}))
                if not self.accept(","):
                    break
            self.expect(")", "')' to close the column list")
            self.sink.append(self.node(NodeKind.COLUMN_LIST, first, name=names))
        while up[self.i] != "AS" and self.i < self.n:
            if up[self.i] == "(":
                self.args()
            else:
                self.i += 1
        self.expect("AS")
        self.query()
        if up[self.i] == "WITH":
            self.i += 1
            self.skip_balanced(_END)

    def _table(self) -> None:
        up = self.up
        self.i += 1
        self._created_name()
        if up[self.i] == "SHARING":
            self.i += 3
        if up[self.i] == "(":
            self.i += 1
            while True:
                if self._constraint():
                    self.skip_balanced(frozenset({",", ")"}))
                else:
                    first = self.i
                    name = self.name_part()
                    self.sink.append(self.node(NodeKind.COLUMN_DEF, first, name=[name]))
                    self.skip_balanced(frozenset({",", ")"}))
                if not self.accept(","):
                    break
            self.expect(")", "')' or ',' in the column list")
        self._skip_to_query()

    def _constraint(self) -> bool:
        """An out-of-line constraint starts here (not a column named like its word)."""
        word = self.up[self.i]
        if word not in _TABLE_CONSTRAINTS:
            return False
        after = _TABLE_CONSTRAINTS[word]
        return after is None or self.up[self.i + 1] in after

    def _skip_to_query(self) -> None:
        """Skip options (balanced) up to ``AS query`` or the end of the statement."""
        up = self.up
        while self.i < self.n and up[self.i] != ";":
            self.skip_balanced(frozenset({"AS", ";"}))
            if up[self.i] == "AS":
                if up[self.i + 1] in ("SELECT", "WITH") or (
                        up[self.i + 1] == "(" and self.starts_query(self.i + 1)):
                    self.i += 1
                    self.query()
                    self.skip_balanced(_END)
                    return
                self.i += 1

    def _index(self) -> None:
        """INDEX name ON table (...) options: the indexed table is a reference."""
        self.i += 1
        self.if_not_exists()
        self.qualified_name()
        if self.accept("ON"):
            if self.up[self.i] == "CLUSTER":
                self.i += 1
            start = self.i
            parts = self.qualified_name()
            self.sink.append(self.node(NodeKind.TABLE, start, name=parts, role="other"))
        self.skip_balanced(_END)

    def _mle_module(self) -> None:
        """23ai ``MLE MODULE [IF NOT EXISTS] name LANGUAGE l [VERSION 'v'] AS code`` (or
        ``USING CLOB/BLOB/BFILE ...``): the JavaScript code is kept opaque, as Java is."""
        self.i += 2
        self._created_name()
        self.accept("COMPILE")
        self.expect("LANGUAGE")
        self.qualified_name()
        if self.accept("VERSION"):
            if self.kinds[self.i] is not STRING:
                self.fail("expected the VERSION string")
            self.i += 1
        if self.accept("AS"):
            self.i = self.n
        elif self.accept("USING"):
            self.skip_balanced(_END)
        else:
            self.fail("expected AS and the module's code, or USING")

    def _synonym(self) -> None:
        self.i += 1
        self._created_name()
        if self.up[self.i] == "SHARING":
            self.i += 3
        self.expect("FOR")
        first = self.i
        parts = self.qualified_name()
        dblink = self.dblink()
        self.sink.append(self.node(NodeKind.TABLE, first, name=parts, role="other", dblink=dblink))

    def _grant(self) -> None:
        up = self.up
        first = self.i
        self.i += 1
        saved, self.sink = self.sink, []
        self.skip_balanced(frozenset({"ON", "TO", ";"}))
        if self.accept("ON"):
            if up[self.i] in _GRANT_OBJECT_KINDS:
                self.skip_balanced(frozenset({"TO", ";"}))
            else:
                start = self.i
                parts = self.qualified_name()
                dblink = self.dblink()
                self.sink.append(self.node(NodeKind.TABLE, start, name=parts, role="other",
                                           dblink=dblink))
        self.skip_balanced(_END)
        self.end_node(saved, NodeKind.GRANT, first)


_CREATE = {
    "PACKAGE": NodeKind.CREATE_PACKAGE,
    "PROCEDURE": NodeKind.CREATE_PROCEDURE,
    "FUNCTION": NodeKind.CREATE_FUNCTION,
    "TRIGGER": NodeKind.CREATE_TRIGGER,
    "TYPE": NodeKind.CREATE_TYPE,
    "VIEW": NodeKind.CREATE_VIEW,
    "TABLE": NodeKind.CREATE_TABLE,
    "INDEX": NodeKind.CREATE_INDEX,
    "SEQUENCE": NodeKind.CREATE_SEQUENCE,
    "SYNONYM": NodeKind.CREATE_SYNONYM,
    "DATABASE": NodeKind.CREATE_DATABASE_LINK,
}
# The object kinds whose CREATE one method parses (the node kind comes from `_CREATE`).
_CREATE_PARSERS: dict[str, Callable[[Ddl], None]] = {
    "TRIGGER": Ddl._trigger,
    "VIEW": Ddl._view,
    "TABLE": Ddl._table,
    "SYNONYM": Ddl._synonym,
    "INDEX": Ddl._index,
}
_NAMED = frozenset({
    NodeKind.CREATE_PACKAGE, NodeKind.CREATE_PACKAGE_BODY, NodeKind.CREATE_TYPE,
    NodeKind.CREATE_TYPE_BODY, NodeKind.CREATE_TRIGGER, NodeKind.CREATE_VIEW,
    NodeKind.CREATE_TABLE, NodeKind.CREATE_SYNONYM, NodeKind.CREATE_PROCEDURE,
    NodeKind.CREATE_FUNCTION,
})
