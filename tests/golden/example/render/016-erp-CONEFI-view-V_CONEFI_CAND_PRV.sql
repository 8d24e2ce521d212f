CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_PRV AS
-- conefi-dbtool: a PRG set E1_XCNFENV = 'P'; once E1_VENCREA is overdue again by the same
-- rule as INC (before today minus CONEFI_DIAS_CARENCIA) the title is back in collection:
-- PRV, and the PRV step sets the state back to 'S'.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       e1.E1_VENCREA AS VENC_REAL,
       e1.E1_VENCORI AS VENC_ORIGINAL,
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
       TO_DATE(TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD'), 'YYYYMMDD') - TO_DATE(e1.E1_VENCREA, 'YYYYMMDD') AS DIAS_ATRASO,
       'PRV:' || TO_CHAR(e1.R_E_C_N_O_) || ':V:' || TO_CHAR(e1.E1_XCNFVER) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM
  FROM SIGA.SE1030 e1
 WHERE e1.D_E_L_E_T_ = ' '
   AND e1.E1_XCNFENV = 'P'
   AND e1.E1_SALDO > 0
   AND ((((e1.E1_SALDO + e1.E1_SDACRES) - e1.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
   FROM SIGA.SE1030 ab
  WHERE ab.D_E_L_E_T_ = ' '
    AND ab.E1_FILIAL = e1.E1_FILIAL
    AND ab.E1_PREFIXO = e1.E1_PREFIXO
    AND ab.E1_NUM = e1.E1_NUM
    AND ab.E1_PARCELA = e1.E1_PARCELA
    AND ab.E1_CLIENTE = e1.E1_CLIENTE
    AND ab.E1_LOJA = e1.E1_LOJA
    AND ab.E1_TIPO LIKE '__-%')) - (ROUND(e1.E1_SALDO * e1.E1_DESCFIN / 100, 2) * 0)) > 0
   AND e1.E1_VENCREA <> '        '
   AND e1.E1_VENCREA < (SELECT CONEFI.PKG_CONEFI_PARAM.f_vencido_antes FROM DUAL)
   AND e1.E1_PREFIXO <> 'GRR'
   AND NOT EXISTS (SELECT 1
                     FROM SIGA.SE5030 grr
                    WHERE grr.D_E_L_E_T_ = ' '
                      AND grr.E5_FILIAL = e1.E1_FILIAL
                      AND grr.E5_PREFIXO = e1.E1_PREFIXO
                      AND grr.E5_NUMERO = e1.E1_NUM
                      AND grr.E5_PARCELA = e1.E1_PARCELA
                      AND grr.E5_TIPO = e1.E1_TIPO
                      AND grr.E5_CLIFOR = e1.E1_CLIENTE
                      AND grr.E5_LOJA = e1.E1_LOJA
                      AND grr.E5_MOTBX = 'GRR'
                      AND grr.E5_SITUACA <> 'C');
