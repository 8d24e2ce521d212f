"""Split an Oracle script into the units SQL*Plus would run, one by one.

Why not ``sqlparse.split``: it cuts PL/SQL bodies at every inner ``;`` and glues the ``/``
line to the next statement. This module knows exactly what SQL*Plus knows: strings,
q-quotes, comments, double-quoted identifiers (their extents come from the one Oracle
lexer, `conefi_dbtool.plsql.lexer`), the ``/`` and ``.`` terminator lines, and which
first words open a PL/SQL block or a client command.

Why it does not walk the lexer's token stream: a token per word costs a Python step per
word (the lexer runs at a tenth of the splitter's speed), and splitting only needs the
constructs whose inside is not SQL. So one regex search jumps from event to event (a
string, a comment, a ``;``, a terminator line) and the lexer's extent functions skip
each literal; ordinary text is skipped in C.

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
* Blank lines inside a sql statement: SQL*Plus ends the statement there (without running
  it) unless ``SET SQLBLANKLINES ON``. A script that sets it is split accordingly (``OFF``:
  the blank line ends the unit like a ``.`` line, ``terminated=True``; ``ON``: it does
  not). A script that does not set it is split as if it were ``ON`` (what tools other
  than SQL*Plus do), and `split_script` warns at each blank line that SQL*Plus's default
  would end a statement at. PL/SQL units may hold blank lines in every mode.
* The ``-`` line continuation (SQL*Plus User's Guide, "Continuing a Long SQL*Plus Command
  on Additional Lines"): a hyphen ending a line continues it, in SQL*Plus commands and in
  SQL and PL/SQL statements alike, because SQL*Plus joins the lines *before* it decides
  what the command is ("entering a hyphen within a SQL statement is ignored by SQL*Plus.
  SQL*Plus does not identify the statement as a SQL statement until after the input
  processing has joined the lines together and removed the hyphen"; ``SELECT 200 -`` /
  ``100 FROM DUAL`` fails with ORA-00923). Once the command is identified, its next
  lines go to the buffer as typed: only the *first* line of a unit and the lines it is
  continued onto are joined, a hyphen ending any later line of a statement is a minus.
  We require a blank, ``(`` or ``,`` before the hyphen (so ``PROMPT -----`` stays one
  line, while ``EXECUTE pkg.proc(-`` is continued, as Oracle's own sample schema scripts
  write it); ``REMARK`` is never continued. Classification reads a continuation hyphen
  as a blank (``CREATE OR REPLACE -`` / ``PACKAGE p`` is plsql); ``Unit.text`` keeps the
  lines as written, so positions stay exact; `Unit.continuations` gives the hyphens
  SQL*Plus removes and `Unit.joined_text` the text SQL*Plus sends.
* sqlplus commands are not lexed: they are one line, continued as above. ``Unit.text``
  keeps the raw lines, continuation hyphens included. A trailing ``;`` is removed, except
  for ``PROMPT`` and ``REMARK`` whose argument is literal text (SQL*Plus prints ``PROMPT
  done;`` with the ``;``). Host commands (``HOST``, ``$ cmd``, ``! cmd``) and SQLcl's
  ``LOAD`` are sqlplus units too.
* ``SET TRANSACTION``, ``SET ROLE`` and ``SET CONSTRAINT[S]`` are SQL, not the client
  ``SET``. ``WITH FUNCTION``/``WITH PROCEDURE`` (12c inline PL/SQL) and a block starting
  with a ``<<label>>`` are plsql, as in SQL*Plus. ``CREATE ... JAVA`` and ``CREATE ... MLE
  MODULE`` are plsql too (end at ``/``); their Java or JavaScript body is lexed with SQL
  rules, which holds for ordinary sources.
* ``&`` substitution variables are not expanded; CRLF is normalised to LF and a leading
  UTF-8 BOM is dropped (line numbers are unchanged by both).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from conefi_dbtool.plsql.lexer import (
    block_comment_end,
    error_message,
    is_q_quote,
    line_comment_end,
    q_quote_end,
    quoted_identifier_end,
    string_end,
)

__all__ = [
    "PLSQL",
    "SQL",
    "SQLPLUS",
    "SplitError",
    "SplitResult",
    "SplitWarning",
    "Unit",
    "split",
    "split_script",
]

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
        A host shorthand keeps its sign as first word (``$ LS``, ``! LS``).
        """
        if self.text[:1] in _HOST_SIGNS and n > 0:
            return " ".join([self.text[0], *_leading_words(self.text, 1, n - 1)])
        return " ".join(_leading_words(self.text, 0, n))

    def continuations(self) -> tuple[int, ...]:
        """Offsets in ``text`` of the ``-`` continuation hyphens SQL*Plus removes.

        Only the first line and the lines it is continued onto (module docstring); never
        in a ``REMARK``.
        """
        if self.kind == SQLPLUS and _SQLPLUS_ABBREVIATIONS.get(_first_word_upper(self.text)) == "REMARK":
            return ()
        return tuple(_continuation_hyphens(self.text, 0))

    def joined_text(self) -> str:
        """The text SQL*Plus sends: each continuation hyphen and the line break after it removed."""
        return _without_hyphens(self.text, 0, self.continuations(), len(self.text))


