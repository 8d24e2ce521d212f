"""Options and helpers every command shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from conefi_dbtool.config import Project, Target, load_project

F = TypeVar("F", bound=Callable[..., Any])


def target_option(required: bool = True) -> Callable[[F], F]:
    return click.option(
        "--target", "-t", "target_name", required=required, envvar="CONEFI_TARGET",
        help="Target name from conefi.toml (e.g. example, dev, prd).",
    )


def load(ctx: click.Context) -> Project:
    return load_project(ctx.find_root().obj.get("config_path"))


def load_target(ctx: click.Context, name: str) -> tuple[Project, Target]:
    project = load(ctx)
    return project, project.target(name)
