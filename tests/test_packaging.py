"""What users' files depend on: package layout and the frozen revisions' interface."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import alembic.op
from alembic.operations import Operations

PACKAGE = Path(__file__).resolve().parent.parent / "conefi_dbtool"

# Revision files frozen in users' repositories call these; renaming one breaks them.
STABLE_OPS = ("replace_object", "create_object", "alter_table_pieces", "drop_object", "create_job",
              "replace_job", "drop_job", "sync_grants", "apply_grants", "grant", "revoke", "run_sql")


def test_every_package_directory_is_a_regular_package() -> None:
    """A directory without __init__.py is left out of the wheel (setuptools find_packages)."""
    dirs = {p.parent for p in PACKAGE.rglob("*.py")}
    assert PACKAGE / "migrations" in dirs
    missing = sorted(str(d.relative_to(PACKAGE)) for d in dirs if not (d / "__init__.py").is_file())
    assert missing == []


def test_frozen_revisions_import_path_and_op_names_are_stable() -> None:
    importlib.import_module("conefi_dbtool.migrations.ops")
    for name in STABLE_OPS:
        assert hasattr(Operations, name), name
        assert callable(getattr(Operations, name)), name
    assert inspect.ismodule(alembic.op)


def test_the_repositorys_revisions_use_only_the_stable_interface() -> None:
    versions = PACKAGE.parent / "migrations" / "versions"
    texts = [p.read_text(encoding="utf-8") for p in sorted(versions.glob("*.py"))]
    assert texts
    used: set[str] = set()
    for text in texts:
        imports = {line.split("#")[0].strip() for line in text.splitlines()
                   if "conefi_dbtool" in line and "import" in line}
        assert imports == {"import conefi_dbtool.migrations.ops"}, imports
        called = set(re.findall(r"\bop\.([a-z_]+)\(", text))
        assert called <= set(STABLE_OPS), called - set(STABLE_OPS)
        used |= called
    assert {"replace_object", "create_object", "drop_object"} <= used
