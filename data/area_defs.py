"""Read the human-edited area definitions (cluster_defs/areas/*.toml).

One TOML file per innovation cluster / strategic platform, with its 片区 as
``[[sub_area]]`` tables. Each record keeps the plan text and industries; its
``[geometry]`` table is a *recipe* that :mod:`build.area_geometry` turns into a
polygon with provenance.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from core import settings

AREAS_DIR: Path = settings.CLUSTER_DEFS_DIR / "areas"
KINDS = ("innovation_cluster", "strategic_platform", "sub_area")


def read_definitions(folder: Path = AREAS_DIR) -> list[dict]:
    """Flat list of area records (clusters, platforms, then their 片区), in file order.

    Each 片区 gets ``kind = "sub_area"`` and ``parent`` = its area's id, and inherits
    ``plan_section`` when it has none.
    """
    records: list[dict] = []
    for path in sorted(folder.glob("*.toml")):
        with open(path, "rb") as fh:
            area = tomllib.load(fh)
        subs = area.pop("sub_area", [])
        area["file"] = path.name
        area.setdefault("parent", None)
        records.append(area)
        for sub in subs:
            sub["kind"] = "sub_area"
            sub["parent"] = area.get("id")
            sub.setdefault("plan_section", area.get("plan_section"))
            sub["file"] = path.name
            records.append(sub)
    return records
