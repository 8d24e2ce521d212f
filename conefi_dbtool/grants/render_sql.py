"""Users and grants as SQL statements and as the idempotent steps of a DBA section.

Re-running is safe by construction: CREATE USER runs inside a block that treats only
ORA-01920 (user exists) as done — an existing user, its password included, is never
changed; GRANT of something already held and ALTER USER ... QUOTA are no-ops in Oracle.
Passwords never appear: CREATE USER names the SQL*Plus substitution variable
``&&conefi_<database>_password``, which an ``ACCEPT ... HIDE`` step asks for without
echo, and ``SET VERIFY OFF`` keeps SQL*Plus from printing the substituted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conefi_dbtool.deploy_steps import Step, guard_codes, guarded_block
from conefi_dbtool.grants.model import Manifest
from conefi_dbtool.identifiers import RESERVED_WORDS
from conefi_dbtool.objects import ObjectId

_BARE = re.compile(r"[A-Z][A-Z0-9_$#]*\Z")
DATABASE_NAMES = {"erp": "ERP", "sgu2": "SGU 2.0"}


def name_sql(stored: str) -> str:
    """SQL spelling of a dictionary (stored) name: bare when it can be, quoted otherwise."""
    if _BARE.match(stored) and stored not in RESERVED_WORDS:
        return stored
    return f'"{stored}"'


def qualified_sql(owner: str, name: str) -> str:
    return f"{name_sql(owner)}.{name_sql(name)}"


@dataclass(frozen=True)
class GrantStatement:
    """One statement of a profile, without terminator; `kind` says how to run it."""

    kind: str  # create-user | quota | role | system | object
    text: str
    subject: str  # what it is about, for reports
    location: str


def password_placeholder(manifest: Manifest) -> str:
    return f"&&{manifest.password_variable}"


def create_user_sql(manifest: Manifest) -> str:
    u = manifest.user
    lines = [
        f'CREATE USER {name_sql(u.name)} IDENTIFIED BY "{password_placeholder(manifest)}"',
        f"  DEFAULT TABLESPACE {name_sql(u.default_tablespace)}",
        f"  TEMPORARY TABLESPACE {name_sql(u.temporary_tablespace)}",
    ]
    if u.profile is not None:
        lines.append(f"  PROFILE {u.profile}")
    return "\n".join(lines)


def quota_sql(user: str, size: str, tablespace: str) -> str:
    return f"ALTER USER {name_sql(user)} QUOTA {size} ON {name_sql(tablespace)}"


def statements(manifest: Manifest) -> tuple[GrantStatement, ...]:
    """The profile as SQL, in deploy order: user, quotas, roles, system, object grants."""
    u = manifest.user
    grantee = name_sql(u.name)
    out = [GrantStatement("create-user", create_user_sql(manifest), f"user {u.name}", str(u.location))]
    out.extend(GrantStatement("quota", quota_sql(u.name, q.size, q.tablespace), f"quota on {q.tablespace}",
                              str(q.location)) for q in manifest.quotas)
    for r in manifest.roles:
        admin = " WITH ADMIN OPTION" if r.admin_option else ""
        out.append(GrantStatement("role", f"GRANT {r.role} TO {grantee}{admin}", r.role, str(r.location)))
    for s in manifest.system_privileges:
        admin = " WITH ADMIN OPTION" if s.admin_option else ""
        out.append(GrantStatement("system", f"GRANT {s.privilege} TO {grantee}{admin}", s.privilege,
                                  str(s.location)))
    for o in manifest.object_privileges:
        option = " WITH GRANT OPTION" if o.grant_option else ""
        privs = ", ".join(o.privileges)
        out.append(GrantStatement(
            "object", f"GRANT {privs} ON {qualified_sql(o.owner, o.name)} TO {grantee}{option}",
            f"{privs} ON {o.qualified}", str(o.location)))
    return tuple(out)


def accept_password_step(variable: str, prompt: str) -> Step:
    """Ask for a password without echo (SQL*Plus/SQLcl client command)."""
    text = prompt.replace("'", "''").replace("&", "and")
    return Step("sqlplus", f"ACCEPT {variable} CHAR PROMPT '{text}' HIDE", None, "prompt")


def dba_steps_for(manifest: Manifest) -> tuple[Step, ...]:
    """The DBA-section steps of one database's profile (run as a DBA, DEFINE ON)."""
    u = manifest.user
    db = manifest.database
    user_id = ObjectId(db, u.name, "user", u.name)
    steps = [
        Step("sqlplus", "SET VERIFY OFF", None, "client"),
        accept_password_step(
            manifest.password_variable,
            f"Password for the {DATABASE_NAMES[db]} user {u.name} (used only if it does not exist yet): "),
    ]
    for st in statements(manifest):
        if st.kind == "create-user":
            codes = guard_codes(st.text)
            steps.append(Step("plsql", guarded_block(st.text, codes, f"{u.name} (CREATE USER)"), user_id,
                              "guarded-create"))
        else:
            kind = {"quota": "user", "role": "role_grant", "system": "system_grant",
                    "object": "object_grant"}[st.kind]
            steps.append(Step("sql", st.text, ObjectId(db, u.name, kind, st.subject), "grant"))
    return tuple(steps)
