"""Semantic analysis of PL/SQL units: a symbol table and the checks Oracle's compiler makes.

Why: a misspelt package member, a call with a wrong argument list, a duplicate declaration
or a spec subprogram left without a body parse fine and fail only at ``CREATE``. This module
predicts those compile errors offline, each issue naming the Oracle error it stands for.

Two steps, both pure: `unit_symbols` reads one unit's syntax tree (declarations per
declarative section, package specs and bodies, calls and names with their arguments) and
the issues the tree alone shows (duplicates, declaration order, a trigger's use of its
correlation names); `check` resolves a unit's uses against the program (every unit of the
namespace: what the project's package specs export) and the bundled catalogue of Oracle
built-ins (`conefi_dbtool.plsql.builtins`), scheduler job actions included. Precision
first: whatever is outside the model is "unresolved" (information), never an error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from conefi_dbtool.plsql.builtins import Catalogue, Kind, Package, Subprogram, bundled
from conefi_dbtool.plsql.lexer import (
    NAMES,
    Token,
    TokenKind,
    closing_paren,
    dotted_name,
    significant_tokens,
)
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.plsql.tree import Node, NodeKind

__all__ = ["SQL_KINDS", "Check", "Issue", "Program", "Signature", "UnitSymbols", "check",
           "edit_distance", "heading_return_type", "literal_family", "program_of", "split_args",
           "unit_symbols"]


class Check(StrEnum):
    """What an issue is about (one lint rule each)."""

    UNKNOWN_MEMBER = "unknown-member"  # PLS-00302
    WRONG_ARGUMENTS = "wrong-arguments"  # PLS-00306
    DUPLICATE = "duplicate"  # PLS-00371
    UNRESOLVED = "unresolved"  # PLS-00201 when everything the unit uses is known
    UNRESOLVED_OUTSIDE = "unresolved-outside"  # not in the model: information only
    NO_BODY = "no-body"  # PLS-00323
    END_LABEL = "end-label"  # PLS-00113
    READ_ONLY = "read-only"  # PLS-00363
    DEFAULT_MISMATCH = "default-mismatch"  # PLS-00593
    FUNCTION_AS_STATEMENT = "function-as-statement"  # PLS-00221
    PROCEDURE_IN_EXPRESSION = "procedure-in-expression"  # PLS-00222
    OUT_NOT_VARIABLE = "out-not-variable"  # PLS-00363
    # --- typing (conefi_dbtool.lint.typecheck)
    WRONG_TYPE = "wrong-type"  # PLS-00382
    ARGUMENT_TYPE = "argument-type"  # PLS-00306
    BOOLEAN_IN_SQL = "boolean-in-sql"  # PLS-00382
    VALUE_TOO_LONG = "value-too-long"  # ORA-06502 (runtime)
    DATE_TEXT = "date-text"  # ORA-01843 (runtime)
    NUMBER_DATE_MODEL = "number-date-model"  # ORA-01481 (runtime)
    VALUE_TOO_LARGE = "value-too-large"  # ORA-12899 (runtime)
    TEXT_TO_NUMBER = "text-to-number"  # ORA-06502 (runtime, PL/SQL)
    INVALID_NUMBER = "invalid-number"  # ORA-01722 (runtime, SQL)
    # --- trigsched (issue 15): scheduler jobs, declaration order, triggers
    JOB_ACTION = "job-action"  # ORA-27476
    USED_BEFORE_DECLARED = "used-before-declared"  # PLS-00313
    BIND_IN_WHEN = "bind-in-when"  # ORA-25000
    BAD_BIND = "bad-bind"  # PLS-00049
    STATEMENT_TRIGGER_CORRELATION = "statement-trigger-correlation"  # ORA-04082
    STATEMENT_TRIGGER_WHEN = "statement-trigger-when"  # ORA-04077
    NEW_NOT_WRITABLE = "new-not-writable"  # ORA-04084
    OLD_NOT_WRITABLE = "old-not-writable"  # ORA-04085
    WHEN_CORRELATION = "when-correlation"  # ORA-04076
    SCHEDULER_ATTRIBUTE = "scheduler-attribute"  # ORA-27469
    DECLARATION_AFTER_BODY = "declaration-after-body"  # PLS-00103
    SCHEDULER_VALUE = "scheduler-value"  # ORA-27465
    POSITIONAL_AFTER_NAMED = "positional-after-named"  # PLS-00312
    # --- sqlsem: SQL semantics (conefi_dbtool/lint/sqlsem.py)
    SQL_UNKNOWN_QUALIFIER = "sql-unknown-qualifier"  # ORA-00904
    SQL_AMBIGUOUS = "sql-ambiguous"  # ORA-00918
    SQL_UNKNOWN_IDENTIFIER = "sql-unknown-identifier"  # ORA-00904
    SQL_UNKNOWN_DERIVED_COLUMN = "sql-unknown-derived-column"  # ORA-00904
    SQL_UNKNOWN_INDEX_COLUMN = "sql-unknown-index-column"  # ORA-00904
    SQL_SEQUENCE_PSEUDOCOLUMN = "sql-sequence-pseudocolumn"  # ORA-00904
    SQL_AGGREGATE_NOT_ALLOWED = "sql-aggregate-not-allowed"  # ORA-00934
    SQL_NOT_SINGLE_GROUP = "sql-not-single-group"  # ORA-00937
    SQL_NOT_GROUP_BY = "sql-not-group-by"  # ORA-00979
    SQL_SELECT_WITHOUT_INTO = "sql-select-without-into"  # PLS-00428
    SQL_TOO_MANY_VALUES = "sql-too-many-values"  # ORA-00913
    SQL_NOT_ENOUGH_VALUES = "sql-not-enough-values"  # ORA-00947
    SQL_COLUMN_NOT_ALLOWED = "sql-column-not-allowed"  # ORA-00984
    SQL_SET_COLUMNS = "sql-set-columns"  # ORA-01789
    SQL_DUPLICATE_COLUMN = "sql-duplicate-column"  # ORA-00957
    SQL_UNNAMED_EXPRESSION = "sql-unnamed-expression"  # ORA-00998
    SQL_WINDOW_NOT_ALLOWED = "sql-window-not-allowed"  # ORA-30483
    SQL_NESTED_AGGREGATE = "sql-nested-aggregate"  # ORA-00978
    SQL_MISSING_WINDOW = "sql-missing-window"  # ORA-30484
    # --- flow: statement context (conefi_dbtool.lint.flow)
    EXIT_OUTSIDE_LOOP = "exit-outside-loop"  # PLS-00376
    EXIT_LABEL = "exit-label"  # PLS-00374
    RETURN_WITH_VALUE = "return-with-value"  # PLS-00372
    RETURN_WITHOUT_VALUE = "return-without-value"  # PLS-00503
    OTHERS_NOT_LAST = "others-not-last"  # PLS-00370
    DUPLICATE_HANDLER = "duplicate-handler"  # PLS-00483
    FUNCTION_WITHOUT_RETURN = "function-without-return"  # ORA-06503
    GOTO_UNREACHABLE = "goto-unreachable"  # PLS-00375
    CURSOR_ATTRIBUTE = "cursor-attribute"  # PLS-00324
    # --- dictviews: Oracle dictionary views, date format models
    DATE_MODEL_MISMATCH = "date-model-mismatch"  # ORA-01843 (runtime)
    # --- lintlast: collections in an INTO list
    INTO_COLLECTION = "into-collection"  # PLS-00597
    BULK_INTO_SCALAR = "bulk-into-scalar"  # PLS-00497


ORACLE_ERRORS: dict[Check, str] = {
    Check.UNKNOWN_MEMBER: "PLS-00302",
    Check.WRONG_ARGUMENTS: "PLS-00306",
    Check.DUPLICATE: "PLS-00371",
    Check.UNRESOLVED: "PLS-00201",
    Check.UNRESOLVED_OUTSIDE: "PLS-00201",
    Check.NO_BODY: "PLS-00323",
    Check.END_LABEL: "PLS-00113",
    Check.READ_ONLY: "PLS-00363",
    Check.DEFAULT_MISMATCH: "PLS-00593",
    Check.FUNCTION_AS_STATEMENT: "PLS-00221",
    Check.PROCEDURE_IN_EXPRESSION: "PLS-00222",
    Check.OUT_NOT_VARIABLE: "PLS-00363",
    # --- typing (conefi_dbtool.lint.typecheck)
    Check.WRONG_TYPE: "PLS-00382",
    Check.ARGUMENT_TYPE: "PLS-00306",
    Check.BOOLEAN_IN_SQL: "PLS-00382",
    Check.VALUE_TOO_LONG: "ORA-06502",
    Check.DATE_TEXT: "ORA-01843",
    Check.NUMBER_DATE_MODEL: "ORA-01481",
    Check.VALUE_TOO_LARGE: "ORA-12899",
    Check.TEXT_TO_NUMBER: "ORA-06502",
    Check.INVALID_NUMBER: "ORA-01722",
    # --- trigsched
    Check.JOB_ACTION: "ORA-27476",
    Check.USED_BEFORE_DECLARED: "PLS-00313",
    Check.BIND_IN_WHEN: "ORA-25000",
    Check.BAD_BIND: "PLS-00049",
    Check.STATEMENT_TRIGGER_CORRELATION: "ORA-04082",
    Check.STATEMENT_TRIGGER_WHEN: "ORA-04077",
    Check.NEW_NOT_WRITABLE: "ORA-04084",
    Check.OLD_NOT_WRITABLE: "ORA-04085",
    Check.WHEN_CORRELATION: "ORA-04076",
    Check.SCHEDULER_ATTRIBUTE: "ORA-27469",
    Check.DECLARATION_AFTER_BODY: "PLS-00103",
    Check.SCHEDULER_VALUE: "ORA-27465",
    Check.POSITIONAL_AFTER_NAMED: "PLS-00312",
    # --- sqlsem: SQL semantics
    Check.SQL_UNKNOWN_QUALIFIER: "ORA-00904",
    Check.SQL_AMBIGUOUS: "ORA-00918",
    Check.SQL_UNKNOWN_IDENTIFIER: "ORA-00904",
    Check.SQL_UNKNOWN_DERIVED_COLUMN: "ORA-00904",
    Check.SQL_UNKNOWN_INDEX_COLUMN: "ORA-00904",
    Check.SQL_SEQUENCE_PSEUDOCOLUMN: "ORA-00904",
    Check.SQL_AGGREGATE_NOT_ALLOWED: "ORA-00934",
    Check.SQL_NOT_SINGLE_GROUP: "ORA-00937",
    Check.SQL_NOT_GROUP_BY: "ORA-00979",
    Check.SQL_SELECT_WITHOUT_INTO: "PLS-00428",
    Check.SQL_TOO_MANY_VALUES: "ORA-00913",
    Check.SQL_NOT_ENOUGH_VALUES: "ORA-00947",
    Check.SQL_COLUMN_NOT_ALLOWED: "ORA-00984",
    Check.SQL_SET_COLUMNS: "ORA-01789",
    Check.SQL_DUPLICATE_COLUMN: "ORA-00957",
    Check.SQL_UNNAMED_EXPRESSION: "ORA-00998",
    Check.SQL_WINDOW_NOT_ALLOWED: "ORA-30483",
    Check.SQL_NESTED_AGGREGATE: "ORA-00978",
    Check.SQL_MISSING_WINDOW: "ORA-30484",
    # --- flow: statement context
    Check.EXIT_OUTSIDE_LOOP: "PLS-00376",
    Check.EXIT_LABEL: "PLS-00374",
    Check.RETURN_WITH_VALUE: "PLS-00372",
    Check.RETURN_WITHOUT_VALUE: "PLS-00503",
    Check.OTHERS_NOT_LAST: "PLS-00370",
    Check.DUPLICATE_HANDLER: "PLS-00483",
    Check.FUNCTION_WITHOUT_RETURN: "ORA-06503",
    Check.GOTO_UNREACHABLE: "PLS-00375",
    Check.CURSOR_ATTRIBUTE: "PLS-00324",
    # --- dictviews: Oracle dictionary views, date format models
    Check.DATE_MODEL_MISMATCH: "ORA-01843",
    # --- lintlast: collections in an INTO list
    Check.INTO_COLLECTION: "PLS-00597",
    Check.BULK_INTO_SCALAR: "PLS-00497",
}
"""The Oracle error each check predicts (its findings' messages start with it)."""


@dataclass(frozen=True)
class Issue:
    check: Check
    line: int
    col: int
    message: str  # starts with the Oracle error code

    @property
    def oracle_error(self) -> str:
        return ORACLE_ERRORS[self.check]


@dataclass(frozen=True)
class Signature:
    """A project subprogram as a caller sees it: parameter names and which have defaults."""

    name: str
    params: tuple[tuple[str, bool], ...]  # (name, has a default)
    line: int = 0
    col: int = 0
    header: tuple[str, ...] = ()  # per parameter "NAME MODE TYPE", then "RETURN TYPE"
    plain: bool = True  # every type of the header is a plain word (no %TYPE, no dots)
    defaults: tuple[str, ...] = ()  # per parameter its default as written (words upper-cased)
    param_at: tuple[tuple[int, int], ...] = ()  # per parameter its (line, col)
    function: bool = False  # a FUNCTION (else a PROCEDURE)
    modes: tuple[str, ...] = ()  # per parameter IN, OUT or IN OUT

    def mismatch(self, positional: int, named: Sequence[str]) -> str | None:
        """Why a call of that shape cannot be this subprogram (None: it can)."""
        if positional > len(self.params):
            return f"{positional} positional argument(s), at most {len(self.params)}"
        names = [p for p, _ in self.params]
        filled = set(names[:positional])
        for given in named:
            if given not in names:
                return f"no parameter named {given}"
            if given in filled:
                return f"parameter {given} given twice"
            filled.add(given)
        missing = [p for p, default in self.params if not default and p not in filled]
        return "missing " + ", ".join(missing) if missing else None


@dataclass(frozen=True)
class PackageSymbols:
    """What a package spec (public) or body (private) declares at its top level."""

    name: str
    subprograms: tuple[Signature, ...]
    members: frozenset[str]  # every top-level name (subprograms included)
    line: int = 0
    constants: frozenset[str] = frozenset()
    end_line: int = 0  # the line of its END
    # per top-level subprogram: (first line, last line, the names declared inside it)
    scopes: tuple[tuple[int, int, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class Actual:
    """One actual of a call, as far as PLS-00363 cares: can it receive an OUT value?"""

    formal: str  # the parameter named by ``=>`` ("" when positional)
    shape: str  # literal, expression, name (a single possibly dotted name) or "" (other)
    name: tuple[str, ...]  # the name's parts when shape is name
    line: int
    col: int
    family: str = ""  # a literal's: BOOLEAN (TRUE, FALSE), CHARACTER (a string), NUMBER
    value: str = ""  # a string literal's text, quotes removed


@dataclass(frozen=True)
class Use:
    """A name used in PL/SQL: a call (with its arguments) or a reference."""

    parts: tuple[str, ...]
    line: int
    col: int
    call: bool  # a CALL node (parentheses or a bare call statement)
    positional: int = 0
    named: tuple[str, ...] = ()
    in_sql: bool = False  # inside an embedded SQL statement (a name may be a column)
    role: str = ""  # assign (an assignment target), exception (a handler's), label (GOTO's)
    named_at: tuple[tuple[int, int], ...] = ()  # (line, col) of each named actual
    place: str = ""  # a call's: statement (a call statement), expression (a value), "" unsure
    actuals: tuple[Actual, ...] = ()  # a call's actuals, in order


@dataclass(frozen=True)
class UnitSymbols:
    """One unit's declarations and uses (pure data: picklable)."""

    specs: tuple[PackageSymbols, ...] = ()
    bodies: tuple[PackageSymbols, ...] = ()
    standalone: tuple[str, ...] = ()  # CREATE PROCEDURE / FUNCTION / TYPE names
    declared: frozenset[str] = frozenset()  # every name the unit declares, any scope
    subprograms: tuple[Signature, ...] = ()  # every subprogram of the unit, any depth
    writable: frozenset[str] = frozenset()  # variables and OUT parameters, any scope
    read_only: frozenset[str] = frozenset()  # constants and IN parameters, any scope
    uses: tuple[Use, ...] = ()
    duplicates: tuple[Issue, ...] = ()  # and every issue the unit's tree alone shows
    plsql: bool = False  # the unit has PL/SQL code (a block, a body, a subprogram)
    owner: str = ""  # the schema of the object the unit creates, when written
    # per name declared in a block: the (first, last) (line, col) of each region it is
    # visible in (the declaring block or subprogram, a loop for its index); labels and
    # names outside any block are absent (visible everywhere, as ``declared`` says)
    regions: dict[str, tuple[tuple[tuple[int, int], tuple[int, int]], ...]] = \
        field(default_factory=dict)
    # cursor FOR loop records over a query whose select list names every column:
    # (record, its fields, the loop's first and last (line, col))
    records: tuple[tuple[str, frozenset[str], tuple[int, int], tuple[int, int]], ...] = ()

    def visible(self, name: str, line: int, col: int) -> bool:
        """Whether a name the unit declares is in scope at (line, col): Oracle resolves a
        name in the block declaring it and the blocks nested in it only (PLS-00201)."""
        if name not in self.declared:
            return False
        spans = self.regions.get(name)
        return spans is None or any(first <= (line, col) <= last for first, last in spans)


@dataclass(frozen=True)
class Program:
    """What the units of one namespace declare for each other."""

    specs: dict[str, PackageSymbols] = field(default_factory=dict)
    bodies: dict[str, PackageSymbols] = field(default_factory=dict)
    standalone: frozenset[str] = frozenset()


def program_of(units: Iterable[UnitSymbols]) -> Program:
    """The program's package specs and bodies (a later CREATE replaces an earlier one)."""
    specs: dict[str, PackageSymbols] = {}
    bodies: dict[str, PackageSymbols] = {}
    standalone: set[str] = set()
    for unit in units:
        specs.update((s.name, s) for s in unit.specs)
        bodies.update((b.name, b) for b in unit.bodies)
        standalone.update(unit.standalone)
    return Program(specs, bodies, frozenset(standalone))


# --------------------------------------------------------------------------- symbols of a unit

SQL_KINDS = frozenset({NodeKind.QUERY, NodeKind.INSERT, NodeKind.UPDATE, NodeKind.DELETE,
                  NodeKind.MERGE})
_SECTIONS = frozenset({NodeKind.CREATE_PACKAGE, NodeKind.CREATE_PACKAGE_BODY,
                       NodeKind.SUBPROGRAM, NodeKind.BLOCK, NodeKind.CREATE_TRIGGER,
                       NodeKind.TIMING_POINT, NodeKind.CREATE_PROCEDURE,
                       NodeKind.CREATE_FUNCTION})
_CODE = frozenset({NodeKind.CREATE_PACKAGE_BODY, NodeKind.CREATE_PROCEDURE,
                   NodeKind.CREATE_FUNCTION, NodeKind.CREATE_TRIGGER, NodeKind.ANONYMOUS_BLOCK})
_DEFAULT_WORDS = frozenset({"DEFAULT", ":="})


def unit_symbols(text: str, tree: Node) -> UnitSymbols:
    """The declarations and uses of one unit's tree (``text`` is the parsed text)."""
    specs: list[PackageSymbols] = []
    bodies: list[PackageSymbols] = []
    standalone: list[str] = []
    declared: set[str] = set()
    duplicates: list[Issue] = []
    uses: list[Use] = []
    plsql = False
    owner = ""
    for node in tree.walk():
        kind = node.kind
        if kind in _CODE:
            plsql = True
            owner = owner or (node.name[0] if len(node.name) == 2 else "")
        if kind is NodeKind.CREATE_PACKAGE and node.name:
            specs.append(_package(text, node))
        elif kind is NodeKind.CREATE_PACKAGE_BODY and node.name:
            bodies.append(_package(text, node))
        elif kind in (NodeKind.CREATE_PROCEDURE, NodeKind.CREATE_FUNCTION,
                      NodeKind.CREATE_TYPE) and node.name:
            standalone.append(node.name[-1])
        declared.update(_declares(text, node))
        if kind in _SECTIONS:
            duplicates += _duplicates(node) + _after_body(node)
        if kind is NodeKind.CREATE_TRIGGER:
            duplicates += _trigger_issues(text, node)
    parents = {id(child): node for node in tree.walk() for child in node.children}
    for node, in_sql in _code_nodes(tree):
        if node.kind is NodeKind.CALL and node.name:
            args = _call_arguments(text, node)
            positional, named, named_at = _arguments(node, args)
            place = "" if in_sql else _place(node, parents.get(id(node)))
            uses.append(Use(node.name, node.line, node.col, True, positional, named, in_sql,
                            named_at=named_at, place=place, actuals=_actuals(node, args)))
        elif node.kind is NodeKind.COLUMN and node.name and node.role == "expr":
            uses.append(Use(node.name, node.line, node.col, False, in_sql=in_sql))
    subprograms = tuple(_signature(text, n) for n in tree.walk()
                        if n.kind is NodeKind.SUBPROGRAM and n.name)
    for node in tree.walk():
        if node.kind is NodeKind.HANDLER or (node.kind is NodeKind.STATEMENT
                                             and node.role == "GOTO"):
            uses += _named_in(text, node)
        elif node.kind is NodeKind.STATEMENT and node.role == "ASSIGN" and node.children \
                and node.children[0].kind is NodeKind.COLUMN:
            target = node.children[0]
            uses.append(Use(target.name, target.line, target.col, False, role="assign"))
        if node.kind in _ENDED and node.name:
            duplicates += _end_label(text, node)
    writable, read_only = _modes(text, tree)
    regions = _regions(text, tree, parents)
    return UnitSymbols(tuple(specs), tuple(bodies), tuple(standalone), frozenset(declared),
                       subprograms, writable, read_only, tuple(uses), tuple(duplicates), plsql,
                       owner, regions, _loop_records(text, tree, regions))


def _loop_records(text: str, tree: Node,
                  regions: dict[str, tuple[tuple[tuple[int, int], tuple[int, int]], ...]]
                  ) -> tuple[tuple[str, frozenset[str], tuple[int, int], tuple[int, int]], ...]:
    """The records of ``FOR r IN (SELECT ...) LOOP`` whose fields are all known: one query
    block whose every item is a plain column or has an alias (no ``*``, no unnamed
    expression), its record's name declared nowhere else in the unit (no shadowing)."""
    out: list[tuple[str, frozenset[str], tuple[int, int], tuple[int, int]]] = []
    for node in tree.walk():
        if not (node.kind is NodeKind.STATEMENT and node.role == "FOR" and node.children
                and node.children[0].kind is NodeKind.QUERY):
            continue
        names = _loop_index(text, node)
        blocks = node.children[0].children
        spans = regions.get(names[0]) if names else None
        if spans is None or len(spans) != 1 or len(blocks) != 1 \
                or blocks[0].kind is not NodeKind.QUERY_BLOCK:
            continue
        fields: set[str] = set()
        for item in blocks[0].children:
            if item.kind is not NodeKind.SELECT_ITEM:
                continue
            named = item.alias or (item.name[-1] if item.role == "column" and item.name
                                   else "")
            if not named or named == "*" or '"' in text[item.start:item.end]:
                break  # unnamed, every column or a case-sensitive name: not judged
            fields.add(named)
        else:
            if fields:
                out.append((names[0], frozenset(fields), *spans[0]))
    return tuple(out)


def _unknown_field(use: Use, unit: UnitSymbols) -> list[Issue]:
    """``r.x`` where ``r`` is a cursor FOR loop record in scope without a field ``x``
    (PLS-00302)."""
    for name, fields, first, last in unit.records:
        if name == use.parts[0] and first <= (use.line, use.col) <= last \
                and use.parts[1] not in fields:
            return [Issue(Check.UNKNOWN_MEMBER, use.line, use.col,
                          f"PLS-00302: component {use.parts[1]} must be declared (the record "
                          f"{name} of the cursor FOR loop at line {first[0]} has "
                          f"{', '.join(sorted(fields))})")]
    return []


def _regions(text: str, tree: Node, parents: dict[int, Node]
             ) -> dict[str, tuple[tuple[tuple[int, int], tuple[int, int]], ...]]:
    """Where each name declared in a block is visible: the nearest enclosing block,
    subprogram or unit section of its declaration (a subprogram's name: the section that
    declares it; a parameter: its subprogram), a loop for its index. A name also declared
    where no block encloses it (a label, a WITH query name...) is left out: visible
    everywhere, the safe side."""
    if any(n.kind is NodeKind.CREATE_TYPE_BODY for n in tree.children):
        return {}  # a member sees the type's attributes, declared in the spec: not scoped
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    spans: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    everywhere: set[str] = set()
    for node in tree.walk():
        names = _declares(text, node)
        if not names:
            continue
        region: Node | None = node
        if (node.kind is NodeKind.STATEMENT and node.role == "LABEL") \
                or node.kind is NodeKind.CTE:
            region = None
        elif not (node.kind is NodeKind.STATEMENT and node.role in ("FOR", "FORALL")):
            region = parents.get(id(node))
            while region is not None and region.kind not in _SECTIONS:
                region = parents.get(id(region))
        if region is None:
            everywhere.update(names)
            continue
        end = region.end
        line = bisect_right(starts, end)
        last = (line, end - starts[line - 1] + 1)
        for name in names:
            spans.setdefault(name, []).append(((region.line, region.col), last))
    # an iteration control in an expression (21c: ``t(FOR i IN 1 .. 3 => i)``) declares its
    # index where the tree keeps no statement: such a name is left unscoped
    everywhere.update(m.group(1).upper() for m in _ITERATION_CONTROL.finditer(text))
    return {name: tuple(found) for name, found in spans.items() if name not in everywhere}


_ITERATION_CONTROL = re.compile(r"[(,]\s*FOR\s+(\w+)\s", re.IGNORECASE)


_ENDED = frozenset({NodeKind.SUBPROGRAM, NodeKind.CREATE_PROCEDURE, NodeKind.CREATE_FUNCTION,
                    NodeKind.CREATE_PACKAGE, NodeKind.CREATE_PACKAGE_BODY})


_VALUE_STATEMENTS = frozenset({"IF", "ELSIF", "WHILE", "RETURN", "EXIT", "CASE"})


def _place(node: Node, parent: Node | None) -> str:
    """Where a PL/SQL call stands: a call statement, an expression (a value is used) or ""
    when the tree does not say for sure (a cursor's OPEN, a loop's bounds...)."""
    if parent is None:
        return ""
    if parent.kind is NodeKind.STATEMENT and parent.role == "CALL":
        return "statement" if parent.children and parent.children[0] is node \
            and parent.start == node.start else ""
    if parent.kind is NodeKind.STATEMENT and parent.role == "ASSIGN":
        return "expression" if parent.children and parent.children[0] is not node else ""
    if parent.kind is NodeKind.STATEMENT and parent.role in _VALUE_STATEMENTS:
        return "expression"
    return ""


def _at(node: Node, token: Token) -> tuple[int, int]:
    """The unit position of a token lexed from ``node``'s text."""
    return node.line + token.line - 1, token.column + (node.col - 1 if token.line == 1 else 0)


def _named_in(text: str, node: Node) -> list[Use]:
    """The exceptions a handler names (``WHEN a OR pkg.b THEN``), the label a GOTO names."""
    tokens = significant_tokens(text[node.start:min(node.end, node.start + 600)])
    out: list[Use] = []
    at = 1
    while at < len(tokens) and tokens[at].kind in NAMES and not tokens[at].is_word("THEN"):
        parts, after = dotted_name(tokens, at)
        if not (len(parts) == 1 and parts[0] == "OTHERS"):
            line, col = _at(node, tokens[at])
            out.append(Use(parts, line, col, False, role="exception" if node.kind is
                           NodeKind.HANDLER else "label"))
        if after < len(tokens) and tokens[after].is_word("OR"):
            at = after + 1
        else:
            break
    return out


def _end_label(text: str, node: Node) -> list[Issue]:
    """``END name;`` closing a subprogram or package must repeat its name (PLS-00113)."""
    tokens = significant_tokens(text[max(node.start, node.end - 200):node.end])
    if tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]
    if len(tokens) < 2 or not tokens[-2].is_word("END") or tokens[-1].kind not in NAMES:
        return []
    label = tokens[-1].name
    if label == node.name[-1]:
        return []
    offset = max(node.start, node.end - 200)
    line = text.count("\n", 0, offset + tokens[-1].start) + 1
    col = offset + tokens[-1].start - (text.rfind("\n", 0, offset + tokens[-1].start) + 1) + 1
    return [Issue(Check.END_LABEL, line, col,
                  f"PLS-00113: END identifier {label} must match {node.name[-1]}, the name it "
                  f"closes")]


def _modes(text: str, tree: Node) -> tuple[frozenset[str], frozenset[str]]:
    """(names declared writable anywhere, names declared read-only anywhere)."""
    writable: set[str] = set()
    read_only: set[str] = set()
    for node in tree.walk():
        if not node.name:
            continue
        if node.kind is NodeKind.PARAMETER:
            words = {t.text.upper() for t in significant_tokens(text[node.start:node.end])[1:3]}
            (writable if "OUT" in words else read_only).add(node.name[-1])
        elif node.kind is NodeKind.DECLARATION and node.role == "CONSTANT":
            read_only.add(node.name[-1])
        elif node.kind is NodeKind.DECLARATION or node.kind is NodeKind.SUBPROGRAM:
            writable.add(node.name[-1])
    return frozenset(writable), frozenset(read_only)


_NAMED = frozenset({NodeKind.DECLARATION, NodeKind.PARAMETER, NodeKind.SUBPROGRAM,
                    NodeKind.CTE})


def _declares(text: str, node: Node) -> tuple[str, ...]:
    """The name a node declares: a declaration, parameter, subprogram, label or loop index."""
    if node.kind in _NAMED or (node.kind is NodeKind.STATEMENT and node.role == "LABEL"):
        return node.name[-1:]
    if node.kind is NodeKind.STATEMENT and node.role in ("FOR", "FORALL"):
        return _loop_index(text, node)
    return ()


def _code_nodes(tree: Node) -> list[tuple[Node, bool]]:
    """Every node with whether it lies inside an embedded SQL statement or a cursor."""
    out: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(tree, False)]
    while stack:
        node, in_sql = stack.pop()
        out.append((node, in_sql))
        inner = node.kind is not NodeKind.INTO and (
            in_sql or node.kind in SQL_KINDS or (node.kind is NodeKind.DECLARATION
                                            and node.role == "CURSOR"))
        stack.extend((child, inner) for child in reversed(node.children))
    return out


def _package(text: str, node: Node) -> PackageSymbols:
    subprograms: list[Signature] = []
    members: set[str] = set()
    for child in node.children:
        if child.kind is NodeKind.SUBPROGRAM and child.name:
            subprograms.append(_signature(text, child))
            members.add(child.name[-1])
        elif child.kind is NodeKind.DECLARATION and child.name and child.role != "PRAGMA":
            members.add(child.name[-1])
    constants = frozenset(c.name[-1] for c in node.children
                          if c.kind is NodeKind.DECLARATION and c.role == "CONSTANT" and c.name)
    scopes = tuple((child.line, text.count("\n", 0, child.end) + 1,
                    frozenset(name for below in child.walk() if below is not child
                              for name in _declares(text, below)))
                   for child in node.children if child.kind is NodeKind.SUBPROGRAM)
    return PackageSymbols(node.name[-1], tuple(subprograms), frozenset(members), node.line,
                          constants, text.count("\n", 0, node.end) + 1, scopes)


def _signature(text: str, node: Node) -> Signature:
    nodes = [p for p in node.children if p.kind is NodeKind.PARAMETER and p.name]
    params = tuple((p.name[-1], _has_default(text[p.start:p.end])) for p in nodes)
    header = [_param_header(text[p.start:p.end]) for p in nodes]
    returns = heading_return_type(text, node, nodes)
    if returns:
        header.append("RETURN " + returns)
    plain = all("." not in h and "%" not in h for h in header)
    defaults = tuple(_default(text[p.start:p.end]) for p in nodes)
    modes = tuple(_mode(h) for h in header[:len(nodes)])
    return Signature(node.name[-1], params, node.line, node.col, tuple(header), plain,
                     defaults, tuple((p.line, p.col) for p in nodes),
                     node.role == "FUNCTION", modes)


def _mode(param_header: str) -> str:
    """IN, OUT or IN OUT of a parameter's ``NAME MODE TYPE`` header."""
    words = param_header.split()[1:3]
    if words[:2] == ["IN", "OUT"]:
        return "IN OUT"
    return "OUT" if words[:1] == ["OUT"] else "IN"


def _default(param_text: str) -> str:
    """A parameter's default expression, tokens joined ("" when it has none)."""
    tokens = significant_tokens(param_text)
    for at, token in enumerate(tokens):
        if token.text.upper() in _DEFAULT_WORDS:
            return " ".join(t.text.upper() if t.kind in NAMES else t.text for t in tokens[at + 1:])
    return ""


_MODES = frozenset({"IN", "OUT", "NOCOPY"})


def _param_header(param_text: str) -> str:
    """``NAME MODE TYPE`` of a parameter, upper-cased, the default left out, IN implied."""
    words: list[str] = []
    for token in significant_tokens(param_text):
        if token.text.upper() in _DEFAULT_WORDS:
            break
        words.append(token.text.upper() if token.kind in NAMES else token.text)
    if len(words) > 1 and words[1] not in _MODES:
        words.insert(1, "IN")
    return " ".join(words)


def heading_return_type(text: str, node: Node, params: list[Node]) -> str:
    """The RETURN type of a function's heading ("" for a procedure or when not found)."""
    if node.role != "FUNCTION":
        return ""
    start = params[-1].end if params else node.start
    tokens = significant_tokens(text[start:min(node.end, start + 400)])
    for at, token in enumerate(tokens):
        if token.is_word("RETURN"):
            words: list[str] = []
            for after in tokens[at + 1:]:
                if after.is_word("IS", "AS", "DETERMINISTIC", "PIPELINED", "PARALLEL_ENABLE",
                                 "RESULT_CACHE", "AUTHID") or after.text == ";":
                    break
                words.append(after.text.upper())
            return "".join(w if w in ("%", ".", "(", ")", ",") else " " + w
                           for w in words).strip()
    return ""


def _has_default(param_text: str) -> bool:
    return any(t.text.upper() in _DEFAULT_WORDS for t in significant_tokens(param_text))


def _loop_index(text: str, node: Node) -> tuple[str, ...]:
    """The index or record a FOR / FORALL statement declares (the tree keeps no name)."""
    tokens = significant_tokens(text[node.start:min(node.end, node.start + 200)])
    if len(tokens) > 1 and tokens[1].kind in NAMES:
        return (tokens[1].name,)
    return ()


def _call_arguments(text: str, node: Node) -> list[list[Token]]:
    """The tokens of each argument of a call's first parentheses (none: no arguments)."""
    tokens = significant_tokens(text[node.start:node.end])
    at = 0
    while at < len(tokens) and (tokens[at].kind in NAMES or tokens[at].text == "."):
        at += 1
    if at >= len(tokens) or tokens[at].text != "(":
        return []
    close = closing_paren(tokens, at)
    return split_args(tokens[at + 1:close]) if close > at + 1 else []


def _arguments(node: Node, args: list[list[Token]]
               ) -> tuple[int, tuple[str, ...], tuple[tuple[int, int], ...]]:
    """(positional count, parameter names of named actuals, their positions) of a call."""
    positional = 0
    named: list[str] = []
    named_at: list[tuple[int, int]] = []
    for arg in args:
        if len(arg) >= 2 and arg[0].kind in NAMES and arg[1].text == "=>":
            named.append(arg[0].name)
            named_at.append(_at(node, arg[0]))
        else:
            positional += 1
    return positional, tuple(named), tuple(named_at)


_LITERALS = frozenset({TokenKind.NUMBER, TokenKind.STRING})


def _actuals(node: Node, args: list[list[Token]]) -> tuple[Actual, ...]:
    """The shape of each actual of a call (see `Actual`)."""
    out: list[Actual] = []
    for arg in args:
        formal = ""
        if len(arg) >= 2 and arg[0].kind in NAMES and arg[1].text == "=>":
            formal, arg = arg[0].name, arg[2:]
        if not arg:
            continue
        line, col = _at(node, arg[0])
        out.append(Actual(formal, *_shape(arg), line, col, *literal_family(arg)))
    return tuple(out)


def literal_family(arg: Sequence[Token]) -> tuple[str, str]:
    """(family, string value) of a one-token literal actual; ("", "") for anything else."""
    if len(arg) != 1:
        return "", ""
    token = arg[0]
    if token.is_word("TRUE", "FALSE"):
        return "BOOLEAN", ""
    if token.kind is TokenKind.NUMBER:
        return "NUMBER", ""
    if token.kind is TokenKind.STRING and token.text.startswith("'"):
        return "CHARACTER", token.text[1:-1].replace("''", "'")
    return "", ""


_OPERATORS = frozenset({"+", "-", "*", "/", "||"})


def _shape(arg: Sequence[Token]) -> tuple[str, tuple[str, ...]]:
    """(shape, name parts) of one actual's tokens."""
    if len(arg) == 1 and (arg[0].kind in _LITERALS or arg[0].is_word("NULL", "TRUE", "FALSE")):
        return "literal", ()
    if arg[0].kind in NAMES:
        parts, after = dotted_name(arg, 0)
        if after == len(arg):
            return "name", parts
    depth = 0
    for token in arg:
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0 and token.kind is TokenKind.OPERATOR and token.text in _OPERATORS \
                and token is not arg[0]:
            return "expression", ()
    return "", ()


def split_args(tokens: Sequence[Token]) -> list[list[Token]]:
    """The tokens of an argument list split at its top-level commas (one list per argument)."""
    args: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "," and depth == 0:
            args.append([])
            continue
        args[-1].append(token)
    return args


def _duplicates(section: Node) -> list[Issue]:
    """Two variables, constants, exceptions, types or cursors of one name in one
    declarative section (subprograms may overload; pragmas are no declarations)."""
    seen: dict[str, Node] = {}
    out: list[Issue] = []
    for child in section.children:
        if child.kind is not NodeKind.DECLARATION or not child.name or child.role == "PRAGMA":
            continue
        name = child.name[-1]
        first = seen.get(name)
        if first is None:
            seen[name] = child
            continue
        out.append(Issue(Check.DUPLICATE, child.line, child.col,
                         f"PLS-00371: at most one declaration for {name} is permitted "
                         f"(declared twice in one section)"))
    return out


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Context:
    """Where a unit resolves names beyond its own declarations."""

    program: Program
    known_object: frozenset[str] = frozenset()  # names of the catalog's objects
    complete: bool = False  # every object the unit's schema may name is in the model


def check(unit: UnitSymbols, context: Context) -> tuple[Issue, ...]:
    """The semantic issues of one unit against the program and the catalogue."""
    if not unit.plsql and not unit.specs:
        return ()
    catalogue = bundled()
    program = context.program
    own = tuple(b.name for b in unit.bodies)
    out = list(unit.duplicates)
    out += _no_body(unit, program)
    out += _used_before_declared(unit, program) if unit.plsql else []
    unresolved_deps = False
    pending: list[Use] = []
    for use in unit.uses if unit.plsql else ():
        out += _positional_after_named(use) if use.call and not use.in_sql else []
        out += _unknown_field(use, unit) if len(use.parts) > 1 and not use.in_sql \
            and not use.role else []
        if use.role == "assign":
            out += _read_only(use, unit, program)
            pending += [use] if len(use.parts) == 1 else []  # a target must be in scope too
            continue
        if len(use.parts) == 1:
            if not use.in_sql:
                issue, resolved = _single_call(use, unit, program, catalogue)
                out += [issue] if issue is not None else []
                if use.call and issue is None:
                    out += _call_issues(use, use.parts[0],
                                        _single_callee(use, unit, program, catalogue),
                                        unit, program)
                if not resolved:
                    pending.append(use)
            continue
        head, member = _qualified(use.parts, program)
        if head is None and len(use.parts) == 3 and context.complete and not use.in_sql \
                and use.parts[0] not in unit.declared:
            issue = _misspelt_package(use, use.parts[1], context, catalogue)
            out += [issue] if issue is not None else []
        if head is None or head in unit.declared or head in _CORRELATION:
            continue
        issue, known = _member(use, head, member, own, program, catalogue)
        out += _scheduler_call(use, head, member, program, catalogue) if not use.in_sql else []
        unresolved_deps |= not known and not use.in_sql
        if issue is None and use.call and not use.in_sql:
            out += _call_issues(use, head + "." + member,
                                _member_callee(head, member, own, program, catalogue),
                                unit, program)
        if not known and not use.in_sql and context.complete:
            issue = _misspelt_package(use, head, context, catalogue)
        if issue is not None:
            out.append(issue)
    out += _unresolved(pending, unit, context, unresolved_deps, catalogue)
    return tuple(out)


def _positional_after_named(use: Use) -> list[Issue]:
    """A positional actual written after a named one (PLS-00312), whatever the callee."""
    named = False
    for actual in use.actuals:
        if actual.formal:
            named = True
        elif named:
            return [Issue(Check.POSITIONAL_AFTER_NAMED, actual.line, actual.col,
                          f"PLS-00312: a positional parameter association may not follow a "
                          f"named association (in the call to {'.'.join(use.parts)})")]
    return []


def _misspelt_package(use: Use, head: str, context: Context,
                      catalogue: Catalogue) -> Issue | None:
    """``pkg.member`` (or ``SYS.pkg.member``) whose ``pkg`` is no object of the model nor a
    package Oracle supplies but one edit or two away from a project or catalogue package: a
    misspelling (PLS-00201). Any other unknown prefix may be a schema or a synonym outside
    the model and is not judged."""
    head = head.removeprefix("SYS.")
    if head in context.known_object or "." in head or catalogue.is_supplied(head):
        return None  # SYS.X: the schema is Oracle's; a package Oracle supplies is no misspelling
    near = sorted(name for name in (*context.program.specs, *catalogue.packages)
                  if abs(len(name) - len(head)) <= 2 and edit_distance(name, head) <= 2)
    if not near or len(head) < 6:
        return None
    return Issue(Check.UNRESOLVED, use.line, use.col,
                 f"PLS-00201: identifier {head} must be declared (did you mean {near[0]}?)")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (short names only)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _qualified(parts: tuple[str, ...], program: Program) -> tuple[str | None, str]:
    """(package, member) of ``pkg.member``, ``schema.pkg.member`` for a project package or
    ``SYS.pkg.member``; (None, "") otherwise (a record field, a column...)."""
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) == 3 and parts[1] in program.specs:
        return parts[1], parts[2]
    if len(parts) == 3 and parts[0] == "SYS":
        return "SYS." + parts[1], parts[2]
    return None, ""


