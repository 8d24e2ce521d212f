-- conefi-dbtool 0.1.0: deploy script for target example
-- objects: 26; content sha256: ab370911bf2fe8e850d8a5b005d1cac567b14c4394494f5d0a5f3d16cf2eb186
-- Run: sql /nolog @this_file.sql   (SQLcl)   or   sqlplus /nolog @this_file.sql
-- Re-runnable: every step is idempotent. Stops at the first error, including
-- PL/SQL compile errors. No secret is written here: passwords are prompted.
WHENEVER OSERROR EXIT FAILURE ROLLBACK
WHENEVER SQLERROR EXIT FAILURE ROLLBACK
SET ECHO OFF
SET FEEDBACK ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET SQLBLANKLINES ON
SET DEFINE OFF

PROMPT ==== ERP database (Protheus): DBA section (users and grants) ====
SET DEFINE ON
DEFINE erp_dba_user = SYSTEM
PROMPT Connecting to the ERP database (Protheus) as &&erp_dba_user (password prompted; DSN from &&erp_dsn)
CONNECT &&erp_dba_user@&&erp_dsn
WHENEVER OSERROR EXIT FAILURE ROLLBACK
WHENEVER SQLERROR EXIT FAILURE ROLLBACK
SET ECHO OFF
SET FEEDBACK ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET SQLBLANKLINES ON
SET DEFINE OFF
ALTER SESSION SET DDL_LOCK_TIMEOUT = 30;
PROMPT preflight: checking the ERP database (Protheus) before any change
DECLARE
  -- conefi-dbtool preflight (erp): nothing below changes the database.
  v VARCHAR2(4000);
  v_errors PLS_INTEGER := 0;
  v_first VARCHAR2(2000);
  e_no_view EXCEPTION;
  e_no_priv EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_view, -942);
  PRAGMA EXCEPTION_INIT(e_no_priv, -1031);
  PROCEDURE report(p_code VARCHAR2, p_severity VARCHAR2, p_message VARCHAR2, p_fix VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight ' || p_severity || ' ' || p_code || ': ' || p_message);
    DBMS_OUTPUT.PUT_LINE('  fix: ' || p_fix);
    IF p_severity = 'error' THEN
      v_errors := v_errors + 1;
      v_first := NVL(v_first, SUBSTR(p_code || ': ' || p_message, 1, 2000));
    END IF;
  END;
  PROCEDURE unchecked(p_code VARCHAR2, p_what VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight not checked ' || p_code || ': ' || p_what || ' is not readable by ' || USER);
  END;
  FUNCTION fact(p_sql VARCHAR2) RETURN VARCHAR2 IS
    r VARCHAR2(4000);
  BEGIN
    EXECUTE IMMEDIATE p_sql INTO r;
    RETURN NVL(r, '?');
  EXCEPTION
    WHEN e_no_view OR e_no_priv THEN
      RETURN '?';
  END;
  PROCEDURE table_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_fix VARCHAR2) IS
    n PLS_INTEGER;
  BEGIN
    SELECT COUNT(*) INTO n FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table;
    IF n = 0 THEN
      report(p_code, 'error', p_owner || '.' || p_table || ' does not exist or ' || USER || ' cannot see it', p_fix);
    END IF;
  END;
  PROCEDURE column_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_column VARCHAR2,
                      p_type VARCHAR2, p_fix VARCHAR2) IS
    t VARCHAR2(200);
  BEGIN
    SELECT data_type || CASE
             WHEN data_type IN ('VARCHAR2', 'CHAR', 'NVARCHAR2', 'NCHAR') THEN '(' || char_length || ')'
             WHEN data_type = 'NUMBER' AND data_precision IS NOT NULL THEN
               '(' || data_precision || CASE WHEN data_scale > 0 THEN ',' || data_scale END || ')'
           END
      INTO t FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table AND column_name = p_column;
    IF p_type IS NOT NULL AND t <> p_type THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' is ' || t || '; the dictionary says '
             || p_type, p_fix);
    END IF;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' does not exist', p_fix);
  END;
