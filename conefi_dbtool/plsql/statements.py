"""PL/SQL: blocks, declarations, subprograms, statements, exception handlers.

Why the lists recover: a statement or declaration that does not parse is reported once
(`Cursor.report`, at the token Oracle names) and skipped as a whole, so the next one is
parsed as usual. A block closed by the wrong ``END`` (``END;`` where ``END IF;`` belongs)
is reported at that ``END``, which is then left to the enclosing block, as Oracle reads it.
"""

from __future__ import annotations

from collections.abc import Callable

from conefi_dbtool.plsql.cursor import (
    BIND,
    NAME_KINDS,
    STATEMENT_STOPS,
    STRING,
    WORD,
    ParseFailure,
    word_pair,
)
from conefi_dbtool.plsql.expressions import NOT_OPERAND
from conefi_dbtool.plsql.sql import Sql
from conefi_dbtool.plsql.tree import Node, NodeKind

# Words that continue a datatype after its name: TIMESTAMP(6) WITH LOCAL TIME ZONE,
# INTERVAL DAY TO SECOND, DOUBLE PRECISION, LONG RAW, VARCHAR2(10 CHAR), CHARACTER SET ...
_TYPE_WORDS = frozenset({
    "WITH", "LOCAL", "TIME", "ZONE", "TO", "MONTH", "SECOND", "PRECISION", "RAW", "VARYING",
    "CHARACTER", "SET", "CHAR", "BYTE", "DAY", "YEAR", "ANY_CS",
})
_SUBPROGRAM_OPTIONS = frozenset({
    "DETERMINISTIC", "PIPELINED", "PARALLEL_ENABLE", "RESULT_CACHE", "AUTHID", "ACCESSIBLE",
    "AGGREGATE", "SQL_MACRO", "SHARING", "DEFAULT", "USING", "RELIES_ON", "ROW", "CURRENT_USER",
    "DEFINER", "BY", "PARTITION", "ANY", "HASH", "RANGE", "VALUE", "CLUSTER", "ORDER",
})
_SUBPROGRAM_STARTS = frozenset({"PROCEDURE", "FUNCTION", "MEMBER", "STATIC", "CONSTRUCTOR",
                                "MAP", "ORDER", "FINAL", "OVERRIDING", "NOT"})
_PARAMETER_MODES = frozenset({"IN", "OUT", "NOCOPY"})
# What closes an MLE inline body's opening delimiter ({{ ... }}, <<...>>, ((...))).
_MLE_CLOSERS = str.maketrans("{<([", "}>)]")
_MLE_OPENERS = frozenset("{<([")  # any other delimiter closes with itself (~~ ... ~~)


