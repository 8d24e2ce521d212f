"""Pieces of the docs generator: Markdown escaping, job text, next run, references."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from conefi_dbtool.docs_gen import markdown as md
from conefi_dbtool.docs_gen.references import qualified_names, resolve_references
from conefi_dbtool.docs_gen.schedule import (
    format_moment,
    job_text,
    next_daily_run,
    parse_timestamp,
)
from conefi_dbtool.objects import ObjectId, RenderedObject

SP = "America/Sao_Paulo"
DAILY = "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0"


def test_cells_cannot_break_a_table() -> None:
    assert md.cell("a | b\nc") == "a \\| b c"
    assert md.cell("") == "—"
    assert md.cell(None) == "—"
    assert md.code_cell("x|y") == "`x\\|y`"
    assert md.code("a `b` c") == "``a `b` c``"
    assert md.code("`edge`") == "`` `edge` ``"
    assert md.table(("A", "B"), [("1", "2")]) == "| A | B |\n|---|---|\n| 1 | 2 |"
    with pytest.raises(ValueError, match="row has 1 cells, table has 2 columns"):
        md.table(("A", "B"), [("1",)])


def test_fence_is_longer_than_any_backtick_run() -> None:
    assert md.fenced("text", "a ``` b") == "````text\na ``` b\n````"
    assert md.fenced("sql", "SELECT 1;\n") == "```sql\nSELECT 1;\n```"
    assert md.anchor("4. Layouts of INTDC_DADOS") == "4-layouts-of-intdc_dados"


JOB = """BEGIN
  SYS.DBMS_SCHEDULER.CREATE_JOB(
    job_name        => 'CONEFI.J_P_CONEFI_DIARIO',
    job_type        => 'PLSQL_BLOCK',
    job_action      => 'BEGIN CONEFI.PKG_CONEFI_JOB.P_EXECUTAR(''D''); END;',
    start_date      => TO_TIMESTAMP_TZ('2024-01-01 05:00:00 America/Sao_Paulo',
                                       'YYYY-MM-DD HH24:MI:SS TZR'),
    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',
    enabled         => FALSE,
    comments        => 'conefi-dbtool: daily producer');
