"""选址核查 Placement check: one point (typed or clicked), a drawn site, or a batch file.

Every check the user makes is kept in the workspace's check log (核查记录) once: a
typed or clicked point, a changed industry, an uploaded batch, a drawn site. A rerun
of the same check (a filter, the language, another widget) is not a new check; the
point a page opens with (the default, or a link's or a re-opened record's) is shown,
not recorded. A failure to save is a warning; the check stands."""

import folium
import pandas as pd
import streamlit as st
from folium.plugins import Draw
from streamlit_folium import st_folium

from analysis.batch import check_chunk
from analysis.check_records import batch_record, data_versions, point_key, point_record
from analysis.placement import (
    check_placement,
    nearest_facilities_text,
    site_area_km2,
    site_overlaps,
)
from app_pages import auth, url_state, workspace_state
from app_pages.data_cache import (
    areas,
    context,
    display_areas,
    display_base_layers,
    facilities,
)
from app_pages.lang_widgets import option_widget
from app_pages.uploads import upload_points
from core import crs as crs_mod
from core import settings
from core.i18n import name_col, t
from core.messages import md_literal
from core.taxonomy import load_taxonomy
from data.points_io import check_point
from exports import report_tables
from exports.placement_report import area_names, placement_report, verdict_label
from maps.folium import basemap, compose, points
from maps.folium.popups import esc

lang = st.session_state.get("lang", "zh")
st.title(t("placement_page", lang))
tax = load_taxonomy()
names = dict(zip(areas()["id"], areas()[name_col(lang)],
                 strict=True))
_districts = display_base_layers()[0]
district_names = dict(zip(_districts["name_zh"], _districts["name_" + lang], strict=True))

st.session_state.setdefault("pc_lon", url_state.PC_DEFAULT_LON)  # 粤海街道 (rep. point)
st.session_state.setdefault("pc_lat", url_state.PC_DEFAULT_LAT)
st.session_state.setdefault("_pc_crs_prev", st.session_state.get("pc_crs", "wgs84"))

# A click on the map (reported by the previous run) moves the point. It is taken here,
# before the inputs are drawn: Streamlit forbids changing a widget's value after. The
# clicks that draw a site are not point picks.
_map_state = st.session_state.get("pc_map") or {}
_click = _map_state.get("last_clicked")
_new = (round(_click["lng"], 6), round(_click["lat"], 6)) if _click else None
# (``all_drawings`` holds only what the draw tools made; a click on an area polygon
# changes ``last_active_drawing`` too, so that cannot tell the two apart)
_n_drawn = len(_map_state.get("all_drawings") or [])
if _n_drawn != st.session_state.get("_pc_drawn", 0):
    st.session_state["_pc_drawn"] = _n_drawn
    st.session_state["_pc_click"] = _new
elif _new is not None and st.session_state.get("_pc_click") != _new:
    st.session_state["_pc_click"] = _new
    st.session_state["pc_lon"], st.session_state["pc_lat"] = _new
    st.session_state["pc_crs"] = st.session_state["_pc_crs_prev"] = "wgs84"
    st.session_state["_pc_asked"] = "click"  # the user's own check: it is recorded


def _asked() -> None:
    """The user typed a coordinate or chose an industry: the check that follows is
    theirs and goes into the check log."""
    st.session_state["_pc_asked"] = "typed"


def _record(key: tuple, make) -> None:
    """Keep the check ``key`` (``make()``: its ``record_check`` arguments) in the
    workspace's check log, once: the same key again (a rerun) is not recorded. A
    failure is shown as a warning and never stops the check. Between the write and
    the session-state update there is no Streamlit yield point, so a rerun queued
    meanwhile cannot record it twice."""
    kind = key[0]
    done = st.session_state.get("_pc_recorded") or {}
    if done.get(kind, (None,))[0] == key:
        return
    done = dict(done)
    try:
        ws = workspace_state.workspace()
        if ws is None:
            raise workspace_state.last_error() or RuntimeError(t("history.no_workspace",
                                                                 lang))
        record = {"author": auth.author(), **make()}
        rid = ws.record_check(**record)
        done[kind] = (key, rid, None, pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d %H:%M"),
                      record["author"])
    except Exception as exc:  # whatever the store says, the check stands
        done[kind] = (key, None, workspace_state.error_text(exc, lang), None, None)
    workspace_state.write_state({"_pc_recorded": done}, drop=("_pc_asked",))


