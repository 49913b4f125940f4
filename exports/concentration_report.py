"""Observed concentrations and plan-vs-reality as files a reader can use: GeoPackage
(layers), GeoJSON (the polygons) or a workbook with headers in the reader's language.

Input: the frame of :func:`analysis.concentrations.concentrations_by_industry` (or
:func:`~analysis.concentrations.find_concentrations`) and the
:class:`~analysis.concentrations.PlanVsReality` of the same run. Every file is
written through :func:`core.safe_io.atomic_write` (complete or not at all); workbook
cells that a spreadsheet would run as formulas are written as text.

- ``.gpkg``: layer ``concentrations`` (polygons, EPSG:4326, with the plan columns and
  names in ``lang``) and attribute tables ``plan_by_industry``, ``plan_area_focus``
  and ``about`` (parameters, counts left out, sources).
- ``.geojson``: the polygons with the same columns (one layer, RFC 7946 WGS-84).
- ``.xlsx``: sheets concentrations, plan by industry, concentrations outside the
  plan, areas without a concentration of their focus, and the metadata sheet;
  headers and sheet names in ``lang``.

The zh/en labels are the catalogue's ``conc.report.*`` keys (core.i18n).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from core import safe_io, settings
from core.i18n import STRINGS, t
from core.taxonomy import Taxonomy, load_taxonomy
from exports.report_tables import localize_values, metadata_rows

SUFFIXES = (".gpkg", ".geojson", ".xlsx")

#: zh/en words of this report: column headers, sheet names and parameter names.
def label(key: str, lang: str) -> str:
    """The word ``key`` in ``lang`` (catalogue keys ``conc.report.*``)."""
    return t("conc.report." + key, lang)


def _names(ids: str, taxonomy: Taxonomy, lang: str) -> str:
    sep = "、" if lang == "zh" else "; "
    parts = [taxonomy.name(i, lang) for i in str(ids or "").split(";") if i in
             taxonomy.entries]
    return sep.join(parts) if parts else label("all_firms", lang) if not ids else str(ids)


def concentration_table(concentrations: pd.DataFrame, placed: pd.DataFrame | None,
                        lang: str, *, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """One row per concentration, machine columns kept (ids, numbers) plus names in
    ``lang``, and the plan columns from ``PlanVsReality.concentrations`` when given."""
    taxonomy = taxonomy or load_taxonomy()
    out = pd.DataFrame(concentrations.drop(columns="geometry", errors="ignore")).copy()
    out.insert(2, "industry_name", [_names(v, taxonomy, lang) for v in out["industry"]])
    out.insert(out.columns.get_loc("top_industry") + 1, "top_industry_name",
               [_names(v, taxonomy, lang) if v else "" for v in out["top_industry"]])
    out.insert(out.columns.get_loc("dominant_industries") + 1, "dominant_names",
               [_names(v, taxonomy, lang) if v else "" for v in out["dominant_industries"]])
    if placed is not None and len(placed):
        plan = placed.set_index("concentration_id")
        col = f"nearest_area_name_{lang}"
        out["inside"] = out["concentration_id"].map(plan["inside"]).astype(bool)
        out["nearest_area_id"] = out["concentration_id"].map(plan["nearest_area_id"])
        out["nearest_area_name"] = out["concentration_id"].map(plan[col])
        out["distance_m"] = out["concentration_id"].map(plan["distance_m"]).round(0)
        out["overlap_share"] = out["concentration_id"].map(plan["overlap_share"]).round(3)
    for c, n in (("area_km2", 3), ("density_per_km2", 1), ("density_ratio", 2),
                 ("top_industry_share", 3), ("lq", 3), ("centre_lon", 6),
                 ("centre_lat", 6)):
        if c in out:
            out[c] = pd.to_numeric(out[c], errors="coerce").round(n)
    return out


def plan_table(industries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``PlanVsReality.industries`` with the name in ``lang`` only."""
    out = industries.copy()
    out.insert(1, "name", out[f"name_{lang}"])
    out = out.drop(columns=["name_zh", "name_en"])
    out["share_in_focus_areas"] = out["share_in_focus_areas"].round(4)
    return out


def area_table(area_focus: pd.DataFrame, lang: str, *, taxonomy: Taxonomy | None = None
               ) -> pd.DataFrame:
    """``PlanVsReality.area_focus`` (or its unmatched rows) with names in ``lang``."""
    taxonomy = taxonomy or load_taxonomy()
    out = area_focus.copy()
    out.insert(1, "area_name", out[f"name_{lang}"])
    out = out.drop(columns=["name_zh", "name_en"])
    out.insert(out.columns.get_loc("industry") + 1, "industry_name",
               [_names(v, taxonomy, lang) for v in out["industry"]])
    return out


