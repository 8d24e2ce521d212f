"""Event keys of up to 18 digits (the ERP writes 16)

Revision ID: 0002_10b212
Revises: 0001_783cd8
Create Date: 2026-11-23 19:44:50.679244
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = '0002_10b212'
down_revision = '0001_783cd8'
branch_labels = None
depends_on = None

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = {
    "templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2": "b3723ef8c505c17853508f5b168bf8c231c596f0b0f725406ba9a1d317857e6f",
}


def upgrade() -> None:
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=revision)


def downgrade() -> None:
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=down_revision)


# ---- review: source changes ----------------------------------------------------------
# modified templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   @@ -62,5 +62,5 @@
#      BEGIN
#        p_apagado := FALSE;
#   -    IF NOT REGEXP_LIKE(TRIM(p_chave), '^[0-9]{1,15}$') THEN
#   +    IF NOT REGEXP_LIKE(TRIM(p_chave), '^[0-9]{1,18}$') THEN
#          RETURN NULL;
#        END IF;
