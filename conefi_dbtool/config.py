"""`conefi.toml`: named targets with shared defaults, validated into frozen dataclasses.

The loader is driven by the dataclasses' type hints and field metadata, so adding a
setting means adding a field with a default (and, for a number, its range via
`bounded`); unknown keys, wrong types, out-of-range numbers, invalid identifiers and
unknown time zones are refused with the file, line (when it can be found), key and target.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from conefi_dbtool.errors import ConfigError, UsageError
from conefi_dbtool.identifiers import IdentifierError, normalize_identifier
from conefi_dbtool.quota import quota_bytes
from conefi_dbtool.textio import read_text_strict

DEFAULT_CONFIG_NAME = "conefi.toml"
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
BUNDLED_CUSTOM_FIELDS = PACKAGE_DATA / "custom_fields.csv"  # integration.fields_file's default

# Field metadata keys read by the loader.
RANGE = "conefi_range"  # a `Range` the integer must lie in
INTERNAL = "conefi_internal"  # filled by the loader, never read from the file
CHECK = "conefi_check"  # a function of the value raising ValueError when it is invalid


@dataclass(frozen=True)
class Range:
    """Inclusive bounds of a numeric setting (`high` None: no upper bound)."""

    low: int
    high: int | None = None

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value and (self.high is None or value <= self.high)

    def __str__(self) -> str:
        return f">= {self.low}" if self.high is None else f"{self.low}..{self.high}"


def bounded(default: int, low: int, high: int | None = None) -> int:
    """An integer setting with its range next to it (the loader refuses values outside)."""
    result: int = field(default=default, metadata={RANGE: Range(low, high)})
    return result


class Ident(str):
    """An Oracle identifier as stored in the dictionary (validated, uppercased unless quoted)."""

    __slots__ = ()


class TimeZone(str):
    """An IANA time-zone *region* (e.g. America/Sao_Paulo), never a fixed offset."""

    __slots__ = ()


class Company(str):
    """A Protheus company group as Protheus writes it: two characters [0-9A-Z] (03, T1)."""

    __slots__ = ()


class ProtheusField(str):
    """A Protheus custom field name: `<prefix>_X...`, at most 10 characters, uppercase."""

    __slots__ = ()


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class Connection:
    """Names of the environment variables holding the connection; never the values."""

    dsn_env: str
    user_env: str
    password_env: str
    # Where the file sets each *_env key ("defaults.erp.connection.dsn_env", line): the
    # loader fills it so a missing variable is reported where it is named, not per target.
    set_at: Mapping[str, tuple[str, int | None]] = field(
        default_factory=dict, compare=False, repr=False, metadata={INTERNAL: True})

    def resolve(self, *, target: str, key: str, file: str) -> ResolvedConnection:
        """Read the variables at connect time; a missing one is a config error.

        `key` (e.g. "erp") is only used for a connection not loaded from a file.
        """
        values = {}
        for attr in ("dsn_env", "user_env", "password_env"):
            var = getattr(self, attr)
            value = os.environ.get(var)
            if not value:
                where, line = self.set_at.get(attr, (f"{key}.connection.{attr}", None))
                raise ConfigError(
                    f"environment variable {var} is not set", file=file,
                    key=where, line=line, target=target,
                )
            values[attr] = value
        return ResolvedConnection(values["dsn_env"], values["user_env"], values["password_env"])


@dataclass(frozen=True)
class ResolvedConnection:
    dsn: str
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Tablespaces:
    default: Ident
    temporary: Ident
    # On `default` for least-privilege users: 500M, 2G, ... or UNLIMITED (the manifests' syntax).
    quota: str = field(default="100M", metadata={CHECK: quota_bytes})


@dataclass(frozen=True)
class OtherOwners:
    """Who deploys the objects owned by a schema other than the database's CONEFI owner (the
    trigger on SGU.INTGRA_RET_ERP when `integration.trigger_owner = "sgu"`).

    Each such schema gets a deploy section of its own, after the CONEFI owner's: its units,
    their compile checks and its INVALID sweep run in a session that can create and see them —
    the DBA's ("dba") or the schema's own ("owner"). The CONEFI user never needs an ANY privilege.
    """

    connect_as: Literal["dba", "owner"] = "dba"
    # Online `upgrade`: NAMES of the environment variables holding that session's user and
    # password (its DSN is the database connection's). Empty: CONEFI_<DB>_DBA_USER and
    # CONEFI_<DB>_DBA_PASSWORD ("dba"); CONEFI_<DB>_<SCHEMA>_USER and _PASSWORD ("owner").
    user_env: str = ""
    password_env: str = ""

    def script_user(self, owner: str) -> str:
        """Who a script's section connects as by default (the operator may answer otherwise)."""
        return "SYSTEM" if self.connect_as == "dba" else owner

    def login(self, database: str, owner: str, dsn_env: str) -> Connection:
        """The environment variables of the online session that deploys `owner`'s objects."""
        prefix = f"CONEFI_{database.upper()}"
        if self.connect_as == "dba":
            user_env = self.user_env or f"{prefix}_DBA_USER"
            password_env = self.password_env or f"{prefix}_DBA_PASSWORD"
        else:
            user_env = self.user_env or f"{prefix}_{owner.upper()}_USER"
            password_env = self.password_env or f"{prefix}_{owner.upper()}_PASSWORD"
        return Connection(dsn_env, user_env, password_env)


