"""Releases read a CREATE TABLE's column list like the catalog does (tabledef.split_top_level)."""

from __future__ import annotations

from conefi_dbtool.migrations.tablediff import parse_create_table, table_pieces

BEFORE = """CREATE TABLE CONEFI.L (
  MSG VARCHAR2(4000) /* free text, any length */ NOT NULL,
  "Ref,Id" NUMBER(18)
);
"""


def test_a_comma_in_a_comment_or_quoted_name_does_not_split_the_column_list() -> None:
    shape = parse_create_table(BEFORE)
    assert shape is not None
    assert [name for name, _ in shape.columns] == ["MSG", "Ref,Id"]


def test_the_changed_column_is_the_one_named() -> None:
    after = BEFORE.replace("NOT NULL,", "NULL,")
    pieces = table_pieces(BEFORE, after, label="t", allow_data_loss=False)
    modify = [p.text for p in pieces if p.kind == "sql"]
    assert modify == ["ALTER TABLE CONEFI.L MODIFY (MSG VARCHAR2(4000) NULL)"]
