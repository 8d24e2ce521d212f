"""Syntax check of one unit with sqlfluff's Oracle dialect, through its Python API.

Known gaps of sqlfluff 4.5 (oracle) and what is done about them. Each workaround rewrites
the text *to the same length, keeping every line break*, so the positions sqlfluff reports
are positions in the original unit:

* q-quoted literals (``q'[it's]'``, ``nq'{...}'``) do not lex: rewritten to an ordinary
  literal ``'xxxxxxx'`` of the same length;
* a field of a collection element (``v_tab(i).field``, ``SQL%BULK_EXCEPTIONS(i).ERROR_INDEX``)
  does not parse: ``(i).`` becomes ``____`` (one identifier, ``v_tab____field``);
* ``FORALL ... SAVE EXCEPTIONS`` crashes the parser (RuntimeError): ``SAVE EXCEPTIONS`` is
  blanked;
* block labels ``<<name>>`` do not parse: blanked;
* ``ALTER USER`` and ``LOCK TABLE`` are not in the grammar: such a SQL unit is not
  syntax-checked, and such a statement inside PL/SQL is checked as ``NULL``.

Left as they are (reported as unparsable, avoid them in generated code): ``FORALL i IN
INDICES OF`` / ``VALUES OF``. Any other exception raised by sqlfluff is reported as SYN003
(the unit was not checked), never as a crash of the tool.

sqlfluff marks everything from the enclosing block (often from ``CREATE``) to the end as
one unparsable section when a statement does not parse. To point at the statement itself,
each statement and declaration inside that section that holds no block is re-parsed alone
(wrapped in ``BEGIN ... END;`` or ``DECLARE ... BEGIN NULL; END;``, indented as in the
file) and the ones that fail are reported; if none fails alone, the section's start is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from conefi_dbtool.lint.sqlfacts import Block, CallRef, ColumnRef, Statement, TableRef, TreeFacts, extract
from conefi_dbtool.lint.sqltext import QIDENT, STRING, WORD, Leaf, tokenize

MAX_LOCALISED_LEAVES = 400  # beyond this an unparsable unit is reported at its start only
# Statements sqlfluff 4.5 (oracle) cannot parse although Oracle runs them.
UNCHECKED_HEADS = frozenset({("ALTER", "USER"), ("LOCK", "TABLE")})
_STATEMENT_STARTS = frozenset({";", "BEGIN", "THEN", "ELSE", "LOOP"})


@dataclass(frozen=True)
class SyntaxIssue:
    rule: str  # SYN001 unparsable, SYN003 parser failure
    line: int  # in the unit text
    col: int
    message: str


@cache
def sqlfluff_version() -> str:
    """The installed sqlfluff version, without importing it (the warm path never does)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sqlfluff")
    if spec is not None and spec.origin:
        site = Path(spec.origin).resolve().parent.parent
        found = sorted(site.glob("sqlfluff-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("sqlfluff-"):-len(".dist-info")]
    from importlib.metadata import version

    return version("sqlfluff")


@cache
def _linter() -> Any:
    from sqlfluff.core import FluffConfig, Linter

    logging.getLogger("sqlfluff").setLevel(logging.CRITICAL)
    return Linter(config=FluffConfig(overrides={"dialect": "oracle", "templater": "raw"}))


def prepare(text: str) -> str:
    """The same-length, same-lines rewrite of ``text`` that avoids sqlfluff's known gaps."""
    toks = tokenize(text)
    chars = list(text)

    def fill(start: int, end: int, char: str) -> None:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = char

    n = len(toks)
    for k, t in enumerate(toks):
        if t.kind == STRING and t.text[:2].upper() in ("Q'", "NQ"):
            fill(t.start, t.end, "x")
            chars[t.start] = "'"
            chars[t.end - 1] = "'"
        elif t.text == "<<" and k + 2 < n and toks[k + 2].text == ">>":
            fill(t.start, toks[k + 2].end, " ")
        elif t.kind == WORD and t.name == "SAVE" and k + 1 < n and toks[k + 1].name == "EXCEPTIONS":
            fill(t.start, toks[k + 1].end, " ")
        elif (t.kind == WORD and k > 0 and k + 1 < n and toks[k - 1].name in _STATEMENT_STARTS
              and (t.name, toks[k + 1].name) in UNCHECKED_HEADS):
            end = next((x.start for x in toks[k + 1:] if x.text == ";"), None)
            if end is not None:
                fill(t.start, end, " ")
                chars[t.start:t.start + 4] = list("NULL")
        elif t.text == "(" and k > 0 and toks[k - 1].kind in (WORD, QIDENT):
            close = k + 1
            while close < n and toks[close].text not in ("(", ")", ";"):
                close += 1
            if (close + 2 < n and toks[close].text == ")" and toks[close + 1].text == "."
                    and toks[close + 2].kind in (WORD, QIDENT)
                    and "\n" not in text[t.start:toks[close + 1].end]):
                fill(t.start, toks[close + 1].end, "_")
    return "".join(chars)


@dataclass(frozen=True)
class _Problem:
    line: int
    col: int
    message: str
    start: int = -1  # offsets of an unparsable section (-1: a lexing problem)
    end: int = -1


def _violations(text: str) -> tuple[list[_Problem], Any]:
    """Lexing problems and unparsable sections (with their extent), and the tree."""
    parsed = _linter().parse_string(text)
    problems: list[_Problem] = []
    parse_errors: list[_Problem] = []
    for v in parsed.violations:
        message = " ".join(str(v.desc() if hasattr(v, "desc") else v).split())
        problem = _Problem(int(getattr(v, "line_no", 0) or 1), int(getattr(v, "line_pos", 0) or 1),
                           message)
        (parse_errors if type(v).__name__ == "SQLParseError" else problems).append(problem)
    tree = parsed.tree
    sections = []
    if tree is not None:
        for seg in tree.recursive_crawl("unparsable"):
            marker = seg.pos_marker
            sections.append(_Problem(int(marker.line_no), int(marker.line_pos), "unparsable",
                                     marker.source_slice.start, marker.source_slice.stop))
    # an unparsable section carries its extent; a parse error without one is kept as is
    problems += sections or parse_errors
    return problems, tree


def _near(text: str, line: int, col: int) -> str:
    """The text at (line, col), first line only, shortened: what a human looks for."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    near = lines[line - 1][max(col - 1, 0):].strip()
    return near if len(near) <= 60 else near[:57] + "..."


def _localise(text: str, leaves: tuple[Leaf, ...], original: str) -> list[SyntaxIssue]:
    """Re-parse each block-free statement alone; report those that fail."""
    issues: list[SyntaxIssue] = []
    for leaf in leaves[:MAX_LOCALISED_LEAVES]:
        body = " " * (leaf.col - 1) + text[leaf.start:leaf.end]
        wrapper = ("BEGIN\n" + body + "\nEND;") if leaf.executable else (
            "DECLARE\n" + body + "\nBEGIN NULL; END;")
        try:
            problems, _ = _violations(wrapper)
        except Exception:  # sqlfluff failure on the fragment: nothing more precise to say
            continue
        if not problems:
            continue
        line, col = problems[0].line, problems[0].col
        if line >= 2 and not (line == 2 and col <= leaf.col):
            where_line, where_col = leaf.line + line - 2, col
        else:
            where_line, where_col = leaf.line, leaf.col
        what = "statement" if leaf.executable else "declaration"
        issues.append(SyntaxIssue(
            "SYN001", where_line, where_col,
            f"{what} does not parse with the Oracle grammar (sqlfluff): "
            f"{_near(original, where_line, where_col)!r}"))
    return issues


@dataclass(frozen=True)
class ParseTask:
    """One sqlfluff parse: a unit, or a piece of a package body (same coordinates)."""

    text: str  # prepared text, same length and lines as the unit
    original: str  # the unit text (for messages)
    leaves: tuple[Leaf, ...]
    plsql: bool

    @property
    def cost(self) -> int:
        return len(self.text) - self.text.count(" ") - self.text.count("\n")


def tasks_for(text: str, leaves: tuple[Leaf, ...], pieces: tuple[tuple[int, int], ...], *,
              plsql: bool) -> list[ParseTask]:
    """Parse tasks of a unit: the whole unit, or a package body's skeleton and subprograms.

    sqlfluff's cost grows with the unit and a big package body is the longest single parse
    of a target: parsing its subprograms apart (each alone, everything else blanked, the
    word CREATE at the start) spreads the work over processes and caches nothing twice.
    """
    head = tuple(word.upper() for word in text.split(None, 2)[:2])
    if not plsql and head in UNCHECKED_HEADS:
        return []
    prepared = prepare(text)
    if not pieces or not prepared.startswith("CREATE") or pieces[0][0] < 7:
        return [ParseTask(prepared, text, leaves, plsql)]

    def blank(keep: list[tuple[int, int]]) -> str:
        chars = [ch if ch == "\n" else " " for ch in prepared]
        for start, end in keep:
            chars[start:end] = prepared[start:end]
        return "".join(chars)

    outside = []
    at = 0
    for start, end in pieces:
        outside.append((at, start))
        at = end
    outside.append((at, len(prepared)))
    tasks = [ParseTask(blank(outside), text,
                       tuple(leaf for leaf in leaves
                             if not any(s <= leaf.start < e for s, e in pieces)), plsql)]
    for start, end in pieces:
        piece = blank([(start, end)])
        # the blank tail is dropped (positions are unchanged; sqlfluff lexes less)
        tasks.append(ParseTask("CREATE" + piece[6:].rstrip(), text,
                               tuple(leaf for leaf in leaves if start <= leaf.start < end), plsql))
    return tasks


def run_task(task: ParseTask) -> tuple[tuple[SyntaxIssue, ...], TreeFacts | None]:
    """Syntax issues (positions in the unit) and tree facts of one parse task."""
    text = task.original
    try:
        problems, tree = _violations(task.text)
        facts = extract(tree) if tree is not None else None
    except Exception as exc:  # sqlfluff bug (or a tree too deep): report, never crash the lint
        message = " ".join(str(exc).split())[:160]
        return (SyntaxIssue("SYN003", 1, 1, f"sqlfluff failed on this unit, not syntax-checked: "
                                            f"{type(exc).__name__}: {message}"),), None
    issues: list[SyntaxIssue] = []
    for problem in problems:
        inside = tuple(leaf for leaf in task.leaves if problem.start <= leaf.start < problem.end)
        found = _localise(task.text, inside, text) if task.plsql and inside else []
        issues += found or [SyntaxIssue(
            "SYN001", problem.line, problem.col,
            "does not parse with the Oracle grammar (sqlfluff): "
            + (repr(_near(text, problem.line, problem.col)) if problem.start >= 0
               else problem.message[:160]))]
    return tuple(dict.fromkeys(issues)), facts


def merge(results: list[tuple[tuple[SyntaxIssue, ...], TreeFacts | None]]
          ) -> tuple[tuple[SyntaxIssue, ...], TreeFacts | None]:
    """One unit's issues and facts from its tasks' (indexes renumbered)."""
    if not results:
        return (), None
    if len(results) == 1:
        return results[0]
    issues: list[SyntaxIssue] = []
    trees = [tree for found, tree in results if tree is not None]
    for found, _tree in results:
        issues.extend(found)
    if not trees:
        return tuple(issues), None
    statements: list[Statement] = []
    blocks: list[Block] = []
    tables: list[TableRef] = []
    columns: list[ColumnRef] = []
    calls: list[CallRef] = []
    for tree in trees:
        s0, b0, t0 = len(statements), len(blocks), len(tables)

        def moved(index: int, base: int) -> int:
            return index + base if index >= 0 else index

        statements.extend(tree.statements)
        blocks.extend(replace(b, statement=moved(b.statement, s0)) for b in tree.blocks)
        tables.extend(replace(t, statement=moved(t.statement, s0), block=moved(t.block, b0))
                      for t in tree.tables)
        columns.extend(replace(c, statement=moved(c.statement, s0), block=moved(c.block, b0),
                               target=moved(c.target, t0)) for c in tree.columns)
        calls.extend(tree.calls)
    first = trees[0]
    return tuple(issues), TreeFacts(tuple(statements), tuple(blocks), tuple(tables),
                                    tuple(columns), tuple(calls), first.created_columns,
                                    first.correlation)


def parse_unit(text: str, leaves: tuple[Leaf, ...], pieces: tuple[tuple[int, int], ...] = (), *,
               plsql: bool) -> tuple[tuple[SyntaxIssue, ...], TreeFacts | None]:
    """Syntax issues of a unit (positions in ``text``) and its tree facts, in-process."""
    return merge([run_task(t) for t in tasks_for(text, leaves, pieces, plsql=plsql)])
