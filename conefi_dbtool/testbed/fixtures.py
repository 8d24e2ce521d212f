"""The ERP stand-in schemas a test database needs, generated from the Protheus dictionary.

What Protheus and SGU own in production — the SIGA tables (SA1, SE1, SE5, Z99, the GRR
tables HRD/HRE/HRG/HRH), the SGU event table `INTGRA_RET_ERP` with its sequence, the SGU
views and functions — is produced here as `RenderedObject`s, so the same deploy steps,
splitter and script formatting as the product apply. Tables follow Protheus' physical
conventions: every field NOT NULL with a blank (or zero) default, dates `CHAR(8)`,
`D_E_L_E_T_`, `R_E_C_N_O_` (primary key), `R_E_C_D_E_L_`, indexes named `<table><order>`
ending with `D_E_L_E_T_, R_E_C_N_O_`, and the unique key `<table>_UNQ` including
`R_E_C_D_E_L_` (which is how Protheus lets a deleted row keep its key).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from conefi_dbtool import __version__
from conefi_dbtool.config import PACKAGE_DATA, Project, Target
from conefi_dbtool.deploy_steps import Step, object_steps
from conefi_dbtool.dictionary import Dictionary, Field, load_dictionary
from conefi_dbtool.errors import UsageError
from conefi_dbtool.identifiers import sql_ident, sql_literal, sql_qualified
from conefi_dbtool.objects import ObjectId, RenderedObject

FIXTURE_TEMPLATE = "testbed/fixtures"  # RenderedObject.template of every fixture object
PROTHEUS_ALIASES = ("SA1", "SE1", "SE5", "Z99", "HRD", "HRE", "HRG", "HRH")

# Z99 (integration parameters, name/value) is a custom table: unless the dictionary
# describes it, these fields stand in.
Z99_FIELDS = (
    Field("Z99", 1, "Z99_FILIAL", "C", 2, 0, "Filial", "testbed"),
    Field("Z99", 2, "Z99_CHAVE", "C", 30, 0, "Parametro", "testbed"),
    Field("Z99", 3, "Z99_VALOR", "C", 250, 0, "Conteudo", "testbed"),
    Field("Z99", 4, "Z99_DESCRI", "C", 80, 0, "Descricao", "testbed"),
)

# Type, size, decimals of each custom SE1 field (by its role in config.CustomFields)
# when no data file describes them.
CUSTOM_FIELD_SHAPES: dict[str, tuple[str, int, int]] = {
    "sent_flag": ("C", 1, 0),
    "sent_date": ("D", 8, 0),
    "sent_due": ("D", 8, 0),
    "sent_value": ("N", 16, 2),
    "sent_balance": ("N", 16, 2),
    "sent_movement": ("N", 12, 0),
    "send_version": ("N", 6, 0),
}
# A data file (dictionary CSV format) the integration may ship with its custom fields.
CUSTOM_FIELDS_FILE = PACKAGE_DATA / "custom_fields.csv"

# Protheus (SIX) index keys used by the integration; order -> fields. The physical index
# also ends with D_E_L_E_T_, R_E_C_N_O_, as DBAccess creates it.
INDEX_KEYS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "SA1": (("1", ("A1_FILIAL", "A1_COD", "A1_LOJA")),),
    "SE1": (
        ("1", ("E1_FILIAL", "E1_PREFIXO", "E1_NUM", "E1_PARCELA", "E1_TIPO")),
        ("2", ("E1_FILIAL", "E1_CLIENTE", "E1_LOJA", "E1_PREFIXO", "E1_NUM", "E1_PARCELA",
               "E1_TIPO")),
        ("7", ("E1_FILIAL", "E1_VENCREA", "E1_NOMCLI", "E1_PREFIXO", "E1_NUM", "E1_PARCELA")),
    ),
    "SE5": (
        ("7", ("E5_FILIAL", "E5_PREFIXO", "E5_NUMERO", "E5_PARCELA", "E5_TIPO", "E5_CLIFOR",
               "E5_LOJA", "E5_SEQ")),
    ),
    "Z99": (("1", ("Z99_FILIAL", "Z99_CHAVE")),),
    "HRH": (("1", ("HRH_FILIAL", "HRH_ALIAS", "HRH_SOURCE")),),
}
# X2_UNICO: the unique key of a live row (R_E_C_D_E_L_ = 0).
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "SA1": ("A1_FILIAL", "A1_COD", "A1_LOJA"),
    "SE1": ("E1_FILIAL", "E1_PREFIXO", "E1_NUM", "E1_PARCELA", "E1_TIPO"),
}

# SGU stand-ins: the federation code the functions return, so tests can assert it.
FEDERATION_CODE = "0001"
FEDERATION_DESCRIPTION = "FEDERACAO TESTE"


@dataclass(frozen=True)
class StandInView:
    """A minimal SGU view: typed columns, no rows (the real ones join SGU 2.0 data)."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (column, Oracle type)


