"""Findings on what a database holds beyond the profile (``grants --catalog``).

The profile's own findings judge the manifest; a database can still hold a DBA role or
an ANY privilege that nobody declared. Those are the same risks, so they get the same
codes and severities, located in the catalog snapshot; the fix is the reconcile plan's
revoke. They cannot be waived: an accepted privilege belongs in the manifest (with its
waiver), which makes it expected and no longer held beyond the profile.
"""

from __future__ import annotations

from conefi_dbtool.catalog.snapshot import DatabaseCatalog
from conefi_dbtool.grants.expected import ExpectedPrivileges
from conefi_dbtool.grants.findings import CODES, Finding
from conefi_dbtool.grants.privileges import ALL_PRIVILEGE_ROLES, POWERFUL_PRIVILEGES, is_any_privilege


def _held(code: str, database: str, subject: str, message: str, fix: str, source: str) -> Finding:
    return Finding(code=code, severity=CODES[code].severity, database=database, subject=subject,
                   message=message, fix=fix, location=source)


def _system_code(privilege: str) -> str | None:
    if privilege == "SELECT ANY DICTIONARY":
        return "select-any-dictionary"
    if is_any_privilege(privilege) or privilege in POWERFUL_PRIVILEGES:
        return "any-privilege"
    return None


def held_findings(expected: ExpectedPrivileges, actual: DatabaseCatalog,
                  source: str = "catalog snapshot") -> tuple[Finding, ...]:
    """A finding per risky role or system privilege a managed user holds and the profile
    does not grant; `source` names where the holding was read (the snapshot file)."""
    db = expected.database
    managed = expected.managed_users
    want_roles = {(r.grantee, r.role) for r in expected.role_grants}
    want_system = {(s.grantee, s.privilege) for s in expected.system_privileges}
    found: list[Finding] = []
    for r in sorted(actual.role_grants, key=lambda g: (g.grantee, g.role)):
        if r.grantee in managed and r.role in ALL_PRIVILEGE_ROLES and (r.grantee, r.role) not in want_roles:
            found.append(_held(
                "dba-role", db, r.role,
                f"the database grants role {r.role} to {r.grantee}, which the profile does not: "
                "every privilege in the database.",
                f"REVOKE {r.role} FROM {r.grantee} (grants --sql --revoke emits it)", source))
    for s in sorted(actual.system_privileges, key=lambda p: (p.grantee, p.privilege)):
        code = _system_code(s.privilege)
        if code is None or s.grantee not in managed or (s.grantee, s.privilege) in want_system:
            continue
        found.append(_held(
            code, db, s.privilege,
            f"the database grants {s.privilege} to {s.grantee}, which the profile does not.",
            f"REVOKE {s.privilege} FROM {s.grantee} (grants --sql --revoke emits it)", source))
    return tuple(found)
