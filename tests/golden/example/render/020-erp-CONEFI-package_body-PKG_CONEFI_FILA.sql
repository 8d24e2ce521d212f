CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_FILA
AS
  -- conefi-dbtool: see the package specification. Generated from conefi_dbtool/layouts.py.

  FUNCTION f_escapar(p_texto IN VARCHAR2) RETURN VARCHAR2 DETERMINISTIC IS
  BEGIN
    RETURN REPLACE(REPLACE(REPLACE(REPLACE(p_texto, '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n');
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
      IF v_c = '\' AND v_i < v_n THEN
        v_i := v_i + 1;
        v_c := SUBSTR(p_dados, v_i, 1);
        IF v_atual = p_posicao THEN
          v_campo := v_campo || CASE v_c WHEN '\' THEN '\' WHEN ';' THEN ';' WHEN 'r' THEN CHR(13) WHEN 'n' THEN CHR(10) END;
        END IF;
      ELSIF v_c = ';' THEN
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
      IF SUBSTR(p_dados, v_i, 1) = '\' THEN
        v_i := v_i + 1;
      ELSIF SUBSTR(p_dados, v_i, 1) = ';' THEN
        v_qtd := v_qtd + 1;
      END IF;
      v_i := v_i + 1;
    END LOOP;
    RETURN v_qtd;
  END f_contar;

  FUNCTION f_qtd_campos(p_acao IN VARCHAR2) RETURN PLS_INTEGER DETERMINISTIC IS
  BEGIN
    RETURN CASE p_acao
             WHEN 'INC' THEN 31
             WHEN 'PGO' THEN 22
             WHEN 'DES' THEN 14
             WHEN 'PRG' THEN 13
             WHEN 'CAN' THEN 11
             WHEN 'HST' THEN 15
             WHEN 'EST' THEN 16
             WHEN 'PRV' THEN 12
             WHEN 'EVT' THEN 5
           END;
  END f_qtd_campos;

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
    p_id_exec   IN  NUMBER DEFAULT NULL) IS
    -- cut in PL/SQL: a VARCHAR2 over 4000 bytes bound into SQL raises ORA-01461 before SUBSTRB runs
    v_obs VARCHAR2(4000) := SUBSTRB(p_obs, 1, 4000);
  BEGIN
    IF f_qtd_campos(p_acao) IS NULL
       OR f_campo(p_dados, 0) IS NULL
       OR f_campo(p_dados, 0) <> p_acao
       OR f_contar(p_dados) <> f_qtd_campos(p_acao) THEN
      RAISE_APPLICATION_ERROR(-20110, 'CONEFI record does not match the layout of '
        || NVL(p_acao, '(null)') || ': ' || SUBSTR(p_dados, 1, 200));
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
      RAISE_APPLICATION_ERROR(-20111, 'CONEFI status must be I or E, got ' || p_status);
    END IF;
    UPDATE CONEFI.INTGRA_DADOS_CONEFI q
       SET q.INTDC_IND_STATUS = p_status,
           q.INTDC_DTH_PROC = CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE),
           q.INTDC_DES_OBS = v_obs
     WHERE q.INTDC_ID = p_id;
    IF SQL%ROWCOUNT = 0 THEN
      RAISE_APPLICATION_ERROR(-20112, 'CONEFI queue row ' || p_id || ' does not exist');
    END IF;
  END p_marcar;
END PKG_CONEFI_FILA;
/
