"""Syntax rules (SYN): what the splitter and sqlfluff's Oracle grammar reject.

The problems themselves are facts (lint/syntax.py finds them, working around sqlfluff's
known gaps; the splitter rejects a script): these rules report them.
"""

from __future__ import annotations

from collections.abc import Iterator

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.rules.base import Fact, SplitFailure, SplitRule, UnitFacts, UnitRule
from conefi_dbtool.lint.units import Hit


class _SyntaxIssueRule(UnitRule):
    """Reports the unit's syntax issues that lint/syntax.py tagged with this rule's code."""

    needs = frozenset({Fact.SYNTAX})

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        for issue in unit.syntax:
            if issue.rule == self.code:
                yield self.hit(issue.line, issue.col, issue.message)


class Unparsable(_SyntaxIssueRule):
    """a unit does not parse with the Oracle PL/SQL grammar (sqlfluff, oracle dialect)

    Reported at the statement or declaration that does not parse on its own (the lint
    re-parses each statement of an unparsable block alone), or at the block when none
    does. Oracle would reject the unit at deploy time.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE PROCEDURE CONEFI.P_X IS
    BEGIN
      UPDATE CONEFI.T_X SET;
    END;
    /
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE PROCEDURE CONEFI.P_X IS
    BEGIN
      UPDATE CONEFI.T_X SET ID = 0;
    END;
    /
    ```
    """

    code = "SYN001"
    name = "unparsable"
    severity = Severity.ERROR


class Unsplittable(SplitRule):
    """the script cannot be split into units (unterminated string, q-quote or comment)

    The project's SQL*Plus splitter cuts a script into units the way SQL*Plus would; a
    script it cannot cut is not analysed at all.

    **Anti-pattern**

    ```sql
    SELECT 'it''s open FROM dual;
    ```

    **Fix**

    ```sql
    SELECT 'it''s closed' FROM dual;
    ```
    """

    code = "SYN002"
    name = "unsplittable"
    severity = Severity.ERROR
    needs = frozenset({Fact.SPLIT})

    def check(self, failure: SplitFailure) -> Iterator[Hit]:
        yield self.hit(failure.line, 1, f"cannot split the script: {failure.detail}")


class ParserFailure(_SyntaxIssueRule):
    """sqlfluff failed internally on a unit, so the unit was not syntax-checked

    A crash of the parser is reported (a warning), never a crash of the tool: the unit's
    other rules still run on the text-level facts. sqlfluff 4.5 gives up, for instance, on
    expressions nested about 40 parentheses deep.

    **Anti-pattern**

    ```sql
    SELECT ((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))) FROM dual;
    ```

    **Fix**

    ```sql
    SELECT 1 FROM dual;
    ```
    """

    code = "SYN003"
    name = "parser-failure"
    severity = Severity.WARNING
