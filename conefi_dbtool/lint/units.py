"""The unit of analysis: one SQL*Plus unit, where it came from, and what was learnt from it."""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.lint.sqlfacts import TreeFacts
from conefi_dbtool.lint.sqltext import TextFacts
from conefi_dbtool.lint.syntax import SyntaxIssue


@dataclass(frozen=True)
class Hit:
    """A rule violation at a position of the unit text (mapped to a file by the engine)."""

    rule: str
    line: int
    col: int
    message: str
    oracle_error: str = ""  # the error Oracle would raise, when this hit knows better than its rule


@dataclass(frozen=True)
class UnitAnalysis:
    """Everything derived from the unit text alone: cached under the hash of that text."""

    syntax: tuple[SyntaxIssue, ...]
    text: TextFacts
    tree: TreeFacts | None


@dataclass(frozen=True)
class LintUnit:
    """A unit to lint and the source it belongs to.

    ``source`` indexes the engine's sources (a rendered object or a SQL file); the unit's
    line 1 is line ``line_offset + 1`` of that source, and columns on that first line are
    shifted by ``col_offset`` (text before the unit on the same line).
    """

    source: int
    kind: str  # plsql, sql, sqlplus (splitter kinds)
    text: str
    line_offset: int
    col_offset: int
    database: str | None  # erp / sgu2, None for a file
    schema: str  # the schema unqualified names resolve in ("" when unknown)
    key: str  # cache key of the analysis
