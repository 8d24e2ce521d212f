"""`conefi-dbtool preflight`: is each database fit for the deploy? Checked before any DDL."""

from __future__ import annotations

from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output
from conefi_dbtool.errors import EXIT_FAILURE


@click.command("preflight")
@params.target()
@params.catalog()
@params.databases(params.MODEL_DATABASES)
@click.option("--mode", type=click.Choice(["online", "script"]), default="online", show_default=True,
              help="What the deploy will be: the online `upgrade` (a missing DBMS_LOCK grant is a warning: "
                   "it falls back to a lock row) or a script (an error).")
@params.output_format("text", "json", "junit", help="Report format on stdout (or --out).")
@params.out_file("Write the report to this file ('-': stdout) instead of stdout.")
@params.report_file("--junit", "junit_path", "Also write a JUnit XML report here (CI test report).")
@click.option("--verbose", "-v", is_flag=True, help="Text format: list passed checks too.")
@click.pass_context
def preflight_cmd(ctx: click.Context, target_name: str, catalog_path: Path | None, databases: tuple[str, ...],
                  mode: str, fmt: str, out: Path | None, junit_path: Path | None, verbose: bool) -> int:
    """Check a target's databases before a deploy: exit 0 fit, 1 an error found.

    Oracle version, time-zone file (>= 34 for an America/Sao_Paulo schedule), job queue
    processes, tablespaces and quotas, the deploy user's privileges, every Protheus table
    and column the code reads with its type and size (as `lint` resolves them, custom
    E1_X fields included), the event table's configured columns, the indexes the trigger
    relies on, sessions executing units the release replaces. Codes PF001-PF011 (README).
    A fact the snapshot lacks is "absent", one the deploy user cannot read "not checked":
    never a pass. Examples:

    \b
        conefi-dbtool preflight --target dev
        conefi-dbtool preflight --target dev --catalog dev.json --format junit --out preflight.xml
    """
    from conefi_dbtool.catalog.expected import expected_snapshot
    from conefi_dbtool.catalog.preflight import evaluate, failed, report_json, report_junit, report_text
    from conefi_dbtool.catalog.snapshot import DatabaseCatalog
    from conefi_dbtool.catalog.source import actual_catalog, model_databases
    from conefi_dbtool.run_preflight import code_reads, requirements

    project, target = load_target(ctx, target_name)
    desired = expected_snapshot(project, target)
    chosen = model_databases(desired, databases)
    reads = code_reads(project, target)
    # a script's DBA section creates the users in the configured tablespaces: they must exist
    needs = requirements(project, target, desired, chosen, mode=mode, lock=True, reads=reads,
                         creates_users=chosen if mode == "script" else ())
    tables = tuple((db, schema, table) for db, schema, table, _c, _t in reads)
    actual = actual_catalog(project, target, desired, catalog_path, chosen, referenced=tables)
    findings = tuple(f for db in chosen
                     for f in evaluate(actual.database(db) or DatabaseCatalog(db), needs[db]))
    inputs = (project.config_file, *filter(None, [catalog_path]))
    if junit_path is not None:
        write_output(report_junit(target.name, findings), junit_path, inputs=inputs, announce=False)
    text = {"text": lambda: report_text(findings, verbose=verbose),
            "json": lambda: report_json(target.name, findings),
            "junit": lambda: report_junit(target.name, findings)}[fmt]()
    write_output(text, out, inputs=inputs)
    return EXIT_FAILURE if failed(findings) else 0

