"""Table pieces: what turns the table of one revision into the table of another.

A table template stays one readable ``CREATE TABLE`` (plus indexes, comments and
constraints as separate statements); a guarded create never changes a table that
exists, so a changed template is applied as *pieces*: columns added, modified, dropped,
constraints added or dropped, indexes created or dropped. Anything that cannot be
derived safely (storage clause, an unnamed constraint removed) becomes a note for the
person who deploys instead of a guess.

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

_CREATE_TABLE = re.compile(
    r"\s*CREATE\s+(?:GLOBAL\s+TEMPORARY\s+)?TABLE\s+((?:\"[^\"]+\"|[\w$#]+)(?:\.(?:\"[^\"]+\"|[\w$#]+))?)\s*\(",
    re.I,
)
_CONSTRAINT_WORDS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "SUPPLEMENTAL"})
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
    """A parsed CREATE TABLE: columns and inline constraints, in order."""

    name: str  # as written, e.g. CONEFI.INTGRA_DADOS_CONEFI
    columns: tuple[tuple[str, str], ...]  # (NAME, definition), definition normalised
    constraints: tuple[tuple[str, str], ...]  # (NAME or '', text), text normalised
    tail: str  # what follows the column list (TABLESPACE ...), normalised


_LEXEME = re.compile(r"('(?:[^']|'')*'|\"[^\"]*\")|(?:\s|--[^\n]*|/\*.*?\*/)+", re.S)


def _normalise(text: str) -> str:
    """Comment-free, blanks collapsed outside literals and quoted names (case kept)."""
    return _LEXEME.sub(lambda m: m.group(1) or " ", text).strip()


def _close_paren(text: str, start: int) -> int:
    """Index of the ``)`` matching the ``(`` at `start` (strings and quotes respected)."""
    depth = 0
    i = start
    size = len(text)
    while i < size:
        char = text[i]
        if char == "'":
            close = text.find("'", i + 1)
            while close >= 0 and text.startswith("'", close + 1):
                close = text.find("'", close + 2)
            if close < 0:
                break
            i = close + 1
            continue
        if char == '"':
            close = text.find('"', i + 1)
            if close < 0:
                break
            i = close + 1
            continue
        if text.startswith("--", i):
            newline = text.find("\n", i)
            i = size if newline < 0 else newline
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced parentheses in CREATE TABLE")


def _split_items(body: str) -> list[str]:
    """Split a column list at top-level commas."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "'":
            close = body.find("'", i + 1)
            while close >= 0 and body.startswith("'", close + 1):
                close = body.find("'", close + 2)
            end = len(body) if close < 0 else close + 1
            current.append(body[i:end])
            i = end
            continue
        if body.startswith("--", i):
            newline = body.find("\n", i)
            i = len(body) if newline < 0 else newline
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    items.append("".join(current))
    return [item for item in (_normalise(x) for x in items) if item]


def _first_token(item: str) -> tuple[str, str]:
    """(first token, the rest); the token keeps its quotes."""
    match = re.match(r"(\"[^\"]+\"|[^\s(]+)\s*(.*)", item, re.S)
    if not match:
        return item, ""
    return match.group(1), match.group(2)


def _name_key(token: str) -> str:
    return token[1:-1] if token.startswith('"') else token.upper()


def parse_create_table(statement: str) -> TableShape | None:
    """The shape of a CREATE TABLE statement, or None when `statement` is something else."""
    match = _CREATE_TABLE.match(statement)
    if not match:
        return None
    open_at = match.end() - 1
    close_at = _close_paren(statement, open_at)
    columns: list[tuple[str, str]] = []
    constraints: list[tuple[str, str]] = []
    for item in _split_items(statement[open_at + 1 : close_at]):
        token, rest = _first_token(item)
        if token.upper() in _CONSTRAINT_WORDS:
            name = ""
            if token.upper() == "CONSTRAINT":
                name = _name_key(_first_token(rest)[0])
            constraints.append((name, item))
        else:
            columns.append((_name_key(token), rest))
    return TableShape(match.group(1), tuple(columns), tuple(constraints),
                      _normalise(statement[close_at + 1 :]))


def _nullability(definition: str) -> tuple[str, bool]:
    """(definition without NOT NULL, whether it said NOT NULL)."""
    if _NOT_NULL.search(definition):
        return _normalise(_NOT_NULL.sub(" ", definition)), True
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
    a note on changed table options, and the statements around the CREATE TABLE.
    """
    old_units = _units(old_text, f"{label} (previous definition)")
    new_units = _units(new_text, label)
    old_shape = next((s for s in (parse_create_table(u.text) for u in old_units) if s), None)
    new_shape = next((s for s in (parse_create_table(u.text) for u in new_units) if s), None)
    if old_shape is None or new_shape is None:
        raise RenderError(f"{label}: no CREATE TABLE statement to compare")
    table = new_shape.name
    old_cons = {name or text: text for name, text in old_shape.constraints}
    new_cons = {name or text: text for name, text in new_shape.constraints}
    return (
        *_constraints_removed(table, old_cons, new_cons),
        *_columns_changed(table, old_shape, new_shape),
        *_columns_dropped(table, old_shape, new_shape, allow_data_loss),
        *_constraints_added(table, old_cons, new_cons),
        *_options_changed(table, old_shape, new_shape),
        *_statements_around(table, old_units, new_units),
    )


def _constraints_removed(table: str, old: dict[str, str], new: dict[str, str]) -> list[Piece]:
    """Named constraints dropped or changed are dropped; an unnamed one removed is a note."""
    pieces = []
    for key, text in old.items():
        if new.get(key) == text:
            continue
        if key != text:
            pieces.append(_guarded(f"ALTER TABLE {table} DROP CONSTRAINT {_quote(key)}", (2443,),
                                   f"{table} (DROP CONSTRAINT {key})", "drop-constraint"))
        elif key not in new:  # unnamed
            pieces.append(Piece("note", f"{table}: unnamed constraint removed from the template, "
                                f"not dropped (name it to manage it): {text}", "note"))
    return pieces


def _columns_changed(table: str, old: TableShape, new: TableShape) -> list[Piece]:
    old_cols = dict(old.columns)
    pieces = []
    for name, definition in new.columns:
        if name not in old_cols:
            pieces.append(_guarded(f"ALTER TABLE {table} ADD ({_quote(name)} {definition})", (1430,),
                                   f"{table} (ADD {name})", "add-column"))
        elif old_cols[name] != definition:
            pieces.extend(_column_modified(table, name, old_cols[name], definition))
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


def _columns_dropped(table: str, old: TableShape, new: TableShape, allow_data_loss: bool) -> list[Piece]:
    new_cols = dict(new.columns)
    dropped = [name for name, _ in old.columns if name not in new_cols]
    pieces = []
    if dropped and not allow_data_loss:
        pieces.append(rows_guard(table, f"drop column(s) {', '.join(dropped)} of {table}"))
    for name in dropped:
        pieces.append(_guarded(f"ALTER TABLE {table} DROP COLUMN {_quote(name)}", (904,),
                               f"{table} (DROP COLUMN {name})", "drop-column"))
    return pieces


def _constraints_added(table: str, old: dict[str, str], new: dict[str, str]) -> list[Piece]:
    return [_guarded(f"ALTER TABLE {table} ADD {text}", _CONSTRAINT_EXISTS,
                     f"{table} (ADD {key if key != text else 'constraint'})", "add-constraint")
            for key, text in new.items() if old.get(key) != text]


def _options_changed(table: str, old: TableShape, new: TableShape) -> list[Piece]:
    if old.tail == new.tail:
        return []
    return [Piece("note", f"{table}: table options changed ({old.tail or '-'} -> {new.tail or '-'}); "
                  "an existing table is not moved or rebuilt", "note")]


def _statements_around(table: str, old_units: tuple[Unit, ...], new_units: tuple[Unit, ...]) -> list[Piece]:
    """Indexes, comments, ALTER ... ADD around the CREATE TABLE: removed indexes dropped, new run."""
    old_rest = {_normalise(u.text): u for u in old_units if parse_create_table(u.text) is None}
    new_rest = {_normalise(u.text): u for u in new_units if parse_create_table(u.text) is None}
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
