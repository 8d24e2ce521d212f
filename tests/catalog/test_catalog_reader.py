"""The catalog reader offline: a fake connection answers each named dictionary query with
the rows Oracle would return; the reader's shaping must produce a snapshot that compares
equal to what `expected` computes from the same DDL."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import make_project

from conefi_dbtool.catalog.drift import compute_drift
from conefi_dbtool.catalog.expected import expected_snapshot
from conefi_dbtool.catalog.queries import PER_DATABASE, QUERY_COUNT, QUERY_COUNT_WITH_QUEUE, WITH_QUEUE
from conefi_dbtool.catalog.reader import (
    CatalogReader,
    QueueSpec,
    ReadScope,
    format_data_type,
    read_database,
    scope_for,
)
from conefi_dbtool.catalog.snapshot import CatalogSnapshot, Column, Constraint, Index, QueueHealth


class FakeVar:
    def __init__(self, value: Any) -> None:
        self.value = value

    def getvalue(self) -> Any:
        return self.value


class FakeCursor:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn = conn
        self.result: list[Any] = []
        self.arraysize = 100
        self.prefetchrows = 2

    def execute(self, statement: str, parameters: Any = None, **kwargs: Any) -> None:
        m = re.match(r"/\* conefi-dbtool:(\w+) \*/", statement)
        assert m, statement
        name = m.group(1)
        self.conn.executed.append((name, statement, dict(parameters or {})))
        if name in ("revision", "queue", "environment", "busy_sessions"):
            out = next(v for v in (parameters or {}).values() if isinstance(v, FakeVar))
            out.value = self.conn.answers.get(name)
            return
        self.result = list(self.conn.answers.get(name, []))

    def fetchall(self) -> list[Any]:
        return self.result

    def var(self, typ: Any, *args: Any, **kwargs: Any) -> FakeVar:
        return FakeVar(None)

    def close(self) -> None:
        pass


class FakeConnection:
    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.executed: list[tuple[str, str, dict[str, Any]]] = []

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)


TEMPLATES = {
    "erp/conefi/sequence/S_Q.sql.j2": "CREATE SEQUENCE {{ obj.qualified }} CACHE 100;\n",
    "erp/conefi/table/Q.sql.j2": (
        "CREATE TABLE {{ obj.qualified }} (\n"
        "  INTDC_ID NUMBER(18) NOT NULL,\n"
        "  INTDC_IND_STATUS VARCHAR2(1) DEFAULT 'P' NOT NULL CHECK (INTDC_IND_STATUS IN ('P','E')),\n"
        "  INTDC_DTH_INCL TIMESTAMP DEFAULT SYSTIMESTAMP NOT NULL,\n"
        "  INTDC_CHAVE VARCHAR2(100 CHAR),\n"
        "  CONSTRAINT PK_Q PRIMARY KEY (INTDC_ID),\n"
        "  CONSTRAINT UK_Q_CHAVE UNIQUE (INTDC_CHAVE)\n"
        ");\n"
        "CREATE INDEX {{ obj.owner }}.IX_Q_ST ON {{ obj.qualified }} (INTDC_IND_STATUS, INTDC_ID DESC);\n"
    ),
    "erp/conefi/package/PKG_X.sql.j2": "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\n  "
        "PROCEDURE run;\nEND;\n/\n",
    "erp/conefi/view/V_X.sql.j2": "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n  -- why: a comment "
        "before the query, as in the example's views\n  SELECT 1 x\n    FROM dual;\n",
    "erp/trigger_owner/trigger/TRG_X.sql.j2": (
        "CREATE OR REPLACE TRIGGER {{ obj.qualified }}\n  AFTER INSERT ON SGU.INTGRA_RET_ERP\n  FOR "
            "EACH ROW\n"
        "  WHEN (NEW.INTRE_IND = 'REC')\nBEGIN\n  CONEFI.PKG_X.run;\nEND;\n/\n"
    ),
    "erp/conefi/job/J_X.sql.j2": (
        "BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'STORED_PROCEDURE',\n"
        "    job_action => 'CONEFI.PKG_X.RUN', start_date => SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo',\n"
        "    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0', enabled => TRUE,\n"
        "    comments => 'conefi-dbtool');\nEND;\n/\n"
    ),
}


def oracle_rows(dba: bool = True) -> dict[str, Any]:
    """What the dictionary holds after deploying TEMPLATES (Oracle's own spellings)."""
    return {
        "probe": [(1 if dba else 0, "CONEFI")],
        "objects": [
            ("CONEFI", "PKG_X", "PACKAGE", "VALID"),
            ("CONEFI", "V_X", "VIEW", "VALID"),
            ("CONEFI", "TRG_X", "TRIGGER", "VALID"),
            ("CONEFI", "P_GONE", "PROCEDURE", "INVALID"),
        ],
        "source": [
            ("CONEFI", "PKG_X", "PACKAGE", 1, 'PACKAGE "CONEFI"."PKG_X" AS\n'),
            ("CONEFI", "PKG_X", "PACKAGE", 2, "  PROCEDURE run;\n"),
            ("CONEFI", "PKG_X", "PACKAGE", 3, "END;"),
            ("CONEFI", "TRG_X", "TRIGGER", 1, "TRIGGER CONEFI.TRG_X\n"),
            ("CONEFI", "TRG_X", "TRIGGER", 2, "  AFTER INSERT ON SGU.INTGRA_RET_ERP\n"),
            ("CONEFI", "TRG_X", "TRIGGER", 3, "  FOR EACH ROW\n"),
            ("CONEFI", "TRG_X", "TRIGGER", 4, "  WHEN (NEW.INTRE_IND = 'REC')\n"),
            ("CONEFI", "TRG_X", "TRIGGER", 5, "BEGIN\n"),
            ("CONEFI", "TRG_X", "TRIGGER", 6, "  CONEFI.PKG_X.run;\n"),
            ("CONEFI", "TRG_X", "TRIGGER", 7, "END;"),
            ("CONEFI", "P_GONE", "PROCEDURE", 1, "PROCEDURE p_gone IS BEGIN NULL; END;"),
        ],
        "views": [("CONEFI", "V_X", "SELECT 1 x\n    FROM dual")],
        "triggers": [
            (
                "CONEFI",
                "TRG_X",
                "SGU",
                "INTGRA_RET_ERP",
                "INSERT",
                "AFTER EACH ROW",
                "NEW.INTRE_IND = 'REC'",
                "ENABLED",
            )
        ],
        "columns": [
            ("CONEFI", "Q", "INTDC_ID", "NUMBER", 22, 0, None, 18, 0, "N", None, "NO"),
            ("CONEFI", "Q", "INTDC_IND_STATUS", "VARCHAR2", 1, 1, "B", None, None, "N", "'P' ", "NO"),
            (
                "CONEFI",
                "Q",
                "INTDC_DTH_INCL",
                "TIMESTAMP(6)",
                11,
                0,
                None,
                None,
                6,
                "N",
                "SYSTIMESTAMP\n",
                "NO",
            ),
            ("CONEFI", "Q", "INTDC_CHAVE", "VARCHAR2", 400, 100, "C", None, None, "Y", None, "NO"),
            ("CONEFI", "SYS_IOT_OVER_1", "X", "NUMBER", 22, 0, None, None, None, "Y", None, "NO"),
        ],
        "indexes": [
            ("CONEFI", "IX_Q_ST", "CONEFI", "Q", "NONUNIQUE", "N", "INTDC_IND_STATUS", "ASC", None),
            ("CONEFI", "IX_Q_ST", "CONEFI", "Q", "NONUNIQUE", "N", "SYS_NC00005$", "DESC", '"INTDC_ID"'),
        ],
        "constraints": [
            ("CONEFI", "Q", "PK_Q", "P", None, "USER NAME", None, None, "INTDC_ID"),
            ("CONEFI", "Q", "UK_Q_CHAVE", "U", None, "USER NAME", None, None, "INTDC_CHAVE"),
            (
                "CONEFI",
                "Q",
                "SYS_C008812",
                "C",
                '"INTDC_ID" IS NOT NULL',
                "GENERATED NAME",
                None,
                None,
                "INTDC_ID",
            ),
            (
                "CONEFI",
                "Q",
                "SYS_C008813",
                "C",
                "INTDC_IND_STATUS IN ('P','E')",
                "GENERATED NAME",
                None,
                None,
                "INTDC_IND_STATUS",
            ),
        ],
        "sequences": [("CONEFI", "S_Q", 1, 100, "N"), ("CONEFI", "ISEQ$$_7712", 1, 20, "N")],
        "synonyms": [],
        "db_links": [],
        "jobs": [
            (
                "CONEFI",
                "J_X",
                "STORED_PROCEDURE",
                "CONEFI.PKG_X.RUN",
                "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0",
                "2026-03-01T17:42:10 AMERICA/SAO_PAULO",
                "TRUE",
                "SCHEDULED",
                0,
                None,
                "2026-03-02T05:00:00 AMERICA/SAO_PAULO",
                "conefi-dbtool",
            )
        ],
        "job_runs": [("CONEFI", "J_X", "2026-03-01T05:00:01 AMERICA/SAO_PAULO", "FAILED", 6502, "ORA-06502")],
        "users": [("CONEFI", "TS_DATA", "TEMP", "DEFAULT", "OPEN")],
        "quotas": [("CONEFI", "TS_DATA", 524288000)],
        "object_privileges": [
            ("CONEFI", "SIGA", "SE1030", "SELECT", "NO"),
            ("PUBLIC", "CONEFI", "CONEFI", "INHERIT PRIVILEGES", "NO"),  # Oracle's default at CREATE USER
        ],
        "system_privileges": [("CONEFI", "CREATE JOB", "NO")],
        "role_grants": [],
        "revision": "0003_abc",
        "queue": "12,1,5400",
    }


def setup(tmp_path: Path) -> tuple[Any, Any, CatalogSnapshot]:
    project, target = make_project(tmp_path, TEMPLATES)
    return project, target, expected_snapshot(project, target)


def test_every_dictionary_query_has_its_own_name() -> None:
    names = [query.name for query in WITH_QUEUE]
    assert len(names) == len(set(names)) == QUERY_COUNT_WITH_QUEUE
    assert all(re.fullmatch(r"\w+", name) for name in names)  # the tag the fake and V$SQL match


def test_a_fixed_number_of_queries_whatever_the_size(tmp_path: Path) -> None:
    _, target, desired = setup(tmp_path)
    small = FakeConnection(oracle_rows())
    reader = CatalogReader(small)
    read_database(small, scope_for(target, desired, "erp"), reader=reader)
    assert reader.query_count == QUERY_COUNT == len(small.executed) == 25
    assert reader.statements == [query.name for query in PER_DATABASE]
    assert reader.statements[:3] == ["probe", "objects", "source"]
    big_rows = oracle_rows()
    big_rows["source"] = [("CONEFI", f"P_{i}", "PROCEDURE", 1, f"PROCEDURE p_{i} IS BEGIN NULL; END;")
                          for i in range(3000)]
    big = FakeConnection(big_rows)
    reader = CatalogReader(big)
    db = read_database(big, scope_for(target, desired, "erp"), include_queue=True, reader=reader)
    assert reader.query_count == QUERY_COUNT_WITH_QUEUE == QUERY_COUNT + 1
    assert reader.statements == [query.name for query in WITH_QUEUE]
    assert len(db.sources) == 3001


def test_the_read_catalog_of_a_fresh_deploy_has_no_drift(tmp_path: Path) -> None:
    _, target, desired = setup(tmp_path)
    conn = FakeConnection(oracle_rows())
    db = read_database(conn, scope_for(target, desired, "erp"))
    report = compute_drift(desired, CatalogSnapshot("example", (db,)), databases=["erp"])
    drifted = {str(r.id): r.summary for r in report.drifted}
    assert drifted == {"erp:CONEFI.procedure.P_GONE": "unexpected: in the database, not in the model"}
    gone = next(s for s in db.sources if s.name == "P_GONE")
    assert gone.status == "INVALID"
    # `catalog expected` holds a view's query as ALL_VIEWS does (no comment before it), so
    # an expected snapshot and a dump of a fresh deploy also compare equal by hand
    (want_view,) = [s for s in desired.database("erp").sources if s.name == "V_X"]  # type: ignore[union-attr]
    (read_view,) = [s for s in db.sources if s.name == "V_X"]
    assert want_view.text == read_view.text == "SELECT 1 x\n    FROM dual"


def test_shaping_of_rows(tmp_path: Path) -> None:
    _, target, desired = setup(tmp_path)
    scope = dataclasses.replace(scope_for(target, desired, "erp"), queue=QueueSpec("CONEFI", "Q", "S", "T"))
    db = read_database(FakeConnection(oracle_rows()), scope, include_queue=True)
    (q,) = db.tables  # the IOT overflow segment is not a table of ours
    assert q.columns == (
        Column("INTDC_ID", "NUMBER(18)", False, ""),
        Column("INTDC_IND_STATUS", "VARCHAR2(1)", False, "'P'"),
        Column("INTDC_DTH_INCL", "TIMESTAMP(6)", False, "SYSTIMESTAMP"),
        Column("INTDC_CHAVE", "VARCHAR2(100 CHAR)", True, ""),
    )
    assert q.indexes == (Index("IX_Q_ST", ("INTDC_IND_STATUS", "INTDC_ID DESC"), False),)
    assert q.constraints == (
        Constraint("PK_Q", "P", ("INTDC_ID",)),
        Constraint("UK_Q_CHAVE", "U", ("INTDC_CHAVE",)),
        Constraint("", "C", (), "INTDC_IND_STATUS IN ('P','E')"),
    )
    assert [s.name for s in db.sequences] == ["S_Q"]
    assert [(p.grantee, p.privilege) for p in db.object_privileges] == [("CONEFI", "SELECT")]
    assert db.revision == "0003_abc"
    assert db.queue == QueueHealth(12, 1, 5400)
    assert db.dictionary == "DBA" and db.privileges_of is None and db.owners == ("CONEFI",)
    (job,) = db.jobs
    assert job.enabled is True and job.next_run_date == "2026-03-02T05:00:00 AMERICA/SAO_PAULO"
    (run,) = db.job_runs
    assert (run.status, run.error) == ("FAILED", 6502)


def test_all_views_when_the_dictionary_is_not_readable(tmp_path: Path) -> None:
    _, target, desired = setup(tmp_path)
    conn = FakeConnection(oracle_rows(dba=False))
    db = read_database(conn, scope_for(target, desired, "erp"))
    assert db.dictionary == "ALL" and db.privileges_of == ("CONEFI",)
    statements = {name: sql for name, sql, _ in conn.executed}
    assert "FROM all_source s" in statements["source"]
    assert "FROM user_users" in statements["users"]
    assert "FROM all_tab_privs" in statements["object_privileges"]
    assert "dba_" not in " ".join(statements.values()).replace("SELECT_CATALOG_ROLE", "")


def test_scope_and_binds(tmp_path: Path) -> None:
    project, target = make_project(
        tmp_path, TEMPLATES, '[targets.example.integration]\ntrigger_owner = "sgu"\n'
    )
    desired = expected_snapshot(project, target)
    scope = scope_for(target, desired, "erp")
    assert scope.owners == ("CONEFI",)
    assert scope.extra == (("SGU", "TRG_X"),)
    assert scope.event_table == ("SGU", "INTGRA_RET_ERP")
    assert scope.version_table == ("CONEFI", "CONEFI_DBTOOL_VERSION")
    assert scope.queue is None  # the model has no INTGRA_DADOS_CONEFI table here
    conn = FakeConnection(oracle_rows())
    read_database(conn, scope)
    _name, sql, binds = next(e for e in conn.executed if e[0] == "source")
    assert binds == {
        "o0": "CONEFI",
        "x0a": "SGU",
        "x0b": "TRG_X",
        "et_owner": "SGU",
        "et_name": "INTGRA_RET_ERP",
    }
    assert "(s.owner, s.name) IN ((:x0a, :x0b))" in sql
    assert "table_owner = :et_owner AND table_name = :et_name" in sql
    # values never reach the SQL text: only bind names
    assert "'SGU'" not in sql and "'CONEFI'" not in sql
    _, rev_sql, rev_binds = next(e for e in conn.executed if e[0] == "revision")
    assert rev_binds == {"tab": "CONEFI.CONEFI_DBTOOL_VERSION", "db": "erp", "rev": rev_binds["rev"]}
    assert "DBMS_ASSERT.QUALIFIED_SQL_NAME(:tab)" in rev_sql and "USING :db" in rev_sql


def test_the_revision_table_is_the_release_machinerys() -> None:
    from conefi_dbtool.catalog.reader import VERSION_TABLE
    from conefi_dbtool.migrations.sqltext import VERSION_TABLE as STAMP

    assert VERSION_TABLE == STAMP


def test_queue_spec_from_the_model_and_its_query(tmp_path: Path) -> None:
    templates = dict(TEMPLATES)
    templates["erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2"] = (
        "CREATE TABLE {{ obj.qualified }} (INTDC_ID NUMBER, INTDC_IND_STATUS VARCHAR2(1), "
            "INTDC_DTH_INCL DATE);\n"
    )
    project, target = make_project(tmp_path, templates)
    scope = scope_for(target, expected_snapshot(project, target), "erp")
    assert scope.queue == QueueSpec("CONEFI", "INTGRA_DADOS_CONEFI", "INTDC_IND_STATUS", "INTDC_DTH_INCL")
    conn = FakeConnection(oracle_rows())
    read_database(conn, scope, include_queue=True)
    _, sql, _ = conn.executed[-1]
    assert "FROM CONEFI.INTGRA_DADOS_CONEFI" in sql and "INTDC_IND_STATUS = ''P''" in sql


def test_without_a_queue_table_the_count_is_still_constant(tmp_path: Path) -> None:
    conn = FakeConnection({**oracle_rows(), "queue": None})
    reader = CatalogReader(conn)
    db = read_database(conn, ReadScope("erp", ("CONEFI",)), include_queue=True, reader=reader)
    assert reader.query_count == QUERY_COUNT_WITH_QUEUE and db.queue is None and db.revision is None


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (("VARCHAR2", 400, 100, "C", None, None), "VARCHAR2(100 CHAR)"),
        (("VARCHAR2", 100, 100, "B", None, None), "VARCHAR2(100)"),
        (("CHAR", 8, 8, "B", None, None), "CHAR(8)"),
        (("NVARCHAR2", 200, 100, "C", None, None), "NVARCHAR2(100)"),
        (("NUMBER", 22, 0, None, None, None), "NUMBER"),
        (("NUMBER", 22, 0, None, None, 0), "NUMBER(*,0)"),
        (("NUMBER", 22, 0, None, 18, 0), "NUMBER(18)"),
        (("NUMBER", 22, 0, None, 15, 2), "NUMBER(15,2)"),
        (("FLOAT", 22, 0, None, 126, None), "FLOAT(126)"),
        (("RAW", 16, 0, None, None, None), "RAW(16)"),
        (("TIMESTAMP(6) WITH TIME ZONE", 13, 0, None, None, 6), "TIMESTAMP(6) WITH TIME ZONE"),
        (("DATE", 7, 0, None, None, None), "DATE"),
    ],
)
def test_dictionary_types_format_like_normalised_ddl(row: tuple[Any, ...], text: str) -> None:
    from conefi_dbtool.catalog.normalize import data_type

    assert format_data_type(*row) == text
    assert data_type(text) == text  # the DDL spelling normalises to the same text


