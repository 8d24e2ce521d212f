"""The project's Oracle parser: node kinds and exact positions, construct by construct."""

from __future__ import annotations

import pytest

from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.plsql.tree import Node, NodeKind


def tree(text: str) -> Node:
    result = parse(text)
    assert result.errors == (), [(e.line, e.col, e.message) for e in result.errors]
    return result.tree


def nodes(text: str, kind: NodeKind) -> list[tuple[tuple[str, ...], int, int, str, str]]:
    """(name, line, col, alias, role) of every node of ``kind``, in text order."""
    return [(n.name, n.line, n.col, n.alias, n.role) for n in tree(text).walk() if n.kind is kind]


def test_a_package_body_with_its_subprograms_and_declarations() -> None:
    text = """CREATE OR REPLACE EDITIONABLE PACKAGE BODY app.pkg AS
  g_n CONSTANT NUMBER := 1;
  PROCEDURE p(a IN NUMBER, b OUT NOCOPY VARCHAR2) IS
    v app.t.col%TYPE;
  BEGIN
    NULL;
  END p;
END pkg;"""
    root = tree(text)
    create = root.children[0]
    assert (create.kind, create.name, create.line, create.col) == (
        NodeKind.CREATE_PACKAGE_BODY, ("APP", "PKG"), 1, 1)
    assert nodes(text, NodeKind.SUBPROGRAM) == [(("P",), 3, 3, "", "PROCEDURE")]
    assert nodes(text, NodeKind.PARAMETER) == [(("A",), 3, 15, "", ""), (("B",), 3, 28, "", "")]
    assert [(n[0], n[4]) for n in nodes(text, NodeKind.DECLARATION)] == [
        (("G_N",), "CONSTANT"), (("V",), "VARIABLE")]
    assert nodes(text, NodeKind.COLUMN) == [(("APP", "T", "COL"), 4, 7, "", "type")]


def test_spans_cover_the_construct() -> None:
    text = "BEGIN\n  x := 1;\nEND;"
    root = tree(text)
    block = root.children[0]
    assert block.kind is NodeKind.ANONYMOUS_BLOCK
    assert (block.start, block.end) == (0, len(text))
    statement = next(n for n in root.walk() if n.kind is NodeKind.STATEMENT)
    assert (statement.role, statement.line, statement.col) == ("ASSIGN", 2, 3)
    assert text[statement.start:statement.end] == "x := 1;"


def test_a_query_with_joins_filters_and_aliases() -> None:
    text = """SELECT e.ename AS name, d.dname
  FROM emp e
  LEFT JOIN dept d ON d.deptno = e.deptno
 WHERE e.sal > (SELECT AVG(sal) FROM emp)"""
    assert nodes(text, NodeKind.TABLE) == [
        (("EMP",), 2, 8, "E", "read"), (("DEPT",), 3, 13, "D", "read"), (("EMP",), 4, 38, "", "read")]
    assert [n[4] for n in nodes(text, NodeKind.FILTER)] == ["on", "where"]
    assert [n[3] for n in nodes(text, NodeKind.SELECT_ITEM)] == ["NAME", "", ""]
    assert len(nodes(text, NodeKind.QUERY_BLOCK)) == 2
    assert nodes(text, NodeKind.CALL) == [(("AVG",), 4, 24, "", "")]


def test_outer_join_markers_with_and_without_blanks() -> None:
    text = "SELECT 1 FROM a, b WHERE a.id = b.id(+) AND a.x = b.x ( + )"
    assert [n[0] for n in nodes(text, NodeKind.COLUMN)] == [
        ("A", "ID"), ("B", "ID"), ("A", "X"), ("B", "X")]


def test_dml_targets_columns_and_returning() -> None:
    text = """BEGIN
  INSERT INTO t (a, b) VALUES (1, 2) RETURNING a INTO v;
  UPDATE t x SET x.a = 1, (b, c) = (SELECT 1, 2 FROM dual) WHERE x.id = 2;
  DELETE FROM t WHERE a = 1;
  MERGE INTO t USING s ON (t.id = s.id)
    WHEN MATCHED THEN UPDATE SET t.a = s.a
    WHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a);
END;"""
    assert [(n[0], n[3], n[4]) for n in nodes(text, NodeKind.TABLE)] == [
        (("T",), "", "insert"), (("T",), "X", "update"), (("DUAL",), "", "read"),
        (("T",), "", "delete"), (("T",), "", "merge"), (("S",), "", "read")]
    assert [n[0] for n in nodes(text, NodeKind.COLUMN) if n[4] == "set"] == [
        ("X", "A"), ("B",), ("C",), ("T", "A")]
    assert len(nodes(text, NodeKind.INSERT_COLUMNS)) == 2
    assert len(nodes(text, NodeKind.INTO)) == 1


