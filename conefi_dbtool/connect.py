"""Opening a python-oracledb (thin) connection, and saying in one line why it failed.

The driver reports most network failures as ``DPY-6005: cannot connect to database
(CONNECTION_ID=...)`` with the real reason (connection refused, timed out) in a second
line or only in ``__cause__``, and an unknown host as a bare ``socket.gaierror``. A user
needs the reason, so `connect_failure` names it in words, keeps the driver's code, and
chains the original exception (``--debug`` prints the chain). Nothing secret is shown:
a password in the DSN (``user/password@host/service``) or in its parameters is masked.
"""

from __future__ import annotations

import re
import socket
from typing import Any

from conefi_dbtool.errors import ConefiError

MASK = "***"

# Documented driver/server errors -> what the user should read. First match wins.
_KNOWN: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), text) for p, text in (
    (r"\bORA-01017\b", "invalid username or password (logon denied)"),
    (r"\bORA-28000\b", "the account is locked"),
    (r"\bORA-28001\b", "the password has expired"),
    (r"\bORA-12514\b|\bDPY-6001\b", "the listener does not know the service named in the DSN"),
    (r"\bORA-12505\b|\bDPY-6003\b", "the listener does not know the SID named in the DSN"),
    (r"\bORA-12541\b", "no listener at that host and port"),
    (r"\bORA-12170\b", "timed out"),
    (r"\bDPY-6000\b", "the listener refused the connection"),
    (r"\bDPY-4011\b", "the database or network closed the connection"),
    (r"\bDPY-4000\b|\bDPY-4026\b|\bDPY-4027\b", "the DSN is not host:port/service and its TNS alias "
                                                 "is not found (tnsnames.ora)"),
    (r"\bDPY-3001\b", "the server requires native network encryption, which thin mode lacks"),
))
_CODE = re.compile(r"\b(?:DPY|ORA)-\d{4,5}\b")
_DSN_CREDENTIALS = re.compile(r"^(?P<user>[^/@\s]+)/(?P<password>[^@\s]*)@")
_DSN_SECRET_PARAM = re.compile(r"(?i)\b(?P<key>[a-z_]*password[a-z_]*)=(?P<value>[^&\s)]*)")


def redact_dsn(dsn: str) -> str:
    """`dsn` with any password it carries masked (``scott/tiger@db`` -> ``scott/***@db``)."""
    masked = _DSN_CREDENTIALS.sub(lambda m: f"{m['user']}/{MASK}@", dsn)
    return _DSN_SECRET_PARAM.sub(lambda m: f"{m['key']}={MASK}", masked)


def _network_reason(exc: BaseException) -> str | None:
    """The reason of a socket-level failure anywhere in the exception's chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "unknown host (the DSN's host name does not resolve)"
        if isinstance(current, ConnectionRefusedError):
            return "connection refused (nothing listens at that host and port)"
        if isinstance(current, TimeoutError):
            return "timed out (host unreachable or a firewall drops the connection)"
        if isinstance(current, ConnectionResetError):
            return "connection reset by the server"
        if isinstance(current, OSError) and current.strerror:
            return current.strerror[0].lower() + current.strerror[1:]
        current = current.__cause__ or current.__context__
    return None


def connect_failure(exc: BaseException, *, dsn: str, user: str, password: str = "") -> str:
    """One line saying why connecting as `user` to `dsn` failed, with no secret in it."""
    text = str(exc)
    first = text.splitlines()[0] if text.strip() else type(exc).__name__
    code = _CODE.search(text)
    reason = next((words for pattern, words in _KNOWN if pattern.search(text)), None)
    if reason is None:
        reason = _network_reason(exc)
    if reason is None:
        detail = re.sub(r"\s*\(CONNECTION_ID=[^)]*\)", "", first).strip()
        reason = detail or type(exc).__name__
    elif code is not None:
        reason += f" [{code.group(0)}]"
    line = f"cannot connect as {user} to {redact_dsn(dsn)}: {reason}"
    if password and len(password) >= 4:
        line = line.replace(password, MASK)
    return line


def open_connection(dsn: str, user: str, password: str, *, what: str = "",
                    tcp_connect_timeout: float | None = None) -> Any:
    """A thin-mode connection; a failure is a `ConefiError` of one line (`what`: prefix, e.g. "erp").

    The driver's exception is chained, so ``--debug`` shows it with its cause.
    """
    import oracledb

    options: dict[str, Any] = {}
    if tcp_connect_timeout is not None:
        options["tcp_connect_timeout"] = tcp_connect_timeout
    try:
        return oracledb.connect(user=user, password=password, dsn=dsn, **options)
    except (oracledb.Error, OSError) as exc:
        line = connect_failure(exc, dsn=dsn, user=user, password=password)
        raise ConefiError(f"{what}: {line}" if what else line) from exc
