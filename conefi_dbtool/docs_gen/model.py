"""The documentation model: everything the integration page shows, as frozen values.

`build_model` gathers it from the project (config, rendered objects, layouts, grants,
revisions, an optional catalog snapshot); `page.render_page` turns it into Markdown
without looking anything up, so the page is a pure, deterministic function of this value.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.grants.findings import Finding
from conefi_dbtool.grants.model import Manifest
from conefi_dbtool.objects import ObjectId

# Producer kinds of an action.
BY_TRIGGER = "trigger"
BY_JOB = "job"
INTERNAL = "internal"  # recorded in the queue, never sent (e.g. an unmappable event)


@dataclass(frozen=True)
class DatabaseDoc:
    """One of the two databases, as configured (names of env vars, never their values)."""

    key: str  # erp | sgu2
    title: str
    schemas: tuple[tuple[str, str], ...]  # (role key, schema name)
    default_tablespace: str
    temporary_tablespace: str
    quota: str
    connection_env: tuple[str, str, str]  # dsn, user, password variable NAMES


@dataclass(frozen=True)
class DatabaseLinkDoc:
    owner_database: str
    owner: str
    name: str
    connects_to: str  # "erp:CONEFI"
    using: str  # TNS alias / connect string (not a secret)
    credentials: str  # how the password is supplied, never the password


@dataclass(frozen=True)
class PrivilegeDoc:
    grantee: str
    kind: str  # role | system | object | quota
    privilege: str
    on: str  # OWNER.OBJECT for object grants, tablespace for quotas, "" otherwise
    admin_option: bool
    reason: str
    declared_at: str  # manifest file:line


@dataclass(frozen=True)
class GrantsDoc:
    """The manifest of one database for the chosen profile (its user, file, ...), its
    privileges as the page lists them (the rendered grants included) and the findings."""

    manifest: Manifest
    privileges: tuple[PrivilegeDoc, ...]
    findings: tuple[Finding, ...]  # `grants.review`'s, waived ones included


@dataclass(frozen=True)
class ObjectDoc:
    """A managed object: identity, purpose from its template header, revision."""

    id: ObjectId
    purpose: str
    template: str
    sha256: str
    revision: str  # the release that froze its current template, or a state like "unreleased"
    depends: tuple[ObjectId, ...]
    references: tuple[ObjectId, ...]  # other managed objects named in its text
    external: tuple[str, ...]  # OWNER.NAME of objects we do not manage (SIGA, SGU, ...)


@dataclass(frozen=True)
class LayoutFieldDoc:
    position: int  # 0 = the action code
    name: str
    type: str  # wire type letter: C text, D date, N decimal, I integer
    size: str  # max characters ("16,2" for decimals)
    format: str
    source: str  # SQL expression the value comes from, names filled for the target
    example: str  # wire text of the example record ("" = empty field)
    decoded: str  # the example as the decoder returns it, e.g. "date 2024-01-05"


@dataclass(frozen=True)
class LayoutDoc:
    """The record of one action in INTDC_DADOS, and one decoded example."""

    action: str
    meaning: str
    producer: str  # BY_TRIGGER | BY_JOB | INTERNAL
    produced_by: tuple[str, ...]  # our objects that produce it
    idempotency: str  # how the idempotency key is formed
    fields: tuple[LayoutFieldDoc, ...]
    example_record: str


@dataclass(frozen=True)
class ActionDoc:
    action: str
    meaning: str
    producer: str  # BY_TRIGGER | BY_JOB | INTERNAL
    produced_by: tuple[str, ...]  # names of our objects that produce it
    events: tuple[str, ...]  # ERP event rules that yield it ("REC / FINA070 / *")


@dataclass(frozen=True)
class EventRuleDoc:
    kind: str
    routine: str
    entry_point: str
    action: str


@dataclass(frozen=True)
class CustomFieldDoc:
    """A custom SE1 field recording what was last sent (Protheus owns its DDL)."""

    role: str  # config key: sent_flag, sent_date, ...
    name: str
    type: str  # Protheus type letter
    size: int
    decimal: int
    title: str
    description: str
    oracle_type: str
    in_dictionary: bool  # described by the Protheus dictionary or integration.fields_file


@dataclass(frozen=True)
class JobDoc:
    owner: str
    name: str
    database: str
    purpose: str
    action: str  # what it runs (job_action), as rendered
    calendar: str
    timezone: str
    enabled: str  # as rendered / configured
    # From a catalog snapshot, when one is given ("" otherwise):
    state: str = ""
    next_run: str = ""
    next_run_source: str = ""  # "catalog" | "computed from snapshot time" | ""
    last_run: str = ""
    failures: str = ""


@dataclass(frozen=True)
class Gap:
    """A section whose source is not available yet: shown on the page, never hidden."""

    section: str
    reason: str


@dataclass(frozen=True)
class IntegrationDocs:
    """Everything `render_page` needs; no I/O happens after this value is built."""

    target: str
    description: str
    profile: str
    company: str
    trigger_owner: str
    event_table: str  # SGU.INTGRA_RET_ERP
    event_sequence: str
    queue_table: str  # CONEFI.INTGRA_DADOS_CONEFI
    erp_tables: tuple[tuple[str, str], ...]  # (qualified physical name, what it holds)
    databases: tuple[DatabaseDoc, ...]
    database_links: tuple[DatabaseLinkDoc, ...]
    grants: tuple[GrantsDoc, ...]
    objects: tuple[ObjectDoc, ...]
    actions: tuple[ActionDoc, ...]
    event_rules: tuple[EventRuleDoc, ...]
    layouts: tuple[LayoutDoc, ...]
    separator: str
    escaping: tuple[tuple[str, str], ...]  # (wire form, what it stands for)
    wire_types: tuple[tuple[str, str], ...]  # (letter, meaning)
    custom_fields: tuple[CustomFieldDoc, ...]
    dba_checklist: str  # Markdown from the layouts module (one source with its design doc)
    protheus_table_se1: str  # SE1030
    erp_schema_siga: str  # SIGA
    jobs: tuple[JobDoc, ...]
    calendar: str
    timezone: str
    catalog_taken_at: str  # "" without a catalog
    gaps: tuple[Gap, ...] = ()
