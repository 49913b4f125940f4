"""Cluster / platform / 片区 polygons on the folium map, with their provenance.

Areas nest (片区 in their cluster) and some coincide (前海（宝安） and two of its 片区
are one polygon; the 深汕 cluster and its four 片区 are the whole zone), so a click
does not open the clicked polygon's own popup: :class:`AreaClickList` finds every
shown area containing the clicked point and opens one popup listing them all, each
with its details to expand.
"""

from __future__ import annotations

import json

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from core.i18n import name_col, t
from core.taxonomy import load_taxonomy
from maps import style
from maps.folium.popups import (
    details,
    esc,
    for_people,
    plan_citation,
    rows_html,
    source_list,
    table,
)

LAYER_ORDER = ("sub_area", "innovation_cluster", "strategic_platform")
#: Order of the areas listed at a clicked point: platform, cluster, then 片区.
LIST_ORDER = ("strategic_platform", "innovation_cluster", "sub_area")


def area_names(lang: str, areas: gpd.GeoDataFrame | None = None) -> dict[str, str]:
    """{area id: name in ``lang``} of ``areas`` (default: all shipped areas)."""
    if areas is None:
        from data.areas import load_areas
        areas = load_areas()
    return dict(zip(areas["id"], areas[name_col(lang)], strict=True))


def method_text(row, lang: str, names: dict[str, str] | None = None) -> str:
    """The boundary method for a reader, in the page language (Chinese where the
    definitions give it, else the English text): area ids become names, file paths
    and build notes are written out (see ``maps.folium.popups.for_people``)."""
    zh = row.get("method_zh")
    text = zh if lang == "zh" and isinstance(zh, str) and zh else row["method"]
    return for_people(text, lang=lang, names=names if names is not None
                      else area_names(lang))


def area_popup_rows(row, *, lang: str = "zh", counts: dict | None = None,
                    names: dict[str, str] | None = None) -> list[tuple[str, object]]:
    """(label, value) rows of an area's details: kind, other-language name, parent,
    districts, km², point counts (if given: {"n_facilities": …, "n_enterprises": …}),
    grade with its ± error bound, method, plan section, quoted focus, industries and
    sources (one per line). No file path, area id or build note is shown."""
    tax = load_taxonomy()
    names = names if names is not None else area_names(lang)
    published = row.get("published_km2")
    rows: list[tuple[str, object]] = [
        (t("col_kind", lang), t("kind_" + row["kind"], lang)),
        (t("name_other", lang), row[name_col("en" if lang == "zh" else "zh")]),
    ]
    parent = row.get("parent")
    if isinstance(parent, str) and parent:
        rows.append((t("parent_area", lang), names.get(parent, "")))
    rows += [
        (t("districts_in", lang), row["districts"]),
        (t("area_km2", lang), f"{row['area_km2']:.2f}"),
    ]
    if published == published and published is not None:  # not NaN
        rows.append((t("published_km2", lang), f"{published:g}"))
    for key in ("n_facilities", "n_enterprises"):
        if counts and key in counts:
            rows.append((t("col_" + key, lang), f"{int(counts[key]):,}"))
    rows += [
        (t("grade", lang), f"{t('grade_' + row['grade'], lang)} · ± "
                           f"{row['precision_m']:,.0f} {t('metres', lang)}"),
        (t("method", lang), method_text(row, lang, names)),
        (t("plan_section", lang), plan_citation(row["plan_section"])),
        (t("focus", lang), row["focus_text"]),
        (t("industries", lang), t("sep.list", lang).join(
            tax.name(i, lang) for i in row["industry_ids"])),
        (t("source", lang), source_list(row["sources"], lang=lang, names=names)),
    ]
    return rows


def area_popup_html(row, *, lang: str = "zh", counts: dict | None = None,
                    names: dict[str, str] | None = None) -> str:
    """One area's popup: its name, then :func:`area_popup_rows` as a table."""
    name = row[name_col(lang)]
    return table(area_popup_rows(row, lang=lang, counts=counts, names=names), title=name)


