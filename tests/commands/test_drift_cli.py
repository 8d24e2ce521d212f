"""The catalog, drift, plan and status commands end to end on the example target (offline)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from helpers import run


@pytest.fixture
def cfg(root: Path) -> list[str]:
    return ["--config", str(root / "conefi.toml")]


@pytest.fixture
def expected(cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "expected.json"
    code, _, err = run([*cfg, "catalog", "expected", "-t", "example", "--out", str(path)], capsys)
    assert code == 0, err
    return path


def edited(path: Path, tmp_path: Path, change: Any) -> Path:
    data = json.loads(path.read_text())
    change(data)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data))
    return out


def hot_fix(data: dict[str, Any]) -> None:
    erp = next(d for d in data["databases"] if d["database"] == "erp")
    body = next(s for s in erp["sources"] if s["type"] == "package_body")
    body["text"] = body["text"].replace("END", "-- hot fix\nEND", 1)
    erp["sources"].append(
        {
            "owner": "CONEFI",
            "type": "procedure",
            "name": "P_HOTFIX",
            "text": "PROCEDURE x IS BEGIN NULL; END;",
        }
    )
    for job in erp["jobs"]:
        job["enabled"] = False


def test_expected_snapshot_is_stable_json(
    cfg: list[str], expected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(expected.read_text())
    assert data["target"] == "example" and data["format"] == 1 and data["meta"]["kind"] == "expected"
    code, out, _ = run([*cfg, "catalog", "expected", "-t", "example"], capsys)
    assert code == 0 and out == expected.read_text()
    code, out, _ = run([*cfg, "catalog", "expected", "-t", "example", "--database", "sgu2"], capsys)
    assert [d["database"] for d in json.loads(out)["databases"]] == ["sgu2"]


def test_drift_against_the_expected_snapshot_is_empty(
    cfg: list[str], expected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*cfg, "drift", "-t", "example", "--catalog", str(expected)], capsys)
    assert code == 0, err
    assert out.startswith("no drift: target example (erp, sgu2),")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for process substitution")
def test_drift_with_process_substitution_of_catalog_expected(root: Path) -> None:
    py = sys.executable
    command = (
        f"'{py}' -m conefi_dbtool --config conefi.toml drift -t example "
        f"--catalog <('{py}' -m conefi_dbtool --config conefi.toml catalog expected -t example)"
    )
    done = subprocess.run(["bash", "-c", command], cwd=root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("no drift: target example")


def test_drift_exit_2_with_reports(
    cfg: list[str], expected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snap = edited(expected, tmp_path, hot_fix)
    junit, js, md = tmp_path / "drift.xml", tmp_path / "drift.json", tmp_path / "drift.md"
    code, out, _ = run(
        [*cfg, "drift", "-t", "example", "--catalog", str(snap), "--junit", str(junit), "--json", str(js),
         "--markdown", str(md)], capsys)
    assert code == 2
    assert "CHANGED    erp:CONEFI.package_body." in out
    assert "UNEXPECTED erp:CONEFI.procedure.P_HOTFIX" in out
    assert "DISABLED   erp:CONEFI.job.J_CONEFI_DIARIO" in out
    assert out.splitlines()[-1].startswith("drift: target example (erp, sgu2): 3 of ")
    data = json.loads(js.read_text())
    assert data["drift"] is True and data["exit_code"] == 2
    drifted = sorted(r["id"] for r in data["results"] if r["status"] == "drifted")
    assert drifted[0] == "erp:CONEFI.job.J_CONEFI_DIARIO" and drifted[2] == "erp:CONEFI.procedure.P_HOTFIX"
    assert drifted[1].startswith("erp:CONEFI.package_body.") and len(drifted) == 3
    root = ET.parse(junit).getroot()
    assert root.get("failures") == "3"
    assert md.read_text().startswith("### conefi-dbtool drift")
    code, out, err = run([*cfg, "drift", "-t", "example", "--catalog", str(snap), "--format", "json"], capsys)
    assert code == 2 and json.loads(out)["counts"]["drifted"] == 3
    assert err.startswith("drift: target example")


def test_ignore_patterns_from_the_command_line(
    cfg: list[str], expected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def only_hotfix(data: dict[str, Any]) -> None:
        erp = next(d for d in data["databases"] if d["database"] == "erp")
        erp["sources"].append({"owner": "CONEFI", "type": "procedure", "name": "P_HOTFIX", "text": "x"})

    snap = edited(expected, tmp_path, only_hotfix)
    args = ["drift", "-t", "example", "--catalog", str(snap), "--ignore", "erp:CONEFI.procedure.P_HOT*"]
    code, out, _ = run([*cfg, *args], capsys)
    assert code == 0 and "IGNORED    erp:CONEFI.procedure.P_HOTFIX" in out


def test_ignore_patterns_from_the_config(
    root: Path, expected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (root / "conefi.toml").read_text()
    text = text.replace(
        "[targets.example]\n", '[targets.example]\ndrift = { ignore = ["*.procedure.P_HOT*"] }\n', 1
    )
    cfg = tmp_path / "conefi.toml"
    cfg.write_text(text.replace('templates = "templates"', f'templates = "{root / "templates"}"')
                   .replace('grants = "grants"', f'grants = "{root / "grants"}"'))

    def only_hotfix(data: dict[str, Any]) -> None:
        erp = next(d for d in data["databases"] if d["database"] == "erp")
        erp["sources"].append({"owner": "CONEFI", "type": "procedure", "name": "P_HOTFIX", "text": "x"})

    snap = edited(expected, tmp_path, only_hotfix)
    code, out, err = run(["--config", str(cfg), "drift", "-t", "example", "--catalog", str(snap)], capsys)
    assert code == 0, err + out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drift", "-t", "nope"], "unknown target 'nope'"),
        (["drift", "-t", "example", "--bogus"], "No such option '--bogus'"),
        (["drift", "-t", "example", "--format", "xml"], "'xml' is not one of"),
        (["drift", "-t", "example", "--catalog", "/nonexistent/snap.json"], "cannot read catalog snapshot"),
    ],
)
def test_drift_errors_exit_1_never_2(
    cfg: list[str], args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([*cfg, *args], capsys)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_drift_snapshot_of_another_target_or_missing_database(
    cfg: list[str], expected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = edited(expected, tmp_path, lambda d: d.update(target="prd"))
    code, _, err = run([*cfg, "drift", "-t", "example", "--catalog", str(other)], capsys)
    assert code == 1 and "the snapshot is of target 'prd', not 'example'" in err
    erp_only = edited(
        expected,
        tmp_path,
        lambda d: d.update(databases=[x for x in d["databases"] if x["database"] == "erp"]),
    )
    code, _, err = run([*cfg, "drift", "-t", "example", "--catalog", str(erp_only)], capsys)
    assert code == 1 and "no database sgu2 in the snapshot (it holds: erp; choose with --database)" in err
    code, _, _ = run(
        [*cfg, "drift", "-t", "example", "--catalog", str(erp_only), "--database", "erp"], capsys
    )
    assert code == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"target": "example", "databases": [{"database": "erp", "sources": [{"owner": 1}]}]}')
    code, _, err = run([*cfg, "drift", "-t", "example", "--catalog", str(bad)], capsys)
    assert code == 1 and "$.databases[0].sources[0].owner: expected a string" in err


def test_online_without_connection_variables_names_the_variable(
    cfg: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for var in ("CONEFI_ERP_DSN", "CONEFI_ERP_USER", "CONEFI_ERP_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    code, _, err = run([*cfg, "drift", "-t", "example"], capsys)
    assert code == 1
    assert "erp.connection.dsn_env: environment variable CONEFI_ERP_DSN is not set" in err
    code, _, err = run([*cfg, "catalog", "dump", "-t", "example"], capsys)
    assert code == 2 and "CONEFI_ERP_DSN is not set" in err


def test_plan_from_a_snapshot(
    cfg: list[str], expected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*cfg, "plan", "-t", "example", "--catalog", str(expected)], capsys)
    assert code == 0 and out == "plan: target example is up to date with head: nothing to do\n"
    snap = edited(expected, tmp_path, hot_fix)
    code, out, _ = run([*cfg, "plan", "-t", "example", "--catalog", str(snap), "--head"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "plan: target example -> head: 3 steps, 1 destructive"
    assert lines[1].startswith("1. replace erp:CONEFI.package_body.")
    drop = "3. DESTRUCTIVE drop erp:CONEFI.procedure.P_HOTFIX (unexpected: in the database, not in the model)"
    assert drop in lines
    code, out, _ = run([*cfg, "plan", "-t", "example", "--catalog", str(snap), "--format", "json"], capsys)
    data = json.loads(out)
    assert [s["action"] for s in data["steps"]] == ["replace", "enable", "drop"]
    assert (
        data["steps"][2]["destructive"] is True
        and data["steps"][2]["sql"] == "DROP PROCEDURE CONEFI.P_HOTFIX;\n"
    )
    code, out, _ = run([*cfg, "plan", "-t", "example", "--catalog", str(snap), "--format", "sql"], capsys)
    assert (
        "-- DROP PROCEDURE CONEFI.P_HOTFIX;" in out
        and "SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_CONEFI_DIARIO')" in out
    )


def test_status_from_a_snapshot(
    cfg: list[str], expected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*cfg, "status", "-t", "example", "--catalog", str(expected)], capsys)
    assert code == 0 and out.splitlines()[-1] == "healthy"
    snap = edited(expected, tmp_path, hot_fix)
    code, out, _ = run([*cfg, "status", "-t", "example", "--catalog", str(snap), "--format", "json"], capsys)
    assert code == 1
    assert json.loads(out)["problems"] == ["erp: job CONEFI.J_CONEFI_DIARIO: disabled"]


def test_the_gitlab_recipe_uses_real_options_of_these_commands(root: Path) -> None:
    import shlex

    import yaml

    from conefi_dbtool.cli import COMMANDS, cli

    recipe = yaml.safe_load((root / "docs" / "ci" / "gitlab-ci.example.yml").read_text())
    assert {"check", "lint", "docs", "drift-live", "drift-snapshot"} <= set(recipe)
    assert recipe["drift-snapshot"]["artifacts"]["reports"]["junit"] == "drift.xml"
    assert recipe["lint"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    mine = {"catalog", "drift", "plan", "status"}
    seen = set()
    for job in recipe.values():
        if not isinstance(job, dict):
            continue
        for line in job.get("script", []):
            words = shlex.split(line.replace(" || rc=$?", "").replace("> ", "").replace("|| true", ""))
            for i, word in enumerate(words):
                if word != "conefi-dbtool":
                    continue
                name = words[i + 1]
                assert name in COMMANDS, name
                try:
                    command = cli.get_command(None, name)  # type: ignore[arg-type]
                except ModuleNotFoundError:  # another issue's command not in this checkout yet
                    assert name not in mine
                    continue
                if name == "catalog":
                    command = command.get_command(None, words[i + 2])  # type: ignore[union-attr, arg-type]
                assert command is not None
                options = {o for p in command.params for o in getattr(p, "opts", [])}
                for w in words[i + 2 :]:
                    if w.startswith("--"):
                        assert w in options, (name, w)
                seen.add(name)
    assert mine <= seen
