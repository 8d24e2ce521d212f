"""The SQL semantic analyser on small units (lint/sqlsem.py): scopes, aggregates, counts."""

from __future__ import annotations

import pytest

from conefi_dbtool.lint.references import Catalog, KnownObject
from conefi_dbtool.lint.semantic import ORACLE_ERRORS, Check
from conefi_dbtool.lint.sqlsem import SqlEnv, check, owner, synonyms_of
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.plsql.tree import NodeKind

T = KnownObject("APP", "T", "table", "test", frozenset({"ID", "NAME", "AMOUNT"}))
U = KnownObject("APP", "U", "table", "test", frozenset({"ID", "T_ID", "NOTE"}))
SEQ = KnownObject("APP", "S", "sequence", "test")
REMOTE = KnownObject("APP", "Q", "table", "test", frozenset({"Q_ID", "Q_STATUS"}))
LINKED = KnownObject("APP", "Q_LINK", "synonym", "test")
CATALOG = Catalog({("erp", "APP", "T"): T, ("erp", "APP", "U"): U, ("erp", "APP", "S"): SEQ,
                   ("erp", "APP", "Q"): REMOTE, ("sgu2", "APP", "Q_LINK"): LINKED},
                  {"erp": frozenset({"APP"}), "sgu2": frozenset({"APP"})})


def _checks(sql: str, *, complete: bool = True, database: str = "erp",
            outer: frozenset[str] = frozenset()) -> list[tuple[Check, int, int]]:
    tree = parse(sql).tree
    env = SqlEnv(CATALOG, database, "APP", outer, complete,
                 synonyms_of([(database, "APP", tree)]))
    return [(i.check, i.line, i.col) for i in check(sql, tree, env)]


def _proc(body: str, declarations: str = "") -> str:
    return f"""CREATE OR REPLACE PROCEDURE APP.P(p_id IN NUMBER) IS
  v_n NUMBER;
  v_s VARCHAR2(10);
  {declarations}
BEGIN
  {body}
END P;
"""


def test_every_check_names_an_oracle_error() -> None:
    sql_checks = [c for c in Check if c.value.startswith("sql-")]
    assert len(sql_checks) == 19
    assert all(ORACLE_ERRORS[c][:4] in ("ORA-", "PLS-") for c in sql_checks)


def test_the_parser_marks_group_by_and_analytic_calls() -> None:
    tree = parse("SELECT a, SUM(b) OVER (PARTITION BY a), MAX(c) FROM t GROUP BY a, b").tree
    kinds = [n.kind for n in tree.walk()]
    assert NodeKind.GROUP_BY in kinds
    calls = {n.name[0]: n.role for n in tree.walk() if n.kind is NodeKind.CALL}
    assert calls == {"SUM": "over", "MAX": ""}


def test_a_qualifier_resolves_in_the_enclosing_block_not_in_a_sibling() -> None:
    ok = "SELECT t.ID FROM APP.T t WHERE EXISTS (SELECT 1 FROM APP.U u WHERE u.T_ID = t.ID)"
    assert _checks(ok) == []
    wrong = "SELECT t.ID FROM APP.T t, (SELECT x.ID FROM APP.U x) v WHERE v.ID = u.ID"
    assert _checks(wrong) == [(Check.SQL_UNKNOWN_QUALIFIER, 1, 69)]


def test_an_unknown_qualifier_is_judged_only_when_the_schema_is_complete() -> None:
    assert _checks("SELECT z.ID FROM APP.T t", complete=False) == []


def test_ambiguity_needs_two_items_that_surely_have_the_column() -> None:
    assert _checks("SELECT t.NAME FROM APP.T t JOIN APP.U u ON ID = 1") == [
        (Check.SQL_AMBIGUOUS, 1, 44)]
    assert _checks("SELECT t.NAME FROM APP.T t JOIN APP.U u USING (ID) WHERE ID = 1") == []
    assert _checks("SELECT NAME FROM APP.T t JOIN APP.NOPE n ON n.X = t.ID") == []


def test_an_on_clause_sees_only_the_items_joined_before_it() -> None:
    sql = "SELECT t.NAME FROM APP.T t JOIN APP.U u ON NOTE = 'x' JOIN APP.U w ON w.ID = t.ID"
    assert _checks(sql) == []


def test_an_unknown_table_leaves_every_unqualified_name_unresolved() -> None:
    assert _checks(_proc("SELECT COUNT(*) INTO v_n FROM APP.NOPE WHERE whatever = 1;")) == []


