"""Shared CLI parameters and the output helper: one meaning per option, `-` is stdout,
an output never overwrites an input, every --help prints its examples one per line."""

from __future__ import annotations

import inspect
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from helpers import run

from conefi_dbtool.cli import COMMANDS, LazyGroup, cli, summary
from conefi_dbtool.config import DATABASES, load_project


def all_commands() -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand, by its full name ('catalog dump')."""
    group = cli
    assert isinstance(group, LazyGroup)
    ctx = click.Context(group)
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        assert command is not None
        yield name, command
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                yield f"{name} {sub_name}", sub


COMMAND_LIST = list(all_commands())


def test_the_command_list_covers_groups_and_subcommands() -> None:
    names = [name for name, _ in COMMAND_LIST]
    assert len(names) == len(COMMANDS) + 4
    assert {"catalog dump", "catalog expected", "fixtures sql", "fixtures install"} <= set(names)


def option(command: click.Command, flag: str) -> click.Option | None:
    found = [p for p in command.params if isinstance(p, click.Option) and flag in p.opts]
    return found[0] if found else None


def test_database_offers_the_configs_databases_everywhere() -> None:
    with_database = [(name, option(c, "--database")) for name, c in COMMAND_LIST]
    declared = [(name, o) for name, o in with_database if o is not None]
    assert len(declared) >= 9
    for name, o in declared:
        assert isinstance(o.type, click.Choice) and list(o.type.choices) == list(DATABASES), name
        assert o.name == "databases" and o.multiple, name


def test_out_has_one_dest_name_and_target_one_meaning() -> None:
    outs = [(name, option(c, "--out")) for name, c in COMMAND_LIST]
    declared = [(name, o) for name, o in outs if o is not None]
    assert len(declared) >= 11
    assert {o.name for _, o in declared} == {"out"}
    targets = [option(c, "--target") for _, c in COMMAND_LIST]
    assert {(o.name, o.envvar, tuple(o.opts)) for o in targets if o is not None} == {
        ("target_name", "CONEFI_TARGET", ("--target", "-t"))}


def test_the_command_list_is_each_docstrings_first_line(capsys: pytest.CaptureFixture[str]) -> None:
    """One source: `conefi-dbtool --help` shows the first line of each command's docstring."""
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    listing = " ".join(out.split("Commands:", 1)[1].split())  # rows may wrap
    group = cli
    assert isinstance(group, LazyGroup)
    ctx = click.Context(group)
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        assert command is not None
        first = inspect.cleandoc(command.callback.__doc__ or "").splitlines()[0]  # type: ignore[union-attr]
        assert summary(command) == first, name
        assert f" {name} {first} " in f" {listing} ", name
        assert first.endswith((".", ")")) and len(first) <= 80, name


def examples(command: click.Command) -> list[str]:
    return [line.strip() for line in inspect.cleandoc(command.help or "").splitlines()
            if line.strip().startswith("conefi-dbtool ")]


def test_every_help_prints_each_example_on_its_own_line(capsys: pytest.CaptureFixture[str]) -> None:
    counted = 0
    for name, command in COMMAND_LIST:
        code, out, _ = run([*name.split(), "--help"], capsys)
        assert code == 0, name
        printed = {line.strip() for line in out.splitlines()}
        for example in examples(command):
            assert example in printed, f"{name}: example rewrapped: {example}"
            counted += 1
    assert counted >= 30


def test_help_examples_use_targets_a_clone_has(root: Path) -> None:
    targets = set(load_project(root / "conefi.toml").targets)
    used = [m.group(1) for _, c in COMMAND_LIST for e in examples(c)
            for m in re.finditer(r"(?:--target|-t)\s+([\w-]+)", e)]
    assert len(used) >= 20
    assert set(used) <= targets


# --- --out: '-' is stdout, an input is never overwritten ------------------------------

@pytest.fixture
def cfg(root: Path) -> list[str]:
    return ["--config", str(root / "conefi.toml")]