def _member(use: Use, head: str, member: str, own: tuple[str, ...], program: Program,
            catalogue: Catalogue) -> tuple[Issue | None, bool]:
    """The issue of ``head.member`` (None: fine) and whether ``head`` is known at all."""
    spec = program.specs.get(head)
    if spec is not None:
        body = program.bodies.get(head) if head in own else None
        missing = member not in spec.members and (body is None or member not in body.members)
        if missing and len(use.parts) == 3 and use.call:
            return None, True  # SCHEMA.PKG.PROC(...): the reference rules (REF003) report it
        if missing:
            where = "package " + head + (" (spec and body)" if body is not None else "'s spec")
            return Issue(Check.UNKNOWN_MEMBER, use.line, use.col,
                         f"PLS-00302: component {member} must be declared: {where} has no "
                         f"member {member}"), True
        if use.call:
            overloads = [s for s in spec.subprograms if s.name == member]
            if body is not None:
                overloads += [s for s in body.subprograms if s.name == member]
            return _arity(use, head + "." + member, overloads), True
        return None, True
    if "." not in head and head in program.bodies:
        return None, True  # a body without its spec in the run: not judged
    found = catalogue.resolve(head, member)
    if found.kind is Kind.MISSING:
        return Issue(Check.UNKNOWN_MEMBER, use.line, use.col,
                     f"PLS-00302: component {member} must be declared: {found.package} "
                     f"(Oracle's 19c specification) has no member {member}"), True
    if found.kind is Kind.SUBPROGRAM and use.call:
        return _arity(use, f"{found.package}.{member}", found.overloads), True
    return None, found.known or catalogue.package(head) is not None


