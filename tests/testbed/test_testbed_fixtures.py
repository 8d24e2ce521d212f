"""Fixture schemas (offline): generated from the dictionary and config, split and parsed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlfluff.core import FluffConfig, Linter

from conefi_dbtool.config import Project, Target
from conefi_dbtool.dictionary import load_dictionary
from conefi_dbtool.errors import UsageError
from conefi_dbtool.splitter import split
from conefi_dbtool.testbed import fixtures as fx
from conefi_dbtool.testbed.fixtures import build_fixtures

_LINTER = Linter(config=FluffConfig(overrides={"dialect": "oracle"}))


def assert_parses(text: str, label: str) -> None:
    """sqlfluff's Oracle dialect parses `text` with nothing unparsable."""
    parsed = _LINTER.parse_string(text)
    assert parsed.tree is not None, label
    assert not parsed.violations, f"{label}: {[str(v)[:200] for v in parsed.violations]}"
    assert "unparsable" not in parsed.tree.stringify(), label


@pytest.fixture(scope="module")
def example(project: Project) -> Target:
    return project.target("example")


def test_objects_and_creation_order(project: Project, example: Target) -> None:
    fs = build_fixtures(project, example)
    assert [(o.id.owner, o.id.type, o.id.name) for o in fs.objects] == [
        ("SIGA", "user", "SIGA"), ("SGU", "user", "SGU"), ("CONEFI", "user", "CONEFI"),
        ("SGU", "sequence", "S_INTGRA_RET_ERP"),
        ("SIGA", "table", "SA1030"), ("SIGA", "table", "SE1030"), ("SIGA", "table", "SE5030"),
        ("SIGA", "table", "Z99030"), ("SIGA", "table", "HRD030"), ("SIGA", "table", "HRE030"),
        ("SIGA", "table", "HRG030"), ("SIGA", "table", "HRH030"),
        ("SGU", "table", "INTGRA_RET_ERP"),
        ("SGU", "function", "F_COD_FEDERACAO_UNI"), ("SGU", "function", "F_COD_FEDERACAO_UNI_DESC"),
        ("SGU", "view", "V_FATURA_REC"), ("SGU", "view", "V_EMIS_FATURA_REC_BASE"),
        ("SGU", "view", "V_CADAST_MSGS_ITEM"), ("SGU", "view", "V_PARAM_VALOR"),
        ("CONEFI", "object_grant", "FIXTURE_GRANTS"),
    ]
    assert all(o.id.database == "erp" and o.template == fx.FIXTURE_TEMPLATE for o in fs.objects)
    without = build_fixtures(project, example, users=False, conefi_grants=False)
    assert {o.id.type for o in without.objects} == {"sequence", "table", "function", "view"}


def test_protheus_physical_conventions(project: Project, example: Target) -> None:
    text = build_fixtures(project, example).find("SIGA", "SE1030").text
    lines = text.splitlines()
    assert lines[0] == "CREATE TABLE SIGA.SE1030 ("
    assert "  E1_FILIAL VARCHAR2(2) DEFAULT '  ' NOT NULL," in lines
    assert "  E1_NUM VARCHAR2(9) DEFAULT '         ' NOT NULL," in lines
    assert "  E1_VENCTO CHAR(8) DEFAULT '        ' NOT NULL," in lines
    assert "  E1_VALOR NUMBER(16,2) DEFAULT 0 NOT NULL," in lines
    assert "  E1_MOEDA NUMBER(2) DEFAULT 0 NOT NULL," in lines
    assert "  D_E_L_E_T_ CHAR(1) DEFAULT ' ' NOT NULL," in lines
    assert "  R_E_C_N_O_ NUMBER DEFAULT 0 NOT NULL," in lines
    assert "  R_E_C_D_E_L_ NUMBER DEFAULT 0 NOT NULL," in lines
    assert "  CONSTRAINT SE1030_PK PRIMARY KEY (R_E_C_N_O_)" in lines
    assert ("CREATE UNIQUE INDEX SIGA.SE1030_UNQ ON SIGA.SE1030 "
            "(E1_FILIAL, E1_PREFIXO, E1_NUM, E1_PARCELA, E1_TIPO, R_E_C_D_E_L_);") in lines
    assert ("CREATE INDEX SIGA.SE10301 ON SIGA.SE1030 "
            "(E1_FILIAL, E1_PREFIXO, E1_NUM, E1_PARCELA, E1_TIPO, D_E_L_E_T_, R_E_C_N_O_);") in lines
    # every field of the (project + custom fields) dictionary, in order, then the physical ones
    fs = build_fixtures(project, example)
    columns = [ln.split()[0] for ln in lines[1:] if ln.startswith("  ") and "CONSTRAINT" not in ln]
    assert columns == [f.name for f in fs.dictionary.table("SE1")] + [
        "D_E_L_E_T_", "R_E_C_N_O_", "R_E_C_D_E_L_"]
    dictionary = load_dictionary(project.dictionary_path)
    assert {f.name for f in dictionary.table("SE1")} <= set(columns)
    custom = list(dataclasses.asdict(example.integration.custom_fields).values())
    assert custom[:5] == ["E1_XCNFENV", "E1_XCNFDTE", "E1_XCNFVEN", "E1_XCNFVLR", "E1_XCNFSLD"]
    assert set(custom) <= set(columns)
    assert "  E1_XCNFENV VARCHAR2(1) DEFAULT ' ' NOT NULL," in lines
    assert "  E1_XCNFDTE CHAR(8) DEFAULT '        ' NOT NULL," in lines
    assert "  E1_XCNFSLD NUMBER(16,2) DEFAULT 0 NOT NULL," in lines


