"""Progress of a long lint run (issue 14, item 5): a bar on a terminal's stderr after a
couple of seconds, nothing in a log; and checks the run could not make are said."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import run

from conefi_dbtool.lint import lint_paths, syntax
from conefi_dbtool.lint import progress as progress_module
from conefi_dbtool.lint.progress import PROGRESS_AFTER, TerminalProgress, progress_wanted


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_wanted_only_on_a_terminal_and_only_for_a_long_run() -> None:
    assert progress_wanted(True, PROGRESS_AFTER + 0.5)
    assert not progress_wanted(True, PROGRESS_AFTER - 0.5)
    assert not progress_wanted(False, 3600.0)
    assert PROGRESS_AFTER == 2.0


def test_the_terminal_bar_appears_once_the_run_is_long() -> None:
    stream, clock = FakeTerminal(), Clock()
    with TerminalProgress(stream, clock=clock) as bar:
        bar("parsing", 1, 10)
        assert stream.getvalue() == ""  # a short run shows nothing
        clock.now += PROGRESS_AFTER + 0.1
        bar("parsing", 5, 10)
        bar("checking", 10, 10)
    assert "lint: parsing" in stream.getvalue()


def test_a_stream_that_is_no_terminal_never_gets_a_bar() -> None:
    stream, clock = io.StringIO(), Clock()
    with TerminalProgress(stream, clock=clock) as bar:
        clock.now += 60
        bar("parsing", 5, 10)
    assert stream.getvalue() == ""


def test_the_engine_reports_parsing_and_checking(tmp_path: Path) -> None:
    sql = tmp_path / "a.sql"
    sql.write_text("CREATE TABLE t (a NUMBER);\nSELECT a FROM t;\nSELECT 1 FROM dual;\n")
    seen: list[tuple[str, int, int]] = []

    def record(phase: str, done: int, total: int) -> None:
        seen.append((phase, done, total))

    lint_paths([sql], None, None, use_cache=False, jobs=1, progress=record)
    assert ("parsing", 3, 3) in seen
    assert seen[-1] == ("checking", 3, 3)


def test_not_a_terminal_the_cli_prints_nothing_extra(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "progress_wanted", lambda *a, **k: True)  # "a long run"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("SELECT 1 FROM dual;\n")
    code, out, err = run(["lint", "--no-cache", "a.sql"], capsys)
    assert code == 0
    assert err == ""
    assert out.startswith("lint ok")


def test_checks_the_run_could_not_make_are_said(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.sql").write_text("LOCK TABLE t IN EXCLUSIVE MODE;\nSELECT 1 FROM dual;\n")

    def parser_fails_on_lock(text: str) -> object:  # a parser failure: the unit has no tree
        if text.lstrip().upper().startswith("LOCK"):
            raise RecursionError("simulated")
        return real_parse(text)

    real_parse = syntax.parse
    monkeypatch.setattr(syntax, "parse", parser_fails_on_lock)
    result = lint_paths([tmp_path / "a.sql"], None, None, use_cache=False, jobs=1)
    assert len(result.skipped) == 1 and result.skipped[0].startswith("1 unit(s)")
    code, _out, err = run(["lint", "--no-cache", "a.sql"], capsys)
    assert code == 0
    assert err == f"lint: not checked: {result.skipped[0]}\n"
