#!/usr/bin/env python3
"""Lint benchmark: wall time of `conefi-dbtool lint --target example`, cold and warm.

    python benchmarks/bench_lint.py [--runs 3] [--jobs N]

Each run is a fresh process on a copy of the project (conefi.toml + templates) in a
temporary directory. Cold: no cache (every unit parsed by the project's parser; --jobs
sets the parser processes for a large run; the serial figure is printed too). Warm: a
second run with nothing changed (served from .conefi-cache without rendering or parsing).
Goals (issue 14): cold < 1 s, warm < 0.2 s on a 2-core machine. Figures depend on the
machine's load: the load average is printed with them. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                 os.environ.get("PYTHONPATH")]))}


def lint(config: Path, *extra: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "conefi_dbtool", "--config", str(config), "lint", "--target",
         "example", *extra],
        capture_output=True, text=True, cwd=config.parent, env=ENV,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1) or "lint " not in proc.stdout:
        sys.exit(f"lint failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None,
                        help="lint --jobs for the cold and warm runs (default: the CLI's, 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(ROOT / "conefi.toml", work / "conefi.toml")
        shutil.copytree(ROOT / "templates", work / "templates")
        config = work / "conefi.toml"
        cache = work / ".conefi-cache"
        jobs = ["--jobs", str(args.jobs)] if args.jobs is not None else []
        cold, warm, serial = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(lint(config, *jobs))
            warm.append(lint(config, *jobs))
        for _ in range(max(1, args.runs // 2)):
            serial.append(lint(config, "--no-cache", "--jobs", "1"))
        from conefi_dbtool.config import load_project
        from conefi_dbtool.render import render_target

        project = load_project(config)
        objects = render_target(project, project.target("example")).objects
        lines = sum(o.text.count("\n") for o in objects)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"example target: {len(objects)} objects, {lines} rendered lines; "
          f"{os.cpu_count()} CPUs, load average {load:.2f}")
    print(f"cold lint (cache written):      median {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, runs {len(cold)})  goal < 1 s")
    print(f"cold lint (--no-cache --jobs 1): median {statistics.median(serial):.2f} s")
    print(f"warm lint (nothing changed):     median {statistics.median(warm):.3f} s "
          f"(min {min(warm):.3f})  goal < 0.2 s")


if __name__ == "__main__":
    main()
