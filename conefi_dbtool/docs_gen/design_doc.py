"""Markdown generated from the layouts: field tables, parameters, the DBA checklist.

The generated blocks of ``docs/integration-design.md`` (`design_doc_sections`, `fill_doc`,
`write_design_doc`) and the pieces the integration page (``docs/integration.md``) shares.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conefi_dbtool.config import Project, Target, load_project
from conefi_dbtool.context import build_context, integration_dictionary, required_grants
from conefi_dbtool.dictionary import Dictionary, Field
from conefi_dbtool.layouts.checks import field_size
from conefi_dbtool.layouts.codec import example_record
from conefi_dbtool.layouts.data import ACTIONS, LAYOUT_VERSIONS, SENT_ACTIONS, LayoutField, layout
from conefi_dbtool.layouts.parameters import CUSTOM_FIELD_ROLES, PARAMETERS
from conefi_dbtool.layouts.sql import SqlNames, source_sql
from conefi_dbtool.output import write_text_atomic

DESIGN_DOC = Path("docs") / "integration-design.md"
DESIGN_DOC_TARGET = "example"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def wire_format(f: LayoutField) -> str:
    if f.type == "N":
        return f"decimal, {f.decimals} places, '.'" if f.decimals else "integer"
    return {"C": "text, right-trimmed, escaped", "D": "YYYYMMDD or empty",
            "I": "integer"}[f.type]


FieldRow = tuple[str, str, str, str, str, str, str]


def field_rows(action: str, dictionary: Dictionary, names: SqlNames) -> list[FieldRow]:
    """(position, name, type, size, format, source, example) of each field."""
    lay = layout(action, names.layout_version)
    rows: list[FieldRow] = [("0", "acao", "C", "3", "action code", f"'{lay.action}'", lay.action)]
    for i, f in enumerate(lay.fields, start=1):
        size = str(field_size(f, lay, dictionary, names))
        if f.type == "N" and f.decimals:
            size += f",{f.decimals}"
        source = " ".join(source_sql(f.source, names).split())
        rows.append((str(i), f.name, f.type, size, wire_format(f), source, f.example))
    return rows


def layout_markdown(action: str, dictionary: Dictionary, names: SqlNames) -> str:
    """A Markdown table of a layout plus its example record."""
    lay = layout(action, names.layout_version)
    out = [f"#### {lay.action} — {lay.meaning}", "",
           f"Produced by: {lay.producer} ({', '.join(lay.produced_by)}). "
           f"Idempotency key: `{lay.idempotency_doc}`.", "",
           "| # | field | type | size | format | source | example |",
           "|---|---|---|---|---|---|---|"]
    for row in field_rows(action, dictionary, names):
        pos, name, type_, size, fmt, source, example = row
        out.append(f"| {pos} | `{name}` | {type_} | {size} | {fmt} | `{_md_cell(source)}` | "
                   f"{_md_cell(example) or '(empty)'} |")
    out += ["", "Example:", "", "```", example_record(action, names.layout_version), "```", ""]
    return "\n".join(out)


def layout_versions_markdown() -> str:
    """Every sent action's fields, one column per layout version, side by side."""
    versions = sorted(LAYOUT_VERSIONS)
    out: list[str] = []
    for action in SENT_ACTIONS:
        columns = [layout(action, v).names for v in versions]
        out += [f"#### {action}", "",
                "| # | " + " | ".join(f"version {v}" for v in versions) + " |",
                "|---|" + "---|" * len(versions)]
        for i in range(max(len(c) for c in columns)):
            cells = []
            for names, v in zip(columns, versions, strict=True):
                if i >= len(names):
                    cells.append("")
                    continue
                older = [layout(action, o).names for o in versions if o < v]
                new = bool(older) and names[i] not in older[-1]
                cells.append(f"`{names[i]}`" + (" (new)" if new else ""))
            out.append(f"| {i + 1} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def parameters_markdown(params_table: str) -> str:
    out = [f"| parameter ({params_table}) | type | default | meaning |", "|---|---|---|---|"]
    for p in PARAMETERS:
        out.append(f"| `{p.name}` | {p.kind} | `{p.default}` | {_md_cell(p.description)} |"
                   if p.default else
                   f"| `{p.name}` | {p.kind} | (empty) | {_md_cell(p.description)} |")
    return "\n".join(out)


@dataclass(frozen=True)
class CustomFieldSpec:
    """A custom SE1 field as the DBA checklist shows it."""

    role: str
    field: Field | None  # None: missing from the dictionary
    name: str
    description: str


def custom_field_specs(custom: Mapping[str, str], dictionary: Dictionary) -> list[CustomFieldSpec]:
    return [CustomFieldSpec(role, dictionary.field(name), name, CUSTOM_FIELD_ROLES.get(role, ""))
            for role, name in custom.items()]


def dba_checklist(custom: Mapping[str, str], dictionary: Dictionary, *, se1_table: str,
                  grants: Iterable[str] = ()) -> str:
    """Markdown checklist of what a DBA / Protheus admin does before the first deploy.

    The custom fields are created in Protheus (SIGACFG), never with ALTER TABLE: the
    dictionary (SX3) and the physical table must stay in step; the ALTER shown is what
    DBAccess will run, for review only.
    """
    out = [f"Custom fields of `{se1_table}` (create them in the Configurador, SIGACFG → "
           "Base de dados → Dicionário → SE1; context *Real*, not mandatory, not in browse, "
           "no validation, initial value blank/zero):", "",
           "| done | field | type | size | dec | title (X3_TITULO) | purpose | physical column |",
           "|---|---|---|---|---|---|---|---|"]
    for spec in custom_field_specs(custom, dictionary):
        f = spec.field
        if f is None:
            out.append(f"| [ ] | `{spec.name}` | ? | ? | ? | ? | {_md_cell(spec.description)} "
                       "| **not in the dictionary: describe it in integration.fields_file** |")
            continue
        out.append(f"| [ ] | `{f.name}` | {f.type} | {f.size} | {f.decimal} | {f.title} | "
                   f"{_md_cell(spec.description)} | `{f.oracle_type}` |")
    out += ["", "Then:", "",
            f"- [ ] existing rows read blank/zero in every field above (DBAccess fills them; "
            f"`SELECT COUNT(*) FROM {se1_table} WHERE <field> IS NULL` returns 0 for each);",
            "- [ ] SIX index on SE1 `E1_FILIAL+" + custom.get("sent_flag", "E1_XCNFENV")
            + "` (PRV, PGO/EST catch-up and CAN read titles by state);",
            "- [ ] *Usado* off (X3_USADO) for every field above: no Protheus screen loads "
            "them, so none writes back a value it read before our producers changed it "
            "(a stale `" + custom.get("send_version", "E1_XCNFVER") + "` would make the "
            "next DES/PRG key one already queued: that title's changes would stop, "
            "silently);"]
    out += [f"- [ ] {g}" for g in grants]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- design doc

DOC_SECTIONS = ("layouts", "layout-versions", "parameters", "dba-checklist")
_SECTION = re.compile(r"(<!-- generated:(?P<name>[a-z-]+) -->\n).*?(<!-- /generated:(?P=name) -->)",
                      re.S)


def design_doc_sections(dictionary: Dictionary, names: SqlNames, *, se1_table: str,
                        params_table: str, grants: Iterable[str] = ()) -> dict[str, str]:
    """The generated parts of docs/integration-design.md (from the same data as the SQL)."""
    return {
        "layouts": "\n".join(layout_markdown(a, dictionary, names) for a in ACTIONS),
        "layout-versions": layout_versions_markdown(),
        "parameters": parameters_markdown(params_table) + "\n",
        "dba-checklist": dba_checklist(names.custom, dictionary, se1_table=se1_table,
                                       grants=grants),
    }


def fill_doc(text: str, sections: Mapping[str, str]) -> str:
    """`text` with every <!-- generated:NAME --> ... <!-- /generated:NAME --> block refreshed."""
    def replace(m: re.Match[str]) -> str:
        body = sections[m.group("name")]
        return m.group(1) + "\n" + body.rstrip("\n") + "\n\n" + m.group(3)

    return _SECTION.sub(replace, text)


def design_doc_inputs(project: Project, target: Target) -> dict[str, Any]:
    """Arguments of `design_doc_sections` for a target (validated like templates)."""
    context = build_context(project, target)
    names: SqlNames = context["layouts"].names
    return {
        "dictionary": integration_dictionary(project, target),
        "names": dataclasses.replace(names, custom=dict(context["cf"])),
        "se1_table": str(context["protheus"]("SE1")),
        "params_table": str(context["params"]["table"]),
        "grants": required_grants(target),
    }


def design_doc(root: Path, current: str) -> str:
    """`current` (the committed design doc) with its generated blocks refreshed."""
    project = load_project(root / "conefi.toml")
    target = project.target(DESIGN_DOC_TARGET)
    return fill_doc(current, design_doc_sections(**design_doc_inputs(project, target)))


def write_design_doc(root: Path) -> Path:
    """Refresh the generated blocks of `<root>/docs/integration-design.md` in place."""
    path = root / DESIGN_DOC
    write_text_atomic(path, design_doc(root, path.read_text(encoding="utf-8")))
    return path
