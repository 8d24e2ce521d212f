"""Load and validate a grants manifest (``grants/<database>/<profile>.toml``) for a target.

Why a manifest and not code: the privileges of an application user are a security
decision that must be reviewed as a diff. The file is written once with placeholders and
resolved per target; every error names the file, the line, the key and (for resolution
errors) the target, e.g. ``grants/erp/seed.toml:14: object_grant[2].on: ...``.

Format (documented in docs/grants.md)::

    description = "..."
    [user]                      # name, default_tablespace, temporary_tablespace, profile
    [[quota]]                   # tablespace, size ("500M", "2G", "UNLIMITED"), reason, when
    [[role_grant]]              # roles = [...], admin_option, reason, when
    [[system_grant]]            # privileges = [...], admin_option, reason, when
    [[object_grant]]            # privileges = [...], on = "OWNER.NAME", grant_option, reason, when
    [[waiver]]                  # code, subject (pattern or list), reason, when

Placeholders (a whole dotted part of a name, or anywhere in a waiver subject):
``{siga}`` ``{sgu}`` ``{conefi}`` (schemas of the database), ``{protheus:SE1}`` (SE1 + company
+ 0), ``{default_tablespace}``, ``{temporary_tablespace}``, ``{quota}`` (tablespaces of the
database), ``{event_table}``, ``{event_sequence}``, ``{queue_table}`` (integration names).
``when = { trigger_owner = "conefi" }`` keeps an entry only for targets where it holds.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from conefi_dbtool.config import DATABASES, Project, Target
from conefi_dbtool.errors import ConfigError, UsageError
from conefi_dbtool.grants.model import (
    PROFILES,
    Location,
    Manifest,
    ObjectPrivilegeSpec,
    QuotaSpec,
    RoleSpec,
    SystemPrivilegeSpec,
    UserSpec,
    Waiver,
)
from conefi_dbtool.grants.privileges import OBJECT_PRIVILEGES, SYSTEM_PRIVILEGES, suggest
from conefi_dbtool.identifiers import IdentifierError, normalize_identifier
from conefi_dbtool.quota import quota_bytes
from conefi_dbtool.textio import read_text_strict

MANIFEST_SUFFIX = ".toml"

# `when` keys: what a manifest entry may depend on, with the values it may compare to.
CONDITIONS: dict[str, tuple[Callable[[Target], object], tuple[object, ...]]] = {
    "trigger_owner": (lambda t: t.integration.trigger_owner, ("conefi", "sgu")),
    "pull_job": (lambda t: t.sgu2.pull_job, (True, False)),
    "grr_subscriptions": (lambda t: getattr(t.integration, "grr_subscriptions", True), (True, False)),
}

_ENTRY_KEYS: dict[str, dict[str, bool]] = {  # table -> key -> required
    "user": {"name": True, "default_tablespace": True, "temporary_tablespace": True,
             "profile": False},
    "quota": {"tablespace": True, "size": True, "reason": False, "when": False},
    "role_grant": {"roles": True, "admin_option": False, "reason": False, "when": False},
    "system_grant": {"privileges": True, "admin_option": False, "reason": False, "when": False},
    "object_grant": {"privileges": True, "on": True, "grant_option": False, "reason": False,
                     "when": False},
    "waiver": {"code": True, "subject": True, "reason": True, "when": False},
}
_TOP_KEYS = ("description", "user", "quota", "role_grant", "system_grant", "object_grant", "waiver")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([A-Za-z0-9]+))?\}")
_ROLE = re.compile(r"[A-Z][A-Z0-9_$#]*\Z")
MIN_REASON = 10  # characters: a waiver or reason must say why, not "ok"


def manifest_path(project: Project, database: str, profile: str) -> Path:
    return project.grants_dir / database / f"{profile}{MANIFEST_SUFFIX}"


def has_manifest(project: Project, database: str, profile: str) -> bool:
    return manifest_path(project, database, profile).is_file()


def _shown(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- line locator


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Map (table, index, key) paths to lines: tomllib reports no positions.

    Understands what manifests use: ``[table]``, ``[[array]]`` (indexed from 0) and
    ``key = value`` lines; lines inside multi-line strings and arrays are skipped.
    """
    lines: dict[tuple[str | int, ...], int] = {}
    counts: dict[str, int] = {}
    current: tuple[str | int, ...] = ()
    in_string = False
    depth = 0
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_string = False
            continue
        if depth > 0:
            depth += line.count("[") - line.count("]")
            continue
        m = re.match(r"\[\[\s*([A-Za-z0-9_]+)\s*\]\]", line)
        if m:
            name = m.group(1)
            index = counts.get(name, 0)
            counts[name] = index + 1
            current = (name, index)
            lines.setdefault(current, no)
            continue
        m = re.match(r"\[\s*([A-Za-z0-9_.]+)\s*\]", line)
        if m:
            current = tuple(m.group(1).split("."))
            lines.setdefault(current, no)
            continue
        m = re.match(r"([A-Za-z0-9_]+)\s*=(.*)", line)
        if m:
            lines.setdefault((*current, m.group(1)), no)
            rest = re.sub(r"#.*", "", m.group(2))
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_string = True
            depth = max(0, rest.count("[") - rest.count("]"))
    return lines


