"""统计 Coverage page: the coverage table, charts, comparison and downloads."""

import pandas as pd
import streamlit as st

from analysis import coverage
from analysis.location_level import with_location_level
from app_pages.data_cache import context, enterprises, facilities, filters, joined_points
from app_pages.lang_widgets import option_widget
from app_pages.tables import (
    COVERAGE_FORMATS,
    bar_chart,
    compare_frame,
    coverage_help,
    coverage_label,
    heat_styler,
)
from core.i18n import name_col, t
from core.messages import md_literal
from core.taxonomy import load_taxonomy
from data.areas import boundary_labels
from exports import report_tables as rt

#: The honesty columns of the coverage table (analysis.coverage.coverage_table).
CERTAINTY = ("n_facilities_sure", "n_facilities_uncertain", "n_facilities_area_level",
             "n_enterprises_sure", "n_enterprises_uncertain", "n_enterprises_area_level")


def _with_certainty_inputs(pts: pd.DataFrame, ents: pd.DataFrame) -> pd.DataFrame:
    """The joined points with each one's error bound (``precision_m``, metres; NaN where
    not stated) and, for an area-level catalogue point, its ``container``. The joined
    points are the facilities then the enterprises (app_pages.data_cache), row for row;
    if that ever stops holding, the points are counted without them (all located,
    taken at their coordinates)."""
    parts = [with_location_level(f) for f in (facilities(), ents)]
    extra = pd.concat([p.reindex(columns=["precision_m", "container"]) for p in parts],
                      ignore_index=True)
    if len(extra) != len(pts):
        return pts
    return pts.assign(precision_m=pd.to_numeric(extra["precision_m"], errors="coerce"
                                                ).to_numpy(),
                      container=extra["container"].fillna("").to_numpy())


lang = st.session_state.get("lang", "zh")
st.title(t("stats_page", lang))
industries, categories = filters()
pts, joined = joined_points()
ctx = context()
ents, is_sample = enterprises()
pts = _with_certainty_inputs(pts, ents)
# what does not change with the filters is measured once per point set (a register
# of 500,000 SYNTHETIC points with error bounds: 3.3 s for the edges, 1.6 s proximity)
_key = (st.session_state.get("user_enterprises_token"), is_sample, len(pts), id(joined))
_hit = st.session_state.get("_stats_once")
if _hit is None or _hit[0] != _key:
    _hit = (_key, coverage.with_certainty(joined, pts, ctx),
            coverage.proximity_coverage(pts, ctx)
            if bool((pts["kind"] == "enterprise").any()) else None)
    st.session_state["_stats_once"] = _hit
_, joined, proximity = _hit
table = coverage.coverage_table(pts, ctx, industries=industries, categories=categories,
                                joined=joined)
names_col = name_col(lang)
# each count next to its split, each density next to its lower-bound mark
show = table[["id", names_col, "kind", "grade", "n_facilities", *CERTAINTY[:3],
              "n_enterprises", *CERTAINTY[3:], "area_km2", "facilities_per_km2",
              "enterprises_per_km2", "density_lower_bound", "share_city_facilities",
              "focus_alignment"]].copy()
show["kind"] = show["kind"].map(lambda k: t("kind_" + k, lang) if k != "summary" else "—")
show["grade"] = show["grade"].map(lambda g: t("grade_" + g, lang) if isinstance(g, str)
                                  else "—")
show["density_lower_bound"] = show["density_lower_bound"].map(
    lambda v: t("lower_bound_mark", lang) if not pd.isna(v) and bool(v) else "")

st.subheader(t("coverage_table", lang))
if is_sample:
    st.caption(t("enterprise_sample_note", lang).format(n=len(ents)))
st.caption(t("stats_honesty_note", lang))
# the boundary versions counted with (the workspace's active ones: the 边界 page)
boundaries = boundary_labels(ctx.areas)
st.caption(md_literal(t("stats.boundaries", lang,
                        list=rt.boundary_versions_text(boundaries, table, lang))))
st.dataframe(show, hide_index=True, width="stretch", key="coverage_df",
             column_config={
                 "id": None,  # ids stay in the downloads, not on screen
                 names_col: st.column_config.TextColumn(
                     coverage_label(names_col, lang), help=coverage_help(names_col, lang),
                     width="medium", pinned=True),
                 **{c: st.column_config.TextColumn(coverage_label(c, lang),
                                                   help=coverage_help(c, lang))
                    for c in ("kind", "grade", "density_lower_bound")},
                 **{c: st.column_config.NumberColumn(coverage_label(c, lang), format=f,
                                                     help=coverage_help(c, lang))
                    for c, f in COVERAGE_FORMATS.items()},
                 **{c: st.column_config.NumberColumn(coverage_label(c, lang), format="%d",
                                                     help=coverage_help(c, lang))
                    for c in CERTAINTY}})

