"""What every command shares beyond its options: the project it works on, where output goes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from conefi_dbtool.config import Project, Target, load_project
from conefi_dbtool.config_discovery import find_config, locate_config
from conefi_dbtool.errors import UsageError


def given_config(ctx: click.Context) -> str | None:
    """``--config`` or ``$CONEFI_CONFIG``, as the user gave it (None: discover it)."""
    value = ctx.find_root().obj.get("config_path")
    return str(value) if value else None


def load(ctx: click.Context) -> Project:
    """The project: --config, $CONEFI_CONFIG, or the nearest conefi.toml up from here."""
    return load_project(locate_config(given_config(ctx), Path.cwd()))


def load_if_any(ctx: click.Context) -> Project | None:
    """The project when one is given or found, else None (commands that work without one)."""
    if given_config(ctx) or find_config(Path.cwd()) is not None:
        return load(ctx)
    return None


def load_target(ctx: click.Context, name: str) -> tuple[Project, Target]:
    project = load(ctx)
    return project, project.target(name)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return a.resolve() == b.resolve()


def refuse_input(out: Path, inputs: Iterable[Path]) -> None:
    """Exit 2 when `out` is (the same file as) one of the command's inputs."""
    for source in inputs:
        if _same_file(out, source):
            raise UsageError(f"{out}: is an input of this command ({source}); "
                             "refusing to overwrite it (choose another --out)")


def write_output(text: str, out: Path | None, *, inputs: Iterable[Path] = (),
                 announce: bool = True) -> None:
    """Echo `text` to stdout (`out` None: not given or ``-``) or write the file `out`.

    The file is written atomically with the umask's mode (an existing file keeps its
    own); a path that is one of `inputs` is refused. `announce` says so on stderr.
    """
    if out is None:
        click.echo(text, nl=False)
        return
    from conefi_dbtool.output import write_text_atomic

    refuse_input(out, inputs)
    write_text_atomic(out, text)
    if announce:
        click.echo(f"wrote {out}", err=True)
