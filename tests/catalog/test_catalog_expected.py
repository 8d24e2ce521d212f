"""`expected`: the snapshot a database should hold, computed offline from our own DDL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import make_project

from conefi_dbtool.catalog.ddl import quota_bytes
from conefi_dbtool.catalog.expected import ExpectedPrivileges, expected_snapshot
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    Constraint,
    DatabaseLink,
    Index,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SchedulerJob,
    Sequence,
    Synonym,
    SystemPrivilege,
    Trigger,
    User,
    snapshot_from_json,
    snapshot_to_json,
)
from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import RenderError


def none(project: Project, target: Target, database: str, **_: Any) -> Any:
    return None


def snap(
    tmp_path: Path, templates: dict[str, str], extra: str = "", privileges: Any = none
) -> CatalogSnapshot:
    project, target = make_project(tmp_path, templates, extra)
    return expected_snapshot(project, target, privileges=privileges)


TABLE = """CREATE TABLE {{ obj.qualified }} (
  INTDC_ID          NUMBER(18)      NOT NULL,
  INTDC_IND_ACAO    VARCHAR2(3 BYTE) NOT NULL,
  INTDC_IND_STATUS  VARCHAR2(1)     DEFAULT 'P' NOT NULL
                    CONSTRAINT CK_INTDC_STATUS CHECK (INTDC_IND_STATUS IN ('P', 'C', 'E')),
  INTDC_DTH_INCL    TIMESTAMP       DEFAULT SYSTIMESTAMP,
  INTDC_CHAVE       VARCHAR2(200)   UNIQUE,
  INTDC_EVT_ID      NUMBER,
  CONSTRAINT PK_{{ obj.name }} PRIMARY KEY (INTDC_ID) USING INDEX TABLESPACE TS_IDX,
  CONSTRAINT FK_INTDC_EVT FOREIGN KEY (INTDC_EVT_ID) REFERENCES CONEFI.EVT (ID)
) TABLESPACE {{ erp.tablespaces.default|ident }};
CREATE INDEX {{ obj.owner }}.IX_INTDC_STATUS ON {{ obj.qualified }} (INTDC_IND_STATUS, INTDC_ID);
ALTER TABLE {{ obj.qualified }} ADD (INTDC_DES_OBS VARCHAR2(4000));
COMMENT ON TABLE {{ obj.qualified }} IS 'queue';
"""


def test_table_columns_constraints_and_indexes(tmp_path: Path) -> None:
    s = snap(tmp_path, {"erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2": TABLE})
    (db,) = s.databases
    assert db.database == "erp" and db.owners == ("CONEFI",)
    (t,) = db.tables
    assert (t.owner, t.name) == ("CONEFI", "INTGRA_DADOS_CONEFI")
    assert t.columns == (
        Column("INTDC_ID", "NUMBER(18)", False, ""),
        Column("INTDC_IND_ACAO", "VARCHAR2(3)", False, ""),
        Column("INTDC_IND_STATUS", "VARCHAR2(1)", False, "'P'"),
        Column("INTDC_DTH_INCL", "TIMESTAMP(6)", True, "SYSTIMESTAMP"),
        Column("INTDC_CHAVE", "VARCHAR2(200)", True, ""),
        Column("INTDC_EVT_ID", "NUMBER", True, ""),
        Column("INTDC_DES_OBS", "VARCHAR2(4000)", True, ""),
    )
    assert t.constraints == (
        Constraint("CK_INTDC_STATUS", "C", (), "INTDC_IND_STATUS IN ('P', 'C', 'E')"),
        Constraint("", "U", ("INTDC_CHAVE",)),
        Constraint("PK_INTGRA_DADOS_CONEFI", "P", ("INTDC_ID",)),
        Constraint("FK_INTDC_EVT", "R", ("INTDC_EVT_ID",), "", "CONEFI.EVT"),
    )
    assert t.indexes == (Index("IX_INTDC_STATUS", ("INTDC_IND_STATUS", "INTDC_ID"), False),)


def test_inline_primary_key_makes_the_column_not_null_and_identity(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/table/T.sql.j2": (
                "CREATE TABLE {{ obj.qualified }} (ID NUMBER GENERATED ALWAYS AS IDENTITY (START WITH 1) "
                "PRIMARY KEY, A CHAR(8) DEFAULT '        ' NOT NULL, B NUMBER DEFAULT ON NULL 0);\n"
            )
        },
    )
    (t,) = s.databases[0].tables
    assert t.columns == (
        Column("ID", "NUMBER", False, "IDENTITY"),
        Column("A", "CHAR(8)", False, "'        '"),
        Column("B", "NUMBER", False, "0"),
    )
    assert t.constraints == (Constraint("", "P", ("ID",)),)


def test_a_primary_key_declared_before_its_column_still_makes_it_not_null(tmp_path: Path) -> None:
    """Oracle takes out-of-line constraints anywhere in the list: the key's column is NOT NULL."""
    s = snap(tmp_path, {"erp/conefi/table/T.sql.j2": (
        "CREATE TABLE {{ obj.qualified }} (CONSTRAINT PK_T PRIMARY KEY (ID), ID NUMBER, A NUMBER);\n")})
    (t,) = s.databases[0].tables
    assert t.columns == (Column("ID", "NUMBER", False, ""), Column("A", "NUMBER", True, ""))