@dataclass(frozen=True)
class ErpSchemas:
    siga: Ident = Ident("SIGA")
    sgu: Ident = Ident("SGU")
    conefi: Ident = Ident("CONEFI")


@dataclass(frozen=True)
class Sgu2Schemas:
    conefi: Ident = Ident("CONEFI")


@dataclass(frozen=True)
class ErpDatabase:
    """The Protheus database: SIGA tables, SGU integration objects, our CONEFI schema."""

    connection: Connection
    tablespaces: Tablespaces
    schemas: ErpSchemas = ErpSchemas()
    company: Company = Company("03")  # Protheus company group; tables are alias + company + '0'
    other_owners: OtherOwners = OtherOwners()

    @property
    def table_suffix(self) -> str:
        return f"{self.company}0"

    def protheus_table(self, alias: str) -> str:
        """Physical name of a Protheus table: SE1 of company 03 -> SE1030."""
        return f"{alias.upper()}{self.table_suffix}"


@dataclass(frozen=True)
class Sgu2Database:
    """The SGU 2.0 database, where the CONEFI application side reads the ERP queue."""

    connection: Connection
    tablespaces: Tablespaces
    schemas: Sgu2Schemas = Sgu2Schemas()
    erp_link: Ident = Ident("DBL_ERP_CONEFI")  # database link to the ERP CONEFI schema
    erp_link_using: str = "ERP"  # TNS alias / connect string of the ERP (not a secret)
    pull_job: bool = False  # copy pending ERP queue rows here (templates/sgu2, docs/grants.md)
    pull_interval_minutes: int = bounded(5, 1, 999)  # pull job period (scheduler INTERVAL 1..999)
    other_owners: OtherOwners = OtherOwners()


@dataclass(frozen=True)
class Schedule:
    hour: int = bounded(5, 0, 23)
    minute: int = bounded(0, 0, 59)
    timezone: TimeZone = TimeZone("America/Sao_Paulo")

    @property
    def calendar(self) -> str:
        """DBMS_SCHEDULER calendar string of the daily run."""
        return f"FREQ=DAILY;BYHOUR={self.hour};BYMINUTE={self.minute};BYSECOND=0"


@dataclass(frozen=True)
class CustomFields:
    """Custom SE1 fields recording what was last sent to CONEFI (Protheus owns their DDL).

    They are the integration's durable state: the daily job and the trigger compare the
    title with them (INC sent? due date or value changed since? movements after INC?).
    Their type/size come from the dictionary (`integration.fields_file` describes them).
    """

    sent_flag: ProtheusField = ProtheusField("E1_XCNFENV")  # ' ' unsent, S sent, P extended, C cancelled
    sent_date: ProtheusField = ProtheusField("E1_XCNFDTE")  # date INC was sent (YYYYMMDD)
    sent_due: ProtheusField = ProtheusField("E1_XCNFVEN")  # due date last sent
    sent_value: ProtheusField = ProtheusField("E1_XCNFVLR")  # value last sent
    sent_balance: ProtheusField = ProtheusField("E1_XCNFSLD")  # balance last sent
    sent_movement: ProtheusField = ProtheusField("E1_XCNFMOV")  # last SE5 R_E_C_N_O_ at INC
    send_version: ProtheusField = ProtheusField("E1_XCNFVER")  # DES/PRG sent (their keys' version)


