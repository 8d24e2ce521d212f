"""Statement-context checks: where EXIT, CONTINUE, RETURN and GOTO may stand, exception
handler lists, and functions that cannot return a value.

Why apart from the name resolution (`conefi_dbtool.lint.semantic`): these rules depend
only on where a statement sits in the tree (inside a loop, a function, a handler), not on
what a name means, so one walk over each unit's tree decides them exactly. Each check
reports only what Oracle rejects for certain; anything the tree does not show (a helper
procedure that always raises, a loop that never ends) counts as "may return".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conefi_dbtool.lint.semantic import Check, Issue
from conefi_dbtool.plsql.lexer import TokenKind, significant_tokens
from conefi_dbtool.plsql.tree import Node, NodeKind

__all__ = ["check_flow"]

_LOOPS = frozenset({"LOOP", "WHILE", "FOR"})
# statements that never leave a function except by an exception Oracle raises: when a
# body holds only these, every normal path reaches its END (a loop ends or never returns)
_CONTINUES = frozenset({
    "ASSIGN", "NULL", "SQL", "IF", "CASE", "LOOP", "WHILE", "FOR", "FORALL", "COMMIT",
    "ROLLBACK", "SAVEPOINT", "SET", "LOCK", "OPEN", "FETCH", "CLOSE", "LABEL", "EXIT",
    "CONTINUE", "BEGIN", "DECLARE"})
_HANDLER_HEAD = re.compile(r"WHEN\s+(.*?)\s*\bTHEN\b", re.IGNORECASE | re.DOTALL)
_OR = re.compile(r"\s+OR\s+", re.IGNORECASE)
_EXIT_LABEL = re.compile(r"(?:EXIT|CONTINUE)\s+(\"[^\"]+\"|[A-Za-z][\w$#]*)", re.IGNORECASE)
_RETURN_VALUE = re.compile(r"RETURN\s*;", re.IGNORECASE)
_PIPELINED = re.compile(r"\bPIPELINED\b", re.IGNORECASE)
_CONSTRUCTOR = re.compile(r"\bSELF\s+AS\s+RESULT\b", re.IGNORECASE)
_GOTO = re.compile(r"GOTO\s+(\"[^\"]+\"|[A-Za-z][\w$#]*)", re.IGNORECASE)
_RAISE_CALL = re.compile(r"\bRAISE_APPLICATION_ERROR\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Where:
    """What encloses a statement: the subprogram kind and the labels of the loops."""

    owner: str  # FUNCTION, PIPELINED, CONSTRUCTOR, PROCEDURE, TRIGGER or BLOCK
    loops: tuple[tuple[str, ...], ...] = ()  # one entry per enclosing loop: its labels


def check_flow(text: str, tree: Node) -> tuple[Issue, ...]:
    """The unit's statement-context issues, in text order."""
    out: list[Issue] = []
    _visit(text, tree, _Where("BLOCK"), out)
    labels = frozenset(n.name[0] for n in tree.walk() if n.role == "LABEL" and n.name)
    _gotos(text, tree, frozenset(), labels, out)
    _cursor_attributes(text, tree, out)
    return tuple(sorted(out, key=lambda issue: (issue.line, issue.col)))


def _visit(text: str, node: Node, where: _Where, out: list[Issue]) -> None:
    labels: list[str] = []
    for child in node.children:
        inner = where
        if child.kind is NodeKind.SUBPROGRAM:
            inner = _Where(_owner(text, child))
            if inner.owner == "FUNCTION":
                _function_end(text, child, out)
        elif child.kind in (NodeKind.CREATE_TRIGGER, NodeKind.TIMING_POINT):
            inner = _Where("TRIGGER")
        elif child.kind is NodeKind.ANONYMOUS_BLOCK:
            inner = _Where("BLOCK")
        elif child.kind is NodeKind.BLOCK:
            _handlers(text, child, out)
        elif child.kind is NodeKind.STATEMENT:
            _statement(text, child, where, labels, out)
            if child.role in _LOOPS:
                inner = _Where(where.owner, (*where.loops, tuple(labels)))
        labels = [*labels, child.name[0]] if child.role == "LABEL" and child.name else []
        _visit(text, child, inner, out)


def _owner(text: str, subprogram: Node) -> str:
    if subprogram.role != "FUNCTION":
        return "PROCEDURE"
    body = next((c.start for c in subprogram.children
                 if c.kind in (NodeKind.DECLARATION, NodeKind.BLOCK)), subprogram.end)
    if _CONSTRUCTOR.search(text, subprogram.start, body):
        return "CONSTRUCTOR"  # RETURN SELF AS RESULT: a bare RETURN hands back SELF
    return "PIPELINED" if _PIPELINED.search(text, subprogram.start, body) else "FUNCTION"


