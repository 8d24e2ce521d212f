"""The test bed's executor and bed wiring, offline: a fake driver cursor stands in for Oracle."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import oracledb
import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.deploy_steps import object_steps
from conefi_dbtool.errors import ConefiError
from conefi_dbtool.objects import ObjectId, RenderedObject, SourceLine
from conefi_dbtool.render import render_target
from conefi_dbtool.testbed.builders import Protheus, Statement
from conefi_dbtool.testbed.environment import Schemas, scratch_target
from conefi_dbtool.testbed.executor import apply, deploy_objects, error_line_base
from conefi_dbtool.testbed.fixtures import build_fixtures, fixture_dictionary


class FakeCursor:
    """Records statements; a PL/SQL unit whose text contains 'broken' compiles with errors."""

    def __init__(self, log: list[tuple[str, dict[str, Any]]], errors: list[tuple[int, int, str]]):
        self.log = log
        self.errors = errors
        self.warning: object | None = None
        self._rows: list[tuple[Any, ...]] = []

    def __enter__(self) -> FakeCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute(self, sql: str, binds: dict[str, Any] | None = None, **kw: Any) -> None:
        self.log.append((sql, dict(binds or {}, **kw)))
        self.warning = None
        if "FROM all_errors" in sql and "attribute = 'ERROR'" in sql and "ORDER BY sequence" in sql:
            self._rows = list(self.errors)
            return
        if "fail me" in sql:
            raise oracledb.DatabaseError("ORA-00942: table or view does not exist")
        if "broken" in sql:
            self.warning = "DPY-7000: creation succeeded with compilation errors"

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


class FakeConnection:
    def __init__(self, errors: list[tuple[int, int, str]] | None = None) -> None:
        self.log: list[tuple[str, dict[str, Any]]] = []
        self.errors = errors or []
        self.commits = 0

    def cursor(self) -> FakeCursor:
        return FakeCursor(self.log, self.errors)

    def commit(self) -> None:
        self.commits += 1


def _body(text: str, line_map: tuple[SourceLine | None, ...] = ()) -> RenderedObject:
    return RenderedObject(ObjectId("erp", "CONEFI", "package_body", "PKG_X"),
                          "erp/conefi/package_body/PKG_X.sql.j2", text, line_map=line_map)


def test_compile_warning_names_the_template_line() -> None:
    text = ("CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS\n"
            "  PROCEDURE p IS\n  BEGIN\n    broken := 1;\n  END;\nEND;\n/\n")
    line_map = tuple(SourceLine("erp/conefi/package_body/PKG_X.sql.j2", n + 3) for n in range(1, 8))
    conn = FakeConnection(errors=[(4, 5, "PLS-00201: identifier 'BROKEN' must be declared"),
                                  (4, 5, "PL/SQL: Statement ignored")])
    with pytest.raises(ConefiError) as info:
        deploy_objects(conn, [_body(text, line_map)])  # type: ignore[arg-type]
    assert str(info.value) == (
        "compile error: erp/conefi/package_body/PKG_X.sql.j2:7: erp:CONEFI.package_body.PKG_X "
        "line 4:5: PLS-00201: identifier 'BROKEN' must be declared (+1 more)")
    assert conn.log[-1][1] == {"owner": "CONEFI", "name": "PKG_X", "type": "PACKAGE BODY"}


def test_a_failing_statement_names_the_template_and_object() -> None:
    obj = RenderedObject(ObjectId("erp", "CONEFI", "view", "V_X"), "erp/conefi/view/V_X.sql.j2",
                         "CREATE OR REPLACE VIEW CONEFI.V_X AS SELECT 1 AS X FROM fail me;\n")
    with pytest.raises(ConefiError, match=re.escape(
            "erp/conefi/view/V_X.sql.j2 (erp:CONEFI.view.V_X, statement at line 1): ORA-00942")):
        deploy_objects(FakeConnection(), [obj])  # type: ignore[arg-type]


def test_deploy_runs_the_products_steps_then_the_sweep() -> None:
    text = "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS\nEND;\n/\n"
    conn = FakeConnection()
    count = deploy_objects(conn, [_body(text)])  # type: ignore[arg-type]
    assert count == len(object_steps(_body(text))) + 1
    assert conn.log[0][0] == "CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS\nEND;"
    assert "still INVALID after recompiling" in conn.log[-1][0]


def test_trigger_errors_count_from_the_body() -> None:
    trigger = RenderedObject(ObjectId("erp", "CONEFI", "trigger", "T_X"), "t.sql.j2",
                             "CREATE OR REPLACE TRIGGER CONEFI.T_X\n  AFTER INSERT ON SGU.E\n"
                             "  FOR EACH ROW\nBEGIN\n  NULL;\nEND;\n/\n")
    (create, _check) = object_steps(trigger)
    assert error_line_base(trigger, create) == 4
    assert error_line_base(_body("X\n/\n"), object_steps(_body("X\n/\n"))[0]) == 1


def test_apply_runs_changes_and_commits_unless_told() -> None:
    conn = FakeConnection()
    a = Statement("INSERT INTO T (A) VALUES (:a)", (("a", 1),), "first")
    apply(conn, a, a)  # type: ignore[arg-type]
    assert conn.log == [("INSERT INTO T (A) VALUES (:a)", {"a": 1})] * 2 and conn.commits == 1
    apply(conn, a, commit=False)  # type: ignore[arg-type]
    assert conn.commits == 1
    with pytest.raises(ConefiError, match=r"^broken insert: ORA-00942"):
        apply(conn, Statement("INSERT INTO fail me", (), "broken insert"))  # type: ignore[arg-type]


def test_the_scenario_bed_renders_into_fresh_schemas(project: Project) -> None:
    """What IntegrationBed.create deploys: every name is one of the fresh schemas."""
    names = Schemas("SIGA_AB12CD", "SGU_0011AA", "CONEFI_FF00EE")
    target = scratch_target(project.target("example"), names, "USERS")
    assert (target.erp.tablespaces.default, target.erp.tablespaces.quota, target.scratch) == (
        "USERS", "UNLIMITED", True)
    fixtures = build_fixtures(project, target, users=False)
    assert {o.id.owner for o in fixtures.objects} == {"SIGA_AB12CD", "SGU_0011AA", "CONEFI_FF00EE"}
    result = render_target(project, target)
    erp = [o for o in result.objects if o.id.database == "erp"]
    assert erp and {o.id.owner for o in erp} == {"CONEFI_FF00EE"}
    for obj in erp:
        object_steps(obj)  # splits into terminated, guarded steps
        for old in ("SIGA", "SGU", "CONEFI"):
            assert not re.search(rf"\b{old}\.", obj.text), f"{obj.id} still names {old}."
        assert "TS_DATA" not in obj.text
    assert any(o.id.type == "job" and o.id.name == "J_CONEFI_DIARIO" for o in erp)
    assert any(o.id.type == "trigger" for o in erp)


def test_the_event_package_accepts_the_key_the_erp_writes(project: Project) -> None:
    """The builders write INTRE_DES_CHAVE as DESIGN.md shows it: a 16-digit R_E_C_N_O_."""
    target = project.target("example")
    (body,) = [o for o in render_target(project, target).objects
               if o.id.type == "package_body" and o.id.name == "PKG_CONEFI_EVENTO"]
    m = re.search(r"REGEXP_LIKE\(TRIM\(p_chave\), '([^']+)'\)", body.text)
    assert m, "the key check moved: update this test"
    erp = Protheus(target, fixture_dictionary(project, target))
    title = erp.title(erp.customer("000123", "MARIA").value, "000000101", 1,
                      due=dt.date(2024, 1, 10)).value
    key = erp.title_event(title, ("FINA070", "FA070TIT")).key
    assert key == "0000000000000001"
    assert re.fullmatch(m.group(1).strip("^$"), key)
