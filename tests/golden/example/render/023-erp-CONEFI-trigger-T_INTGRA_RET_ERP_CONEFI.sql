CREATE OR REPLACE TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI
  AFTER INSERT ON SGU.INTGRA_RET_ERP
  FOR EACH ROW
  WHEN (NVL(UPPER(TRIM(NEW.INTRE_IND)), ' ') NOT IN ('DEB', 'PAG', 'PLA'))
BEGIN
  -- conefi-dbtool: no COMMIT, no autonomous transaction: the queue row commits or rolls
  -- back with the ERP change. Kinds every rule ignores are skipped by WHEN above.
  CONEFI.PKG_CONEFI_EVENTO.p_receber(
    p_id_evento     => :NEW.INTRE_ID,
    p_tipo          => :NEW.INTRE_IND,
    p_chave         => :NEW.INTRE_DES_CHAVE,
    p_rotina        => :NEW.INTRE_ROTINA_ERP,
    p_ponto_entrada => :NEW.INTRE_PONTO_ENTRADA_ERP);
END;
/