def test_out_dash_is_stdout(cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, expected, _ = run([*cfg, "script", "-t", "example"], capsys)
    assert code == 0
    code, out, err = run([*cfg, "script", "-t", "example", "--out", "-"], capsys)
    assert (code, out, err) == (0, expected, "")
    code, out, _ = run([*cfg, "catalog", "expected", "-t", "example", "--out", "-"], capsys)
    assert code == 0 and out.startswith("{")
    sql = tmp_path / "a.sql"
    sql.write_text("SELECT 1 FROM dual;\n")
    code, out, _ = run([*cfg, "lint", "a.sql", "--format", "json", "--out", "-"], capsys)
    assert code == 0 and out.startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sql"]  # no file named '-'


def test_out_dash_is_refused_where_no_stdout_form_exists(
        cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run([*cfg, "render", "-t", "example", "--out", "-"], capsys)
    assert code == 2 and "'-' (stdout) does not apply here: this writes a directory" in err
    code, _, err = run([*cfg, "drift", "-t", "example", "--catalog", "x.json", "--junit", "-"], capsys)
    assert code == 1 and "'-' (stdout) does not apply here" in err  # drift: every error is 1
    assert list(tmp_path.iterdir()) == []


def test_an_output_equal_to_an_input_is_refused(
        cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sql = tmp_path / "f.sql"
    sql.write_text("SELECT 1 FROM dual;\n")
    for out in ("f.sql", str(sql), "./sub/../f.sql"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        code, _, err = run([*cfg, "lint", "f.sql", "--out", out], capsys)
        assert code == 2, out
        assert err.count("\n") == 1 and "is an input of this command" in err
        assert sql.read_text() == "SELECT 1 FROM dual;\n"
    os.link(sql, tmp_path / "hard.sql")  # the same file under another name
    code, _, err = run([*cfg, "lint", "f.sql", "--out", "hard.sql"], capsys)
    assert code == 2 and sql.read_text() == "SELECT 1 FROM dual;\n"
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "g.sql").write_text("SELECT 2 FROM dual;\n")
    code, _, err = run([*cfg, "lint", "dir", "--out", "dir/g.sql"], capsys)  # found in a directory
    assert code == 2 and (tmp_path / "dir" / "g.sql").read_text() == "SELECT 2 FROM dual;\n"
    code, _, _ = run([*cfg, "lint", "f.sql", "--out", "report.txt"], capsys)
    assert code == 0 and (tmp_path / "report.txt").is_file()


def test_the_config_is_an_input_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import make_project

    project, _ = make_project(tmp_path, {"erp/conefi/view/V_A.sql.j2": "SELECT 1 FROM dual;\n"})
    before = project.config_file.read_bytes()
    code, _, err = run(["--config", str(project.config_file), "script", "-t", "example",
                        "--out", str(project.config_file)], capsys)
    assert code == 2 and "is an input of this command" in err
    assert project.config_file.read_bytes() == before


def test_plan_refuses_to_overwrite_its_catalog(
        cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = tmp_path / "snap.json"
    code, _, _ = run([*cfg, "catalog", "expected", "-t", "example", "--out", str(snap)], capsys)
    assert code == 0
    before = snap.read_bytes()
    code, _, err = run([*cfg, "plan", "-t", "example", "--catalog", str(snap), "--format", "json",
                        "--out", str(snap)], capsys)
    assert code == 2 and "is an input of this command" in err and snap.read_bytes() == before


# --- which conefi.toml: --config, $CONEFI_CONFIG, then up from the current directory ----

def test_lint_finds_the_config_walking_up(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import make_project

    make_project(tmp_path, {"erp/conefi/view/V_A.sql.j2": "SELECT 1 FROM dual;\n"})
    deep = tmp_path / "sql" / "hotfix"
    deep.mkdir(parents=True)
    (deep / "x.sql").write_text("SELECT 1 FROM dual;\n")
    monkeypatch.chdir(deep)
    monkeypatch.delenv("CONEFI_CONFIG", raising=False)
    code, _, err = run(["lint", "-t", "example", "x.sql"], capsys)
    assert code == 0, err
    code, _, _ = run(["render", "-t", "example", "--out", str(tmp_path / "o")], capsys)
    assert code == 0 and (tmp_path / "o" / "manifest.json").is_file()


def test_config_precedence_and_the_not_found_message(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import make_project

    make_project(tmp_path / "near", {})  # found by walking up: has target example only
    (tmp_path / "near" / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "near" / "sub")
    monkeypatch.delenv("CONEFI_CONFIG", raising=False)
    assert run(["grants", "-t", "dev", "--database", "erp"], capsys)[0] == 2  # near has no 'dev'
    monkeypatch.setenv("CONEFI_CONFIG", str(root / "conefi.toml"))  # the variable beats the walk
    code, out, _ = run(["catalog", "expected", "-t", "dev"], capsys)
    assert code == 0 and '"target": "dev"' in out
    code, _, err = run(["--config", str(tmp_path / "near" / "conefi.toml"), "catalog", "expected",
                        "-t", "dev"], capsys)  # --config beats the variable
    assert code == 2 and "unknown target 'dev'" in err
    monkeypatch.delenv("CONEFI_CONFIG")
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    monkeypatch.chdir(lonely)
    code, _, err = run(["render", "-t", "example"], capsys)
    assert code == 2 and err.count("\n") == 1
    assert f"no conefi.toml in {lonely} or any parent directory (use --config FILE or set " \
           "CONEFI_CONFIG)" in err


def test_lint_files_need_no_config(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONEFI_CONFIG", raising=False)
    monkeypatch.delenv("CONEFI_TARGET", raising=False)
    (tmp_path / "x.sql").write_text("SELECT 1 FROM dual;\n")
    assert run(["lint", "x.sql"], capsys)[0] == 0


def test_readme_examples_use_what_a_clone_has(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    targets = set(load_project(root / "conefi.toml").targets)
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    used = []
    for block in blocks:
        for line in block.splitlines():
            if "conefi-dbtool" in line:
                words = shlex.split(line.split("#", 1)[0], posix=True)
                used += [words[i + 1].rstrip(")") for i, w in enumerate(words[:-1])
                         if w in ("-t", "--target")]
    assert len(used) >= 20
    assert set(used) <= targets, set(used) - targets
    assert "../" not in readme  # a clone has nothing beside it
    for table in re.findall(r"^\[targets\.([a-z0-9_]+)", readme, flags=re.M):
        assert table in targets, table


def runnable_examples() -> list[str]:
    """Help examples a clone can run offline without side effects outside a temp dir."""
    skip = ("<(", ">", "||", "$(", "-t dev", "--target dev", "revision -m", "lint ", "split ",
            "--catalog", "--input")  # need a database or a file of the user's
    found = []
    for _, command in COMMAND_LIST:
        for example in examples(command):
            text = example.split("#", 1)[0].strip()
            if any(s in text for s in skip):
                continue
            if text.startswith("conefi-dbtool docs") and "--check" not in text:
                continue  # writes docs/ next to the config
            found.append(text)
    return found


@pytest.mark.parametrize("example", runnable_examples())
def test_help_examples_run(example: str, root: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(example)[1:]
    code, _, err = run(["--config", str(root / "conefi.toml"), *argv], capsys)
    expected = 1 if "--profile seed" in example else 0  # the seed profile's findings fail it
    assert code == expected, err


def test_enough_help_examples_are_run() -> None:
    assert len(runnable_examples()) >= 9


def test_out_rewrites_an_existing_file_keeping_its_mode(
        cfg: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "deploy.sql"
    target.write_text("old\n")
    target.chmod(0o640)
    code, _, err = run([*cfg, "script", "-t", "example", "--out", str(target)], capsys)
    assert (code, err) == (0, f"wrote {target}\n")
    assert target.read_text().startswith("-- conefi-dbtool") and target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deploy.sql"]  # no temporary left