class Plsql(Sql):
    """Blocks, declarations and statements."""

    replacing = False  # the CREATE being read says OR REPLACE (see `if_not_exists`)

    # ------------------------------------------------------------------ types

    def datatype(self) -> None:
        """A datatype: name[(args)] [words], ``x%TYPE``, ``t%ROWTYPE``, REF CURSOR,
        REF object_type ..."""
        up = self.up
        if up[self.i] == "REF":
            if up[self.i + 1] == "CURSOR":
                self.i += 2
                if self.accept("RETURN"):
                    self.datatype()
                return
            if self.kinds[self.i + 1] in NAME_KINDS:
                self.i += 1  # REF object_type: a pointer to an object (read as the type)
        first = self.i
        if up[self.i] in ("TABLE", "VARRAY") or (up[self.i] == "VARYING" and up[self.i + 1] == "ARRAY"):
            self.collection_type()
            return
        if self.kinds[self.i] not in NAME_KINDS:
            self.fail("expected a datatype")
        parts = self.qualified_name()
        self.dblink()
        if up[self.i] == "%":
            attribute = up[self.i + 1]
            if attribute == "TYPE":
                if len(parts) > 1:
                    self.i += 2
                    self.sink.append(self.node(NodeKind.COLUMN, first, name=parts, role="type"))
                    return
            elif attribute == "ROWTYPE":
                self.i += 2
                self.sink.append(self.node(NodeKind.TABLE, first, name=parts, role="rowtype"))
                return
            if attribute != "TYPE":
                self.fail("expected %TYPE or %ROWTYPE", self.i + 1)
            self.i += 2
            return
        while True:
            word = up[self.i]
            if word == "(":
                self._type_arguments()
            elif word in _TYPE_WORDS and self.kinds[self.i] is WORD:
                if word == "CHARACTER" and up[self.i + 1] == "SET":
                    self.i += 2
                    self.qualified_name()
                    if up[self.i] == "%":
                        self.i += 2
                    continue
                if word in ("CHAR", "BYTE", "DAY", "YEAR", "MONTH", "SECOND") and up[self.i - 1] not in (
                        "(", "TO", "INTERVAL", ")", "NATIONAL", "LONG"):
                    return
                self.i += 1
            else:
                return

    def _type_arguments(self) -> None:
        """``(10)``, ``(10, 2)``, ``(100 CHAR)``, ``(*, 0)`` after a datatype's name."""
        self.i += 1
        while True:
            if not self.accept("*"):
                self.expr()
            if self.up[self.i] in ("CHAR", "BYTE"):
                self.i += 1
            if not self.accept(","):
                break
        self.expect(")", "')' to close the datatype's size")

    def collection_type(self, *, schema_level: bool = False) -> None:
        """TABLE OF t [NOT NULL] [INDEX BY t], VARRAY(n) OF t, VARYING ARRAY(n) OF t.

        ``schema_level`` (CREATE TYPE) also takes 23ai's ``OF (t [NOT NULL]) [NOT]
        PERSISTABLE``: the parentheses are what PERSISTABLE needs.
        """
        up = self.up
        if up[self.i] == "TABLE":
            self.i += 1
            self.expect("OF")
            self._element_type(schema_level)
            if up[self.i] == "INDEX":
                self.i += 1
                self.expect("BY")
                self.datatype()
            return
        self.accept("VARYING")
        self.i += 1
        self.expect("(")
        self.expr()
        self.expect(")")
        self.expect("OF")
        self._element_type(schema_level)

    def _element_type(self, schema_level: bool) -> None:
        up = self.up
        if up[self.i] != "(" or not schema_level:
            self.datatype()
            self._not_null()
            return
        self.i += 1
        self.datatype()
        self._not_null()
        self.expect(")", "')' to close the element type")
        if up[self.i] == "NOT" and up[self.i + 1] == "PERSISTABLE":
            self.i += 2
        else:
            self.accept("PERSISTABLE")

    def if_not_exists(self) -> None:
        """23ai ``IF NOT EXISTS`` after the kind of object created (CREATE PACKAGE IF NOT
        EXISTS p); Oracle rejects it beside OR REPLACE (ORA-11541)."""
        up = self.up
        if up[self.i] == "IF" and up[self.i + 1] == "NOT" and up[self.i + 2] == "EXISTS":
            if self.replacing:
                self.fail("IF NOT EXISTS cannot be combined with OR REPLACE (ORA-11541)")
            self.i += 3

    def _subtype_definition(self) -> None:
        """``type [RANGE a .. b] [NOT NULL]``: what SUBTYPE and TYPE ... IS declare."""
        self.datatype()
        if self.accept("RANGE"):
            self.expr()
            self.expect("..")
            self.expr()
        self._not_null()

    def _not_null(self) -> None:
        if self.up[self.i] == "NOT" and self.up[self.i + 1] == "NULL":
            self.i += 2

    # ------------------------------------------------------------------ lists

    def declarations(self, stops: frozenset[str]) -> list[Node]:
        """Declarations up to a word in ``stops`` (BEGIN, END) or the end."""
        return self.recovering(self.declaration, self.skip_declaration, stops)

    def skip_declaration(self, start: int) -> None:
        """Skip a broken declaration; a subprogram with a body is skipped to its END."""
        up = self.up
        if up[start] not in _SUBPROGRAM_STARTS:
            self.skip_statement(start)
            return
        i = start
        while i < self.n and up[i] not in (";", "IS", "AS"):
            i += 1
        if up[i] != ";" and up[i + 1] in ("MLE", "LANGUAGE", "EXTERNAL"):  # a call spec
            while i < self.n and up[i] != ";":
                i += 1
        if up[i] == ";" or i >= self.n:
            self.i = min(i + 1, self.n)
            return
        depth = 0
        while i < self.n:
            word = up[i]
            if word in ("BEGIN", "IF", "LOOP", "CASE") and up[i - 1] != "END":
                depth += 1
            elif word == "END":
                depth -= 1
                if up[i + 1] in ("IF", "LOOP", "CASE"):
                    i += 1
                if depth <= 0:
                    while i < self.n and up[i] != ";":
                        i += 1
                    i += 1
                    break
            i += 1
        self.i = min(max(i, start + 1), self.n)

    def statements(self, *, need_one: bool = True) -> list[Node]:
        """Statements up to END/ELSIF/ELSE/EXCEPTION/WHEN or the end of the unit."""
        first = self.i
        out = self.recovering(self.statement, self.skip_statement, STATEMENT_STOPS)
        if need_one and self.i == first:
            self.report(self.i, "expected a statement (PL/SQL needs at least one, NULL; "
                                "when there is nothing to do)")
        return out

    # ------------------------------------------------------------------ declarations

    def declaration(self) -> None:
        up = self.up
        word = up[self.i]
        if word in ("PROCEDURE", "FUNCTION"):
            self.subprogram()
        elif word == "CURSOR":
            self._cursor()
        elif word == "TYPE":
            self._type_declaration()
        elif word == "SUBTYPE":
            first = self.i
            self.i += 1
            name = self.name_part()
            self.expect("IS")
            self._subtype_definition()
            self.expect(";")
            self.sink.append(self.node(NodeKind.DECLARATION, first, name=[name], role="SUBTYPE"))
        elif word == "PRAGMA":
            first = self.i
            self.i += 1
            name = self.name_part()
            if up[self.i] == "(":
                self.args()
            self.expect(";")
            self.sink.append(self.node(NodeKind.DECLARATION, first, name=[name], role="PRAGMA"))
        elif word in ("BEGIN", "END"):
            self.fail("expected a declaration")
        else:
            self._variable()

    def _variable(self) -> None:
        """name [CONSTANT] type [NOT NULL] [:= | DEFAULT expr]; or name EXCEPTION;"""
        up = self.up
        first = self.i
        if self.kinds[self.i] not in NAME_KINDS or up[self.i] in NOT_OPERAND:
            self.fail("expected a declaration")
        name = self.name_part()
        if up[self.i] == "EXCEPTION" and up[self.i + 1] == ";":
            self.i += 2
            self.sink.append(self.node(NodeKind.DECLARATION, first, name=[name], role="EXCEPTION"))
            return
        saved, self.sink = self.sink, []
        constant = self.accept("CONSTANT")
        self.datatype()
        self._not_null()
        if up[self.i] in (":=", "DEFAULT"):
            self.i += 1
            self.expr()
        elif constant:
            self.fail("expected ':=' (a constant needs its value)")
        self.expect(";", "';' to end the declaration")
        self.end_node(saved, NodeKind.DECLARATION, first, name=[name],
                      role="CONSTANT" if constant else "VARIABLE")

    def _cursor(self) -> None:
        first = self.i
        self.i += 1
        name = self.name_part()
        saved, self.sink = self.sink, []
        if self.up[self.i] == "(":
            self.parameters()
        if self.accept("RETURN"):
            self.datatype()
        if self.accept("IS"):
            self.query()
        self.expect(";", "';' to end the cursor declaration")
        self.end_node(saved, NodeKind.DECLARATION, first, name=[name], role="CURSOR")

    def _type_declaration(self) -> None:
        up = self.up
        first = self.i
        self.i += 1
        name = self.name_part()
        saved, self.sink = self.sink, []
        if not (self.accept("IS") or self.accept("AS")):
            self.fail("expected IS")
        if up[self.i] == "RECORD":
            self.i += 1
            self.expect("(")
            while True:
                self.name_part()
                self.datatype()
                self._not_null()
                if up[self.i] in (":=", "DEFAULT"):
                    self.i += 1
                    self.expr()
                if not self.accept(","):
                    break
            self.expect(")", "')' or ',' in the record's fields")
        elif up[self.i] == "OBJECT" or up[self.i] == "OPAQUE":
            self.skip_balanced(frozenset({";"}))
        else:
            self._subtype_definition()
        self.expect(";", "';' to end the type declaration")
        self.end_node(saved, NodeKind.DECLARATION, first, name=[name], role="TYPE")

    def parameters(self) -> None:
        """``(name [IN] [OUT] [NOCOPY] type [:= | DEFAULT expr], ...)``."""
        up = self.up
        self.i += 1
        while True:
            first = self.i
            saved, self.sink = self.sink, []
            depth = self.depth
            try:
                name = self.name_part()
                while up[self.i] in _PARAMETER_MODES:
                    self.i += 1
                if up[self.i] == "TABLE" and up[self.i + 1] in (",", ")"):
                    self.i += 1  # 18c polymorphic table function: the table argument
                else:
                    self.datatype()
                if up[self.i] in (":=", "DEFAULT"):
                    self.i += 1
                    self.expr()
                if up[self.i] not in (",", ")"):
                    self.fail("expected ')' or ',' in the parameter list")
            except ParseFailure as failure:  # one bad parameter: the others are still read
                self.recover(failure, depth)
                self.i = max(self.i, first)
                self.skip_balanced(frozenset({",", ")"}))
                name = "?"
            self.end_node(saved, NodeKind.PARAMETER, first, name=[name])
            if not self.accept(","):
                break
        self.expect(")", "')' or ',' in the parameter list")

    def subprogram(self, *, create: bool = False) -> None:
        """PROCEDURE/FUNCTION name [(params)] [RETURN type] [options] [IS|AS body | ;]."""
        up = self.up
        first = self.i
        role = up[self.i]
        self.i += 1
        if create:
            self.if_not_exists()
        name = self.qualified_name() if create else [self.name_part()]
        saved, self.sink = self.sink, []
        if up[self.i] == "(":
            self.parameters()
        if role == "FUNCTION":
            if not self.accept("RETURN"):
                self.fail("expected RETURN and the function's datatype")
            if up[self.i] == "TABLE" and up[self.i + 1] != "OF":
                self.i += 1  # a polymorphic table function returns TABLE
            else:
                self.datatype()
            if up[self.i] == "AS" and up[self.i + 1] == "RESULT":  # RETURN SELF AS RESULT
                self.i += 2
        self._subprogram_options()
        if up[self.i] in ("IS", "AS"):
            self.i += 1
            if up[self.i] == "MLE":
                self._mle_call_spec(create)
            else:
                self.subprogram_body(name[-1])
        else:
            self.expect(";", "IS or AS" if create else "';', IS or AS")
        self.end_node(saved, NodeKind.SUBPROGRAM, first, name=name, role=role)

    def _subprogram_options(self) -> None:
        up = self.up
        while self.kinds[self.i] is WORD and up[self.i] in _SUBPROGRAM_OPTIONS:
            word = up[self.i]
            self.i += 1
            if word == "AUTHID":
                self.i += 1
            elif word in ("ACCESSIBLE", "PARALLEL_ENABLE", "RESULT_CACHE", "RELIES_ON",
                          "SQL_MACRO"):
                self.accept("BY")
                if up[self.i] == "(":
                    self.args()
            elif word in ("AGGREGATE", "USING"):
                self.accept("USING")
                self.qualified_name()
            elif word == "PIPELINED" and up[self.i] in ("USING", "ROW", "TABLE"):
                if self.accept("USING"):
                    self.qualified_name()
                else:
                    self.i += 1
                    self.accept("POLYMORPHIC")
                    if self.accept("USING"):
                        self.qualified_name()
            elif word == "SHARING":
                self.expect("=")
                self.i += 1
            elif word == "DEFAULT" and up[self.i] == "COLLATION":
                self.i += 2

    def _mle_call_spec(self, create: bool) -> None:
        """23ai JavaScript: ``MLE MODULE m [ENV e] SIGNATURE 'f(...)';`` or, for a schema
        function or procedure, ``MLE LANGUAGE JAVASCRIPT {{ code }};``.

        Why opaque: the inline code is JavaScript, kept unread like a Java source; only
        its closing delimiter (``}}`` for ``{{``, or a string literal's end) before the
        final ``;`` is checked, at the end of the unit.
        """
        up = self.up
        self.i += 1
        if self.accept("MODULE"):
            self.qualified_name()
            if self.accept("ENV"):
                self.qualified_name()
            self.expect("SIGNATURE")
            if self.kinds[self.i] is not STRING:
                self.fail("expected the SIGNATURE string")
            self.i += 1
            self.expect(";", "';' after the SIGNATURE")
            return
        if not create:  # Oracle: inline code is for CREATE FUNCTION and PROCEDURE only
            self.fail("expected MODULE (inline MLE LANGUAGE code needs CREATE FUNCTION or "
                      "PROCEDURE)")
        self.expect("LANGUAGE", "MODULE or LANGUAGE after MLE")
        self.name_part()
        self.accept("PURE")
        if self.kinds[self.i] is STRING:
            self.i += 1
            self.expect(";", "';' after the JavaScript code")
            return
        if self.i >= self.n:
            self.fail("expected the JavaScript code")
        toks = self.toks
        opening = toks[self.i].text
        at = self.i + 1
        while at < self.n and toks[at].start == toks[at - 1].end and self.kinds[at] is not WORD:
            opening += toks[at].text
            at += 1
        body = at
        closing = opening[::-1].translate(_MLE_CLOSERS) if _MLE_OPENERS & set(opening) else opening
        last = self.n - 1 if up[self.n - 1] == ";" else self.n
        tail = ""
        at = last
        while at > body and len(tail) < len(closing):
            at -= 1
            tail = toks[at].text + tail
        if not tail.endswith(closing):
            self.fail(f"expected {closing} to close the JavaScript code opened by {opening}")
        self.i = last
        self.expect(";", "';' after the JavaScript code")

    def iterator(self) -> None:
        """``iterand [MUTABLE|IMMUTABLE] [type] [, iterand] IN control [, control]`` after
        FOR: a FOR loop's header, and 21c's iterator inside a qualified expression."""
        up = self.up
        self.name_part()
        if up[self.i] in ("MUTABLE", "IMMUTABLE"):
            self.i += 1
        if up[self.i] == "," or (up[self.i] != "IN" and self.is_name()):  # FOR k, v IN PAIRS OF
            while up[self.i] != "IN" and self.i < self.n:
                self.i += 1
        self.expect("IN")
        self.comma_list(lambda: _iteration(self))

    def iterator_choice(self) -> bool:
        """21c ``FOR iterator [SEQUENCE | INDEX expr] => expr`` among a qualified
        expression's arguments (``t_list(FOR r IN c SEQUENCE => r)``).

        Declines (False) when no ``IN`` follows the iterand (JSON_TABLE's ``FOR
        ORDINALITY``) or no ``=>`` comes before the closing parenthesis (PIVOT's ``FOR col
        IN (...)``): FOR is then an argument keyword.
        """
        up, kinds = self.up, self.kinds
        at = self.i + 1
        while at < self.i + 8 and (kinds[at] in NAME_KINDS or up[at] in (",", ".", "%")):
            if up[at] == "IN":
                break
            at += 1
        if up[at] != "IN" or at == self.i + 1:
            return False
        depth = 0
        while True:
            word = up[at]
            if word == "(":
                depth += 1
            elif word == ")":
                if not depth:
                    return False
                depth -= 1
            elif word == "=>" and not depth:
                break
            elif word == ";" or at >= self.n:
                return False
            at += 1
        self.i += 1
        self.iterator()
        if self.accept("SEQUENCE"):
            self.expect("=>", "'=>' after SEQUENCE")
        elif self.accept("INDEX"):
            self.expr()
            self.expect("=>", "'=>' after the INDEX expression")
        else:
            self.expect("=>", "SEQUENCE =>, INDEX ... => or '=>' after the iterator")
        self.expr()
        return True

    def subprogram_body(self, name: str) -> None:
        """After IS/AS: declarations, BEGIN ... END [name]; or an external/call spec."""
        up = self.up
        if up[self.i] in ("LANGUAGE", "EXTERNAL"):
            self.skip_balanced(frozenset({";"}))
            self.expect(";")
            return
        self.sink += self.declarations(frozenset({"BEGIN", "END"}))
        if up[self.i] != "BEGIN":
            self.fail("expected BEGIN (a subprogram needs a body)")
        self.body(name)

    def body(self, name: str) -> None:
        """BEGIN statements [EXCEPTION handlers] END [name];"""
        first = self.i
        self.enter()
        self.i += 1
        saved, self.sink = self.sink, []
        self.sink += self.statements()
        if self.up[self.i] == "EXCEPTION":
            self.i += 1
            self.handlers()
        self.end_block(first, name)
        self.end_node(saved, NodeKind.BLOCK, first)
        self.depth -= 1

    def branch(self) -> None:
        """The statements of an IF or CASE branch."""
        self.sink += self.statements()

    def handlers(self) -> None:
        up = self.up
        if up[self.i] != "WHEN":
            self.fail("expected WHEN (an exception handler)")
        while up[self.i] == "WHEN":
            first = self.i
            self.i += 1
            self.qualified_name()
            while self.accept("OR"):
                self.qualified_name()
            self.expect("THEN")
            saved, self.sink = self.sink, []
            self.sink += self.statements()
            self.end_node(saved, NodeKind.HANDLER, first)

    def end_block(self, first: int, name: str) -> None:
        """END [name] ; closing the block that opened at token ``first``."""
        up = self.up
        line = self.toks[min(first, self.n - 1)].line
        if up[self.i] != "END":
            self.fail(f"expected END to close the block that starts at line {line}")
        self.i += 1
        if up[self.i] in ("IF", "LOOP", "CASE"):
            self.fail(f"END {up[self.i]} closes a block (BEGIN at line {line}): "
                      f"an {up[self.i]} is not closed", self.i - 1)
        if self.kinds[self.i] in NAME_KINDS and up[self.i] not in NOT_OPERAND:
            self.i += 1
        self.expect(";", "';' after END")

    # ------------------------------------------------------------------ statements

    def statement(self) -> None:
        up = self.up
        word = up[self.i]
        if word == "<<":
            first = self.i
            self.i += 1
            label = self.name_part()
            self.expect(">>")
            self.sink.append(self.node(NodeKind.STATEMENT, first, name=[label], role="LABEL"))
            if up[self.i] in STATEMENT_STOPS or self.i >= self.n:
                return  # a label before END: Oracle wants a statement, but it is harmless here
            word = up[self.i]
        # a statement word followed by := or . is a variable (open := 1; close.x := 2)
        handler = _STATEMENTS.get(word) if up[self.i + 1] not in (":=", ".") else None
        first = self.i
        saved, self.sink = self.sink, []
        self.enter()
        if handler is not None and handler(self) is not False:
            role = word
        elif self.dml():
            role = "SQL"
            self.expect(";", "';' to end the SQL statement")
        else:
            role = self._assign_or_call()
        self.depth -= 1
        self.end_node(saved, NodeKind.STATEMENT, first, role=role)

    def _assign_or_call(self) -> str:
        """``target := expr;`` or ``proc[(args)];`` (the target may be x(i).f, :b)."""
        up = self.up
        if (self.kinds[self.i] not in NAME_KINDS and self.kinds[self.i] is not BIND) or (
                up[self.i] in NOT_OPERAND):
            self.fail("expected a statement")
        saved, self.sink = self.sink, []
        first = self.i
        self.operand()
        target = self.take_children(saved)
        if up[self.i] == ":=":
            self.i += 1
            self.sink += target
            self.expr()
            self.expect(";", "';' to end the assignment")
            return "ASSIGN"
        for node in target:  # a procedure call: its name is no column
            self.sink.append(node if node.kind is not NodeKind.COLUMN else self.node(
                NodeKind.CALL, first, name=node.name))
        if up[self.i] != ";":
            if up[self.i] == "=":
                self.fail("expected ':=' (= compares, := assigns)")
            self.fail("expected ';' or ':='")
        self.i += 1
        return "CALL"

    def block(self) -> None:
        """[DECLARE declarations] BEGIN ... END [label];"""
        first = self.i
        saved, self.sink = self.sink, []
        if self.accept("DECLARE"):
            self.sink += self.declarations(frozenset({"BEGIN", "END"}))
        if self.up[self.i] != "BEGIN":
            self.fail("expected BEGIN")
        self.body("")
        self.end_node(saved, NodeKind.BLOCK, first)

    def with_plsql(self) -> None:
        """WITH FUNCTION ... in a query: a subprogram with its body."""
        self.subprogram()

    def close_structure(self, word: str, first: int) -> None:
        """END IF / END LOOP / END CASE: a bare END is reported at the END, left unread."""
        up = self.up
        if up[self.i] != "END":
            self.fail(f"expected END {word} to close the {word} at line {self.toks[first].line}")
        if up[self.i + 1] != word:
            self.report(self.i, f"expected END {word} to close the {word} at line "
                                f"{self.toks[first].line}")
            after = self.i + 1
            if self.kinds[after] in NAME_KINDS and up[after] not in NOT_OPERAND:
                after += 1
            if up[after] == ";" and after + 1 < self.n and up[after + 1] not in STATEMENT_STOPS:
                self.i = after + 1  # more statements follow: this END was meant for the IF
            return
        self.i += 2
        if word != "IF" and self.kinds[self.i] in NAME_KINDS and up[self.i] != ";":
            self.i += 1  # END LOOP label
        self.expect(";", f"';' after END {word}")