def _recorded_note(key: tuple) -> None:
    """Under a check: the record it was saved as, or why it could not be saved."""
    got = (st.session_state.get("_pc_recorded") or {}).get(key[0])
    if not got or got[0] != key:
        return
    _, rid, error, when, user = got
    if error is not None:
        st.warning(md_literal(t("history.record_failed", lang, error=error)))
    elif rid is not None:
        st.caption(md_literal(t("history.recorded", lang, id=rid, user=user, when=when)))


def _convert_typed_point() -> None:
    """A new coordinate system keeps the same place: the typed numbers are converted."""
    old, new = st.session_state["_pc_crs_prev"], st.session_state["pc_crs"]
    lon, lat = crs_mod.to_wgs84([st.session_state["pc_lon"]], [st.session_state["pc_lat"]],
                                old)
    x, y = crs_mod.from_wgs84(lon, lat, new)
    digits = 1 if new == "epsg4547" else 6
    st.session_state["pc_lon"], st.session_state["pc_lat"] = (round(float(x[0]), digits),
                                                              round(float(y[0]), digits))
    st.session_state["_pc_crs_prev"] = new


c1, c2, c3, c4 = st.columns([1, 1, 1, 2])
metres = st.session_state.get("pc_crs") == "epsg4547"  # x/y in metres, not degrees
c1.number_input(t("x_east_m" if metres else "lon", lang), format="%.1f" if metres else "%.6f",
                key="pc_lon", step=1.0 if metres else 0.001, on_change=_asked)
c2.number_input(t("y_north_m" if metres else "lat", lang), format="%.1f" if metres else "%.6f",
                key="pc_lat", step=1.0 if metres else 0.001, on_change=_asked)
crs_choice = option_widget(c3.selectbox, t("crs", lang), list(settings.INPUT_CRS_CHOICES),
                           key="pc_crs", format_func=lambda k: t("crs_" + k, lang),
                           on_change=_convert_typed_point)
industry = option_widget(c4.selectbox, t("industry", lang), tax.industry_ids,
                         key="pc_industry", format_func=lambda k: tax.name(k, lang),
                         on_change=_asked)
st.caption(t("click_hint", lang))
url_state.write(tax, url_state.PAGE_KEYS["placement"])  # the URL carries the point

# the typed point gets exactly the checks of an uploaded row
lon, lat, problems = check_point(st.session_state["pc_lon"], st.session_state["pc_lat"],
                                 crs_choice, lang=lang)
res = None
if problems:
    st.session_state.pop("_pc_asked", None)  # a refused point is not a check
    st.error(md_literal("\n".join([t("point_rejected", lang), *(f"- {p}" for p in problems)])))
