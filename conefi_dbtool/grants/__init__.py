"""Users and grants of both databases: manifests, derived needs, findings, reconcile.

Public interface (relied on by drift and the deploy script):

* `expected_privileges(project, target, database, profile=None) -> ExpectedPrivileges`
* `reconcile(expected, actual: catalog.DatabaseCatalog) -> ReconcilePlan`
* `review(...)` for the whole picture of one database (what `conefi-dbtool grants` prints).
"""

from __future__ import annotations

from conefi_dbtool.grants.expected import ExpectedPrivileges, expected_privileges
from conefi_dbtool.grants.findings import CODES, Finding
from conefi_dbtool.grants.reconcile import PlanItem, ReconcilePlan, reconcile
from conefi_dbtool.grants.review import GrantsReview, review

__all__ = [
    "CODES",
    "ExpectedPrivileges",
    "Finding",
    "GrantsReview",
    "PlanItem",
    "ReconcilePlan",
    "expected_privileges",
    "reconcile",
    "review",
]
