"""`conefi-dbtool script`: one reviewed, re-runnable SQL*Plus deploy script."""

from __future__ import annotations

from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, refuse_input, write_output


@click.command("script")
@params.target()
@params.out_file()
@params.databases()
@click.option("--no-connect", is_flag=True,
              help="Omit CONNECT lines (run each section in a session you opened).")
@click.pass_context
def script_cmd(ctx: click.Context, target_name: str, out: Path | None,
               databases: tuple[str, ...], no_connect: bool) -> int:
    """Write one SQL*Plus deploy script for a target.

    SQL*Plus/SQLcl-runnable, for the target's desired state, no database needed: DBA sections (users,
    grants) and an owner section per connecting user (CONEFI's objects; another schema's,
    e.g. the SGU trigger, as the DBA or that schema: erp.other_owners), WHENEVER SQLERROR
    EXIT, a '/' and a compile check after every PL/SQL unit, each section's INVALID sweep,
    passwords as prompts/substitution variables. Example:

    \b
        conefi-dbtool script --target example --out deploy-example.sql
    """
    from conefi_dbtool.config import DATABASES
    from conefi_dbtool.render import render_target
    from conefi_dbtool.run_preflight import script_steps
    from conefi_dbtool.script import ScriptOptions, build_script
    from conefi_dbtool.script_sections import dba_steps

    project, target = load_target(ctx, target_name)
    if out is not None:
        refuse_input(out, (project.config_file,))  # before the model is read: say this first
    result = render_target(project, target)
    options = ScriptOptions(connect=not no_connect, databases=databases or DATABASES)
    dba = dba_steps(project, target)
    checks = script_steps(project, target, options.databases, lock=False, dba_first=tuple(dba))
    text = build_script(target, result, dba_steps=dba, preflight=checks, options=options)
    write_output(text, out, inputs=(project.config_file,))
    return 0