# Column lists are not public: these are the documented minimum, typed for callers.
SGU_VIEWS = (
    StandInView("V_FATURA_REC", (("FATREC_COD", "NUMBER(18)"), ("E1_PREFIXO", "VARCHAR2(3)"),
                                 ("E1_NUM", "VARCHAR2(9)"), ("E1_PARCELA", "VARCHAR2(2)"),
                                 ("COD_CONTRATANTE", "VARCHAR2(20)"))),
    StandInView("V_EMIS_FATURA_REC_BASE", (("FATREC_COD", "NUMBER(18)"),
                                           ("DT_EMISSAO", "DATE"), ("VL_FATURA", "NUMBER(16,2)"))),
    StandInView("V_CADAST_MSGS_ITEM", (("MSG_COD", "NUMBER(9)"), ("MSG_TEXTO", "VARCHAR2(4000)"))),
    StandInView("V_PARAM_VALOR", (("PARAM_NOME", "VARCHAR2(100)"), ("PARAM_VALOR", "VARCHAR2(4000)"))),
)
SGU_FUNCTIONS = ("F_COD_FEDERACAO_UNI", "F_COD_FEDERACAO_UNI_DESC")

# Grants the CONEFI schema needs in a test database (production grants come from the
# grants model): what the integration reads and updates.
CONEFI_SYSTEM_PRIVILEGES = ("CREATE SESSION", "CREATE TABLE", "CREATE SEQUENCE", "CREATE VIEW",
                            "CREATE PROCEDURE", "CREATE TRIGGER", "CREATE JOB", "CREATE SYNONYM")


@dataclass(frozen=True)
class FixtureSet:
    """The fixture objects of a target in creation order, plus the dictionary used."""

    target: str
    dictionary: Dictionary
    objects: tuple[RenderedObject, ...]

    def steps(self) -> tuple[Step, ...]:
        """Idempotent deploy steps (guarded creates), as the product's deploy uses."""
        return tuple(s for o in self.objects for s in object_steps(o))

    def script(self) -> str:
        """A re-runnable SQL*Plus script (run as a DBA of a scratch database)."""
        from conefi_dbtool.script import format_step

        parts = [
            f"-- conefi-dbtool {__version__}: ERP fixture schemas for target {self.target}\n"
            "-- Stand-ins for what Protheus (SIGA) and SGU own in production. Scratch databases\n"
            "-- only. Run as a DBA: sql /nolog @this_file.sql (after CONNECT).\n",
            "WHENEVER SQLERROR EXIT FAILURE ROLLBACK\n"
            "SET SERVEROUTPUT ON SIZE UNLIMITED\n"
            "SET SQLBLANKLINES ON\n"
            "SET DEFINE OFF\n",
        ]
        for obj in self.objects:
            parts.append(f"\nPROMPT {obj.id.owner}.{obj.id.name} ({obj.id.type})\n")
            parts.extend(format_step(s) for s in object_steps(obj))
        parts.append("\nPROMPT ==== fixtures installed ====\n")
        return "".join(parts)

    def find(self, owner: str, name: str) -> RenderedObject:
        for obj in self.objects:
            if (obj.id.owner, obj.id.name) == (owner, name):
                return obj
        raise KeyError(f"{owner}.{name}")


def custom_fields(target: Target, dictionary: Dictionary) -> tuple[Field, ...]:
    """The configured custom SE1 fields with their shapes (dictionary first, then defaults)."""
    configured = dataclasses.asdict(target.integration.custom_fields)
    out = []
    for order, (role, name) in enumerate(configured.items(), start=901):
        known = dictionary.field(name)
        if known is not None:
            out.append(dataclasses.replace(known, table="SE1"))
            continue
        if role not in CUSTOM_FIELD_SHAPES:
            raise UsageError(f"custom field {role} ({name}): no type known; describe it in "
                             f"{CUSTOM_FIELDS_FILE.name}")
        type_, size, decimal = CUSTOM_FIELD_SHAPES[role]
        out.append(Field("SE1", order, name, type_, size, decimal, role, "testbed-default"))
    return tuple(out)


