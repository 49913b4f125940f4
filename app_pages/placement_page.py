"""选址核查 Placement check: one point (typed or clicked) or a batch file."""

import folium
import pandas as pd
import streamlit as st
from folium.plugins import Draw
from streamlit_folium import st_folium

from analysis.placement import check_placement, nearest_facilities_text, site_overlaps
from app_pages.data_cache import areas, base_layers, context, facilities
from app_pages.uploads import upload_points
from core import crs as crs_mod
from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy
from layers import areas as area_layers
from layers import base, basemap, points
from layers.popups import esc

lang = st.session_state.get("lang", "zh")
st.title(t("placement_page", lang))
tax = load_taxonomy()

st.session_state.setdefault("pc_lon", 113.937938)  # 粤海街道 (published rep. point)
st.session_state.setdefault("pc_lat", 22.532219)
c1, c2, c3, c4 = st.columns([1, 1, 1, 2])
metres = st.session_state.get("pc_crs") == "epsg4547"  # x/y in metres, not degrees
c1.number_input(t("x_east_m" if metres else "lon", lang), format="%.1f" if metres else "%.6f",
                key="pc_lon", step=1.0 if metres else 0.001)
c2.number_input(t("y_north_m" if metres else "lat", lang), format="%.1f" if metres else "%.6f",
                key="pc_lat", step=1.0 if metres else 0.001)
crs_choice = c3.selectbox(t("crs", lang), list(settings.INPUT_CRS_CHOICES), key="pc_crs",
                          format_func=lambda k: t("crs_" + k, lang))
industry = c4.selectbox(t("industry", lang), tax.industry_ids, key="pc_industry",
                        format_func=lambda k: tax.name(k, lang))
st.caption(t("click_hint", lang))

lon, lat = crs_mod.to_wgs84([st.session_state["pc_lon"]], [st.session_state["pc_lat"]],
                            crs_choice)
point = pd.DataFrame({"lon": lon, "lat": lat, "industry": [industry]})
res = check_placement(point, context(), facilities=facilities(), k=5, lang=lang).iloc[0]

verdict = res["focus_match"]
st.metric(t("verdict", lang), t("verdict_" + verdict, lang))
st.write(res["focus_reason"])
if res["boundary_note"]:
    st.warning(res["boundary_note"])
labels = dict(zip(areas()["id"], areas()["name_zh" if lang == "zh" else "name_en"],
                  strict=True))
st.dataframe(pd.DataFrame({
    t("district_label", lang): [res["district"]],
    t("subdistrict", lang): [res["subdistrict"]],
    t("kind_strategic_platform", lang): ["、".join(labels[i] for i in res["platform_ids"]
                                                  .split(";") if i)],
    t("kind_innovation_cluster", lang): ["、".join(labels[i] for i in res["cluster_ids"]
                                                  .split(";") if i)],
    t("kind_sub_area", lang): ["、".join(labels[i] for i in res["subarea_ids"].split(";")
                                        if i)],
    t("nearest_match", lang): [f"{labels.get(res['nearest_match_id'], '—')} "
                               f"({res['nearest_match_m']:,.0f} m)"
                               if pd.notna(res["nearest_match_m"]) else "—"],
    t("nearby_facilities", lang): [nearest_facilities_text(res)],
}), hide_index=True, width="stretch")

m = basemap.new_map(location=(float(lat[0]), float(lon[0])), zoom=12)
districts, subdistricts, shenshan = base_layers()
base.add_subdistricts(m, subdistricts, lang=lang)
base.add_districts(m, districts, lang=lang)
base.add_shenshan(m, shenshan, lang=lang)
area_layers.add_areas(m, areas(), lang=lang)
points.add_facilities(m, facilities(), lang=lang)
# a drawn marker: the default Leaflet pin is an image the offline page cannot load
folium.CircleMarker([float(lat[0]), float(lon[0])], radius=8, color="white", weight=2,
                    fill=True, fill_color="#111111", fill_opacity=0.9,
                    tooltip=esc(f"{t('verdict', lang)}: {t('verdict_' + verdict, lang)}")
                    ).add_to(m)
Draw(draw_options={"polyline": False, "circle": False, "circlemarker": False,
                   "marker": False, "rectangle": True, "polygon": True},
     edit_options={"edit": False}).add_to(m)
basemap.finish(m)
clicked = st_folium(m, height=460, use_container_width=True,
                    returned_objects=["last_clicked", "last_active_drawing"], key="pc_map")
drawn = (clicked or {}).get("last_active_drawing")
if drawn and drawn.get("geometry", {}).get("type") == "Polygon":
    from shapely.geometry import shape

    st.subheader(t("site_overlap", lang))
    try:
        ov = site_overlaps(shape(drawn["geometry"]), context())
        ov["name_zh"] = ov.apply(lambda r: labels.get(r["id"], r["name_zh"]), axis=1)
        ov["layer"] = ov["layer"].map(lambda v: t("site_layer_" + v, lang))
        st.dataframe(ov.drop(columns="id"), hide_index=True, width="stretch", key="pc_site",
                     column_config={
                         "layer": st.column_config.TextColumn(t("site_layer", lang)),
                         "name_zh": st.column_config.TextColumn(t("col_name", lang)),
                         "overlap_km2": st.column_config.NumberColumn(
                             t("col_overlap_km2", lang), format="%.3f"),
                         "share_of_site": st.column_config.NumberColumn(
                             t("col_share_of_site", lang), format="percent"),
                         "share_of_area": st.column_config.NumberColumn(
                             t("col_share_of_area", lang), format="percent")})
    except ValueError as exc:
        st.error(str(exc))
if clicked and clicked.get("last_clicked") and not drawn:
    c = clicked["last_clicked"]
    new = (round(c["lng"], 6), round(c["lat"], 6))
    if new != (round(float(lon[0]), 6), round(float(lat[0]), 6)):
        st.session_state["pc_lon"], st.session_state["pc_lat"] = new
        st.session_state["pc_crs"] = "wgs84"  # clicks are in the map's WGS-84
        st.rerun()

st.subheader(t("batch", lang))
table = upload_points("pc_batch", lang)
if table is not None:
    valid = table.valid
    col = table.columns["industry"]
    batch = check_placement(valid.assign(_ind=valid[col] if col else None), context(),
                            industry_col="_ind", lang=lang, lon="lon_wgs84", lat="lat_wgs84")
    out = pd.concat([table.frame, batch.reindex(table.frame.index)], axis=1)
    st.dataframe(out.head(200), width="stretch", hide_index=True)
    st.download_button(t("download_csv", lang), out.to_csv(index=False).encode("utf-8-sig"),
                       file_name="placement_check.csv", mime="text/csv", key="pc_dl")
