"""Integration parameters (read from Z99) and the roles of the custom SE1 fields.

Both are data the templates, the context checks and the docs read; kept next to the
layouts because the records and the parameters describe the same integration contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Parameter:
    """An integration parameter read from SIGA.Z99<company>0 (name/value) with a default."""

    name: str
    function: str  # accessor in PKG_CONEFI_PARAM
    kind: Literal["integer", "date", "flag"]
    default: str
    description: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("CONEFI_JOB_ATIVO", "f_job_ativo", "flag", "S",
              "S runs the daily job; N pauses it (the run is logged and does nothing)."),
    Parameter("CONEFI_DIAS_CARENCIA", "f_dias_carencia", "integer", "0",
              "Days after the real due date (E1_VENCREA) before INC is sent."),
    Parameter("CONEFI_DATA_CORTE", "f_data_corte", "date", "",
              "YYYYMMDD: titles whose real due date is earlier are never sent by INC "
              "(protects the first run from the whole backlog); empty = no limit."),
    Parameter("CONEFI_DIAS_REPROC", "f_dias_reproc", "integer", "7",
              "Restart window in days: HST looks this far back for INC/DES/PRG rows still "
              "without history. (The reconciliation steps have no window: every title in "
              "collection is compared with what was last sent.) Raise it for one run to "
              "recover from a longer outage."),
)

# What each custom SE1 field means (config role -> description for SX3 / the checklist).
CUSTOM_FIELD_ROLES: Mapping[str, str] = {
    "sent_flag": "CONEFI state of the title: blank never sent, S sent (in collection), "
                 "P due date extended after sending, C cancelled",
    "sent_date": "Date INC was sent (YYYYMMDD)",
    "sent_due": "Real due date last sent to CONEFI (INC, PRG, PRV)",
    "sent_value": "Title value last sent (INC, DES)",
    "sent_balance": "Amount due last sent (INC, DES), moved by every PGO/EST sent since",
    "sent_movement": "Highest SE5 R_E_C_N_O_ of the title when INC was sent: later "
                     "movements are PGO/EST",
    "send_version": "DES/PRG sent for the title so far: the next one's key is version + 1 "
                    "(a value going A->B->A->B is four changes)",
}
