"""Releases, unit level: table pieces, compile-error mapping, release SQL, the applier."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.deploy_steps import Step, object_steps
from conefi_dbtool.errors import UsageError
from conefi_dbtool.migrations.applier import substitute
from conefi_dbtool.migrations.autogen import write_revision
from conefi_dbtool.migrations.compile_errors import ErrorRow, locate, locate_anonymous
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import run_online
from conefi_dbtool.migrations.sqltext import (
    GrantLine,
    drop_steps,
    expected_job_attributes,
    job_check_step,
    job_create_steps,
    parse_grants,
    revoke_step,
)
from conefi_dbtool.migrations.tablediff import parse_create_table, table_pieces
from conefi_dbtool.objects import ObjectId, RenderedObject, SourceLine
from conefi_dbtool.splitter import split
from tests.helpers import make_project
from tests.migrations.test_migrations import FIRST, two_revisions, write

TABLE_V1 = """CREATE TABLE CONEFI.Q (
  Q_ID      NUMBER(18)    NOT NULL,
  Q_DADOS   VARCHAR2(400) NOT NULL, -- payload
  Q_OBS     VARCHAR2(100),
  CONSTRAINT PK_Q PRIMARY KEY (Q_ID),
  CONSTRAINT CK_Q CHECK (Q_ID > 0)
) TABLESPACE TS_DATA;
CREATE INDEX CONEFI.IX_Q_DADOS ON CONEFI.Q (Q_DADOS);
"""


# --------------------------------------------------------------------------- table pieces


def test_parse_create_table() -> None:
    shape = parse_create_table(TABLE_V1.split(";\n")[0])
    assert shape is not None
    assert shape.name == "CONEFI.Q"
    assert shape.columns == (
        ("Q_ID", "NUMBER(18) NOT NULL"),
        ("Q_DADOS", "VARCHAR2(400) NOT NULL"),
        ("Q_OBS", "VARCHAR2(100)"),
    )
    assert [name for name, _ in shape.constraints] == ["PK_Q", "CK_Q"]
    assert shape.tail == "TABLESPACE TS_DATA"
    assert parse_create_table("CREATE SEQUENCE CONEFI.S") is None


def test_table_pieces_add_modify_drop() -> None:
    v2 = (
        TABLE_V1.replace("Q_DADOS   VARCHAR2(400) NOT NULL", "Q_DADOS   VARCHAR2(800) NOT NULL")
        .replace("  Q_OBS     VARCHAR2(100),\n", "")
        .replace(
            "  CONSTRAINT PK_Q", "  Q_DTH_INCL TIMESTAMP DEFAULT SYSTIMESTAMP NOT NULL,\n  CONSTRAINT PK_Q"
        )
        .replace("CHECK (Q_ID > 0)", "CHECK (Q_ID >= 1)")
        .replace(
            "CREATE INDEX CONEFI.IX_Q_DADOS ON CONEFI.Q (Q_DADOS);",
            "CREATE INDEX CONEFI.IX_Q_INCL ON CONEFI.Q (Q_DTH_INCL);",
        )
    )
    pieces = table_pieces(TABLE_V1, v2, label="erp:CONEFI.table.Q", allow_data_loss=False)
    summary = [(p.purpose, _statement(p.text)) for p in pieces]
    assert summary == [
        ("drop-constraint", "ALTER TABLE CONEFI.Q DROP CONSTRAINT CK_Q"),
        ("modify-column", "ALTER TABLE CONEFI.Q MODIFY (Q_DADOS VARCHAR2(800))"),
        ("add-column", "ALTER TABLE CONEFI.Q ADD (Q_DTH_INCL TIMESTAMP DEFAULT SYSTIMESTAMP NOT NULL)"),
        ("data-guard", "SELECT COUNT(*) FROM CONEFI.Q WHERE ROWNUM = 1"),
        ("drop-column", "ALTER TABLE CONEFI.Q DROP COLUMN Q_OBS"),
        ("add-constraint", "ALTER TABLE CONEFI.Q ADD CONSTRAINT CK_Q CHECK (Q_ID >= 1)"),
        ("drop-index", "DROP INDEX CONEFI.IX_Q_DADOS"),
        ("create", "CREATE INDEX CONEFI.IX_Q_INCL ON CONEFI.Q (Q_DTH_INCL)"),
    ]
    assert "WHEN e_exists_1430 THEN" in pieces[2].text  # re-running the ADD converges
    assert "RAISE_APPLICATION_ERROR(-20003, 'refusing to drop column(s) Q_OBS of CONEFI.Q" in pieces[3].text
    allowed = table_pieces(TABLE_V1, v2, label="t", allow_data_loss=True)
    assert "data-guard" not in [p.purpose for p in allowed]


def test_table_pieces_nullability_notes_and_no_change() -> None:
    assert table_pieces(TABLE_V1, TABLE_V1.replace("  ", "    "), label="t", allow_data_loss=False) == ()
    v2 = (
        TABLE_V1.replace("Q_OBS     VARCHAR2(100)", "Q_OBS     VARCHAR2(100) NOT NULL")
        .replace("TABLESPACE TS_DATA", "TABLESPACE TS_OTHER")
        .replace("CONSTRAINT PK_Q PRIMARY KEY (Q_ID),\n", "")
    )
    v2 = v2.replace("  CONSTRAINT CK_Q", "  UNIQUE (Q_DADOS),\n  CONSTRAINT CK_Q")
    pieces = table_pieces(TABLE_V1, v2, label="t", allow_data_loss=False)
    assert [(p.kind, p.purpose) for p in pieces] == [
        ("plsql", "drop-constraint"),
        ("plsql", "modify-column"),
        ("plsql", "add-constraint"),
        ("note", "note"),
    ]
    assert "MODIFY (Q_OBS NOT NULL)" in pieces[1].text and "e_exists_1442" in pieces[1].text
    assert pieces[3].text == (
        "CONEFI.Q: table options changed (TABLESPACE TS_DATA -> TABLESPACE TS_OTHER); "
        "an existing table is not moved or rebuilt"
    )
    back = table_pieces(v2, TABLE_V1, label="t", allow_data_loss=False)
    assert any(p.kind == "note" and "unnamed constraint removed" in p.text for p in back)


def _statement(text: str) -> str:
    match = re.search(r"EXECUTE IMMEDIATE '(.*?)'( INTO v_rows)?;", text, re.S)
    return match.group(1).replace("''", "'") if match else text


# --------------------------------------------------------------------------- compile errors


def _object(text: str, type_: str = "package_body", first_template_line: int = 5) -> RenderedObject:
    lines = text.count("\n")
    template = f"erp/conefi/{type_}/X.sql.j2"
    return RenderedObject(
        ObjectId("erp", "CONEFI", type_, "X"),
        template,
        text,
        line_map=tuple(SourceLine(template, first_template_line + i) for i in range(lines)),
    )


def test_compile_error_rows_map_to_template_lines() -> None:
    text = (
        "CREATE OR REPLACE PACKAGE BODY CONEFI.X AS\n  PROCEDURE p IS\n  BEGIN\n    y := 1;\n"
        "  END;\nEND;\n/\n"
    )
    obj = _object(text)
    (create, _check) = object_steps(obj)
    rows = (
        ErrorRow(4, 5, "PLS-00201: identifier 'Y' must be declared"),
        ErrorRow(4, 5, "PL/SQL: Statement ignored"),
        ErrorRow(99, 1, "beyond the text"),
    )
    located = locate(obj, create, rows, revision="0002_bbbbbb")
    assert [str(e) for e in located] == [
        "erp:CONEFI.package_body.X 4:5 PLS-00201: identifier 'Y' must be declared "
        "(template erp/conefi/package_body/X.sql.j2:8 as of revision 0002_bbbbbb)",
        "erp:CONEFI.package_body.X 4:5 PL/SQL: Statement ignored "
        "(template erp/conefi/package_body/X.sql.j2:8 as of revision 0002_bbbbbb)",
        "erp:CONEFI.package_body.X 99:1 beyond the text",
    ]


def test_compile_error_of_a_later_statement_and_of_a_trigger_body() -> None:
    step = Step(
        "plsql",
        "CREATE OR REPLACE PACKAGE BODY CONEFI.X AS\n  x NUMBER;\nEND;",
        ObjectId("erp", "CONEFI", "package_body", "X"),
        "create",
        line=3,
    )
    obj = _object("-- a\n-- b\n" + step.text + "\n/\n")
    (error,) = locate(obj, step, (ErrorRow(2, 3, "PLS-00103"),))
    assert error.rendered_line == 4 and error.source == SourceLine("erp/conefi/package_body/X.sql.j2", 8)
    trigger_text = (
        "CREATE OR REPLACE TRIGGER CONEFI.X\nAFTER INSERT ON SGU.T\nFOR EACH ROW\nDECLARE\n"
        "  v NUMBER;\nBEGIN\n  p(:new.a);\nEND;\n/\n"
    )
    trigger = _object(trigger_text, "trigger", first_template_line=10)
    (create, _check) = object_steps(trigger)
    (error,) = locate(trigger, create, (ErrorRow(4, 3, "PLS-00201: identifier 'P' must be declared"),))
    # trigger errors count from the DECLARE line: body line 4 is rendered line 7
    assert error.rendered_line == 7 and error.source == SourceLine("erp/conefi/trigger/X.sql.j2", 16)


def test_anonymous_block_errors_name_the_template_line() -> None:
    obj = _object("BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'X', bogus => 1);\nEND;\n/\n", "job", 3)
    (drop, create) = job_create_steps(obj, replace=True)
    assert drop.purpose == "drop-job" and create.text.startswith("BEGIN")
    message = "ORA-06550: line 2, column 3: PLS-00306: wrong number or types of arguments"
    assert locate_anonymous(obj, create, message, revision="0003_c") == (
        message + " (template erp/conefi/job/X.sql.j2:4 as of revision 0003_c)"
    )
    (guarded,) = job_create_steps(obj, replace=False)
    assert "PRAGMA EXCEPTION_INIT(e_exists, -27477);" in guarded.text
    # the wrapper adds four lines before the block: line 6 of the wrapper is line 2 of the block
    assert locate_anonymous(obj, guarded, "ORA-06550: line 6, column 3: x").endswith("X.sql.j2:4)")


# --------------------------------------------------------------------------- release SQL


def test_parse_grants_and_revoke() -> None:
    steps = (
        Step("sql", "GRANT SELECT, UPDATE ON SIGA.SE1030 TO CONEFI", None, "grant"),
        Step("sql", "GRANT CREATE JOB TO CONEFI WITH ADMIN OPTION", None, "grant"),
        Step("sql", "ALTER USER CONEFI QUOTA 500M ON TS_DATA", None, "grant"),
        Step("plsql", "BEGIN NULL; END;", None, "x"),
    )
    assert parse_grants(steps) == frozenset(
        {
            GrantLine("SELECT", "SIGA.SE1030", "CONEFI"),
            GrantLine("UPDATE", "SIGA.SE1030", "CONEFI"),
            GrantLine("CREATE JOB", "", "CONEFI"),
        }
    )
    step = revoke_step(GrantLine("UPDATE", "SIGA.SE1030", "CONEFI"))
    assert "EXECUTE IMMEDIATE 'REVOKE UPDATE ON SIGA.SE1030 FROM CONEFI';" in step.text
    assert "PRAGMA EXCEPTION_INIT(e_1927, -1927);" in step.text


def test_drop_steps_per_type() -> None:
    (guard, drop) = drop_steps(ObjectId("erp", "CONEFI", "table", "Q"), allow_data_loss=False)
    assert guard.purpose == "data-guard" and "DROP TABLE CONEFI.Q CASCADE CONSTRAINTS" in drop.text
    (drop,) = drop_steps(ObjectId("erp", "CONEFI", "package_body", "P"), allow_data_loss=False)
    assert "'DROP PACKAGE BODY CONEFI.P'" in drop.text and "-4043" in drop.text
    (drop,) = drop_steps(ObjectId("erp", "SGU", "trigger", "T"), allow_data_loss=False)
    assert "'DROP TRIGGER SGU.T'" in drop.text and "-4080" in drop.text
    (drop,) = drop_steps(ObjectId("erp", "CONEFI", "job", "J"), allow_data_loss=False)
    assert "DROP_JOB(job_name => 'CONEFI.J', force => FALSE)" in drop.text and "-27475" in drop.text
    with pytest.raises(UsageError, match="managed by the grants manifests"):
        drop_steps(ObjectId("erp", "CONEFI", "user", "CONEFI"), allow_data_loss=True)


def test_drop_database_link_runs_as_its_owner() -> None:
    """``DROP DATABASE LINK CONEFI.X`` means a link named "CONEFI.X" of the caller: never emitted."""
    (drop,) = drop_steps(ObjectId("sgu2", "CONEFI", "database_link", "DBL_X"), allow_data_loss=False)
    assert "DROP DATABASE LINK CONEFI." not in drop.text
    assert "IF SYS_CONTEXT('USERENV', 'SESSION_USER') = 'CONEFI' THEN" in drop.text
    assert "EXECUTE IMMEDIATE 'DROP DATABASE LINK DBL_X';" in drop.text
    assert ("'CREATE OR REPLACE PROCEDURE CONEFI.CONEFI_DBTOOL$DROPLINK AUTHID DEFINER IS BEGIN "
            "EXECUTE IMMEDIATE ''DROP DATABASE LINK DBL_X''; END;'") in drop.text
    assert "PRAGMA EXCEPTION_INIT(e_2024, -2024);" in drop.text
    assert drop.text.rstrip().endswith("END;") and split(drop.text + "\n/\n")[0].text == drop.text


def test_job_check_expects_the_enabled_state_the_template_leaves() -> None:
    created = ("DECLARE\n  v NUMBER;\nBEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J',\n"
               "    job_type => 'STORED_PROCEDURE', job_action => 'CONEFI.P', enabled => FALSE);\n")
    enabled = job_check_step(_object(created + "  SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J');\nEND;\n/\n", "job"))
    assert "IF r.ENABLED <> 'TRUE' THEN v_problems := v_problems || ' not enabled;'; END IF;" in enabled.text
    # integration.job_enabled = false: no ENABLE call, the job stays disabled and that is right
    kept = job_check_step(_object(created + "  NULL;\nEND;\n/\n", "job"))
    assert "r.ENABLED <> 'TRUE'" not in kept.text and "IF r.ENABLED <> 'FALSE' THEN" in kept.text


def test_expected_job_attributes() -> None:
    obj = _object(
        "BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J', JOB_TYPE => 'PLSQL_BLOCK',\n"
        "    job_action => 'BEGIN p(''x''); END;', repeat_interval => 'FREQ=DAILY;BYHOUR=5',\n"
        "    enabled => TRUE);\nEND;\n",
        "job",
    )
    assert expected_job_attributes(obj) == {
        "job_type": "'PLSQL_BLOCK'",
        "job_action": "'BEGIN p(''x''); END;'",
        "repeat_interval": "'FREQ=DAILY;BYHOUR=5'",
        "enabled": "TRUE",
    }


def test_secret_substitution() -> None:
    secrets = {"conefi_erp_password": "s3cr3t"}
    assert substitute('IDENTIFIED BY "&&conefi_erp_password"', secrets.get) == 'IDENTIFIED BY "s3cr3t"'
    with pytest.raises(UsageError, match="set CONEFI_SECRET_CONEFI_SGU2_PASSWORD") as info:
        substitute("&&conefi_sgu2_password", secrets.get)
    assert "s3cr3t" not in str(info.value)
    with pytest.raises(UsageError, match="contains a quote"):
        substitute("&&p", {"p": "a'b"}.get)


# --------------------------------------------------------------------------- the applier


class FakeDatabaseError(Exception):
    pass


FakeDatabaseError.__name__ = "DatabaseError"


_CREATED = re.compile(r"\s*CREATE OR REPLACE (PACKAGE BODY|PACKAGE|TRIGGER|VIEW|PROCEDURE|FUNCTION) "
                      r"(\w+)\.(\w+)")
_DROPPED = re.compile(r"DROP (PACKAGE BODY|PACKAGE|TRIGGER|VIEW|PROCEDURE|FUNCTION) (\w+)\.(\w+)\Z")


class FakeDB:
    """Records statements; answers the version, ALL_ERRORS and the journal like Oracle would.

    Units it is asked to create are kept (their text is what GET_DDL and ALL_SOURCE give
    back, a trigger created DISABLE is DISABLED); ``broken[needle]`` gives a unit created
    from a text holding ``needle`` those ALL_ERRORS rows until a text without it replaces it.
    """

    def __init__(self, session_user: str = "CONEFI") -> None:
        self.session_user = session_user  # SYS_CONTEXT('USERENV', 'SESSION_USER')
        self.ddl: dict[tuple[str, str, str], str] = {}  # (owner, name, ALL_OBJECTS type) -> its DDL
        self.trigger_status: dict[tuple[str, str], str] = {}
        self.broken: dict[str, list[tuple[Any, ...]]] = {}
        self.statements: list[str] = []
        self.version: dict[str, str] = {}
        self.journal: list[dict[str, Any]] = []
        self.errors: dict[tuple[str, str, str], list[tuple[Any, ...]]] = {}
        self.warn_on: str | None = None
        self.raise_on: dict[str, str] = {}
        self.closed = 0

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def commit(self) -> None:
        self.statements.append("<commit>")

    def rollback(self) -> None:
        self.statements.append("<rollback>")

    def close(self) -> None:
        self.closed += 1


class FakeCursor:
    def __init__(self, db: FakeDB) -> None:
        self.db = db
        self.rows: list[tuple[Any, ...]] = []
        self.warning: object | None = None

    def execute(self, statement: str, parameters: Any = None, **binds: Any) -> None:
        db = self.db
        db.statements.append(statement)
        for needle, message in db.raise_on.items():
            if needle in statement:
                raise FakeDatabaseError(message)
        self.warning = None
        if self._dictionary(statement, binds):
            return
        if statement.startswith("SELECT VERSION_NUM"):
            self.rows = [(db.version[binds["db"]],)] if binds["db"] in db.version else []
        elif statement.startswith("SELECT LINE, POSITION"):
            self.rows = db.errors.get((binds["owner"], binds["name"], binds["type"]), [])
        elif statement.startswith("INSERT INTO CONEFI.CONEFI_DBTOOL_JOURNAL"):
            db.journal.append(binds)
        elif statement.startswith("MERGE INTO CONEFI.CONEFI_DBTOOL_VERSION"):
            (db_name, revision) = re.search(r"VALUES \('(\w+)', '(\w+)'", statement).groups()  # type: ignore[union-attr]
            db.version[db_name] = revision
        elif statement.startswith("DELETE FROM CONEFI.CONEFI_DBTOOL_VERSION"):
            db.version.pop(re.search(r"= '(\w+)'", statement).group(1), None)  # type: ignore[union-attr]
        elif db.warn_on and db.warn_on in statement:
            self.warning = "DPY-7000: creation succeeded with compilation errors"

    def _dictionary(self, statement: str, binds: dict[str, Any]) -> bool:
        """The trigger-path protection's reads and the units it creates and drops."""
        db = self.db
        if statement.startswith("SELECT SYS.DBMS_METADATA.GET_DDL"):
            key = (binds["owner"], binds["name"], binds["type"].replace("_SPEC", "").replace("_", " "))
            if key not in db.ddl:
                raise FakeDatabaseError(f"ORA-31603: object {binds['name']} not found")
            self.rows = [(db.ddl[key],)]
        elif statement.startswith("SELECT TEXT FROM ALL_SOURCE"):
            text = db.ddl.get((binds["owner"], binds["name"], binds["type"]), "")
            self.rows = [(line + "\n",) for line in text.split("\n")] if text else []
        elif statement.startswith("SELECT MAX(STATUS) FROM ALL_OBJECTS"):
            key = (binds["owner"], binds["name"], binds["type"])
            valid = key not in db.errors or not db.errors[key]
            self.rows = [(None if key not in db.ddl else "VALID" if valid else "INVALID",)]
        elif statement.startswith("SELECT MAX(STATUS) FROM ALL_TRIGGERS"):
            self.rows = [(db.trigger_status.get((binds["owner"], binds["name"])),)]
        elif statement.startswith("SELECT SYS_CONTEXT"):
            self.rows = [(db.session_user,)]
        elif (created := _CREATED.match(statement)) is not None:
            kind, owner, name = created.groups()
            db.ddl[(owner, name, kind)] = statement
            if kind == "TRIGGER":
                db.trigger_status[(owner, name)] = "DISABLED" if " DISABLE\n" in statement else "ENABLED"
            for needle, rows in db.broken.items():
                if needle in statement:
                    db.errors[(owner, name, kind)] = rows
                    self.warning = "DPY-7000: creation succeeded with compilation errors"
                    break
            else:
                if db.broken:
                    db.errors.pop((owner, name, kind), None)
            return self.warning is not None or bool(db.broken)
        elif (dropped := _DROPPED.match(statement)) is not None:
            kind, owner, name = dropped.groups()
            db.ddl.pop((owner, name, kind), None)
            db.trigger_status.pop((owner, name), None)
        else:
            return False
        return True

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def close(self) -> None:
        pass


