"""Preflight against a real database (#16 item 4): facts read, "not checked" without the V$
grants, and the generated PL/SQL block raising before any DDL. Skipped without Oracle."""

from __future__ import annotations

from typing import Any

import oracledb
import pytest
from helpers import make_project

from conefi_dbtool.catalog.expected import expected_snapshot
from conefi_dbtool.catalog.preflight import (
    ERROR_CODE,
    ColumnNeed,
    Requirements,
    Status,
    evaluate,
    plsql_block,
)
from conefi_dbtool.catalog.reader import read_database, scope_for

TEMPLATES = {
    "erp/conefi/view/V_P.sql.j2": "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n  SELECT 1 x FROM dual;\n",
}


@pytest.fixture(scope="module")
def setup(oracle_db: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    owner, password = oracle_db.fresh_user("PREF")
    extra = f'[targets.example.erp.schemas]\nconefi = "{owner}"\n'
    project, target = make_project(tmp_path_factory.mktemp("preflight"), TEMPLATES, extra)
    return oracle_db, owner, password, target, expected_snapshot(project, target)


def test_the_admin_reads_every_fact(setup: Any) -> None:
    db, _owner, _password, target, desired = setup
    conn = db.connect()
    try:
        facts = read_database(conn, scope_for(target, desired, "erp", [("SYS", "DUAL")]))
    finally:
        conn.close()
    assert facts.oracle_version is not None and int(facts.oracle_version.split(".")[0]) >= 19
    assert facts.timezone_file_version is not None and facts.job_queue_processes is not None
    assert facts.tablespaces and db.default_tablespace() in {t.name for t in facts.tablespaces}
    assert facts.referenced_tables is not None
    assert [c.name for t in facts.referenced_tables for c in t.columns] == ["DUMMY"]


def test_without_the_v_grants_the_facts_are_not_checked_never_passed(setup: Any) -> None:
    db, owner, password, target, desired = setup
    conn = db.connect(owner, password)
    try:
        facts = read_database(conn, scope_for(target, desired, "erp"))
    finally:
        conn.close()
    assert facts.timezone_file_version is None and "timezone_file_version" in facts.unreadable
    req = Requirements("erp", schedule_timezone="America/Sao_Paulo")
    (tz,) = [f for f in evaluate(facts, req) if f.code == "PF002"]
    assert tz.status is Status.NOT_CHECKED


def run_block(db: Any, req: Requirements) -> None:
    conn = db.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(plsql_block(req))
    finally:
        conn.close()


def test_the_generated_block_passes_a_fit_database_and_raises_before_any_ddl(setup: Any) -> None:
    db = setup[0]
    run_block(db, Requirements("erp", columns=(ColumnNeed("SYS", "DUAL", ""),
                                               ColumnNeed("SYS", "DUAL", "DUMMY", "VARCHAR2(1)"))))
    with pytest.raises(oracledb.DatabaseError, match=f"ORA{ERROR_CODE}.*PF008"):
        run_block(db, Requirements("erp", columns=(ColumnNeed("SYS", "DUAL", "NO_SUCH_COLUMN"),)))
