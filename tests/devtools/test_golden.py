"""The example target renders byte for byte as the committed golden files.

On a failure, run `python scripts/regen.py` and review the diff: the golden
files are never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

from devtools.golden import GOLDEN_TARGET, golden_artefacts


def _files(base: Path) -> dict[str, bytes]:
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*"))
            if p.is_file()}


def test_example_target_matches_golden_files(root: Path, tmp_path: Path) -> None:
    golden = root / "tests" / "golden" / GOLDEN_TARGET
    golden_artefacts(root, tmp_path)
    expected, actual = _files(golden), _files(tmp_path)
    assert sorted(actual) == sorted(expected), "file set differs: run scripts/regen.py"
    for name in expected:
        assert actual[name] == expected[name], f"{name} differs: run scripts/regen.py"
