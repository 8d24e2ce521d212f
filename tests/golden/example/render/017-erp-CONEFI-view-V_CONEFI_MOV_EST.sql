CREATE OR REPLACE VIEW CONEFI.V_CONEFI_MOV_EST AS
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
           WHERE es.D_E_L_E_T_ = ' '
             AND es.E5_FILIAL = e5.E5_FILIAL
             AND es.E5_PREFIXO = e5.E5_PREFIXO
             AND es.E5_NUMERO = e5.E5_NUMERO
             AND es.E5_PARCELA = e5.E5_PARCELA
             AND es.E5_TIPO = e5.E5_TIPO
             AND es.E5_CLIFOR = e5.E5_CLIFOR
             AND es.E5_LOJA = e5.E5_LOJA
             AND es.E5_SEQ = e5.E5_SEQ
             AND es.E5_TIPODOC = 'ES'
             AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) AS RECNO_SE5_ESTORNO,
       e5.E5_SEQ AS SEQ_BAIXA,
       NVL((SELECT MIN(x.E5_DATA)
                FROM SIGA.SE5030 x
               WHERE x.D_E_L_E_T_ = ' '
                 AND x.R_E_C_N_O_ = (SELECT MIN(es.R_E_C_N_O_)
            FROM SIGA.SE5030 es
           WHERE es.D_E_L_E_T_ = ' '
             AND es.E5_FILIAL = e5.E5_FILIAL
             AND es.E5_PREFIXO = e5.E5_PREFIXO
             AND es.E5_NUMERO = e5.E5_NUMERO
             AND es.E5_PARCELA = e5.E5_PARCELA
             AND es.E5_TIPO = e5.E5_TIPO
             AND es.E5_CLIFOR = e5.E5_CLIFOR
             AND es.E5_LOJA = e5.E5_LOJA
             AND es.E5_SEQ = e5.E5_SEQ
             AND es.E5_TIPODOC = 'ES'
             AND es.R_E_C_N_O_ > e5.R_E_C_N_O_)), TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD')) AS DATA_ESTORNO,
       e5.E5_VALOR AS VALOR_ESTORNADO,
       e5.R_E_C_N_O_ AS RECNO_SE5_ORIGINAL,
       (SELECT MIN(q.INTDC_ID)
            FROM CONEFI.INTGRA_DADOS_CONEFI q
           WHERE q.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(e5.R_E_C_N_O_)) AS ID_FILA_ORIGINAL,
       (((e5.E5_VALOR - e5.E5_VLJUROS) - e5.E5_VLMULTA) + e5.E5_VLDESCO) AS VALOR_BAIXADO,
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
       'EST:P:' || TO_CHAR(e5.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       e5.R_E_C_N_O_ AS CTL_RECNO_SE5,
       (SELECT MIN(q.INTDC_ID)
            FROM CONEFI.INTGRA_DADOS_CONEFI q
           WHERE q.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(e5.R_E_C_N_O_)) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
  JOIN SIGA.SE5030 e5
    ON e5.E5_FILIAL = e1.E1_FILIAL
   AND e5.E5_PREFIXO = e1.E1_PREFIXO
   AND e5.E5_NUMERO = e1.E1_NUM
   AND e5.E5_PARCELA = e1.E1_PARCELA
   AND e5.E5_TIPO = e1.E1_TIPO
   AND e5.E5_CLIFOR = e1.E1_CLIENTE
   AND e5.E5_LOJA = e1.E1_LOJA
 WHERE e1.E1_XCNFENV IN ('S', 'P')
   AND e1.D_E_L_E_T_ = ' '
   AND e5.E5_RECPAG = 'R'
   AND e5.E5_TIPODOC IN ('VL', 'BA', 'CP', 'V2')
   AND CASE WHEN EXISTS (SELECT 1 FROM CONEFI.INTGRA_DADOS_CONEFI ql WHERE ql.INTDC_DES_IDEMP = 'EST:' || TO_CHAR((SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = ' '
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = 'ES'
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_))) THEN 'S' ELSE 'N' END = 'N'
   AND ((CASE WHEN EXISTS (SELECT 1 FROM CONEFI.INTGRA_DADOS_CONEFI qp WHERE qp.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(e5.R_E_C_N_O_)) THEN 'S' ELSE 'N' END = 'S' AND (e5.E5_SITUACA IN ('C', 'E', 'X') OR e5.D_E_L_E_T_ = '*' OR (SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = ' '
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = 'ES'
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) IS NOT NULL)) OR (e5.R_E_C_N_O_ <= e1.E1_XCNFMOV AND (SELECT MIN(es.R_E_C_N_O_)
   FROM SIGA.SE5030 es
  WHERE es.D_E_L_E_T_ = ' '
    AND es.E5_FILIAL = e5.E5_FILIAL
    AND es.E5_PREFIXO = e5.E5_PREFIXO
    AND es.E5_NUMERO = e5.E5_NUMERO
    AND es.E5_PARCELA = e5.E5_PARCELA
    AND es.E5_TIPO = e5.E5_TIPO
    AND es.E5_CLIFOR = e5.E5_CLIFOR
    AND es.E5_LOJA = e5.E5_LOJA
    AND es.E5_SEQ = e5.E5_SEQ
    AND es.E5_TIPODOC = 'ES'
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) > e1.E1_XCNFMOV));
