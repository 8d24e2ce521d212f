"""The parser's reading position over a unit's significant tokens, and its error recovery.

Why by index: the parser reads a tuple of tokens through two parallel lists (upper-cased
text and kind) and an integer, so the hot path is list indexing and string equality, no
regexes, no token objects created. A syntax error unwinds (`ParseFailure`) to the nearest
statement or declaration list, which records one finding at the token Oracle would name
and skips the broken statement as a whole (`skip_statement`), so later code is parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from conefi_dbtool.plsql.lexer import Token, TokenKind
from conefi_dbtool.plsql.tree import Node, NodeKind, ParseError

MAX_DEPTH = 150  # nesting (parentheses, blocks) beyond which a unit is reported unchecked
_PAD = 6  # sentinels after the last token: look-ahead never needs a bounds check

WORD = TokenKind.WORD
QUOTED = TokenKind.QUOTED_IDENTIFIER
NUMBER = TokenKind.NUMBER
STRING = TokenKind.STRING
BIND = TokenKind.BIND
SUBSTITUTION = TokenKind.SUBSTITUTION
INQUIRY = TokenKind.INQUIRY
NAME_KINDS = frozenset({WORD, QUOTED, SUBSTITUTION})

# Words that end a list of statements: the enclosing construct reads them.
STATEMENT_STOPS = frozenset({"END", "ELSIF", "ELSE", "EXCEPTION", "WHEN"})
# Openers and closers of PL/SQL structure, for the skip after an error.
_OPENERS = frozenset({"IF", "LOOP", "CASE", "BEGIN"})


class ParseFailure(Exception):  # control flow inside the parser, never escapes
    """A syntax error at token ``index``: unwinds to the nearest recovery point."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


class TooDeep(Exception):  # control flow inside the parser, never escapes
    """Nesting beyond `MAX_DEPTH`: the unit is reported as not checked."""


