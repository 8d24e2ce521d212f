"""Security findings over a resolved manifest and what the rendered code needs.

Each finding has a stable code, a severity, the subject it is about (the text a waiver
matches), a message and how to fix it. A waiver in the manifest (code + subject pattern +
reason) silences a finding but keeps it in every report, with its reason; a waiver that
matches nothing is itself a finding (``stale-waiver``), so accepted risks cannot outlive
their cause.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from conefi_dbtool.config import Target
from conefi_dbtool.findings import Finding as BaseFinding
from conefi_dbtool.findings import Severity, worst_first
from conefi_dbtool.grants.model import Manifest, ObjectPrivilegeSpec, RoleSpec, SystemPrivilegeSpec
from conefi_dbtool.grants.privileges import (
    ALL_PRIVILEGE_ROLES,
    ANY_FOR_NEED,
    ANY_FOR_OBJECT,
    POWERFUL_PRIVILEGES,
    ROLE_PRIVILEGES,
    SATISFIES,
    is_any_privilege,
)
from conefi_dbtool.grants.usage import CodeNeeds, QuotaNeed, Site, SystemNeed, Usage

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str


CODES: dict[str, Code] = {c.code: c for c in (
    Code("dba-role", ERROR, "DBA role granted to an application user"),
    Code("any-privilege", ERROR, "ANY (or similarly powerful) system privilege"),
    Code("select-any-dictionary", ERROR, "SELECT ANY DICTIONARY"),
    Code("unlimited-tablespace", WARNING, "UNLIMITED TABLESPACE instead of a quota"),
    Code("grant-option", WARNING, "WITH ADMIN OPTION / WITH GRANT OPTION"),
    Code("sys-object", WARNING, "grant on a SYS object"),
    Code("role-privileges", WARNING, "privileges through a role"),
    Code("unused-grant", WARNING, "privilege no template uses"),
    Code("missing-grant", ERROR, "template reference with no direct grant"),
    Code("missing-quota", ERROR, "no quota where the code creates segments"),
    Code("stale-waiver", WARNING, "waiver that matches no finding"),
)}


@dataclass(frozen=True)
class Finding(BaseFinding):
    """A grants finding: the shared code/severity/message plus what a waiver matches and the fix."""

    database: str
    subject: str  # what a waiver matches, e.g. "CREATE ANY TRIGGER", "SELECT ON SIGA.SE1030"
    fix: str
    location: str  # manifest line or template line
    waiver_reason: str = ""
    waiver_location: str = ""

    @property
    def waived(self) -> bool:
        return bool(self.waiver_reason)

    @property
    def blocking(self) -> bool:
        """An unwaived error: the `grants` command exits 1."""
        return self.severity is Severity.ERROR and not self.waived

    def sort_key(self) -> tuple[bool, int, str, str]:
        """Unwaived before waived, then the most severe first, then by code and subject."""
        return (self.waived, worst_first(self.severity), self.code, self.subject)


def _finding(code: str, database: str, subject: str, message: str, fix: str, location: object) -> Finding:
    return Finding(code=code, severity=CODES[code].severity, message=message, database=database,
                   subject=subject, fix=fix, location=str(location))


def placeholder_name(target: Target, database: str, owner: str, name: str) -> str:
    """OWNER.NAME written back with manifest placeholders where they apply."""
    db = target.database(database)
    schema_keys = {str(v): k for k, v in vars(db.schemas).items()}
    left = f"{{{schema_keys[owner]}}}" if owner in schema_keys else owner
    right = name
    if database == "erp" and owner == str(target.erp.schemas.siga) and len(name) == 6 \
            and name.endswith(target.erp.table_suffix):
        right = f"{{protheus:{name[:3]}}}"
    return f"{left}.{right}"


def _more(sites: list[Site]) -> str:
    first = f"{sites[0]}"
    return first if len(sites) == 1 else f"{first} and {len(sites) - 1} more place(s)"


class _Holdings:
    """What the manifest's user holds, and how a need can be satisfied."""

    def __init__(self, manifest: Manifest, rendered: Iterable[tuple[str, str, str, str]]) -> None:
        self.user = manifest.user.name
        self.system = {s.privilege for s in manifest.system_privileges}
        self.roles = {r.role for r in manifest.roles}
        self.objects = {(self.user, o.owner, o.name, p) for o in manifest.object_privileges
                        for p in o.privileges}
        self.objects |= set(rendered)
        self.quotas = {q.tablespace: q.max_bytes for q in manifest.quotas}

    def object_ok(self, usage: Usage) -> bool:
        for priv in SATISFIES.get(usage.privilege, frozenset({usage.privilege})):
            if (usage.grantee, usage.owner, usage.name, priv) in self.objects:
                return True
        if usage.grantee != self.user:
            return False
        anys = ANY_FOR_OBJECT.get(usage.privilege, ())
        if usage.owner == "SYS":
            anys = (*anys, "SELECT ANY DICTIONARY")
        return any(a in self.system for a in anys)

    def system_ok(self, privilege: str) -> bool:
        if privilege in self.system or ANY_FOR_NEED.get(privilege) in self.system:
            return True
        if self.roles & ALL_PRIVILEGE_ROLES:
            return True
        return any(privilege in ROLE_PRIVILEGES.get(r, frozenset()) for r in self.roles)

    def quota_ok(self, tablespace: str) -> bool:
        return "UNLIMITED TABLESPACE" in self.system or self.quotas.get(tablespace, 0) != 0