def _if(p: Plsql) -> bool:
    first = p.i
    p.i += 1
    p.expr()
    p.expect("THEN")
    p.sink += p.statements()
    while p.up[p.i] == "ELSIF":
        p.i += 1
        p.expr()
        p.expect("THEN")
        p.sink += p.statements()
    if p.accept("ELSE"):
        p.sink += p.statements()
    p.close_structure("IF", first)
    return True


def _case_statement(p: Plsql) -> bool:
    first = p.i
    p.i += 1
    p.case_arms(p.branch)
    p.close_structure("CASE", first)
    return True


def _loop_body(p: Plsql, first: int) -> None:
    p.expect("LOOP")
    p.sink += p.statements()
    p.close_structure("LOOP", first)


def _loop(p: Plsql) -> bool:
    _loop_body(p, p.i)
    return True


def _headed_loop(p: Plsql, header: Callable[[], None]) -> bool:
    """WHILE and FOR: the keyword, the header that controls the loop, then the loop body."""
    first = p.i
    p.i += 1
    header()
    _loop_body(p, first)
    return True


def _while(p: Plsql) -> bool:
    return _headed_loop(p, p.expr)


def _for(p: Plsql) -> bool:
    """FOR i IN [REVERSE] a .. b | cursor[(args)] | (query) | VALUES OF/INDICES OF x LOOP."""
    return _headed_loop(p, p.iterator)