def custom_fields_path(project: Project, target: Target) -> Path | None:
    """The dictionary CSV describing the custom fields: `integration.fields_file`, else
    the one bundled with the tool (if any)."""
    configured = str(getattr(target.integration, "fields_file", "") or "")
    if configured:
        return (project.root / configured).resolve()
    return CUSTOM_FIELDS_FILE if CUSTOM_FIELDS_FILE.is_file() else None


def fixture_dictionary(project: Project, target: Target) -> Dictionary:
    """The project's dictionary plus the custom SE1 fields and the Z99 stand-in fields."""
    base = load_dictionary(project.dictionary_path)
    extra: tuple[Field, ...] = ()
    fields_file = custom_fields_path(project, target)
    if fields_file is not None:
        extra = load_dictionary(fields_file).fields
    with_files = base.with_fields(extra)
    z99 = () if any(f.table == "Z99" for f in with_files) else Z99_FIELDS
    return with_files.with_fields(custom_fields(target, with_files) + z99)


def column_ddl(f: Field) -> str:
    null = "" if f.type == "M" else " NOT NULL"
    return f"  {sql_ident(f.name)} {f.oracle_type} DEFAULT {f.blank_default}{null}"


def protheus_table_ddl(target: Target, dictionary: Dictionary, alias: str) -> str:
    """CREATE TABLE + indexes of one Protheus table, as DBAccess would create it."""
    erp = target.erp
    physical = erp.protheus_table(alias)
    qualified = sql_qualified(erp.schemas.siga, physical)
    fields = dictionary.table(alias)
    lines = [column_ddl(f) for f in fields]
    lines += [
        "  D_E_L_E_T_ CHAR(1) DEFAULT ' ' NOT NULL",
        "  R_E_C_N_O_ NUMBER DEFAULT 0 NOT NULL",
        "  R_E_C_D_E_L_ NUMBER DEFAULT 0 NOT NULL",
        f"  CONSTRAINT {sql_ident(physical + '_PK')} PRIMARY KEY (R_E_C_N_O_)",
    ]
    text = f"CREATE TABLE {qualified} (\n" + ",\n".join(lines) + "\n);\n"
    names = {f.name for f in fields}
    unique = UNIQUE_KEYS.get(alias)
    if unique and set(unique) <= names:
        cols = ", ".join(sql_ident(c) for c in (*unique, "R_E_C_D_E_L_"))
        text += (f"CREATE UNIQUE INDEX {sql_qualified(erp.schemas.siga, physical + '_UNQ')} "
                 f"ON {qualified} ({cols});\n")
    for order, keys in INDEX_KEYS.get(alias, ()):
        if not set(keys) <= names:
            continue  # an installation without one of the key fields: no such index
        cols = ", ".join(sql_ident(c) for c in (*keys, "D_E_L_E_T_", "R_E_C_N_O_"))
        text += (f"CREATE INDEX {sql_qualified(erp.schemas.siga, physical + order)} "
                 f"ON {qualified} ({cols});\n")
    return text


def event_table_ddl(target: Target) -> str:
    """SGU.INTGRA_RET_ERP with the documented columns (names from config)."""
    integ = target.integration
    c = integ.event_columns
    qualified = sql_qualified(target.erp.schemas.sgu, integ.event_table)
    columns = [
        f"  {sql_ident(c.id)} NUMBER(18) NOT NULL",
        f"  {sql_ident(c.kind)} VARCHAR2(3) NOT NULL",
        f"  {sql_ident(c.key)} VARCHAR2(100)",
        f"  {sql_ident(c.data)} VARCHAR2(4000)",
        f"  {sql_ident(c.inserted_at)} DATE DEFAULT SYSDATE NOT NULL",
        f"  {sql_ident(c.user)} VARCHAR2(30)",
        f"  {sql_ident(c.routine)} VARCHAR2(20)",
        f"  {sql_ident(c.entry_point)} VARCHAR2(30)",
        f"  {sql_ident(event_status_column(target))} VARCHAR2(1) DEFAULT 'P' NOT NULL",
        f"  CONSTRAINT {sql_ident('PK_' + integ.event_table)} PRIMARY KEY ({sql_ident(c.id)})",
    ]
    return f"CREATE TABLE {qualified} (\n" + ",\n".join(columns) + "\n);\n"


