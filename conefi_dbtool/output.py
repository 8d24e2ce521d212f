"""Writing rendered objects to disk: one file per object plus a manifest, atomically.

The output directory is built beside the destination and swapped in at the end, so an
interrupted or failed render never leaves a half-written directory; a destination that
holds something other than a previous render is refused.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from conefi_dbtool import __version__
from conefi_dbtool.errors import UsageError
from conefi_dbtool.render import RenderResult

MANIFEST_NAME = "manifest.json"


def object_filename(order: int, obj: Any) -> str:
    oid = obj.id
    return f"{order:03d}-{oid.database}-{oid.owner}-{oid.type}-{oid.name}.sql"


def manifest(result: RenderResult) -> dict[str, Any]:
    """JSON-ready manifest: identity, file and sha256 of each object, in deploy order."""
    return {
        "tool": "conefi-dbtool",
        "target": result.target,
        "objects": [
            {
                "order": i,
                "database": o.id.database,
                "owner": o.id.owner,
                "type": o.id.type,
                "name": o.id.name,
                "file": object_filename(i, o),
                "template": o.template,
                "sha256": o.sha256,
                "depends": [str(d) for d in o.depends],
            }
            for i, o in enumerate(result.objects, start=1)
        ],
    }


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file through a temporary sibling and rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_render(result: RenderResult, out_dir: Path) -> Path:
    """Write the objects and manifest to `out_dir` (replacing a previous render)."""
    out_dir = out_dir.resolve()
    if out_dir.exists():
        if not out_dir.is_dir():
            raise UsageError(f"{out_dir}: exists and is not a directory")
        if any(out_dir.iterdir()) and not (out_dir / MANIFEST_NAME).is_file():
            raise UsageError(
                f"{out_dir}: directory is not empty and holds no previous render "
                f"({MANIFEST_NAME}); refusing to overwrite it"
            )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for i, obj in enumerate(result.objects, start=1):
            (staging / object_filename(i, obj)).write_text(obj.text, encoding="utf-8", newline="\n")
        data = manifest(result)
        data["tool_version"] = __version__
        (staging / MANIFEST_NAME).write_text(dump_json(data), encoding="utf-8", newline="\n")
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(staging, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir
