"""Lint reports: human text (coloured on a terminal), JSON, JUnit XML, GitLab Code Quality.

* ``text`` — ``file:line:col: severity RULE (name) message``, then a summary line.
* ``json`` — the whole result: findings, suppressions (with what each suppressed and why),
  counts; stable keys (documented in docs/lint.md).
* ``junit`` — one test case per finding (a ``failure`` when at or above ``--fail-on``,
  ``skipped`` below it) and one passing case per clean file, so CI test views list every
  file checked.
* ``gitlab`` — the Code Quality report GitLab's merge-request widget reads
  (``artifacts:reports:codequality``): description, check_name, fingerprint, severity
  (error → major, warning → minor, info → info), location.path and location.lines.begin.
  Fingerprints hash the rule, file, message and occurrence number (not the line), so an
  issue keeps its identity when code above it moves.

The Oracle error a finding predicts (`Finding.oracle_error`, e.g. ORA-00904) is in every
format: text and GitLab's description name it (``[ORA-00904]``) unless the message already
does; JSON has ``oracle_error`` (null for none); JUnit an ``oracle_error``
attribute on the test case. Nothing else changes with it (fingerprints included).
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from conefi_dbtool import __version__
from conefi_dbtool.lint.result import SEVERITY_RANK, Finding, LintResult

FORMATS = ("text", "json", "junit", "gitlab")
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary(result: LintResult, fail_on: str) -> str:
    counts = result.counts()
    parts = [f"{counts['error']} error(s)", f"{counts['warning']} warning(s)",
             f"{counts['info']} info"]
    text = ", ".join(parts) + f" in {result.units} unit(s), {len(result.files)} file(s)"
    if result.suppressed_count():
        text += f"; {result.suppressed_count()} suppressed"
    text += f"; cache {result.cache_hits}/{result.units}"
    verdict = "FAILED" if result.fails(fail_on) else "ok"
    return f"lint {verdict}" + (f" (target {result.target})" if result.target else "") + f": {text}"


def _predicts(f: Finding) -> str:
    """`` [ORA-00904]`` after a message that does not already name its Oracle error."""
    return f" [{f.oracle_error}]" if f.oracle_error and f.oracle_error not in f.message else ""


def _line(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} ({f.name}) {f.message}{_predicts(f)}"


def format_text(result: LintResult, *, fail_on: str = "error", color: bool = False) -> str:
    """Findings, one per line, and the summary; ANSI colours only when ``color``."""
    if not color:
        return "".join(_line(f) + "\n" for f in result.findings) + summary(result, fail_on) + "\n"
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=100000,
                      highlight=False, markup=False, emoji=False, soft_wrap=True)
    for f in result.findings:
        line = Text()
        line.append(f"{f.file}:{f.line}:{f.column}:", style="bold")
        line.append(" ")
        line.append(f.severity, style=_STYLE[f.severity])
        line.append(f" {f.rule}", style="bold")
        line.append(f" ({f.name}) ", style="dim")
        line.append(f.message + _predicts(f))
        console.print(line)
    console.print(Text(summary(result, fail_on),
                       style="bold red" if result.fails(fail_on) else "bold green"))
    return out.getvalue()


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "name": f.name, "severity": f.severity, "file": f.file,
            "line": f.line, "column": f.column, "message": f.message, "object": f.object,
            "rendered_line": f.rendered_line, "oracle_error": f.oracle_error or None}


def format_json(result: LintResult, *, fail_on: str = "error") -> str:
    counts = result.counts()
    payload = {
        "tool": "conefi-dbtool lint",
        "version": __version__,
        "target": result.target,
        "fail_on": fail_on,
        "failed": result.fails(fail_on),
        "summary": {**counts, "units": result.units, "files": len(result.files),
                    "suppressed": result.suppressed_count(),
                    "cache": {"hits": result.cache_hits, "misses": result.cache_misses}},
        "findings": [_finding(f) for f in result.findings],
        "suppressions": [
            {"file": s.file, "line": s.line, "rules": list(s.rules), "reason": s.reason,
             "suppressed": [_finding(f) for f in s.suppressed]}
            for s in result.suppressions
        ],
        "files": list(result.files),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def format_junit(result: LintResult, *, fail_on: str = "error") -> str:
    # imported here, as rich for colours: a text report (a warm run) never pays for XML
    from conefi_dbtool.junit import Case, Suite, junit_xml

    floor = SEVERITY_RANK.get(fail_on, len(SEVERITY_RANK))
    cases = []
    for f in result.findings:
        where = (("file", f.file), ("line", str(f.line)),
                 *((("oracle_error", f.oracle_error),) if f.oracle_error else ()))
        name = f"{f.rule} {f.name} at line {f.line}:{f.column}"
        if SEVERITY_RANK[f.severity] >= floor:
            cases.append(Case(f.file, name, "failed", f.message, f.rule, _line(f), where))
        else:
            cases.append(Case(f.file, name, "skipped", f"{f.severity}: {f.message}", attributes=where))
    with_findings = {f.file for f in result.findings}
    cases += [Case(file, "lint", attributes=(("file", file),))
              for file in result.files if file not in with_findings]
    suite = Suite("conefi-dbtool lint" + (f" ({result.target})" if result.target else ""), tuple(cases))
    return junit_xml("conefi-dbtool lint", [suite])


def format_gitlab(result: LintResult, *, fail_on: str = "error") -> str:
    issues = []
    seen: dict[str, int] = {}
    for f in result.findings:
        base = f"{f.rule}\0{f.file}\0{f.message}"
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        fingerprint = hashlib.sha256(f"{base}\0{occurrence}".encode()).hexdigest()[:32]
        issues.append({
            "description": f"{f.rule} ({f.name}): {f.message}{_predicts(f)}",
            "check_name": f"conefi-dbtool/{f.rule}",
            "fingerprint": fingerprint,
            "severity": GITLAB_SEVERITY[f.severity],
            "categories": ["Bug Risk"] if f.rule.startswith(("PLS", "REF", "SYN")) else ["Style"],
            "location": {"path": f.file, "lines": {"begin": f.line}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def render(result: LintResult, fmt: str, *, fail_on: str = "error", color: bool = False) -> str:
    if fmt == "text":
        return format_text(result, fail_on=fail_on, color=color)
    if fmt == "json":
        return format_json(result, fail_on=fail_on)
    if fmt == "junit":
        return format_junit(result, fail_on=fail_on)
    if fmt == "gitlab":
        return format_gitlab(result, fail_on=fail_on)
    raise ValueError(f"unknown format {fmt!r}")


def rules_table() -> str:
    """Every rule, for ``lint --list-rules``."""
    # the registry imports every rule (and the parser behind their facts): only this needs it
    from conefi_dbtool.lint.rules import REGISTRY

    return "".join(f"{r.code}  {r.severity:<7}  {r.name:<32} {r.summary}\n" for r in REGISTRY)