def event_status_column(target: Target) -> str:
    """Status of an event row ('P' pending): house pattern `<prefix>_IND_STATUS`."""
    configured = getattr(target.integration.event_columns, "status", None)
    if configured:
        return str(configured)
    prefix = str(target.integration.event_columns.kind).split("_", 1)[0]
    return f"{prefix}_IND_STATUS"


def view_ddl(owner: str, view: StandInView) -> str:
    cols = ",\n".join(f"       CAST(NULL AS {otype}) AS {sql_ident(name)}"
                      for name, otype in view.columns)
    return (f"CREATE OR REPLACE VIEW {sql_qualified(owner, view.name)} AS\n"
            f"SELECT\n{cols}\n  FROM dual\n WHERE 1 = 0;\n")


def function_ddl(owner: str, name: str) -> str:
    """A deterministic stand-in: the federation code (or its description) of anyone."""
    value = FEDERATION_DESCRIPTION if name.endswith("_DESC") else FEDERATION_CODE
    return (
        f"CREATE OR REPLACE FUNCTION {sql_qualified(owner, name)} (\n"
        "  p_codigo IN VARCHAR2 DEFAULT NULL\n"
        ") RETURN VARCHAR2\n"
        "IS\n"
        "BEGIN\n"
        f"  RETURN {sql_literal(value)};\n"
        f"END {sql_ident(name)};\n"
        "/\n"
    )


def stand_in_user_block(owner: str, tablespace: str) -> str:
    """CREATE USER in `tablespace` if the database has it, else in the database's default
    permanent tablespace (a fresh Oracle Free has no TS_DATA); an existing user is kept."""
    return (
        "DECLARE\n"
        "  v_ts VARCHAR2(128);\n"
        "  e_exists EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_exists, -1920);\n"
        "BEGIN\n"
        "  SELECT NVL(MAX(t.tablespace_name), MAX(p.property_value)) INTO v_ts\n"
        "    FROM database_properties p\n"
        f"    LEFT JOIN dba_tablespaces t ON t.tablespace_name = {sql_literal(tablespace)}\n"
        "   WHERE p.property_name = 'DEFAULT_PERMANENT_TABLESPACE';\n"
        f"  EXECUTE IMMEDIATE 'CREATE USER {sql_ident(owner)} NO AUTHENTICATION DEFAULT TABLESPACE \"'\n"
        "    || v_ts || '\" QUOTA UNLIMITED ON \"' || v_ts || '\"';\n"
        "EXCEPTION\n"
        "  WHEN e_exists THEN\n"
        "    NULL;\n"
        "END;\n"
        "/\n"
    )


def _obj(owner: str, type_: str, name: str, text: str, purpose: str,
         depends: Iterable[ObjectId] = ()) -> RenderedObject:
    return RenderedObject(ObjectId("erp", owner, type_, name), FIXTURE_TEMPLATE, text, purpose,
                          tuple(depends))


