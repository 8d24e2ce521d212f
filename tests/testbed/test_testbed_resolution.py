"""The Oracle test bed's three paths (DSN / container / skip), with the environment faked."""

from __future__ import annotations

import pytest

from conefi_dbtool.errors import UsageError
from conefi_dbtool.testbed import database, resolution
from conefi_dbtool.testbed.resolution import DEFAULT_IMAGE, DockerStatus, resolve


class Probe:
    """A fake Docker probe that records whether it was asked."""

    def __init__(self, status: DockerStatus) -> None:
        self.status = status
        self.calls = 0

    def __call__(self) -> DockerStatus:
        self.calls += 1
        return self.status


UP = DockerStatus(True, "engine answered")
DOWN = DockerStatus(False, "engine did not answer: connection refused")


def test_dsn_wins_and_docker_is_not_probed() -> None:
    probe = Probe(UP)
    env = {"ORACLE_TEST_DSN": "db:1521/FREEPDB1", "ORACLE_TEST_USER": "admin",
           "ORACLE_TEST_PASSWORD": "s3cret"}
    r = resolve(env, probe)
    assert (r.mode, r.dsn, r.admin_user, r.admin_password) == ("dsn", "db:1521/FREEPDB1", "admin", "s3cret")
    assert probe.calls == 0
    assert "s3cret" not in repr(r) and "s3cret" not in r.reason


def test_dsn_user_defaults_to_system() -> None:
    r = resolve({"ORACLE_TEST_DSN": "h/s", "ORACLE_TEST_PASSWORD": "p"}, Probe(DOWN))
    assert (r.mode, r.admin_user) == ("dsn", "system")


def test_dsn_without_password_is_a_usage_error_not_a_skip() -> None:
    with pytest.raises(UsageError, match="ORACLE_TEST_DSN is set but ORACLE_TEST_PASSWORD is not"):
        resolve({"ORACLE_TEST_DSN": "h/s", "ORACLE_TEST_USER": "u"}, Probe(UP))


def test_container_when_docker_answers() -> None:
    probe = Probe(UP)
    r = resolve({}, probe)
    assert (r.mode, r.image, r.admin_user, r.dsn) == ("container", DEFAULT_IMAGE, "system", "")
    assert probe.calls == 1
    assert "faststart" in DEFAULT_IMAGE and DEFAULT_IMAGE.startswith("gvenzl/oracle-free:")


def test_container_image_can_be_overridden() -> None:
    r = resolve({"ORACLE_TEST_IMAGE": "gvenzl/oracle-free:23.6-slim-faststart"}, Probe(UP))
    assert r.image == "gvenzl/oracle-free:23.6-slim-faststart"


def test_skip_when_no_dsn_and_no_docker_with_one_clear_reason() -> None:
    r = resolve({}, Probe(DOWN))
    assert r.mode == "skip" and not r.required
    assert r.reason == (
        "no Oracle database for the oracle tests: set ORACLE_TEST_DSN (+ ORACLE_TEST_USER, "
        "ORACLE_TEST_PASSWORD) or start a Docker engine for testcontainers "
        "(Docker: engine did not answer: connection refused)"
    )


def test_containers_can_be_disabled_without_probing() -> None:
    probe = Probe(UP)
    r = resolve({"ORACLE_TEST_DOCKER": "0"}, probe)
    assert r.mode == "skip" and "containers disabled by ORACLE_TEST_DOCKER" in r.reason
    assert probe.calls == 0


def test_required_flag_is_carried_and_validated() -> None:
    assert resolve({"ORACLE_TEST_REQUIRED": "1"}, Probe(DOWN)).required is True
    with pytest.raises(UsageError, match="ORACLE_TEST_REQUIRED"):
        resolve({"ORACLE_TEST_REQUIRED": "maybe"}, Probe(DOWN))


def test_probe_without_socket_answers_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setattr(resolution.os.path, "exists", lambda _p: False)
    status = resolution.probe_docker()
    assert status == DockerStatus(
        False, "DOCKER_HOST is not set and /var/run/docker.sock does not exist")


def test_probe_reports_an_engine_that_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:1")  # nothing listens on port 1
    status = resolution.probe_docker(timeout=0.5)
    assert not status.available
    assert status.detail.startswith(("engine did not answer", "the docker Python package"))


def test_fresh_user_names_and_ddl() -> None:
    name = database.new_user_name("siga")
    assert name.startswith("SIGA_") and len(name) == len("SIGA_") + 6
    assert database.new_user_name("siga") != name
    with pytest.raises(UsageError, match="fresh_user prefix"):
        database.new_user_name("SIGA; DROP USER X")
    password = database.new_password()
    assert password[0].isalpha() and len(password) == 26
    create, grant = database.create_user_statements("T_AB12CD", "Tbxyz", "USERS")
    assert create == ('CREATE USER T_AB12CD IDENTIFIED BY "Tbxyz" DEFAULT TABLESPACE USERS '
                      "QUOTA UNLIMITED ON USERS")
    assert grant.startswith("GRANT CREATE SESSION, CREATE TABLE, ") and grant.endswith(" TO T_AB12CD")
    assert "CREATE JOB" in grant
    block = database.drop_user_block("T_AB12CD")
    assert "DROP USER \"' || 'T_AB12CD' || '\" CASCADE" in block
    assert "PRAGMA EXCEPTION_INIT(e_no_user, -1918)" in block


def test_drop_user_survives_the_races_of_killing_sessions() -> None:
    """A session may end before its KILL (ORA-00030), or be marked for kill (ORA-00031) and
    still hold the user for a moment (DROP USER -> ORA-01940): neither may fail the cleanup."""
    from conefi_dbtool.splitter import split

    block = database.drop_user_block("T_AB12CD")
    for code, name in ((30, "e_no_session"), (31, "e_marked_for_kill"), (1940, "e_connected")):
        assert f"PRAGMA EXCEPTION_INIT({name}, -{code});" in block
    assert "WHEN e_no_session OR e_marked_for_kill THEN NULL;" in block
    # the kill and the drop are retried together, the drop being the last thing tried
    loop = block.index(f"FOR attempt IN 1 .. {database.DROP_ATTEMPTS} LOOP")
    assert loop < block.index("ALTER SYSTEM KILL SESSION") < block.index("DROP USER")
    assert block.index("WHEN e_connected THEN") < block.index("SYS.DBMS_SESSION.SLEEP(1);")
    assert "RAISE;" in block.split("WHEN e_connected THEN", 1)[1]  # gives up in the end
    (unit,) = split(block + "\n/\n")
    assert unit.kind == "plsql" and unit.terminated and unit.text == block
