"""Expressions and conditions (SQL and PL/SQL share them), read flat.

Why flat: the lint needs which names an expression uses, not operator precedence, so an
expression is operands joined by operators and condition forms (``IS NULL``, ``BETWEEN``,
``IN (...)``, ``LIKE ... ESCAPE``) in one loop: no recursion per operator, only per
parenthesis. A name becomes a `COLUMN` node, a name with arguments a `CALL` node, a bind a
`BIND` node; literals leave nothing. Function arguments are read permissively: Oracle's
special argument forms (``CAST(x AS t)``, ``EXTRACT(YEAR FROM d)``, ``TRIM(BOTH ' ' FROM
x)``, ``JSON_VALUE(... RETURNING ... NULL ON ERROR)``, ``LISTAGG(... ON OVERFLOW ...)``)
are sequences of expressions and keywords.
"""

from __future__ import annotations

from collections.abc import Callable

from conefi_dbtool.plsql.cursor import (
    BIND,
    INQUIRY,
    NAME_KINDS,
    NUMBER,
    QUOTED,
    STRING,
    SUBSTITUTION,
    WORD,
    Cursor,
    word_pair,
)
from conefi_dbtool.plsql.tree import NodeKind

BINARY = frozenset({
    "+", "-", "*", "/", "||", "**", "=", "<>", "!=", "^=", "~=", "<", ">", "<=", ">=",
    "AND", "OR", "LIKE", "LIKE2", "LIKE4", "LIKEC", "ESCAPE", "MOD", "REM",
})
# Reserved words that cannot start an operand: an expression that meets one is incomplete.
NOT_OPERAND = frozenset({
    "ALTER", "AND", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CHECK", "CONNECT", "CREATE",
    "DECLARE", "DEFAULT", "DESC", "DISTINCT", "DROP", "ELSE", "ELSIF", "END", "EXCEPTION",
    "FOR", "FROM", "GRANT", "GROUP", "HAVING", "IN", "INSERT", "INTERSECT", "INTO", "IS",
    "LIKE", "LOOP", "MINUS", "OF", "ON", "OR", "ORDER", "REVOKE", "SELECT", "SET", "START",
    "THEN", "TO", "UNION", "UPDATE", "VALUES", "WHEN", "WHERE", "WITH", "DELETE", "UNIQUE",
    "FETCH"
})
# Reserved words allowed inside a function's parentheses (CAST(x AS t), COUNT(DISTINCT x),
# XMLAGG(x ORDER BY y), JSON_OBJECT(KEY 'a' VALUE b NULL ON NULL) ...).
ARG_KEYWORDS = frozenset({
    "AS", "FROM", "ORDER", "BY", "DISTINCT", "ALL", "UNIQUE", "ON", "WITH", "DEFAULT", "ASC",
    "DESC", "IS", "IN", "OF", "TO", "FOR", "USING", "HAVING", "GROUP", "WHEN", "THEN", "ELSE",
    "RETURNING", "SET", "INTO", "VALUES", "WHERE", "NOT", "AND", "OR", "BETWEEN", "LIKE",
    # analytic clauses: OVER (PARTITION BY ... ROWS BETWEEN UNBOUNDED PRECEDING ...)
    "PARTITION", "ROWS", "RANGE", "UNBOUNDED", "PRECEDING", "FOLLOWING", "NULLS", "IGNORE",
    "RESPECT", "DENSE_RANK",
})
_CURSOR_ATTRIBUTES = frozenset({"FOUND", "NOTFOUND", "ROWCOUNT", "ISOPEN", "BULK_ROWCOUNT",
                                "BULK_EXCEPTIONS"})
_INTERVAL_WORDS = frozenset({"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO"})
_IS_FORMS = frozenset({"NULL", "NAN", "INFINITE", "EMPTY", "PRESENT", "DANGLING", "JSON"})
_MULTISET_OPS = frozenset({"EXCEPT", "UNION", "INTERSECT"})
_SEQUENCE_PSEUDO = frozenset({"NEXTVAL", "CURRVAL"})
_NILADIC = frozenset({"SYSDATE", "SYSTIMESTAMP", "CURRENT_DATE", "CURRENT_TIMESTAMP",
                      "LOCALTIMESTAMP", "DBTIMEZONE", "SESSIONTIMEZONE", "USER", "UID"})


