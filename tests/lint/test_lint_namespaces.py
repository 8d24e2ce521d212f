"""What a name resolves to in path mode: namespaces per argument, pseudocolumns, columns an
ALTER TABLE adds, and scripts saved by Windows editors (issue 14, item 4)."""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.dictionary import Dictionary
from conefi_dbtool.lint import LintResult, lint_paths
from conefi_dbtool.lint.references import (
    ADDED_COLUMNS,
    Catalog,
    CatalogInputs,
    Created,
    ExternalObjects,
    added_columns,
    build_catalog,
    check_references,
)
from conefi_dbtool.lint.sqlfacts import ColumnRef, Statement, TableRef, TreeFacts
from conefi_dbtool.lint.sqltext import scan


def lint(paths: list[Path]) -> LintResult:
    return lint_paths(paths, None, None, use_cache=False, jobs=1)


def refs(result: LintResult) -> list[tuple[str, int, str]]:
    return [(Path(f.file).name, f.line, f.code) for f in result.findings if f.code.startswith("REF")]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


EMP_A = "CREATE TABLE emp (id NUMBER, name VARCHAR2(30));\nSELECT e.name FROM emp e;\n"
EMP_B = "CREATE TABLE emp (emp_no NUMBER, salary NUMBER);\nSELECT e.salary FROM emp e;\n"


def test_each_file_argument_is_its_own_namespace(tmp_path: Path) -> None:
    a = write(tmp_path / "a.sql", EMP_A)
    b = write(tmp_path / "b.sql", EMP_B)
    assert refs(lint([a, b])) == []
    assert refs(lint([b, a])) == []


def test_a_typo_is_still_found_in_its_own_namespace(tmp_path: Path) -> None:
    a = write(tmp_path / "a.sql", EMP_A + "SELECT e.salary FROM emp e;\n")
    b = write(tmp_path / "b.sql", EMP_B)
    assert refs(lint([a, b])) == [("a.sql", 3, "REF002")]


def test_a_directory_argument_is_one_namespace(tmp_path: Path) -> None:
    write(tmp_path / "app" / "1_tables.sql", "CREATE TABLE app_t (id NUMBER, label VARCHAR2(9));\n")
    write(tmp_path / "app" / "2_queries.sql", "SELECT t.label FROM app_t t;\nSELECT t.lable FROM app_t t;\n")
    other = write(tmp_path / "other.sql", "CREATE TABLE app_t (lable NUMBER);\n")
    assert refs(lint([tmp_path / "app", other])) == [("2_queries.sql", 2, "REF002")]


def test_with_a_cache_the_grouping_of_the_arguments_still_counts(tmp_path: Path) -> None:
    a = write(tmp_path / "d" / "a.sql", EMP_A)
    b = write(tmp_path / "d" / "b.sql", EMP_B)
    as_files = lint_paths([a, b], None, None, cache_root=tmp_path, jobs=1)
    as_directory = lint_paths([tmp_path / "d"], None, None, cache_root=tmp_path, jobs=1)
    assert refs(as_files) == []
    assert refs(as_directory) != []  # one namespace: the last CREATE TABLE emp wins


def test_pseudocolumns_are_columns_of_every_table(tmp_path: Path) -> None:
    sql = write(tmp_path / "p.sql", "CREATE TABLE t1 (a NUMBER);\n"
                "SELECT c.a, c.ora_rowscn FROM t1 c;\nSELECT c.a, c.zz FROM t1 c;\n")
    assert refs(lint([sql])) == [("p.sql", 3, "REF002")]


def _one_table_catalog(columns: tuple[str, ...]) -> Catalog:
    inputs = CatalogInputs(schemas={}, complete_schemas={}, company_suffix=None)
    return build_catalog(Dictionary(()), ExternalObjects({}, ()), inputs,
                         [Created("", "", "T1", "TABLE", columns)])


def test_rowid_and_the_other_pseudocolumns_are_known_to_the_checker() -> None:
    catalog = _one_table_catalog(("A",))
    names = ["ROWID", "ROWNUM", "LEVEL", "ORA_ROWSCN", "CONNECT_BY_ISLEAF", "CONNECT_BY_ISCYCLE",
             "NOPE"]
    tree = TreeFacts(statements=(Statement("select", 1, 1),),
                     tables=(TableRef(("T1",), "C", "read", 1, 1, statement=0),),
                     columns=tuple(ColumnRef(("C", n), "expr", 1, i + 1, statement=0)
                                   for i, n in enumerate(names)))
    hits = check_references(catalog, scan("SELECT 1 FROM dual").facts, tree, None, "")
    assert [h.message.split()[0] for h in hits] == ["NOPE"]


def test_alter_table_add_and_rename_column_add_known_columns(tmp_path: Path) -> None:
    sql = write(tmp_path / "alter.sql", "CREATE TABLE reg (id NUMBER);\n"
                "ALTER TABLE reg ADD (country CHAR(2), CONSTRAINT reg_ck CHECK (id > 0), "
                "zone NUMBER DEFAULT 1);\n"
                "ALTER TABLE reg ADD phone VARCHAR2(9);\n"
                "ALTER TABLE reg RENAME COLUMN phone TO phone_no;\n"
                "SELECT r.country, r.zone, r.phone_no FROM reg r;\n"
                "SELECT r.city FROM reg r;\n")
    assert refs(lint([sql])) == [("alter.sql", 6, "REF002")]


def test_added_columns_reads_every_add_clause() -> None:
    found = added_columns('ALTER TABLE s.t ADD (a NUMBER, "b" DATE, PRIMARY KEY (a)) ADD c INT',
                          None, "")
    assert found == [Created("", "S", "T", ADDED_COLUMNS, ("A", "b", "C"))]
    assert added_columns("ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY (a)", "erp", "X") == []
    assert added_columns("ALTER INDEX i REBUILD", None, "") == []


def test_a_byte_order_mark_and_a_cp1252_file_are_linted_as_text(tmp_path: Path) -> None:
    bom = tmp_path / "bom.sql"
    bom.write_bytes(b"\xef\xbb\xbf" + EMP_A.encode() + b"SELECT e.salary FROM emp e;\n")
    ansi = tmp_path / "ansi.sql"
    ansi.write_bytes("-- relatório de cobrança\nCREATE TABLE t2 (a NUMBER);\n"
                     "SELECT x.b FROM t2 x WHERE 'ç' = 'ç';\n".encode("cp1252"))
    result = lint([bom, ansi])
    assert refs(result) == [("ansi.sql", 3, "REF002"), ("bom.sql", 3, "REF002")]
    assert not [f for f in result.findings if f.code == "SYN002"]


def test_a_trigger_does_not_reach_code_of_another_file_argument(tmp_path: Path) -> None:
    trigger = ("CREATE OR REPLACE TRIGGER trg AFTER INSERT ON t FOR EACH ROW\n"
               "BEGIN\n  log_it;\nEND;\n/\n")
    logger = "CREATE OR REPLACE PROCEDURE log_it IS\nBEGIN\n  COMMIT;\nEND;\n/\n"
    a = write(tmp_path / "a.sql", trigger)
    b = write(tmp_path / "b.sql", logger)
    together = write(tmp_path / "both" / "c.sql", trigger + logger)
    codes = [f.code for f in lint([a, b]).findings]
    assert "PLS002" not in codes
    assert "PLS002" in [f.code for f in lint([together]).findings]