class Oracledb2Cursor(FakeCursor):
    """`Cursor.execute` as python-oracledb 2.0-3.3 define it (`fetch_lobs` came in 3.4):
    every keyword is a bind variable, and positional binds plus keywords is DPY-2005."""

    def execute(self, statement: str, parameters: Any = None, **keyword_parameters: Any) -> None:
        if keyword_parameters and parameters:
            raise RuntimeError("DPY-2005: expecting positional arguments or keyword arguments, not both")
        for name in keyword_parameters:
            if f":{name}" not in statement:
                raise RuntimeError(f"DPY-4008: no bind placeholder named :{name} was found in the SQL text")
        super().execute(statement, parameters or keyword_parameters or None)


class Oracledb2Connection(FakeConnection):
    def cursor(self) -> FakeCursor:
        return Oracledb2Cursor(self)


def test_the_reader_runs_on_python_oracledb_2(tmp_path: Path) -> None:
    """pyproject allows oracledb>=2.0: no keyword argument may reach Cursor.execute."""
    _, target, desired = setup(tmp_path)
    conn = Oracledb2Connection(oracle_rows())
    db = read_database(conn, scope_for(target, desired, "erp"), include_queue=True)
    assert len(conn.executed) == QUERY_COUNT_WITH_QUEUE and db.revision == "0003_abc"


