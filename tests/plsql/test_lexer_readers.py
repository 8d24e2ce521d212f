"""The token readers the lexer's consumers share: dotted names and parentheses."""

from __future__ import annotations

from conefi_dbtool.plsql.lexer import closing_paren, dotted_name, significant, tokenize


def test_a_dotted_name_reads_words_and_quoted_parts() -> None:
    toks = significant(tokenize('x := conefi."Pkg".p_run(1);'))
    assert dotted_name(toks, 2) == (("CONEFI", "Pkg", "P_RUN"), 7)
    assert dotted_name(toks, 0) == (("X",), 1)


def test_a_dot_not_followed_by_a_name_ends_the_name() -> None:
    toks = significant(tokenize("t.* FROM s.t."))
    assert dotted_name(toks, 0) == (("T",), 1)
    assert dotted_name(toks, 4) == (("S", "T"), 7)


def test_the_closing_parenthesis_skips_nested_ones_strings_and_outer_joins() -> None:
    toks = significant(tokenize("f(a, (b), ')', c(+)) + g(x"))
    assert toks[closing_paren(toks, 1)].start == len("f(a, (b), ')', c(+)")
    assert closing_paren(toks, len(toks) - 2) == -1  # g( is never closed