def test_an_index_template_attaches_to_its_table_and_pk_indexes_are_implicit(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/table/T.sql.j2": "CREATE TABLE {{ obj.qualified }} (A NUMBER, CONSTRAINT "
                "PK_T PRIMARY KEY (A));\n",
            "erp/conefi/index/IX_T_A.sql.j2": (
                "{#\ndepends: erp/conefi/table/T\n#}\n"
                "CREATE UNIQUE INDEX {{ obj.qualified }} ON {{ obj.owner }}.T (A DESC);\n"
                "CREATE INDEX {{ obj.owner }}.PK_T ON {{ obj.owner }}.T (A);\n"
            ),
        },
    )
    (t,) = s.databases[0].tables
    assert t.indexes == (Index("IX_T_A", ("A DESC",), True),)


def test_index_on_a_table_we_do_not_create_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"IX_X.*SIGA\.SE1030.*does not create"):
        snap(
            tmp_path,
            {"erp/conefi/index/IX_X.sql.j2": "CREATE INDEX {{ obj.qualified }} ON SIGA.SE1030 (E1_NUM);\n"},
        )


def test_sequence_options(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/sequence/S_A.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} START WITH 10 "
                "INCREMENT BY 5 CACHE 100 CYCLE;\n",
            "erp/conefi/sequence/S_B.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} NOCACHE;\n",
            "erp/conefi/sequence/S_C.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} INCREMENT BY -1;\n",
        },
    )
    assert s.databases[0].sequences == (
        Sequence("CONEFI", "S_A", 5, 100, True),
        Sequence("CONEFI", "S_B", 1, 0, False),
        Sequence("CONEFI", "S_C", -1, 20, False),
    )


JOB = """{#
purpose: daily run
#}
DECLARE
  v_count PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_count FROM all_scheduler_jobs WHERE owner = 'CONEFI' AND job_name = 'J_DAILY';
  IF v_count = 0 THEN
    SYS.DBMS_SCHEDULER.CREATE_JOB(
      job_name        => '{{ obj.owner }}.J_DAILY',
      job_type        => 'PLSQL_BLOCK',
      job_action      => 'BEGIN CONEFI.PKG_JOBS.RUN(p_mode => ''DAILY''); END;',
      start_date      => TO_TIMESTAMP_TZ('2026-01-01 05:00:00 ' || 'America/Sao_Paulo',
                                         'YYYY-MM-DD HH24:MI:SS TZR'),
      repeat_interval => 'FREQ=DAILY;' || 'BYHOUR=5;BYMINUTE=0;BYSECOND=0',
      enabled         => FALSE,
      comments        => 'conefi-dbtool: daily batch');
  END IF;
  SYS.DBMS_SCHEDULER.ENABLE('{{ obj.owner }}.J_DAILY');
END;
/
"""


