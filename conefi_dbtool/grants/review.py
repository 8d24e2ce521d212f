"""One database's grants, reviewed: the profile, its findings and (with a snapshot) the plan.

The `grants` command and the tests go through `review`, so what is printed is exactly
what is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from conefi_dbtool.catalog.snapshot import DatabaseCatalog
from conefi_dbtool.config import Project, Target
from conefi_dbtool.grants.expected import ExpectedPrivileges, from_manifest
from conefi_dbtool.grants.findings import Finding, evaluate
from conefi_dbtool.grants.held import held_findings
from conefi_dbtool.grants.link import link_needs
from conefi_dbtool.grants.manifest import load_manifest
from conefi_dbtool.grants.model import Manifest
from conefi_dbtool.grants.reconcile import ReconcilePlan, reconcile
from conefi_dbtool.grants.render_sql import GrantStatement, statements
from conefi_dbtool.grants.usage import CodeNeeds, analyse
from conefi_dbtool.render import RenderResult, render_target


@dataclass(frozen=True)
class GrantsReview:
    manifest: Manifest
    needs: CodeNeeds
    statements: tuple[GrantStatement, ...]
    findings: tuple[Finding, ...]
    expected: ExpectedPrivileges
    plan: ReconcilePlan | None = None

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)


def review(project: Project, target: Target, database: str, profile: str | None = None, *,
           result: RenderResult | None = None, actual: DatabaseCatalog | None = None,
           actual_source: str = "catalog snapshot") -> GrantsReview:
    """Load the profile, derive the code's needs, evaluate findings; given a catalog (read
    from `actual_source`), reconcile and add findings on what it holds beyond the profile."""
    manifest = load_manifest(project, target, database, profile)
    rendered = result if result is not None else render_target(project, target)
    needs = analyse(rendered, target, database)
    extra = link_needs(target) if database == "sgu2" else ()
    findings = evaluate(manifest, needs, target, extra)
    expected = from_manifest(manifest, needs)
    plan = None
    if actual is not None:
        plan = reconcile(expected, actual)
        held = held_findings(expected, actual, actual_source)
        findings = tuple(sorted((*findings, *held), key=Finding.sort_key))
    return GrantsReview(manifest, needs, statements(manifest), findings, expected, plan)
