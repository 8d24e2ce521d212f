"""Releases: Alembic revisions that freeze the rendered objects, and how they are applied.

Frozen revision files (here and in users' repositories) import `conefi_dbtool.migrations.ops`
and call `op.replace_object`...: those paths and names are a stable interface.
"""
