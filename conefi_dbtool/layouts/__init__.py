"""CONEFI record layouts (column ``INTDC_DADOS``): one data source, modules by concept.

* `wire` — the wire format (separator, escapes, wire types, size limits);
* `keys` — the Protheus keys that tie SE5 movements to SE1 titles;
* `data` — one `Layout` per action: ordered fields, their SQL source, wire type, example,
  and the daily-job step that produces it (if any);
* `parameters` — the integration parameters (Z99) and the custom SE1 fields' roles;
* `sql` — the SQL that builds ``INTDC_DADOS`` and the candidate views' select lists;
* `checks` — the layouts against an installation's Protheus dictionary;
* `codec` — the Python encoder/decoder behind ``conefi-dbtool decode``.

The Markdown generated from the layouts lives with the docs (`conefi_dbtool.docs_gen`).
"""