def _iteration(p: Plsql) -> None:
    """One iteration control of a FOR loop (21c allows a comma-separated list)."""
    up = p.up
    p.accept("REVERSE")
    if up[p.i] in ("VALUES", "INDICES", "PAIRS") and up[p.i + 1] == "OF":
        p.i += 2
        p.expr()
    elif up[p.i] == "(" and p.starts_query(p.i):
        p.i += 1
        p.query()
        p.expect(")", "')' to close the cursor FOR loop's query")
    elif up[p.i] == "(" and up[p.i + 1] == "EXECUTE" and up[p.i + 2] == "IMMEDIATE":
        p.i += 3  # 21c: FOR r rec_t IN (EXECUTE IMMEDIATE sql [USING ...]) LOOP
        p.expr()
        _using(p)
        p.expect(")", "')' to close EXECUTE IMMEDIATE")
    else:
        p.expr()
        if p.accept(".."):
            p.expr()
        if p.accept("BY"):
            p.expr()
    if up[p.i] == "WHILE" or up[p.i] == "WHEN":
        p.i += 1
        p.expr()


def _forall(p: Plsql) -> bool:
    """FORALL i IN a .. b | INDICES OF c [BETWEEN a AND b] | VALUES OF c [SAVE EXCEPTIONS] dml"""
    up = p.up
    p.i += 1
    p.name_part()
    p.expect("IN")
    if up[p.i] in ("INDICES", "VALUES") and up[p.i + 1] == "OF":
        p.i += 2
        p.expr()  # BETWEEN a AND b is read as a condition
    else:
        p.expr()
        p.expect("..")
        p.expr()
    if up[p.i] == "SAVE":
        p.i += 1
        p.expect("EXCEPTIONS")
    if up[p.i] == "EXECUTE":
        _execute(p)
        return True
    if not p.dml():
        p.fail("expected INSERT, UPDATE, DELETE or MERGE after FORALL")
    p.expect(";", "';' to end the FORALL statement")
    return True