else:
    point = pd.DataFrame({"lon": [lon], "lat": [lat], "industry": [industry]})
    res = check_placement(point, context(), facilities=facilities(), k=5, lang=lang).iloc[0]
    plain = t("verdict_" + res["focus_match"], lang)
    st.metric(t("verdict", lang), verdict_label(res["focus_match"], res["certainty"], lang))
    if res["certainty"] == "near_boundary":
        st.caption(t("verdict_by_current_boundary", lang).format(verdict=plain))
    st.write(res["focus_reason"])
    if res["boundary_note"]:
        st.warning(res["boundary_note"])
    near = (f"{names.get(res['nearest_match_id'], '—')} ({res['nearest_match_m']:,.0f} m)"
            if pd.notna(res["nearest_match_m"]) else "—")
    st.dataframe(pd.DataFrame({
        t("district_label", lang): [district_names.get(res["district"], res["district"])
                                    or "—"],
        t("subdistrict", lang): [res["subdistrict"] or "—"],
        **{t("kind_" + k, lang): [area_names(res[c], names, lang) or "—"]
           for k, c in (("strategic_platform", "platform_ids"),
                        ("innovation_cluster", "cluster_ids"), ("sub_area", "subarea_ids"))},
        t("nearest_match", lang): [near],
        t("nearby_facilities", lang): [nearest_facilities_text(res)],
    }), hide_index=True, width="stretch")
    key = point_key(lon, lat, industry)
    asked = st.session_state.get("_pc_asked")
    if asked:
        _record(key, lambda: point_record(
            res, lon=lon, lat=lat, industry=industry, areas=areas(),
            inputs={"via": asked, "crs": crs_choice, "typed": [
                float(st.session_state["pc_lon"]), float(st.session_state["pc_lat"])],
                    "lang": lang, "district": res["district"] or None,
                    "subdistrict": res["subdistrict"] or None}))
    _recorded_note(key)
    reopened = st.session_state.get("_pc_reopened")
    if reopened and reopened["key"] == key:
        st.info(md_literal(t("history.reopened", lang, id=reopened["id"],
                             when=reopened["when"], user=reopened["user"],
                             verdict=verdict_label(reopened["verdict"], reopened["certainty"],
                                                   lang))))

map_slot = st.container()  # the map is drawn after the batch is read, to show its sites

st.subheader(t("batch", lang))
table = upload_points("pc_batch", lang)
batch_sites = None
if table is not None:
    valid = table.valid
    col = table.columns["industry"]
    # the CLI's batch check (analysis.batch): the same verdicts, certainty (a geocoded
    # register's own error bounds included) and problem column
    checked, _ = check_chunk(table, context(), lang=lang)
    batch = checked.loc[valid.index]
    problems_by_row = table.report.groupby("row")["problem"].agg("; ".join)
    report = placement_report(table.frame, checked, lang=lang, names=names,
                              problems=problems_by_row, districts=district_names)
    st.info(t("batch_summary", lang).format(n=len(valid), bad=len(table.frame) - len(valid)))
    batch_crs = st.session_state.get("pc_batch_crs", "wgs84")
    batch_key = ("batch", (st.session_state.get("_upload_pc_batch") or (None,))[0],
                 table.source, len(table.frame), batch_crs)
    _record(batch_key, lambda: batch_record(
        checked, file_name=table.source, rows_in=len(table.frame),
        rows_rejected=len(table.frame) - len(valid), industry_col=col, areas=areas(),
        inputs={"crs": batch_crs, "lang": lang,
                "part": st.session_state.get("pc_batch_part")}))
    _recorded_note(batch_key)
    st.dataframe(report.head(500), width="stretch", hide_index=True, key="pc_batch_table")
    meta = report_tables.metadata_rows(
        lang, report=t("report_placement", lang),
        sources=[*report_tables.area_sources(areas(), lang),
                 (t("meta_input", lang), table.source),
                 (t("crs", lang), t("crs_" + st.session_state.get("pc_batch_crs", "wgs84"),
                                    lang))])
    d1, d2 = st.columns(2)
    d1.download_button(t("download_csv", lang), report_tables.report_csv(report, metadata=meta),
                       file_name="placement_check.csv", mime="text/csv", key="pc_dl",
                       on_click="ignore")
    d2.download_button(t("download_xlsx_report", lang),
                       report_tables.report_xlsx({t("sheet_placement", lang): report},
                                                 lang=lang, metadata=meta),
                       file_name="placement_check.xlsx", key="pc_dl_xlsx",
                       on_click="ignore")
    batch_sites = pd.DataFrame({
        "lon": valid["lon_wgs84"].to_numpy(), "lat": valid["lat_wgs84"].to_numpy(),
        "focus_match": batch["focus_match"].to_numpy(),
        "verdict_text": [verdict_label(v, c, lang) for v, c in
                         zip(batch["focus_match"], batch["certainty"], strict=True)],
        "name": valid[table.columns["name"]].astype(str).to_numpy()
        if table.columns["name"] else ""})

