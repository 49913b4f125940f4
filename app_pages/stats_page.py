"""统计 Coverage page: the coverage table, charts, comparison and downloads."""

import pandas as pd
import streamlit as st

from analysis import coverage
from app_pages.data_cache import context, enterprises, filters, joined_points
from app_pages.tables import (
    COVERAGE_FORMATS,
    bar_chart,
    compare_frame,
    coverage_help,
    coverage_label,
    heat_styler,
)
from core import settings
from core.i18n import name_col, t
from core.taxonomy import load_taxonomy
from exports import report_tables as rt

lang = st.session_state.get("lang", "zh")
st.title(t("stats_page", lang))
industries, categories = filters()
pts, joined = joined_points()
ctx = context()
table = coverage.coverage_table(pts, ctx, industries=industries, categories=categories,
                                joined=joined)
names_col = name_col(lang)
show = table[["id", names_col, "kind", "grade", "area_km2", "n_facilities", "n_enterprises",
              "facilities_per_km2", "enterprises_per_km2", "share_city_facilities",
              "focus_alignment"]].copy()
show["kind"] = show["kind"].map(lambda k: t("kind_" + k, lang) if k != "summary" else "—")
show["grade"] = show["grade"].map(lambda g: t("grade_" + g, lang) if isinstance(g, str)
                                  else "—")

st.subheader(t("coverage_table", lang))
ents, is_sample = enterprises()
if is_sample:
    st.caption(t("enterprise_sample_note", lang).format(n=len(ents)))
st.dataframe(show, hide_index=True, width="stretch", key="coverage_df",
             column_config={
                 "id": None,  # ids stay in the downloads, not on screen
                 **{c: st.column_config.TextColumn(coverage_label(c, lang),
                                                   help=coverage_help(c, lang))
                    for c in (names_col, "kind", "grade")},
                 **{c: st.column_config.NumberColumn(coverage_label(c, lang), format=f,
                                                     help=coverage_help(c, lang))
                    for c, f in COVERAGE_FORMATS.items()}})

# downloads for a report: headers and words in the page language, ids in their own
# column, and what the numbers rest on (date, sources and grades, filters, CRS)
tax = load_taxonomy()
labels = dict(zip(table["id"], table[names_col], strict=True))
ov = coverage.overlaps(ctx)
has_enterprises = bool((pts["kind"] == "enterprise").any())
lq = coverage.location_quotients(pts, ctx, joined=joined) if has_enterprises else None
register = st.session_state.get("user_enterprises_name")
metadata = rt.metadata_rows(
    lang, report=t("coverage_table", lang),
    sources=[*rt.area_sources(table, lang), rt.facility_source(lang, n=int(
        (pts["kind"] == "facility").sum())),
             rt.enterprise_source(lang, n=len(ents), is_sample=is_sample, name=register),
             rt.base_layer_source(lang)],
    filters={"filter_industries": [tax.name(i, lang) if i in tax.entries else i
                                   for i in industries],
             "filter_categories": [settings.FACILITY_CATEGORIES.get(c, (c, c))[
                 0 if lang == "zh" else 1] for c in categories]})
sheets = rt.coverage_sheets(table, lang, overlaps=ov, lq=lq, industry_names={
    i: tax.name(i, lang) for i in (lq.columns if lq is not None else [])})
csv = rt.report_csv(sheets[t("sheet_coverage", lang)], metadata=metadata)
c1, c2 = st.columns(2)
c1.download_button(t("download_csv", lang), csv, file_name="coverage.csv", mime="text/csv",
                   key="dl_csv", on_click="ignore")
c2.download_button(t("download_xlsx", lang), rt.report_xlsx(sheets, lang=lang,
                                                           metadata=metadata),
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
chosen = st.multiselect(t("compare", lang), ids, default=ids[:2], max_selections=15,
                        format_func=labels.get, key="compare_ids")
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
