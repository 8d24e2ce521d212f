"""How the CLI reports what it did not expect: one line and exit 1, or the traceback with --debug."""

from __future__ import annotations

import click
import pytest

from conefi_dbtool import cli as cli_module
from conefi_dbtool.errors import UsageError
from conefi_dbtool.splitter import SplitError


def failing(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Make the click group raise `exc` from inside its run."""
    def boom(*_args: object, **_kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(cli_module.cli, "main", boom)


def exit_code(argv: list[str]) -> int | str | None:
    with pytest.raises(SystemExit) as info:
        cli_module.main(argv)
    return info.value.code


def test_an_unexpected_exception_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    failing(monkeypatch, RuntimeError("boom"))
    assert exit_code(["render"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "conefi-dbtool: internal error: RuntimeError: boom (run with --debug for the traceback)\n"


def test_debug_re_raises_an_unexpected_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    failing(monkeypatch, RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        cli_module.main(["--debug", "render"])


def test_a_value_error_subclass_is_still_internal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    failing(monkeypatch, SplitError("unterminated string literal", 3))
    assert exit_code(["split", "x.sql"]) == 1
    assert capsys.readouterr().err.startswith("conefi-dbtool: internal error: SplitError: line 3:")


def test_a_tool_error_is_one_line_with_its_exit_code_and_debug_re_raises_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    failing(monkeypatch, UsageError("conefi.toml:3: bad value"))
    assert exit_code(["render"]) == 2
    assert capsys.readouterr().err == "conefi-dbtool: error: conefi.toml:3: bad value\n"
    with pytest.raises(UsageError):
        cli_module.main(["--debug", "render"])


@pytest.mark.parametrize(("exc", "code", "message"), [
    (click.exceptions.Abort(), 1, "conefi-dbtool: aborted\n"),
    (KeyboardInterrupt(), 130, "conefi-dbtool: interrupted\n"),
])
def test_aborts_and_interrupts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], exc: BaseException, code: int,
    message: str,
) -> None:
    failing(monkeypatch, exc)
    assert exit_code(["render"]) == code
    assert capsys.readouterr().err == message
