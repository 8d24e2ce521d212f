"""The deploy script's DBA sections: idempotent user creation, grants, no secret, the SGU 2.0 link."""

from __future__ import annotations

import dataclasses
import re

from conefi_dbtool.config import Project
from conefi_dbtool.render import render_target
from conefi_dbtool.script import build_script
from conefi_dbtool.script_sections import dba_steps
from conefi_dbtool.splitter import split


def script(project: Project, **target_changes: object) -> str:
    target = dataclasses.replace(project.target("example"), **target_changes)  # type: ignore[arg-type]
    return build_script(target, render_target(project, target), dba_steps=dba_steps(project, target))


def section(text: str, title: str) -> str:
    start = text.index(f"PROMPT ==== {title}: DBA section")
    return text[start:text.index("PROMPT ====", start + 10)]


def test_both_databases_get_a_dba_section_from_the_target_profile(project: Project) -> None:
    text = script(project)
    erp = section(text, "ERP database (Protheus)")
    assert "GRANT CREATE ANY TRIGGER TO CONEFI;\n" in erp
    assert "GRANT SELECT, UPDATE ON SIGA.SE1030 TO CONEFI;\n" in erp
    assert "ALTER USER CONEFI QUOTA 500M ON TS_DATA;\n" in erp
    assert "DBA" not in (erp.replace("DBA section", "").replace("dba_user", "").replace("dba_db_links", "")
                         .replace("FEEDBACK", ""))  # SET FEEDBACK ON, repeated after each CONNECT
    seed = section(script(project, grants_profile="seed"), "ERP database (Protheus)")
    assert "GRANT DBA TO CONEFI;\n" in seed and "QUOTA" not in seed


def test_create_user_is_guarded_and_its_password_is_a_hidden_prompt(project: Project) -> None:
    erp = section(script(project), "ERP database (Protheus)")
    lines = erp.splitlines()
    assert lines.index("SET VERIFY OFF") < lines.index(
        "ACCEPT conefi_erp_password CHAR PROMPT 'Password for the ERP user CONEFI "
        "(used only if it does not exist yet): ' HIDE")
    assert "PRAGMA EXCEPTION_INIT(e_exists_1920, -1920);" in erp
    assert ("EXECUTE IMMEDIATE 'CREATE USER CONEFI IDENTIFIED BY \"' || q'\"&&conefi_erp_password\"' || '\""
            in erp)
    assert "WHEN e_exists_1920 THEN" in erp


def test_substitution_happens_only_where_define_is_on(project: Project) -> None:
    """Every '&' of the script is in a DEFINE ON stretch; object sections never see one."""
    define_on = False
    for line in script(project, grants_profile="seed").splitlines():
        if re.fullmatch(r"SET DEFINE (ON|OFF)", line):
            define_on = line.endswith("ON")
        elif "&" in line:
            assert define_on, line


def test_sgu2_section_creates_the_link_without_rendering_a_password(project: Project) -> None:
    text = script(project)
    sgu2 = section(text, "SGU 2.0 database")
    assert "ACCEPT conefi_erp_link_password CHAR PROMPT" in sgu2 and "HIDE" in sgu2
    assert ("USING 'CREATE DATABASE LINK DBL_ERP_CONEFI CONNECT TO CONEFI IDENTIFIED BY "
            "\"' || q'\"&&conefi_erp_link_password\"' || '\" USING ''ERP'''") in sgu2
    assert "FROM dba_db_links" in sgu2 and "DROP PROCEDURE CONEFI.CONEFI_DBTOOL$MKLINK" in sgu2
    # the link precedes the objects that read over it, and no object carries a credential
    synonym = "CREATE OR REPLACE SYNONYM CONEFI.INTGRA_DADOS_CONEFI_ERP"
    assert text.index("CREATE DATABASE LINK") < text.index(synonym)
    objects = text[text.index("PROMPT ==== SGU 2.0 database: objects"):]
    objects = objects[objects.index("\nPROMPT ["):]  # after the CONNECT lines
    assert "IDENTIFIED" not in objects and "&" not in objects


def test_dba_steps_split_into_the_units_sqlplus_runs(project: Project) -> None:
    sgu2 = section(script(project), "SGU 2.0 database")
    kinds = [(u.kind, u.first_words(2)) for u in split(sgu2)]
    assert ("sqlplus", "ACCEPT CONEFI_ERP_LINK_PASSWORD") in kinds
    assert [k for k in kinds if k[0] == "plsql"] == [("plsql", "DECLARE E_EXISTS_1920"),
                                                      ("plsql", "DECLARE V_LINKS")]
    assert all(u.terminated for u in split(sgu2))


def test_no_manifest_no_dba_section(tmp_path, root) -> None:  # type: ignore[no-untyped-def]
    from helpers import make_project

    project, target = make_project(tmp_path, {})
    assert dba_steps(project, target) == {}
