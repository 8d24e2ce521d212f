"""Repository tooling for tests and scripts (goldens, regeneration); not shipped.

`pyproject.toml` packages only `conefi_dbtool`; pytest finds this package through its
`pythonpath`, `scripts/regen.py` by putting the repository root on `sys.path`.
"""
