"""地图 Map page: clusters, platforms and 片区 over districts and 街道, with facilities."""

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from analysis.coverage import coverage_table
from app_pages import area_profile, change_view, concentration_view, lang_widgets, url_state
from app_pages.data_cache import (
    areas,
    context,
    display_areas,
    display_base_layers,
    enterprises,
    facilities,
    filters,
    joined_points,
)
from app_pages.lang_widgets import option_widget
from core import settings
from core.i18n import t
from core.taxonomy import load_taxonomy
from maps.folium import compose, search

lang = st.session_state.get("lang", "zh")


def tax_name(ident: str) -> str:
    return load_taxonomy().name(ident, lang)


st.title(t("app_title", lang))

tiles = option_widget(st.sidebar.selectbox, t("base_map", lang),
                      list(settings.APP_TILE_CHOICES), index=0, key="tiles",
                      format_func=lambda k: t("tiles_" + k, lang))
color_by = option_widget(st.sidebar.radio, t("color_by", lang), ["kind", "sector"],
                         horizontal=True, key="color_by",
                         format_func=lambda c: t("color_" + c, lang))
# "observed vs plan": the concentrations of the firms in use over the areas, tables below
observed = st.sidebar.toggle(concentration_view.tr("toggle", lang),
                             key=concentration_view.MODE_KEY,
                             help=concentration_view.tr("toggle_help", lang))
industries, categories = filters()
change, change_note = change_view.sidebar(lang, industries)
ents, is_sample = enterprises()
obs = (concentration_view.observe(ents, is_sample=is_sample, terms=industries, lang=lang)
       if observed else None)
all_pts, joined = joined_points()
counts = coverage_table(all_pts, context(), industries=industries, categories=categories,
                        joined=joined).set_index("id")[["n_facilities", "n_enterprises"]
                                                       ].to_dict("index")
districts, subdistricts, shenshan = display_base_layers()
layers = compose.MapLayers(districts=districts, subdistricts=subdistricts, shenshan=shenshan,
                           areas=display_areas(), facilities=facilities(), enterprises=ents,
                           is_sample=is_sample, counts=counts,
                           concentrations=obs.map_frame if obs is not None else None,
                           change=change)
view = compose.MapView(lang=lang, industries=tuple(industries), categories=tuple(categories),
                       color_by=color_by, tiles=tiles, observed=observed)
shown_areas, shown_fac, shown_ent = compose.shown(layers, view)

layers_for_search = dict(areas=shown_areas, facilities=shown_fac, districts=districts,
                         shenshan=shenshan)
targets = search.search_targets(**layers_for_search, lang=lang)


def _search_label(k: str | None) -> str:
    return "—" if k is None else targets.get(k, k)


lang_widgets.heal("map_search", [None, *targets], _search_label)  # before the check below
if st.session_state.get("map_search") not in (None, *targets):
    st.session_state["map_search"] = None  # a link's search this map does not offer
# "contains", not fuzzy ranking: matches keep the list's order (districts, areas, then
# facilities), so 前海 + Enter frames an area, not a facility that happens to rank first
target = option_widget(st.selectbox, t("search", lang), [None, *targets], key="map_search",
                       filter_mode="contains", placeholder=t("search_placeholder", lang),
                       format_func=_search_label)
if target in targets:  # a choice hidden by a new filter falls back to the city view
    view = replace(view, bounds=tuple(map(tuple, search.target_bounds(
        target, **layers_for_search))))
# where a shared link left the map (centre and zoom) wins over the framing of its search
# until the user searches something else
link_view, link_target = st.session_state.setdefault(
    "_map_link_view", (st.session_state.get("map_view"), target))
if link_view is not None and target == link_target:
    view = replace(view, centre=link_view)
elif link_view is not None:
    st.session_state["_map_link_view"] = (None, None)

st.caption(f"{len(shown_areas)} / {len(areas())} · {len(shown_fac)} "
           f"{t('facilities', lang)} · "
           + t("n_enterprises_sample" if is_sample else "n_enterprises_uploaded",
               lang).format(n=f"{len(shown_ent):,}"))
# the base map (tiles, 街道, districts, 深汕, the framed view) is sent once; a filter
# change only swaps the overlays, so the browser keeps its Leaflet map
base_map, overlay_groups, control = compose.page_parts(layers, view)
reported = st_folium(base_map, feature_group_to_add=overlay_groups, layer_control=control,
                     height=620, use_container_width=True, returned_objects=["center", "zoom"],
                     key="main_map")
