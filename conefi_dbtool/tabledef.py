"""A table definition as one value, and the one differ that compares two of them.

Both `plan` (catalog values: a table as the dictionary or the expected snapshot holds it)
and releases (two revisions of a rendered ``CREATE TABLE``) need "what changed between
these two tables". Both reduce their tables to a `TableDef` — per column and constraint a
key, the text as written and, when there is one, the normalised value — and compare them
with `diff_tables`; each side then turns the same `TableDiff` into its own statements
(plan steps, release pieces). What counts as "the same" is the caller's: releases compare
the written text (a template edit is a change), `plan` the normalised values (Oracle's
spelling is not).

The column list of a ``CREATE TABLE`` text is split here (`close_paren`,
`split_top_level`), for the catalog's DDL parser and for releases alike; a front end that
parses all Oracle text can replace these without touching the differ or its callers.
This module sits at the foundation, below both the catalog and the releases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from conefi_dbtool.plsql.lexer import TokenKind, closing_paren, significant_tokens

# --------------------------------------------------------------------------- the value


@dataclass(frozen=True)
class Entry:
    """A column or constraint: its key, its text as written, its normalised value (if known)."""

    key: Hashable  # column name; constraint name, or its text/shape when unnamed
    written: str  # blanks normalised (releases), or the value's display text (catalog)
    value: Any = None  # the catalog's Column / Constraint; None for a text read by releases


@dataclass(frozen=True)
class TableDef:
    """A table: its name as written, its columns and constraints in order, its options."""

    name: str
    columns: tuple[Entry, ...] = ()
    constraints: tuple[Entry, ...] = ()
    options: str = ""  # what follows the column list (TABLESPACE ...), blanks normalised


# --------------------------------------------------------------------------- the differ

Same = Callable[[Entry, Entry], bool]


def same_written(old: Entry, new: Entry) -> bool:
    """Releases' notion of unchanged: the same text as written (blanks aside)."""
    return old.written == new.written


@dataclass(frozen=True)
class Change:
    """One key that differs: added (`old` None), dropped (`new` None) or changed."""

    key: Hashable
    old: Entry | None
    new: Entry | None
    old_at: int = -1  # the key's place among the old keys (-1: added)

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "dropped" if self.new is None else "changed"


def diff_entries(old: Iterable[Entry], new: Iterable[Entry], same: Same = same_written) -> tuple[Change, ...]:
    """Added and changed keys in the new order, then dropped keys in the old order.

    A key given twice counts once, at its first place with its last entry.
    """
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    place = {key: i for i, key in enumerate(before)}
    changes = []
    for key, entry in after.items():
        if key not in before:
            changes.append(Change(key, None, entry))
        elif not same(before[key], entry):
            changes.append(Change(key, before[key], entry, place[key]))
    changes.extend(Change(key, entry, None, place[key]) for key, entry in before.items() if key not in after)
    return tuple(changes)


def removals_in_old_order(changes: Iterable[Change]) -> tuple[Change, ...]:
    """The changed and dropped keys, in the order the old definition lists them."""
    return tuple(sorted((c for c in changes if c.old is not None), key=lambda c: c.old_at))


@dataclass(frozen=True)
class TableDiff:
    columns: tuple[Change, ...]
    constraints: tuple[Change, ...]
    column_order: tuple[tuple[Hashable, ...], tuple[Hashable, ...]] | None  # kept columns, old/new order
    options: tuple[str, str] | None  # (old, new) when they differ


def diff_tables(old: TableDef, new: TableDef, *, same_column: Same = same_written,
                same_constraint: Same = same_written) -> TableDiff:
    """What differs between two definitions of one table."""
    old_keys = list({c.key: c for c in old.columns})
    new_keys = list({c.key: c for c in new.columns})
    kept_old = tuple(k for k in old_keys if k in new_keys)
    kept_new = tuple(k for k in new_keys if k in old_keys)
    return TableDiff(
        diff_entries(old.columns, new.columns, same_column),
        diff_entries(old.constraints, new.constraints, same_constraint),
        None if kept_old == kept_new else (kept_old, kept_new),
        None if old.options == new.options else (old.options, new.options),
    )


# --------------------------------------------------------------------------- reading a CREATE TABLE text

_MARKS = frozenset({"(", ")", ","})


def _marks(text: str) -> Iterable[tuple[str, int]]:
    """Each ``(``, ``)`` or ``,`` of `text` outside strings, q-quotes, quoted names and
    comments (the one lexer's operators; an outer join's ``(+)`` is no mark), with its index."""
    for token in significant_tokens(text):
        if token.kind is TokenKind.OPERATOR and token.text in _MARKS:
            yield token.text, token.start


def close_paren(text: str, open_at: int) -> int:
    """Index of the ``)`` matching the ``(`` at `open_at` (strings, quotes, comments respected)."""
    tokens = significant_tokens(text[open_at:])
    close = closing_paren(tokens, 0)
    if close < 0:
        raise ValueError("unbalanced parentheses in CREATE TABLE")
    return open_at + tokens[close].start


def split_top_level(text: str) -> list[str]:
    """`text` split at its top-level commas, as written; a blank last part is left out."""
    parts: list[str] = []
    depth = 0
    last = 0
    for mark, at in _marks(text):
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth -= 1
        elif depth == 0:
            parts.append(text[last:at])
            last = at + 1
    tail = text[last:]
    if tail.strip():
        parts.append(tail)
    return parts


_CREATE_TABLE = re.compile(
    r"\s*CREATE\s+(?:GLOBAL\s+TEMPORARY\s+)?TABLE\s+((?:\"[^\"]+\"|[\w$#]+)(?:\.(?:\"[^\"]+\"|[\w$#]+))?)\s*\(",
    re.I,
)
_CONSTRAINT_WORDS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "SUPPLEMENTAL"})
_BLANKS = re.compile(r"('(?:[^']|'')*'|\"[^\"]*\")|(?:\s|--[^\n]*|/\*.*?\*/)+", re.S)


def normalise_blanks(text: str) -> str:
    """Comment-free, blanks collapsed outside literals and quoted names (case kept)."""
    return _BLANKS.sub(lambda m: m.group(1) or " ", text).strip()


def _first_token(item: str) -> tuple[str, str]:
    """(first token, the rest); the token keeps its quotes."""
    match = re.match(r"(\"[^\"]+\"|[^\s(]+)\s*(.*)", item, re.S)
    if not match:
        return item, ""
    return match.group(1), match.group(2)


def _name_key(token: str) -> str:
    return token[1:-1] if token.startswith('"') else token.upper()


def read_create_table(statement: str) -> TableDef | None:
    """The definition a CREATE TABLE statement writes (texts only), or None for another statement.

    A column's text is its definition after the name, inline constraints included; an
    unnamed constraint is keyed by its text.
    """
    match = _CREATE_TABLE.match(statement)
    if not match:
        return None
    open_at = match.end() - 1
    close_at = close_paren(statement, open_at)
    columns: list[Entry] = []
    constraints: list[Entry] = []
    items = (normalise_blanks(part) for part in split_top_level(statement[open_at + 1 : close_at]))
    for item in filter(None, items):
        token, rest = _first_token(item)
        if token.upper() not in _CONSTRAINT_WORDS:
            columns.append(Entry(_name_key(token), rest))
        elif token.upper() == "CONSTRAINT":
            constraints.append(Entry(_name_key(_first_token(rest)[0]) or item, item))
        else:
            constraints.append(Entry(item, item))
    return TableDef(match.group(1), tuple(columns), tuple(constraints),
                    normalise_blanks(statement[close_at + 1 :]))
