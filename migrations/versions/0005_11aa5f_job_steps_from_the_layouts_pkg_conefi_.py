"""Job steps from the layouts: PKG_CONEFI_JOB and J_CONEFI_DIARIO list the layouts' job steps (no rendered change)

Revision ID: 0005_11aa5f
Revises: 0004_de90a6
Create Date: 2026-12-07 14:17:42.523676
"""
# Written by `conefi-dbtool revision` (docs/releases.md). Review the operations and the
# frozen sources; never edit a file under migrations/snapshots/.
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401  (registers op.replace_object & co)

revision = '0005_11aa5f'
down_revision = '0004_de90a6'
branch_labels = None
depends_on = None

# Frozen sources changed by this revision: file -> sha256 of its content, stored in
# migrations/snapshots/<sha[:2]>/<sha><suffix> (None: file removed). The state at this
# revision is the state at down_revision plus these changes.
sources = {
    "templates/erp/conefi/job/J_CONEFI_DIARIO.sql.j2": "5b9655434dec5332d20e3aac042a78c650c0ecfde9dd913324b98eb1fdc34f5e",
    "templates/erp/conefi/package/PKG_CONEFI_JOB.sql.j2": "48c0fd23ba5739e6acd05b41f82c33514fdfe5de9fff5024a18e00edb8cf34c6",
    "templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2": "a0da750fbee8708b3451c2c04244fc8648723d10419f15993f4b5d6cbe376789",
}


def upgrade() -> None:
    # record-only: no target renders differently
    pass


def downgrade() -> None:
    # record-only: no target renders differently
    pass


