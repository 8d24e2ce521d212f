#!/usr/bin/env python3
"""How `conefi-dbtool check` scales with the length of the release history.

    python benchmarks/bench_check.py [N ...]        (default: 10 100 500)

For each N, a temporary copy of the project (conefi.toml, templates/, grants/) gets N
generated revisions — each changes one template (a comment line) and freezes it as a
snapshot, exactly as `revision` would — then `check` is timed: as a fresh process (what
CI pays; the first run also compiles the revision files to __pycache__) and in-process.
Prints the figures; asserts nothing (goal: under 2 s at 500, or sub-linear growth).
"""

from __future__ import annotations

import hashlib
import json
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

from conefi_dbtool.config import load_project  # noqa: E402
from conefi_dbtool.migrations.check import check_release  # noqa: E402
from conefi_dbtool.migrations.environment import ensure_environment  # noqa: E402
from conefi_dbtool.migrations.store import SnapshotStore, iter_worktree  # noqa: E402

REVISION = '''"""Generated revision {n}

Revision ID: {rev}
Revises: {down}
"""
from alembic import op

import conefi_dbtool.migrations.ops  # noqa: F401

revision = {rev!r}
down_revision = {down!r}
branch_labels = None
depends_on = None

sources = {sources}


def upgrade() -> None:
{upgrade}


def downgrade() -> None:
{downgrade}
'''


def build(dest: Path, count: int) -> None:
    """A project copy with `count` revisions; the last one matches the work tree."""
    for name in ("conefi.toml", "templates", "grants"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    project = load_project(dest / "conefi.toml")
    migrations = project.migrations_dir
    ensure_environment(migrations)
    store = SnapshotStore(migrations)
    files = dict(iter_worktree(project))
    objects = sorted(k for k in files if k.startswith("templates/") and "/_" not in k)
    down: str | None = None
    for n in range(1, count + 1):
        if n == 1:
            changed = list(files)  # the baseline freezes everything
        else:
            key = objects[n % len(objects)]
            path = files[key]
            text = path.read_text(encoding="utf-8") + f"{{# generated change {n} #}}\n"
            path.write_text(text, encoding="utf-8")
            changed = [key]
        sources = {key: store.put(key, files[key].read_bytes()) for key in changed}
        ops = [f'    op.replace_object({json.dumps(k[len("templates/"):-len(".sql.j2")])}, at=revision)'
               for k in changed if k in objects]
        rev = f"{n:04d}_{hashlib.sha256(str(n).encode()).hexdigest()[:6]}"
        (migrations / "versions" / f"{rev}_generated.py").write_text(REVISION.format(
            n=n, rev=rev, down=down, sources=json.dumps(sources, indent=4).replace("null", "None"),
            upgrade="\n".join(ops) or "    pass", downgrade="    pass"), encoding="utf-8")
        down = rev


def time_cli(config: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "conefi_dbtool", "--config", str(config), "check"], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def main(counts: list[int]) -> None:
    print(f"{'revisions':>9}  {'1st process':>11}  {'process (median of 3)':>21}  {'in-process':>10}")
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
            dest = Path(tmp)
            build(dest, count)
            config = dest / "conefi.toml"
            first = time_cli(config)
            warm = statistics.median(time_cli(config) for _ in range(3))
            project = load_project(config)
            start = time.perf_counter()
            result = check_release(project)
            inproc = time.perf_counter() - start
            assert result.ok and result.revisions == count, result.lines()[:5]
            print(f"{count:>9}  {first:>10.2f}s  {warm:>20.2f}s  {inproc:>9.2f}s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 500])