@dataclass(frozen=True)
class SplitWarning:
    """Something SQL*Plus would do differently from the split, at a 1-based line."""

    line: int
    message: str


@dataclass(frozen=True)
class SplitResult:
    """The units of a script and the warnings about how SQL*Plus would read it."""

    units: tuple[Unit, ...]
    warnings: tuple[SplitWarning, ...]


BLANK_LINE_WARNING = (
    "blank line inside a SQL statement: SQL*Plus ends the statement here without running it "
    "(SET SQLBLANKLINES OFF is its default); add SET SQLBLANKLINES ON to the script or "
    "remove the blank line"
)


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
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SET_OPTION = re.compile(r"(?<![\w$#])(SQLBL\w*)\s+(ON|OFF)(?![\w$#])", re.I)  # SQLBL[ANKLINES]

# Everything that can change the lexer state inside a statement. Every alternative starts
# with a literal character, which lets the regex engine skip ordinary text in C: one match
# per string, comment, `;` or terminator line, never one Python step per character.
_TERMINATOR_LINE = r"\n[^\S\n]*[/.][^\S\n]*(?=\n|\Z)"
_SQL_EVENTS = re.compile(_TERMINATOR_LINE + r"""|;|--|/\*|'|"|q'|Q'""")
_PLSQL_EVENTS = re.compile(_TERMINATOR_LINE + r"""|--|/\*|'|"|q'|Q'""")

_HOST_SIGNS = "$!"  # `$ cmd` (Windows) and `! cmd` (Unix): HOST shorthands

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
    "LOAD": 4,  # SQLcl
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
# A continuation hyphen is a gap too: SQL*Plus joins the first lines before it classifies.
_GAP = r"(?:\s|--[^\n]*+|/\*(?s:.)*?\*/|-(?<=\s-)(?=[^\S\n]*\n))++"
_CONTINUED_AFTER = frozenset(" \t(,")  # what may precede a continuation hyphen
_END_OF_WORD = r"(?![\w$#])"
_PLSQL_HEAD = re.compile(
    rf"""(?:DECLARE|BEGIN){_END_OF_WORD}
    |WITH{_GAP}(?:FUNCTION|PROCEDURE){_GAP}(?!AS{_END_OF_WORD})[A-Za-z"]  # 12c inline PL/SQL
    |CREATE{_GAP}(?:OR{_GAP}REPLACE{_GAP})?
      (?:AND{_GAP}(?:RESOLVE|COMPILE){_GAP})?(?:NOFORCE{_GAP})?(?:(?:NON)?EDITIONABLE{_GAP})?
      (?:PROCEDURE|FUNCTION|PACKAGE|TRIGGER|TYPE|LIBRARY|JAVA|MLE{_GAP}MODULE){_END_OF_WORD}""",
    re.I | re.X,
)
# `SET ROLE`, `SET TRANSACTION` and `SET CONSTRAINT[S]` are SQL, not the client SET.
_SET_SQL = re.compile(rf"SET{_GAP}(?:TRANSACTION|ROLE|CONSTRAINTS?){_END_OF_WORD}", re.I)


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


def _first_word_upper(text: str) -> str:
    word = _FIRST_WORD.match(text)
    return "" if word is None else word.group().upper()


def _line_of(text: str, pos: int) -> int:
    """1-based line of ``pos``; O(pos), so only for error messages."""
    return text.count("\n", 0, pos) + 1


