"""`python -m conefi_dbtool` runs the same CLI as the `conefi-dbtool` script."""

from conefi_dbtool.cli import main

main()
