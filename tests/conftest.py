"""Shared fixtures: the repository root and a loaded project."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.config import Project, load_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT / "conefi.toml")
