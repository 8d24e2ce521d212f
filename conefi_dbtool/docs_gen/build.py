"""Gather the documentation model of a target from the project (the only I/O of docs).

Each section has one gatherer; a section whose source module has not been delivered
yet (or holds nothing for the target) becomes a `Gap` that the page shows, so a
missing piece is visible in review instead of silently absent.
"""

from __future__ import annotations

import dataclasses
import re

from conefi_dbtool.catalog.snapshot import CatalogSnapshot, SchedulerJob
from conefi_dbtool.config import Project, Target
from conefi_dbtool.docs_gen import domain, sources
from conefi_dbtool.docs_gen.model import (
    CustomFieldDoc,
    DatabaseDoc,
    DatabaseLinkDoc,
    EventRuleDoc,
    Gap,
    GrantsDoc,
    IntegrationDocs,
    JobDoc,
    ObjectDoc,
)
from conefi_dbtool.docs_gen.references import resolve_references
from conefi_dbtool.docs_gen.schedule import format_moment, job_text, next_daily_run, parse_timestamp
from conefi_dbtool.docs_gen.sources import UNRELEASED, effective_dictionary, grants_docs, object_revisions
from conefi_dbtool.errors import UsageError
from conefi_dbtool.layouts.parameters import CUSTOM_FIELD_ROLES
from conefi_dbtool.objects import RenderedObject
from conefi_dbtool.render import RenderResult, render_target


def build_docs(
    project: Project,
    target: Target,
    *,
    profile: str | None = None,
    catalog: CatalogSnapshot | None = None,
    result: RenderResult | None = None,
) -> IntegrationDocs:
    """The model of `target`'s integration page (`profile` overrides the target's)."""
    if profile == "seed":
        target = dataclasses.replace(target, grants_profile="seed")
    elif profile == "least-privilege":
        target = dataclasses.replace(target, grants_profile="least-privilege")
    elif profile is not None:
        raise UsageError(f"unknown grants profile {profile!r} (expected least-privilege or seed)")
    if catalog is not None and catalog.target and catalog.target != target.name:
        raise UsageError(
            f"catalog snapshot is of target {catalog.target!r}, not {target.name!r}"
        )
    if result is None:
        result = render_target(project, target)
    gaps: list[Gap] = []
    objects = _objects(project, target, result, gaps)
    grants = _grants(project, target, result, gaps)
    separator, escaping, wire_types = sources.wire_rules()
    erp = target.erp
    integ = target.integration
    return IntegrationDocs(
        target=target.name,
        description=target.description,
        profile=target.grants_profile,
        company=erp.company,
        trigger_owner=erp.schemas.sgu if integ.trigger_owner == "sgu" else erp.schemas.conefi,
        event_table=f"{erp.schemas.sgu}.{integ.event_table}",
        event_sequence=f"{erp.schemas.sgu}.{integ.event_sequence}",
        queue_table=f"{erp.schemas.conefi}.{integ.queue_table}",
        erp_tables=_erp_tables(target, objects),
        databases=_databases(target),
        database_links=_database_links(target, result),
        grants=grants,
        objects=objects,
        actions=sources.action_docs(target),
        event_rules=tuple(
            EventRuleDoc(r.kind, r.routine, r.entry_point, r.action) for r in integ.events
        ),
        layouts=sources.layout_docs(project, target),
        separator=separator,
        escaping=escaping,
        wire_types=wire_types,
        custom_fields=_custom_fields(project, target),
        dba_checklist=sources.dba_checklist(project, target, grants),
        protheus_table_se1=erp.protheus_table("SE1"),
        erp_schema_siga=erp.schemas.siga,
        jobs=_jobs(target, result, catalog),
        calendar=target.schedule.calendar,
        timezone=target.schedule.timezone,
        catalog_taken_at=catalog.taken_at if catalog is not None else "",
        gaps=tuple(gaps),
    )


# --------------------------------------------------------------------------- infrastructure


def _databases(target: Target) -> tuple[DatabaseDoc, ...]:
    out = []
    for key in ("erp", "sgu2"):
        db = target.database(key)
        conn = db.connection
        out.append(DatabaseDoc(
            key=key,
            title=domain.DATABASE_TITLES[key],
            schemas=tuple((k, str(v)) for k, v in dataclasses.asdict(db.schemas).items()),
            default_tablespace=db.tablespaces.default,
            temporary_tablespace=db.tablespaces.temporary,
            quota=db.tablespaces.quota,
            connection_env=(conn.dsn_env, conn.user_env, conn.password_env),
        ))
    return tuple(out)


def _database_links(target: Target, result: RenderResult) -> tuple[DatabaseLinkDoc, ...]:
    """The configured link to the ERP, plus any other link a template creates."""
    sgu2 = target.sgu2
    links: dict[tuple[str, str], DatabaseLinkDoc] = {
        (sgu2.schemas.conefi, sgu2.erp_link): DatabaseLinkDoc(
            owner_database="sgu2", owner=sgu2.schemas.conefi, name=sgu2.erp_link,
            connects_to=f"erp:{target.erp.schemas.conefi}", using=sgu2.erp_link_using,
            credentials="password supplied at deploy time (substitution variable), never stored",
        )
    }
    for obj in result.objects:
        if obj.id.type == "database_link" and (obj.id.owner, obj.id.name) not in links:
            m = re.search(r"CONNECT\s+TO\s+\"?([A-Za-z0-9_$#]+)", obj.text, re.I)
            using = re.search(r"USING\s+'([^']*)'", obj.text, re.I)
            links[(obj.id.owner, obj.id.name)] = DatabaseLinkDoc(
                owner_database=obj.id.database, owner=obj.id.owner, name=obj.id.name,
                connects_to=m.group(1).upper() if m else "",
                using=using.group(1) if using else "",
                credentials="password supplied at deploy time, never stored",
            )
    return tuple(links[k] for k in sorted(links))


