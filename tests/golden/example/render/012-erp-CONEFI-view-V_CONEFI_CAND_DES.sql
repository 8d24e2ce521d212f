CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_DES AS
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
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       e1.E1_XCNFVER + 1 AS VERSAO_ENVIO,
       TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD') AS DATA_ALTERACAO,
       'DES:' || TO_CHAR(e1.R_E_C_N_O_) || ':V:' || TO_CHAR((e1.E1_XCNFVER + 1)) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
 WHERE e1.E1_XCNFENV IN ('S', 'P')
   AND e1.D_E_L_E_T_ = ' '
   AND ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
   FROM SIGA.SE1030 ab
  WHERE ab.D_E_L_E_T_ = ' '
    AND ab.E1_FILIAL = e1.E1_FILIAL
    AND ab.E1_PREFIXO = e1.E1_PREFIXO
    AND ab.E1_NUM = e1.E1_NUM
    AND ab.E1_PARCELA = e1.E1_PARCELA
    AND ab.E1_CLIENTE = e1.E1_CLIENTE
    AND ab.E1_LOJA = e1.E1_LOJA
    AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) <> e1.E1_XCNFSLD;
