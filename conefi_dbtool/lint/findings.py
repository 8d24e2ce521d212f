"""What lint reports: rules (code, name, severity) and findings located in a file.

Every rule has a stable code (``PLS003``) used in suppressions, reports and CI
fingerprints, and a readable name (``swallowed-exception``) accepted as an alias.
Severities are ordered: a finding fails the run when it is at or above ``--fail-on``.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str


_RULES = (
    Rule("SYN001", "unparsable", "error",
         "a unit does not parse with the Oracle PL/SQL grammar (sqlfluff, oracle dialect)"),
    Rule("SYN002", "unsplittable", "error",
         "the script cannot be split into units (unterminated string, q-quote or comment)"),
    Rule("SYN003", "parser-failure", "warning",
         "sqlfluff failed internally on a unit, so the unit was not syntax-checked"),
    Rule("REF001", "unknown-table", "error",
         "a table or view is neither in the Protheus dictionary, nor created by the project, "
         "nor declared as an external object"),
    Rule("REF002", "unknown-column", "error",
         "a column is not a column of the table or view it is read from"),
    Rule("REF003", "unknown-object", "error",
         "a sequence, function, procedure or package subprogram does not exist"),
    Rule("REF004", "unresolved-table", "warning",
         "an unqualified table or view name resolves to nothing the project knows "
         "(a private synonym or an object outside the project?)"),
    Rule("PLS001", "trigger-autonomous-transaction", "error",
         "PRAGMA AUTONOMOUS_TRANSACTION in a trigger or in code a trigger calls"),
    Rule("PLS002", "trigger-commit", "error",
         "COMMIT or ROLLBACK in a trigger or in code a trigger calls"),
    Rule("PLS003", "swallowed-exception", "error",
         "WHEN OTHERS that neither re-raises nor records the error"),
    Rule("PLS004", "unqualified-sys-package", "error",
         "DBMS_SCHEDULER or DBMS_LOCK called without the SYS. prefix"),
    Rule("PLS005", "protheus-deleted-filter", "error",
         "a Protheus table read or changed without a D_E_L_E_T_ filter"),
    Rule("PLS006", "select-star", "warning",
         "SELECT * in code (the column list changes with the dictionary)"),
    Rule("TPL001", "literal-schema", "error",
         "a configured schema name written literally in a template instead of taken from config"),
    Rule("SUP001", "suppression-without-reason", "error",
         "an inline suppression gives no reason (and therefore suppresses nothing)"),
    Rule("SUP002", "suppression-unknown-rule", "warning",
         "an inline suppression names a rule that does not exist"),
    Rule("SUP003", "suppression-unused", "info",
         "an inline suppression matched no finding"),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in _RULES}


def resolve_rule(word: str) -> Rule | None:
    """A rule by code (case-insensitive) or by name."""
    return RULES.get(word.upper()) or RULES_BY_NAME.get(word.lower())


@dataclass(frozen=True)
class Finding:
    """One problem at a place: ``file`` is the template (or the SQL file) a human edits."""

    rule: str
    severity: str
    file: str
    line: int
    column: int
    message: str
    object: str = ""  # the rendered object, e.g. erp:CONEFI.package_body.PKG_X ("" for files)
    rendered_line: int = 0  # line in the rendered object text (0 when file is that text)

    @property
    def name(self) -> str:
        return RULES[self.rule].name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)


def make_finding(rule: str, file: str, line: int, column: int, message: str, *,
                 object: str = "", rendered_line: int = 0) -> Finding:
    """A finding with the rule's default severity."""
    return Finding(rule, RULES[rule].severity, file, line, column, message, object, rendered_line)


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

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def suppressed_count(self) -> int:
        return sum(len(s.suppressed) for s in self.suppressions)

    def fails(self, fail_on: str) -> bool:
        """True when a finding is at or above ``fail_on`` (``never`` never fails)."""
        if fail_on == "never":
            return False
        floor = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] >= floor for f in self.findings)
