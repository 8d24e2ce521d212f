"""What a lint rule is: metadata, documentation, the facts it reads and a check.

A rule is one class (in the style of sqlfluff's rules): a stable ``code`` used in
suppressions, reports and CI fingerprints, a readable ``name`` accepted as an alias, a
default ``severity``, the facts it ``needs`` and a ``check``. Its docstring is its
documentation: the first paragraph is the one-line summary (``lint --list-rules``), then
why, then an **Anti-pattern** and a **Fix** section with small SQL examples
(docs/lint.md is generated from them).

What a check looks at depends on its kind: one unit (`UnitRule`), every unit at once
(`ProgramRule`), a template file (`TemplateRule`), a script the splitter rejected
(`SplitRule`), an inline suppression (`SuppressionRule`). The facts are computed by the
engine, never by a rule, and a unit rule sees only the facts it declared.
"""

from __future__ import annotations

import dataclasses
import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.references import Catalog
from conefi_dbtool.lint.semantic import ORACLE_ERRORS, Check, Issue
from conefi_dbtool.lint.sqlfacts import TreeFacts
from conefi_dbtool.lint.sqltext import Handler, Pos
from conefi_dbtool.lint.syntax import SyntaxIssue
from conefi_dbtool.lint.triggers import Reach
from conefi_dbtool.lint.units import Hit, UnitAnalysis


class Fact(StrEnum):
    """A family of facts a rule may read (where it comes from in brackets)."""

    SYNTAX = "syntax"  # the unit's parse problems (lint/syntax.py)
    HANDLERS = "handlers"  # WHEN OTHERS handlers and what they do (lint/sqltext.py)
    SYS_PACKAGES = "sys-packages"  # DBMS_SCHEDULER / DBMS_LOCK written without SYS. (sqltext)
    SELECT_STARS = "select-stars"  # SELECT * and t.* in code (sqltext)
    TREE = "tree"  # tables, aliases and columns of the parse tree (lint/sqlfacts.py)
    CATALOG = "catalog"  # the known objects, and where the unit resolves names (references)
    REFERENCES = "references"  # the unit's names checked against the catalog (references)
    TRIGGER_PATHS = "trigger-paths"  # the code each trigger reaches (lint/triggers.py)
    SWALLOWED = "swallowed"  # WHEN OTHERS handlers that swallow, through helpers (lint/handlers.py)
    SPLIT = "split"  # why the splitter rejected a script (splitter)
    TEMPLATE = "template"  # a template's text and the configured schema names
    SUPPRESSION = "suppression"  # an inline suppression and what it covered (lint/suppress.py)
    SEMANTIC = "semantic"  # the unit's issues against the symbol table (lint/semantic.py)


class UndeclaredFact(LookupError):
    """A rule read a fact it did not declare in ``needs`` (a bug in the rule)."""


# --------------------------------------------------------------------------- what checks see


@dataclass(frozen=True)
class UnitFacts:
    """One unit's facts, as a unit rule sees them: only those it declared are readable."""

    analysis: UnitAnalysis
    catalog_: Catalog
    database: str | None  # erp / sgu2, None for a file without a target
    schema: str  # the schema unqualified names resolve in ("" when unknown)
    references_: tuple[Hit, ...] = ()
    allowed: frozenset[Fact] = frozenset(Fact)
    semantic_: tuple[Issue, ...] = ()
    plsql: bool = False  # a PL/SQL unit (the splitter's kind): Oracle's PL/SQL compiler reads it

    def seen_by(self, rule: Rule) -> UnitFacts:
        return dataclasses.replace(self, allowed=rule.needs)

    def _need(self, fact: Fact) -> None:
        if fact not in self.allowed:
            raise UndeclaredFact(f"{fact} read without being declared in the rule's needs")

    @property
    def syntax(self) -> tuple[SyntaxIssue, ...]:
        self._need(Fact.SYNTAX)
        return self.analysis.syntax

    @property
    def handlers(self) -> tuple[Handler, ...]:
        self._need(Fact.HANDLERS)
        return self.analysis.text.handlers

    @property
    def sys_packages(self) -> tuple[Pos, ...]:
        self._need(Fact.SYS_PACKAGES)
        return self.analysis.text.sys_packages

    @property
    def select_stars(self) -> tuple[Pos, ...]:
        self._need(Fact.SELECT_STARS)
        return self.analysis.text.select_stars

    @property
    def tree(self) -> TreeFacts | None:
        """None when sqlfluff could not parse the unit."""
        self._need(Fact.TREE)
        return self.analysis.tree

    @property
    def catalog(self) -> Catalog:
        self._need(Fact.CATALOG)
        return self.catalog_

    @property
    def references(self) -> tuple[Hit, ...]:
        self._need(Fact.REFERENCES)
        return self.references_

    @property
    def semantic(self) -> tuple[Issue, ...]:
        """The unit's semantic issues (`conefi_dbtool.lint.semantic.check`)."""
        self._need(Fact.SEMANTIC)
        return self.semantic_