@dataclass(frozen=True)
class EventColumns:
    """Column names of SGU.INTGRA_RET_ERP (its full layout is not public: configurable)."""

    id: Ident = Ident("INTRE_ID")
    kind: Ident = Ident("INTRE_IND")
    key: Ident = Ident("INTRE_DES_CHAVE")
    data: Ident = Ident("INTRE_DES_DADOS_SGU")
    inserted_at: Ident = Ident("INTRE_DTH_INCL")
    user: Ident = Ident("INTRE_NOM_USU_INCL")
    routine: Ident = Ident("INTRE_ROTINA_ERP")
    entry_point: Ident = Ident("INTRE_PONTO_ENTRADA_ERP")


@dataclass(frozen=True)
class EventRule:
    """Maps an ERP event (record kind / routine / entry point; '*' = any) to an action."""

    kind: str
    action: Literal["PGO", "DES", "PRG", "EST", "ALT", "IGNORE"]
    routine: str = "*"
    entry_point: str = "*"


ShareMode = Literal["C", "E"]


@dataclass(frozen=True)
class TableSharing:
    """A table's sharing modes as SX2 holds them: C shared / E exclusive at each level.

    Protheus (xFilial) keeps the branch code's characters of the exclusive levels and
    blanks the rest; a shared level forces the levels below it shared (SX2 refuses
    company C with branch E), which the loader checks.
    """

    company: ShareMode = "E"  # X2_MODOEMP: between the companies (empresas) of the group
    unit: ShareMode = "E"  # X2_MODOUN: between the business units of a company
    branch: ShareMode = "E"  # X2_MODO: between the branches (filiais) of a unit


def _check_hierarchy(modes: TableSharing) -> None:
    if modes.company == "C" and "E" in (modes.unit, modes.branch):
        raise ValueError("X2_MODOEMP = C (company shared) needs unit and branch shared too")
    if modes.unit == "C" and modes.branch == "E":
        raise ValueError("X2_MODOUN = C (unit shared) needs the branch shared too (X2_MODO = C)")


def _sharing(default: TableSharing) -> TableSharing:
    result: TableSharing = field(default=default, metadata={CHECK: _check_hierarchy})
    return result


@dataclass(frozen=True)
class Sharing:
    """How SE1, SE5 and SA1 are shared between branches (SX2), and the branch code's layout.

    The branch code (E1_FILIAL ...) is the company, unit and branch levels side by side
    (SIGACFG's "layout" of the group, e.g. EEUUFF); a level of size 0 is not used. Every
    join between these tables is built from these modes (`layouts.sharing`).
    """

    company_size: int = bounded(0, 0, 12)  # characters of the company level
    unit_size: int = bounded(0, 0, 12)  # characters of the business-unit level
    branch_size: int = bounded(2, 1, 12)  # characters of the branch level
    se1: TableSharing = _sharing(TableSharing())  # titles: exclusive per branch
    se5: TableSharing = _sharing(TableSharing())  # movements: exclusive per branch
    sa1: TableSharing = _sharing(TableSharing("C", "C", "C"))  # customers: shared


@dataclass(frozen=True)
class Eligibility:
    """Which SE1 titles are receivables CONEFI may collect, in Protheus' own terms.

    Protheus does not keep these type lists in SX6: FINXTIPOS computes them from the
    title-type tables (SES, SX5 table 05) with these standard values as defaults. Types
    with '-' in the third position (MVABATIM: abatements, retained taxes IR-, PI-, CF-,
    CS- ...) are always excluded. docs/integration-design.md, "Eligibility".
    """

    provisional_types: tuple[str, ...] = ("PR",)  # MVPROVIS
    advance_types: tuple[str, ...] = ("RA",)  # MVRECANT
    credit_note_types: tuple[str, ...] = ("NCC",)  # MV_CRNEG
    tax_types: tuple[str, ...] = ("TX", "TXA", "ISS", "IRF", "INS", "PIS", "COF", "CSL", "CSS")
    situations: tuple[str, ...] = ()  # E1_SITUACA values in collection; () = any (the seed)
    currencies: tuple[int, ...] = ()  # E1_MOEDA values in collection; () = any (the seed)


# --------------------------------------------------------------------------- money (issue 17)


def _codes(pattern: str, what: str) -> Callable[[tuple[str, ...]], None]:
    """A CHECK: every item of a list matches `pattern` (Protheus codes, padded by the SQL)."""
    def check(values: tuple[str, ...]) -> None:
        for v in values:
            if not re.fullmatch(pattern, v):
                raise ValueError(f"{v!r} is not {what}")
    return check


