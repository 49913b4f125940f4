"""Catalogue points on the folium map (facilities, the curated enterprise sample): one
marker per location, every row at that location listed; area-level points (known only
to lie in an area or a 街道/社区/区, ``analysis.location_level``) as one dashed ring per
area with their number, never as if located; uploaded enterprises as clusters or a
count grid."""

from __future__ import annotations

import json
from functools import lru_cache

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from analysis.location_level import with_location_level
from core import settings
from core.i18n import name_col, t
from core.taxonomy import load_taxonomy
from maps import style
from maps.folium.popups import (
    area_level_popup_html,
    area_level_ring,
    esc,
    for_people,
    source_list,
    table,
)


@lru_cache(maxsize=4)
def _area_names(lang: str) -> dict[str, str]:
    """{area id: name} of the shipped areas, for the location texts of popups."""
    from maps.folium.areas import area_names

    return area_names(lang)


def _facility_rows(f, lang: str, categories=None,
                   names: dict[str, str] | None = None) -> list[tuple[str, object]]:
    """A catalogue row's popup lines: category, industries, location precision, how it
    was located and its sources, as a planner reads them (no file path or area id:
    ``maps.folium.popups.for_people``; sources one per line)."""
    tax = load_taxonomy()
    names = names if names is not None else _area_names(lang)
    cat = (categories or settings.FACILITY_CATEGORIES).get(f["category"], (f["category"],) * 2)
    method_zh = f.get("location_method_zh")
    method = method_zh if lang == "zh" and isinstance(method_zh, str) and method_zh \
        else f.get("location_method")
    return [
        (t("category", lang), cat[0] if lang == "zh" else cat[1]),
        (t("industries", lang), "、".join(tax.name(i, lang) for i in f["industries"])),
        (t("location_precision", lang), f"± {f['precision_m']:,.0f} {t('metres', lang)}"),
        (t("location_method", lang), for_people(method, lang=lang, names=names)),
        (t("source", lang), source_list(f.get("source"), lang=lang, names=names)),
    ]


#: The columns a catalogue popup reads (:func:`_facility_rows` and the title).
_POPUP_COLUMNS = ("name_zh", "name_en", "category", "industries", "precision_m",
                  "location_method", "location_method_zh", "source")


def facility_popup_html(group: pd.DataFrame, *, lang: str = "zh", categories=None) -> str:
    """All rows sharing one location, each with category, precision and source.

    Made once per content and language (the map page draws the same catalogue popups
    on every run of every session): the key is the rows' popup columns themselves, so
    a changed row gets a new popup."""
    columns, records = _popup_records(group)
    return _popup_of(records, columns, lang, categories)


def _popup_records(rows: pd.DataFrame) -> tuple[tuple, list[tuple]]:
    """(the popup columns ``rows`` has, each row's values in them as a hashable tuple):
    made once per layer, so a popup's key is a slice of a list, not a pandas selection
    per marker (≈ 17 % of a map run went to those selections)."""
    columns = tuple(c for c in _POPUP_COLUMNS if c in rows.columns)
    return columns, [tuple(_hashable(v) for v in r) for r in
                     rows.loc[:, list(columns)].itertuples(index=False, name=None)]


def _popup_of(records, columns: tuple, lang: str, categories) -> str:
    """:func:`facility_popup_html` of the rows whose popup tuples are ``records``."""
    cats = None if categories is None else tuple(
        (k, tuple(v)) for k, v in categories.items())
    return _popup_html(tuple(records), columns, lang, cats)


def _hashable(value):
    """A cell as a cache key part: lists as tuples, NaN as None (NaN never equals
    itself, so a key holding it would never be found again)."""
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, float) and value != value:
        return None
    return value


@lru_cache(maxsize=4096)
def _popup_html(rows: tuple, columns: tuple, lang: str, cats: tuple | None) -> str:
    categories = None if cats is None else dict(cats)
    col = name_col(lang)
    names = _area_names(lang)
    records = [dict(zip(columns, r, strict=True)) for r in rows]
    return "<hr style='margin:4px 0'>".join(
        table(_facility_rows(f, lang, categories, names), title=f[col]) for f in records)


def add_facilities(m: folium.Map, facilities: pd.DataFrame, *, lang: str = "zh",
                   show_precision: bool = False) -> folium.Map:
    """Facility markers coloured by the (first) category at each location; a second
    layer, hidden by default, draws each location's precision circle (metres)."""
    return add_catalogue(m, facilities, lang=lang, show_precision=show_precision,
                         layer=t("facilities", lang), circles=t("precision_circles", lang),
                         categories=settings.FACILITY_CATEGORIES,
                         colors=style.CATEGORY_COLORS, here_key="n_facilities_here",
                         level_key="area_level_facilities")