def _exit(p: Plsql) -> bool:
    p.i += 1
    if p.is_name() and p.up[p.i] != "WHEN":
        p.i += 1
    if p.accept("WHEN"):
        p.expr()
    p.expect(";", "';' (or WHEN) after EXIT/CONTINUE")
    return True


def _word_then(read: Callable[[Plsql], object], what: str, *,
               optional: bool = False) -> Callable[[Plsql], bool]:
    """``WORD operand;`` (GOTO label;, CLOSE c;), or with ``optional`` ``WORD [operand];``
    (RETURN [expr];, RAISE [name];): ``what`` names the missing ';'."""
    def handler(p: Plsql) -> bool:
        p.i += 1
        if not optional or p.up[p.i] != ";":
            read(p)
        p.expect(";", what)
        return True
    return handler


def _using(p: Plsql) -> None:
    """USING [IN|OUT|IN OUT] bind, ..."""
    if p.accept("USING"):
        p.comma_list(lambda: _bind_argument(p))


def _bind_argument(p: Plsql) -> None:
    while p.up[p.i] in ("IN", "OUT"):
        p.i += 1
    p.expr()


def _execute(p: Plsql) -> bool:
    """EXECUTE IMMEDIATE expr [[BULK COLLECT] INTO ...] [USING ...] [RETURNING INTO ...]"""
    up = p.up
    if up[p.i + 1] != "IMMEDIATE":
        return False
    p.i += 2
    p.expr()
    while True:
        if p.optional_into():
            continue
        if up[p.i] == "USING":
            _using(p)
        elif up[p.i] in ("RETURNING", "RETURN") and up[p.i + 1] == "INTO":
            p.i += 1
            p.into()
        else:
            break
    p.expect(";", "';' to end EXECUTE IMMEDIATE")
    return True


