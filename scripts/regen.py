#!/usr/bin/env python3
"""Regenerate every generated artefact the repository commits (never edit them by hand).

    python scripts/regen.py

Goldens (tests/golden/example: what `render` and `script --target example` write;
tests/golden/upgrade: `upgrade --sql base:head`), docs/integration.md and the generated
blocks of docs/integration-design.md. The steps are `devtools.regen.REGEN_STEPS`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.regen import regenerate  # noqa: E402

if __name__ == "__main__":
    for line in regenerate(ROOT):
        print(f"regenerated {line}")
