"""Suppression rules (SUP): every accepted exception to a rule is explained where it is made.

``-- conefi: allow RULE[,RULE...] reason`` suppresses findings of those rules on its line
or on the next one (lint/suppress.py); these rules check the comments themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.rules.base import Fact, SuppressionFacts, SuppressionRule
from conefi_dbtool.lint.units import Hit


class _SuppressionCheck(SuppressionRule):
    """A rule on the suppression comments: each one is given the comment's facts."""

    needs = frozenset({Fact.SUPPRESSION})


class SuppressionWithoutReason(_SuppressionCheck):
    """an inline suppression gives no reason (and therefore suppresses nothing)

    **Anti-pattern**

    ```sql
    SELECT * FROM dual;  -- conefi: allow PLS006
    ```

    **Fix**

    ```sql
    SELECT * FROM dual;  -- conefi: allow PLS006 one-off check of the dictionary view
    ```
    """

    code = "SUP001"
    name = "suppression-without-reason"
    severity = Severity.ERROR

    def check(self, mark: SuppressionFacts) -> Iterator[Hit]:
        if not mark.reason:
            yield self.hit(mark.line, mark.col,
                           "suppression without a reason: write '-- conefi: allow RULE why it "
                           "is fine' (it suppresses nothing until then)")


class SuppressionUnknownRule(_SuppressionCheck):
    """an inline suppression names a rule that does not exist

    Rules are named by code (`PLS003`) or by name (`swallowed-exception`); the known rules
    the comment names are still suppressed.

    **Anti-pattern**

    ```sql
    SELECT * FROM dual;  -- conefi: allow PLS666 one-off check
    ```

    **Fix**

    ```sql
    SELECT * FROM dual;  -- conefi: allow select-star one-off check
    ```
    """

    code = "SUP002"
    name = "suppression-unknown-rule"
    severity = Severity.WARNING

    def check(self, mark: SuppressionFacts) -> Iterator[Hit]:
        for word in mark.unknown:
            yield self.hit(mark.line, mark.col, f"suppression names an unknown rule {word!r}")


class SuppressionUnused(_SuppressionCheck):
    """an inline suppression matched no finding

    An info: the code it excused has changed, so the comment can go.

    **Anti-pattern**

    ```sql
    SELECT DUMMY FROM dual;  -- conefi: allow PLS006 one-off check
    ```

    **Fix**

    ```sql
    SELECT DUMMY FROM dual;
    ```
    """

    code = "SUP003"
    name = "suppression-unused"
    severity = Severity.INFO

    def check(self, mark: SuppressionFacts) -> Iterator[Hit]:
        if mark.reason and mark.rules and not mark.covered:
            yield self.hit(mark.line, mark.col,
                           f"suppression of {', '.join(mark.rules)} matched no finding")
