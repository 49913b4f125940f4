"""Tables ready for a report: headers and words in the reader's language, ids kept in
their own column, and a metadata sheet saying what the numbers rest on.

Functions take frames and ``lang`` ("zh" or "en") and return new frames, metadata rows
or file bytes; nothing here needs Streamlit, so the pages and the CLI share it:

>>> table = coverage_report(coverage.coverage_table(points, ctx), "zh")
>>> meta = metadata_rows("zh", report=t("coverage_table", "zh"),
...                      filters={"filter_industries": ["生物医药"]},
...                      sources=[*area_sources(areas, "zh"), facility_source("zh", n=81),
...                               enterprise_source("zh", n=154, is_sample=True)])
>>> report_xlsx({t("sheet_coverage", "zh"): table}, metadata=meta, lang="zh")

The bytes come from ``core.safe_io`` (UTF-8 with a byte-order mark, no cell can run
as a spreadsheet formula). A CSV carries the metadata as leading ``# item: value``
lines (read it back with ``pandas.read_csv(..., skiprows=len(meta))``);
a workbook as its own sheet (:func:`metadata_frame`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from core import safe_io, settings
from core.i18n import STRINGS, name_col, t

#: i18n key of each coverage-table column's header.
COVERAGE_LABELS: dict[str, str] = {
    "id": "col_id", "name_zh": "col_name_zh", "name_en": "col_name_en", "kind": "col_kind",
    "grade": "grade", "area_km2": "area_km2", "n_facilities": "col_n_facilities",
    "n_enterprises": "col_n_enterprises", "facilities_per_km2": "col_facilities_per_km2",
    "enterprises_per_km2": "col_enterprises_per_km2",
    "share_city_facilities": "col_share_city_facilities",
    "share_city_enterprises": "col_share_city_enterprises",
    "focus_alignment": "col_focus_alignment",
    "focus_matches_filter": "col_focus_matches_filter",
    "n_facilities_sure": "col_n_facilities_sure",
    "n_facilities_uncertain": "col_n_facilities_uncertain",
    "n_facilities_area_level": "col_n_facilities_area_level",
    "n_enterprises_sure": "col_n_enterprises_sure",
    "n_enterprises_uncertain": "col_n_enterprises_uncertain",
    "n_enterprises_area_level": "col_n_enterprises_area_level",
    "density_lower_bound": "col_density_lower_bound",
}
#: i18n key of each overlap-table column's header.
OVERLAP_LABELS: dict[str, str] = {
    "area_a_id": "col_area_a_id", "area_a": "col_area_a", "area_b_id": "col_area_b_id",
    "area_b": "col_area_b", "overlap_km2": "col_overlap_km2", "share_of_a": "col_share_of_a",
    "share_of_b": "col_share_of_b",
}
#: Columns whose values are words: the i18n key of a value is prefix + value.
VALUE_WORDS: dict[str, str] = {"kind": "kind_", "grade": "grade_"}
#: Decimals kept in a report (areas to 0.01 km², densities to 0.001 per km²…).
DECIMALS: dict[str, int] = {
    "area_km2": 2, "facilities_per_km2": 3, "enterprises_per_km2": 3,
    "share_city_facilities": 4, "share_city_enterprises": 4, "focus_alignment": 3,
    "overlap_km2": 2, "share_of_a": 4, "share_of_b": 4,
}


def localize_columns(frame: pd.DataFrame, lang: str, labels: Mapping[str, str]
                     ) -> pd.DataFrame:
    """A copy of ``frame`` with each column in ``labels`` (column → i18n key) renamed to
    its label in ``lang``; other columns keep their names. Values are not touched."""
    return frame.rename(columns={c: t(k, lang) for c, k in labels.items()
                                 if c in frame.columns})


def localize_values(frame: pd.DataFrame, lang: str,
                    words: Mapping[str, str] = VALUE_WORDS) -> pd.DataFrame:
    """A copy of ``frame`` in which the word columns (column → i18n key prefix, e.g.
    ``{"kind": "kind_"}``) read in ``lang``; booleans in them become yes/no. A value
    with no entry in the catalogue, or a missing one, stays as it is."""
    out = frame.copy()

    def word(prefix: str, v):
        if isinstance(v, bool | np.bool_):
            return t("yes" if v else "no", lang)
        key = f"{prefix}{v}"
        return t(key, lang) if isinstance(v, str) and key in STRINGS else v

    for col, prefix in words.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, p=prefix: word(p, v))
    return out


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col, n in DECIMALS.items():
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").round(n)
    return out


def coverage_report(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The coverage table (``analysis.coverage.coverage_table``) for a report: area id,
    the name in ``lang`` then the other one, kind and grade as words, the measures
    rounded (see DECIMALS), headers in ``lang``; the summary rows have no grade."""
    first, second = name_col(lang), name_col("en" if lang == "zh" else "zh")
    cols = ["id", first, second] + [c for c in COVERAGE_LABELS
                                    if c in table.columns and c not in
                                    ("id", "name_zh", "name_en")]
    out = _rounded(table[[c for c in cols if c in table.columns]])
    out = localize_values(out, lang, {**VALUE_WORDS, "focus_matches_filter": "",
                                      "density_lower_bound": ""})
    return localize_columns(out, lang, COVERAGE_LABELS)


