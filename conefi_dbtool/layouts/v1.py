"""Layout version 1: the records as CONEFI received them before issue 17.

Kept field for field (names, order, sources) so that rows still pending in this format
decode, and a target can stay on it (``integration.money.layout_version = 1``) until
CONEFI reads version 2. What changed under it is logic, not fields: the idempotency keys
and the job steps come from the reconciliation rules (`model.reconciled`), and EST is
about the settlement undone (any of the three ways), its reversal row when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping

from conefi_dbtool.layouts.model import (
    BASELINE_MOVEMENT,
    DAYS_LATE_HISTORY,
    EVENT,
    JOB,
    ORIGINAL_QUEUE_ID,
    PRV_KEY,
    PRV_KEY_DOC,
    REVERSAL_DATE,
    REVERSAL_RECNO,
    Layout,
    LayoutField,
    key_fields,
    reconciled,
)
from conefi_dbtool.layouts.wire import INTEGER_DIGITS

# The title's original due date: the same field in every record that reports it (v2's too).
ORIGINAL_DUE = LayoutField("venc_original", "D", "e1.E1_VENCORI", "Original due date (E1_VENCORI)",
                           "20240205")


def _title_change(action: str, meaning: str, values: tuple[LayoutField, ...]) -> Layout:
    """A change reported on a title: its key, the values, the day (key from the rules)."""
    return Layout(
        action, meaning, "trigger", (*EVENT, f"V_CONEFI_CAND_{action}", *JOB), {"e1": "SE1"},
        (
            *key_fields("e1"),
            *values,
            LayoutField("data_alteracao", "D", "{today}", "Date of the change", "20240312", size=8),
        ),
        "", "",
    )


LAYOUTS_V1: Mapping[str, Layout] = {
    layout.action: reconciled(layout)
    for layout in (
        Layout(
            "INC", "Title became overdue: its data, customer and GRR subscription",
            "job", (*JOB, "V_CONEFI_CAND_INC"), {"e1": "SE1", "a1": "SA1", "g1": "HRH", "g2": "HRH"},
            (
                *key_fields("e1"),
                LayoutField("cliente", "C", "e1.E1_CLIENTE", "Customer code (E1_CLIENTE)", "000123"),
                LayoutField("loja", "C", "e1.E1_LOJA", "Customer store (E1_LOJA)", "01"),
                LayoutField("nome", "C", "NVL(a1.A1_NOME, e1.E1_NOMCLI)",
                            "Customer name (A1_NOME; E1_NOMCLI without SA1 row)",
                            "JOSÉ DA SILVA; FILHO", size=40),
                LayoutField("pessoa", "C", "a1.A1_PESSOA", "F person / J company (A1_PESSOA)", "F"),
                LayoutField("cpf_cnpj", "C", "a1.A1_CGC", "CPF/CNPJ (A1_CGC)", "12345678909"),
                LayoutField("email", "C", "a1.A1_EMAIL", "E-mail (A1_EMAIL)", "jose@example.com"),
                LayoutField("ddd", "C", "a1.A1_DDD", "Phone area code (A1_DDD)", "051"),
                LayoutField("telefone", "C", "a1.A1_TEL", "Phone (A1_TEL)", "33334444"),
                LayoutField("endereco", "C", "a1.A1_END", "Address (A1_END)", "RUA DAS FLORES, 10"),
                LayoutField("bairro", "C", "a1.A1_BAIRRO", "District (A1_BAIRRO)", "CENTRO"),
                LayoutField("municipio", "C", "a1.A1_MUN", "City (A1_MUN)", "PORTO ALEGRE"),
                LayoutField("uf", "C", "a1.A1_EST", "State (A1_EST)", "RS"),
                LayoutField("cep", "C", "a1.A1_CEP", "Postal code (A1_CEP)", "90000000"),
                LayoutField("emissao", "D", "e1.E1_EMISSAO", "Issue date (E1_EMISSAO)", "20240105"),
                ORIGINAL_DUE,
                LayoutField("venc_real", "D", "e1.E1_VENCREA",
                            "Real due date (E1_VENCREA)", "20240205"),
                LayoutField("valor", "N", "e1.E1_VALOR", "Title value (E1_VALOR)", "1500.00",
                            decimals=2),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance (E1_SALDO)", "1500.00",
                            decimals=2),
                LayoutField("cod_federacao", "C",
                            "SUBSTR((SELECT {sgu}.F_COD_FEDERACAO_UNI(e1.E1_CLIENTE) FROM DUAL), 1, 10)",
                            "SGU federation code (SGU.F_COD_FEDERACAO_UNI of the customer)",
                            "0001", size=10),
                LayoutField("plano_grr", "C", "NVL(g1.HRH_PLANCD, g2.HRH_PLANCD)",
                            "GRR plan code (HRH_PLANCD) when the title belongs to a subscription",
                            "", size=6),
                LayoutField("assinatura_grr", "C",
                            "CASE WHEN g1.HRH_PLANCD IS NOT NULL THEN g1.HRH_SUBSID "
                            "ELSE g2.HRH_SUBSID END",
                            "GRR subscription id (HRH_SUBSID)", "", size=36),
                LayoutField("recno_se1", "I", "e1.R_E_C_N_O_", "SE1 R_E_C_N_O_ of the title",
                            "1853173", size=INTEGER_DIGITS),
            ),
            "'INC:' || TO_CHAR(e1.R_E_C_N_O_)",
            "INC:<SE1 R_E_C_N_O_> — a title enters collection once",
            movement=BASELINE_MOVEMENT,
            extra=(("CTL_VENCREA", "e1.E1_VENCREA"),),
        ),
        Layout(
            "PGO", "Payment (total or partial) of a title in collection",
            "trigger", (*EVENT, "V_CONEFI_MOV_PGO", *JOB), {"e1": "SE1", "e5": "SE5"},
            (
                *key_fields("e1"),
                LayoutField("recno_se5", "I", "e5.R_E_C_N_O_", "SE5 R_E_C_N_O_ of the payment",
                            "998877", size=INTEGER_DIGITS),
                LayoutField("seq_baixa", "C", "e5.E5_SEQ", "Settlement sequence (E5_SEQ)", "01"),
                LayoutField("data_pagamento", "D", "e5.E5_DATA", "Payment date (E5_DATA)",
                            "20240310"),
                LayoutField("valor_pago", "N", "e5.E5_VALOR", "Amount paid (E5_VALOR)", "500.00",
                            decimals=2),
                LayoutField("motivo_baixa", "C", "e5.E5_MOTBX", "Settlement reason (E5_MOTBX)",
                            "NOR"),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance after the payment (E1_SALDO)",
                            "1000.00", decimals=2),
                LayoutField("tipo_pagamento", "C",
                            "CASE WHEN e1.E1_SALDO > 0 THEN 'P' ELSE 'T' END",
                            "T total (nothing left) / P partial", "P", size=1),
            ),
            "", "",
            movement="e5.R_E_C_N_O_",
        ),
        _title_change(
            "DES", "Value of a title in collection changed (old/new value and balance)",
            (
                LayoutField("valor_anterior", "N", "e1.{sent_value}", "Value last sent",
                            "1500.00", decimals=2),
                LayoutField("valor_novo", "N", "e1.E1_VALOR", "New value (E1_VALOR)", "1400.00",
                            decimals=2),
                LayoutField("saldo_anterior", "N", "e1.{sent_balance}", "Balance last sent",
                            "1500.00", decimals=2),
                LayoutField("saldo_novo", "N", "e1.E1_SALDO", "New balance (E1_SALDO)", "1400.00",
                            decimals=2),
            ),
        ),
        _title_change(
            "PRG", "Due date of a title in collection extended (prorrogação)",
            (
                LayoutField("venc_anterior", "D", "e1.{sent_due}", "Due date last sent",
                            "20240205"),
                LayoutField("venc_novo", "D", "e1.E1_VENCREA", "New real due date (E1_VENCREA)",
                            "20240405"),
                ORIGINAL_DUE,
            ),
        ),
        Layout(
            "CAN", "Title in collection was cancelled (deleted in Protheus)",
            "job", (*JOB, "V_CONEFI_CAND_CAN"), {"e1": "SE1"},
            (
                *key_fields("e1"),
                LayoutField("data_cancelamento", "D", "{today}",
                            "Date the cancellation was detected", "20240313", size=8),
                LayoutField("valor", "N", "e1.E1_VALOR", "Title value (E1_VALOR)", "1500.00",
                            decimals=2),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance when cancelled", "1500.00",
                            decimals=2),
            ),
            "", "",
        ),
        Layout(
            "HST", "One title of the customer's last months, after an INC, DES or PRG",
            "job", (*JOB, "V_CONEFI_CAND_HST"), {"h": "SE1"},
            (
                LayoutField("id_origem", "I", "q.INTDC_ID",
                            "INTDC_ID of the INC/DES/PRG record this history belongs to",
                            "1001", size=INTEGER_DIGITS),
                LayoutField("cliente", "C", "h.E1_CLIENTE", "Customer code (E1_CLIENTE)", "000123"),
                LayoutField("loja", "C", "h.E1_LOJA", "Customer store (E1_LOJA)", "01"),
                *key_fields("h"),
                LayoutField("emissao", "D", "h.E1_EMISSAO", "Issue date (E1_EMISSAO)", "20231105"),
                LayoutField("vencimento", "D", "h.E1_VENCREA", "Real due date (E1_VENCREA)",
                            "20231205"),
                LayoutField("data_baixa", "D", "h.E1_BAIXA",
                            "Last settlement date (E1_BAIXA; empty if none)", "20231210"),
                LayoutField("valor", "N", "h.E1_VALOR", "Title value (E1_VALOR)", "1500.00",
                            decimals=2),
                LayoutField("saldo", "N", "h.E1_SALDO", "Balance (E1_SALDO)", "0.00", decimals=2),
                LayoutField("dias_atraso", "I", DAYS_LATE_HISTORY,
                            "Days late: settlement (or today, if open) minus real due date",
                            "5", size=6),
            ),
            "'HST:' || TO_CHAR(q.INTDC_ID) || ':' || TO_CHAR(h.R_E_C_N_O_)",
            "HST:<origin INTDC_ID>:<SE1 R_E_C_N_O_> — one line per title per originating record",
            title="h",
            origin="q.INTDC_ID",
            extra=(("CTL_DTH_ORIGEM", "q.INTDC_DTH_INCL"),),
        ),
        Layout(
            "EST", "Reversal (estorno) of a settlement of a title in collection",
            "trigger", (*EVENT, "V_CONEFI_MOV_EST", *JOB), {"e1": "SE1", "e5": "SE5"},
            (
                *key_fields("e1"),
                LayoutField("recno_se5_estorno", "I", REVERSAL_RECNO,
                            "SE5 R_E_C_N_O_ of the reversal row (E5_TIPODOC = 'ES'); empty when "
                            "the settlement was cancelled (E5_SITUACA) or deleted", "998900",
                            size=INTEGER_DIGITS),
                LayoutField("seq_baixa", "C", "e5.E5_SEQ",
                            "Settlement sequence reversed (E5_SEQ)", "01"),
                LayoutField("data_estorno", "D", REVERSAL_DATE,
                            "Reversal date (E5_DATA of the ES row; else the day it was seen)",
                            "20240315", size=8),
                LayoutField("valor_estornado", "N", "e5.E5_VALOR",
                            "Amount reversed (E5_VALOR of the settlement)", "500.00", decimals=2),
                LayoutField("recno_se5_original", "I", "e5.R_E_C_N_O_",
                            "SE5 R_E_C_N_O_ of the settlement reversed", "998877",
                            size=INTEGER_DIGITS),
                LayoutField("id_fila_original", "I", ORIGINAL_QUEUE_ID,
                            "INTDC_ID of the PGO record it reverses (empty if never sent)",
                            "1002", size=INTEGER_DIGITS),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance after the reversal (E1_SALDO)",
                            "1500.00", decimals=2),
            ),
            "",
            "",
            movement="e5.R_E_C_N_O_",
            origin=ORIGINAL_QUEUE_ID,
        ),
        Layout(
            "PRV", "A previously extended title has fallen due again",
            "job", (*JOB, "V_CONEFI_CAND_PRV"), {"e1": "SE1"},
            (
                *key_fields("e1"),
                LayoutField("venc_real", "D", "e1.E1_VENCREA",
                            "Extended real due date (E1_VENCREA)", "20240405"),
                ORIGINAL_DUE,
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance (E1_SALDO)", "1400.00",
                            decimals=2),
                LayoutField("dias_atraso", "I",
                            "TO_DATE({today}, 'YYYYMMDD') - TO_DATE(e1.E1_VENCREA, 'YYYYMMDD')",
                            "Days since the extended due date", "1", size=6),
            ),
            PRV_KEY,
            PRV_KEY_DOC,
        ),
        Layout(
            "EVT", "Internal: an ERP event the trigger could not map (status E, never sent)",
            "internal", EVENT, {},
            (
                LayoutField("id_evento", "I", "p_id_evento", "Id of the SGU.INTGRA_RET_ERP row",
                            "4711", size=INTEGER_DIGITS),
                LayoutField("tipo_evento", "C", "SUBSTR(p_tipo, 1, 10)",
                            "Record kind (INTRE_IND)", "REC", size=10),
                LayoutField("rotina", "C", "SUBSTR(p_rotina, 1, 30)",
                            "ERP routine (INTRE_ROTINA_ERP)", "FINA999", size=30),
                LayoutField("ponto_entrada", "C", "SUBSTR(p_ponto_entrada, 1, 30)",
                            "ERP entry point (INTRE_PONTO_ENTRADA_ERP)", "", size=30),
                LayoutField("chave", "C", "SUBSTR(p_chave, 1, 100)",
                            "Event key (INTRE_DES_CHAVE)", "0000000001853173", size=100),
            ),
            "'EVT:' || NVL(TO_CHAR(p_id_evento), RAWTOHEX(SYS_GUID()))",
            "EVT:<event id> — one per rejected event",
            title=None,
        ),
    )
}