@dataclass(frozen=True)
class ProgramFacts:
    """What is known across every unit of the run."""

    reached: tuple[Reach, ...]  # every routine a trigger reaches, with the path
    swallowed: tuple[tuple[int, Handler], ...] = ()  # (unit, handler) reporting nothing


@dataclass(frozen=True)
class TemplateFacts:
    text: str  # the template file, Jinja included
    schemas: tuple[str, ...]  # the configured schema names


@dataclass(frozen=True)
class SplitFailure:
    """What the splitter says about a script: it cannot be cut (``warning`` False), or
    SQL*Plus would read it differently from the split (``warning`` True)."""

    line: int
    detail: str
    warning: bool = False


@dataclass(frozen=True)
class SuppressionFacts:
    """A ``-- conefi: allow`` comment at a place of the file a human edits, and its effect."""

    line: int
    col: int
    rules: tuple[str, ...]  # the rule codes it names that exist
    unknown: tuple[str, ...]  # the words it names that are no rule
    reason: str
    covered: int  # findings it suppressed


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RuleDoc:
    """A rule's docstring, in parts."""

    summary: str
    body: str
    anti_pattern: str
    fix: str


_ANTI, _FIX = "**Anti-pattern**", "**Fix**"


def parse_doc(doc: str) -> RuleDoc:
    """Summary, explanation, anti-pattern and fix of a rule docstring."""
    text = inspect.cleandoc(doc)
    head, anti, fix = text, "", ""
    if _ANTI in text:
        head, rest = text.split(_ANTI, 1)
        anti, _, fix = rest.partition(_FIX)
    summary, _, body = head.strip().partition("\n\n")
    return RuleDoc(" ".join(summary.split()), body.strip(), anti.strip(), fix.strip())


class Rule(ABC):
    """The base of every rule; subclasses set the class attributes and a docstring."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    needs: ClassVar[frozenset[Fact]]
    summary: ClassVar[str]
    oracle_error: ClassVar[str] = ""
    """The Oracle error the rule's findings predict ("" for none); a hit may name a more
    precise one. A semantic rule's is its check's (`lint.semantic.ORACLE_ERRORS`)."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "code" in cls.__dict__:  # a concrete rule, not a kind of rule
            cls.summary = parse_doc(cls.__doc__ or "").summary
            kind = getattr(cls, "check_kind", None)
            if isinstance(kind, Check) and "oracle_error" not in cls.__dict__:
                cls.oracle_error = ORACLE_ERRORS[kind]

    @classmethod
    def doc(cls) -> RuleDoc:
        return parse_doc(cls.__doc__ or "")

    def hit(self, line: int, col: int, message: str, oracle_error: str = "") -> Hit:
        """A hit of this rule; ``oracle_error`` when this one predicts another error than
        the rule's."""
        return Hit(self.code, line, col, message, oracle_error)


class UnitRule(Rule):
    """Checks one unit (positions in the unit text)."""

    @abstractmethod
    def check(self, unit: UnitFacts) -> Iterable[Hit]:
        ...


class ProgramRule(Rule):
    """Checks every unit at once; yields (unit index, hit)."""

    @abstractmethod
    def check(self, program: ProgramFacts) -> Iterable[tuple[int, Hit]]:
        ...


class TemplateRule(Rule):
    """Checks a template file as written (positions in the template)."""

    @abstractmethod
    def check(self, template: TemplateFacts) -> Iterable[Hit]:
        ...


class SplitRule(Rule):
    """Reports a script the splitter rejected (positions in the script)."""

    @abstractmethod
    def check(self, failure: SplitFailure) -> Iterable[Hit]:
        ...


class SuppressionRule(Rule):
    """Checks an inline suppression (positions in the file a human edits)."""

    @abstractmethod
    def check(self, mark: SuppressionFacts) -> Iterable[Hit]:
        ...


KINDS: dict[type[Rule], frozenset[Fact]] = {
    UnitRule: frozenset({Fact.SYNTAX, Fact.HANDLERS, Fact.SYS_PACKAGES, Fact.SELECT_STARS,
                         Fact.TREE, Fact.CATALOG, Fact.REFERENCES, Fact.SEMANTIC}),
    ProgramRule: frozenset({Fact.TRIGGER_PATHS, Fact.SWALLOWED}),
    TemplateRule: frozenset({Fact.TEMPLATE}),
    SplitRule: frozenset({Fact.SPLIT}),
    SuppressionRule: frozenset({Fact.SUPPRESSION}),
}
"""The facts each kind of rule can be given (a test holds every rule to it)."""