def test_a_misspelt_local_in_sql_is_an_invalid_identifier() -> None:
    sql = _proc("SELECT COUNT(*) INTO v_n FROM APP.T t WHERE t.ID = p_idd;")
    assert _checks(sql) == [(Check.SQL_UNKNOWN_IDENTIFIER, 6, 54)]
    assert _checks(sql, complete=False) == []


def test_plsql_names_in_scope_columns_and_builtins_are_no_invalid_identifier() -> None:
    sql = _proc("""FOR i IN 1 .. 2 LOOP
    SELECT COUNT(*) INTO v_n FROM APP.T t
     WHERE ID = p_id + i AND NAME = v_s AND ROWNUM = 1 AND AMOUNT < f_outer
       AND EXTRACT(YEAR FROM SYSDATE) > 2000 AND TRIM(BOTH ' ' FROM NAME) IS NOT NULL;
  END LOOP;""")
    assert _checks(sql, outer=frozenset({"F_OUTER"})) == []


def test_a_local_of_another_subprogram_is_not_in_scope() -> None:
    sql = """CREATE OR REPLACE PACKAGE BODY APP.PKG AS
  PROCEDURE a IS v_only_a NUMBER; BEGIN NULL; END a;
  PROCEDURE b IS v NUMBER; BEGIN SELECT COUNT(*) INTO v FROM APP.T t WHERE t.ID = v_only_a; END b;
END PKG;
"""
    assert _checks(sql) == [(Check.SQL_UNKNOWN_IDENTIFIER, 3, 83)]


def test_values_allow_no_column() -> None:
    sql = _proc("INSERT INTO APP.T (ID, NAME) VALUES (p_id, v_ss) RETURNING ID INTO v_n;")
    assert _checks(sql) == [(Check.SQL_COLUMN_NOT_ALLOWED, 6, 46)]


def test_a_view_over_a_database_link_resolves_in_the_linked_model() -> None:
    synonym = "CREATE OR REPLACE SYNONYM APP.Q_LINK FOR APP.Q@ERP_LINK;\n"
    view = "CREATE OR REPLACE VIEW APP.V AS SELECT q.Q_ID, q.Q_STATE FROM APP.Q_LINK q"
    tree_syn, tree_view = parse(synonym).tree, parse(view).tree
    env = SqlEnv(CATALOG, "sgu2", "APP", complete=True,
                 synonyms=synonyms_of([("sgu2", "APP", tree_syn)]))
    assert [(i.check, i.col) for i in check(view, tree_view, env)] == [
        (Check.SQL_UNKNOWN_DERIVED_COLUMN, 48)]
    direct = "CREATE OR REPLACE VIEW APP.V AS SELECT q.Q_STATE FROM APP.Q@ERP_LINK q"
    assert _checks(direct, database="sgu2") == [(Check.SQL_UNKNOWN_DERIVED_COLUMN, 1, 40)]
    unknown = "CREATE OR REPLACE VIEW APP.V AS SELECT q.X FROM APP.NOPE@ERP_LINK q"
    assert _checks(unknown, database="sgu2") == []


def test_pivot_hides_the_columns_of_its_source() -> None:
    sql = "SELECT q1 FROM (SELECT ID, AMOUNT FROM APP.T) PIVOT (SUM(AMOUNT) FOR ID IN (1 AS q1))"
    assert _checks(sql) == []


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT t.ID FROM APP.T t WHERE COUNT(*) > 1", [(Check.SQL_AGGREGATE_NOT_ALLOWED, 1, 32)]),
    ("SELECT t.ID FROM APP.T t WHERE t.AMOUNT > (SELECT AVG(u.ID) FROM APP.U u)", []),
    ("SELECT t.ID, SUM(t.AMOUNT) OVER (PARTITION BY t.NAME) FROM APP.T t", []),
    ("SELECT t.NAME, MAX(t.AMOUNT) FROM APP.T t", [(Check.SQL_NOT_SINGLE_GROUP, 1, 8)]),
    ("SELECT t.NAME, MAX(t.AMOUNT) FROM APP.T t GROUP BY t.ID", [(Check.SQL_NOT_GROUP_BY, 1, 8)]),
    ("SELECT UPPER(t.NAME) AS N, MAX(t.AMOUNT) FROM APP.T t GROUP BY UPPER(t.NAME)", []),
    ("SELECT MY_AGG(t.NAME), MAX(t.AMOUNT) FROM APP.T t", []),  # MY_AGG may aggregate
    ("SELECT t.ID, COUNT(*) FROM APP.T t GROUP BY t.ID HAVING t.NAME = 'x'",
     [(Check.SQL_NOT_GROUP_BY, 1, 57)]),
    ("SELECT t.ID FROM APP.T t GROUP BY t.ID HAVING MAX(t.AMOUNT) > 1", []),
    ("SELECT t.ID FROM APP.T t WHERE RANK() OVER (ORDER BY t.ID) = 1",
     [(Check.SQL_WINDOW_NOT_ALLOWED, 1, 32)]),
    ("SELECT MAX(SUM(t.AMOUNT)) FROM APP.T t", [(Check.SQL_NESTED_AGGREGATE, 1, 12)]),
])
def test_aggregates_and_analytic_functions(sql: str,
                                           expected: list[tuple[Check, int, int]]) -> None:
    assert _checks(sql) == expected