@dataclass(frozen=True)
class Money:
    """Amounts, reconciliation, reversals and the layout version CONEFI reads.

    docs/integration-design.md ("Amounts", "Reconciliation", "Reversals", "Layout
    versions") says what each key means in Protheus terms and which question for the
    customer's Protheus team it answers.
    """

    # Layout version the producers write (2: amounts as Protheus computes them, customer and
    # SE1 row in every record). 1 keeps CONEFI's old format until it reads version 2.
    layout_version: int = bounded(2, 1, 2)
    # E1_TIPO of abatements: never sent as titles, subtracted from the amount due. Empty:
    # MVABATIM as Protheus computes it (every type with '-' in the third position); a list
    # replaces it when the installation changed MVABATIM (layouts/amounts.abatement_match).
    abatement_types: tuple[str, ...] = field(
        default=(), metadata={CHECK: _codes(r"[A-Z0-9]{1,2}-", "an abatement type like 'AB-'")})
    # "none": the financial discount (E1_DESCFIN) is not subtracted (a title in collection is
    # overdue, past the discount's deadline); "percent": E1_SALDO * E1_DESCFIN / 100 is.
    financial_discount: Literal["none", "percent"] = "none"
    # E5_SITUACA values that mean a settlement was undone (cancelled / excluded).
    reversal_situacao: tuple[str, ...] = field(
        default=("C", "E", "X"), metadata={CHECK: _codes(r"[A-Z0-9]", "one letter or digit")})
    # Settlements by liquidação / fatura (E5_MOTBX): "payment" sends them as PGO carrying
    # E1_NUMLIQ / E1_FATURA; "ignore" does not (the new titles come as INC, the old one's
    # amount due going to zero as DES).
    renegotiation: Literal["payment", "ignore"] = "payment"
    renegotiation_motbx: tuple[str, ...] = field(
        default=("LIQ", "FAT"), metadata={CHECK: _codes(r"[A-Z0-9]{1,3}", "a settlement reason")})


@dataclass(frozen=True)
class Integration:
    """The integration's tunables (DESIGN.md §3, docs/integration-design.md)."""

    trigger_owner: Literal["conefi", "sgu"] = "conefi"
    event_table: Ident = Ident("INTGRA_RET_ERP")
    event_sequence: Ident = Ident("S_INTGRA_RET_ERP")
    # What INTRE_DES_CHAVE holds: the R_E_C_N_O_ of the SE1 title or of the SE5 movement.
    event_key: Literal["se1_recno", "se5_recno"] = "se1_recno"
    queue_table: Ident = Ident("INTGRA_DADOS_CONEFI")
    params_table_alias: str = "Z99"  # integration parameters (name/value) in SIGA
    params_key_column: Ident = Ident("Z99_CHAVE")
    params_value_column: Ident = Ident("Z99_VALOR")
    history_months: int = bounded(12, 1, 120)  # HST window: at most ten years back
    grr_prefix: str = "GRR"
    grr_motbx: str = "GRR"
    grr_subscriptions: bool = True  # GRR tables (HRH) installed: INC carries plan/subscription
    # E1_TIPO never sent besides `eligibility`'s lists (an installation's own types)
    excluded_types: tuple[str, ...] = ()
    # E5_TIPODOC that are payments (V2: net value of a discounted title, TDN FINA080)
    settlement_tipodoc: tuple[str, ...] = ("VL", "BA", "CP", "V2")
    fields_file: str = ""  # dictionary CSV of custom fields; "" = the one bundled with the tool
    job_enabled: bool = True  # deploy leaves the daily job enabled
    custom_fields: CustomFields = CustomFields()
    eligibility: Eligibility = Eligibility()
    sharing: Sharing = Sharing()
    # A due date moved *earlier* than the one last sent: "ignore" (only extensions are
    # PRG, the seed's prorrogação) or "prg" (sent as PRG too; the record says which).
    earlier_due_date: Literal["ignore", "prg"] = "ignore"
    event_columns: EventColumns = EventColumns()
    money: Money = Money()
    events: tuple[EventRule, ...] = ()


@dataclass(frozen=True)
class Drift:
    ignore: tuple[str, ...] = ()  # fnmatch patterns over "database:OWNER.TYPE.NAME"