@pytest.fixture
def released(tmp_path: Path) -> Project:
    project, _ = make_project(tmp_path, FIRST)
    two_revisions(project)
    return project


def _run(project: Project, db: FakeDB, spec: str = "head", command: str = "upgrade") -> Any:
    return run_online(
        project,
        project.target("example"),
        command,
        spec,
        ("erp", "sgu2"),
        PlanOptions(),
        connection_factory=lambda _database: db,
    )


def test_online_upgrade_locks_reads_version_applies_journals_and_stamps(released: Project) -> None:
    db = FakeDB()
    result = _run(released, db)
    assert result.ok and result.error == ""
    (outcome,) = result.outcomes  # the project manages no sgu2 object: sgu2 is not touched
    assert (outcome.database, outcome.start, outcome.reached) == ("erp", None, "0002_bbbbbb")
    assert db.statements[0] == "ALTER SESSION SET DDL_LOCK_TIMEOUT = 30"  # the session's first statement
    assert "SYS.DBMS_LOCK.REQUEST" in db.statements[1]
    version_read = next(i for i, s in enumerate(db.statements) if s.startswith("SELECT VERSION_NUM"))
    assert all(s.startswith("DECLARE") for s in db.statements[2:version_read])  # bootstrap after the lock
    assert "SYS.DBMS_LOCK.RELEASE" in db.statements[-1]
    assert db.version == {"erp": "0002_bbbbbb"}
    assert [(j["revision"], j["operation"], j["object_name"], j["outcome"]) for j in db.journal] == [
        ("0001_aaaaaa", "create_object", "erp:CONEFI.sequence.S_Q", "OK"),
        ("0001_aaaaaa", "create_object", "erp:CONEFI.table.Q", "OK"),
        ("0002_bbbbbb", "replace_object", "erp:CONEFI.package.PKG_Q", "OK"),
        ("0002_bbbbbb", "replace_object", "erp:CONEFI.package_body.PKG_Q", "OK"),
        ("0002_bbbbbb", "replace_object", "erp:CONEFI.trigger.TRG_Q", "OK"),
        ("0002_bbbbbb", "create_job", "erp:CONEFI.job.J_Q", "OK"),
    ]
    assert all(len(j["sha"]) == 64 for j in db.journal)
    assert any("p_evento(:new.INTRE_ID)" in s for s in db.statements)  # driver got the text as is
    # a second run finds the database at head: nothing but lock, bookkeeping, read, unlock
    again = FakeDB()
    again.version = {"erp": "0002_bbbbbb"}
    result = _run(released, again)
    assert result.ok and result.outcomes[0].ops == () and again.journal == []


