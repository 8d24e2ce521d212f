"""The expression typer (conefi_dbtool.lint.typecheck): types, scopes and what they break."""

from __future__ import annotations

import pytest

from conefi_dbtool.dictionary import Dictionary, Field
from conefi_dbtool.lint.references import (
    Catalog,
    Created,
    base_catalog,
    load_external_objects,
    table_column_types,
    with_created,
)
from conefi_dbtool.lint.runkey import CatalogInputs
from conefi_dbtool.lint.semantic import Check
from conefi_dbtool.lint.typecheck import (
    Family,
    PackageTypes,
    check_types,
    column_type,
    declared_type,
    package_types,
)
from conefi_dbtool.plsql.parser import parse


def _catalog() -> Catalog:
    fields = (Field("SE1", 1, "E1_NUM", "C", 9, 0, "Numero", "test"),
              Field("SE1", 2, "E1_VENCREA", "D", 8, 0, "Vencto real", "test"),
              Field("SE1", 3, "E1_SALDO", "N", 16, 2, "Saldo", "test"))
    base = base_catalog(Dictionary(fields), load_external_objects(),
                        CatalogInputs(schemas={}, complete_schemas={}, company_suffix="030"))
    ddl = "CREATE TABLE CONEFI.T_FILA (ID NUMBER(18), ACAO VARCHAR2(3) NOT NULL, QUANDO DATE)"
    return with_created(base, [Created("erp", "CONEFI", "T_FILA", "TABLE",
                                       ("ID", "ACAO", "QUANDO"), None,
                                       table_column_types(ddl))])


def _issues(sql: str, packages_sql: str = "") -> list[tuple[Check, int]]:
    packages: dict[str, PackageTypes] = {}
    if packages_sql:
        packages = {p.name: p for p in package_types(packages_sql, parse(packages_sql).tree)}
    found = check_types(sql, parse(sql).tree, _catalog(), "erp", "CONEFI", packages)
    return [(i.check, i.line) for i in found]


@pytest.mark.parametrize(("words", "family", "size"), [
    (["VARCHAR2", "(", "8", ")"], Family.CHARACTER, 8),
    (["VARCHAR2", "(", "8", "CHAR", ")"], Family.CHARACTER, 8),
    (["CHAR"], Family.CHARACTER, 1),
    (["CLOB"], Family.CHARACTER, None),
    (["PLS_INTEGER"], Family.NUMBER, None),
    (["NUMBER", "(", "12", ",", "2", ")"], Family.NUMBER, None),
    (["TIMESTAMP", "WITH", "TIME", "ZONE"], Family.DATETIME, None),
    (["BOOLEAN"], Family.BOOLEAN, None),
    (["T_MINHA_TABELA"], Family.UNKNOWN, None),
])
def test_declared_types(words: list[str], family: Family, size: int | None) -> None:
    found = declared_type(words)
    assert (found.family, found.size) == (family, size)


def test_a_protheus_date_column_is_yyyymmdd_text_as_long_as_its_size() -> None:
    found = column_type("CHAR(8)", protheus_date=True)
    assert (found.family, found.size, found.reach, found.yyyymmdd) == (
        Family.CHARACTER, 8, 8, True)


def test_table_column_types_come_from_the_create_table() -> None:
    ddl = ("CREATE TABLE X.T (A VARCHAR2(3) DEFAULT 'P' NOT NULL, B NUMBER(18, 2), C DATE,"
           " CONSTRAINT PK_T PRIMARY KEY (A))")
    assert table_column_types(ddl) == (("A", "VARCHAR2(3)"), ("B", "NUMBER(18,2)"), ("C", "DATE"))


def test_boolean_and_other_families_do_not_mix() -> None:
    sql = """CREATE OR REPLACE FUNCTION CONEFI.F(p_n IN NUMBER, p_ok OUT BOOLEAN) RETURN BOOLEAN IS
  v_ok BOOLEAN := p_n > 0;
BEGIN
  p_ok := 1;
  IF p_ok = 1 THEN NULL; END IF;
  IF NOT p_n THEN NULL; END IF;
  RETURN 'S';
END F;"""
    assert _issues(sql) == [(Check.WRONG_TYPE, 4), (Check.ARGUMENT_TYPE, 5),
                            (Check.ARGUMENT_TYPE, 6), (Check.WRONG_TYPE, 7)]