def test_a_trigger_with_its_clauses() -> None:
    text = """CREATE OR REPLACE TRIGGER app.trg
  BEFORE INSERT OR UPDATE OF sal ON app.emp
  REFERENCING NEW AS n OLD AS o
  FOR EACH ROW
  FOLLOWS app.other
  DISABLE
  WHEN (n.sal > 0)
BEGIN
  :n.sal := 1;
END;"""
    assert nodes(text, NodeKind.TABLE) == [(("APP", "TRG"), 1, 27, "", "create"),
                                           (("APP", "EMP"), 2, 37, "", "trigger")]
    assert nodes(text, NodeKind.REFERENCING) == [(("N",), 3, 15, "", "NEW"), (("O",), 3, 24, "", "OLD")]
    assert nodes(text, NodeKind.BIND) == [(("N", "SAL"), 9, 3, "", "")]
    when = [n for n in tree(text).walk() if n.kind is NodeKind.TRIGGER_WHEN]
    assert [(c.name, c.line) for c in when[0].children] == [(("N", "SAL"), 7)]


def test_a_compound_trigger() -> None:
    text = """CREATE TRIGGER trg FOR INSERT ON emp COMPOUND TRIGGER
  g NUMBER;
  BEFORE STATEMENT IS
  BEGIN
    g := 0;
  END BEFORE STATEMENT;
  AFTER EACH ROW IS
  BEGIN
    g := g + 1;
  END AFTER EACH ROW;
END trg;"""
    assert [n[1] for n in nodes(text, NodeKind.TIMING_POINT)] == [3, 7]


@pytest.mark.parametrize("text", [
    "CREATE OR REPLACE TYPE t FORCE OID '19A57209ECB73F91E03400400B40BB23' AS OBJECT "
    "(a NUMBER, MEMBER FUNCTION f RETURN NUMBER) NOT FINAL;",
    "CREATE TYPE t2 UNDER t (b NUMBER);",
    "CREATE TYPE tt AS TABLE OF VARCHAR2(100);",
    "CREATE TYPE tv AS VARRAY(10) OF NUMBER",
    "CREATE TABLE t (id NUMBER GENERATED BY DEFAULT ON NULL AS IDENTITY, "
    "CONSTRAINT pk PRIMARY KEY (id) DISABLE NOVALIDATE) ORGANIZATION INDEX "
    "LOB (c) STORE AS SECUREFILE (ENABLE STORAGE IN ROW) PARTITION BY HASH (id) PARTITIONS 4",
    "CREATE INDEX ix ON t (UPPER(a), b DESC) TABLESPACE users",
    "CREATE SEQUENCE s START WITH 1 NOCACHE",
    "CREATE OR REPLACE PUBLIC SYNONYM s FOR app.t",
    "CREATE DATABASE LINK l CONNECT TO u IDENTIFIED BY p USING 'x'",
    "CREATE OR REPLACE AND COMPILE JAVA SOURCE NAMED \"H\" AS public class H { int a() { return (1; } }",
    "ALTER TABLE t ADD (c NUMBER)",
    "DROP PACKAGE app.pkg",
    "GRANT SELECT ON app.t TO r WITH GRANT OPTION",
    "REVOKE SELECT ON app.t FROM r",
    "COMMENT ON COLUMN app.t.c IS 'x'",
    "SELECT rowid, family (1).flavor, tab.delete, 1d, 0.95f, .3, q'[it's]', N'x' FROM t",
    "SELECT * FROM &owner..tab WHERE a = &1 AND b = '&&x'",
    "WITH x (a) AS (SELECT 1 FROM dual) SELECT a FROM x CONNECT BY PRIOR a = a",
    "SELECT * FROM (SELECT a, b FROM t) PIVOT (SUM(a) AS s FOR b IN (1 AS one, 2 AS two))",
    "SELECT SUM(a) OVER (PARTITION BY b ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
    "SELECT a FROM t FOR UPDATE OF a SKIP LOCKED",
    "SELECT * FROM t MATCH_RECOGNIZE (PARTITION BY a ORDER BY b MEASURES FIRST(x.b) AS f "
    "PATTERN (x y+ z*? w{1,3}) DEFINE y AS y.v > PREV(y.v)) m",
    "INSERT ALL INTO a VALUES (1) INTO b VALUES (2) SELECT * FROM dual",
])
def test_valid_statements_parse_without_findings(text: str) -> None:
    tree(text)


