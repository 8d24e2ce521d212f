"""The `conefi-dbtool` command line: a thin layer over the library.

Commands are imported lazily (only the one being run), so `render` does not pay for
alembic, SQLAlchemy, oracledb or sqlfluff. Each command lives in
`conefi_dbtool/commands/<name>.py` and is registered in `COMMANDS`.

Errors derived from `ConefiError` print one line to stderr and exit with their code
(2 usage/config, 1 failure); anything else is a bug: one line too, unless `--debug`.
"""

from __future__ import annotations

import importlib
import inspect
import signal
import sys
import threading
from typing import Any

import click

from conefi_dbtool import __version__
from conefi_dbtool.errors import EXIT_FAILURE, EXIT_USAGE, ConefiError

# The commands: command NAME is `NAME_cmd` in the module conefi_dbtool.commands.NAME; the
# one-line help shown in the command list is the first line of its docstring (see `summary`).
COMMANDS: tuple[str, ...] = (
    "render", "script", "split", "lint", "decode", "revision", "check", "upgrade", "downgrade",
    "history", "current", "grants", "docs", "fixtures", "catalog", "drift", "preflight", "plan",
    "status",
)


def summary(command: click.Command) -> str:
    """A command's one-line help: the first line of its docstring (its only statement)."""
    return inspect.cleandoc(command.help or "").split("\n", 1)[0]


class LazyGroup(click.Group):
    """Imports a command's module only to run it (or, for the command list, to read its help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command = getattr(importlib.import_module(f"conefi_dbtool.commands.{cmd_name}"), f"{cmd_name}_cmd")
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            assert command is not None
            rows.append((name, summary(command)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conefi-dbtool")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              envvar="CONEFI_CONFIG",
              help="Project config file [default: $CONEFI_CONFIG, else the first conefi.toml in the "
                   "current directory or a parent, as git finds its repository].")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, debug: bool) -> None:
    """Render, version, deploy, diff and test the Oracle side of the
    Protheus ERP <-> CONEFI integration.

    Exit codes: 0 ok, 1 failure found, 2 usage or configuration error
    (drift: 0 none, 2 drift, 1 error). The config is --config, else $CONEFI_CONFIG,
    else the first conefi.toml in the current directory or one of its parents.
    """
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path
    ctx.obj["debug"] = debug


class Terminated(BaseException):
    """Raised from a SIGTERM/SIGHUP handler so every ``finally`` and cleanup runs, as on ^C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _install_signal_handlers() -> dict[int, Any]:
    """CI cancels with SIGTERM and a closed terminal sends SIGHUP: both clean up like SIGINT.

    Returns the handlers replaced, so an in-process caller (tests) gets them back.
    """
    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _raise_terminated)
    return previous


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs click in standalone mode off, maps errors to exit codes."""
    previous = _install_signal_handlers()
    try:
        _main(argv)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main(argv: list[str] | None) -> None:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        rc: Any = cli.main(args=argv, prog_name="conefi-dbtool", standalone_mode=False)
    except ConefiError as exc:
        if debug:
            raise
        click.echo(f"conefi-dbtool: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("conefi-dbtool: aborted", err=True)
        sys.exit(EXIT_FAILURE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if exc.exit_code == 2 else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("conefi-dbtool: interrupted", err=True)
        sys.exit(130)
    except Terminated as exc:
        click.echo(f"conefi-dbtool: terminated by {signal.Signals(exc.signum).name}", err=True)
        sys.exit(128 + exc.signum)
    except Exception as exc:
        if debug:
            raise
        click.echo(f"conefi-dbtool: internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for the traceback)", err=True)
        sys.exit(EXIT_FAILURE)
    sys.exit(rc if isinstance(rc, int) else 0)
