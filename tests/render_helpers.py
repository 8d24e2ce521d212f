"""Render the repository's example target with `defaults` keys changed (offline SQL tests)."""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from conefi_dbtool.config import parse_project
from conefi_dbtool.render import RenderResult, render_target

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def _raw() -> str:
    return (ROOT / "conefi.toml").read_text(encoding="utf-8")


def render_example(changes: dict[str, Any] | None = None) -> RenderResult:
    """The example target rendered with `changes` ({"integration.x.y": value}) applied."""
    raw = copy.deepcopy(tomllib.loads(_raw()))
    for dotted, value in (changes or {}).items():
        node = raw["defaults"]
        *path, last = dotted.split(".")
        for key in path:
            node = node.setdefault(key, {})
        node[last] = value
    project = parse_project(raw, config_file=ROOT / "conefi.toml")
    return render_target(project, project.target("example"))


def sql(result: RenderResult, type_: str, name: str) -> str:
    """The rendered text of one object, without its -- comments."""
    for o in result.objects:
        if (o.id.type, o.id.name) == (type_, name):
            return "\n".join(line.split("--", 1)[0] for line in o.text.splitlines())
    raise KeyError(f"{type_} {name} not rendered")
