"""Reports of drift, plan and status: text (coloured only on a terminal), JSON, JUnit, Markdown.

Each format is a pure function of the report value returning a string, so reports are
deterministic and testable; `emit` prints styled lines with rich when the stream is a
terminal and plain text otherwise (CI logs, pipes, files). JUnit has one test case per
compared object (failures carry the diff, ignored objects are skipped); Markdown is meant
for a merge-request comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import IO, Any

from conefi_dbtool.catalog.drift import CATEGORIES, DriftReport, ObjectDrift
from conefi_dbtool.catalog.plan import Plan, PlanStep
from conefi_dbtool.catalog.status import StatusReport
from conefi_dbtool.junit import Case, Suite, junit_xml
from conefi_dbtool.script import format_step

REPORT_FORMAT = 1
EXIT_NO_DRIFT = 0
EXIT_DRIFT = 2

Line = tuple[str, str]  # (text, rich style; "" = plain)

_CATEGORY_STYLE = {
    "missing": "bold yellow",
    "unexpected": "bold magenta",
    "changed": "bold yellow",
    "invalid": "bold red",
    "disabled": "bold red",
}


# --------------------------------------------------------------------------- output


def emit(lines: Iterable[Line], stream: IO[str], *, color: bool) -> None:
    """Write lines; styles only when `color` (the caller passes `stream.isatty()`)."""
    if not color:
        for text, _style in lines:
            stream.write(text + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for text, style in lines:
        console.print(Text(text, style=style or ""))


def plain(lines: Iterable[Line]) -> str:
    return "".join(text + "\n" for text, _style in lines)


def _diff_lines(diff: str, indent: str = "    ") -> list[Line]:
    out: list[Line] = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        else:
            style = ""
        out.append((indent + line, style))
    return out


def _attribute_lines(result: ObjectDrift | PlanStep, indent: str = "    ") -> list[Line]:
    return [(f"{indent}{a.name}: expected {a.expected!r}, database {a.actual!r}", "")
            for a in result.attributes]


def _json_report(report: str, **fields: Any) -> str:
    """A JSON report: the header every report shares, then its own fields in order."""
    data = {"tool": "conefi-dbtool", "report": report, "format": REPORT_FORMAT, **fields}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _object_data(result: ObjectDrift | PlanStep) -> dict[str, Any]:
    """The object's id and its parts (JSON)."""
    return {"id": str(result.id), "database": result.id.database, "owner": result.id.owner,
            "type": result.id.type, "name": result.id.name}


def _attributes_data(result: ObjectDrift | PlanStep) -> list[dict[str, str]]:
    return [{"name": a.name, "expected": a.expected, "actual": a.actual} for a in result.attributes]


def _markdown(lines: list[str], notes: Iterable[str]) -> str:
    """A Markdown report's lines, its notes quoted at the end."""
    lines = lines + [f"> {note}" for note in notes]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- drift


def drift_headline(report: DriftReport) -> str:
    counts = report.counts()
    where = ", ".join(report.databases) or "no database"
    if not report.has_drift:
        tail = f"; {counts['ignored']} ignored" if counts["ignored"] else ""
        return f"no drift: target {report.target} ({where}), {counts['objects']} objects in sync{tail}"
    per = ", ".join(f"{c} {counts[c]}" for c in CATEGORIES if counts[c])
    tail = f"; {counts['ignored']} ignored" if counts["ignored"] else ""
    return (f"drift: target {report.target} ({where}): {counts['drifted']} of {counts['objects']} "
            f"objects drifted ({per}){tail}")


def drift_text(report: DriftReport, *, verbose: bool = False) -> list[Line]:
    """Drifted objects with their diffs; ignored ones listed; in-sync ones with --verbose."""
    lines: list[Line] = []
    for r in report.results:
        if r.drifted:
            label = r.category.upper().ljust(11)
            lines.append((f"{label}{r.id}: {r.summary}", _CATEGORY_STYLE.get(r.category, "bold")))
            lines.extend(_diff_lines(r.diff))
            lines.extend(_attribute_lines(r))
        elif r.ignored_by:
            lines.append((f"{'IGNORED'.ljust(11)}{r.id}: {r.summary} (pattern {r.ignored_by!r})", "dim"))
        elif verbose:
            lines.append((f"{'OK'.ljust(11)}{r.id}", "dim"))
    for note in report.notes:
        lines.append((f"note: {note}", "italic"))
    lines.append((drift_headline(report), "bold red" if report.has_drift else "bold green"))
    return lines


