"""Adapters from the other modules' models (grants, layouts, revisions) to the docs model.

Keeping the translation here means a change in one of those models touches one
function, and a source that is not there for a target yields a stated gap instead of
an exception (the page says what is missing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from conefi_dbtool.config import BUNDLED_CUSTOM_FIELDS, DATABASES, Project, Target
from conefi_dbtool.dictionary import Dictionary, Field, load_dictionary
from conefi_dbtool.docs_gen import design_doc
from conefi_dbtool.docs_gen.model import (
    ActionDoc,
    GrantsDoc,
    LayoutDoc,
    LayoutFieldDoc,
    PrivilegeDoc,
)
from conefi_dbtool.errors import UsageError
from conefi_dbtool.grants import review
from conefi_dbtool.grants.manifest import has_manifest
from conefi_dbtool.identifiers import sql_ident, sql_literal, sql_qualified
from conefi_dbtool.layouts.amounts import abatement_match
from conefi_dbtool.layouts.codec import Value, decode_record, example_record
from conefi_dbtool.layouts.data import ACTIONS, layout
from conefi_dbtool.layouts.sql import SqlNames, today_sql
from conefi_dbtool.layouts.wire import ESCAPES, SEPARATOR, WIRE_TYPES
from conefi_dbtool.migrations.check import check_release
from conefi_dbtool.migrations.history import load_history
from conefi_dbtool.migrations.intents import OBJECT_OPS
from conefi_dbtool.migrations.ops import collect_intents
from conefi_dbtool.objects import ObjectId
from conefi_dbtool.render import TEMPLATE_SUFFIX, RenderResult

ALT_ACTIONS = ("DES", "PRG")  # what an ALT event rule can yield
UNRELEASED = "unreleased"


def grants_docs(project: Project, target: Target,
                result: RenderResult) -> tuple[tuple[GrantsDoc, ...], str]:
    """Users, privileges and findings of the target's profile per database (`grants.review`)."""
    out: list[GrantsDoc] = []
    missing: list[str] = []
    for database in DATABASES:
        if not has_manifest(project, database, target.grants_profile):
            missing.append(f"no grants manifest for database {database}, profile {target.grants_profile}")
            continue
        r = review(project, target, database, target.grants_profile, result=result)
        m = r.manifest
        user = m.user.name
        privileges: list[PrivilegeDoc] = []
        for q in m.quotas:
            privileges.append(PrivilegeDoc(user, "quota", q.size, q.tablespace, False, q.reason,
                                           str(q.location)))
        for role in m.roles:
            privileges.append(PrivilegeDoc(user, "role", role.role, "", role.admin_option,
                                           role.reason, str(role.location)))
        for sp in m.system_privileges:
            privileges.append(PrivilegeDoc(user, "system", sp.privilege, "", sp.admin_option,
                                           sp.reason, str(sp.location)))
        for op in m.object_privileges:
            privileges.append(PrivilegeDoc(user, "object", ", ".join(op.privileges), op.qualified,
                                           op.grant_option, op.reason, str(op.location)))
        for g in sorted(r.needs.rendered_grants):
            privileges.append(PrivilegeDoc(g.grantee, "object (rendered)", g.privilege,
                                           f"{g.owner}.{g.name}", g.grantable,
                                           "granted by our own template", str(g.site)))
        out.append(GrantsDoc(manifest=m, privileges=tuple(privileges), findings=r.findings))
    return tuple(out), "; ".join(missing)


def object_revisions(project: Project, result: RenderResult) -> tuple[dict[ObjectId, str], str]:
    """The release that last created/replaced/altered each object, and what the page must say.

    Read from the revisions' own intents (`op.replace_object(ref, at=...)` & co), so it is
    exactly what `upgrade` deploys; a template edited since head shows as unreleased.
    """
    history = load_history(project.migrations_dir)
    if not history.chain:
        return {}, "no release is recorded yet (`conefi-dbtool revision`): every object shows as unreleased"
    last: dict[str, str] = {}
    for revision in history.chain:
        for intent in collect_intents(revision.module, "upgrade", str(revision.path)):
            if intent.ref and intent.op in OBJECT_OPS and not intent.op.startswith("drop"):
                last[intent.ref] = revision.id
    changed = {c.key for c in check_release(project).changes}
    out: dict[ObjectId, str] = {}
    for obj in result.objects:
        ref = obj.template[: -len(TEMPLATE_SUFFIX)]
        released = last.get(ref)
        if f"templates/{obj.template}" in changed:
            out[obj.id] = f"unreleased change (after {released})" if released else UNRELEASED
        else:
            out[obj.id] = released or UNRELEASED
    note = ""
    if changed:
        note = (f"{len(changed)} template/grants file(s) differ from release head {history.head}: "
                "run `conefi-dbtool revision` (revisions shown are those of head)")
    return out, note


