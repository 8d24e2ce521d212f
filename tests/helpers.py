"""Helpers shared by tests: a minimal valid config and a project built in a tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.cli import main
from conefi_dbtool.config import Project, Target, load_project

BASE = """
[defaults.erp.connection]
dsn_env = "E_DSN"
user_env = "E_USER"
password_env = "E_PASSWORD"

[defaults.erp.tablespaces]
default = "TS_DATA"
temporary = "TEMP"

[defaults.sgu2.connection]
dsn_env = "S_DSN"
user_env = "S_USER"
password_env = "S_PASSWORD"

[defaults.sgu2.tablespaces]
default = "CONEFI_DATA"
temporary = "TEMP"

[targets.example]
"""


def make_project(tmp_path: Path, templates: dict[str, str], extra: str = "") -> tuple[Project, Target]:
    """A project in `tmp_path` with the given templates and BASE config plus `extra`."""
    tdir = tmp_path / "templates"
    tdir.mkdir(parents=True, exist_ok=True)
    for rel, text in templates.items():
        path = tdir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    cfg = tmp_path / "conefi.toml"
    cfg.write_text('[project]\ntemplates = "templates"\n' + BASE + extra, encoding="utf-8")
    project = load_project(cfg)
    return project, project.target("example")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err
