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
