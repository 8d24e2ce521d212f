"""Normalisation rules for comparing what templates say with what Oracle keeps.

Oracle does not hand back DDL as it was sent: it drops the ``CREATE OR REPLACE`` header,
may spell names quoted or in another case, and reports job calendars and privileges in
its own spelling. Drift compares both sides through these functions so that only a real
change shows. Every rule is listed here and unit-tested both ways (the spelling that must
compare equal, and the nearby real change that must not); anything not listed is compared
exactly.

Sources (`source_text`):
  S1 line endings CRLF/CR -> LF; trailing blanks of every line removed;
  S2 leading and trailing blank lines removed; a final line holding only ``/`` removed;
  S3 comments and blank lines before the header removed (Oracle never stores them);
  S4 ``CREATE [OR REPLACE]`` and ``EDITIONABLE``/``NONEDITIONABLE``/``EDITIONING``/
     ``[NO] FORCE`` removed from the header; the unit keyword upper-cased;
  S5 the unit's own name in the header: case and quoting as Oracle resolves them
     (``conefi.pkg_x`` = ``"CONEFI"."PKG_X"`` = ``PKG_X`` owned by CONEFI), written
     ``OWNER.NAME``; a quoted lower-case name is a different object and stays different;
  S6 views: only the query after ``AS`` (ALL_VIEWS.TEXT keeps nothing else), without a
     final ``;``; comments and blank lines between ``AS`` and the query are dropped like
     S3 on both sides (the stored text may or may not keep them; S3 already drops them
     from the text read back). The body of a unit (keywords, indentation, string literals) is compared
     exactly: Oracle stores it as sent.
SQL expressions (`sql_expression`: column defaults, check conditions, trigger WHEN):
  E1 token-wise: whitespace and comments between tokens ignored; words upper-cased outside
     string literals; ``"ABC"`` = ``ABC`` when the quoted name is a plain upper-case name;
     one pair of parentheses around the whole expression ignored. Literals stay exact.
Data types (`data_type`): T1 Oracle's dictionary spelling: ``VARCHAR2(3 BYTE)`` =
  ``VARCHAR2(3)``, ``NUMBER(18,0)`` = ``NUMBER(18)``, ``INTEGER`` = ``NUMBER(*,0)``,
  ``TIMESTAMP`` = ``TIMESTAMP(6)``, ``VARCHAR`` = ``VARCHAR2``, ``CHAR`` = ``CHAR(1)``,
  ``FLOAT`` = ``FLOAT(126)``; ``VARCHAR2(3 CHAR)`` stays different from ``VARCHAR2(3)``
  (byte semantics is assumed to be the database default).
Jobs: C1 calendar strings (`calendar`) compared clause-wise: case, blanks, a final ``;``,
  leading zeros and clause order after FREQ ignored, ``INTERVAL=1`` is the default;
  any other value (BYMINUTE=30, INTERVAL=2, a missing BYMINUTE) is a change.
  Z1 `start_zone`: only the time zone of ``start_date`` is compared (the date is the day
  the job was created); region names case-insensitively; a fixed offset never equals a
  region, even the region's current offset (DESIGN: jobs use a region).
  A1 `plain_text` (job action, comments): line endings, trailing blanks, surrounding
  blank space; the action of a STORED_PROCEDURE job is a name (`job_action`): case and
  quoting as N1 (``conefi.pkg.p`` = ``"CONEFI"."PKG"."P"``); J1 job type upper-cased.
Triggers: G1 `trigger_events`: ``UPDATE OR INSERT`` = ``INSERT OR UPDATE`` (the
  dictionary's order); trigger type case/blanks; the WHEN clause by rule E1.
Privileges and names: P1 `privilege`: case and inner blanks, ``ALL PRIVILEGES`` = ``ALL``;
  N1 `identifier`: unquoted -> upper case, quoted -> exact; N2 `db_link_name`: the
  domain Oracle appends (``DBL_X.EXAMPLE.COM``) is ignored when comparing with ``DBL_X``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from conefi_dbtool.object_types import stores_query_only
from conefi_dbtool.plsql.lexer import NAMES, Token, TokenKind, closing_paren, significant_tokens

__all__ = [
    "calendar",
    "data_type",
    "db_link_name",
    "identifier",
    "job_action",
    "keyword_text",
    "plain_text",
    "privilege",
    "source_text",
    "sql_expression",
    "sql_tokens",
    "start_zone",
    "trigger_events",
]

# --------------------------------------------------------------------------- tokens


def sql_tokens(text: str) -> tuple[Token, ...]:
    """The one lexer's tokens of SQL text without blanks and comments (q-quotes are strings)."""
    return significant_tokens(text)


