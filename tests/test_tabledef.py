"""The shared table definition: reading a CREATE TABLE text, splitting a column list, the differ."""

from __future__ import annotations

import pytest

from conefi_dbtool.tabledef import (
    Entry,
    TableDef,
    close_paren,
    diff_entries,
    diff_tables,
    read_create_table,
    removals_in_old_order,
    split_top_level,
)


def _entries(*pairs: tuple[str, str]) -> tuple[Entry, ...]:
    return tuple(Entry(key, text) for key, text in pairs)


def test_diff_entries_orders_added_and_changed_by_new_then_dropped_by_old() -> None:
    old = _entries(("A", "1"), ("B", "1"), ("C", "1"), ("D", "1"))
    new = _entries(("E", "1"), ("C", "2"), ("A", "2"), ("B", "1"))
    changes = diff_entries(old, new)
    assert [(c.key, c.kind) for c in changes] == [("E", "added"), ("C", "changed"), ("A", "changed"),
                                                  ("D", "dropped")]
    assert [c.key for c in removals_in_old_order(changes)] == ["A", "C", "D"]


def test_diff_entries_uses_the_callers_equality_and_keeps_both_entries() -> None:
    old = _entries(("A", "NUMBER(18)"))
    new = _entries(("A", "number(18)"))
    assert diff_entries(old, new, lambda a, b: a.written.upper() == b.written.upper()) == ()
    (change,) = diff_entries(old, new)
    assert (change.old, change.new) == (old[0], new[0])


def test_a_repeated_key_counts_once_at_its_first_place_with_its_last_entry() -> None:
    old = _entries(("A", "1"), ("B", "1"), ("A", "2"))
    (change,) = diff_entries(old, _entries(("B", "1")))
    assert (change.key, change.kind, change.old, change.old_at) == ("A", "dropped", Entry("A", "2"), 0)


def test_diff_tables_reports_column_order_and_options() -> None:
    old = TableDef("T", _entries(("A", "x"), ("B", "x"), ("C", "x")), (), "TABLESPACE X")
    new = TableDef("T", _entries(("B", "x"), ("A", "x"), ("D", "x")), (), "TABLESPACE Y")
    diff = diff_tables(old, new)
    assert diff.column_order == (("A", "B"), ("B", "A"))
    assert diff.options == ("TABLESPACE X", "TABLESPACE Y")
    assert [(c.key, c.kind) for c in diff.columns] == [("D", "added"), ("C", "dropped")]
    same = diff_tables(old, old)
    assert (same.columns, same.constraints, same.column_order, same.options) == ((), (), None, None)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("A NUMBER, B VARCHAR2(10)", ["A NUMBER", " B VARCHAR2(10)"]),
        ("A NUMBER(12,2), B CHAR(1)", ["A NUMBER(12,2)", " B CHAR(1)"]),
        ("A DEFAULT 'x,y', B", ["A DEFAULT 'x,y'", " B"]),
        ("A DEFAULT q'[x,')y]', B", ["A DEFAULT q'[x,')y]'", " B"]),
        ('"A,B" NUMBER, C', ['"A,B" NUMBER', " C"]),
        ("A /* one, two */ NUMBER, B -- x, y\n", ["A /* one, two */ NUMBER", " B -- x, y\n"]),
        ("A NUMBER,\n  ", ["A NUMBER"]),
        ("1q'<,>', b", ["1q'<,>'", " b"]),  # a number ends before a q-quote, as the catalog's tokens say
        ("xq'(a', b", ["xq'(a'", " b"]),  # a q inside a word opens no q-quote
    ],
)
def test_split_top_level(text: str, parts: list[str]) -> None:
    assert split_top_level(text) == parts


def test_close_paren() -> None:
    text = "T (A NUMBER(3) DEFAULT ')', /* ) */ B CHAR(1)) TABLESPACE X"
    assert text[close_paren(text, 2):] == ") TABLESPACE X"
    with pytest.raises(ValueError, match="unbalanced"):
        close_paren("T (A NUMBER(3)", 2)


def test_read_create_table_keeps_the_texts_as_written() -> None:
    table = read_create_table(
        'CREATE GLOBAL TEMPORARY TABLE CONEFI."Tmp" (\n'
        '  "Id"  NUMBER(10)  CONSTRAINT PK_TMP PRIMARY KEY, -- id\n'
        "  nome  VARCHAR2(30) DEFAULT 'a,  b' NOT NULL,\n"
        "  CONSTRAINT ck_tmp CHECK (nome <> 'x'),\n"
        "  UNIQUE (nome)\n"
        ") ON COMMIT PRESERVE ROWS"
    )
    assert table == TableDef(
        'CONEFI."Tmp"',
        _entries(("Id", "NUMBER(10) CONSTRAINT PK_TMP PRIMARY KEY"),
                 ("NOME", "VARCHAR2(30) DEFAULT 'a,  b' NOT NULL")),
        _entries(("CK_TMP", "CONSTRAINT ck_tmp CHECK (nome <> 'x')"), ("UNIQUE (nome)", "UNIQUE (nome)")),
        "ON COMMIT PRESERVE ROWS",
    )
    assert read_create_table("CREATE INDEX CONEFI.IX ON CONEFI.T (A)") is None