def _open(p: Plsql) -> bool:
    p.i += 1
    p.operand()
    if p.accept("FOR"):
        if not (p.up[p.i] in ("SELECT", "WITH") or (p.up[p.i] == "(" and p.starts_query(p.i))):
            p.expr()
        else:
            p.query()
        _using(p)
    p.expect(";", "';' to end OPEN")
    return True


def _fetch(p: Plsql) -> bool:
    up = p.up
    if p.kinds[p.i + 1] not in NAME_KINDS and up[p.i + 1][:1] != ":":
        return False
    p.i += 1
    p.operand()
    p.required_into()
    if p.accept("LIMIT"):
        p.expr()
    p.expect(";", "';' to end FETCH")
    return True


def _transaction(p: Plsql) -> bool:
    """COMMIT, ROLLBACK [TO SAVEPOINT x], SAVEPOINT x, SET TRANSACTION, LOCK TABLE ..."""
    if p.up[p.i] == "SET" and p.up[p.i + 1] not in ("TRANSACTION", "ROLE", "CONSTRAINT",
                                                    "CONSTRAINTS"):
        return False
    if p.up[p.i] == "LOCK" and p.up[p.i + 1] != "TABLE":
        return False
    p.i += 1
    p.skip_balanced(frozenset({";"}) | STATEMENT_STOPS)
    p.expect(";")
    return True


