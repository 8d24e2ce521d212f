"""docs/lint.md's rules section, generated from the rule classes (one place per rule).

The section between `BEGIN` and `END` is the rules table (code, name, severity, summary)
and, per rule, its explanation, anti-pattern and fix, all taken from the rule's class and
docstring. `update_lint_md` rewrites it; a test fails when the file is out of date.
"""

from __future__ import annotations

from pathlib import Path

from conefi_dbtool.errors import ConefiError
from conefi_dbtool.lint.rules import REGISTRY
from conefi_dbtool.lint.rules.base import Rule
from conefi_dbtool.output import write_text_atomic

BEGIN = ("<!-- rules:begin — generated from conefi_dbtool/lint/rules by "
         "conefi_dbtool.lint.docs.update_lint_md; edit the rule classes, not this -->")
END = "<!-- rules:end -->"


def render_rules_table() -> str:
    """The Markdown table of every registered rule."""
    rows = [f"| {r.code} | {r.name} | {r.severity} | {_cell(r.summary)} |\n" for r in REGISTRY]
    return "| code | name | severity | what |\n|---|---|---|---|\n" + "".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_rule(rule: Rule) -> str:
    """One rule's reference: summary, why, anti-pattern and fix."""
    doc = rule.doc()
    parts = [f"### {rule.code} `{rule.name}` ({rule.severity})\n\n{doc.summary}\n"]
    if doc.body:
        parts.append(doc.body + "\n")
    parts.append(f"**Anti-pattern**\n\n{doc.anti_pattern}\n")
    parts.append(f"**Fix**\n\n{doc.fix}\n")
    return "\n".join(parts)


def render_rules_section() -> str:
    """What goes between the markers: the table, then every rule's reference."""
    return "\n".join([render_rules_table(), *(render_rule(r) for r in REGISTRY)])


def updated(text: str, where: str = "docs/lint.md") -> str:
    """``text`` with its generated rules section replaced by the current one."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ConefiError(f"{where}: no generated rules section (the line {BEGIN!r}, "
                          f"then {END!r})")
    return text[:start + len(BEGIN)] + "\n\n" + render_rules_section() + "\n" + text[end:]


def update_lint_md(path: Path) -> bool:
    """Rewrite the rules section of ``path`` (docs/lint.md); True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = updated(text, str(path))
    if new == text:
        return False
    write_text_atomic(path, new)
    return True