def test_select_into_counts_and_records() -> None:
    assert _checks(_proc("SELECT 1, 2 INTO v_n FROM DUAL;")) == [(Check.SQL_TOO_MANY_VALUES, 6, 15)]
    assert _checks(_proc("SELECT 1 INTO v_n, v_s FROM DUAL;")) == [
        (Check.SQL_NOT_ENOUGH_VALUES, 6, 12)]
    record = _proc("SELECT t.ID, t.NAME INTO r FROM APP.T t;", "r APP.T%ROWTYPE;")
    assert _checks(record) == []
    assert _checks(_proc("SELECT 1, 2 BULK COLLECT INTO v_n FROM DUAL;")) == []
    assert _checks(_proc("SELECT 1 FROM DUAL;")) == [(Check.SQL_SELECT_WITHOUT_INTO, 6, 3)]


def test_insert_counts_and_a_multi_table_insert() -> None:
    assert _checks("INSERT INTO APP.T (ID, NAME) SELECT 1 FROM DUAL") == [
        (Check.SQL_NOT_ENOUGH_VALUES, 1, 13)]
    multi = "INSERT ALL INTO APP.T (ID) VALUES (x) INTO APP.U (ID) VALUES (x) SELECT 1 x FROM DUAL"
    assert _checks(multi) == []


def test_index_columns_and_sequence_pseudo_columns() -> None:
    assert _checks("CREATE INDEX APP.IX ON APP.T (ID, NAMES)") == [
        (Check.SQL_UNKNOWN_INDEX_COLUMN, 1, 35)]
    assert _checks("SELECT APP.S.NEXTVALUE FROM DUAL") == [(Check.SQL_SEQUENCE_PSEUDOCOLUMN, 1, 8)]
    assert _checks("SELECT APP.S.NEXTVAL FROM DUAL") == []


def test_owner_of_a_unit() -> None:
    assert owner(parse("CREATE OR REPLACE VIEW APP.V AS SELECT 1 x FROM DUAL").tree) == "APP"
    assert owner(parse("SELECT 1 FROM DUAL").tree) == ""


def test_a_subquery_used_as_one_value_selects_one() -> None:
    assert _checks("SELECT (SELECT u.ID, u.NOTE FROM APP.U u) FROM DUAL") == [
        (Check.SQL_TOO_MANY_VALUES, 1, 8)]
    assert _checks("SELECT t.ID FROM APP.T t WHERE t.ID = (SELECT u.ID, u.T_ID FROM APP.U u)") == [
        (Check.SQL_TOO_MANY_VALUES, 1, 39)]
    tuple_in = "SELECT t.ID FROM APP.T t WHERE (t.ID, t.NAME) = (SELECT u.ID, u.NOTE FROM APP.U u)"
    exists = "SELECT t.ID FROM APP.T t WHERE EXISTS (SELECT u.ID, u.NOTE FROM APP.U u)"
    assert _checks(tuple_in) == [] and _checks(exists) == []


def test_set_operators_and_view_columns() -> None:
    assert _checks("SELECT 1, 2 FROM DUAL UNION SELECT 1 FROM DUAL") == [
        (Check.SQL_SET_COLUMNS, 1, 29)]
    assert _checks("CREATE VIEW APP.V AS SELECT t.ID, t.NAME AS ID FROM APP.T t") == [
        (Check.SQL_DUPLICATE_COLUMN, 1, 35)]
    assert _checks("CREATE VIEW APP.V AS SELECT t.ID + 1 FROM APP.T t") == [
        (Check.SQL_UNNAMED_EXPRESSION, 1, 29)]
    assert _checks("UPDATE APP.T t SET t.ID = 1, t.ID = 2") == [(Check.SQL_DUPLICATE_COLUMN, 1, 30)]


