CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_EVENTO
AUTHID DEFINER
AS
  -- conefi-dbtool: called by the AFTER INSERT trigger on SGU.INTGRA_RET_ERP.
  -- Transactional outbox: it queues in the caller's transaction; no COMMIT, no
  -- autonomous transaction, so an ERP rollback leaves no queue row. An event no rule
  -- maps, or whose key names no title, is queued with status E and the reason; it never
  -- raises into the ERP transaction except on a genuine database error.

  -- The action an event maps to (rules from integration.events, first match wins):
  -- PGO, DES, PRG, EST, ALT (DES and/or PRG), IGNORE, or NULL when no rule matches.
  FUNCTION f_acao(
    p_tipo          IN VARCHAR2,
    p_rotina        IN VARCHAR2,
    p_ponto_entrada IN VARCHAR2) RETURN VARCHAR2;

  -- Handle one event row.
  PROCEDURE p_receber(
    p_id_evento     IN NUMBER,
    p_tipo          IN VARCHAR2,
    p_chave         IN VARCHAR2,
    p_rotina        IN VARCHAR2,
    p_ponto_entrada IN VARCHAR2);
END PKG_CONEFI_EVENTO;
/
