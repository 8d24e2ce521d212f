"""The DDL parser's interface (`catalog.ddl`): what the catalog needs, and nothing else."""

from __future__ import annotations

import pytest

from conefi_dbtool.catalog.ddl import (
    DdlError,
    Granted,
    IndexDeclared,
    SourceDeclared,
    TableDeclared,
    TableExtended,
    parse_ddl,
    parse_job,
    parse_trigger,
)
from conefi_dbtool.catalog.snapshot import Column, Constraint, Index, ObjectPrivilege, Sequence

TABLE = """CREATE TABLE CONEFI.Q (
  ID NUMBER(18),
  ST VARCHAR2(1) DEFAULT 'P' NOT NULL,
  CONSTRAINT PK_Q PRIMARY KEY (ID)
);
CREATE INDEX CONEFI.IX_Q ON CONEFI.Q (ST);
ALTER TABLE CONEFI.Q ADD (OBS VARCHAR2(40));
COMMENT ON TABLE CONEFI.Q IS 'queue';
CREATE SEQUENCE S_Q CACHE 100;
GRANT SELECT ON CONEFI.Q TO PUBLIC;
"""


def test_each_statement_declares_facts_at_its_line() -> None:
    parsed = parse_ddl(TABLE, owner="CONEFI", code_object=False)
    assert [p.line for p in parsed] == [1, 6, 7, 8, 9, 10]
    assert parsed[0].facts == (TableDeclared("CONEFI", "Q", (
        Column("ID", "NUMBER(18)"), Column("ST", "VARCHAR2(1)", False, "'P'"),
        Constraint("PK_Q", "P", ("ID",)))),)
    assert parsed[1].facts == (IndexDeclared("CONEFI", "Q", Index("IX_Q", ("ST",))),)
    assert parsed[2].facts == (TableExtended("CONEFI", "Q", (Column("OBS", "VARCHAR2(40)"),)),)
    assert parsed[3].facts == ()
    assert parsed[4].facts == (Sequence("CONEFI", "S_Q", 1, 100, False),)
    grant = ObjectPrivilege("PUBLIC", "CONEFI", "Q", "SELECT")
    assert parsed[5].facts == (Granted(object_privileges=(grant,)),)


def test_code_objects_keep_their_create_statements_as_source() -> None:
    text = "CREATE OR REPLACE PROCEDURE CONEFI.P_X IS\nBEGIN\n  NULL;\nEND;\n/\n"
    (parsed,) = parse_ddl(text, owner="CONEFI", code_object=True)
    assert parsed.facts == (SourceDeclared(text.removesuffix("\n/\n")),)
    with pytest.raises(DdlError) as err:
        parse_ddl(text, owner="CONEFI", code_object=False)
    assert err.value.line == 1 and "not understood" in err.value.message


def test_an_unreadable_statement_names_its_line() -> None:
    with pytest.raises(DdlError) as err:
        parse_ddl("CREATE SEQUENCE S_A;\nDROP TABLE X;\n", owner="CONEFI", code_object=False)
    assert (err.value.line, err.value.message) == (2, "statement 'DROP TABLE X' is not understood")


def test_a_job_text_without_create_job_is_an_error() -> None:
    with pytest.raises(DdlError, match=r"no DBMS_SCHEDULER\.CREATE_JOB call found"):
        parse_job("BEGIN NULL; END;\n/\n", "CONEFI", "J_X")


def test_trigger_events_come_from_tokens_not_from_comments() -> None:
    # Before the header was read token-wise, a comment naming an event made it one.
    text = ("CREATE OR REPLACE TRIGGER CONEFI.TRG_X\n"
            "  AFTER INSERT /* not DELETE */ OR UPDATE OF insert_date, b -- nor DELETE\n"
            "  ON CONEFI.Q FOR EACH ROW\nBEGIN\n  NULL;\nEND;")
    trigger = parse_trigger(text, "CONEFI", "TRG_X")
    assert (trigger.triggering_event, trigger.trigger_type) == ("INSERT OR UPDATE", "AFTER EACH ROW")


def test_named_job_arguments_may_follow_a_comment() -> None:
    text = ("BEGIN\n  SYS.DBMS_SCHEDULER.CREATE_JOB(\n"
            "    job_name => 'CONEFI.J_X',\n    /* when */ repeat_interval => 'FREQ=DAILY',\n"
            "    job_type => 'PLSQL_BLOCK', job_action => q'[BEGIN NULL; END;]');\nEND;\n/\n")
    job = parse_job(text, "CONEFI", "J_X")
    assert (job.repeat_interval, job.job_type, job.job_action) == (
        "FREQ=DAILY", "PLSQL_BLOCK", "BEGIN NULL; END;")