# the map reports where it is (after its framing, and after each pan or zoom): the URL
# carries it, except the plain city view. On the run that sends a new base map the
# report is still the old map's, so the view is the one the new map is framed on.
base_key = repr((view.bounds, view.centre, view.tiles, view.lang))
if st.session_state.get("_map_base") != base_key:
    st.session_state["_map_base"] = base_key
    st.session_state["_map_stale"] = repr(reported)
    st.session_state["map_view"] = view.centre
elif repr(reported) != st.session_state.get("_map_stale"):
    moved = url_state.map_view_of(reported)
    city = (*settings.MAP_CENTER_LATLON, settings.MAP_ZOOM)
    if moved is not None:
        plain = (moved[2] == city[2]
                 and max(abs(moved[0] - city[0]), abs(moved[1] - city[1])) < 2e-3)
        st.session_state["map_view"] = None if plain else moved
url_state.write(load_taxonomy(), url_state.PAGE_KEYS["map"])  # the URL carries the view
st.caption(settings.OSM_ATTRIBUTION + " · " + t("attribution_haifeng", lang))
change_view.frame_note(change_note)
if is_sample:
    st.caption(t("enterprise_sample_note", lang).format(n=len(ents)))
if obs is not None:
    concentration_view.show(obs, lang=lang, is_sample=is_sample, points=ents,
                            terms=industries,
                            source=st.session_state.get("user_enterprises_name"))



def _export_view(key) -> dict:
    """What of the current view the export draws: a searched area by its id (with its
    片区), anything else searched (district, 深汕, facility) by its frame; nothing for
    the whole city."""
    if key is None or key not in targets or key == "all":
        return {}
    if key.startswith("a:"):
        return {"area_ids": (key[2:],)}
    (south, west), (north, east) = search.target_bounds(key, **layers_for_search)
    return {"bounds": (west, south, east, north)}


with st.expander(t("export_header", lang)):
    from maps.static.render import MapSpec

    c1, c2, c3, c4 = st.columns(4)
    fmt = option_widget(c1.selectbox, t("export_format", lang), ["png", "pdf", "svg"],
                        key="exp_fmt", format_func=str.upper)
    size = option_widget(c2.selectbox, t("export_size", lang), ["A4", "A3"], key="exp_size")
    orient = option_widget(c3.selectbox, t("export_orientation", lang),
                           ["portrait", "landscape"], format_func=lambda o: t(o, lang),
                           key="exp_orient")
    dpi = option_widget(c4.selectbox, "DPI", [300, 150], key="exp_dpi")
    view_label = targets.get(target) if target in targets and target != "all" else None
    title = st.text_input(t("export_title", lang), key="exp_title", max_chars=120,
                          placeholder=view_label or "", help=t("export_title_help", lang))
    subtitle = st.text_input(area_profile.tr("subtitle", lang), key="exp_subtitle",
                             max_chars=160, help=area_profile.tr("subtitle_help", lang))
    disclaimer = st.text_input(t("export_disclaimer", lang), key="exp_disclaimer",
                               value=MapSpec.disclaimer, max_chars=200)
    spec = MapSpec(size=size, orientation=orient, dpi=dpi, lang=lang,
                   industries=tuple(industries), color_by=color_by,
                   title=title.strip() or view_label, subtitle=subtitle.strip() or None,
                   disclaimer=disclaimer.strip(), **_export_view(target))
    st.caption(t("export_view", lang).format(
        view=view_label or t("search_whole_city", lang),
        industries="、".join(tax_name(i) for i in industries) if industries
        else t("all", lang), color=t("color_" + color_by, lang)))
    # the map's facilities (industry and category filters) are drawn, so they are part
    # of what was made
    spec_key = (f"{spec!r}|{fmt}|{sorted(shown_fac['id'])}|"
                f"{0 if shown_ent is None else len(shown_ent)}|"
                f"{st.session_state.get('user_enterprises_token')}")
    if st.button(t("export_make", lang), key="exp_make"):
        import io

        from maps.static.render import export_map

        buf = io.BytesIO()
        with st.spinner("…"):
            export_map(buf, spec, fmt=fmt, facilities=shown_fac, enterprises=shown_ent,
                       enterprises_are_sample=is_sample)
        # kept for this session: the download button stays after a download (which
        # reruns the page) until a setting changes
        st.session_state["exp_result"] = (spec_key, buf.getvalue())
    made = st.session_state.get("exp_result")
    if made and made[0] == spec_key:
        mime = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}[fmt]
        st.download_button(t("export_download", lang), made[1],
                           file_name=f"shenzhen_clusters_{size}_{orient}.{fmt}", mime=mime,
                           key="exp_dl", on_click="ignore")
    elif made:
        st.caption(t("export_stale", lang))
if target in targets and target.startswith("a:"):  # 一区一画像 of the searched area
    area_profile.profile_button(target[2:], ents=ents, is_sample=is_sample, lang=lang)