def _statement(text: str, node: Node, where: _Where, labels: list[str],
               out: list[Issue]) -> None:
    source = text[node.start:node.end]
    if node.role in ("EXIT", "CONTINUE"):
        if not where.loops:
            out.append(Issue(Check.EXIT_OUTSIDE_LOOP, node.line, node.col,
                             f"PLS-00376: {node.role} outside a loop"))
            return
        named = _EXIT_LABEL.match(source)
        if named and named.group(1).upper() != "WHEN":
            label = named.group(1).strip('"') if named.group(1).startswith('"') else \
                named.group(1).upper()
            if not any(label in loop for loop in where.loops):
                out.append(Issue(Check.EXIT_LABEL, node.line, node.col,
                                 f"PLS-00374: {node.role} {label}: no enclosing loop is "
                                 f"labeled {label}"))
    elif node.role == "RETURN":
        bare = _RETURN_VALUE.fullmatch(source.strip()) is not None
        if not bare and where.owner in ("PROCEDURE", "TRIGGER", "BLOCK"):
            what = {"PROCEDURE": "a procedure", "TRIGGER": "a trigger",
                    "BLOCK": "an anonymous block"}[where.owner]
            out.append(Issue(Check.RETURN_WITH_VALUE, node.line, node.col,
                             f"PLS-00372: RETURN with a value in {what}"))
        elif bare and where.owner == "FUNCTION":
            out.append(Issue(Check.RETURN_WITHOUT_VALUE, node.line, node.col,
                             "PLS-00503: RETURN without a value in a function"))


def _handlers(text: str, block: Node, out: list[Issue]) -> None:
    """Each exception at most once among a block's handlers, OTHERS alone and last."""
    handlers = [c for c in block.children if c.kind is NodeKind.HANDLER]
    seen: set[str] = set()
    others = False
    for handler in handlers:
        names = _handled(text, handler)
        if others:
            out.append(Issue(Check.OTHERS_NOT_LAST, handler.line, handler.col,
                             "PLS-00370: a handler after WHEN OTHERS (OTHERS must be the "
                             "last exception handler)"))
        others = others or "OTHERS" in names
        for name in names:
            if name in seen:
                out.append(Issue(Check.DUPLICATE_HANDLER, handler.line, handler.col,
                                 f"PLS-00483: exception {name} appears more than once in "
                                 "the exception handlers"))
            seen.add(name)


def _handled(text: str, handler: Node) -> list[str]:
    head = _HANDLER_HEAD.match(text, handler.start)
    if head is None or "--" in head.group(1) or "/*" in head.group(1):
        return []
    return [re.sub(r"\s+", "", name).upper() for name in _OR.split(head.group(1))]


def _function_end(text: str, function: Node, out: list[Issue]) -> None:
    """A function whose body, or one of whose body's handlers, holds no way out (no
    RETURN, RAISE, GOTO or call anywhere in it) falls off its END: ORA-06503."""
    body = next((c for c in function.children if c.kind is NodeKind.BLOCK), None)
    if body is None:
        return
    statements = [c for c in body.children if c.kind is NodeKind.STATEMENT]
    handlers = [c for c in body.children if c.kind is NodeKind.HANDLER]
    if statements and not _may_leave(text, statements):
        end = _last_end(text, body)  # where Oracle's PLW-05005 points
        line = body.line + text.count("\n", body.start, end)
        col = end - text.rfind("\n", 0, end)
        out.append(Issue(Check.FUNCTION_WITHOUT_RETURN, line, col,
                         f"ORA-06503: function {function.name[-1]} reaches its END "
                         "without a RETURN"))
    for handler in handlers:
        inside = [c for c in handler.children if c.kind is NodeKind.STATEMENT]
        if inside and not _may_leave(text, inside):
            out.append(Issue(Check.FUNCTION_WITHOUT_RETURN, handler.line, handler.col,
                             f"ORA-06503: this handler of function {function.name[-1]} "
                             "ends without a RETURN or RAISE"))


def _last_end(text: str, block: Node) -> int:
    """The offset of the block's closing END (its start when the text has none)."""
    found = [m.start() for m in re.finditer(r"\bEND\b", text[block.start:block.end],
                                            re.IGNORECASE)]
    return block.start + found[-1] if found else block.start


def _may_leave(text: str, statements: list[Node]) -> bool:
    """Whether any statement (at any depth) may end the function other than by falling
    off its END: a RETURN, RAISE, GOTO, call, dynamic SQL or any statement not known to
    simply continue."""
    for statement in statements:
        for node in statement.walk():
            if node.kind is NodeKind.STATEMENT and node.role not in _CONTINUES:
                return True
    return any(_RAISE_CALL.search(text, s.start, s.end) for s in statements)


