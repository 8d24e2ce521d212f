CREATE OR REPLACE VIEW CONEFI.V_CONEFI_MOV_EST AS
-- conefi-dbtool: a reversal is a new SE5 row with the title key and the E5_SEQ of the
-- settlement it reverses; the record carries that settlement's R_E_C_N_O_ and the
-- INTDC_ID of its PGO (empty when the settlement predates INC). Used by the trigger and
-- by the daily catch-up step, like CONEFI.V_CONEFI_MOV_PGO; no GRR exclusion (see there).
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       es.R_E_C_N_O_ AS RECNO_SE5_ESTORNO,
       es.E5_SEQ AS SEQ_BAIXA,
       es.E5_DATA AS DATA_ESTORNO,
       es.E5_VALOR AS VALOR_ESTORNADO,
       (SELECT MIN(o.R_E_C_N_O_)
           FROM SIGA.SE5030 o
          WHERE o.D_E_L_E_T_ = ' '
            AND o.E5_FILIAL = es.E5_FILIAL
            AND o.E5_PREFIXO = es.E5_PREFIXO
            AND o.E5_NUMERO = es.E5_NUMERO
            AND o.E5_PARCELA = es.E5_PARCELA
            AND o.E5_TIPO = es.E5_TIPO
            AND o.E5_CLIFOR = es.E5_CLIFOR
            AND o.E5_LOJA = es.E5_LOJA
            AND o.E5_SEQ = es.E5_SEQ
            AND o.E5_TIPODOC IN ('VL', 'BA', 'CP')) AS RECNO_SE5_ORIGINAL,
       (SELECT MIN(q.INTDC_ID)
           FROM SIGA.SE5030 o
           JOIN CONEFI.INTGRA_DADOS_CONEFI q
             ON q.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(o.R_E_C_N_O_)
          WHERE o.D_E_L_E_T_ = ' '
            AND o.E5_FILIAL = es.E5_FILIAL
            AND o.E5_PREFIXO = es.E5_PREFIXO
            AND o.E5_NUMERO = es.E5_NUMERO
            AND o.E5_PARCELA = es.E5_PARCELA
            AND o.E5_TIPO = es.E5_TIPO
            AND o.E5_CLIFOR = es.E5_CLIFOR
            AND o.E5_LOJA = es.E5_LOJA
            AND o.E5_SEQ = es.E5_SEQ
            AND o.E5_TIPODOC IN ('VL', 'BA', 'CP')) AS ID_FILA_ORIGINAL,
       e1.E1_SALDO AS SALDO,
       'EST:' || TO_CHAR(es.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       es.R_E_C_N_O_ AS CTL_RECNO_SE5,
       (SELECT MIN(q.INTDC_ID)
           FROM SIGA.SE5030 o
           JOIN CONEFI.INTGRA_DADOS_CONEFI q
             ON q.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(o.R_E_C_N_O_)
          WHERE o.D_E_L_E_T_ = ' '
            AND o.E5_FILIAL = es.E5_FILIAL
            AND o.E5_PREFIXO = es.E5_PREFIXO
            AND o.E5_NUMERO = es.E5_NUMERO
            AND o.E5_PARCELA = es.E5_PARCELA
            AND o.E5_TIPO = es.E5_TIPO
            AND o.E5_CLIFOR = es.E5_CLIFOR
            AND o.E5_LOJA = es.E5_LOJA
            AND o.E5_SEQ = es.E5_SEQ
            AND o.E5_TIPODOC IN ('VL', 'BA', 'CP')) AS CTL_ORIGEM,
       es.E5_DTDIGIT AS CTL_DTDIGIT
  FROM SIGA.SE1030 e1
  JOIN SIGA.SE5030 es
    ON es.E5_FILIAL = e1.E1_FILIAL
   AND es.E5_PREFIXO = e1.E1_PREFIXO
   AND es.E5_NUMERO = e1.E1_NUM
   AND es.E5_PARCELA = e1.E1_PARCELA
   AND es.E5_TIPO = e1.E1_TIPO
   AND es.E5_CLIFOR = e1.E1_CLIENTE
   AND es.E5_LOJA = e1.E1_LOJA
 WHERE e1.D_E_L_E_T_ = ' '
   AND e1.E1_XCNFENV IN ('S', 'P')
   AND es.D_E_L_E_T_ = ' '
   AND es.R_E_C_N_O_ > e1.E1_XCNFMOV
   AND es.E5_TIPODOC = 'ES'
   AND es.E5_SITUACA <> 'C';
