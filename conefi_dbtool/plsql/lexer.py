"""One Oracle lexer: any text in, tokens out that concatenate back to the text exactly.

Why one: the splitter, normalisation, lint and grants usage each re-implemented q-quotes,
comments and strings, each a little differently. This module is the single definition of
Oracle's lexical rules; the splitter scans with its extent functions (`string_end`,
`q_quote_end`, ...) and everything that needs tokens calls `tokenize` (or
`significant_tokens`, the same scan without the trivia).

Contract (the choices callers can rely on):

* **Round trip.** ``"".join(t.text for t in tokenize(s)) == s`` for every string ``s``.
  Blanks, line breaks and comments are tokens (kinds `SPACE`, `NEWLINE`, `COMMENT`, the
  *trivia*); `significant` drops them for a parser.
* **Never raises.** A string, q-quote, quoted identifier or ``/*`` comment still open at
  the end of the text is one `ERROR` token from its opening to the end (Oracle would read
  the rest as its inside); `error_message` names the construct, the token's ``start``,
  ``line`` and ``column`` point at the opening. A character outside Oracle's grammar
  (``?``, ``{``, a lone ``&`` ...) is an `OTHER` token for the parser to judge.
* **Positions.** ``start`` is the offset in the text, ``end`` = ``start + len(text)``,
  ``line`` and ``column`` are 1-based, the column counts characters. Lines end at ``\\n``
  and at ``\\r\\n`` (one `NEWLINE` token); a lone ``\\r`` is a blank, not a line break:
  SQL*Plus on Unix and Oracle's own line numbering (``ALL_SOURCE.LINE``, the line of a
  compile error) only count ``\\n``, so line numbers agree with what Oracle reports.
* **Words.** Identifiers and keywords are both `WORD`: most Oracle keywords are not
  reserved (``delete``, ``type``, ``name`` are column names), so the parser decides from
  context. `Token.name` gives the dictionary form (upper case; a quoted identifier
  exactly, without its quotes). A first character is a letter; then letters, digits,
  ``_``, ``$``, ``#``.
* **Numbers** follow Oracle's numeric literal: digits with an optional ``.`` and
  fraction, or ``.`` and digits, then an optional exponent ``e[+-]digits`` and an optional
  ``f``/``d`` suffix (``BINARY_FLOAT``/``BINARY_DOUBLE``): ``1``, ``1.``, ``.3``,
  ``1e-5``, ``0.95f``, ``1d``. The sign is an operator. ``1..10`` is ``1``, ``..``,
  ``10``. A suffix glued to more letters is a word (``1day`` is ``1`` then ``day``), as
  is a size unit (``10K`` is ``10`` then ``K``: the storage clause's grammar, not a
  literal).
* **Strings**: ``'...'`` (``''`` is a quote inside), ``N'...'``, ``q'X...X'`` and
  ``nq'X...X'``. The q-quote delimiter is any non-blank character; ``[ { < (`` close with
  ``] } > )``, any other closes with itself; a q-quote ends at the first closing
  delimiter followed by ``'``. ``q`` or ``n`` ending a longer word (``xq'..'``) is no
  prefix: the word ends and an ordinary string starts.
* **Comments** ``-- ...`` to the end of the line and ``/* ... */``. Oracle comments do not
  nest: ``/* /* */`` is one complete comment. Hints (``/*+ ... */``) are comments too.
* **Binds** ``:name``, ``:1``, ``:NEW``/``:OLD`` (`BIND`; ``:=`` is an operator).
  **Substitution variables** ``&x``, ``&&x``, ``&1`` and ``&x.`` (the terminating dot
  belongs to the variable, as in SQL*Plus; `SUBSTITUTION`).
* **Conditional compilation**: ``$IF $THEN $ELSIF $ELSE $END $ERROR`` are `DIRECTIVE`,
  ``$$name`` is `INQUIRY`.
* **Operators**: ``:= => .. ** || <> != ^= ~= >= <= << >> (+)`` and the single characters
  ``( ) , ; . + - * / = < > % @ :``. ``(+)`` is one token only when written without
  blanks; Oracle also accepts ``( + )``, which a parser must read from three tokens.

Tokens are `typing.NamedTuple`s, immutable like a frozen dataclass but created about
twice as fast, which matters at millions of tokens per script.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "NAMES",
    "TRIVIA",
    "Token",
    "TokenKind",
    "block_comment_end",
    "closing_paren",
    "dotted_name",
    "error_message",
    "is_q_quote",
    "is_word_char",
    "line_comment_end",
    "literal_value",
    "q_quote_end",
    "quoted_identifier_end",
    "significant",
    "significant_tokens",
    "string_end",
    "string_value",
    "tokenize",
]


class TokenKind(StrEnum):
    """What a token is; the value is its name in messages and JSON."""

    WORD = "word"  # identifier or keyword: the parser decides
    QUOTED_IDENTIFIER = "quoted_identifier"
    NUMBER = "number"
    STRING = "string"  # '...', N'...', q'[...]', nq'[...]'
    BIND = "bind"  # :name, :1, :NEW
    SUBSTITUTION = "substitution"  # &x, &&x, &x.
    DIRECTIVE = "directive"  # $IF $THEN $ELSIF $ELSE $END $ERROR
    INQUIRY = "inquiry"  # $$PLSQL_UNIT
    OPERATOR = "operator"
    COMMENT = "comment"
    SPACE = "space"  # blanks on one line (a lone \r included)
    NEWLINE = "newline"  # \n or \r\n
    OTHER = "other"  # a character outside Oracle's grammar
    ERROR = "error"  # an unterminated construct, from its opening to the end


TRIVIA = frozenset({TokenKind.SPACE, TokenKind.NEWLINE, TokenKind.COMMENT})
NAMES = frozenset({TokenKind.WORD, TokenKind.QUOTED_IDENTIFIER})  # what can name an object
_BLANKS = frozenset({TokenKind.SPACE, TokenKind.NEWLINE})


class Token(NamedTuple):
    """One token: its kind, its exact text and where that text starts."""

    kind: TokenKind
    text: str
    start: int  # offset in the lexed text
    line: int  # 1-based
    column: int  # 1-based, in characters

    @property
    def end(self) -> int:
        """Offset just past the token."""
        return self.start + len(self.text)

    @property
    def name(self) -> str:
        """An identifier as the dictionary keeps it: words upper-cased, quoted ones exact."""
        if self.kind is TokenKind.WORD:
            return self.text.upper()
        if self.kind is TokenKind.QUOTED_IDENTIFIER:
            return self.text[1:-1]
        return self.text

    def is_word(self, *words: str) -> bool:
        """True for a `WORD` that is one of ``words`` (given in upper case)."""
        return self.kind is TokenKind.WORD and self.text.upper() in words


# --- extents of the constructs whose inside is not SQL ---------------------------------
# Each returns the offset just past the construct opening at ``at``, or -1 when the text
# ends first. The splitter calls them directly (it skips text between events in C);
# `tokenize` calls them for the same constructs, so both agree by construction.

_Q_CLOSERS = {"[": "]", "{": "}", "<": ">", "(": ")"}


def string_end(text: str, at: int) -> int:
    """Past the ``'...'`` literal whose opening quote is at ``at`` (``''`` is a quote)."""
    find = text.find
    pos = at + 1
    while True:
        quote = find("'", pos)
        if quote < 0:
            return -1
        if text.startswith("'", quote + 1):
            pos = quote + 2
            continue
        return quote + 1


_WORD_CHAR = re.compile(r"[\w$#]")  # the scanner's look-behind uses the same class


def is_word_char(char: str) -> bool:
    """True for a character that continues an Oracle identifier."""
    return _WORD_CHAR.match(char) is not None


def is_q_quote(text: str, at: int) -> bool:
    """True when the ``q``/``Q`` at ``at`` (followed by ``'``) opens a q-quote.

    Not when it ends a longer word (``xq'``; ``nq'`` is the national prefix) or when the
    delimiter after the quote is blank or missing.
    """
    glued = at > 0 and is_word_char(text[at - 1])
    if glued and (text[at - 1] not in "nN" or (at > 1 and is_word_char(text[at - 2]))):
        return False
    delimiter = text[at + 2 : at + 3]
    return bool(delimiter) and not delimiter.isspace()


def q_quote_end(text: str, at: int) -> int:
    """Past the q-quote whose ``q`` is at ``at`` (`is_q_quote` holds there)."""
    delimiter = text[at + 2]
    close = text.find(_Q_CLOSERS.get(delimiter, delimiter) + "'", at + 3)
    return -1 if close < 0 else close + 2


def quoted_identifier_end(text: str, at: int) -> int:
    """Past the ``"..."`` identifier opening at ``at`` (no escapes inside)."""
    close = text.find('"', at + 1)
    return -1 if close < 0 else close + 1


def block_comment_end(text: str, at: int) -> int:
    """Past the ``/* ... */`` comment opening at ``at``: the first ``*/`` (no nesting)."""
    close = text.find("*/", at + 2)
    return -1 if close < 0 else close + 2


def line_comment_end(text: str, at: int) -> int:
    """End of the ``--`` comment at ``at``: before the line break (``\\n`` or ``\\r\\n``)."""
    newline = text.find("\n", at + 2)
    if newline < 0:
        return len(text)
    return newline - 1 if text[newline - 1] == "\r" else newline


def error_message(text: str) -> str:
    """What is unterminated in an `ERROR` token's ``text`` (the splitter's wording)."""
    head = text[1:] if text[:1] in "nN" and text[1:2] in "qQ'" else text
    if head.startswith("/*"):
        return "unterminated /* comment"
    if head.startswith('"'):
        return 'unterminated "quoted identifier'
    if head[:1] in "qQ":
        return f"unterminated q'{head[2:3]}...' literal"
    return "unterminated string literal"


# --- the token scanner -----------------------------------------------------------------
# One master regex, one match per token, so the loop in `tokenize` does no dispatch of its
# own. Its literal alternatives must give the same extents as the functions above: a
# property test checks that they do. An opening whose literal does not close matches
# one of the ``open*`` groups instead, and the rest of the text becomes an ERROR token.
# Possessive quantifiers keep ``'a''`` unterminated (no backtracking to ``'a'`` + ``'``).

_W = r"[^\W\d_][\w$#]*"  # an unquoted name
_NOT_WORD_BEFORE = r"(?<![\w$#])"
_SCANNER = re.compile(
    rf"""
     (?P<space>(?:[^\S\r\n]|\r(?!\n))+)
    |(?P<newline>\r?\n)
    |(?P<q_string>{_NOT_WORD_BEFORE}[nN]?[qQ]'
        (?:\[[\s\S]*?\]'|\{{[\s\S]*?\}}'|<[\s\S]*?>'|\([\s\S]*?\)'
          |(?P<delimiter>[^\s\[{{<(])[\s\S]*?(?P=delimiter)'))
    |(?P<open_q>{_NOT_WORD_BEFORE}[nN]?[qQ]'(?=\S))
    |(?P<n_string>{_NOT_WORD_BEFORE}[nN]'[^']*+(?:''[^']*+)*+')
    |(?P<open_n>{_NOT_WORD_BEFORE}[nN]')
    |(?P<word>{_W})
    |(?P<number>(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:[fFdD](?![\w$#]))?)
    |(?P<string>'[^']*+(?:''[^']*+)*+')
    |(?P<quoted>"[^"]*")
    |(?P<line_comment>--(?:[^\r\n]|\r(?!\n))*)
    |(?P<block_comment>/\*[\s\S]*?\*/)
    |(?P<open>['"]|/\*)
    |(?P<bind>:(?:{_W}|\d+))
    |(?P<operator>\(\+\)|:=|=>|\.\.|\*\*|\|\||<>|!=|\^=|~=|>=|<=|<<|>>|[(),;.+\-*/=<>%@:])
    |(?P<substitution>&&?(?:{_W}|\d+)\.?)
    |(?P<directive>\$(?i:IF|THEN|ELSIF|ELSE|END|ERROR)(?![\w$#]))
    |(?P<inquiry>\$\${_W})
    |(?P<other>[\s\S])
    """,
    re.X,
)

_KINDS: dict[str | None, TokenKind] = {
    "space": TokenKind.SPACE,
    "newline": TokenKind.NEWLINE,
    "q_string": TokenKind.STRING,
    "delimiter": TokenKind.STRING,
    "n_string": TokenKind.STRING,
    "word": TokenKind.WORD,
    "number": TokenKind.NUMBER,
    "string": TokenKind.STRING,
    "quoted": TokenKind.QUOTED_IDENTIFIER,
    "line_comment": TokenKind.COMMENT,
    "block_comment": TokenKind.COMMENT,
    "open_q": TokenKind.ERROR,
    "open": TokenKind.ERROR,
    "open_n": TokenKind.ERROR,
    "bind": TokenKind.BIND,
    "operator": TokenKind.OPERATOR,
    "substitution": TokenKind.SUBSTITUTION,
    "directive": TokenKind.DIRECTIVE,
    "inquiry": TokenKind.INQUIRY,
    "other": TokenKind.OTHER,
}
# Kinds whose text may hold a line break besides NEWLINE itself.
_MULTILINE = frozenset({TokenKind.STRING, TokenKind.QUOTED_IDENTIFIER, TokenKind.COMMENT})


def tokenize(text: str, first_line: int = 1) -> tuple[Token, ...]:
    """Every token of ``text`` in order, trivia included (see the module docstring).

    ``first_line`` is the line number of the text's first line (a unit's ``start``), so
    positions can be reported in the file the text came from.
    """
    return _paused_gc(text, first_line, frozenset())


def significant_tokens(text: str, first_line: int = 1, *, comments: bool = False) -> tuple[Token, ...]:
    """``significant(tokenize(text, first_line), comments=comments)``, without making the
    trivia tokens first: the same scan, about a quarter faster for readers that never look
    at blanks (lint facts, grants usage, normalisation, the DDL parser)."""
    return _paused_gc(text, first_line, _BLANKS if comments else TRIVIA)


def _paused_gc(text: str, first_line: int, dropped: frozenset[TokenKind]) -> tuple[Token, ...]:
    # Millions of new tuples would trigger the cyclic garbage collector over and over
    # (a third of the time); tokens hold no cycles, so it is paused while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _tokenize(text, first_line, dropped)
    finally:
        if collecting:
            gc.enable()


def _tokenize(text: str, first_line: int, dropped: frozenset[TokenKind]) -> tuple[Token, ...]:
    """The scan: one regex match per token; tokens of the ``dropped`` kinds are not kept."""
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__  # Token(...) without the Python-level __new__: twice as fast
    kinds = _KINDS
    multiline = _MULTILINE
    newline, error = TokenKind.NEWLINE, TokenKind.ERROR
    count = text.count
    line = first_line
    line_start = 0
    for found in _SCANNER.finditer(text):
        kind = kinds[found.lastgroup]
        start, end = found.span()
        if kind is error:  # an opening that never closes: the rest is its inside
            append(new(Token, (kind, text[start:], start, line, start - line_start + 1)))
            break
        if kind not in dropped:
            append(new(Token, (kind, text[start:end], start, line, start - line_start + 1)))
        if kind is newline:
            line += 1
            line_start = end
        elif kind in multiline and (breaks := count("\n", start, end)):
            line += breaks
            line_start = text.rindex("\n", start, end) + 1
    return tuple(tokens)


def significant(tokens: Iterable[Token], *, comments: bool = False) -> tuple[Token, ...]:
    """The tokens a parser reads: no blanks or line breaks, no comments unless asked."""
    dropped = _BLANKS if comments else TRIVIA
    return tuple(token for token in tokens if token.kind not in dropped)


def string_value(token: Token) -> str:
    """The value of a `STRING` token: prefix, quotes and q-delimiters removed, ``''`` -> ``'``."""
    return literal_value(token.text)


def literal_value(text: str) -> str:
    """The value of a string literal as written (N'', q'[...]', nq'...' included)."""
    if text[:1] in "nN" and text[1:2] in "qQ'":
        text = text[1:]
    if text[:1] in "qQ":
        return text[3:-2]
    return text[1:-1].replace("''", "'")


# --- reading significant tokens ----------------------------------------------------------
# Small readers the token-level consumers (lint facts, grants usage, the catalog's DDL
# parser) share, so a dotted name or a parenthesis is read one way everywhere.


def dotted_name(tokens: Sequence[Token], at: int) -> tuple[tuple[str, ...], int]:
    """The parts (`Token.name`) of the dotted name starting at ``tokens[at]``, and the index
    just past it: ``s.pkg.p`` is three parts; a ``.`` not followed by a name is not read."""
    parts = [tokens[at].name]
    after = at + 1
    while after + 1 < len(tokens) and tokens[after].text == "." and tokens[after + 1].kind in NAMES:
        parts.append(tokens[after + 1].name)
        after += 2
    return tuple(parts), after


def closing_paren(tokens: Sequence[Token], at: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``tokens[at]``, or -1 when none does."""
    depth = 0
    for index in range(at, len(tokens)):
        text = tokens[index].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1