def _result_data(r: ObjectDrift) -> dict[str, Any]:
    return {
        **_object_data(r),
        "status": "drifted" if r.drifted else "ignored" if r.ignored_by else "in_sync",
        "categories": list(r.categories),
        "summary": r.summary,
        "diff": r.diff,
        "attributes": _attributes_data(r),
        "ignored_by": r.ignored_by,
    }


def drift_json(report: DriftReport) -> str:
    return _json_report(
        "drift", target=report.target, databases=list(report.databases), drift=report.has_drift,
        exit_code=EXIT_DRIFT if report.has_drift else EXIT_NO_DRIFT, counts=report.counts(),
        notes=list(report.notes), results=[_result_data(r) for r in report.results])


def _failure_body(r: ObjectDrift) -> str:
    parts = [r.summary]
    if r.diff:
        parts.append(r.diff)
    parts.extend(f"{a.name}: expected {a.expected!r}, database {a.actual!r}" for a in r.attributes)
    return "\n".join(parts)


def drift_junit(report: DriftReport) -> str:
    """JUnit XML: a suite per database, a test case per object (classname database.owner.type)."""
    suites = []
    for database in report.databases:
        cases = tuple(_drift_case(database, r) for r in report.results if r.id.database == database)
        notes = "\n".join(n for n in report.notes if n.startswith(f"{database}:"))
        suites.append(Suite(f"drift.{database}", cases, notes))
    return junit_xml("conefi-dbtool drift", suites)


def _drift_case(database: str, r: ObjectDrift) -> Case:
    classname = f"drift.{database}.{r.id.owner}.{r.id.type}"
    timing = (("time", "0"),)
    if r.drifted:
        return Case(classname, r.id.name, "failed", r.summary, r.category, _failure_body(r), timing)
    if r.ignored_by:
        return Case(classname, r.id.name, "skipped", f"{r.summary} (ignored by {r.ignored_by!r})",
                    attributes=timing)
    return Case(classname, r.id.name, attributes=timing)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    return "`" * max(3, longest + 1)


def drift_markdown(report: DriftReport) -> str:
    """A merge-request comment: headline, a table of drifted objects, diffs folded."""
    lines = [f"### conefi-dbtool drift — target `{report.target}`", "", drift_headline(report), ""]
    drifted = report.drifted
    if drifted:
        lines += ["| category | object | summary |", "|---|---|---|"]
        lines += [f"| {', '.join(r.categories)} | `{_cell(str(r.id))}` | {_cell(r.summary)} |"
                  for r in drifted]
        lines.append("")
        for r in drifted:
            if not (r.diff or r.attributes):
                continue
            lines.append(f"<details><summary><code>{_cell(str(r.id))}</code></summary>")
            lines.append("")
            if r.diff:
                fence = _fence(r.diff)
                lines += [f"{fence}diff", r.diff, fence]
            if r.attributes:
                lines += ["| attribute | expected | database |", "|---|---|---|"]
                lines += [f"| {_cell(a.name)} | `{_cell(a.expected)}` | `{_cell(a.actual)}` |"
                          for a in r.attributes]
            lines += ["", "</details>", ""]
    if report.ignored:
        lines.append(f"Ignored: {', '.join(f'`{r.id}`' for r in report.ignored)}")
        lines.append("")
    return _markdown(lines, report.notes)


DRIFT_FORMATS = {"text": None, "json": drift_json, "junit": drift_junit, "markdown": drift_markdown}


# --------------------------------------------------------------------------- plan


def plan_headline(plan: Plan) -> str:
    if plan.empty:
        return f"plan: target {plan.target} is up to date with {plan.desired}: nothing to do"
    return (f"plan: target {plan.target} -> {plan.desired}: {len(plan.steps)} steps, "
            f"{len(plan.destructive)} destructive")


def plan_text(plan: Plan, *, show_sql: bool = False) -> list[Line]:
    lines: list[Line] = [(plan_headline(plan), "bold")]
    width = len(str(len(plan.steps)))
    for i, step in enumerate(plan.steps, start=1):
        mark = "DESTRUCTIVE " if step.destructive else ""
        style = "bold red" if step.destructive else "bold"
        lines.append((f"{str(i).rjust(width)}. {mark}{step.action} {step.id} ({step.reason})", style))
        if step.note:
            lines.append((f"    note: {step.note}", "italic"))
        lines.extend(_diff_lines(step.diff))
        lines.extend(_attribute_lines(step))
        if show_sql:
            for st in step.statements:
                lines.extend(("    | " + s, "dim") for s in format_step(st).rstrip("\n").splitlines())
    for note in plan.notes:
        lines.append((f"note: {note}", "italic"))
    return lines


