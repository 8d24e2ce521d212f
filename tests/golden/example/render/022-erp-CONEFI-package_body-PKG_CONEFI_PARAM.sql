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
