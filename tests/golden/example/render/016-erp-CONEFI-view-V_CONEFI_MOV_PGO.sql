CREATE OR REPLACE VIEW CONEFI.V_CONEFI_MOV_PGO AS
-- conefi-dbtool: used by the trigger (WHERE CTL_RECNO = the event's title) and by the daily
-- catch-up step (every title): the idempotency key makes both produce each PGO once.
-- Movements up to E1_XCNFMOV were already reflected in the INC balance.
-- No GRR exclusion here on purpose: a title in collection paid through GRR must still
-- tell CONEFI it was paid.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e5.R_E_C_N_O_ AS RECNO_SE5,
       e5.E5_SEQ AS SEQ_BAIXA,
       e5.E5_DATA AS DATA_PAGAMENTO,
       e5.E5_VALOR AS VALOR_PAGO,
       e5.E5_MOTBX AS MOTIVO_BAIXA,
       e1.E1_SALDO AS SALDO,
       CASE WHEN e1.E1_SALDO > 0 THEN 'P' ELSE 'T' END AS TIPO_PAGAMENTO,
       'PGO:' || TO_CHAR(e5.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       e5.R_E_C_N_O_ AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM,
       e5.E5_DTDIGIT AS CTL_DTDIGIT
  FROM SIGA.SE1030 e1
  JOIN SIGA.SE5030 e5
    ON e5.E5_FILIAL = e1.E1_FILIAL
   AND e5.E5_PREFIXO = e1.E1_PREFIXO
   AND e5.E5_NUMERO = e1.E1_NUM
   AND e5.E5_PARCELA = e1.E1_PARCELA
   AND e5.E5_TIPO = e1.E1_TIPO
   AND e5.E5_CLIFOR = e1.E1_CLIENTE
   AND e5.E5_LOJA = e1.E1_LOJA
 WHERE e1.D_E_L_E_T_ = ' '
   AND e1.E1_XCNFENV IN ('S', 'P')
   AND e5.D_E_L_E_T_ = ' '
   AND e5.R_E_C_N_O_ > e1.E1_XCNFMOV
   AND e5.E5_RECPAG = 'R'
   AND e5.E5_TIPODOC IN ('VL', 'BA', 'CP')
   AND e5.E5_SITUACA <> 'C';
