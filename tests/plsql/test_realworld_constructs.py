"""Constructs met in public real-world PL/SQL, each as a few lines of valid Oracle code.

benchmarks/bench_realworld.py lints a sample of public code that compiles on Oracle (kept
outside the repository) and counts the files lint claims Oracle would reject; docs/lint.md
("Real-world sample") has the figures. Every construct behind a false claim is a case here,
written anew (no sample code is copied), and so are the harder constructs the sample showed
the front end already gets right, so that a parser change cannot lose them unnoticed.
A case still failing is marked ``xfail(strict=True)`` (`failing`): fixing it turns the
mark into a failure, and the mark is then removed. Each fixed construct has a broken
variant beside it that lint must still report, so a fix cannot pass by going quiet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_corpus import claims_rejection  # the benchmark's metric, one definition
from conefi_dbtool.lint import lint_paths


def rejections(tmp_path: Path, sql: str) -> list[str]:
    """What lint claims Oracle would reject in `sql`, linted as one file of its own."""
    path = tmp_path / "case.sql"
    path.write_text(sql, encoding="utf-8")
    result = lint_paths([path], None, None, use_cache=False, jobs=1)
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in result.findings if claims_rejection(f)]


def failing(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# --- false positives found in the sample (all fixed, kept as regression cases) -------------

ITERATOR_SEQUENCE = """\
declare
  cursor c_parts is select part_no from parts;
  type t_list is table of c_parts%rowtype;
  l_list t_list;
begin
  l_list := t_list(for p in c_parts sequence => p);
end;
/
"""

ITERATOR_INDEX_RANGE = """\
declare
  type t_squares is table of pls_integer index by pls_integer;
  l_sq t_squares;
begin
  l_sq := t_squares(for n in 1..5 index n => n * n);
end;
/
"""

ITERATOR_INDEX_CURSOR = """\
declare
  cursor c_parts is select part_no, kind from parts;
  type t_by_no is table of c_parts%rowtype index by varchar2(30);
  l_by_no t_by_no;
begin
  l_by_no := t_by_no(for p in c_parts index p.part_no => p);
end;
/
"""

ITERATOR_VALUES_OF_CURSOR_CALL = """\
declare
  cursor c_kind(p_kind varchar2) is select part_no from parts where kind = p_kind;
  type t_list is table of c_kind%rowtype;
  l_list t_list;
begin
  l_list := t_list(for v in values of c_kind('X') sequence => v);
end;
/
"""

MLE_INLINE_FUNCTION = """\
create or replace function shout(p_text varchar2) return varchar2
as mle language javascript
{{
  return p_text.toUpperCase();
}};
/
"""

MLE_MODULE_AND_CALL_SPEC = """\
create or replace mle module text_tools
language javascript as
  export function twice(x) { return x + x; }
/
create or replace function twice(p_text varchar2) return varchar2
as mle module text_tools
signature 'twice(string)';
/
"""

EXECUTE_CONTINUED_AFTER_PUNCTUATION = """\
execute dbms_application_info.set_module(-
  module_name => 'nightly_load',-
  action_name => 'start');
"""

REF_PARAMETER = """\
create or replace type body staff_t is
  static function make(p_name varchar2, p_unit ref unit_t) return staff_t is
  begin
    return staff_t(p_name, p_unit);
  end;
end;
/
"""

REF_VARIABLE = """\
declare
  l_unit ref unit_t;
begin
  select ref(u) into l_unit from units u where u.code = 'X';
end;
/
"""

PLSQL_UNIT_IF_NOT_EXISTS = """\
create package if not exists clock_pkg as
  function now_utc return timestamp;
end clock_pkg;
/
create function if not exists twice(p number) return number is
begin
  return p * 2;
end;
/
"""

NOT_PERSISTABLE_COLLECTION = """\
create type counts_t as table of (pls_integer) not persistable;
/
create type flags_t as varray(10) of (boolean) not persistable;
/
"""

# found by probing the constructs around the sample's, not in the sample itself
ITERATOR_OVER_QUERY_WITH_NAMED_INDEX = """\
declare
  type t_by_no is table of varchar2(10) index by varchar2(30);
  l_by_no t_by_no;
begin
  l_by_no := t_by_no(for p in (select part_no, kind from parts)
                     index lower(ch => p.part_no) => p.kind);
