"""What the rendered code needs, derived by lexing it (not by searching text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.grants.usage import CodeNeeds, analyse
from conefi_dbtool.render import render_target

V = "erp/conefi/view/V_X.sql.j2"
P = "erp/conefi/package_body/PKG_X.sql.j2"


def needs(tmp_path: Path, templates: dict[str, str], extra: str = "", database: str = "erp") -> CodeNeeds:
    project, target = make_project(tmp_path, templates, extra)
    return analyse(render_target(project, target), target, database)


def uses(n: CodeNeeds) -> set[tuple[str, str, str]]:
    return {(u.grantee, f"{u.owner}.{u.name}", u.privilege) for u in n.usages}


def body(code: str) -> dict[str, str]:
    return {P: f"CREATE OR REPLACE PACKAGE BODY {{{{ obj.qualified }}}} IS\n{code}\nEND;\n/\n"}


def test_a_national_q_quote_is_one_string(tmp_path: Path) -> None:
    # Before the one lexer, `nq'[...]'` was read as the word NQ and an ordinary string that
    # closed at the quote inside and opened another one that swallowed the UPDATE.
    code = ("PROCEDURE p IS\n  v VARCHAR2(9) := nq'[it's]';\nBEGIN\n"
            "  UPDATE SIGA.SE1030 SET e1_x = v; -- SIGA.SE2030\nEND;")
    n = needs(tmp_path, body(code))
    assert uses(n) == {("CONEFI", "SIGA.SE1030", "UPDATE"), ("CONEFI", "SIGA.SE1030", "SELECT")}
    assert {u.site.line for u in n.usages} == {5}


def test_references_in_comments_and_strings_are_not_uses(tmp_path: Path) -> None:
    n = needs(tmp_path, {V: "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
                            "-- reads SIGA.SE2030 too\n"
                            "SELECT 'SIGA.SE5030' a, q'[UPDATE SIGA.SA1030]' b /* SGU.F_X( */\n"
                            "  FROM SIGA.SE1030 e1;\n"})
    assert uses(n) == {("CONEFI", "SIGA.SE1030", "SELECT")}
    (u,) = n.usages
    assert (u.site.template, u.site.line, u.how) == (V, 4, "query")


@pytest.mark.parametrize(("code", "expected"), [
    ("UPDATE SIGA.SE1030 e1 SET e1.E1_X = 'S' WHERE e1.R_E_C_N_O_ = 1;",
     {("SIGA.SE1030", "UPDATE"), ("SIGA.SE1030", "SELECT")}),
    ("DELETE FROM SIGA.Z99030 WHERE 1 = 0;", {("SIGA.Z99030", "DELETE"), ("SIGA.Z99030", "SELECT")}),
    ("INSERT INTO SGU.T_LOG (A) VALUES (1);", {("SGU.T_LOG", "INSERT")}),
    ("INSERT INTO CONEFI.Q (A) SELECT x.A FROM SIGA.SE5030 x;", {("SIGA.SE5030", "SELECT")}),
    ("MERGE INTO SGU.T t USING SIGA.SA1030 a ON (t.K = a.K) WHEN MATCHED THEN UPDATE SET t.V = a.V "
     "WHEN NOT MATCHED THEN INSERT (K) VALUES (a.K);",
     {("SGU.T", "SELECT"), ("SGU.T", "UPDATE"), ("SGU.T", "INSERT"), ("SIGA.SA1030", "SELECT")}),
    ("v := SGU.F_COD_FEDERACAO_UNI(p);", {("SGU.F_COD_FEDERACAO_UNI", "EXECUTE")}),
    ("SGU.PKG_Y.P_RUN;", {("SGU.PKG_Y", "EXECUTE")}),
    ("v := SGU.C_X;", {("SGU.C_X", "EXECUTE")}),
    ("SELECT SGU.S_INTGRA_RET_ERP.NEXTVAL INTO v FROM dual;", {("SGU.S_INTGRA_RET_ERP", "SELECT")}),
    ("v SIGA.SE1030.E1_SALDO%TYPE;", {("SIGA.SE1030", "SELECT")}),
    ("SELECT e.E1_NUM FROM SIGA.SE1030@DBL_X e;", set()),
    ("SELECT 1 INTO v FROM CONEFI.INTGRA_DADOS_CONEFI;", set()),
    ("SYS.DBMS_OUTPUT.PUT_LINE('x'); SYS.DBMS_SCHEDULER.RUN_JOB('J');", set()),
    ("DBMS_LOCK.SLEEP(1);", {("SYS.DBMS_LOCK", "EXECUTE")}),
    # EXECUTE is granted to CAPTURE_ADMIN, not PUBLIC (PL/SQL Packages reference, security model)
    ("SYS.DBMS_PRIVILEGE_CAPTURE.DISABLE_CAPTURE('p');", {("SYS.DBMS_PRIVILEGE_CAPTURE", "EXECUTE")}),
    ("SELECT COUNT(*) INTO v FROM V$SESSION;", {("SYS.V_$SESSION", "SELECT")}),
    ("SELECT COUNT(*) INTO v FROM DBA_USERS;", {("SYS.DBA_USERS", "SELECT")}),
    ("SELECT COUNT(*) INTO v FROM ALL_OBJECTS;", set()),
    ("x := \"SIGA\".\"SE1030\".E1_NUM;", {("SIGA.SE1030", "EXECUTE")}),
])
def test_privilege_follows_how_the_object_is_used(tmp_path: Path, code: str,
                                                   expected: set[tuple[str, str]]) -> None:
    n = needs(tmp_path, body(code))
    assert {(obj, priv) for _g, obj, priv in uses(n)} == expected


def test_trigger_on_another_schemas_table_needs_create_any_trigger(tmp_path: Path) -> None:
    trigger = ("CREATE OR REPLACE TRIGGER {{ obj.qualified }}\n"
               "  AFTER INSERT ON SGU.INTGRA_RET_ERP\n  FOR EACH ROW\n"
               "BEGIN\n  CONEFI.PKG_FILA.P_EVENTO(:new.INTRE_ID);\nEND;\n/\n")
    n = needs(tmp_path, {"erp/trigger_owner/trigger/TRG_X.sql.j2": trigger})
    assert [(s.grantee, s.privilege, s.site.line) for s in n.system_needs] == [
        ("CONEFI", "CREATE ANY TRIGGER", 2)]
    assert n.usages == ()  # the trigger's table is not read; its own package is ours
    n = needs(tmp_path / "sgu", {"erp/trigger_owner/trigger/TRG_X.sql.j2": trigger},
              '[targets.example.integration]\ntrigger_owner = "sgu"\n')
    assert [(s.grantee, s.privilege) for s in n.system_needs] == [("SGU", "CREATE TRIGGER")]
    assert uses(n) == {("SGU", "CONEFI.PKG_FILA", "EXECUTE")}


def test_objects_need_their_create_privilege_and_a_quota(tmp_path: Path) -> None:
    n = needs(tmp_path, {
        "erp/conefi/table/T_X.sql.j2": "CREATE TABLE {{ obj.qualified }} (A NUMBER)\n"
                                       "  TABLESPACE {{ erp.tablespaces.default|ident }};\n",
        "erp/conefi/table/T_Y.sql.j2": "CREATE TABLE {{ obj.qualified }} (A NUMBER);\n",
        "erp/conefi/sequence/S_X.sql.j2": "CREATE SEQUENCE {{ obj.qualified }};\n",
        "erp/conefi/job/J_X.sql.j2": "BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X',\n"
                                     "    job_type => 'PLSQL_BLOCK',\n"
                                     "    job_action => 'BEGIN UPDATE SIGA.SE1030 SET E1_X = 1; END;');\n"
                                     "END;\n/\n",
    })
    assert sorted((s.privilege, s.site.template) for s in n.system_needs) == [
        ("CREATE JOB", "erp/conefi/job/J_X.sql.j2"), ("CREATE SEQUENCE", "erp/conefi/sequence/S_X.sql.j2"),
        ("CREATE TABLE", "erp/conefi/table/T_X.sql.j2"), ("CREATE TABLE", "erp/conefi/table/T_Y.sql.j2")]
    assert sorted((q.tablespace or "-", q.site.template) for q in n.quota_needs) == [
        ("-", "erp/conefi/table/T_Y.sql.j2"), ("TS_DATA", "erp/conefi/table/T_X.sql.j2")]
    # the job's action string is code: its UPDATE is a use, with the template line
    job = [u for u in n.usages if u.privilege == "UPDATE"]
    assert [(u.owner, u.name, u.site.line) for u in job] == [("SIGA", "SE1030", 4)]


def test_stored_procedure_job_action_is_a_call(tmp_path: Path) -> None:
    n = needs(tmp_path, {"erp/conefi/job/J_X.sql.j2": (
        "BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'STORED_PROCEDURE',\n"
        "    job_action => 'SGU.P_ENVIA');\nEND;\n/\n")})
    assert uses(n) == {("CONEFI", "SGU.P_ENVIA", "EXECUTE")}
    n = needs(tmp_path, {"erp/conefi/job/J_X.sql.j2": (
        "BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'STORED_PROCEDURE',\n"
        "    job_action => ' \"SGU\" . envia ; ');\nEND;\n/\n")})
    assert uses(n) == {("CONEFI", "SGU.ENVIA", "EXECUTE")}  # a bare name, however spelt, is a call


def test_grants_rendered_by_templates_are_collected(tmp_path: Path) -> None:
    n = needs(tmp_path, {"erp/conefi/object_grant/G_X.sql.j2":
                         "GRANT EXECUTE ON CONEFI.PKG_FILA TO SGU;\n"
                         "GRANT SELECT, UPDATE ON {{ obj.owner }}.T TO SGU, \"Rep\" WITH GRANT OPTION;\n"})
    got = {(g.grantee, g.owner, g.name, g.privilege, g.grantable) for g in n.rendered_grants}
    assert got == {("SGU", "CONEFI", "PKG_FILA", "EXECUTE", False),
                   ("SGU", "CONEFI", "T", "SELECT", True), ("SGU", "CONEFI", "T", "UPDATE", True),
                   ("Rep", "CONEFI", "T", "SELECT", True), ("Rep", "CONEFI", "T", "UPDATE", True)}
    assert n.usages == ()


def test_synonyms_are_resolved_and_remote_ones_skipped(tmp_path: Path) -> None:
    n = needs(tmp_path, {
        "erp/conefi/synonym/SE1.sql.j2": "CREATE OR REPLACE SYNONYM {{ obj.qualified }} FOR SIGA.SE1030;\n",
        "erp/conefi/synonym/REM.sql.j2": "CREATE OR REPLACE SYNONYM {{ obj.qualified }} FOR SIGA.X@DBL;\n",
        V: "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\nSELECT 1 a FROM CONEFI.SE1, CONEFI.REM;\n",
    })
    assert uses(n) == {("CONEFI", "SIGA.SE1030", "SELECT")}
    assert {s.privilege for s in n.system_needs} == {"CREATE SYNONYM", "CREATE VIEW"}


def test_lines_from_multiline_expressions_point_at_the_expression(tmp_path: Path) -> None:
    macro = "{% macro cols() %}a.A,\n       a.B,\n       SGU.F_X(a.C) c{% endmacro %}"
    n = needs(tmp_path, {V: macro + "\nCREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
                                    "SELECT {{ cols() }}\n  FROM SIGA.SA1030 a;\n"})
    sites = {(f"{u.owner}.{u.name}", u.site.line) for u in n.usages}
    assert sites == {("SGU.F_X", 5), ("SIGA.SA1030", 6)}  # the macro call's line, the FROM line


def test_sgu2_objects_over_the_link_need_no_object_grant(project) -> None:  # type: ignore[no-untyped-def]
    n = analyse(render_target(project, project.target("example")), project.target("example"), "sgu2")
    assert n.usages == ()
    assert {s.privilege for s in n.system_needs} == {"CREATE SYNONYM", "CREATE VIEW"}