class AreaClickList(MacroElement):
    """On a click on the map, one popup listing every shown area (its layer switched
    on) whose polygon contains the point: platform, cluster, then 片区; a single area
    opens with its details, several as a list whose names expand (``info``: area id
    → {"item": a closed ``<details>`` block}).

    The area polygons are found at click time among the map's layers (GeoJSON
    features carrying ``area_id``), so the list works whether the areas were drawn
    with the map or swapped in later in FeatureGroups (the 地图 page's overlays); one
    click handler serves each map, and the latest list's texts replace older ones.
    The point-in-polygon test runs in the browser on the polygons' own GeoJSON
    (even-odd rule over all rings, so holes and multipolygons count), in WGS-84
    degrees, as Leaflet draws them.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var parent = {{ this._parent.get_name() }};
  var texts = {info: {{ this.info_json }}, order: {{ this.order_json }},
               headline: {{ this.headline_json }}};
  function inRings(rings, x, y) {
    var inside = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    });
    return inside;
  }
  function contains(geom, x, y) {
    if (!geom) { return false; }
    var polys = geom.type === "Polygon" ? [geom.coordinates]
      : geom.type === "MultiPolygon" ? geom.coordinates : [];
    return polys.some(function (p) { return inRings(p, x, y); });
  }
  function bind(map) {
    map.__areaTexts = texts;  // the newest list's texts serve the map
    if (map.__areaListBound) { return; }
    map.__areaListBound = true;
    function areasAt(latlng) {
      var t = map.__areaTexts, ids = [];
      map.eachLayer(function (l) {
        var f = l.feature, id = f && f.properties && f.properties.area_id;
        if (id && t.info[id] && ids.indexOf(id) < 0 && contains(f.geometry, latlng.lng,
                                                                latlng.lat)) {
          ids.push(id);
        }
      });
      return ids.sort(function (a, b) { return t.order[a] - t.order[b]; });
    }
    function html(ids) {
      var t = map.__areaTexts;
      var box = "<div style='font-size:12px;min-width:260px;max-width:440px'>";
      if (ids.length === 1) {  // one area: its details already open
        return box + t.info[ids[0]].item.replace("<details", "<details open") + "</div>";
      }
      return box + "<div style='color:#444;margin-bottom:4px'>"
        + t.headline.replace("{n}", String(ids.length)) + "</div>"
        + ids.map(function (id) { return t.info[id].item; }).join("") + "</div>";
    }
    map.on("click", function (e) {
      var ids = areasAt(e.latlng);
      if (!ids.length) { return; }
      // a DOM node, not a string: popup.update() then keeps which details are open
      var box = document.createElement("div");
      box.innerHTML = html(ids);
      var popup = L.popup({maxWidth: 460, minWidth: 280, maxHeight: 440,
                           className: "area-list-popup"})
        .setLatLng(e.latlng).setContent(box).openOn(map);
      var el = popup.getElement();
      if (el) {
        el.setAttribute("data-area-ids", ids.join(" "));
        el.addEventListener("toggle", function () { popup.update(); }, true);
      }
    });
    map.areasAt = areasAt;
  }
  if (parent instanceof L.Map) { bind(parent); }
  else { parent.on("add", function () { bind(parent._map); }); }
})();
{% endmacro %}
""")

    def __init__(self, info: dict[str, dict], order: dict[str, int], headline: str):
        super().__init__()
        self._name = "AreaClickList"
        self.info_json = _js(info)
        self.order_json = _js(order)
        self.headline_json = _js(esc(headline))


def _js(value) -> str:
    """``value`` as a JavaScript literal that cannot close the ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(
        "\u2028", "\\u2028").replace("\u2029", "\\u2029")


def add_areas(m: folium.Map, areas: gpd.GeoDataFrame, *, lang: str = "zh",
              color_by: str = "kind", counts: dict | None = None) -> folium.Map:
    """One toggleable layer per kind; each polygon with a tooltip (name); a click lists
    every shown area at that point (:class:`AreaClickList`).

    ``color_by``: "kind" (platform / cluster / 片区) or "sector" (the sector holding
    most of the area's focus industries).
    """
    tax = load_taxonomy()
    names = area_names(lang, areas)
    all_names = {**area_names(lang), **names}  # a parent filtered out keeps its name
    layers: list[folium.GeoJson] = []
    info: dict[str, dict] = {}
    for kind in LAYER_ORDER:
        part = areas[areas["kind"] == kind]
        if part.empty:
            continue
        group = folium.FeatureGroup(name=t("kind_" + kind, lang), show=True)
        for _, row in part.iterrows():
            name = names[row["id"]]
            path_style = style.area_style(kind, row["grade"])
            if color_by == "sector":
                c = style.SECTOR_COLORS[tax.dominant_sector(row["industry_ids"])]
                path_style = {**path_style, "color": c, "fillColor": c}
            gj = folium.GeoJson(
                {"type": "FeatureCollection", "features": [{
                    "type": "Feature", "id": row["id"], "properties": {"area_id": row["id"]},
                    "geometry": row.geometry.__geo_interface__}]},
                style_function=lambda _f, s=path_style: s,
                highlight_function=lambda _f: {"weight": 4},
                tooltip=esc(name),
            ).add_to(group)
            layers.append(gj)
            rows = area_popup_rows(row, lang=lang, counts=(counts or {}).get(row["id"]),
                                   names=all_names)
            note = f"{t('kind_' + kind, lang)} · {t('grade_' + row['grade'], lang)}"
            info[row["id"]] = {"item": details(name, rows_html(rows), note=note)}
        group.add_to(m)
    if layers:
        order = {i: n for n, i in enumerate(
            areas.assign(_k=areas["kind"].map(LIST_ORDER.index)).sort_values(
                ["_k"], kind="stable")["id"])}
        AreaClickList(info, order, t("areas_here", lang)).add_to(m)
    return m