def build_fixtures(project: Project, target: Target, *, users: bool = True,
                   conefi_grants: bool = True) -> FixtureSet:
    """Every fixture object of `target`, in creation order (pure: no database)."""
    dictionary = fixture_dictionary(project, target)
    erp = target.erp
    siga, sgu, conefi = str(erp.schemas.siga), str(erp.schemas.sgu), str(erp.schemas.conefi)
    ts = erp.tablespaces.default
    objects: list[RenderedObject] = []
    if users:
        for owner in dict.fromkeys((siga, sgu, conefi)):
            objects.append(_obj(owner, "user", owner, stand_in_user_block(owner, str(ts)),
                                "schema-only stand-in user (created only if missing), in the configured "
                                "tablespace when it exists, else the database's default"))
    integ = target.integration
    objects.append(_obj(sgu, "sequence", str(integ.event_sequence),
                        f"CREATE SEQUENCE {sql_qualified(sgu, integ.event_sequence)}\n"
                        "  START WITH 1 INCREMENT BY 1 NOCACHE NOCYCLE;\n",
                        "ids of the ERP event rows"))
    tables: list[ObjectId] = []
    for alias in PROTHEUS_ALIASES:
        if alias not in dictionary.tables():
            raise UsageError(f"{project.dictionary_path}: the dictionary has no fields of {alias}")
        obj = _obj(siga, "table", erp.protheus_table(alias),
                   protheus_table_ddl(target, dictionary, alias),
                   f"Protheus table {alias} (stand-in, from the dictionary)")
        objects.append(obj)
        tables.append(obj.id)
    event = _obj(sgu, "table", str(integ.event_table), event_table_ddl(target),
                 "ERP events for SGU (stand-in with the documented columns)")
    objects.append(event)
    for name in SGU_FUNCTIONS:
        objects.append(_obj(sgu, "function", name, function_ddl(sgu, name),
                            "SGU function stand-in (constant result)"))
    for view in SGU_VIEWS:
        objects.append(_obj(sgu, "view", view.name, view_ddl(sgu, view),
                            "SGU view stand-in (typed columns, no rows)"))
    if conefi_grants:
        objects.extend(_conefi_grants(target, siga, sgu, conefi))
    return FixtureSet(target.name, dictionary, tuple(objects))


def _conefi_grants(target: Target, siga: str, sgu: str, conefi: str) -> list[RenderedObject]:
    """Direct grants (jobs and definer's-rights code ignore roles) the integration needs."""
    erp = target.erp
    grantee = sql_ident(conefi)
    lines = []
    for alias in PROTHEUS_ALIASES:
        privs = "SELECT, UPDATE" if alias == "SE1" else "SELECT"
        lines.append(f"GRANT {privs} ON {sql_qualified(siga, erp.protheus_table(alias))} TO {grantee};")
    lines.append(f"GRANT SELECT ON {sql_qualified(sgu, target.integration.event_table)} TO {grantee};")
    for view in SGU_VIEWS:
        lines.append(f"GRANT SELECT ON {sql_qualified(sgu, view.name)} TO {grantee};")
    for name in SGU_FUNCTIONS:
        lines.append(f"GRANT EXECUTE ON {sql_qualified(sgu, name)} TO {grantee};")
    system = list(CONEFI_SYSTEM_PRIVILEGES)
    if target.integration.trigger_owner == "conefi":
        system.append("CREATE ANY TRIGGER")  # a CONEFI trigger on an SGU table (DESIGN §5)
    else:
        lines.append(f"GRANT CREATE TRIGGER TO {sql_ident(sgu)};")
    lines.append(f"GRANT {', '.join(system)} TO {grantee};")
    return [_obj(conefi, "object_grant", "FIXTURE_GRANTS", "\n".join(lines) + "\n",
                 "grants a test database needs for the integration to compile and run")]


def fixtures_for(project_file: Path, target_name: str) -> FixtureSet:
    """Convenience for scripts: load the project and build one target's fixtures."""
    from conefi_dbtool.config import load_project

    project = load_project(project_file)
    return build_fixtures(project, project.target(target_name))


_DROPS = {"table": ("TABLE", " CASCADE CONSTRAINTS PURGE", 942), "sequence": ("SEQUENCE", "", 2289),
          "view": ("VIEW", "", 942), "function": ("FUNCTION", "", 4043)}


def reset_steps(fixtures: FixtureSet) -> tuple[Step, ...]:
    """Drop the fixture tables, sequence, views and functions (never users): `--reset`."""
    steps = []
    for obj in reversed(fixtures.objects):
        if obj.id.type not in _DROPS:
            continue
        kind, suffix, code = _DROPS[obj.id.type]
        ddl = f"DROP {kind} {sql_qualified(obj.id.owner, obj.id.name)}{suffix}"
        text = (
            "DECLARE\n"
            "  e_missing EXCEPTION;\n"
            f"  PRAGMA EXCEPTION_INIT(e_missing, -{code});\n"
            "BEGIN\n"
            f"  EXECUTE IMMEDIATE {sql_literal(ddl)};\n"
            "EXCEPTION\n"
            "  WHEN e_missing THEN NULL; -- not there: nothing to reset\n"
            "END;"
        )
        steps.append(Step("plsql", text, obj.id, "reset"))
    return tuple(steps)