def test_online_compile_error_stops_with_the_template_line(released: Project) -> None:
    db = FakeDB()
    db.warn_on = "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Q"
    db.errors[("CONEFI", "PKG_Q", "PACKAGE BODY")] = [
        (4, 5, "PLS-00201: identifier 'X' must be declared", "ERROR")
    ]
    result = _run(released, db)
    assert not result.ok
    assert result.error == (
        "erp: upgrade 0002_bbbbbb: replace_object erp:CONEFI.package_body.PKG_Q: compile error: "
        "erp:CONEFI.package_body.PKG_Q 4:5 PLS-00201: identifier 'X' must be declared "
        "(template erp/conefi/package_body/PKG_Q.sql.j2:8 as of revision 0002_bbbbbb); "
        "dropped (it did not exist before)"
    )
    assert "DROP PACKAGE BODY CONEFI.PKG_Q" in db.statements  # nothing INVALID left behind
    (outcome,) = result.outcomes
    assert outcome.reached == "0001_aaaaaa" and db.version == {"erp": "0001_aaaaaa"}
    assert [j["outcome"] for j in db.journal] == ["OK", "OK", "OK", "FAILED"]
    assert "SYS.DBMS_LOCK.RELEASE" in db.statements[-1]


def test_online_failure_rolls_back_before_journaling_and_unlocking() -> None:
    """A failed step's pending DML is rolled back (as the script's WHENEVER SQLERROR ... ROLLBACK
    does), not committed with the FAILED journal row or by DBMS_LOCK.ALLOCATE_UNIQUE."""
    from conefi_dbtool.migrations.applier import Applier, DeployFailed
    from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp, RevisionPlan

    steps = (Step("sql", "UPDATE CONEFI.Q SET Q_OBS = 'x'", None, "run-sql"),
             Step("sql", "UPDATE CONEFI.NOPE SET A = 1", None, "run-sql"))
    op = PlannedOp("0003_cccccc", "run_sql", "erp hand-written SQL", steps, "0" * 64)
    plan = DatabasePlan("example", "erp", "CONEFI", "0002_bbbbbb", "0003_cccccc", "upgrade",
                        (RevisionPlan("0003_cccccc", "data fix", "upgrade", (op,), "0003_cccccc"),), ())
    db = FakeDB()
    db.raise_on["CONEFI.NOPE"] = "ORA-00942: table or view does not exist"
    applier = Applier(db)
    with pytest.raises(DeployFailed, match="ORA-00942"):
        applier.apply(plan)
    failed = db.statements.index("UPDATE CONEFI.NOPE SET A = 1")
    assert db.statements[failed + 1] == "<rollback>"
    assert db.statements[failed + 2].startswith("INSERT INTO CONEFI.CONEFI_DBTOOL_JOURNAL")
    assert db.statements[failed + 3] == "<commit>"
    applier.unlock("CONEFI", "erp")
    assert db.statements[-2] == "<rollback>" and "SYS.DBMS_LOCK.ALLOCATE_UNIQUE" in db.statements[-1]