# --------------------------------------------------------------------------- loading


class _Ctx:
    """Resolution context: the file, its line map, and the target's vocabulary."""

    def __init__(self, shown: str, lines: Mapping[tuple[str | int, ...], int],
                 target: Target, database: str) -> None:
        self.shown = shown
        self.lines = lines
        self.target = target
        self.database = database
        db = target.database(database)
        self.vocabulary: dict[str, str] = {
            "default_tablespace": str(db.tablespaces.default),
            "temporary_tablespace": str(db.tablespaces.temporary),
            "quota": db.tablespaces.quota,
            "conefi": str(db.schemas.conefi),
            "event_table": str(target.integration.event_table),
            "event_sequence": str(target.integration.event_sequence),
            "queue_table": str(target.integration.queue_table),
        }
        if database == "erp":
            self.vocabulary.update(siga=str(target.erp.schemas.siga), sgu=str(target.erp.schemas.sgu))

    def where(self, path: tuple[str | int, ...]) -> Location:
        probe = path
        while probe:
            if probe in self.lines:
                return Location(self.shown, self.lines[probe])
            probe = probe[:-1]
        return Location(self.shown)

    def error(self, path: tuple[str | int, ...], message: str, *, for_target: bool = False) -> ConfigError:
        key = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
        return ConfigError(message, file=self.shown, key=key or None, line=self.where(path).line,
                           target=self.target.name if for_target else None)

    def placeholder(self, name: str, arg: str | None, path: tuple[str | int, ...]) -> str:
        if name == "protheus":
            if self.database != "erp":
                raise self.error(path, "{protheus:...} exists only in the erp database")
            if not arg or not arg.isalnum() or len(arg) != 3:
                raise self.error(path, "{protheus:XXX} takes a 3-character table alias, e.g. {protheus:SE1}")
            return self.target.erp.protheus_table(arg)
        if arg is not None or name not in self.vocabulary:
            names = [*self.vocabulary, *(["protheus:XXX"] if self.database == "erp" else [])]
            shown = f"{{{name}{':' + arg if arg else ''}}}"
            raise self.error(path, f"unknown placeholder {shown} (known: {', '.join(sorted(names))})")
        return self.vocabulary[name]

    def text(self, value: str, path: tuple[str | int, ...]) -> str:
        """Free text with placeholders substituted (waiver subjects)."""
        return _PLACEHOLDER.sub(lambda m: self.placeholder(m.group(1), m.group(2), path), value)

    def name(self, value: str, path: tuple[str | int, ...], parts: int = 1) -> tuple[str, ...]:
        """A dotted name: each part a literal identifier or one placeholder (stored form)."""
        pieces = re.findall(r'"[^"]*"|[^.]+', value)
        if len(".".join(pieces)) != len(value) or len(pieces) != parts:
            what = "OWNER.NAME" if parts == 2 else "a single name"
            raise self.error(path, f"{value!r}: expected {what}")
        out = []
        for piece in pieces:
            m = _PLACEHOLDER.fullmatch(piece)
            if m:
                out.append(self.placeholder(m.group(1), m.group(2), path))
                continue
            if "{" in piece or "}" in piece:
                raise self.error(path, f"{piece!r}: a placeholder must be a whole part of the name")
            try:
                out.append(normalize_identifier(piece))
            except IdentifierError as exc:
                raise self.error(path, str(exc)) from None
        return tuple(out)


