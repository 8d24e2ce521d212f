"""Layout version 2: amounts as Protheus computes them, the customer and SE1 row everywhere.

What changed from version 1 (the docs show both side by side):

* every title record starts with the title key, the customer (``cliente``, ``loja``) and
  the SE1 ``R_E_C_N_O_`` (``recno_se1``);
* every balance is the amount due (`amounts.AMOUNT_DUE`: ``valor_devido``); INC also
  carries its parts (``saldo``, ``acrescimo``, ``decrescimo``, ``abatimentos``);
* PGO says which amount each field is: ``valor_pago`` is the cash received (E5_VALOR),
  with ``juros``, ``multa``, ``desconto`` and the ``valor_baixado`` it took off the amount
  due, the movement type, and the references of a liquidação / fatura;
* DES and PRG carry the send version their key is built on (``versao_envio``);
* EST carries what it gives back to the amount due (``valor_baixado``).
"""

from __future__ import annotations

from collections.abc import Mapping

from conefi_dbtool.layouts.amounts import PRINCIPAL, amount_columns, amount_due_sql, principal_columns
from conefi_dbtool.layouts.expr import sql
from conefi_dbtool.layouts.model import (
    BASELINE_MOVEMENT,
    DAYS_LATE_HISTORY,
    EVENT,
    JOB,
    ORIGINAL_QUEUE_ID,
    Layout,
    LayoutField,
    key_fields,
    reconciled,
)
from conefi_dbtool.layouts.v1 import LAYOUTS_V1, ORIGINAL_DUE
from conefi_dbtool.layouts.wire import INTEGER_DIGITS

AMOUNT_DIGITS = 16  # like E1_SALDO (N 16,2): the amount due is sums of such fields


def _amount_due(a: str, description: str, example: str) -> LayoutField:
    return LayoutField("valor_devido", "N", amount_due_sql(a), description, example,
                       decimals=2, size=AMOUNT_DIGITS)


def _head(a: str) -> tuple[LayoutField, ...]:
    """Key, customer and SE1 row: the first eight fields of every title record."""
    return (
        *key_fields(a),
        LayoutField("cliente", "C", f"{a}.E1_CLIENTE", "Customer code (E1_CLIENTE)", "000123"),
        LayoutField("loja", "C", f"{a}.E1_LOJA", "Customer store (E1_LOJA)", "01"),
        LayoutField("recno_se1", "I", f"{a}.R_E_C_N_O_", "SE1 R_E_C_N_O_ of the title",
                    "1853173", size=INTEGER_DIGITS),
    )


_VERSION = LayoutField("versao_envio", "I", "e1.{send_version} + 1",
                       "Send version of the title this change makes (its key)", "3", size=6)
_TODAY = LayoutField("data_alteracao", "D", "{today}", "Date the change was seen", "20240312",
                     size=8)
_TABLES = {"e1": "SE1", "ab": "SE1"}


def _inc() -> Layout:
    v1 = LAYOUTS_V1["INC"]
    customer = [f for f in v1.fields
                if f.name in ("nome", "pessoa", "cpf_cnpj", "email", "ddd", "telefone", "endereco",
                              "bairro", "municipio", "uf", "cep", "emissao", "venc_original",
                              "venc_real", "valor")]
    grr = [f for f in v1.fields if f.name in ("cod_federacao", "plano_grr", "assinatura_grr")]
    amounts = amount_columns("e1")
    return Layout(
        "INC", v1.meaning, "job", v1.produced_by, {**v1.tables, "ab": "SE1"},
        (
            *_head("e1"),
            *customer,
            LayoutField("saldo", "N", "e1.E1_SALDO", "Balance (E1_SALDO)", "1500.00", decimals=2),
            LayoutField("acrescimo", "N", "e1.E1_SDACRES", "Surcharge balance (E1_SDACRES)",
                        "0.00", decimals=2),
            LayoutField("decrescimo", "N", "e1.E1_SDDECRE", "Rebate balance (E1_SDDECRE)",
                        "0.00", decimals=2),
            LayoutField("abatimentos", "N", amounts["abatimentos"],
                        "Open abatements of the title (AB-, retained taxes ...)", "61.50",
                        decimals=2, size=AMOUNT_DIGITS),
            _amount_due("e1", "Amount due: saldo + acrescimo - decrescimo - abatimentos "
                        "(- financial discount, when configured)", "1438.50"),
            *grr,
        ),
        v1.idempotency, v1.idempotency_doc,
        movement=BASELINE_MOVEMENT,
        extra=v1.extra,
    )