def test_names_a_model_cannot_see_are_not_judged() -> None:
    type_body = """CREATE OR REPLACE TYPE BODY APP.TY AS
  MEMBER FUNCTION f RETURN NUMBER IS v NUMBER;
  BEGIN SELECT COUNT(*) INTO v FROM APP.T t WHERE t.ID = attr; RETURN v; END f;
END;
"""
    assert _checks(type_body) == []
    supplied = _proc("SELECT COUNT(*) INTO v_n FROM APP.T t WHERE t.NAME = APEX_UTIL.c_x;")
    assert _checks(supplied) == []
    spec = """CREATE OR REPLACE PACKAGE APP.PKG AS
  c_k CONSTANT NUMBER := 1;
  CURSOR c IS SELECT t.ID FROM APP.T t WHERE t.ID = c_k;
END PKG;
"""
    assert _checks(spec) == []


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT t.ID AS K FROM APP.T t ORDER BY K, t.NAME, AMOUNT", []),
    ("SELECT t.ID FROM APP.T t ORDER BY t.NAMES", []),  # REF002 reports it
    ("SELECT t.ID FROM APP.T t ORDER BY NAMES", [(Check.SQL_UNKNOWN_IDENTIFIER, 1, 35)]),
    ("SELECT t.ID FROM APP.T t UNION SELECT u.ID FROM APP.U u ORDER BY ID", []),
    ("SELECT t.ID FROM APP.T t UNION SELECT u.ID FROM APP.U u ORDER BY NAME",
     [(Check.SQL_UNKNOWN_IDENTIFIER, 1, 66)]),
    ("SELECT JSON_VALUE(t.NAME, '$.a' RETURNING NUMBER) AS J FROM APP.T t", []),
])
def test_order_by_and_words_that_are_no_names(sql: str,
                                              expected: list[tuple[Check, int, int]]) -> None:
    assert _checks(sql) == expected


def test_a_name_an_inline_view_selects_twice_is_ambiguous_where_used() -> None:
    sql = "SELECT v.ID FROM (SELECT t.ID, u.ID FROM APP.T t, APP.U u) v"
    assert _checks(sql) == [(Check.SQL_AMBIGUOUS, 1, 8)]
    unused = "SELECT v.NAME FROM (SELECT t.ID, u.ID, t.NAME FROM APP.T t, APP.U u) v"
    assert _checks(unused) == []


def test_a_lateral_view_sees_the_items_before_it() -> None:
    lateral = "SELECT x.N FROM APP.T t, LATERAL (SELECT u.NOTE AS N FROM APP.U u WHERE u.T_ID = t.ID) x"
    apply = "SELECT x.N FROM APP.T t CROSS APPLY (SELECT u.NOTE AS N FROM APP.U u WHERE u.T_ID = t.ID) x"
    plain = "SELECT x.N FROM APP.T t, (SELECT u.NOTE AS N FROM APP.U u WHERE u.T_ID = t.ID) x"
    assert _checks(lateral) == [] and _checks(apply) == []
    assert _checks(plain) == [(Check.SQL_UNKNOWN_QUALIFIER, 1, 74)]


def test_a_set_of_several_columns_takes_as_many_values() -> None:
    assert _checks("UPDATE APP.T t SET (t.ID, t.NAME) = (SELECT u.ID FROM APP.U u)") == [
        (Check.SQL_NOT_ENOUGH_VALUES, 1, 20)]
    assert _checks("UPDATE APP.T t SET (t.ID, t.NAME) = (SELECT u.ID, u.NOTE FROM APP.U u)") == []


def test_a_cycle_of_synonyms_stays_unresolved() -> None:
    a = KnownObject("APP", "A", "synonym", "test")
    b = KnownObject("APP", "B", "synonym", "test")
    catalog = Catalog({("erp", "APP", "A"): a, ("erp", "APP", "B"): b}, {"erp": frozenset({"APP"})})
    sql = "SELECT x.ANY_COLUMN FROM APP.A x"
    env = SqlEnv(catalog, "erp", "APP", complete=True,
                 synonyms={("erp", "APP", "A"): (("APP", "B"), False),
                           ("erp", "APP", "B"): (("APP", "A"), False)})
    assert check(sql, parse(sql).tree, env) == ()
