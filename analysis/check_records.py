"""What a placement check keeps in the workspace's check log (issue 20 item 2): the
arguments of :meth:`data.workspace.Workspace.record_check` for one checked point (the
app's point check, or one row of a batch), from :func:`analysis.placement.check_placement`
— its verdict, certainty, reasons, the areas it is about, the boundary version each
area's polygon came from and the versions of the other data read — and what makes two
checks the same one (:func:`point_key`: the app keeps a check once, not once per
rerun)."""

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
    boundary versions; the other data files read are named in
    ``inputs["data_versions"]``, see :func:`data_versions`)."""
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
                   **({} if precision_m is None else {"precision_m": float(precision_m)}),
                   "data_versions": data_versions()},
    }


def data_versions() -> dict[str, str]:
    """What a point check read besides the area polygons, each file with a short
    SHA-256 and its date: the area definitions, the 街道 and the facility catalogue
    (the nearby facilities), and any boundary override file (as
    :func:`analysis.profile.data_versions` names them)."""
    from analysis.profile import FirmSource
    from analysis.profile import data_versions as _shipped

    return {what: version for what, version in _shipped(firm_source=FirmSource())
            if what != "geodata/enterprises.csv"}


def point_key(lon: float, lat: float, industry: str | None) -> tuple:
    """What makes two point checks the same check: the place to 1e-6° (≈0.1 m) and the
    industry. A rerun of the page, a language switch or a change of the coordinate
    system shown (the same place) is not a new check."""
    return ("point", round(float(lon), 6), round(float(lat), 6), industry)


def batch_record(checked: pd.DataFrame, *, file_name: str, rows_in: int,
                 rows_rejected: int, industry_col: str | None, areas,
                 inputs: dict | None = None) -> dict:
    """Keyword arguments of ``Workspace.record_check`` for one uploaded batch, from
    :func:`analysis.batch.check_chunk`'s result ``checked``: its counts (as ``cli.py
    check --record`` keeps them), the areas its sites fall in and the boundary
    versions of ``areas``."""
    valid = checked[checked["focus_match"].notna()] if "focus_match" in checked else checked
    counts = valid["focus_match"].value_counts() if "focus_match" in valid else pd.Series()
    verdicts = dict(sorted(((str(k), int(v)) for k, v in counts.items()),
                           key=lambda kv: (-kv[1], kv[0])))
    area_ids = sorted({a for v in valid.get("area_ids", pd.Series(dtype=object))
                       for a in _listed(v)})
    return {
        "kind": "batch", "file_name": file_name, "industry": industry_col,
        "area_ids": area_ids, "boundary_versions": boundary_labels(areas),
        "summary": {"rows_in": int(rows_in), "rows_checked": int(len(valid)),
                    "rows_rejected": int(rows_rejected), "verdicts": verdicts},
        "inputs": {**(inputs or {}), "data_versions": data_versions()},
    }
