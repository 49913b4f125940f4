"""地图 Map page: clusters, platforms and 片区 over the district and 街道 layers."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages.data_cache import areas, base_layers, facilities
from core import settings
from core.i18n import t
from layers import areas as area_layers
from layers import base, basemap, points

lang = st.session_state.get("lang", "zh")
st.title(t("app_title", lang))

tiles = st.sidebar.selectbox(t("base_map", lang), list(settings.TILE_PROVIDERS), index=0,
                             key="tiles")
districts, subdistricts, shenshan = base_layers()

m = basemap.new_map(tiles=tiles)
base.add_subdistricts(m, subdistricts, lang=lang)
base.add_districts(m, districts, lang=lang)
base.add_shenshan(m, shenshan, lang=lang)
area_layers.add_areas(m, areas(), lang=lang)
points.add_facilities(m, facilities(), lang=lang)
basemap.finish(m)
st_folium(m, height=620, use_container_width=True, returned_objects=[], key="main_map")
st.caption(settings.OSM_ATTRIBUTION + " · " + settings.AMAP_CNMAPS_ATTRIBUTION)