def keyword_text(tok: Token) -> str:
    """A word upper-cased; any other token (a quoted name included) exactly as written."""
    return tok.text.upper() if tok.kind is TokenKind.WORD else tok.text


# --------------------------------------------------------------------------- names


def identifier(text: str) -> str:
    """N1: the dictionary form of a name: unquoted -> upper case, quoted -> exact."""
    value = text.strip()
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    return value.upper()


def db_link_name(name: str) -> str:
    """N2: a database link's name without the domain Oracle may append."""
    return identifier(name).split(".", 1)[0]


_PLAIN_NAME = re.compile(r"[A-Z][A-Z0-9_$#]*\Z")


def _canonical_word(tok: Token) -> str:
    if tok.kind is TokenKind.QUOTED_IDENTIFIER:
        return tok.name if _PLAIN_NAME.match(tok.name) else tok.text
    return keyword_text(tok)


def sql_expression(text: str) -> str:
    """E1: a canonical token string for defaults, check conditions and WHEN clauses."""
    toks = sql_tokens(text)
    while len(toks) >= 2 and toks[0].text == "(" and closing_paren(toks, 0) == len(toks) - 1:
        toks = toks[1:-1]
    return " ".join(_canonical_word(t) for t in toks)


# --------------------------------------------------------------------------- sources

_NAME = r'(?:"[^"\n]+"|[A-Za-z][\w$#]*)'
_HEADER = re.compile(
    rf"""\A(?:CREATE\s+(?:OR\s+REPLACE\s+)?)?
    (?P<mods>(?:(?:NO\s+)?FORCE\s+|(?:NON)?EDITIONABLE\s+|EDITIONING\s+)*)
    (?P<kw>PACKAGE\s+BODY|TYPE\s+BODY|PACKAGE|PROCEDURE|FUNCTION|TRIGGER|TYPE|VIEW|LIBRARY)
    \s+(?P<name>{_NAME}(?:\s*\.\s*{_NAME})?)""",
    re.I | re.X,
)
_LEADING_NOISE = re.compile(r"\A(?:\s+|--[^\n]*|/\*.*?\*/)*", re.S)


def _split_name(name: str) -> tuple[str | None, str]:
    parts = re.findall(_NAME, name)
    if len(parts) == 2:
        return identifier(parts[0]), identifier(parts[1])
    return None, identifier(parts[0])


def _view_query(rest: str) -> str:
    """The text after the view header's top-level AS (column list and options skipped)."""
    depth = 0
    for tok in sql_tokens(rest):
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif depth == 0 and tok.is_word("AS"):
            return rest[tok.end:]
    return rest


def source_text(text: str, *, type: str, owner: str, name: str) -> str:
    """S1-S6: the comparable form of a unit's source (no final newline)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if lines and lines[-1] == "/":
        lines.pop()
        while lines and not lines[-1]:
            lines.pop()
    joined = "\n".join(lines)
    head = _LEADING_NOISE.match(joined)
    stripped = joined[head.end():] if head else joined
    body = stripped
    m = _HEADER.match(stripped)
    if m is not None:
        keyword = " ".join(m.group("kw").upper().split())
        h_owner, h_name = _split_name(m.group("name"))
        if h_name == name and (h_owner is None or h_owner == owner):
            rest = stripped[m.end():]
            body = _view_query(rest) if keyword == "VIEW" else f"{keyword} {owner}.{name}{rest}"
        elif m.group(0).upper().startswith("CREATE") or m.group("mods"):
            # another object's name: keep the name, drop only what Oracle never stores
            body = stripped[m.start("kw"):]
    if stores_query_only(type):  # views: ALL_VIEWS.TEXT is the query alone
        head = _LEADING_NOISE.match(body)
        body = (body[head.end():] if head else body).rstrip()
        if body.endswith(";"):
            body = body[:-1].rstrip()
    return body.strip("\n")


def job_action(text: str, job_type: str) -> str:
    """A1: a job's action; a STORED_PROCEDURE action is a name, compared like one (N1)."""
    if job_type.strip().upper() == "STORED_PROCEDURE":
        toks = sql_tokens(text)
        if toks and all(t.kind in NAMES if i % 2 == 0 else t.text == "."
                        for i, t in enumerate(toks)) and len(toks) % 2 == 1:
            return ".".join(identifier(t.text) for t in toks[::2])
    return plain_text(text)


