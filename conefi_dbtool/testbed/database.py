"""The database object the `oracle_db` pytest fixture yields: admin access and throwaway users.

Tests never share schemas: each module asks `fresh_user(prefix)` for users with random
names and passwords, which are dropped when the module ends (and, as a safety net, at the
end of the session). Passwords live only in memory; no statement text is ever logged.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import oracledb

from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.identifiers import IdentifierError, normalize_identifier, sql_ident

# What a test schema may need: the integration's objects, Alembic's tables, jobs, links.
FRESH_USER_PRIVILEGES = (
    "CREATE SESSION",
    "CREATE TABLE",
    "CREATE VIEW",
    "CREATE SEQUENCE",
    "CREATE PROCEDURE",
    "CREATE TRIGGER",
    "CREATE TYPE",
    "CREATE SYNONYM",
    "CREATE JOB",
    "CREATE DATABASE LINK",
)
# Granted when the admin can (SYSTEM usually cannot grant on SYS objects): best effort.
OPTIONAL_GRANTS = ("GRANT EXECUTE ON SYS.DBMS_LOCK TO {user}",)
MAX_PREFIX = 20


def new_user_name(prefix: str) -> str:
    """`<PREFIX>_<6 hex>`: recognisable in a shared database, unique per call."""
    try:
        upper = normalize_identifier(prefix)
    except IdentifierError as exc:
        raise UsageError(f"fresh_user prefix: {exc}") from None
    if not upper.replace("_", "").isalnum() or len(upper) > MAX_PREFIX:
        raise UsageError(f"fresh_user prefix {prefix!r}: letters, digits and _, at most {MAX_PREFIX}")
    return f"{upper}_{secrets.token_hex(3).upper()}"


def new_password() -> str:
    """A random password valid under Oracle's default rules (letter first, 26 chars)."""
    return "Tb" + secrets.token_hex(12)


def create_user_statements(user: str, password: str, tablespace: str) -> tuple[str, ...]:
    """DDL creating a throwaway user with quota and the privileges tests need."""
    name = sql_ident(user)
    ts = sql_ident(tablespace)
    if '"' in password:
        raise UsageError("a password may not contain a double quote")
    return (
        f'CREATE USER {name} IDENTIFIED BY "{password}" DEFAULT TABLESPACE {ts} '
        f"QUOTA UNLIMITED ON {ts}",
        f"GRANT {', '.join(FRESH_USER_PRIVILEGES)} TO {name}",
    )


DROP_ATTEMPTS = 30  # seconds a killed session may take to go away before DROP USER gives up


def drop_user_block(user: str) -> str:
    """PL/SQL that stops the user's jobs, kills its sessions and drops it (if it exists).

    Killing is racy on a live database: a session may end between the V$SESSION query and
    the KILL (ORA-00030), or only be marked for kill (ORA-00031) and still count as
    connected for a moment, so DROP USER fails with ORA-01940. Both are tolerated: kill
    and drop are retried once a second, for up to DROP_ATTEMPTS attempts.
    """
    literal = "'" + normalize_identifier(user).replace("'", "''") + "'"
    return (
        "DECLARE\n"
        "  e_no_user EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_no_user, -1918);\n"
        "  e_not_running EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_not_running, -27366);\n"
        "  e_no_session EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_no_session, -30);\n"
        "  e_marked_for_kill EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_marked_for_kill, -31);\n"
        "  e_connected EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_connected, -1940);\n"
        "BEGIN\n"
        "  FOR j IN (SELECT owner, job_name FROM dba_scheduler_running_jobs\n"
        f"             WHERE owner = {literal}) LOOP\n"
        "    BEGIN\n"
        "      SYS.DBMS_SCHEDULER.STOP_JOB('\"' || j.owner || '\".\"' || j.job_name || '\"',"
        " force => TRUE);\n"
        "    EXCEPTION\n"
        "      WHEN e_not_running THEN NULL; -- finished meanwhile\n"
        "    END;\n"
        "  END LOOP;\n"
        f"  FOR attempt IN 1 .. {DROP_ATTEMPTS} LOOP\n"
        "    FOR s IN (SELECT sid, serial# AS serial FROM v$session\n"
        f"               WHERE username = {literal}) LOOP\n"
        "      BEGIN\n"
        "        EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || s.sid || ',' || s.serial\n"
        "          || ''' IMMEDIATE';\n"
        "      EXCEPTION\n"
        "        WHEN e_no_session OR e_marked_for_kill THEN NULL; -- ended, or ending\n"
        "      END;\n"
        "    END LOOP;\n"
        "    BEGIN\n"
        f"      EXECUTE IMMEDIATE 'DROP USER \"' || {literal} || '\" CASCADE';\n"
        "      RETURN;\n"
        "    EXCEPTION\n"
        "      WHEN e_connected THEN\n"
        f"        IF attempt = {DROP_ATTEMPTS} THEN\n"
        "          RAISE;\n"
        "        END IF;\n"
        "        SYS.DBMS_SESSION.SLEEP(1); -- a killed session is still being cleaned up\n"
        "    END;\n"
        "  END LOOP;\n"
        "EXCEPTION\n"
        "  WHEN e_no_user THEN NULL; -- already gone\n"
        "END;"
    )


