"""The Oracle test bed: where the test database comes from, what goes into it, and how.

* `resolution` — which database the Oracle tests use (a DSN, a testcontainers Oracle Free,
  or none: skip), as pure functions of the environment;
* `database` — the session object the pytest fixture yields (admin connection, throwaway
  users);
* `fixtures` — the ERP stand-in schemas (SIGA Protheus tables from the dictionary, the SGU
  integration objects) as rendered objects, deployable and printable offline;
* `builders` — Protheus-shaped test data (customers, titles, settlements, reversals, ...)
  as SQL + binds, and `executor` which runs them and deploys rendered objects;
* `environment` — a target whose schemas are throwaway users, so each test module runs
  in fresh schemas.
"""