def add_enterprise_sample(m: folium.Map, enterprises: pd.DataFrame, *, lang: str = "zh",
                          show_precision: bool = False) -> folium.Map:
    """The shipped, curated enterprise sample (not a register): markers with name,
    category, industries, precision and source; its own precision-circle layer."""
    return add_catalogue(m, enterprises, lang=lang, show_precision=show_precision,
                         layer=t("enterprise_sample", lang),
                         circles=t("enterprise_precision_circles", lang),
                         categories=settings.ENTERPRISE_CATEGORIES,
                         colors=style.ENTERPRISE_COLORS, here_key="n_enterprises_here",
                         level_key="area_level_enterprises", radius=4)


def add_catalogue(m: folium.Map, rows: pd.DataFrame, *, lang: str, show_precision: bool,
                  layer: str, circles: str, categories: dict, colors: dict, here_key: str,
                  level_key: str = "area_level_facilities", radius: float = 5
                  ) -> folium.Map:
    """Located rows: one marker per location (rows at the same point are listed
    together, never scattered), coloured by the first row's category; radius grows with
    the count. Area-level rows: one dashed ring per container with their number,
    labelled ``level_key`` ("N facilities located only to 光明科学城 (area)"), listing
    them in its popup (:func:`add_area_level`)."""
    points = folium.FeatureGroup(name=layer, show=True)
    circle_layer = folium.FeatureGroup(name=circles, show=show_precision)
    col = name_col(lang)
    rows = with_location_level(rows)
    level = rows["container"] != ""
    columns, records = _popup_records(rows)
    rows = rows.assign(_pos=np.arange(len(rows)))  # each row's place in ``records``
    _add_area_level(points, rows[level], lang=lang, categories=categories, colors=colors,
                    level_key=level_key, popups=(columns, records))
    rings = [[lat, lon, float(group["precision_m"].max()),
              colors.get(group["category"].iloc[0], "#444444")]
             for (lon, lat), group in rows[level].groupby(["lon", "lat"], sort=False)]
    dots = []
    for (lon, lat), group in rows[~level].groupby(["lon", "lat"], sort=False):
        color = colors.get(group["category"].iloc[0], "#444444")
        n = len(group)
        tip = group[col].iloc[0] if n == 1 else \
            t(here_key, lang).format(n=n) + "：" + "、".join(group[col].head(3)) + \
            ("…" if n > 3 else "")
        tip += f"（±{group['precision_m'].max():,.0f} m）"
        dots.append([lat, lon, radius + min(n, 20) ** 0.5 * 2, color, esc(tip),
                     _popup_of([records[i] for i in group["_pos"]], columns, lang,
                               categories)])
        rings.append([lat, lon, float(group["precision_m"].max()), color])
    PointRows(dots, kind="dots").add_to(points)
    PointRows(rings, kind="rings").add_to(circle_layer)
    points.add_to(m)
    circle_layer.add_to(m)
    return m


class PointRows(MacroElement):
    """Many catalogue markers as one map element: their rows as one JSON array and a
    loop that draws them into the parent layer. Drawn one folium element each, 235
    points cost about 700 elements, each compiled as a Jinja template twice on every
    run of the map page (its own template, then its rendered script); this is one
    element and no compilation.

    ``kind="dots"``: rows ``[lat, lon, radius_px, fill colour, tooltip HTML, popup
    HTML]`` drawn as white-edged CircleMarkers with a popup (380 px wide) and a sticky
    tooltip. ``kind="rings"``: rows ``[lat, lon, radius_m, colour]`` drawn as dashed,
    non-interactive precision circles (metres). Tooltip and popup are HTML the caller
    escaped (:func:`maps.folium.popups.esc`, :func:`facility_popup_html`)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (layer, rows) {
    rows.forEach(function (r) {
        {%- if this.kind == "dots" %}
        L.circleMarker([r[0], r[1]], {radius: r[2], color: "white", weight: 1.5,
                fill: true, fillColor: r[3], fillOpacity: 0.9})
            .bindTooltip(r[4], {sticky: true})
            .bindPopup(r[5], {maxWidth: 380})
            .addTo(layer);
        {%- else %}
        L.circle([r[0], r[1]], {radius: r[2], color: r[3], weight: 1, dashArray: "4 4",
                fill: false, interactive: false}).addTo(layer);
        {%- endif %}
    });
})({{ this._parent.get_name() }}, {{ this.rows_js }});
{% endmacro %}
""")

    def __init__(self, rows: list[list], *, kind: str):
        super().__init__()
        if kind not in ("dots", "rings"):
            raise ValueError(f"kind must be 'dots' or 'rings', not {kind!r}")
        self._name, self.kind, self.n = "PointRows", kind, len(rows)
        self.rows_js = _js_rows(rows)

    def render(self, **kwargs) -> None:
        """Put the script in the figure as it is (branca's MacroElement would compile
        the rendered script as a template again: ≈ 0.1 s per 100 kB of rows)."""
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_Verbatim(script), name=self.get_name())


