"""The token readers the lexer's consumers share: dotted names and parentheses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conefi_dbtool.plsql.lexer import (
    closing_paren,
    dotted_name,
    significant,
    significant_tokens,
    tokenize,
)


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


@given(st.lists(st.sampled_from(["(", ")", "x", ",", "'(')'", "(+)", "-- )\n", "/* ( */"]),
                max_size=30))
def test_a_closing_parenthesis_closes_a_balanced_stretch(pieces: list[str]) -> None:
    toks = significant(tokenize("(" + " ".join(pieces)))
    close = closing_paren(toks, 0)
    depths = [sum({"(": 1, ")": -1}.get(t.text, 0) for t in toks[: k + 1]) for k in range(len(toks))]
    if close < 0:
        assert 0 not in depths  # the opening parenthesis is never closed
    else:
        assert toks[close].text == ")" and depths[close] == 0 and 0 not in depths[:close]


@given(st.text(alphabet="ab q'[]\"/*-\n\r:&$.;(+)1e", max_size=60), st.booleans(),
       st.integers(min_value=1, max_value=9))
def test_significant_tokens_are_the_significant_ones_of_tokenize(text: str, comments: bool,
                                                                  first_line: int) -> None:
    assert significant_tokens(text, first_line, comments=comments) == significant(
        tokenize(text, first_line), comments=comments)