@dataclass
class OracleTestDatabase:
    """A reachable Oracle for tests: `dsn`, admin credentials, connections, fresh users."""

    dsn: str
    admin_user: str
    admin_password: str = field(repr=False)
    _admin: oracledb.Connection | None = field(default=None, init=False, repr=False)
    _users: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _connections: list[oracledb.Connection] = field(default_factory=list, init=False, repr=False)
    _tablespace: str = field(default="", init=False, repr=False)

    def connect(self, user: str | None = None, password: str | None = None) -> oracledb.Connection:
        """A new connection: admin when `user` is None; a fresh user's password is known."""
        if user is None:
            return oracledb.connect(user=self.admin_user, password=self.admin_password, dsn=self.dsn)
        if password is None:
            password = self._users.get(normalize_identifier(user))
            if password is None:
                raise UsageError(f"no password given for {user} (not a fresh_user of this session)")
        conn = oracledb.connect(user=user, password=password, dsn=self.dsn)
        self._connections.append(conn)
        return conn

    def admin(self) -> oracledb.Connection:
        """The shared admin connection (opened once) used for user management."""
        if self._admin is None:
            self._admin = self.connect()
        return self._admin

    def wait_until_ready(self, timeout: float = 120.0) -> None:
        """Retry connecting: a container's listener may lag behind its 'ready' log line."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect() as conn, conn.cursor() as cur:
                    cur.execute("SELECT 1 FROM dual")
                    return
            except oracledb.Error as exc:
                if time.monotonic() > deadline:
                    raise ConefiError(f"Oracle at {self.dsn} did not accept connections: "
                                      f"{str(exc).splitlines()[0]}") from None
                time.sleep(2)

    def default_tablespace(self) -> str:
        if not self._tablespace:
            with self.admin().cursor() as cur:
                cur.execute("SELECT property_value FROM database_properties "
                            "WHERE property_name = 'DEFAULT_PERMANENT_TABLESPACE'")
                row = cur.fetchone()
            self._tablespace = str(row[0]) if row else "USERS"
        return self._tablespace

    def fresh_user(self, prefix: str) -> tuple[str, str]:
        """Create `<PREFIX>_<hex>` with a random password; dropped at module/session end."""
        user = new_user_name(prefix)
        password = new_password()
        with self.admin().cursor() as cur:
            for statement in create_user_statements(user, password, self.default_tablespace()):
                cur.execute(statement)
            for grant in OPTIONAL_GRANTS:
                # the admin may lack the grant option on a SYS object: tests needing it skip
                with contextlib.suppress(oracledb.DatabaseError):
                    cur.execute(grant.format(user=sql_ident(user)))
        self._users[user] = password
        return user, password

    @property
    def fresh_users(self) -> tuple[str, ...]:
        return tuple(self._users)

    def drop_fresh_users(self) -> None:
        """Close the connections handed out, then drop every fresh user (newest first)."""
        for conn in self._connections:
            # already closed or broken: the drop kills its session anyway
            with contextlib.suppress(oracledb.Error):
                conn.close()
        self._connections.clear()
        if not self._users:
            return
        with self.admin().cursor() as cur:
            for user in reversed(list(self._users)):
                cur.execute(drop_user_block(user))
        self._users.clear()

    def close(self) -> None:
        self.drop_fresh_users()
        if self._admin is not None:
            try:
                self._admin.close()
            finally:
                self._admin = None


@dataclass
class StartedContainer:
    """A running Oracle Free container and how to stop it."""

    database: OracleTestDatabase
    container: Any = field(repr=False)

    def stop(self) -> None:
        self.container.stop()


def start_container(image: str, service: str = "FREEPDB1", timeout: float = 300.0) -> StartedContainer:
    """Start `image` with testcontainers (a random SYSTEM password) and wait until it connects."""
    import importlib

    module = importlib.import_module("testcontainers.community.oracle")
    password = new_password()
    container = module.OracleDbContainer(image=image, oracle_password=password)
    try:
        container.start()
        host = container.get_container_host_ip()
        port = container.get_exposed_port(container.port)
        db = OracleTestDatabase(dsn=f"{host}:{port}/{service}", admin_user="system",
                                admin_password=password)
        db.wait_until_ready(timeout)
    except BaseException:
        container.stop()
        raise
    return StartedContainer(db, container)