def plan_json(plan: Plan) -> str:
    steps = [{"order": i, "action": s.action, **_object_data(s), "destructive": s.destructive,
              "reason": s.reason, "note": s.note, "diff": s.diff, "attributes": _attributes_data(s),
              "sql": "".join(format_step(st) for st in s.statements)}
             for i, s in enumerate(plan.steps, start=1)]
    return _json_report("plan", target=plan.target, desired=plan.desired,
                        destructive=len(plan.destructive), notes=list(plan.notes), steps=steps)


def plan_sql(plan: Plan, *, allow_destructive: bool = False) -> str:
    """The plan as a SQL*Plus script; destructive steps commented out unless allowed."""
    out = [
        f"-- conefi-dbtool plan for target {plan.target} -> {plan.desired}: a preview for review.\n"
        "-- The versioned way to apply is `conefi-dbtool upgrade`.\n",
        # SERVEROUTPUT: the protected steps' notes (unchanged, undone) are DBMS_OUTPUT lines
        "WHENEVER SQLERROR EXIT FAILURE ROLLBACK\nSET DEFINE OFF\nSET SERVEROUTPUT ON SIZE UNLIMITED\n",
    ]
    for i, step in enumerate(plan.steps, start=1):
        head = f"\n-- [{i}] {step.action} {step.id}: {step.reason}\n"
        if step.note:
            head += f"-- note: {step.note}\n"
        body = "".join(format_step(st) for st in step.statements)
        if step.destructive and not allow_destructive:
            head += "-- DESTRUCTIVE: commented out (plan --format sql --allow-destructive to include)\n"
            body = "".join(f"-- {line}\n" if line else "--\n" for line in body.rstrip("\n").split("\n"))
        out.append(head + body)
    return "".join(out)


def plan_markdown(plan: Plan) -> str:
    title = f"### conefi-dbtool plan — target `{plan.target}` -> {plan.desired}"
    lines = [title, "", plan_headline(plan), ""]
    if plan.steps:
        lines += ["| # | action | object | destructive | reason |", "|---|---|---|---|---|"]
        lines += [f"| {i} | {s.action} | `{_cell(str(s.id))}` | {'**yes**' if s.destructive else ''} | "
                  f"{_cell(s.reason)} |" for i, s in enumerate(plan.steps, start=1)]
    return _markdown(lines, plan.notes)


# --------------------------------------------------------------------------- status


def status_text(report: StatusReport) -> list[Line]:
    when = report.taken_at or "from a snapshot"
    lines: list[Line] = [(f"status of target {report.target} (read {when})", "bold")]
    for d in report.databases:
        lines.append((f"{d.database}: revision {d.revision or '(none recorded)'}", "bold"))
        lines.append((f"  invalid objects: {', '.join(d.invalid) if d.invalid else 'none'}",
                      "red" if d.invalid else ""))
        for j in d.jobs:
            state = "enabled" if j.enabled else "DISABLED"
            lines.append((f"  job {j.owner}.{j.name}: {state}, {j.state or '?'}, "
                          f"last run {j.last_start or 'never'}, next {j.next_run or '-'}, "
                          f"failures {j.failures_24h} in 24 h", "red" if j.problem else ""))
            if j.last_error:
                lines.append((f"    last failure: {j.last_error}", "red"))
        if d.queue is not None:
            age = d.queue.oldest_pending_age_seconds
            lines.append((f"  queue: {d.queue.pending} pending, {d.queue.errors} in error, oldest pending "
                          f"{'-' if age is None else f'{age} s'}", "red" if d.queue.errors else ""))
    if report.healthy:
        lines.append(("healthy", "bold green"))
    else:
        lines.extend((f"problem: {p}", "bold red") for p in report.problems)
    return lines


def status_json(report: StatusReport) -> str:
    databases = [
        {
            "database": d.database,
            "revision": d.revision,
            "invalid": list(d.invalid),
            "jobs": [{"owner": j.owner, "name": j.name, "enabled": j.enabled, "state": j.state,
                      "last_start": j.last_start, "next_run": j.next_run,
                      "failure_count": j.failure_count, "failures_24h": j.failures_24h,
                      "last_error": j.last_error, "problem": j.problem}
                     for j in d.jobs],
            "queue": None if d.queue is None else {
                "pending": d.queue.pending, "errors": d.queue.errors,
                "oldest_pending_age_seconds": d.queue.oldest_pending_age_seconds},
        }
        for d in report.databases
    ]
    return _json_report("status", target=report.target, taken_at=report.taken_at,
                        healthy=report.healthy, problems=list(report.problems), databases=databases)