def test_the_preflight_facts_and_what_the_deploy_user_cannot_read(tmp_path: Path) -> None:
    _, target, desired = setup(tmp_path)
    rows = oracle_rows()
    rows.update({
        "environment": "19.24.0.0.0;?;40",
        "tablespaces": [("USERS", "ONLINE", "PERMANENT")],
        "session_privileges": [("SYSTEM", "CREATE JOB"), ("ROLE", "RESOURCE"),
                               ("OBJECT", "SYS.DBMS_LOCK:EXECUTE")],
        "referenced_columns": [("SIGA", "SE1030", "E1_NUM", "VARCHAR2", 9, 9, "B", None, None, "N")],
        "referenced_indexes": [("SIGA", "SE1030", "SE1030_PK", "R_E_C_N_O_")],
        "busy_sessions": "12,SIGA,CONEFI.PKG_X",
    })
    conn = FakeConnection(rows)
    db = read_database(conn, scope_for(target, desired, "erp", [("SIGA", "SE1030")]))
    assert (db.oracle_version, db.timezone_file_version, db.job_queue_processes) == ("19.24.0.0.0", None, 40)
    assert db.unreadable == ("timezone_file_version",)
    assert db.session is not None and db.session.object_privileges == ("SYS.DBMS_LOCK:EXECUTE",)
    assert db.referenced_tables is not None
    (se1,) = db.referenced_tables
    assert se1.columns == (Column("E1_NUM", "VARCHAR2(9)", False),)
    assert se1.indexes == (Index("SE1030_PK", ("R_E_C_N_O_",)),)
    assert db.busy_sessions is not None and [b.unit for b in db.busy_sessions] == ["CONEFI.PKG_X"]
    binds = {name: params for name, _text, params in conn.executed}
    columns = binds["referenced_columns"]
    assert {(columns[f"t{i}a"], columns[f"t{i}b"]) for i in range(2)} == {
        ("SIGA", "SE1030"), ("SGU", "INTGRA_RET_ERP")}  # the code's table and the event table
    assert "CONEFI.PKG_X" in binds["busy_sessions"]["units"]


def test_unreadable_v_views_leave_the_facts_unknown(tmp_path: Path) -> None:
    _, target, desired = setup(tmp_path)
    rows = oracle_rows()
    rows.update({"environment": "19.3.0.0.0;?;?", "busy_sessions": "?"})
    db = read_database(FakeConnection(rows), scope_for(target, desired, "erp"))
    assert db.busy_sessions is None and db.job_queue_processes is None
    assert set(db.unreadable) == {"timezone_file_version", "job_queue_processes", "busy_sessions"}
