"""统计 page, "change over time": two saved registers (snapshots) counted per area and
industry, with the change and the growth rate, and a CSV download. The counting is
:func:`analysis.change.compare_snapshots`; this module only draws it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import auth
from app_pages import workspace_state as wss
from app_pages.data_cache import context
from core import settings
from core.i18n import name_col, t
from core.messages import md_literal
from core.taxonomy import load_taxonomy
from data.workspace import WorkspaceError


def _tr(key: str, lang: str) -> str:
    return t("change." + key, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(url: str, before: tuple, after: tuple, industries: tuple) -> pd.DataFrame:
    """The change table of two saved registers (``before``/``after``: id and import
    time, their identity); computed once per server for each pair and filter."""
    from analysis.change import compare_snapshots

    pts = [wss.saved_points(url, *key) for key in (before, after)]
    return compare_snapshots(pts[0], pts[1], context(), industries=list(industries))


def render(lang: str, industries) -> None:
    """The section: two pickers, the table and its download."""
    st.subheader(_tr("change_header", lang))
    ws = wss.workspace()
    if ws is None:
        st.info(md_literal(wss.tr("workspace_error", lang).format(e=wss.last_error())))
        return
    try:
        saved = ws.list_registers(visible_to=auth.visible_to())
    except WorkspaceError as exc:
        st.info(md_literal(wss.tr("workspace_error", lang).format(e=exc.text(lang))))
        return
    if len(saved) < 2:
        st.caption(_tr("change_need_two", lang))
        return
    label = {r.id: f"{r.id} · {r.name}" + (f" ({r.as_of})" if r.as_of else "")
             for r in saved.itertuples()}
    stamp = dict(zip(saved["id"], saved["imported_at"], strict=True))
    ids = list(label)
    c1, c2 = st.columns(2)
    before = c1.selectbox(_tr("change_before", lang), ids, index=len(ids) - 2,
                          format_func=label.get, key="ch_before")
    after = c2.selectbox(_tr("change_after", lang), ids, index=len(ids) - 1,
                         format_func=label.get, key="ch_after")
    try:
        table = _compare(settings.workspace_url(), (int(before), stamp[before]),
                         (int(after), stamp[after]), tuple(industries))
    except WorkspaceError as exc:
        st.warning(md_literal(wss.tr("workspace_error", lang).format(e=exc.text(lang))))
        return
    tax = load_taxonomy()
    ctx = context()
    names = dict(zip(ctx.areas["id"], ctx.areas[name_col(lang)],
                     strict=True)) | {"city": _tr("city", lang)}
    shown = table.assign(
        area_id=table["area_id"].map(names),
        industry=[_tr("all", lang) if i == "all" else tax.name(i, lang) if i in tax.entries
                  else i for i in table["industry"]])
    st.caption(_tr("change_note", lang))
    st.dataframe(shown, hide_index=True, width="stretch", key="ch_table", column_config={
        "area_id": st.column_config.TextColumn(_tr("col_area", lang)),
        "industry": st.column_config.TextColumn(_tr("col_industry", lang)),
        **{c: st.column_config.NumberColumn(_tr("col_" + c, lang), format="%d")
           for c in ("before", "after", "change")},
        "growth_pct": st.column_config.NumberColumn(_tr("col_growth_pct", lang),
                                                    format="%.1f")})
    from exports import report_tables as rt

    csv = rt.report_csv(table, metadata=[("before", label[before]), ("after", label[after]),
                                         ("CRS", "EPSG:4326; areas measured in EPSG:4547")])
    st.download_button(t("download_csv", lang), csv, file_name="change.csv",
                       mime="text/csv", key="ch_dl", on_click="ignore")