class Expressions(Cursor):
    """Expressions, conditions, argument lists and the queries they may hold."""

    # The query reader lives a layer up (sql.py); expressions need it for subqueries.
    def query(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # So does a qualified expression's 21c iterator (its FOR loop header is PL/SQL's).
    def iterator_choice(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def starts_query(self, at: int) -> bool:
        """True when the parenthesis at ``at`` holds a query (``((SELECT`` included)."""
        up = self.up
        while up[at] == "(":
            at += 1
        return up[at] in ("SELECT", "WITH")

    def expr(self) -> None:
        """One expression or condition."""
        up = self.up
        self.operand()
        while True:
            word = up[self.i]
            if word in BINARY:
                self.i += 1
                self.operand()
            elif word == "NOT" and up[self.i + 1] in ("IN", "LIKE", "LIKE2", "LIKE4", "LIKEC",
                                                      "BETWEEN", "MEMBER", "SUBMULTISET"):
                self.i += 1
            elif word == "IS":
                self._is_form()
            elif word == "BETWEEN":  # its AND is read as the next operator
                self.i += 1
                self.operand()
            elif word in ("PRECEDING", "FOLLOWING"):  # window frames: UNBOUNDED PRECEDING
                self.i += 1
            elif word == "IN":
                self.i += 1
                if up[self.i] != "(":
                    self.fail("expected '(' after IN")
                self.operand()
            elif word in ("MEMBER", "SUBMULTISET"):
                self.i += 1
                self.accept("OF")
                self.operand()
            elif word == "MULTISET" and up[self.i + 1] in _MULTISET_OPS:
                self.i += 2
                if up[self.i] in ("ALL", "DISTINCT"):
                    self.i += 1
                self.operand()
            elif word == "AT" and up[self.i + 1] in ("TIME", "LOCAL"):
                self.i += 2
                if self.accept("ZONE"):
                    self.operand()
            elif word == "COLLATE":
                self.i += 1
                self.name_part()
            elif word == "(+)":
                self.i += 1
            elif word == "(" and up[self.i + 1] == "+" and up[self.i + 2] == ")":
                self.i += 3
            else:
                break

    def _is_form(self) -> None:
        up = self.up
        self.i += 1
        self.accept("NOT")
        word = up[self.i]
        if word in _IS_FORMS:
            self.i += 1
            if word == "JSON":
                while up[self.i] in ("STRICT", "LAX", "WITH", "WITHOUT", "UNIQUE", "KEYS",
                                     "FORMAT", "JSON"):
                    self.i += 1
        elif word == "A" and up[self.i + 1] == "SET":
            self.i += 2
        elif word == "OF":
            self.i += 1
            self.accept("TYPE")
            self.expect("(")
            self.skip_balanced(frozenset({")"}))
            self.expect(")")
        else:
            self.fail("expected NULL, NAN, INFINITE, EMPTY, A SET or OF after IS")

    def operand(self) -> None:
        """One operand: a literal, a name, a call, a bind, a parenthesis, CASE ..."""
        kind = self.kinds[self.i]
        word = self.up[self.i]
        if kind is WORD:
            special = _SPECIAL.get(word)
            if special is not None and special(self):
                return
            if word in NOT_OPERAND and not (word == "SET" and self.up[self.i + 1] == "("):
                self.fail("expected an expression")  # SET(collection) is a function
            self.name_expr()
        elif kind is NUMBER or kind is STRING or kind is INQUIRY:
            self.i += 1
        elif kind is QUOTED or kind is SUBSTITUTION:
            self.name_expr()
        elif kind is BIND:
            self.bind_expr()
        elif word == "(":
            self.paren()
        elif word in ("-", "+"):
            self.i += 1
            self.operand()
        else:
            self.fail("expected an expression")

    def bind_expr(self) -> None:
        first = self.i
        parts = [self.toks[self.i].text[1:].upper()]
        self.i += 1
        if self.up[self.i] == "." and self.kinds[self.i + 1] in NAME_KINDS:
            self.i += 1
            parts.append(self.name_part())
        if self.kinds[self.i] is BIND and self.toks[self.i].start == self.toks[self.i - 1].end:
            self.i += 1  # :host:indicator
        self.sink.append(self.node(NodeKind.BIND, first, name=parts))
        self._postfix()

    def paren(self) -> None:
        """``(query)``, ``(expr, ...)``, then ``.attribute`` or ``(index)`` postfixes."""
        first = self.i
        self.enter()
        if self.starts_query(self.i):
            self.i += 1
            saved, self.sink = self.sink, []
            self.query()
            self.expect(")", "')' to close the subquery")
            self.end_node(saved, NodeKind.SUBQUERY, first)
        elif self.up[self.i + 1] == ")":  # GROUPING SETS ((a), ())
            self.i += 2
        else:
            self.i += 1
            self.comma_list(self._list_item)
            self.expect(")", "')' or ','")
        self.depth -= 1
        self._postfix()

    def _list_item(self) -> None:
        """An expression of a parenthesised list; PIVOT's IN list may alias it."""
        self.expr()
        if self.up[self.i] == "AS":
            self.i += 1
            self.operand()

    def case_arms(self, arm: Callable[[], object]) -> None:
        """After CASE: ``[selector] WHEN c THEN arm ... [ELSE arm]``, the expression's arms
        being expressions and the statement's statements."""
        if self.up[self.i] != "WHEN":
            self.expr()
        if self.up[self.i] != "WHEN":
            self.fail("expected WHEN")
        while self.accept("WHEN"):
            self.expr()
            self.expect("THEN")
            arm()
        if self.accept("ELSE"):
            arm()

    def _postfix(self) -> None:
        up = self.up
        while True:
            if up[self.i] == "." and self.kinds[self.i + 1] in NAME_KINDS:
                self.i += 2
            elif up[self.i] == "(":
                self.args()
            elif up[self.i] == "%" and up[self.i + 1] in _CURSOR_ATTRIBUTES:
                self.i += 2
            else:
                return

    def name_expr(self) -> None:
        """A dotted name, with calls, ``%attribute``, ``@link``, ``.*``, OVER (...)."""
        up, kinds = self.up, self.kinds
        first = self.i
        parts = self.qualified_name()
        if up[self.i] == "." and up[self.i + 1] == "*":  # t.* in a select list
            self.i += 2
            self.sink.append(self.node(NodeKind.COLUMN, first, name=[*parts, "*"], role="expr"))
            return
        dblink = self.dblink()
        if up[self.i] != "(" or (up[self.i + 1] == "+" and up[self.i + 2] == ")"):
            if up[self.i] == "%" and kinds[self.i + 1] is WORD:
                self.i += 2  # cursor%FOUND, SQL%ROWCOUNT, SQL%BULK_EXCEPTIONS(i).ERROR_INDEX
                self._postfix()
                return
            if len(parts) == 1 and parts[0] in ("SQL",):
                return
            if len(parts) == 1 and parts[0] in _NILADIC:
                return  # SYSDATE, USER ...: functions without parentheses, no column
            role = "sequence" if parts[-1] in _SEQUENCE_PSEUDO and len(parts) > 1 else "expr"
            self.sink.append(self.node(NodeKind.COLUMN, first, name=parts, role=role,
                                       dblink=dblink))
            return
        saved, self.sink = self.sink, []
        self.args()
        self._postfix()  # f(x).field(y).g ..., family (1).flavor
        role = "over" if self._analytic() else ""
        self.end_node(saved, NodeKind.CALL, first, name=parts, dblink=dblink, role=role)

    def _analytic(self) -> bool:
        """OVER, WITHIN GROUP, KEEP, FILTER ... after a call; True when OVER (an analytic
        function, no aggregate) was read."""
        up = self.up
        over = False
        while True:
            word = up[self.i]
            if word == "OVER":
                over = True
                self.i += 1
                if up[self.i] == "(":
                    self.args()
                else:
                    self.name_part()
            elif word in ("WITHIN", "KEEP") or (word == "FILTER" and up[self.i + 1] == "("):
                self.i += 1
                self.accept("GROUP")
                self.args()
            elif (word in ("IGNORE", "RESPECT") and up[self.i + 1] == "NULLS") or (
                    word == "FROM" and up[self.i + 1] in ("FIRST", "LAST")
                    and up[self.i + 2] in ("IGNORE", "RESPECT", "OVER")):
                self.i += 2
            else:
                return over

    def args(self) -> None:
        """``( ... )`` after a function name: expressions, ``name => value``, keywords."""
        up, kinds = self.up, self.kinds
        self.enter()
        self.i += 1  # (
        while True:
            word = up[self.i]
            if word == ")":
                self.i += 1
                break
            if word == ",":
                self.i += 1
            elif kinds[self.i] is WORD and (word in ARG_KEYWORDS or up[self.i + 1] == "=>"):
                if word == "FOR" and self.iterator_choice():
                    continue
                self.i += 2 if up[self.i + 1] == "=>" else 1
                if word == "AS" and kinds[self.i] in NAME_KINDS and up[self.i] not in NOT_OPERAND:
                    self.qualified_name()  # CAST(x AS type), PIVOT (... AS alias): no column
            elif word in ("*", ":") or (up[self.i + 1] == "=>" and kinds[self.i] in NAME_KINDS):
                self.i += 1 if up[self.i + 1] != "=>" else 2  # COUNT(*), JSON 'k' : v, "p" => v
            elif word == "SELECT":
                self.query()
            elif word == ";" or self.i >= self.n:
                self.fail("expected ')' to close the argument list")
            else:
                self.expr()
        self.depth -= 1


def _case(p: Expressions) -> bool:
    """CASE [selector] WHEN ... THEN ... [ELSE ...] END (the expression)."""
    first = p.i
    p.enter()
    p.i += 1
    p.case_arms(p.expr)
    if p.up[p.i] != "END":
        p.fail("expected END to close the CASE expression that starts at line "
               f"{p.toks[first].line}")
    p.i += 1
    p.depth -= 1
    return True


def _unary(p: Expressions) -> bool:
    p.i += 1
    p.operand()
    return True


def _typed_literal(p: Expressions) -> bool:
    """DATE '...', TIMESTAMP '...', INTERVAL '...' DAY(2) TO SECOND."""
    if p.kinds[p.i + 1] is not STRING:
        return False
    word = p.up[p.i]
    p.i += 2
    if word == "INTERVAL":
        while p.up[p.i] in _INTERVAL_WORDS:
            p.i += 1
            if p.up[p.i] == "(":
                p.args()
    return True


def _new(p: Expressions) -> bool:
    if p.kinds[p.i + 1] not in NAME_KINDS or p.up[p.i + 1] in NOT_OPERAND:
        return False
    p.i += 1
    p.name_expr()
    return True


def _word_paren(p: Expressions) -> bool:
    """A word before a parenthesis: EXISTS (query), CURSOR(query), MULTISET(query), and
    ANY/SOME/ALL (list or subquery); the word alone is a name."""
    if p.up[p.i + 1] != "(":
        return False
    p.i += 1
    p.paren()
    return True


def _literal(p: Expressions) -> bool:
    p.i += 1
    return True


_SPECIAL = {
    "CASE": _case,
    "NOT": _unary,
    "PRIOR": _unary,
    "CONNECT_BY_ROOT": _unary,
    "EXISTS": _word_paren,
    "DATE": _typed_literal,
    "TIMESTAMP": _typed_literal,
    "INTERVAL": _typed_literal,
    "CURSOR": _word_paren,
    "MULTISET": _word_paren,
    "NEW": _new,
    "ANY": _word_paren,
    "SOME": _word_paren,
    "ALL": _word_paren,
    "NULL": _literal,
    "CURRENT": word_pair("ROW"),  # CURRENT ROW of a window frame
}
