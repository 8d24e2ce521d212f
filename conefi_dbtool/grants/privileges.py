"""Oracle facts the grants model relies on: privilege names, what roles carry, PUBLIC packages.

Kept as data so a typo in a manifest (``CREATE JOBS``) is refused with a suggestion
instead of failing halfway through a DBA's deploy.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

# DBA_TAB_PRIVS.PRIVILEGE values a manifest may grant.
OBJECT_PRIVILEGES = frozenset({
    "ALTER", "DEBUG", "DELETE", "EXECUTE", "FLASHBACK", "INDEX", "INHERIT PRIVILEGES",
    "INSERT", "KEEP SEQUENCE", "MERGE VIEW", "ON COMMIT REFRESH", "QUERY REWRITE", "READ",
    "REFERENCES", "SELECT", "UNDER", "UPDATE", "USE", "WRITE",
})

# SYSTEM_PRIVILEGE_MAP names (the common ones; 19c-23ai), kept with the other Oracle catalogues
# in the package data. Any name with ANY is powerful.
SYSTEM_PRIVILEGE_MAP = Path(__file__).resolve().parent.parent / "data" / "oracle_system_privileges.toml"
SYSTEM_PRIVILEGES = frozenset(tomllib.loads(SYSTEM_PRIVILEGE_MAP.read_text("utf-8"))["system_privileges"])

# Powerful privileges without ANY in their name, reported like ANY privileges.
POWERFUL_PRIVILEGES = frozenset({
    "ALTER DATABASE", "ALTER SYSTEM", "ALTER USER", "AUDIT SYSTEM", "BECOME USER", "CREATE USER",
    "DROP USER", "EXEMPT ACCESS POLICY", "EXEMPT REDACTION POLICY", "EXPORT FULL DATABASE",
    "IMPORT FULL DATABASE", "CREATE PUBLIC DATABASE LINK", "CREATE PUBLIC SYNONYM",
    "DROP PUBLIC DATABASE LINK", "DROP PUBLIC SYNONYM", "CREATE EXTERNAL JOB", "MANAGE SCHEDULER",
    "ADMINISTER DATABASE TRIGGER", "LOGMINING",
})

# System privileges a role hands out (12c and later). Enough to know whether a role
# satisfies a need; DBA is treated as holding every system privilege.
ROLE_PRIVILEGES: dict[str, frozenset[str]] = {
    "CONNECT": frozenset({"CREATE SESSION", "SET CONTAINER"}),
    "RESOURCE": frozenset({
        "CREATE CLUSTER", "CREATE INDEXTYPE", "CREATE OPERATOR", "CREATE PROCEDURE",
        "CREATE SEQUENCE", "CREATE TABLE", "CREATE TRIGGER", "CREATE TYPE",
    }),
}
ALL_PRIVILEGE_ROLES = frozenset({"DBA"})

# What an ANY privilege stands in for when a need is checked.
ANY_FOR_NEED: dict[str, str] = {
    "CREATE TABLE": "CREATE ANY TABLE",
    "CREATE SEQUENCE": "CREATE ANY SEQUENCE",
    "CREATE VIEW": "CREATE ANY VIEW",
    "CREATE PROCEDURE": "CREATE ANY PROCEDURE",
    "CREATE TRIGGER": "CREATE ANY TRIGGER",
    "CREATE TYPE": "CREATE ANY TYPE",
    "CREATE SYNONYM": "CREATE ANY SYNONYM",
    "CREATE JOB": "CREATE ANY JOB",
}

# Object privilege -> direct system privileges that also satisfy it (never through roles).
ANY_FOR_OBJECT: dict[str, tuple[str, ...]] = {
    "SELECT": ("SELECT ANY TABLE", "SELECT ANY SEQUENCE", "READ ANY TABLE"),
    "INSERT": ("INSERT ANY TABLE",),
    "UPDATE": ("UPDATE ANY TABLE",),
    "DELETE": ("DELETE ANY TABLE",),
    "EXECUTE": ("EXECUTE ANY PROCEDURE", "EXECUTE ANY TYPE"),
}
# Object privileges that satisfy a use (READ is enough for a query without FOR UPDATE).
SATISFIES: dict[str, frozenset[str]] = {
    "SELECT": frozenset({"SELECT", "READ"}),
}

# SYS objects every user may use (granted to PUBLIC by a default install).
PUBLIC_SYS_OBJECTS = frozenset({
    "DBMS_APPLICATION_INFO", "DBMS_ASSERT", "DBMS_DB_VERSION", "DBMS_ERRLOG", "DBMS_JOB",
    "DBMS_LOB", "DBMS_METADATA", "DBMS_OUTPUT", "DBMS_PARALLEL_EXECUTE", "DBMS_RANDOM",
    "DBMS_ROWID", "DBMS_SCHEDULER", "DBMS_SESSION", "DBMS_SQL", "DBMS_STANDARD", "DBMS_STATS",
    "DBMS_TRANSACTION", "DBMS_UTILITY", "DBMS_XPLAN", "DUAL", "STANDARD", "UTL_CALL_STACK",
    "UTL_COMPRESS", "UTL_ENCODE", "UTL_I18N", "UTL_LMS", "UTL_MATCH", "UTL_RAW", "UTL_URL",
    "PLITBLM",
})
PUBLIC_SYS_PREFIXES = ("ALL_", "USER_")

# SYS packages that are *not* PUBLIC on a default or hardened install: a use needs a grant,
# so they are recognised even when a template does not qualify them with SYS.
RESTRICTED_SYS_PACKAGES = frozenset({
    "DBMS_AQ", "DBMS_AQADM", "DBMS_BACKUP_RESTORE", "DBMS_CRYPTO", "DBMS_FGA", "DBMS_FLASHBACK",
    "DBMS_JAVA", "DBMS_LOCK", "DBMS_NETWORK_ACL_ADMIN", "DBMS_PIPE", "DBMS_PRIVILEGE_CAPTURE",
    "DBMS_REDEFINITION",
    "DBMS_RLS", "DBMS_SYS_SQL", "UTL_FILE", "UTL_HTTP", "UTL_INADDR", "UTL_MAIL", "UTL_SMTP",
    "UTL_TCP",
})


def is_any_privilege(privilege: str) -> bool:
    return " ANY " in f" {privilege} "


def suggest(name: str, choices: frozenset[str]) -> str:
    """`` (did you mean X?)`` for a near miss, else empty."""
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""