def test_plsql_statements() -> None:
    text = """DECLARE
  TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  TYPE t_rec IS RECORD (a NUMBER, b t_ids);
  CURSOR c(p NUMBER) IS SELECT a FROM t WHERE b = p;
  v_ids t_ids;
  e EXCEPTION;
  PRAGMA EXCEPTION_INIT(e, -20001);
  FUNCTION f RETURN NUMBER PIPELINED IS BEGIN PIPE ROW (1); RETURN; END;
BEGIN
  <<outer>>
  FOR r IN c(1) LOOP
    EXIT outer WHEN r.a IS NULL;
  END LOOP outer;
  FOR r IN (SELECT a FROM t) LOOP NULL; END LOOP;
  SELECT a BULK COLLECT INTO v_ids FROM t;
  FORALL i IN INDICES OF v_ids SAVE EXCEPTIONS
    DELETE FROM t WHERE a = v_ids(i);
  EXECUTE IMMEDIATE 'x' INTO v USING IN OUT w;
  OPEN rc FOR SELECT 1 FROM dual;
  FETCH rc BULK COLLECT INTO v_ids LIMIT 10;
  CLOSE rc;
  CASE WHEN 1 = 1 THEN NULL; ELSE NULL; END CASE;
  v_ids.delete;
$IF $$debug $THEN
  dbms_output.put_line($$PLSQL_UNIT);
$ELSE
  NULL;
$END
EXCEPTION
  WHEN e OR no_data_found THEN
    RAISE;
END;"""
    roles = [n[4] for n in nodes(text, NodeKind.STATEMENT)]
    assert roles[:3] == ["PIPE", "RETURN", "LABEL"]  # the nested function's come first
    assert roles[3:5] == ["FOR", "EXIT"]
    assert {"FORALL", "EXECUTE", "OPEN", "FETCH", "CLOSE", "CASE", "RAISE", "PIPE"} <= set(roles)
    assert len(nodes(text, NodeKind.HANDLER)) == 1


def test_21c_iteration_controls() -> None:
    tree("""DECLARE
  TYPE r_t IS RECORD (n NUMBER);
  c SYS_REFCURSOR;
BEGIN
  FOR r IN c_a, c_p('B') LOOP NULL; END LOOP;
  FOR r IN (SELECT n FROM t), (SELECT n FROM u) LOOP NULL; END LOOP;
  FOR r r_t IN (EXECUTE IMMEDIATE 'SELECT 1 FROM dual' USING 1) LOOP NULL; END LOOP;
  FOR i IN 1 .. 10 BY 2, REVERSE 20 .. 30 WHILE i < 25 LOOP NULL; END LOOP;
  FOR i, v IN PAIRS OF tab LOOP NULL; END LOOP;
  OPEN c FOR SELECT LEVEL AS id CONNECT BY LEVEL <= 10;
END;""")


def test_each_conditional_compilation_branch_is_checked() -> None:
    text = """BEGIN
$IF $$a $THEN
  x := 1;
$ELSE
  x := ;
$END
END;"""
    assert [(e.line, e.col) for e in parse(text).errors] == [(5, 8)]


def test_an_error_directive_is_dropped() -> None:
    tree("BEGIN\n$IF $$a $THEN\n  $ERROR 'no' $END\n$END\n  NULL;\nEND;")


def test_sqlplus_hyphen_continuation_inside_a_statement() -> None:
    tree("INSERT INTO t (a, b) -\nVALUES (1, 2)")
    assert parse("SELECT a -\n b FROM t").errors == ()  # a real minus stays one


def test_positions_follow_the_first_line() -> None:
    result = parse("BEGIN\n  x := ;\nEND;", first_line=10)
    assert [(e.line, e.col) for e in result.errors] == [(11, 8)]
    assert result.tree.children[0].line == 10
