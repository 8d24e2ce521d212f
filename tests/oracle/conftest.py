"""The Oracle test bed for pytest: the session fixture `oracle_db` and the `oracle` marker.

Where the database comes from (decided once per session, see
`conefi_dbtool.testbed.resolution`): ``ORACLE_TEST_DSN`` (+ ``ORACLE_TEST_USER``,
``ORACLE_TEST_PASSWORD``) when set; else a testcontainers Oracle Free
(``gvenzl/oracle-free`` faststart, service FREEPDB1) when a Docker engine answers; else
every test under tests/oracle/ is skipped with one reason (a failure instead when
``ORACLE_TEST_REQUIRED=1``, for CI). Every test here carries the ``oracle`` marker, so
``-m "not oracle"`` deselects them all.

`oracle_db` yields an object with ``dsn``, ``admin_user``, ``admin_password``,
``connect(user=None, password=None)`` (admin when user is None) and
``fresh_user(prefix) -> (user, password)``; fresh users are dropped when their test
module ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conefi_dbtool.errors import ConefiError
from conefi_dbtool.testbed.database import OracleTestDatabase, StartedContainer, start_container
from conefi_dbtool.testbed.resolution import resolve_from_environment

HERE = Path(__file__).resolve().parent
_SESSION: dict[str, OracleTestDatabase] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected under tests/oracle/ with `oracle`."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.oracle)


@pytest.fixture(scope="session")
def oracle_db() -> Iterator[OracleTestDatabase]:
    """The session's Oracle (DSN, container or skip); see the module docstring."""
    try:
        resolution = resolve_from_environment()
    except ConefiError as exc:
        pytest.fail(f"oracle test bed: {exc}", pytrace=False)
    if resolution.mode == "skip":
        if resolution.required:
            pytest.fail(f"ORACLE_TEST_REQUIRED is set but: {resolution.reason}", pytrace=False)
        pytest.skip(resolution.reason)
    started: StartedContainer | None = None
    if resolution.mode == "dsn":
        db = OracleTestDatabase(resolution.dsn, resolution.admin_user, resolution.admin_password)
        try:
            db.wait_until_ready(timeout=10)
        except ConefiError as exc:
            pytest.fail(f"oracle test bed: {exc}", pytrace=False)
    else:
        try:
            started = start_container(resolution.image)
        except Exception as exc:  # Docker answered but Oracle did not come up
            reason = f"oracle test bed: the Oracle container did not start: {type(exc).__name__}: {exc}"
            if resolution.required:
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
        db = started.database
    _SESSION["db"] = db
    try:
        yield db
    finally:
        _SESSION.pop("db", None)
        try:
            db.close()
        finally:
            if started is not None:
                started.stop()


@pytest.fixture(autouse=True)
def _requires_oracle(oracle_db: OracleTestDatabase) -> None:
    """Every test under tests/oracle/ needs the database: skip them all with one reason."""


@pytest.fixture(scope="module", autouse=True)
def _drop_module_users() -> Iterator[None]:
    """Fresh users live for one test module: drop them when it ends."""
    yield
    db = _SESSION.get("db")
    if db is not None:
        db.drop_fresh_users()
