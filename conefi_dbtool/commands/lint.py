"""`conefi-dbtool lint`: offline static analysis of a target's objects or of SQL files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from conefi_dbtool.commands._common import target_option
from conefi_dbtool.config import DEFAULT_CONFIG_NAME, load_project
from conefi_dbtool.errors import UsageError


@click.command("lint")
@target_option(required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "gitlab"]),
              default="text", show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Exit 1 when a finding has this severity or a higher one.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file (the summary still goes to stderr).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not write .conefi-cache/.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Parser processes on a cold run [default: one per CPU].")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--encoding", default=None,
              help="Read PATHs in this encoding [default: UTF-8, else Windows-1252].")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def lint_cmd(ctx: click.Context, target_name: str | None, fmt: str, fail_on: str,
             out_file: Path | None, no_cache: bool, jobs: int, list_rules: bool,
             encoding: str | None, paths: tuple[Path, ...]) -> int:
    """Check syntax, references and the design's PL/SQL rules, without a database.

    Without PATHs, lints the rendered objects of --target (findings point at template
    lines) and the project's templates. With PATHs (SQL files or directories), lints those
    files; --target then supplies the company, schemas and objects to resolve against.
    Suppress a finding with a reasoned comment on its line or the line before:
    '-- conefi: allow PLS003 logged and re-raised by the caller'. Exit 0 clean, 1 findings
    at or above --fail-on, 2 usage error. Examples:

    \b
        conefi-dbtool lint --target example
        conefi-dbtool lint -t example --format junit --out lint-junit.xml
        conefi-dbtool lint -t example --format gitlab --out gl-code-quality-report.json
        conefi-dbtool lint -t prd hotfix.sql
    """
    from conefi_dbtool.lint.engine import lint_paths, lint_target
    from conefi_dbtool.lint.report import render, rules_table, summary

    if list_rules:
        click.echo(rules_table(), nl=False)
        return 0
    config_path = ctx.find_root().obj.get("config_path")
    if not paths:
        if not target_name:
            raise UsageError("lint: give --target (or set CONEFI_TARGET), or SQL files to lint")
        project = load_project(config_path)
        result = lint_target(project, project.target(target_name), use_cache=not no_cache,
                             jobs=jobs)
    else:
        project = None
        if config_path or target_name or Path(DEFAULT_CONFIG_NAME).is_file():
            project = load_project(config_path)
        target = project.target(target_name) if project is not None and target_name else None
        result = lint_paths(list(paths), project, target, use_cache=not no_cache, jobs=jobs,
                            cache_root=Path.cwd(), encoding=encoding)
    color = out_file is None and fmt == "text" and sys.stdout.isatty() and \
        "NO_COLOR" not in os.environ
    report = render(result, fmt, fail_on=fail_on, color=color)
    if out_file is not None:
        from conefi_dbtool.output import write_text_atomic

        write_text_atomic(out_file, report)
        click.echo(summary(result, fail_on), err=True)
    else:
        click.echo(report, nl=False)
        if fmt != "text":
            click.echo(summary(result, fail_on), err=True)
    return 1 if result.fails(fail_on) else 0
