"""Making lint findings: a rule's code gives the finding its severity and name.

The values themselves (`Finding`, `Suppression`, `LintResult`) are in `lint.result`, free
of the rule registry so a warm run can print a cached result without importing the rules;
they are re-exported here. Rules (code, name, severity, documentation) are classes in
`conefi_dbtool.lint.rules`.
"""

from __future__ import annotations

from conefi_dbtool.lint.result import SEVERITIES, SEVERITY_RANK, Finding, LintResult, Suppression
from conefi_dbtool.lint.rules import RULES

__all__ = ["SEVERITIES", "SEVERITY_RANK", "Finding", "LintResult", "Suppression", "make_finding"]


def make_finding(rule: str, file: str, line: int, column: int, message: str, *,
                 object: str = "", rendered_line: int = 0, oracle_error: str = "") -> Finding:
    """A finding with the rule's default severity, its name and the Oracle error it
    predicts (``oracle_error``, else the rule's)."""
    spec = RULES[rule]
    return Finding(rule, spec.severity, message, file, line, column, spec.name, object,
                   rendered_line, oracle_error or spec.oracle_error)