def test_online_warning_without_rows_still_fails(released: Project) -> None:
    db = FakeDB()
    db.warn_on = "CREATE OR REPLACE PACKAGE CONEFI.PKG_Q"
    result = _run(released, db)
    assert "compiled with errors (DPY-7000" in result.error and "ALL_ERRORS shows none" in result.error


def test_online_lock_not_acquired(released: Project) -> None:
    db = FakeDB()
    db.raise_on["SYS.DBMS_LOCK.REQUEST"] = (
        "ORA-20005: deploy lock CONEFI_DBTOOL_DEPLOY.CONEFI.erp not "
        "acquired within 600 s (DBMS_LOCK.REQUEST returned 1)"
    )
    result = _run(released, db)
    assert result.error.startswith("erp: ORA-20005: deploy lock CONEFI_DBTOOL_DEPLOY.CONEFI.erp not acquired")
    assert not any(s.startswith("SELECT VERSION_NUM") for s in db.statements)


def test_online_lock_row_created_by_a_concurrent_first_run(released: Project) -> None:
    """Two first-ever runs without DBMS_LOCK both MERGE the lock row: the later one's ORA-00001
    means the row exists, so it goes on to wait for the row lock instead of failing."""
    db = FakeDB()
    db.raise_on["SYS.DBMS_LOCK.REQUEST"] = "PLS-00201: identifier 'SYS.DBMS_LOCK' must be declared"
    db.raise_on["MERGE INTO CONEFI.CONEFI_DBTOOL_LOCK"] = (
        "ORA-00001: unique constraint (CONEFI.PK_CONEFI_DBTOOL_LOCK) violated")
    result = _run(released, db)
    assert result.ok, result.error
    merge = next(i for i, s in enumerate(db.statements)
                 if s.startswith("MERGE INTO CONEFI.CONEFI_DBTOOL_LOCK"))
    assert db.statements[merge + 1] == "<rollback>" and "FOR UPDATE WAIT 600" in db.statements[merge + 2]