def _site_record(site, ov: pd.DataFrame) -> dict:
    """``record_check`` arguments of a drawn site: its outline (WGS-84 WKT), km², the
    areas and 街道 it overlaps with their shares."""
    from data.areas import boundary_labels

    parts = [{"layer": r["layer"], "id": r["id"], "overlap_km2": round(float(r["overlap_km2"]), 4),
              "share_of_site": round(float(r["share_of_site"]), 4)}
             for _, r in ov.iterrows()]
    c = site.centroid
    return {"kind": "site", "lon": c.x, "lat": c.y,
            "area_ids": [p["id"] for p in parts if p["id"] in names],
            "boundary_versions": boundary_labels(areas()),
            "summary": {"site_km2": round(float(site_area_km2(site)), 4), "overlaps": parts},
            "inputs": {"site_wkt": site.wkt, "lang": lang, "data_versions": data_versions()}}


with map_slot:
    districts, subdistricts, shenshan = display_base_layers()
    # the checked point framed about 8 × 7 km, else the city view
    frame = (((lat - 0.03, lon - 0.04), (lat + 0.03, lon + 0.04)) if res is not None
             else None)
    m = compose.build_map(
        compose.MapLayers(districts=districts, subdistricts=subdistricts, shenshan=shenshan,
                          areas=display_areas(), facilities=facilities()),
        compose.MapView(lang=lang, bounds=frame, legend_open=False), finish=False)
    if batch_sites is not None and len(batch_sites):
        points.add_checked_sites(m, batch_sites, lang=lang, name_col="name")
        if len(batch_sites) > points.SITE_LIMIT:
            st.caption(t("batch_map_limit", lang).format(n=points.SITE_LIMIT))
        m.fit_bounds([[batch_sites["lat"].min(), batch_sites["lon"].min()],
                      [batch_sites["lat"].max(), batch_sites["lon"].max()]])
    if res is not None:
        # a drawn marker: the default Leaflet pin is an image the offline page cannot load
        folium.CircleMarker([lat, lon], radius=8, color="white", weight=2, fill=True,
                            fill_color="#111111", fill_opacity=0.9,
                            tooltip=esc(f"{t('verdict', lang)}: " + verdict_label(
                                res["focus_match"], res["certainty"], lang))).add_to(m)
    Draw(draw_options={"polyline": False, "circle": False, "circlemarker": False,
                       "marker": False, "rectangle": True, "polygon": True},
         edit_options={"edit": False}).add_to(m)
    basemap.finish(m)
    drawings = (st_folium(m, height=460, use_container_width=True,
                          returned_objects=["last_clicked", "all_drawings"],
                          key="pc_map") or {}).get("all_drawings") or []
    drawn = drawings[-1] if drawings else None  # the site drawn last
    if drawn and drawn.get("geometry", {}).get("type") == "Polygon":
        from shapely.geometry import shape

        st.subheader(t("site_overlap", lang))
        site = shape(drawn["geometry"])
        try:
            st.metric(t("site_area", lang), f"{site_area_km2(site):,.3f}")
            ov = site_overlaps(site, context())
            site_key = ("site", site.wkt)
            _record(site_key, lambda: _site_record(site, ov))
            _recorded_note(site_key)
            ov["name_zh"] = ov.apply(lambda r: names.get(r["id"], r["name_zh"]), axis=1)
            ov["layer"] = ov["layer"].map(lambda v: t("site_layer_" + v, lang))
            st.dataframe(ov.drop(columns="id"), hide_index=True, width="stretch",
                         key="pc_site", column_config={
                             "layer": st.column_config.TextColumn(t("site_layer", lang)),
                             "name_zh": st.column_config.TextColumn(t("col_name", lang)),
                             "overlap_km2": st.column_config.NumberColumn(
                                 t("col_overlap_km2", lang), format="%.3f"),
                             "share_of_site": st.column_config.NumberColumn(
                                 t("col_share_of_site", lang), format="percent"),
                             "share_of_area": st.column_config.NumberColumn(
                                 t("col_share_of_area", lang), format="percent")})
        except ValueError as exc:
            st.error(md_literal(str(exc)))
