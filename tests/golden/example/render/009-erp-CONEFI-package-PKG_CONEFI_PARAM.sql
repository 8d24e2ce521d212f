CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_PARAM
AUTHID DEFINER
AS
  -- conefi-dbtool: integration parameters of CONEFI, read from SIGA.Z99030
  -- (Z99_CHAVE = name, Z99_VALOR = value, live rows only); a missing or
  -- blank value yields the default. Malformed values raise (ORA-2010x) naming the parameter.

  -- The trimmed value of a parameter, or p_padrao when there is none.
  FUNCTION f_texto(p_nome IN VARCHAR2, p_padrao IN VARCHAR2 DEFAULT NULL) RETURN VARCHAR2;

  -- A non-negative integer parameter (ORA-20101 when malformed).
  FUNCTION f_inteiro(p_nome IN VARCHAR2, p_padrao IN NUMBER) RETURN NUMBER;

  -- A date parameter YYYYMMDD, returned as CHAR(8) like Protheus dates (ORA-20102).
  FUNCTION f_data(p_nome IN VARCHAR2, p_padrao IN VARCHAR2 DEFAULT NULL) RETURN VARCHAR2;

  -- An S/N flag parameter (ORA-20103).
  FUNCTION f_flag(p_nome IN VARCHAR2, p_padrao IN VARCHAR2) RETURN VARCHAR2;

  -- Today (YYYYMMDD) in the schedule's region 'America/Sao_Paulo': the one "today"
  -- of the integration, whatever the database host's clock zone.
  FUNCTION f_hoje RETURN VARCHAR2;

  -- YYYYMMDD: a real due date (E1_VENCREA) before it is overdue for collection, i.e.
  -- today minus CONEFI_DIAS_CARENCIA. INC and PRV both use it (the same grace days).
  FUNCTION f_vencido_antes RETURN VARCHAR2;

  -- 'CONEFI_JOB_ATIVO': S runs the daily job; N pauses it (the run is logged and does nothing).
  FUNCTION f_job_ativo RETURN VARCHAR2;

  -- 'CONEFI_DIAS_CARENCIA': Days after the real due date (E1_VENCREA) before INC is sent.
  FUNCTION f_dias_carencia RETURN NUMBER;

  -- 'CONEFI_DATA_CORTE': YYYYMMDD: titles whose real due date is earlier are never sent by INC (protects the first run from the whole backlog); empty = no limit.
  FUNCTION f_data_corte RETURN VARCHAR2;

  -- 'CONEFI_DIAS_REPROC': Restart window in days: HST looks this far back for INC/DES/PRG rows still without history. (The reconciliation steps have no window: every title in collection is compared with what was last sent.) Raise it for one run to recover from a longer outage.
  FUNCTION f_dias_reproc RETURN NUMBER;
END PKG_CONEFI_PARAM;
/
