"""What lint reports: findings located in a file, suppressions, and the run's result.

A finding extends the shared `conefi_dbtool.findings.Finding` (code, severity, message)
with where a human fixes it. Rules (code, name, severity, documentation) are classes in
`conefi_dbtool.lint.rules`. Severities are ordered: a finding fails the run when it is at
or above ``--fail-on``.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.findings import Finding as BaseFinding
from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.rules import RULES

SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
SEVERITY_RANK = {s.value: s.rank for s in Severity}  # the JUnit writer's threshold


@dataclass(frozen=True)
class Finding(BaseFinding):
    """One problem at a place: ``file`` is the template (or the SQL file) a human edits."""

    file: str
    line: int
    column: int
    object: str = ""  # the rendered object, e.g. erp:CONEFI.package_body.PKG_X ("" for files)
    rendered_line: int = 0  # line in the rendered object text (0 when file is that text)

    def __post_init__(self) -> None:
        # a result read back from the run cache holds the severity as its plain name
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def rule(self) -> str:
        """The rule's code, under the name the reports use for it."""
        return self.code

    @property
    def name(self) -> str:
        return RULES[self.code].name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


def make_finding(rule: str, file: str, line: int, column: int, message: str, *,
                 object: str = "", rendered_line: int = 0) -> Finding:
    """A finding with the rule's default severity."""
    return Finding(rule, RULES[rule].severity, message, file, line, column, object, rendered_line)


@dataclass(frozen=True)
class Suppression:
    """An inline ``-- conefi: allow RULE reason`` comment and what it suppressed."""

    file: str
    line: int
    rules: tuple[str, ...]
    reason: str
    suppressed: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class LintResult:
    """Findings that count, the suppressions seen, and how much was analysed."""

    findings: tuple[Finding, ...]
    suppressions: tuple[Suppression, ...]
    units: int
    target: str | None = None
    files: tuple[str, ...] = ()  # every file checked (templates, SQL files)
    cache_hits: int = 0
    cache_misses: int = 0
    skipped: tuple[str, ...] = ()  # checks the run could not make, in words (never silent)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    def suppressed_count(self) -> int:
        return sum(len(s.suppressed) for s in self.suppressions)

    def fails(self, fail_on: str) -> bool:
        """True when a finding is at or above ``fail_on`` (``never`` never fails)."""
        if fail_on == "never":
            return False
        floor = Severity.parse(fail_on)
        return any(f.severity.at_least(floor) for f in self.findings)