def _arity(use: Use, name: str, overloads: Sequence[Signature | Subprogram]) -> Issue | None:
    """PLS-00306 when no overload accepts the call's arguments: arity, names, and a literal
    TRUE/FALSE for a scalar parameter or a string or number literal for a BOOLEAN one
    (nothing converts to or from BOOLEAN).

    A named call to a built-in whose names the catalogue does not know (the SQL functions:
    PL/SQL's STANDARD names their parameters its own way, e.g. LOWER(ch)) is not judged.
    The issue stands where the fix goes: a misspelt name, the literal no overload takes, or
    after the actual the missing parameter follows."""
    if (use.named and any(isinstance(o, Subprogram) and not o.named_notation for o in overloads)) \
            or _positional_after_named(use):
        return None  # unknown names; or PLS-00312 (Oracle matches no further)
    reasons: list[str] = []
    clashes: list[tuple[int, int]] = []
    gaps: list[tuple[int, int]] = []
    for overload in overloads:
        why = overload.mismatch(use.positional, use.named)
        if why is None:
            clash = _literal_clash(overload, use)
            if clash is None:
                return None
            why = clash[0]
            clashes.append(clash[1])
        elif why.startswith("missing "):
            gaps += _missing_at(use, overload, why)
        reasons.append(str(why))
    if not reasons:
        return None
    shown = "; ".join(dict.fromkeys(reasons))
    absent = [where for given, where in zip(use.named, use.named_at, strict=False)
              if all(_formal_names(o).count(given) == 0 for o in overloads)]
    line, col = next(iter((*absent, *clashes, *gaps)), (use.line, use.col))
    return Issue(Check.WRONG_ARGUMENTS, line, col,
                 f"PLS-00306: wrong number or types of arguments in call to {name} ({shown})")


