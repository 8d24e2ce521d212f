"""The project's Oracle parser: a unit's text in, a syntax tree and its syntax errors out.

`parse` never raises. It reads one unit as the splitter cut it (a SQL statement without
its ``;``, or a PL/SQL unit through its ``END;``), and reports what Oracle would reject:
one finding per error, at the token Oracle would name, at most one per line; after an
error the enclosing list of statements or declarations resynchronises, so later code is
still checked. A unit holding a second statement (two CREATEs with no ``/`` between them,
``CREATE TYPE ...;`` followed by more code) is reported at the second statement's first
token, which is then parsed too.

Conditional compilation (``$IF $THEN $ELSIF $ELSE $END``) is read soundly: the unit is
parsed once per branch position (first the ``$THEN`` branches, then the second branches
...), each pass a program Oracle could compile; ``$ERROR ... $END`` is dropped. The tree
is the first pass's; the errors of all passes are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from conefi_dbtool.plsql.cursor import MAX_DEPTH, ParseFailure, TooDeep
from conefi_dbtool.plsql.ddl import Ddl
from conefi_dbtool.plsql.expressions import NOT_OPERAND
from conefi_dbtool.plsql.lexer import Token, TokenKind, error_message, significant, tokenize
from conefi_dbtool.plsql.tree import Node, NodeKind, ParseError, ParseResult

__all__ = ["parse", "parse_shared", "parse_tokens"]

_DIRECTIVE = TokenKind.DIRECTIVE


def parse(text: str, first_line: int = 1) -> ParseResult:
    """The tree and syntax errors of one unit (positions from ``first_line``)."""
    return parse_tokens(significant(tokenize(text, first_line)), len(text),
                        directives="$" in text, hyphens="-" in text)


@lru_cache(maxsize=256)
def parse_shared(text: str) -> ParseResult:
    """`parse`, remembered for the last units: a lint whose units' analyses come from the
    cache still needs their trees for the semantic passes, and runs in one process (a
    benchmark, the tests) re-read the same units; a tree (frozen nodes) is safe to share."""
    return parse(text)


def parse_tokens(tokens: Sequence[Token], length: int = 0, *, directives: bool = True,
                 hyphens: bool = True) -> ParseResult:
    """`parse` over already significant tokens (comments and blanks dropped).

    ``directives``/``hyphens`` False promise there is no ``$`` directive and no ``-``
    token (a cheap test on the text), which saves a pass over the tokens.
    """
    errors: list[ParseError] = []
    if tokens and tokens[-1].kind is TokenKind.ERROR:
        last = tokens[-1]
        errors.append(ParseError(last.line, last.column, error_message(last.text)))
        tokens = tokens[:-1]
    if hyphens:
        tokens = _without_continuations(tokens)
    if directives and any(t.kind is _DIRECTIVE for t in tokens):
        passes, problem = _branches(tokens)
        if problem is not None and all(e.line != problem.line for e in errors):
            errors.append(problem)
    else:
        passes = [list(tokens)]
    tree: Node | None = None
    seen = {e.line for e in errors}
    for selected in passes:
        root, found = _parse_once(selected, length)
        tree = tree or root
        for error in found:
            if error.line not in seen:
                seen.add(error.line)
                errors.append(error)
    assert tree is not None
    errors.sort(key=lambda e: (e.line, e.col))
    return ParseResult(tree, tuple(errors))


def _without_continuations(tokens: Sequence[Token]) -> Sequence[Token]:
    """Drop SQL*Plus's ``-`` line continuations left inside a statement.

    A ``-`` ending a line before a word that cannot be an operand (``VALUES``, ``FROM``
    ...) or after ``,`` / ``(`` is no minus: SQL*Plus joined the lines (Oracle's sample
    schema scripts write ``INSERT INTO t (...) -`` then ``VALUES (...)``).
    """
    hyphens = [k for k, t in enumerate(tokens) if t.text == "-" and 0 < k < len(tokens) - 1]
    drop = set()
    for k in hyphens:
        after, before = tokens[k + 1], tokens[k - 1]
        if after.line > tokens[k].line and (
                after.text.upper() in NOT_OPERAND or before.text in (",", "(")):
            drop.add(k)
    if not drop:
        return tokens
    return [t for k, t in enumerate(tokens) if k not in drop]


def _parse_once(tokens: Sequence[Token], length: int) -> tuple[Node, list[ParseError]]:
    parser = Ddl(tokens)
    up = parser.up
    try:
        while parser.i < parser.n:
            start = parser.i
            try:
                parser.top_statement()
            except ParseFailure as failure:
                parser.report(failure.index, failure.message)
                break
            if parser.i < parser.n and parser.errors and up[parser.i] != "CREATE":
                break  # what a reported error left over (END; written for END IF; ...)
            if parser.i < parser.n:
                what = ("a '/' line is missing before this statement (SQL*Plus runs a PL/SQL "
                        "unit at '/'; Oracle compiles both as one)" if up[parser.i] in (
                            "CREATE", "ALTER", "GRANT", "DROP", "BEGIN", "DECLARE", "INSERT",
                            "UPDATE", "DELETE", "SELECT", "COMMENT") else
                        "unbalanced ')': no '(' opens it" if up[parser.i] == ")" else
                        "expected the end of the statement")
                parser.report(parser.i, what)
            if parser.i == start:
                break
    except TooDeep:
        parser.report(min(parser.i, max(parser.n - 1, 0)),
                      f"nesting deeper than {MAX_DEPTH} levels: the rest of the unit is not "
                      "syntax-checked", "SYN003")
    except RecursionError:
        parser.report(0, "the unit is nested too deeply to be syntax-checked", "SYN003")
    end = max(length, tokens[-1].end if tokens else 0)
    root = Node(NodeKind.UNIT, 1 if not tokens else tokens[0].line,
                1 if not tokens else tokens[0].column, 0, end, tuple(parser.sink))
    return root, parser.errors


def _branches(tokens: Sequence[Token]) -> tuple[list[list[Token]], ParseError | None]:
    """The token lists of each branch position of the unit's $IF directives."""
    widest = 1
    depth_open: list[int] = []
    count: list[int] = []
    for t in tokens:
        if t.kind is not _DIRECTIVE:
            continue
        word = t.text.upper()
        if word in ("$IF", "$ERROR"):
            depth_open.append(1 if word == "$IF" else 0)
            count.append(1)
        elif word in ("$ELSIF", "$ELSE") and count:
            count[-1] += 1
            widest = max(widest, count[-1])
        elif word == "$END" and count:
            depth_open.pop()
            count.pop()
    problem = None
    passes = []
    for k in range(widest):
        selected, problem = _select(tokens, k)
        passes.append(selected)
    return passes, problem


def _select(tokens: Sequence[Token], k: int) -> tuple[list[Token], ParseError | None]:
    """Branch ``k`` of every $IF (none when it has fewer), directives removed."""
    out: list[Token] = []
    # per open directive: [emitting before it, branch number, is $ERROR, opening token]
    stack: list[tuple[bool, int, bool, Token]] = []
    emitting = True
    in_condition = False
    for t in tokens:
        if t.kind is _DIRECTIVE:
            word = t.text.upper()
            if word == "$IF":
                stack.append((emitting, 0, False, t))
                in_condition = True
                emitting = False
            elif word == "$ERROR":
                stack.append((emitting, 0, True, t))
                emitting = False
            elif word == "$THEN" and stack:
                outer, branch, _, opening = stack[-1]
                in_condition = False
                emitting = outer and branch == k
            elif word == "$ELSIF" and stack:
                outer, branch, _, opening = stack.pop()
                stack.append((outer, branch + 1, False, opening))
                in_condition = True
                emitting = False
            elif word == "$ELSE" and stack:
                outer, branch, _, opening = stack.pop()
                stack.append((outer, branch + 1, False, opening))
                emitting = outer and branch + 1 == k
            elif word == "$END" and stack:
                outer, _, _, _ = stack.pop()
                emitting = outer
            continue
        if emitting and not in_condition:
            out.append(t)
    if stack:
        opening = stack[-1][3]
        return out, ParseError(opening.line, opening.column,
                                 f"{opening.text} is never closed by $END")
    return out, None
