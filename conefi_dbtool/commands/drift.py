"""`conefi-dbtool drift`: does the database hold exactly what the model says? (CI gate)

Exit codes follow migra: 0 no drift, 2 drift, 1 any error — including this command's
own usage errors (bad option, unknown target, unreadable snapshot), which the rest of
the CLI reports with 2. So a CI job can trust "2" to mean drift.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output
from conefi_dbtool.errors import ConefiError, UsageError


class DriftError(ConefiError):
    """Any failure of `drift`: exit 1, never 2 (2 means drift)."""


class _DriftCommand(click.Command):
    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise DriftError(exc.format_message()) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise DriftError(str(exc)) from None


@click.command("drift", cls=_DriftCommand)
@params.target()
@params.catalog()
@params.databases(params.MODEL_DATABASES)
@click.option("--ignore", "ignores", multiple=True, metavar="PATTERN",
              help="Ignore objects matching this fnmatch pattern over 'database:OWNER.type.NAME' "
                   "(repeatable; added to target.drift.ignore).")
@params.output_format("text", "json", "junit", "markdown", help="Report format on stdout (or --out).")
@params.out_file("Write the report to this file ('-': stdout) instead of stdout.")
@params.report_file("--junit", "junit_path", "Also write a JUnit XML report here (CI test report).")
@params.report_file("--json", "json_path", "Also write the JSON report here.")
@params.report_file("--markdown", "markdown_path",
                    "Also write a Markdown report here (merge-request comment).")
@click.option("--verbose", "-v", is_flag=True, help="Text format: list objects in sync too.")
@click.pass_context
def drift_cmd(ctx: click.Context, target_name: str, catalog_path: Path | None, databases: tuple[str, ...],
              ignores: tuple[str, ...], fmt: str, out: Path | None, junit_path: Path | None,
              json_path: Path | None, markdown_path: Path | None, verbose: bool) -> int:
    """Compare a database with the model: exit 0 none, 2 drift, 1 error.

    Object by object, at head. Categories: missing, unexpected, changed (unified diff /
    attribute diff), invalid, disabled. Examples:

    \b
        conefi-dbtool drift --target dev --format junit --out drift.xml
        conefi-dbtool drift --target dev --catalog snap.json --ignore 'erp:CONEFI.procedure.P_TMP_*'
        conefi-dbtool drift --target example --catalog <(conefi-dbtool catalog expected -t example)
    """

    from conefi_dbtool.catalog.drift import compute_drift, ignore_patterns
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.reports import (
        DRIFT_FORMATS,
        EXIT_DRIFT,
        EXIT_NO_DRIFT,
        drift_headline,
        drift_text,
        emit,
        plain,
    )
    from conefi_dbtool.catalog.source import actual_catalog, model_databases

    project, target = load_target(ctx, target_name)
    desired = expected_snapshot(project, target)
    chosen = model_databases(desired, databases)
    actual = actual_catalog(project, target, desired, catalog_path, chosen)
    report = compute_drift(desired, actual, ignore=ignore_patterns(target.drift.ignore, ignores),
                           databases=chosen)
    inputs = (project.config_file, *filter(None, [catalog_path]))
    for path, name in ((junit_path, "junit"), (json_path, "json"), (markdown_path, "markdown")):
        if path is not None:
            formatter = DRIFT_FORMATS[name]
            assert formatter is not None
            write_output(formatter(report), path, inputs=inputs, announce=False)
    if fmt == "text":
        lines = drift_text(report, verbose=verbose)
        if out is not None:
            write_output(plain(lines), out, inputs=inputs)
        else:
            stream = sys.stdout
            emit(lines, stream, color=stream.isatty())
    else:
        formatter = DRIFT_FORMATS[fmt]
        assert formatter is not None
        write_output(formatter(report), out, inputs=inputs)
        click.echo(drift_headline(report), err=True)  # a human line beside machine output
    sys.stdout.flush()
    return EXIT_DRIFT if report.has_drift else EXIT_NO_DRIFT
