CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_JOB
AUTHID DEFINER
AS
  -- conefi-dbtool: entry point of CONEFI.J_CONEFI_DIARIO and the steps it chains.
  -- Each step is one transaction: a few INSERT ... SELECT over its candidate view, the
  -- SE1 state update, COMMIT. Re-running a step the same day queues nothing new (unique
  -- idempotency key); a failed step is rolled back, logged in CONEFI.INTGRA_LOG_CONEFI with its
  -- backtrace, and the next run (or a manual call) catches up. Never call a step from the
  -- trigger path: steps COMMIT.

  -- The daily run: INC, PGO, EST, CAN, PRG, DES, PRV, HST in this order (HST last: it follows the
  -- INC/DES/PRG rows of the day). A failed step does not stop the independent ones; the
  -- run then ends with ORA-20011 so the scheduler records the failure.
  PROCEDURE p_diario;

  PROCEDURE p_gerar_inc; -- overdue titles never sent
  PROCEDURE p_gerar_pgo; -- reconciliation: settlements neither path queued yet
  PROCEDURE p_gerar_est; -- reconciliation: settlements CONEFI knows, undone
  PROCEDURE p_gerar_can; -- reconciliation: titles in collection deleted
  PROCEDURE p_gerar_prg; -- reconciliation: due date differs from the one sent
  PROCEDURE p_gerar_des; -- reconciliation: amount due differs from the one sent
  PROCEDURE p_gerar_prv; -- extended titles overdue again
  PROCEDURE p_gerar_hst; -- customer history after INC/DES/PRG
END PKG_CONEFI_JOB;
/
