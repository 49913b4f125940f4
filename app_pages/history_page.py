"""核查记录 Check history: the workspace's placement-check log, filtered by user, date
range, area and verdict; exported as XLSX/CSV; one check re-opened on the 选址 map or
printed as a one-page 选址核查意见 (the same PDF as ``cli.py checks --print ID``).
Below it, 边界版本: the boundary versions kept in the workspace, and two versions of
one area drawn over each other with the change in km²."""

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.check_records import point_key
from app_pages import workspace_state
from app_pages.data_cache import areas, display_base_layers
from app_pages.lang_widgets import option_widget
from core.i18n import name_col, t
from core.messages import md_literal
from core.taxonomy import load_taxonomy
from data.workspace import WorkspaceError
from exports import report_tables
from exports.check_log import check_line, log_report, when

PLACEMENT_PAGE = "app_pages/placement_page.py"

lang = st.session_state.get("lang", "zh")
st.title(t("history_page", lang))
st.caption(t("history.intro", lang))
names = dict(zip(areas()["id"], areas()[name_col(lang)], strict=True))


def _checks_section(ws) -> None:
    """The check log: filters, table, downloads, one check re-opened or printed."""
    try:
        everything = ws.list_checks()
    except WorkspaceError as exc:
        st.error(md_literal(t("history.cannot_open", lang, error=exc.text(lang))))
        return
    if not len(everything):
        st.info(t("history.empty", lang))
        return
    log, filters = _filtered(ws, everything)
    if log is None:
        return
    st.caption(t("history.count", lang, n=len(log)))
    if not len(log):
        st.info(t("history.none", lang))
        return
    report = log_report(log, lang=lang, names=names)
    st.dataframe(report, hide_index=True, width="stretch", key="hp_table")
    meta = report_tables.metadata_rows(lang, report=t("history.report", lang),
                                       filters=filters,
                                       sources=[(t("meta_input", lang), ws.location)])
    d1, d2, _ = st.columns([1, 1, 2])
    d1.download_button(t("history.download_csv", lang),
                       report_tables.report_csv(report, metadata=meta),
                       file_name="check_history.csv", mime="text/csv", key="hp_csv",
                       on_click="ignore")
    d2.download_button(t("history.download_xlsx", lang),
                       report_tables.report_xlsx({t("history.sheet", lang): report},
                                                 lang=lang, metadata=meta),
                       file_name="check_history.xlsx", key="hp_xlsx", on_click="ignore")
    _one_check(log)


def _all_first(values) -> list:
    return [None, *sorted({v for v in values if isinstance(v, str) and v})]


def _filtered(ws, everything: pd.DataFrame):
    """The filter widgets (each offering what the log holds) and the log they leave
    (None when it cannot be read), with the filters as the metadata names them."""
    first_day = dt.date.fromisoformat(str(everything["created_at"].min())[:10])
    last_day = dt.date.fromisoformat(str(everything["created_at"].max())[:10])
    f1, f2, f3, f4 = st.columns([1, 1.4, 1.4, 1])
    user = option_widget(f1.selectbox, t("history.user", lang), _all_first(everything["author"]),
                         key="hp_user",
                         format_func=lambda v: t("history.all", lang) if v is None else v)
    days = f2.date_input(t("history.dates", lang), value=(first_day, last_day),
                         key="hp_dates")
    area_ids = sorted({a for ids in everything["area_ids"] for a in ids},
                      key=lambda a: names.get(a, a))
    area = option_widget(f3.selectbox, t("history.area", lang), [None, *area_ids], key="hp_area",
                         format_func=lambda v: t("history.all", lang) if v is None
                         else names.get(v, v))
    verdict = option_widget(f4.selectbox, t("history.verdict", lang),
                            _all_first(everything["verdict"]),
                            key="hp_verdict",
                            format_func=lambda v: t("history.all", lang) if v is None
                            else t("verdict_" + v, lang))
    days = tuple(days) if isinstance(days, list | tuple) else (days,)
    since = days[0] if len(days) >= 1 else None
    until = days[1] if len(days) >= 2 else None  # a range being picked: from its first day
    try:
        log = ws.list_checks(user=user, since=since, until=until, area_id=area,
                             verdict=verdict)
    except WorkspaceError as exc:
        st.error(md_literal(t("history.cannot_open", lang, error=exc.text(lang))))
        return None, {}
    filters = {"history.user": [user] if user else [],
               "history.dates": [f"{since or ''} – {until or ''}"] if since else [],
               "history.area": [names.get(area, area)] if area else [],
               "history.verdict": [t("verdict_" + verdict, lang)] if verdict else []}
    return log, filters


def _reopen(r: dict) -> None:
    """Open 选址 with the check's point (WGS-84) and industry: shown as that record,
    not kept again."""
    tax = load_taxonomy()
    industry = r["industry"] if r["industry"] in tax.industry_ids else tax.industry_ids[0]
    key = point_key(r["lon"], r["lat"], industry)
    recorded = dict(st.session_state.get("_pc_recorded") or {})
    recorded["point"] = (key, int(r["id"]), None, when(r["created_at"])[:16], r["author"])
    st.session_state.pop("_pc_asked", None)
    st.session_state.update({
        "pc_lon": round(float(r["lon"]), 6), "pc_lat": round(float(r["lat"]), 6),
        "pc_crs": "wgs84", "_pc_crs_prev": "wgs84", "pc_industry": industry,
        "_pc_recorded": recorded,
        "_pc_reopened": {"key": key, "id": int(r["id"]), "user": r["author"],
                         "when": when(r["created_at"])[:16], "verdict": r["verdict"],
                         "certainty": r["certainty"]}})


