"""The Protheus field dictionary (SX3 facts) loaded as data, never as constants in code.

Sizes differ per installation, so the dictionary is a CSV file the project points to
(default: the copy bundled with the tool, from ../shared/domain/).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from conefi_dbtool.errors import UsageError

# Physical columns every Protheus table has in the database (not in SX3).
# Columns DBAccess adds to every Protheus table, with their Oracle types
PHYSICAL_COLUMN_TYPES = {"D_E_L_E_T_": "CHAR(1)", "R_E_C_N_O_": "NUMBER", "R_E_C_D_E_L_": "NUMBER"}
PHYSICAL_COLUMNS = tuple(PHYSICAL_COLUMN_TYPES)


@dataclass(frozen=True)
class Field:
    table: str  # alias, e.g. SE1
    order: int
    name: str  # e.g. E1_VALOR
    type: str  # C character, N numeric, D date (CHAR(8)), L logical, M memo
    size: int
    decimal: int
    title: str
    source: str

    @property
    def oracle_type(self) -> str:
        """Column type Protheus (DBAccess) creates for this field."""
        return self._column[0]

    @property
    def blank_default(self) -> str:
        """DEFAULT clause value Protheus uses: blanks of the field's size, zero, 'F' or an empty BLOB."""
        return self._column[1]

    @property
    def _column(self) -> tuple[str, str]:
        """(column type, DEFAULT value) of the column DBAccess creates, by field type."""
        blanks = "'" + " " * self.size + "'"
        if self.type == "N":
            return (f"NUMBER({self.size},{self.decimal})" if self.decimal else f"NUMBER({self.size})"), "0"
        if self.type == "D":
            return "CHAR(8)", blanks
        if self.type == "L":
            return "CHAR(1)", "'F'"
        if self.type == "M":
            return "BLOB", "EMPTY_BLOB()"
        return f"VARCHAR2({self.size})", blanks


@dataclass(frozen=True)
class Dictionary:
    fields: tuple[Field, ...]

    def tables(self) -> tuple[str, ...]:
        return tuple(sorted({f.table for f in self.fields}))

    def table(self, alias: str) -> tuple[Field, ...]:
        found = tuple(f for f in self.fields if f.table == alias.upper())
        if not found:
            raise KeyError(alias)
        return tuple(sorted(found, key=lambda f: f.order))

    def field(self, name: str) -> Field | None:
        upper = name.upper()
        for f in self.fields:
            if f.name == upper:
                return f
        return None

    def has_column(self, alias: str, column: str) -> bool:
        upper = column.upper()
        return upper in PHYSICAL_COLUMNS or any(
            f.name == upper for f in self.fields if f.table == alias.upper()
        )

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def with_fields(self, extra: tuple[Field, ...]) -> Dictionary:
        """The dictionary plus installation-specific fields (e.g. the custom E1_X fields)."""
        known = {f.name for f in self.fields}
        return Dictionary(self.fields + tuple(f for f in extra if f.name not in known))


_COLUMNS = ("table", "order", "field", "type", "size", "decimal", "title", "source")


@lru_cache(maxsize=8)
def load_dictionary(path: Path) -> Dictionary:
    """Parse the CSV; a malformed row is a usage error naming file and line."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read Protheus dictionary: {exc.strerror}") from None
    fields: list[Field] = []
    with handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise UsageError(f"{path}:1: expected header {','.join(_COLUMNS)}")
        for row in reader:
            line = reader.line_num
            try:
                f = Field(
                    table=row["table"].strip().upper(),
                    order=int(row["order"]),
                    name=row["field"].strip().upper(),
                    type=row["type"].strip().upper(),
                    size=int(row["size"]),
                    decimal=int(row["decimal"]),
                    title=row["title"].strip(),
                    source=row["source"].strip(),
                )
            except (TypeError, ValueError, AttributeError):
                raise UsageError(f"{path}:{line}: malformed dictionary row") from None
            if f.type not in ("C", "N", "D", "L", "M"):
                raise UsageError(f"{path}:{line}: unknown field type {f.type!r}")
            fields.append(f)
    return Dictionary(tuple(fields))
