"""Mermaid flowcharts as data, their text, and a structural validator for that text.

The generator only ever emits the small subset of Mermaid's flowchart grammar built
here, so the validator can check that subset exactly (every statement recognised,
every edge endpoint declared, subgraphs balanced, labels quoted and escaped) without a
browser. `scripts/check_mermaid.sh` renders the blocks with the real renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DIRECTIONS = ("LR", "RL", "TB", "TD", "BT")

# Node shapes: opening and closing brackets around a quoted label.
SHAPES: dict[str, tuple[str, str]] = {
    "box": ("[", "]"),
    "round": ("(", ")"),
    "stadium": ("([", "])"),
    "database": ("[(", ")]"),
    "subroutine": ("[[", "]]"),
    "hexagon": ("{{", "}}"),
    "parallelogram": ("[/", "/]"),
}
ARROWS = ("-->", "-.->", "==>")

# Words Mermaid's flowchart lexer treats as keywords; never usable as node ids.
RESERVED_IDS = frozenset(
    {"end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "click",
     "linkstyle", "direction", "default", "call", "href", "interpolate"}
)

_ID = r"[A-Za-z][A-Za-z0-9_]*"
_LABEL = r'"[^"]*"'


@dataclass(frozen=True)
class Node:
    id: str
    label: tuple[str, ...]  # lines of the label, shown with <br/> between them
    shape: str = "box"
    css_class: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    arrow: str = "-->"


@dataclass(frozen=True)
class Subgraph:
    id: str
    title: str
    members: tuple[str, ...]  # node ids
    direction: str = ""


@dataclass(frozen=True)
class Flowchart:
    direction: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    subgraphs: tuple[Subgraph, ...] = ()
    classes: tuple[tuple[str, str], ...] = field(default=())  # (name, css) for classDef


def node_id(*parts: str) -> str:
    """A stable Mermaid id from arbitrary names (prefixed, so never a keyword)."""
    raw = "_".join(parts)
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", raw).strip("_")


def escape_label(text: str) -> str:
    """Entity-escape what would end the quoted label or be read as markup."""
    return (
        text.replace("#", "#35;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("`", "#96;")
        .replace("|", "#124;")
    )


def _label(lines: tuple[str, ...]) -> str:
    return '"' + "<br/>".join(escape_label(" ".join(line.split())) for line in lines) + '"'


def render_flowchart(chart: Flowchart) -> str:
    """Mermaid text; subgraph members are declared inside their subgraph."""
    if chart.direction not in DIRECTIONS:
        raise ValueError(f"unknown flowchart direction {chart.direction!r}")
    by_id = {n.id: n for n in chart.nodes}
    if len(by_id) != len(chart.nodes):
        raise ValueError("duplicate node id in flowchart")
    placed: set[str] = set()
    out = [f"flowchart {chart.direction}"]

    def declare(node: Node, indent: str) -> None:
        opening, closing = SHAPES[node.shape]
        out.append(f"{indent}{node.id}{opening}{_label(node.label)}{closing}")
        placed.add(node.id)

    for sub in chart.subgraphs:
        out.append(f"  subgraph {sub.id}[{_label((sub.title,))}]")
        if sub.direction:
            out.append(f"    direction {sub.direction}")
        for member in sub.members:
            if member in placed:
                raise ValueError(f"node {member} is in two subgraphs")
            declare(by_id[member], "    ")
        out.append("  end")
    for node in chart.nodes:
        if node.id not in placed:
            declare(node, "  ")
    for edge in chart.edges:
        if edge.arrow not in ARROWS:
            raise ValueError(f"unknown arrow {edge.arrow!r}")
        label = f"|{_label((edge.label,))}|" if edge.label else ""
        out.append(f"  {edge.source} {edge.arrow}{label} {edge.target}")
    for name, css in chart.classes:
        out.append(f"  classDef {name} {css}")
    members: dict[str, list[str]] = {}
    for node in chart.nodes:
        if node.css_class:
            members.setdefault(node.css_class, []).append(node.id)
    for name, ids in sorted(members.items()):
        out.append(f"  class {','.join(ids)} {name}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- validation

_SHAPE_ALTS = "|".join(
    re.escape(o) + _LABEL + re.escape(c)
    for o, c in sorted(SHAPES.values(), key=lambda oc: -len(oc[0]))
)
_NODE_RE = re.compile(rf"({_ID})(?:{_SHAPE_ALTS})\Z")
_EDGE_RE = re.compile(
    rf"({_ID}) ({'|'.join(re.escape(a) for a in ARROWS)})(?:\|{_LABEL}\|)? ({_ID})\Z"
)
_SUBGRAPH_RE = re.compile(rf"subgraph ({_ID})\[{_LABEL}\]\Z")
_DIRECTION_RE = re.compile(rf"direction ({'|'.join(DIRECTIONS)})\Z")
_CLASSDEF_RE = re.compile(rf"classDef ({_ID}) [a-z-]+:[#A-Za-z0-9.,() -]+(?:,[a-z-]+:[#A-Za-z0-9.() -]+)*\Z")
_CLASS_RE = re.compile(rf"class ({_ID}(?:,{_ID})*) ({_ID})\Z")
_ENTITY_RE = re.compile(r"#(?:quot|lt|gt|\d+);")


def _check_label_text(statement: str) -> str | None:
    for label in re.findall(_LABEL, statement):
        body = label[1:-1].replace("<br/>", "")
        if "<" in body or ">" in body:
            return f"raw '<' or '>' in label {label}"
        if "`" in body:
            return f"backtick in label {label}"
        if "#" in _ENTITY_RE.sub("", body):
            return f"'#' outside an entity in label {label}"
    return None


def validate_flowchart(text: str) -> tuple[str, ...]:
    """Problems in a flowchart block, as 'line N: message'; empty when it is valid."""
    problems: list[str] = []
    lines = text.splitlines()
    if not lines or not re.fullmatch(rf"flowchart ({'|'.join(DIRECTIONS)})", lines[0].strip()):
        return ("line 1: expected 'flowchart <direction>'",)
    nodes: set[str] = set()
    subgraphs: list[str] = []
    seen_subgraphs: set[str] = set()
    class_defs: set[str] = set()
    edges: list[tuple[int, str, str]] = []
    class_uses: list[tuple[int, tuple[str, ...], str]] = []

    def declare(no: int, ident: str, into: set[str], twice: str) -> None:
        """One id for one node or subgraph: not a keyword, not declared before as either."""
        if ident.lower() in RESERVED_IDS:
            problems.append(f"line {no}: id {ident!r} is a Mermaid keyword")
        if ident in nodes or ident in seen_subgraphs:
            problems.append(f"line {no}: {twice}")
        into.add(ident)

    for no, raw in enumerate(lines[1:], start=2):
        statement = raw.strip()
        if not statement or statement.startswith("%%"):
            continue
        bad_label = _check_label_text(statement)
        if bad_label:
            problems.append(f"line {no}: {bad_label}")
        if m := _SUBGRAPH_RE.match(statement):
            declare(no, m.group(1), seen_subgraphs, f"subgraph id {m.group(1)} used twice")
            subgraphs.append(m.group(1))
        elif statement == "end":
            if not subgraphs:
                problems.append(f"line {no}: 'end' without an open subgraph")
            else:
                subgraphs.pop()
        elif _DIRECTION_RE.match(statement):
            if not subgraphs:
                problems.append(f"line {no}: 'direction' outside a subgraph")
        elif m := _NODE_RE.match(statement):
            declare(no, m.group(1), nodes, f"node {m.group(1)} declared twice")
        elif m := _EDGE_RE.match(statement):
            edges.append((no, m.group(1), m.group(3)))
        elif m := _CLASSDEF_RE.match(statement):
            class_defs.add(m.group(1))
        elif m := _CLASS_RE.match(statement):
            class_uses.append((no, tuple(m.group(1).split(",")), m.group(2)))
        else:
            problems.append(f"line {no}: unrecognised statement {statement[:60]!r}")
    if subgraphs:
        problems.append(f"line {len(lines)}: subgraph {subgraphs[-1]} is not closed")
    for no, source, target in edges:
        for end in (source, target):
            if end not in nodes and end not in seen_subgraphs:
                problems.append(f"line {no}: edge endpoint {end} is not declared")
    for no, ids, name in class_uses:
        if name not in class_defs:
            problems.append(f"line {no}: class {name} has no classDef")
        for ident in ids:
            if ident not in nodes:
                problems.append(f"line {no}: class applied to undeclared node {ident}")
    return tuple(problems)


_BLOCK_RE = re.compile(r"^(`{3,})mermaid\n(.*?)^\1$", re.S | re.M)


def mermaid_blocks(markdown: str) -> tuple[str, ...]:
    """The bodies of the ```mermaid fenced blocks of a Markdown document, in order."""
    return tuple(m.group(2) for m in _BLOCK_RE.finditer(markdown))