def run_rows(concentrations: pd.DataFrame, lang: str, *,
             taxonomy: Taxonomy | None = None) -> list[tuple[str, str]]:
    """(item, value) rows: the parameters used and, per run, the firms used, the
    concentrations found and the points left out (from the frame's ``attrs``)."""
    taxonomy = taxonomy or load_taxonomy()
    runs = concentrations.attrs.get("runs") or [concentrations.attrs]
    runs = [r for r in runs if r]
    if not runs:
        return []
    first = runs[0]
    rows = [(label("p_method", lang), str(first["method"])),
            (label("p_scale_m", lang), f"{first['scale_m']:,.0f}"),
            (label("p_max_precision_m", lang), f"{first['max_precision_m']:,.0f}"),
            (label("p_density_ratio", lang), f"{first['density_ratio']:g}"),
            (label("p_land_km2", lang), f"{first['land_km2']:,.1f}"),
            (label("n_points", lang), f"{first['n_points']:,}"),
            (label("n_no_industry", lang), f"{first['n_no_industry']:,}")]
    counts = concentrations["industry"].value_counts() if len(concentrations) else {}
    for r in runs:
        key = ";".join(r["industries"])
        rows.append((f"{_names(key, taxonomy, lang)} · {label('p_min_firms', lang)}",
                     f"{r['min_firms']:,}"))
        rows.append((_names(key, taxonomy, lang), label("run_summary", lang).format(
            used=f"{r['n_used']:,}",
            found=int(counts.get(key, 0)) if len(concentrations) else 0,
            coarse=f"{r['n_excluded_precision']:,}")))
        if r.get("n_precision_unknown"):
            rows.append((f"{_names(key, taxonomy, lang)} · "
                         f"{label('n_precision_unknown', lang)}",
                         f"{r['n_precision_unknown']:,}"))
    return rows


def report_metadata(concentrations: pd.DataFrame, lang: str, *, source: str,
                    terms: Sequence[str] = (), sources: Sequence[tuple[str, str]] = ()
                    ) -> list[tuple[str, str]]:
    """The metadata rows of the report (:func:`exports.report_tables.metadata_rows`):
    its name, time, the register (``source``), the industry filter, the CRSs and the
    parameters and counts of :func:`run_rows`."""
    from exports.report_tables import base_layer_source, enterprise_source

    runs = concentrations.attrs.get("runs") or [concentrations.attrs]
    n_points = runs[0].get("n_points", 0) if runs else 0
    return metadata_rows(lang, report=label("report", lang),
                         filters={"filter_industries": list(terms)},
                         sources=[enterprise_source(lang, n=n_points, is_sample=False,
                                                    name=source),
                                  base_layer_source(lang), *sources],
                         extra=run_rows(concentrations, lang))


def _localized(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = localize_values(frame, lang, {"kind": "kind_", "grade": "grade_", "inside": ""})
    return out.rename(columns={c: label(c, lang) for c in out.columns
                               if "conc.report." + c in STRINGS})


def report_sheets(concentrations: pd.DataFrame, result, lang: str, *,
                  taxonomy: Taxonomy | None = None) -> dict[str, pd.DataFrame]:
    """The workbook's sheets, named and headed in ``lang``."""
    taxonomy = taxonomy or load_taxonomy()
    table = concentration_table(concentrations, result.concentrations, lang,
                                taxonomy=taxonomy)
    outside = table[~table["inside"]] if "inside" in table else table.iloc[:0]
    return {label("sheet_concentrations", lang): _localized(table, lang),
            label("sheet_plan", lang): _localized(plan_table(result.industries, lang), lang),
            label("sheet_outside", lang): _localized(outside.reset_index(drop=True), lang),
            label("sheet_unmatched", lang): _localized(
                area_table(result.unmatched_areas, lang, taxonomy=taxonomy), lang)}


def write_report(path: str | Path, concentrations: gpd.GeoDataFrame, result, *,
                 lang: str, metadata: Sequence[tuple[str, str]] = ()) -> Path:
    """Write ``concentrations`` and the :class:`PlanVsReality` ``result`` to ``path``
    (.gpkg, .geojson or .xlsx, by extension), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot write {suffix!r} here; use " + ", ".join(SUFFIXES))
    taxonomy = load_taxonomy()
    if suffix == ".xlsx":
        sheets = report_sheets(concentrations, result, lang, taxonomy=taxonomy)
        from core.i18n import t

        if metadata:
            from exports.report_tables import metadata_frame

            sheets[t("sheet_meta", lang)] = metadata_frame(metadata, lang)
        return safe_io.write_xlsx(sheets, path)
    table = concentration_table(concentrations, result.concentrations, lang,
                                taxonomy=taxonomy)
    gdf = gpd.GeoDataFrame(table, geometry=concentrations.geometry.to_numpy()
                           if len(concentrations) else gpd.GeoSeries([]).to_numpy(),
                           crs=settings.CRS_STORAGE)
    with safe_io.atomic_write(path) as tmp:
        if suffix == ".geojson":
            gdf.to_file(tmp, driver="GeoJSON", engine="pyogrio")
            return path
        import pyogrio

        gdf.to_file(tmp, layer="concentrations", driver="GPKG", engine="pyogrio")
        tables = {"plan_by_industry": plan_table(result.industries, lang),
                  "plan_area_focus": area_table(result.area_focus, lang, taxonomy=taxonomy),
                  "about": pd.DataFrame(list(metadata), columns=["item", "value"])}
        for layer, frame in tables.items():
            pyogrio.write_dataframe(_plain(frame), tmp, layer=layer, driver="GPKG",
                                    append=False)
    return path


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns a GeoPackage attribute table takes: booleans as 0/1, objects as text."""
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == bool:
            out[c] = out[c].astype(np.int8)
        elif out[c].dtype == object:
            out[c] = out[c].map(lambda v: None if v is None or v != v else str(v))
    return out


def summary_lines(concentrations: pd.DataFrame, lang: str = "en") -> list[str]:
    """One line per run for a terminal (see :func:`run_rows`)."""
    return [f"{k}: {v}" for k, v in run_rows(concentrations, lang)]


__all__ = ["SUFFIXES", "area_table", "concentration_table", "label",
                    "plan_table", "report_metadata", "report_sheets", "run_rows",
                    "summary_lines", "write_report"]
