CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_CONEFI_EVENTO
AS
  -- conefi-dbtool: see the package specification. Every producer is one INSERT ... SELECT
  -- whose record is generated from the layout (conefi_dbtool/layouts.py); the unique
  -- idempotency key makes a repeated event (or the daily catch-up) queue nothing new.

  -- ORA-00060: this ERP session holds the title's SE1 row and waits on a key the daily job
  -- queued, while the job waits on that row. Oracle undoes one statement of one of them; when
  -- it is this INSERT, the rule gives the title to the job (which sees the change) instead
  -- of failing the ERP's transaction (docs/integration-design.md §11.2.1).
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
    IF v_tipo = 'REC' AND v_rotina = 'FINA070' AND v_ponto = 'FA070CAN' THEN
      RETURN 'EST';
    END IF;
    -- integration.events[1]: REC / FINA070 / * -> PGO
    IF v_tipo = 'REC' AND v_rotina = 'FINA070' THEN
      RETURN 'PGO';
    END IF;
    -- integration.events[2]: REC / FINA040 / * -> ALT
    IF v_tipo = 'REC' AND v_rotina = 'FINA040' THEN
      RETURN 'ALT';
    END IF;
    -- integration.events[3]: PAG / * / * -> IGNORE
    IF v_tipo = 'PAG' THEN
      RETURN 'IGNORE';
    END IF;
    -- integration.events[4]: DEB / * / * -> IGNORE
    IF v_tipo = 'DEB' THEN
      RETURN 'IGNORE';
    END IF;
    -- integration.events[5]: PLA / * / * -> IGNORE
    IF v_tipo = 'PLA' THEN
      RETURN 'IGNORE';
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
    SELECT 'EVT' || ';'
           || TO_CHAR(c.ID_EVENTO, 'FM999999999999999990') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.TIPO_EVENTO), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.ROTINA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.PONTO_ENTRADA), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n') || ';'
           || REPLACE(REPLACE(REPLACE(REPLACE(RTRIM(c.CHAVE), '\', '\\'), ';', '\;'), CHR(13), '\r'), CHR(10), '\n'),
           c.CTL_IDEMP
      INTO v_dados, v_idemp
      FROM (SELECT p_id_evento AS ID_EVENTO,
                   SUBSTR(p_tipo, 1, 10) AS TIPO_EVENTO,
                   SUBSTR(p_rotina, 1, 30) AS ROTINA,
                   SUBSTR(p_ponto_entrada, 1, 30) AS PONTO_ENTRADA,
                   SUBSTR(p_chave, 1, 100) AS CHAVE,
                   'EVT:' || NVL(TO_CHAR(p_id_evento), RAWTOHEX(SYS_GUID())) AS CTL_IDEMP,
                   CAST(NULL AS VARCHAR2(100)) AS CTL_CHAVE,
                   CAST(NULL AS NUMBER) AS CTL_RECNO,
                   CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
                   CAST(NULL AS NUMBER) AS CTL_ORIGEM
              FROM DUAL) c;
    CONEFI.PKG_CONEFI_FILA.p_enfileirar(
      p_acao      => 'EVT',
      p_dados     => v_dados,
      p_idemp     => v_idemp,
      p_inserido  => v_inserido,
      p_status    => 'E',
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
    IF NOT REGEXP_LIKE(TRIM(p_chave), '^[0-9]{1,18}$') THEN
      RETURN NULL;
    END IF;
    v_numero := TO_NUMBER(TRIM(p_chave));
    -- integration.event_key = "se1_recno": the key is the title's R_E_C_N_O_.
    SELECT MAX(CASE WHEN e1.D_E_L_E_T_ = ' ' THEN e1.R_E_C_N_O_ END),
           COUNT(CASE WHEN e1.D_E_L_E_T_ = '*' THEN 1 END)
      INTO v_recno, v_mortos
      FROM SIGA.SE1030 e1
     WHERE e1.R_E_C_N_O_ = v_numero
       AND e1.D_E_L_E_T_ IN (' ', '*');
    p_apagado := v_recno IS NULL AND v_mortos > 0;
    RETURN v_recno;
  END f_titulo;

  -- PGO on the event's title: the PGO rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title's sent state.
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
            AND m.D_E_L_E_T_ IN (' ', '*')
          WHERE q.INTDC_IND_ACAO = 'PGO'
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno)
       WHERE e1.D_E_L_E_T_ = ' '
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = 'PGO'
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

  -- EST on the event's title: the EST rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title's sent state.
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
            AND m.D_E_L_E_T_ IN (' ', '*')
          WHERE q.INTDC_IND_ACAO = 'EST'
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno)
       WHERE e1.D_E_L_E_T_ = ' '
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = 'EST'
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

  -- PRG on the event's title: the PRG rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title's sent state.
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
         SET e1.E1_XCNFVEN = (SELECT MAX(RPAD(NVL(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 10), ' '), 8))
           FROM CONEFI.INTGRA_DADOS_CONEFI q
          WHERE q.INTDC_IND_ACAO = 'PRG'
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno),
             e1.E1_XCNFENV = 'P',
             e1.E1_XCNFVER = (e1.E1_XCNFVER + 1)
       WHERE e1.D_E_L_E_T_ = ' '
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = 'PRG'
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

  -- DES on the event's title: the DES rule of conefi_dbtool/layouts/reconcile.py
  -- (the view the daily reconciliation also reads), then the title's sent state.
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
         SET e1.E1_XCNFSLD = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 12), '999999999999999990.00'))
           FROM CONEFI.INTGRA_DADOS_CONEFI q
          WHERE q.INTDC_IND_ACAO = 'DES'
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno),
             e1.E1_XCNFVLR = (SELECT MAX(TO_NUMBER(CONEFI.PKG_CONEFI_FILA.f_campo(q.INTDC_DADOS, 10), '999999999999999990.00'))
           FROM CONEFI.INTGRA_DADOS_CONEFI q
          WHERE q.INTDC_IND_ACAO = 'DES'
            AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_
            AND q.INTDC_ID_EVENTO = p_id_evento
              AND q.INTDC_NUM_RECNO_SE1 = p_recno),
             e1.E1_XCNFVER = (e1.E1_XCNFVER + 1)
       WHERE e1.D_E_L_E_T_ = ' '
         AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1
                                 FROM CONEFI.INTGRA_DADOS_CONEFI q
                                WHERE q.INTDC_IND_ACAO = 'DES'
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

  -- An event re-checks its title in the rules' order: payments and reversals first (so a
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
    IF p_acao NOT IN ('PGO', 'EST') THEN
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
    v_acao    VARCHAR2(10);
    v_recno   NUMBER;
    v_apagado BOOLEAN;
  BEGIN
    IF p_id_evento IS NULL THEN
      p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                 'event without id (INTRE_ID is NULL)');
      RETURN;
    END IF;
    v_acao := f_acao(p_tipo, p_rotina, p_ponto_entrada);
    IF v_acao IS NULL THEN
      p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                 'no rule of integration.events maps this kind/routine/entry point');
      RETURN;
    ELSIF v_acao = 'IGNORE' THEN
      RETURN;
    END IF;
    v_recno := f_titulo(p_chave, v_apagado);
    IF v_recno IS NULL THEN
      IF NOT v_apagado THEN
        p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                   v_acao || ': the event key is not the R_E_C_N_O_ of an SE1 title');
      END IF;
      RETURN;
    END IF;
    CASE
      WHEN v_acao IN ('PGO', 'EST', 'DES', 'PRG', 'ALT') THEN
        p_reconciliar(p_id_evento, v_recno, v_acao);
      ELSE
        p_rejeitar(p_id_evento, p_tipo, p_chave, p_rotina, p_ponto_entrada,
                   'action ' || v_acao || ' cannot come from an ERP event');
    END CASE;
  END p_receber;
END PKG_CONEFI_EVENTO;
/