@dataclass(frozen=True)
class _Review:
    """What every check reads: the manifest, what its user holds and what the code needs of it."""

    manifest: Manifest
    target: Target
    hold: _Holdings
    usages: tuple[Usage, ...]  # object uses by the user, or on the user's objects
    system_needs: tuple[SystemNeed, ...]  # the user's, CREATE SESSION included
    quota_needs: tuple[QuotaNeed, ...]  # the user's, tablespace resolved

    @classmethod
    def of(cls, manifest: Manifest, needs: CodeNeeds, target: Target,
           extra_needs: Iterable[SystemNeed]) -> _Review:
        user = manifest.user
        rendered = [(g.grantee, g.owner, g.name, g.privilege) for g in needs.rendered_grants]
        login = SystemNeed(user.name, "CREATE SESSION",
                           Site(str(user.location.file), user.location.line, f"user {user.name}"), "logs in")
        return cls(
            manifest, target, _Holdings(manifest, rendered),
            tuple(u for u in needs.usages if user.name in (u.grantee, u.owner)),
            (*(n for n in (*needs.system_needs, *extra_needs) if n.grantee == user.name), login),
            tuple(QuotaNeed(q.grantee, q.tablespace or user.default_tablespace, q.site)
                  for q in needs.quota_needs if q.grantee == user.name))

    @property
    def db(self) -> str:
        return self.manifest.database

    @property
    def user(self) -> str:
        return self.manifest.user.name

    @property
    def file(self) -> str:
        return self.manifest.file

    @property
    def role_note(self) -> str:
        if not self.hold.roles:
            return ""
        return (" Privileges from roles (" + ", ".join(sorted(self.hold.roles)) + ") do not count: "
                "definer's-rights code, views and jobs see only direct grants.")

    def needs_system(self, privilege: str) -> bool:
        """Whether the code needs `privilege`, itself or as the ANY form of a need."""
        needed = {n.privilege for n in self.system_needs}
        return privilege in needed or any(ANY_FOR_NEED.get(n) == privilege for n in needed)

    def uses_object(self, o: ObjectPrivilegeSpec, privilege: str) -> bool:
        return any(u.grantee == self.user and u.owner == o.owner and u.name == o.name
                   and privilege in SATISFIES.get(u.privilege, frozenset({u.privilege}))
                   for u in self.usages)


# --- risky declarations: one check per kind of grant in the manifest

def _role_grants(r: _Review) -> Iterator[Finding]:
    for role in r.manifest.roles:
        yield _role_finding(r, role)
        if role.admin_option:
            yield _finding("grant-option", r.db, f"{role.role} WITH ADMIN OPTION",
                           f"{r.user} may grant role {role.role} to anyone.", "drop admin_option",
                           role.location)


