"""The grants model: a manifest resolved for one target and database, as frozen values.

A manifest (``grants/<database>/<profile>.toml``) is written once with placeholders
(``{siga}.{protheus:SE1}``) and resolved per target, so the same file serves every
installation (company suffix, schema names, tablespaces). Everything here is already
resolved: names are stored the way Oracle's dictionary stores them.
"""

from __future__ import annotations

from dataclasses import dataclass

PROFILES = ("least-privilege", "seed")


@dataclass(frozen=True, order=True)
class Location:
    """Where something was declared: a file (relative to the project) and a 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class UserSpec:
    """The application user the manifest is about (created if missing, never altered)."""

    name: str
    default_tablespace: str
    temporary_tablespace: str
    profile: str | None  # None: not written in CREATE USER (Oracle assigns DEFAULT)
    location: Location


@dataclass(frozen=True, kw_only=True)
class Declared:
    """What every grant a manifest declares (a quota, a role, a privilege) carries: where it
    was declared and why. Keyword-only, so each kind keeps its own fields first."""

    location: Location
    reason: str = ""


@dataclass(frozen=True)
class QuotaSpec(Declared):
    tablespace: str
    size: str  # as written for SQL: 500M, 2G, 1048576, UNLIMITED
    max_bytes: int  # -1 = unlimited (DBA_TS_QUOTAS.MAX_BYTES)


@dataclass(frozen=True)
class RoleSpec(Declared):
    role: str
    admin_option: bool


@dataclass(frozen=True)
class SystemPrivilegeSpec(Declared):
    privilege: str  # DBA_SYS_PRIVS spelling, e.g. CREATE JOB
    admin_option: bool


@dataclass(frozen=True)
class ObjectPrivilegeSpec(Declared):
    """One grant statement: several privileges on one object (as the seed writes them)."""

    privileges: tuple[str, ...]  # DBA_TAB_PRIVS spelling: SELECT, UPDATE, EXECUTE ...
    owner: str
    name: str
    grant_option: bool

    @property
    def qualified(self) -> str:
        return f"{self.owner}.{self.name}"


@dataclass(frozen=True)
class Waiver:
    """An accepted risk: silences findings of `code` whose subject matches a pattern."""

    code: str
    subjects: tuple[str, ...]  # fnmatch patterns, case-insensitive, over Finding.subject
    reason: str
    location: Location


@dataclass(frozen=True)
class Manifest:
    """A profile of one database, resolved for one target (`when` conditions applied)."""

    database: str
    profile: str
    file: str  # relative to the project root, for messages
    description: str
    user: UserSpec
    quotas: tuple[QuotaSpec, ...] = ()
    roles: tuple[RoleSpec, ...] = ()
    system_privileges: tuple[SystemPrivilegeSpec, ...] = ()
    object_privileges: tuple[ObjectPrivilegeSpec, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    @property
    def password_variable(self) -> str:
        """SQL*Plus substitution variable holding the user's password (never a value)."""
        return f"conefi_{self.database}_password"
