"""The statement-context checks (`conefi_dbtool.lint.flow`) on parsed units."""

from __future__ import annotations

from conefi_dbtool.lint.flow import check_flow
from conefi_dbtool.lint.semantic import Check
from conefi_dbtool.plsql.parser import parse


def _found(src: str) -> list[tuple[Check, int]]:
    return [(issue.check, issue.line) for issue in check_flow(src, parse(src).tree)]


def test_exit_outside_loop_and_label_scope() -> None:
    src = """create or replace package body p as
procedure q(a number) is
begin
  <<l1>>
  loop
    exit l1;
  end loop;
  exit when a > 1;
  for i in 1 .. 2 loop
    exit l1;
  end loop;
end;
end p;
"""
    assert _found(src) == [(Check.EXIT_OUTSIDE_LOOP, 8), (Check.EXIT_LABEL, 10)]


def test_a_nested_subprogram_does_not_see_the_enclosing_loop() -> None:
    src = """begin
  for i in 1 .. 2 loop
    declare
      procedure q is begin exit; end;
    begin
      q;
    end;
  end loop;
end;
"""
    assert _found(src) == [(Check.EXIT_OUTSIDE_LOOP, 4)]


def test_return_values_by_enclosing_unit() -> None:
    src = """create or replace type body t as
  constructor function t(self in out nocopy t) return self as result is
  begin
    return;
  end;
  member function f return number is
  begin
    return;
  end;
  member procedure p is
  begin
    return 1;
  end;
end;
"""
    assert _found(src) == [(Check.RETURN_WITHOUT_VALUE, 8), (Check.RETURN_WITH_VALUE, 12)]


def test_trigger_return_with_value() -> None:
    src = """create or replace trigger trg before insert on t for each row
begin
  if :new.x is null then
    return 0;
  end if;
  return;
end;
"""
    assert _found(src) == [(Check.RETURN_WITH_VALUE, 4)]


def test_handlers_duplicate_and_others_order() -> None:
    src = """begin
  null;
exception
  when others then raise;
  when zero_divide or Zero_Divide then raise;
end;
"""
    assert _found(src) == [(Check.OTHERS_NOT_LAST, 5), (Check.DUPLICATE_HANDLER, 5)]


def test_function_end_only_when_certain() -> None:
    src = """create or replace package body p as
function f1 return number is begin null; end;
function f2(a number) return number is begin if a > 0 then return 1; end if; end;
function f3 return number is begin log_it; end;
function f4 return number is
begin
  return 1;
exception
  when no_data_found then
    begin
      null;
    end;
  when others then
    raise_application_error(-20001, 'x');
end;
end p;
"""
    assert _found(src) == [(Check.FUNCTION_WITHOUT_RETURN, 2),
                           (Check.FUNCTION_WITHOUT_RETURN, 9)]


def test_goto_targets() -> None:
    src = """begin
  goto fim;
  goto dentro;
  goto nada;
  if 1 = 1 then
    <<dentro>>
    null;
    goto fim;
  end if;
  <<fim>>
  null;
exception
  when others then
    goto fim;
end;
"""
    assert _found(src) == [(Check.GOTO_UNREACHABLE, 3), (Check.GOTO_UNREACHABLE, 14)]


def test_cursor_attribute_only_on_plain_scalars() -> None:
    src = """create or replace package body p as
procedure q(p_n in number) is
  cursor c is select 1 from dual;
  v number;
  rc sys_refcursor;
begin
  if c%found or v%notfound or sql%rowcount > 0 or rc%isopen or p_n%rowcount > 0 then
    null; -- v%found in a comment, 'v%found' in a string
  end if;
  if other_pkg.v%found then null; end if;
end;
procedure q2 is
  v t_cursor;
begin
  if v%found then null; end if;
end;
end p;
"""
    # only P_N: V is also declared with a type that may be a cursor (in Q2)
    assert [i.message for i in check_flow(src, parse(src).tree)] == [
        "PLS-00324: P_N%ROWCOUNT: P_N is not a cursor"]
