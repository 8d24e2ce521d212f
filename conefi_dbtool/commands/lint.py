"""`conefi-dbtool lint`: offline static analysis of a target's objects or of SQL files."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load, load_if_any, write_output
from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import UsageError

if TYPE_CHECKING:
    from conefi_dbtool.lint.result import LintResult


@click.command("lint")
@params.target(required=False)
@params.output_format("text", "json", "junit", "gitlab", help="Report format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Exit 1 when a finding has this severity or a higher one.")
@params.out_file("Write the report to this file ('-': stdout); the summary goes to stderr.")
@click.option("--no-cache", is_flag=True, help="Ignore and do not write .conefi-cache/.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Parser processes on a cold run of more than 4 MB of new units (0: one "
                   "per CPU); the semantic checks parse again in this process, so more than "
                   "one pays only when parsing dominates.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@params.encoding("PATHs")
@params.catalog("The target's catalog snapshot (JSON, from `catalog dump`): its objects resolve "
                "names too, and the schemas it read are fully known.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def lint_cmd(ctx: click.Context, target_name: str | None, fmt: str, fail_on: str,
             out: Path | None, no_cache: bool, jobs: int, list_rules: bool,
             encoding: str | None, catalog_path: Path | None, paths: tuple[Path, ...]) -> int:
    """Offline checks: syntax, references, PL/SQL rules (exit 1 on findings).

    Checks syntax, references and the design's PL/SQL rules, without a database.
    Without PATHs, lints the rendered objects of --target (findings point at template
    lines) and the project's templates. With PATHs (SQL files or directories), lints those
    files; --target then supplies the company, schemas and objects to resolve against, and
    --catalog a snapshot of what the target's databases hold (objects outside the project).
    Without --target each directory is one namespace and each file argument its own (a
    CREATE in one never changes another's objects). A run longer than 2 s shows progress
    on stderr when it is a terminal.
    The project's conefi.toml is --config, $CONEFI_CONFIG or the first one found walking
    up from the current directory (with PATHs and no --target, none is needed).
    Suppress a finding with a reasoned comment on its line or the line before:
    '-- conefi: allow PLS003 logged and re-raised by the caller'. Exit 0 clean, 1 findings
    at or above --fail-on, 2 usage error. Examples:

    \b
        conefi-dbtool lint --target example
        conefi-dbtool lint -t example --format junit --out lint-junit.xml
        conefi-dbtool lint -t example --format gitlab --out gl-code-quality-report.json
        conefi-dbtool lint -t example hotfix.sql
        conefi-dbtool lint -t dev --catalog snap.json
    """
    from conefi_dbtool.lint.report import render, rules_table, summary
    from conefi_dbtool.lint.runkey import cached_files, cached_target

    if list_rules:
        click.echo(rules_table(), nl=False)
        return 0
    if not paths and not target_name:
        raise UsageError("lint: give --target (or set CONEFI_TARGET), or SQL files to lint")
    if catalog_path is not None and not target_name:
        raise UsageError("lint: --catalog needs --target (a snapshot is a target's catalog)")
    project = load(ctx) if target_name else load_if_any(ctx)
    target = project.target(target_name) if project is not None and target_name else None
    # nothing changed since the last run: its result, without importing the engine (the
    # parser, the rules, the renderer)
    if project is not None and target is not None and not paths:
        result = cached_target(project, target, use_cache=not no_cache, catalog_path=catalog_path)
    elif target is None and paths:
        result = cached_files(list(paths), project, use_cache=not no_cache, cache_root=Path.cwd(),
                              encoding=encoding)
    else:
        result = None
    if result is None:
        result = _lint(project, target, paths, no_cache=no_cache, jobs=jobs, encoding=encoding,
                       catalog_path=catalog_path)
    color = out is None and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render(result, fmt, fail_on=fail_on, color=color)
    write_output(report, out, inputs=[*_inputs(project, paths, result.files),
                                      *filter(None, [catalog_path])], announce=False)
    if out is not None or fmt != "text":
        click.echo(summary(result, fail_on), err=True)
    for notice in result.skipped:
        click.echo(f"lint: not checked: {notice}", err=True)
    return 1 if result.fails(fail_on) else 0


def _lint(project: Project | None, target: Target | None, paths: tuple[Path, ...], *,
          no_cache: bool, jobs: int, encoding: str | None,
          catalog_path: Path | None = None) -> LintResult:
    """The engine's run, with a progress bar for a human watching a long one."""
    from conefi_dbtool.lint.engine import lint_paths, lint_target
    from conefi_dbtool.lint.progress import TerminalProgress

    # a bar only for a human watching a long run: never in a log (stderr not a terminal)
    with TerminalProgress(sys.stderr) as bar:
        progress = bar if sys.stderr.isatty() else None
        if not paths and project is not None and target is not None:
            return lint_target(project, target, use_cache=not no_cache, jobs=jobs,
                               progress=progress, catalog_path=catalog_path)
        return lint_paths(list(paths), project, target, use_cache=not no_cache, jobs=jobs,
                          cache_root=Path.cwd(), encoding=encoding, progress=progress,
                          catalog_path=catalog_path)


def _inputs(project: Project | None, paths: tuple[Path, ...], checked: tuple[str, ...]) -> list[Path]:
    """Every file lint read: the PATHs, the files found in them (shown relative to the
    current directory, templates relative to the project) and the config."""
    inputs = [*paths, *(Path(f) for f in checked)]
    if project is not None:
        inputs += [project.config_file, *(project.root / f for f in checked)]
    return inputs