def _continued(text: str, line_start: int) -> tuple[int, int]:
    """``(line_end, hyphen)`` of the line at ``line_start``; ``hyphen`` is -1 unless the
    line ends with a continuation ``-`` (a blank, ``(`` or ``,`` before it, or the hyphen
    alone)."""
    newline = text.find("\n", line_start)
    line_end = len(text) if newline < 0 else newline
    line = text[line_start:line_end].rstrip()
    if line.endswith("-") and (len(line) == 1 or line[-2] in _CONTINUED_AFTER):
        return line_end, line_start + len(line) - 1
    return line_end, -1


def _continuation_hyphens(text: str, pos: int) -> list[int]:
    """Hyphens continuing the line at ``pos`` and the lines it is continued onto."""
    hyphens: list[int] = []
    size = len(text)
    while True:
        line_end, hyphen = _continued(text, pos)
        if hyphen < 0 or line_end >= size:
            if hyphen >= 0:
                hyphens.append(hyphen)
            return hyphens
        hyphens.append(hyphen)
        pos = line_end + 1


def _without_hyphens(text: str, start: int, hyphens: Sequence[int], stop: int) -> str:
    """``text[start:stop]`` without each continuation hyphen and the line break after it."""
    pieces: list[str] = []
    for hyphen in hyphens:
        pieces.append(text[start:hyphen])
        newline = text.find("\n", hyphen, stop)
        start = stop if newline < 0 else newline + 1
    pieces.append(text[start:stop])
    return "".join(pieces)


def _blank_line(text: str, pos: int, end: int) -> int:
    """Offset of the first blank line's first character in ``text[pos:end]``, or -1."""
    blank = _BLANK_LINE.search(text, pos, end)
    return -1 if blank is None else blank.start() + 1


def _blank_lines_end_sql(set_command: str, current: bool | None) -> bool | None:
    """The SQLBLANKLINES state after a client ``SET`` (OFF: blank lines end sql units)."""
    option = _SET_OPTION.search(set_command)
    if option is None or not "SQLBLANKLINES".startswith(option.group(1).upper()):
        return current
    return option.group(2).upper() == "OFF"


def _unterminated(text: str, at: int) -> SplitError:
    """The error for the construct opening at ``at``, in the lexer's words."""
    return SplitError(error_message(text[at : at + 3]), _line_of(text, at))


def _after_block_comment(text: str, at: int) -> int:
    end = block_comment_end(text, at)
    if end < 0:
        raise _unterminated(text, at)
    return end


def _scan_statement(text: str, pos: int, plsql: bool) -> tuple[int, int, int]:
    """Lex a sql/plsql unit from ``pos`` to its ``;`` (sql only) or ``/``/``.`` line.

    Returns ``(body_end, terminator, resume)``: the text is ``text[pos:body_end]``, the
    terminator (the ``;`` or the first character of the terminator line) is at
    ``terminator`` (-1 when the script ends first: ``body_end`` is then just past the last
    visible character), and scanning goes on at ``resume``.
    """
    size = len(text)
    search = (_PLSQL_EVENTS if plsql else _SQL_EVENTS).search
    find = text.find
    after_string = string_end
    cursor = pos
    while True:
        event = search(text, cursor)
        if event is None:  # unterminated: the unit ends with its last character
            return pos + len(text[pos:].rstrip()), -1, size
        at = event.start()
        char = text[at]
        if char == "\n":  # a line holding only `/` or `.`
            return at, at + 1, event.end()
        if char == ";":
            return at, at, at + 1
        if char == "-":  # a line comment (LF only here: CRLF was normalised)
            newline = find("\n", at + 2)
            cursor = size if newline < 0 else newline  # keep the \n: next line may be `/`
            continue
        if char == "'":
            cursor = after_string(text, at)
        elif char == "/":
            cursor = block_comment_end(text, at)
        elif char == '"':
            cursor = quoted_identifier_end(text, at)
        elif is_q_quote(text, at):
            cursor = q_quote_end(text, at)
        else:  # `xq'`: the quote opens an ordinary string
            at += 1
            cursor = after_string(text, at)
        if cursor < 0:
            raise _unterminated(text, at)