def test_job_attributes_from_the_create_job_call(tmp_path: Path) -> None:
    s = snap(tmp_path, {"erp/conefi/job/J_DAILY.sql.j2": JOB})
    assert s.databases[0].jobs == (
        SchedulerJob(
            owner="CONEFI",
            name="J_DAILY",
            job_type="PLSQL_BLOCK",
            job_action="BEGIN CONEFI.PKG_JOBS.RUN(p_mode => 'DAILY'); END;",
            repeat_interval="FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0",
            start_date="America/Sao_Paulo",
            enabled=True,
            comments="conefi-dbtool: daily batch",
        ),
    )


def test_job_positional_and_disabled(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/job/J_X.sql.j2": (
                "BEGIN\n  DBMS_SCHEDULER.CREATE_JOB('CONEFI.J_X', 'STORED_PROCEDURE', 'CONEFI.P_X', 0,\n"
                "    SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'FREQ=HOURLY');\nEND;\n/\n"
            )
        },
    )
    (job,) = s.databases[0].jobs
    assert (job.job_type, job.job_action, job.start_date, job.repeat_interval, job.enabled) == (
        "STORED_PROCEDURE",
        "CONEFI.P_X",
        "America/Sao_Paulo",
        "FREQ=HOURLY",
        False,
    )


def test_job_without_create_job_is_an_error_naming_the_template(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"erp/conefi/job/J_X.sql.j2: .*no DBMS_SCHEDULER.CREATE_JOB"):
        snap(tmp_path, {"erp/conefi/job/J_X.sql.j2": "BEGIN CONEFI.PKG.ENSURE_JOB('J_X'); END;\n/\n"})


TRIGGER = """CREATE OR REPLACE TRIGGER {{ obj.qualified }}
  AFTER INSERT ON SGU.INTGRA_RET_ERP
  REFERENCING NEW AS new OLD AS old
  FOR EACH ROW
  WHEN (new.intre_ind = 'REC')
BEGIN
  CONEFI.PKG_EVENTS.ON_EVENT(:new.intre_id);
END;
/
"""


def test_trigger_source_and_metadata(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {"erp/trigger_owner/trigger/TRG_X.sql.j2": TRIGGER},
        '[targets.example.integration]\ntrigger_owner = "sgu"\n',
    )
    db = s.databases[0]
    (src,) = db.sources
    assert (src.owner, src.type, src.name) == ("SGU", "trigger", "TRG_X")
    assert src.text.startswith("TRIGGER SGU.TRG_X\n  AFTER INSERT ON SGU.INTGRA_RET_ERP\n")
    assert src.text.endswith("END;")
    assert db.triggers == (
        Trigger(
            "SGU",
            "TRG_X",
            "SGU",
            "INTGRA_RET_ERP",
            "INSERT",
            "AFTER EACH ROW",
            "new.intre_ind = 'REC'",
            "ENABLED",
        ),
    )


def test_statement_trigger_disabled_by_alter(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/trigger/TRG_S.sql.j2": (
                "CREATE OR REPLACE TRIGGER {{ obj.qualified }} BEFORE UPDATE OF A OR DELETE ON CONEFI.T\n"
                "BEGIN NULL; END;\n/\nALTER TRIGGER {{ obj.qualified }} DISABLE;\n"
            )
        },
    )
    (t,) = s.databases[0].triggers
    assert (t.triggering_event, t.trigger_type, t.status) == (
        "UPDATE OR DELETE",
        "BEFORE STATEMENT",
        "DISABLED",
    )