def _grants(project: Project, target: Target, result: RenderResult,
            gaps: list[Gap]) -> tuple[GrantsDoc, ...]:

    docs, missing = grants_docs(project, target, result)
    if missing:
        gaps.append(Gap("grants", missing))
    return docs


# --------------------------------------------------------------------------- objects


def _objects(project: Project, target: Target, result: RenderResult,
             gaps: list[Gap]) -> tuple[ObjectDoc, ...]:

    revisions, missing = object_revisions(project, result)
    if missing:
        gaps.append(Gap("revisions", missing))
    schemas = sorted(
        {str(v) for v in dataclasses.asdict(target.erp.schemas).values()}
        | {str(v) for v in dataclasses.asdict(target.sgu2.schemas).values()}
    )
    links = {str(target.sgu2.erp_link): "erp"}
    out = []
    for obj in result.objects:
        refs, external = resolve_references(obj, result.objects, schemas, links)
        out.append(ObjectDoc(
            id=obj.id, purpose=obj.purpose, template=obj.template, sha256=obj.sha256,
            revision=revisions.get(obj.id, UNRELEASED), depends=obj.depends,
            references=tuple(r for r in refs if r not in obj.depends), external=external,
        ))
    return tuple(out)


def _erp_tables(target: Target, objects: tuple[ObjectDoc, ...]) -> tuple[tuple[str, str], ...]:
    """The Protheus tables our code names (SE1, SE5, SA1 when no code names any yet)."""
    erp = target.erp
    prefix = f"{erp.schemas.siga}."
    suffix = erp.table_suffix
    named = sorted({e for o in objects if o.id.database == "erp" for e in o.external
                    if e.startswith(prefix)})
    if not named:
        named = [f"{prefix}{erp.protheus_table(a)}" for a in ("SE1", "SE5", "SA1")]
    out = []
    for qualified in named:
        table = qualified[len(prefix):]
        alias = table[: -len(suffix)] if table.endswith(suffix) else ""
        out.append((qualified, domain.PROTHEUS_TABLES.get(alias, "")))
    return tuple(out)


# --------------------------------------------------------------------------- custom fields


def _custom_fields(project: Project, target: Target) -> tuple[CustomFieldDoc, ...]:

    dictionary = effective_dictionary(project, target)
    out = []
    for f in dataclasses.fields(target.integration.custom_fields):
        name = str(getattr(target.integration.custom_fields, f.name))
        spec = dictionary.field(name)
        out.append(CustomFieldDoc(
            role=f.name, name=name,
            type=spec.type if spec else "",
            size=spec.size if spec else 0,
            decimal=spec.decimal if spec else 0,
            title=spec.title if spec else "",
            description=CUSTOM_FIELD_ROLES.get(f.name, ""),
            oracle_type=spec.oracle_type if spec else "",
            in_dictionary=spec is not None,
        ))
    return tuple(out)


# --------------------------------------------------------------------------- schedule


def _jobs(target: Target, result: RenderResult, catalog: CatalogSnapshot | None) -> tuple[JobDoc, ...]:
    out = []
    for obj in result.objects:
        if obj.id.type != "job":
            continue
        parsed = job_text(obj.text, obj.id.owner, obj.id.name)
        calendar = parsed.repeat_interval or target.schedule.calendar
        timezone = parsed.timezone or target.schedule.timezone
        job = JobDoc(
            owner=obj.id.owner, name=obj.id.name, database=obj.id.database,
            purpose=obj.purpose or parsed.comments, action=parsed.job_action,
            calendar=calendar, timezone=timezone, enabled=parsed.enabled,
        )
        if catalog is not None:
            job = _with_catalog(job, obj, catalog)
        out.append(job)
    return tuple(out)


def _with_catalog(job: JobDoc, obj: RenderedObject, catalog: CatalogSnapshot) -> JobDoc:
    db = catalog.database(obj.id.database)
    found: SchedulerJob | None = None
    if db is not None:
        for candidate in db.jobs:
            if (candidate.owner, candidate.name) == (obj.id.owner, obj.id.name):
                found = candidate
    if found is None:
        return dataclasses.replace(job, state="absent from the catalog")
    next_run, source = "", ""
    moment = parse_timestamp(found.next_run_date)
    if moment is not None:
        next_run, source = format_moment(moment, job.timezone), "catalog"
    else:
        taken = parse_timestamp(catalog.taken_at)
        computed = next_daily_run(job.calendar, job.timezone, taken) if taken else None
        if computed is not None:
            next_run, source = format_moment(computed, job.timezone), "computed from snapshot time"
    last = parse_timestamp(found.last_start_date)
    runs = [r for r in (db.job_runs if db else ()) if (r.owner, r.job_name) == (obj.id.owner, obj.id.name)]
    last_status = max(runs, key=lambda r: r.log_date).status if runs else ""
    last_run = format_moment(last, job.timezone) if last else ""
    if last_status:
        last_run = f"{last_run} ({last_status})" if last_run else last_status
    return dataclasses.replace(
        job,
        state=f"{found.state}{'' if found.enabled else ' (disabled)'}",
        next_run=next_run, next_run_source=source, last_run=last_run,
        failures=str(found.failure_count),
    )


__all__ = ["UNRELEASED", "build_docs"]
