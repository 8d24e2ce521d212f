"""The GitLab recipe runs the Oracle suite one job away (#16 item 6) and preflights a snapshot."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from conefi_dbtool.cli import COMMANDS, cli
from conefi_dbtool.testbed.resolution import ENV_REQUIRED


def recipe(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / "docs" / "ci" / "gitlab-ci.example.yml").read_text())
    return data


def test_the_oracle_job_runs_the_whole_oracle_suite_against_an_oracle_free_service(root: Path) -> None:
    job = recipe(root)["oracle-tests"]
    (service,) = job["services"]
    assert service["name"].startswith("gvenzl/oracle-free:")
    host = service["alias"]
    variables = job["variables"]
    assert variables["ORACLE_TEST_DSN"].startswith(f"{host}:1521/")
    assert variables[ENV_REQUIRED] == "1"  # a skip fails the job (conftest: pytest.fail)
    assert variables["ORACLE_TEST_DOCKER"] == "0"
    assert any("pytest" in line and "-m oracle" in line for line in job["script"])
    assert job["artifacts"]["reports"]["junit"] == "report-oracle.xml"


def test_the_oracle_job_quotes_its_sizing_from_the_documentation(root: Path) -> None:
    text = (root / "docs" / "ci" / "gitlab-ci.example.yml").read_text()
    head = text[text.index("# The Oracle-marked suite"):text.index("oracle-tests:")]
    assert "not\n# measured here" in head or "not measured here" in head
    assert "4 GB" in head and "health checks" in head


def test_every_conefi_dbtool_command_of_the_recipe_exists_with_its_options(root: Path) -> None:
    seen: set[str] = set()
    for job in recipe(root).values():
        if not isinstance(job, dict):
            continue
        for line in job.get("script", []):
            words = shlex.split(line.replace(" || rc=$?", "").replace("> ", "").replace("|| true", ""))
            for i, word in enumerate(words):
                if word != "conefi-dbtool":
                    continue
                name = words[i + 1]
                assert name in COMMANDS, name
                command = cli.get_command(None, name)  # type: ignore[arg-type]
                if name == "catalog":
                    command = command.get_command(None, words[i + 2])  # type: ignore[union-attr, arg-type]
                assert command is not None
                options = {o for p in command.params for o in getattr(p, "opts", [])}
                assert all(w in options for w in words[i + 2:] if w.startswith("--")), (name, words)
                seen.add(name)
    assert {"preflight", "drift", "lint", "check"} <= seen
