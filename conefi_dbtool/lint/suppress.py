"""Inline suppressions: ``-- conefi: allow RULE[,RULE...] reason``.

A suppression covers findings of the named rules (codes like ``PLS003`` or names like
``swallowed-exception``) on its own line or on the line after it. The reason is
mandatory: a suppression without one suppresses nothing and is itself a finding
(SUP001), so every accepted exception to a rule is explained where it is made. A rule that
does not exist is SUP002; a suppression that matched nothing is SUP003 (info).

In templates the comment can also be a Jinja comment (``{# conefi: allow ... #}``), but
only SQL comments survive rendering, so for rules checked on rendered objects write
``--``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from conefi_dbtool.lint.rules import resolve_rule

_DIRECTIVE = re.compile(r"(?:--|/\*|\{#)\s*conefi\s*:\s*allow\b(?P<rest>[^\n]*)", re.I)
_RULE_LIST = re.compile(r"\s*(?P<rules>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)(?P<reason>.*)")


@dataclass(frozen=True)
class Directive:
    line: int
    col: int
    rules: tuple[str, ...]  # rule codes that exist
    unknown: tuple[str, ...]  # words that name no rule
    reason: str


def directives(text: str) -> list[Directive]:
    """Every suppression comment of ``text`` (1-based line and column)."""
    out: list[Directive] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "conefi" not in line.lower():
            continue
        m = _DIRECTIVE.search(line)
        if m is None:
            continue
        rest = m.group("rest")
        rest = re.sub(r"\s*(\*/|#\})\s*$", "", rest)
        parsed = _RULE_LIST.match(rest)
        words = re.split(r"\s*,\s*", parsed.group("rules")) if parsed else []
        reason = parsed.group("reason") if parsed else rest
        reason = reason.strip().lstrip(":-").strip()
        known: list[str] = []
        unknown: list[str] = []
        for word in words:
            rule = resolve_rule(word)
            (known if rule else unknown).append(rule.code if rule else word)
        out.append(Directive(number, m.start() + 1, tuple(known), tuple(unknown), reason))
    return out


def covers(directive: Directive, rule: str, line: int) -> bool:
    """Does a (reasoned) directive suppress ``rule`` reported at ``line``?"""
    return bool(directive.reason) and rule in directive.rules and line in (
        directive.line, directive.line + 1)


def match(found: Sequence[tuple[str, int]], marks: Sequence[Directive]) -> dict[int, int]:
    """Finding index -> directive index for every (rule, line) a directive suppresses."""
    out: dict[int, int] = {}
    for i, (rule, line) in enumerate(found):
        if rule.startswith("SUP"):
            continue
        for j, d in enumerate(marks):
            if covers(d, rule, line):
                out[i] = j
                break
    return out
