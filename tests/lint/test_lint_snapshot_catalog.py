"""`lint --catalog snap.json`: a target's catalog snapshot adds what its databases hold to
the objects names resolve against (issue 15, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BASE, make_project, run

from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    DatabaseCatalog,
    Sequence,
    SourceObject,
    Table,
    snapshot_to_json,
)
from conefi_dbtool.lint import LintResult, lint_paths, lint_target
from conefi_dbtool.lint.runkey import cached_target

SNAPSHOT = CatalogSnapshot("example", (DatabaseCatalog(
    "erp",
    tables=(Table("OUTRO", "T_CLIENTE", (Column("CLI_ID", "NUMBER"), Column("CLI_NOME", "VARCHAR2(40)"))),
            Table("SGU", "T_NOVA", (Column("NOVA_ID", "NUMBER"),))),
    sequences=(Sequence("OUTRO", "S_CLIENTE"),),
    sources=(
        SourceObject("OUTRO", "package", "PKG_CLIENTE",
                     "PACKAGE OUTRO.PKG_CLIENTE AS\n  PROCEDURE p_grava(p_id IN NUMBER);\n"
                     "  c_max CONSTANT NUMBER := 3;\nEND PKG_CLIENTE;"),
        SourceObject("OUTRO", "view", "V_CLIENTE",
                     "SELECT c.CLI_ID, c.CLI_NOME AS NOME FROM OUTRO.T_CLIENTE c"),
        SourceObject("CONEFI", "procedure", "P_A", "PROCEDURE CONEFI.P_A IS\nBEGIN\n  NULL;\nEND;"),
    ),
    owners=("OUTRO", "SGU"),
),))

GOOD = """\
SELECT c.CLI_NOME FROM OUTRO.T_CLIENTE c;
SELECT v.NOME FROM OUTRO.V_CLIENTE v;
SELECT n.NOVA_ID FROM SGU.T_NOVA n;
BEGIN
  OUTRO.PKG_CLIENTE.p_grava(OUTRO.S_CLIENTE.NEXTVAL);
END;
/
"""
BAD = """\
SELECT c.CLI_NOMX FROM OUTRO.T_CLIENTE c;
SELECT v.CLI_NOME FROM OUTRO.V_CLIENTE v;
SELECT 1 FROM OUTRO.T_NAO_HA;
BEGIN
  OUTRO.PKG_CLIENTE.p_grave(OUTRO.S_CLIENTX.NEXTVAL);
END;
/
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def errors(result: LintResult) -> list[tuple[int, str, str]]:
    return [(f.line, f.code, f.oracle_error) for f in result.findings if f.severity == "error"]


def test_the_snapshots_objects_resolve_and_its_schemas_are_fully_known(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {})
    snap = write(tmp_path / "snap.json", snapshot_to_json(SNAPSHOT))
    good, bad = write(tmp_path / "good.sql", GOOD), write(tmp_path / "bad.sql", BAD)

    def lint(path: Path, catalog: Path | None) -> LintResult:
        return lint_paths([path], project, target, use_cache=False, jobs=1, catalog_path=catalog)

    assert errors(lint(good, snap)) == []
    assert (3, "REF001", "ORA-00942") in errors(lint(good, None))  # SGU is fully known
    assert errors(lint(bad, None)) == []  # OUTRO is not the target's: nothing is checked
    assert errors(lint(bad, snap)) == [
        (1, "REF002", "ORA-00904"), (2, "REF002", "ORA-00904"), (3, "REF001", "ORA-00942"),
        (5, "REF003", "PLS-00302"), (5, "REF003", "ORA-02289")]
    message = next(f.message for f in lint(bad, snap).findings if f.line == 1)
    assert "known from the catalog snapshot snap.json" in message


