CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_FILA
AUTHID DEFINER
AS
  -- conefi-dbtool: the CONEFI queue CONEFI.INTGRA_DADOS_CONEFI.
  -- Record (INTDC_DADOS): ACTION;field;field;... separated by ';';
  -- the escape character '\' writes itself doubled, the separator,
  -- line feed and carriage return as \; \n \r. Layouts: docs/integration-design.md.
  -- No COMMIT anywhere: producers run inside the caller's transaction (outbox).

  c_pendente  CONSTANT VARCHAR2(1) := 'P'; -- waiting for CONEFI
  c_integrado CONSTANT VARCHAR2(1) := 'I'; -- read by CONEFI
  c_erro      CONSTANT VARCHAR2(1) := 'E'; -- rejected; INTDC_DES_OBS says why

  -- A text escaped for a record field (the same REPLACE chain the producers use).
  FUNCTION f_escapar(p_texto IN VARCHAR2) RETURN VARCHAR2 DETERMINISTIC;

  -- Field p_posicao of a record, unescaped (0 = the action); NULL past the last field.
  FUNCTION f_campo(p_dados IN VARCHAR2, p_posicao IN PLS_INTEGER) RETURN VARCHAR2 DETERMINISTIC;

  -- Number of fields after the action in a record.
  FUNCTION f_contar(p_dados IN VARCHAR2) RETURN PLS_INTEGER DETERMINISTIC;

  -- Fields after the action in the layout of p_acao; NULL for an unknown action.
  FUNCTION f_qtd_campos(p_acao IN VARCHAR2) RETURN PLS_INTEGER DETERMINISTIC;

  -- Queue one record unless its idempotency key is already there (p_inserido tells).
  -- The record must match its layout (ORA-20110 otherwise: a bug, never data).
  PROCEDURE p_enfileirar(
    p_acao      IN  VARCHAR2,
    p_dados     IN  VARCHAR2,
    p_idemp     IN  VARCHAR2,
    p_inserido  OUT BOOLEAN,
    p_status    IN  VARCHAR2 DEFAULT 'P',
    p_obs       IN  VARCHAR2 DEFAULT NULL,
    p_chave     IN  VARCHAR2 DEFAULT NULL,
    p_recno_se1 IN  NUMBER DEFAULT NULL,
    p_recno_se5 IN  NUMBER DEFAULT NULL,
    p_id_evento IN  NUMBER DEFAULT NULL,
    p_id_origem IN  NUMBER DEFAULT NULL,
    p_id_exec   IN  NUMBER DEFAULT NULL);

  -- For the consumer: mark a row integrated (I) or rejected (E, with the reason).
  PROCEDURE p_marcar(p_id IN NUMBER, p_status IN VARCHAR2, p_obs IN VARCHAR2 DEFAULT NULL);
END PKG_CONEFI_FILA;
/