def test_guard_codes_per_statement_shape() -> None:
    from conefi_dbtool.deploy_steps import guard_codes

    constraint = (2260, 2261, 2264, 2275)
    assert guard_codes("ALTER TABLE CONEFI.Q ADD CONSTRAINT UK_Q UNIQUE (Q_DADOS)") == constraint
    assert guard_codes("ALTER TABLE CONEFI.Q ADD PRIMARY KEY (Q_ID)") == constraint  # ORA-02260 on re-run
    fk = "ALTER TABLE CONEFI.Q ADD (CONSTRAINT FK_Q FOREIGN KEY (A) REFERENCES X)"
    assert guard_codes(fk) == constraint
    assert guard_codes("ALTER TABLE CONEFI.Q ADD (Q_OBS VARCHAR2(100))") == (1430,)
    assert guard_codes("ALTER TABLE CONEFI.Q ADD Q_UNIQUE_KEY NUMBER") == (1430,)
    assert guard_codes("CREATE UNIQUE INDEX CONEFI.UX ON CONEFI.Q (A)") == (955, 1408)
    assert guard_codes("CREATE OR REPLACE VIEW CONEFI.V AS SELECT 1 X FROM DUAL") == ()


def test_online_lock_falls_back_to_a_lock_row_without_dbms_lock(released: Project) -> None:
    db = FakeDB()
    db.raise_on["SYS.DBMS_LOCK.REQUEST"] = (
        "ORA-06550: line 5, column 3:\nPLS-00201: identifier 'SYS.DBMS_LOCK' must be declared"
    )
    result = _run(released, db)
    assert result.ok
    take = next(i for i, s in enumerate(db.statements) if "FOR UPDATE" in s)
    assert db.statements[take] == (
        "SELECT DATABASE_NAME FROM CONEFI.CONEFI_DBTOOL_LOCK WHERE DATABASE_NAME = 'erp' FOR UPDATE WAIT 600"
    )
    assert take < next(i for i, s in enumerate(db.statements) if s.startswith("SELECT VERSION_NUM"))
    assert db.statements[-1] == "<rollback>" and db.closed == 2  # lock session, then deploy session
    busy = FakeDB()
    busy.raise_on["SYS.DBMS_LOCK.REQUEST"] = "PLS-00201: identifier 'SYS.DBMS_LOCK' must be declared"
    busy.raise_on["FOR UPDATE WAIT"] = "ORA-30006: resource busy; acquire with WAIT timeout expired"
    result = _run(released, busy)
    assert result.error == (
        "erp: deploy lock row CONEFI.CONEFI_DBTOOL_LOCK not acquired within 600 s: another deploy is running"
    )


