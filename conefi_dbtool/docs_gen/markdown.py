"""Markdown building blocks that GitLab and GitHub render the same way.

Cells are escaped here, once, so no configured or template-supplied text can break a
table (a `|` or a line break would silently shift every column after it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

EMPTY_CELL = "—"


def cell(value: object) -> str:
    """One table cell: pipes escaped, line breaks folded, blanks shown as an em dash."""
    text = "" if value is None else str(value)
    text = " ".join(text.replace("\r", "\n").split("\n")).strip()
    if not text:
        return EMPTY_CELL
    return text.replace("\\", "\\\\").replace("|", "\\|")


def code(value: object) -> str:
    """Inline code that survives backticks in the value (CommonMark fence widening)."""
    text = " ".join(str(value).splitlines())
    if not text:
        return EMPTY_CELL
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_cell(value: object) -> str:
    """Inline code inside a table cell (pipes still need escaping there)."""
    text = "" if value is None else str(value)
    if not text.strip():
        return EMPTY_CELL
    return code(text).replace("|", "\\|")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table; cells must already be escaped with `cell`/`code_cell`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, table has {len(headers)} columns")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def fenced(language: str, body: str) -> str:
    """A fenced block whose fence is longer than any backtick run inside `body`."""
    longest = 0
    run = 0
    for ch in body:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{body.rstrip()}\n{fence}"


def heading(level: int, text: str) -> str:
    return "#" * level + " " + text


def anchor(text: str) -> str:
    """The anchor GitLab/GitHub generate for a heading (lowercase, spaces to dashes)."""
    out = []
    for ch in text.lower():
        if ch.isalnum() or ch in "-_":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)