end;
/
"""

MLE_INLINE_OWN_DELIMITER = """\
create or replace procedure greet(p_who varchar2)
as mle language javascript
~~ console.log(`hello, ${P_WHO}`); ~~;
/
"""

MLE_CALL_SPEC_IN_PACKAGE_AND_STRING_BODY = """\
create or replace package text_api as
  function twice(p_text varchar2) return varchar2
    as mle module text_tools env text_env signature 'twice(string)';
end text_api;
/
create or replace function shout(p_text varchar2) return varchar2
as mle language javascript q'~return p_text.toUpperCase();~';
/
"""

POLYMORPHIC_TABLE_FUNCTION = """\
create or replace function echo_rows(p_source table) return table
  pipelined row polymorphic using echo_impl;
/
"""

# --- constructs of the sample the front end already accepts (regression guard) --------------

EXECUTE_CONTINUED_AFTER_BLANK = """\
execute dbms_application_info.set_module( -
  module_name => 'nightly_load', -
  action_name => 'start');
"""

REF_ATTRIBUTE = """\
create type staff_t as object (name varchar2(30), unit ref unit_t);
/
"""

TABLE_AND_DROP_IF_EXISTS = """\
create table if not exists audit_note (id number, note varchar2(100));
create sequence if not exists audit_seq;
drop table if exists audit_note;
"""

NOT_PERSISTABLE_OBJECT = """\
create type small_t as object (n pls_integer) not persistable;
/
"""

MULTIPLE_ITERATION_CONTROLS = """\
declare
  cursor c_open is select part_no from parts where state = 'O';
  cursor c_held is select part_no from parts where state = 'H';
begin
  for p in c_open, c_held loop
    null;
  end loop;
  for i in 1..3, 10..12 loop
    null;
  end loop;
end;
/
"""

TYPED_ITERAND_OVER_DYNAMIC_SQL = """\
declare
  type t_part is record (part_no varchar2(30), kind varchar2(10));
  l_query varchar2(200) := 'select part_no, kind from parts where kind = :k';
begin
  for p t_part in (execute immediate l_query using 'X') loop
    null;
  end loop;
end;
/
"""

CONDITIONAL_LOOP_HEADER = """\
declare
  type t_list is table of number;
  l_list t_list := t_list(1, 2, 3);
begin
$if dbms_db_version.version < 21 $then
  for i in 1..l_list.count loop
$else
  for i in indices of l_list loop
$end
    dbms_output.put_line(l_list(i));
  end loop;
end;
/
"""

OBJECT_TYPE_WITH_OID = """\
create type point_t
  oid '1A2B3C4D5E6F708192A3B4C5D6E7F809'
  as object (x number, y number);
/
"""

DIMENSION = """\
create dimension calendar_dim
  level day   is calendar.day_id
  level month is calendar.month_id
  hierarchy by_month (day child of month)
  attribute month determines (calendar.month_name);
"""

DOMAIN_WITH_ANNOTATIONS = """\
create domain percent_d as number(5, 2) strict
  constraint percent_chk check (percent_d between 0 and 100)
  annotations (unit 'percent');
"""

JSON_TABLE_NESTED_PATH = """\
create or replace view part_tags as
  select p.part_no, t.tag
  from   parts p,
         json_table(p.details, '$'
           columns (nested path '$.tags[*]' columns (tag varchar2(30) path '$'))) t;
"""

LISTAGG_ON_OVERFLOW = """\
select kind,
       listagg(part_no, ', ' on overflow truncate '...' with count)
         within group (order by part_no) parts