def test_online_downgrade_refused_on_rows(released: Project) -> None:
    db = FakeDB()
    db.version = {"erp": "0002_bbbbbb"}
    db.raise_on["SELECT COUNT(*) FROM CONEFI.Q"] = (
        "ORA-20003: refusing to drop table CONEFI.Q: CONEFI.Q holds rows (re-run with --allow-data-loss "
        "to accept the loss)"
    )
    result = _run(released, db, "base", "downgrade")
    assert result.error.startswith(
        "erp: downgrade 0002_bbbbbb: data_guard tables and columns that would "
        "lose rows: ORA-20003: refusing to drop table CONEFI.Q"
    )
    # the guard runs before anything else: nothing was dropped, the version did not move
    assert db.version == {"erp": "0002_bbbbbb"}
    assert not any("DROP_JOB" in s or "EXECUTE IMMEDIATE 'DROP" in s for s in db.statements)
    assert [j["operation"] for j in db.journal] == ["data_guard"]


def test_online_upgrade_in_the_wrong_direction(released: Project) -> None:
    db = FakeDB()
    db.version = {"erp": "0002_bbbbbb"}
    with pytest.raises(UsageError, match="erp is at 0002_bbbbbb, after 0001_aaaaaa: that is a downgrade"):
        _run(released, db, "0001_aaaaaa")
    assert "SYS.DBMS_LOCK.RELEASE" in db.statements[-1] and db.closed == 1


