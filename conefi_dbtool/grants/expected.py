"""The privileges a database should hold, in the catalog's vocabulary (for drift and reconcile).

`expected_privileges` is the interface other parts of the tool rely on: the manifest of
the profile, resolved for the target, plus the object grants the templates render
themselves (e.g. EXECUTE on a CONEFI package to SGU when SGU owns the trigger). Names are
stored the way Oracle's dictionary stores them; quotas are bytes, -1 = unlimited.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from conefi_dbtool.catalog.snapshot import (
    DatabaseLink,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SystemPrivilege,
    User,
)
from conefi_dbtool.config import Project, Target
from conefi_dbtool.grants.manifest import load_manifest
from conefi_dbtool.grants.model import Manifest
from conefi_dbtool.grants.usage import CodeNeeds, analyse
from conefi_dbtool.render import RenderResult, render_target


@dataclass(frozen=True)
class ExpectedPrivileges:
    """What the grants model says a database's users should hold (empty: nothing managed)."""

    users: tuple[User, ...] = ()
    quotas: tuple[Quota, ...] = ()
    object_privileges: tuple[ObjectPrivilege, ...] = ()
    system_privileges: tuple[SystemPrivilege, ...] = ()
    role_grants: tuple[RoleGrant, ...] = ()
    database: str = ""
    profile: str = ""
    # Created by the DBA section, not by a template (grants.link): SGU 2.0's link to the ERP.
    database_links: tuple[DatabaseLink, ...] = ()

    @property
    def managed_users(self) -> frozenset[str]:
        """Grantees whose privileges the manifest owns (extra ones are revoked)."""
        return frozenset(u.name for u in self.users)


def from_manifest(manifest: Manifest, needs: CodeNeeds | None = None) -> ExpectedPrivileges:
    u = manifest.user
    user = u.name
    objects = {
        ObjectPrivilege(user, o.owner, o.name, p, o.grant_option)
        for o in manifest.object_privileges for p in o.privileges
    }
    if needs is not None:
        objects |= {ObjectPrivilege(g.grantee, g.owner, g.name, g.privilege, g.grantable)
                    for g in needs.rendered_grants}
    return ExpectedPrivileges(
        users=(User(user, u.default_tablespace, u.temporary_tablespace, u.profile or "DEFAULT"),),
        quotas=tuple(sorted(Quota(user, q.tablespace, q.max_bytes) for q in manifest.quotas)),
        object_privileges=tuple(sorted(objects)),
        system_privileges=tuple(sorted(SystemPrivilege(user, s.privilege, s.admin_option)
                                       for s in manifest.system_privileges)),
        role_grants=tuple(sorted(RoleGrant(user, r.role, r.admin_option) for r in manifest.roles)),
        database=manifest.database,
        profile=manifest.profile,
    )


def expected_privileges(project: Project, target: Target, database: str, profile: str | None = None,
                        *, result: RenderResult | None = None) -> ExpectedPrivileges:
    """What `database` of `target` should hold under `profile` (default: the target's)."""
    manifest = load_manifest(project, target, database, profile)
    rendered = result if result is not None else render_target(project, target)
    expected = from_manifest(manifest, analyse(rendered, target, database))
    if database == "sgu2":  # the deploy script's SGU 2.0 DBA section creates it (grants.link)
        expected = replace(expected, database_links=(DatabaseLink(
            str(target.sgu2.schemas.conefi), str(target.sgu2.erp_link), str(target.erp.schemas.conefi),
            target.sgu2.erp_link_using),))
    return expected