END;
/
"""


def test_job_text_is_read_from_the_rendered_call() -> None:
    parsed = job_text(JOB, "CONEFI", "J_P_CONEFI_DIARIO")
    assert parsed.job_action == "BEGIN CONEFI.PKG_CONEFI_JOB.P_EXECUTAR('D'); END;"
    assert parsed.repeat_interval == DAILY
    assert parsed.timezone == SP
    assert parsed.enabled == "FALSE"
    assert parsed.comments == "conefi-dbtool: daily producer"
    assert job_text("BEGIN NULL; END;", "CONEFI", "J_X") == type(parsed)()
    later = JOB + "BEGIN\n  -- SYS.DBMS_SCHEDULER.ENABLE('X') in a comment does not count\nEND;\n"
    assert job_text(later, "CONEFI", "J_P_CONEFI_DIARIO").enabled == "FALSE"
    other = later + "BEGIN\n  SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_OUTRO');\nEND;\n"
    assert job_text(other, "CONEFI", "J_P_CONEFI_DIARIO").enabled == "FALSE"
    later += "BEGIN\n  SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_P_CONEFI_DIARIO');\nEND;\n"
    assert job_text(later, "CONEFI", "J_P_CONEFI_DIARIO").enabled == "TRUE"


def test_a_job_started_at_a_fixed_offset_names_no_region() -> None:
    fixed = JOB.replace("America/Sao_Paulo", "-03:00")
    assert job_text(fixed, "CONEFI", "J_P_CONEFI_DIARIO").timezone == ""


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2024-03-10T04:59:59-03:00", "2024-03-10 05:00:00 America/Sao_Paulo (-03:00)"),
        ("2024-03-10T05:00:00-03:00", "2024-03-11 05:00:00 America/Sao_Paulo (-03:00)"),
        ("2024-03-10T07:59:00+00:00", "2024-03-10 05:00:00 America/Sao_Paulo (-03:00)"),
        ("2024-12-31T23:30:00-03:00", "2025-01-01 05:00:00 America/Sao_Paulo (-03:00)"),
        # 2018: São Paulo still had summer time (-02:00): the region keeps 05:00 local.
        ("2018-12-01T06:00:00-02:00", "2018-12-02 05:00:00 America/Sao_Paulo (-02:00)"),
    ],
)
def test_next_daily_run_in_the_region(after: str, expected: str) -> None:
    moment = next_daily_run(DAILY, SP, datetime.fromisoformat(after))
    assert moment is not None
    assert format_moment(moment, SP) == expected


def test_next_daily_run_refuses_what_it_cannot_evaluate() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert next_daily_run("FREQ=WEEKLY;BYDAY=MON", SP, now) is None
    assert next_daily_run(DAILY, "Nowhere/Atlantis", now) is None
    assert next_daily_run(DAILY, SP, datetime(2024, 1, 1)) is None  # naive: no guess
    assert next_daily_run("FREQ=DAILY;BYHOUR=25;BYMINUTE=0", SP, now) is None


def test_snapshot_timestamps() -> None:
    assert parse_timestamp("2024-03-10T05:00:00 America/Sao_Paulo") == datetime(
        2024, 3, 10, 5, tzinfo=ZoneInfo(SP))
    assert parse_timestamp("2024-03-10T05:00:00-03:00") is not None
    assert parse_timestamp("") is None
    assert parse_timestamp("yesterday") is None


def _obj(owner: str, type_: str, name: str, text: str = "") -> RenderedObject:
    return RenderedObject(ObjectId("erp", owner, type_, name), f"{type_}/{name}", text)


def test_references_find_managed_and_external_objects() -> None:
    text = (
        "-- CONEFI.NOT_A_REFERENCE in a comment\n"
        "/* SIGA.SA1030 in a block comment */\n"
        "COMMENT ON COLUMN CONEFI.T.C IS 'id of the SGU.INTGRA_RET_ERP row; it''s CONEFI.LOG';\n"
        "INSERT INTO conefi.intgra_dados_conefi SELECT * FROM SIGA.SE1030 e1, \"SGU\".\"V_X\" v;\n"
        "CONEFI.PKG_A.p(SYS.DBMS_UTILITY.FORMAT_ERROR_BACKTRACE, e1.E1_NUM);\n"
    )
    assert qualified_names(text, ["SIGA", "SGU", "CONEFI"]) == (
        ("CONEFI", "INTGRA_DADOS_CONEFI", ""), ("CONEFI", "PKG_A", ""), ("CONEFI", "T", ""),
        ("SGU", "V_X", ""), ("SIGA", "SE1030", ""),
    )
    body = _obj("CONEFI", "package_body", "PKG_B", text + "CONEFI.PKG_B.q;\n")
    objects = [
        body,
        _obj("CONEFI", "package", "PKG_B"),
        _obj("CONEFI", "package", "PKG_A"),
        _obj("CONEFI", "package_body", "PKG_A"),
        _obj("CONEFI", "table", "INTGRA_DADOS_CONEFI"),
    ]
    managed, external = resolve_references(body, objects, ["SIGA", "SGU", "CONEFI"])
    assert managed == (
        ObjectId("erp", "CONEFI", "package", "PKG_A"),
        ObjectId("erp", "CONEFI", "table", "INTGRA_DADOS_CONEFI"),
    )
    assert external == ("CONEFI.T", "SGU.V_X", "SIGA.SE1030")


def test_names_over_a_database_link_resolve_to_the_other_database() -> None:
    synonym = RenderedObject(
        ObjectId("sgu2", "CONEFI", "synonym", "Q_ERP"), "synonym/Q_ERP",
        "CREATE OR REPLACE SYNONYM CONEFI.Q_ERP FOR CONEFI.INTGRA_DADOS_CONEFI@DBL_ERP_CONEFI;\n"
        "-- and CONEFI.OTHER@dbl_erp_conefi.world, SIGA.SE1030@UNKNOWN_LINK\n"
        "SELECT 1 FROM CONEFI.OTHER @ dbl_erp_conefi.world, SIGA.SE1030@UNKNOWN_LINK;\n",
    )
    queue = _obj("CONEFI", "table", "INTGRA_DADOS_CONEFI")
    assert qualified_names(synonym.text, ["CONEFI", "SIGA"]) == (
        ("CONEFI", "INTGRA_DADOS_CONEFI", "DBL_ERP_CONEFI"), ("CONEFI", "OTHER", "DBL_ERP_CONEFI"),
        ("CONEFI", "Q_ERP", ""), ("SIGA", "SE1030", "UNKNOWN_LINK"),
    )
    managed, external = resolve_references(synonym, [synonym, queue], ["CONEFI", "SIGA"],
                                           {"DBL_ERP_CONEFI": "erp"})
    assert managed == (queue.id,)
    assert external == ("CONEFI.OTHER@DBL_ERP_CONEFI", "SIGA.SE1030@UNKNOWN_LINK")