def _scan_sqlplus(text: str, pos: int, command: str) -> tuple[int, bool]:
    """Where a client command ends: its line, followed through ``-`` continuations.

    Returns ``(line_end, terminated)``; ``terminated`` is False when a continuation points
    past the end of the script. Client commands are never lexed: ``PROMPT it's`` is fine.
    """
    size = len(text)
    line_start = pos
    while True:
        line_end, hyphen = _continued(text, line_start)
        if hyphen < 0 or command == "REMARK":
            return line_end, True
        line_start = line_end + 1
        if line_start >= size:
            return line_end, False


def _client_command(text: str, pos: int, command: str) -> tuple[str, int, bool]:
    """``(text, line_end, terminated)`` of the client command at ``pos``.

    The text loses a trailing ``;`` unless the argument is literal text (``PROMPT``).
    """
    line_end, terminated = _scan_sqlplus(text, pos, command)
    body = text[pos:line_end].rstrip()
    if command not in _LITERAL_ARGUMENT and body.endswith(";"):
        body = body[:-1].rstrip()
    return body, line_end, terminated


def _split(text: str, warn: bool) -> SplitResult:
    """One pass: skip what belongs to no unit, classify each unit by its head, scan it.

    Line numbers come from a cursor that only counts the newlines since its last move.
    Blank lines inside sql units are looked for only when they matter: when the script
    set ``SQLBLANKLINES OFF`` (they end units) or when ``warn`` asks for the warnings.
    """
    size = len(text)
    count = text.count
    find = text.find
    startswith = text.startswith
    next_visible = _NON_BLANK.search
    first_word = _FIRST_WORD.match
    command_of = _SQLPLUS_ABBREVIATIONS.get
    plsql_head = _PLSQL_HEAD.match
    units: list[Unit] = []
    append = units.append
    warnings: list[SplitWarning] = []
    blank_lines_end_sql: bool | None = None  # True: SET SQLBLANKLINES OFF; False: ON; None: unset
    line = 1
    line_pos = 0
    pos = 0
    while True:
        visible = next_visible(text, pos)
        if visible is None:
            return SplitResult(tuple(units), tuple(warnings))
        pos = visible.start()
        char = text[pos]
        if char == "-" and startswith("--", pos):
            pos = line_comment_end(text, pos)
            continue
        if char == "/" and startswith("/*", pos):
            pos = _after_block_comment(text, pos)
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
        command: str | None = None
        if char == "@":
            command = "@"
        elif char in _HOST_SIGNS:
            command = "HOST"
        else:
            word = first_word(text, pos)
            command = None if word is None else command_of(word.group().upper())
            if command == "SET" and _SET_SQL.match(text, pos):
                command = None
        if command is not None:
            body, line_end, terminated = _client_command(text, pos, command)
            if command == "SET":
                blank_lines_end_sql = _blank_lines_end_sql(body, blank_lines_end_sql)
            kind = SQLPLUS
            marker = resume = line_end
        else:
            plsql = startswith("<<", pos) or plsql_head(text, pos) is not None
            kind = PLSQL if plsql else SQL
            body_end, marker, resume = _scan_statement(text, pos, plsql)
            if not plsql and (blank_lines_end_sql or (warn and blank_lines_end_sql is None)):
                blank = _blank_line(text, pos, body_end)
                if blank >= 0 and blank_lines_end_sql:  # OFF: it ends the unit, like a `.` line
                    body_end, marker, resume = blank - 1, blank, blank
                elif blank >= 0:  # not set: warn where SQL*Plus's default would end it
                    warnings.append(SplitWarning(line + count("\n", line_pos, blank), BLANK_LINE_WARNING))
            body = text[pos:body_end].rstrip()
            terminated = marker >= 0
            if not terminated:
                marker = pos + len(body) - 1
        line += count("\n", line_pos, marker)
        line_pos = marker
        append(Unit(kind, start, line, body, terminated))
        pos = resume


def _prepare(script: str) -> str:
    text = script.replace("\r\n", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def split(script: str) -> tuple[Unit, ...]:
    """Split ``script`` into units in order, with SQL*Plus semantics (see module docstring).

    Raises `SplitError` for a string, q-quote, quoted identifier or block comment that is
    still open at the end of the script.
    """
    return _split(_prepare(script), warn=False).units


def split_script(script: str) -> SplitResult:
    """`split`, with the warnings about where SQL*Plus would read the script differently.

    Today one kind: a blank line inside a sql statement of a script that does not set
    ``SQLBLANKLINES`` (SQL*Plus's default would end the statement there).
    """
    return _split(_prepare(script), warn=True)