@dataclass(frozen=True)
class Target:
    """One installation (example, dev, hml, prd): its two databases and its settings."""

    name: str
    erp: ErpDatabase
    sgu2: Sgu2Database
    description: str = ""
    scratch: bool = False  # fixtures may be installed (refused otherwise)
    grants_profile: Literal["least-privilege", "seed"] = "least-privilege"
    # Seconds a deploy session's DDL waits for a busy object (ALTER SESSION SET DDL_LOCK_TIMEOUT)
    # instead of failing with ORA-00054 at once; Oracle's range. Library-cache waits (a package
    # ERP sessions are executing) are not covered: see docs/releases.md.
    ddl_lock_timeout: int = bounded(30, 0, 1_000_000)
    schedule: Schedule = Schedule()
    integration: Integration = Integration()
    drift: Drift = Drift()

    def database(self, name: str) -> ErpDatabase | Sgu2Database:
        if name == "erp":
            return self.erp
        if name == "sgu2":
            return self.sgu2
        raise UsageError(f"unknown database {name!r} (expected 'erp' or 'sgu2')")


DATABASES = ("erp", "sgu2")


@dataclass(frozen=True)
class ProjectPaths:
    templates: str = "templates"
    grants: str = "grants"
    migrations: str = "migrations"
    dictionary: str = ""  # empty: the Protheus dictionary bundled with the tool


_DOTTED_NAME = r"[A-Za-z][A-Za-z0-9_$#]{0,127}(\.[A-Za-z][A-Za-z0-9_$#]{0,127}){0,2}"


@dataclass(frozen=True)
class LintSettings:
    """``[lint]``: what the offline checks cannot learn from the code itself."""

    # Logging procedures outside the project (SCHEMA.PKG.PROC, PKG.PROC, or a whole package
    # SCHEMA.PKG): a WHEN OTHERS handler calling one records the error (PLS003).
    loggers: tuple[str, ...] = field(default=(), metadata={CHECK: _codes(
        _DOTTED_NAME, "a procedure or package name like 'SGU.PKG_LOG.P_ERRO'")})


@dataclass(frozen=True)
class Project:
    """A loaded `conefi.toml`: where things are, and every validated target."""

    config_file: Path
    root: Path
    paths: ProjectPaths
    targets: Mapping[str, Target]
    lint: LintSettings = LintSettings()

    @property
    def templates_dir(self) -> Path:
        return (self.root / self.paths.templates).resolve()

    @property
    def grants_dir(self) -> Path:
        return (self.root / self.paths.grants).resolve()

    @property
    def migrations_dir(self) -> Path:
        return (self.root / self.paths.migrations).resolve()

    @property
    def dictionary_path(self) -> Path:
        if self.paths.dictionary:
            return (self.root / self.paths.dictionary).resolve()
        return PACKAGE_DATA / "protheus_dictionary.csv"

    def target(self, name: str) -> Target:
        try:
            return self.targets[name]
        except KeyError:
            known = ", ".join(sorted(self.targets)) or "none"
            raise UsageError(
                f"{self.config_file.name}: unknown target {name!r} (known: {known})"
            ) from None


# --------------------------------------------------------------------------- loading


class _Invalid(Exception):
    def __init__(self, path: tuple[str, ...], message: str):
        super().__init__(message)
        self.path = path
        self.message = message


def _type_name(tp: Any) -> str:
    if tp is Ident:
        return "Oracle identifier"
    if tp is TimeZone:
        return "time-zone region"
    if tp is ProtheusField:
        return "Protheus field name"
    if tp is Company:
        return "Protheus company"
    if dataclasses.is_dataclass(tp):
        return "table"
    origin = typing.get_origin(tp)
    if origin is tuple:
        return "array"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    return str(tp.__name__)  # every remaining field type is a plain class


