"""The lint cache: a second run with nothing changed parses nothing; a change re-parses its units."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.config import load_project
from conefi_dbtool.findings import Severity
from conefi_dbtool.lint import engine, lint_paths, lint_target
from conefi_dbtool.lint.cache import LintCache
from conefi_dbtool.lint.units import UnitAnalysis
from conefi_dbtool.serial import from_data, to_data

VIEW = """{#
purpose: a view
#}
CREATE OR REPLACE VIEW {{ obj.qualified }} AS
SELECT e1.E1_NUM FROM {{ protheus('SE1') }} e1 WHERE e1.D_E_L_E_T_ = ' '
"""
PROC = """CREATE OR REPLACE PROCEDURE {{ obj.qualified }} IS
BEGIN
  NULL;
END;
"""


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(engine, "run_task", fail)


def test_second_run_is_served_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, target = make_project(tmp_path, {"erp/conefi/view/V_A.sql.j2": VIEW,
                                              "erp/conefi/procedure/P_A.sql.j2": PROC})
    first = lint_target(project, target, jobs=1)
    assert (first.units, first.cache_hits, first.cache_misses) == (2, 0, 2)
    assert (tmp_path / ".conefi-cache" / "lint").is_dir()
    no_parsing(monkeypatch)

    def no_render(*args: object) -> None:
        raise AssertionError("rendered although cached")

    monkeypatch.setattr(engine, "target_sources", no_render)
    second = lint_target(load_project(tmp_path / "conefi.toml"), target, jobs=1)
    assert (second.cache_hits, second.cache_misses) == (2, 0)
    assert second.findings == first.findings


def test_a_result_read_from_the_cache_keeps_its_severities(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {
        "erp/conefi/view/V_A.sql.j2": VIEW.replace("e1.E1_NUM", "e1.E1_NUMX")})
    first = lint_target(project, target, jobs=1)
    second = lint_target(project, target, jobs=1)
    assert (second.cache_hits, second.cache_misses) == (1, 0)
    assert second.findings == first.findings
    assert [(f.code, type(f.severity)) for f in second.findings] == [("REF002", Severity)]
    assert second.fails("error") and second.findings[0].severity.rank == 2


def test_a_changed_template_reparses_only_its_units(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {"erp/conefi/view/V_A.sql.j2": VIEW,
                                              "erp/conefi/procedure/P_A.sql.j2": PROC})
    lint_target(project, target, jobs=1)
    (project.templates_dir / "erp/conefi/procedure/P_A.sql.j2").write_text(
        PROC.replace("NULL;", "NULL; NULL;"))
    again = lint_target(project, target, jobs=1)
    assert (again.cache_hits, again.cache_misses) == (1, 1)


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {"erp/conefi/procedure/P_A.sql.j2": PROC})
    result = lint_target(project, target, use_cache=False, jobs=1)
    assert result.cache_misses == 1
    assert not (tmp_path / ".conefi-cache").exists()


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {})
    script = tmp_path / "a.sql"
    script.write_text("SELECT E1_NUM FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';\n")
    lint_paths([script], project, target, jobs=1)
    for entry in (tmp_path / ".conefi-cache").rglob("*.json"):
        entry.write_text("{not json")
    again = lint_paths([script], project, target, jobs=1)
    assert (again.cache_hits, again.cache_misses) == (0, 1)


def test_analysis_round_trips_through_json(tmp_path: Path) -> None:
    analysis = engine.analyze("plsql", """CREATE OR REPLACE TRIGGER CONEFI.T
AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
BEGIN
  CONEFI.PKG.P(:NEW.INTRE_ID);
EXCEPTION WHEN OTHERS THEN NULL;
END;""")
    assert from_data(UnitAnalysis, to_data(analysis)) == analysis
    cache = LintCache(tmp_path)
    cache.put_unit("ab" * 32, analysis)
    assert cache.get_unit("ab" * 32, UnitAnalysis) == analysis
    assert LintCache(tmp_path, enabled=False).get_unit("ab" * 32, UnitAnalysis) is None


def test_parallel_parse_gives_the_same_result(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n".join(
        f"  PROCEDURE p{i} IS\n  BEGIN\n    UPDATE SIGA.SE1030 SET E1_SALDO = {i} "
        f"WHERE D_E_L_E_T_ = ' ';\n  END p{i};" for i in range(12))
    sql = f"CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_P AS\n{body}\nEND PKG_P;\n/\n"
    sql += "SELECT E1_NUMX FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ';\n"
    project, target = make_project(tmp_path, {})
    script = tmp_path / "p.sql"
    script.write_text(sql)
    serial = lint_paths([script], project, target, use_cache=False, jobs=1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_CHARS", 0)  # a real pool even for this small input
    parallel = lint_paths([script], project, target, use_cache=False, jobs=2)
    assert serial.findings == parallel.findings
    assert [(f.code, f.line) for f in serial.findings] == [("REF002", 52)]


def test_prune_keeps_the_most_recently_used_entries_that_fit_the_byte_limit(
        tmp_path: Path) -> None:
    import os

    analysis = engine.analyze("sql", "SELECT 1 FROM dual")
    units = tmp_path / ".conefi-cache" / "lint" / "units"
    LintCache(tmp_path / "probe", limit=0).put_unit("ab" * 32, analysis)
    probe = tmp_path / "probe" / ".conefi-cache" / "lint" / "units" / "ab" / f"{'ab' * 32}.json"
    size = probe.stat().st_size
    store = LintCache(tmp_path, limit=2 * size)  # room for two entries, not three
    for number, key in enumerate(["aa" * 32, "bb" * 32, "cc" * 32]):
        store.put_unit(key, analysis)
        os.utime(units / key[:2] / f"{key}.json", (1000 + number, 1000 + number))
    assert store.get_unit("aa" * 32, UnitAnalysis) == analysis  # used now: the newest
    store.prune()
    assert store.get_unit("aa" * 32, UnitAnalysis) == analysis
    assert store.get_unit("bb" * 32, UnitAnalysis) is None  # the least recently used goes first
    assert store.get_unit("cc" * 32, UnitAnalysis) == analysis
    LintCache(tmp_path, limit=0).prune()  # a zero limit keeps nothing
    assert list(units.glob("*/*.json")) == []


def test_the_byte_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    from conefi_dbtool.errors import UsageError
    from conefi_dbtool.lint import cache as cache_module

    assert cache_module.max_bytes({}) == cache_module.DEFAULT_MAX_MB * 2**20
    assert cache_module.max_bytes({"CONEFI_LINT_CACHE_MB": " 1.5 "}) == 3 * 2**19
    assert cache_module.max_bytes({"CONEFI_LINT_CACHE_MB": "0"}) == 0
    for bad in ("lots", "-1", "inf", "nan"):
        with pytest.raises(UsageError, match=r"\$CONEFI_LINT_CACHE_MB=.*a size in MiB"):
            cache_module.max_bytes({"CONEFI_LINT_CACHE_MB": bad})
    monkeypatch.setenv("CONEFI_LINT_CACHE_MB", "2")
    assert LintCache(tmp_path).limit == 2 * 2**20
    monkeypatch.setenv("CONEFI_LINT_CACHE_MB", "lots")
    assert LintCache(tmp_path, enabled=False).limit == 0  # --no-cache never reads it
