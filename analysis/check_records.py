"""What a placement check keeps in the workspace's check log (issue 20 item 2): the
arguments of :meth:`data.workspace.Workspace.record_check` for one checked point (the
app's point check, or one row of a batch), from :func:`analysis.placement.check_placement`
— its verdict, certainty, reasons, the areas it is about and the boundary version each
area's polygon came from."""

from __future__ import annotations

import math

import pandas as pd

from data.areas import boundary_labels


def _listed(value) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [v for v in value.replace(";", ",").split(",") if v.strip()]
    return [str(v) for v in value]


def point_record(result: pd.Series, *, lon: float, lat: float, industry: str | None,
                 areas, kind: str = "point", precision_m: float | None = None,
                 inputs: dict | None = None) -> dict:
    """Keyword arguments of ``Workspace.record_check`` for one row of
    ``check_placement``'s result (``areas``: the areas the check used, for the
    boundary versions)."""
    reasons = [str(result[c]) for c in ("focus_reason", "boundary_note")
               if c in result and isinstance(result[c], str) and result[c]]
    verdict = result.get("focus_match")
    certainty = result.get("certainty")
    return {
        "kind": kind, "lon": float(lon), "lat": float(lat), "industry": industry,
        "verdict": None if verdict is None or pd.isna(verdict) else str(verdict),
        "certainty": None if certainty is None or pd.isna(certainty) else str(certainty),
        "reasons": reasons, "area_ids": _listed(result.get("area_ids")),
        "boundary_versions": boundary_labels(areas),
        "inputs": {**(inputs or {}),
                   **({} if precision_m is None else {"precision_m": float(precision_m)})},
    }