def _convert(tp: Any, value: Any, path: tuple[str, ...]) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise _Invalid(path, f"expected a table, got {type(value).__name__}")
        return _build(tp, value, path)
    if origin is Literal:
        allowed = typing.get_args(tp)
        if value not in allowed:
            raise _Invalid(path, f"must be {_type_name(tp)}, got {value!r}")
        return value
    if origin is tuple:
        (item_tp, _ellipsis) = typing.get_args(tp)
        if not isinstance(value, list):
            raise _Invalid(path, f"expected an array, got {type(value).__name__}")
        return tuple(_convert(item_tp, v, (*path, str(i))) for i, v in enumerate(value))
    if origin in (Union, types.UnionType):
        raise TypeError("unions are not supported in config schema")  # pragma: no cover
    if tp is bool:
        if not isinstance(value, bool):
            raise _Invalid(path, f"expected true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(path, f"expected an integer, got {value!r}")
        return value
    if not isinstance(value, str):
        raise _Invalid(path, f"expected a string ({_type_name(tp)}), got {value!r}")
    if tp is Ident:
        try:
            return Ident(normalize_identifier(value))
        except IdentifierError as exc:
            raise _Invalid(path, str(exc)) from None
    if tp is TimeZone:
        if re.fullmatch(r"(UTC|GMT)?[+-]\d{1,2}(:?\d{2})?", value) or value.upper() in (
            "UTC", "GMT", "Z",
        ):
            raise _Invalid(path, f"{value!r} is a fixed offset; use a region like America/Sao_Paulo")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _Invalid(path, f"unknown time zone {value!r}") from None
        if "/" not in value:
            raise _Invalid(path, f"{value!r} is not a region; use a name like America/Sao_Paulo")
        return TimeZone(value)
    if tp is ProtheusField:
        if not re.fullmatch(r"[A-Z][A-Z0-9]{1,2}_X[A-Z0-9_]{1,6}", value) or len(value) > 10:
            raise _Invalid(
                path,
                f"invalid custom Protheus field {value!r}: uppercase '<prefix>_X...', "
                "at most 10 characters",
            )
        return ProtheusField(value)
    if tp is Company:
        if not re.fullmatch(r"[0-9A-Z]{2}", value):
            raise _Invalid(path, f"invalid Protheus company {value!r}: two characters 0-9 or A-Z, "
                                 "as Protheus writes it (e.g. '03', 'T1')")
        return Company(value)
    if tp is str:
        if "\x00" in value:
            raise _Invalid(path, "contains a NUL character")
        return value
    raise TypeError(f"unsupported config type {tp!r}")  # pragma: no cover


def _build(cls: type[Any], data: dict[str, Any], path: tuple[str, ...]) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init and not f.metadata.get(INTERNAL)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise _Invalid((*path, key), f"unknown key (expected one of: {known})")
        kwargs[key] = _convert(hints[key], value, (*path, key))
        bounds = fields[key].metadata.get(RANGE)
        if bounds is not None and kwargs[key] not in bounds:
            raise _Invalid((*path, key), f"{kwargs[key]} is out of range (must be {bounds})")
        check = fields[key].metadata.get(CHECK)
        if check is not None:
            try:
                check(kwargs[key])
            except ValueError as exc:
                raise _Invalid((*path, key), str(exc)) from None
    for name, f in fields.items():
        if name not in kwargs and f.default is dataclasses.MISSING and (
            f.default_factory is dataclasses.MISSING
        ):
            raise _Invalid((*path, name), "required key is missing")
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:  # pragma: no cover - defensive
        raise _Invalid(path, str(exc)) from None


def _merge(
    base: dict[str, Any], over: dict[str, Any], origin: dict[tuple[str, ...], str],
    path: tuple[str, ...], over_prefix: str,
) -> dict[str, Any]:
    """Deep-merge tables; remember which file key each leaf came from (for messages)."""
    out = dict(base)
    for key, value in over.items():
        here = (*path, key)
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, origin, here, over_prefix)
        else:
            out[key] = value
            _mark(origin, here, value, over_prefix)
    return out


def _mark(origin: dict[tuple[str, ...], str], path: tuple[str, ...], value: Any, prefix: str) -> None:
    origin[path] = prefix
    if isinstance(value, dict):
        for k, v in value.items():
            _mark(origin, (*path, k), v, prefix)


def _key_lines(text: str) -> dict[str, int]:
    """Best-effort map from dotted key to line number (tomllib reports no positions)."""
    lines: dict[str, int] = {}
    table: list[str] = []
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    assign = re.compile(r"^\s*([A-Za-z0-9_\-\.\" ]+?)\s*=")
    for no, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            table = [p.strip().strip('"') for p in m.group(1).split(".")]
            lines.setdefault(".".join(table), no)
            continue
        m = assign.match(line)
        if m:
            key = [p.strip().strip('"') for p in m.group(1).split(".")]
            lines.setdefault(".".join(table + key), no)
    return lines


