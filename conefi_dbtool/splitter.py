"""Split an Oracle script into the units SQL*Plus would run, one by one.

Why not ``sqlparse.split``: it cuts PL/SQL bodies at every inner ``;`` and glues the ``/``
line to the next statement. This module is a small single-pass lexer that knows exactly
what SQL*Plus knows: strings, q-quotes, comments, double-quoted identifiers, the ``/``
and ``.`` terminator lines, and which first words open a PL/SQL block or a client command.

Contract (the choices callers can rely on):

* ``Unit.start`` is the line of the unit's first character, i.e. of its first keyword
  (``CREATE``, ``BEGIN``, ``SET``, ``@`` ...). Blank lines and comments *before* that
  keyword (including a header comment on the same line) belong to no unit and are
  dropped; comments *after* it (between keywords, inside a body, before the terminator)
  are kept verbatim in ``Unit.text``.
* ``Unit.end`` is the line of the terminator: the ``;`` of a sql unit, the ``/`` or ``.``
  line of a plsql (or sql) unit, the last physical line of a sqlplus command. For an
  unterminated unit it is the line of the text's last character.
* A line holding only ``.`` ends the unit exactly like ``/`` does (``terminated=True``).
  SQL*Plus would only close its buffer there, without executing it; we do not model the
  buffer. The usual ``.`` then ``/`` pair therefore yields the unit once, as SQL*Plus
  runs it once; a ``.`` never followed by ``/`` (code kept but never run) is reported as
  a unit all the same.
* A ``/`` (or ``.``) line while no unit is open re-runs the SQL*Plus buffer; it is ignored.
  A stray ``;`` outside any unit (an empty statement) is ignored too.
* Text after a sql ``;`` on the same line starts the next unit (SQL*Plus itself would send
  the whole line as one statement; every other tool splits there).
* Blank lines inside a sql statement do not end it (SQL*Plus ``SET SQLBLANKLINES ON``).
* sqlplus commands are not lexed: they are one line, continued by a trailing ``-`` that
  follows a blank (so ``PROMPT -----`` stays one line). ``Unit.text`` keeps the raw lines,
  continuation hyphens included. A trailing ``;`` is removed, except for ``PROMPT`` and
  ``REMARK`` whose argument is literal text (SQL*Plus prints ``PROMPT done;`` with the
  ``;``). ``REMARK`` is never continued: it is a comment that ends at the end of the line.
* ``SET TRANSACTION``, ``SET ROLE`` and ``SET CONSTRAINT[S]`` are SQL, not the client
  ``SET``. ``WITH FUNCTION``/``WITH PROCEDURE`` (12c inline PL/SQL) and a block starting
  with a ``<<label>>`` are plsql, as in SQL*Plus. ``CREATE ... JAVA`` is plsql too (ends at
  ``/``); its Java body is lexed with SQL rules, which holds for ordinary sources.
* ``&`` substitution variables are not expanded; CRLF is normalised to LF and a leading
  UTF-8 BOM is dropped (line numbers are unchanged by both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PLSQL", "SQL", "SQLPLUS", "SplitError", "Unit", "split"]

PLSQL = "plsql"
SQL = "sql"
SQLPLUS = "sqlplus"


class SplitError(ValueError):
    """The script cannot be split: an unterminated string, q-quote, identifier or comment.

    ``line`` is the 1-based line where the offending construct opens, so the message
    points at the cause, not at the end of the file where it was noticed.
    """

    def __init__(self, message: str, line: int) -> None:
        self.line = line
        self.detail = message
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True)
class Unit:
    """One statement, PL/SQL unit or client command, as SQL*Plus would execute it.

    ``text`` has no terminator (no trailing ``;`` for sql, no ``/`` line for plsql; a plsql
    unit keeps its final ``END;``), LF line endings, no leading or trailing blank lines.
    See the module docstring for how ``start`` and ``end`` are chosen.
    """

    kind: str
    start: int
    end: int
    text: str
    terminated: bool

    def first_words(self, n: int = 4) -> str:
        """Leading words, upper-cased and comment-free, e.g. ``CREATE OR REPLACE PACKAGE``.

        Meant for labels and dispatch. Quoted identifiers and ``@file`` paths keep their
        case; scanning stops at the first token that is not a word (``(``, ``'``, ``:=``...).
        """
        return " ".join(_leading_words(self.text, 0, n))


# --- lexical tables -------------------------------------------------------------------

# Leading-word scanner for Unit.first_words: skips blanks and comments,
# captures a word (dotted and double-quoted parts allowed) or an @/@@ path. A word glued to
# a quote is a literal prefix (N'..', q'..'), not a word: the atomic group stops it shrinking.
_LEAD = re.compile(
    r"""\s+|--[^\n]*|/\*.*?\*/
    |(@@?\S*|(?>(?:[A-Za-z][\w$#]*|"[^"\n]*")(?:\.(?:[A-Za-z][\w$#]*|"[^"\n]*"))*)(?!'))""",
    re.S | re.X,
)
_QUOTED_PART = re.compile(r'"[^"]*"|[^"]+')
_FIRST_WORD = re.compile(r"[A-Za-z][\w$#]*")
_NON_BLANK = re.compile(r"\S")

# Everything that can change the lexer state inside a statement. Every alternative starts
# with a literal character, which lets the regex engine skip ordinary text in C: one match
# per string, comment, `;` or terminator line, never one Python step per character.
_TERMINATOR_LINE = r"\n[^\S\n]*[/.][^\S\n]*(?=\n|\Z)"
_SQL_EVENTS = re.compile(_TERMINATOR_LINE + r"""|;|--|/\*|'|"|q'|Q'""")
_PLSQL_EVENTS = re.compile(_TERMINATOR_LINE + r"""|--|/\*|'|"|q'|Q'""")

_Q_CLOSERS = {"[": "]", "{": "}", "<": ">", "(": ")"}

# SQL*Plus commands recognised at the start of a unit, with their shortest abbreviation.
_SQLPLUS_COMMANDS: dict[str, int] = {
    "ACCEPT": 3,
    "BREAK": 3,
    "BTITLE": 3,
    "CLEAR": 2,
    "COLUMN": 3,
    "COMPUTE": 4,
    "CONNECT": 4,
    "DEFINE": 3,
    "DESCRIBE": 4,
    "DISCONNECT": 4,
    "EXECUTE": 4,
    "EXIT": 4,
    "HOST": 2,
    "PAUSE": 3,
    "PRINT": 3,
    "PROMPT": 3,
    "QUIT": 4,
    "REMARK": 3,
    "REPFOOTER": 4,
    "REPHEADER": 4,
    "SET": 3,
    "SHOW": 3,
    "SPOOL": 3,
    "START": 3,
    "TIMING": 4,
    "TTITLE": 3,
    "UNDEFINE": 5,
    "VARIABLE": 3,
    "WHENEVER": 8,
}
_SQLPLUS_ABBREVIATIONS: dict[str, str] = {
    command[:length]: command
    for command, shortest in _SQLPLUS_COMMANDS.items()
    for length in range(shortest, len(command) + 1)
}
_LITERAL_ARGUMENT = frozenset({"PROMPT", "REMARK"})  # a trailing ';' is part of the text

# Heads that put SQL*Plus in PL/SQL mode, where only a `/` or `.` line ends the unit.
# Keywords may be separated by any blanks and comments; one anchored match per unit.
_GAP = r"(?:\s|--[^\n]*+|/\*(?s:.)*?\*/)++"
_END_OF_WORD = r"(?![\w$#])"
_PLSQL_HEAD = re.compile(
    rf"""(?:DECLARE|BEGIN){_END_OF_WORD}
    |WITH{_GAP}(?:FUNCTION|PROCEDURE){_GAP}(?!AS{_END_OF_WORD})[A-Za-z"]  # 12c inline PL/SQL
    |CREATE{_GAP}(?:OR{_GAP}REPLACE{_GAP})?
      (?:AND{_GAP}(?:RESOLVE|COMPILE){_GAP})?(?:NOFORCE{_GAP})?(?:(?:NON)?EDITIONABLE{_GAP})?
      (?:PROCEDURE|FUNCTION|PACKAGE|TRIGGER|TYPE|LIBRARY|JAVA){_END_OF_WORD}""",
    re.I | re.X,
)
# `SET ROLE`, `SET TRANSACTION` and `SET CONSTRAINT[S]` are SQL, not the client SET.
_SET_SQL = re.compile(rf"SET{_GAP}(?:TRANSACTION|ROLE|CONSTRAINTS?){_END_OF_WORD}", re.I)


def _is_word_char(char: str) -> bool:
    """True for characters that continue an Oracle identifier (so ``xq'`` is no q-quote)."""
    return char.isalnum() or char in "_$#"


def _upper_unquoted(word: str) -> str:
    """Upper-case a (dotted) name except its double-quoted parts, which are case-exact."""
    if '"' not in word:
        return word.upper()
    return "".join(part if part.startswith('"') else part.upper() for part in _QUOTED_PART.findall(word))


def _leading_words(text: str, pos: int, limit: int) -> list[str]:
    """Up to ``limit`` words from ``pos``, skipping blanks and comments, across lines."""
    words: list[str] = []
    end = len(text)
    while len(words) < limit and pos < end:
        match = _LEAD.match(text, pos)
        if match is None:
            break
        pos = match.end()
        word = match.group(1)
        if word is not None:
            words.append(word if word.startswith("@") else _upper_unquoted(word))
    return words


def _line_of(text: str, pos: int) -> int:
    """1-based line of ``pos``; O(pos), so only for error messages."""
    return text.count("\n", 0, pos) + 1


def _after_string(text: str, at: int) -> int:
    """Index past the ``'...'`` literal opening at ``at``; ``''`` inside it is an escaped quote."""
    find = text.find
    pos = at + 1
    while True:
        quote = find("'", pos)
        if quote < 0:
            raise SplitError("unterminated string literal", _line_of(text, at))
        if text.startswith("'", quote + 1):
            pos = quote + 2
            continue
        return quote + 1


def _after_q_quote(text: str, at: int) -> int:
    """Index past a ``q'X...X'`` literal whose ``q`` is at ``at`` (``nq'`` included).

    A ``q`` that ends a longer word (``xq'``) or is followed by a blank is no q-quote:
    the ``'`` then opens an ordinary string.
    """
    if at > 0 and _is_word_char(text[at - 1]):
        prefixed = text[at - 1] in "nN" and (at < 2 or not _is_word_char(text[at - 2]))
        if not prefixed:
            return _after_string(text, at + 1)
    delimiter = text[at + 2 : at + 3]
    if not delimiter or delimiter.isspace():
        return _after_string(text, at + 1)
    close = text.find(_Q_CLOSERS.get(delimiter, delimiter) + "'", at + 3)
    if close < 0:
        raise SplitError(f"unterminated q'{delimiter}...' literal", _line_of(text, at))
    return close + 2


def _scan_statement(text: str, pos: int, plsql: bool) -> tuple[int, int, int]:
    """Lex a sql/plsql unit from ``pos`` to its ``;`` (sql only) or ``/``/``.`` line.

    Returns ``(body_end, terminator, resume)``: the text is ``text[pos:body_end]``, the
    terminator (the ``;`` or the first character of the terminator line) is at
    ``terminator`` (-1 when the script ends first), and scanning goes on at ``resume``.
    """
    size = len(text)
    search = (_PLSQL_EVENTS if plsql else _SQL_EVENTS).search
    find = text.find
    cursor = pos
    while True:
        event = search(text, cursor)
        if event is None:
            return size, -1, size
        at = event.start()
        char = text[at]
        if char == "\n":  # a line holding only `/` or `.`
            return at, at + 1, event.end()
        if char == ";":
            return at, at, at + 1
        if char == "-":
            newline = find("\n", at + 2)
            cursor = size if newline < 0 else newline  # keep the \n: next line may be `/`
        elif char == "/":
            close = find("*/", at + 2)
            if close < 0:
                raise SplitError("unterminated /* comment", _line_of(text, at))
            cursor = close + 2
        elif char == '"':
            close = find('"', at + 1)
            if close < 0:
                raise SplitError('unterminated "quoted identifier', _line_of(text, at))
            cursor = close + 1
        elif char == "'":
            cursor = _after_string(text, at)
        else:
            cursor = _after_q_quote(text, at)


def _scan_sqlplus(text: str, pos: int, command: str) -> tuple[int, bool]:
    """Where a client command ends: its line, followed through ``-`` continuations.

    Returns ``(line_end, terminated)``; ``terminated`` is False when a continuation points
    past the end of the script. Client commands are never lexed: ``PROMPT it's`` is fine.
    """
    size = len(text)
    line_start = pos
    while True:
        newline = text.find("\n", line_start)
        line_end = size if newline < 0 else newline
        line = text[line_start:line_end].rstrip()
        continued = command != "REMARK" and line.endswith("-") and (len(line) == 1 or line[-2] in " \t")
        if not continued:
            return line_end, True
        line_start = line_end + 1
        if line_start >= size:
            return line_end, False


def _split(text: str) -> tuple[Unit, ...]:
    """One pass: skip what belongs to no unit, classify each unit by its head, scan it.

    Line numbers come from a cursor that only counts the newlines since its last move.
    """
    size = len(text)
    count = text.count
    find = text.find
    startswith = text.startswith
    next_visible = _NON_BLANK.search
    first_word = _FIRST_WORD.match
    units: list[Unit] = []
    append = units.append
    line = 1
    line_pos = 0
    pos = 0
    while True:
        visible = next_visible(text, pos)
        if visible is None:
            return tuple(units)
        pos = visible.start()
        char = text[pos]
        if char == "-" and startswith("--", pos):
            newline = find("\n", pos)
            pos = size if newline < 0 else newline
            continue
        if char == "/" and startswith("/*", pos):
            close = find("*/", pos + 2)
            if close < 0:
                raise SplitError("unterminated /* comment", _line_of(text, pos))
            pos = close + 2
            continue
        if char == ";":  # an empty statement
            pos += 1
            continue
        if char in "/.":  # `/` or `.` with no open unit: re-runs the buffer; ignored
            newline = find("\n", pos)
            line_end = size if newline < 0 else newline
            if not text[pos + 1 : line_end].strip():
                pos = line_end
                continue

        line += count("\n", line_pos, pos)
        line_pos = pos
        start = line
        command: str | None = "@" if char == "@" else None
        if command is None:
            word = first_word(text, pos)
            if word is not None:
                command = _SQLPLUS_ABBREVIATIONS.get(word.group().upper())
                if command == "SET" and _SET_SQL.match(text, pos):
                    command = None
        if command is not None:
            line_end, terminated = _scan_sqlplus(text, pos, command)
            body = text[pos:line_end].rstrip()
            if command not in _LITERAL_ARGUMENT and body.endswith(";"):
                body = body[:-1].rstrip()
            kind = SQLPLUS
            marker = resume = line_end
        else:
            plsql = startswith("<<", pos) or _PLSQL_HEAD.match(text, pos) is not None
            kind = PLSQL if plsql else SQL
            body_end, marker, resume = _scan_statement(text, pos, plsql)
            body = text[pos:body_end].rstrip()
            terminated = marker >= 0
            if not terminated:
                marker = pos + len(body) - 1
        line += count("\n", line_pos, marker)
        line_pos = marker
        append(Unit(kind, start, line, body, terminated))
        pos = resume


def split(script: str) -> tuple[Unit, ...]:
    """Split ``script`` into units in order, with SQL*Plus semantics (see module docstring).

    Raises `SplitError` for a string, q-quote, quoted identifier or block comment that is
    still open at the end of the script.
    """
    text = script.replace("\r\n", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _split(text)
