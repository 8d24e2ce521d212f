"""Tablespace quota sizes as `conefi.toml` and the grants manifests write them.

One syntax for both (``500M``, ``2G``, ``1048576``, ``UNLIMITED``), so a size the config
accepts is one the manifest can grant.
"""

from __future__ import annotations

import re

_SIZE = re.compile(r"(\d+)([KMGT]?)\Z")
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def quota_bytes(size: str) -> int:
    """Bytes of a quota as Oracle stores it (DBA_TS_QUOTAS.MAX_BYTES); -1 = unlimited."""
    text = size.strip().upper()
    if text == "UNLIMITED":
        return -1
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"invalid quota size {size!r}: use e.g. 500M, 2G, 1048576 or UNLIMITED")
    return int(m.group(1)) * _UNITS[m.group(2)]
