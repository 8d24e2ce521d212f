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
