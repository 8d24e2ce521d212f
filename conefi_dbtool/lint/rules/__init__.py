"""Every lint rule, one class each, and the registry the engine runs.

Adding a rule: a class in the module of its family (a kind from `base`, a docstring with
**Anti-pattern** and **Fix**, the facts it needs), its entry in `REGISTRY`, a case file
``tests/lint/lint_rules/<CODE>.toml``, then regenerate docs/lint.md
(`conefi_dbtool.lint.docs.update_lint_md`).
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.lint.rules.base import (
    ProgramRule,
    Rule,
    SplitRule,
    SuppressionRule,
    TemplateRule,
    UnitRule,
)
from conefi_dbtool.lint.rules.dictionary_views import DateModelMismatch
from conefi_dbtool.lint.rules.flow import (
    CursorAttribute,
    DuplicateHandler,
    ExitLabel,
    ExitOutsideLoop,
    FunctionWithoutReturn,
    GotoUnreachable,
    OthersNotLast,
    ReturnWithoutValue,
    ReturnWithValue,
)
from conefi_dbtool.lint.rules.plsql import (
    ProtheusDeletedFilter,
    SelectStar,
    SwallowedException,
    TriggerAutonomousTransaction,
    TriggerCommit,
    UnqualifiedSysPackage,
)
from conefi_dbtool.lint.rules.references import (
    UnknownColumn,
    UnknownObject,
    UnknownTable,
    UnresolvedTable,
)
from conefi_dbtool.lint.rules.semantic import (
    BadBindVariable,
    CorrelationNotWritable,
    DeclarationOrder,
    DefaultMismatch,
    DuplicateDeclaration,
    EndLabelMismatch,
    FunctionAsStatement,
    JobActionUnknown,
    OutActualNotVariable,
    ProcedureInExpression,
    ReadOnlyTarget,
    SchedulerAttribute,
    StatementTriggerCorrelation,
    SubprogramWithoutBody,
    TriggerWhen,
    UnknownPackageMember,
    UnresolvedIdentifier,
    UnresolvedName,
    WrongArguments,
)
from conefi_dbtool.lint.rules.sql_semantic import (
    AggregateNotAllowed,
    AmbiguousColumn,
    ColumnNotAllowed,
    DuplicateColumnName,
    MissingWindow,
    NestedAggregate,
    NotEnoughValues,
    NotGroupByExpression,
    NotSingleGroup,
    SelectWithoutInto,
    SequencePseudoColumn,
    SetOperatorColumns,
    SqlUnknownIdentifier,
    TooManyValues,
    UnknownDerivedColumn,
    UnknownIndexColumn,
    UnknownQualifier,
    UnnamedViewExpression,
    WindowFunctionNotAllowed,
)
from conefi_dbtool.lint.rules.suppressions import (
    SuppressionUnknownRule,
    SuppressionUnused,
    SuppressionWithoutReason,
)
from conefi_dbtool.lint.rules.syntax import ParserFailure, SqlplusBlankLine, Unparsable, Unsplittable
from conefi_dbtool.lint.rules.templates import LiteralSchema
from conefi_dbtool.lint.rules.trigger_path import TriggerPathPackageState
from conefi_dbtool.lint.rules.types import (
    ArgumentType,
    BooleanInSql,
    BulkIntoScalar,
    DateFromText,
    IntoCollection,
    InvalidNumber,
    NumberWithDateModel,
    TextToNumber,
    ValueTooLargeForColumn,
    ValueTooLong,
    WrongType,
)

REGISTRY: tuple[Rule, ...] = (
    Unparsable(),
    Unsplittable(),
    ParserFailure(),
    SqlplusBlankLine(),
    UnknownTable(),
    UnknownColumn(),
    UnknownObject(),
    UnresolvedTable(),
    TriggerAutonomousTransaction(),
    TriggerCommit(),
    SwallowedException(),
    UnqualifiedSysPackage(),
    ProtheusDeletedFilter(),
    SelectStar(),
    TriggerPathPackageState(),
    LiteralSchema(),
    UnknownPackageMember(),
    WrongArguments(),
    DuplicateDeclaration(),
    UnresolvedIdentifier(),
    UnresolvedName(),
    SubprogramWithoutBody(),
    EndLabelMismatch(),
    ReadOnlyTarget(),
    DefaultMismatch(),
    FunctionAsStatement(),
    ProcedureInExpression(),
    OutActualNotVariable(),
    WrongType(),
    ArgumentType(),
    BooleanInSql(),
    ValueTooLong(),
    DateFromText(),
    NumberWithDateModel(),
    ValueTooLargeForColumn(),
    TextToNumber(),
    InvalidNumber(),
    # --- lintlast (issue 15)
    IntoCollection(),
    BulkIntoScalar(),
    # --- trigsched (issue 15)
    JobActionUnknown(),
    DeclarationOrder(),
    TriggerWhen(),
    BadBindVariable(),
    StatementTriggerCorrelation(),
    CorrelationNotWritable(),
    SchedulerAttribute(),
    UnknownQualifier(),
    AmbiguousColumn(),
    SqlUnknownIdentifier(),
    UnknownDerivedColumn(),
    UnknownIndexColumn(),
    SequencePseudoColumn(),
    AggregateNotAllowed(),
    NotSingleGroup(),
    NotGroupByExpression(),
    SelectWithoutInto(),
    TooManyValues(),
    NotEnoughValues(),
    ColumnNotAllowed(),
    SetOperatorColumns(),
    DuplicateColumnName(),
    UnnamedViewExpression(),
    WindowFunctionNotAllowed(),
    NestedAggregate(),
    MissingWindow(),
    # --- dictviews (issue 15)
    DateModelMismatch(),
    SuppressionWithoutReason(),
    SuppressionUnknownRule(),
    SuppressionUnused(),
    # --- flow (issue 15): statement context
    ExitOutsideLoop(),
    ExitLabel(),
    ReturnWithValue(),
    ReturnWithoutValue(),
    OthersNotLast(),
    DuplicateHandler(),
    FunctionWithoutReturn(),
    GotoUnreachable(),
    CursorAttribute(),
)
"""In the order rules are listed (``lint --list-rules``, docs/lint.md)."""

RULES: dict[str, Rule] = {r.code: r for r in REGISTRY}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in REGISTRY}


def resolve_rule(word: str) -> Rule | None:
    """A rule by code (case-insensitive) or by name."""
    return RULES.get(word.upper()) or RULES_BY_NAME.get(word.lower())


@dataclass(frozen=True)
class RuleSet:
    """Rules grouped by kind, each group in registry order (what the engine loops over)."""

    split: tuple[SplitRule, ...]
    unit: tuple[UnitRule, ...]
    program: tuple[ProgramRule, ...]
    template: tuple[TemplateRule, ...]
    suppression: tuple[SuppressionRule, ...]

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> RuleSet:
        return cls(tuple(r for r in rules if isinstance(r, SplitRule)),
                   tuple(r for r in rules if isinstance(r, UnitRule)),
                   tuple(r for r in rules if isinstance(r, ProgramRule)),
                   tuple(r for r in rules if isinstance(r, TemplateRule)),
                   tuple(r for r in rules if isinstance(r, SuppressionRule)))

    def __len__(self) -> int:
        return sum(len(group) for group in (self.split, self.unit, self.program, self.template,
                                            self.suppression))


BY_KIND = RuleSet.of(REGISTRY)