from   parts
group  by kind;
"""

CASES = [
    pytest.param(ITERATOR_SEQUENCE, id="iterator-sequence"),
    pytest.param(ITERATOR_INDEX_RANGE, id="iterator-index-range"),
    pytest.param(ITERATOR_INDEX_CURSOR, id="iterator-index-cursor"),
    pytest.param(ITERATOR_VALUES_OF_CURSOR_CALL,
                 id="iterator-values-of-cursor-call"),
    pytest.param(MLE_INLINE_FUNCTION, id="mle-inline-function"),
    pytest.param(MLE_MODULE_AND_CALL_SPEC, id="mle-module-call-spec"),
    pytest.param(EXECUTE_CONTINUED_AFTER_PUNCTUATION,
                 id="execute-continued-after-punctuation"),
    pytest.param(REF_PARAMETER, id="ref-parameter"),
    pytest.param(REF_VARIABLE, id="ref-variable"),
    pytest.param(REF_ATTRIBUTE, id="ref-attribute"),
    pytest.param(PLSQL_UNIT_IF_NOT_EXISTS,
                 id="plsql-unit-if-not-exists"),
    pytest.param(NOT_PERSISTABLE_COLLECTION,
                 id="not-persistable-collection"),
    pytest.param(ITERATOR_OVER_QUERY_WITH_NAMED_INDEX, id="iterator-over-query-named-index"),
    pytest.param(MLE_CALL_SPEC_IN_PACKAGE_AND_STRING_BODY, id="mle-call-spec-in-package"),
    pytest.param(MLE_INLINE_OWN_DELIMITER, id="mle-inline-own-delimiter"),
    pytest.param(POLYMORPHIC_TABLE_FUNCTION,
                 id="polymorphic-table-function"),
    pytest.param(TABLE_AND_DROP_IF_EXISTS, id="table-and-drop-if-exists"),
    pytest.param(NOT_PERSISTABLE_OBJECT, id="not-persistable-object"),
    pytest.param(EXECUTE_CONTINUED_AFTER_BLANK, id="execute-continued-after-blank"),
    pytest.param(MULTIPLE_ITERATION_CONTROLS, id="multiple-iteration-controls"),
    pytest.param(TYPED_ITERAND_OVER_DYNAMIC_SQL, id="typed-iterand-dynamic-sql"),
    pytest.param(CONDITIONAL_LOOP_HEADER, id="conditional-loop-header"),
    pytest.param(OBJECT_TYPE_WITH_OID, id="object-type-oid"),
    pytest.param(DIMENSION, id="dimension"),
    pytest.param(DOMAIN_WITH_ANNOTATIONS, id="domain-annotations"),
    pytest.param(JSON_TABLE_NESTED_PATH, id="json-table-nested-path"),
    pytest.param(LISTAGG_ON_OVERFLOW, id="listagg-on-overflow"),
]


@pytest.mark.parametrize("sql", CASES)
def test_valid_oracle_code_is_not_claimed_rejected(tmp_path: Path, sql: str) -> None:
    assert rejections(tmp_path, sql) == []


def test_a_real_error_is_still_claimed(tmp_path: Path) -> None:
    """The cases above cannot pass by lint going quiet: a missing END IF is still reported."""
    broken = "begin\n  if 1 = 1 then\n    null;\nend;\n/\n"
    assert rejections(tmp_path, broken) != []


# --- what Oracle rejects next to the constructs above: still reported -----------------------

BROKEN = [
    pytest.param("declare\n  type t_list is table of number;\n  l t_list;\nbegin\n"
                 "  l := t_list(for i in 1..3 sequence i);\nend;\n/\n",
                 "5:", id="iterator-without-arrow"),
    pytest.param("create or replace package if not exists clock_pkg as\n"
                 "  function now_utc return timestamp;\nend clock_pkg;\n/\n",
                 "1:", id="or-replace-with-if-not-exists"),  # ORA-11541
    pytest.param("create or replace function if not exists twice(p number) return number is\n"
                 "begin\n  return p * 2;\nend;\n/\n",
                 "1:", id="or-replace-function-if-not-exists"),
    pytest.param("create or replace function shout(p_text varchar2) return varchar2\n"
                 "as mle language javascript\n{{\n  return p_text.toUpperCase();\n;\n/\n",
                 "3:", id="mle-inline-unclosed"),
    pytest.param("create or replace function twice(p_text varchar2) return varchar2\n"
                 "as mle module text_tools;\n/\n",
                 "2:", id="mle-call-spec-without-signature"),
    pytest.param("create or replace package text_api as\n  function shout(p varchar2) return varchar2\n"
                 "    as mle language javascript q'~return P;~';\nend text_api;\n/\n",
                 "3:", id="mle-inline-code-in-a-package"),
    pytest.param("create or replace function shout(p varchar2) return varchar2\n"
                 "as mle language javascript ~~ return P; ~;\n/\n",
                 "2:", id="mle-inline-other-delimiter-unclosed"),
    pytest.param("declare\n  l_rows table;\nbegin\n  null;\nend;\n/\n",
                 "2:", id="table-type-outside-a-ptf-parameter"),
    pytest.param("create type counts_t as table of (pls_integer not persistable;\n/\n",
                 "1:", id="persistable-element-unclosed"),
]


@pytest.mark.parametrize(("sql", "line"), BROKEN)
def test_broken_variants_are_still_claimed(tmp_path: Path, sql: str, line: str) -> None:
    found = rejections(tmp_path, sql)
    assert found != []
    assert found[0].startswith(line)
