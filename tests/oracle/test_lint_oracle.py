"""The lint against Oracle's own verdict: what lint reports, Oracle rejects or misbehaves on;
what lint accepts, Oracle compiles.

A fresh user plays SIGA, SGU and CONEFI at once (the target's schemas all point at it), with
an SE1030 built from the Protheus dictionary and the event table from the config defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import oracledb
import pytest
from helpers import make_project

from conefi_dbtool.config import PACKAGE_DATA
from conefi_dbtool.dictionary import PHYSICAL_COLUMNS, load_dictionary
from conefi_dbtool.lint import LintResult, lint_paths
from conefi_dbtool.lint.sqltext import scan
from conefi_dbtool.splitter import PLSQL, SQLPLUS, split

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="module")
def schema(oracle_db: Any) -> Iterator[tuple[str, Any]]:
    user, password = oracle_db.fresh_user("LINT")
    conn = oracle_db.connect(user, password)
    se1 = load_dictionary(PACKAGE_DATA / "protheus_dictionary.csv").table("SE1")
    columns = [f"{f.name} {f.oracle_type}" for f in se1]
    columns += ["D_E_L_E_T_ CHAR(1) DEFAULT ' ' NOT NULL", "R_E_C_N_O_ NUMBER NOT NULL",
                "R_E_C_D_E_L_ NUMBER DEFAULT 0 NOT NULL"]
    assert set(PHYSICAL_COLUMNS) <= {c.split()[0] for c in columns}
    with conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {user}.SE1030 ({', '.join(columns)})")
        cur.execute(f"CREATE TABLE {user}.INTGRA_RET_ERP (INTRE_ID NUMBER, INTRE_IND VARCHAR2(3))")
        cur.execute(_log_table(user))
    yield user, conn


def _log_table(user: str) -> str:
    return f"CREATE TABLE {user}.LOG_LINT (MSG VARCHAR2(100))"


def lint(tmp_path: Path, user: str, sql: str) -> LintResult:
    extra = (f'erp.schemas.siga = "{user}"\nerp.schemas.sgu = "{user}"\n'
             f'erp.schemas.conefi = "{user}"\n')
    project, target = make_project(tmp_path, {}, extra=extra)
    script = tmp_path / "script.sql"
    script.write_text(sql)
    return lint_paths([script], project, target, use_cache=False, jobs=1)


def deploy(conn: Any, sql: str) -> list[tuple[str, int, str]]:
    """Run each unit; return (object, script line, text) of every compile error."""
    errors = []
    with conn.cursor() as cur:
        for unit in split(sql):
            if unit.kind == SQLPLUS:
                continue
            cur.execute(unit.text)
            if unit.kind != PLSQL:
                continue
            header = scan(unit.text).facts.header
            assert header is not None
            name = header.name
            cur.execute("SELECT line, text FROM user_errors WHERE name = :n ORDER BY sequence",
                        n=name)
            errors += [(name, unit.start + line - 1, text) for line, text in cur.fetchall()]
    return errors


def test_a_column_typo_lint_reports_is_a_compile_error(schema: tuple[str, Any],
                                                       tmp_path: Path) -> None:
    user, conn = schema
    sql = (f"CREATE OR REPLACE PROCEDURE {user}.P_TYPO IS\n  v NUMBER;\nBEGIN\n"
           f"  SELECT SUM(e1.E1_VALRO) INTO v FROM {user}.SE1030 e1 WHERE e1.D_E_L_E_T_ = ' ';\n"
           "END;\n/\n")
    found = lint(tmp_path, user, sql).findings
    assert [(f.rule, f.line) for f in found] == [("REF002", 4)]
    errors = deploy(conn, sql)
    assert any(line == 4 and "E1_VALRO" in text for _name, line, text in errors), errors


def test_what_lint_accepts_compiles(schema: tuple[str, Any], tmp_path: Path) -> None:
    user, conn = schema
    sql = (f"CREATE OR REPLACE PROCEDURE {user}.P_OK(p_num IN VARCHAR2) IS\n"
           f"  v {user}.SE1030.E1_VALOR%TYPE;\nBEGIN\n"
           f"  SELECT NVL(SUM(e1.E1_SALDO), 0) INTO v FROM {user}.SE1030 e1\n"
           "   WHERE e1.D_E_L_E_T_ = ' ' AND e1.E1_NUM = p_num;\n"
           "EXCEPTION\n  WHEN OTHERS THEN\n    RAISE;\nEND;\n/\n")
    assert lint(tmp_path, user, sql).findings == ()
    assert deploy(conn, sql) == []
    with conn.cursor() as cur:
        cur.execute("SELECT status FROM user_objects WHERE object_name = 'P_OK'")
        assert cur.fetchone() == ("VALID",)


def _outbox(user: str, *, autonomous: bool) -> str:
    pragma = "    PRAGMA AUTONOMOUS_TRANSACTION;\n" if autonomous else ""
    return (
        f"CREATE OR REPLACE PACKAGE {user}.PKG_LINT AS\n  PROCEDURE p(p_id IN NUMBER);\nEND;\n/\n"
        f"CREATE OR REPLACE PACKAGE BODY {user}.PKG_LINT AS\n  PROCEDURE p(p_id IN NUMBER) IS\n"
        f"{pragma}  BEGIN\n    INSERT INTO {user}.LOG_LINT (MSG) VALUES (TO_CHAR(p_id));\n"
        "    COMMIT;\n  END p;\nEND;\n/\n"
        f"CREATE OR REPLACE TRIGGER {user}.T_LINT\nAFTER INSERT ON {user}.INTGRA_RET_ERP\n"
        f"FOR EACH ROW\nBEGIN\n  {user}.PKG_LINT.p(:NEW.INTRE_ID);\nEND;\n/\n"
    )


def test_commit_in_the_trigger_path_fails_the_erp_insert(schema: tuple[str, Any],
                                                         tmp_path: Path) -> None:
    user, conn = schema
    sql = _outbox(user, autonomous=False)
    # the log table exists (the fixture made it): declare it to the lint the same way
    assert [f.rule for f in lint(tmp_path, user, _log_table(user) + ";\n" + sql).findings] == [
        "PLS002"]
    assert deploy(conn, sql) == []
    with conn.cursor() as cur, pytest.raises(oracledb.DatabaseError) as info:
        cur.execute(f"INSERT INTO {user}.INTGRA_RET_ERP (INTRE_ID, INTRE_IND) VALUES (1, 'REC')")
    assert "ORA-04092" in str(info.value)
    conn.rollback()


def test_autonomous_transaction_in_the_trigger_path_leaks_rolled_back_events(
    schema: tuple[str, Any], tmp_path: Path
) -> None:
    user, conn = schema
    sql = _outbox(user, autonomous=True)
    assert [f.rule for f in lint(tmp_path, user, _log_table(user) + ";\n" + sql).findings] == [
        "PLS001"]
    assert deploy(conn, sql) == []
    with conn.cursor() as cur:
        cur.execute(f"DELETE FROM {user}.LOG_LINT")
        conn.commit()
        cur.execute(f"INSERT INTO {user}.INTGRA_RET_ERP (INTRE_ID, INTRE_IND) VALUES (2, 'REC')")
        conn.rollback()  # the ERP change is undone...
        cur.execute(f"SELECT COUNT(*) FROM {user}.LOG_LINT")
        assert cur.fetchone() == (1,)  # ...but the autonomous row was published anyway
