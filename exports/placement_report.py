"""Placement-check results for people: verdict words with their certainty, area
names instead of ids (the ids kept in their own column), headers in the reader's
language, ready for :mod:`exports.report_tables`' metadata and file writers.

Used by the 选址核查 page (one point, a batch) and usable by the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from core.i18n import t

#: Internal columns of a PointTable frame, shown under a label instead.
_POINT_COLUMNS = {"row": "report_row", "lon_wgs84": "lon_wgs84", "lat_wgs84": "lat_wgs84"}


def verdict_label(verdict: str, certainty: str, lang: str) -> str:
    """The verdict as the user reads it: "边界附近，需核实" when the point is within a
    boundary's error bound of an edge that decides it, "可能符合" when it rests only on
    envelope polygons, else the plain verdict ("符合", "不在任何区域内" …)."""
    if not isinstance(verdict, str) or not verdict:
        return ""
    plain = t("verdict_" + verdict, lang)
    if certainty == "near_boundary":
        return t("certainty_near_boundary", lang)
    if certainty == "possibly":
        return t("verdict_possibly", lang).format(verdict=plain)
    return plain


def area_names(ids: str, names: Mapping[str, str], lang: str) -> str:
    """"c01;qianhai" → "深圳湾…、前海…" (names in ``lang``; an unknown id stays)."""
    if not isinstance(ids, str) or not ids:
        return ""
    sep = "、" if lang == "zh" else "; "
    return sep.join(names.get(i, i) for i in ids.split(";") if i)


def placement_report(frame: pd.DataFrame, result: pd.DataFrame, *, lang: str,
                     names: Mapping[str, str],
                     problems: pd.Series | None = None,
                     districts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per input row: the user's own columns untouched, then the data row
    number and WGS-84 coordinates, then the check in ``lang`` — district, 街道, the
    platforms/clusters/片区 by name, the area ids, verdict (with certainty), reason,
    boundary note, nearest matching area and its distance (m) — and the row's
    coordinate problem, if any.

    ``frame``: a PointTable frame (``row``, ``lon_wgs84``, ``lat_wgs84`` + the user's
    columns); ``result``: ``analysis.placement.check_placement`` output aligned with it
    (rows without a result, e.g. bad coordinates, stay with empty cells);
    ``names``: area id → name in ``lang``; ``problems``: row number → problem text;
    ``districts``: Chinese district name → its name in ``lang`` (街道 have no other
    name and stay as they are).
    """
    res = result.reindex(frame.index)
    own = [c for c in frame.columns if c not in _POINT_COLUMNS]
    out = frame[own].copy()
    for col, key in _POINT_COLUMNS.items():
        if col in frame:
            out[t(key, lang)] = frame[col].to_numpy()
    verdict = res["focus_match"].fillna("")
    certainty = res["certainty"].fillna("") if "certainty" in res else \
        pd.Series("", index=res.index)
    near_m = pd.to_numeric(res["nearest_match_m"], errors="coerce")
    cells = {
        "district_label": res["district"].map(
            lambda v: (districts or {}).get(v, v) if isinstance(v, str) else ""),
        "subdistrict": res["subdistrict"],
        "kind_strategic_platform": res["platform_ids"].map(lambda v: area_names(v, names, lang)),
        "kind_innovation_cluster": res["cluster_ids"].map(lambda v: area_names(v, names, lang)),
        "kind_sub_area": res["subarea_ids"].map(lambda v: area_names(v, names, lang)),
        "area_ids": res["area_ids"],
        "verdict": [verdict_label(v, c, lang) for v, c in zip(verdict, certainty, strict=True)],
        "certainty": certainty.map(lambda c: t("certainty_" + c, lang) if c else ""),
        "reason": res["focus_reason"],
        "boundary_note": res["boundary_note"],
        "nearest_match": res["nearest_match_id"].map(
            lambda v: names.get(v, v) if isinstance(v, str) else ""),
        "distance_m": near_m.round(0),
    }
    for key, values in cells.items():
        out[t(key, lang)] = np.asarray(values, dtype=object) if key != "distance_m" \
            else np.asarray(values, dtype=float)
    if problems is not None and "row" in frame:
        out[t("row_problem", lang)] = frame["row"].map(problems).fillna("").to_numpy()
    return out
