"""Click parameters the commands share, declared once (as dbt-core's ``cli/params.py``).

A command declares ``@params.target()``, ``@params.databases(...)``, ``@params.out_file(...)``
and so on, so an option means the same thing, has the same dest name and accepts the same
values everywhere: ``--database`` offers the config's databases, ``--out -`` is stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from conefi_dbtool.config import DATABASES

F = TypeVar("F", bound=Callable[..., Any])


class Decorator(Protocol):
    """What ``click.option`` returns: a decorator that keeps the function's type."""

    def __call__(self, fn: F, /) -> F: ...


STDOUT = "-"
MODEL_DATABASES = "the databases the model uses"  # --database default of catalog, drift, plan, status


def _dash_is_stdout(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """``--out -`` means stdout, like not giving ``--out`` (``./-`` names a file '-')."""
    return None if value is not None and str(value) == STDOUT else value


def _dash_refused(what: str) -> Callable[[click.Context, click.Parameter, Path | None], Path | None]:
    def check(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None and str(value) == STDOUT:
            raise click.BadParameter(f"'-' (stdout) does not apply here: this writes {what}",
                                     ctx=ctx, param=param)
        return value
    return check


def target(*, required: bool = True) -> Decorator:
    """``--target/-t NAME`` (or ``$CONEFI_TARGET``) -> ``target_name``."""
    return click.option(
        "--target", "-t", "target_name", required=required, envvar="CONEFI_TARGET",
        help="Target name from conefi.toml (e.g. example, dev).",
    )


def databases(default: str = "both") -> Decorator:
    """``--database NAME`` (repeatable; the config's databases) -> ``databases``."""
    return click.option(
        "--database", "databases", type=click.Choice(list(DATABASES)), multiple=True,
        help=f"Only this database (repeatable) [default: {default}].",
    )


def out_file(help: str = "Write to this file ('-': stdout) instead of stdout.") -> Decorator:
    """``--out FILE`` -> ``out``: a Path, or None for stdout (not given, or ``-``)."""
    return click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        metavar="FILE", callback=_dash_is_stdout, help=help)


def out_dir(help: str) -> Decorator:
    """``--out DIR`` -> ``out``: a directory (``-`` is refused: there is no stdout form)."""
    return click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
                        metavar="DIR", callback=_dash_refused("a directory"), help=help)


def report_file(flag: str, dest: str, help: str) -> Decorator:
    """An extra report file beside the main output (``-`` refused: stdout is taken)."""
    return click.option(flag, dest, type=click.Path(dir_okay=False, path_type=Path), default=None,
                        metavar="FILE", callback=_dash_refused("a file beside the main report"),
                        help=help)


def output_format(*choices: str, help: str = "Output format.") -> Decorator:
    """``--format`` -> ``fmt``; the first choice is the default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
                        show_default=True, help=help)


def catalog(help: str = "Catalog snapshot (JSON, from `catalog dump`) instead of connecting.") \
        -> Decorator:
    """``--catalog FILE`` -> ``catalog_path``: a snapshot file to read."""
    return click.option("--catalog", "catalog_path", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, metavar="FILE", help=help)


def encoding(what: str) -> Decorator:
    """``--encoding NAME`` -> ``encoding``: how to read SQL files (see textio.read_sql_text)."""
    return click.option("--encoding", "encoding", default=None, metavar="NAME",
                        help=f"Read {what} in this encoding [default: UTF-8, else Windows-1252].")
