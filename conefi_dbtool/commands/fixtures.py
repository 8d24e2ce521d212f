"""`conefi-dbtool fixtures`: the ERP stand-in schemas (SIGA, SGU) for a scratch database."""

from __future__ import annotations

from pathlib import Path

import click

from conefi_dbtool.commands import params
from conefi_dbtool.commands._common import load_target, write_output


@click.group("fixtures")
def fixtures_cmd() -> None:
    """ERP fixture schemas for a scratch database (sql, install).

    Protheus tables from the dictionary and SGU stand-ins: what Protheus (SIGA) and SGU
    own in production, so the integration can be deployed and exercised in a scratch
    Oracle you own. Examples:

    \b
        conefi-dbtool fixtures sql --target dev > fixtures-dev.sql
        conefi-dbtool fixtures install --target dev
    """


@fixtures_cmd.command("sql")
@params.target()
@params.out_file()
@click.option("--no-users", is_flag=True, help="Omit CREATE USER of the SIGA/SGU/CONEFI stand-ins.")
@click.option("--no-grants", is_flag=True, help="Omit the grants CONEFI needs in a test database.")
@click.pass_context
def sql_cmd(ctx: click.Context, target_name: str, out: Path | None, no_users: bool,
            no_grants: bool) -> int:
    """Print the fixture DDL as a re-runnable SQL*Plus script (no database needed)."""
    from conefi_dbtool.testbed.fixtures import build_fixtures

    project, target = load_target(ctx, target_name)
    text = build_fixtures(project, target, users=not no_users, conefi_grants=not no_grants).script()
    write_output(text, out, inputs=(project.config_file,))
    return 0


@fixtures_cmd.command("install")
@params.target()
@click.option("--reset", is_flag=True,
              help="First DROP the fixture tables, sequence, views and functions (their rows "
                   "are lost; users are kept).")
@click.option("--no-users", is_flag=True, help="Do not create the SIGA/SGU/CONEFI users.")
@click.option("--no-grants", is_flag=True, help="Do not grant CONEFI what the integration needs.")
@click.pass_context
def install_cmd(ctx: click.Context, target_name: str, reset: bool, no_users: bool,
                no_grants: bool) -> int:
    """Create the fixture schemas in the target's ERP database (scratch targets only).

    Connects with the target's [erp.connection] variables as a DBA of a scratch database.
    Idempotent: existing users, tables and sequences are kept; views and functions are
    replaced. Refuses (exit 2) a target without `scratch = true` in conefi.toml.
    """
    from conefi_dbtool.errors import UsageError
    from conefi_dbtool.testbed.fixtures import build_fixtures, reset_steps

    project, target = load_target(ctx, target_name)
    if not target.scratch:
        raise UsageError(
            f"{project.config_file}: targets.{target.name}: fixtures install refused: the target "
            "is not marked 'scratch = true' (fixtures replace Protheus/SGU objects)"
        )
    fixtures = build_fixtures(project, target, users=not no_users, conefi_grants=not no_grants)
    conn_info = target.erp.connection.resolve(target=target.name, key="erp",
                                              file=str(project.config_file))
    from conefi_dbtool.connect import open_connection, redact_dsn
    from conefi_dbtool.testbed.executor import deploy_objects, execute_step

    connection = open_connection(conn_info.dsn, conn_info.user, conn_info.password,
                                 what=f"the ERP database of target {target.name}")
    with connection:
        if reset:
            with connection.cursor() as cur:
                for step in reset_steps(fixtures):
                    execute_step(cur, step, None)
            click.echo(f"reset: dropped the fixture objects of target {target.name}", err=True)
        steps = deploy_objects(connection, fixtures.objects)
    click.echo(f"installed {len(fixtures.objects)} fixture objects ({steps} steps) into "
               f"{redact_dsn(conn_info.dsn)} for target {target.name}")
    return 0
