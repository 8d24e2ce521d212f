"""Security findings over a resolved manifest and what the rendered code needs.

Each finding has a stable code, a severity, the subject it is about (the text a waiver
matches), a message and how to fix it. A waiver in the manifest (code + subject pattern +
reason) silences a finding but keeps it in every report, with its reason; a waiver that
matches nothing is itself a finding (``stale-waiver``), so accepted risks cannot outlive
their cause.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, replace

from conefi_dbtool.config import Target
from conefi_dbtool.grants.model import Manifest
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

ERROR, WARNING = "error", "warning"
SEVERITY_RANK = {ERROR: 0, WARNING: 1}


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
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
class Finding:
    code: str
    severity: str
    database: str
    subject: str  # what a waiver matches, e.g. "CREATE ANY TRIGGER", "SELECT ON SIGA.SE1030"
    message: str
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
        return self.severity == ERROR and not self.waived

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.waived, SEVERITY_RANK[self.severity], self.code, self.subject)


def _finding(code: str, database: str, subject: str, message: str, fix: str, location: object) -> Finding:
    c = CODES[code]
    return Finding(code, c.severity, database, subject, message, fix, str(location))


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


def evaluate(manifest: Manifest, needs: CodeNeeds, target: Target,
             extra_needs: Iterable[SystemNeed] = ()) -> tuple[Finding, ...]:
    """Every finding of `manifest` against `needs`, waivers applied, most severe first."""
    db = manifest.database
    user = manifest.user.name
    file = manifest.file
    rendered = [(g.grantee, g.owner, g.name, g.privilege) for g in needs.rendered_grants]
    hold = _Holdings(manifest, rendered)
    found: list[Finding] = []
    role_note = (" Privileges from roles (" + ", ".join(sorted(hold.roles)) + ") do not count: "
                 "definer's-rights code, views and jobs see only direct grants.") if hold.roles else ""

    # --- what the code needs
    user_usages = [u for u in needs.usages if u.grantee == user or u.owner == user]
    system_needs = [n for n in (*needs.system_needs, *extra_needs) if n.grantee == user]
    system_needs.append(SystemNeed(user, "CREATE SESSION", Site(str(manifest.user.location.file),
                                   manifest.user.location.line, f"user {user}"), "logs in"))
    quota_needs = [QuotaNeed(q.grantee, q.tablespace or manifest.user.default_tablespace, q.site)
                   for q in needs.quota_needs if q.grantee == user]
    needed_system = {n.privilege for n in system_needs}

    # --- risky declarations
    for r in manifest.roles:
        if r.role in ALL_PRIVILEGE_ROLES:
            found.append(_finding(
                "dba-role", db, r.role,
                f"role {r.role} granted to application user {user}: every privilege in the database, "
                "including reading and changing any table and granting itself more.",
                f"remove it from {file}; grant the direct privileges the findings below list", r.location))
        else:
            carried = sorted(ROLE_PRIVILEGES.get(r.role, frozenset()))
            extra = f" ({', '.join(carried)})" if carried else ""
            found.append(_finding(
                "role-privileges", db, r.role,
                f"role {r.role}{extra} granted to {user}: role privileges are disabled in definer's-rights "
                "PL/SQL and jobs, and the role may carry more than the code needs.",
                "grant the needed system privileges directly (least-privilege profile)", r.location))
        if r.admin_option:
            found.append(_finding("grant-option", db, f"{r.role} WITH ADMIN OPTION",
                                  f"{user} may grant role {r.role} to anyone.",
                                  "drop admin_option", r.location))
    for s in manifest.system_privileges:
        used = s.privilege in needed_system or any(ANY_FOR_NEED.get(n) == s.privilege for n in needed_system)
        use_note = " Something in the code needs it." if used else " Nothing in the rendered code needs it."
        if s.privilege == "SELECT ANY DICTIONARY":
            found.append(_finding(
                "select-any-dictionary", db, s.privilege,
                f"{user} can read every data dictionary view: other schemas' source code, every "
                "user's privileges, other sessions' SQL text." + use_note,
                "remove it; grant SELECT on the specific SYS views the code uses (missing-grant lists them)",
                s.location))
        elif s.privilege == "UNLIMITED TABLESPACE":
            found.append(_finding(
                "unlimited-tablespace", db, s.privilege,
                f"{user} may fill any tablespace, SYSTEM included.",
                "grant a quota on the default tablespace ([[quota]] size = \"{quota}\"), then revoke it "
                "(grant the quota first: without one, inserts fail with ORA-01536)", s.location))
        elif is_any_privilege(s.privilege) or s.privilege in POWERFUL_PRIVILEGES:
            found.append(_finding(
                "any-privilege", db, s.privilege,
                f"{s.privilege} granted to {user}: it reaches objects of every schema." + use_note,
                "remove it, or keep it with a [[waiver]] that says why (e.g. CREATE ANY TRIGGER while "
                "integration.trigger_owner = \"conefi\")", s.location))
        elif not used:
            found.append(_finding("unused-grant", db, s.privilege,
                                  f"{s.privilege} granted to {user} but no rendered object needs it.",
                                  f"remove it from {file}, or waive it with the reason it is needed",
                                  s.location))
        if s.admin_option:
            found.append(_finding("grant-option", db, f"{s.privilege} WITH ADMIN OPTION",
                                  f"{user} may grant {s.privilege} to anyone.", "drop admin_option",
                                  s.location))
    for o in manifest.object_privileges:
        for priv in o.privileges:
            subject = f"{priv} ON {o.qualified}"
            if o.owner == "SYS":
                found.append(_finding("sys-object", db, subject,
                                      f"{subject} grants on a SYS object to {user}.",
                                      "prefer a documented public API; keep it with a waiver if required",
                                      o.location))
            if o.grant_option:
                found.append(_finding("grant-option", db, f"{subject} WITH GRANT OPTION",
                                      f"{user} may pass {priv} on {o.qualified} on to others.",
                                      "drop grant_option unless a view of ours is granted onward",
                                      o.location))
            used = any(u.grantee == user and u.owner == o.owner and u.name == o.name
                       and priv in SATISFIES.get(u.privilege, frozenset({u.privilege}))
                       for u in user_usages)
            if not used:
                found.append(_finding("unused-grant", db, subject,
                                      f"{subject} granted to {user} but no rendered object uses it.",
                                      f"remove it from {file} (or reference it from a template)",
                                      o.location))

    # --- needs without a grant
    missing: dict[tuple[str, str, str, str], list[Usage]] = {}
    for u in user_usages:
        if not hold.object_ok(u):
            missing.setdefault((u.grantee, u.owner, u.name, u.privilege), []).append(u)
    for (grantee, owner, name, priv), uses in sorted(missing.items()):
        sites = sorted({u.site for u in uses}, key=Site.sort_key)
        hows = ", ".join(sorted({u.how for u in uses}))
        if grantee == user:
            subject = f"{priv} ON {owner}.{name}"
            on = placeholder_name(target, db, owner, name)
            fix = (f"add to {file}: [[object_grant]] privileges = [\"{priv}\"] on = \"{on}\" "
                   "(a direct grant)")
            message = (f"{user} uses {priv} on {owner}.{name} ({hows}) at {_more(sites)} "
                       "without a direct grant.")
            found.append(_finding("missing-grant", db, subject, message + role_note, fix, sites[0]))
        else:
            subject = f"{priv} ON {owner}.{name} TO {grantee}"
            fix = (f"render it from a template: GRANT {priv} ON {owner}.{name} TO {grantee}; "
                   f"(templates/{db}/conefi/object_grant/)")
            message = (f"{grantee} uses {priv} on {owner}.{name} ({hows}) at {_more(sites)}, "
                       "and no template grants it.")
            found.append(_finding("missing-grant", db, subject, message, fix, sites[0]))
    by_priv: dict[str, list[SystemNeed]] = {}
    for n in system_needs:
        if not hold.system_ok(n.privilege):
            by_priv.setdefault(n.privilege, []).append(n)
    for priv, ns in sorted(by_priv.items()):
        sites = sorted({n.site for n in ns}, key=Site.sort_key)
        fix = f"add to {file}: [[system_grant]] privileges = [\"{priv}\"]"
        if priv == "CREATE ANY TRIGGER":
            fix += (" with a [[waiver]] code = \"any-privilege\" and its reason, or set "
                    "integration.trigger_owner = \"sgu\" (SGU owns the trigger; no ANY privilege)")
        found.append(_finding("missing-grant", db, priv,
                              f"{user} needs {priv} ({ns[0].how}) at {_more(sites)}.", fix, sites[0]))
    quota_missing: dict[str, list[QuotaNeed]] = {}
    for q in quota_needs:
        assert q.tablespace is not None
        if not hold.quota_ok(q.tablespace):
            quota_missing.setdefault(q.tablespace, []).append(q)
    for ts, qs in sorted(quota_missing.items()):
        sites = sorted({q.site for q in qs}, key=Site.sort_key)
        found.append(_finding(
            "missing-quota", db, f"QUOTA ON {ts}",
            f"{user} creates segments in tablespace {ts} at {_more(sites)} but has no quota there "
            "(ORA-01950 on the first insert).",
            f"add to {file}: [[quota]] tablespace = \"{ts}\" size = \"{{quota}}\"", sites[0]))
    return apply_waivers(manifest, found)


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