def test_unrelated_edit_keeps_plans(released: Project) -> None:
    """A template edit after the last revision does not change what upgrade deploys."""
    write(
        released,
        "erp/conefi/package/PKG_Q.sql.j2",
        "CREATE OR REPLACE PACKAGE {{ obj.qualified }} AS\nEND;\n/\n",
    )
    db = FakeDB()
    assert _run(released, db).ok
    assert any("PROCEDURE p_evento(p_id IN NUMBER);" in s for s in db.statements)
    assert write_revision(released, "empty package", rev_id="0003_cccccc") is not None


def test_line_reporter_and_json_summary(released: Project) -> None:
    from conefi_dbtool.migrations.applier import summary_json
    from conefi_dbtool.migrations.progress import LineReporter

    stream = io.StringIO()
    project = released
    result = run_online(project, project.target("example"), "upgrade", "head", ("erp",), PlanOptions(),
                        reporter=LineReporter(stream), connection_factory=lambda _db: FakeDB())
    lines = stream.getvalue().splitlines()
    assert lines[0] == "erp: upgrade base -> 0002_bbbbbb (2 revisions, 6 operations)"
    assert lines[1] == "erp: [1/6] 0001_aaaaaa create_object erp:CONEFI.sequence.S_Q ... OK"
    assert lines[-1] == "erp: ok, at 0002_bbbbbb"
    data = summary_json("example", "upgrade", {o.database: o for o in result.outcomes})
    assert data["status"] == "ok" and data["error"] is None
    (db,) = data["databases"]
    assert (db["from"], db["to"], db["reached"]) == (None, "0002_bbbbbb", "0002_bbbbbb")
    assert [op["outcome"] for op in db["operations"]] == ["OK"] * 6