def _table(ctx: _Ctx, value: Any, path: tuple[str | int, ...], kind: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ctx.error(path, f"expected a table ([{kind}])")
    spec = _ENTRY_KEYS[kind]
    for key in value:
        if key not in spec:
            raise ctx.error((*path, key), f"unknown key (expected one of: {', '.join(spec)})")
    for key, required in spec.items():
        if required and key not in value:
            raise ctx.error(path, f"required key {key!r} is missing")
    return value


def _string(ctx: _Ctx, value: Any, path: tuple[str | int, ...]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.error(path, f"expected a non-empty string, got {value!r}")
    if any(ord(c) < 32 and c != "\t" for c in value):
        raise ctx.error(path, "contains a control character or line break")
    return value


def _strings(ctx: _Ctx, value: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ctx.error(path, "expected a non-empty array of strings")
    return tuple(_string(ctx, v, path) for v in value)


def _bool(ctx: _Ctx, value: Any, path: tuple[str | int, ...]) -> bool:
    if not isinstance(value, bool):
        raise ctx.error(path, f"expected true or false, got {value!r}")
    return value


def _reason(ctx: _Ctx, entry: Mapping[str, Any], path: tuple[str | int, ...], required: bool) -> str:
    if "reason" not in entry:
        return ""
    reason = _string(ctx, entry["reason"], (*path, "reason")).strip()
    if required and len(reason) < MIN_REASON:
        raise ctx.error((*path, "reason"), f"a reason must say why (at least {MIN_REASON} characters)")
    return reason


def _applies(ctx: _Ctx, entry: Mapping[str, Any], path: tuple[str | int, ...]) -> bool:
    when = entry.get("when")
    if when is None:
        return True
    if not isinstance(when, dict) or not when:
        raise ctx.error((*path, "when"), "expected a table like { trigger_owner = \"sgu\" }")
    holds = True
    for key, wanted in when.items():
        if key not in CONDITIONS:
            raise ctx.error((*path, "when", key),
                            f"unknown condition (expected one of: {', '.join(CONDITIONS)})")
        getter, allowed = CONDITIONS[key]
        if wanted not in allowed or type(wanted) is not type(allowed[0]):
            raise ctx.error((*path, "when", key),
                            f"must be one of {', '.join(repr(a) for a in allowed)}, got {wanted!r}")
        holds = holds and getter(ctx.target) == wanted
    return holds


def _privileges(ctx: _Ctx, value: Any, path: tuple[str | int, ...], known: frozenset[str],
                what: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in _strings(ctx, value, path):
        name = " ".join(raw.upper().split())
        if name not in known:
            raise ctx.error(path, f"unknown {what} {raw!r}{suggest(name, known)}")
        if name in out:
            raise ctx.error(path, f"{name} listed twice")
        out.append(name)
    return tuple(out)


def parse_manifest(text: str, *, shown: str, target: Target, database: str, profile: str) -> Manifest:
    """Validate and resolve manifest text for `target` (pure: no file access)."""
    from conefi_dbtool.grants.findings import CODES  # the codes a waiver may name

    ctx = _Ctx(shown, key_lines(text), target, database)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(m.group(1)) if m else (text.count("\n") or None)  # "(at end of document)"
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"not valid TOML: {message}", file=shown, line=line) from None
    for key in raw:
        if key not in _TOP_KEYS:
            raise ctx.error((key,), f"unknown key (expected one of: {', '.join(_TOP_KEYS)})")
    description = _string(ctx, raw["description"], ("description",)) if "description" in raw else ""
    if "user" not in raw:
        raise ctx.error((), "a [user] table is required")
    u = _table(ctx, raw["user"], ("user",), "user")
    profile_name = None
    if "profile" in u:
        profile_name = _string(ctx, u["profile"], ("user", "profile")).upper()
        if not _ROLE.match(profile_name):
            raise ctx.error(("user", "profile"), f"invalid profile name {u['profile']!r}")
    user = UserSpec(
        name=ctx.name(_string(ctx, u["name"], ("user", "name")), ("user", "name"))[0],
        default_tablespace=ctx.name(_string(ctx, u["default_tablespace"], ("user", "default_tablespace")),
                                    ("user", "default_tablespace"))[0],
        temporary_tablespace=ctx.name(
            _string(ctx, u["temporary_tablespace"], ("user", "temporary_tablespace")),
            ("user", "temporary_tablespace"))[0],
        profile=profile_name,
        location=ctx.where(("user",)),
    )

    def entries(kind: str) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
        value = raw.get(kind, [])
        if not isinstance(value, list):
            raise ctx.error((kind,), f"expected [[{kind}]] tables")
        out = []
        for i, item in enumerate(value):
            path: tuple[str | int, ...] = (kind, i)
            entry = _table(ctx, item, path, kind)
            if _applies(ctx, entry, path):
                out.append((path, entry))
        return out

    seen: dict[tuple[str, ...], Location] = {}

    def once(key: tuple[str, ...], path: tuple[str | int, ...], what: str) -> None:
        loc = ctx.where(path)
        if key in seen:
            raise ctx.error(path, f"{what} is already declared at line {seen[key].line}", for_target=True)
        seen[key] = loc

    quotas = []
    for path, e in entries("quota"):
        (ts,) = ctx.name(_string(ctx, e["tablespace"], (*path, "tablespace")), (*path, "tablespace"))
        size = ctx.text(_string(ctx, e["size"], (*path, "size")), (*path, "size")).strip().upper()
        try:
            max_bytes = quota_bytes(size)
        except ValueError as exc:
            raise ctx.error((*path, "size"), str(exc), for_target=True) from None
        once(("quota", ts), path, f"quota on {ts}")
        quotas.append(QuotaSpec(ts, size, max_bytes, location=ctx.where(path),
                                reason=_reason(ctx, e, path, False)))
    roles = []
    for path, e in entries("role_grant"):
        admin = _bool(ctx, e.get("admin_option", False), (*path, "admin_option"))
        for raw_role in _strings(ctx, e["roles"], (*path, "roles")):
            role = raw_role.upper()
            if not _ROLE.match(role) or len(role) > 128:
                raise ctx.error((*path, "roles"), f"invalid role name {raw_role!r}")
            once(("role", role), path, f"role {role}")
            roles.append(RoleSpec(role, admin, location=ctx.where(path), reason=_reason(ctx, e, path, False)))
    system = []
    for path, e in entries("system_grant"):
        admin = _bool(ctx, e.get("admin_option", False), (*path, "admin_option"))
        for priv in _privileges(ctx, e["privileges"], (*path, "privileges"), SYSTEM_PRIVILEGES,
                                "system privilege"):
            once(("system", priv), path, priv)
            system.append(SystemPrivilegeSpec(priv, admin, location=ctx.where(path),
                                              reason=_reason(ctx, e, path, False)))
    objects = []
    for path, e in entries("object_grant"):
        privs = _privileges(ctx, e["privileges"], (*path, "privileges"), OBJECT_PRIVILEGES,
                            "object privilege")
        owner, name = ctx.name(_string(ctx, e["on"], (*path, "on")), (*path, "on"), parts=2)
        grant = _bool(ctx, e.get("grant_option", False), (*path, "grant_option"))
        for priv in privs:
            once(("object", owner, name, priv), path, f"{priv} on {owner}.{name}")
        objects.append(ObjectPrivilegeSpec(privs, owner, name, grant, location=ctx.where(path),
                                           reason=_reason(ctx, e, path, False)))
    waivers = []
    for path, e in entries("waiver"):
        code = _string(ctx, e["code"], (*path, "code"))
        if code not in CODES:
            raise ctx.error((*path, "code"),
                            f"unknown finding code {code!r}{suggest(code, frozenset(CODES))}")
        subjects = tuple(" ".join(ctx.text(s, (*path, "subject")).upper().split())
                         for s in _strings(ctx, e["subject"], (*path, "subject")))
        reason = _reason(ctx, e, path, True)
        waivers.append(Waiver(code, subjects, reason, ctx.where(path)))
    return Manifest(database=database, profile=profile, file=shown, description=description,
                    user=user, quotas=tuple(quotas), roles=tuple(roles),
                    system_privileges=tuple(system), object_privileges=tuple(objects),
                    waivers=tuple(waivers))


def load_manifest(project: Project, target: Target, database: str, profile: str | None = None) -> Manifest:
    """The manifest of `profile` (default: the target's grants_profile) resolved for `target`."""
    if database not in DATABASES:
        raise UsageError(f"unknown database {database!r} (expected one of: {', '.join(DATABASES)})")
    profile = profile or target.grants_profile
    if profile not in PROFILES:
        raise UsageError(f"unknown grants profile {profile!r} (expected one of: {', '.join(PROFILES)})")
    path = manifest_path(project, database, profile)
    shown = _shown(project, path)
    text = read_text_strict(path, "grants manifest", shown=shown,
                            missing=f" (profile {profile!r} of database {database})")
    return parse_manifest(text, shown=shown, target=target, database=database, profile=profile)