# downloads for a report: headers and words in the page language, ids in their own
# column, and what the numbers rest on (date, sources and grades, filters, CRS)
# the same workbook as `cli.py stats --out x.xlsx --lang …` (exports.report_tables)
tax = load_taxonomy()
labels = dict(zip(table["id"], table[names_col], strict=True))
ov = coverage.overlaps(ctx)
has_enterprises = bool((pts["kind"] == "enterprise").any())
lq = coverage.location_quotients(pts, ctx, joined=joined) if has_enterprises else None
register = st.session_state.get("user_enterprises_name")
metadata = rt.coverage_metadata(
    lang, table, n_facilities=int((pts["kind"] == "facility").sum()),
    enterprises=[(len(ents), is_sample, register)], industries=industries,
    categories=categories, boundaries=boundaries)
csv = rt.report_csv(rt.coverage_report(table, lang), metadata=metadata)
c1, c2 = st.columns(2)
c1.download_button(t("download_csv", lang), csv, file_name="coverage.csv", mime="text/csv",
                   key="dl_csv", on_click="ignore")
c2.download_button(t("download_xlsx", lang), rt.coverage_workbook(
    table, lang, metadata=metadata, overlaps=ov, lq=lq, proximity=proximity),
                   file_name="coverage.xlsx", key="dl_xlsx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader(t("facilities_by_area", lang))
top = table[table["kind"].isin(["strategic_platform", "innovation_cluster"])]
st.altair_chart(bar_chart(top, label=names_col, values=["n_facilities", "n_enterprises"],
                          lang=lang, titles={c: coverage_label(c, lang) for c in
                                             (names_col, "n_facilities", "n_enterprises")}),
                width="stretch", key="chart_by_area")

st.subheader(t("counts_by_industry", lang))
filtered = coverage.filter_points(pts, industries=industries, categories=categories)
by_ind = filtered["industries"].explode().dropna().value_counts()
if len(by_ind):
    frame = pd.DataFrame({"industry": [tax.name(i, lang) for i in by_ind.index],
                          "n_points": by_ind.to_numpy()})
    st.altair_chart(bar_chart(frame, label="industry", values=["n_points"], lang=lang,
                              titles={"industry": t("industry", lang),
                                      "n_points": t("chart_count", lang)}),
                    width="stretch", key="chart_by_industry")

st.subheader(t("compare", lang))
ids = table.loc[table["kind"] != "summary", "id"].tolist()
chosen = option_widget(st.multiselect, t("compare", lang), ids, default=ids[:2],
                       max_selections=15, format_func=labels.get, key="compare_ids")
if len(chosen) >= 2:
    st.dataframe(compare_frame(show, chosen, lang=lang), width="stretch")

st.subheader(t("lq_table", lang))
if lq is not None:
    lq = lq.copy()
    lq.columns = [tax.name(c, lang) for c in lq.columns]
    lq.index = [labels[i] for i in lq.index]
    if is_sample:
        st.caption(t("lq_sample_note", lang).format(n=len(ents)))
    st.dataframe(heat_styler(lq.dropna(how="all", axis=1), fmt="{:.2f}", cmap="RdBu_r",
                             vmin=0, vmax=2, plain_zero=True), width="stretch")
else:
    st.info(t("no_enterprises", lang))

st.subheader(t("overlap_matrix", lang))
both = pd.concat([ov.rename(columns={"area_a": "row", "area_b": "col", "share_of_a": "s"}),
                  ov.rename(columns={"area_b": "row", "area_a": "col", "share_of_b": "s"})])
matrix = both.pivot_table(index="row", columns="col", values="s", aggfunc="max")
matrix.index = [labels[i] for i in matrix.index]
matrix.columns = [labels[i] for i in matrix.columns]
st.dataframe(heat_styler(matrix, fmt="{:.0%}", cmap="Blues", vmin=0, vmax=1),
             width="stretch")
st.subheader(t("overlap_table", lang))
ov = ov.assign(area_a=ov["area_a"].map(labels), area_b=ov["area_b"].map(labels))
st.dataframe(ov, hide_index=True, width="stretch", column_config={
    "area_a": st.column_config.TextColumn(t("col_area_a", lang)),
    "area_b": st.column_config.TextColumn(t("col_area_b", lang)),
    "overlap_km2": st.column_config.NumberColumn(t("col_overlap_km2", lang), format="%.2f"),
    "share_of_a": st.column_config.NumberColumn(t("col_share_of_a", lang), format="percent"),
    "share_of_b": st.column_config.NumberColumn(t("col_share_of_b", lang), format="percent")})

from app_pages import change_section  # noqa: E402 (the section comes last on the page)

change_section.render(lang, industries)