def sql_names(target: Target) -> SqlNames:
    """The names the layout sources refer to, for this target (as its templates use them)."""
    erp = target.erp
    integ = target.integration
    return SqlNames(
        sgu=sql_ident(erp.schemas.sgu),
        se1=sql_qualified(erp.schemas.siga, erp.protheus_table("SE1")),
        se5=sql_qualified(erp.schemas.siga, erp.protheus_table("SE5")),
        queue=sql_qualified(erp.schemas.conefi, integ.queue_table),
        today=today_sql(target.schedule.timezone),
        settlement_tipodoc=", ".join(sql_literal(t) for t in integ.settlement_tipodoc),
        abatement_match=abatement_match(", ".join(sql_literal(t) for t in integ.money.abatement_types)),
        discount_factor="1" if integ.money.financial_discount == "percent" else "0",
        layout_version=integ.money.layout_version,
        custom={f.name: str(getattr(integ.custom_fields, f.name))
                for f in dataclasses.fields(integ.custom_fields)},
    )


def effective_dictionary(project: Project, target: Target) -> Dictionary:
    """The Protheus dictionary plus the custom fields described by `integration.fields_file`."""
    base = load_dictionary(project.dictionary_path)
    return base.with_fields(tuple(custom_field_specs(project, target).values()))


def _decoded(value: Value) -> str:
    if value is None:
        return "(no value)"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    if isinstance(value, Decimal):
        return f"decimal {value}"
    if isinstance(value, int):
        return f"integer {value}"
    return f"text {value!r}"


def layout_docs(project: Project, target: Target) -> tuple[LayoutDoc, ...]:
    """Every layout with its field table and its example record, decoded by the decoder."""
    dictionary = effective_dictionary(project, target)
    names = sql_names(target)
    out = []
    for action in ACTIONS:
        lay = layout(action, names.layout_version)
        record = example_record(action, names.layout_version)
        decoded = dict(decode_record(record, version=names.layout_version).fields)
        fields = []
        for pos, name, type_, size, fmt, source, example in design_doc.field_rows(action, dictionary, names):
            value = decoded.get(name)
            fields.append(LayoutFieldDoc(
                position=int(pos), name=name, type=type_, size=size, format=fmt, source=source,
                example=example,
                decoded=f"action {lay.action!r}" if pos == "0" else _decoded(value),
            ))
        out.append(LayoutDoc(
            action=lay.action, meaning=lay.meaning, producer=lay.producer,
            produced_by=lay.produced_by, idempotency=lay.idempotency_doc,
            fields=tuple(fields), example_record=record,
        ))
    return tuple(out)


def wire_rules() -> tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Separator, escapes (wire form, meaning) and wire types of the layouts module."""
    names = {"\\": "backslash", ";": "semicolon", "\r": "carriage return", "\n": "line feed"}
    escapes = tuple((escaped, names.get(raw, repr(raw))) for raw, escaped in ESCAPES)
    return SEPARATOR, escapes, tuple(WIRE_TYPES.items())


def action_docs(target: Target) -> tuple[ActionDoc, ...]:
    """Every action of the layouts, with the configured ERP event rules that yield it."""
    out = []
    for action in ACTIONS:
        lay = layout(action)
        events = tuple(
            " / ".join((r.kind, r.routine, r.entry_point))
            for r in target.integration.events
            if r.action == action or (r.action == "ALT" and action in ALT_ACTIONS)
        ) if lay.producer == "trigger" else ()
        out.append(ActionDoc(lay.action, lay.meaning, lay.producer, lay.produced_by, events))
    return tuple(out)


def dba_checklist(project: Project, target: Target, grants: tuple[GrantsDoc, ...]) -> str:
    """The layouts module's checklist for the custom SE1 fields, with the SE1 grant we hold."""
    erp = target.erp
    se1 = f"{erp.schemas.siga}.{erp.protheus_table('SE1')}"
    custom = {f.name: str(getattr(target.integration.custom_fields, f.name))
              for f in dataclasses.fields(target.integration.custom_fields)}
    grant_lines = tuple(
        f"`{g.manifest.user.name}` holds `{p.privilege}` on `{p.on}` ({g.manifest.file}, `{p.declared_at}`)"
        for g in grants if g.manifest.database == "erp"
        for p in g.privileges if p.kind == "object" and p.on == se1
    )
    return design_doc.dba_checklist(custom, effective_dictionary(project, target), se1_table=se1,
                                 grants=grant_lines)


def custom_field_specs(project: Project, target: Target) -> dict[str, Field]:
    """Type and size of the custom fields from `integration.fields_file` (bundled default)."""
    fields_file = target.integration.fields_file
    path = (project.root / fields_file).resolve() if fields_file else BUNDLED_CUSTOM_FIELDS
    if not path.is_file():
        if fields_file:
            raise UsageError(f"{path}: integration.fields_file not found (target {target.name!r})")
        return {}
    return {f.name: f for f in load_dictionary(path)}