def test_implicit_conversions_between_text_numbers_and_dates_are_no_type_error() -> None:
    sql = """CREATE OR REPLACE FUNCTION CONEFI.F(p_n IN NUMBER) RETURN VARCHAR2 IS
  v_n NUMBER := '12';
  v_t VARCHAR2(40) := p_n + 1;
  v_d DATE := SYSDATE + p_n;
BEGIN
  RETURN v_d - SYSDATE;
END F;"""
    assert _issues(sql) == []


def test_unknown_types_are_never_judged() -> None:
    sql = """CREATE OR REPLACE FUNCTION CONEFI.F(p_x IN OUTRO.PKG.T_REC) RETURN BOOLEAN IS
  v_r CONEFI.T_NADA%ROWTYPE;
  v_c OUTRO.TABELA.COLUNA%TYPE;
BEGIN
  IF p_x.flag THEN RETURN v_r.ok; END IF;
  RETURN v_c;
END F;"""
    assert _issues(sql) == []


def test_inner_declarations_hide_outer_ones() -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P IS
  v BOOLEAN;
BEGIN
  DECLARE
    v NUMBER;
  BEGIN
    v := 1;
  END;
  FOR v IN 1 .. 3 LOOP NULL; END LOOP;
  v := TRUE;
END P;"""
    assert _issues(sql) == []


def test_calls_are_typed_through_the_package_spec_of_another_unit() -> None:
    spec = """CREATE OR REPLACE PACKAGE CONEFI.PKG_A AS
  FUNCTION f_ativo RETURN VARCHAR2;
  PROCEDURE p_marca(p_ok IN BOOLEAN, p_qtd IN NUMBER DEFAULT 0);
  PROCEDURE p_marca(p_ok IN VARCHAR2);
END PKG_A;"""
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P IS
BEGIN
  IF CONEFI.PKG_A.f_ativo THEN NULL; END IF;
  PKG_A.p_marca(TRUE);
  PKG_A.p_marca('S');
  PKG_A.p_marca(1, 2);
  PKG_A.p_marca(1 + 1, 2);
END P;"""
    # line 6: a literal actual's family is SEM002's (overload matching), not reported twice
    assert _issues(sql, spec) == [(Check.WRONG_TYPE, 3), (Check.ARGUMENT_TYPE, 7)]


def test_a_builtin_package_procedure_rejects_text_for_its_boolean_parameter() -> None:
    sql = """BEGIN
  SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_X', 'TR' || 'UE');
  SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_X', TRUE);
  SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_X', 'TRUE');
END;"""
    # line 4: a literal actual is SEM002's
    assert _issues(sql) == [(Check.ARGUMENT_TYPE, 2)]


def test_boolean_in_sql_only_when_no_table_may_have_that_column() -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P(p_ok IN BOOLEAN, acao IN BOOLEAN) IS
BEGIN
  INSERT INTO CONEFI.T_FILA (ID) SELECT 1 FROM DUAL WHERE p_ok;
  UPDATE CONEFI.T_FILA f SET f.ID = 2 WHERE acao IS NULL;
  DELETE FROM OUTRO.T_X WHERE p_ok;
END P;"""
    assert _issues(sql) == [(Check.BOOLEAN_IN_SQL, 3)]


def test_values_too_long_for_their_variable_are_reported_at_its_declaration() -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P(p_nome IN VARCHAR2) IS
  v_acao  VARCHAR2(2);
  v_num   VARCHAR2(4);
  v_livre VARCHAR2(2) := p_nome;
  v_blank VARCHAR2(1) := '  ';
  v_cat   VARCHAR2(2) := 'A' || p_nome;
BEGIN
  SELECT f.ACAO INTO v_acao FROM CONEFI.T_FILA f WHERE f.ID = 1;
  SELECT e1.E1_NUM INTO v_num FROM SIGA.SE1030 e1 WHERE e1.R_E_C_N_O_ = 1;
  v_cat := v_cat || 'B';
END P;"""
    assert _issues(sql) == [(Check.VALUE_TOO_LONG, 2), (Check.VALUE_TOO_LONG, 3)]


