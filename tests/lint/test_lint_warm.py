"""A warm lint (nothing changed) prints the cached result without importing the engine.

Each run is a fresh process, as a user's is, with its own string hash seed (a key built
from a set's repr would then never be found again). The probe lists, at exit, which of the
heavy modules the process imported.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.config import Project, Target
from conefi_dbtool.lint.engine import lint_target
from conefi_dbtool.lint.report import FORMATS, render

# what a warm run must not import: the parser, the rules, the engine, the renderer (and
# the template context behind it), the report formats it does not print
HEAVY = ("conefi_dbtool.plsql", "conefi_dbtool.lint.rules", "conefi_dbtool.lint.engine",
         "conefi_dbtool.lint.syntax", "conefi_dbtool.render", "conefi_dbtool.context", "jinja2",
         "conefi_dbtool.junit", "rich")
PROBE = """
import atexit, json, sys
from conefi_dbtool.cli import main

def report():
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"jinja2", "rich"}
                   or m.startswith(tuple(json.loads(sys.argv[1]))))
    with open(sys.argv[2], "w") as out:
        json.dump(heavy, out)

atexit.register(report)
main(sys.argv[3:])
"""
VIEW = """CREATE OR REPLACE VIEW {{ obj.qualified }} AS
SELECT e1.E1_NUMX FROM {{ protheus('SE1') }} e1 WHERE e1.D_E_L_E_T_ = ' '
"""
PROC = """CREATE OR REPLACE PROCEDURE {{ obj.qualified }} IS
BEGIN
  SELECT * INTO v FROM dual; -- conefi: allow PLS006 a probe
END;
"""


@dataclasses.dataclass(frozen=True)
class Run:
    code: int
    out: str
    imported: list[str]


def lint(tmp_path: Path, *args: str, seed: int) -> Run:
    """`conefi-dbtool lint ARGS` in a fresh process (hash seed ``seed``) run in ``tmp_path``."""
    probe = tmp_path / f"imported-{seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    env.pop("CONEFI_TARGET", None)
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HEAVY), str(probe), "lint", *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return Run(proc.returncode, proc.stdout, json.loads(probe.read_text()))


def project(tmp_path: Path) -> tuple[Project, Target]:
    return make_project(tmp_path, {"erp/conefi/view/V_A.sql.j2": VIEW,
                                   "erp/conefi/procedure/P_A.sql.j2": PROC})


def test_a_warm_target_run_imports_neither_the_parser_nor_the_rules(tmp_path: Path) -> None:
    project(tmp_path)
    cold = lint(tmp_path, "--target", "example", seed=1)
    assert "conefi_dbtool.lint.engine" in cold.imported  # the probe sees the engine's imports
    warm = lint(tmp_path, "--target", "example", seed=2)
    assert warm.imported == []
    assert warm.code == cold.code == 1
    assert "REF002 (unknown-column)" in warm.out
    assert warm.out.endswith("suppressed; cache 2/2\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_warm_run_prints_what_the_engine_prints(tmp_path: Path, fmt: str) -> None:
    proj, target = project(tmp_path)
    lint(tmp_path, "--target", "example", "--format", fmt, seed=3)
    warm = lint(tmp_path, "--target", "example", "--format", fmt, seed=4)
    fresh = lint_target(proj, target, use_cache=False, jobs=1)
    served = dataclasses.replace(fresh, cache_hits=fresh.units, cache_misses=0)
    assert warm.imported == (["conefi_dbtool.junit"] if fmt == "junit" else [])  # only its writer
    assert warm.out == render(served, fmt)


def test_a_warm_run_on_files_imports_neither_the_parser_nor_the_rules(tmp_path: Path) -> None:
    script = tmp_path / "a.sql"
    script.write_text("SELECT * FROM dual;\n", encoding="utf-8")
    cold = lint(tmp_path, "a.sql", seed=5)
    warm = lint(tmp_path, "a.sql", seed=6)
    assert "conefi_dbtool.lint.engine" in cold.imported
    assert (warm.imported, warm.code, warm.out) == ([], cold.code, cold.out.replace("cache 0/1", "cache 1/1"))
    assert "PLS006" in warm.out
