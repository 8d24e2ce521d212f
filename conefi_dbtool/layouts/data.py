"""The record layouts, by version: the registry every reader goes through.

One layout per action and version: ordered fields, the SQL expression that yields each
value, its wire type and an example (`model`). Version 1 is what CONEFI received before
issue 17, version 2 the current contract (`v1`, `v2`). The record builders, candidate-view
columns, the decoder and the docs are all generated from `LAYOUT_VERSIONS`; which version
a target writes is ``integration.money.layout_version``, and every queue row says which
version its record is (``INTDC_NUM_LAYOUT``).
"""

from __future__ import annotations

from collections.abc import Mapping

from conefi_dbtool.layouts.model import (
    CONTROL_COLUMNS,
    STEPS,
    JobStep,
    Layout,
    LayoutField,
)
from conefi_dbtool.layouts.v1 import LAYOUTS_V1
from conefi_dbtool.layouts.v2 import LAYOUTS_V2
from conefi_dbtool.layouts.wire import DecodeError

LAYOUT_VERSIONS: Mapping[int, Mapping[str, Layout]] = {1: LAYOUTS_V1, 2: LAYOUTS_V2}
CURRENT_VERSION = max(LAYOUT_VERSIONS)
LAYOUTS: Mapping[str, Layout] = LAYOUT_VERSIONS[CURRENT_VERSION]

ACTIONS: tuple[str, ...] = tuple(LAYOUTS)
SENT_ACTIONS: tuple[str, ...] = tuple(a for a, lay in LAYOUTS.items() if lay.producer != "internal")


# (action, step) of every action the daily job produces, in run order (every version).
JOB_STEPS: tuple[tuple[str, JobStep], ...] = tuple(sorted(STEPS.items(), key=lambda p: p[1].order))


def layouts(version: int = CURRENT_VERSION) -> Mapping[str, Layout]:
    """The layouts of one version; an unknown version is a usage error naming the known ones."""
    try:
        return LAYOUT_VERSIONS[version]
    except KeyError:
        known = ", ".join(str(v) for v in LAYOUT_VERSIONS)
        raise DecodeError(f"unknown layout version {version!r} (known: {known})") from None


def layout(action: str, version: int = CURRENT_VERSION) -> Layout:
    """The layout of `action`; an unknown action is a usage error naming the known ones."""
    try:
        return layouts(version)[action]
    except KeyError:
        raise DecodeError(
            f"unknown action {action!r} (known: {', '.join(ACTIONS)})"
        ) from None


__all__ = ["ACTIONS", "CONTROL_COLUMNS", "CURRENT_VERSION", "JOB_STEPS", "LAYOUTS",
           "LAYOUT_VERSIONS", "SENT_ACTIONS", "JobStep", "Layout", "LayoutField", "layout",
           "layouts"]
