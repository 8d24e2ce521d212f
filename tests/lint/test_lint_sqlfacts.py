"""The SQL facts the reference and PL/SQL rules read, from the parser's tree."""

from __future__ import annotations

from conefi_dbtool.lint.sqlfacts import TreeFacts, extract
from conefi_dbtool.plsql.parser import parse


def facts(text: str) -> TreeFacts:
    result = parse(text)
    assert result.errors == ()
    return extract(result.tree)


def test_statements_blocks_and_filters() -> None:
    tree = facts("""SELECT a.X FROM SIGA.SA1030 a
 WHERE a.D_E_L_E_T_ = ' ' AND EXISTS (SELECT 1 FROM SIGA.SE1030 e WHERE e.E1_CLIENTE = a.A1_COD)""")
    assert [(s.kind, s.line, s.col) for s in tree.statements] == [("select_statement", 1, 1)]
    assert [(b.statement, b.kind, b.line, b.col) for b in tree.blocks] == [
        (0, "select_statement", 1, 1), (0, "select_statement", 2, 39)]
    assert [(t.parts, t.alias, t.block) for t in tree.tables] == [
        (("SIGA", "SA1030"), "A", 0), (("SIGA", "SE1030"), "E", 1)]
    assert [(c.parts, c.block, c.in_filter) for c in tree.columns] == [
        (("A", "X"), 0, False), (("A", "D_E_L_E_T_"), 0, True),
        (("E", "E1_CLIENTE"), 1, True), (("A", "A1_COD"), 1, True)]


def test_ctes_output_names_and_derived_tables() -> None:
    tree = facts("""WITH base (k, v) AS (SELECT 1, 2 FROM dual)
SELECT b.k AS chave, x.n FROM base b, (SELECT 1 n FROM dual) x, TABLE(f()) t""")
    statement = tree.statements[0]
    assert statement.ctes == ("BASE",)
    assert statement.names == ("K", "V", "CHAVE", "N")
    assert statement.open_aliases == ("X", "T")


def test_insert_and_set_columns_point_at_their_table() -> None:
    tree = facts("""BEGIN
  INSERT INTO CONEFI.T (A, B) VALUES (1, 2);
  UPDATE CONEFI.U u SET u.C = 1 WHERE u.D = 2;
  MERGE INTO CONEFI.T t USING CONEFI.U u ON (t.A = u.A)
    WHEN MATCHED THEN UPDATE SET t.B = u.B
    WHEN NOT MATCHED THEN INSERT (A, B) VALUES (u.A, u.B);
END;""")
    roles = [(t.parts[-1], t.role) for t in tree.tables]
    assert roles == [("T", "insert"), ("U", "update"), ("T", "merge"), ("U", "read")]
    targets = [(c.parts[-1], c.role, c.target) for c in tree.columns if c.role in ("insert", "set")]
    assert targets == [("A", "insert", 0), ("B", "insert", 0), ("C", "set", 1), ("B", "set", 2),
                       ("A", "insert", 2), ("B", "insert", 2)]


def test_types_sequences_rowtypes_and_plsql_names() -> None:
    tree = facts("""CREATE OR REPLACE PROCEDURE CONEFI.P(p IN SIGA.SE1030.E1_NUM%TYPE) IS
  r SIGA.SE1030%ROWTYPE;
  v NUMBER := CONEFI.S_X.NEXTVAL;
BEGIN
  v := r.E1_NUM + p;
END P;""")
    assert [(c.parts, c.role) for c in tree.columns] == [
        (("SIGA", "SE1030", "E1_NUM"), "type"), (("CONEFI", "S_X", "NEXTVAL"), "sequence")]
    assert [(t.parts, t.role, t.statement) for t in tree.tables] == [(("SIGA", "SE1030"), "rowtype", -1)]


def test_trigger_table_correlation_names_and_when_columns() -> None:
    tree = facts("""CREATE OR REPLACE TRIGGER CONEFI.T_X
AFTER INSERT ON SGU.INTGRA_RET_ERP
REFERENCING NEW AS n OLD AS o
FOR EACH ROW
WHEN (n.INTRE_IND = 'REC')
BEGIN
  CONEFI.PKG.p(:n.INTRE_ID);
END;""")
    assert [(t.parts, t.role) for t in tree.tables] == [(("SGU", "INTGRA_RET_ERP"), "trigger")]
    assert tree.correlation == (("N", "NEW"), ("O", "OLD"))
    assert [(c.parts, c.role, c.line, c.col) for c in tree.columns] == [
        (("N", "INTRE_IND"), "correlation", 5, 7), (("N", "INTRE_ID"), "correlation", 7, 17)]


def test_created_columns_of_tables_and_views() -> None:
    assert facts("CREATE TABLE CONEFI.T (A NUMBER, B VARCHAR2(10), CONSTRAINT pk PRIMARY KEY (A))"
                 ).created_columns == ("A", "B")
    assert facts("CREATE TABLE CONEFI.T (PERIOD NUMBER, REF DATE, UNIQUE (REF), PERIOD FOR p (A, B))"
                 ).created_columns == ("PERIOD", "REF")
    assert facts("CREATE TABLE CONEFI.T AS SELECT 1 A FROM dual").created_columns is None
    assert facts("CREATE VIEW CONEFI.V (X, Y) AS SELECT 1, 2 FROM dual").created_columns == ("X", "Y")
    assert facts("CREATE VIEW CONEFI.V AS SELECT t.A, t.B AS C FROM t").created_columns == ("A", "C")
    assert facts("CREATE VIEW CONEFI.V AS SELECT t.A + 1 FROM t").created_columns is None
    assert facts("CREATE VIEW CONEFI.V AS SELECT * FROM t").created_columns is None


def test_grants_synonyms_comments_and_indexes_name_their_object() -> None:
    for text in ("GRANT SELECT ON SGU.T TO R", "CREATE SYNONYM CONEFI.S FOR SGU.T",
                 "COMMENT ON TABLE SGU.T IS 'x'", "CREATE INDEX CONEFI.IX ON SGU.T (A)"):
        assert [(t.parts, t.role) for t in facts(text).tables] == [(("SGU", "T"), "other")], text
