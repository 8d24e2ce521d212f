"""The two diagrams of the page, built as `mermaid.Flowchart` values from the model.

Data flow: ERP tables → event table → trigger → CONEFI queue ← daily jobs → SGU 2.0,
one edge per action. Dependencies: our objects grouped by database and owner, solid
edges for declared `depends`, dashed for names found in the text, external objects
(SIGA, SGU) apart.
"""

from __future__ import annotations

from conefi_dbtool.docs_gen.mermaid import Edge, Flowchart, Node, Subgraph, node_id
from conefi_dbtool.docs_gen.model import BY_TRIGGER, INTERNAL, IntegrationDocs
from conefi_dbtool.objects import ObjectId

CLASSES = (
    ("ours", "fill:#e3f2fd,stroke:#1565c0"),
    ("erp", "fill:#fff3e0,stroke:#e65100"),
    ("ext", "fill:#f5f5f5,stroke:#757575,stroke-dasharray:4 2"),
)


def data_flow(docs: IntegrationDocs) -> Flowchart:
    """The seed's lost flowchart: where each action comes from and where it goes."""
    routines = sorted({r.routine for r in docs.event_rules if r.routine != "*"})
    kinds = sorted({r.kind for r in docs.event_rules})
    triggers = [o for o in docs.objects if o.id.type == "trigger"]
    erp_tables = Node(
        node_id("erp_tables"),
        ("Protheus tables", *(f"{name} ({what})" if what else name for name, what in docs.erp_tables)),
        "database", "erp",
    )
    protheus = Node(
        node_id("protheus"),
        ("Protheus routines", ", ".join(routines) if routines else "ERP users"),
        "stadium", "erp",
    )
    event = Node(
        node_id("event_table"),
        (docs.event_table, f"events {', '.join(kinds)} (status P)" if kinds else "ERP events"),
        "database", "erp",
    )
    trigger = Node(
        node_id("trigger"),
        ("AFTER INSERT trigger",
         ", ".join(f"{o.id.owner}.{o.id.name}" for o in triggers) if triggers
         else f"owner {docs.trigger_owner}"),
        "hexagon", "ours",
    )
    jobs = Node(
        node_id("jobs"),
        (f"daily jobs {_clock(docs.calendar)} {docs.timezone}",
         ", ".join(f"{j.owner}.{j.name}" for j in docs.jobs) if docs.jobs else docs.calendar),
        "round", "ours",
    )
    queue = Node(node_id("queue"), (docs.queue_table, "INTDC_DADOS: action;fields"), "database",
                 "ours")
    erp_nodes = [protheus, erp_tables, event, trigger, jobs, queue]
    edges = [
        Edge(protheus.id, erp_tables.id, "write titles and movements"),
        Edge(protheus.id, event.id, "insert event rows"),
        Edge(event.id, trigger.id, "fires on insert"),
        Edge(erp_tables.id, jobs.id, "read candidates", "-.->"),
    ]
    for action in docs.actions:
        if action.producer == INTERNAL:
            edges.append(Edge(trigger.id, queue.id, f"{action.action} (internal, not sent)", "-.->"))
            continue
        source = trigger.id if action.producer == BY_TRIGGER else jobs.id
        edges.append(Edge(source, queue.id, action.action))
    sgu2_nodes = []
    for link in docs.database_links:
        if link.owner_database == "sgu2":
            sgu2_nodes.append(Node(node_id("link", link.owner, link.name),
                                   (f"database link {link.owner}.{link.name}",
                                    f"to {link.connects_to} using {link.using}"),
                                   "subroutine", "ours"))
    consumer = Node(node_id("consumer"), ("CONEFI application", "(Cobrança, Negociação, Fidelização)"),
                    "stadium", "ext")
    sgu2_objects = [o for o in docs.objects if o.id.database == "sgu2" and o.id.type != "database_link"]
    if sgu2_objects:
        sgu2_nodes.append(Node(node_id("sgu2_objects"),
                               ("SGU 2.0 side objects",
                                ", ".join(f"{o.id.owner}.{o.id.name}" for o in sgu2_objects)),
                               "box", "ours"))
    previous = queue.id
    for node in sgu2_nodes:
        edges.append(Edge(previous, node.id, "pending rows" if previous == queue.id else ""))
        previous = node.id
    edges.append(Edge(previous, consumer.id, "pending rows" if previous == queue.id else "consume"))
    sgu2_nodes.append(consumer)
    return Flowchart(
        direction="LR",
        nodes=(*erp_nodes, *sgu2_nodes),
        edges=tuple(edges),
        subgraphs=(
            Subgraph("erp_db", "ERP database (Protheus)", tuple(n.id for n in erp_nodes)),
            Subgraph("sgu2_db", "SGU 2.0 database", tuple(n.id for n in sgu2_nodes)),
        ),
        classes=CLASSES,
    )


def dependency_graph(docs: IntegrationDocs) -> Flowchart:
    """Our objects by database/owner; A --> B when A needs B (declared), dashed when named.

    Objects we only read (SIGA, SGU) are listed in a table under the graph instead:
    as nodes they pull every edge across the picture.
    """
    nodes: dict[ObjectId, Node] = {}
    groups: dict[tuple[str, str], list[str]] = {}
    for obj in docs.objects:
        n = Node(_oid_node(obj.id), (obj.id.type.replace("_", " "), obj.id.name), "box", "ours")
        nodes[obj.id] = n
        groups.setdefault((obj.id.database, obj.id.owner), []).append(n.id)
    edges: list[Edge] = []
    for obj in docs.objects:
        source = nodes[obj.id].id
        edges.extend(Edge(source, nodes[dep].id) for dep in obj.depends)
        edges.extend(Edge(source, nodes[ref].id, "", "-.->") for ref in obj.references)
    subgraphs = tuple(
        Subgraph(node_id("grp", db, owner), f"{db}: {owner}", tuple(ids))
        for (db, owner), ids in sorted(groups.items())
    )
    return Flowchart("LR", tuple(nodes.values()), tuple(edges), subgraphs, CLASSES)


def _oid_node(oid: ObjectId) -> str:
    return node_id(oid.database, oid.owner, oid.type, oid.name)


def _clock(calendar: str) -> str:
    """`05:00` from a FREQ=DAILY;BYHOUR=5;BYMINUTE=0 calendar (the calendar itself otherwise)."""
    parts = dict(p.split("=", 1) for p in calendar.split(";") if "=" in p)
    try:
        return f"{int(parts['BYHOUR']):02d}:{int(parts.get('BYMINUTE', '0')):02d}"
    except (KeyError, ValueError):
        return calendar
