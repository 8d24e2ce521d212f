"""Tablespace quota sizes as `conefi.toml` and the grants manifests write them.

One syntax for both (``500M``, ``2G``, ``1048576``, ``UNLIMITED``), so a size the config
accepts is one the manifest can grant; it is Oracle's own size clause (an integer, optionally
followed by K, M, G, T or P, blanks allowed between), so the catalog's DDL parser reads the
`QUOTA` of a CREATE/ALTER USER with the same function.
"""

from __future__ import annotations

import re

_SIZE = re.compile(r"(\d+)\s*([KMGTP]?)\Z")
_POWER = " KMGTP"  # K = 2**10, M = 2**20, ...


def quota_bytes(size: str) -> int:
    """Bytes of a quota as Oracle stores it (DBA_TS_QUOTAS.MAX_BYTES); -1 = unlimited."""
    text = size.strip().upper()
    if text == "UNLIMITED":
        return -1
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"invalid quota size {size!r}: use e.g. 500M, 2G, 1048576 or UNLIMITED")
    return int(m.group(1)) << (10 * _POWER.index(m.group(2) or " "))
