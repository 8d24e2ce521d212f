"""Text and JSON views of a grants review (what `conefi-dbtool grants` prints)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from conefi_dbtool.grants.findings import Finding
from conefi_dbtool.grants.reconcile import ReconcilePlan
from conefi_dbtool.grants.review import GrantsReview

TITLES = {"erp": "ERP database (Protheus)", "sgu2": "SGU 2.0 database"}


def _finding_lines(f: Finding) -> list[str]:
    tag = "WAIVED" if f.waived else f.severity.upper()
    lines = [f"  {tag:<8} {f.code:<22} {f.subject}",
             f"           {f.message}",
             f"           at {f.location}"]
    if f.waived:
        lines.append(f"           waived ({f.waiver_location}): {f.waiver_reason}")
    else:
        lines.append(f"           fix: {f.fix}")
    return lines


def _plan_lines(plan: ReconcilePlan, source: str) -> list[str]:
    lines = [f"Reconcile against {source}:"]
    if plan.in_sync:
        return [*lines, "  in sync: nothing to grant or revoke"]
    if plan.additions:
        lines.append(f"  to add ({len(plan.additions)}):")
        lines += [f"    {i.statement};" + (f"  -- {i.note}" if i.note else "") for i in plan.additions]
    if plan.revocations:
        lines.append(f"  to revoke ({len(plan.revocations)}; shown only: emitted by --sql --revoke):")
        lines += [f"    {i.statement};" + (f"  -- {i.note}" if i.note else "") for i in plan.revocations]
    lines += [f"  WARNING: {w}" for w in plan.warnings]
    return lines


def text_report(target: str, reviews: Sequence[GrantsReview], catalog_source: str | None) -> str:
    out: list[str] = []
    for r in reviews:
        m = r.manifest
        out.append(f"== {TITLES[m.database]}: target {target}, profile {m.profile} ({m.file})")
        if m.description:
            out.append(f"   {m.description}")
        out.append("Grants:")
        for st in r.statements:
            out.append("  " + " ".join(st.text.split()) + ";")
        active = [f for f in r.findings if not f.waived]
        waived = [f for f in r.findings if f.waived]
        errors = sum(1 for f in active if f.severity == "error")
        out.append(f"Findings: {len(active)} ({errors} error(s)), waived: {len(waived)}")
        for f in (*active, *waived):
            out += _finding_lines(f)
        if r.plan is not None and catalog_source is not None:
            out += _plan_lines(r.plan, catalog_source)
        out.append("")
    return "\n".join(out)


def _finding_data(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity, "subject": f.subject, "message": f.message,
            "fix": f.fix, "location": f.location, "waived": f.waived,
            "waiver": {"reason": f.waiver_reason, "location": f.waiver_location} if f.waived else None}


def json_report(target: str, reviews: Sequence[GrantsReview]) -> str:
    data: dict[str, Any] = {"target": target, "databases": []}
    for r in reviews:
        entry: dict[str, Any] = {
            "database": r.manifest.database,
            "profile": r.manifest.profile,
            "manifest": r.manifest.file,
            "statements": [st.text for st in r.statements],
            "findings": [_finding_data(f) for f in r.findings],
            "blocking": len(r.blocking),
        }
        if r.plan is not None:
            entry["plan"] = {
                "in_sync": r.plan.in_sync,
                "additions": [vars(i) for i in r.plan.additions],
                "revocations": [vars(i) for i in r.plan.revocations],
                "warnings": list(r.plan.warnings),
            }
        data["databases"].append(entry)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
