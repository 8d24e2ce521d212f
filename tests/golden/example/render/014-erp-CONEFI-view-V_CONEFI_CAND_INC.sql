CREATE OR REPLACE VIEW CONEFI.V_CONEFI_CAND_INC AS
-- conefi-dbtool: overdue = real due date (E1_VENCREA) before today in 'America/Sao_Paulo'.
-- The INC step adds the Z99 parameters (grace days, cut-off date) and the idempotency check.
-- Customer: the one SA1 row (its unique key A1_FILIAL+A1_COD+A1_LOJA) with the branch
-- integration.sharing gives the title's customer, so a title never yields two INC rows.
-- GRR link: an HRH row of the title itself (HRH_ALIAS 'SE1', HRH_SOURCE = SE1 key) or of its
-- sales order (HRH_ALIAS 'SC5', HRH_SOURCE = E1_PEDIDO); the latest row of each wins.
SELECT e1.E1_FILIAL AS FILIAL,
       e1.E1_PREFIXO AS PREFIXO,
       e1.E1_NUM AS NUMERO,
       e1.E1_PARCELA AS PARCELA,
       e1.E1_TIPO AS TIPO,
       e1.E1_CLIENTE AS CLIENTE,
       e1.E1_LOJA AS LOJA,
       e1.R_E_C_N_O_ AS RECNO_SE1,
       NVL(a1.A1_NOME, e1.E1_NOMCLI) AS NOME,
       a1.A1_PESSOA AS PESSOA,
       a1.A1_CGC AS CPF_CNPJ,
       a1.A1_EMAIL AS EMAIL,
       a1.A1_DDD AS DDD,
       a1.A1_TEL AS TELEFONE,
       a1.A1_END AS ENDERECO,
       a1.A1_BAIRRO AS BAIRRO,
       a1.A1_MUN AS MUNICIPIO,
       a1.A1_EST AS UF,
       a1.A1_CEP AS CEP,
       e1.E1_EMISSAO AS EMISSAO,
       e1.E1_VENCORI AS VENC_ORIGINAL,
       e1.E1_VENCREA AS VENC_REAL,
       e1.E1_VALOR AS VALOR,
       e1.E1_SALDO AS SALDO,
       e1.E1_SDACRES AS ACRESCIMO,
       e1.E1_SDDECRE AS DECRESCIMO,
       (SELECT NVL(SUM(ab.E1_SALDO), 0)
            FROM SIGA.SE1030 ab
           WHERE ab.D_E_L_E_T_ = ' '
             AND ab.E1_FILIAL = e1.E1_FILIAL
             AND ab.E1_PREFIXO = e1.E1_PREFIXO
             AND ab.E1_NUM = e1.E1_NUM
             AND ab.E1_PARCELA = e1.E1_PARCELA
             AND ab.E1_CLIENTE = e1.E1_CLIENTE
             AND ab.E1_LOJA = e1.E1_LOJA
             AND ab.E1_TIPO LIKE '__-%') AS ABATIMENTOS,
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
       SUBSTR((SELECT SGU.F_COD_FEDERACAO_UNI(e1.E1_CLIENTE) FROM DUAL), 1, 10) AS COD_FEDERACAO,
       NVL(g1.HRH_PLANCD, g2.HRH_PLANCD) AS PLANO_GRR,
       CASE WHEN g1.HRH_PLANCD IS NOT NULL THEN g1.HRH_SUBSID ELSE g2.HRH_SUBSID END AS ASSINATURA_GRR,
       'INC:' || TO_CHAR(e1.R_E_C_N_O_) AS CTL_IDEMP,
       e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO AS CTL_CHAVE,
       e1.R_E_C_N_O_ AS CTL_RECNO,
       (SELECT NVL(MAX(m.R_E_C_N_O_), 0)
           FROM SIGA.SE5030 m
          WHERE m.D_E_L_E_T_ = ' '
            AND m.E5_FILIAL = e1.E1_FILIAL
            AND m.E5_PREFIXO = e1.E1_PREFIXO
            AND m.E5_NUMERO = e1.E1_NUM
            AND m.E5_PARCELA = e1.E1_PARCELA
            AND m.E5_TIPO = e1.E1_TIPO
            AND m.E5_CLIFOR = e1.E1_CLIENTE
            AND m.E5_LOJA = e1.E1_LOJA) AS CTL_RECNO_SE5,
       CAST(NULL AS NUMBER) AS CTL_ORIGEM,
       e1.E1_VENCREA AS CTL_VENCREA
  FROM SIGA.SE1030 e1
  LEFT JOIN SIGA.SA1030 a1
    ON a1.A1_FILIAL = '  '
   AND a1.A1_COD = e1.E1_CLIENTE
   AND a1.A1_LOJA = e1.E1_LOJA
   AND a1.D_E_L_E_T_ = ' '
  LEFT JOIN (SELECT s.HRH_SRCFIL,
                    s.HRH_SOURCE,
                    s.HRH_PLANCD,
                    s.HRH_SUBSID,
                    ROW_NUMBER() OVER (PARTITION BY s.HRH_SRCFIL, s.HRH_SOURCE
                                       ORDER BY s.R_E_C_N_O_ DESC) AS RN
               FROM SIGA.HRH030 s
              WHERE s.D_E_L_E_T_ = ' '
                AND s.HRH_ALIAS = 'SE1') g1
    ON g1.RN = 1
   AND g1.HRH_SRCFIL = RPAD(e1.E1_FILIAL, 8)
   AND g1.HRH_SOURCE = RPAD(e1.E1_FILIAL || e1.E1_PREFIXO || e1.E1_NUM || e1.E1_PARCELA || e1.E1_TIPO, 30)
  LEFT JOIN (SELECT s.HRH_SRCFIL,
                    s.HRH_SOURCE,
                    s.HRH_PLANCD,
                    s.HRH_SUBSID,
                    ROW_NUMBER() OVER (PARTITION BY s.HRH_SRCFIL, s.HRH_SOURCE
                                       ORDER BY s.R_E_C_N_O_ DESC) AS RN
               FROM SIGA.HRH030 s
              WHERE s.D_E_L_E_T_ = ' '
                AND s.HRH_ALIAS = 'SC5') g2
    ON g2.RN = 1
   AND g2.HRH_SRCFIL = RPAD(e1.E1_FILIAL, 8)
   AND e1.E1_PEDIDO <> '      '
   AND g2.HRH_SOURCE = RPAD(e1.E1_PEDIDO, 30)
 WHERE e1.D_E_L_E_T_ = ' '
   AND e1.E1_XCNFENV = ' '
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
   AND e1.E1_VENCREA < TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD')
   AND e1.E1_TIPO NOT LIKE '__-%' AND e1.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC', 'TX ', 'TXA', 'ISS', 'IRF', 'INS', 'PIS', 'COF', 'CSL', 'CSS')
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