def _formal_names(overload: Signature | Subprogram) -> list[str]:
    if isinstance(overload, Signature):
        return [name for name, _ in overload.params]
    return [p.name.upper() for p in overload.params]


def _missing_at(use: Use, overload: Signature | Subprogram, why: str) -> list[tuple[int, int]]:
    """Where a missing parameter goes: after the actual of the formal just before it."""
    names = _formal_names(overload)
    missing = why.removeprefix("missing ").split(",")[0].strip()
    if missing not in names:
        return []
    limit = names.index(missing)
    best: tuple[int, tuple[int, int]] | None = None
    for at, actual in enumerate(use.actuals):
        index = names.index(actual.formal) if actual.formal in names else (
            at if not actual.formal else -1)
        if 0 <= index < limit and (best is None or index > best[0]):
            best = (index, (actual.line, actual.col))
    return [best[1]] if best is not None else []


_SCALARS = frozenset({
    "VARCHAR2", "VARCHAR", "CHAR", "NCHAR", "NVARCHAR2", "STRING", "CLOB", "NCLOB", "LONG",
    "RAW", "NUMBER", "INTEGER", "INT", "SMALLINT", "DECIMAL", "DEC", "NUMERIC", "FLOAT", "REAL",
    "PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER", "NATURAL", "NATURALN", "POSITIVE",
    "POSITIVEN", "SIGNTYPE", "BINARY_FLOAT", "BINARY_DOUBLE", "DATE", "TIMESTAMP", "INTERVAL"})


