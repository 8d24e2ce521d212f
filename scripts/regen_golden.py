#!/usr/bin/env python3
"""Regenerate the golden files of the bundled `example` target (never edit them by hand).

    python scripts/regen_golden.py

Writes tests/golden/example/render/ (what `render --target example` writes) and
tests/golden/example/deploy.sql (what `script --target example` prints).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conefi_dbtool.golden import GOLDEN_DIR, write_golden  # noqa: E402

if __name__ == "__main__":
    write_golden(ROOT)
    print(f"regenerated {GOLDEN_DIR} and docs/integration.md")