def test_what_the_project_creates_wins_over_the_deployed_version(tmp_path: Path) -> None:
    deployed = CatalogSnapshot("example", (DatabaseCatalog("erp", sources=(SourceObject(
        "CONEFI", "package", "PKG_X",
        "PACKAGE CONEFI.PKG_X AS\n  PROCEDURE p_antigo;\nEND PKG_X;"),), owners=("CONEFI",)),))
    snap = write(tmp_path / "snap.json", snapshot_to_json(deployed))
    caller = {"erp/conefi/procedure/P_B.sql.j2":
              "CREATE OR REPLACE PROCEDURE {{ obj.qualified }} IS\nBEGIN\n"
              "  CONEFI.PKG_X.p_novo;\nEND;\n"}
    spec = {"erp/conefi/package/PKG_X.sql.j2":
            "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\n  PROCEDURE p_novo;\nEND;\n"}
    project, target = make_project(tmp_path / "old", caller)
    assert errors(lint_target(project, target, use_cache=False, jobs=1, catalog_path=snap)) == [
        (3, "REF003", "PLS-00302"), (3, "TPL001", "")]  # TPL001: the template's literal schema
    project, target = make_project(tmp_path / "new", {**caller, **spec})
    assert errors(lint_target(project, target, use_cache=False, jobs=1, catalog_path=snap)) == [
        (3, "TPL001", "")]


def test_a_changed_snapshot_is_a_new_run(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {})
    snap = write(tmp_path / "snap.json", snapshot_to_json(SNAPSHOT))
    bad = write(tmp_path / "bad.sql", "SELECT c.CLI_CPF FROM OUTRO.T_CLIENTE c;\n")
    first = lint_paths([bad], project, target, jobs=1, catalog_path=snap)
    assert [f.code for f in first.findings] == ["REF002"]
    table = SNAPSHOT.databases[0].tables[0]
    grown = Table(table.owner, table.name, (*table.columns, Column("CLI_CPF", "CHAR(11)")))
    db = SNAPSHOT.databases[0]
    write(snap, snapshot_to_json(CatalogSnapshot("example", (DatabaseCatalog(
        "erp", tables=(grown,), owners=db.owners),))))
    assert lint_paths([bad], project, target, jobs=1, catalog_path=snap).findings == ()


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    path = tmp_path / "conefi.toml"
    path.write_text('[project]\ntemplates = "templates"\n' + BASE, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "expected"), [
    ('{"target": "example", "databases": [', "snap.json:1: not valid JSON"),
    ('{"target": "example", "databases": [{"database": "erp", "tables": [{"owner": 1}]}]}',
     "snap.json: $.databases[0].tables[0]"),
])
def test_a_bad_snapshot_is_a_one_line_usage_error(config: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   text: str, expected: str) -> None:
    snap = write(tmp_path / "snap.json", text)
    code, _out, err = run(["--config", str(config), "lint", "-t", "example", "--no-cache",
                           "--catalog", str(snap)], capsys)
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1


def test_catalog_needs_a_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = write(tmp_path / "x.sql", "SELECT 1 FROM DUAL;\n")
    code, _out, err = run(["lint", "--catalog", str(tmp_path / "snap.json"), str(sql)], capsys)
    assert code == 2 and "--catalog needs --target" in err


def test_lint_with_a_snapshot_from_the_cli(config: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    snap = write(tmp_path / "snap.json", snapshot_to_json(SNAPSHOT))
    bad = write(tmp_path / "bad.sql", "SELECT c.CLI_NOMX FROM OUTRO.T_CLIENTE c;\n")
    base = ["--config", str(config), "lint", "-t", "example", str(bad)]
    assert run(base, capsys)[0] == 0
    code, out, _ = run([*base, "--catalog", str(snap)], capsys)
    assert code == 1 and "REF002" in out and "[ORA-00904]" in out


def test_a_targets_warm_run_is_keyed_by_the_snapshots_bytes(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {})
    snap = write(tmp_path / "snap.json", snapshot_to_json(SNAPSHOT))
    lint_target(project, target, jobs=1, catalog_path=snap)
    assert cached_target(project, target, catalog_path=snap) is not None
    assert cached_target(project, target) is None  # without the snapshot: another run
    write(snap, snapshot_to_json(CatalogSnapshot("example")))
    assert cached_target(project, target, catalog_path=snap) is None