def proximity_report(proximity: pd.DataFrame, names: Mapping[str, str], lang: str
                     ) -> pd.DataFrame:
    """``analysis.coverage.proximity_coverage`` for a report: the area id and its name
    in ``lang``, the enterprises counted and the share within each radius (rounded to
    4 decimals), headers in ``lang``."""
    out = proximity.copy()
    out.insert(1, "name", out["id"].map(names))
    radii = {c: c.removeprefix("share_within_").removesuffix("m") for c in out.columns
             if c.startswith("share_within_")}
    for c in radii:
        out[c] = pd.to_numeric(out[c], errors="coerce").round(4)
    out = localize_columns(out, lang, {"id": "col_id", "name": "col_name",
                                       "n_enterprises": "col_n_enterprises"})
    return out.rename(columns={c: t("col_share_within", lang, r=f"{int(r):,}")
                               for c, r in radii.items()})


def overlaps_report(overlaps: pd.DataFrame, names: Mapping[str, str], lang: str
                    ) -> pd.DataFrame:
    """``analysis.coverage.overlaps`` for a report: each area's id in its own column
    beside its name in ``lang`` (``names``: id → name), shares and km² rounded."""
    out = _rounded(overlaps)
    out.insert(0, "area_a_id", out["area_a"])
    out.insert(2, "area_b_id", out["area_b"])
    out["area_a"] = out["area_a_id"].map(names)
    out["area_b"] = out["area_b_id"].map(names)
    out = out[["area_a_id", "area_a", "area_b_id", "area_b",
               *[c for c in out.columns if c not in OVERLAP_LABELS], "overlap_km2",
               "share_of_a", "share_of_b"]]
    return localize_columns(out, lang, OVERLAP_LABELS)


def matrix_report(matrix: pd.DataFrame, names: Mapping[str, str], columns: Mapping[str, str],
                  lang: str, *, decimals: int = 3) -> pd.DataFrame:
    """An area × something matrix (e.g. location quotients: index area ids, columns
    industry ids) as a table: the area id and its name as the first two columns, the
    other columns renamed by ``columns`` (id → label), values rounded."""
    out = matrix.round(decimals).rename(columns=dict(columns))
    out.insert(0, "name", [names.get(i, i) for i in matrix.index])
    out.insert(0, "id", list(matrix.index))
    return localize_columns(out.reset_index(drop=True), lang,
                            {"id": "col_id", "name": "col_name"})