def _family(type_text: str) -> str:
    """BOOLEAN, SCALAR (a character, number or datetime type) or "" (anything else)."""
    word = type_text.split("(")[0].split()[0].upper() if type_text.strip() else ""
    if word == "BOOLEAN":
        return "BOOLEAN"
    return "SCALAR" if word in _SCALARS else ""


def _param_types(overload: Signature | Subprogram) -> dict[str, tuple[str, ...]]:
    """Each formal's type alternatives (a catalogue "A | B"); project types as written."""
    if isinstance(overload, Subprogram):
        return {p.name.upper(): p.types for p in overload.params}
    out: dict[str, tuple[str, ...]] = {}
    for (name, _), header in zip(overload.params, overload.header, strict=False):
        words = [w for w in header.split()[1:] if w not in _MODES]
        out[name] = (" ".join(words),) if words and "%" not in header and "." not in header \
            else ()
    return out


def _literal_clash(overload: Signature | Subprogram, use: Use
                   ) -> tuple[str, tuple[int, int]] | None:
    """(why, where) when a literal actual is of a family no type of its formal accepts."""
    if isinstance(overload, Subprogram) and not overload.named_notation:
        return None  # the SQL functions: STANDARD overloads them beyond the catalogue
    types = _param_types(overload)
    order = list(types)
    for at, actual in enumerate(use.actuals):
        if not actual.family:
            continue
        formal = actual.formal or (order[at] if at < len(order) else "")
        families = {_family(t) for t in types.get(formal, ())}
        if not families or "" in families:
            continue
        if ("BOOLEAN" if actual.family == "BOOLEAN" else "SCALAR") not in families:
            wanted = " | ".join(types[formal])
            return (f"{formal} is {wanted}, given a {actual.family.lower()} literal",
                    (actual.line, actual.col))
    return None


