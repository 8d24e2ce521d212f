"""Baseline: the CONEFI integration objects, users and grants of both databases

Revision ID: 0001_783cd8
Revises: 
Create Date: 2026-11-23 19:26:38.489830
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = '0001_783cd8'
down_revision = None
branch_labels = None
depends_on = None

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = {
    "grants/erp/least-privilege.toml": "fdf9fac507e315acb3b06a4012b81c49d2ec0e71536974be9cf4c888c12c9d57",
    "grants/erp/seed.toml": "20eea6b2eba397f9e43655a5e6d771469062da72d57c62c0665616db13d87cbd",
    "grants/sgu2/least-privilege.toml": "2bd3ac8fceac841d281eb7ee2adbe9afa2f9f37e355adce3df8e086e098f7a42",
    "grants/sgu2/seed.toml": "276912b53d99c8547f5978541845b3cd7d2dc4cf2aa02d386f503ceb7eca3b36",
    "templates/_macros/queue.sql.j2": "84be8f27e6023514481218ad275c7010516db8c15615667d4321b8283a894326",
    "templates/erp/conefi/index/IX_INTDC_ACAO_DTH.sql.j2": "9edb3824662d8d435970ff6de2a1c5c33828fc3bdd5160d68eef2ee1e8156eef",
    "templates/erp/conefi/index/IX_INTDC_STATUS_ID.sql.j2": "23e5954b4555f6450912b22191c847da3006c4deb04e2263dc4d95f86710ee8f",
    "templates/erp/conefi/job/J_CONEFI_DIARIO.sql.j2": "840fb6e8b94bc90ee28b9423cd2d05af61b75d43040495821f632418d9f834a8",
    "templates/erp/conefi/object_grant/PKG_CONEFI_EVENTO_SGU.sql.j2": "525fa1dfea9dc6c77d0c376c9f43d06baa9454dd9203f93fd229d8b1b2ac309e",
    "templates/erp/conefi/package/PKG_CONEFI_EVENTO.sql.j2": "174b02109990716295cfeb4b1d7a8a73cb8e6c8c263780d8a6c5ddf1061ed3c2",
    "templates/erp/conefi/package/PKG_CONEFI_FILA.sql.j2": "5f40842fcedabb53af9a4ccbf52629de342fa843b9e90127a9cae3af5f1ad0c8",
    "templates/erp/conefi/package/PKG_CONEFI_JOB.sql.j2": "52bfaa539f596b035154ac7df97ce6ed5c385fa418af15f28bfde19c5664fb5b",
    "templates/erp/conefi/package/PKG_CONEFI_PARAM.sql.j2": "f8b765733dcda11eafaffb153cdc487950073a4eb13f7dff34fd56299d32ccb3",
    "templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2": "3606df2ddd85d2ab724c3d22cd03c256b7722ac649e34457ef0355f9e488be59",
    "templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2": "8a1410d5d7b15eae5a942cd5820a2e2eadea1c06dae7dca4bcc1d6635389cd4d",
    "templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2": "830c9ec4e308f98fc362720899fa45623c2012862423fb78192a5545faf8e82f",
    "templates/erp/conefi/package_body/PKG_CONEFI_PARAM.sql.j2": "62f2a9ca24851b0f59f2514d392be592d27815664d7e4c40053b7ab89c0bce98",
    "templates/erp/conefi/sequence/S_INTGRA_DADOS_CONEFI.sql.j2": "4853ee7b8d28942527b4c959773dff59e0c52c5ae4f30d8baeb5eb716b516c21",
    "templates/erp/conefi/sequence/S_INTGRA_LOG_CONEFI.sql.j2": "ddd29eb6b772e555b96573836930cbf2dddf9f30247c39906bd308324880270f",
    "templates/erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2": "681d6311b6fff07907358c3eed99140af3d01e1ef22cf779dde2840c529e2a3f",
    "templates/erp/conefi/table/INTGRA_LOG_CONEFI.sql.j2": "eadd41cecd815d2c98d5c00273c9e9e6220901fc8fea28ee7c9d5ab130ece8da",
    "templates/erp/conefi/view/V_CONEFI_CAND_CAN.sql.j2": "bc0c51e5e47302c1161820d194ec2a2649a9038d6916773dafc84cca3639889d",
    "templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2": "84f926817b1f88ecb42d4fd3377128d7e812f887c0a252f1cdc07b5d07f286ed",
    "templates/erp/conefi/view/V_CONEFI_CAND_INC.sql.j2": "cd2aea0eb6460ec97e175ebcde4cd7d108b4459208988cb720d673b40d5d4ab2",
    "templates/erp/conefi/view/V_CONEFI_CAND_PRV.sql.j2": "8e867dad5d17a1bdb83817bb6c1a2d47062497f8700e8997b482beadcd616592",
    "templates/erp/conefi/view/V_CONEFI_MOV_EST.sql.j2": "a45ca6b83268919c2068ae3b8d24f205e7c5188c80df23d5957d2fc5401ec8fc",
    "templates/erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2": "1f0856107b8812f8e0de81698d82810ca77e03052dabb61b76900029b29efd8f",
    "templates/erp/trigger_owner/trigger/T_INTGRA_RET_ERP_CONEFI.sql.j2": "b5ddcd5b7ba9c4d3a2c1225f76b098212a1c0b39e9df6652fb64064eafcb4e16",
    "templates/sgu2/conefi/job/J_PULL_DADOS_CONEFI.sql.j2": "bbe1ec8fcd5ed165ba3f1b3c6a64c37d9a2b842b776b7dd965fc9aa124ef6643",
    "templates/sgu2/conefi/procedure/P_PULL_DADOS_CONEFI.sql.j2": "e81b89c7bb48fbf76d5a3fa5bdfa03c5a082aded24a0ea001f8562d13909b4a9",
    "templates/sgu2/conefi/synonym/INTGRA_DADOS_CONEFI_ERP.sql.j2": "2a7459fb32a793fb519e39a9f3bad5a0793d14ff3695ea5c6f899d3423663f79",
    "templates/sgu2/conefi/table/INTGRA_DADOS_CONEFI.sql.j2": "03c42773c00e6aab58617274a7cb64f86a6dc2b3148f48d6db94772c964b1600",
    "templates/sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND.sql.j2": "4c8d34ff608e40c788d43776c08810e5a09482be5203e42bfa0bb2c514c0f3b2",
}


def upgrade() -> None:
    op.apply_grants("erp", at=revision, previous=down_revision)
    op.apply_grants("sgu2", at=revision, previous=down_revision)
    op.create_object("erp/conefi/sequence/S_INTGRA_DADOS_CONEFI", at=revision)
    op.create_object("erp/conefi/sequence/S_INTGRA_LOG_CONEFI", at=revision)
    op.create_object("erp/conefi/table/INTGRA_DADOS_CONEFI", at=revision)
    op.create_object("erp/conefi/table/INTGRA_LOG_CONEFI", at=revision)
    op.create_object("erp/conefi/index/IX_INTDC_ACAO_DTH", at=revision)
    op.create_object("erp/conefi/index/IX_INTDC_STATUS_ID", at=revision)
    op.replace_object("erp/conefi/package/PKG_CONEFI_FILA", at=revision)
    op.replace_object("erp/conefi/package/PKG_CONEFI_EVENTO", at=revision)
    op.replace_object("erp/conefi/package/PKG_CONEFI_PARAM", at=revision)
    op.replace_object("erp/conefi/package/PKG_CONEFI_JOB", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_CAN", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_HST", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_INC", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_PRV", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_MOV_EST", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_MOV_PGO", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_FILA", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_JOB", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_PARAM", at=revision)
    op.replace_object("erp/trigger_owner/trigger/T_INTGRA_RET_ERP_CONEFI", at=revision)
    op.create_job("erp/conefi/job/J_CONEFI_DIARIO", at=revision)
    op.replace_object("sgu2/conefi/synonym/INTGRA_DADOS_CONEFI_ERP", at=revision)
    op.replace_object("sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND", at=revision)


def downgrade() -> None:
    op.apply_grants("erp", at=down_revision, previous=revision)
    op.apply_grants("sgu2", at=down_revision, previous=revision)
    op.drop_job("erp/conefi/job/J_CONEFI_DIARIO")
    op.drop_object("sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND")
    op.drop_object("sgu2/conefi/synonym/INTGRA_DADOS_CONEFI_ERP")
    op.drop_object("erp/trigger_owner/trigger/T_INTGRA_RET_ERP_CONEFI")
    op.drop_object("erp/conefi/package_body/PKG_CONEFI_PARAM")
    op.drop_object("erp/conefi/package_body/PKG_CONEFI_JOB")
    op.drop_object("erp/conefi/package_body/PKG_CONEFI_FILA")
    op.drop_object("erp/conefi/package_body/PKG_CONEFI_EVENTO")
    op.drop_object("erp/conefi/view/V_CONEFI_MOV_PGO")
    op.drop_object("erp/conefi/view/V_CONEFI_MOV_EST")
    op.drop_object("erp/conefi/view/V_CONEFI_CAND_PRV")
    op.drop_object("erp/conefi/view/V_CONEFI_CAND_INC")
    op.drop_object("erp/conefi/view/V_CONEFI_CAND_HST")
    op.drop_object("erp/conefi/view/V_CONEFI_CAND_CAN")
    op.drop_object("erp/conefi/package/PKG_CONEFI_JOB")
    op.drop_object("erp/conefi/package/PKG_CONEFI_PARAM")
    op.drop_object("erp/conefi/package/PKG_CONEFI_EVENTO")
    op.drop_object("erp/conefi/package/PKG_CONEFI_FILA")
    op.drop_object("erp/conefi/index/IX_INTDC_STATUS_ID")
    op.drop_object("erp/conefi/index/IX_INTDC_ACAO_DTH")
    op.drop_object("erp/conefi/table/INTGRA_LOG_CONEFI")
    op.drop_object("erp/conefi/table/INTGRA_DADOS_CONEFI")
    op.drop_object("erp/conefi/sequence/S_INTGRA_LOG_CONEFI")
    op.drop_object("erp/conefi/sequence/S_INTGRA_DADOS_CONEFI")


# ---- review: source changes ----------------------------------------------------------
# added    grants/erp/least-privilege.toml (full text: migrations/snapshots/fd/fdf9fac507e315acb3b06a4012b81c49d2ec0e71536974be9cf4c888c12c9d57.toml)
# added    grants/erp/seed.toml (full text: migrations/snapshots/20/20eea6b2eba397f9e43655a5e6d771469062da72d57c62c0665616db13d87cbd.toml)
# added    grants/sgu2/least-privilege.toml (full text: migrations/snapshots/2b/2bd3ac8fceac841d281eb7ee2adbe9afa2f9f37e355adce3df8e086e098f7a42.toml)
# added    grants/sgu2/seed.toml (full text: migrations/snapshots/27/276912b53d99c8547f5978541845b3cd7d2dc4cf2aa02d386f503ceb7eca3b36.toml)
# added    templates/_macros/queue.sql.j2 (full text: migrations/snapshots/84/84be8f27e6023514481218ad275c7010516db8c15615667d4321b8283a894326.sql.j2)
# added    templates/erp/conefi/index/IX_INTDC_ACAO_DTH.sql.j2 (full text: migrations/snapshots/9e/9edb3824662d8d435970ff6de2a1c5c33828fc3bdd5160d68eef2ee1e8156eef.sql.j2)
# added    templates/erp/conefi/index/IX_INTDC_STATUS_ID.sql.j2 (full text: migrations/snapshots/23/23e5954b4555f6450912b22191c847da3006c4deb04e2263dc4d95f86710ee8f.sql.j2)
# added    templates/erp/conefi/job/J_CONEFI_DIARIO.sql.j2 (full text: migrations/snapshots/84/840fb6e8b94bc90ee28b9423cd2d05af61b75d43040495821f632418d9f834a8.sql.j2)
# added    templates/erp/conefi/object_grant/PKG_CONEFI_EVENTO_SGU.sql.j2 (full text: migrations/snapshots/52/525fa1dfea9dc6c77d0c376c9f43d06baa9454dd9203f93fd229d8b1b2ac309e.sql.j2)
# added    templates/erp/conefi/package/PKG_CONEFI_EVENTO.sql.j2 (full text: migrations/snapshots/17/174b02109990716295cfeb4b1d7a8a73cb8e6c8c263780d8a6c5ddf1061ed3c2.sql.j2)
# added    templates/erp/conefi/package/PKG_CONEFI_FILA.sql.j2 (full text: migrations/snapshots/5f/5f40842fcedabb53af9a4ccbf52629de342fa843b9e90127a9cae3af5f1ad0c8.sql.j2)
# added    templates/erp/conefi/package/PKG_CONEFI_JOB.sql.j2 (full text: migrations/snapshots/52/52bfaa539f596b035154ac7df97ce6ed5c385fa418af15f28bfde19c5664fb5b.sql.j2)
# added    templates/erp/conefi/package/PKG_CONEFI_PARAM.sql.j2 (full text: migrations/snapshots/f8/f8b765733dcda11eafaffb153cdc487950073a4eb13f7dff34fd56299d32ccb3.sql.j2)
# added    templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2 (full text: migrations/snapshots/36/3606df2ddd85d2ab724c3d22cd03c256b7722ac649e34457ef0355f9e488be59.sql.j2)
# added    templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2 (full text: migrations/snapshots/8a/8a1410d5d7b15eae5a942cd5820a2e2eadea1c06dae7dca4bcc1d6635389cd4d.sql.j2)
# added    templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2 (full text: migrations/snapshots/83/830c9ec4e308f98fc362720899fa45623c2012862423fb78192a5545faf8e82f.sql.j2)
# added    templates/erp/conefi/package_body/PKG_CONEFI_PARAM.sql.j2 (full text: migrations/snapshots/62/62f2a9ca24851b0f59f2514d392be592d27815664d7e4c40053b7ab89c0bce98.sql.j2)
# added    templates/erp/conefi/sequence/S_INTGRA_DADOS_CONEFI.sql.j2 (full text: migrations/snapshots/48/4853ee7b8d28942527b4c959773dff59e0c52c5ae4f30d8baeb5eb716b516c21.sql.j2)
# added    templates/erp/conefi/sequence/S_INTGRA_LOG_CONEFI.sql.j2 (full text: migrations/snapshots/dd/ddd29eb6b772e555b96573836930cbf2dddf9f30247c39906bd308324880270f.sql.j2)
# added    templates/erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2 (full text: migrations/snapshots/68/681d6311b6fff07907358c3eed99140af3d01e1ef22cf779dde2840c529e2a3f.sql.j2)
# added    templates/erp/conefi/table/INTGRA_LOG_CONEFI.sql.j2 (full text: migrations/snapshots/ea/eadd41cecd815d2c98d5c00273c9e9e6220901fc8fea28ee7c9d5ab130ece8da.sql.j2)
# added    templates/erp/conefi/view/V_CONEFI_CAND_CAN.sql.j2 (full text: migrations/snapshots/bc/bc0c51e5e47302c1161820d194ec2a2649a9038d6916773dafc84cca3639889d.sql.j2)
# added    templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2 (full text: migrations/snapshots/84/84f926817b1f88ecb42d4fd3377128d7e812f887c0a252f1cdc07b5d07f286ed.sql.j2)
# added    templates/erp/conefi/view/V_CONEFI_CAND_INC.sql.j2 (full text: migrations/snapshots/cd/cd2aea0eb6460ec97e175ebcde4cd7d108b4459208988cb720d673b40d5d4ab2.sql.j2)
# added    templates/erp/conefi/view/V_CONEFI_CAND_PRV.sql.j2 (full text: migrations/snapshots/8e/8e867dad5d17a1bdb83817bb6c1a2d47062497f8700e8997b482beadcd616592.sql.j2)
# added    templates/erp/conefi/view/V_CONEFI_MOV_EST.sql.j2 (full text: migrations/snapshots/a4/a45ca6b83268919c2068ae3b8d24f205e7c5188c80df23d5957d2fc5401ec8fc.sql.j2)
# added    templates/erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2 (full text: migrations/snapshots/1f/1f0856107b8812f8e0de81698d82810ca77e03052dabb61b76900029b29efd8f.sql.j2)
# added    templates/erp/trigger_owner/trigger/T_INTGRA_RET_ERP_CONEFI.sql.j2 (full text: migrations/snapshots/b5/b5ddcd5b7ba9c4d3a2c1225f76b098212a1c0b39e9df6652fb64064eafcb4e16.sql.j2)
# added    templates/sgu2/conefi/job/J_PULL_DADOS_CONEFI.sql.j2 (full text: migrations/snapshots/bb/bbe1ec8fcd5ed165ba3f1b3c6a64c37d9a2b842b776b7dd965fc9aa124ef6643.sql.j2)
# added    templates/sgu2/conefi/procedure/P_PULL_DADOS_CONEFI.sql.j2 (full text: migrations/snapshots/e8/e81b89c7bb48fbf76d5a3fa5bdfa03c5a082aded24a0ea001f8562d13909b4a9.sql.j2)
# added    templates/sgu2/conefi/synonym/INTGRA_DADOS_CONEFI_ERP.sql.j2 (full text: migrations/snapshots/2a/2a7459fb32a793fb519e39a9f3bad5a0793d14ff3695ea5c6f899d3423663f79.sql.j2)
# added    templates/sgu2/conefi/table/INTGRA_DADOS_CONEFI.sql.j2 (full text: migrations/snapshots/03/03c42773c00e6aab58617274a7cb64f86a6dc2b3148f48d6db94772c964b1600.sql.j2)
# added    templates/sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND.sql.j2 (full text: migrations/snapshots/4c/4c8d34ff608e40c788d43776c08810e5a09482be5203e42bfa0bb2c514c0f3b2.sql.j2)
