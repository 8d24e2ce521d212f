"""A target whose schemas are throwaway users: how a test module gets fresh schemas.

The product's templates are rendered for a copy of a real target in which SIGA, SGU and
CONEFI (and the SGU 2.0 CONEFI) are replaced by the names `fresh_user` returned, and the
tablespaces by the test database's default, so every module deploys the whole integration
into schemas nobody else uses, and drops them afterwards.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from conefi_dbtool.config import (
    ErpSchemas,
    Ident,
    Sgu2Schemas,
    Tablespaces,
    Target,
)
from conefi_dbtool.identifiers import normalize_identifier


@dataclass(frozen=True)
class Schemas:
    """The fresh user names standing for the target's schemas."""

    siga: str
    sgu: str
    conefi: str
    sgu2_conefi: str = ""


def scratch_target(target: Target, schemas: Schemas, tablespace: str,
                   temporary: str = "TEMP") -> Target:
    """`target` with its schemas and tablespaces replaced (pure)."""
    ts = Tablespaces(Ident(normalize_identifier(tablespace)), Ident(normalize_identifier(temporary)),
                     "UNLIMITED")
    erp = dataclasses.replace(
        target.erp, tablespaces=ts,
        schemas=ErpSchemas(Ident(normalize_identifier(schemas.siga)),
                           Ident(normalize_identifier(schemas.sgu)),
                           Ident(normalize_identifier(schemas.conefi))))
    sgu2 = target.sgu2
    if schemas.sgu2_conefi:
        sgu2 = dataclasses.replace(
            sgu2, tablespaces=ts,
            schemas=Sgu2Schemas(Ident(normalize_identifier(schemas.sgu2_conefi))))
    return dataclasses.replace(target, erp=erp, sgu2=sgu2, scratch=True)
