CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_HST AS
-- conefi-dbtool: one history per (customer, day): q groups the INC/DES/PRG rows of the last
-- CONEFI_DIAS_REPROC days by the customer of their title (A1_FILIAL by the sharing modes,
-- code, store) and by the day they were queued ('America/Sao_Paulo': the queue
-- stamps rows in that region); the first row of the group is the origin of every line, so
-- four titles of one customer in one day send the history once, and a re-run keeps the keys.
-- History: the customer's titles issued in the 12 months
-- before that day (not on or after it, so a later run adds no line to an old origin).
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
             AND ab.E1_TIPO LIKE '__-%')) - (ROUND(h.E1_SALDO * h.E1_DESCFIN / 100, 2) * 0)) AS VALOR_DEVIDO,
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
  FROM (SELECT MIN(qo.INTDC_ID) AS INTDC_ID,
               MIN(qo.INTDC_DTH_INCL) AS INTDC_DTH_INCL,
               o.E1_CLIENTE,
               o.E1_LOJA,
               '  ' AS FILIAL_SA1
          FROM CONEFI.INTGRA_DADOS_CONEFI qo
          JOIN SIGA.SE1030 o
            ON o.R_E_C_N_O_ = qo.INTDC_NUM_RECNO_SE1
           AND o.D_E_L_E_T_ = ' '
         WHERE qo.INTDC_IND_ACAO IN ('INC', 'DES', 'PRG')
           AND qo.INTDC_DTH_INCL >= (SELECT TRUNC(CAST(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo' AS DATE)) - CONEFI.PKG_CONEFI_PARAM.f_dias_reproc
                                       FROM DUAL)
         GROUP BY o.E1_CLIENTE, o.E1_LOJA, '  ',
                  TO_CHAR(qo.INTDC_DTH_INCL, 'YYYYMMDD')) q
  JOIN SIGA.SE1030 h
    ON h.E1_CLIENTE = q.E1_CLIENTE
   AND h.E1_LOJA = q.E1_LOJA
   AND '  ' = q.FILIAL_SA1
   AND h.D_E_L_E_T_ = ' '
 WHERE h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -12), 'YYYYMMDD')
   AND h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')
   AND h.E1_TIPO NOT LIKE '__-%' AND h.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC', 'TX ', 'TXA', 'ISS', 'IRF', 'INS', 'PIS', 'COF', 'CSL', 'CSS')
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