def test_a_unit_function_reaches_what_it_returns() -> None:
    sql = """CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_A AS
  FUNCTION f_acao(p IN VARCHAR2) RETURN VARCHAR2 IS
  BEGIN
    IF p = 'X' THEN RETURN 'IGNORE'; END IF;
    RETURN 'PGO';
  END f_acao;
  PROCEDURE p_run IS
    v_acao VARCHAR2(3);
  BEGIN
    v_acao := f_acao('X');
  END p_run;
END PKG_A;"""
    assert _issues(sql) == [(Check.VALUE_TOO_LONG, 8)]


def test_protheus_dates_and_text_converted_to_date_implicitly() -> None:
    sql = """CREATE OR REPLACE VIEW CONEFI.V AS
SELECT e1.E1_NUM FROM SIGA.SE1030 e1, CONEFI.T_FILA q
 WHERE e1.E1_VENCREA < q.QUANDO
   AND e1.E1_VENCREA < TO_CHAR(q.QUANDO, 'YYYYMMDD')
   AND TO_DATE(e1.E1_VENCREA) > SYSDATE
   AND TO_DATE(e1.E1_VENCREA, 'YYYYMMDD') > SYSDATE
   AND q.QUANDO > DATE '2020-01-01'"""
    assert _issues(sql) == [(Check.DATE_TEXT, 3), (Check.DATE_TEXT, 5)]


def test_to_char_of_a_number_with_a_date_model() -> None:
    sql = """CREATE OR REPLACE VIEW CONEFI.V AS
SELECT TO_CHAR(e1.E1_SALDO, 'YYYYMMDD') AS A, TO_CHAR(e1.E1_SALDO, 'FM999G990D00') AS B,
       TO_CHAR(e1.R_E_C_N_O_, 'DD/MM/YYYY') AS C
  FROM SIGA.SE1030 e1"""
    assert _issues(sql) == [(Check.NUMBER_DATE_MODEL, 2), (Check.NUMBER_DATE_MODEL, 3)]


def test_numbers_and_dates_and_records_and_scalars_do_not_convert() -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P(p_n IN NUMBER) IS
  v_d DATE := p_n;
  v_n NUMBER := SYSDATE - v_d;
  v_r CONEFI.T_FILA%ROWTYPE;
  v_t TIMESTAMP := SYSTIMESTAMP;
BEGIN
  v_r := p_n;
  v_d := v_d + 1;
  v_n := v_t - v_t;
END P;"""
    assert _issues(sql) == [(Check.WRONG_TYPE, 2), (Check.WRONG_TYPE, 7)]


def test_a_scalar_subquery_has_the_type_of_its_select_item() -> None:
    sql = """CREATE OR REPLACE VIEW CONEFI.V AS
SELECT e1.E1_NUM FROM SIGA.SE1030 e1
 WHERE e1.E1_VENCREA < (SELECT MAX(q.QUANDO) FROM CONEFI.T_FILA q)
   AND e1.E1_VENCREA < (SELECT TO_CHAR(MAX(q.QUANDO), 'YYYYMMDD') FROM CONEFI.T_FILA q)"""
    assert _issues(sql) == [(Check.DATE_TEXT, 3)]


def test_fetch_targets_receive_the_cursor_select_items() -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P IS
  CURSOR c IS SELECT e1.E1_NUM, e1.E1_VENCREA FROM SIGA.SE1030 e1;
  v_num  VARCHAR2(3);
  v_venc DATE;
BEGIN
  OPEN c;
  FETCH c INTO v_num, v_venc;
  CLOSE c;
END P;"""
    assert _issues(sql) == [(Check.VALUE_TOO_LONG, 3), (Check.DATE_TEXT, 7)]


def test_a_date_as_text_is_nine_characters_with_the_default_nls_format() -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P IS
  v_hoje  VARCHAR2(8) := SYSDATE;
  v_texto VARCHAR2(20) := SYSDATE;
BEGIN
  UPDATE SIGA.SE1030 e1 SET e1.E1_VENCREA = SYSDATE WHERE e1.R_E_C_N_O_ = 1;
END P;"""
    assert _issues(sql) == [(Check.VALUE_TOO_LONG, 2), (Check.VALUE_TOO_LARGE, 5)]
