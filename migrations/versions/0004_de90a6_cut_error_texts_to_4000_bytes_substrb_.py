"""Cut error texts to 4000 bytes (SUBSTRB), not 4000 characters

Revision ID: 0004_de90a6
Revises: 0003_f402ad
Create Date: 2026-11-23 20:13:10.842990
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = '0004_de90a6'
down_revision = '0003_f402ad'
branch_labels = None
depends_on = None

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = {
    "templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2": "b2c891ff50d6e6e6d7c84c04f27fc1f4626f42b95aadbe99817f6466f412c534",
    "templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2": "5bf4020a03b88deb71fa44533782080f38d6f0d9fd1f3483fb845b6baa5f892c",
    "templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2": "9f630d04fb20519b31ac7a82ae686ee85fd18974606fe6079e7eca89e37c105a",
}


def upgrade() -> None:
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_FILA", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_JOB", at=revision)


def downgrade() -> None:
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=down_revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_FILA", at=down_revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_JOB", at=down_revision)


# ---- review: source changes ----------------------------------------------------------
# modified templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   @@ -50,5 +50,5 @@
#          p_inserido  => v_inserido,
#          p_status    => 'E',
#   -      p_obs       => SUBSTR(p_motivo, 1, 4000),
#   +      p_obs       => SUBSTRB(p_motivo, 1, 4000),
#          p_id_evento => p_id_evento);
#      END p_rejeitar;
# modified templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2
#   @@ -93,5 +93,5 @@
#               INTDC_DES_CHAVE, INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO,
#               INTDC_ID_ORIGEM, INTDC_ID_EXEC, INTDC_DES_IDEMP)
#   -    SELECT {{ names.queue_seq }}.NEXTVAL, p_acao, p_dados, p_status, SUBSTR(p_obs, 1, 4000),
#   +    SELECT {{ names.queue_seq }}.NEXTVAL, p_acao, p_dados, p_status, SUBSTRB(p_obs, 1, 4000),
#               p_chave, p_recno_se1, p_recno_se5, p_id_evento,
#               p_id_origem, p_id_exec, p_idemp
#   @@ -111,5 +111,5 @@
#           SET q.INTDC_IND_STATUS = p_status,
#               q.INTDC_DTH_PROC = SYSDATE,
#   -           q.INTDC_DES_OBS = SUBSTR(p_obs, 1, 4000)
#   +           q.INTDC_DES_OBS = SUBSTRB(p_obs, 1, 4000)
#         WHERE q.INTDC_ID = p_id;
#        IF SQL%ROWCOUNT = 0 THEN
# modified templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   @@ -32,6 +32,6 @@
#               l.INTLC_DTH_FIM = SYSDATE,
#               l.INTLC_QTD_LINHAS = p_qtd,
#   -           l.INTLC_DES_ERRO = SUBSTR(p_erro, 1, 4000),
#   -           l.INTLC_DES_BACKTRACE = SUBSTR(p_backtrace, 1, 4000)
#   +           l.INTLC_DES_ERRO = SUBSTRB(p_erro, 1, 4000),
#   +           l.INTLC_DES_BACKTRACE = SUBSTRB(p_backtrace, 1, 4000)
#         WHERE l.INTLC_ID = p_id;
#        COMMIT;