# ---- review: source changes ----------------------------------------------------------
# modified templates/erp/conefi/job/J_CONEFI_DIARIO.sql.j2
#   --- a/templates/erp/conefi/job/J_CONEFI_DIARIO.sql.j2
#   +++ b/templates/erp/conefi/job/J_CONEFI_DIARIO.sql.j2
#   @@ -22,5 +22,5 @@
#          enabled         => FALSE,
#          auto_drop       => FALSE,
#   -      comments        => '{{ tool }}: daily CONEFI batch (INC PGO EST CAN PRV HST)');
#   +      comments        => '{{ tool }}: daily CONEFI batch ({{ job.run_list }})');
#      ELSE
#        SYS.DBMS_SCHEDULER.DISABLE({{ obj.qualified|literal }}, TRUE);
#   @@ -40,5 +40,5 @@
#          name      => {{ obj.qualified|literal }},
#          attribute => 'comments',
#   -      value     => '{{ tool }}: daily CONEFI batch (INC PGO EST CAN PRV HST)');
#   +      value     => '{{ tool }}: daily CONEFI batch ({{ job.run_list }})');
#      END IF;
#      -- Steps are idempotent: after a database restart the run may start again.
# modified templates/erp/conefi/package/PKG_CONEFI_JOB.sql.j2
#   --- a/templates/erp/conefi/package/PKG_CONEFI_JOB.sql.j2
#   +++ b/templates/erp/conefi/package/PKG_CONEFI_JOB.sql.j2
#   @@ -13,15 +13,12 @@
#      -- trigger path: steps COMMIT.
#
#   -  -- The daily run: INC, PGO, EST, CAN, PRV, HST in this order (HST last: it follows the
#   +  -- The daily run: {{ job.run_order }} in this order (HST last: it follows the
#      -- INC/DES/PRG rows of the day). A failed step does not stop the independent ones; the
#      -- run then ends with ORA-20011 so the scheduler records the failure.
#      PROCEDURE p_diario;
#
#   -  PROCEDURE p_gerar_inc; -- overdue titles never sent
#   -  PROCEDURE p_gerar_pgo; -- catch-up: settlements after INC the trigger did not queue
#   -  PROCEDURE p_gerar_est; -- catch-up: reversals after INC the trigger did not queue
#   -  PROCEDURE p_gerar_can; -- sent titles deleted in Protheus
#   -  PROCEDURE p_gerar_prv; -- extended titles overdue again
#   -  PROCEDURE p_gerar_hst; -- customer history after INC/DES/PRG
#   +{% for step in job.steps %}
#   +  PROCEDURE {{ step.procedure }}; -- {{ step.doc }}
#   +{% endfor %}
#    END {{ obj.name }};
#    /
# modified templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   --- a/templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   +++ b/templates/erp/conefi/package_body/PKG_CONEFI_JOB.sql.j2
#   @@ -1,5 +1,5 @@
#    {#
#    purpose: Body of the daily batch: steps as INSERT ... SELECT over the candidate views plus the SE1 state update, logged per step.
#   -depends: erp/conefi/package/PKG_CONEFI_JOB, erp/conefi/package/PKG_CONEFI_PARAM, erp/conefi/table/INTGRA_LOG_CONEFI, erp/conefi/view/V_CONEFI_CAND_INC, erp/conefi/view/V_CONEFI_CAND_CAN, erp/conefi/view/V_CONEFI_CAND_HST, erp/conefi/view/V_CONEFI_CAND_PRV, erp/conefi/view/V_CONEFI_MOV_PGO, erp/conefi/view/V_CONEFI_MOV_EST
#   +depends: erp/conefi/package/PKG_CONEFI_JOB, erp/conefi/package/PKG_CONEFI_PARAM, erp/conefi/table/INTGRA_LOG_CONEFI, erp/conefi/view/V_CONEFI_CAND_INC, erp/conefi/view/V_CONEFI_CAND_CAN, erp/conefi/view/V_CONEFI_CAND_HST, erp/conefi/view/V_CONEFI_CAND_PRV, erp/conefi/view/V_CONEFI_MOV_PGO, erp/conefi/view/V_CONEFI_MOV_EST, erp/conefi/view/*
#    #}
#    {% import '_macros/queue.sql.j2' as queue with context %}
#   @@ -174,4 +174,13 @@
#        RETURN SQL%ROWCOUNT;
#      END f_hst;
#   +{% for step in job.steps if step.generated %}
#   +
#   +  -- {{ step.code|literal }} step: its candidate view as it is (no state update).
#   +  FUNCTION {{ step.function }}(p_exec IN NUMBER) RETURN NUMBER IS
#   +  BEGIN
#   +    {{ queue.enqueue(step.code, step.view, exec_id=true) }}
#   +    RETURN SQL%ROWCOUNT;
#   +  END {{ step.function }};
#   +{% endfor %}
#
#      -- ---------------------------------------------------------------- runner
#   @@ -185,16 +194,8 @@
#        v_exec := f_log_inicio(p_passo);
#        CASE p_passo
#   -      WHEN 'INC' THEN
#   -        v_qtd := f_inc(v_exec);
#   -      WHEN 'PGO' THEN
#   -        v_qtd := f_movimentos(v_exec, 'PGO');
#   -      WHEN 'EST' THEN
#   -        v_qtd := f_movimentos(v_exec, 'EST');
#   -      WHEN 'CAN' THEN
#   -        v_qtd := f_can(v_exec);
#   -      WHEN 'PRV' THEN
#   -        v_qtd := f_prv(v_exec);
#   -      WHEN 'HST' THEN
#   -        v_qtd := f_hst(v_exec);
#   +{% for step in job.steps %}
#   +      WHEN {{ step.literal }} THEN
#   +        v_qtd := {{ step.runner }};
#   +{% endfor %}
#        END CASE;
#        COMMIT;
#   @@ -220,34 +221,11 @@
#        END IF;
#      END p_passo;
#   -
#   -  PROCEDURE p_gerar_inc IS
#   -  BEGIN
#   -    p_passo('INC');
#   -  END p_gerar_inc;
#   -
#   -  PROCEDURE p_gerar_pgo IS
#   -  BEGIN
#   -    p_passo('PGO');
#   -  END p_gerar_pgo;
#   -
#   -  PROCEDURE p_gerar_est IS
#   -  BEGIN
#   -    p_passo('EST');
#   -  END p_gerar_est;
#   -
#   -  PROCEDURE p_gerar_can IS
#   -  BEGIN
#   -    p_passo('CAN');
#   -  END p_gerar_can;
#   -
#   -  PROCEDURE p_gerar_prv IS
#   -  BEGIN
#   -    p_passo('PRV');
#   -  END p_gerar_prv;
#   -
#   -  PROCEDURE p_gerar_hst IS
#   -  BEGIN
#   -    p_passo('HST');
#   -  END p_gerar_hst;
#   +{% for step in job.steps %}
#   +
#   +  PROCEDURE {{ step.procedure }} IS
#   +  BEGIN
#   +    p_passo({{ step.literal }});
#   +  END {{ step.procedure }};
#   +{% endfor %}
#
#      PROCEDURE p_diario IS
#   @@ -260,7 +238,7 @@
#          RETURN;
#        END IF;
#   -{% for step in ('INC', 'PGO', 'EST', 'CAN', 'PRV', 'HST') %}
#   -    IF NOT f_executar({{ step|literal }}) THEN
#   -      v_falhas := v_falhas || ' ' || {{ step|literal }};
#   +{% for step in job.steps %}
#   +    IF NOT f_executar({{ step.literal }}) THEN
#   +      v_falhas := v_falhas || ' ' || {{ step.literal }};
#        END IF;
#    {% endfor %}