def test_cli_online_and_dry_run(released: Project, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from conefi_dbtool import run_preflight as _preflight
    from conefi_dbtool.cli import main
    from conefi_dbtool.migrations import run as run_module

    db = FakeDB()
    monkeypatch.setattr(run_module, "connection_for", lambda _p, _t, _d: db)
    checked: list[str] = []
    # the catalog read of preflight is the reader's own tests' business; here: it runs first
    monkeypatch.setattr(_preflight, "online_check",
                        lambda _p, _t, _echo, **_kw: lambda database, _conn: checked.append(database) or "")
    config = str(released.config_file)

    def cli(*argv: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(["--config", config, *argv])
        out, err = capsys.readouterr()
        return int(info.value.code or 0), out, err

    code, out, _ = cli("upgrade", "-t", "example", "--dry-run")
    assert code == 0 and "-- upgrade base -> 0002_bbbbbb; erp (2 revisions, 6 operations)" in out
    assert db.journal == [] and not any("DBMS_LOCK" in s for s in db.statements)  # read only
    code, out, _ = cli("upgrade", "-t", "example", "--dry-run", "--format", "json")
    plan = json.loads(out)
    assert [r["revision"] for r in plan["databases"][0]["revisions"]] == ["0001_aaaaaa", "0002_bbbbbb"]
    code, out, err = cli("upgrade", "-t", "example", "0001_aaaaaa")
    assert code == 0 and checked == ["erp"]
    assert out == "erp: upgrade base -> 0001_aaaaaa: ok (2 operations; now at 0001_aaaaaa)\n"
    code, out, _ = cli("current", "-t", "example")
    assert out.splitlines() == ["erp: 0001_aaaaaa (1 revisions behind head 0002_bbbbbb)",
                                "sgu2: not managed (no revision has an operation for it)"]
    assert "erp: [2/2] 0001_aaaaaa create_object erp:CONEFI.table.Q ... OK" in err
    db.raise_on["CREATE OR REPLACE PACKAGE BODY"] = "ORA-01031: insufficient privileges"
    code, out, err = cli("upgrade", "-t", "example", "--format", "json")
    assert code == 1
    summary = json.loads(out)
    assert summary["status"] == "failed" and summary["databases"][0]["reached"] == "0001_aaaaaa"
    assert err.strip() == ("conefi-dbtool: error: erp: upgrade 0002_bbbbbb: replace_object "
                           "erp:CONEFI.package_body.PKG_Q: ORA-01031: insufficient privileges")


def test_rich_reporter_draws_a_run(released: Project) -> None:
    from conefi_dbtool.migrations.progress import RichReporter

    reporter = RichReporter()
    reporter.console.file = io.StringIO()
    try:
        result = run_online(released, released.target("example"), "upgrade", "head", ("erp",), PlanOptions(),
                            reporter=reporter, connection_factory=lambda _db: FakeDB())
    finally:
        reporter.close()
    assert result.ok
    task = reporter.progress.tasks[0]
    assert (task.completed, task.total, task.fields["database"]) == (6, 6, "erp")
    assert task.description == "done, at 0002_bbbbbb"


def test_a_failed_preflight_stops_the_run_before_any_ddl(released: Project) -> None:
    db = FakeDB()
    result = run_online(released, released.target("example"), "upgrade", "head", ("erp", "sgu2"),
                        PlanOptions(),
                        connection_factory=lambda _database: db,
                        preflight=lambda database, _conn: f"{database}: preflight failed: PF002")
    assert not result.ok and result.error == "erp: preflight failed: PF002" and result.outcomes == ()
    assert db.statements == ["ALTER SESSION SET DDL_LOCK_TIMEOUT = 30"]  # no lock, no DDL
    assert db.journal == [] and db.version == {}
