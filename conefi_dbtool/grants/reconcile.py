"""From what a database holds to what the profile wants: grants to add, revokes to show.

Pure: takes `ExpectedPrivileges` and a catalog snapshot of one database. Additions come
first and in an order that never leaves the user worse off mid-way (quotas before the
revoke of UNLIMITED TABLESPACE). Revokes are part of the plan but destructive: callers
print them and execute them only on an explicit flag (``grants --sql --revoke``).
Only managed users (the manifest's user) lose privileges; other grantees only gain the
grants templates render.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.catalog.snapshot import DatabaseCatalog, ObjectPrivilege, Quota, User
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


def reconcile(expected: ExpectedPrivileges, actual: DatabaseCatalog) -> ReconcilePlan:
    """Statements that turn `actual` into `expected` (revokes listed apart)."""
    managed = expected.managed_users
    adds: list[PlanItem] = []
    revokes: list[PlanItem] = []
    warnings: list[str] = []
    have_users = {u.name: u for u in actual.users}

    for u in expected.users:
        cur = have_users.get(u.name)
        if cur is None:
            adds.append(PlanItem("create-user", _create_user(u, expected.database), f"user {u.name}",
                                 "password from a substitution variable"))
            continue
        clauses = []
        if cur.default_tablespace and cur.default_tablespace != u.default_tablespace:
            clauses.append(f"DEFAULT TABLESPACE {name_sql(u.default_tablespace)}")
        if cur.temporary_tablespace and cur.temporary_tablespace != u.temporary_tablespace:
            clauses.append(f"TEMPORARY TABLESPACE {name_sql(u.temporary_tablespace)}")
        if cur.profile and cur.profile != u.profile:
            clauses.append(f"PROFILE {u.profile}")
        if clauses:
            adds.append(PlanItem("alter-user", f"ALTER USER {name_sql(u.name)} " + " ".join(clauses),
                                 f"user {u.name}"))

    # quotas (before any revoke of UNLIMITED TABLESPACE)
    have_quotas = {(q.username, q.tablespace): q for q in actual.quotas}
    want_quotas = {(q.username, q.tablespace): q for q in expected.quotas}
    for key, q in sorted(want_quotas.items()):
        cur_q: Quota | None = have_quotas.get(key)
        if cur_q is None or cur_q.max_bytes != q.max_bytes:
            adds.append(PlanItem("quota", f"ALTER USER {name_sql(q.username)} QUOTA {size_sql(q.max_bytes)} "
                                 f"ON {name_sql(q.tablespace)}", f"quota on {q.tablespace}"))
    revoke_quotas: list[PlanItem] = []
    for key, cur_q in sorted(have_quotas.items()):
        if key not in want_quotas and cur_q.username in managed:
            revoke_quotas.append(PlanItem("revoke", f"ALTER USER {name_sql(cur_q.username)} QUOTA 0 ON "
                                    f"{name_sql(cur_q.tablespace)}", f"quota on {cur_q.tablespace}",
                                    "its segments there can no longer grow"))

    # roles and system privileges
    revoke_roles: list[PlanItem] = []
    revoke_system: list[PlanItem] = []
    pairs: tuple[tuple[dict[tuple[str, str], bool], dict[tuple[str, str], bool], list[PlanItem]], ...] = (
        ({(r.grantee, r.role): r.admin_option for r in expected.role_grants},
         {(r.grantee, r.role): r.admin_option for r in actual.role_grants}, revoke_roles),
        ({(s.grantee, s.privilege): s.admin_option for s in expected.system_privileges},
         {(s.grantee, s.privilege): s.admin_option for s in actual.system_privileges}, revoke_system),
    )
    for want, have, out in pairs:
        for (grantee, what), admin in sorted(want.items()):
            option = " WITH ADMIN OPTION" if admin else ""
            grant = f"GRANT {what} TO {name_sql(grantee)}{option}"
            if (grantee, what) not in have or (admin and not have[(grantee, what)]):
                adds.append(PlanItem("grant", grant, what))
            elif have[(grantee, what)] and not admin:  # drop the option: revoke, then grant again
                out.append(PlanItem("revoke", f"REVOKE {what} FROM {name_sql(grantee)}", what,
                                    "drops ADMIN OPTION"))
                out.append(PlanItem("grant", grant, what, "re-granted without ADMIN OPTION"))
        for (grantee, what), _admin in sorted(have.items()):
            if grantee in managed and (grantee, what) not in want:
                out.append(PlanItem("revoke", f"REVOKE {what} FROM {name_sql(grantee)}", what))

    # object privileges
    want_obj = {(p.grantee, p.owner, p.object_name, p.privilege): p for p in expected.object_privileges}
    have_obj = {(p.grantee, p.owner, p.object_name, p.privilege): p for p in actual.object_privileges}
    for okey, p in sorted(want_obj.items()):
        cur_p = have_obj.get(okey)
        subject = f"{p.privilege} ON {p.owner}.{p.object_name}"
        if cur_p is None or (p.grantable and not cur_p.grantable):
            adds.append(PlanItem("grant", _grant_object(p), subject))
        elif cur_p.grantable and not p.grantable:
            revokes.append(PlanItem("revoke", _revoke_object(p), subject,
                                    "drops GRANT OPTION; cascades to grants this user made"))
            revokes.append(PlanItem("grant", _grant_object(p), subject, "re-granted without GRANT OPTION"))
    for okey, cur_p in sorted(have_obj.items()):
        if okey not in want_obj and cur_p.grantee in managed:
            note = "cascades to grants this user made" if cur_p.grantable else ""
            revokes.append(PlanItem("revoke", _revoke_object(cur_p),
                                    f"{cur_p.privilege} ON {cur_p.owner}.{cur_p.object_name}", note))

    # Object privileges first, roles last (revoking DBA may take implicit privileges with it,
    # and the user keeps working longest), quotas after everything that may still need them.
    revokes += revoke_system + revoke_roles + revoke_quotas
    revoked = {r.subject for r in revokes if r.action == "revoke"}
    if "UNLIMITED TABLESPACE" in revoked:
        who = ", ".join(sorted(managed))
        if expected.quotas:
            warnings.append(
                f"revoking UNLIMITED TABLESPACE leaves {who} with explicit quotas only: grant the quota "
                "first (the additions above do) or inserts fail with ORA-01536")
        else:
            warnings.append(
                f"revoking UNLIMITED TABLESPACE wipes {who}'s only way to allocate space and the profile "
                "grants no quota: add a [[quota]] to the manifest before revoking")
    if "DBA" in revoked or any(r.subject.startswith(("SELECT ANY", "EXECUTE ANY")) for r in revokes):
        warnings.append("code compiled under the revoked privileges may turn INVALID: run the deploy "
                        "script's INVALID sweep (conefi-dbtool script) afterwards")
    if any("cascades" in r.note for r in revokes):
        warnings.append("revoking a privilege held WITH GRANT OPTION also revokes it from everyone "
                        "this user granted it to")
    order = {"create-user": 0, "alter-user": 1, "quota": 2, "grant": 3}
    adds.sort(key=lambda item: order[item.action])
    return ReconcilePlan(expected.database, tuple(adds), tuple(revokes), tuple(warnings))


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
