"""review: HST history bounded by the origin day

Revision ID: 0003_f402ad
Revises: 0002_10b212
Create Date: 2026-11-23 20:09:20.769793
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = '0003_f402ad'
down_revision = '0002_10b212'
branch_labels = None
depends_on = None

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = {
    "templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2": "4a390eb9fa9ae347a17424eca342af5afcb3ef747835c66c8b95c45d58a9d41b",
}


def upgrade() -> None:
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_HST", at=revision)


def downgrade() -> None:
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_HST", at=down_revision)


# ---- review: source changes ----------------------------------------------------------
# modified templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2
#   @@ -1,4 +1,4 @@
#    {#
#   -purpose: HST candidates: for each INC/DES/PRG queue row, every title of the same customer issued in the last months, not GRR.
#   +purpose: HST candidates: for each INC/DES/PRG queue row, every title of the same customer issued in the months before its day, not GRR.
#    depends: erp/conefi/table/INTGRA_DADOS_CONEFI
#    #}
#   @@ -6,5 +6,7 @@
#    -- {{ tool }}: one line per (origin queue row, customer title issued in the
#    -- {{ integration.history_months|number }} months before it). The HST step limits the origins
#   --- to the last CONEFI_DIAS_REPROC days and skips keys already queued.
#   +-- to the last CONEFI_DIAS_REPROC days and skips keys already queued. Titles issued on or
#   +-- after the origin's day are not its history: without that bound a later run (or a re-run
#   +-- the same day) would add lines for titles issued since.
#    SELECT {{ layouts.select('HST', 7) }}
#      FROM {{ names.queue }} q
#   @@ -19,4 +21,5 @@
#       AND q.INTDC_IND_STATUS <> 'E'
#       AND h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -{{ integration.history_months|number }}), 'YYYYMMDD')
#   +   AND h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')
#       AND {{ sqlx.sellable('h') }}
#       AND {{ sqlx.not_grr('h', 3) }};
