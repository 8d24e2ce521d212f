"""Writing outputs to disk: never half-written, never losing a file of the user's.

A render directory is built beside the destination and swapped in at the end, so an
interrupted or failed render never leaves a half-written directory. An existing
destination is replaced only when it is provably ours and untouched: its manifest says
conefi-dbtool wrote it, it holds nothing the manifest does not list, and every listed file
still has the content the manifest records. Anything else is refused with the paths that
would be lost. Outputs get the modes the user's umask gives (an existing file or directory
keeps its own mode and group), and errors name the destination, never a temporary path.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conefi_dbtool import __version__
from conefi_dbtool.errors import UsageError
from conefi_dbtool.render import RenderResult

MANIFEST_NAME = "manifest.json"
TOOL_NAME = "conefi-dbtool"
_SHOWN = 5  # paths named in a refusal before "and N more"


def object_filename(order: int, obj: Any) -> str:
    oid = obj.id
    return f"{order:03d}-{oid.database}-{oid.owner}-{oid.type}-{oid.name}.sql"


def manifest(result: RenderResult) -> dict[str, Any]:
    """JSON-ready manifest: identity, file and sha256 of each object, in deploy order."""
    return {
        "tool": TOOL_NAME,
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


def current_umask() -> int:
    """The process umask (read by setting and restoring it: the CLI is single-threaded)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_owner_group(path: Path, like: os.stat_result) -> None:
    """Give `path` the group of the file it replaces (best effort: not a member → skipped)."""
    with contextlib.suppress(OSError):
        if os.stat(path).st_gid != like.st_gid:
            os.chown(path, -1, like.st_gid)


def _io_error(dest: Path, exc: OSError) -> UsageError:
    reason = exc.strerror or str(exc)
    return UsageError(f"{dest}: cannot write: {reason}")


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file (UTF-8, LF) atomically; see `write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and rename: never half-written.

    A new file gets ``0666 & ~umask``; a file being rewritten keeps its mode and group.
    """
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise _io_error(path, exc) from exc
    if old is not None and stat.S_ISDIR(old.st_mode):
        raise UsageError(f"{path}: is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _io_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            _keep_owner_group(Path(tmp), old)
        else:
            os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _io_error(path, exc) from exc
        raise


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listed_files(out_dir: Path) -> dict[str, str | None] | str:
    """The files a previous render's manifest lists (name → sha256), or why it is not ours."""
    path = out_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return f"{MANIFEST_NAME} is not a manifest conefi-dbtool wrote (unreadable or not JSON)"
    if not isinstance(data, dict) or data.get("tool") != TOOL_NAME:
        return f"{MANIFEST_NAME} was not written by conefi-dbtool"
    objects = data.get("objects")
    if not isinstance(objects, list):
        return f"{MANIFEST_NAME} has no object list"
    listed: dict[str, str | None] = {MANIFEST_NAME: None}
    for entry in objects:
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
            return f"{MANIFEST_NAME} lists a file that is not a plain file name"
        digest = entry.get("sha256")
        listed[name] = digest if isinstance(digest, str) else None
    return listed


def _would_be_lost(out_dir: Path) -> list[str]:
    """What replacing `out_dir` would destroy that conefi-dbtool did not write; [] if none."""
    entries = sorted(os.listdir(out_dir))
    if not entries:
        return []
    listed = _listed_files(out_dir)
    if isinstance(listed, str):
        return [*entries, f"({listed})"]
    lost: list[str] = []
    for name in entries:
        path = out_dir / name
        if name not in listed or path.is_symlink() or not path.is_file():
            lost.append(name)
            continue
        digest = listed[name]
        if digest is not None and _sha256_file(path) != digest:
            lost.append(f"{name} (changed since it was rendered)")
    return lost


def _refusal(out_dir: Path, lost: list[str]) -> UsageError:
    shown = ", ".join(lost[:_SHOWN])
    more = f" and {len(lost) - _SHOWN} more" if len(lost) > _SHOWN else ""
    return UsageError(
        f"{out_dir}: refusing to replace it: it holds files a render did not write or that "
        f"were changed since ({shown}{more}); choose another --out or move them away"
    )


@contextlib.contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock on `directory` itself, so two renders into one place take turns."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _prepare_staging(out_dir: Path, existing: os.stat_result | None) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    if existing is not None:
        _keep_owner_group(staging, existing)
        os.chmod(staging, stat.S_IMODE(existing.st_mode))
    else:
        os.chmod(staging, 0o777 & ~current_umask())
    return staging


def _fill_staging(staging: Path, result: RenderResult) -> None:
    for i, obj in enumerate(result.objects, start=1):
        (staging / object_filename(i, obj)).write_text(obj.text, encoding="utf-8", newline="\n")
    data = manifest(result)
    data["tool_version"] = __version__
    (staging / MANIFEST_NAME).write_text(dump_json(data), encoding="utf-8", newline="\n")


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging`; on any failure or signal the old directory is restored."""
    old: Path | None = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.replace(out_dir, old)
    try:
        os.replace(staging, out_dir)
    except BaseException:
        if old is not None and not out_dir.exists():
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_render(result: RenderResult, out_dir: Path) -> Path:
    """Write the objects and manifest to `out_dir`, replacing only a previous, untouched render."""
    out_dir = out_dir.resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _io_error(out_dir, exc) from exc
    staging: Path | None = None
    try:
        with _directory_lock(out_dir.parent):
            try:
                existing: os.stat_result | None = os.stat(out_dir)
            except FileNotFoundError:
                existing = None
            if existing is not None:
                if not stat.S_ISDIR(existing.st_mode):
                    raise UsageError(f"{out_dir}: exists and is not a directory")
                lost = _would_be_lost(out_dir)
                if lost:
                    raise _refusal(out_dir, lost)
            staging = _prepare_staging(out_dir, existing)
            _fill_staging(staging, result)
            _swap_in(staging, out_dir)
            staging = None
    except OSError as exc:
        raise _io_error(out_dir, exc) from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return out_dir