def load_project(path: str | os.PathLike[str] | None = None) -> Project:
    """Load and validate a project config; the default is ./conefi.toml."""
    if path:
        config_file = Path(path)
    else:
        try:
            config_file = Path.cwd() / DEFAULT_CONFIG_NAME
        except OSError as exc:  # the current directory was removed
            raise UsageError(f"{DEFAULT_CONFIG_NAME}: cannot find the config file: current "
                             f"directory: {exc.strerror} (use --config)") from None
    shown = str(config_file)
    text = read_text_strict(config_file, "config file", missing=" (use --config)")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", file=shown) from None
    return parse_project(raw, config_file=config_file, text=text)


def parse_project(raw: dict[str, Any], *, config_file: Path, text: str = "") -> Project:
    shown = str(config_file)
    lines = _key_lines(text)

    def line_of(path: tuple[str, ...]) -> int | None:
        probe = list(path)
        while probe:
            line = lines.get(".".join(probe))
            if line is not None:
                return line
            probe.pop()
        return None

    def fail(path: tuple[str, ...], message: str, target: str | None = None) -> ConfigError:
        return ConfigError(message, file=shown, key=".".join(path), line=line_of(path), target=target)

    for key in raw:
        if key not in ("project", "defaults", "targets", "lint"):
            raise fail((key,), "unknown key (expected one of: defaults, lint, project, targets)")
    try:
        paths = _build(ProjectPaths, raw.get("project", {}), ("project",))
        lint = _convert(LintSettings, raw.get("lint", {}), ("lint",))
    except _Invalid as exc:
        raise fail(exc.path, exc.message) from None
    defaults = raw.get("defaults", {})
    if not isinstance(defaults, dict):
        raise fail(("defaults",), "expected a table")
    if "name" in defaults:
        raise fail(("defaults", "name"), "a target's name is its table name; remove this key")
    targets_raw = raw.get("targets", {})
    if not isinstance(targets_raw, dict):
        raise fail(("targets",), "expected a table of [targets.NAME] tables, "
                                 f"got {type(targets_raw).__name__}")
    if not targets_raw:
        raise fail(("targets",), "at least one [targets.NAME] table is required")
    targets: dict[str, Target] = {}
    for name, over in targets_raw.items():
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,63}", name):
            raise fail(("targets", name), "target names are letters, digits, '-' and '_'")
        if not isinstance(over, dict):
            raise fail(("targets", name), "expected a table")
        if "name" in over:
            raise fail(("targets", name, "name"), "the target name is the table name; remove this key", name)
        origin: dict[tuple[str, ...], str] = {}
        _mark(origin, (), defaults, "defaults")
        merged = _merge(defaults, over, origin, (), f"targets.{name}")
        merged["name"] = name

        def in_file(path: tuple[str, ...], origin: dict[tuple[str, ...], str] = origin,
                    name: str = name) -> tuple[str, ...]:
            """Where the file sets `path` of the merged target (defaults or the target)."""
            prefix = origin.get(path)
            probe = path
            while prefix is None and probe:
                probe = probe[:-1]
                prefix = origin.get(probe)
            return (*(prefix or f"targets.{name}").split("."), *path)

        try:
            target = _build(Target, merged, ())
        except _Invalid as exc:
            raise fail(in_file(exc.path), exc.message, name) from None
        targets[name] = _locate_connections(target, lambda p: (".".join(in_file(p)), line_of(in_file(p))))
    root = config_file.resolve().parent
    return Project(config_file=config_file, root=root, paths=paths, targets=targets, lint=lint)


def _locate_connections(
    target: Target, where: Callable[[tuple[str, ...]], tuple[str, int | None]],
) -> Target:
    """The target with each connection knowing where the file names its variables."""
    changes: dict[str, Any] = {}
    for db in DATABASES:
        database = target.database(db)
        set_at = {attr: where((db, "connection", attr)) for attr in ("dsn_env", "user_env", "password_env")}
        changes[db] = dataclasses.replace(
            database, connection=dataclasses.replace(database.connection, set_at=set_at))
    return dataclasses.replace(target, **changes)


def fields_file(project: Project, target: Target) -> Path:
    """The integration's custom-fields dictionary CSV: `integration.fields_file` (relative to
    the project), else the one bundled with the tool."""
    configured = target.integration.fields_file
    return (project.root / configured).resolve() if configured else BUNDLED_CUSTOM_FIELDS