def _role_finding(r: _Review, role: RoleSpec) -> Finding:
    if role.role in ALL_PRIVILEGE_ROLES:
        return _finding(
            "dba-role", r.db, role.role,
            f"role {role.role} granted to application user {r.user}: every privilege in the database, "
            "including reading and changing any table and granting itself more.",
            f"remove it from {r.file}; grant the direct privileges the findings below list", role.location)
    carried = sorted(ROLE_PRIVILEGES.get(role.role, frozenset()))
    extra = f" ({', '.join(carried)})" if carried else ""
    return _finding(
        "role-privileges", r.db, role.role,
        f"role {role.role}{extra} granted to {r.user}: role privileges are disabled in definer's-rights "
        "PL/SQL and jobs, and the role may carry more than the code needs.",
        "grant the needed system privileges directly (least-privilege profile)", role.location)


def _system_grants(r: _Review) -> Iterator[Finding]:
    for s in r.manifest.system_privileges:
        risk = _system_finding(r, s)
        if risk is not None:
            yield risk
        if s.admin_option:
            yield _finding("grant-option", r.db, f"{s.privilege} WITH ADMIN OPTION",
                           f"{r.user} may grant {s.privilege} to anyone.", "drop admin_option", s.location)


def _system_finding(r: _Review, s: SystemPrivilegeSpec) -> Finding | None:
    """The one finding a system grant deserves, the most specific first (None: a needed grant)."""
    used = r.needs_system(s.privilege)
    use_note = " Something in the code needs it." if used else " Nothing in the rendered code needs it."
    if s.privilege == "SELECT ANY DICTIONARY":
        return _finding(
            "select-any-dictionary", r.db, s.privilege,
            f"{r.user} can read every data dictionary view: other schemas' source code, every "
            "user's privileges, other sessions' SQL text." + use_note,
            "remove it; grant SELECT on the specific SYS views the code uses (missing-grant lists them)",
            s.location)
    if s.privilege == "UNLIMITED TABLESPACE":
        return _finding(
            "unlimited-tablespace", r.db, s.privilege,
            f"{r.user} may fill any tablespace, SYSTEM included.",
            "grant a quota on the default tablespace ([[quota]] size = \"{quota}\"), then revoke it "
            "(grant the quota first: without one, inserts fail with ORA-01536)", s.location)
    if is_any_privilege(s.privilege) or s.privilege in POWERFUL_PRIVILEGES:
        return _finding(
            "any-privilege", r.db, s.privilege,
            f"{s.privilege} granted to {r.user}: it reaches objects of every schema." + use_note,
            "remove it, or keep it with a [[waiver]] that says why (e.g. CREATE ANY TRIGGER while "
            "integration.trigger_owner = \"conefi\")", s.location)
    if not used:
        return _finding("unused-grant", r.db, s.privilege,
                        f"{s.privilege} granted to {r.user} but no rendered object needs it.",
                        f"remove it from {r.file}, or waive it with the reason it is needed", s.location)
    return None


def _object_grants(r: _Review) -> Iterator[Finding]:
    for o in r.manifest.object_privileges:
        for priv in o.privileges:
            yield from _object_findings(r, o, priv)


def _object_findings(r: _Review, o: ObjectPrivilegeSpec, priv: str) -> Iterator[Finding]:
    subject = f"{priv} ON {o.qualified}"
    if o.owner == "SYS":
        yield _finding("sys-object", r.db, subject, f"{subject} grants on a SYS object to {r.user}.",
                       "prefer a documented public API; keep it with a waiver if required", o.location)
    if o.grant_option:
        yield _finding("grant-option", r.db, f"{subject} WITH GRANT OPTION",
                       f"{r.user} may pass {priv} on {o.qualified} on to others.",
                       "drop grant_option unless a view of ours is granted onward", o.location)
    if not r.uses_object(o, priv):
        yield _finding("unused-grant", r.db, subject,
                       f"{subject} granted to {r.user} but no rendered object uses it.",
                       f"remove it from {r.file} (or reference it from a template)", o.location)


# --- needs without a grant: one check per kind of need

def _sites(items: Iterable[Usage | SystemNeed | QuotaNeed]) -> list[Site]:
    """The distinct places of `items`, in file and line order (the first is the finding's location)."""
    return sorted({i.site for i in items}, key=Site.sort_key)


