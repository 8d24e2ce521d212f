"""README's table of preflight codes, generated from `preflight.CHECKS` (one place per check).

The rows between `BEGIN` and `END` are rewritten by `python scripts/regen.py`; a test fails
when the README is out of date, so a new or reworded check cannot leave the docs behind.
"""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.catalog.preflight import CHECKS, Check
from conefi_dbtool.errors import ConefiError
from conefi_dbtool.output import write_text_atomic

BEGIN = ("<!-- preflight-codes:begin — generated from conefi_dbtool/catalog/preflight.py CHECKS by "
         "scripts/regen.py; edit the checks, not this -->")
END = "<!-- preflight-codes:end -->"


def _cell(text: str) -> str:
    """A table cell: '|' escaped, '<x>' placeholders shown rather than taken for HTML."""
    return text.replace("|", "\\|").replace("<", "&lt;")


def _severity(check: Check) -> str:
    if check.online_severity is not None and check.online_severity != check.severity:
        return f"{check.severity} in a script, {check.online_severity} online"
    return str(check.severity)


def render_checks_table() -> str:
    """The Markdown table of every preflight check: code, severity, what it checks, the fix."""
    rows = [f"| {c.code} | {_severity(c)} | {_cell(c.title)} | {_cell(c.fix)} |\n" for c in CHECKS]
    return "| code | severity | checks | fix |\n|---|---|---|---|\n" + "".join(rows)


def updated(text: str, where: str = "README.md") -> str:
    """`text` with its generated table replaced by the current one."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ConefiError(f"{where}: no generated preflight table (the line {BEGIN!r}, then {END!r})")
    return text[:start + len(BEGIN)] + "\n" + render_checks_table() + text[end:]


def update_readme(path: Path) -> bool:
    """Rewrite the preflight table of `path` (README.md); True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = updated(text, path.name)
    if new == text:
        return False
    write_text_atomic(path, new)
    return True
