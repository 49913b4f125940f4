"""统计 Coverage page: the coverage table, charts, comparison and downloads."""

import io

import pandas as pd
import streamlit as st

from analysis import coverage
from app_pages.data_cache import context, enterprises, filters, joined_points
from core.i18n import t
from core.taxonomy import load_taxonomy
from layers.tables import COVERAGE_FORMATS, compare_frame, coverage_label, heat_styler

lang = st.session_state.get("lang", "zh")
st.title(t("stats_page", lang))
industries, categories = filters()
pts, joined = joined_points()
ctx = context()
table = coverage.coverage_table(pts, ctx, industries=industries, categories=categories,
                                joined=joined)
name_col = "name_zh" if lang == "zh" else "name_en"
show = table[["id", name_col, "kind", "grade", "area_km2", "n_facilities", "n_enterprises",
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
                 **{c: st.column_config.TextColumn(coverage_label(c, lang))
                    for c in (name_col, "kind", "grade")},
                 **{c: st.column_config.NumberColumn(coverage_label(c, lang), format=f)
                    for c, f in COVERAGE_FORMATS.items()}})
c1, c2 = st.columns(2)
c1.download_button(t("download_csv", lang), table.to_csv(index=False).encode("utf-8-sig"),
                   file_name="coverage.csv", mime="text/csv", key="dl_csv")
xlsx = io.BytesIO()
with pd.ExcelWriter(xlsx) as xl:
    table.to_excel(xl, sheet_name="coverage", index=False)
    coverage.overlaps(ctx).to_excel(xl, sheet_name="overlaps", index=False)
c2.download_button(t("download_xlsx", lang), xlsx.getvalue(), file_name="coverage.xlsx",
                   key="dl_xlsx")

st.subheader(t("facilities_by_area", lang))
top = table[table["kind"].isin(["innovation_cluster", "strategic_platform"])]
counts = top.set_index(name_col)[["n_facilities", "n_enterprises"]]
st.bar_chart(counts.rename(columns=lambda c: coverage_label(c, lang)), horizontal=True)

st.subheader(t("counts_by_industry", lang))
tax = load_taxonomy()
filtered = coverage.filter_points(pts, industries=industries, categories=categories)
by_ind = filtered["industries"].explode().dropna().value_counts()
if len(by_ind):
    by_ind.index = [tax.name(i, lang) for i in by_ind.index]
    st.bar_chart(by_ind, horizontal=True)

st.subheader(t("compare", lang))
ids = table.loc[table["kind"] != "summary", "id"].tolist()
labels = dict(zip(table["id"], table[name_col], strict=True))
chosen = st.multiselect(t("compare", lang), ids, default=ids[:2], max_selections=15,
                        format_func=labels.get, key="compare_ids")
if len(chosen) >= 2:
    st.dataframe(compare_frame(show, chosen, lang=lang), width="stretch")

st.subheader(t("lq_table", lang))
if (pts["kind"] == "enterprise").any():
    lq = coverage.location_quotients(pts, ctx, joined=joined)
    lq.columns = [tax.name(c, lang) for c in lq.columns]
    lq.index = [labels[i] for i in lq.index]
    if is_sample:
        st.caption(t("lq_sample_note", lang).format(n=len(ents)))
    st.dataframe(heat_styler(lq.dropna(how="all", axis=1), fmt="{:.2f}", cmap="RdBu_r",
                             vmin=0, vmax=2, plain_zero=True), width="stretch")
else:
    st.info(t("no_enterprises", lang))

st.subheader(t("overlap_matrix", lang))
ov = coverage.overlaps(ctx)
both = pd.concat([ov.rename(columns={"area_a": "row", "area_b": "col", "share_of_a": "s"}),
                  ov.rename(columns={"area_b": "row", "area_a": "col", "share_of_b": "s"})])
matrix = both.pivot_table(index="row", columns="col", values="s", aggfunc="max")
matrix.index = [labels[i] for i in matrix.index]
matrix.columns = [labels[i] for i in matrix.columns]
st.dataframe(heat_styler(matrix, fmt="{:.0%}", cmap="Blues", vmin=0, vmax=1),
             width="stretch")
st.subheader(t("overlap_table", lang))
ov["area_a"] = ov["area_a"].map(labels)
ov["area_b"] = ov["area_b"].map(labels)
st.dataframe(ov, hide_index=True, width="stretch", column_config={
    "area_a": st.column_config.TextColumn(t("col_area_a", lang)),
    "area_b": st.column_config.TextColumn(t("col_area_b", lang)),
    "overlap_km2": st.column_config.NumberColumn(t("col_overlap_km2", lang), format="%.2f"),
    "share_of_a": st.column_config.NumberColumn(t("col_share_of_a", lang), format="percent"),
    "share_of_b": st.column_config.NumberColumn(t("col_share_of_b", lang), format="percent")})
