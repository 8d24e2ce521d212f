"""Offline static analysis of the Oracle code: syntax, references, the design's PL/SQL rules.

Entry points: `lint_target` (a target's rendered objects and the project's templates) and
`lint_paths` (SQL files). Rules and codes: `findings.RULES`; user documentation:
docs/lint.md.
"""

from conefi_dbtool.lint.engine import lint_paths, lint_target
from conefi_dbtool.lint.findings import RULES, Finding, LintResult, Rule, Suppression

__all__ = ["RULES", "Finding", "LintResult", "Rule", "Suppression", "lint_paths", "lint_target"]