def _gotos(text: str, node: Node, visible: frozenset[str], labels: frozenset[str],
           out: list[Issue]) -> None:
    """GOTO may reach a label of its own statement list or of an enclosing one in the same
    subprogram, never one inside an IF, a loop or a sub-block, and from a handler not the
    handler's own block (the labels of a node's statement list are ``own``)."""
    own = visible | {c.name[0] for c in node.children if c.role == "LABEL" and c.name}
    for child in node.children:
        if child.kind is NodeKind.SUBPROGRAM:
            _gotos(text, child, frozenset(), labels, out)
        elif child.kind is NodeKind.HANDLER:
            _gotos(text, child, visible, labels, out)
        else:
            if child.role == "GOTO":
                _goto(text, child, own, labels, out)
            _gotos(text, child, own, labels, out)


def _goto(text: str, node: Node, visible: frozenset[str], labels: frozenset[str],
          out: list[Issue]) -> None:
    target = _GOTO.match(text, node.start)
    if target is None:
        return
    word = target.group(1)
    label = word.strip('"') if word.startswith('"') else word.upper()
    if label in visible:
        return
    if label in labels:  # a label the unit lacks is SEM004's (PLS-00201)
        out.append(Issue(Check.GOTO_UNREACHABLE, node.line, node.col,
                         f"PLS-00375: GOTO {label} cannot branch into an IF, a loop, a "
                         "sub-block or from a handler into its block"))


_CURSOR_ATTRIBUTES = frozenset({"FOUND", "NOTFOUND", "ROWCOUNT", "ISOPEN", "BULK_ROWCOUNT",
                                "BULK_EXCEPTIONS"})
# declared types that are certainly not cursors: a name declared only with these is a
# plain variable (a REF CURSOR type, SYS_REFCURSOR or an unknown type is never judged)
_SCALARS = frozenset({
    "NUMBER", "INTEGER", "INT", "PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER",
    "NATURAL", "POSITIVE", "BINARY_DOUBLE", "BINARY_FLOAT", "FLOAT", "DECIMAL", "VARCHAR2",
    "VARCHAR", "NVARCHAR2", "CHAR", "NCHAR", "CLOB", "NCLOB", "BLOB", "RAW", "DATE",
    "TIMESTAMP", "BOOLEAN", "ROWID", "XMLTYPE"})
_ATTRIBUTE_TEXT = re.compile(r"([\w$#]+)\s*%\s*(?:FOUND|NOTFOUND|ROWCOUNT|ISOPEN|BULK_)",
                             re.IGNORECASE)
_DECLARED = re.compile(r"\s*(?:\"[^\"]+\"|[\w$#]+)\s+(?:CONSTANT\s+)?"
                       r"(?:(?:IN|OUT|NOCOPY)\s+)*([\w$#]+)", re.IGNORECASE)


def _cursor_attributes(text: str, tree: Node, out: list[Issue]) -> None:
    """``name%FOUND`` (and the other cursor attributes) where every declaration of
    ``name`` in the unit is a plain scalar variable or parameter: PLS-00324."""
    kinds: dict[str, set[bool]] = {}
    for node in tree.walk():
        if node.kind in (NodeKind.DECLARATION, NodeKind.PARAMETER) and node.name:
            declared = _DECLARED.match(text, node.start)
            scalar = (node.kind is NodeKind.PARAMETER or node.role in ("VARIABLE", "CONSTANT")) \
                and declared is not None and declared.group(1).upper() in _SCALARS
            kinds.setdefault(node.name[0], set()).add(scalar)
    plain = {name for name, found in kinds.items() if found == {True}}
    if not plain or not any(match.group(1).upper() in plain
                            for match in _ATTRIBUTE_TEXT.finditer(text)):
        return  # the text alone rules it out: no tokenizing
    tokens = significant_tokens(text)
    for at in range(1, len(tokens) - 1):
        if tokens[at].text != "%" or tokens[at + 1].text.upper() not in _CURSOR_ATTRIBUTES:
            continue
        name = tokens[at - 1]
        if name.kind is not TokenKind.WORD or (at > 1 and tokens[at - 2].text == "."):
            continue
        if name.text.upper() in plain:
            out.append(Issue(Check.CURSOR_ATTRIBUTE, name.line, name.column,
                             f"PLS-00324: {name.text.upper()}%{tokens[at + 1].text.upper()}: "
                             f"{name.text.upper()} is not a cursor"))
