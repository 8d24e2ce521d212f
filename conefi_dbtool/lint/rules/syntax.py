"""Syntax rules (SYN): what the splitter and the project's Oracle parser reject.

The problems themselves are facts (lint/syntax.py runs the parser of conefi_dbtool.plsql;
the splitter rejects a script): these rules report them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.rules.base import Fact, SplitFailure, SplitRule, UnitFacts, UnitRule
from conefi_dbtool.lint.units import Hit


class _SyntaxIssueRule(UnitRule):
    """Reports the unit's syntax issues that lint/syntax.py tagged with this rule's code."""

    needs = frozenset({Fact.SYNTAX})
    plsql_error: ClassVar[str] = ""  # what Oracle's PL/SQL compiler says of such an issue

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        for issue in unit.syntax:
            if issue.rule == self.code:
                yield self.hit(issue.line, issue.col, issue.message,
                               self.plsql_error if unit.plsql else "")


class _SplitCheck(SplitRule):
    """A rule on what the splitter found: the script's failure, or its warning."""

    needs = frozenset({Fact.SPLIT})


class Unparsable(_SyntaxIssueRule):
    """a unit does not parse: Oracle would reject it (the project's Oracle parser)

    One finding per error, at the token Oracle would report (a missing `END IF` at the
    `END` that closes the wrong block, a missing `;` at the next token, two CREATEs with
    no `/` between them at the second CREATE), at most one per line; the parser then
    resynchronises at the next statement, so later errors are reported too.

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
    plsql_error = "PLS-00103"  # "Encountered the symbol ..."; SQL's errors vary (ORA-00933...)


class Unsplittable(_SplitCheck):
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

    def check(self, failure: SplitFailure) -> Iterator[Hit]:
        if not failure.warning:
            yield self.hit(failure.line, 1, f"cannot split the script: {failure.detail}")


class SqlplusBlankLine(_SplitCheck):
    """a blank line inside a SQL statement of a script that does not SET SQLBLANKLINES

    SQL*Plus's default (``SQLBLANKLINES OFF``) ends a SQL statement at a blank line without
    running it, and then reads the rest as a new command; the lint (like SQLcl and the
    deploy scripts this tool writes, which set it ON) reads the statement whole. Files
    given as arguments only: a target's rendered objects are deployed by scripts that set
    ``SQLBLANKLINES ON``.

    **Anti-pattern**

    ```sql
    INSERT INTO t (a)

    VALUES (1);
    ```

    **Fix**

    ```sql
    SET SQLBLANKLINES ON
    INSERT INTO t (a)

    VALUES (1);
    ```
    """

    code = "SYN004"
    name = "sqlplus-blank-line"
    severity = Severity.WARNING

    def check(self, failure: SplitFailure) -> Iterator[Hit]:
        if failure.warning:
            yield self.hit(failure.line, 1, failure.detail)


class ParserFailure(_SyntaxIssueRule):
    """part of a unit was not syntax-checked (nesting deeper than the parser follows)

    The parser follows 150 levels of nested parentheses, subqueries and blocks; deeper
    code is reported (a warning) and the rest of the unit is not checked, so nothing is
    skipped silently. An internal failure of the parser is reported the same way, never
    as a crash of the tool; the unit's other rules still run on the text-level facts.

    **Anti-pattern**

    ```sql
    SELECT ((((((((((((((((((((( ... 160 levels ... ))))))))))))))))))))) FROM dual;
    ```

    **Fix**

    ```sql
    SELECT 1 FROM dual;
    ```
    """

    code = "SYN003"
    name = "parser-failure"
    severity = Severity.WARNING
