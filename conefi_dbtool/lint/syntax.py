"""Syntax check of one unit with the project's own Oracle parser (`conefi_dbtool.plsql`).

The parser reports what Oracle would reject, one finding per error at the token Oracle
would name (a missing ``END IF`` at the ``END`` that closes the wrong block, a missing
``;`` at the next token), at most one per line, and recovers so later errors are found
too; it never raises. Its tree gives the unit's SQL facts (`sqlfacts.extract`).

Codes: SYN001 the unit does not parse (Oracle would reject it); SYN003 part of the unit
was not checked (nesting deeper than the parser follows). A crash of the parser itself
(a bug) is SYN003 too, never a crash of the lint.

The task API (`tasks_for`, `run_task`, `merge`) lets the engine spread units over
processes on a very large cold run; a unit is one task.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.lint.runkey import PARSER_VERSION
from conefi_dbtool.lint.sqlfacts import TreeFacts, extract
from conefi_dbtool.lint.sqltext import Leaf
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.plsql.tree import Node


@dataclass(frozen=True)
class SyntaxIssue:
    rule: str  # SYN001 does not parse, SYN003 not checked
    line: int  # in the unit text
    col: int
    message: str


def syntax_version() -> str:
    """The syntax layer's version, for cache keys."""
    return PARSER_VERSION


@dataclass(frozen=True)
class ParseTask:
    """One parse: a unit's text."""

    text: str
    plsql: bool

    @property
    def cost(self) -> int:
        return len(self.text)


def tasks_for(text: str, leaves: tuple[Leaf, ...] = (), pieces: tuple[tuple[int, int], ...] = (), *,
              plsql: bool) -> list[ParseTask]:
    """The parse tasks of a unit: the unit itself (the parser is fast enough whole)."""
    return [ParseTask(text, plsql)]


def run_task(task: ParseTask, trees: dict[str, Node] | None = None
             ) -> tuple[tuple[SyntaxIssue, ...], TreeFacts | None]:
    """Syntax issues (positions in the unit) and tree facts of one parse task; the tree
    itself goes into ``trees`` (by unit text) when given: an in-process run's semantic
    passes read it there instead of parsing the unit again."""
    try:
        result = parse(task.text)
        facts = extract(result.tree)
    except Exception as exc:  # a parser bug: reported, never a crash of the lint
        message = " ".join(str(exc).split())[:160]
        return (SyntaxIssue("SYN003", 1, 1, f"the parser failed on this unit, not syntax-checked: "
                                            f"{type(exc).__name__}: {message}"),), None
    if trees is not None:
        trees[task.text] = result.tree
    issues = tuple(SyntaxIssue(e.code, e.line, e.col, e.message) for e in result.errors)
    return issues, facts


def merge(results: list[tuple[tuple[SyntaxIssue, ...], TreeFacts | None]]
          ) -> tuple[tuple[SyntaxIssue, ...], TreeFacts | None]:
    """One unit's issues and facts from its tasks' (a unit is one task)."""
    return results[0] if results else ((), None)


def parse_unit(text: str, leaves: tuple[Leaf, ...] = (), pieces: tuple[tuple[int, int], ...] = (), *,
               plsql: bool) -> tuple[tuple[SyntaxIssue, ...], TreeFacts | None]:
    """Syntax issues of a unit (positions in ``text``) and its tree facts, in-process."""
    return merge([run_task(t) for t in tasks_for(text, leaves, pieces, plsql=plsql)])