def _own_overloads(name: str, unit: UnitSymbols, program: Program) -> list[Signature]:
    """The subprograms called ``name`` of the unit itself and of its package's spec."""
    own: list[Signature] = [s for s in unit.subprograms if s.name == name]
    for body in unit.bodies:
        spec = program.specs.get(body.name)
        own += [s for s in spec.subprograms if s.name == name] if spec is not None else []
    return own


def _single_call(use: Use, unit: UnitSymbols, program: Program,
                 catalogue: Catalogue) -> tuple[Issue | None, bool]:
    """A single name in PL/SQL code: the PLS-00306 of a call to a subprogram of the unit
    (or its package spec) or to a STANDARD built-in nothing shadows, and whether the name
    resolves to a subprogram at all (False: `_unresolved` judges it)."""
    name = use.parts[0]
    own = _own_overloads(name, unit, program)
    if own:
        shadowed = name in unit.declared - {s.name for s in unit.subprograms}
        return (None if shadowed or not use.call else _arity(use, name, own)), True
    if not use.call:
        return None, False  # a reference: `_unresolved` judges it
    if name in unit.declared or name in program.standalone or name in program.specs:
        return None, True
    found = catalogue.resolve_unqualified(name)
    if found.kind is not Kind.SUBPROGRAM:
        return None, False
    return _arity(use, name, found.overloads), True


def _single_callee(use: Use, unit: UnitSymbols, program: Program,
                   catalogue: Catalogue) -> Sequence[Signature | Subprogram]:
    """Every overload a single-name call can be, when the name is surely a subprogram of
    the unit, of its package or a catalogue built-in nothing shadows (else empty)."""
    name = use.parts[0]
    own = _own_overloads(name, unit, program)
    if own:
        return () if name in unit.declared - {s.name for s in unit.subprograms} else own
    if name in unit.declared or name in program.standalone or name in program.specs:
        return ()
    found = catalogue.resolve_unqualified(name)
    return found.overloads if found.kind is Kind.SUBPROGRAM else ()


def _member_callee(head: str, member: str, own: tuple[str, ...], program: Program,
                   catalogue: Catalogue) -> Sequence[Signature | Subprogram]:
    """Every overload ``head.member(...)`` can be (empty when not surely a subprogram)."""
    spec = program.specs.get(head)
    if spec is not None:
        body = program.bodies.get(head) if head in own else None
        overloads = [s for s in spec.subprograms if s.name == member]
        if body is not None:
            overloads += [s for s in body.subprograms if s.name == member]
        return overloads
    if "." not in head and head in program.bodies:
        return ()
    found = catalogue.resolve(head, member)
    return found.overloads if found.kind is Kind.SUBPROGRAM else ()


def _is_function(overload: Signature | Subprogram) -> bool:
    return overload.function if isinstance(overload, Signature) else overload.returns is not None


def _formals(overload: Signature | Subprogram) -> list[tuple[str, bool]] | None:
    """(name, needs a variable) per formal parameter; None when the modes are not known."""
    if isinstance(overload, Signature):
        if len(overload.modes) != len(overload.params):
            return None
        return [(name, mode != "IN") for (name, _), mode in zip(overload.params,
                                                                overload.modes, strict=True)]
    return [(p.name.upper(), p.needs_variable) for p in overload.params]


def _call_issues(use: Use, name: str, overloads: Sequence[Signature | Subprogram],
                 unit: UnitSymbols, program: Program) -> list[Issue]:
    """PLS-00221, PLS-00222 and PLS-00363 of one call whose overloads are all known."""
    if not overloads:
        return []
    functions = [_is_function(o) for o in overloads]
    if use.place == "statement" and all(functions):
        return [Issue(Check.FUNCTION_AS_STATEMENT, use.line, use.col,
                      f"PLS-00221: {name} is not a procedure or is undefined (it is a "
                      f"function: use its value)")]
    if use.place == "expression" and not any(functions):
        return [Issue(Check.PROCEDURE_IN_EXPRESSION, use.line, use.col,
                      f"PLS-00222: no function with name {name} exists in this scope (it is "
                      f"a procedure: call it as a statement)")]
    accepting = [o for o in overloads if o.mismatch(use.positional, use.named) is None]
    formals = _formals(accepting[0]) if len(accepting) == 1 else None
    if formals is None:
        return []
    by_name = dict(formals)
    out: list[Issue] = []
    for at, actual in enumerate(use.actuals):
        if actual.formal:
            formal, needs = actual.formal, by_name.get(actual.formal, False)
        elif at < len(formals):
            formal, needs = formals[at]
        else:
            continue
        if not needs:
            continue
        what = {"literal": "a literal", "expression": "an expression"}.get(actual.shape, "")
        if actual.shape == "name" and _is_read_only(actual.name, unit, program):
            what = "a constant or an IN parameter"
        if what:
            out.append(Issue(Check.OUT_NOT_VARIABLE, actual.line, actual.col,
                             f"PLS-00363: expression cannot be used as an assignment target: "
                             f"the actual of OUT parameter {formal} of {name} is {what}, not "
                             f"a variable"))
    return out


_CORRELATION = frozenset({"NEW", "OLD", "PARENT"})  # a trigger's WHEN writes them without ":"
_ALWAYS = frozenset({"TRUE", "FALSE", "NULL", "SQL", "SELF", "INSERTING", "UPDATING",
                     "DELETING", "SYSDATE", "SYSTIMESTAMP", "USER", "UID", "LEVEL", "ROWNUM",
                     "SQLCODE", "SQLERRM", "CURRENT_DATE", "CURRENT_TIMESTAMP",
                     "LOCALTIMESTAMP", "DBTIMEZONE", "SESSIONTIMEZONE", "ROWID", "NEW", "OLD",
                     "PARENT", "CAST", "TREAT", "MULTISET", "EXTRACT", "TRIM", "XMLTYPE",
                     "XMLELEMENT", "XMLFOREST", "XMLAGG", "XMLATTRIBUTES", "JSON_OBJECT",
                     "JSON_ARRAY", "JSON_VALUE", "JSON_QUERY", "JSON_TABLE", "TABLE",
                     "THE", "ANYDATA", "SYS_CONTEXT", "USERENV", "CURSOR", "COLLECT"})


def _unresolved(uses: list[Use], unit: UnitSymbols, context: Context, unresolved_deps: bool,
                catalogue: Catalogue) -> list[Issue]:
    """Single names in PL/SQL code declared nowhere the unit can see."""
    program = context.program
    visible: set[str] = set(program.standalone) | set(program.specs)
    for body in unit.bodies:
        visible |= body.members
        spec = program.specs.get(body.name)
        if spec is not None:
            visible |= spec.members
    error = context.complete and not unresolved_deps and all(
        b.name in program.specs for b in unit.bodies)
    out: list[Issue] = []
    for use in uses:
        name = use.parts[0]
        if name in visible or unit.visible(name, use.line, use.col) or name in _ALWAYS \
                or name in context.known_object or not name[:1].isalpha():
            continue
        if catalogue.resolve_unqualified(name).known or catalogue.package(name) is not None:
            continue
        if error:
            out.append(Issue(Check.UNRESOLVED, use.line, use.col,
                             f"PLS-00201: identifier {name} must be declared"))
        else:
            out.append(Issue(Check.UNRESOLVED_OUTSIDE, use.line, use.col,
                             f"unresolved: {name} is declared nowhere the model sees (Oracle "
                             f"reports PLS-00201 unless it exists in the database)"))
    return out


