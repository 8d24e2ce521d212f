"""Revision files that exit, raise, are not revisions or lose a parent: one line, `check` fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.cli import main
from conefi_dbtool.config import Project
from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.check import check_release
from conefi_dbtool.migrations.history import load_history
from tests.helpers import make_project

SEQUENCE = """{#
purpose: ids
#}
CREATE SEQUENCE {{ obj.qualified }} START WITH 1 NOCACHE;
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj, _target = make_project(tmp_path, {"erp/conefi/sequence/S_Q.sql.j2": SEQUENCE})
    assert write_revision(proj, "Sequence", rev_id="0001_aaaaaa") is not None
    return proj


def versions(project: Project) -> Path:
    return project.migrations_dir / "versions"


def first_file(project: Project) -> Path:
    return next(versions(project).glob("0001_*.py"))


def add_revision(project: Project, rev: str, down: str) -> Path:
    """A copy of the first revision as `rev` on top of `down` (same sources: a no-op)."""
    text = first_file(project).read_text(encoding="utf-8")
    path = versions(project) / f"{rev}_copy.py"
    path.write_text(text.replace("revision = '0001_aaaaaa'", f"revision = '{rev}'")
                    .replace("down_revision = None", f"down_revision = '{down}'"), encoding="utf-8")
    return path


def run_check(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["--config", str(project.config_file), "check"])
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_a_sound_history_passes_check(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    add_revision(project, "0002_bbbbbb", "0001_aaaaaa")
    history = load_history(project.migrations_dir)
    assert [r.id for r in history.chain] == ["0001_aaaaaa", "0002_bbbbbb"]
    assert [r.message for r in history.chain] == ["Sequence", "Sequence"]
    assert history.chain[0].path == first_file(project)
    code, out, _ = run_check(project, capsys)
    assert code == 0 and "ok: templates and grants match head 0002_bbbbbb (2 revisions)" in out


def test_a_revision_file_that_exits_fails_check(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = add_revision(project, "0002_bbbbbb", "0001_aaaaaa")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("branch_labels = None\n", "branch_labels = None\nraise SystemExit(0)\n"),
                    encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("raise SystemExit(0)") + 1
    code, out, err = run_check(project, capsys)
    assert code == 1
    assert out == ""
    assert err == (f"conefi-dbtool: error: {path}:{line}: the revision file exits while loading "
                   "(SystemExit(0)): a revision file only defines a revision\n")


def test_a_revision_file_that_raises_fails_check(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = add_revision(project, "0002_bbbbbb", "0001_aaaaaa")
    path.write_text(path.read_text(encoding="utf-8") + "\nimport no_such_module_anywhere\n", encoding="utf-8")
    code, _, err = run_check(project, capsys)
    assert code == 1
    assert f"{path}:" in err and "fails to load: ModuleNotFoundError" in err
    assert err.count("\n") == 1 and "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize(
    "body",
    [
        "X = 1\n",
        "revision = '0002_bbbbbb'\ndown_revision = '0001_aaaaaa'\n",  # no upgrade/downgrade
        "revision = ''\ndown_revision = None\ndef upgrade(): pass\ndef downgrade(): pass\n",
        "revision = 2\ndown_revision = None\ndef upgrade(): pass\ndef downgrade(): pass\n",
        "revision = '0002_bbbbbb'\ndef upgrade(): pass\ndef downgrade(): pass\n",
    ],
)
def test_a_file_that_is_not_a_revision_fails_check(
    project: Project, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    path = versions(project) / "helpers.py"
    path.write_text(body, encoding="utf-8")
    code, _, err = run_check(project, capsys)
    assert code == 1
    assert err.startswith(f"conefi-dbtool: error: {path}: not a revision file")


def test_a_missing_middle_revision_is_one_line_naming_it(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    middle = add_revision(project, "0002_bbbbbb", "0001_aaaaaa")
    top = add_revision(project, "0003_cccccc", "0002_bbbbbb")
    middle.unlink()
    code, _, err = run_check(project, capsys)
    assert code == 1
    assert err == (f"conefi-dbtool: error: {top}: its down_revision 0002_bbbbbb is missing from "
                   f"{versions(project)} (a revision file deleted or not committed?)\n")


def test_duplicate_ids_bad_parents_and_loops(project: Project) -> None:
    original = first_file(project)
    copy = versions(project) / "0001_aaaaaa_copy.py"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    duplicate = rf"{original.name}: revision 0001_aaaaaa is also 0001_aaaaaa_copy\.py"
    with pytest.raises(ConefiError, match=duplicate):
        load_history(project.migrations_dir)
    copy.unlink()
    bad = add_revision(project, "0002_bbbbbb", "0001_aaaaaa")
    bad.write_text(bad.read_text(encoding="utf-8").replace("down_revision = '0001_aaaaaa'",
                                                           "down_revision = 1"), encoding="utf-8")
    with pytest.raises(ConefiError, match="down_revision must be a revision id or None, got 1"):
        load_history(project.migrations_dir)
    bad.write_text(bad.read_text(encoding="utf-8").replace("down_revision = 1",
                                                           "down_revision = ('0001_aaaaaa', 'x')"),
                   encoding="utf-8")
    with pytest.raises(ConefiError, match="merge revisions are not supported"):
        load_history(project.migrations_dir)
    bad.unlink()
    add_revision(project, "0008_dddddd", "0009_eeeeee")
    add_revision(project, "0009_eeeeee", "0008_dddddd")
    with pytest.raises(ConefiError, match=r"revisions not on the main line .*: 0008_dddddd, 0009_eeeeee"):
        load_history(project.migrations_dir)


def test_check_release_raises_a_conefi_error_not_a_usage_error(project: Project) -> None:
    path = add_revision(project, "0002_bbbbbb", "0001_aaaaaa")
    path.write_text("import sys\nsys.exit(3)\n", encoding="utf-8")
    with pytest.raises(ConefiError, match=r"_copy\.py:2: the revision file exits while loading "
                                          r"\(SystemExit\(3\)\)") as info:
        check_release(project)
    assert not isinstance(info.value, UsageError)
