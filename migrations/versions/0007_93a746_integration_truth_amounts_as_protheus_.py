"""Integration truth: amounts as Protheus computes them, daily reconciliation from one rule table, every undone payment as EST, layout version 2, eligibility and branch sharing as Protheus defines them, HST once per customer and day, the region's clock

Revision ID: 0007_93a746
Revises: 0006_bba1f5
Create Date: 2026-12-07 18:26:27.435152
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = '0007_93a746'
down_revision = '0006_bba1f5'
branch_labels = None
depends_on = None

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = {
    "grants/erp/least-privilege.toml": "5ceda5b0c53852d0e2233c07f0429db1a12d9d3d2d17785de91f484569833ce5",
    "templates/_macros/queue.sql.j2": "d749a91c0ac55c74cb5ddad40078f5ab243869a02c5e7f031ce800c8c51257c7",
    "templates/erp/conefi/package/PKG_CONEFI_PARAM.sql.j2": "535f43e691488d0a66c45fab5140285b39020c6debef3da2b3744e721714465f",
    "templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2": "531812f1dd149ae4d91313a5eebf794c03bcc8139589912b5de29e558227df4a",
    "templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2": "48f30bd21dcea7c179c56ed4a0c9061dc522bb63dc8e6ea52999f914df582ab3",
    "templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2": "eca1a478832d8bfb1f242a019af8530709d29f7ee3d8fe71701365793c2ec6ae",
    "templates/erp/conefi/package_body/PKG_CONEFI_PARAM.sql.j2": "cd9c02df5c84ffa870c6017d8146cae3394fb147eaec6d8af2ac87fedb91e3f4",
    "templates/erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2": "c7f28bc846676146991bebc95bac6cdf946c69532018e83d429df863225361b8",
    "templates/erp/conefi/table/INTGRA_LOG_CONEFI.sql.j2": "33682159614006b07951af2fc4123aa92edf7a12c5ffd3683b41f61ec3cae74d",
    "templates/erp/conefi/view/V_CONEFI_CAND_CAN.sql.j2": "00358303a416e9e51ed8ea858eb88621a3d5db412f1d023f0c45ad5f0129bad8",
    "templates/erp/conefi/view/V_CONEFI_CAND_DES.sql.j2": "55aa0a66ace1152f3f9c5ddf88fddc4e2fc9867fdbce31180e87945fcd74e3d8",
    "templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2": "5defb3d79e3debc78aa208a22aa7cfabd4feefd4be82d2618ab54135b56d7f5d",
    "templates/erp/conefi/view/V_CONEFI_CAND_INC.sql.j2": "ef991fb439a9683ee56a643969a3d782db7692f2c4a75bab0c17e2ebf5a3fb71",
    "templates/erp/conefi/view/V_CONEFI_CAND_PRG.sql.j2": "a813029e5307522fad84cdf7fa3811df130d4407f8dbaec6d680a784d19e7b25",
    "templates/erp/conefi/view/V_CONEFI_CAND_PRV.sql.j2": "e2ce391c32654c1cc95557e4a64e822e1ddb5b0ea92023a14bfb531d8102b6fd",
    "templates/erp/conefi/view/V_CONEFI_MOV_EST.sql.j2": "79e1283fd5277b931221b84adaf6119e9980e08b2072cd71dc3e25f4cba56fe3",
    "templates/erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2": "8cdf963621c68fce89aaa466deb42b1fd190a2a6ff455a9e7382a7a0f0b2db0b",
    "templates/sgu2/conefi/procedure/P_PULL_DADOS_CONEFI.sql.j2": "573153a09a64a638e025a94ba79914f8f57491a7a3ca7dd8d7697205c9cd2946",
    "templates/sgu2/conefi/table/INTGRA_DADOS_CONEFI.sql.j2": "5d2bf8c8cb83fd6ba94ebb57af1f8153f979f3d0e239251ac43cea0bce504e7f",
    "templates/sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND.sql.j2": "862e65b7682b181c87e4fd9ca245070b8f8dbe7209bebc4de6d14a146f404270",
}


def upgrade() -> None:
    op.alter_table_pieces("erp/conefi/table/INTGRA_DADOS_CONEFI", at=revision, previous=down_revision)
    op.alter_table_pieces("erp/conefi/table/INTGRA_LOG_CONEFI", at=revision, previous=down_revision)
    op.replace_object("erp/conefi/package/PKG_CONEFI_PARAM", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_CAN", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_DES", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_HST", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_INC", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_PRG", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_PRV", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_MOV_EST", at=revision)
    op.replace_object("erp/conefi/view/V_CONEFI_MOV_PGO", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_FILA", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_JOB", at=revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_PARAM", at=revision)
    op.replace_object("sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND", at=revision)


def downgrade() -> None:
    op.alter_table_pieces("erp/conefi/table/INTGRA_DADOS_CONEFI", at=down_revision, previous=revision)
    op.alter_table_pieces("erp/conefi/table/INTGRA_LOG_CONEFI", at=down_revision, previous=revision)
    op.replace_object("erp/conefi/package/PKG_CONEFI_PARAM", at=down_revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_CAN", at=down_revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_HST", at=down_revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_INC", at=down_revision)
    op.replace_object("erp/conefi/view/V_CONEFI_CAND_PRV", at=down_revision)
    op.replace_object("erp/conefi/view/V_CONEFI_MOV_EST", at=down_revision)
    op.replace_object("erp/conefi/view/V_CONEFI_MOV_PGO", at=down_revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_EVENTO", at=down_revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_FILA", at=down_revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_JOB", at=down_revision)
    op.replace_object("erp/conefi/package_body/PKG_CONEFI_PARAM", at=down_revision)
    op.replace_object("sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND", at=down_revision)
    op.drop_object("erp/conefi/view/V_CONEFI_CAND_PRG")
    op.drop_object("erp/conefi/view/V_CONEFI_CAND_DES")


# ---- review: source changes ----------------------------------------------------------
# modified grants/erp/least-privilege.toml
#   --- a/grants/erp/least-privilege.toml
#   +++ b/grants/erp/least-privilege.toml
#   @@ -47,10 +47,10 @@
#    privileges = ["SELECT", "UPDATE"]
#    on = "{siga}.{protheus:SE1}"
#   -reason = "receivable titles: candidates, record fields; the custom E1_XCNF* fields record what was sent"
#   +reason = "receivable titles: candidates, record fields, abatement rows (amount due); the custom E1_XCNF* fields record what was sent"
#
#    [[object_grant]]
#    privileges = ["SELECT"]
#    on = "{siga}.{protheus:SE5}"
#   -reason = "financial movements: payments, reversals, GRR settlements"
#   +reason = "financial movements: payments (VL/BA/CP/V2, interest/fine/discount), reversals (ES rows, E5_SITUACA, deleted rows), GRR settlements"
#
#    [[object_grant]]
# modified templates/_macros/queue.sql.j2
#   --- a/templates/_macros/queue.sql.j2
#   +++ b/templates/_macros/queue.sql.j2
#   @@ -9,5 +9,5 @@
#               INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
#               INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
#   -           INTDC_ID_EXEC, INTDC_DES_IDEMP)
#   +           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
#        SELECT {{ names.queue_seq }}.NEXTVAL,
#               {{ action|literal }},
#   @@ -28,5 +28,6 @@
#               NULL,
#    {% endif %}
#   -           c.CTL_IDEMP
#   +           c.CTL_IDEMP,
#   +           {{ layouts.version }}
#          FROM {{ source }} c
#         WHERE NOT EXISTS (SELECT 1
# modified templates/erp/conefi/package/PKG_CONEFI_PARAM.sql.j2
#   --- a/templates/erp/conefi/package/PKG_CONEFI_PARAM.sql.j2
#   +++ b/templates/erp/conefi/package/PKG_CONEFI_PARAM.sql.j2
#   @@ -20,4 +20,12 @@
#      -- An S/N flag parameter (ORA-20103).
#      FUNCTION f_flag(p_nome IN VARCHAR2, p_padrao IN VARCHAR2) RETURN VARCHAR2;
#   +
#   +  -- Today (YYYYMMDD) in the schedule's region {{ schedule.timezone|literal }}: the one "today"
#   +  -- of the integration, whatever the database host's clock zone.
#   +  FUNCTION f_hoje RETURN VARCHAR2;
#   +
#   +  -- YYYYMMDD: a real due date (E1_VENCREA) before it is overdue for collection, i.e.
#   +  -- today minus CONEFI_DIAS_CARENCIA. INC and PRV both use it (the same grace days).
#   +  FUNCTION f_vencido_antes RETURN VARCHAR2;
#    {% for p in params.list %}
#
# modified templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2
#   @@ -1,5 +1,5 @@
#    {#
#   -purpose: Body of the event package: mapping rules, title lookup, set-based producers of PGO/DES/PRG/EST, rejected events.
#   -depends: erp/conefi/package/PKG_CONEFI_EVENTO, erp/conefi/package/PKG_CONEFI_FILA, erp/conefi/view/V_CONEFI_MOV_PGO, erp/conefi/view/V_CONEFI_MOV_EST
#   +purpose: Body of the event package: mapping rules, title lookup, the reconciliation rules on the event's title (PGO, EST, PRG, DES), rejected events.
#   +depends: erp/conefi/package/PKG_CONEFI_EVENTO, erp/conefi/package/PKG_CONEFI_FILA, erp/conefi/view/V_CONEFI_MOV_PGO, erp/conefi/view/V_CONEFI_MOV_EST, erp/conefi/view/V_CONEFI_CAND_PRG, erp/conefi/view/V_CONEFI_CAND_DES
#    #}
#    {% import '_macros/queue.sql.j2' as queue with context %}
#   @@ -9,4 +9,11 @@
#      -- whose record is generated from the layout (conefi_dbtool/layouts.py); the unique
#      -- idempotency key makes a repeated event (or the daily catch-up) queue nothing new.
#   +
#   +  -- ORA-00060: this ERP session holds the title's SE1 row and waits on a key the daily job
#   +  -- queued, while the job waits on that row. Oracle undoes one statement of one of them; when
#   +  -- it is this INSERT, the rule gives the title to the job (which sees the change) instead
#   +  -- of failing the ERP's transaction (docs/integration-design.md §11.2.1).
#   +  e_impasse EXCEPTION;
#   +  PRAGMA EXCEPTION_INIT(e_impasse, -60);
#
#      FUNCTION f_acao(
#   @@ -92,89 +99,56 @@
#      END f_titulo;
#
#   -  -- PGO: settlements of the title made after INC (V_CONEFI_MOV_PGO), then the balance
#   -  -- last sent follows the title so a later DES does not repeat the payment.
#   -  PROCEDURE p_gerar_pgo(p_id_evento IN NUMBER, p_recno IN NUMBER) IS
#   +{% for step in recon.trigger_steps %}
#   +  -- {{ step.name }} on the event's title: the {{ step.name }} rule of conefi_dbtool/layouts/reconcile.py
#   +  -- (the view the daily reconciliation also reads), then the title's sent state.
#   +  -- ORA-00001: another transaction (the job, another event) queued one of these facts and
#   +  -- committed while this INSERT waited on its key. Only the failed statement is undone,
#   +  -- so the rule runs once more and its NOT EXISTS sees the committed row. FALSE: it
#   +  -- clashed twice, or deadlocked with the daily job (e_impasse): the title is left to the
#   +  -- daily run and no later rule runs on it.
#   +  FUNCTION {{ step.function }}(p_id_evento IN NUMBER, p_recno IN NUMBER,
#   +                 p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
#      BEGIN
#   -    {%+ call queue.enqueue('PGO', names.v_pgo, event_id=true) %}
#   +    {%+ call queue.enqueue(step.code, step.view, event_id=true) %}
#           AND c.CTL_RECNO = p_recno;
#    {% endcall %}
#        IF SQL%ROWCOUNT > 0 THEN
#   -      UPDATE {{ protheus('SE1') }} e1
#   -         SET e1.{{ cf.sent_balance }} = e1.E1_SALDO
#   -       WHERE e1.R_E_C_N_O_ = p_recno
#   -         AND e1.D_E_L_E_T_ = ' ';
#   +      {{ recon.update(step.code, 'event', 6) }};
#        END IF;
#   +    RETURN TRUE;
#      EXCEPTION
#        WHEN DUP_VAL_ON_INDEX THEN
#   -      NULL; -- a concurrent transaction queued the same movement: nothing is lost
#   -  END p_gerar_pgo;
#   +      IF p_tentativa = 1 THEN
#   +        RETURN {{ step.function }}(p_id_evento, p_recno, 2);
#   +      END IF;
#   +      RETURN FALSE;
#   +    WHEN e_impasse THEN
#   +      RETURN FALSE;
#   +  END {{ step.function }};
#
#   -  -- EST: reversals of the title's settlements made after INC (V_CONEFI_MOV_EST).
#   -  PROCEDURE p_gerar_est(p_id_evento IN NUMBER, p_recno IN NUMBER) IS
#   +{% endfor %}
#   +  -- An event re-checks its title in the rules' order: payments and reversals first (so a
#   +  -- DES never carries a payment), then, unless the event is about a movement, due date
#   +  -- and amount due. A movement event (PGO, EST) does not look for value changes: when the
#   +  -- ERP writes it, SE1 may already show a reversal whose ES row is not written yet
#   +  -- (FA070CAN runs before SE5 is reversed), which would read as a value change. That EST
#   +  -- comes with the next event on the title or the 05:00 run at the latest.
#   +  -- A rule that could not run (FALSE) stops the ones after it: a DES read before a PGO
#   +  -- moved the sent amount would send the payment as a discount.
#   +  PROCEDURE p_reconciliar(p_id_evento IN NUMBER, p_recno IN NUMBER, p_acao IN VARCHAR2) IS
#      BEGIN
#   -    {%+ call queue.enqueue('EST', names.v_est, event_id=true) %}
#   -       AND c.CTL_RECNO = p_recno;
#   -{% endcall %}
#   -    IF SQL%ROWCOUNT > 0 THEN
#   -      UPDATE {{ protheus('SE1') }} e1
#   -         SET e1.{{ cf.sent_balance }} = e1.E1_SALDO
#   -       WHERE e1.R_E_C_N_O_ = p_recno
#   -         AND e1.D_E_L_E_T_ = ' ';
#   +{% for step in recon.trigger_steps if step.scope == 'movement' %}
#   +    IF NOT {{ step.function }}(p_id_evento, p_recno) THEN
#   +      RETURN;
#        END IF;
#   -  EXCEPTION
#   -    WHEN DUP_VAL_ON_INDEX THEN
#   -      NULL; -- a concurrent transaction queued the same reversal: nothing is lost
#   -  END p_gerar_est;
#   -
#   -  -- DES: the value or balance of a title in collection differs from what was last sent.
#   -  PROCEDURE p_gerar_des(p_id_evento IN NUMBER, p_recno IN NUMBER) IS
#   -  BEGIN
#   -{% set des_source %}
#   -(SELECT {{ layouts.select('DES', 19) }}
#   -              FROM {{ protheus('SE1') }} e1
#   -             WHERE e1.R_E_C_N_O_ = p_recno
#   -               AND e1.D_E_L_E_T_ = ' '
#   -               AND e1.{{ cf.sent_flag }} IN ('S', 'P')
#   -               AND (e1.E1_VALOR <> e1.{{ cf.sent_value }}
#   -                    OR e1.E1_SALDO <> e1.{{ cf.sent_balance }}))
#   -{%- endset %}
#   -    {{ queue.enqueue('DES', des_source, event_id=true) }}
#   -    IF SQL%ROWCOUNT > 0 THEN
#   -      UPDATE {{ protheus('SE1') }} e1
#   -         SET e1.{{ cf.sent_value }} = e1.E1_VALOR,
#   -             e1.{{ cf.sent_balance }} = e1.E1_SALDO
#   -       WHERE e1.R_E_C_N_O_ = p_recno
#   -         AND e1.D_E_L_E_T_ = ' ';
#   +{% endfor %}
#   +    IF p_acao NOT IN ('PGO', 'EST') THEN
#   +{% for step in recon.trigger_steps if step.scope == 'title' %}
#   +      IF NOT {{ step.function }}(p_id_evento, p_recno) THEN
#   +        RETURN;
#   +      END IF;
#   +{% endfor %}
#        END IF;
#   -  EXCEPTION
#   -    WHEN DUP_VAL_ON_INDEX THEN
#   -      NULL; -- a concurrent transaction queued this event's DES: nothing is lost
#   -  END p_gerar_des;
#   -
#   -  -- PRG: the real due date of a title in collection differs from the one last sent.
#   -  -- State P: the PRV step reports when the new due date passes.
#   -  PROCEDURE p_gerar_prg(p_id_evento IN NUMBER, p_recno IN NUMBER) IS
#   -  BEGIN
#   -{% set prg_source %}
#   -(SELECT {{ layouts.select('PRG', 19) }}
#   -              FROM {{ protheus('SE1') }} e1
#   -             WHERE e1.R_E_C_N_O_ = p_recno
#   -               AND e1.D_E_L_E_T_ = ' '
#   -               AND e1.{{ cf.sent_flag }} IN ('S', 'P')
#   -               AND e1.E1_VENCREA <> e1.{{ cf.sent_due }}
#   -               AND e1.E1_VENCREA <> {{ blank('E1_VENCREA') }})
#   -{%- endset %}
#   -    {{ queue.enqueue('PRG', prg_source, event_id=true) }}
#   -    IF SQL%ROWCOUNT > 0 THEN
#   -      UPDATE {{ protheus('SE1') }} e1
#   -         SET e1.{{ cf.sent_due }} = e1.E1_VENCREA,
#   -             e1.{{ cf.sent_flag }} = 'P'
#   -       WHERE e1.R_E_C_N_O_ = p_recno
#   -         AND e1.D_E_L_E_T_ = ' ';
#   -    END IF;
#   -  EXCEPTION
#   -    WHEN DUP_VAL_ON_INDEX THEN
#   -      NULL; -- a concurrent transaction queued this event's PRG: nothing is lost
#   -  END p_gerar_prg;
#   +  END p_reconciliar;
#
#      PROCEDURE p_receber(
#   @@ -209,16 +183,7 @@
#          RETURN;
#        END IF;
#   -    CASE v_acao
#   -      WHEN 'PGO' THEN
#   -        p_gerar_pgo(p_id_evento, v_recno);
#   -      WHEN 'EST' THEN
#   -        p_gerar_est(p_id_evento, v_recno);
#   -      WHEN 'DES' THEN
#   -        p_gerar_des(p_id_evento, v_recno);
#   -      WHEN 'PRG' THEN
#   -        p_gerar_prg(p_id_evento, v_recno);
#   -      WHEN 'ALT' THEN
#   -        p_gerar_prg(p_id_evento, v_recno);
#   -        p_gerar_des(p_id_evento, v_recno);
#   +    CASE
#   +      WHEN v_acao IN ('PGO', 'EST', 'DES', 'PRG', 'ALT') THEN
#   +        p_reconciliar(p_id_evento, v_recno, v_acao);
#          ELSE
#            p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
# modified templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2
#   @@ -94,8 +94,8 @@
#               INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_OBS,
#               INTDC_DES_CHAVE, INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO,
#   -           INTDC_ID_ORIGEM, INTDC_ID_EXEC, INTDC_DES_IDEMP)
#   +           INTDC_ID_ORIGEM, INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
#        SELECT {{ names.queue_seq }}.NEXTVAL, p_acao, p_dados, p_status, v_obs,
#               p_chave, p_recno_se1, p_recno_se5, p_id_evento,
#   -           p_id_origem, p_id_exec, p_idemp
#   +           p_id_origem, p_id_exec, p_idemp, {{ layouts.version }}
#          FROM DUAL
#         WHERE NOT EXISTS (SELECT 1
#   @@ -114,5 +114,5 @@
#        UPDATE {{ names.queue }} q
#           SET q.INTDC_IND_STATUS = p_status,
#   -           q.INTDC_DTH_PROC = SYSDATE,
#   +           q.INTDC_DTH_PROC = {{ now }},
#               q.INTDC_DES_OBS = v_obs
#         WHERE q.INTDC_ID = p_id;
# modified templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   @@ -1,5 +1,5 @@
#    {#
#    purpose: Body of the daily batch: steps as INSERT ... SELECT over the candidate views plus the SE1 state update, logged per step.
#   -depends: erp/conefi/package/PKG_CONEFI_JOB, erp/conefi/package/PKG_CONEFI_PARAM, erp/conefi/table/INTGRA_LOG_CONEFI, erp/conefi/view/V_CONEFI_CAND_INC, erp/conefi/view/V_CONEFI_CAND_CAN, erp/conefi/view/V_CONEFI_CAND_HST, erp/conefi/view/V_CONEFI_CAND_PRV, erp/conefi/view/V_CONEFI_MOV_PGO, erp/conefi/view/V_CONEFI_MOV_EST, erp/conefi/view/*
#   +depends: erp/conefi/package/PKG_CONEFI_JOB, erp/conefi/package/PKG_CONEFI_PARAM, erp/conefi/package/PKG_CONEFI_FILA, erp/conefi/table/INTGRA_LOG_CONEFI, erp/conefi/view/V_CONEFI_CAND_INC, erp/conefi/view/V_CONEFI_CAND_CAN, erp/conefi/view/V_CONEFI_CAND_HST, erp/conefi/view/V_CONEFI_CAND_PRV, erp/conefi/view/V_CONEFI_CAND_PRG, erp/conefi/view/V_CONEFI_CAND_DES, erp/conefi/view/V_CONEFI_MOV_PGO, erp/conefi/view/V_CONEFI_MOV_EST, erp/conefi/view/*
#    #}
#    {% import '_macros/queue.sql.j2' as queue with context %}
#   @@ -16,5 +16,5 @@
#        INSERT INTO {{ names.log }} (
#               INTLC_ID, INTLC_NOM_PASSO, INTLC_IND_STATUS, INTLC_DTH_INICIO, INTLC_NOM_USU)
#   -    VALUES ({{ names.log_seq }}.NEXTVAL, p_passo, 'R', SYSDATE,
#   +    VALUES ({{ names.log_seq }}.NEXTVAL, p_passo, 'R', {{ now }},
#                SYS_CONTEXT('USERENV', 'SESSION_USER'))
#        RETURNING INTLC_ID INTO v_id;
#   @@ -33,5 +33,5 @@
#        UPDATE {{ names.log }} l
#           SET l.INTLC_IND_STATUS = p_status,
#   -           l.INTLC_DTH_FIM = SYSDATE,
#   +           l.INTLC_DTH_FIM = {{ now }},
#               l.INTLC_QTD_LINHAS = p_qtd,
#               l.INTLC_DES_ERRO = v_erro,
#   @@ -53,5 +53,5 @@
#
#      FUNCTION f_inc(p_exec IN NUMBER) RETURN NUMBER IS
#   -    v_inicio DATE := SYSDATE;
#   +    v_inicio DATE := {{ now }};
#        v_hoje   VARCHAR2(8) := f_hoje;
#        v_limite VARCHAR2(8);
#   @@ -59,5 +59,5 @@
#        v_qtd    NUMBER;
#      BEGIN
#   -    v_limite := TO_CHAR(TO_DATE(v_hoje, 'YYYYMMDD') - {{ names.pkg_param }}.f_dias_carencia, 'YYYYMMDD');
#   +    v_limite := {{ names.pkg_param }}.f_vencido_antes;
#        v_corte := NVL({{ names.pkg_param }}.f_data_corte, '00000000');
#        {%+ call queue.enqueue('INC', names.v_inc, exec_id=true) %}
#   @@ -66,11 +66,12 @@
#    {% endcall %}
#        v_qtd := SQL%ROWCOUNT;
#   -    -- The title's state follows what was just sent (movement baseline: from the INC row).
#   +    -- The title's state is what the INC row just queued says (its record's fields and the
#   +    -- movement baseline), not values read again: a payment committed in between is a PGO.
#        UPDATE {{ protheus('SE1') }} e1
#           SET e1.{{ cf.sent_flag }} = 'S',
#               e1.{{ cf.sent_date }} = v_hoje,
#   -           e1.{{ cf.sent_due }} = e1.E1_VENCREA,
#   -           e1.{{ cf.sent_value }} = e1.E1_VALOR,
#   -           e1.{{ cf.sent_balance }} = e1.E1_SALDO,
#   +           e1.{{ cf.sent_due }} = {{ recon.queued('INC', 'due') }},
#   +           e1.{{ cf.sent_value }} = {{ recon.queued('INC', 'value') }},
#   +           e1.{{ cf.sent_balance }} = {{ recon.queued('INC', 'amount_due') }},
#               e1.{{ cf.sent_movement }} = (SELECT NVL(MAX(q.INTDC_NUM_RECNO_SE5), 0)
#                                             FROM {{ names.queue }} q
#   @@ -85,70 +86,6 @@
#      END f_inc;
#
#   -  -- PGO and EST catch-up: the trigger's views, every title in collection, movements
#   -  -- typed in the restart window (CONEFI_DIAS_REPROC) that are not queued yet.
#   -  FUNCTION f_pgo(p_exec IN NUMBER, p_desde IN VARCHAR2) RETURN NUMBER IS
#   -  BEGIN
#   -    {%+ call queue.enqueue('PGO', names.v_pgo, exec_id=true) %}
#   -       AND c.CTL_DTDIGIT >= p_desde;
#   -{% endcall %}
#   -    RETURN SQL%ROWCOUNT;
#   -  END f_pgo;
#   -
#   -  FUNCTION f_est(p_exec IN NUMBER, p_desde IN VARCHAR2) RETURN NUMBER IS
#   -  BEGIN
#   -    {%+ call queue.enqueue('EST', names.v_est, exec_id=true) %}
#   -       AND c.CTL_DTDIGIT >= p_desde;
#   -{% endcall %}
#   -    RETURN SQL%ROWCOUNT;
#   -  END f_est;
#   -
#   -  -- After PGO/EST the balance last sent follows the titles they reported.
#   -  PROCEDURE p_saldo_enviado(p_exec IN NUMBER, p_acao IN VARCHAR2, p_inicio IN DATE) IS
#   -  BEGIN
#   -    UPDATE {{ protheus('SE1') }} e1
#   -       SET e1.{{ cf.sent_balance }} = e1.E1_SALDO
#   -     WHERE e1.D_E_L_E_T_ = ' '
#   -       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
#   -                               FROM {{ names.queue }} q
#   -                              WHERE q.INTDC_IND_ACAO = p_acao
#   -                                AND q.INTDC_DTH_INCL >= p_inicio
#   -                                AND q.INTDC_ID_EXEC = p_exec);
#   -  END p_saldo_enviado;
#   -
#   -  FUNCTION f_movimentos(p_exec IN NUMBER, p_acao IN VARCHAR2) RETURN NUMBER IS
#   -    v_inicio DATE := SYSDATE;
#   -    v_desde  VARCHAR2(8);
#   -    v_qtd    NUMBER;
#   -  BEGIN
#   -    v_desde := TO_CHAR(TO_DATE(f_hoje, 'YYYYMMDD') - {{ names.pkg_param }}.f_dias_reproc, 'YYYYMMDD');
#   -    IF p_acao = 'PGO' THEN
#   -      v_qtd := f_pgo(p_exec, v_desde);
#   -    ELSE
#   -      v_qtd := f_est(p_exec, v_desde);
#   -    END IF;
#   -    p_saldo_enviado(p_exec, p_acao, v_inicio);
#   -    RETURN v_qtd;
#   -  END f_movimentos;
#   -
#   -  FUNCTION f_can(p_exec IN NUMBER) RETURN NUMBER IS
#   -    v_inicio DATE := SYSDATE;
#   -    v_qtd    NUMBER;
#   -  BEGIN
#   -    {{ queue.enqueue('CAN', names.v_can, exec_id=true) }}
#   -    v_qtd := SQL%ROWCOUNT;
#   -    -- State C on the deleted row: it leaves the candidate set for good.
#   -    UPDATE {{ protheus('SE1') }} e1
#   -       SET e1.{{ cf.sent_flag }} = 'C'
#   -     WHERE e1.D_E_L_E_T_ = '*'
#   -       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
#   -                               FROM {{ names.queue }} q
#   -                              WHERE q.INTDC_IND_ACAO = 'CAN'
#   -                                AND q.INTDC_DTH_INCL >= v_inicio
#   -                                AND q.INTDC_ID_EXEC = p_exec);
#   -    RETURN v_qtd;
#   -  END f_can;
#   -
#      FUNCTION f_prv(p_exec IN NUMBER) RETURN NUMBER IS
#   -    v_inicio DATE := SYSDATE;
#   +    v_inicio DATE := {{ now }};
#        v_qtd    NUMBER;
#      BEGIN
#   @@ -171,5 +108,5 @@
#        v_desde DATE;
#      BEGIN
#   -    v_desde := TRUNC(SYSDATE) - {{ names.pkg_param }}.f_dias_reproc;
#   +    v_desde := TRUNC({{ now }}) - {{ names.pkg_param }}.f_dias_reproc;
#        {%+ call queue.enqueue('HST', names.v_hst, exec_id=true) %}
#           AND c.CTL_DTH_ORIGEM >= v_desde;
#   @@ -178,4 +115,17 @@
#      END f_hst;
#    {% for step in job.steps if step.generated %}
#   +{% if step.code in recon.actions %}
#   +
#   +  -- {{ step.code|literal }} step (reconciliation): its candidate view, then the sent state
#   +  -- of the titles it queued, as its rule in conefi_dbtool/layouts/reconcile.py says.
#   +  FUNCTION {{ step.function }}(p_exec IN NUMBER) RETURN NUMBER IS
#   +    v_qtd NUMBER;
#   +  BEGIN
#   +    {{ queue.enqueue(step.code, step.view, exec_id=true) }}
#   +    v_qtd := SQL%ROWCOUNT;
#   +    {{ recon.update(step.code, 'job', 4) }};
#   +    RETURN v_qtd;
#   +  END {{ step.function }};
#   +{% else %}
#
#      -- {{ step.code|literal }} step: its candidate view as it is (no state update).
#   @@ -185,4 +135,5 @@
#        RETURN SQL%ROWCOUNT;
#      END {{ step.function }};
#   +{% endif %}
#    {% endfor %}
#
#   @@ -191,7 +142,11 @@
#      -- Run one step in its own transaction. TRUE: committed. FALSE: rolled back and the
#      -- error recorded with its backtrace in the log (the caller reports the failure).
#   -  FUNCTION f_executar(p_passo IN VARCHAR2) RETURN BOOLEAN IS
#   -    v_exec NUMBER;
#   -    v_qtd  NUMBER;
#   +  -- ORA-00001 on the queue key: a trigger's transaction queued the same fact while the
#   +  -- step ran (the step waited on its uncommitted key). The attempt is rolled back, logged,
#   +  -- and run once more (p_tentativa 2): its NOT EXISTS then sees the committed row.
#   +  FUNCTION f_executar(p_passo IN VARCHAR2, p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
#   +    v_exec   NUMBER;
#   +    v_qtd    NUMBER;
#   +    v_codigo PLS_INTEGER;
#      BEGIN
#        v_exec := f_log_inicio(p_passo);
#   @@ -207,4 +162,5 @@
#      EXCEPTION
#        WHEN OTHERS THEN
#   +      v_codigo := SQLCODE;
#          ROLLBACK;
#          IF v_exec IS NULL THEN
#   @@ -214,4 +170,7 @@
#          -- turns FALSE into ORA-20010/20011 for the scheduler.
#          p_log_fim(v_exec, 'E', NULL, SQLERRM, SYS.DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
#   +      IF v_codigo = -1 AND p_tentativa = 1 THEN -- ORA-00001 (DUP_VAL_ON_INDEX)
#   +        RETURN f_executar(p_passo, 2);
#   +      END IF;
#          RETURN FALSE;
#      END f_executar;
#   @@ -233,6 +192,7 @@
#
#      PROCEDURE p_diario IS
#   -    v_falhas VARCHAR2(100);
#   -    v_exec   NUMBER;
#   +    v_falhas  VARCHAR2(100);
#   +    v_pulados VARCHAR2(100);
#   +    v_exec    NUMBER;
#      BEGIN
#        IF {{ names.pkg_param }}.f_job_ativo = 'N' THEN
#   @@ -242,11 +202,24 @@
#        END IF;
#    {% for step in job.steps %}
#   +{% if step.after %}
#   +    -- {{ step.literal }} reads the sent state {{ step.after|join(' and ') }} move: not after one of them failed.
#   +    IF {% for a in step.after %}INSTR(v_falhas || ' ', ' ' || {{ a }} || ' ') > 0{% if not loop.last %} OR {% endif %}{% endfor %} THEN
#   +      v_exec := f_log_inicio({{ step.literal }});
#   +      p_log_fim(v_exec, 'N', 0, 'skipped: ' || TRIM(v_falhas) || ' failed in this run');
#   +      v_pulados := v_pulados || ' ' || {{ step.literal }};
#   +    ELSIF NOT f_executar({{ step.literal }}) THEN
#   +      v_falhas := v_falhas || ' ' || {{ step.literal }};
#   +    END IF;
#   +{% else %}
#        IF NOT f_executar({{ step.literal }}) THEN
#          v_falhas := v_falhas || ' ' || {{ step.literal }};
#        END IF;
#   +{% endif %}
#    {% endfor %}
#        IF v_falhas IS NOT NULL THEN
#          RAISE_APPLICATION_ERROR(-20011, 'CONEFI daily run: step(s)' || v_falhas
#   -        || ' failed and were rolled back: see {{ names.log }}');
#   +        || ' failed and were rolled back'
#   +        || CASE WHEN v_pulados IS NOT NULL THEN ', step(s)' || v_pulados || ' skipped' END
#   +        || ': see {{ names.log }}');
#        END IF;
#      END p_diario;
# modified templates/erp/conefi/package_body/PKG_CONEFI_PARAM.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_PARAM.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_PARAM.sql.j2
#   @@ -65,4 +65,16 @@
#        RETURN v_texto;
#      END f_flag;
#   +
#   +  FUNCTION f_hoje RETURN VARCHAR2 IS
#   +    v_hoje VARCHAR2(8);
#   +  BEGIN
#   +    SELECT {{ today }} INTO v_hoje FROM DUAL;
#   +    RETURN v_hoje;
#   +  END f_hoje;
#   +
#   +  FUNCTION f_vencido_antes RETURN VARCHAR2 IS
#   +  BEGIN
#   +    RETURN TO_CHAR(TO_DATE(f_hoje, 'YYYYMMDD') - f_dias_carencia, 'YYYYMMDD');
#   +  END f_vencido_antes;
#    {% for p in params.list %}
#
# modified templates/erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2
#   --- a/templates/erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2
#   +++ b/templates/erp/conefi/table/INTGRA_DADOS_CONEFI.sql.j2
#   @@ -8,5 +8,5 @@
#      INTDC_DADOS          VARCHAR2(4000)  NOT NULL,
#      INTDC_IND_STATUS     VARCHAR2(1)     DEFAULT 'P' NOT NULL,
#   -  INTDC_DTH_INCL       DATE            DEFAULT SYSDATE NOT NULL,
#   +  INTDC_DTH_INCL       DATE            DEFAULT {{ now }} NOT NULL,
#      INTDC_DTH_PROC       DATE,
#      INTDC_DES_OBS        VARCHAR2(4000),
#   @@ -18,4 +18,5 @@
#      INTDC_ID_EXEC        NUMBER(18),
#      INTDC_DES_IDEMP      VARCHAR2(200)   NOT NULL,
#   +  INTDC_NUM_LAYOUT     NUMBER(3)       DEFAULT 1 NOT NULL,
#      CONSTRAINT PK_{{ obj.name }} PRIMARY KEY (INTDC_ID),
#      CONSTRAINT UK_{{ obj.name }}_IDEMP UNIQUE (INTDC_DES_IDEMP),
#   @@ -34,7 +35,8 @@
#    COMMENT ON COLUMN {{ obj.qualified }}.INTDC_DES_CHAVE IS 'Title key E1_FILIAL+E1_PREFIXO+E1_NUM+E1_PARCELA+E1_TIPO (SE1 index 1, padded)';
#    COMMENT ON COLUMN {{ obj.qualified }}.INTDC_NUM_RECNO_SE1 IS 'SE1 R_E_C_N_O_ of the title';
#   -COMMENT ON COLUMN {{ obj.qualified }}.INTDC_NUM_RECNO_SE5 IS 'SE5 R_E_C_N_O_ of the movement (PGO, EST); for INC the last movement of the title when sent';
#   +COMMENT ON COLUMN {{ obj.qualified }}.INTDC_NUM_RECNO_SE5 IS 'SE5 R_E_C_N_O_ of the movement (PGO: the payment; EST: the payment undone); for INC the last movement of the title when sent';
#    COMMENT ON COLUMN {{ obj.qualified }}.INTDC_ID_EVENTO IS 'Id of the originating {{ names.event_table }} row (trigger actions)';
#    COMMENT ON COLUMN {{ obj.qualified }}.INTDC_ID_ORIGEM IS 'INTDC_ID this row refers to (HST: its INC/DES/PRG; EST: the PGO reversed)';
#    COMMENT ON COLUMN {{ obj.qualified }}.INTDC_ID_EXEC IS 'INTLC_ID of the job step that produced the row ({{ names.log }})';
#    COMMENT ON COLUMN {{ obj.qualified }}.INTDC_DES_IDEMP IS 'Idempotency key (unique): the same fact is never queued twice';
#   +COMMENT ON COLUMN {{ obj.qualified }}.INTDC_NUM_LAYOUT IS 'Layout version of INTDC_DADOS (conefi-dbtool decode knows every version); rows queued before the column existed are version 1';
# modified templates/erp/conefi/table/INTGRA_LOG_CONEFI.sql.j2
#   --- a/templates/erp/conefi/table/INTGRA_LOG_CONEFI.sql.j2
#   +++ b/templates/erp/conefi/table/INTGRA_LOG_CONEFI.sql.j2
#   @@ -7,5 +7,5 @@
#      INTLC_NOM_PASSO      VARCHAR2(30)    NOT NULL,
#      INTLC_IND_STATUS     VARCHAR2(1)     DEFAULT 'R' NOT NULL,
#   -  INTLC_DTH_INICIO     DATE            DEFAULT SYSDATE NOT NULL,
#   +  INTLC_DTH_INICIO     DATE            DEFAULT {{ now }} NOT NULL,
#      INTLC_DTH_FIM        DATE,
#      INTLC_QTD_LINHAS     NUMBER(18),
# modified templates/erp/conefi/view/V_CONEFI_CAND_CAN.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_CAND_CAN.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_CAND_CAN.sql.j2
#   @@ -1,4 +1,4 @@
#    {#
#   -purpose: CAN candidates: titles sent to CONEFI (state S or P) that were deleted in Protheus since, not GRR.
#   +purpose: CAN candidates: titles sent to CONEFI (state S or P) that were deleted in Protheus since.
#    depends: erp/conefi/table/INTGRA_DADOS_CONEFI
#    #}
#   @@ -6,8 +6,9 @@
#    -- {{ tool }}: Protheus cancels a title by deleting it (FINA040 / invoice exclusion):
#    -- the row stays with D_E_L_E_T_ = '*'. This view deliberately reads those deleted SE1
#   --- rows (and only the live rows of SE5); the CAN step sets the state to 'C'.
#   +-- rows (and only the live rows of SE5); the condition is the CAN rule of
#   +-- conefi_dbtool/layouts/reconcile.py, and the CAN step sets the state to 'C'.
#   +-- No GRR exclusion, as for PGO: a title CONEFI is collecting must hear it was cancelled,
#   +-- whatever settled it since (and the model's CAN rule has none either).
#    SELECT {{ layouts.select('CAN', 7) }}
#      FROM {{ protheus('SE1') }} e1
#   - WHERE e1.D_E_L_E_T_ = '*'
#   -   AND e1.{{ cf.sent_flag }} IN ('S', 'P')
#   -   AND {{ sqlx.not_grr('e1', 3) }};
#   + WHERE {{ recon.where('CAN') }};
# added    templates/erp/conefi/view/V_CONEFI_CAND_DES.sql.j2 (full text: migrations/snapshots/55/55aa0a66ace1152f3f9c5ddf88fddc4e2fc9867fdbce31180e87945fcd74e3d8.sql.j2)
# modified templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_CAND_HST.sql.j2
#   @@ -1,24 +1,35 @@
#    {#
#   -purpose: HST candidates: for each INC/DES/PRG queue row, every title of the same customer issued in the months before its day, not GRR.
#   -depends: erp/conefi/table/INTGRA_DADOS_CONEFI
#   +purpose: HST candidates: once per customer and day of INC/DES/PRG rows, every title of that customer issued in the months before that day, not GRR.
#   +depends: erp/conefi/table/INTGRA_DADOS_CONEFI, erp/conefi/package/PKG_CONEFI_PARAM
#    #}
#    CREATE OR REPLACE VIEW {{ obj.qualified }} AS
#   --- {{ tool }}: one line per (origin queue row, customer title issued in the
#   --- {{ integration.history_months|number }} months before it). The HST step limits the origins
#   --- to the last CONEFI_DIAS_REPROC days and skips keys already queued. Titles issued on or
#   --- after the origin's day are not its history: without that bound a later run (or a re-run
#   --- the same day) would add lines for titles issued since.
#   +-- {{ tool }}: one history per (customer, day): q groups the INC/DES/PRG rows of the last
#   +-- CONEFI_DIAS_REPROC days by the customer of their title (A1_FILIAL by the sharing modes,
#   +-- code, store) and by the day they were queued ({{ schedule.timezone|literal }}: the queue
#   +-- stamps rows in that region); the first row of the group is the origin of every line, so
#   +-- four titles of one customer in one day send the history once, and a re-run keeps the keys.
#   +-- History: the customer's titles issued in the {{ integration.history_months|number }} months
#   +-- before that day (not on or after it, so a later run adds no line to an old origin).
#    SELECT {{ layouts.select('HST', 7) }}
#   -  FROM {{ names.queue }} q
#   -  JOIN {{ protheus('SE1') }} o
#   -    ON o.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE1
#   -   AND o.D_E_L_E_T_ = ' '
#   +  FROM (SELECT MIN(qo.INTDC_ID) AS INTDC_ID,
#   +               MIN(qo.INTDC_DTH_INCL) AS INTDC_DTH_INCL,
#   +               o.E1_CLIENTE,
#   +               o.E1_LOJA,
#   +               {{ sqlx.customer_branch('o') }} AS FILIAL_SA1
#   +          FROM {{ names.queue }} qo
#   +          JOIN {{ protheus('SE1') }} o
#   +            ON o.R_E_C_N_O_ = qo.INTDC_NUM_RECNO_SE1
#   +           AND o.D_E_L_E_T_ = ' '
#   +         WHERE qo.INTDC_IND_ACAO IN ('INC', 'DES', 'PRG')
#   +           AND qo.INTDC_DTH_INCL >= (SELECT TRUNC({{ now }}) - {{ names.pkg_param }}.f_dias_reproc
#   +                                       FROM DUAL)
#   +         GROUP BY o.E1_CLIENTE, o.E1_LOJA, {{ sqlx.customer_branch('o') }},
#   +                  TO_CHAR(qo.INTDC_DTH_INCL, 'YYYYMMDD')) q
#      JOIN {{ protheus('SE1') }} h
#   -    ON h.E1_CLIENTE = o.E1_CLIENTE
#   -   AND h.E1_LOJA = o.E1_LOJA
#   +    ON h.E1_CLIENTE = q.E1_CLIENTE
#   +   AND h.E1_LOJA = q.E1_LOJA
#   +   AND {{ sqlx.customer_branch('h') }} = q.FILIAL_SA1
#       AND h.D_E_L_E_T_ = ' '
#   - WHERE q.INTDC_IND_ACAO IN ('INC', 'DES', 'PRG')
#   -   AND q.INTDC_IND_STATUS <> 'E'
#   -   AND h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -{{ integration.history_months|number }}), 'YYYYMMDD')
#   + WHERE h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -{{ integration.history_months|number }}), 'YYYYMMDD')
#       AND h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')
#       AND {{ sqlx.sellable('h') }}
# modified templates/erp/conefi/view/V_CONEFI_CAND_INC.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_CAND_INC.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_CAND_INC.sql.j2
#   @@ -6,4 +6,6 @@
#    -- {{ tool }}: overdue = real due date (E1_VENCREA) before today in {{ schedule.timezone|literal }}.
#    -- The INC step adds the Z99 parameters (grace days, cut-off date) and the idempotency check.
#   +-- Customer: the one SA1 row (its unique key A1_FILIAL+A1_COD+A1_LOJA) with the branch
#   +-- integration.sharing gives the title's customer, so a title never yields two INC rows.
#    -- GRR link: an HRH row of the title itself (HRH_ALIAS 'SE1', HRH_SOURCE = SE1 key) or of its
#    -- sales order (HRH_ALIAS 'SC5', HRH_SOURCE = E1_PEDIDO); the latest row of each wins.
#   @@ -11,5 +13,5 @@
#      FROM {{ protheus('SE1') }} e1
#      LEFT JOIN {{ protheus('SA1') }} a1
#   -    ON a1.A1_FILIAL IN (e1.E1_FILIAL, {{ blank('A1_FILIAL') }})
#   +    ON a1.A1_FILIAL = {{ sqlx.customer_branch('e1') }}
#       AND a1.A1_COD = e1.E1_CLIENTE
#       AND a1.A1_LOJA = e1.E1_LOJA
#   @@ -47,6 +49,10 @@
#       AND e1.{{ cf.sent_flag }} = {{ blank(cf.sent_flag) }}
#       AND e1.E1_SALDO > 0
#   +   AND {{ recon.amount_due('e1') }} > 0
#       AND e1.E1_VENCREA <> {{ blank('E1_VENCREA') }}
#       AND e1.E1_VENCREA < {{ today }}
#       AND {{ sqlx.sellable('e1') }}
#   +{% if sqlx.collectable('e1') %}
#   +   AND {{ sqlx.collectable('e1') }}
#   +{% endif %}
#       AND {{ sqlx.not_grr('e1', 3) }};
# added    templates/erp/conefi/view/V_CONEFI_CAND_PRG.sql.j2 (full text: migrations/snapshots/a8/a813029e5307522fad84cdf7fa3811df130d4407f8dbaec6d680a784d19e7b25.sql.j2)
# modified templates/erp/conefi/view/V_CONEFI_CAND_PRV.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_CAND_PRV.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_CAND_PRV.sql.j2
#   @@ -1,9 +1,10 @@
#    {#
#   -purpose: PRV candidates: titles extended after being sent (state P) whose new real due date has passed, with a balance, not GRR.
#   -depends: erp/conefi/table/INTGRA_DADOS_CONEFI
#   +purpose: PRV candidates: titles extended after being sent (state P) whose new real due date has passed by INC's grace days, with a balance, not GRR.
#   +depends: erp/conefi/table/INTGRA_DADOS_CONEFI, erp/conefi/package/PKG_CONEFI_PARAM
#    #}
#    CREATE OR REPLACE VIEW {{ obj.qualified }} AS
#   --- {{ tool }}: a PRG set {{ cf.sent_flag }} = 'P'; once E1_VENCREA is before today again the
#   --- title is back in collection: PRV, and the PRV step sets the state back to 'S'.
#   +-- {{ tool }}: a PRG set {{ cf.sent_flag }} = 'P'; once E1_VENCREA is overdue again by the same
#   +-- rule as INC (before today minus CONEFI_DIAS_CARENCIA) the title is back in collection:
#   +-- PRV, and the PRV step sets the state back to 'S'.
#    SELECT {{ layouts.select('PRV', 7) }}
#      FROM {{ protheus('SE1') }} e1
#   @@ -11,5 +12,6 @@
#       AND e1.{{ cf.sent_flag }} = 'P'
#       AND e1.E1_SALDO > 0
#   +   AND {{ recon.amount_due('e1') }} > 0
#       AND e1.E1_VENCREA <> {{ blank('E1_VENCREA') }}
#   -   AND e1.E1_VENCREA < {{ today }}
#   +   AND e1.E1_VENCREA < (SELECT {{ names.pkg_param }}.f_vencido_antes FROM DUAL)
#       AND {{ sqlx.not_grr('e1', 3) }};
# modified templates/erp/conefi/view/V_CONEFI_MOV_EST.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_MOV_EST.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_MOV_EST.sql.j2
#   @@ -1,19 +1,16 @@
#    {#
#   -purpose: EST movements: reversals (SE5 E5_TIPODOC = 'ES') of titles in collection made after INC, with the original entry they reverse.
#   +purpose: EST movements: settlements CONEFI knows (sent as PGO, or in the INC balance) that were undone by an ES row, E5_SITUACA or deletion (reconciliation rule EST).
#    depends: erp/conefi/table/INTGRA_DADOS_CONEFI
#    #}
#    CREATE OR REPLACE VIEW {{ obj.qualified }} AS
#   --- {{ tool }}: a reversal is a new SE5 row with the title key and the E5_SEQ of the
#   --- settlement it reverses; the record carries that settlement's R_E_C_N_O_ and the
#   --- INTDC_ID of its PGO (empty when the settlement predates INC). Used by the trigger and
#   --- by the daily catch-up step, like {{ names.v_pgo }}; no GRR exclusion (see there).
#   +-- {{ tool }}: one row per settlement undone, whatever shows it first: an ES row with its
#   +-- key and E5_SEQ, E5_SITUACA in the configured reversal values, or its SE5 row deleted
#   +-- (the join reads deleted SE5 rows on purpose). Keyed EST:P:<SE5 R_E_C_N_O_ of the
#   +-- settlement>, so three kinds of evidence still make one EST; a reversal queued by
#   +-- layout 1 (EST:<R_E_C_N_O_ of the ES row>) counts as sent. Used by the trigger and by
#   +-- the daily reconciliation, like {{ names.v_pgo }}; no GRR exclusion (see there).
#    SELECT {{ layouts.select('EST', 7) }}
#      FROM {{ protheus('SE1') }} e1
#   -  JOIN {{ protheus('SE5') }} es
#   -    ON {{ sqlx.movement_join('es', 'e1', 3) }}
#   - WHERE e1.D_E_L_E_T_ = ' '
#   -   AND e1.{{ cf.sent_flag }} IN ('S', 'P')
#   -   AND es.D_E_L_E_T_ = ' '
#   -   AND es.R_E_C_N_O_ > e1.{{ cf.sent_movement }}
#   -   AND es.E5_TIPODOC = 'ES'
#   -   AND es.E5_SITUACA <> 'C';
#   +  JOIN {{ protheus('SE5') }} e5
#   +    ON {{ sqlx.movement_join('e5', 'e1', 3) }}
#   + WHERE {{ recon.where('EST') }};
# modified templates/erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2
#   --- a/templates/erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2
#   +++ b/templates/erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2
#   @@ -1,10 +1,12 @@
#    {#
#   -purpose: PGO movements: settlements (SE5) of titles in collection made after INC, one row per movement with its record fields.
#   +purpose: PGO movements: settlements (SE5) of titles in collection made after INC and not undone, one row per movement (reconciliation rule PGO).
#    depends: erp/conefi/table/INTGRA_DADOS_CONEFI
#    #}
#    CREATE OR REPLACE VIEW {{ obj.qualified }} AS
#    -- {{ tool }}: used by the trigger (WHERE CTL_RECNO = the event's title) and by the daily
#   --- catch-up step (every title): the idempotency key makes both produce each PGO once.
#   --- Movements up to {{ cf.sent_movement }} were already reflected in the INC balance.
#   +-- reconciliation (every title): the key PGO:<SE5 R_E_C_N_O_> makes both produce each
#   +-- payment once. The condition is the PGO rule of conefi_dbtool/layouts/reconcile.py:
#   +-- payment types ({{ settlement_tipodoc }}, E5_RECPAG 'R'), live, not cancelled and not
#   +-- reversed by an ES row, after the movements reflected in the INC balance.
#    -- No GRR exclusion here on purpose: a title in collection paid through GRR must still
#    -- tell CONEFI it was paid.
#   @@ -13,9 +15,3 @@
#      JOIN {{ protheus('SE5') }} e5
#        ON {{ sqlx.movement_join('e5', 'e1', 3) }}
#   - WHERE e1.D_E_L_E_T_ = ' '
#   -   AND e1.{{ cf.sent_flag }} IN ('S', 'P')
#   -   AND e5.D_E_L_E_T_ = ' '
#   -   AND e5.R_E_C_N_O_ > e1.{{ cf.sent_movement }}
#   -   AND e5.E5_RECPAG = 'R'
#   -   AND e5.E5_TIPODOC IN ({{ settlement_tipodoc }})
#   -   AND e5.E5_SITUACA <> 'C';
#   + WHERE {{ recon.where('PGO') }};
# modified templates/sgu2/conefi/procedure/P_PULL_DADOS_CONEFI.sql.j2
#   --- a/templates/sgu2/conefi/procedure/P_PULL_DADOS_CONEFI.sql.j2
#   +++ b/templates/sgu2/conefi/procedure/P_PULL_DADOS_CONEFI.sql.j2
#   @@ -15,5 +15,5 @@
#      CURSOR c_pending IS
#        SELECT q.INTDC_ID, q.INTDC_IND_ACAO, q.INTDC_DADOS, q.INTDC_DTH_INCL,
#   -           q.INTDC_DES_CHAVE, q.INTDC_ID_ORIGEM
#   +           q.INTDC_DES_CHAVE, q.INTDC_ID_ORIGEM, q.INTDC_NUM_LAYOUT
#          FROM {{ remote }} q
#         WHERE q.INTDC_IND_STATUS = 'P'
#   @@ -25,4 +25,5 @@
#      TYPE t_datas IS TABLE OF {{ local }}.INTDC_DTH_INCL%TYPE;
#      TYPE t_chaves IS TABLE OF {{ local }}.INTDC_DES_CHAVE%TYPE;
#   +  TYPE t_layouts IS TABLE OF {{ local }}.INTDC_NUM_LAYOUT%TYPE;
#      v_ids t_ids;
#      v_acoes t_acoes;
#   @@ -31,13 +32,15 @@
#      v_chaves t_chaves;
#      v_origens t_ids;
#   +  v_layouts t_layouts;
#    BEGIN
#      OPEN c_pending;
#   -  FETCH c_pending BULK COLLECT INTO v_ids, v_acoes, v_dados, v_datas, v_chaves, v_origens
#   -    LIMIT p_max_rows;
#   +  FETCH c_pending BULK COLLECT INTO v_ids, v_acoes, v_dados, v_datas, v_chaves, v_origens,
#   +    v_layouts LIMIT p_max_rows;
#      CLOSE c_pending;
#      FORALL i IN 1 .. v_ids.COUNT
#        INSERT INTO {{ local }}
#   -      (INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_DTH_INCL, INTDC_DES_CHAVE, INTDC_ID_ORIGEM)
#   -    SELECT v_ids(i), v_acoes(i), v_dados(i), v_datas(i), v_chaves(i), v_origens(i)
#   +      (INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_DTH_INCL, INTDC_DES_CHAVE, INTDC_ID_ORIGEM,
#   +       INTDC_NUM_LAYOUT)
#   +    SELECT v_ids(i), v_acoes(i), v_dados(i), v_datas(i), v_chaves(i), v_origens(i), v_layouts(i)
#          FROM dual
#         WHERE NOT EXISTS (SELECT 1 FROM {{ local }} l WHERE l.INTDC_ID = v_ids(i));
#   @@ -46,5 +49,5 @@
#        UPDATE {{ remote }} q
#           SET q.INTDC_IND_STATUS = 'I',
#   -           q.INTDC_DTH_PROC = SYSDATE
#   +           q.INTDC_DTH_PROC = {{ now }}
#         WHERE q.INTDC_ID = v_ids(i);
#      END LOOP;
# modified templates/sgu2/conefi/table/INTGRA_DADOS_CONEFI.sql.j2
#   --- a/templates/sgu2/conefi/table/INTGRA_DADOS_CONEFI.sql.j2
#   +++ b/templates/sgu2/conefi/table/INTGRA_DADOS_CONEFI.sql.j2
#   @@ -11,5 +11,6 @@
#      INTDC_ID_ORIGEM   NUMBER(18),
#      INTDC_IND_STATUS  VARCHAR2(1)     DEFAULT 'P' NOT NULL,
#   -  INTDC_DTH_PULL    DATE            DEFAULT SYSDATE NOT NULL,
#   +  INTDC_DTH_PULL    DATE            DEFAULT {{ now }} NOT NULL,
#   +  INTDC_NUM_LAYOUT  NUMBER(3)       DEFAULT 1 NOT NULL,
#      CONSTRAINT PK_{{ obj.name }} PRIMARY KEY (INTDC_ID)
#    ) TABLESPACE {{ sgu2.tablespaces.default|ident }};
# modified templates/sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND.sql.j2
#   --- a/templates/sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND.sql.j2
#   +++ b/templates/sgu2/conefi/view/V_INTGRA_DADOS_CONEFI_PEND.sql.j2
#   @@ -1,4 +1,4 @@
#    {#
#   -purpose: Pending records of the ERP CONEFI queue (status P, id order for the reader), read over the database link.
#   +purpose: Pending records of the ERP CONEFI queue (status P, id order for the reader) with their layout version, read over the database link.
#    depends: sgu2/conefi/synonym/INTGRA_DADOS_CONEFI_ERP
#    #}
#   @@ -9,5 +9,6 @@
#           q.INTDC_DTH_INCL,
#           q.INTDC_DES_CHAVE,
#   -       q.INTDC_ID_ORIGEM
#   +       q.INTDC_ID_ORIGEM,
#   +       q.INTDC_NUM_LAYOUT
#      FROM {{ obj.owner }}.INTGRA_DADOS_CONEFI_ERP q
#     WHERE q.INTDC_IND_STATUS = 'P';