def _is_read_only(parts: tuple[str, ...], unit: UnitSymbols, program: Program) -> bool:
    """A constant or an IN parameter, when the name is declared nowhere in the unit as
    something writable."""
    name = parts[-1]
    if len(parts) == 1:
        if name in unit.writable:
            return False
        return name in unit.read_only or (name not in unit.declared and any(
            name in spec.constants for spec in (program.specs.get(b.name) for b in unit.bodies)
            if spec is not None))
    if len(parts) == 2 and parts[0] not in unit.declared:
        spec = program.specs.get(parts[0])
        return spec is not None and name in spec.constants
    return False


def _read_only(use: Use, unit: UnitSymbols, program: Program) -> list[Issue]:
    """An assignment to a constant or an IN parameter (PLS-00363)."""
    if not _is_read_only(use.parts, unit, program):
        return []
    return [Issue(Check.READ_ONLY, use.line, use.col,
                  f"PLS-00363: expression {'.'.join(use.parts)} cannot be used as an assignment "
                  f"target (a constant or an IN parameter)")]


def _defaults_differ(package: str, sub: Signature, same: list[Signature]) -> list[Issue]:
    """PLS-00593 when the body defining ``sub`` writes another default (or none) for a
    parameter; judged only when one body subprogram has the spec's heading."""
    body = [s for s in same if s.header == sub.header]
    if len(body) != 1 or len(body[0].defaults) != len(sub.defaults):
        return []
    for at, ((name, _), mine, theirs) in enumerate(zip(sub.params, sub.defaults,
                                                         body[0].defaults, strict=True)):
        if mine != theirs:
            line, col = sub.param_at[at] if at < len(sub.param_at) else (sub.line, sub.col)
            return [Issue(Check.DEFAULT_MISMATCH, line, col,
                          f"PLS-00593: default value of parameter {name} of {package}."
                          f"{sub.name} in body must match that of spec")]
    return []


def _no_body(unit: UnitSymbols, program: Program) -> list[Issue]:
    """Spec subprograms the package body in the run does not define (PLS-00323)."""
    out: list[Issue] = []
    for spec in unit.specs:
        body = program.bodies.get(spec.name)
        if body is None:
            continue
        for sub in spec.subprograms:
            same = [s for s in body.subprograms
                    if s.name == sub.name and len(s.params) == len(sub.params)]
            line, col = sub.line, sub.col
            if not same:
                why = "must be defined in its package body"
            elif sub.plain and all(s.plain for s in same) and \
                    all(s.header != sub.header for s in same):
                differ = [k for k, (a, b) in enumerate(zip(sub.header, same[0].header,
                                                           strict=False)) if a != b]
                why = "and its body's heading differs (" + "; ".join(
                    sub.header[k] + " / " + same[0].header[k] for k in differ) + ")"
                if differ and differ[0] < len(sub.param_at):
                    line, col = sub.param_at[differ[0]]
            else:
                out += _defaults_differ(spec.name, sub, same)
                continue
            out.append(Issue(Check.NO_BODY, line, col,
                             f"PLS-00323: subprogram {sub.name} is declared in the spec of "
                             f"{spec.name} {why}"))
    return out


# --------------------------------------------------------------------------- triggers


@dataclass(frozen=True)
class _TriggerShape:
    """What a simple DML trigger's heading says (None from `_trigger_shape` otherwise)."""

    timing: str  # BEFORE or AFTER
    events: frozenset[str]  # INSERT, UPDATE, DELETE
    row: bool  # FOR EACH ROW
    correlation: dict[str, str]  # correlation name -> NEW, OLD or PARENT
    table_at: tuple[int, int]  # where the heading names the table (FOR EACH ROW goes after)


_TIMINGS = frozenset({"BEFORE", "AFTER", "INSTEAD", "COMPOUND"})
_EVENTS = frozenset({"INSERT", "UPDATE", "DELETE"})
_TRIGGER_PARTS = frozenset({NodeKind.TRIGGER_WHEN, NodeKind.BLOCK, NodeKind.TIMING_POINT})


def _trigger_shape(text: str, node: Node) -> _TriggerShape | None:
    """A BEFORE or AFTER trigger on a table or view; None for INSTEAD OF, compound, DDL
    and database-event triggers (their correlation rules differ: not judged)."""
    table = next((c for c in node.children if c.kind is NodeKind.TABLE and c.role == "trigger"),
                 None)
    if table is None:
        return None
    end = min((c.start for c in node.children if c.kind in _TRIGGER_PARTS), default=node.end)
    words = [t.text.upper() for t in significant_tokens(text[node.start:end])
             if t.kind is TokenKind.WORD]
    timing = next((w for w in words if w in _TIMINGS), "")
    if timing not in ("BEFORE", "AFTER") or "COMPOUND" in words:
        return None
    after = words.index(timing)
    on = words.index("ON", after) if "ON" in words[after:] else len(words)
    events = frozenset(w for w in words[after:on] if w in _EVENTS)
    row = any(words[k:k + 3] == ["FOR", "EACH", "ROW"] for k in range(on, len(words)))
    renamed = {c.role: c.name[0] for c in node.children
               if c.kind is NodeKind.REFERENCING and c.name}
    correlation = {renamed.get(role, role): role for role in ("NEW", "OLD", "PARENT")}
    return _TriggerShape(timing, events, row, correlation, (table.line, table.col))


def _trigger_issues(text: str, node: Node) -> list[Issue]:
    """What Oracle rejects in a simple DML trigger's use of its correlation names: a bind
    variable in WHEN (ORA-25000), WHEN or :NEW/:OLD without FOR EACH ROW (ORA-04077,
    ORA-04082), WHEN naming no correlation name (ORA-04076), a bind variable that is no
    correlation name (PLS-00049), NEW.col without the colon in the body (PLS-00201), a
    write to :OLD (ORA-04085) or to :NEW where only BEFORE INSERT/UPDATE row triggers may
    (ORA-04084). REFERENCING renames: the old name is then no correlation name."""
    shape = _trigger_shape(text, node)
    if shape is None:
        return []
    out: list[Issue] = []
    when = next((c for c in node.children if c.kind is NodeKind.TRIGGER_WHEN), None)
    if when is not None and not shape.row:
        out.append(Issue(Check.STATEMENT_TRIGGER_WHEN, when.line, when.col,
                         "ORA-04077: WHEN clause cannot be used with table level triggers "
                         "(a WHEN needs FOR EACH ROW)"))
    elif when is not None:
        out += _when_issues(when, shape)
    body = next((c for c in node.children if c.kind is NodeKind.BLOCK), None)
    if body is not None:
        out += _body_issues(text, body, shape)
    return out


def _when_issues(when: Node, shape: _TriggerShape) -> list[Issue]:
    out: list[Issue] = []
    for node in when.walk():
        if node.kind is NodeKind.BIND:
            out.append(Issue(Check.BIND_IN_WHEN, node.line, node.col,
                             f"ORA-25000: invalid use of bind variable in trigger WHEN clause "
                             f"(:{'.'.join(node.name)}: WHEN names NEW and OLD without the colon)"))
        elif node.kind is NodeKind.COLUMN and len(node.name) >= 2 \
                and node.name[0] not in shape.correlation:
            names = ", ".join(shape.correlation)
            out.append(Issue(Check.WHEN_CORRELATION, node.line, node.col,
                             f"ORA-04076: invalid NEW or OLD specification: {node.name[0]} is no "
                             f"correlation name of the trigger ({names})"))
    return out


def _body_issues(text: str, body: Node, shape: _TriggerShape) -> list[Issue]:
    local = {name for node in body.walk() for name in _declares(text, node)}
    out: list[Issue] = []
    for node, in_sql in _code_nodes(body):
        name = ".".join(node.name)
        if node.kind is NodeKind.BIND and node.name:
            if node.name[0] not in shape.correlation:
                out.append(Issue(Check.BAD_BIND, node.line, node.col,
                                 f"PLS-00049: bad bind variable '{name}' (a trigger's only bind "
                                 f"variables are its correlation names: "
                                 f"{', '.join(shape.correlation)})"))
            elif not shape.row and not any(i.check is Check.STATEMENT_TRIGGER_CORRELATION
                                           for i in out):
                out.append(Issue(Check.STATEMENT_TRIGGER_CORRELATION, *shape.table_at,
                                 f"ORA-04082: NEW or OLD references not allowed in table level "
                                 f"triggers (:{name}: the trigger has no FOR EACH ROW)"))
        elif node.kind is NodeKind.COLUMN and not in_sql and len(node.name) >= 2 \
                and node.name[0] in shape.correlation and node.name[0] not in local:
            out.append(Issue(Check.UNRESOLVED, node.line, node.col,
                             f"PLS-00201: identifier {name} must be declared (in the trigger "
                             f"body a correlation name takes a colon: :{name})"))
        for target in _written_binds(node):
            out += _correlation_write(target, shape)
    return out


def _written_binds(node: Node) -> list[Node]:
    """The bind variables a statement writes: an assignment's target, INTO targets."""
    if node.kind is NodeKind.STATEMENT and node.role == "ASSIGN" and node.children \
            and node.children[0].kind is NodeKind.BIND:
        return [node.children[0]]
    if node.kind is NodeKind.INTO:
        return [c for c in node.children if c.kind is NodeKind.BIND]
    return []


