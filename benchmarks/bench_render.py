#!/usr/bin/env python3
"""Render benchmark: median wall time of a cold `conefi-dbtool render` process and of
in-process rendering of the example target.

    python benchmarks/bench_render.py [N]

Goal (issue 2): a cold render of the full integration under 0.5 s on a 2-core machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    from conefi_dbtool.config import load_project
    from conefi_dbtool.render import render_target

    cold = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "conefi_dbtool", "--config", str(ROOT / "conefi.toml"),
                 "render", "--target", "example", "--out", f"{tmp}/out{i}"],
                check=True, capture_output=True,
            )
            cold.append(time.perf_counter() - start)
    project = load_project(ROOT / "conefi.toml")
    target = project.target("example")
    warm = []
    objects = 0
    for _ in range(n):
        start = time.perf_counter()
        objects = len(render_target(project, target).objects)
        warm.append(time.perf_counter() - start)
    print(f"objects rendered:            {objects}")
    print(f"cold process render, median: {statistics.median(cold) * 1000:8.1f} ms  (n={n})")
    print(f"in-process render, median:   {statistics.median(warm) * 1000:8.1f} ms  (n={n})")
    print("goal: cold render < 500 ms")


if __name__ == "__main__":
    main()
