"""From what a database holds to what the profile wants: grants to add, revokes to show.

Pure: takes `ExpectedPrivileges` and a catalog snapshot of one database. Additions come
first and in an order that never leaves the user worse off mid-way (quotas before the
revoke of UNLIMITED TABLESPACE). Revokes are part of the plan but destructive: callers
print them and execute them only on an explicit flag (``grants --sql --revoke``).
Only managed users (the manifest's user) lose privileges; other grantees only gain the
grants templates render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from conefi_dbtool.catalog.snapshot import DatabaseCatalog, ObjectPrivilege, User
from conefi_dbtool.grants.expected import ExpectedPrivileges
from conefi_dbtool.grants.render_sql import name_sql, qualified_sql


@dataclass(frozen=True)
class PlanItem:
    action: str  # create-user | alter-user | quota | grant | revoke
    statement: str  # SQL without terminator
    subject: str
    note: str = ""


@dataclass(frozen=True)
class ReconcilePlan:
    database: str
    additions: tuple[PlanItem, ...] = ()
    revocations: tuple[PlanItem, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def in_sync(self) -> bool:
        return not self.additions and not self.revocations


def size_sql(max_bytes: int) -> str:
    """Quota bytes back to SQL (UNLIMITED, 2G, 500M, 64K, or bytes)."""
    if max_bytes < 0:
        return "UNLIMITED"
    for unit, factor in (("T", 1024**4), ("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if max_bytes and max_bytes % factor == 0:
            return f"{max_bytes // factor}{unit}"
    return str(max_bytes)


def _grant_object(p: ObjectPrivilege) -> str:
    option = " WITH GRANT OPTION" if p.grantable else ""
    return f"GRANT {p.privilege} ON {qualified_sql(p.owner, p.object_name)} TO {name_sql(p.grantee)}{option}"


def _revoke_object(p: ObjectPrivilege) -> str:
    return f"REVOKE {p.privilege} ON {qualified_sql(p.owner, p.object_name)} FROM {name_sql(p.grantee)}"


def _create_user(u: User, database: str) -> str:
    text = (f'CREATE USER {name_sql(u.name)} IDENTIFIED BY "&&conefi_{database}_password" '
            f"DEFAULT TABLESPACE {name_sql(u.default_tablespace)} "
            f"TEMPORARY TABLESPACE {name_sql(u.temporary_tablespace)}")
    return text + (f" PROFILE {u.profile}" if u.profile else "")


@dataclass(frozen=True)
class _Changes:
    """What one step of the reconcile adds (grants) and takes away (revokes, option drops)."""

    additions: tuple[PlanItem, ...] = ()
    revocations: tuple[PlanItem, ...] = ()


def _user_changes(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> _Changes:
    """Missing users are created; an existing one is altered where its settings differ."""
    have = {u.name: u for u in actual.users}
    adds: list[PlanItem] = []
    for u in expected.users:
        cur = have.get(u.name)
        if cur is None:
            adds.append(PlanItem("create-user", _create_user(u, expected.database), f"user {u.name}",
                                 "password from a substitution variable"))
        elif clauses := _alter_clauses(cur, u):
            adds.append(PlanItem("alter-user", f"ALTER USER {name_sql(u.name)} " + " ".join(clauses),
                                 f"user {u.name}"))
    return _Changes(tuple(adds))


def _alter_clauses(cur: User, want: User) -> list[str]:
    """ALTER USER clauses for the settings the database states and that differ (unknown: left alone)."""
    clauses = []
    if cur.default_tablespace and cur.default_tablespace != want.default_tablespace:
        clauses.append(f"DEFAULT TABLESPACE {name_sql(want.default_tablespace)}")
    if cur.temporary_tablespace and cur.temporary_tablespace != want.temporary_tablespace:
        clauses.append(f"TEMPORARY TABLESPACE {name_sql(want.temporary_tablespace)}")
    if cur.profile and cur.profile != want.profile:
        clauses.append(f"PROFILE {want.profile}")
    return clauses


def _quota_changes(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> _Changes:
    """Quotas set to the profile's size; a managed user's other quotas set to 0."""
    have = {(q.username, q.tablespace): q for q in actual.quotas}
    want = {(q.username, q.tablespace): q for q in expected.quotas}
    adds = [PlanItem("quota", f"ALTER USER {name_sql(q.username)} QUOTA {size_sql(q.max_bytes)} "
                     f"ON {name_sql(q.tablespace)}", f"quota on {q.tablespace}")
            for key, q in sorted(want.items())
            if key not in have or have[key].max_bytes != q.max_bytes]
    revokes = [PlanItem("revoke", f"ALTER USER {name_sql(q.username)} QUOTA 0 ON {name_sql(q.tablespace)}",
                        f"quota on {q.tablespace}", "its segments there can no longer grow")
               for key, q in sorted(have.items())
               if key not in want and q.username in expected.managed_users]
    return _Changes(tuple(adds), tuple(revokes))


def _admin_grant_changes(want: dict[tuple[str, str], bool], have: dict[tuple[str, str], bool],
                         managed: frozenset[str]) -> _Changes:
    """Roles or system privileges, keyed (grantee, what) with their ADMIN OPTION."""
    adds: list[PlanItem] = []
    revokes: list[PlanItem] = []
    for (grantee, what), admin in sorted(want.items()):
        grant = f"GRANT {what} TO {name_sql(grantee)}" + (" WITH ADMIN OPTION" if admin else "")
        if (grantee, what) not in have or (admin and not have[(grantee, what)]):
            adds.append(PlanItem("grant", grant, what))
        elif have[(grantee, what)] and not admin:  # drop the option: revoke, then grant again
            revokes += [PlanItem("revoke", f"REVOKE {what} FROM {name_sql(grantee)}", what,
                                 "drops ADMIN OPTION"),
                        PlanItem("grant", grant, what, "re-granted without ADMIN OPTION")]
    revokes += [PlanItem("revoke", f"REVOKE {what} FROM {name_sql(grantee)}", what)
                for (grantee, what) in sorted(have) if grantee in managed and (grantee, what) not in want]
    return _Changes(tuple(adds), tuple(revokes))


def _role_changes(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> _Changes:
    return _admin_grant_changes({(r.grantee, r.role): r.admin_option for r in expected.role_grants},
                                {(r.grantee, r.role): r.admin_option for r in actual.role_grants},
                                expected.managed_users)


def _system_changes(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> _Changes:
    want = {(s.grantee, s.privilege): s.admin_option for s in expected.system_privileges}
    have = {(s.grantee, s.privilege): s.admin_option for s in actual.system_privileges}
    return _admin_grant_changes(want, have, expected.managed_users)


def _object_changes(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> _Changes:
    """Object grants; dropping a GRANT OPTION is a revoke (it cascades) and a grant again."""
    want = {(p.grantee, p.owner, p.object_name, p.privilege): p for p in expected.object_privileges}
    have = {(p.grantee, p.owner, p.object_name, p.privilege): p for p in actual.object_privileges}
    adds: list[PlanItem] = []
    revokes: list[PlanItem] = []
    for key, p in sorted(want.items()):
        cur = have.get(key)
        subject = f"{p.privilege} ON {p.owner}.{p.object_name}"
        if cur is None or (p.grantable and not cur.grantable):
            adds.append(PlanItem("grant", _grant_object(p), subject))
        elif cur.grantable and not p.grantable:
            revokes += [PlanItem("revoke", _revoke_object(p), subject,
                                 "drops GRANT OPTION; cascades to grants this user made"),
                        PlanItem("grant", _grant_object(p), subject, "re-granted without GRANT OPTION")]
    revokes += [PlanItem("revoke", _revoke_object(p), f"{p.privilege} ON {p.owner}.{p.object_name}",
                         "cascades to grants this user made" if p.grantable else "")
                for key, p in sorted(have.items()) if key not in want and p.grantee in expected.managed_users]
    return _Changes(tuple(adds), tuple(revokes))


def _unlimited_tablespace_warning(expected: ExpectedPrivileges, revokes: Sequence[PlanItem]) -> str | None:
    if "UNLIMITED TABLESPACE" not in {r.subject for r in revokes if r.action == "revoke"}:
        return None
    who = ", ".join(sorted(expected.managed_users))
    if expected.quotas:
        return (f"revoking UNLIMITED TABLESPACE leaves {who} with explicit quotas only: grant the quota "
                "first (the additions above do) or inserts fail with ORA-01536")
    return (f"revoking UNLIMITED TABLESPACE wipes {who}'s only way to allocate space and the profile "
            "grants no quota: add a [[quota]] to the manifest before revoking")


def _invalid_code_warning(_expected: ExpectedPrivileges, revokes: Sequence[PlanItem]) -> str | None:
    revoked = {r.subject for r in revokes if r.action == "revoke"}
    if "DBA" in revoked or any(r.subject.startswith(("SELECT ANY", "EXECUTE ANY")) for r in revokes):
        return ("code compiled under the revoked privileges may turn INVALID: run the deploy "
                "script's INVALID sweep (conefi-dbtool script) afterwards")
    return None


def _cascade_warning(_expected: ExpectedPrivileges, revokes: Sequence[PlanItem]) -> str | None:
    if any("cascades" in r.note for r in revokes):
        return ("revoking a privilege held WITH GRANT OPTION also revokes it from everyone "
                "this user granted it to")
    return None


# The steps, in the order their additions are listed (stable-sorted by _ADD_ORDER afterwards) ...
_STEPS: tuple[Callable[[ExpectedPrivileges, DatabaseCatalog], _Changes], ...] = (
    _user_changes, _quota_changes, _role_changes, _system_changes, _object_changes,
)
# ... and their revokes: object privileges first, roles last (revoking DBA may take implicit
# privileges with it, and the user keeps working longest), quotas after everything that may
# still need them.
_REVOKE_ORDER = (_object_changes, _system_changes, _role_changes, _quota_changes)
_ADD_ORDER = {"create-user": 0, "alter-user": 1, "quota": 2, "grant": 3}
_WARNINGS: tuple[Callable[[ExpectedPrivileges, Sequence[PlanItem]], str | None], ...] = (
    _unlimited_tablespace_warning, _invalid_code_warning, _cascade_warning,
)


def reconcile(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> ReconcilePlan:
    """Statements that turn `actual` into `expected` (revokes listed apart)."""
    changes = {step: step(expected, actual) for step in _STEPS}
    adds = sorted((i for step in _STEPS for i in changes[step].additions), key=lambda i: _ADD_ORDER[i.action])
    revokes = tuple(i for step in _REVOKE_ORDER for i in changes[step].revocations)
    warnings = tuple(w for warn in _WARNINGS if (w := warn(expected, revokes)) is not None)
    return ReconcilePlan(expected.database, tuple(adds), revokes, warnings)


def plan_sql(plan: ReconcilePlan, *, include_revokes: bool) -> str:
    """The plan as SQL*Plus text; revokes commented out unless explicitly included."""
    lines = [f"-- conefi-dbtool grants: reconcile plan for database {plan.database}",
             "WHENEVER SQLERROR EXIT FAILURE ROLLBACK"]
    if any(i.action == "create-user" for i in plan.additions):
        lines += ["SET VERIFY OFF", "SET DEFINE ON",
                  f"ACCEPT conefi_{plan.database}_password CHAR PROMPT 'Password for the new user: ' HIDE"]
    else:
        lines.append("SET DEFINE OFF")
    lines += [f"{i.statement};" for i in plan.additions]
    for w in plan.warnings:
        lines.append(f"-- WARNING: {w}")
    if plan.revocations and not include_revokes:
        lines.append("-- Revokes (destructive) are shown but not executed; pass --revoke to include them.")
    for item in plan.revocations:
        note = f"  -- {item.note}" if item.note else ""
        lines.append(f"{'' if include_revokes else '-- '}{item.statement};{note}")
    return "\n".join(lines) + "\n"
