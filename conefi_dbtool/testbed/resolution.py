"""Which Oracle the tests run against, decided once per session from the environment.

Order: ``ORACLE_TEST_DSN`` (with ``ORACLE_TEST_USER`` / ``ORACLE_TEST_PASSWORD``) when set,
else a testcontainers Oracle Free when a Docker engine answers a ping, else skip every
Oracle test with one reason. Pure functions over a mapping and a probe, so all three paths
are unit-tested without a database or a Docker engine.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from conefi_dbtool.errors import UsageError

ENV_DSN = "ORACLE_TEST_DSN"
ENV_USER = "ORACLE_TEST_USER"
ENV_PASSWORD = "ORACLE_TEST_PASSWORD"
ENV_IMAGE = "ORACLE_TEST_IMAGE"  # override the container image
ENV_DOCKER = "ORACLE_TEST_DOCKER"  # "0" / "no" / "false": never start a container
ENV_REQUIRED = "ORACLE_TEST_REQUIRED"  # "1": no database is a failure, not a skip (CI)

DEFAULT_IMAGE = "gvenzl/oracle-free:23-slim-faststart"
DEFAULT_ADMIN_USER = "system"
CONTAINER_SERVICE = "FREEPDB1"
_FALSE = frozenset({"0", "no", "false", "off"})
_TRUE = frozenset({"1", "yes", "true", "on"})


@dataclass(frozen=True)
class DockerStatus:
    """Outcome of the cheap Docker probe: whether an engine answered, and why not."""

    available: bool
    detail: str = ""


@dataclass(frozen=True)
class Resolution:
    """Where the Oracle tests get their database (mode) and what to tell the user."""

    mode: Literal["dsn", "container", "skip"]
    reason: str  # one line: shown in the skip message or the session header
    dsn: str = ""
    admin_user: str = ""
    admin_password: str = field(default="", repr=False)
    image: str = ""
    required: bool = False  # a skip must fail the run instead (ORACLE_TEST_REQUIRED=1)


def _flag(env: Mapping[str, str], name: str) -> bool | None:
    value = env.get(name, "").strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise UsageError(f"environment variable {name}: expected 1/0, yes/no, true/false, got {value!r}")


def skip_reason(detail: str) -> str:
    return (
        f"no Oracle database for the oracle tests: set {ENV_DSN} (+ {ENV_USER}, {ENV_PASSWORD}) "
        f"or start a Docker engine for testcontainers ({detail})"
    )


def resolve(env: Mapping[str, str], probe_docker: Callable[[], DockerStatus]) -> Resolution:
    """Decide the database source; `probe_docker` is only called when no DSN is set.

    A DSN without a password is a usage error (the user asked for that database), never
    a silent skip.
    """
    required = bool(_flag(env, ENV_REQUIRED))
    dsn = env.get(ENV_DSN, "").strip()
    if dsn:
        password = env.get(ENV_PASSWORD, "")
        if not password:
            raise UsageError(f"{ENV_DSN} is set but {ENV_PASSWORD} is not")
        user = env.get(ENV_USER, "").strip() or DEFAULT_ADMIN_USER
        return Resolution("dsn", f"Oracle from {ENV_DSN} ({dsn}, admin {user})", dsn=dsn,
                          admin_user=user, admin_password=password, required=required)
    image = env.get(ENV_IMAGE, "").strip() or DEFAULT_IMAGE
    if _flag(env, ENV_DOCKER) is False:
        return Resolution("skip", skip_reason(f"containers disabled by {ENV_DOCKER}"),
                          required=required)
    status = probe_docker()
    if status.available:
        return Resolution("container", f"Oracle Free in a container ({image}, service "
                          f"{CONTAINER_SERVICE})", admin_user=DEFAULT_ADMIN_USER, image=image,
                          required=required)
    return Resolution("skip", skip_reason(f"Docker: {status.detail or 'no engine answered'}"),
                      required=required)


def probe_docker(timeout: float = 2.0) -> DockerStatus:
    """Ping the Docker engine (DOCKER_HOST or the default socket) with a short timeout."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host and not os.path.exists("/var/run/docker.sock"):
        return DockerStatus(False, "DOCKER_HOST is not set and /var/run/docker.sock does not exist")
    try:
        docker = importlib.import_module("docker")
    except ImportError:
        return DockerStatus(False, "the docker Python package is not installed")
    try:
        client = docker.from_env(timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means: no usable engine
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return DockerStatus(False, f"engine did not answer: {first[:200]}")
    return DockerStatus(True, "engine answered")


def resolve_from_environment() -> Resolution:
    """`resolve` over the real process environment and Docker probe."""
    return resolve(os.environ, probe_docker)
