"""The wire format of a record: the contract with CONEFI.

``ACTION;field1;field2;...``. ``;`` separates fields; ``\\`` escapes: ``\\\\`` is a
backslash, ``\\;`` a semicolon, ``\\n`` a line feed, ``\\r`` a carriage return. Texts are
right-trimmed (Protheus pads with blanks) and an empty field means "no value". Numbers use
``.`` as decimal point with a fixed number of decimals and no grouping; dates are
``YYYYMMDD``; integers are plain digits. Both the SQL builder (`sql`) and the Python codec
(`codec`) read these constants, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from conefi_dbtool.errors import UsageError

SEPARATOR = ";"
ESCAPE = "\\"
# (raw character, escaped form), in the order the SQL applies them: the escape character
# itself first, so that escapes introduced by later replacements are not doubled.
ESCAPES: tuple[tuple[str, str], ...] = (
    ("\\", "\\\\"),
    (";", "\\;"),
    ("\r", "\\r"),
    ("\n", "\\n"),
)

MAX_RECORD_BYTES = 4000  # INTDC_DADOS VARCHAR2(4000)
MAX_BYTES_PER_CHAR = 3  # worst case of an escaped or non-ASCII character in AL32UTF8
INTEGER_DIGITS = 18

WireType = Literal["C", "D", "N", "I"]
WIRE_TYPES: Mapping[str, str] = {
    "C": "text",
    "D": "date YYYYMMDD",
    "N": "decimal",
    "I": "integer",
}


class DecodeError(UsageError):
    """A record that does not match its layout (unknown action, field count, bad value)."""