class Cursor:
    """Tokens, the position, collected nodes (the *sink*) and the errors found so far."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.toks = tokens
        self.n = len(tokens)
        self.up: list[str] = [t.text.upper() if t.kind is WORD else t.text for t in tokens]
        self.up += [""] * _PAD
        self.kinds: list[TokenKind | None] = [t.kind for t in tokens]
        self.kinds += [None] * _PAD
        self.i = 0
        self.depth = 0
        self.sink: list[Node] = []
        self.errors: list[ParseError] = []
        self._lines: set[int] = set()

    # ------------------------------------------------------------------ reading

    def accept(self, word: str) -> bool:
        """Consume the token if its (upper-case) text is ``word``."""
        if self.up[self.i] == word:
            self.i += 1
            return True
        return False

    def expect(self, word: str, what: str = "") -> None:
        found = self.up[self.i]
        if found != word:
            if found == ")":
                self.fail(f"unbalanced ')': no '(' opens it (expected {what or word})")
            self.fail(f"expected {what or word}")
        self.i += 1

    def fail(self, message: str, index: int = -1) -> ParseFailure:
        """Raise a syntax error at ``index`` (default: the current token)."""
        raise ParseFailure(self.i if index < 0 else index, message)

    def is_name(self, at: int = -1) -> bool:
        return self.kinds[self.i if at < 0 else at] in NAME_KINDS

    def name_part(self) -> str:
        """One identifier (a word, a quoted name or a substitution variable)."""
        kind = self.kinds[self.i]
        if kind not in NAME_KINDS:
            self.fail("expected a name")
        token = self.toks[self.i]
        self.i += 1
        return token.name

    def qualified_name(self) -> list[str]:
        """``a``, ``a.b.c``, ``&schema..table``: the parts in dictionary form."""
        parts = [self.name_part()]
        up, kinds = self.up, self.kinds
        while True:
            if up[self.i] == "." and kinds[self.i + 1] in NAME_KINDS:
                self.i += 1
                parts.append(self.name_part())
            elif (kinds[self.i] in NAME_KINDS and self.up[self.i - 1].endswith(".")
                  and kinds[self.i - 1] is SUBSTITUTION
                  and self.toks[self.i].start == self.toks[self.i - 1].end):
                parts.append(self.name_part())  # &schema.table: the dot ends the variable
            else:
                return parts

    def comma_list(self, item: Callable[[], object]) -> None:
        """``item [, item]...``: one or more, separated by commas."""
        item()
        while self.accept(","):
            item()

    def dblink(self) -> bool:
        """Consume ``@link.name`` after an object name."""
        if self.up[self.i] != "@":
            return False
        self.i += 1
        self.qualified_name()
        return True

    # ------------------------------------------------------------------ nodes

    def node(self, kind: NodeKind, first: int, children: Sequence[Node] = (), *,
             name: Sequence[str] = (), alias: str = "", role: str = "",
             dblink: bool = False) -> Node:
        """A node from token ``first`` to the last consumed token."""
        toks = self.toks
        head = toks[first] if first < self.n else toks[-1]
        last = self.i - 1 if self.i > first else first
        end = toks[last].end if last < self.n else toks[-1].end
        return Node(kind, head.line, head.column, head.start, max(end, head.start),
                    tuple(children), tuple(name), alias, role, dblink)

    def end_node(self, saved: list[Node], kind: NodeKind, first: int, *,
                 name: Sequence[str] = (), alias: str = "", role: str = "",
                 dblink: bool = False) -> None:
        """Close a node opened by ``saved, self.sink = self.sink, []`` (the hot path's idiom):
        built from the children collected since, appended to the enclosing sink ``saved``."""
        node = self.node(kind, first, self.sink, name=name, alias=alias, role=role,
                         dblink=dblink)
        self.sink = saved
        saved.append(node)

    def take_children(self, saved: list[Node]) -> list[Node]:
        """The nodes collected since the sink was swapped out, ``saved`` restored."""
        children = self.sink
        self.sink = saved
        return children

    def recovering(self, item: Callable[[], object], skip: Callable[[int], None],
                   stops: frozenset[str]) -> list[Node]:
        """Items up to a word in ``stops`` (or the end); a broken one is reported and skipped.

        Why one loop: statements and declarations recover alike — one finding at the token
        the failure names, the nesting the failure left undone, then ``skip`` from the
        item's first token — so a later item is still parsed.
        """
        out: list[Node] = []
        up = self.up
        while self.i < self.n and up[self.i] not in stops:
            start = self.i
            saved, self.sink = self.sink, []
            depth = self.depth
            try:
                item()
            except ParseFailure as failure:
                self.recover(failure, depth)
                skip(start)
            out += self.sink
            self.sink = saved
        return out

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooDeep

    # ------------------------------------------------------------------ errors

    def report(self, index: int, message: str, code: str = "SYN001") -> None:
        """Record an error at token ``index``: at most one per line."""
        if not self.toks:
            return
        if index >= self.n:
            token = self.toks[-1]
            line, col = token.line, token.column
            message = f"{message}; found the end of the unit"
        else:
            token = self.toks[index]
            line, col = token.line, token.column
            message = f"{message}; found {_shown(token)}"
        if line in self._lines:
            return
        self._lines.add(line)
        self.errors.append(ParseError(line, col, message, code))

    def recover(self, failure: ParseFailure, depth: int) -> None:
        """Report ``failure`` once; the nesting back to ``depth`` (the frames it unwound)."""
        self.depth = depth
        self.report(failure.index, failure.message)

    def skip_statement(self, start: int) -> None:
        """Skip the statement starting at ``start`` as a whole, nested blocks included.

        Stops after its ``;`` at nesting 0, or before an ``END``/``ELSIF``/``ELSE``/
        ``EXCEPTION``/``WHEN`` that belongs to the enclosing construct.
        """
        up, n = self.up, self.n
        i, depth = start, 0
        while i < n:
            word = up[i]
            if word == ";":
                i += 1
                if depth <= 0:
                    break
                continue
            if word == "END":
                if depth <= 0 and i > start:
                    break
                depth -= 1
                i += 2 if up[i + 1] in ("IF", "LOOP", "CASE") else 1
                continue
            if (word in _OPENERS and up[i - 1] != "END") or word == "BEGIN":
                depth += 1
            elif (word in STATEMENT_STOPS and depth <= 0 and i > start and up[i - 1] == ";"):
                break
            i += 1
        self.i = max(i, start + 1) if start < n else n

    def skip_balanced(self, stops: frozenset[str]) -> None:
        """Skip to a token in ``stops`` outside parentheses (or the end); checks balance."""
        up, n = self.up, self.n
        i = self.i
        depth = 0
        opened: list[int] = []
        while i < n:
            word = up[i]
            if word == "(":
                opened.append(i)
                depth += 1
            elif word == ")":
                if depth == 0:
                    if ")" in stops:
                        break
                    self.i = i
                    self.fail("unbalanced ')': no '(' opens it")
                depth -= 1
                opened.pop()
            elif depth == 0 and (word in stops or word == ";"):
                break
            elif word == ";":
                self.i = i
                self.fail(f"unbalanced '(' opened at line {self.toks[opened[-1]].line}: "
                          "expected ')'")
            i += 1
        if depth:
            self.i = opened[-1]
            self.fail("unbalanced '(': no ')' closes it")
        self.i = i


def word_pair(second: str) -> Callable[[Cursor], bool]:
    """A handler for a word that is a keyword only before ``second`` (NULL ;, CURRENT ROW):
    reads both; otherwise declines (False), and the word is read as a name."""
    def handler(p: Cursor) -> bool:
        if p.up[p.i + 1] != second:
            return False
        p.i += 2
        return True
    return handler


def _shown(token: Token) -> str:
    text = token.text if len(token.text) <= 30 else token.text[:27] + "..."
    return repr(text.split("\n", 1)[0])
