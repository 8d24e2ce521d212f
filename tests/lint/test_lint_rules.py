"""Each lint rule on synthetic SQL: a case it must report (exact place) and one it must not."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.lint import LintResult, lint_paths, lint_target


def lint_sql(tmp_path: Path, sql: str, *, with_target: bool = True) -> LintResult:
    project, target = make_project(tmp_path, {})
    script = tmp_path / "script.sql"
    script.write_text(sql, encoding="utf-8")
    return lint_paths([script], project, target if with_target else None, use_cache=False, jobs=1)


def found(result: LintResult) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in result.findings]


# --------------------------------------------------------------------------- trigger path

TRIGGER_PATH = """\
CREATE TABLE CONEFI.LOG_X (ID NUMBER, MSG VARCHAR2(4000));
CREATE SEQUENCE CONEFI.S_LOG_X;
CREATE OR REPLACE PACKAGE CONEFI.PKG_A AS
  PROCEDURE p_evento(p_id IN NUMBER);
  PROCEDURE p_log(p_msg IN VARCHAR2);
END PKG_A;
/
CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_A AS
  PROCEDURE p_log(p_msg IN VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
  BEGIN
    INSERT INTO CONEFI.LOG_X (ID, MSG) VALUES (CONEFI.S_LOG_X.NEXTVAL, p_msg);
    COMMIT;
  END p_log;
  PROCEDURE p_gravar(p_id IN NUMBER) IS
  BEGIN
    UPDATE SIGA.SE1030 SET E1_XCNFENV = 'S' WHERE R_E_C_N_O_ = p_id AND D_E_L_E_T_ = ' ';
    COMMIT;
  END p_gravar;
  PROCEDURE p_evento(p_id IN NUMBER) IS
  BEGIN
    p_log('evento');
    p_gravar(p_id);
  END p_evento;
  PROCEDURE p_job IS
  BEGIN
    p_gravar(1);
    COMMIT;
  END p_job;
END PKG_A;
/
CREATE OR REPLACE TRIGGER CONEFI.T_A
AFTER INSERT ON SGU.INTGRA_RET_ERP
FOR EACH ROW
BEGIN
  CONEFI.PKG_A.p_evento(:NEW.INTRE_ID);
END;
/
"""


def test_trigger_path_autonomous_and_commit(tmp_path: Path) -> None:
    result = lint_sql(tmp_path, TRIGGER_PATH)
    # p_log's PRAGMA (its own COMMIT belongs to its autonomous transaction), p_gravar's
    # COMMIT; p_job commits too but no trigger reaches it
    assert found(result) == [("PLS001", 10, 5), ("PLS002", 18, 5)]
    assert "T_A -> PKG_A.P_EVENTO -> PKG_A.P_GRAVAR" in result.findings[1].message


def test_without_the_trigger_commits_are_fine(tmp_path: Path) -> None:
    sql = TRIGGER_PATH.split("CREATE OR REPLACE TRIGGER")[0]
    assert found(lint_sql(tmp_path, sql)) == []


def test_commit_directly_in_a_trigger(tmp_path: Path) -> None:
    sql = """CREATE OR REPLACE TRIGGER CONEFI.T_B
AFTER INSERT ON SGU.INTGRA_RET_ERP
FOR EACH ROW
DECLARE
  PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
  COMMIT;
END;
/
"""
    assert found(lint_sql(tmp_path, sql)) == [("PLS001", 5, 3)]


# --------------------------------------------------------------------------- references

REFERENCES = """\
CREATE TABLE CONEFI.FILA_X (
  INTFX_ID    NUMBER(18) NOT NULL,
  INTFX_DADOS VARCHAR2(4000)
);
CREATE OR REPLACE PROCEDURE CONEFI.P_REF(p_valor IN NUMBER) IS
  v_total SIGA.SE1030.E1_VALOR%TYPE;
  v_erro  SIGA.SE1030.E1_VALORX%TYPE;
  r       SIGA.SE1030%ROWTYPE;
BEGIN
  SELECT SUM(e1.E1_VALOR) INTO v_total
    FROM SIGA.SE1030 e1
   WHERE e1.D_E_L_E_T_ = ' ' AND e1.E1_VALRO > p_valor;
  SELECT COUNT(1) INTO v_total FROM SIGA.SE1010 WHERE D_E_L_E_T_ = ' ';
  SELECT COUNT(1) INTO v_total FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ' AND E1_SALDOO > 0;
  SELECT COUNT(1) INTO v_total FROM SGU.V_FATURA_REC v WHERE v.QUALQUER_COLUNA = 1;
  SELECT COUNT(1) INTO v_total FROM SGU.V_NAO_EXISTE;
  INSERT INTO CONEFI.FILA_X (INTFX_ID, INTFX_DADO) VALUES (CONEFI.S_NAO_EXISTE.NEXTVAL, r.E1_NUM);
  v_total := SGU.F_COD_FEDERACAO_UNI(1) + SGU.F_NAO_EXISTE(1);
  v_total := r.E1_QUALQUER;
END P_REF;
/
"""


def test_references_are_checked_offline(tmp_path: Path) -> None:
    result = lint_sql(tmp_path, REFERENCES)
    assert found(result) == [
        ("REF002", 7, 11),  # E1_VALORX%TYPE
        ("REF002", 12, 34),  # e1.E1_VALRO through the alias
        ("REF001", 13, 37),  # SE1010: company 01, the target is 03
        ("REF002", 14, 76),  # unqualified E1_SALDOO next to SE1030
        ("REF001", 16, 37),  # an SGU view nobody declared
        ("REF002", 17, 40),  # INSERT column list against the project's own table
        ("REF003", 17, 60),  # unknown sequence
        ("REF003", 18, 43),  # unknown SGU function
    ]
    messages = [f.message for f in result.findings]
    assert messages[1].startswith("E1_VALRO is not a column of SIGA.SE1030 (as E1)")
    assert messages[1].endswith("did you mean E1_VALOR?")
    assert messages[2] == ("unknown table or view SIGA.SE1010: SE1010 is company 01; this "
                           "target's company is 03 (SE1030)")


def test_variables_records_and_partial_views_are_not_columns(tmp_path: Path) -> None:
    sql = """CREATE OR REPLACE PROCEDURE CONEFI.P_OK(p_valor IN NUMBER) IS
  r SIGA.SE1030%ROWTYPE;
  v NUMBER;
BEGIN
  SELECT e1.E1_VALOR INTO v FROM SIGA.SE1030 e1
   WHERE e1.D_E_L_E_T_ = ' ' AND e1.E1_VALOR > p_valor AND e1.E1_XCNFENV = ' ';
  SELECT COUNT(1) INTO v FROM SGU.V_FATURA_REC f WHERE f.ALGUMA_COLUNA = r.E1_NAO_EXISTE;
  SELECT MAX(x.E1_TOTAL) INTO v
    FROM (SELECT E1_VALOR AS E1_TOTAL FROM SIGA.SE1030 WHERE D_E_L_E_T_ = ' ') x;
  v := r.E1_QUALQUER + SGU.F_COD_FEDERACAO_UNI(1);
END P_OK;
/
"""
    assert found(lint_sql(tmp_path, sql)) == []


def test_without_a_target_any_company_is_accepted(tmp_path: Path) -> None:
    sql = "SELECT E1_NUM FROM SIGA.SE1010 WHERE D_E_L_E_T_ = ' ' AND E1_NUMX = 1;\n"
    result = lint_sql(tmp_path, sql, with_target=False)
    assert found(result) == [("REF002", 1, 59)]


TRIGGER_REFS = """\
CREATE OR REPLACE PACKAGE CONEFI.PKG_C AS
  PROCEDURE p_receber(p_id IN NUMBER);
END PKG_C;
/
CREATE OR REPLACE TRIGGER CONEFI.T_C
AFTER INSERT ON SGU.INTGRA_RET_ERP
REFERENCING NEW AS n
FOR EACH ROW
WHEN (n.INTRE_IND = 'REC')
BEGIN
  CONEFI.PKG_C.p_receber(:n.INTRE_ID);
  CONEFI.PKG_C.p_recebe(:n.INTRE_IDX);
END;
/
"""


def test_trigger_columns_and_package_subprograms(tmp_path: Path) -> None:
    result = lint_sql(tmp_path, TRIGGER_REFS)
    assert found(result) == [("REF003", 12, 3), ("REF002", 12, 26)]
    assert result.findings[0].message == (
        "package CONEFI.PKG_C declares no P_RECEBE; did you mean P_RECEBER?")
    assert result.findings[1].message.startswith(
        "INTRE_IDX is not a column of SGU.INTGRA_RET_ERP (:NEW of the trigger's table)")


# --------------------------------------------------------------------------- PL/SQL rules

PLSQL = """\
CREATE OR REPLACE PROCEDURE CONEFI.P_C IS
  v NUMBER;
BEGIN
  SELECT COUNT(1) INTO v FROM SIGA.SE1030 e1
    JOIN SIGA.SA1030 a1 ON a1.A1_COD = e1.E1_CLIENTE
   WHERE e1.D_E_L_E_T_ = ' ';
  SELECT COUNT(1) INTO v FROM SIGA.SE1030 e1
    JOIN SIGA.SA1030 a1 ON a1.A1_COD = e1.E1_CLIENTE AND a1.D_E_L_E_T_ = ' '
   WHERE e1.D_E_L_E_T_ = ' '
     AND EXISTS (SELECT 1 FROM SIGA.SE5030 e5 WHERE e5.E5_NUMERO = e1.E1_NUM);
  UPDATE SIGA.SE1030 SET E1_XCNFENV = 'S' WHERE R_E_C_N_O_ = v;
  DELETE FROM SIGA.SE5030 WHERE D_E_L_E_T_ = '*';
  INSERT INTO SIGA.SE1030 (E1_NUM) VALUES ('1');
  SELECT * INTO v FROM dual;
  SELECT COUNT(*) INTO v FROM dual WHERE EXISTS (SELECT * FROM dual);
  DBMS_SCHEDULER.RUN_JOB('CONEFI.J_X');
  SYS.DBMS_SCHEDULER.RUN_JOB('CONEFI.J_X');
  DBMS_LOCK.SLEEP(1);
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    NULL;
  WHEN OTHERS THEN
    NULL;
END P_C;
/
"""


def test_plsql_rules(tmp_path: Path) -> None:
    assert found(lint_sql(tmp_path, PLSQL)) == [
        ("PLS005", 5, 10),  # SA1030 joined without its filter
        ("PLS005", 10, 32),  # SE5030 in EXISTS without its filter
        ("PLS005", 11, 10),  # UPDATE by R_E_C_N_O_ only
        ("PLS006", 14, 10),  # SELECT * (COUNT(*) and EXISTS (SELECT *) are fine)
        ("PLS004", 16, 3),  # DBMS_SCHEDULER without SYS.
        ("PLS004", 18, 3),  # DBMS_LOCK without SYS.
        ("PLS003", 22, 3),  # WHEN OTHERS THEN NULL
    ]


@pytest.mark.parametrize("handler", [
    "RAISE;",
    "RAISE_APPLICATION_ERROR(-20001, SQLERRM);",
    "CONEFI.PKG_LOG.erro(SQLERRM);",
    "INSERT INTO CONEFI.LOG_Y (MSG) VALUES (SQLERRM);",
    "UPDATE CONEFI.LOG_Y SET MSG = SQLERRM;",
    "IF SQLCODE != -27477 THEN RAISE; END IF;",
])
def test_when_others_that_reraises_or_records_is_fine(tmp_path: Path, handler: str) -> None:
    sql = f"""CREATE TABLE CONEFI.LOG_Y (MSG VARCHAR2(4000));
CREATE OR REPLACE PACKAGE CONEFI.PKG_LOG AS
  PROCEDURE erro(p IN VARCHAR2);
END PKG_LOG;
/
CREATE OR REPLACE PROCEDURE CONEFI.P_E IS
BEGIN
  NULL;
EXCEPTION
  WHEN OTHERS THEN
    {handler}
END P_E;
/
"""
    assert found(lint_sql(tmp_path, sql)) == []


# --------------------------------------------------------------------------- templates

QUEUE = """{#
purpose: queue
#}
CREATE TABLE {{ obj.qualified }} (
  INTQX_ID NUMBER(18) NOT NULL
) TABLESPACE {{ erp.tablespaces.default|ident }};
"""


def test_literal_schema_names_in_templates(tmp_path: Path) -> None:
    reader = """{#
purpose: reads the queue
#}
-- reads CONEFI.INTGRA_QX and SIGA tables (a comment may name them)
CREATE OR REPLACE VIEW {{ obj.qualified }} AS
SELECT q.INTQX_ID, 'CONEFI' AS DONO, 'FILA_CONEFI' AS NOME
  FROM CONEFI.INTGRA_QX q
 WHERE EXISTS (SELECT 1 FROM {{ protheus('SE1') }} e1 WHERE e1.D_E_L_E_T_ = ' ')
"""
    project, target = make_project(tmp_path, {
        "erp/conefi/table/INTGRA_QX.sql.j2": QUEUE,
        "erp/conefi/view/V_QX.sql.j2": reader,
    })
    result = lint_target(project, target, use_cache=False, jobs=1)
    assert found(result) == [("TPL001", 6, 20), ("TPL001", 7, 8)]
    assert {f.file for f in result.findings} == {"templates/erp/conefi/view/V_QX.sql.j2"}


def test_unqualified_unknown_table_in_an_object_is_a_warning(tmp_path: Path) -> None:
    view = """CREATE OR REPLACE VIEW {{ obj.qualified }} AS
SELECT INTQX_ID FROM INTGRA_QX
UNION ALL
SELECT 1 FROM CLIENTES_EXTERNOS
"""
    project, target = make_project(tmp_path, {
        "erp/conefi/table/INTGRA_QX.sql.j2": QUEUE,
        "erp/conefi/view/V_QX.sql.j2": view,
    })
    result = lint_target(project, target, use_cache=False, jobs=1)
    assert [(f.code, f.severity, f.line) for f in result.findings] == [("REF004", "warning", 4)]
    assert not result.fails("error") and result.fails("warning")


def test_findings_point_at_template_lines(tmp_path: Path) -> None:
    view = """{#
purpose: a view with a typo
#}
{% set t = protheus('SE1') %}
CREATE OR REPLACE VIEW {{ obj.qualified }} AS
SELECT e1.E1_NUM,
       e1.E1_VALRO
  FROM {{ t }} e1
 WHERE e1.D_E_L_E_T_ = ' '
"""
    project, target = make_project(tmp_path, {"erp/conefi/view/V_TYPO.sql.j2": view})
    result = lint_target(project, target, use_cache=False, jobs=1)
    assert [(f.code, f.file, f.line, f.column, f.rendered_line, f.object) for f in result.findings] == [
        ("REF002", "templates/erp/conefi/view/V_TYPO.sql.j2", 7, 8, 3, "erp:CONEFI.view.V_TYPO"),
    ]


def test_files_linted_with_a_target_see_the_targets_objects(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {"erp/conefi/table/INTGRA_QX.sql.j2": QUEUE})
    script = tmp_path / "hotfix.sql"
    script.write_text(
        "ALTER USER CONEFI QUOTA 500M ON TS_DATA;\n"  # valid Oracle sqlfluff cannot parse
        "UPDATE CONEFI.INTGRA_QX SET INTQX_ID = 0 WHERE INTQX_IDX = 1;\n"
        "BEGIN\n  LOCK TABLE CONEFI.INTGRA_QX IN EXCLUSIVE MODE;\nEND;\n/\n")
    result = lint_paths([script], project, target, use_cache=False, jobs=1)
    assert found(result) == [("REF002", 2, 48)]
    assert result.files == (script.as_posix(),) and result.units == 3


def test_a_package_body_may_call_its_private_subprograms_qualified(tmp_path: Path) -> None:
    sql = """CREATE OR REPLACE PACKAGE CONEFI.PKG_P AS
  PROCEDURE p_publica;
END PKG_P;
/
CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_P AS
  PROCEDURE p_privada IS
  BEGIN
    NULL;
  END p_privada;
  PROCEDURE p_publica IS
  BEGIN
    CONEFI.PKG_P.p_privada;
    PKG_P.p_privada();
    CONEFI.PKG_P.p_inexistente;
  END p_publica;
END PKG_P;
/
"""
    assert found(lint_sql(tmp_path, sql)) == [("REF003", 14, 5)]


def test_package_types_and_constants_are_declared_names(tmp_path: Path) -> None:
    sql = """CREATE OR REPLACE PACKAGE CONEFI.PKG_T AS
  TYPE t_lista IS TABLE OF VARCHAR2(100);
  c_sep CONSTANT VARCHAR2(1) := ';';
  FUNCTION f_campo(p IN VARCHAR2, n IN PLS_INTEGER) RETURN VARCHAR2;
END PKG_T;
/
CREATE OR REPLACE PROCEDURE CONEFI.P_T IS
  v CONEFI.PKG_T.t_lista := CONEFI.PKG_T.t_lista();
BEGIN
  v.EXTEND;
  v(1) := CONEFI.PKG_T.f_campo('a;b', 2) || CONEFI.PKG_T.c_sep;
  v(1) := CONEFI.PKG_T.f_camp('a;b', 2);
END P_T;
/
"""
    assert found(lint_sql(tmp_path, sql)) == [("REF003", 12, 11)]


def test_a_filter_on_a_derived_table_counts(tmp_path: Path) -> None:
    sql = """SELECT x.E1_NUM
  FROM (SELECT e1.E1_NUM, e1.D_E_L_E_T_ FROM SIGA.SE1030 e1) x
 WHERE x.D_E_L_E_T_ = ' ';
SELECT y.E1_NUM FROM (SELECT e1.E1_NUM FROM SIGA.SE1030 e1) y;
"""
    assert found(lint_sql(tmp_path, sql)) == [("PLS005", 4, 45)]
