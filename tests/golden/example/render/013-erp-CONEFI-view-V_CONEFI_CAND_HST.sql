CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_HST AS
-- conefi-dbtool: one line per (origin queue row, customer title issued in the
-- 12 months before it). The HST step limits the origins
-- to the last CONEFI_DIAS_REPROC days and skips keys already queued. Titles issued on or
-- after the origin's day are not its history: without that bound a later run (or a re-run
-- the same day) would add lines for titles issued since.
SELECT q.INTDC_ID AS ID_ORIGEM,
       h.E1_CLIENTE AS CLIENTE,
       h.E1_LOJA AS LOJA,
       h.E1_FILIAL AS FILIAL,
       h.E1_PREFIXO AS PREFIXO,
       h.E1_NUM AS NUMERO,
       h.E1_PARCELA AS PARCELA,
       h.E1_TIPO AS TIPO,
       h.E1_EMISSAO AS EMISSAO,
       h.E1_VENCREA AS VENCIMENTO,
       h.E1_BAIXA AS DATA_BAIXA,
       h.E1_VALOR AS VALOR,
       h.R_E_C_N_O_ AS RECNO_SE1,
       ((((h.E1_SALDO + h.E1_SDACRES) - h.E1_SDDECRE) - (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = h.E1_FILIAL
             AND ab.E1_PREFIXO = h.E1_PREFIXO
             AND ab.E1_NUM = h.E1_NUM
             AND ab.E1_PARCELA = h.E1_PARCELA
             AND ab.E1_CLIENTE = h.E1_CLIENTE
             AND ab.E1_LOJA = h.E1_LOJA
             AND ab.E1_TIPO IN ('AB-', 'IR-', 'PI-', 'CF-', 'CS-', 'IS-', 'IN-', 'FU-', 'FB-', 'FC-', 'FE-', 'I2-'))) - (ROUND(h.E1_SALDO * h.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
       CASE WHEN h.E1_VENCREA <> '        ' THEN
           GREATEST(0, CASE WHEN h.E1_SALDO = 0 AND h.E1_BAIXA <> '        '
                            THEN TO_DATE(h.E1_BAIXA, 'YYYYMMDD')
                            ELSE TO_DATE(TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD'), 'YYYYMMDD') END
                       - TO_DATE(h.E1_VENCREA, 'YYYYMMDD'))
         END AS DIAS_ATRASO,
       'HST:' || TO_CHAR(q.INTDC_ID) || ':' || TO_CHAR(h.R_E_C_N_O_) AS CTL_IDEMP,
       h.E1_FILIAL || h.E1_PREFIXO || h.E1_NUM || h.E1_PARCELA || h.E1_TIPO AS CTL_CHAVE,
       h.R_E_C_N_O_ AS CTL_RECNO,
       CAST(NULL AS NUMBER) AS CTL_RECNO_SE5,
       q.INTDC_ID AS CTL_ORIGEM,
       q.INTDC_DTH_INCL AS CTL_DTH_ORIGEM
  FROM CONEFI.INTGRA_DADOS_CONEFI q
  JOIN SIGA.SE1030 o
    ON o.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE1
   AND o.D_E_L_E_T_ = ' '
  JOIN SIGA.SE1030 h
    ON h.E1_CLIENTE = o.E1_CLIENTE
   AND h.E1_LOJA = o.E1_LOJA
   AND h.D_E_L_E_T_ = ' '
 WHERE q.INTDC_IND_ACAO IN ('INC', 'DES', 'PRG')
   AND q.INTDC_IND_STATUS <> 'E'
   AND h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -12), 'YYYYMMDD')
   AND h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')
   AND h.E1_TIPO NOT LIKE '%-' AND h.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC')
   AND h.E1_PREFIXO <> 'GRR'
   AND NOT EXISTS (SELECT 1
                     FROM SIGA.SE5030 grr
                    WHERE grr.D_E_L_E_T_ = ' '
                      AND grr.E5_FILIAL = h.E1_FILIAL
                      AND grr.E5_PREFIXO = h.E1_PREFIXO
                      AND grr.E5_NUMERO = h.E1_NUM
                      AND grr.E5_PARCELA = h.E1_PARCELA
                      AND grr.E5_TIPO = h.E1_TIPO
                      AND grr.E5_CLIFOR = h.E1_CLIENTE
                      AND grr.E5_LOJA = h.E1_LOJA
                      AND grr.E5_MOTBX = 'GRR'
                      AND grr.E5_SITUACA <> 'C');
