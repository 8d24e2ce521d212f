"""Properties of the parser: it never raises, and every node lies where it says it does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.plsql.tree import Node

# Oracle's vocabulary, so the soup reaches deep into the grammar rather than stopping at
# the first character.
WORDS = [
    "CREATE", "OR", "REPLACE", "PACKAGE", "BODY", "PROCEDURE", "FUNCTION", "TRIGGER", "TYPE",
    "VIEW", "TABLE", "IS", "AS", "BEGIN", "END", "IF", "THEN", "ELSIF", "ELSE", "LOOP", "FOR",
    "WHILE", "IN", "CASE", "WHEN", "EXCEPTION", "DECLARE", "RETURN", "SELECT", "FROM", "WHERE",
    "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "MERGE", "USING", "ON", "JOIN",
    "WITH", "UNION", "ORDER", "BY", "GROUP", "NULL", "NOT", "AND", "EXISTS", "FORALL",
    "BULK", "COLLECT", "EXECUTE", "IMMEDIATE", "OPEN", "FETCH", "CLOSE", "PRAGMA", "CURSOR",
    "COMPOUND", "BEFORE", "AFTER", "EACH", "ROW", "STATEMENT", "OBJECT", "RECORD", "REF",
    "x", "t", "a.b", "1", "1d", ".3", "'s'", "q'[x]'", ":new.c", "&v", "$IF", "$THEN", "$ELSE",
    "$END", "$$X", "(", ")", ",", ";", ":=", "=>", "..", "=", "+", "-", "*", "/", "||", "%",
    "%TYPE", "%ROWTYPE", "(+)", "<<", ">>", "@", "'", '"q"', "--c\n", "/* c */", "\n",
]
SOUP = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


def check_spans(node: Node, text: str) -> None:
    stack = [node]
    while stack:
        parent = stack.pop()
        assert 0 <= parent.start <= parent.end <= len(text)
        assert parent.line >= 1 and parent.col >= 1
        for child in parent.children:
            assert parent.start <= child.start and child.end <= parent.end, (parent, child)
            stack.append(child)


@settings(max_examples=600, deadline=None)
@given(SOUP)
def test_token_soup_never_raises_and_spans_nest(text: str) -> None:
    result = parse(text)
    check_spans(result.tree, text)
    lines = [e.line for e in result.errors]
    assert len(lines) == len(set(lines))  # never two findings on one line
    assert all(1 <= e.line <= text.count("\n") + 1 for e in result.errors)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_never_raises(text: str) -> None:
    result = parse(text)
    check_spans(result.tree, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["x := 1;", "NULL;", "IF x THEN NULL; END IF;",
                                 "LOOP EXIT; END LOOP;", "y := f(1, 2);"]), min_size=1, max_size=8),
       st.integers(min_value=0, max_value=7))
def test_one_broken_statement_gives_one_finding(statements: list[str], broken: int) -> None:
    """A statement list with one bad statement: exactly one finding, on that line."""
    broken = broken % len(statements)
    lines = list(statements)
    lines[broken] = "z := ;"
    text = "BEGIN\n" + "\n".join(lines) + "\nEND;"
    assert [(e.line, e.col) for e in parse(text).errors] == [(broken + 2, 6)]