def test_logical_fields_default_to_false(project: Project, example: Target) -> None:
    text = build_fixtures(project, example).find("SIGA", "HRG030").text
    assert "  HRG_RECURR CHAR(1) DEFAULT 'F' NOT NULL," in text.splitlines()


def test_event_table_follows_the_configured_columns(project: Project, example: Target) -> None:
    fs = build_fixtures(project, example)
    assert fs.find("SGU", "INTGRA_RET_ERP").text == (
        "CREATE TABLE SGU.INTGRA_RET_ERP (\n"
        "  INTRE_ID NUMBER(18) NOT NULL,\n"
        "  INTRE_IND VARCHAR2(3) NOT NULL,\n"
        "  INTRE_DES_CHAVE VARCHAR2(100),\n"
        "  INTRE_DES_DADOS_SGU VARCHAR2(4000),\n"
        "  INTRE_DTH_INCL DATE DEFAULT SYSDATE NOT NULL,\n"
        "  INTRE_NOM_USU_INCL VARCHAR2(30),\n"
        "  INTRE_ROTINA_ERP VARCHAR2(20),\n"
        "  INTRE_PONTO_ENTRADA_ERP VARCHAR2(30),\n"
        "  INTRE_IND_STATUS VARCHAR2(1) DEFAULT 'P' NOT NULL,\n"
        "  CONSTRAINT PK_INTGRA_RET_ERP PRIMARY KEY (INTRE_ID)\n"
        ");\n"
    )
    seq = fs.find("SGU", "S_INTGRA_RET_ERP").text
    assert seq == "CREATE SEQUENCE SGU.S_INTGRA_RET_ERP\n  START WITH 1 INCREMENT BY 1 NOCACHE NOCYCLE;\n"


def test_names_come_from_the_target(project: Project, example: Target) -> None:
    integ = example.integration
    target = dataclasses.replace(
        example,
        erp=dataclasses.replace(example.erp, company="05",
                                schemas=dataclasses.replace(example.erp.schemas, siga="ERPX",
                                                            sgu="SGUX")),
        integration=dataclasses.replace(
            integ, event_table="EVT", event_sequence="S_EVT",
            event_columns=dataclasses.replace(integ.event_columns, id="EVT_ID", kind="EVT_IND"),
            custom_fields=dataclasses.replace(integ.custom_fields, sent_flag="E1_XFLAG")),
    )
    fs = build_fixtures(project, target)
    names = {(o.id.owner, o.id.name) for o in fs.objects}
    assert {("ERPX", "SE1050"), ("ERPX", "SA1050"), ("SGUX", "EVT"), ("SGUX", "S_EVT")} <= names
    event = fs.find("SGUX", "EVT").text
    assert "  EVT_ID NUMBER(18) NOT NULL," in event and "  EVT_IND_STATUS VARCHAR2(1)" in event
    assert "  E1_XFLAG VARCHAR2(1) DEFAULT ' ' NOT NULL," in fs.find("ERPX", "SE1050").text
    grants = fs.find("CONEFI", "FIXTURE_GRANTS").text
    assert "GRANT SELECT, UPDATE ON ERPX.SE1050 TO CONEFI;" in grants.splitlines()


