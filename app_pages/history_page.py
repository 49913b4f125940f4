"""核查记录 Check history: the workspace's placement-check log, filtered by user, date
range, area and verdict; exported as XLSX/CSV; one check re-opened on the 选址 map or
printed as a one-page 选址核查意见 (the same PDF as ``cli.py checks --print ID``)."""

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.check_records import point_key
from app_pages import workspace_state
from app_pages.data_cache import areas
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

ws = workspace_state.workspace()
try:
    if ws is None:
        raise workspace_state.last_error() or RuntimeError(t("history.no_workspace", lang))
    everything = ws.list_checks()
except (WorkspaceError, RuntimeError) as exc:
    st.error(md_literal(t("history.cannot_open", lang, error=str(exc))))
    st.stop()
if not len(everything):
    st.info(t("history.empty", lang))
    st.stop()


# --- filters: each offers what the log holds
def _all_first(values) -> list:
    return [None, *sorted({v for v in values if isinstance(v, str) and v})]


first_day = dt.date.fromisoformat(str(everything["created_at"].min())[:10])
last_day = dt.date.fromisoformat(str(everything["created_at"].max())[:10])
f1, f2, f3, f4 = st.columns([1, 1.4, 1.4, 1])
user = f1.selectbox(t("history.user", lang), _all_first(everything["author"]), key="hp_user",
                    format_func=lambda v: t("history.all", lang) if v is None else v)
days = f2.date_input(t("history.dates", lang), value=(first_day, last_day), key="hp_dates")
area_ids = sorted({a for ids in everything["area_ids"] for a in ids},
                  key=lambda a: names.get(a, a))
area = f3.selectbox(t("history.area", lang), [None, *area_ids], key="hp_area",
                    format_func=lambda v: t("history.all", lang) if v is None
                    else names.get(v, v))
verdict = f4.selectbox(t("history.verdict", lang), _all_first(everything["verdict"]),
                       key="hp_verdict",
                       format_func=lambda v: t("history.all", lang) if v is None
                       else t("verdict_" + v, lang))
days = tuple(days) if isinstance(days, list | tuple) else (days,)
since = days[0] if len(days) >= 1 else None
until = days[1] if len(days) >= 2 else None  # a range being picked: from its first day
try:
    log = ws.list_checks(user=user, since=since, until=until, area_id=area, verdict=verdict)
except WorkspaceError as exc:
    st.error(md_literal(t("history.cannot_open", lang, error=str(exc))))
    st.stop()

# --- the table and its downloads
st.caption(t("history.count", lang, n=len(log)))
if not len(log):
    st.info(t("history.none", lang))
    st.stop()
report = log_report(log, lang=lang, names=names)
st.dataframe(report, hide_index=True, width="stretch", key="hp_table")
meta = report_tables.metadata_rows(
    lang, report=t("history.report", lang),
    filters={"history.user": [user] if user else [],
             "history.dates": [f"{since or ''} – {until or ''}"] if since else [],
             "history.area": [names.get(area, area)] if area else [],
             "history.verdict": [t("verdict_" + verdict, lang)] if verdict else []},
    sources=[(t("meta_input", lang), ws.location)])
d1, d2, _ = st.columns([1, 1, 2])
d1.download_button(t("history.download_csv", lang), report_tables.report_csv(report,
                                                                             metadata=meta),
                   file_name="check_history.csv", mime="text/csv", key="hp_csv",
                   on_click="ignore")
d2.download_button(t("history.download_xlsx", lang),
                   report_tables.report_xlsx({t("history.sheet", lang): report}, lang=lang,
                                             metadata=meta),
                   file_name="check_history.xlsx", key="hp_xlsx", on_click="ignore")

# --- one check: re-open it on the map, print it
records = {int(r["id"]): r for r in log.to_dict("records")}
chosen = st.selectbox(t("history.pick", lang), sorted(records, reverse=True), key="hp_pick",
                      format_func=lambda i: check_line(records[i], lang))
r = records[chosen]
b1, b2, _ = st.columns([1, 1.4, 1.6])


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


if r["kind"] == "batch":
    b1.caption(md_literal(t("history.reopen_batch", lang, name=r["file_name"] or "")))
elif b1.button(t("history.reopen", lang), key="hp_reopen"):
    _reopen(r)
    st.switch_page(PLACEMENT_PAGE)

if r["kind"] != "point":
    b2.caption(t("history.pdf_point_only", lang))
else:
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
