"""Connection failures: the cause in one line, the chain under --debug, no secret.

Refused, unknown host and timeout are real (loopback only, each bounded by the driver's
tcp_connect_timeout); the server-side causes go through the documented error texts.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import oracledb
import pytest

from conefi_dbtool.cli import main
from conefi_dbtool.connect import connect_failure, open_connection, redact_dsn
from conefi_dbtool.errors import ConefiError

PASSWORD = "s3cr3t-Pa55"


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port whose accept queue is full: the kernel drops new SYNs, so a
    connection attempt can only time out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port: int = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def failure(dsn: str, timeout: float = 2.0) -> ConefiError:
    """The error of connecting to `dsn`; the attempt runs in a thread so a hang cannot block."""
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            open_connection(dsn, "conefi", PASSWORD, what="erp", tcp_connect_timeout=timeout)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(60)
    if not outcome:
        pytest.fail(f"connecting to {dsn} did not return")
    error = outcome[0]
    assert isinstance(error, ConefiError), error
    return error


def chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None:
        out.append(current)
        current = current.__cause__
    return out


def test_refused_names_the_cause(closed_port: int) -> None:
    err = failure(f"127.0.0.1:{closed_port}/svc")
    assert str(err) == (f"erp: cannot connect as conefi to 127.0.0.1:{closed_port}/svc: connection "
                        "refused (nothing listens at that host and port) [DPY-6005]")
    assert isinstance(err.__cause__, oracledb.Error)
    assert any(isinstance(e, ConnectionRefusedError) for e in chain(err))


def test_unknown_host_names_the_cause() -> None:
    err = failure("nohost.invalid:1521/svc")
    assert str(err) == ("erp: cannot connect as conefi to nohost.invalid:1521/svc: unknown host "
                        "(the DSN's host name does not resolve)")
    assert any(isinstance(e, socket.gaierror) for e in chain(err))


def test_timeout_names_the_cause(silent_port: int) -> None:
    err = failure(f"127.0.0.1:{silent_port}/svc", timeout=0.3)
    assert "timed out" in str(err)
    assert str(err).startswith(f"erp: cannot connect as conefi to 127.0.0.1:{silent_port}/svc: ")
    assert any(isinstance(e, TimeoutError) for e in chain(err))


@pytest.mark.parametrize(
    ("driver_text", "reason"),
    [
        ("ORA-01017: invalid credential or not authorized; logon denied",
         "invalid username or password (logon denied) [ORA-01017]"),
        ("ORA-01017: invalid username/password; logon denied",
         "invalid username or password (logon denied) [ORA-01017]"),
        ("ORA-28000: The account is locked.", "the account is locked [ORA-28000]"),
        ("ORA-28001: the password has expired", "the password has expired [ORA-28001]"),
        ('DPY-6001: cannot connect to database. Service "XEPDB9" is not registered with the listener '
         'at host "db" port 1521. (Similar to ORA-12514)',
         "the listener does not know the service named in the DSN [DPY-6001]"),
        ("ORA-12514: TNS:listener does not currently know of service requested in connect descriptor",
         "the listener does not know the service named in the DSN [ORA-12514]"),
        ('DPY-6003: SID "ORCL" is not registered with the listener at host "db" port 1521. '
         "(Similar to ORA-12505)", "the listener does not know the SID named in the DSN [DPY-6003]"),
        ("DPY-6000: cannot connect to database. Listener refused connection. (Similar to ORA-12516)",
         "the listener refused the connection [DPY-6000]"),
        ("DPY-4011: the database or network closed the connection",
         "the database or network closed the connection [DPY-4011]"),
        ('DPY-4000: cannot connect to database: unable to find "PRD" in /etc/tnsnames.ora',
         "the DSN is not host:port/service and its TNS alias is not found (tnsnames.ora) [DPY-4000]"),
        ("DPY-4027: no configuration directory specified",
         "the DSN is not host:port/service and its TNS alias is not found (tnsnames.ora) [DPY-4027]"),
        ("ORA-12541: Cannot connect. No listener at host db port 1521.",
         "no listener at that host and port [ORA-12541]"),
        ("DPY-9999: something new (CONNECTION_ID=abc==)\nmore", "DPY-9999: something new"),
    ],
)
def test_documented_driver_errors_are_said_in_words(driver_text: str, reason: str) -> None:
    line = connect_failure(oracledb.DatabaseError(driver_text), dsn="db:1521/svc", user="conefi",
                           password=PASSWORD)
    assert line == f"cannot connect as conefi to db:1521/svc: {reason}"


def test_open_connection_maps_and_chains_driver_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    original = oracledb.DatabaseError("ORA-01017: invalid username/password; logon denied")

    def refuse(**_kwargs: Any) -> None:
        raise original

    monkeypatch.setattr(oracledb, "connect", refuse)
    with pytest.raises(ConefiError) as info:
        open_connection("scott/tiger@db:1521/svc", "scott", "tiger")
    assert str(info.value) == ("cannot connect as scott to scott/***@db:1521/svc: invalid username "
                               "or password (logon denied) [ORA-01017]")
    assert info.value.__cause__ is original


def test_no_secret_in_the_message() -> None:
    echoing = oracledb.DatabaseError(f"DPY-9999: bad value {PASSWORD}")
    line = connect_failure(echoing, dsn=f"conefi/{PASSWORD}@db/svc?wallet_password={PASSWORD}",
                           user="conefi", password=PASSWORD)
    assert PASSWORD not in line
    assert line == ("cannot connect as conefi to conefi/***@db/svc?wallet_password=***: "
                    "DPY-9999: bad value ***")


@pytest.mark.parametrize(
    ("dsn", "shown"),
    [
        ("db:1521/svc", "db:1521/svc"),
        ("scott/tiger@db:1521/svc", "scott/***@db:1521/svc"),
        ("tcps://db:2484/svc?wallet_location=/w&WALLET_PASSWORD=x1", "tcps://db:2484/svc?wallet_location=/w&WALLET_PASSWORD=***"),
        ("PRD", "PRD"),
        ("(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=s)))",
         "(DESCRIPTION=(ADDRESS=(HOST=db)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=s)))"),
    ],
)
def test_redact_dsn(dsn: str, shown: str) -> None:
    assert redact_dsn(dsn) == shown


def test_cli_current_refused_is_one_line_and_debug_shows_the_chain(
    root: Path, closed_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONEFI_ERP_DSN", f"127.0.0.1:{closed_port}/svc")
    monkeypatch.setenv("CONEFI_ERP_USER", "conefi")
    monkeypatch.setenv("CONEFI_ERP_PASSWORD", PASSWORD)
    argv = ["--config", str(root / "conefi.toml"), "current", "-t", "example", "--database", "erp"]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    _, err = capsys.readouterr()
    assert exit_info.value.code == 1
    assert err == (f"conefi-dbtool: error: cannot connect as conefi to 127.0.0.1:{closed_port}/svc: "
                   "connection refused (nothing listens at that host and port) [DPY-6005]\n")
    with pytest.raises(ConefiError) as info:
        main(["--debug", *argv])
    assert any(isinstance(e, ConnectionRefusedError) for e in chain(info.value))


def test_cli_missing_variable_is_named_where_the_config_sets_it(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CONEFI_ERP_DSN", raising=False)
    config = root / "conefi.toml"
    line = config.read_text(encoding="utf-8").splitlines().index('dsn_env = "CONEFI_ERP_DSN"') + 1
    with pytest.raises(SystemExit) as exit_info:
        main(["--config", str(config), "current", "-t", "example", "--database", "erp"])
    _, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert err == (f"conefi-dbtool: error: {config}:{line}: defaults.erp.connection.dsn_env: environment "
                   "variable CONEFI_ERP_DSN is not set (target 'example')\n")