def test_custom_field_types_from_a_data_file(
    project: Project, example: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "custom_fields.csv"
    data.write_text("table,order,field,type,size,decimal,title,source\n"
                    "SE1,901,E1_XCNFVLR,N,14,2,Valor enviado,integration\n")
    monkeypatch.setattr(fx, "CUSTOM_FIELDS_FILE", data)
    text = build_fixtures(project, example).find("SIGA", "SE1030").text
    assert "  E1_XCNFVLR NUMBER(14,2) DEFAULT 0 NOT NULL," in text.splitlines()


def test_grants_follow_the_trigger_owner(project: Project, example: Target) -> None:
    grants = build_fixtures(project, example).find("CONEFI", "FIXTURE_GRANTS").text.splitlines()
    assert "GRANT SELECT ON SIGA.SE5030 TO CONEFI;" in grants
    assert "GRANT SELECT ON SGU.INTGRA_RET_ERP TO CONEFI;" in grants
    assert "GRANT EXECUTE ON SGU.F_COD_FEDERACAO_UNI TO CONEFI;" in grants
    assert grants[-1].endswith(", CREATE ANY TRIGGER TO CONEFI;")
    sgu_owned = dataclasses.replace(
        example, integration=dataclasses.replace(example.integration, trigger_owner="sgu"))
    grants = build_fixtures(project, sgu_owned).find("CONEFI", "FIXTURE_GRANTS").text.splitlines()
    assert "GRANT CREATE TRIGGER TO SGU;" in grants
    assert not any("ANY" in g for g in grants)


def test_every_unit_splits_and_parses_with_sqlfluff(project: Project, example: Target) -> None:
    fs = build_fixtures(project, example)
    assert fs.objects
    for obj in fs.objects:
        units = split(obj.text)
        assert units and all(u.terminated for u in units), obj.id
        for unit in units:
            terminator = "\n/\n" if unit.kind == "plsql" else ";\n"
            assert_parses(unit.text + terminator, f"{obj.id} line {unit.start}")
    # the guarded, re-runnable steps (what install executes) parse too
    for step in fs.steps():
        assert_parses(step.text + ("\n/\n" if step.kind == "plsql" else ";\n"), str(step.object))


def test_script_is_rerunnable_sqlplus(project: Project, example: Target) -> None:
    fs = build_fixtures(project, example)
    script = fs.script()
    units = split(script)
    assert all(u.terminated for u in units)
    sqlplus = [u.text for u in units if u.kind == "sqlplus"]
    assert sqlplus[0] == "WHENEVER SQLERROR EXIT FAILURE ROLLBACK"
    assert sqlplus[-1] == "PROMPT ==== fixtures installed ===="
    executed = [u for u in units if u.kind != "sqlplus"]
    assert [u.text for u in executed] == [s.text for s in fs.steps()]
    creates = [s for s in fs.steps() if s.purpose == "guarded-create"]
    assert len(creates) == 1 + 9 + 9  # sequence, tables, indexes (SA1 2, SE1 4, SE5, Z99, HRH)
    users = [s for s in fs.steps() if s.object is not None and s.object.type == "user"]
    assert len(users) == 3 and all(s.kind == "plsql" for s in users)  # guarded inside the block
    assert "IDENTIFIED BY" not in script  # no password anywhere


def test_reset_drops_objects_in_reverse_and_never_users(project: Project, example: Target) -> None:
    fs = build_fixtures(project, example)
    steps = fx.reset_steps(fs)
    dropped = [s.text.split("EXECUTE IMMEDIATE ")[1].split(";")[0] for s in steps]
    assert dropped[0] == "'DROP VIEW SGU.V_PARAM_VALOR'"
    assert dropped[-1] == "'DROP SEQUENCE SGU.S_INTGRA_RET_ERP'"
    assert "'DROP TABLE SIGA.SE1030 CASCADE CONSTRAINTS PURGE'" in dropped
    assert not any("USER" in d for d in dropped)
    assert len(steps) == 1 + 9 + 2 + 4


def test_a_dictionary_without_a_table_is_a_usage_error(
    project: Project, example: Target, tmp_path: Path
) -> None:
    csv = tmp_path / "dict.csv"
    source = load_dictionary(project.dictionary_path)
    rows = [f for f in source if f.table != "HRH"]
    csv.write_text("table,order,field,type,size,decimal,title,source\n" + "".join(
        f"{f.table},{f.order},{f.name},{f.type},{f.size},{f.decimal},{f.title},{f.source}\n"
        for f in rows))
    other = dataclasses.replace(project, paths=dataclasses.replace(project.paths, dictionary=str(csv)))
    with pytest.raises(UsageError, match=r"dict\.csv: the dictionary has no fields of HRH"):
        build_fixtures(other, example)


def test_stand_in_users_use_the_configured_tablespace_only_where_it_exists(project: Project,
                                                                          example: Target) -> None:
    """A fresh Oracle Free has no TS_DATA (#16): the database's default permanent one then."""
    fs = build_fixtures(project, example)
    users = [o for o in fs.objects if o.id.type == "user"]
    assert [u.id.name for u in users] == ["SIGA", "SGU", "CONEFI"]
    for user in users:
        assert "LEFT JOIN dba_tablespaces t ON t.tablespace_name = 'TS_DATA'" in user.text
        assert "DEFAULT_PERMANENT_TABLESPACE" in user.text
        assert f"CREATE USER {user.id.name} NO AUTHENTICATION DEFAULT TABLESPACE" in user.text
        assert "PRAGMA EXCEPTION_INIT(e_exists, -1920)" in user.text  # re-runnable
        assert "DEFAULT TABLESPACE TS_DATA" not in user.text