BEGIN
  -- PF001: Oracle version
  v := fact('SELECT MAX(version) FROM product_component_version WHERE product LIKE ''Oracle%''');
  IF v = '?' THEN unchecked('PF001', 'Oracle version');
  ELSIF TO_NUMBER(REGEXP_SUBSTR(v, '^\d+')) < 19 THEN
    report('PF001', 'error', 'Oracle ' || v || '; the objects and the trigger-path restore (DBMS_SESSION.SLEEP) need 19.0 or later', 'deploy to Oracle Database 19c or later');
  END IF;
  -- PF002: time-zone file knows Brazil without DST (V$TIMEZONE_FILE >= 34)
  v := fact('SELECT MAX(version) FROM v$timezone_file');
  IF v = '?' THEN unchecked('PF002', 'V$TIMEZONE_FILE');
  ELSIF TO_NUMBER(v) < 34 THEN
    report('PF002', 'error', 'time-zone file version ' || v || ' < 34: the America/Sao_Paulo schedule runs an hour early from November to February', 'apply the DST patch (DBMS_DST upgrade to file 34 or later) or schedule in a fixed-offset zone');
  END IF;
  -- PF003: job_queue_processes > 0
  v := fact('SELECT MAX(value) FROM v$parameter WHERE name = ''job_queue_processes''');
  IF v = '?' THEN unchecked('PF003', 'V$PARAMETER');
  ELSIF TO_NUMBER(v) = 0 THEN
    report('PF003', 'error', 'job_queue_processes = 0: no scheduler job runs', 'ALTER SYSTEM SET job_queue_processes = 10 (a DBA)');
  END IF;
  -- PF004: the configured tablespaces exist
  IF fact('SELECT COUNT(*) FROM user_tablespaces WHERE tablespace_name = ''TS_DATA''') = '0' THEN
    v := fact('SELECT COUNT(*) FROM dba_tablespaces WHERE tablespace_name = ''TS_DATA''');
    IF v = '?' THEN unchecked('PF004', 'DBA_TABLESPACES (TS_DATA)');
    ELSIF v = '0' THEN report('PF004', 'error', 'tablespace TS_DATA does not exist', 'create the tablespace or name an existing one in conefi.toml ([targets.X.<db>.tablespaces])');
    END IF;
  END IF;
  IF fact('SELECT COUNT(*) FROM user_tablespaces WHERE tablespace_name = ''TEMP''') = '0' THEN
    v := fact('SELECT COUNT(*) FROM dba_tablespaces WHERE tablespace_name = ''TEMP''');
    IF v = '?' THEN unchecked('PF004', 'DBA_TABLESPACES (TEMP)');
    ELSIF v = '0' THEN report('PF004', 'error', 'tablespace TEMP does not exist', 'create the tablespace or name an existing one in conefi.toml ([targets.X.<db>.tablespaces])');
    END IF;
  END IF;
  -- PF008: every Protheus table and column the code reads, with its type and size
  table_is('PF008', 'SIGA', 'HRH030', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'D_E_L_E_T_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'HRH_ALIAS', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'HRH_PLANCD', 'VARCHAR2(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'HRH_SOURCE', 'VARCHAR2(30)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'HRH_SRCFIL', 'VARCHAR2(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'HRH_SUBSID', 'VARCHAR2(36)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'HRH030', 'R_E_C_N_O_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  table_is('PF008', 'SIGA', 'SA1030', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_BAIRRO', 'VARCHAR2(40)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_CEP', 'VARCHAR2(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_CGC', 'VARCHAR2(14)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_COD', 'VARCHAR2(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_DDD', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_EMAIL', 'VARCHAR2(30)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_END', 'VARCHAR2(80)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_EST', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_FILIAL', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_LOJA', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_MUN', 'VARCHAR2(60)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_NOME', 'VARCHAR2(40)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_PESSOA', 'VARCHAR2(1)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'A1_TEL', 'VARCHAR2(15)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SA1030', 'D_E_L_E_T_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  table_is('PF008', 'SIGA', 'SE1030', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'D_E_L_E_T_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_BAIXA', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_CLIENTE', 'VARCHAR2(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_DESCFIN', 'NUMBER(5,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_EMISSAO', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_FATURA', 'VARCHAR2(9)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_FILIAL', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_LOJA', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_NOMCLI', 'VARCHAR2(20)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_NUM', 'VARCHAR2(9)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_NUMLIQ', 'VARCHAR2(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_PARCELA', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_PEDIDO', 'VARCHAR2(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_PREFIXO', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_SALDO', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_SDACRES', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_SDDECRE', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_TIPO', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_VALOR', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_VENCORI', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_VENCREA', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFDTE', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFENV', 'VARCHAR2(1)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFMOV', 'NUMBER(12)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFSLD', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFVEN', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFVER', 'NUMBER(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'E1_XCNFVLR', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE1030', 'R_E_C_N_O_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  table_is('PF008', 'SIGA', 'SE5030', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'D_E_L_E_T_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_CLIFOR', 'VARCHAR2(6)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_DATA', 'CHAR(8)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_FILIAL', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_LOJA', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_MOTBX', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_NUMERO', 'VARCHAR2(9)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_PARCELA', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_PREFIXO', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_RECPAG', 'VARCHAR2(1)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_SEQ', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_SITUACA', 'VARCHAR2(1)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_TIPO', 'VARCHAR2(3)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_TIPODOC', 'VARCHAR2(2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_VALOR', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_VLDESCO', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_VLJUROS', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'E5_VLMULTA', 'NUMBER(16,2)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'SE5030', 'R_E_C_N_O_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  table_is('PF008', 'SIGA', 'Z99030', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'Z99030', 'D_E_L_E_T_', '', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'Z99030', 'Z99_CHAVE', 'VARCHAR2(30)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  column_is('PF008', 'SIGA', 'Z99030', 'Z99_VALOR', 'VARCHAR2(250)', 'ask the Protheus team to create the field (custom E1_X fields: the DBA checklist) or fix the dictionary CSV (integration.fields_file)');
  -- PF009: the event table's configured columns
  table_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_ID', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_IND', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_DES_CHAVE', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_DES_DADOS_SGU', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_DTH_INCL', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_NOM_USU_INCL', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_ROTINA_ERP', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  column_is('PF009', 'SGU', 'INTGRA_RET_ERP', 'INTRE_PONTO_ENTRADA_ERP', '', 'name the real columns in [integration.event_columns] of conefi.toml');
  -- PF010: indexes the integration relies on
  IF fact('SELECT COUNT(*) FROM all_ind_columns WHERE table_owner = ''SIGA'' AND table_name = ''SE1030'' AND column_name = ''R_E_C_N_O_'' AND column_position = 1') = '0' THEN
    report('PF010', 'warning', 'SIGA.SE1030 has no index leading with R_E_C_N_O_', 'ask the Protheus DBA for the index (every ERP insert looks the title up by it)');
  END IF;
  -- PF011: sessions executing units this release replaces (library-cache waits)
  v := fact('SELECT COUNT(*) FROM v$access a JOIN v$session s ON s.sid = a.sid WHERE INSTR('','' || ''CONEFI.PKG_CONEFI_FILA,CONEFI.PKG_CONEFI_EVENTO,CONEFI.PKG_CONEFI_PARAM,CONEFI.PKG_CONEFI_JOB,CONEFI.T_INTGRA_RET_ERP_CONEFI'' || '','', '','' || a.owner || ''.'' || a.object || '','') > 0 AND s.sid <> SYS_CONTEXT(''USERENV'', ''SID'')');
  IF v = '?' THEN unchecked('PF011', 'V$ACCESS / V$SESSION');
  ELSIF v <> '0' THEN
    report('PF011', 'warning', v || ' session(s) executing units this release replaces', 'deploy outside ERP hours or wait for the sessions (docs/releases.md, library-cache waits)');
  END IF;
  NULL;
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20990, 'preflight: ' || v_errors || ' error(s), nothing was changed; first: '
      || v_first);
  END IF;
END;
/
SET DEFINE ON
SET VERIFY OFF
ACCEPT conefi_erp_password CHAR PROMPT 'Password for the ERP user CONEFI (used only if it does not exist yet): ' HIDE
DECLARE
  e_exists_1920 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_1920, -1920);
BEGIN
  EXECUTE IMMEDIATE 'CREATE USER CONEFI IDENTIFIED BY "' || q'"&&conefi_erp_password"' || '"
  DEFAULT TABLESPACE TS_DATA
  TEMPORARY TABLESPACE TEMP
  PROFILE DEFAULT';
EXCEPTION
  WHEN e_exists_1920 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI (CREATE USER): already exists, kept');
END;
/
ALTER USER CONEFI QUOTA 500M ON TS_DATA;
GRANT CREATE SESSION TO CONEFI;
GRANT CREATE TABLE TO CONEFI;
GRANT CREATE SEQUENCE TO CONEFI;
GRANT CREATE VIEW TO CONEFI;
GRANT CREATE PROCEDURE TO CONEFI;
GRANT CREATE JOB TO CONEFI;
GRANT CREATE ANY TRIGGER TO CONEFI;
GRANT SELECT, UPDATE ON SIGA.SE1030 TO CONEFI;
GRANT SELECT ON SIGA.SE5030 TO CONEFI;
GRANT SELECT ON SIGA.SA1030 TO CONEFI;
GRANT SELECT ON SIGA.Z99030 TO CONEFI;
GRANT SELECT ON SIGA.HRH030 TO CONEFI;
GRANT EXECUTE ON SGU.F_COD_FEDERACAO_UNI TO CONEFI;
GRANT SELECT ON SYS.V_$TIMEZONE_FILE TO CONEFI;
GRANT SELECT ON SYS.V_$PARAMETER TO CONEFI;
GRANT SELECT ON SYS.V_$ACCESS TO CONEFI;
GRANT SELECT ON SYS.V_$SESSION TO CONEFI;
SET DEFINE OFF

PROMPT ==== ERP database (Protheus): objects owned by CONEFI (as CONEFI or a DBA) ====
SET DEFINE ON
DEFINE erp_owner_user = CONEFI
PROMPT Connecting to the ERP database (Protheus) as &&erp_owner_user (password prompted; DSN from &&erp_dsn)
CONNECT &&erp_owner_user@&&erp_dsn
WHENEVER OSERROR EXIT FAILURE ROLLBACK
WHENEVER SQLERROR EXIT FAILURE ROLLBACK
SET ECHO OFF
SET FEEDBACK ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET SQLBLANKLINES ON
SET DEFINE OFF
ALTER SESSION SET DDL_LOCK_TIMEOUT = 30;
PROMPT preflight: checking the ERP database (Protheus) before any change
DECLARE
  -- conefi-dbtool preflight (erp): nothing below changes the database.
  v VARCHAR2(4000);
  v_errors PLS_INTEGER := 0;
  v_first VARCHAR2(2000);
  e_no_view EXCEPTION;
  e_no_priv EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_view, -942);
  PRAGMA EXCEPTION_INIT(e_no_priv, -1031);
  PROCEDURE report(p_code VARCHAR2, p_severity VARCHAR2, p_message VARCHAR2, p_fix VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight ' || p_severity || ' ' || p_code || ': ' || p_message);
    DBMS_OUTPUT.PUT_LINE('  fix: ' || p_fix);
    IF p_severity = 'error' THEN
      v_errors := v_errors + 1;
      v_first := NVL(v_first, SUBSTR(p_code || ': ' || p_message, 1, 2000));
    END IF;
  END;
  PROCEDURE unchecked(p_code VARCHAR2, p_what VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight not checked ' || p_code || ': ' || p_what || ' is not readable by ' || USER);
  END;
  FUNCTION fact(p_sql VARCHAR2) RETURN VARCHAR2 IS
    r VARCHAR2(4000);
  BEGIN
    EXECUTE IMMEDIATE p_sql INTO r;
    RETURN NVL(r, '?');
  EXCEPTION
    WHEN e_no_view OR e_no_priv THEN
      RETURN '?';
  END;
  PROCEDURE table_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_fix VARCHAR2) IS
    n PLS_INTEGER;
  BEGIN
    SELECT COUNT(*) INTO n FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table;
    IF n = 0 THEN
      report(p_code, 'error', p_owner || '.' || p_table || ' does not exist or ' || USER || ' cannot see it', p_fix);
    END IF;
  END;
  PROCEDURE column_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_column VARCHAR2,
                      p_type VARCHAR2, p_fix VARCHAR2) IS
    t VARCHAR2(200);
  BEGIN
    SELECT data_type || CASE
             WHEN data_type IN ('VARCHAR2', 'CHAR', 'NVARCHAR2', 'NCHAR') THEN '(' || char_length || ')'
             WHEN data_type = 'NUMBER' AND data_precision IS NOT NULL THEN
               '(' || data_precision || CASE WHEN data_scale > 0 THEN ',' || data_scale END || ')'
           END
      INTO t FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table AND column_name = p_column;
    IF p_type IS NOT NULL AND t <> p_type THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' is ' || t || '; the dictionary says '
             || p_type, p_fix);
    END IF;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' does not exist', p_fix);
  END;
BEGIN
  -- PF005: the owner has a quota on its tablespace
  IF fact('SELECT COUNT(*) FROM all_users WHERE username = ''CONEFI''') = '1' THEN
    IF USER = 'CONEFI' THEN
      v := fact('SELECT COUNT(*) FROM user_ts_quotas q JOIN user_users u ON u.default_tablespace = q.tablespace_name WHERE q.max_bytes <> 0');
      IF v = '0' AND fact('SELECT COUNT(*) FROM session_privs WHERE privilege = ''UNLIMITED TABLESPACE''') = '0' THEN
        report('PF005', 'error', 'CONEFI has no quota on its default tablespace', 'ALTER USER <owner> QUOTA <size> ON <tablespace> (the grants manifest''s quota)');
      END IF;
    ELSE
      v := fact('SELECT COUNT(*) FROM dba_ts_quotas q JOIN dba_users u ON u.username = q.username AND u.default_tablespace = q.tablespace_name WHERE q.username = ''CONEFI'' AND q.max_bytes <> 0');
      IF v = '?' THEN unchecked('PF005', 'DBA_TS_QUOTAS');
      ELSIF v = '0' AND fact('SELECT COUNT(*) FROM dba_sys_privs WHERE grantee = ''CONEFI'' AND privilege = ''UNLIMITED TABLESPACE''') = '0' THEN
        report('PF005', 'error', 'CONEFI has no quota on its default tablespace', 'ALTER USER <owner> QUOTA <size> ON <tablespace> (the grants manifest''s quota)');
      END IF;
    END IF;
  END IF;
  -- PF006: the deploy user's system privileges for what the run creates
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE PROCEDURE'', ''CREATE ANY PROCEDURE'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE PROCEDURE or CREATE ANY PROCEDURE', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE SEQUENCE'', ''CREATE ANY SEQUENCE'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE SEQUENCE or CREATE ANY SEQUENCE', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE TABLE'', ''CREATE ANY TABLE'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE TABLE or CREATE ANY TABLE', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE ANY TRIGGER'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE ANY TRIGGER', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE VIEW'', ''CREATE ANY VIEW'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE VIEW or CREATE ANY VIEW', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE JOB'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE JOB', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  NULL;
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20990, 'preflight: ' || v_errors || ' error(s), nothing was changed; first: '
      || v_first);
  END IF;
END;
/
VARIABLE cdt_e41c0fcfe49f CLOB
VARIABLE cdt_1c7554358dea CLOB
VARIABLE cdt_81a4c7100e32 CLOB
VARIABLE cdt_5f12d74aa332 CLOB
VARIABLE cdt_6bae45260eae CLOB
VARIABLE cdt_22bbddf8d46b CLOB
VARIABLE cdt_146c012cb137 CLOB
VARIABLE cdt_15d9d743c20f CLOB
BEGIN
  :cdt_e41c0fcfe49f := NULL;
  :cdt_1c7554358dea := NULL;
  :cdt_81a4c7100e32 := NULL;
  :cdt_5f12d74aa332 := NULL;
  :cdt_6bae45260eae := NULL;
  :cdt_22bbddf8d46b := NULL;
  :cdt_146c012cb137 := NULL;
  :cdt_15d9d743c20f := NULL;
END;
/

PROMPT [1/26] CONEFI.S_INTGRA_DADOS_CONEFI (sequence)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE SEQUENCE CONEFI.S_INTGRA_DADOS_CONEFI
  START WITH 1
  INCREMENT BY 1
  CACHE 100
  ORDER
  NOCYCLE';
EXCEPTION
  WHEN e_exists_955 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.S_INTGRA_DADOS_CONEFI (CREATE SEQUENCE): already exists, kept');
END;
/

PROMPT [2/26] CONEFI.S_INTGRA_LOG_CONEFI (sequence)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE SEQUENCE CONEFI.S_INTGRA_LOG_CONEFI
  START WITH 1
  INCREMENT BY 1
  CACHE 20
  NOCYCLE';
EXCEPTION
  WHEN e_exists_955 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.S_INTGRA_LOG_CONEFI (CREATE SEQUENCE): already exists, kept');
END;
/

PROMPT [3/26] CONEFI.INTGRA_DADOS_CONEFI (table)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE TABLE CONEFI.INTGRA_DADOS_CONEFI (
  INTDC_ID             NUMBER(18)      NOT NULL,
  INTDC_IND_ACAO       VARCHAR2(3)     NOT NULL,
  INTDC_DADOS          VARCHAR2(4000)  NOT NULL,
  INTDC_IND_STATUS     VARCHAR2(1)     DEFAULT ''P'' NOT NULL,
  INTDC_DTH_INCL       DATE            DEFAULT CAST(SYSTIMESTAMP AT TIME ZONE ''America/Sao_Paulo'' AS DATE) NOT NULL,
  INTDC_DTH_PROC       DATE,
  INTDC_DES_OBS        VARCHAR2(4000),
  INTDC_DES_CHAVE      VARCHAR2(100),
  INTDC_NUM_RECNO_SE1  NUMBER(18),
  INTDC_NUM_RECNO_SE5  NUMBER(18),
  INTDC_ID_EVENTO      NUMBER(18),
  INTDC_ID_ORIGEM      NUMBER(18),
  INTDC_ID_EXEC        NUMBER(18),
  INTDC_DES_IDEMP      VARCHAR2(200)   NOT NULL,
  INTDC_NUM_LAYOUT     NUMBER(3)       DEFAULT 1 NOT NULL,
  CONSTRAINT PK_INTGRA_DADOS_CONEFI PRIMARY KEY (INTDC_ID),
  CONSTRAINT UK_INTGRA_DADOS_CONEFI_IDEMP UNIQUE (INTDC_DES_IDEMP),
  CONSTRAINT CK_INTGRA_DADOS_CONEFI_ACAO CHECK (INTDC_IND_ACAO IN (''INC'', ''PGO'', ''DES'', ''PRG'', ''CAN'', ''HST'', ''EST'', ''PRV'', ''EVT'')),
  CONSTRAINT CK_INTGRA_DADOS_CONEFI_STATUS CHECK (INTDC_IND_STATUS IN (''P'', ''I'', ''E''))
) TABLESPACE TS_DATA';
EXCEPTION
  WHEN e_exists_955 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.INTGRA_DADOS_CONEFI (CREATE TABLE): already exists, kept');
END;
/
COMMENT ON TABLE CONEFI.INTGRA_DADOS_CONEFI IS 'conefi-dbtool: CONEFI queue (transactional outbox). One row per action; CONEFI reads status P in INTDC_ID order.';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_ID IS 'Id (sequence CONEFI.S_INTGRA_DADOS_CONEFI)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_IND_ACAO IS 'Action: INC PGO DES PRG CAN HST EST PRV; EVT = unmappable ERP event (status E only)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_DADOS IS 'Record: ACTION;field;... separator ; escape \ (\\ \; \n \r), layout per action';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_IND_STATUS IS 'P pending (for CONEFI), I integrated (read by CONEFI), E error (INTDC_DES_OBS says why)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_DTH_INCL IS 'When the row was queued (in the transaction that produced it)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_DTH_PROC IS 'When the consumer set the status';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_DES_OBS IS 'Why a row is in error (set by the trigger or by the consumer)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_DES_CHAVE IS 'Title key E1_FILIAL+E1_PREFIXO+E1_NUM+E1_PARCELA+E1_TIPO (SE1 index 1, padded)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_NUM_RECNO_SE1 IS 'SE1 R_E_C_N_O_ of the title';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_NUM_RECNO_SE5 IS 'SE5 R_E_C_N_O_ of the movement (PGO: the payment; EST: the payment undone); for INC the last movement of the title when sent';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_ID_EVENTO IS 'Id of the originating SGU.INTGRA_RET_ERP row (trigger actions)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_ID_ORIGEM IS 'INTDC_ID this row refers to (HST: its INC/DES/PRG; EST: the PGO reversed)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_ID_EXEC IS 'INTLC_ID of the job step that produced the row (CONEFI.INTGRA_LOG_CONEFI)';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_DES_IDEMP IS 'Idempotency key (unique): the same fact is never queued twice';
COMMENT ON COLUMN CONEFI.INTGRA_DADOS_CONEFI.INTDC_NUM_LAYOUT IS 'Layout version of INTDC_DADOS (conefi-dbtool decode knows every version); rows queued before the column existed are version 1';

PROMPT [4/26] CONEFI.INTGRA_LOG_CONEFI (table)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE TABLE CONEFI.INTGRA_LOG_CONEFI (
  INTLC_ID             NUMBER(18)      NOT NULL,
  INTLC_NOM_PASSO      VARCHAR2(30)    NOT NULL,
  INTLC_IND_STATUS     VARCHAR2(1)     DEFAULT ''R'' NOT NULL,
  INTLC_DTH_INICIO     DATE            DEFAULT CAST(SYSTIMESTAMP AT TIME ZONE ''America/Sao_Paulo'' AS DATE) NOT NULL,
  INTLC_DTH_FIM        DATE,
  INTLC_QTD_LINHAS     NUMBER(18),
  INTLC_NOM_USU        VARCHAR2(128),
  INTLC_DES_ERRO       VARCHAR2(4000),
  INTLC_DES_BACKTRACE  VARCHAR2(4000),
  CONSTRAINT PK_INTGRA_LOG_CONEFI PRIMARY KEY (INTLC_ID),
  CONSTRAINT CK_INTGRA_LOG_CONEFI_STATUS CHECK (INTLC_IND_STATUS IN (''R'', ''S'', ''E'', ''N''))
) TABLESPACE TS_DATA';
EXCEPTION
  WHEN e_exists_955 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.INTGRA_LOG_CONEFI (CREATE TABLE): already exists, kept');
END;
/
COMMENT ON TABLE CONEFI.INTGRA_LOG_CONEFI IS 'conefi-dbtool: runs of the CONEFI job steps (INC PGO EST CAN PRV HST)';
COMMENT ON COLUMN CONEFI.INTGRA_LOG_CONEFI.INTLC_NOM_PASSO IS 'Step (action) or DIARIO for the chained entry point';
COMMENT ON COLUMN CONEFI.INTGRA_LOG_CONEFI.INTLC_IND_STATUS IS 'R running, S success, E error, N not run (CONEFI_JOB_ATIVO = N)';
COMMENT ON COLUMN CONEFI.INTGRA_LOG_CONEFI.INTLC_QTD_LINHAS IS 'Queue rows the step inserted';
COMMENT ON COLUMN CONEFI.INTGRA_LOG_CONEFI.INTLC_DES_ERRO IS 'SQLERRM of the failure (the step was rolled back)';
COMMENT ON COLUMN CONEFI.INTGRA_LOG_CONEFI.INTLC_DES_BACKTRACE IS 'DBMS_UTILITY.FORMAT_ERROR_BACKTRACE of the failure';

PROMPT [5/26] CONEFI.IX_INTDC_ACAO_DTH (index)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
  e_exists_1408 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_1408, -1408);
BEGIN
  EXECUTE IMMEDIATE 'CREATE INDEX CONEFI.IX_INTDC_ACAO_DTH
  ON CONEFI.INTGRA_DADOS_CONEFI (INTDC_IND_ACAO, INTDC_DTH_INCL)
  TABLESPACE TS_DATA';
EXCEPTION
  WHEN e_exists_955 OR e_exists_1408 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.IX_INTDC_ACAO_DTH (CREATE INDEX): already exists, kept');
END;
/

PROMPT [6/26] CONEFI.IX_INTDC_STATUS_ID (index)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
  e_exists_1408 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_1408, -1408);
BEGIN
  EXECUTE IMMEDIATE 'CREATE INDEX CONEFI.IX_INTDC_STATUS_ID
  ON CONEFI.INTGRA_DADOS_CONEFI (INTDC_IND_STATUS, INTDC_ID)
  TABLESPACE TS_DATA';
EXCEPTION
  WHEN e_exists_955 OR e_exists_1408 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.IX_INTDC_STATUS_ID (CREATE INDEX): already exists, kept');
END;
/

PROMPT [9/26] CONEFI.PKG_CONEFI_PARAM (package)
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
SHOW ERRORS PACKAGE CONEFI.PKG_CONEFI_PARAM
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_PARAM'
     AND type = 'PACKAGE' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_PARAM (PACKAGE) compiled with errors');
  END IF;
END;
/

PROMPT [11/26] CONEFI.V_CONEFI_CAND_CAN (view)
CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_CAN AS
-- conefi-dbtool: Protheus cancels a title by deleting it (FINA040 / invoice exclusion):
-- the row stays with D_E_L_E_T_ = '*'. This view deliberately reads those deleted SE1
-- rows (and only the live rows of SE5); the condition is the CAN rule of
-- conefi_dbtool/layouts/reconcile.py, and the CAN step sets the state to 'C'.
-- No GRR exclusion, as for PGO: a title CONEFI is collecting must hear it was cancelled,
-- whatever settled it since (and the model's CAN rule has none either).
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD') AS DATA_CANCELAMENTO,
       e1.E1_VALOR AS VALOR,
       ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       'CAN:' || TO_CHAR(e1.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
 WHERE e1.E1_XCNFENV IN ('S', 'P')
   AND e1.D_E_L_E_T_ = '*';

PROMPT [13/26] CONEFI.V_CONEFI_CAND_HST (view)
CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_HST AS
-- conefi-dbtool: one history per (customer, day): q groups the INC/DES/PRG rows of the last
-- CONEFI_DIAS_REPROC days by the customer of their title (A1_FILIAL by the sharing modes,
-- code, store) and by the day they were queued ('America/Sao_Paulo': the queue
-- stamps rows in that region); the first row of the group is the origin of every line, so
-- four titles of one customer in one day send the history once, and a re-run keeps the keys.
-- History: the customer's titles issued in the 12 months
-- before that day (not on or after it, so a later run adds no line to an old origin).
SELECT q.INTDC_ID AS ID_ORIGEM,
       h.E1_CLIENTE AS CLIENTE,
       h.E1_LOJA AS LOJA,
       h.E1_FILIAL AS FILIAL,
       h.E1_PREFIXO AS PREFIXO,
       h.E1_NUM AS NUMERO,
       h.E1_PARCELA AS PARCELA,
       h.E1_TIPO AS TIPO,
       h.E1_EMISSAO AS EMISSAO,
       h.E1_VENCREA AS VENCIMENTO,
       h.E1_BAIXA AS DATA_BAIXA,
       h.E1_VALOR AS VALOR,
       h.R_E_C_N_O_ AS RECNO_SE1,
       ((((h.E1_SALDO + h.E1_SDACRES) - h.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = h.E1_FILIAL
             AND ab.E1_PREFIXO = h.E1_PREFIXO
             AND ab.E1_NUM = h.E1_NUM
             AND ab.E1_PARCELA = h.E1_PARCELA
             AND ab.E1_CLIENTE = h.E1_CLIENTE
             AND ab.E1_LOJA = h.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(h.E1_SALDO * h.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       CASE WHEN h.E1_VENCREA <> '        ' THEN
           GREATEST(0, CASE WHEN h.E1_SALDO = 0 AND h.E1_BAIXA <> '        '
                            THEN TO_DATE(h.E1_BAIXA, 'YYYYMMDD')
                            ELSE TO_DATE(TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD'), 'YYYYMMDD') END
                       - TO_DATE(h.E1_VENCREA, 'YYYYMMDD'))
         END AS DIAS_ATRASO,
       'HST:' || TO_CHAR(q.INTDC_ID) || ':' || TO_CHAR(h.R_E_C_N_O_) AS CTL_IDEMP,
       h.E1_FILIAL || h.E1_PREFIXO || h.E1_NUM || h.E1_PARCELA || h.E1_TIPO AS CTL_CHAVE,
       h.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       q.INTDC_ID AS CTL_ORIGEM,
       q.INTDC_DTH_INCL AS CTL_DTH_ORIGEM
  FROM (SELECT MIN(qo.INTDC_ID) AS INTDC_ID,
               MIN(qo.INTDC_DTH_INCL) AS INTDC_DTH_INCL,
               o.E1_CLIENTE,
               o.E1_LOJA,
               '  ' AS FILIAL_SA1
          FROM CONEFI.INTGRA_DADOS_CONEFI qo
          JOIN SIGA.SE1030 o
            ON o.R_E_C_N_O_ = qo.INTDC_NUM_RECNO_SE1
           AND o.D_E_L_E_T_ = ' '
         WHERE qo.INTDC_IND_ACAO IN ('INC', 'DES', 'PRG')
           AND qo.INTDC_DTH_INCL >= (SELECT TRUNC(CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE)) - CONEFI.PKG_CONEFI_PARAM.f_dias_reproc
                                       FROM DUAL)
         GROUP BY o.E1_CLIENTE, o.E1_LOJA, '  ',
                  TO_CHAR(qo.INTDC_DTH_INCL, 'YYYYMMDD')) q
  JOIN SIGA.SE1030 h
    ON h.E1_CLIENTE = q.E1_CLIENTE
   AND h.E1_LOJA = q.E1_LOJA
   AND '  ' = q.FILIAL_SA1
   AND h.D_E_L_E_T_ = ' '
 WHERE h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -12), 'YYYYMMDD')
   AND h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')
   AND h.E1_TIPO NOT LIKE '__-%' AND h.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC', 'TX ', 'TXA', 'ISS', 'IRF', 'INS', 'PIS', 'COF', 'CSL', 'CSS')
   AND h.E1_PREFIXO <> 'GRR'
   AND NOT EXISTS (SELECT 1
                     FROM SIGA.SE5030 grr
                    WHERE grr.D_E_L_E_T_ = ' '
                      AND grr.E5_FILIAL = h.E1_FILIAL
                      AND grr.E5_PREFIXO = h.E1_PREFIXO
                      AND grr.E5_NUMERO = h.E1_NUM
                      AND grr.E5_PARCELA = h.E1_PARCELA
                      AND grr.E5_TIPO = h.E1_TIPO
                      AND grr.E5_CLIFOR = h.E1_CLIENTE
                      AND grr.E5_LOJA = h.E1_LOJA
                      AND grr.E5_MOTBX = 'GRR'
                      AND grr.E5_SITUACA <> 'C');

PROMPT [14/26] CONEFI.V_CONEFI_CAND_INC (view)
CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_INC AS
-- conefi-dbtool: overdue = real due date (E1_VENCREA) before today in 'America/Sao_Paulo'.
-- The INC step adds the Z99 parameters (grace days, cut-off date) and the idempotency check.
-- Customer: the one SA1 row (its unique key A1_FILIAL+A1_COD+A1_LOJA) with the branch
-- integration.sharing gives the title's customer, so a title never yields two INC rows.
-- GRR link: an HRH row of the title itself (HRH_ALIAS 'SE1', HRH_SOURCE = SE1 key) or of its
-- sales order (HRH_ALIAS 'SC5', HRH_SOURCE = E1_PEDIDO); the latest row of each wins.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       NVL(a1.A1_NOME, e1.E1_NOMCLI) AS NOME,
       a1.A1_PESSOA AS PESSOA,
       a1.A1_CGC AS CPF_CNPJ,
       a1.A1_EMAIL AS EMAIL,
       a1.A1_DDD AS DDD,
       a1.A1_TEL AS TELEFONE,
       a1.A1_END AS ENDERECO,
       a1.A1_BAIRRO AS BAIRRO,
       a1.A1_MUN AS MUNICIPIO,
       a1.A1_EST AS UF,
       a1.A1_CEP AS CEP,
       e1.E1_EMISSAO AS EMISSAO,
       e1.E1_VENCORI AS VENC_ORIGINAL,
       e1.E1_VENCREA AS VENC_REAL,
       e1.E1_VALOR AS VALOR,
       e1.E1_SALDO AS SALDO,
       e1.E1_SDACRES AS ACRESCIMO,
       e1.E1_SDDECRE AS DECRESCIMO,
       (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%') AS ABATIMENTOS,
       ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       SUBSTR((SELECT SGU.F_COD_FEDERACAO_UNI(e1.E1_CLIENTE) FROM DUAL), 1, 10) AS COD_FEDERACAO,
       NVL(g1.HRH_PLANCD, g2.HRH_PLANCD) AS PLANO_GRR,
       CASE WHEN g1.HRH_PLANCD IS NOT NULL THEN g1.HRH_SUBSID ELSE g2.HRH_SUBSID END AS ASSINATURA_GRR,
       'INC:' || TO_CHAR(e1.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       (SELECT NVL(MAX(m.R_E_C_N_O_), 0)
           FROM SIGA.SE5030 m
          WHERE m.D_E_L_E_T_ = ' '
            AND m.E5_FILIAL = e1.E1_FILIAL
            AND m.E5_PREFIXO = e1.E1_PREFIXO
            AND m.E5_NUMERO = e1.E1_NUM
            AND m.E5_PARCELA = e1.E1_PARCELA
            AND m.E5_TIPO = e1.E1_TIPO
            AND m.E5_CLIFOR = e1.E1_CLIENTE
            AND m.E5_LOJA = e1.E1_LOJA) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM,
       e1.E1_VENCREA AS CTL_VENCREA
  FROM SIGA.SE1030 e1
  LEFT JOIN SIGA.SA1030 a1
    ON a1.A1_FILIAL = '  '
   AND a1.A1_COD = e1.E1_CLIENTE
   AND a1.A1_LOJA = e1.E1_LOJA
   AND a1.D_E_L_E_T_ = ' '
  LEFT JOIN (SELECT s.HRH_SRCFIL,
                    s.HRH_SOURCE,
                    s.HRH_PLANCD,
                    s.HRH_SUBSID,
                    ROW_NUMBER() OVER (PARTITION BY s.HRH_SRCFIL, s.HRH_SOURCE
                                       ORDER BY s.R_E_C_N_O_ DESC) AS RN
               FROM SIGA.HRH030 s
              WHERE s.D_E_L_E_T_ = ' '
                AND s.HRH_ALIAS = 'SE1') g1
    ON g1.RN = 1
   AND g1.HRH_SRCFIL = RPAD(e1.E1_FILIAL, 8)
   AND g1.HRH_SOURCE = RPAD(e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO, 30)
  LEFT JOIN (SELECT s.HRH_SRCFIL,
                    s.HRH_SOURCE,
                    s.HRH_PLANCD,
                    s.HRH_SUBSID,
                    ROW_NUMBER() OVER (PARTITION BY s.HRH_SRCFIL, s.HRH_SOURCE
                                       ORDER BY s.R_E_C_N_O_ DESC) AS RN
               FROM SIGA.HRH030 s
              WHERE s.D_E_L_E_T_ = ' '
                AND s.HRH_ALIAS = 'SC5') g2
    ON g2.RN = 1
   AND g2.HRH_SRCFIL = RPAD(e1.E1_FILIAL, 8)
   AND e1.E1_PEDIDO <> '      '
   AND g2.HRH_SOURCE = RPAD(e1.E1_PEDIDO, 30)
 WHERE e1.D_E_L_E_T_ = ' '
   AND e1.E1_XCNFENV = ' '
   AND e1.E1_SALDO > 0
   AND ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
   FROM SIGA.SE1030 ab
  WHERE ab.D_E_L_E_T_ = ' '
    AND ab.E1_FILIAL = e1.E1_FILIAL
    AND ab.E1_PREFIXO = e1.E1_PREFIXO
    AND ab.E1_NUM = e1.E1_NUM
    AND ab.E1_PARCELA = e1.E1_PARCELA
    AND ab.E1_CLIENTE = e1.E1_CLIENTE
    AND ab.E1_LOJA = e1.E1_LOJA
    AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) > 0
   AND e1.E1_VENCREA <> '        '
   AND e1.E1_VENCREA < TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD')
   AND e1.E1_TIPO NOT LIKE '__-%' AND e1.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC', 'TX ', 'TXA', 'ISS', 'IRF', 'INS', 'PIS', 'COF', 'CSL', 'CSS')
   AND e1.E1_PREFIXO <> 'GRR'
   AND NOT EXISTS (SELECT 1
                     FROM SIGA.SE5030 grr
                    WHERE grr.D_E_L_E_T_ = ' '
                      AND grr.E5_FILIAL = e1.E1_FILIAL
                      AND grr.E5_PREFIXO = e1.E1_PREFIXO
                      AND grr.E5_NUMERO = e1.E1_NUM
                      AND grr.E5_PARCELA = e1.E1_PARCELA
                      AND grr.E5_TIPO = e1.E1_TIPO
                      AND grr.E5_CLIFOR = e1.E1_CLIENTE
                      AND grr.E5_LOJA = e1.E1_LOJA
                      AND grr.E5_MOTBX = 'GRR'
                      AND grr.E5_SITUACA <> 'C');

PROMPT [16/26] CONEFI.V_CONEFI_CAND_PRV (view)
CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_PRV AS
-- conefi-dbtool: a PRG set E1_XCNFENV = 'P'; once E1_VENCREA is overdue again by the same
-- rule as INC (before today minus CONEFI_DIAS_CARENCIA) the title is back in collection:
-- PRV, and the PRV step sets the state back to 'S'.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       e1.E1_VENCREA AS VENC_REAL,
       e1.E1_VENCORI AS VENC_ORIGINAL,
       ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       TO_DATE(TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD'), 'YYYYMMDD') - TO_DATE(e1.E1_VENCREA, 'YYYYMMDD') AS DIAS_ATRASO,
       'PRV:' || TO_CHAR(e1.R_E_C_N_O_) || ':V:' || TO_CHAR(e1.E1_XCNFVER) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
 WHERE e1.D_E_L_E_T_ = ' '
   AND e1.E1_XCNFENV = 'P'
   AND e1.E1_SALDO > 0
   AND ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
   FROM SIGA.SE1030 ab
  WHERE ab.D_E_L_E_T_ = ' '
    AND ab.E1_FILIAL = e1.E1_FILIAL
    AND ab.E1_PREFIXO = e1.E1_PREFIXO
    AND ab.E1_NUM = e1.E1_NUM
    AND ab.E1_PARCELA = e1.E1_PARCELA
    AND ab.E1_CLIENTE = e1.E1_CLIENTE
    AND ab.E1_LOJA = e1.E1_LOJA
    AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) > 0
   AND e1.E1_VENCREA <> '        '
   AND e1.E1_VENCREA < (SELECT CONEFI.PKG_CONEFI_PARAM.f_vencido_antes FROM DUAL)
   AND e1.E1_PREFIXO <> 'GRR'
   AND NOT EXISTS (SELECT 1
                     FROM SIGA.SE5030 grr
                    WHERE grr.D_E_L_E_T_ = ' '
                      AND grr.E5_FILIAL = e1.E1_FILIAL
                      AND grr.E5_PREFIXO = e1.E1_PREFIXO
                      AND grr.E5_NUMERO = e1.E1_NUM
                      AND grr.E5_PARCELA = e1.E1_PARCELA
                      AND grr.E5_TIPO = e1.E1_TIPO
                      AND grr.E5_CLIFOR = e1.E1_CLIENTE
                      AND grr.E5_LOJA = e1.E1_LOJA
                      AND grr.E5_MOTBX = 'GRR'
                      AND grr.E5_SITUACA <> 'C');

PROMPT [22/26] CONEFI.PKG_CONEFI_PARAM (package_body)
CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_PARAM
AS
  -- conefi-dbtool: see the package specification.

  FUNCTION f_texto(p_nome IN VARCHAR2, p_padrao IN VARCHAR2 DEFAULT NULL) RETURN VARCHAR2 IS
    v_valor VARCHAR2(4000);
  BEGIN
    -- MAX: one value even if several branches hold the parameter; no NO_DATA_FOUND.
    SELECT MAX(TRIM(z.Z99_VALOR))
      INTO v_valor
      FROM SIGA.Z99030 z
     WHERE z.D_E_L_E_T_ = ' '
       AND z.Z99_CHAVE = RPAD(p_nome, 30);
    RETURN NVL(v_valor, p_padrao);
  END f_texto;

  FUNCTION f_inteiro(p_nome IN VARCHAR2, p_padrao IN NUMBER) RETURN NUMBER IS
    v_texto VARCHAR2(4000);
  BEGIN
    v_texto := f_texto(p_nome);
    IF v_texto IS NULL THEN
      RETURN p_padrao;
    END IF;
    IF NOT REGEXP_LIKE(v_texto, '^[0-9]{1,9}$') THEN
      RAISE_APPLICATION_ERROR(-20101, 'CONEFI parameter ' || p_nome
        || ' is not a non-negative integer: ' || SUBSTR(v_texto, 1, 100));
    END IF;
    RETURN TO_NUMBER(v_texto);
  END f_inteiro;

  FUNCTION f_data(p_nome IN VARCHAR2, p_padrao IN VARCHAR2 DEFAULT NULL) RETURN VARCHAR2 IS
    v_texto VARCHAR2(4000);
    v_data DATE;
    e_data_invalida EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_data_invalida, -1839);
  BEGIN
    v_texto := f_texto(p_nome);
    IF v_texto IS NULL THEN
      RETURN p_padrao;
    END IF;
    IF NOT REGEXP_LIKE(v_texto, '^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$') THEN
      RAISE_APPLICATION_ERROR(-20102, 'CONEFI parameter ' || p_nome
        || ' is not a date YYYYMMDD: ' || SUBSTR(v_texto, 1, 100));
    END IF;
    v_data := TO_DATE(v_texto, 'YYYYMMDD');
    RETURN TO_CHAR(v_data, 'YYYYMMDD');
  EXCEPTION
    WHEN e_data_invalida THEN
      RAISE_APPLICATION_ERROR(-20102, 'CONEFI parameter ' || p_nome
        || ' is not a valid date: ' || SUBSTR(v_texto, 1, 100));
  END f_data;

  FUNCTION f_flag(p_nome IN VARCHAR2, p_padrao IN VARCHAR2) RETURN VARCHAR2 IS
    v_texto VARCHAR2(4000);
  BEGIN
    v_texto := UPPER(f_texto(p_nome, p_padrao));
    IF v_texto NOT IN ('S', 'N') THEN
      RAISE_APPLICATION_ERROR(-20103, 'CONEFI parameter ' || p_nome
        || ' must be S or N: ' || SUBSTR(v_texto, 1, 100));
    END IF;
    RETURN v_texto;
  END f_flag;

  FUNCTION f_hoje RETURN VARCHAR2 IS
    v_hoje VARCHAR2(8);
  BEGIN
    SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD') INTO v_hoje FROM DUAL;
    RETURN v_hoje;
  END f_hoje;

  FUNCTION f_vencido_antes RETURN VARCHAR2 IS
  BEGIN
    RETURN TO_CHAR(TO_DATE(f_hoje, 'YYYYMMDD') - f_dias_carencia, 'YYYYMMDD');
  END f_vencido_antes;

  FUNCTION f_job_ativo RETURN VARCHAR2 IS
  BEGIN
    RETURN f_flag('CONEFI_JOB_ATIVO', 'S');
  END f_job_ativo;

  FUNCTION f_dias_carencia RETURN NUMBER IS
  BEGIN
    RETURN f_inteiro('CONEFI_DIAS_CARENCIA', 0);
  END f_dias_carencia;

  FUNCTION f_data_corte RETURN VARCHAR2 IS
  BEGIN
    RETURN f_data('CONEFI_DATA_CORTE', NULL);
  END f_data_corte;

  FUNCTION f_dias_reproc RETURN NUMBER IS
  BEGIN
    RETURN f_inteiro('CONEFI_DIAS_REPROC', 7);
  END f_dias_reproc;
END PKG_CONEFI_PARAM;
/
SHOW ERRORS PACKAGE BODY CONEFI.PKG_CONEFI_PARAM
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_PARAM'
     AND type = 'PACKAGE BODY' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_PARAM (PACKAGE BODY) compiled with errors');
  END IF;
END;
/

PROMPT [7/26] CONEFI.PKG_CONEFI_FILA (package)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 44 THEN ' (template erp/conefi/package/PKG_CONEFI_FILA.sql.j2:' || (p_line + 4) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_FILA
AUTHID DEFINER
AS
  -- conefi-dbtool: the CONEFI queue CONEFI.INTGRA_DADOS_CONEFI.
  -- Record (INTDC_DADOS): ACTION;field;field;... separated by '';'';
  -- the escape character ''\'' writes itself doubled, the separator,
  -- line feed and carriage return as \; \n \r. Layouts: docs/integration-design.md.
  -- No COMMIT anywhere: producers run inside the caller''s transaction (outbox).

  c_pendente  CONSTANT VARCHAR2(1) := ''P''; -- waiting for CONEFI
  c_integrado CONSTANT VARCHAR2(1) := ''I''; -- read by CONEFI
  c_erro      CONSTANT VARCHAR2(1) := ''E''; -- rejected; INTDC_DES_OBS says why

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
    p_status    IN  VARCHAR2 DEFAULT ''P'',
    p_obs       IN  VARCHAR2 DEFAULT NULL,
    p_chave     IN  VARCHAR2 DEFAULT NULL,
    p_recno_se1 IN  NUMBER DEFAULT NULL,
    p_recno_se5 IN  NUMBER DEFAULT NULL,
    p_id_evento IN  NUMBER DEFAULT NULL,
    p_id_origem IN  NUMBER DEFAULT NULL,
    p_id_exec   IN  NUMBER DEFAULT NULL);

  -- For the consumer: mark a row integrated (I) or rejected (E, with the reason).
  PROCEDURE p_marcar(p_id IN NUMBER, p_status IN VARCHAR2, p_obs IN VARCHAR2 DEFAULT NULL);
END PKG_CONEFI_FILA;');
  v_old_1 := captured('PACKAGE_SPEC', 'CONEFI', 'PKG_CONEFI_FILA');
  IF v_old_1 IS NOT NULL AND same_source('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', v_new_1) THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.PKG_CONEFI_FILA (PACKAGE)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run(v_new_1);
  v_error := first_error(1, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_FILA', 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    failed('CONEFI.PKG_CONEFI_FILA (PACKAGE)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
  IF v_old_1 IS NOT NULL AND :cdt_e41c0fcfe49f IS NULL THEN
    :cdt_e41c0fcfe49f := v_old_1;
  END IF;
  SELECT MAX(status) INTO v_status FROM all_objects
   WHERE owner = 'CONEFI' AND object_name = 'PKG_CONEFI_FILA' AND object_type = 'PACKAGE BODY';
  IF v_status IS NOT NULL THEN
    run('ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF first_error(0, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY') IS NOT NULL THEN
      run(v_old_1);
      run('ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.PKG_CONEFI_FILA: the deployed body needs the previous specification; both are replaced at the body step');
    END IF;
  END IF;
END;
/
SHOW ERRORS PACKAGE CONEFI.PKG_CONEFI_FILA
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_FILA'
     AND type = 'PACKAGE' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_FILA (PACKAGE) compiled with errors');
  END IF;
END;
/

PROMPT [8/26] CONEFI.PKG_CONEFI_EVENTO (package)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 24 THEN ' (template erp/conefi/package/PKG_CONEFI_EVENTO.sql.j2:' || (p_line + 4) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_EVENTO
AUTHID DEFINER
AS
  -- conefi-dbtool: called by the AFTER INSERT trigger on SGU.INTGRA_RET_ERP.
  -- Transactional outbox: it queues in the caller''s transaction; no COMMIT, no
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
END PKG_CONEFI_EVENTO;');
  v_before := invalid_dependents;
  v_old_1 := captured('PACKAGE_SPEC', 'CONEFI', 'PKG_CONEFI_EVENTO');
  IF v_old_1 IS NOT NULL AND same_source('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', v_new_1) THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.PKG_CONEFI_EVENTO (PACKAGE)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run(v_new_1);
  v_error := first_error(1, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    failed('CONEFI.PKG_CONEFI_EVENTO (PACKAGE)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
  IF v_old_1 IS NOT NULL AND :cdt_1c7554358dea IS NULL THEN
    :cdt_1c7554358dea := v_old_1;
  END IF;
  SELECT MAX(status) INTO v_status FROM all_objects
   WHERE owner = 'CONEFI' AND object_name = 'PKG_CONEFI_EVENTO' AND object_type = 'PACKAGE BODY';
  IF v_status IS NOT NULL THEN
    run('ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    IF first_error(0, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY') IS NOT NULL THEN
      run(v_old_1);
      run('ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
      SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.PKG_CONEFI_EVENTO: the deployed body needs the previous specification; both are replaced at the body step');
    END IF;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.PKG_CONEFI_EVENTO (PACKAGE)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.PKG_CONEFI_EVENTO (PACKAGE)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/
SHOW ERRORS PACKAGE CONEFI.PKG_CONEFI_EVENTO
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_EVENTO'
     AND type = 'PACKAGE' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_EVENTO (PACKAGE) compiled with errors');
  END IF;
END;
/

PROMPT [12/26] CONEFI.V_CONEFI_CAND_DES (view)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 5 THEN ' (template erp/conefi/view/V_CONEFI_CAND_DES.sql.j2:' || (p_line + 4) || ')'
        WHEN p_line BETWEEN 33 AND 34 THEN ' (template erp/conefi/view/V_CONEFI_CAND_DES.sql.j2:' || (p_line - 23) || ')'
        WHEN p_line BETWEEN 46 AND 46 THEN ' (template erp/conefi/view/V_CONEFI_CAND_DES.sql.j2:' || (p_line - 34) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  PROCEDURE run_view(p_ddl CLOB, p_unit PLS_INTEGER, p_what VARCHAR2) IS
    v_cursor INTEGER;
    v_at     PLS_INTEGER;
    v_line   PLS_INTEGER;
    v_head   CLOB;
    v_text   VARCHAR2(2000);
  BEGIN
    v_cursor := SYS.DBMS_SQL.OPEN_CURSOR;
    SYS.DBMS_SQL.PARSE(v_cursor, p_ddl, SYS.DBMS_SQL.NATIVE); -- a DDL runs at parse
    SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor); -- created with errors (FORCE): ALL_ERRORS says what
    WHEN OTHERS THEN
      v_at := SYS.DBMS_SQL.LAST_ERROR_POSITION;
      v_text := SUBSTR(SQLERRM, 1, 1500);
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
      -- a byte offset: SUBSTRB of the first 8,000 characters (at most 32,000 bytes; a view is shorter)
      v_head := SUBSTRB(SYS.DBMS_LOB.SUBSTR(p_ddl, 8000, 1), 1, v_at);
      v_line := 1 + NVL(LENGTH(v_head) - NVL(LENGTH(REPLACE(v_head, CHR(10))), 0), 0);
      v_text := SUBSTR(p_what || ' ' || v_line || ': ' || v_text || template_line(p_unit, v_line)
        || '; Oracle refused it and kept the view as it was', 1, 2000);
      RAISE_APPLICATION_ERROR(-20014, SUBSTR(v_text || heal_run(v_text), 1, 2000));
  END run_view;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_DES AS
-- conefi-dbtool: amount due = E1_SALDO + E1_SDACRES - E1_SDDECRE - open abatements (- the
-- financial discount when configured). The amount last sent (E1_XCNFSLD) has
-- already moved by every PGO/EST queued, which run first: a DES never carries a payment.
-- Keyed DES:<SE1 R_E_C_N_O_>:<send version + 1>, so A->B->A->B is four changes.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       e1.E1_XCNFVLR AS VALOR_ANTERIOR,
       e1.E1_VALOR AS VALOR_NOVO,
       e1.E1_XCNFSLD AS DEVIDO_ANTERIOR,
       ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = '' ''
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE ''__-%'')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       e1.E1_XCNFVER + 1 AS VERSAO_ENVIO,
       TO_CHAR(SYSTIMESTAMP AT TIME ZONE ''America/Sao_Paulo'', ''YYYYMMDD'') AS DATA_ALTERACAO,
       ''DES:'' || TO_CHAR(e1.R_E_C_N_O_) || '':V:'' || TO_CHAR((e1.E1_XCNFVER + 1)) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
 WHERE e1.E1_XCNFENV IN (''S'', ''P'')
   AND e1.D_E_L_E_T_ = '' ''
   AND ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
   FROM SIGA.SE1030 ab
  WHERE ab.D_E_L_E_T_ = '' ''
    AND ab.E1_FILIAL = e1.E1_FILIAL
    AND ab.E1_PREFIXO = e1.E1_PREFIXO
    AND ab.E1_NUM = e1.E1_NUM
    AND ab.E1_PARCELA = e1.E1_PARCELA
    AND ab.E1_CLIENTE = e1.E1_CLIENTE
    AND ab.E1_LOJA = e1.E1_LOJA
    AND ab.E1_TIPO LIKE ''__-%'')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) <> e1.E1_XCNFSLD');
  v_before := invalid_dependents;
  v_old_1 := captured('VIEW', 'CONEFI', 'V_CONEFI_CAND_DES');
  IF v_old_1 IS NOT NULL AND same_view('CONEFI', 'V_CONEFI_CAND_DES', v_new_1, 52, '"FILIAL","PREFIXO","NUMERO","PARCELA","TIPO","CLIENTE","LOJA","RECNO_SE1","VALOR_ANTERIOR","VALOR_NOVO","DEVIDO_ANTERIOR","VALOR_DEVIDO","VERSAO_ENVIO","DATA_ALTERACAO","CTL_IDEMP","CTL_CHAVE","CTL_RECNO","CTL_RECNO_SE5","CTL_ORIGEM"') THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.V_CONEFI_CAND_DES (VIEW)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run_view(v_new_1, 1, 'CONEFI.V_CONEFI_CAND_DES (VIEW)');
  v_error := first_error(1, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_CAND_DES', 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    failed('CONEFI.V_CONEFI_CAND_DES (VIEW)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
  IF v_old_1 IS NOT NULL AND :cdt_81a4c7100e32 IS NULL THEN
    :cdt_81a4c7100e32 := v_old_1;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_CAND_DES', 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.V_CONEFI_CAND_DES (VIEW)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.V_CONEFI_CAND_DES (VIEW)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/

PROMPT [15/26] CONEFI.V_CONEFI_CAND_PRG (view)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 3 THEN ' (template erp/conefi/view/V_CONEFI_CAND_PRG.sql.j2:' || (p_line + 4) || ')'
        WHEN p_line BETWEEN 21 AND 22 THEN ' (template erp/conefi/view/V_CONEFI_CAND_PRG.sql.j2:' || (p_line - 13) || ')'
        WHEN p_line BETWEEN 26 AND 26 THEN ' (template erp/conefi/view/V_CONEFI_CAND_PRG.sql.j2:' || (p_line - 16) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  PROCEDURE run_view(p_ddl CLOB, p_unit PLS_INTEGER, p_what VARCHAR2) IS
    v_cursor INTEGER;
    v_at     PLS_INTEGER;
    v_line   PLS_INTEGER;
    v_head   CLOB;
    v_text   VARCHAR2(2000);
  BEGIN
    v_cursor := SYS.DBMS_SQL.OPEN_CURSOR;
    SYS.DBMS_SQL.PARSE(v_cursor, p_ddl, SYS.DBMS_SQL.NATIVE); -- a DDL runs at parse
    SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor); -- created with errors (FORCE): ALL_ERRORS says what
    WHEN OTHERS THEN
      v_at := SYS.DBMS_SQL.LAST_ERROR_POSITION;
      v_text := SUBSTR(SQLERRM, 1, 1500);
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
      -- a byte offset: SUBSTRB of the first 8,000 characters (at most 32,000 bytes; a view is shorter)
      v_head := SUBSTRB(SYS.DBMS_LOB.SUBSTR(p_ddl, 8000, 1), 1, v_at);
      v_line := 1 + NVL(LENGTH(v_head) - NVL(LENGTH(REPLACE(v_head, CHR(10))), 0), 0);
      v_text := SUBSTR(p_what || ' ' || v_line || ': ' || v_text || template_line(p_unit, v_line)
        || '; Oracle refused it and kept the view as it was', 1, 2000);
      RAISE_APPLICATION_ERROR(-20014, SUBSTR(v_text || heal_run(v_text), 1, 2000));
  END run_view;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_PRG AS
-- conefi-dbtool: keyed PRG:<SE1 R_E_C_N_O_>:<send version + 1>; the step then records the
-- due date sent (E1_XCNFVEN) and state P (PRV reports when it passes).
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       e1.E1_XCNFVEN AS VENC_ANTERIOR,
       e1.E1_VENCREA AS VENC_NOVO,
       e1.E1_VENCORI AS VENC_ORIGINAL,
       e1.E1_XCNFVER + 1 AS VERSAO_ENVIO,
       TO_CHAR(SYSTIMESTAMP AT TIME ZONE ''America/Sao_Paulo'', ''YYYYMMDD'') AS DATA_ALTERACAO,
       ''PRG:'' || TO_CHAR(e1.R_E_C_N_O_) || '':V:'' || TO_CHAR((e1.E1_XCNFVER + 1)) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
 WHERE e1.E1_XCNFENV IN (''S'', ''P'')
   AND e1.D_E_L_E_T_ = '' ''
   AND e1.E1_VENCREA > e1.E1_XCNFVEN
   AND e1.E1_VENCREA <> ''        ''');
  v_before := invalid_dependents;
  v_old_1 := captured('VIEW', 'CONEFI', 'V_CONEFI_CAND_PRG');
  IF v_old_1 IS NOT NULL AND same_view('CONEFI', 'V_CONEFI_CAND_PRG', v_new_1, 52, '"FILIAL","PREFIXO","NUMERO","PARCELA","TIPO","CLIENTE","LOJA","RECNO_SE1","VENC_ANTERIOR","VENC_NOVO","VENC_ORIGINAL","VERSAO_ENVIO","DATA_ALTERACAO","CTL_IDEMP","CTL_CHAVE","CTL_RECNO","CTL_RECNO_SE5","CTL_ORIGEM"') THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.V_CONEFI_CAND_PRG (VIEW)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run_view(v_new_1, 1, 'CONEFI.V_CONEFI_CAND_PRG (VIEW)');
  v_error := first_error(1, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_CAND_PRG', 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    failed('CONEFI.V_CONEFI_CAND_PRG (VIEW)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
  IF v_old_1 IS NOT NULL AND :cdt_5f12d74aa332 IS NULL THEN
    :cdt_5f12d74aa332 := v_old_1;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_CAND_PRG', 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.V_CONEFI_CAND_PRG (VIEW)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.V_CONEFI_CAND_PRG (VIEW)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/

PROMPT [17/26] CONEFI.V_CONEFI_MOV_EST (view)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 7 THEN ' (template erp/conefi/view/V_CONEFI_MOV_EST.sql.j2:' || (p_line + 4) || ')'
        WHEN p_line BETWEEN 68 AND 70 THEN ' (template erp/conefi/view/V_CONEFI_MOV_EST.sql.j2:' || (p_line - 56) || ')'
        WHEN p_line BETWEEN 77 AND 77 THEN ' (template erp/conefi/view/V_CONEFI_MOV_EST.sql.j2:' || (p_line - 62) || ')'
        WHEN p_line BETWEEN 119 AND 119 THEN ' (template erp/conefi/view/V_CONEFI_MOV_EST.sql.j2:' || (p_line - 103) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  PROCEDURE run_view(p_ddl CLOB, p_unit PLS_INTEGER, p_what VARCHAR2) IS
    v_cursor INTEGER;
    v_at     PLS_INTEGER;
    v_line   PLS_INTEGER;
    v_head   CLOB;
    v_text   VARCHAR2(2000);
  BEGIN
    v_cursor := SYS.DBMS_SQL.OPEN_CURSOR;
    SYS.DBMS_SQL.PARSE(v_cursor, p_ddl, SYS.DBMS_SQL.NATIVE); -- a DDL runs at parse
    SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor); -- created with errors (FORCE): ALL_ERRORS says what
    WHEN OTHERS THEN
      v_at := SYS.DBMS_SQL.LAST_ERROR_POSITION;
      v_text := SUBSTR(SQLERRM, 1, 1500);
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
      -- a byte offset: SUBSTRB of the first 8,000 characters (at most 32,000 bytes; a view is shorter)
      v_head := SUBSTRB(SYS.DBMS_LOB.SUBSTR(p_ddl, 8000, 1), 1, v_at);
      v_line := 1 + NVL(LENGTH(v_head) - NVL(LENGTH(REPLACE(v_head, CHR(10))), 0), 0);
      v_text := SUBSTR(p_what || ' ' || v_line || ': ' || v_text || template_line(p_unit, v_line)
        || '; Oracle refused it and kept the view as it was', 1, 2000);
      RAISE_APPLICATION_ERROR(-20014, SUBSTR(v_text || heal_run(v_text), 1, 2000));
  END run_view;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE VIEW CONEFI.V_CONEFI_MOV_EST AS
-- conefi-dbtool: one row per settlement undone, whatever shows it first: an ES row with its
-- key and E5_SEQ, E5_SITUACA in the configured reversal values, or its SE5 row deleted
-- (the join reads deleted SE5 rows on purpose). Keyed EST:P:<SE5 R_E_C_N_O_ of the
-- settlement>, so three kinds of evidence still make one EST; a reversal queued by
-- layout 1 (EST:<R_E_C_N_O_ of the ES row>) counts as sent. Used by the trigger and by
-- the daily reconciliation, like CONEFI.V_CONEFI_MOV_PGO; no GRR exclusion (see there).
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       (SELECT MIN(es.R_E_C_N_O_)
            FROM SIGA.SE5030 es
           WHERE es.D_E_L_E_T_ = '' ''
             AND es.E5_FILIAL = e5.E5_FILIAL
             AND es.E5_PREFIXO = e5.E5_PREFIXO
             AND es.E5_NUMERO = e5.E5_NUMERO
             AND es.E5_PARCELA = e5.E5_PARCELA
             AND es.E5_TIPO = e5.E5_TIPO
             AND es.E5_CLIFOR = e5.E5_CLIFOR
             AND es.E5_LOJA = e5.E5_LOJA
             AND es.E5_SEQ = e5.E5_SEQ
             AND es.E5_TIPODOC = ''ES''
             AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) AS RECNO_SE5_ESTORNO,
       e5.E5_SEQ AS SEQ_BAIXA,
       NVL((SELECT MIN(x.E5_DATA)
                FROM SIGA.SE5030 x
               WHERE x.D_E_L_E_T_ = '' ''
                 AND x.R_E_C_N_O_ = (SELECT MIN(es.R_E_C_N_O_)
            FROM SIGA.SE5030 es
           WHERE es.D_E_L_E_T_ = '' ''
             AND es.E5_FILIAL = e5.E5_FILIAL
             AND es.E5_PREFIXO = e5.E5_PREFIXO
             AND es.E5_NUMERO = e5.E5_NUMERO
             AND es.E5_PARCELA = e5.E5_PARCELA
             AND es.E5_TIPO = e5.E5_TIPO
             AND es.E5_CLIFOR = e5.E5_CLIFOR
             AND es.E5_LOJA = e5.E5_LOJA
             AND es.E5_SEQ = e5.E5_SEQ
             AND es.E5_TIPODOC = ''ES''
             AND es.R_E_C_N_O_ > e5.R_E_C_N_O_)), TO_CHAR(SYSTIMESTAMP AT TIME ZONE ''America/Sao_Paulo'', ''YYYYMMDD'')) AS DATA_ESTORNO,
       e5.E5_VALOR AS VALOR_ESTORNADO,
       e5.R_E_C_N_O_ AS RECNO_SE5_ORIGINAL,
       (SELECT MIN(q.INTDC_ID)
            FROM CONEFI.INTGRA_DADOS_CONEFI q
           WHERE q.INTDC_DES_IDEMP = ''PGO:'' || TO_CHAR(e5.R_E_C_N_O_)) AS ID_FILA_ORIGINAL,
       (((e5.E5_VALOR - e5.E5_VLJUROS) - e5.E5_VLMULTA) + e5.E5_VLDESCO) AS VALOR_BAIXADO,
       ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = '' ''
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE ''__-%'')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       ''EST:P:'' || TO_CHAR(e5.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       e5.R_E_C_N_O_ AS CTL_RECNO_SE5,
       (SELECT MIN(q.INTDC_ID)
            FROM CONEFI.INTGRA_DADOS_CONEFI q
           WHERE q.INTDC_DES_IDEMP = ''PGO:'' || TO_CHAR(e5.R_E_C_N_O_)) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
  JOIN SIGA.SE5030 e5
    ON e5.E5_FILIAL = e1.E1_FILIAL
   AND e5.E5_PREFIXO = e1.E1_PREFIXO
   AND e5.E5_NUMERO = e1.E1_NUM
   AND e5.E5_PARCELA = e1.E1_PARCELA
   AND e5.E5_TIPO = e1.E1_TIPO
   AND e5.E5_CLIFOR = e1.E1_CLIENTE
   AND e5.E5_LOJA = e1.E1_LOJA
 WHERE e1.E1_XCNFENV IN (''S'', ''P'')
   AND e1.D_E_L_E_T_ = '' ''
   AND e5.E5_RECPAG = ''R''
   AND e5.E5_TIPODOC IN (''VL'', ''BA'', ''CP'', ''V2'')
   AND CASE WHEN EXISTS (SELECT 1 FROM CONEFI.INTGRA_DADOS_CONEFI ql WHERE ql.INTDC_DES_IDEMP = ''EST:'' || TO_CHAR((SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = '' ''
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = ''ES''
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_))) THEN ''S'' ELSE ''N'' END = ''N''
   AND ((CASE WHEN EXISTS (SELECT 1 FROM CONEFI.INTGRA_DADOS_CONEFI qp WHERE qp.INTDC_DES_IDEMP = ''PGO:'' || TO_CHAR(e5.R_E_C_N_O_)) THEN ''S'' ELSE ''N'' END = ''S'' AND (e5.E5_SITUACA IN (''C'', ''E'', ''X'') OR e5.D_E_L_E_T_ = ''*'' OR (SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = '' ''
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = ''ES''
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) IS NOT NULL)) OR (e5.R_E_C_N_O_ <= e1.E1_XCNFMOV AND (SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = '' ''
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = ''ES''
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) > e1.E1_XCNFMOV))');
  v_before := invalid_dependents;
  v_old_1 := captured('VIEW', 'CONEFI', 'V_CONEFI_MOV_EST');
  IF v_old_1 IS NOT NULL AND same_view('CONEFI', 'V_CONEFI_MOV_EST', v_new_1, 51, '"FILIAL","PREFIXO","NUMERO","PARCELA","TIPO","CLIENTE","LOJA","RECNO_SE1","RECNO_SE5_ESTORNO","SEQ_BAIXA","DATA_ESTORNO","VALOR_ESTORNADO","RECNO_SE5_ORIGINAL","ID_FILA_ORIGINAL","VALOR_BAIXADO","VALOR_DEVIDO","CTL_IDEMP","CTL_CHAVE","CTL_RECNO","CTL_RECNO_SE5","CTL_ORIGEM"') THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.V_CONEFI_MOV_EST (VIEW)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run_view(v_new_1, 1, 'CONEFI.V_CONEFI_MOV_EST (VIEW)');
  v_error := first_error(1, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_MOV_EST', 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    failed('CONEFI.V_CONEFI_MOV_EST (VIEW)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
  IF v_old_1 IS NOT NULL AND :cdt_6bae45260eae IS NULL THEN
    :cdt_6bae45260eae := v_old_1;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_MOV_EST', 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.V_CONEFI_MOV_EST (VIEW)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.V_CONEFI_MOV_EST (VIEW)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/

PROMPT [18/26] CONEFI.V_CONEFI_MOV_PGO (view)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 8 THEN ' (template erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2:' || (p_line + 4) || ')'
        WHEN p_line BETWEEN 53 AND 55 THEN ' (template erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2:' || (p_line - 40) || ')'
        WHEN p_line BETWEEN 62 AND 62 THEN ' (template erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2:' || (p_line - 46) || ')'
        WHEN p_line BETWEEN 82 AND 82 THEN ' (template erp/conefi/view/V_CONEFI_MOV_PGO.sql.j2:' || (p_line - 65) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  PROCEDURE run_view(p_ddl CLOB, p_unit PLS_INTEGER, p_what VARCHAR2) IS
    v_cursor INTEGER;
    v_at     PLS_INTEGER;
    v_line   PLS_INTEGER;
    v_head   CLOB;
    v_text   VARCHAR2(2000);
  BEGIN
    v_cursor := SYS.DBMS_SQL.OPEN_CURSOR;
    SYS.DBMS_SQL.PARSE(v_cursor, p_ddl, SYS.DBMS_SQL.NATIVE); -- a DDL runs at parse
    SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor); -- created with errors (FORCE): ALL_ERRORS says what
    WHEN OTHERS THEN
      v_at := SYS.DBMS_SQL.LAST_ERROR_POSITION;
      v_text := SUBSTR(SQLERRM, 1, 1500);
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
      -- a byte offset: SUBSTRB of the first 8,000 characters (at most 32,000 bytes; a view is shorter)
      v_head := SUBSTRB(SYS.DBMS_LOB.SUBSTR(p_ddl, 8000, 1), 1, v_at);
      v_line := 1 + NVL(LENGTH(v_head) - NVL(LENGTH(REPLACE(v_head, CHR(10))), 0), 0);
      v_text := SUBSTR(p_what || ' ' || v_line || ': ' || v_text || template_line(p_unit, v_line)
        || '; Oracle refused it and kept the view as it was', 1, 2000);
      RAISE_APPLICATION_ERROR(-20014, SUBSTR(v_text || heal_run(v_text), 1, 2000));
  END run_view;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE VIEW CONEFI.V_CONEFI_MOV_PGO AS
-- conefi-dbtool: used by the trigger (WHERE CTL_RECNO = the event''s title) and by the daily
-- reconciliation (every title): the key PGO:<SE5 R_E_C_N_O_> makes both produce each
-- payment once. The condition is the PGO rule of conefi_dbtool/layouts/reconcile.py:
-- payment types (''VL'', ''BA'', ''CP'', ''V2'', E5_RECPAG ''R''), live, not cancelled and not
-- reversed by an ES row, after the movements reflected in the INC balance.
-- No GRR exclusion here on purpose: a title in collection paid through GRR must still
-- tell CONEFI it was paid.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       e5.R_E_C_N_O_ AS RECNO_SE5,
       e5.E5_SEQ AS SEQ_BAIXA,
       e5.E5_TIPODOC AS TIPO_DOC,
       e5.E5_DATA AS DATA_PAGAMENTO,
       e5.E5_VALOR AS VALOR_PAGO,
       e5.E5_VLJUROS AS JUROS,
       e5.E5_VLMULTA AS MULTA,
       e5.E5_VLDESCO AS DESCONTO,
       (((e5.E5_VALOR - e5.E5_VLJUROS) - e5.E5_VLMULTA) + e5.E5_VLDESCO) AS VALOR_BAIXADO,
       e5.E5_MOTBX AS MOTIVO_BAIXA,
       ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = '' ''
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE ''__-%'')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       CASE WHEN ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = '' ''
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE ''__-%'')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) > 0 THEN ''P'' ELSE ''T'' END AS TIPO_PAGAMENTO,
       e1.E1_NUMLIQ AS NUM_LIQUIDACAO,
       e1.E1_FATURA AS FATURA,
       ''PGO:'' || TO_CHAR(e5.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       e5.R_E_C_N_O_ AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
  JOIN SIGA.SE5030 e5
    ON e5.E5_FILIAL = e1.E1_FILIAL
   AND e5.E5_PREFIXO = e1.E1_PREFIXO
   AND e5.E5_NUMERO = e1.E1_NUM
   AND e5.E5_PARCELA = e1.E1_PARCELA
   AND e5.E5_TIPO = e1.E1_TIPO
   AND e5.E5_CLIFOR = e1.E1_CLIENTE
   AND e5.E5_LOJA = e1.E1_LOJA
 WHERE e1.E1_XCNFENV IN (''S'', ''P'')
   AND e1.D_E_L_E_T_ = '' ''
   AND e5.E5_RECPAG = ''R''
   AND e5.E5_TIPODOC IN (''VL'', ''BA'', ''CP'', ''V2'')
   AND e5.D_E_L_E_T_ = '' ''
   AND e5.E5_SITUACA NOT IN (''C'', ''E'', ''X'')
   AND (SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = '' ''
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = ''ES''
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) IS NULL
   AND e5.R_E_C_N_O_ > e1.E1_XCNFMOV');
  v_before := invalid_dependents;
  v_old_1 := captured('VIEW', 'CONEFI', 'V_CONEFI_MOV_PGO');
  IF v_old_1 IS NOT NULL AND same_view('CONEFI', 'V_CONEFI_MOV_PGO', v_new_1, 51, '"FILIAL","PREFIXO","NUMERO","PARCELA","TIPO","CLIENTE","LOJA","RECNO_SE1","RECNO_SE5","SEQ_BAIXA","TIPO_DOC","DATA_PAGAMENTO","VALOR_PAGO","JUROS","MULTA","DESCONTO","VALOR_BAIXADO","MOTIVO_BAIXA","VALOR_DEVIDO","TIPO_PAGAMENTO","NUM_LIQUIDACAO","FATURA","CTL_IDEMP","CTL_CHAVE","CTL_RECNO","CTL_RECNO_SE5","CTL_ORIGEM"') THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.V_CONEFI_MOV_PGO (VIEW)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run_view(v_new_1, 1, 'CONEFI.V_CONEFI_MOV_PGO (VIEW)');
  v_error := first_error(1, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_MOV_PGO', 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    failed('CONEFI.V_CONEFI_MOV_PGO (VIEW)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
  IF v_old_1 IS NOT NULL AND :cdt_22bbddf8d46b IS NULL THEN
    :cdt_22bbddf8d46b := v_old_1;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP VIEW CONEFI.V_CONEFI_MOV_PGO', 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.V_CONEFI_MOV_PGO (VIEW)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.V_CONEFI_MOV_PGO (VIEW)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/

PROMPT [19/26] CONEFI.PKG_CONEFI_EVENTO (package_body)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_new_2 CLOB;
  v_old_2 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 24 THEN ' (template erp/conefi/package/PKG_CONEFI_EVENTO.sql.j2:' || (p_line + 4) || ')'
      END;
    END IF;
    IF p_unit = 2 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 21 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line + 5) || ')'
        WHEN p_line BETWEEN 22 AND 25 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line + 6) || ')'
        WHEN p_line BETWEEN 26 AND 29 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line + 2) || ')'
        WHEN p_line BETWEEN 30 AND 33 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 2) || ')'
        WHEN p_line BETWEEN 34 AND 37 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 6) || ')'
        WHEN p_line BETWEEN 38 AND 41 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 10) || ')'
        WHEN p_line BETWEEN 42 AND 45 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 14) || ')'
        WHEN p_line BETWEEN 46 AND 60 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 13) || ')'
        WHEN p_line BETWEEN 66 AND 68 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 18) || ')'
        WHEN p_line BETWEEN 78 AND 101 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 27) || ')'
        WHEN p_line BETWEEN 102 AND 108 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 13) || ')'
        WHEN p_line BETWEEN 109 AND 112 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 12) || ')'
        WHEN p_line BETWEEN 113 AND 122 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 11) || ')'
        WHEN p_line BETWEEN 123 AND 128 THEN ' (template _macros/queue.sql.j2:' || (p_line - 115) || ')'
        WHEN p_line BETWEEN 151 AND 155 THEN ' (template _macros/queue.sql.j2:' || (p_line - 137) || ')'
        WHEN p_line BETWEEN 156 AND 156 THEN ' (template _macros/queue.sql.j2:' || (p_line - 136) || ')'
        WHEN p_line BETWEEN 157 AND 157 THEN ' (template _macros/queue.sql.j2:' || (p_line - 133) || ')'
        WHEN p_line BETWEEN 158 AND 158 THEN ' (template _macros/queue.sql.j2:' || (p_line - 130) || ')'
        WHEN p_line BETWEEN 159 AND 163 THEN ' (template _macros/queue.sql.j2:' || (p_line - 129) || ')'
        WHEN p_line BETWEEN 164 AND 164 THEN ' (template _macros/queue.sql.j2:' || (p_line - 127) || ')'
        WHEN p_line BETWEEN 165 AND 165 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 52) || ')'
        WHEN p_line BETWEEN 166 AND 166 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 51) || ')'
        WHEN p_line BETWEEN 182 AND 194 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 66) || ')'
        WHEN p_line BETWEEN 195 AND 204 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 93) || ')'
        WHEN p_line BETWEEN 205 AND 210 THEN ' (template _macros/queue.sql.j2:' || (p_line - 197) || ')'
        WHEN p_line BETWEEN 227 AND 231 THEN ' (template _macros/queue.sql.j2:' || (p_line - 213) || ')'
        WHEN p_line BETWEEN 232 AND 232 THEN ' (template _macros/queue.sql.j2:' || (p_line - 212) || ')'
        WHEN p_line BETWEEN 233 AND 233 THEN ' (template _macros/queue.sql.j2:' || (p_line - 209) || ')'
        WHEN p_line BETWEEN 234 AND 234 THEN ' (template _macros/queue.sql.j2:' || (p_line - 206) || ')'
        WHEN p_line BETWEEN 235 AND 239 THEN ' (template _macros/queue.sql.j2:' || (p_line - 205) || ')'
        WHEN p_line BETWEEN 240 AND 240 THEN ' (template _macros/queue.sql.j2:' || (p_line - 203) || ')'
        WHEN p_line BETWEEN 241 AND 241 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 128) || ')'
        WHEN p_line BETWEEN 242 AND 242 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 127) || ')'
        WHEN p_line BETWEEN 258 AND 270 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 142) || ')'
        WHEN p_line BETWEEN 271 AND 280 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 169) || ')'
        WHEN p_line BETWEEN 281 AND 286 THEN ' (template _macros/queue.sql.j2:' || (p_line - 273) || ')'
        WHEN p_line BETWEEN 300 AND 304 THEN ' (template _macros/queue.sql.j2:' || (p_line - 286) || ')'
        WHEN p_line BETWEEN 305 AND 305 THEN ' (template _macros/queue.sql.j2:' || (p_line - 285) || ')'
        WHEN p_line BETWEEN 306 AND 306 THEN ' (template _macros/queue.sql.j2:' || (p_line - 282) || ')'
        WHEN p_line BETWEEN 307 AND 307 THEN ' (template _macros/queue.sql.j2:' || (p_line - 279) || ')'
        WHEN p_line BETWEEN 308 AND 312 THEN ' (template _macros/queue.sql.j2:' || (p_line - 278) || ')'
        WHEN p_line BETWEEN 313 AND 313 THEN ' (template _macros/queue.sql.j2:' || (p_line - 276) || ')'
        WHEN p_line BETWEEN 314 AND 314 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 201) || ')'
        WHEN p_line BETWEEN 315 AND 315 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 200) || ')'
        WHEN p_line BETWEEN 330 AND 342 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 214) || ')'
        WHEN p_line BETWEEN 343 AND 352 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 241) || ')'
        WHEN p_line BETWEEN 353 AND 358 THEN ' (template _macros/queue.sql.j2:' || (p_line - 345) || ')'
        WHEN p_line BETWEEN 373 AND 377 THEN ' (template _macros/queue.sql.j2:' || (p_line - 359) || ')'
        WHEN p_line BETWEEN 378 AND 378 THEN ' (template _macros/queue.sql.j2:' || (p_line - 358) || ')'
        WHEN p_line BETWEEN 379 AND 379 THEN ' (template _macros/queue.sql.j2:' || (p_line - 355) || ')'
        WHEN p_line BETWEEN 380 AND 380 THEN ' (template _macros/queue.sql.j2:' || (p_line - 352) || ')'
        WHEN p_line BETWEEN 381 AND 385 THEN ' (template _macros/queue.sql.j2:' || (p_line - 351) || ')'
        WHEN p_line BETWEEN 386 AND 386 THEN ' (template _macros/queue.sql.j2:' || (p_line - 349) || ')'
        WHEN p_line BETWEEN 387 AND 387 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 274) || ')'
        WHEN p_line BETWEEN 388 AND 388 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 273) || ')'
        WHEN p_line BETWEEN 408 AND 420 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 292) || ')'
        WHEN p_line BETWEEN 421 AND 430 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 291) || ')'
        WHEN p_line BETWEEN 431 AND 433 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 290) || ')'
        WHEN p_line BETWEEN 434 AND 436 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 293) || ')'
        WHEN p_line BETWEEN 437 AND 437 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 292) || ')'
        WHEN p_line BETWEEN 438 AND 440 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 291) || ')'
        WHEN p_line BETWEEN 441 AND 443 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 294) || ')'
        WHEN p_line BETWEEN 444 AND 486 THEN ' (template erp/conefi/package_body/PKG_CONEFI_EVENTO.sql.j2:' || (p_line - 293) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_EVENTO
AUTHID DEFINER
AS
  -- conefi-dbtool: called by the AFTER INSERT trigger on SGU.INTGRA_RET_ERP.
  -- Transactional outbox: it queues in the caller''s transaction; no COMMIT, no
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
END PKG_CONEFI_EVENTO;');
  v_new_2 := TO_CLOB('CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_EVENTO
AS
  -- conefi-dbtool: see the package specification. Every producer is one INSERT ... SELECT
  -- whose record is generated from the layout (conefi_dbtool/layouts.py); the unique
  -- idempotency key makes a repeated event (or the daily catch-up) queue nothing new.

  -- ORA-00060: this ERP session holds the title''s SE1 row and waits on a key the daily job
  -- queued, while the job waits on that row. Oracle undoes one statement of one of them; when
  -- it is this INSERT, the rule gives the title to the job (which sees the change) instead
  -- of failing the ERP''s transaction (docs/integration-design.md §11.2.1).
  e_impasse EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_impasse, -60);

  FUNCTION f_acao(
    p_tipo          IN VARCHAR2,
    p_rotina        IN VARCHAR2,
    p_ponto_entrada IN VARCHAR2) RETURN VARCHAR2 IS
    v_tipo   VARCHAR2(32767) := UPPER(TRIM(p_tipo));
    v_rotina VARCHAR2(32767) := UPPER(TRIM(p_rotina));
    v_ponto  VARCHAR2(32767) := UPPER(TRIM(p_ponto_entrada));
  BEGIN
    -- integration.events[0]: REC / FINA070 / FA070CAN -> EST
    IF v_tipo = ''REC'' AND v_rotina = ''FINA070'' AND v_ponto = ''FA070CAN'' THEN
      RETURN ''EST'';
    END IF;
    -- integration.events[1]: REC / FINA070 / * -> PGO
    IF v_tipo = ''REC'' AND v_rotina = ''FINA070'' THEN
      RETURN ''PGO'';
    END IF;
    -- integration.events[2]: REC / FINA040 / * -> ALT
    IF v_tipo = ''REC'' AND v_rotina = ''FINA040'' THEN
      RETURN ''ALT'';
    END IF;
    -- integration.events[3]: PAG / * / * -> IGNORE
    IF v_tipo = ''PAG'' THEN
      RETURN ''IGNORE'';
    END IF;
    -- integration.events[4]: DEB / * / * -> IGNORE
    IF v_tipo = ''DEB'' THEN
      RETURN ''IGNORE'';
    END IF;
    -- integration.events[5]: PLA / * / * -> IGNORE
    IF v_tipo = ''PLA'' THEN
      RETURN ''IGNORE'';
    END IF;
    RETURN NULL;
  END f_acao;

  -- An event that cannot be handled: queued with status E and the reason, never lost.
  PROCEDURE p_rejeitar(
    p_id_evento     IN NUMBER,
    p_tipo          IN VARCHAR2,
    p_chave         IN VARCHAR2,
    p_rotina        IN VARCHAR2,
    p_ponto_entrada IN VARCHAR2,
    p_motivo        IN VARCHAR2) IS
    v_dados    VARCHAR2(4000);
    v_idemp    VARCHAR2(200);
    v_inserido BOOLEAN;
  BEGIN
    SELECT ''EVT'' || '';''
           || TO_CHAR(c.ID_EVENTO, ''FM999999999999999990'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO_EVENTO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.ROTINA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PONTO_ENTRADA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CHAVE), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n''),
           c.CTL_IDEMP
      INTO v_dados, v_idemp
      FROM (SELECT p_id_evento AS ID_EVENTO,
                   SUBSTR(p_tipo, 1, 10) AS TIPO_EVENTO,
                   SUBSTR(p_rotina, 1, 30) AS ROTINA,
                   SUBSTR(p_ponto_entrada, 1, 30) AS PONTO_ENTRADA,
                   SUBSTR(p_chave, 1, 100) AS CHAVE,
                   ''EVT:'' || NVL(TO_CHAR(p_id_evento), RAWTOHEX(SYS_GUID())) AS CTL_IDEMP,
                   CAST(NULL AS VARCHAR2(100)) AS CTL_CHAVE,
                   CAST(NULL AS NUMBER) AS CTL_RECNO,
                   CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
                   CAST(NULL AS NUMBER) AS CTL_ORIGEM
              FROM DUAL) c;
    CONEFI.PKG_CONEFI_FILA.p_enfileirar(
      p_acao      => ''EVT'',
      p_dados     => v_dados,
      p_idemp     => v_idemp,
      p_inserido  => v_inserido,
      p_status    => ''E'',
      p_obs       => SUBSTRB(p_motivo, 1, 4000),
      p_id_evento => p_id_evento);
  END p_rejeitar;

  -- The live SE1 title an event is about (NULL: none). p_apagado is TRUE when the
  -- title exists but was deleted (the CAN step reports it; nothing to do here).
  FUNCTION f_titulo(p_chave IN VARCHAR2, p_apagado OUT BOOLEAN) RETURN NUMBER IS
    v_numero NUMBER;
    v_recno  NUMBER;
    v_mortos PLS_INTEGER;
  BEGIN
    p_apagado := FALSE;
    IF NOT REGEXP_LIKE(TRIM(p_chave), ''^[0-9]{1,18}$'') THEN
      RETURN NULL;
    END IF;
    v_numero := TO_NUMBER(TRIM(p_chave));
    -- integration.event_key = "se1_recno": the key is the title''s R_E_C_N_O_.
    SELECT MAX(CASE WHEN e1.D_E_L_E_T_ = '' '' THEN e1.R_E_C_N_O_ END),
           COUNT(CASE WHEN e1.D_E_L_E_T_ = ''*'' THEN 1 END)
      INTO v_recno, v_mortos
      FROM SIGA.SE1030 e1
     WHERE e1.R_E_C_N_O_ = v_numero
       AND e1.D_E_L_E_T_ IN ('' '', ''*'');
    p_apagado := v_recno IS NULL AND v_mortos > 0;
    RETURN v_recno;
  END f_titulo;

  -- PGO on the event''s title: the PGO rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title''s sent state.
  -- ORA-00001: another transaction (the job, another event) queued one of these facts and
  -- committed while this INSERT waited on its key. Only the failed statement is undone,
  -- so the rule runs once more and its NOT EXISTS sees the committed row. FALSE: it
  -- clashed twice, or deadlocked with the daily job (e_impasse): the title is left to the
  -- daily run and no later rule runs on it.
  FUNCTION f_pgo(p_id_evento IN NUMBER, p_recno IN NUMBER,
                 p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           ''PGO'',
           ''PGO'' || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.RECNO_SE1, ''FM999999999999999990'') || '';''
           || TO_CHAR(c.RECNO_SE5, ''FM999999999999999990'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.SEQ_BAIXA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO_DOC), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_PAGAMENTO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.VALOR_PAGO, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.JUROS, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.MULTA, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.DESCONTO, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.VALOR_BAIXADO, ''FM999999999999999990.00'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.MOTIVO_BAIXA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.VALOR_DEVIDO, ''FM999999999999999990.00'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO_PAGAMENTO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
') || TO_CLOB('           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUM_LIQUIDACAO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FATURA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n''),
           ''P'',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           p_id_evento,
           c.CTL_ORIGEM,
           NULL,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_MOV_PGO c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP)
       AND c.CTL_RECNO = p_recno;
    IF SQL%ROWCOUNT > 0 THEN
      UPDATE SIGA.SE1030 e1
         SET e1.E1_XCNFSLD = e1.E1_XCNFSLD - (SELECT NVL(SUM((((m.E5_VALOR - m.E5_VLJUROS) - m.E5_VLMULTA) + m.E5_VLDESCO)), 0)
           FROM CONEFI.INTGRA_DADOS_CONEFI q
           JOIN SIGA.SE5030 m
             ON m.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE5
            AND m.D_E_L_E_T_ IN ('' '', ''*'')
          WHERE q.INTDC_IND_ACAO = ''PGO''
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno)
       WHERE e1.D_E_L_E_T_ = '' ''
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = ''PGO''
                                  AND q.INTDC_ID_EVENTO = p_id_evento
                                  AND q.INTDC_NUM_RECNO_SE1 = p_recno);
    END IF;
    RETURN TRUE;
  EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
      IF p_tentativa = 1 THEN
        RETURN f_pgo(p_id_evento, p_recno, 2);
      END IF;
      RETURN FALSE;
    WHEN e_impasse THEN
      RETURN FALSE;
  END f_pgo;

  -- EST on the event''s title: the EST rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title''s sent state.
  -- ORA-00001: another transaction (the job, another event) queued one of these facts and
  -- committed while this INSERT waited on its key. Only the failed statement is undone,
  -- so the rule runs once more and its NOT EXISTS sees the committed row. FALSE: it
  -- clashed twice, or deadlocked with the daily job (e_impasse): the title is left to the
  -- daily run and no later rule runs on it.
  FUNCTION f_est(p_id_evento IN NUMBER, p_recno IN NUMBER,
                 p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           ''EST'',
           ''EST'' || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.RECNO_SE1, ''FM999999999999999990'') || '';''
           || TO_CHAR(c.RECNO_SE5_ESTORNO, ''FM999999999999999990'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.SEQ_BAIXA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_ESTORNO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.VALOR_ESTORNADO, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.RECNO_SE5_ORIGINAL, ''FM999999999999999990'') || '';''
           || TO_CHAR(c.ID_FILA_ORIGINAL, ''FM999999999999999990'') || '';''
           || TO_CHAR(c.VALOR_BAIXADO, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.VALOR_DEVIDO, ''FM999999999999999990.00''),
           ''P'',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           p_id_evento,
           c.CTL_ORIGEM,
           NULL,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_MOV_EST c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP)
       AND c.CTL_RECNO = p_recno;
    IF SQL%ROWCOUNT > 0 THEN
      UPDATE SIGA.SE1030 e1
         SET e1.E1_XCNFSLD = e1.E1_XCNFSLD + (SELECT NVL(SUM((((m.E5_VALOR - m.E5_VLJUROS) - m.E5_VLMULTA) + m.E5_VLDESCO)), 0)
           FROM CONEFI.INTGRA_DADOS_CONEFI q
           JOIN SIGA.SE5030 m
             ON m.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE5
            AND m.D_E_L_E_T_ IN ('' '', ''*'')
          WHERE q.INTDC_IND_ACAO = ''EST''
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno)
       WHERE e1.D_E_L_E_T_ = '' ''
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = ''EST''
                                  AND q.INTDC_ID_EVENTO = p_id_evento
                                  AND q.INTDC_NUM_RECNO_SE1 = p_recno);
    END IF;
    RETURN TRUE;
  EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
      IF p_tentativa = 1 THEN
        RETURN f_est(p_id_evento, p_recno, 2);
      END IF;
      RETURN FALSE;
    WHEN e_impasse THEN
      RETURN FALSE;
  END f_est;

  -- PRG on the event''s title: the PRG rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title''s sent state.
  -- ORA-00001: another transaction (the job, another event) queued one of these facts and
  -- committed while this INSERT waited on its key. Only the failed statement is undone,
  -- so the rule runs once more and its NOT EXISTS sees the committed row. FALSE: it
  -- clashed twice, or deadlocked with the daily job (e_impasse): the title is left to the
  -- daily run and no later rule runs on it.
  FUNCTION f_prg(p_id_evento IN NUMBER, p_recno IN NUMBER,
                 p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           ''PRG'',
           ''PRG'' || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
') || TO_CLOB('           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.RECNO_SE1, ''FM999999999999999990'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_ANTERIOR), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_NOVO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_ORIGINAL), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.VERSAO_ENVIO, ''FM999999999999999990'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_ALTERACAO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n''),
           ''P'',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           p_id_evento,
           c.CTL_ORIGEM,
           NULL,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_PRG c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP)
       AND c.CTL_RECNO = p_recno;
    IF SQL%ROWCOUNT > 0 THEN
      UPDATE SIGA.SE1030 e1
         SET e1.E1_XCNFVEN = (SELECT MAX(RPAD(NVL(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 10), '' ''), 8))
           FROM CONEFI.INTGRA_DADOS_CONEFI q
          WHERE q.INTDC_IND_ACAO = ''PRG''
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno),
             e1.E1_XCNFENV = ''P'',
             e1.E1_XCNFVER = (e1.E1_XCNFVER + 1)
       WHERE e1.D_E_L_E_T_ = '' ''
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = ''PRG''
                                  AND q.INTDC_ID_EVENTO = p_id_evento
                                  AND q.INTDC_NUM_RECNO_SE1 = p_recno);
    END IF;
    RETURN TRUE;
  EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
      IF p_tentativa = 1 THEN
        RETURN f_prg(p_id_evento, p_recno, 2);
      END IF;
      RETURN FALSE;
    WHEN e_impasse THEN
      RETURN FALSE;
  END f_prg;

  -- DES on the event''s title: the DES rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title''s sent state.
  -- ORA-00001: another transaction (the job, another event) queued one of these facts and
  -- committed while this INSERT waited on its key. Only the failed statement is undone,
  -- so the rule runs once more and its NOT EXISTS sees the committed row. FALSE: it
  -- clashed twice, or deadlocked with the daily job (e_impasse): the title is left to the
  -- daily run and no later rule runs on it.
  FUNCTION f_des(p_id_evento IN NUMBER, p_recno IN NUMBER,
                 p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           ''DES'',
           ''DES'' || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'') || '';''
           || TO_CHAR(c.RECNO_SE1, ''FM999999999999999990'') || '';''
           || TO_CHAR(c.VALOR_ANTERIOR, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.VALOR_NOVO, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.DEVIDO_ANTERIOR, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.VALOR_DEVIDO, ''FM999999999999999990.00'') || '';''
           || TO_CHAR(c.VERSAO_ENVIO, ''FM999999999999999990'') || '';''
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_ALTERACAO), ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n''),
           ''P'',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           p_id_evento,
           c.CTL_ORIGEM,
           NULL,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_DES c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP)
       AND c.CTL_RECNO = p_recno;
    IF SQL%ROWCOUNT > 0 THEN
      UPDATE SIGA.SE1030 e1
         SET e1.E1_XCNFSLD = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 12), ''999999999999999990.00''))
           FROM CONEFI.INTGRA_DADOS_CONEFI q
          WHERE q.INTDC_IND_ACAO = ''DES''
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno),
             e1.E1_XCNFVLR = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 10), ''999999999999999990.00''))
           FROM CONEFI.INTGRA_DADOS_CONEFI q
          WHERE q.INTDC_IND_ACAO = ''DES''
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno),
             e1.E1_XCNFVER = (e1.E1_XCNFVER + 1)
       WHERE e1.D_E_L_E_T_ = '' ''
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = ''DES''
                                  AND q.INTDC_ID_EVENTO = p_id_evento
                                  AND q.INTDC_NUM_RECNO_SE1 = p_recno);
    END IF;
    RETURN TRUE;
  EXCEPTION
    WHEN DUP_VAL_ON_INDEX THEN
      IF p_tentativa = 1 THEN
        RETURN f_des(p_id_evento, p_recno, 2);
      END IF;
      RETURN FALSE;
    WHEN e_impasse THEN
      RETURN FALSE;
  END f_des;

  -- An event re-checks its title in the rules'' order: payments and reversals first (so a
  -- DES never carries a payment), then, unless the event is about a movement, due date
  -- and amount due. A movement event (PGO, EST) does not look for value changes: when the
  -- ERP writes it, SE1 may already show a reversal whose ES row is not written yet
  -- (FA070CAN runs before SE5 is reversed), which would read as a value change. That EST
  -- comes with the next event on the title or the 05:00 run at the latest.
  -- A rule that could not run (FALSE) stops the ones after it: a DES read before a PGO
  -- moved the sent amount would send the payment as a discount.
  PROCEDURE p_reconciliar(p_id_evento IN NUMBER, p_recno IN NUMBER, p_acao IN VARCHAR2) IS
  BEGIN
    IF NOT f_pgo(p_id_evento, p_recno) THEN
      RETURN;
    END IF;
    IF NOT f_est(p_id_evento, p_recno) THEN
      RETURN;
    END IF;
    IF p_acao NOT IN (''PGO'', ''EST'') THEN
      IF NOT f_prg(p_id_evento, p_recno) THEN
        RETURN;
      END IF;
      IF NOT f_des(p_id_evento, p_recno) THEN
        RETURN;
      END IF;
    END IF;
  END p_reconciliar;

  PROCEDURE p_receber(
    p_id_evento     IN NUMBER,
    p_tipo          IN VARCHAR2,
    p_chave         IN VARCHAR2,
    p_rotina        IN VARCHAR2,
    p_ponto_entrada IN VARCHAR2) IS
') || TO_CLOB('    v_acao    VARCHAR2(10);
    v_recno   NUMBER;
    v_apagado BOOLEAN;
  BEGIN
    IF p_id_evento IS NULL THEN
      p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                 ''event without id (INTRE_ID is NULL)'');
      RETURN;
    END IF;
    v_acao := f_acao(p_tipo, p_rotina, p_ponto_entrada);
    IF v_acao IS NULL THEN
      p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                 ''no rule of integration.events maps this kind/routine/entry point'');
      RETURN;
    ELSIF v_acao = ''IGNORE'' THEN
      RETURN;
    END IF;
    v_recno := f_titulo(p_chave, v_apagado);
    IF v_recno IS NULL THEN
      IF NOT v_apagado THEN
        p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                   v_acao || '': the event key is not the R_E_C_N_O_ of an SE1 title'');
      END IF;
      RETURN;
    END IF;
    CASE
      WHEN v_acao IN (''PGO'', ''EST'', ''DES'', ''PRG'', ''ALT'') THEN
        p_reconciliar(p_id_evento, v_recno, v_acao);
      ELSE
        p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                   ''action '' || v_acao || '' cannot come from an ERP event'');
    END CASE;
  END p_receber;
END PKG_CONEFI_EVENTO;');
  v_before := invalid_dependents;
  v_old_1 := captured('PACKAGE_SPEC', 'CONEFI', 'PKG_CONEFI_EVENTO');
  v_old_2 := captured('PACKAGE_BODY', 'CONEFI', 'PKG_CONEFI_EVENTO');
  IF v_old_1 IS NOT NULL AND NOT same_source('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', v_new_1) THEN
    v_replaced := TRUE;
    run(v_new_1);
    v_error := first_error(1, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    IF v_error IS NOT NULL THEN
      restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
      failed('CONEFI.PKG_CONEFI_EVENTO (PACKAGE)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
    END IF;
    IF v_old_1 IS NOT NULL AND :cdt_1c7554358dea IS NULL THEN
      :cdt_1c7554358dea := v_old_1;
    END IF;
  END IF;
  IF NOT v_replaced AND v_old_2 IS NOT NULL AND same_source('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', v_new_2) THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.PKG_CONEFI_EVENTO (PACKAGE BODY)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run(v_new_2);
  v_error := first_error(2, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
  IF v_error IS NOT NULL THEN
    IF v_replaced THEN
      restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    END IF;
    restore(v_old_2, 'DROP PACKAGE BODY CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    failed('CONEFI.PKG_CONEFI_EVENTO (PACKAGE BODY)', v_error, CASE WHEN v_old_2 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END || CASE WHEN v_replaced THEN ', with its previous specification' END);
  END IF;
  IF v_old_2 IS NOT NULL AND :cdt_146c012cb137 IS NULL THEN
    :cdt_146c012cb137 := v_old_2;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    IF v_replaced THEN
      restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    END IF;
    restore(v_old_2, 'DROP PACKAGE BODY CONEFI.PKG_CONEFI_EVENTO', 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.PKG_CONEFI_EVENTO (PACKAGE BODY)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.PKG_CONEFI_EVENTO (PACKAGE BODY)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/
SHOW ERRORS PACKAGE BODY CONEFI.PKG_CONEFI_EVENTO
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_EVENTO'
     AND type = 'PACKAGE BODY' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_EVENTO (PACKAGE BODY) compiled with errors');
  END IF;
END;
/

PROMPT [20/26] CONEFI.PKG_CONEFI_FILA (package_body)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_new_2 CLOB;
  v_old_2 CLOB;
  v_before VARCHAR2(4000);
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 44 THEN ' (template erp/conefi/package/PKG_CONEFI_FILA.sql.j2:' || (p_line + 4) || ')'
      END;
    END IF;
    IF p_unit = 2 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 59 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 4) || ')'
        WHEN p_line BETWEEN 60 AND 60 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 5) || ')'
        WHEN p_line BETWEEN 61 AND 61 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 4) || ')'
        WHEN p_line BETWEEN 62 AND 62 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 3) || ')'
        WHEN p_line BETWEEN 63 AND 63 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 2) || ')'
        WHEN p_line BETWEEN 64 AND 64 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 1) || ')'
        WHEN p_line BETWEEN 65 AND 65 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line + 0) || ')'
        WHEN p_line BETWEEN 66 AND 66 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line - 1) || ')'
        WHEN p_line BETWEEN 67 AND 67 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line - 2) || ')'
        WHEN p_line BETWEEN 68 AND 68 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line - 3) || ')'
        WHEN p_line BETWEEN 69 AND 125 THEN ' (template erp/conefi/package_body/PKG_CONEFI_FILA.sql.j2:' || (p_line - 2) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY'))) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    recheck('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    RETURN v_problems;
  END broken_dependents;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE PACKAGE CONEFI.PKG_CONEFI_FILA
AUTHID DEFINER
AS
  -- conefi-dbtool: the CONEFI queue CONEFI.INTGRA_DADOS_CONEFI.
  -- Record (INTDC_DADOS): ACTION;field;field;... separated by '';'';
  -- the escape character ''\'' writes itself doubled, the separator,
  -- line feed and carriage return as \; \n \r. Layouts: docs/integration-design.md.
  -- No COMMIT anywhere: producers run inside the caller''s transaction (outbox).

  c_pendente  CONSTANT VARCHAR2(1) := ''P''; -- waiting for CONEFI
  c_integrado CONSTANT VARCHAR2(1) := ''I''; -- read by CONEFI
  c_erro      CONSTANT VARCHAR2(1) := ''E''; -- rejected; INTDC_DES_OBS says why

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
    p_status    IN  VARCHAR2 DEFAULT ''P'',
    p_obs       IN  VARCHAR2 DEFAULT NULL,
    p_chave     IN  VARCHAR2 DEFAULT NULL,
    p_recno_se1 IN  NUMBER DEFAULT NULL,
    p_recno_se5 IN  NUMBER DEFAULT NULL,
    p_id_evento IN  NUMBER DEFAULT NULL,
    p_id_origem IN  NUMBER DEFAULT NULL,
    p_id_exec   IN  NUMBER DEFAULT NULL);

  -- For the consumer: mark a row integrated (I) or rejected (E, with the reason).
  PROCEDURE p_marcar(p_id IN NUMBER, p_status IN VARCHAR2, p_obs IN VARCHAR2 DEFAULT NULL);
END PKG_CONEFI_FILA;');
  v_new_2 := TO_CLOB('CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_FILA
AS
  -- conefi-dbtool: see the package specification. Generated from conefi_dbtool/layouts.py.

  FUNCTION f_escapar(p_texto IN VARCHAR2) RETURN VARCHAR2 DETERMINISTIC IS
  BEGIN
    RETURN REPLACE(REPLACE(REPLACE(REPLACE(p_texto, ''\'', ''\\''), '';'', ''\;''), CHR(13), ''\r''), CHR(10), ''\n'');
  END f_escapar;

  FUNCTION f_campo(p_dados IN VARCHAR2, p_posicao IN PLS_INTEGER) RETURN VARCHAR2 DETERMINISTIC IS
    v_campo VARCHAR2(32767);
    v_atual PLS_INTEGER := 0;
    v_i     PLS_INTEGER := 1;
    v_n     PLS_INTEGER := NVL(LENGTH(p_dados), 0);
    v_c     VARCHAR2(8);
  BEGIN
    WHILE v_i <= v_n LOOP
      v_c := SUBSTR(p_dados, v_i, 1);
      IF v_c = ''\'' AND v_i < v_n THEN
        v_i := v_i + 1;
        v_c := SUBSTR(p_dados, v_i, 1);
        IF v_atual = p_posicao THEN
          v_campo := v_campo || CASE v_c WHEN ''\'' THEN ''\'' WHEN '';'' THEN '';'' WHEN ''r'' THEN CHR(13) WHEN ''n'' THEN CHR(10) END;
        END IF;
      ELSIF v_c = '';'' THEN
        IF v_atual = p_posicao THEN
          RETURN v_campo;
        END IF;
        v_atual := v_atual + 1;
      ELSIF v_atual = p_posicao THEN
        v_campo := v_campo || v_c;
      END IF;
      v_i := v_i + 1;
    END LOOP;
    IF v_atual = p_posicao THEN
      RETURN v_campo;
    END IF;
    RETURN NULL;
  END f_campo;

  FUNCTION f_contar(p_dados IN VARCHAR2) RETURN PLS_INTEGER DETERMINISTIC IS
    v_qtd PLS_INTEGER := 0;
    v_i   PLS_INTEGER := 1;
    v_n   PLS_INTEGER := NVL(LENGTH(p_dados), 0);
  BEGIN
    WHILE v_i <= v_n LOOP
      IF SUBSTR(p_dados, v_i, 1) = ''\'' THEN
        v_i := v_i + 1;
      ELSIF SUBSTR(p_dados, v_i, 1) = '';'' THEN
        v_qtd := v_qtd + 1;
      END IF;
      v_i := v_i + 1;
    END LOOP;
    RETURN v_qtd;
  END f_contar;

  FUNCTION f_qtd_campos(p_acao IN VARCHAR2) RETURN PLS_INTEGER DETERMINISTIC IS
  BEGIN
    RETURN CASE p_acao
             WHEN ''INC'' THEN 31
             WHEN ''PGO'' THEN 22
             WHEN ''DES'' THEN 14
             WHEN ''PRG'' THEN 13
             WHEN ''CAN'' THEN 11
             WHEN ''HST'' THEN 15
             WHEN ''EST'' THEN 16
             WHEN ''PRV'' THEN 12
             WHEN ''EVT'' THEN 5
           END;
  END f_qtd_campos;

  PROCEDURE p_enfileirar(
    p_acao      IN  VARCHAR2,
    p_dados     IN  VARCHAR2,
    p_idemp     IN  VARCHAR2,
    p_inserido  OUT BOOLEAN,
    p_status    IN  VARCHAR2 DEFAULT ''P'',
    p_obs       IN  VARCHAR2 DEFAULT NULL,
    p_chave     IN  VARCHAR2 DEFAULT NULL,
    p_recno_se1 IN  NUMBER DEFAULT NULL,
    p_recno_se5 IN  NUMBER DEFAULT NULL,
    p_id_evento IN  NUMBER DEFAULT NULL,
    p_id_origem IN  NUMBER DEFAULT NULL,
    p_id_exec   IN  NUMBER DEFAULT NULL) IS
    -- cut in PL/SQL: a VARCHAR2 over 4000 bytes bound into SQL raises ORA-01461 before SUBSTRB runs
    v_obs VARCHAR2(4000) := SUBSTRB(p_obs, 1, 4000);
  BEGIN
    IF f_qtd_campos(p_acao) IS NULL
       OR f_campo(p_dados, 0) IS NULL
       OR f_campo(p_dados, 0) <> p_acao
       OR f_contar(p_dados) <> f_qtd_campos(p_acao) THEN
      RAISE_APPLICATION_ERROR(-20110, ''CONEFI record does not match the layout of ''
        || NVL(p_acao, ''(null)'') || '': '' || SUBSTR(p_dados, 1, 200));
    END IF;
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_OBS,
           INTDC_DES_CHAVE, INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO,
           INTDC_ID_ORIGEM, INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL, p_acao, p_dados, p_status, v_obs,
           p_chave, p_recno_se1, p_recno_se5, p_id_evento,
           p_id_origem, p_id_exec, p_idemp, 2
      FROM DUAL
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = p_idemp);
    p_inserido := SQL%ROWCOUNT > 0;
  END p_enfileirar;

  PROCEDURE p_marcar(p_id IN NUMBER, p_status IN VARCHAR2, p_obs IN VARCHAR2 DEFAULT NULL) IS
    -- cut in PL/SQL: a reason of up to 32767 bytes bound into the UPDATE would raise ORA-01461
    v_obs VARCHAR2(4000) := SUBSTRB(p_obs, 1, 4000);
  BEGIN
    IF p_status IS NULL OR p_status NOT IN (c_integrado, c_erro) THEN
      RAISE_APPLICATION_ERROR(-20111, ''CONEFI status must be I or E, got '' || p_status);
    END IF;
    UPDATE CONEFI.INTGRA_DADOS_CONEFI q
       SET q.INTDC_IND_STATUS = p_status,
           q.INTDC_DTH_PROC = CAST(SYSTIMESTAMP AT TIME ZONE ''America/Sao_Paulo'' AS DATE),
           q.INTDC_DES_OBS = v_obs
     WHERE q.INTDC_ID = p_id;
    IF SQL%ROWCOUNT = 0 THEN
      RAISE_APPLICATION_ERROR(-20112, ''CONEFI queue row '' || p_id || '' does not exist'');
    END IF;
  END p_marcar;
END PKG_CONEFI_FILA;');
  v_before := invalid_dependents;
  v_old_1 := captured('PACKAGE_SPEC', 'CONEFI', 'PKG_CONEFI_FILA');
  v_old_2 := captured('PACKAGE_BODY', 'CONEFI', 'PKG_CONEFI_FILA');
  IF v_old_1 IS NOT NULL AND NOT same_source('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', v_new_1) THEN
    v_replaced := TRUE;
    run(v_new_1);
    v_error := first_error(1, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    IF v_error IS NOT NULL THEN
      restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_FILA', 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
      failed('CONEFI.PKG_CONEFI_FILA (PACKAGE)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
    END IF;
    IF v_old_1 IS NOT NULL AND :cdt_e41c0fcfe49f IS NULL THEN
      :cdt_e41c0fcfe49f := v_old_1;
    END IF;
  END IF;
  IF NOT v_replaced AND v_old_2 IS NOT NULL AND same_source('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', v_new_2) THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.PKG_CONEFI_FILA (PACKAGE BODY)' || ': unchanged, not replaced');
    RETURN;
  END IF;
  run(v_new_2);
  v_error := first_error(2, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
  IF v_error IS NOT NULL THEN
    IF v_replaced THEN
      restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_FILA', 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    END IF;
    restore(v_old_2, 'DROP PACKAGE BODY CONEFI.PKG_CONEFI_FILA', 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    failed('CONEFI.PKG_CONEFI_FILA (PACKAGE BODY)', v_error, CASE WHEN v_old_2 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END || CASE WHEN v_replaced THEN ', with its previous specification' END);
  END IF;
  IF v_old_2 IS NOT NULL AND :cdt_15d9d743c20f IS NULL THEN
    :cdt_15d9d743c20f := v_old_2;
  END IF;
  v_error := broken_dependents(v_before);
  IF v_error IS NOT NULL THEN
    IF v_replaced THEN
      restore(v_old_1, 'DROP PACKAGE CONEFI.PKG_CONEFI_FILA', 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    END IF;
    restore(v_old_2, 'DROP PACKAGE BODY CONEFI.PKG_CONEFI_FILA', 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL OR broken_dependents(v_before) IS NOT NULL) THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR('CONEFI.PKG_CONEFI_FILA (PACKAGE BODY)' || ': path left INVALID: on the trigger path' || v_error || ' no longer compile against it, and not again after its previous version was re-created', 1, 2000));
    END IF;
    v_error := SUBSTR('CONEFI.PKG_CONEFI_FILA (PACKAGE BODY)' || ': on the trigger path' || v_error || ' no longer compile against it; the previous version was re-created', 1, 2000);
    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));
  END IF;
END;
/
SHOW ERRORS PACKAGE BODY CONEFI.PKG_CONEFI_FILA
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_FILA'
     AND type = 'PACKAGE BODY' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_FILA (PACKAGE BODY) compiled with errors');
  END IF;
END;
/

PROMPT [23/26] CONEFI.T_INTGRA_RET_ERP_CONEFI (trigger)
DECLARE
  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition
  -- in force is captured, and re-created if the new one does not compile
  e_compiled_with_errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  v_error VARCHAR2(4000);
  v_status VARCHAR2(30);
  v_replaced BOOLEAN := FALSE;
  v_undone VARCHAR2(4000);
  v_cause VARCHAR2(2000);
  v_undo_done BOOLEAN := FALSE;
  v_new_1 CLOB;
  v_old_1 CLOB;
  v_disabled CLOB;
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. 4 LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = 4 THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || 4 || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(5);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS
  BEGIN
    IF p_unit = 1 THEN
      RETURN CASE
        WHEN p_line BETWEEN 1 AND 2 THEN ' (template erp/trigger_owner/trigger/T_INTGRA_RET_ERP_CONEFI.sql.j2:' || (p_line + 10) || ')'
        WHEN p_line BETWEEN 3 AND 11 THEN ' (template erp/trigger_owner/trigger/T_INTGRA_RET_ERP_CONEFI.sql.j2:' || (p_line + 11) || ')'
      END;
    END IF;
    RETURN NULL;
  END template_line;
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
    undo(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY');
    undo(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY');
    undo(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW');
    undo(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW');
    undo(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW');
    undo(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW');
    undo(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE');
    undo(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE');
    recheck(:cdt_e41c0fcfe49f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    recheck(:cdt_1c7554358dea, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    recheck(:cdt_81a4c7100e32, 'CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    recheck(:cdt_5f12d74aa332, 'CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    recheck(:cdt_6bae45260eae, 'CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    recheck(:cdt_22bbddf8d46b, 'CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    recheck(:cdt_146c012cb137, 'CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    recheck(:cdt_15d9d743c20f, 'CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    IF v_broken AND undo_run IS NOT NULL THEN
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    broken('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    broken('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    broken('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    broken('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    broken('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
  FUNCTION path_problems RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE check_valid(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state IS NULL AND p_owner <> SYS_CONTEXT('USERENV', 'SESSION_USER') THEN
        SYS.DBMS_OUTPUT.PUT_LINE(p_owner || '.' || p_name || ' (' || p_type || '): '
                                 || 'not visible to this session, checked by its owner''s section');
      ELSIF v_state IS NULL OR v_state <> 'VALID' THEN
        v_problems := SUBSTR(v_problems || ' ' || p_owner || '.' || p_name || ' (' || p_type || ') '
                             || NVL(v_state, 'missing') || ';', 1, 3000);
      END IF;
    END check_valid;
  BEGIN
    check_valid('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE SPECIFICATION');
    check_valid('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE SPECIFICATION');
    check_valid('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
    check_valid('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
    check_valid('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
    check_valid('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
    check_valid('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
    check_valid('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
    RETURN v_problems;
  END path_problems;
BEGIN
  v_new_1 := TO_CLOB('CREATE OR REPLACE TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI
  AFTER INSERT ON SGU.INTGRA_RET_ERP
  FOR EACH ROW
  WHEN (NVL(UPPER(TRIM(NEW.INTRE_IND)), '' '') NOT IN (''DEB'', ''PAG'', ''PLA''))
BEGIN
  -- conefi-dbtool: no COMMIT, no autonomous transaction: the queue row commits or rolls
  -- back with the ERP change. Kinds every rule ignores are skipped by WHEN above.
  CONEFI.PKG_CONEFI_EVENTO.p_receber(
    p_id_evento     => :NEW.INTRE_ID,
    p_tipo          => :NEW.INTRE_IND,
    p_chave         => :NEW.INTRE_DES_CHAVE,
    p_rotina        => :NEW.INTRE_ROTINA_ERP,
    p_ponto_entrada => :NEW.INTRE_PONTO_ENTRADA_ERP);
END;');
  v_disabled := TO_CLOB('CREATE OR REPLACE TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI
  AFTER INSERT ON SGU.INTGRA_RET_ERP
  FOR EACH ROW DISABLE
  WHEN (NVL(UPPER(TRIM(NEW.INTRE_IND)), '' '') NOT IN (''DEB'', ''PAG'', ''PLA''))
BEGIN
  -- conefi-dbtool: no COMMIT, no autonomous transaction: the queue row commits or rolls
  -- back with the ERP change. Kinds every rule ignores are skipped by WHEN above.
  CONEFI.PKG_CONEFI_EVENTO.p_receber(
    p_id_evento     => :NEW.INTRE_ID,
    p_tipo          => :NEW.INTRE_IND,
    p_chave         => :NEW.INTRE_DES_CHAVE,
    p_rotina        => :NEW.INTRE_ROTINA_ERP,
    p_ponto_entrada => :NEW.INTRE_PONTO_ENTRADA_ERP);
END;');
  SELECT MAX(status) INTO v_status FROM all_triggers
   WHERE owner = 'CONEFI' AND trigger_name = 'T_INTGRA_RET_ERP_CONEFI';
  IF v_status = 'ENABLED' AND same_source('CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER', v_new_1) THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.T_INTGRA_RET_ERP_CONEFI: unchanged and enabled, not touched');
    RETURN;
  ELSIF v_status = 'ENABLED' THEN
    v_old_1 := captured('TRIGGER', 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI');
  ELSIF v_status IS NOT NULL THEN
    v_old_1 := captured('TRIGGER', 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI');
    IF same_source('CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER', v_new_1) OR same_source('CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER', v_disabled) THEN
      SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.T_INTGRA_RET_ERP_CONEFI: unchanged and DISABLED, kept DISABLED');
      RETURN;
    END IF;
    run(v_disabled);
    v_error := first_error(1, 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER');
    IF v_error IS NOT NULL THEN
      BEGIN
        restore(v_old_1, 'DROP TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI', 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER', 'ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI COMPILE');
      EXCEPTION
        WHEN OTHERS THEN  -- a failed restore (path left INVALID) must not leave it ENABLED
          EXECUTE IMMEDIATE 'ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI DISABLE';
          RAISE;
      END;
      EXECUTE IMMEDIATE 'ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI DISABLE';  -- the CREATE enabled
      failed('CONEFI.T_INTGRA_RET_ERP_CONEFI (TRIGGER)', v_error, 'the previous version was re-created, DISABLED as it was');
    END IF;
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.T_INTGRA_RET_ERP_CONEFI: found DISABLED, replaced and kept DISABLED (enable it with ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI ENABLE)');
    RETURN;
  ELSE
    run(v_disabled);
    v_error := first_error(1, 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER');
    IF v_error IS NOT NULL THEN
      EXECUTE IMMEDIATE 'DROP TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI';
      failed('CONEFI.T_INTGRA_RET_ERP_CONEFI (TRIGGER)', v_error, 'dropped (it did not exist before)');
    END IF;
    v_error := path_problems;
    IF v_error IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20008, SUBSTR('CONEFI.T_INTGRA_RET_ERP_CONEFI is left DISABLED: on its path' || v_error || ' (re-runs keep it DISABLED: ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI ENABLE once its path is VALID)', 1, 2000));
    END IF;
  END IF;
  run(v_new_1);
  v_error := first_error(1, 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER');
  IF v_error IS NOT NULL THEN
    restore(v_old_1, 'DROP TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI', 'CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER', 'ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI COMPILE');
    failed('CONEFI.T_INTGRA_RET_ERP_CONEFI (TRIGGER)', v_error, CASE WHEN v_old_1 IS NULL THEN 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);
  END IF;
END;
/
SHOW ERRORS TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'T_INTGRA_RET_ERP_CONEFI'
     AND type = 'TRIGGER' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.T_INTGRA_RET_ERP_CONEFI (TRIGGER) compiled with errors');
  END IF;
END;
/

PROMPT [10/26] CONEFI.PKG_CONEFI_JOB (package)
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
SHOW ERRORS PACKAGE CONEFI.PKG_CONEFI_JOB
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_JOB'
     AND type = 'PACKAGE' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_JOB (PACKAGE) compiled with errors');
  END IF;
END;
/

PROMPT [21/26] CONEFI.PKG_CONEFI_JOB (package_body)
CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_JOB
AS
  -- conefi-dbtool: see the package specification.

  -- Job-run log: autonomous so a run leaves its trace even when its work is rolled back.
  -- (Queue rows are never written autonomously.)
  FUNCTION f_log_inicio(p_passo IN VARCHAR2) RETURN NUMBER IS
    PRAGMA AUTONOMOUS_TRANSACTION;
    v_id NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_LOG_CONEFI (
           INTLC_ID, INTLC_NOM_PASSO, INTLC_IND_STATUS, INTLC_DTH_INICIO, INTLC_NOM_USU)
    VALUES (CONEFI.S_INTGRA_LOG_CONEFI.NEXTVAL, p_passo, 'R', CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE),
            SYS_CONTEXT('USERENV', 'SESSION_USER'))
    RETURNING INTLC_ID INTO v_id;
    COMMIT;
    RETURN v_id;
  END f_log_inicio;

  PROCEDURE p_log_fim(p_id IN NUMBER, p_status IN VARCHAR2, p_qtd IN NUMBER,
                      p_erro IN VARCHAR2 DEFAULT NULL,
                      p_backtrace IN VARCHAR2 DEFAULT NULL) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
    -- cut in PL/SQL: over 4000 bytes bound into the UPDATE would raise ORA-01461
    v_erro      VARCHAR2(4000) := SUBSTRB(p_erro, 1, 4000);
    v_backtrace VARCHAR2(4000) := SUBSTRB(p_backtrace, 1, 4000);
  BEGIN
    UPDATE CONEFI.INTGRA_LOG_CONEFI l
       SET l.INTLC_IND_STATUS = p_status,
           l.INTLC_DTH_FIM = CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE),
           l.INTLC_QTD_LINHAS = p_qtd,
           l.INTLC_DES_ERRO = v_erro,
           l.INTLC_DES_BACKTRACE = v_backtrace
     WHERE l.INTLC_ID = p_id;
    COMMIT;
  END p_log_fim;

  -- Today as CHAR(8) in the region time zone of the schedule.
  FUNCTION f_hoje RETURN VARCHAR2 IS
    v_hoje VARCHAR2(8);
  BEGIN
    SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD') INTO v_hoje FROM DUAL;
    RETURN v_hoje;
  END f_hoje;

  -- ---------------------------------------------------------------- steps
  -- Each returns the number of queue rows it inserted; p_exec is its log id.

  FUNCTION f_inc(p_exec IN NUMBER) RETURN NUMBER IS
    v_inicio DATE := CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE);
    v_hoje   VARCHAR2(8) := f_hoje;
    v_limite VARCHAR2(8);
    v_corte  VARCHAR2(8);
    v_qtd    NUMBER;
  BEGIN
    v_limite := CONEFI.PKG_CONEFI_PARAM.f_vencido_antes;
    v_corte := NVL(CONEFI.PKG_CONEFI_PARAM.f_data_corte, '00000000');
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'INC',
           'INC' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NOME), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PESSOA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CPF_CNPJ), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.EMAIL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DDD), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TELEFONE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.ENDERECO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.BAIRRO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.MUNICIPIO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.UF), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CEP), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.EMISSAO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_ORIGINAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_REAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.SALDO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.ACRESCIMO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.DECRESCIMO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.ABATIMENTOS, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.COD_FEDERACAO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PLANO_GRR), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.ASSINATURA_GRR), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_INC c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP)
       AND c.CTL_VENCREA < v_limite
       AND c.CTL_VENCREA >= v_corte;
    v_qtd := SQL%ROWCOUNT;
    -- The title's state is what the INC row just queued says (its record's fields and the
    -- movement baseline), not values read again: a payment committed in between is a PGO.
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFENV = 'S',
           e1.E1_XCNFDTE = v_hoje,
           e1.E1_XCNFVEN = (SELECT MAX(RPAD(NVL(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 22), ' '), 8))
     FROM CONEFI.INTGRA_DADOS_CONEFI q
    WHERE q.INTDC_IND_ACAO = 'INC'
      AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
      AND q.INTDC_ID_EXEC = p_exec),
           e1.E1_XCNFVLR = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 23), '999999999999999990.00'))
     FROM CONEFI.INTGRA_DADOS_CONEFI q
    WHERE q.INTDC_IND_ACAO = 'INC'
      AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
      AND q.INTDC_ID_EXEC = p_exec),
           e1.E1_XCNFSLD = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 28), '999999999999999990.00'))
     FROM CONEFI.INTGRA_DADOS_CONEFI q
    WHERE q.INTDC_IND_ACAO = 'INC'
      AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
      AND q.INTDC_ID_EXEC = p_exec),
           e1.E1_XCNFMOV = (SELECT NVL(MAX(q.INTDC_NUM_RECNO_SE5), 0)
                                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                                        WHERE q.INTDC_DES_IDEMP = 'INC:' || TO_CHAR(e1.R_E_C_N_O_))
     WHERE e1.D_E_L_E_T_ = ' '
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'INC'
                                AND q.INTDC_DTH_INCL >= v_inicio
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_inc;

  FUNCTION f_prv(p_exec IN NUMBER) RETURN NUMBER IS
    v_inicio DATE := CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE);
    v_qtd    NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'PRV',
           'PRV' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_REAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_ORIGINAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.DIAS_ATRASO, 'FM999999999999999990'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_PRV c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP);
    v_qtd := SQL%ROWCOUNT;
    -- Back in collection: state S, and the due date CONEFI now knows.
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFENV = 'S',
           e1.E1_XCNFVEN = e1.E1_VENCREA
     WHERE e1.D_E_L_E_T_ = ' '
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'PRV'
                                AND q.INTDC_DTH_INCL >= v_inicio
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_prv;

  FUNCTION f_hst(p_exec IN NUMBER) RETURN NUMBER IS
    v_desde DATE;
  BEGIN
    v_desde := TRUNC(CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE)) - CONEFI.PKG_CONEFI_PARAM.f_dias_reproc;
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'HST',
           'HST' || ';'
           || TO_CHAR(c.ID_ORIGEM, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.EMISSAO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENCIMENTO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_BAIXA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.DIAS_ATRASO, 'FM999999999999999990'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_HST c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP)
       AND c.CTL_DTH_ORIGEM >= v_desde;
    RETURN SQL%ROWCOUNT;
  END f_hst;

  -- 'PGO' step (reconciliation): its candidate view, then the sent state
  -- of the titles it queued, as its rule in conefi_dbtool/layouts/reconcile.py says.
  FUNCTION f_pgo(p_exec IN NUMBER) RETURN NUMBER IS
    v_qtd NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'PGO',
           'PGO' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || TO_CHAR(c.RECNO_SE5, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.SEQ_BAIXA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO_DOC), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_PAGAMENTO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR_PAGO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.JUROS, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.MULTA, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.DESCONTO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VALOR_BAIXADO, 'FM999999999999999990.00') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.MOTIVO_BAIXA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO_PAGAMENTO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUM_LIQUIDACAO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FATURA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_MOV_PGO c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP);
    v_qtd := SQL%ROWCOUNT;
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFSLD = e1.E1_XCNFSLD - (SELECT NVL(SUM((((m.E5_VALOR - m.E5_VLJUROS) - m.E5_VLMULTA) + m.E5_VLDESCO)), 0)
         FROM CONEFI.INTGRA_DADOS_CONEFI q
         JOIN SIGA.SE5030 m
           ON m.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE5
          AND m.D_E_L_E_T_ IN (' ', '*')
        WHERE q.INTDC_IND_ACAO = 'PGO'
          AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
          AND q.INTDC_ID_EXEC = p_exec)
     WHERE e1.D_E_L_E_T_ = ' '
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'PGO'
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_pgo;

  -- 'EST' step (reconciliation): its candidate view, then the sent state
  -- of the titles it queued, as its rule in conefi_dbtool/layouts/reconcile.py says.
  FUNCTION f_est(p_exec IN NUMBER) RETURN NUMBER IS
    v_qtd NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'EST',
           'EST' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || TO_CHAR(c.RECNO_SE5_ESTORNO, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.SEQ_BAIXA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_ESTORNO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR_ESTORNADO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.RECNO_SE5_ORIGINAL, 'FM999999999999999990') || ';'
           || TO_CHAR(c.ID_FILA_ORIGINAL, 'FM999999999999999990') || ';'
           || TO_CHAR(c.VALOR_BAIXADO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_MOV_EST c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP);
    v_qtd := SQL%ROWCOUNT;
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFSLD = e1.E1_XCNFSLD + (SELECT NVL(SUM((((m.E5_VALOR - m.E5_VLJUROS) - m.E5_VLMULTA) + m.E5_VLDESCO)), 0)
         FROM CONEFI.INTGRA_DADOS_CONEFI q
         JOIN SIGA.SE5030 m
           ON m.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE5
          AND m.D_E_L_E_T_ IN (' ', '*')
        WHERE q.INTDC_IND_ACAO = 'EST'
          AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
          AND q.INTDC_ID_EXEC = p_exec)
     WHERE e1.D_E_L_E_T_ = ' '
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'EST'
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_est;

  -- 'CAN' step (reconciliation): its candidate view, then the sent state
  -- of the titles it queued, as its rule in conefi_dbtool/layouts/reconcile.py says.
  FUNCTION f_can(p_exec IN NUMBER) RETURN NUMBER IS
    v_qtd NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'CAN',
           'CAN' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_CANCELAMENTO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VALOR, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_CAN c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP);
    v_qtd := SQL%ROWCOUNT;
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFENV = 'C'
     WHERE e1.D_E_L_E_T_ = '*'
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'CAN'
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_can;

  -- 'PRG' step (reconciliation): its candidate view, then the sent state
  -- of the titles it queued, as its rule in conefi_dbtool/layouts/reconcile.py says.
  FUNCTION f_prg(p_exec IN NUMBER) RETURN NUMBER IS
    v_qtd NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'PRG',
           'PRG' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_ANTERIOR), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_NOVO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.VENC_ORIGINAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.VERSAO_ENVIO, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_ALTERACAO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_PRG c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP);
    v_qtd := SQL%ROWCOUNT;
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFVEN = (SELECT MAX(RPAD(NVL(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 10), ' '), 8))
         FROM CONEFI.INTGRA_DADOS_CONEFI q
        WHERE q.INTDC_IND_ACAO = 'PRG'
          AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
          AND q.INTDC_ID_EXEC = p_exec),
           e1.E1_XCNFENV = 'P',
           e1.E1_XCNFVER = (e1.E1_XCNFVER + 1)
     WHERE e1.D_E_L_E_T_ = ' '
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'PRG'
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_prg;

  -- 'DES' step (reconciliation): its candidate view, then the sent state
  -- of the titles it queued, as its rule in conefi_dbtool/layouts/reconcile.py says.
  FUNCTION f_des(p_exec IN NUMBER) RETURN NUMBER IS
    v_qtd NUMBER;
  BEGIN
    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (
           INTDC_ID, INTDC_IND_ACAO, INTDC_DADOS, INTDC_IND_STATUS, INTDC_DES_CHAVE,
           INTDC_NUM_RECNO_SE1, INTDC_NUM_RECNO_SE5, INTDC_ID_EVENTO, INTDC_ID_ORIGEM,
           INTDC_ID_EXEC, INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)
    SELECT CONEFI.S_INTGRA_DADOS_CONEFI.NEXTVAL,
           'DES',
           'DES' || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.FILIAL), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PREFIXO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.NUMERO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PARCELA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CLIENTE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.LOJA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || TO_CHAR(c.RECNO_SE1, 'FM999999999999999990') || ';'
           || TO_CHAR(c.VALOR_ANTERIOR, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VALOR_NOVO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.DEVIDO_ANTERIOR, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VALOR_DEVIDO, 'FM999999999999999990.00') || ';'
           || TO_CHAR(c.VERSAO_ENVIO, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.DATA_ALTERACAO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n'),
           'P',
           c.CTL_CHAVE,
           c.CTL_RECNO,
           c.CTL_RECNO_SE5,
           NULL,
           c.CTL_ORIGEM,
           p_exec,
           c.CTL_IDEMP,
           2
      FROM CONEFI.V_CONEFI_CAND_DES c
     WHERE NOT EXISTS (SELECT 1
                         FROM CONEFI.INTGRA_DADOS_CONEFI q
                        WHERE q.INTDC_DES_IDEMP = c.CTL_IDEMP);
    v_qtd := SQL%ROWCOUNT;
    UPDATE SIGA.SE1030 e1
       SET e1.E1_XCNFSLD = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 12), '999999999999999990.00'))
         FROM CONEFI.INTGRA_DADOS_CONEFI q
        WHERE q.INTDC_IND_ACAO = 'DES'
          AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
          AND q.INTDC_ID_EXEC = p_exec),
           e1.E1_XCNFVLR = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 10), '999999999999999990.00'))
         FROM CONEFI.INTGRA_DADOS_CONEFI q
        WHERE q.INTDC_IND_ACAO = 'DES'
          AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
          AND q.INTDC_ID_EXEC = p_exec),
           e1.E1_XCNFVER = (e1.E1_XCNFVER + 1)
     WHERE e1.D_E_L_E_T_ = ' '
       AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                               FROM CONEFI.INTGRA_DADOS_CONEFI q
                              WHERE q.INTDC_IND_ACAO = 'DES'
                                AND q.INTDC_ID_EXEC = p_exec);
    RETURN v_qtd;
  END f_des;

  -- ---------------------------------------------------------------- runner

  -- Run one step in its own transaction. TRUE: committed. FALSE: rolled back and the
  -- error recorded with its backtrace in the log (the caller reports the failure).
  -- ORA-00001 on the queue key: a trigger's transaction queued the same fact while the
  -- step ran (the step waited on its uncommitted key). The attempt is rolled back, logged,
  -- and run once more (p_tentativa 2): its NOT EXISTS then sees the committed row.
  FUNCTION f_executar(p_passo IN VARCHAR2, p_tentativa IN PLS_INTEGER DEFAULT 1) RETURN BOOLEAN IS
    v_exec   NUMBER;
    v_qtd    NUMBER;
    v_codigo PLS_INTEGER;
  BEGIN
    v_exec := f_log_inicio(p_passo);
    CASE p_passo
      WHEN 'INC' THEN
        v_qtd := f_inc(v_exec);
      WHEN 'PGO' THEN
        v_qtd := f_pgo(v_exec);
      WHEN 'EST' THEN
        v_qtd := f_est(v_exec);
      WHEN 'CAN' THEN
        v_qtd := f_can(v_exec);
      WHEN 'PRG' THEN
        v_qtd := f_prg(v_exec);
      WHEN 'DES' THEN
        v_qtd := f_des(v_exec);
      WHEN 'PRV' THEN
        v_qtd := f_prv(v_exec);
      WHEN 'HST' THEN
        v_qtd := f_hst(v_exec);
    END CASE;
    COMMIT;
    p_log_fim(v_exec, 'S', v_qtd);
    RETURN TRUE;
  EXCEPTION
    WHEN OTHERS THEN
      v_codigo := SQLCODE;
      ROLLBACK;
      IF v_exec IS NULL THEN
        RAISE; -- the log itself failed: nothing could record the error, so propagate it
      END IF;
      -- Recorded, not swallowed: status E with SQLERRM and the backtrace; the caller
      -- turns FALSE into ORA-20010/20011 for the scheduler.
      p_log_fim(v_exec, 'E', NULL, SQLERRM, SYS.DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
      IF v_codigo = -1 AND p_tentativa = 1 THEN -- ORA-00001 (DUP_VAL_ON_INDEX)
        RETURN f_executar(p_passo, 2);
      END IF;
      RETURN FALSE;
  END f_executar;

  PROCEDURE p_passo(p_passo IN VARCHAR2) IS
  BEGIN
    IF NOT f_executar(p_passo) THEN
      RAISE_APPLICATION_ERROR(-20010, 'CONEFI step ' || p_passo
        || ' failed and was rolled back: see CONEFI.INTGRA_LOG_CONEFI');
    END IF;
  END p_passo;

  PROCEDURE p_gerar_inc IS
  BEGIN
    p_passo('INC');
  END p_gerar_inc;

  PROCEDURE p_gerar_pgo IS
  BEGIN
    p_passo('PGO');
  END p_gerar_pgo;

  PROCEDURE p_gerar_est IS
  BEGIN
    p_passo('EST');
  END p_gerar_est;

  PROCEDURE p_gerar_can IS
  BEGIN
    p_passo('CAN');
  END p_gerar_can;

  PROCEDURE p_gerar_prg IS
  BEGIN
    p_passo('PRG');
  END p_gerar_prg;

  PROCEDURE p_gerar_des IS
  BEGIN
    p_passo('DES');
  END p_gerar_des;

  PROCEDURE p_gerar_prv IS
  BEGIN
    p_passo('PRV');
  END p_gerar_prv;

  PROCEDURE p_gerar_hst IS
  BEGIN
    p_passo('HST');
  END p_gerar_hst;

  PROCEDURE p_diario IS
    v_falhas  VARCHAR2(100);
    v_pulados VARCHAR2(100);
    v_exec    NUMBER;
  BEGIN
    IF CONEFI.PKG_CONEFI_PARAM.f_job_ativo = 'N' THEN
      v_exec := f_log_inicio('DIARIO');
      p_log_fim(v_exec, 'N', 0, 'CONEFI_JOB_ATIVO = N: nothing done');
      RETURN;
    END IF;
    IF NOT f_executar('INC') THEN
      v_falhas := v_falhas || ' ' || 'INC';
    END IF;
    IF NOT f_executar('PGO') THEN
      v_falhas := v_falhas || ' ' || 'PGO';
    END IF;
    IF NOT f_executar('EST') THEN
      v_falhas := v_falhas || ' ' || 'EST';
    END IF;
    IF NOT f_executar('CAN') THEN
      v_falhas := v_falhas || ' ' || 'CAN';
    END IF;
    -- 'PRG' reads the sent state 'PGO' and 'EST' move: not after one of them failed.
    IF INSTR(v_falhas || ' ', ' ' || 'PGO' || ' ') > 0 OR INSTR(v_falhas || ' ', ' ' || 'EST' || ' ') > 0 THEN
      v_exec := f_log_inicio('PRG');
      p_log_fim(v_exec, 'N', 0, 'skipped: ' || TRIM(v_falhas) || ' failed in this run');
      v_pulados := v_pulados || ' ' || 'PRG';
    ELSIF NOT f_executar('PRG') THEN
      v_falhas := v_falhas || ' ' || 'PRG';
    END IF;
    -- 'DES' reads the sent state 'PGO' and 'EST' move: not after one of them failed.
    IF INSTR(v_falhas || ' ', ' ' || 'PGO' || ' ') > 0 OR INSTR(v_falhas || ' ', ' ' || 'EST' || ' ') > 0 THEN
      v_exec := f_log_inicio('DES');
      p_log_fim(v_exec, 'N', 0, 'skipped: ' || TRIM(v_falhas) || ' failed in this run');
      v_pulados := v_pulados || ' ' || 'DES';
    ELSIF NOT f_executar('DES') THEN
      v_falhas := v_falhas || ' ' || 'DES';
    END IF;
    IF NOT f_executar('PRV') THEN
      v_falhas := v_falhas || ' ' || 'PRV';
    END IF;
    IF NOT f_executar('HST') THEN
      v_falhas := v_falhas || ' ' || 'HST';
    END IF;
    IF v_falhas IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, 'CONEFI daily run: step(s)' || v_falhas
        || ' failed and were rolled back'
        || CASE WHEN v_pulados IS NOT NULL THEN ', step(s)' || v_pulados || ' skipped' END
        || ': see CONEFI.INTGRA_LOG_CONEFI');
    END IF;
  END p_diario;
END PKG_CONEFI_JOB;
/
SHOW ERRORS PACKAGE BODY CONEFI.PKG_CONEFI_JOB
DECLARE
  v_errors PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_errors FROM all_errors
   WHERE owner = 'CONEFI' AND name = 'PKG_CONEFI_JOB'
     AND type = 'PACKAGE BODY' AND attribute = 'ERROR';
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20001, 'CONEFI.PKG_CONEFI_JOB (PACKAGE BODY) compiled with errors');
  END IF;
END;
/

PROMPT [24/26] CONEFI.J_CONEFI_DIARIO (job)
DECLARE
  -- conefi-dbtool: idempotent: creates the job when missing, otherwise updates its
  -- attributes (a running instance finishes undisturbed).
  v_existe PLS_INTEGER;
BEGIN
  SELECT COUNT(*)
    INTO v_existe
    FROM SYS.ALL_SCHEDULER_JOBS j
   WHERE j.owner = 'CONEFI'
     AND j.job_name = 'J_CONEFI_DIARIO';
  IF v_existe = 0 THEN
    SYS.DBMS_SCHEDULER.CREATE_JOB(
      job_name        => 'CONEFI.J_CONEFI_DIARIO',
      job_type        => 'STORED_PROCEDURE',
      job_action      => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO',
      start_date      => TO_TIMESTAMP_TZ('2020-07-03 05:00:00 America/Sao_Paulo', 'YYYY-MM-DD HH24:MI:SS TZR'),
      repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',
      enabled         => FALSE,
      auto_drop       => FALSE,
      comments        => 'conefi-dbtool: daily CONEFI batch (INC PGO EST CAN PRG DES PRV HST)');
  ELSE
    SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_CONEFI_DIARIO', TRUE);
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'job_action',
      value     => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO');
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'start_date',
      value     => TO_TIMESTAMP_TZ('2020-07-03 05:00:00 America/Sao_Paulo', 'YYYY-MM-DD HH24:MI:SS TZR'));
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'repeat_interval',
      value     => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0');
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'comments',
      value     => 'conefi-dbtool: daily CONEFI batch (INC PGO EST CAN PRG DES PRV HST)');
  END IF;
  -- Steps are idempotent: after a database restart the run may start again.
  SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
    name      => 'CONEFI.J_CONEFI_DIARIO',
    attribute => 'restartable',
    value     => TRUE);
  SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_CONEFI_DIARIO');
END;
/

PROMPT ==== ERP database (Protheus): recompiling INVALID managed units of CONEFI ====
DECLARE
  v_invalid VARCHAR2(4000);
  v_missing VARCHAR2(4000);
  PROCEDURE recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                      p_ddl VARCHAR2) IS
    v_status all_objects.status%TYPE;
    e_compiled_with_errors EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  BEGIN
    SELECT MAX(status) INTO v_status FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_status IS NULL THEN
      v_missing := SUBSTR(v_missing || CASE WHEN v_missing IS NOT NULL THEN ', ' END
                          || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3900);
    ELSIF v_status = 'INVALID' THEN
      EXECUTE IMMEDIATE p_ddl;
    END IF;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- reported below, with every unit still INVALID
  END recompile;
BEGIN
  recompile('CONEFI', 'PKG_CONEFI_PARAM', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_PARAM COMPILE');
  recompile('CONEFI', 'V_CONEFI_CAND_CAN', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_CAN COMPILE');
  recompile('CONEFI', 'V_CONEFI_CAND_HST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_HST COMPILE');
  recompile('CONEFI', 'V_CONEFI_CAND_INC', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_INC COMPILE');
  recompile('CONEFI', 'V_CONEFI_CAND_PRV', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRV COMPILE');
  recompile('CONEFI', 'PKG_CONEFI_PARAM', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_PARAM COMPILE BODY');
  recompile('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE');
  recompile('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE');
  recompile('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_DES COMPILE');
  recompile('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_CAND_PRG COMPILE');
  recompile('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_EST COMPILE');
  recompile('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW', 'ALTER VIEW CONEFI.V_CONEFI_MOV_PGO COMPILE');
  recompile('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_EVENTO COMPILE BODY');
  recompile('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_FILA COMPILE BODY');
  recompile('CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER', 'ALTER TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI COMPILE');
  recompile('CONEFI', 'PKG_CONEFI_JOB', 'PACKAGE', 'ALTER PACKAGE CONEFI.PKG_CONEFI_JOB COMPILE');
  recompile('CONEFI', 'PKG_CONEFI_JOB', 'PACKAGE BODY', 'ALTER PACKAGE CONEFI.PKG_CONEFI_JOB COMPILE BODY');
  IF v_missing IS NOT NULL THEN
    RAISE_APPLICATION_ERROR(-20003, 'not found by ' || USER || ' (missing, or not visible to '
      || 'this session: deploy them in their owner''s section): ' || v_missing);
  END IF;
  SELECT LISTAGG(owner || '.' || object_name || ' (' || object_type || ')', ', ')
           WITHIN GROUP (ORDER BY owner, object_name, object_type)
    INTO v_invalid
    FROM all_objects
   WHERE status = 'INVALID'
     AND (owner, object_name, object_type) IN (('CONEFI', 'PKG_CONEFI_PARAM', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_CAN', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_HST', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_INC', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_PRV', 'VIEW'), ('CONEFI', 'PKG_CONEFI_PARAM', 'PACKAGE BODY'), ('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE'), ('CONEFI', 'V_CONEFI_CAND_DES', 'VIEW'), ('CONEFI', 'V_CONEFI_CAND_PRG', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_EST', 'VIEW'), ('CONEFI', 'V_CONEFI_MOV_PGO', 'VIEW'), ('CONEFI', 'PKG_CONEFI_EVENTO', 'PACKAGE BODY'), ('CONEFI', 'PKG_CONEFI_FILA', 'PACKAGE BODY'), ('CONEFI', 'T_INTGRA_RET_ERP_CONEFI', 'TRIGGER'), ('CONEFI', 'PKG_CONEFI_JOB', 'PACKAGE'), ('CONEFI', 'PKG_CONEFI_JOB', 'PACKAGE BODY'));
  IF v_invalid IS NOT NULL THEN
    RAISE_APPLICATION_ERROR(-20002, 'still INVALID after recompiling: ' || SUBSTR(v_invalid, 1, 3900));
  END IF;
END;
/

PROMPT ==== SGU 2.0 database: DBA section (users and grants) ====
SET DEFINE ON
DEFINE sgu2_dba_user = SYSTEM
PROMPT Connecting to the SGU 2.0 database as &&sgu2_dba_user (password prompted; DSN from &&sgu2_dsn)
CONNECT &&sgu2_dba_user@&&sgu2_dsn
WHENEVER OSERROR EXIT FAILURE ROLLBACK
WHENEVER SQLERROR EXIT FAILURE ROLLBACK
SET ECHO OFF
SET FEEDBACK ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET SQLBLANKLINES ON
SET DEFINE OFF
ALTER SESSION SET DDL_LOCK_TIMEOUT = 30;
PROMPT preflight: checking the SGU 2.0 database before any change
DECLARE
  -- conefi-dbtool preflight (sgu2): nothing below changes the database.
  v VARCHAR2(4000);
  v_errors PLS_INTEGER := 0;
  v_first VARCHAR2(2000);
  e_no_view EXCEPTION;
  e_no_priv EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_view, -942);
  PRAGMA EXCEPTION_INIT(e_no_priv, -1031);
  PROCEDURE report(p_code VARCHAR2, p_severity VARCHAR2, p_message VARCHAR2, p_fix VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight ' || p_severity || ' ' || p_code || ': ' || p_message);
    DBMS_OUTPUT.PUT_LINE('  fix: ' || p_fix);
    IF p_severity = 'error' THEN
      v_errors := v_errors + 1;
      v_first := NVL(v_first, SUBSTR(p_code || ': ' || p_message, 1, 2000));
    END IF;
  END;
  PROCEDURE unchecked(p_code VARCHAR2, p_what VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight not checked ' || p_code || ': ' || p_what || ' is not readable by ' || USER);
  END;
  FUNCTION fact(p_sql VARCHAR2) RETURN VARCHAR2 IS
    r VARCHAR2(4000);
  BEGIN
    EXECUTE IMMEDIATE p_sql INTO r;
    RETURN NVL(r, '?');
  EXCEPTION
    WHEN e_no_view OR e_no_priv THEN
      RETURN '?';
  END;
  PROCEDURE table_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_fix VARCHAR2) IS
    n PLS_INTEGER;
  BEGIN
    SELECT COUNT(*) INTO n FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table;
    IF n = 0 THEN
      report(p_code, 'error', p_owner || '.' || p_table || ' does not exist or ' || USER || ' cannot see it', p_fix);
    END IF;
  END;
  PROCEDURE column_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_column VARCHAR2,
                      p_type VARCHAR2, p_fix VARCHAR2) IS
    t VARCHAR2(200);
  BEGIN
    SELECT data_type || CASE
             WHEN data_type IN ('VARCHAR2', 'CHAR', 'NVARCHAR2', 'NCHAR') THEN '(' || char_length || ')'
             WHEN data_type = 'NUMBER' AND data_precision IS NOT NULL THEN
               '(' || data_precision || CASE WHEN data_scale > 0 THEN ',' || data_scale END || ')'
           END
      INTO t FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table AND column_name = p_column;
    IF p_type IS NOT NULL AND t <> p_type THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' is ' || t || '; the dictionary says '
             || p_type, p_fix);
    END IF;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' does not exist', p_fix);
  END;
BEGIN
  -- PF001: Oracle version
  v := fact('SELECT MAX(version) FROM product_component_version WHERE product LIKE ''Oracle%''');
  IF v = '?' THEN unchecked('PF001', 'Oracle version');
  ELSIF TO_NUMBER(REGEXP_SUBSTR(v, '^\d+')) < 19 THEN
    report('PF001', 'error', 'Oracle ' || v || '; the objects and the trigger-path restore (DBMS_SESSION.SLEEP) need 19.0 or later', 'deploy to Oracle Database 19c or later');
  END IF;
  -- PF004: the configured tablespaces exist
  IF fact('SELECT COUNT(*) FROM user_tablespaces WHERE tablespace_name = ''CONEFI_DATA''') = '0' THEN
    v := fact('SELECT COUNT(*) FROM dba_tablespaces WHERE tablespace_name = ''CONEFI_DATA''');
    IF v = '?' THEN unchecked('PF004', 'DBA_TABLESPACES (CONEFI_DATA)');
    ELSIF v = '0' THEN report('PF004', 'error', 'tablespace CONEFI_DATA does not exist', 'create the tablespace or name an existing one in conefi.toml ([targets.X.<db>.tablespaces])');
    END IF;
  END IF;
  IF fact('SELECT COUNT(*) FROM user_tablespaces WHERE tablespace_name = ''TEMP''') = '0' THEN
    v := fact('SELECT COUNT(*) FROM dba_tablespaces WHERE tablespace_name = ''TEMP''');
    IF v = '?' THEN unchecked('PF004', 'DBA_TABLESPACES (TEMP)');
    ELSIF v = '0' THEN report('PF004', 'error', 'tablespace TEMP does not exist', 'create the tablespace or name an existing one in conefi.toml ([targets.X.<db>.tablespaces])');
    END IF;
  END IF;
  NULL;
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20990, 'preflight: ' || v_errors || ' error(s), nothing was changed; first: '
      || v_first);
  END IF;
END;
/
SET DEFINE ON
SET VERIFY OFF
ACCEPT conefi_sgu2_password CHAR PROMPT 'Password for the SGU 2.0 user CONEFI (used only if it does not exist yet): ' HIDE
DECLARE
  e_exists_1920 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_1920, -1920);
BEGIN
  EXECUTE IMMEDIATE 'CREATE USER CONEFI IDENTIFIED BY "' || q'"&&conefi_sgu2_password"' || '"
  DEFAULT TABLESPACE CONEFI_DATA
  TEMPORARY TABLESPACE TEMP
  PROFILE DEFAULT';
EXCEPTION
  WHEN e_exists_1920 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI (CREATE USER): already exists, kept');
END;
/
ALTER USER CONEFI QUOTA 500M ON CONEFI_DATA;
GRANT CREATE SESSION TO CONEFI;
GRANT CREATE DATABASE LINK TO CONEFI;
GRANT CREATE SYNONYM TO CONEFI;
GRANT CREATE VIEW TO CONEFI;
GRANT CREATE TABLE TO CONEFI;
GRANT CREATE SEQUENCE TO CONEFI;
GRANT CREATE PROCEDURE TO CONEFI;
GRANT CREATE TRIGGER TO CONEFI;
GRANT CREATE JOB TO CONEFI;
GRANT SELECT ON SYS.V_$TIMEZONE_FILE TO CONEFI;
GRANT SELECT ON SYS.V_$PARAMETER TO CONEFI;
ACCEPT conefi_erp_link_password CHAR PROMPT 'Password of the ERP user CONEFI for database link DBL_ERP_CONEFI (used only if the link does not exist yet): ' HIDE
DECLARE
  v_links PLS_INTEGER;
BEGIN
  SELECT COUNT(*) INTO v_links FROM dba_db_links
   WHERE owner = 'CONEFI'
     AND (db_link = 'DBL_ERP_CONEFI' OR SUBSTR(db_link, 1, 15) = 'DBL_ERP_CONEFI.');
  IF v_links > 0 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.DBL_ERP_CONEFI (database link): already exists, kept');
    RETURN;
  END IF;
  -- Only the owner can create a private link: run the DDL as the owner through a
  -- throwaway definer's-rights procedure; the password is an argument, never source.
  EXECUTE IMMEDIATE 'CREATE OR REPLACE PROCEDURE CONEFI.CONEFI_DBTOOL$MKLINK (p_ddl IN VARCHAR2) AUTHID DEFINER IS BEGIN EXECUTE IMMEDIATE p_ddl; END;';
  BEGIN
    EXECUTE IMMEDIATE 'BEGIN CONEFI.CONEFI_DBTOOL$MKLINK(:ddl); END;'
      USING 'CREATE DATABASE LINK DBL_ERP_CONEFI CONNECT TO CONEFI IDENTIFIED BY "' || q'"&&conefi_erp_link_password"' || '" USING ''ERP''';
  EXCEPTION
    WHEN OTHERS THEN
      EXECUTE IMMEDIATE 'DROP PROCEDURE CONEFI.CONEFI_DBTOOL$MKLINK';
      RAISE;
  END;
  EXECUTE IMMEDIATE 'DROP PROCEDURE CONEFI.CONEFI_DBTOOL$MKLINK';
  SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.DBL_ERP_CONEFI (database link): created');
END;
/
SET DEFINE OFF

PROMPT ==== SGU 2.0 database: objects owned by CONEFI (as CONEFI or a DBA) ====
SET DEFINE ON
DEFINE sgu2_owner_user = CONEFI
PROMPT Connecting to the SGU 2.0 database as &&sgu2_owner_user (password prompted; DSN from &&sgu2_dsn)
CONNECT &&sgu2_owner_user@&&sgu2_dsn
WHENEVER OSERROR EXIT FAILURE ROLLBACK
WHENEVER SQLERROR EXIT FAILURE ROLLBACK
SET ECHO OFF
SET FEEDBACK ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET SQLBLANKLINES ON
SET DEFINE OFF
ALTER SESSION SET DDL_LOCK_TIMEOUT = 30;
PROMPT preflight: checking the SGU 2.0 database before any change
DECLARE
  -- conefi-dbtool preflight (sgu2): nothing below changes the database.
  v VARCHAR2(4000);
  v_errors PLS_INTEGER := 0;
  v_first VARCHAR2(2000);
  e_no_view EXCEPTION;
  e_no_priv EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_view, -942);
  PRAGMA EXCEPTION_INIT(e_no_priv, -1031);
  PROCEDURE report(p_code VARCHAR2, p_severity VARCHAR2, p_message VARCHAR2, p_fix VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight ' || p_severity || ' ' || p_code || ': ' || p_message);
    DBMS_OUTPUT.PUT_LINE('  fix: ' || p_fix);
    IF p_severity = 'error' THEN
      v_errors := v_errors + 1;
      v_first := NVL(v_first, SUBSTR(p_code || ': ' || p_message, 1, 2000));
    END IF;
  END;
  PROCEDURE unchecked(p_code VARCHAR2, p_what VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('preflight not checked ' || p_code || ': ' || p_what || ' is not readable by ' || USER);
  END;
  FUNCTION fact(p_sql VARCHAR2) RETURN VARCHAR2 IS
    r VARCHAR2(4000);
  BEGIN
    EXECUTE IMMEDIATE p_sql INTO r;
    RETURN NVL(r, '?');
  EXCEPTION
    WHEN e_no_view OR e_no_priv THEN
      RETURN '?';
  END;
  PROCEDURE table_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_fix VARCHAR2) IS
    n PLS_INTEGER;
  BEGIN
    SELECT COUNT(*) INTO n FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table;
    IF n = 0 THEN
      report(p_code, 'error', p_owner || '.' || p_table || ' does not exist or ' || USER || ' cannot see it', p_fix);
    END IF;
  END;
  PROCEDURE column_is(p_code VARCHAR2, p_owner VARCHAR2, p_table VARCHAR2, p_column VARCHAR2,
                      p_type VARCHAR2, p_fix VARCHAR2) IS
    t VARCHAR2(200);
  BEGIN
    SELECT data_type || CASE
             WHEN data_type IN ('VARCHAR2', 'CHAR', 'NVARCHAR2', 'NCHAR') THEN '(' || char_length || ')'
             WHEN data_type = 'NUMBER' AND data_precision IS NOT NULL THEN
               '(' || data_precision || CASE WHEN data_scale > 0 THEN ',' || data_scale END || ')'
           END
      INTO t FROM all_tab_columns WHERE owner = p_owner AND table_name = p_table AND column_name = p_column;
    IF p_type IS NOT NULL AND t <> p_type THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' is ' || t || '; the dictionary says '
             || p_type, p_fix);
    END IF;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      report(p_code, 'error', p_owner || '.' || p_table || '.' || p_column || ' does not exist', p_fix);
  END;
BEGIN
  -- PF005: the owner has a quota on its tablespace
  IF fact('SELECT COUNT(*) FROM all_users WHERE username = ''CONEFI''') = '1' THEN
    IF USER = 'CONEFI' THEN
      v := fact('SELECT COUNT(*) FROM user_ts_quotas q JOIN user_users u ON u.default_tablespace = q.tablespace_name WHERE q.max_bytes <> 0');
      IF v = '0' AND fact('SELECT COUNT(*) FROM session_privs WHERE privilege = ''UNLIMITED TABLESPACE''') = '0' THEN
        report('PF005', 'error', 'CONEFI has no quota on its default tablespace', 'ALTER USER <owner> QUOTA <size> ON <tablespace> (the grants manifest''s quota)');
      END IF;
    ELSE
      v := fact('SELECT COUNT(*) FROM dba_ts_quotas q JOIN dba_users u ON u.username = q.username AND u.default_tablespace = q.tablespace_name WHERE q.username = ''CONEFI'' AND q.max_bytes <> 0');
      IF v = '?' THEN unchecked('PF005', 'DBA_TS_QUOTAS');
      ELSIF v = '0' AND fact('SELECT COUNT(*) FROM dba_sys_privs WHERE grantee = ''CONEFI'' AND privilege = ''UNLIMITED TABLESPACE''') = '0' THEN
        report('PF005', 'error', 'CONEFI has no quota on its default tablespace', 'ALTER USER <owner> QUOTA <size> ON <tablespace> (the grants manifest''s quota)');
      END IF;
    END IF;
  END IF;
  -- PF006: the deploy user's system privileges for what the run creates
  IF fact('SELECT COUNT(*) FROM session_privs WHERE privilege IN (''CREATE VIEW'', ''CREATE ANY VIEW'')') = '0' THEN
    report('PF006', 'error', USER || ' lacks CREATE VIEW or CREATE ANY VIEW', 'grant them (grants/<db>/<profile>.toml) or deploy as a DBA');
  END IF;
  NULL;
  IF v_errors > 0 THEN
    RAISE_APPLICATION_ERROR(-20990, 'preflight: ' || v_errors || ' error(s), nothing was changed; first: '
      || v_first);
  END IF;
END;
/

PROMPT [25/26] CONEFI.INTGRA_DADOS_CONEFI_ERP (synonym)
CREATE OR REPLACE SYNONYM CONEFI.INTGRA_DADOS_CONEFI_ERP
  FOR CONEFI.INTGRA_DADOS_CONEFI@DBL_ERP_CONEFI;

PROMPT [26/26] CONEFI.V_INTGRA_DADOS_CONEFI_PEND (view)
CREATE OR REPLACE VIEW CONEFI.V_INTGRA_DADOS_CONEFI_PEND AS
SELECT q.INTDC_ID,
       q.INTDC_IND_ACAO,
       q.INTDC_DADOS,
       q.INTDC_DTH_INCL,
       q.INTDC_DES_CHAVE,
       q.INTDC_ID_ORIGEM,
       q.INTDC_NUM_LAYOUT
  FROM CONEFI.INTGRA_DADOS_CONEFI_ERP q
 WHERE q.INTDC_IND_STATUS = 'P';

PROMPT ==== SGU 2.0 database: recompiling INVALID managed units of CONEFI ====
DECLARE
  v_invalid VARCHAR2(4000);
  v_missing VARCHAR2(4000);
  PROCEDURE recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                      p_ddl VARCHAR2) IS
    v_status all_objects.status%TYPE;
    e_compiled_with_errors EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);
  BEGIN
    SELECT MAX(status) INTO v_status FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_status IS NULL THEN
      v_missing := SUBSTR(v_missing || CASE WHEN v_missing IS NOT NULL THEN ', ' END
                          || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3900);
    ELSIF v_status = 'INVALID' THEN
      EXECUTE IMMEDIATE p_ddl;
    END IF;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- reported below, with every unit still INVALID
  END recompile;
BEGIN
  recompile('CONEFI', 'V_INTGRA_DADOS_CONEFI_PEND', 'VIEW', 'ALTER VIEW CONEFI.V_INTGRA_DADOS_CONEFI_PEND COMPILE');
  IF v_missing IS NOT NULL THEN
    RAISE_APPLICATION_ERROR(-20003, 'not found by ' || USER || ' (missing, or not visible to '
      || 'this session: deploy them in their owner''s section): ' || v_missing);
  END IF;
  SELECT LISTAGG(owner || '.' || object_name || ' (' || object_type || ')', ', ')
           WITHIN GROUP (ORDER BY owner, object_name, object_type)
    INTO v_invalid
    FROM all_objects
   WHERE status = 'INVALID'
     AND (owner, object_name, object_type) IN (('CONEFI', 'V_INTGRA_DADOS_CONEFI_PEND', 'VIEW'));
  IF v_invalid IS NOT NULL THEN
    RAISE_APPLICATION_ERROR(-20002, 'still INVALID after recompiling: ' || SUBSTR(v_invalid, 1, 3900));
  END IF;
END;
/

PROMPT ==== done ====
EXIT SUCCESS