def _correlation_write(target: Node, shape: _TriggerShape) -> list[Issue]:
    role = shape.correlation.get(target.name[0], "") if target.name else ""
    name = ".".join(target.name)
    if role == "OLD":
        return [Issue(Check.OLD_NOT_WRITABLE, target.line, target.col,
                      f"ORA-04085: cannot change the value of an OLD reference variable "
                      f"(:{name})")]
    if role == "NEW" and shape.row and (shape.timing == "AFTER"
                                        or not shape.events - {"DELETE"}):
        return [Issue(Check.NEW_NOT_WRITABLE, target.line, target.col,
                      f"ORA-04084: cannot change NEW values for this trigger type (:{name}; "
                      f"the trigger is {shape.timing} {' OR '.join(sorted(shape.events))}: "
                      f"only BEFORE INSERT or UPDATE row triggers may)")]
    return []


# --------------------------------------------------------------------------- declaration order


def _used_before_declared(unit: UnitSymbols, program: Program) -> list[Issue]:
    """A package body's private subprogram used above its first declaration (PLS-00313):
    a body is read top down, and only the spec, an earlier definition or a forward
    declaration makes the name visible. A name declared inside a subprogram too (which may
    shadow it) is not judged."""
    out: list[Issue] = []
    for body in unit.bodies:
        spec = program.specs.get(body.name)
        if spec is None:
            continue  # without the spec, a public subprogram would look private
        first: dict[str, tuple[int, int]] = {}
        for sub in body.subprograms:
            first.setdefault(sub.name, (sub.line, sub.col))
        for use in unit.uses:
            name = use.parts[0]
            at = first.get(name)
            if at is None or len(use.parts) != 1 or use.in_sql or use.role \
                    or name in spec.members or (use.line, use.col) >= at \
                    or not body.line <= use.line <= body.end_line or any(
                        first <= use.line <= last and name in inner
                        for first, last, inner in body.scopes):
                continue
            out.append(Issue(Check.USED_BEFORE_DECLARED, use.line, use.col,
                             f"PLS-00313: {name} not declared in this scope (the body declares "
                             f"it further down: move it up or forward-declare it)"))
    return out


_ITEMS = frozenset({"VARIABLE", "CONSTANT", "TYPE", "SUBTYPE", "EXCEPTION"})


def _after_body(section: Node) -> list[Issue]:
    """A variable, constant, type or exception declared below a subprogram body of the same
    declarative section: only subprograms, cursors and pragmas may follow one (PLS-00103)."""
    body: Node | None = None
    out: list[Issue] = []
    for child in section.children:
        if child.kind is NodeKind.SUBPROGRAM and any(c.kind is NodeKind.BLOCK
                                                      for c in child.children):
            body = body or child
        elif body is not None and child.kind is NodeKind.DECLARATION and child.role in _ITEMS \
                and child.name:
            out.append(Issue(Check.DECLARATION_AFTER_BODY, child.line, child.col,
                             f"PLS-00103: encountered the symbol {child.name[-1]} when "
                             f"expecting begin, function, pragma or procedure (declare it above "
                             f"{body.name[-1] if body.name else 'the first subprogram body'})"))
    return out


# --------------------------------------------------------------------------- scheduler jobs

_JOB_ACTIONS = {"CREATE_JOB": ("JOB_TYPE", "JOB_ACTION"),
                "CREATE_PROGRAM": ("PROGRAM_TYPE", "PROGRAM_ACTION")}
_ACTION_ATTRIBUTES = frozenset({"JOB_ACTION", "PROGRAM_ACTION"})
_PART = r'("[^"]+"|[A-Za-z][A-Za-z0-9_$#]*)'
_IDENTIFIER = re.compile(rf"\s*{_PART}(\s*\.\s*{_PART}){{0,2}}\s*\Z")  # [schema.]pkg.proc


def _scheduler_call(use: Use, head: str, member: str, program: Program,
                    catalogue: Catalogue) -> list[Issue]:
    """A DBMS_SCHEDULER call's literal job action and attribute name."""
    pkg = catalogue.package(head)
    if pkg is None or pkg.name != "DBMS_SCHEDULER" or not use.call:
        return []
    return (_attribute_name(use, member, pkg.attributes) + _attribute_values(use, member, pkg)
            + _job_action(use, member, program))


def _attribute_values(use: Use, member: str, pkg: Package) -> list[Issue]:
    """A literal job or program type none of the documented ones but close to one
    (ORA-27465 when the statement runs): a named `job_type =>` actual, or the value of
    `SET_ATTRIBUTE(name, 'job_type', value)`. A positional one is not judged (CREATE_JOB's
    second parameter is a program name in other overloads)."""
    given = [(a.formal, a) for a in use.actuals if a.formal in pkg.values]
    attribute = _actual_of(use, "ATTRIBUTE", 1) if member == "SET_ATTRIBUTE" else None
    value = _actual_of(use, "VALUE", 2) if attribute is not None else None
    if attribute is not None and value is not None \
            and attribute.value.strip().upper() in pkg.values:
        given.append((attribute.value.strip().upper(), value))
    out: list[Issue] = []
    for name, actual in given:
        text = actual.value.strip().upper()
        allowed = pkg.values[name]
        if actual.family != "CHARACTER" or text in allowed or len(text) < 5 \
                or not any(edit_distance(text, v) <= 3 for v in allowed):
            continue
        out.append(Issue(Check.SCHEDULER_VALUE, actual.line, actual.col,
                         f"ORA-27465: invalid value {text} for attribute {name} (one of "
                         f"{', '.join(sorted(allowed))})"))
    return out


_ATTRIBUTE_CALLS = frozenset({"SET_ATTRIBUTE", "SET_ATTRIBUTE_NULL", "GET_ATTRIBUTE"})


def _attribute_name(use: Use, member: str, known: frozenset[str]) -> list[Issue]:
    """An attribute name no scheduler object has, one or two letters from one that exists
    (ORA-27469 when the statement runs); a name farther from every known one may be an
    attribute the catalogue does not list and is not judged."""
    attribute = _actual_of(use, "ATTRIBUTE", 1) if member in _ATTRIBUTE_CALLS else None
    if attribute is None or attribute.family != "CHARACTER" or not known:
        return []
    given = attribute.value.strip().upper()
    near = sorted(a for a in known if abs(len(a) - len(given)) <= 2 and edit_distance(a, given) <= 2)
    if given in known or len(given) < 6 or not near:
        return []
    return [Issue(Check.SCHEDULER_ATTRIBUTE, attribute.line, attribute.col,
                  f"ORA-27469: {given} is not a valid attribute of any scheduler object "
                  f"(did you mean {near[0].lower()}?)")]


def _job_action(use: Use, member: str, program: Program) -> list[Issue]:
    """A DBMS_SCHEDULER job's (or program's) action resolved against the program: a stored
    procedure of a project package its spec does not declare (ORA-27476 when the job is
    enabled), a PL/SQL block calling such a member (PLS-00302 when the job runs)."""
    if member in _JOB_ACTIONS:
        type_param, action_param = _JOB_ACTIONS[member]
        kind = _actual_of(use, type_param, 1)
        job_type = kind.value.strip().upper() if kind is not None else "?"
        action = _actual_of(use, action_param, 2)
    elif member == "SET_ATTRIBUTE":
        attribute = _actual_of(use, "ATTRIBUTE", 1)
        if attribute is None or attribute.value.strip().upper() not in _ACTION_ATTRIBUTES:
            return []
        job_type, action = "", _actual_of(use, "VALUE", 2)
    else:
        return []
    if action is None or action.family != "CHARACTER":
        return []
    text = action.value.strip()
    block = text.upper().startswith(("BEGIN", "DECLARE")) or text.endswith(";")
    if job_type == "PLSQL_BLOCK" or (not job_type and block):
        return _job_block(text, action, program)
    if job_type not in ("STORED_PROCEDURE", "") or not _IDENTIFIER.match(text):
        return []
    parts = tuple(p.strip()[1:-1] if p.strip().startswith('"') else p.strip().upper()
                  for p in text.split("."))
    package, procedure = (parts[1], parts[2]) if len(parts) == 3 else (parts[0], parts[-1])
    spec = program.specs.get(package)
    if len(parts) == 1 or spec is None or procedure in spec.members:
        return []
    return [Issue(Check.JOB_ACTION, action.line, action.col,
                  f'ORA-27476: "{text}" does not exist: the spec of {package} declares no '
                  f'{procedure} (Oracle refuses the job when it is enabled)')]


def _actual_of(use: Use, formal: str, position: int) -> Actual | None:
    """The actual of parameter ``formal`` (named, or at 0-based ``position``)."""
    named = next((a for a in use.actuals if a.formal == formal), None)
    if named is not None:
        return named
    positional = [a for a in use.actuals if not a.formal]
    return positional[position] if position < len(positional) else None


def _job_block(text: str, action: Actual, program: Program) -> list[Issue]:
    """The calls of a job's PL/SQL block to members its project package does not declare."""
    result = parse(text)
    if result.errors:
        return []
    out: list[Issue] = []
    for use in unit_symbols(text, result.tree).uses:
        head, member = _qualified(use.parts, program) if len(use.parts) > 1 else (None, "")
        spec = program.specs.get(head) if head is not None else None
        if spec is not None and member not in spec.members:
            out.append(Issue(Check.UNKNOWN_MEMBER, action.line + use.line - 1, action.col,
                             f"PLS-00302: component {member} must be declared: the job's "
                             f"PL/SQL block calls {head}.{member}, which {head}'s spec does "
                             f"not declare (ORA-06550 when the job runs)"))
    return out