def _pgo() -> Layout:
    return Layout(
        "PGO", "Payment (total or partial) of a title in collection",
        "trigger", (*EVENT, "V_CONEFI_MOV_PGO", *JOB), {**_TABLES, "e5": "SE5"},
        (
            *_head("e1"),
            LayoutField("recno_se5", "I", "e5.R_E_C_N_O_", "SE5 R_E_C_N_O_ of the payment",
                        "998877", size=INTEGER_DIGITS),
            LayoutField("seq_baixa", "C", "e5.E5_SEQ", "Settlement sequence (E5_SEQ)", "01"),
            LayoutField("tipo_doc", "C", "e5.E5_TIPODOC",
                        "Movement type (E5_TIPODOC: VL, BA, CP, V2 ...)", "VL"),
            LayoutField("data_pagamento", "D", "e5.E5_DATA", "Payment date (E5_DATA)", "20240310"),
            LayoutField("valor_pago", "N", "e5.E5_VALOR",
                        "Cash received (E5_VALOR: interest and fine in, discount out)", "506.00",
                        decimals=2),
            LayoutField("juros", "N", "e5.E5_VLJUROS", "Interest received (E5_VLJUROS)", "5.00",
                        decimals=2),
            LayoutField("multa", "N", "e5.E5_VLMULTA", "Fine received (E5_VLMULTA)", "2.00",
                        decimals=2),
            LayoutField("desconto", "N", "e5.E5_VLDESCO", "Discount granted (E5_VLDESCO)", "1.00",
                        decimals=2),
            LayoutField("valor_baixado", "N", sql(PRINCIPAL, principal_columns("e5")),
                        "Taken off the amount due: valor_pago - juros - multa + desconto",
                        "500.00", decimals=2, size=AMOUNT_DIGITS),
            LayoutField("motivo_baixa", "C", "e5.E5_MOTBX", "Settlement reason (E5_MOTBX)", "NOR"),
            _amount_due("e1", "Amount due after the payment", "938.50"),
            LayoutField("tipo_pagamento", "C",
                        f"CASE WHEN {amount_due_sql('e1')} > 0 THEN 'P' ELSE 'T' END",
                        "T total (nothing left due) / P partial", "P", size=1),
            LayoutField("num_liquidacao", "C", "e1.E1_NUMLIQ",
                        "Liquidação that settled it (E1_NUMLIQ; empty otherwise)", ""),
            LayoutField("fatura", "C", "e1.E1_FATURA",
                        "Fatura that settled it (E1_FATURA; empty otherwise)", ""),
        ),
        "", "",
        movement="e5.R_E_C_N_O_",
    )


def _title_change(action: str, meaning: str, values: tuple[LayoutField, ...]) -> Layout:
    return Layout(action, meaning, "trigger", (*EVENT, f"V_CONEFI_CAND_{action}", *JOB), _TABLES,
                  (*_head("e1"), *values, _VERSION, _TODAY), "", "")


def _est() -> Layout:
    v1 = LAYOUTS_V1["EST"]
    kept = [f for f in v1.fields if f.name in ("recno_se5_estorno", "seq_baixa", "data_estorno",
                                                 "valor_estornado", "recno_se5_original",
                                                 "id_fila_original")]
    return Layout(
        "EST", v1.meaning, "trigger", v1.produced_by, {**_TABLES, "e5": "SE5"},
        (
            *_head("e1"),
            *kept,
            LayoutField("valor_baixado", "N", sql(PRINCIPAL, principal_columns("e5")),
                        "Given back to the amount due (the settlement's valor_baixado)",
                        "500.00", decimals=2, size=AMOUNT_DIGITS),
            _amount_due("e1", "Amount due after the reversal", "1438.50"),
        ),
        "", "",
        movement="e5.R_E_C_N_O_",
        origin=ORIGINAL_QUEUE_ID,
    )


def _layouts() -> tuple[Layout, ...]:
    v1 = LAYOUTS_V1
    hst = v1["HST"]
    hst_fields = [f for f in hst.fields if f.name not in ("saldo", "dias_atraso")]
    prv = v1["PRV"]
    return (
        _inc(),
        _pgo(),
        _title_change("DES", "Amount due of a title in collection changed (any routine)", (
            LayoutField("valor_anterior", "N", "e1.{sent_value}", "Title value last sent",
                        "1500.00", decimals=2),
            LayoutField("valor_novo", "N", "e1.E1_VALOR", "Title value now (E1_VALOR)", "1500.00",
                        decimals=2),
            LayoutField("devido_anterior", "N", "e1.{sent_balance}",
                        "Amount due last sent, after the PGO/EST sent since", "1438.50",
                        decimals=2),
            _amount_due("e1", "Amount due now", "1478.50"),
        )),
        _title_change("PRG", "Due date of a title in collection extended (prorrogação)", (
            LayoutField("venc_anterior", "D", "e1.{sent_due}", "Due date last sent", "20240205"),
            LayoutField("venc_novo", "D", "e1.E1_VENCREA", "New real due date (E1_VENCREA)",
                        "20240405"),
            ORIGINAL_DUE,
        )),
        Layout(
            "CAN", v1["CAN"].meaning, "job", v1["CAN"].produced_by, _TABLES,
            (
                *_head("e1"),
                *[f for f in v1["CAN"].fields if f.name in ("data_cancelamento", "valor")],
                _amount_due("e1", "Amount due when cancelled", "1438.50"),
            ),
            "", "",
        ),
        Layout(
            "HST", hst.meaning, "job", hst.produced_by, {"h": "SE1", "ab": "SE1"},
            (
                *hst_fields,
                LayoutField("recno_se1", "I", "h.R_E_C_N_O_", "SE1 R_E_C_N_O_ of the title",
                            "1853100", size=INTEGER_DIGITS),
                _amount_due("h", "Amount due now (0.00 once settled)", "0.00"),
                LayoutField("dias_atraso", "I", DAYS_LATE_HISTORY,
                            "Days late: settlement (or today, if open) minus real due date",
                            "5", size=6),
            ),
            hst.idempotency, hst.idempotency_doc,
            title="h", origin=hst.origin, extra=hst.extra,
        ),
        _est(),
        Layout(
            "PRV", prv.meaning, "job", prv.produced_by, _TABLES,
            (
                *_head("e1"),
                *[f for f in prv.fields if f.name in ("venc_real", "venc_original")],
                _amount_due("e1", "Amount due", "1438.50"),
                prv.field("dias_atraso"),
            ),
            prv.idempotency, prv.idempotency_doc,
        ),
        v1["EVT"],
    )


LAYOUTS_V2: Mapping[str, Layout] = {lay.action: reconciled(lay) for lay in _layouts()}