def test_sources_of_every_kind_and_grants_in_templates(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/package/PKG_A.sql.j2": "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\n  "
                "PROCEDURE run;\nEND;\n/\n"
            "GRANT EXECUTE ON {{ obj.qualified }} TO SGU;\n",
            "erp/conefi/package_body/PKG_A.sql.j2": "CREATE OR REPLACE PACKAGE BODY {{ obj.qualified }} AS\n"
            "  PROCEDURE run IS BEGIN NULL; END;\nEND;\n/\n",
            "erp/conefi/view/V_A.sql.j2": "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\nSELECT 1 "
                "x FROM dual;\n",
            "sgu2/conefi/synonym/INTGRA_DADOS_CONEFI.sql.j2": "CREATE OR REPLACE SYNONYM {{ "
                "obj.qualified }} FOR CONEFI.INTGRA_DADOS_CONEFI@DBL_ERP_CONEFI;\n",
            "sgu2/conefi/database_link/DBL_ERP_CONEFI.sql.j2": "CREATE DATABASE LINK DBL_ERP_CONEFI "
                "CONNECT TO conefi IDENTIFIED BY \"&erp_password\" USING 'ERP';\n",
        },
    )
    erp, sgu2 = s.databases
    assert [(x.type, x.name, x.text) for x in erp.sources] == [
        ("package", "PKG_A", "PACKAGE CONEFI.PKG_A AS\n  PROCEDURE run;\nEND;"),
        ("view", "V_A", "SELECT 1 x FROM dual"),
        ("package_body", "PKG_A", "PACKAGE BODY CONEFI.PKG_A AS\n  PROCEDURE run IS BEGIN NULL; END;\nEND;"),
    ]
    assert erp.object_privileges == (ObjectPrivilege("SGU", "CONEFI", "PKG_A", "EXECUTE", False),)
    assert sgu2.synonyms == (
        Synonym("CONEFI", "INTGRA_DADOS_CONEFI", "CONEFI", "INTGRA_DADOS_CONEFI", "DBL_ERP_CONEFI"),
    )
    assert sgu2.database_links == (DatabaseLink("CONEFI", "DBL_ERP_CONEFI", "CONEFI", "ERP"),)
    assert "erp_password" not in snapshot_to_json(s)


def test_users_and_grants_in_templates(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/user/CONEFI.sql.j2": (
                'CREATE USER CONEFI IDENTIFIED BY "&conefi_password" DEFAULT TABLESPACE TS_DATA\n'
                "  TEMPORARY TABLESPACE TEMP QUOTA 500M ON TS_DATA;\n"
                "ALTER USER CONEFI QUOTA UNLIMITED ON TS_IDX;\n"
                "GRANT CREATE SESSION, create job, CONNECT TO CONEFI;\n"
                "GRANT SELECT, UPDATE ON SIGA.SE1030 TO CONEFI WITH GRANT OPTION;\n"
                "GRANT DBA TO CONEFI WITH ADMIN OPTION;\n"
            )
        },
    )
    db = s.databases[0]
    assert db.users == (User("CONEFI", "TS_DATA", "TEMP", "DEFAULT"),)
    assert db.quotas == (Quota("CONEFI", "TS_DATA", 500 * 1024 * 1024), Quota("CONEFI", "TS_IDX", -1))
    assert db.system_privileges == (
        SystemPrivilege("CONEFI", "CREATE SESSION"),
        SystemPrivilege("CONEFI", "CREATE JOB"),
    )
    assert db.role_grants == (RoleGrant("CONEFI", "CONNECT"), RoleGrant("CONEFI", "DBA", True))
    assert db.object_privileges == (
        ObjectPrivilege("CONEFI", "SIGA", "SE1030", "SELECT", True),
        ObjectPrivilege("CONEFI", "SIGA", "SE1030", "UPDATE", True),
    )