def coverage_sheets(table: pd.DataFrame, lang: str, *, overlaps: pd.DataFrame | None = None,
                    lq: pd.DataFrame | None = None,
                    industry_names: Mapping[str, str] | None = None,
                    proximity: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The sheets of a coverage workbook, named in ``lang``: the coverage table
    (:func:`coverage_report`), then, when given, the overlaps (:func:`overlaps_report`),
    the location quotients (``analysis.coverage.location_quotients``; industries
    with no value anywhere dropped, named by ``industry_names``: id → name) and the
    proximity of enterprises to anchor facilities (:func:`proximity_report`)."""
    names = dict(zip(table["id"], table[name_col(lang)], strict=True))
    sheets = {t("sheet_coverage", lang): coverage_report(table, lang)}
    if overlaps is not None:
        sheets[t("sheet_overlaps", lang)] = overlaps_report(overlaps, names, lang)
    if lq is not None:
        sheets[t("sheet_lq", lang)] = matrix_report(lq.dropna(how="all", axis=1), names,
                                                    industry_names or {}, lang)
    if proximity is not None:
        sheets[t("sheet_proximity", lang)] = proximity_report(proximity, names, lang)
    return sheets


def coverage_workbook(table: pd.DataFrame, lang: str, *, metadata: Sequence[tuple[str, str]],
                      overlaps: pd.DataFrame | None = None, lq: pd.DataFrame | None = None,
                      proximity: pd.DataFrame | None = None) -> bytes:
    """The coverage workbook the 统计 page and ``cli.py stats --out x.xlsx`` both write:
    :func:`coverage_sheets` (industries named from the taxonomy in ``lang``) and the
    metadata sheet (:func:`coverage_metadata`)."""
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    sheets = coverage_sheets(table, lang, overlaps=overlaps, lq=lq, proximity=proximity,
                             industry_names={i: tax.name(i, lang) for i in
                                             (lq.columns if lq is not None else [])})
    return report_xlsx(sheets, lang=lang, metadata=metadata)


def coverage_metadata(lang: str, table: pd.DataFrame, *, n_facilities: int,
                      enterprises: Sequence[tuple[int, bool, str | None]] = (),
                      facility_files: str | None = None,
                      industries: Iterable[str] = (), categories: Iterable[str] = (),
                      boundaries: Mapping[str, str] | None = None
                      ) -> list[tuple[str, str]]:
    """What a coverage table rests on (:func:`metadata_rows`), the same for the page and
    the CLI: the areas and their grades, the facilities (the shipped catalogue, or the
    user's ``facility_files``), each enterprise source (n, is_sample, name), the base
    layers, the filters as the reader knows them (industry terms named from the
    taxonomy, facility categories by name), how the counts are split and, given
    ``boundaries`` (``data.areas.boundary_labels``), the boundary versions counted
    with (:func:`boundary_versions_text`)."""
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    fac = (t("meta_facilities", lang), t("meta_fac_files", lang, n=f"{n_facilities:,}",
                                         name=facility_files)) if facility_files \
        else facility_source(lang, n=n_facilities)
    sources = [*area_sources(table, lang), fac,
               *(enterprise_source(lang, n=n, is_sample=sample, name=name)
                 for n, sample, name in enterprises), base_layer_source(lang)]
    pick = 0 if lang == "zh" else 1
    return metadata_rows(
        lang, report=t("coverage_table", lang), sources=sources,
        filters={"filter_industries": [tax.name(i, lang) if i in tax.entries else i
                                       for i in industries or ()],
                 "filter_categories": [settings.FACILITY_CATEGORIES.get(c, (c, c))[pick]
                                       for c in categories or ()]},
        extra=[(t("meta_counts", lang), t("stats_honesty_note", lang)),
               *([(t("history.col_boundaries", lang),
                   boundary_versions_text(boundaries, table, lang))] if boundaries else [])])


def version_name(label: str, lang: str) -> str:
    """A boundary label (``workspace:<id>``, ``override``, ``built``: what
    ``data.areas.boundary_labels`` gives) as the reader knows it."""
    if label.startswith("workspace:"):
        return t("opinion.version_workspace", lang, id=label.split(":", 1)[1])
    return t("opinion.version_" + label, lang) if label in ("override", "built") else label


def boundary_versions_text(labels: Mapping[str, str], table: pd.DataFrame,
                           lang: str) -> str:
    """The boundary versions a coverage ``table`` (id, names, area_km2) counted with:
    every area not on the project's built polygon named with its version and its km²
    in the table, then how many areas are on the built polygons."""
    km2 = dict(zip(table["id"], table["area_km2"], strict=True))
    names = dict(zip(table["id"], table[name_col(lang)], strict=True))
    special = [t("stats.boundary_item", lang, name=names.get(a, a),
                 version=version_name(v, lang), km2=f"{km2.get(a, float('nan')):,.2f}")
               for a, v in labels.items() if v != "built"]
    built = sum(1 for v in labels.values() if v == "built")
    parts = special + ([t("history.boundaries_built", lang, n=built)] if built else [])
    return t("sep.list", lang).join(parts)


# --------------------------------------------------------------------------- metadata
def area_sources(areas: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """The plan and the areas' boundary grades (how many areas have each grade), from
    a frame with ``grade`` (and ``kind``: summary rows are skipped)."""
    real = areas[areas["kind"] != "summary"] if "kind" in areas.columns else areas
    counts = real["grade"].value_counts()
    sep = t("sep.list", lang)
    grades = sep.join(f"{t('grade_' + g, lang)} {int(counts[g])}"
                      for g in settings.PRECISION_GRADES if g in counts)
    return [(t("meta_plan", lang), t("meta_plan_title", lang)),
            (t("meta_areas", lang), t("meta_areas_value", lang).format(n=len(real),
                                                                       grades=grades))]


def facility_source(lang: str, *, n: int) -> tuple[str, str]:
    """The shipped facility catalogue, with its size."""
    return t("meta_facilities", lang), t("meta_facilities_value", lang).format(n=f"{n:,}")


def enterprise_source(lang: str, *, n: int, is_sample: bool, name: str | None = None
                      ) -> tuple[str, str]:
    """The enterprise data: the shipped curated sample, or the register the user
    uploaded (its file ``name``)."""
    if is_sample:
        return t("meta_enterprises", lang), t("meta_ent_sample", lang).format(n=f"{n:,}")
    return t("meta_enterprises", lang), t("meta_ent_uploaded", lang).format(
        n=f"{n:,}", name=name or "—")


def base_layer_source(lang: str) -> tuple[str, str]:
    """The district and 街道 boundaries (OpenStreetMap, ODbL)."""
    return t("meta_base", lang), t("meta_base_value", lang)


def metadata_rows(lang: str, *, report: str | None = None,
                  filters: Mapping[str, Iterable[str]] | None = None,
                  sources: Sequence[tuple[str, str]] = (),
                  extra: Sequence[tuple[str, str]] = (),
                  created: datetime | None = None) -> list[tuple[str, str]]:
    """(item, value) rows saying what a table rests on, in ``lang``: the report's name,
    the export time (UTC), the tool, the data ``sources`` (e.g. :func:`area_sources`,
    :func:`facility_source`, :func:`enterprise_source`), the ``filters`` in force
    (i18n key or label → chosen values; none chosen reads "all"), the coordinate
    systems (stored in WGS-84 EPSG:4326, measured in EPSG:4547) and ``extra`` rows."""
    when = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows: list[tuple[str, str]] = []
    if report:
        rows.append((t("meta_report", lang), report))
    rows += [(t("meta_created", lang), when), (t("meta_app", lang), t("app_title", lang))]
    rows += [(str(k), str(v)) for k, v in sources]
    sep = t("sep.list", lang)
    for key, values in (filters or {}).items():
        chosen = [str(v) for v in values or ()]
        rows.append((t(key, lang), sep.join(chosen) if chosen else t("all", lang)))
    rows += [(t("meta_crs_storage", lang), t("crs_wgs84", lang)),
             (t("meta_crs_measure", lang), t("crs_epsg4547", lang))]
    rows += [(str(k), str(v)) for k, v in extra]
    return rows


def metadata_frame(rows: Sequence[tuple[str, str]], lang: str) -> pd.DataFrame:
    """The metadata rows as a two-column sheet with headers in ``lang``."""
    return pd.DataFrame(list(rows), columns=[t("meta_item", lang), t("meta_value", lang)])


# ------------------------------------------------------------------------------ bytes
def report_csv(frame: pd.DataFrame, *, metadata: Sequence[tuple[str, str]] = ()) -> bytes:
    """The frame as CSV bytes (UTF-8 with BOM, formulas neutralised), the metadata as
    leading ``# item: value`` lines."""
    return safe_io.csv_bytes(frame, metadata=list(metadata) or None)


def report_xlsx(sheets: Mapping[str, pd.DataFrame], *, lang: str,
                metadata: Sequence[tuple[str, str]] = ()) -> bytes:
    """A workbook, one sheet per frame (in order), then the metadata sheet named and
    headed in ``lang`` (:func:`metadata_frame`); formulas neutralised."""
    out = dict(sheets)
    if metadata:
        out[t("sheet_meta", lang)] = metadata_frame(metadata, lang)
    return safe_io.xlsx_bytes(out)
