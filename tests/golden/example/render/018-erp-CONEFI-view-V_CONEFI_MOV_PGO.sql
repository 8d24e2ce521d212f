CREATE OR REPLACE VIEW CONEFI.V_CONEFI_MOV_PGO AS
-- conefi-dbtool: used by the trigger (WHERE CTL_RECNO = the event's title) and by the daily
-- reconciliation (every title): the key PGO:<SE5 R_E_C_N_O_> makes both produce each
-- payment once. The condition is the PGO rule of conefi_dbtool/layouts/reconcile.py:
-- payment types ('VL', 'BA', 'CP', 'V2', E5_RECPAG 'R'), live, not cancelled and not
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
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       CASE WHEN ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) > 0 THEN 'P' ELSE 'T' END AS TIPO_PAGAMENTO,
       e1.E1_NUMLIQ AS NUM_LIQUIDACAO,
       e1.E1_FATURA AS FATURA,
       'PGO:' || TO_CHAR(e5.R_E_C_N_O_) AS CTL_IDEMP,
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
 WHERE e1.E1_XCNFENV IN ('S', 'P')
   AND e1.D_E_L_E_T_ = ' '
   AND e5.E5_RECPAG = 'R'
   AND e5.E5_TIPODOC IN ('VL', 'BA', 'CP', 'V2')
   AND e5.D_E_L_E_T_ = ' '
   AND e5.E5_SITUACA NOT IN ('C', 'E', 'X')
   AND (SELECT MIN(es.R_E_C_N_O_)
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
    AND es.R_E_C_N_O_ > e5.R_E_C_N_O_) IS NULL
   AND e5.R_E_C_N_O_ > e1.E1_XCNFMOV;
