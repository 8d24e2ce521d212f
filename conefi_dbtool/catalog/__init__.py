"""The catalog subsystem: what a database holds, what it should hold, and the difference.

* `snapshot` — the serialisable value (`CatalogSnapshot`) both sides are expressed in;
* `reader` and `queries` — a live read through a fixed set of named dictionary queries;
* `ddl` and `expected` — our own DDL parsed (`ddl.parse_ddl`) and assembled into the
  snapshot a target should hold;
* `source` — where the actual catalog comes from (a snapshot file or a live read);
* `normalize`, `drift`, `plan`, `reports`, `status` — comparison and what is made of it.

Modules are imported by their full path (``conefi_dbtool.catalog.snapshot``); this
package re-exports nothing, so importing one part never loads the others.
"""
