"""Mermaid blocks of the generated docs: built from data, checked by a structural validator.

The validator knows exactly the flowchart subset the generator emits; these tests prove
it rejects each way a block could break (so a passing page is evidence, not luck).
`scripts/check_mermaid.sh` renders the blocks with the real renderer (manual, needs a
browser).
"""

from __future__ import annotations

import pytest

from conefi_dbtool.docs_gen.mermaid import (
    Edge,
    Flowchart,
    Node,
    Subgraph,
    escape_label,
    mermaid_blocks,
    node_id,
    render_flowchart,
    validate_flowchart,
)


def _chart(**over: object) -> Flowchart:
    base: dict[str, object] = {
        "direction": "LR",
        "nodes": (Node("n_a", ("A", "second line")), Node("n_b", ("B",), "database", "ours")),
        "edges": (Edge("n_a", "n_b", "PGO"), Edge("n_b", "n_a", "", "-.->")),
        "subgraphs": (Subgraph("g_one", "Group one", ("n_a",), "TB"),),
        "classes": (("ours", "fill:#e3f2fd,stroke:#1565c0"),),
    }
    base.update(over)
    return Flowchart(**base)  # type: ignore[arg-type]


def test_render_exact_text() -> None:
    assert render_flowchart(_chart()) == (
        "flowchart LR\n"
        '  subgraph g_one["Group one"]\n'
        "    direction TB\n"
        '    n_a["A<br/>second line"]\n'
        "  end\n"
        '  n_b[("B")]\n'
        '  n_a -->|"PGO"| n_b\n'
        "  n_b -.-> n_a\n"
        "  classDef ours fill:#e3f2fd,stroke:#1565c0\n"
        "  class n_b ours\n"
    )
    assert validate_flowchart(render_flowchart(_chart())) == ()


def test_labels_with_markup_and_quotes_are_escaped_and_valid() -> None:
    hostile = 'say "hi" <b>#1</b> | `x`'
    assert escape_label(hostile) == (
        "say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #124; #96;x#96;"
    )
    chart = _chart(nodes=(Node("n_a", (hostile,)), Node("n_b", ("B",))),
                   edges=(Edge("n_a", "n_b", hostile),), classes=())
    assert validate_flowchart(render_flowchart(chart)) == ()


def test_node_ids_are_never_keywords() -> None:
    assert node_id("end") == "n_end"
    assert node_id("erp", "CONEFI", "package_body", "PKG$X#1") == "n_erp_CONEFI_package_body_PKG_X_1"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("graph LR\n  a[\"x\"]\n", "line 1: expected 'flowchart <direction>'"),
        ('flowchart LR\n  n_a["x"]\n  n_a --> n_b\n', "line 3: edge endpoint n_b is not declared"),
        ('flowchart LR\n  subgraph g["G"]\n  n_a["x"]\n', "line 3: subgraph g is not closed"),
        ('flowchart LR\n  n_a["x"]\n  end\n', "line 3: 'end' without an open subgraph"),
        ('flowchart LR\n  end["x"]\n', "line 2: id 'end' is a Mermaid keyword"),
        ('flowchart LR\n  style["x"]\n', "line 2: id 'style' is a Mermaid keyword"),
        ('flowchart LR\n  n_a["x"]\n  n_a["y"]\n', "line 3: node n_a declared twice"),
        ('flowchart LR\n  subgraph g["G"]\n  end\n  g["x"]\n', "line 4: node g declared twice"),
        ('flowchart LR\n  n_a["x"]\n  subgraph n_a["G"]\n  end\n', "line 3: subgraph id n_a used twice"),
        ('flowchart LR\n  subgraph end["G"]\n  end\n', "line 2: id 'end' is a Mermaid keyword"),
        ('flowchart LR\n  n_a["say "hi""]\n', "line 2: unrecognised statement 'n_a[\"say \"hi\"\"]'"),
        ('flowchart LR\n  n_a["a <b> b"]\n', "line 2: raw '<' or '>' in label \"a <b> b\""),
        ('flowchart LR\n  n_a["a #1 b"]\n', "line 2: '#' outside an entity in label \"a #1 b\""),
        ('flowchart LR\n  n_a[x]\n', "line 2: unrecognised statement 'n_a[x]'"),
        ('flowchart LR\n  n_a["x"]\n  class n_a nope\n', "line 3: class nope has no classDef"),
        ('flowchart LR\n  n_a["x"]\n  direction TB\n', "line 3: 'direction' outside a subgraph"),
        ('flowchart LR\n  n_a["x"] --> n_b["y"]\n', "line 2: unrecognised statement "
                                                    "'n_a[\"x\"] --> n_b[\"y\"]'"),
    ],
)
def test_validator_rejects(text: str, problem: str) -> None:
    assert problem in validate_flowchart(text)


def test_render_refuses_inconsistent_charts() -> None:
    with pytest.raises(ValueError, match="duplicate node id"):
        render_flowchart(_chart(nodes=(Node("n_a", ("A",)), Node("n_a", ("B",)))))
    with pytest.raises(ValueError, match="unknown arrow"):
        render_flowchart(_chart(edges=(Edge("n_a", "n_b", "", "<->"),)))
    with pytest.raises(ValueError, match="in two subgraphs"):
        render_flowchart(_chart(subgraphs=(Subgraph("g1", "1", ("n_a",)), Subgraph("g2", "2", ("n_a",)))))


def test_mermaid_blocks_are_extracted_in_order() -> None:
    md = "# t\n\n```mermaid\nflowchart LR\n  n_a[\"a\"]\n```\n\ntext\n\n````mermaid\nflowchart TB\n````\n"
    assert mermaid_blocks(md) == ('flowchart LR\n  n_a["a"]\n', "flowchart TB\n")