def _pipe(p: Plsql) -> bool:
    if p.up[p.i + 1] != "ROW":
        return False
    p.i += 2
    p.expect("(")
    p.expr()
    p.expect(")")
    p.expect(";", "';' after PIPE ROW")
    return True


def _pragma(p: Plsql) -> bool:
    """PRAGMA INLINE (name, 'YES') before a statement."""
    p.i += 1
    p.name_part()
    if p.up[p.i] == "(":
        p.args()
    p.expect(";")
    return True


def _block(p: Plsql) -> bool:
    p.block()
    return True


def _misplaced_ddl(p: Plsql) -> bool:
    """A DDL statement written directly in PL/SQL: Oracle needs EXECUTE IMMEDIATE."""
    up = p.up
    if up[p.i + 1] in (":=", "(", ".", "%") or p.kinds[p.i + 1] not in (WORD,):
        return False
    p.fail(f"{up[p.i]} cannot be written in PL/SQL directly (use EXECUTE IMMEDIATE)")
    return False


_STATEMENTS = {
    "IF": _if,
    "CASE": _case_statement,
    "LOOP": _loop,
    "WHILE": _while,
    "FOR": _for,
    "FORALL": _forall,
    "EXIT": _exit,
    "CONTINUE": _exit,
    "GOTO": _word_then(lambda p: p.name_part(), ";"),
    "RETURN": _word_then(lambda p: p.expr(), "';' after the RETURN expression",
                         optional=True),
    "RAISE": _word_then(lambda p: p.qualified_name(), "';' after RAISE", optional=True),
    "NULL": word_pair(";"),
    "EXECUTE": _execute,
    "OPEN": _open,
    "FETCH": _fetch,
    "CLOSE": _word_then(lambda p: p.operand(), "';' to end CLOSE"),
    "COMMIT": _transaction,
    "ROLLBACK": _transaction,
    "SAVEPOINT": _transaction,
    "SET": _transaction,
    "LOCK": _transaction,
    "PIPE": _pipe,
    "PRAGMA": _pragma,
    "BEGIN": _block,
    "DECLARE": _block,
    "CREATE": _misplaced_ddl,
    "ALTER": _misplaced_ddl,
    "DROP": _misplaced_ddl,
    "TRUNCATE": _misplaced_ddl,
    "GRANT": _misplaced_ddl,
}
