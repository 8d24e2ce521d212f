"""conefi-dbtool: the Oracle side of the Protheus ERP <-> CONEFI integration as a versioned product."""

__version__ = "0.1.0"
