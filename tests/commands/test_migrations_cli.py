"""Release commands through `conefi_dbtool.cli.main`, and the golden `upgrade --sql` script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import make_project, run

from conefi_dbtool.splitter import split
from devtools.upgrade_golden import GOLDEN_NAME, upgrade_golden_artefacts
from tests.migrations.test_migrations import FIRST, SECOND, write


@pytest.fixture
def config(tmp_path: Path) -> str:
    project, _ = make_project(tmp_path, FIRST)
    return str(project.config_file)


def test_revision_check_history_cycle(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--config", config, "check"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "added    templates/erp/conefi/sequence/S_Q.sql.j2 (differs from head base)",
        "added    templates/erp/conefi/table/Q.sql.j2 (differs from head base)",
    ]
    assert "run `conefi-dbtool revision -m MESSAGE`" in err
    code, out, _ = run(
        ["--config", config, "revision", "-m", "Queue table", "--rev-id", "0001_aaaaaa"], capsys
    )
    assert code == 0
    assert out.splitlines()[1:] == [
        '  op.create_object("erp/conefi/sequence/S_Q", at=revision)',
        '  op.create_object("erp/conefi/table/Q", at=revision)',
    ]
    assert "0001_aaaaaa: 2 added source files, 2 operations" in out
    code, out, _ = run(["--config", config, "check"], capsys)
    assert (code, out) == (0, "ok: templates and grants match head 0001_aaaaaa (1 revisions)\n")
    code, out, _ = run(["--config", config, "revision", "-m", "nothing"], capsys)
    assert (code, out) == (0, "no changes since head: no revision written\n")
    project_root = Path(config).parent
    for rel, text in SECOND.items():
        path = project_root / "templates" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert run(["--config", config, "revision", "-m", "More", "--rev-id", "0002_bbbbbb"], capsys)[0] == 0
    code, out, _ = run(["--config", config, "history"], capsys)
    assert out.splitlines() == [
        "0002_bbbbbb (head)  More  [5 source files, after 0001_aaaaaa]",
        "0001_aaaaaa  Queue table  [2 source files, after base]",
    ]
    code, out, _ = run(["--config", config, "history", "--format", "json"], capsys)
    data = json.loads(out)
    assert data["head"] == "0002_bbbbbb" and [r["revision"] for r in data["revisions"]] == [
        "0002_bbbbbb",
        "0001_aaaaaa",
    ]


def test_upgrade_and_downgrade_sql(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["--config", config, "revision", "-m", "Queue table", "--rev-id", "0001_aaaaaa"], capsys)[0] == 0
    )
    out_file = tmp_path / "release.sql"
    code, _, err = run(
        ["--config", config, "upgrade", "-t", "example", "--sql", "--out", str(out_file)], capsys
    )
    assert code == 0 and err == f"wrote {out_file}\n"
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("-- conefi-dbtool ") and "upgrade base -> 0001_aaaaaa" in text
    assert all(u.terminated for u in split(text))
    code, out, _ = run(["--config", config, "downgrade", "-t", "example", "--sql", "head:-1"], capsys)
    assert code == 0 and "downgrade 0001_aaaaaa -> base" in out and "DROP TABLE CONEFI.Q" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["downgrade", "-t", "example", "--sql", "-1"], "downgrade --sql needs FROM:TO"),
        (["upgrade", "-t", "example", "--sql", "--dry-run"], "--sql and --dry-run are exclusive"),
        (["upgrade", "-t", "example", "--sql", "--format", "json"], "--sql writes a SQL*Plus script"),
        (["upgrade", "-t", "example", "--out", "x.sql"], "--out goes with --sql or --dry-run"),
        (["upgrade", "-t", "example", "--sql", "zzzz"], "unknown revision 'zzzz'"),
        (["upgrade", "-t", "example", "base:head"], "a FROM:TO range goes with --sql"),
        (["downgrade", "-t", "example", "--dry-run", "head:-1"], "a FROM:TO range goes with --sql"),
        (["upgrade", "-t", "example", "--no-connect"], "--no-connect goes with --sql"),
        (["upgrade", "-t", "example", "--dry-run", "--no-connect"], "--no-connect goes with --sql"),
    ],
)
def test_release_usage_errors(
    config: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(["--config", config, "revision", "-m", "Queue table", "--rev-id", "0001_aaaaaa"], capsys)[0] == 0
    )
    code, _, err = run(["--config", config, *argv], capsys)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_a_no_op_downgrade_script_says_downgrade(
    config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--config", config, "revision", "-m", "Queue table", "--rev-id", "0001_aaaaaa"],
               capsys)[0] == 0
    code, out, _ = run(["--config", config, "downgrade", "-t", "example", "--sql", "head:head",
                        "--out", "-"], capsys)
    assert code == 0
    assert out.splitlines()[1].startswith("-- downgrade 0001_aaaaaa -> 0001_aaaaaa; ")
    code, out, _ = run(["--config", config, "upgrade", "-t", "example", "--sql", "head:head"], capsys)
    assert code == 0 and out.splitlines()[1].startswith("-- upgrade 0001_aaaaaa -> 0001_aaaaaa; ")


def test_release_request_is_one_checked_value() -> None:
    from conefi_dbtool.errors import UsageError
    from conefi_dbtool.migrations.request import Mode, ReleaseRequest

    request = ReleaseRequest.from_options("downgrade", "head:-1", sql=True, databases=("sgu2", "erp"),
                                          no_connect=True, allow_data_loss=True, lock_timeout=5)
    assert (request.mode, request.databases, request.connect_lines) == (Mode.SQL, ("erp", "sgu2"), False)
    assert (request.options.allow_data_loss, request.options.lock_timeout) == (True, 5)
    online = ReleaseRequest.from_options("upgrade", "head", databases=("sgu2",))
    assert (online.mode, online.databases, online.fmt) == (Mode.ONLINE, ("sgu2",), "text")
    assert ReleaseRequest.from_options("upgrade", "head", dry_run=True, to_file=True).mode is Mode.DRY_RUN
    with pytest.raises(UsageError, match="unknown release command 'sideways'"):
        ReleaseRequest.from_options("sideways", "head")
    with pytest.raises(UsageError, match="REVISION is empty"):
        ReleaseRequest.from_options("upgrade", "")


def test_online_commands_need_the_connection_variables(
    config: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without E_DSN/E_USER/E_PASSWORD the command stops before connecting, naming the key."""
    assert (
        run(["--config", config, "revision", "-m", "Queue table", "--rev-id", "0001_aaaaaa"], capsys)[0] == 0
    )
    for var in ("E_DSN", "E_USER", "E_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    for argv in (
        ["upgrade", "-t", "example"],
        ["upgrade", "-t", "example", "--dry-run"],
        ["current", "-t", "example"],
        ["downgrade", "-t", "example", "base"],
    ):
        code, _, err = run(["--config", config, *argv], capsys)
        assert code == 2, argv
        assert "environment variable E_DSN is not set" in err


def test_check_fails_after_an_edit(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["--config", config, "revision", "-m", "Queue table", "--rev-id", "0001_aaaaaa"], capsys)[0] == 0
    )
    from conefi_dbtool.config import load_project

    write(
        load_project(Path(config)), "erp/conefi/sequence/S_Q.sql.j2", "CREATE SEQUENCE {{ obj.qualified }};\n"
    )
    code, out, _ = run(["--config", config, "check"], capsys)
    assert (code, out) == (
        1,
        "modified templates/erp/conefi/sequence/S_Q.sql.j2 (differs from head 0001_aaaaaa)\n",
    )


def test_upgrade_sql_golden(root: Path, tmp_path: Path) -> None:
    """`upgrade --sql base:head` of the example target, byte for byte (regenerate, never edit)."""
    upgrade_golden_artefacts(root, tmp_path)
    golden = root / "tests" / "golden" / "upgrade" / GOLDEN_NAME
    assert golden.is_file(), "run python scripts/regen.py"
    assert (tmp_path / GOLDEN_NAME).read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), (
        "upgrade golden differs: regenerate it (python scripts/regen.py) and review the diff"
    )
    units = split(golden.read_text(encoding="utf-8"))
    assert units and all(u.terminated for u in units)