class _Verbatim(Element):
    """Text rendered as it is (no template)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


def _js_rows(rows: list[list]) -> str:
    """``rows`` (lists of numbers and strings) as a JavaScript array literal safe inside
    a <script> element: ``</`` cannot close the script, and no brace (only strings hold
    any: the rows are arrays) can start a Jinja tag should a later pass (streamlit-
    folium's, folium's export) treat the script as a template."""
    text = json.dumps(rows, ensure_ascii=False, allow_nan=False)
    return (text.replace("</", "<\\/").replace("{", "\\u007b").replace("}", "\\u007d")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def container_place(container: str, *, lang: str, names: dict[str, str] | None = None
                    ) -> str:
    """A container key (``area:<id>``, ``subdistrict:<街道>`` …) as a reader names it:
    the area's name in ``lang`` (or the unit's own name) and the kind of unit."""
    unit, _, name = container.partition(":")
    if unit == "area":
        name = (names if names is not None else _area_names(lang)).get(name, name)
    return t("area_level_place", lang, name=name, unit=t(f"catalogue.unit.{unit}", lang))


def _add_area_level(layer: folium.FeatureGroup, rows: pd.DataFrame, *, lang: str,
                    categories: dict, colors: dict, level_key: str,
                    popups: tuple[tuple, list[tuple]]) -> None:
    """One marker per container for the area-level ``rows`` (with ``container`` and
    ``_pos``, each row's place in the ``popups`` records of :func:`_popup_records`): a
    dashed ring with the number of points, at the container's representative point
    (where the catalogue put them), the label as its tooltip and every point listed in
    its popup with the note that this is not where they are."""
    columns, records = popups
    names = _area_names(lang)
    for container, group in rows.groupby("container", sort=False):
        label = t(level_key, lang, n=len(group),
                  place=container_place(container, lang=lang, names=names))
        color = colors.get(group["category"].iloc[0], "#444444")
        folium.Marker(
            location=[float(group["lat"].iloc[0]), float(group["lon"].iloc[0])],
            icon=folium.DivIcon(html=area_level_ring(len(group), color=color, label=label),
                                icon_size=(30, 30), icon_anchor=(15, 15),
                                class_name="sz-area-level"),
            tooltip=folium.Tooltip(esc(label)),
            popup=folium.Popup(area_level_popup_html(
                label, _popup_of([records[i] for i in group["_pos"]], columns, lang,
                                 categories),
                lang=lang), max_width=400),
        ).add_to(layer)


CLUSTER_LIMIT = 20_000
GRID_CELL_M = 1000.0


#: JavaScript that draws one uploaded point inside the marker cluster: a CSS dot (a
#: ``divIcon``: no image or icon font to load) whose popup shows the row's name and
#: industry as text (``textContent``: user text is never parsed as HTML).
_CLUSTER_POINT_JS = """
function (row) {
    var icon = L.divIcon({className: 'sz-point', iconSize: [10, 10],
        html: '<div style="width:10px;height:10px;border-radius:5px;background:#c0392b;'
            + 'border:1.5px solid white;box-sizing:border-box"></div>'});
    var marker = L.marker(new L.LatLng(row[0], row[1]), {icon: icon});
    var box = document.createElement('div');
    var name = document.createElement('b');
    name.textContent = row[2];
    box.appendChild(name);
    if (row[3]) {
        var line = document.createElement('div');
        line.textContent = row[3];
        box.appendChild(line);
    }
    marker.bindPopup(box);
    return marker;
}"""


def add_enterprises(m: folium.Map, enterprises: pd.DataFrame, *, lang: str = "zh",
                    cluster_limit: int = CLUSTER_LIMIT, name_col: str | None = None,
                    label_col: str | None = None) -> folium.Map:
    """Uploaded enterprises: client-side clusters of dots up to ``cluster_limit``
    points, each with a popup of its ``name_col`` and ``label_col`` values (set as
    text, never HTML); a 1 km count grid above it (the payload grows with occupied
    cells, not points)."""
    if len(enterprises) <= cluster_limit:
        from folium.plugins import FastMarkerCluster

        def text(col):
            if col is None or col not in enterprises:
                return [""] * len(enterprises)
            return enterprises[col].astype(object).where(enterprises[col].notna(), ""
                                                         ).astype(str).str.slice(0, 200)

        data = [[round(float(la), 6), round(float(lo), 6), nm, lb] for la, lo, nm, lb in zip(
            enterprises["lat"], enterprises["lon"], text(name_col), text(label_col),
            strict=True)]
        FastMarkerCluster(data, name=t("enterprises_uploaded", lang),
                          callback=_CLUSTER_POINT_JS).add_to(m)
        return m
    return add_count_grid(m, enterprises, name=t("enterprises_uploaded", lang))


def count_grid(points: pd.DataFrame, *, cell_m: float = GRID_CELL_M) -> pd.DataFrame:
    """Counts of points per square cell of ``cell_m`` metres in EPSG:4547, with each
    cell's corners in WGS-84 (west, south, east, north)."""
    import numpy as np

    from core.crs import from_metric, to_metric

    x, y = to_metric(points["lon"].to_numpy(), points["lat"].to_numpy())
    ok = np.isfinite(x) & np.isfinite(y)
    ix = np.floor(x[ok] / cell_m).astype(np.int64)
    iy = np.floor(y[ok] / cell_m).astype(np.int64)
    key = ix * 10_000_000 + iy
    uniq, counts = np.unique(key, return_counts=True)
    cx, cy = uniq // 10_000_000, uniq % 10_000_000
    w, s = from_metric(cx * cell_m, cy * cell_m)
    e, n = from_metric((cx + 1) * cell_m, (cy + 1) * cell_m)
    return pd.DataFrame({"west": w, "south": s, "east": e, "north": n, "count": counts})


def add_count_grid(m: folium.Map, points: pd.DataFrame, *, name: str,
                   cell_m: float = GRID_CELL_M) -> folium.Map:
    """The count grid as one GeoJSON layer, shaded by count (quantile classes)."""
    import numpy as np

    grid = count_grid(points, cell_m=cell_m)
    breaks = np.quantile(grid["count"], [0.5, 0.75, 0.9, 0.97]) if len(grid) else []
    shades = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
    feats = [{"type": "Feature",
              "properties": {"c": int(r.count), "k": int(np.searchsorted(breaks, r.count))},
              "geometry": {"type": "Polygon", "coordinates": [[
                  [round(r.west, 5), round(r.south, 5)], [round(r.east, 5), round(r.south, 5)],
                  [round(r.east, 5), round(r.north, 5)], [round(r.west, 5), round(r.north, 5)],
                  [round(r.west, 5), round(r.south, 5)]]]}}
             for r in grid.itertuples()]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": feats}, name=name,
        style_function=lambda f: {"fillColor": shades[f["properties"]["k"]], "weight": 0,
                                  "fillOpacity": 0.75},
        tooltip=folium.GeoJsonTooltip(["c"], aliases=["n"]),
    ).add_to(m)
    return m


SITE_LIMIT = 2_000


def add_checked_sites(m: folium.Map, sites: pd.DataFrame, *, lang: str = "zh",
                      name_col: str | None = None, limit: int = SITE_LIMIT) -> folium.Map:
    """Batch placement sites (WGS-84 ``lon``/``lat``, ``focus_match``, ``verdict_text``)
    as dots coloured by verdict, the first ``limit`` of them; the tooltip gives the
    name (escaped) and the verdict as the user reads it."""
    group = folium.FeatureGroup(name=t("batch_sites", lang), show=True)
    for _, r in sites.head(limit).iterrows():
        name = r[name_col] if name_col and name_col in r and isinstance(r[name_col], str) \
            else ""
        folium.CircleMarker(
            location=[float(r["lat"]), float(r["lon"])], radius=6, color="white", weight=1.5,
            fill=True, fill_color=style.VERDICT_COLORS.get(r["focus_match"], "#444444"),
            fill_opacity=0.95, tooltip=esc(f"{name} · {r['verdict_text']}" if name
                                           else r["verdict_text"]),
        ).add_to(group)
    group.add_to(m)
    return m