def _missing_object_grants(r: _Review) -> Iterator[Finding]:
    missing: dict[tuple[str, str, str, str], list[Usage]] = {}
    for u in r.usages:
        if not r.hold.object_ok(u):
            missing.setdefault((u.grantee, u.owner, u.name, u.privilege), []).append(u)
    for (grantee, owner, name, priv), uses in sorted(missing.items()):
        sites = _sites(uses)
        hows = ", ".join(sorted({u.how for u in uses}))
        if grantee == r.user:
            on = placeholder_name(r.target, r.db, owner, name)
            yield _finding(
                "missing-grant", r.db, f"{priv} ON {owner}.{name}",
                f"{r.user} uses {priv} on {owner}.{name} ({hows}) at {_more(sites)} "
                "without a direct grant." + r.role_note,
                f"add to {r.file}: [[object_grant]] privileges = [\"{priv}\"] on = \"{on}\" (a direct grant)",
                sites[0])
        else:
            yield _finding(
                "missing-grant", r.db, f"{priv} ON {owner}.{name} TO {grantee}",
                f"{grantee} uses {priv} on {owner}.{name} ({hows}) at {_more(sites)}, "
                "and no template grants it.",
                f"render it from a template: GRANT {priv} ON {owner}.{name} TO {grantee}; "
                f"(templates/{r.db}/conefi/object_grant/)", sites[0])


def _missing_system_grants(r: _Review) -> Iterator[Finding]:
    by_priv: dict[str, list[SystemNeed]] = {}
    for n in r.system_needs:
        if not r.hold.system_ok(n.privilege):
            by_priv.setdefault(n.privilege, []).append(n)
    for priv, ns in sorted(by_priv.items()):
        sites = _sites(ns)
        fix = f"add to {r.file}: [[system_grant]] privileges = [\"{priv}\"]"
        if priv == "CREATE ANY TRIGGER":
            fix += (" with a [[waiver]] code = \"any-privilege\" and its reason, or set "
                    "integration.trigger_owner = \"sgu\" (SGU owns the trigger; no ANY privilege)")
        yield _finding("missing-grant", r.db, priv, f"{r.user} needs {priv} ({ns[0].how}) at {_more(sites)}.",
                       fix, sites[0])


def _missing_quotas(r: _Review) -> Iterator[Finding]:
    missing: dict[str, list[QuotaNeed]] = {}
    for q in r.quota_needs:
        assert q.tablespace is not None
        if not r.hold.quota_ok(q.tablespace):
            missing.setdefault(q.tablespace, []).append(q)
    for ts, qs in sorted(missing.items()):
        sites = _sites(qs)
        yield _finding(
            "missing-quota", r.db, f"QUOTA ON {ts}",
            f"{r.user} creates segments in tablespace {ts} at {_more(sites)} but has no quota there "
            "(ORA-01950 on the first insert).",
            f"add to {r.file}: [[quota]] tablespace = \"{ts}\" size = \"{{quota}}\"", sites[0])


# Every check, in the order findings are gathered (the sort in apply_waivers is stable).
CHECKS: tuple[Callable[[_Review], Iterable[Finding]], ...] = (
    _role_grants, _system_grants, _object_grants,
    _missing_object_grants, _missing_system_grants, _missing_quotas,
)


def evaluate(manifest: Manifest, needs: CodeNeeds, target: Target,
             extra_needs: Iterable[SystemNeed] = ()) -> tuple[Finding, ...]:
    """Every finding of `manifest` against `needs`, waivers applied, most severe first."""
    review = _Review.of(manifest, needs, target, extra_needs)
    return apply_waivers(manifest, [f for check in CHECKS for f in check(review)])


def apply_waivers(manifest: Manifest, findings: Iterable[Finding]) -> tuple[Finding, ...]:
    out: list[Finding] = []
    used: set[int] = set()
    for f in findings:
        for i, w in enumerate(manifest.waivers):
            if w.code == f.code and any(fnmatch.fnmatchcase(f.subject.upper(), p) for p in w.subjects):
                f = replace(f, waiver_reason=w.reason, waiver_location=str(w.location))
                used.add(i)
                break
        out.append(f)
    for i, w in enumerate(manifest.waivers):
        if i not in used:
            out.append(_finding("stale-waiver", manifest.database, f"{w.code} {' | '.join(w.subjects)}",
                                f"waiver for {w.code} ({', '.join(w.subjects)}) matches no finding.",
                                f"remove it from {manifest.file}", w.location))
    return tuple(sorted(out, key=Finding.sort_key))
