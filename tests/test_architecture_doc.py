"""docs/architecture.md's layer picture is the import-linter contract, and every module has a layer."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from conefi_dbtool.docs_gen.mermaid import validate_flowchart

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "conefi_dbtool"


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layered = [c for c in contracts if c["type"] == "layers"]
    assert len(layered) == 1
    return [[m.strip() for m in re.split(r"[|:]", layer)] for layer in layered[0]["layers"]]


def _mermaid() -> str:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_the_layer_picture_is_valid_mermaid() -> None:
    assert validate_flowchart(_mermaid()) == ()


def test_the_picture_shows_every_layered_module() -> None:
    ids = set(re.findall(r"\b([A-Za-z_]+)\[", _mermaid()))
    modules = [m for layer in _layers() for m in layer]
    assert len(modules) > 20
    missing = [m for m in modules if m.removeprefix("conefi_dbtool.").strip("_") not in ids]
    assert missing == []


def test_every_module_is_in_exactly_one_layer() -> None:
    layered = [m.removeprefix("conefi_dbtool.") for layer in _layers() for m in layer]
    assert len(layered) == len(set(layered))
    tops = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    tops |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert tops, "no modules found"
    assert sorted(tops - set(layered)) == []
    assert sorted(set(layered) - tops) == []