def plain_text(text: str) -> str:
    """A1: job actions and comments: line endings, trailing blanks, surrounding blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# --------------------------------------------------------------------------- types

_TYPE_ALIASES = {
    "VARCHAR": "VARCHAR2",
    "INTEGER": "NUMBER(*,0)",
    "INT": "NUMBER(*,0)",
    "SMALLINT": "NUMBER(*,0)",
    "DEC": "NUMBER",
    "DECIMAL": "NUMBER",
    "NUMERIC": "NUMBER",
    "CHARACTER": "CHAR",
    "DOUBLE PRECISION": "FLOAT(126)",
    "REAL": "FLOAT(63)",
}


def data_type(text: str) -> str:
    """T1: a column type in the dictionary's spelling."""
    words = [keyword_text(t) for t in sql_tokens(text)]
    s = " ".join(words).replace("( ", "(").replace(" )", ")").replace(" ,", ",").replace(", ", ",")
    m = re.fullmatch(r"([A-Z][A-Z0-9_ ]*?)\s*(?:\((.*?)\))?((?:\s+WITH(?:\s+LOCAL)?\s+TIME\s+ZONE)?)", s)
    if m is None:
        return s
    base, args, suffix = m.group(1).strip(), m.group(2), m.group(3).strip()
    base = _TYPE_ALIASES.get(base, base)
    if "(" in base:  # INTEGER and friends: already complete
        return base
    if base in ("VARCHAR2", "NVARCHAR2", "CHAR", "NCHAR", "RAW"):
        size = args or "1"
        size = re.sub(r"\s+BYTE$", "", size)
        size = re.sub(r"\s+CHAR$", " CHAR", size)
        if base.startswith("N"):
            size = size.replace(" CHAR", "")
        return f"{base}({size})"
    if base == "NUMBER":
        if args is None:
            return "NUMBER"
        parts = [p.strip() for p in args.split(",")]
        if len(parts) == 2 and parts[1] in ("0", "") and parts[0] != "*":
            return f"NUMBER({parts[0]})"
        return f"NUMBER({','.join(parts)})"
    if base == "FLOAT":
        return f"FLOAT({args or '126'})"
    if base == "TIMESTAMP":
        out = f"TIMESTAMP({args or '6'})"
        return f"{out} {' '.join(suffix.split())}" if suffix else out
    if args is not None:
        return f"{base}({args})" + (f" {suffix}" if suffix else "")
    return base + (f" {suffix}" if suffix else "")


# --------------------------------------------------------------------------- jobs


def calendar(text: str) -> str:
    """C1: a repeat interval in canonical clause form (others: trimmed text)."""
    s = text.strip()
    if not re.match(r"FREQ\s*=", s, re.I):
        return " ".join(s.split())
    clauses: dict[str, str] = {}
    for part in s.split(";"):
        if not part.strip():
            continue
        key, _, value = part.partition("=")
        values = []
        for item in value.split(","):
            item = item.strip().upper()
            if re.fullmatch(r"[+-]?\d+", item):
                item = str(int(item))
            values.append(item)
        clauses[key.strip().upper()] = ",".join(values)
    if clauses.get("INTERVAL") == "1":
        del clauses["INTERVAL"]
    freq = clauses.pop("FREQ", "")
    return ";".join([f"FREQ={freq}"] + [f"{k}={v}" for k, v in sorted(clauses.items())])


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    import zoneinfo

    return {z.upper(): z for z in zoneinfo.available_timezones()}


_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?\Z", re.I)


def start_zone(start_date: str) -> str:
    """Z1: the time zone of a start date: a canonical region, or an offset ``+HH:MM``."""
    s = start_date.strip()
    if not s:
        return ""
    words = s.split()
    last = words[-1]
    m = _OFFSET.search(last)
    # An offset is the whole last word (``-03:00``, ``UTC-3``) or glued to the time
    # (``05:00:00-03:00``); inside a region name it is part of the name: ``Etc/GMT-3`` is
    # UTC+3 (POSIX signs), never ``-03:00``.
    if m and (m.start() == 0 or (len(words) > 1 and last[m.start() - 1].isdigit())):
        sign, hh, mm = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        return f"{sign}{hh:02d}:{mm:02d}"
    if last.upper() in ("UTC", "GMT", "Z"):
        return "+00:00"
    return _regions().get(last.upper(), last)


def trigger_events(text: str) -> str:
    """G1: triggering events in ALL_TRIGGERS order and spelling (INSERT OR UPDATE OR DELETE)."""
    found = {w for w in ("INSERT", "UPDATE", "DELETE") if re.search(rf"\b{w}\b", text, re.I)}
    return " OR ".join(w for w in ("INSERT", "UPDATE", "DELETE") if w in found)


def privilege(text: str) -> str:
    """P1: a privilege or role in the dictionary's spelling."""
    value = " ".join(text.upper().split())
    return "ALL" if value == "ALL PRIVILEGES" else value
