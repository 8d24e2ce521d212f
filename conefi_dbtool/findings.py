"""What every checker reports: a severity scale and the base of a finding.

Lint, grants and (later) preflight report findings; they share one ordered scale so a
``--fail-on`` threshold and a "worst first" sort mean the same everywhere. A `Severity` is a
`StrEnum`: it prints, compares and serialises as its plain name (``"error"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """Ordered from least to most serious: ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error (the order thresholds compare)."""
        return _RANK[self]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank >= threshold.rank

    @classmethod
    def parse(cls, word: str) -> Severity:
        """The severity named `word` (case-insensitive); ValueError names the choices."""
        try:
            return cls(word.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {word!r} (choose from {choices})") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def worst_first(severity: Severity) -> int:
    """A sort key putting errors before warnings before infos."""
    return -severity.rank


@dataclass(frozen=True)
class Finding:
    """The part every finding has: a stable code, a severity and a one-line message."""

    code: str
    severity: Severity
    message: str
