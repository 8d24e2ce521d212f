"""Tests for the Oracle lexer: one unit test per token kind, properties over any text."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from conefi_dbtool.plsql.lexer import (
    TRIVIA,
    TokenKind,
    block_comment_end,
    error_message,
    is_q_quote,
    q_quote_end,
    quoted_identifier_end,
    significant,
    string_end,
    string_value,
    tokenize,
)

K = TokenKind


def kinds_and_texts(text: str) -> list[tuple[TokenKind, str]]:
    """The significant tokens of ``text`` as (kind, text) pairs."""
    return [(t.kind, t.text) for t in significant(tokenize(text))]


# --- one kind at a time -----------------------------------------------------------------


def test_words_are_identifiers_and_keywords_alike() -> None:
    assert kinds_and_texts("select delete_flag, a$b#c, Ñame from t") == [
        (K.WORD, "select"),
        (K.WORD, "delete_flag"),
        (K.OPERATOR, ","),
        (K.WORD, "a$b#c"),
        (K.OPERATOR, ","),
        (K.WORD, "Ñame"),
        (K.WORD, "from"),
        (K.WORD, "t"),
    ]


def test_token_name_is_the_dictionary_form() -> None:
    word, quoted = significant(tokenize('pkg_x "Mixed Case"'))
    assert (word.name, quoted.name) == ("PKG_X", "Mixed Case")
    assert quoted.kind is K.QUOTED_IDENTIFIER
    assert word.is_word("PKG_X", "OTHER") and not quoted.is_word("Mixed Case")


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1 1. 1.5 .3 1e-5 1E+10 2.5e3", ["1", "1.", "1.5", ".3", "1e-5", "1E+10", "2.5e3"]),
        ("1d 0.95f 1.5D 3F 1e5d", ["1d", "0.95f", "1.5D", "3F", "1e5d"]),
    ],
)
def test_numbers_follow_oracle_numeric_literals(text: str, numbers: list[str]) -> None:
    assert kinds_and_texts(text) == [(K.NUMBER, n) for n in numbers]


def test_number_edges_range_size_unit_and_glued_words() -> None:
    assert kinds_and_texts("1..10") == [(K.NUMBER, "1"), (K.OPERATOR, ".."), (K.NUMBER, "10")]
    assert kinds_and_texts("10K") == [(K.NUMBER, "10"), (K.WORD, "K")]
    assert kinds_and_texts("1day") == [(K.NUMBER, "1"), (K.WORD, "day")]
    assert kinds_and_texts("1ex") == [(K.NUMBER, "1"), (K.WORD, "ex")]
    assert kinds_and_texts("-1") == [(K.OPERATOR, "-"), (K.NUMBER, "1")]


def test_strings_national_strings_and_q_quotes() -> None:
    text = "'it''s' N'n' n'x' q'[a]b]' Q'{c}' nq'<d>' Nq'(e)' q'!f'g!' q'xhx'"
    tokens = significant(tokenize(text))
    assert [t.kind for t in tokens] == [K.STRING] * 9
    assert [string_value(t) for t in tokens] == ["it's", "n", "x", "a]b", "c", "d", "e", "f'g", "h"]


def test_q_or_n_ending_a_longer_word_is_no_prefix() -> None:
    assert kinds_and_texts("xq'a' xn'b'") == [
        (K.WORD, "xq"),
        (K.STRING, "'a'"),
        (K.WORD, "xn"),
        (K.STRING, "'b'"),
    ]


def test_q_followed_by_a_blank_delimiter_is_a_word_and_a_string() -> None:
    assert kinds_and_texts("q' a'") == [(K.WORD, "q"), (K.STRING, "' a'")]


def test_comments_do_not_nest() -> None:
    tokens = tokenize("/* /* */ x */")
    assert [(t.kind, t.text) for t in tokens[:3]] == [
        (K.COMMENT, "/* /* */"),
        (K.SPACE, " "),
        (K.WORD, "x"),
    ]
    assert [t.kind for t in tokens[3:]] == [K.SPACE, K.OPERATOR, K.OPERATOR]


def test_line_comment_stops_before_the_line_break() -> None:
    assert [(t.kind, t.text) for t in tokenize("-- a\r\nb -- c")] == [
        (K.COMMENT, "-- a"),
        (K.NEWLINE, "\r\n"),
        (K.WORD, "b"),
        (K.SPACE, " "),
        (K.COMMENT, "-- c"),
    ]


def test_hint_is_a_comment() -> None:
    assert kinds_and_texts("SELECT /*+ index(t) */ 1") == [(K.WORD, "SELECT"), (K.NUMBER, "1")]


def test_binds_and_assignment() -> None:
    assert kinds_and_texts(":new.a := :1 + :OLD.b") == [
        (K.BIND, ":new"),
        (K.OPERATOR, "."),
        (K.WORD, "a"),
        (K.OPERATOR, ":="),
        (K.BIND, ":1"),
        (K.OPERATOR, "+"),
        (K.BIND, ":OLD"),
        (K.OPERATOR, "."),
        (K.WORD, "b"),
    ]


def test_substitution_variables_keep_their_terminating_dot() -> None:
    assert kinds_and_texts("&x &&y &1 &owner..tab & z") == [
        (K.SUBSTITUTION, "&x"),
        (K.SUBSTITUTION, "&&y"),
        (K.SUBSTITUTION, "&1"),
        (K.SUBSTITUTION, "&owner."),
        (K.OPERATOR, "."),
        (K.WORD, "tab"),
        (K.OTHER, "&"),
        (K.WORD, "z"),
    ]


def test_conditional_compilation() -> None:
    text = "$IF $$debug $THEN x; $ELSIF y $then $ELSE $ERROR 'e' $END $END $ENDX"
    assert kinds_and_texts(text) == [
        (K.DIRECTIVE, "$IF"),
        (K.INQUIRY, "$$debug"),
        (K.DIRECTIVE, "$THEN"),
        (K.WORD, "x"),
        (K.OPERATOR, ";"),
        (K.DIRECTIVE, "$ELSIF"),
        (K.WORD, "y"),
        (K.DIRECTIVE, "$then"),
        (K.DIRECTIVE, "$ELSE"),
        (K.DIRECTIVE, "$ERROR"),
        (K.STRING, "'e'"),
        (K.DIRECTIVE, "$END"),
        (K.DIRECTIVE, "$END"),
        (K.OTHER, "$"),
        (K.WORD, "ENDX"),
    ]


def test_operators() -> None:
    text = ":= => .. ** || <> != ^= ~= >= <= << >> (+) ( + ) % @ ; , / * - = < >"
    tokens = significant(tokenize(text))
    assert all(t.kind is K.OPERATOR for t in tokens)
    assert [t.text for t in tokens] == text.split()


def test_characters_outside_the_grammar_are_other() -> None:
    assert kinds_and_texts("a ? { } [ ] ! | ^ ~ `") == [(K.WORD, "a")] + [
        (K.OTHER, c) for c in "?{}[]!|^~`"
    ]


def test_whitespace_and_lone_carriage_return() -> None:
    assert [(t.kind, t.text, t.line) for t in tokenize("a \t\rb\r\nc\n")] == [
        (K.WORD, "a", 1),
        (K.SPACE, " \t\r", 1),
        (K.WORD, "b", 1),
        (K.NEWLINE, "\r\n", 1),
        (K.WORD, "c", 2),
        (K.NEWLINE, "\n", 2),
    ]


def test_positions_across_multiline_tokens() -> None:
    tokens = tokenize("x := 'a\nb' /* c\n\n*/ y", first_line=10)
    y = tokens[-1]
    assert (y.text, y.line, y.column, y.start, y.end) == ("y", 13, 4, 20, 21)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x 'abc", "unterminated string literal"),
        ("x N'abc", "unterminated string literal"),
        ("x 'abc''", "unterminated string literal"),
        ("x q'[abc]", "unterminated q'[...' literal"),
        ("x nq'!abc", "unterminated q'!...' literal"),
        ('x "abc', 'unterminated "quoted identifier'),
        ("x /* abc", "unterminated /* comment"),
    ],
)
def test_unterminated_constructs_are_one_error_token_to_the_end(text: str, message: str) -> None:
    error = tokenize(text)[-1]
    assert (error.kind, error.start, error.column, error.text) == (K.ERROR, 2, 3, text[2:])
    assert error_message(error.text) == message


def test_significant_drops_exactly_the_trivia() -> None:
    tokens = tokenize("a -- c\n /* d */ b")
    assert {t.kind for t in tokens} - {K.WORD} == TRIVIA
    assert [t.text for t in significant(tokens)] == ["a", "b"]
    assert [t.text for t in significant(tokens, comments=True)] == ["a", "-- c", "/* d */", "b"]


# --- properties -------------------------------------------------------------------------

# Text made mostly of the characters that matter to the lexer, so the interesting cases
# (openers, prefixes, line breaks) are common; plus arbitrary text.
_LEXICAL = st.text(alphabet=st.sampled_from(list("qQnN'\"-/*:&$.!=<>()[]{}1e d\r\n\t;x_#")), max_size=60)
ANY_TEXT = st.one_of(st.text(max_size=80), _LEXICAL)


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@settings(max_examples=400)
@given(ANY_TEXT)
def test_round_trip_and_positions(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    offset = 0
    for token in tokens:
        assert token.text, token
        assert token.start == offset
        assert (token.line, token.column) == _line_and_column(text, token.start)
        offset = token.end
    assert offset == len(text)


@settings(max_examples=400)
@given(ANY_TEXT)
def test_only_the_last_token_can_be_an_error_and_it_runs_to_the_end(text: str) -> None:
    tokens = tokenize(text)
    errors = [t for t in tokens if t.kind is K.ERROR]
    assert errors in ([], list(tokens[-1:]))
    if errors:
        assert errors[0].end == len(text)
        assert error_message(errors[0].text).startswith("unterminated ")


@settings(max_examples=400)
@given(ANY_TEXT)
@example("x 'abc''")
@example("N'a'''")
def test_extent_functions_agree_with_the_scanner(text: str) -> None:
    """The splitter skips literals with the extent functions: same ends as `tokenize`."""
    for token in tokenize(text):
        expected = -1 if token.kind is K.ERROR else token.end
        head = token.text[1:] if token.text[:1] in "nN" and token.text[1:2] in "qQ'" else token.text
        at = token.end - len(head)
        if head.startswith("/*"):
            assert block_comment_end(text, at) == expected
        elif head.startswith('"'):
            assert quoted_identifier_end(text, at) == expected
        elif head.startswith("'"):
            assert string_end(text, at) == expected
        elif head[:2] in ("q'", "Q'") and token.kind in (K.STRING, K.ERROR):
            assert is_q_quote(text, at)
            assert q_quote_end(text, at) == expected


_PAIRS = {"[": "]", "{": "}", "<": ">", "(": ")"}
_DELIMITERS = st.characters(blacklist_categories=("Zs", "Cc", "Zl", "Zp")).filter(lambda c: not c.isspace())


@settings(max_examples=500)
@given(
    prefix=st.sampled_from(["q", "Q", "nq", "Nq", "NQ"]),
    delimiter=st.one_of(st.sampled_from(list(_PAIRS)), _DELIMITERS),
    body=st.text(max_size=30),
)
def test_q_quote_any_delimiter(prefix: str, delimiter: str, body: str) -> None:
    closer = _PAIRS.get(delimiter, delimiter)
    assume((body + closer + "'").find(closer + "'") == len(body))  # the first closer ends it
    literal = f"{prefix}'{delimiter}{body}{closer}'"
    tokens = tokenize(f"x := {literal};")
    assert tokens[4][:3] == (K.STRING, literal, 5)
    assert string_value(tokens[4]) == body
    assert tokens[-1].text == ";"


@settings(max_examples=300)
@given(ANY_TEXT)
def test_crlf_gives_the_lines_of_lf(text: str) -> None:
    lf = text.replace("\r", "")
    crlf = lf.replace("\n", "\r\n")
    lf_tokens = [(t.kind, t.text.replace("\r", ""), t.line) for t in tokenize(lf) if t.kind is not K.SPACE]
    crlf_tokens = [
        (t.kind, t.text.replace("\r", ""), t.line) for t in tokenize(crlf) if t.kind is not K.SPACE
    ]
    assert crlf_tokens == lf_tokens


@settings(max_examples=300)
@given(
    prefix=st.text(alphabet=st.sampled_from(list("ab1 \n;(),.=")), max_size=30),
    opener=st.sampled_from(["'", "N'", "q'[", "nq'#", '"', "/*"]),
    rest=st.text(alphabet=st.sampled_from(list("ab \n;-*/]")), max_size=30),
)
def test_unterminated_reports_the_opening(prefix: str, opener: str, rest: str) -> None:
    while "*/" in rest:
        rest = rest.replace("*/", "")
    text = prefix + " " + opener + rest
    error = tokenize(text)[-1]
    at = len(prefix) + 1
    assert error.kind is K.ERROR
    assert (error.start, error.line, error.column) == (at, *_line_and_column(text, at))


@pytest.mark.parametrize(("text", "end"), [
    ("--\nSELECT 1\n", 2),  # an empty comment ends at its own line break, not the next one
    ("--\r\nSELECT 1\r\n", 2),
    ("-- a\r\nb", 4),
    ("-- a\nb\r\n", 4),
    ("x -- a", 6),  # at the end of the text
])
def test_a_line_comment_ends_before_its_line_break(text: str, end: int) -> None:
    from conefi_dbtool.plsql.lexer import line_comment_end

    assert line_comment_end(text, text.index("--")) == end
