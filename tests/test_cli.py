"""CLI behaviour: exit codes, one-line errors without tracebacks, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run

from conefi_dbtool import __version__
from conefi_dbtool.cli import COMMANDS


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and __version__ in out
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for name in COMMANDS:
        assert name in out
    for name in COMMANDS:
        code, out, _ = run([name, "--help"], capsys)
        assert code == 0, name
        assert "Usage:" in out


def test_render_writes_files_and_manifest(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code, out, _ = run(["--config", str(root / "conefi.toml"), "render", "--target", "example",
                        "--out", str(out_dir)], capsys)
    assert code == 0
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert out == f"rendered {len(manifest['objects'])} objects for target example into {out_dir}\n"
    assert manifest["target"] == "example"
    files = sorted(p.name for p in out_dir.iterdir() if p.name != "manifest.json")
    assert files == sorted(o["file"] for o in manifest["objects"])
    assert [o["order"] for o in manifest["objects"]] == list(range(1, len(files) + 1))
    # a second render replaces the previous one in place
    code, _, _ = run(["--config", str(root / "conefi.toml"), "render", "-t", "example",
                      "--out", str(out_dir)], capsys)
    assert code == 0


def test_render_refuses_a_foreign_non_empty_directory(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    code, _, err = run(["--config", str(root / "conefi.toml"), "render", "-t", "example",
                        "--out", str(tmp_path)], capsys)
    assert code == 2
    assert "refusing to replace" in err
    assert (tmp_path / "precious.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.txt"]


def test_unknown_target_is_a_usage_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--config", str(root / "conefi.toml"), "render", "-t", "nope"], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "unknown target 'nope'" in err and "Traceback" not in err


def test_invalid_config_names_file_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers import BASE

    cfg = tmp_path / "conefi.toml"
    cfg.write_text(BASE + '[targets.example.erp.schemas]\nsiga = "SIGA; DROP USER X"\n')
    code, _, err = run(["--config", str(cfg), "render", "-t", "example",
                        "--out", str(tmp_path / "o")], capsys)
    assert code == 2
    assert f"{cfg}:" in err and "targets.example.erp.schemas.siga" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_render_error_leaves_previous_output_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers import make_project

    make_project(tmp_path, {"erp/conefi/view/V_A.sql.j2": "SELECT 1 FROM dual;\n"})
    cfg = tmp_path / "conefi.toml"
    out_dir = tmp_path / "out"
    assert run(["--config", str(cfg), "render", "-t", "example", "--out", str(out_dir)], capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    (tmp_path / "templates/erp/conefi/view/V_B.sql.j2").write_text("SELECT {{ nope|ident }};\n")
    code, _, err = run(["--config", str(cfg), "render", "-t", "example", "--out", str(out_dir)], capsys)
    assert code == 2
    assert "erp/conefi/view/V_B.sql.j2:1" in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_debug_shows_the_traceback(root: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "conefi_dbtool", "--debug", "--config", str(root / "conefi.toml"),
         "render", "-t", "nope"], capture_output=True, text=True, check=False,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr


def test_script_to_stdout_and_file(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--config", str(root / "conefi.toml"), "script", "-t", "example"], capsys)
    assert code == 0
    assert out.startswith("-- conefi-dbtool")
    assert "WHENEVER SQLERROR EXIT FAILURE" in out
    target = tmp_path / "deploy.sql"
    code, _, _ = run(["--config", str(root / "conefi.toml"), "script", "-t", "example",
                      "--out", str(target)], capsys)
    assert code == 0 and target.read_text() == out


def test_render_command_stays_lazy(root: Path, tmp_path: Path) -> None:
    """`render` must not import the heavy stacks it does not use (cold start budget)."""
    code = (
        "import sys\n"
        "from conefi_dbtool.cli import main\n"
        "try:\n"
        f"    main(['--config', {str(root / 'conefi.toml')!r}, 'render', '-t', 'example',"
        f" '--out', {str(tmp_path / 'o')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('alembic', 'sqlalchemy', 'oracledb', 'sqlfluff', 'rich', 'sqlparse')"
        " if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY="
    assert (tmp_path / "o" / "manifest.json").is_file()
