"""What a lint run returns: findings located in a file, suppressions, the run's counts.

Plain values with no dependency on the rules or the parser: a warm run reads a result from
the run cache and prints it without importing either (`conefi_dbtool.lint.runkey`). A
finding carries its rule's name, copied from the registry when it is made
(`findings.make_finding`), as its severity is. Severities are ordered: a finding fails the
run when it is at or above ``--fail-on``.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.findings import Finding as BaseFinding
from conefi_dbtool.findings import Severity

SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
SEVERITY_RANK = {s.value: s.rank for s in Severity}  # the JUnit writer's threshold


@dataclass(frozen=True)
class Finding(BaseFinding):
    """One problem at a place: ``file`` is the template (or the SQL file) a human edits."""

    file: str
    line: int
    column: int
    name: str  # the rule's name (reports show it next to the code)
    object: str = ""  # the rendered object, e.g. erp:CONEFI.package_body.PKG_X ("" for files)
    rendered_line: int = 0  # line in the rendered object text (0 when file is that text)
    oracle_error: str = ""  # the Oracle error the finding predicts (ORA-00904...), "" for none

    @property
    def rule(self) -> str:
        """The rule's code, under the name the reports use for it."""
        return self.code

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


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