def test_privileges_from_the_grants_model_are_merged(tmp_path: Path) -> None:
    def model(project: Project, target: Target, database: str, **_: Any) -> Any:
        if database != "erp":
            return ExpectedPrivileges()
        return ExpectedPrivileges(
            users=(User("CONEFI", "TS_DATA", "TEMP"),),
            object_privileges=(ObjectPrivilege("CONEFI", "SIGA", "SE1030", "SELECT"),),
            system_privileges=(SystemPrivilege("CONEFI", "CREATE JOB"),),
        )

    s = snap(
        tmp_path, {"erp/conefi/sequence/S.sql.j2": "CREATE SEQUENCE {{ obj.qualified }};\n"}, privileges=model
    )
    assert s.meta["privileges"] == "managed"
    (db,) = s.databases
    assert db.users == (User("CONEFI", "TS_DATA", "TEMP"),)
    assert db.system_privileges == (SystemPrivilege("CONEFI", "CREATE JOB"),)
    unmanaged = snap(
        tmp_path / "u", {"erp/conefi/sequence/S.sql.j2": "CREATE SEQUENCE {{ obj.qualified }};\n"}
    )
    assert unmanaged.meta["privileges"] == "unmanaged"


def test_an_unknown_statement_names_the_template_line(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"erp/conefi/table/T.sql.j2:2: .*'TRUNCATE TABLE"):
        snap(
            tmp_path,
            {
                "erp/conefi/table/T.sql.j2": "CREATE TABLE {{ obj.qualified }} (A NUMBER);\n"
                    "TRUNCATE TABLE X;\n"
            },
        )


def test_the_expected_snapshot_round_trips_through_json(tmp_path: Path) -> None:
    s = snap(
        tmp_path,
        {
            "erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2": TABLE,
            "erp/conefi/job/J_DAILY.sql.j2": JOB,
            "erp/trigger_owner/trigger/TRG_X.sql.j2": TRIGGER,
        },
    )
    text = snapshot_to_json(s)
    again = snapshot_from_json(text)
    assert snapshot_to_json(again) == text
    assert again.databases == snapshot_from_json(snapshot_to_json(again)).databases


def test_quota_sizes() -> None:
    assert quota_bytes("500M") == 500 * 2**20
    assert quota_bytes("2 G".replace(" ", "")) == 2 * 2**30
    assert quota_bytes("unlimited") == -1
    assert quota_bytes("1024") == 1024


def test_the_example_target_expected_snapshot(project: Project) -> None:
    s = expected_snapshot(project, project.target("example"), privileges=none)
    erp = s.database("erp")
    assert erp is not None
    names = {t.name for t in erp.tables} | {q.name for q in erp.sequences}
    assert {"INTGRA_DADOS_CONEFI", "S_INTGRA_DADOS_CONEFI"} <= names


def test_the_link_the_sgu2_dba_section_creates_is_expected(project: Project) -> None:
    """The deploy script's SGU 2.0 DBA section creates the link (grants.link), no template
    does: a fresh deploy's catalog holds it, so the model must too (else drift calls it
    unexpected and plan drops the link the synonym goes through)."""
    from conefi_dbtool.catalog.drift import compute_drift
    from conefi_dbtool.catalog.snapshot import DatabaseCatalog

    target = project.target("example")
    desired = expected_snapshot(project, target)
    sgu2 = desired.database("sgu2")
    assert sgu2 is not None
    assert sgu2.database_links == (DatabaseLink("CONEFI", "DBL_ERP_CONEFI", "CONEFI", "ERP"),)
    # ALL_DB_LINKS as Oracle fills it (the database domain appended to the name)
    read = DatabaseCatalog("sgu2", database_links=(DatabaseLink("CONEFI", "DBL_ERP_CONEFI.EXAMPLE.COM",
                                                                 "CONEFI", "ERP"),))
    report = compute_drift(desired, CatalogSnapshot("example", (read,)), databases=["sgu2"])
    assert not [r for r in report.drifted if r.id.type == "database_link"]
