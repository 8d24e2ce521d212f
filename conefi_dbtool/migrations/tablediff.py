"""Table pieces: what turns the table of one revision into the table of another.

A table template stays one readable ``CREATE TABLE`` (plus indexes, comments and
constraints as separate statements); a guarded create never changes a table that
exists, so a changed template is applied as *pieces*: columns added, modified, dropped,
constraints added or dropped, indexes created or dropped. Anything that cannot be
derived safely (storage clause, an unnamed constraint removed) becomes a note for the
person who deploys instead of a guess.

Both texts are read into `tabledef.TableDef`s and compared by the differ `plan` uses too
(`tabledef.diff_tables`), here on the text as written: a template edit is a change, and
the release SQL repeats the column definitions as the template writes them.

Dropping a column loses data: it is preceded by a guard that refuses when the table
holds rows, unless the caller allows data loss explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conefi_dbtool.deploy_steps import guard_codes, guarded_block
from conefi_dbtool.errors import RenderError
from conefi_dbtool.identifiers import RESERVED_WORDS, sql_literal
from conefi_dbtool.splitter import SplitError, Unit, split
from conefi_dbtool.tabledef import (
    Change,
    TableDef,
    diff_tables,
    normalise_blanks,
    read_create_table,
    removals_in_old_order,
)

_NOT_NULL = re.compile(r"(?<!DEFAULT )\bNOT\s+NULL\b", re.I)
_CREATE_INDEX = re.compile(
    r"\s*CREATE\s+(?:UNIQUE\s+|BITMAP\s+)?INDEX\s+((?:\"[^\"]+\"|[\w$#]+)(?:\.(?:\"[^\"]+\"|[\w$#]+))?)",
    re.I,
)


@dataclass(frozen=True)
class Piece:
    """One statement of a table change (``kind`` 'sql' or 'plsql'), or a note (kind 'note')."""

    kind: str
    text: str
    purpose: str  # add-column, modify-column, drop-column, add-constraint, ..., note, data-guard


@dataclass(frozen=True)
class TableShape:
    """A CREATE TABLE as releases see it: the texts of its `TableDef`, in order."""

    name: str  # as written, e.g. CONEFI.INTGRA_DADOS_CONEFI
    columns: tuple[tuple[str, str], ...]  # (NAME, definition), definition normalised
    constraints: tuple[tuple[str, str], ...]  # (NAME or '', text), text normalised
    tail: str  # what follows the column list (TABLESPACE ...), normalised


def parse_create_table(statement: str) -> TableShape | None:
    """The shape of a CREATE TABLE statement, or None when `statement` is something else."""
    table = read_create_table(statement)
    if table is None:
        return None
    return TableShape(
        table.name,
        tuple((str(c.key), c.written) for c in table.columns),
        tuple(("" if k.key == k.written else str(k.key), k.written) for k in table.constraints),
        table.options,
    )


def _nullability(definition: str) -> tuple[str, bool]:
    """(definition without NOT NULL, whether it said NOT NULL)."""
    if _NOT_NULL.search(definition):
        return normalise_blanks(_NOT_NULL.sub(" ", definition)), True
    return definition, False


def _guarded(statement: str, codes: tuple[int, ...], label: str, purpose: str) -> Piece:
    return Piece("plsql", guarded_block(statement, codes, label), purpose)


def rows_guard(table: str, action: str) -> Piece:
    """A block that refuses `action` when `table` holds rows (a missing table holds none)."""
    message = sql_literal(
        f"refusing to {action}: {table} holds rows (re-run with --allow-data-loss to accept the loss)"
    )
    query = sql_literal(f"SELECT COUNT(*) FROM {table} WHERE ROWNUM = 1")
    text = (
        "DECLARE\n"
        "  v_rows PLS_INTEGER;\n"
        "  e_missing EXCEPTION;\n"
        "  PRAGMA EXCEPTION_INIT(e_missing, -942);\n"
        "BEGIN\n"
        f"  EXECUTE IMMEDIATE {query} INTO v_rows;\n"
        "  IF v_rows > 0 THEN\n"
        f"    RAISE_APPLICATION_ERROR(-20003, {message});\n"
        "  END IF;\n"
        "EXCEPTION\n"
        "  WHEN e_missing THEN\n"
        "    NULL;\n"
        "END;"
    )
    return Piece("plsql", text, "data-guard")


def _units(text: str, where: str) -> tuple[Unit, ...]:
    try:
        return split(text)
    except SplitError as exc:
        raise RenderError(f"cannot split {where}: {exc}") from None


_CONSTRAINT_EXISTS = (2260, 2261, 2264, 2275)


def table_pieces(old_text: str, new_text: str, *, label: str, allow_data_loss: bool) -> tuple[Piece, ...]:
    """The statements that turn the table rendered as `old_text` into `new_text`.

    Constraints that go away or change first (they may use columns dropped below), then
    columns added or modified, columns dropped (behind the data guard), constraints added,
    a note on changed table options, and the statements around the CREATE TABLE. Two
    definitions differ where their texts as written do (`tabledef.same_written`).
    """
    old_units = _units(old_text, f"{label} (previous definition)")
    new_units = _units(new_text, label)
    old_table = _definition(old_units)
    new_table = _definition(new_units)
    if old_table is None or new_table is None:
        raise RenderError(f"{label}: no CREATE TABLE statement to compare")
    table = new_table.name
    diff = diff_tables(old_table, new_table)
    return (
        *_constraints_removed(table, diff.constraints),
        *_columns_changed(table, diff.columns),
        *_columns_dropped(table, diff.columns, allow_data_loss),
        *_constraints_added(table, diff.constraints),
        *_options_changed(table, diff.options),
        *_statements_around(table, old_units, new_units),
    )


def _definition(units: tuple[Unit, ...]) -> TableDef | None:
    return next((t for t in (read_create_table(u.text) for u in units) if t), None)


def _named(change: Change) -> bool:
    """An unnamed constraint is keyed by its own text."""
    entry = change.new or change.old
    return entry is not None and change.key != entry.written


def _constraints_removed(table: str, changes: tuple[Change, ...]) -> list[Piece]:
    """Named constraints dropped or changed are dropped; an unnamed one removed is a note."""
    pieces = []
    for change in removals_in_old_order(changes):
        key = str(change.key)
        if _named(change):
            pieces.append(_guarded(f"ALTER TABLE {table} DROP CONSTRAINT {_quote(key)}", (2443,),
                                   f"{table} (DROP CONSTRAINT {key})", "drop-constraint"))
        else:
            pieces.append(Piece("note", f"{table}: unnamed constraint removed from the template, "
                                f"not dropped (name it to manage it): {key}", "note"))
    return pieces


def _columns_changed(table: str, changes: tuple[Change, ...]) -> list[Piece]:
    pieces = []
    for change in changes:
        name = str(change.key)
        if change.old is None and change.new is not None:
            pieces.append(_guarded(f"ALTER TABLE {table} ADD ({_quote(name)} {change.new.written})", (1430,),
                                   f"{table} (ADD {name})", "add-column"))
        elif change.old is not None and change.new is not None:
            pieces.extend(_column_modified(table, name, change.old.written, change.new.written))
    return pieces


def _column_modified(table: str, name: str, old_def: str, new_def: str) -> list[Piece]:
    """MODIFY the type/default, then the nullability (each only when it differs)."""
    old_base, old_nn = _nullability(old_def)
    new_base, new_nn = _nullability(new_def)
    pieces = []
    if old_base != new_base:
        modify = f"ALTER TABLE {table} MODIFY ({_quote(name)} {new_base})"
        pieces.append(Piece("sql", modify, "modify-column"))
    if old_nn != new_nn:
        nullability, code = ("NOT NULL", 1442) if new_nn else ("NULL", 1451)
        pieces.append(_guarded(f"ALTER TABLE {table} MODIFY ({_quote(name)} {nullability})", (code,),
                               f"{table} ({name} {nullability})", "modify-column"))
    return pieces


def _columns_dropped(table: str, changes: tuple[Change, ...], allow_data_loss: bool) -> list[Piece]:
    dropped = [str(c.key) for c in changes if c.new is None]
    pieces = []
    if dropped and not allow_data_loss:
        pieces.append(rows_guard(table, f"drop column(s) {', '.join(dropped)} of {table}"))
    for name in dropped:
        pieces.append(_guarded(f"ALTER TABLE {table} DROP COLUMN {_quote(name)}", (904,),
                               f"{table} (DROP COLUMN {name})", "drop-column"))
    return pieces


def _constraints_added(table: str, changes: tuple[Change, ...]) -> list[Piece]:
    return [_guarded(f"ALTER TABLE {table} ADD {c.new.written}", _CONSTRAINT_EXISTS,
                     f"{table} (ADD {c.key if _named(c) else 'constraint'})", "add-constraint")
            for c in changes if c.new is not None]


def _options_changed(table: str, options: tuple[str, str] | None) -> list[Piece]:
    if options is None:
        return []
    old, new = options
    return [Piece("note", f"{table}: table options changed ({old or '-'} -> {new or '-'}); "
                  "an existing table is not moved or rebuilt", "note")]


def _statements_around(table: str, old_units: tuple[Unit, ...], new_units: tuple[Unit, ...]) -> list[Piece]:
    """Indexes, comments, ALTER ... ADD around the CREATE TABLE: removed indexes dropped, new run."""
    old_rest = {normalise_blanks(u.text): u for u in old_units if read_create_table(u.text) is None}
    new_rest = {normalise_blanks(u.text): u for u in new_units if read_create_table(u.text) is None}
    pieces = [p for key, unit in old_rest.items() if key not in new_rest
              for p in _statement_removed(table, unit)]
    for key, unit in new_rest.items():
        if key in old_rest:
            continue
        codes = guard_codes(unit.text) if unit.kind == "sql" else ()
        if codes:
            pieces.append(_guarded(unit.text, codes, f"{table} ({unit.first_words(2)})", "create"))
        else:
            pieces.append(Piece(unit.kind, unit.text, "create"))
    return pieces


def _statement_removed(table: str, unit: Unit) -> list[Piece]:
    index = _CREATE_INDEX.match(unit.text)
    if index:
        name = index.group(1)
        return [_guarded(f"DROP INDEX {name}", (1418,), f"{name} (DROP INDEX)", "drop-index")]
    if re.match(r"\s*COMMENT\s+ON\b", unit.text, re.I):
        return []
    return [Piece("note", f"{table}: statement removed from the template, not undone: {unit.first_words(6)}",
                  "note")]


def _quote(name: str) -> str:
    """SQL spelling of a dictionary name taken from a column list."""
    if re.fullmatch(r"[A-Z][A-Z0-9_$#]*", name) and name not in RESERVED_WORDS:
        return name
    return f'"{name}"'