def _one_check(log: pd.DataFrame) -> None:
    """A check chosen by its line: re-opened on the 选址 map, or printed."""
    records = {int(r["id"]): r for r in log.to_dict("records")}
    chosen = option_widget(st.selectbox, t("history.pick", lang), sorted(records, reverse=True),
                           key="hp_pick", format_func=lambda i: check_line(records[i], lang))
    r = records[chosen]
    b1, b2, _ = st.columns([1, 1.4, 1.6])
    if r["kind"] == "batch":
        b1.caption(md_literal(t("history.reopen_batch", lang, name=r["file_name"] or "")))
    elif b1.button(t("history.reopen", lang), key="hp_reopen"):
        _reopen(r)
        st.switch_page(PLACEMENT_PAGE)
    if r["kind"] != "point":
        b2.caption(t("history.pdf_point_only", lang))
        return
    token = (chosen, lang)
    if b2.button(t("history.make_pdf", lang), key="hp_pdf_make"):
        from maps.static.check_opinion import opinion_pdf

        try:
            with st.spinner(t("history.make_pdf", lang)):
                pdf = opinion_pdf(pd.Series(r), lang=lang)
            st.session_state["hp_pdf"] = (token, pdf, None)
        except (ValueError, OSError) as exc:
            st.session_state["hp_pdf"] = (token, None, str(exc))
    made = st.session_state.get("hp_pdf")
    if made and made[0] == token:
        if made[2] is not None:
            st.error(md_literal(t("history.pdf_failed", lang, error=made[2])))
        else:
            b2.download_button(t("history.download_pdf", lang), made[1],
                               file_name=f"check_{chosen}_{lang}.pdf",
                               mime="application/pdf", key="hp_pdf_dl", on_click="ignore")


def _versions_section(ws) -> None:
    """边界版本: every stored version, and two versions of one area over each other."""
    st.subheader(t("history.versions", lang))
    st.caption(t("history.versions_intro", lang))
    try:
        versions = ws.list_boundary_versions()
    except WorkspaceError as exc:
        st.error(md_literal(t("history.cannot_open", lang, error=exc.text(lang))))
        return
    if not len(versions):
        st.caption(md_literal(t("history.no_versions", lang)))
        return
    from app_pages.boundary_edit import versions_table

    st.dataframe(versions_table(versions, lang, names), hide_index=True, width="stretch", key="hp_versions")
    counts = versions["area_id"].value_counts()
    two = sorted(counts[counts >= 2].index, key=lambda a: names.get(a, a))
    if not two:
        st.caption(t("history.need_two", lang))
        return
    c1, c2, c3 = st.columns([1.4, 1, 1])
    area = option_widget(c1.selectbox, t("history.diff_area", lang), two, key="hp_diff_area",
                         format_func=lambda a: names.get(a, a))
    of_area = versions[versions["area_id"] == area].sort_values("id")
    label = {int(v["id"]): t("history.version_label", lang, id=int(v["id"]),
                             time=when(v["created_at"])[:16], author=v["author"],
                             km2=f"{v['area_km2']:,.3f}") for _, v in of_area.iterrows()}
    ids = list(label)
    old = c2.selectbox(t("history.diff_old", lang), ids, index=len(ids) - 2,
                       key=f"hp_diff_old_{area}", format_func=label.get)
    new = c3.selectbox(t("history.diff_new", lang), ids, index=len(ids) - 1,
                       key=f"hp_diff_new_{area}", format_func=label.get)
    if old == new:
        st.caption(t("history.diff_same", lang))
        return
    try:
        diff = ws.boundary_diff(old, new)
    except WorkspaceError as exc:
        st.error(md_literal(exc.text(lang)))
        return
    a = diff.attrs
    m1, m2, m3 = st.columns(3)
    m1.metric(t("history.diff_old_km2", lang), f"{a['old_km2']:,.3f}")
    m2.metric(t("history.diff_new_km2", lang), f"{a['new_km2']:,.3f}")
    m3.metric(t("history.diff_change", lang), f"{a['change_km2']:+,.3f}")
    km2 = dict(zip(diff["part"], diff["km2"], strict=True))
    st.caption(t("history.diff_parts", lang, **{p: f"{km2.get(p, 0.0):,.3f}"
                                                for p in ("kept", "added", "removed")}))
    from streamlit_folium import st_folium

    from maps.folium import basemap
    from maps.folium.boundary_diff import add_boundary_diff

    m = basemap.new_map()
    add_boundary_diff(m, diff, lang=lang, context=display_base_layers()[1])
    basemap.finish(m)
    st_folium(m, height=420, use_container_width=True, returned_objects=[],
              key="hp_diff_map")


ws = workspace_state.workspace()
if ws is None:
    error = workspace_state.last_error()
    st.error(md_literal(t("history.cannot_open", lang, error=str(
        error or t("history.no_workspace", lang)))))
    st.stop()
_checks_section(ws)
_versions_section(ws)
