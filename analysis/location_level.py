"""Which catalogue points are *area-level*: known only to lie in an area or an
administrative unit (a 街道, 社区, 区), and placed at its representative point with the
unit's radius as ``precision_m`` (``build/catalogue.py``), as opposed to *located*
points (a published address or coordinate).

The built catalogue says so in its ``location_method`` text (written from the
catalogue template ``catalogue.method.located_in``); a source table says so in its
``located_in`` column. :func:`containers` reads either and returns the container key
(``area:<id>``, ``subdistrict:<街道>``, ``district:<区>``, ``community:<街道>/<社区>``)
per row, "" for located points and for points of any other table (a register).
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from core.i18n import t

#: Container units the catalogue builder writes (``catalogue.unit.<unit>``).
UNITS = ("area", "district", "subdistrict", "community")


@cache
def _method_pattern() -> re.Pattern:
    """The English ``location_method`` of an area-level point as a pattern, built from
    the catalogue's own template, so a change of its wording is followed here."""
    template = t("catalogue.method.located_in", "en")
    words = {t(f"catalogue.unit.{u}", "en"): u for u in UNITS}
    unit = "(?P<unit>" + "|".join(map(re.escape, sorted(words, key=len,
                                                             reverse=True))) + ")"
    head = template.split("{unit}", 1)[0]  # "known only to lie in {name} ("
    before, after = head.split("{name}", 1)
    return re.compile("^" + re.escape(before) + "(?P<name>.+?)" + re.escape(after) + unit)


def container_of(method) -> str:
    """The container key named by one ``location_method`` text, "" if it names none
    (a published address or coordinate, or no text)."""
    if not isinstance(method, str):
        return ""
    found = _method_pattern().match(method)
    if found is None:
        return ""
    words = {t(f"catalogue.unit.{u}", "en"): u for u in UNITS}
    return f"{words[found['unit']]}:{found['name']}"


def containers(points: pd.DataFrame) -> pd.Series:
    """Container key per row of ``points`` ("" where the point is located), from its
    ``located_in`` column when it has one, else from ``location_method``; a frame with
    neither (a register) is all located."""
    if "located_in" in points.columns:
        out = points["located_in"].where(points["located_in"].notna(), "").astype(str)
        return out.str.strip().rename("container")
    if "location_method" in points.columns:
        methods = points["location_method"].to_numpy(dtype=object)
        uniq, inverse = np.unique(methods.astype(str), return_inverse=True)
        keys = np.array([container_of(m) if m != "nan" else "" for m in uniq], dtype=object)
        return pd.Series(keys[inverse], index=points.index, name="container")
    return pd.Series("", index=points.index, name="container", dtype=object)


def is_area_level(points: pd.DataFrame) -> np.ndarray:
    """Boolean per row: known only to lie in a container (not located)."""
    return (containers(points) != "").to_numpy()


def with_location_level(points: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``points`` with the ``container`` column the statistics and the map
    read ("" for located points)."""
    return points.assign(container=containers(points).to_numpy())


__all__ = ["UNITS", "container_of", "containers", "is_area_level", "with_location_level"]
