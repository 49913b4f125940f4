"""Print-ready static maps (PNG, PDF, SVG) of the clusters, platforms and 片区.

The map is drawn in EPSG:4547 (metres), so the scale bar is true; grid north differs
from true north by less than 0.2° in Shenzhen. Every map carries a title and subtitle,
a legend, a metric scale bar, a north arrow, the data attribution, the boundary
precision note, the date, the CRS note and a configurable disclaimer line.

One renderer: :func:`draw_map` draws the map itself (base layers, areas, observed
concentrations, facilities, firms, labels, scale bar, north arrow) into a box of a
figure; :func:`render` lays out a whole page around it (title, legend, notes, each
measured, the map given all the room left) and the area profile
(``maps.static.profile``) lays out its own pages around the same :func:`draw_map`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.transforms import Bbox

from core import settings
from maps import style
from maps.static import furniture
from maps.static.figures import new_figure
from maps.static.fonts import no_ligatures, register_cjk_font
from maps.static.labels import (
    PlacedLabel,
    label_text,
    place_background_labels,
    place_labels,
    short_name,
    short_name_en,
)
from maps.static.spec import (
    DEFAULT_DISCLAIMER,
    DEFAULT_LAYERS,
    FORMATS,
    GRADE_LINESTYLE,
    LAND,
    LAYERS,
    OUTSIDE,
    PAPER_MM,
    MapSpec,
    text,
)

#: Page margin (mm) and the gap between blocks (mm).
MARGIN_MM = 12.0
GAP_MM = 4.0
NOTES_PT = 5.6
KEY_PT = 5.6
#: Above this many firms the firm dots are rasterised in PDF/SVG (DESIGN.md §5).
RASTER_POINTS = 3000


@dataclass
class StaticLayers:
    """What a static map can draw, all EPSG:4326: the area polygons and base layers;
    ``facilities`` and ``enterprises`` as point tables (lon, lat, category,
    industries); whether the firms are the curated sample (coloured by category) or
    a register (one colour); observed ``concentrations`` (polygons from
    ``analysis.concentrations``) with the method that found them."""

    areas: gpd.GeoDataFrame
    subdistricts: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    shenshan: gpd.GeoDataFrame
    facilities: pd.DataFrame | None = None
    enterprises: pd.DataFrame | None = None
    enterprises_are_sample: bool = True
    concentrations: gpd.GeoDataFrame | None = None
    concentration_method: str | None = None

    @classmethod
    def shipped(cls, **overrides) -> StaticLayers:
        """The shipped layers, the facility catalogue and the enterprise sample; any
        field given in ``overrides`` (None values ignored) replaces its default."""
        from data import loaders
        from data.areas import load_areas
        from data.catalogues import load_enterprises, load_facilities

        given = {k: v for k, v in overrides.items() if v is not None}
        defaults = {"areas": load_areas, "subdistricts": loaders.load_subdistricts,
                    "districts": loaders.load_districts, "shenshan": loaders.load_shenshan,
                    "facilities": load_facilities, "enterprises": load_enterprises}
        return cls(**{k: f() for k, f in defaults.items() if k not in given}, **given)


@dataclass
class RenderedMap:
    """A rendered page: the matplotlib ``figure``, the map's axes, ``notes`` for the
    caller (e.g. the tile server was unreachable), the labels as placed and counts of
    what was drawn (``facilities``, ``enterprises`` rows; ``areas`` polygons)."""

    figure: plt.Figure
    map_ax: plt.Axes
    notes: list[str] = field(default_factory=list)
    labels: list[PlacedLabel] = field(default_factory=list)
    drawn: dict[str, int] = field(default_factory=dict)

    def close(self) -> None:
        plt.close(self.figure)


@dataclass
class _Scene:
    """The layers of one spec in EPSG:4547, filtered, with the view to frame."""

    spec: MapSpec
    areas_m: gpd.GeoDataFrame
    subs_m: gpd.GeoDataFrame
    dist_m: gpd.GeoDataFrame
    ss_m: gpd.GeoDataFrame
    shown: gpd.GeoDataFrame
    focus: tuple[float, float, float, float]
    highlight: set[str] | None
    fac: pd.DataFrame | None       # with x, y (metres)
    ents: pd.DataFrame | None
    ents_sample: bool
    conc_m: gpd.GeoDataFrame | None
    conc_method: str | None
    city_view: bool
    land: object = None            # the 74 街道 as one polygon (metres), city view


@dataclass
class MapBody:
    """What :func:`draw_map` drew: its axes, labels, and what the legend must list."""

    ax: plt.Axes
    labels: list[PlacedLabel]
    kinds: set[str]
    grades: list[str]
    categories: list[str]
    enterprise_categories: list[str]
    notes: list[str]
    drawn: dict[str, int]


# ------------------------------------------------------------------- preparation
def prepare(spec: MapSpec, layers: StaticLayers, *, pad: float = 0.06,
            min_span_m: float = 0.0) -> _Scene:
    """Validate ``spec`` and project and filter ``layers`` for it: the areas shown (a
    chosen area with its 片区, those in the bounds, or all), the facilities and firms
    carrying the chosen industries, and the extent to frame (metres, padded by
    ``pad`` of its longer side, and at least ``min_span_m`` across, so that a small
    area is shown with its surroundings)."""
    from analysis.coverage import filter_points
    from core.crs import to_metric
    from core.taxonomy import expand_filter

    spec.validate(layers.areas["id"])
    if spec.area_ids:  # an area is drawn with its 片区
        spec = replace(spec, layers=tuple(dict.fromkeys(spec.layers + ("subareas",))))
    m = settings.CRS_METRIC
    areas = layers.areas
    areas_m = areas.to_crs(m)
    subs_m, dist_m = layers.subdistricts.to_crs(m), layers.districts.to_crs(m)
    ss_m = layers.shenshan.to_crs(m)
    ind_ids = expand_filter(list(spec.industries))
    highlight = None
    if ind_ids:
        highlight = {i for i, ids in zip(areas["id"], areas["industry_ids"], strict=True)
                     if set(ids) & set(ind_ids)}
    city_view = False
    if spec.area_ids:
        shown = areas_m[areas_m["id"].isin(spec.area_ids)
                        | areas_m["parent"].isin(spec.area_ids)]
        focus_geom = shown.union_all()
    elif spec.bounds is not None:
        from shapely.geometry import box

        focus_geom = gpd.GeoSeries([box(*spec.bounds)], crs=4326).to_crs(m).iloc[0]
        shown = areas_m[areas_m.intersects(focus_geom)]
    else:
        focus_geom = subs_m.union_all()
        shown = areas_m
        city_view = True
    minx, miny, maxx, maxy = focus_geom.bounds
    p = max(maxx - minx, maxy - miny) * pad
    wx = max(0.0, min_span_m - (maxx - minx + 2 * p)) / 2
    wy = max(0.0, min_span_m - (maxy - miny + 2 * p)) / 2
    focus = (minx - p - wx, miny - p - wy, maxx + p + wx, maxy + p + wy)

    def points(frame):
        if frame is None or not len(frame):
            return None
        if ind_ids:
            frame = filter_points(frame, industries=ind_ids)
        frame = frame.copy()
        frame["x"], frame["y"] = to_metric(frame["lon"].to_numpy(dtype=float),
                                           frame["lat"].to_numpy(dtype=float))
        return frame

    conc = layers.concentrations
    conc_m = conc.to_crs(m) if conc is not None and len(conc) else None
    return _Scene(spec=spec, areas_m=areas_m, subs_m=subs_m, dist_m=dist_m, ss_m=ss_m,
                  shown=shown, focus=focus, highlight=highlight,
                  fac=points(layers.facilities if "facilities" in spec.layers else None),
                  ents=points(layers.enterprises if "enterprises" in spec.layers else None),
                  ents_sample=layers.enterprises_are_sample, conc_m=conc_m,
                  conc_method=layers.concentration_method, city_view=city_view,
                  land=focus_geom if city_view else None)


def fit_extent(bounds, box_w: float, box_h: float):
    """Equal-aspect limits covering ``bounds`` and filling a box ``box_w`` × ``box_h``
    (any unit): the shorter side of the bounds is widened about its centre."""
    minx, miny, maxx, maxy = bounds
    ratio = box_h / box_w
    w, h = maxx - minx, maxy - miny
    if h / w < ratio:
        cy, h = (miny + maxy) / 2, w * ratio
        miny, maxy = cy - h / 2, cy + h / 2
    else:
        cx, w = (minx + maxx) / 2, h / ratio
        minx, maxx = cx - w / 2, cx + w / 2
    return minx, miny, maxx, maxy


def _in_view(frame: pd.DataFrame | None, ext) -> pd.DataFrame | None:
    if frame is None:
        return None
    x0, y0, x1, y1 = ext
    keep = ((frame["x"] >= x0) & (frame["x"] <= x1) & (frame["y"] >= y0)
            & (frame["y"] <= y1)).to_numpy()
    return frame[keep]


def legend_contents(scene: _Scene, ext) -> dict:
    """The legend's contents for the view ``ext`` (what is drawn there)."""
    spec = scene.spec
    fac, ents = _in_view(scene.fac, ext), _in_view(scene.ents, ext)
    cats = [] if fac is None else [c for c in settings.FACILITY_CATEGORIES
                                   if c in set(fac["category"])]
    ent_cats = [] if ents is None or not scene.ents_sample else [
        c for c in settings.ENTERPRISE_CATEGORIES if c in set(ents["category"])]
    shown = scene.shown
    from analysis.location_level import is_area_level

    return {"kinds": set(shown["kind"]),
            "grades": [g for g in GRADE_LINESTYLE if g in set(shown["grade"])],
            "categories": cats, "enterprise_categories": ent_cats,
            "firms": None if ents is None or not len(ents) else
            ("sample" if scene.ents_sample else "register"),
            "concentrations": scene.conc_method if scene.conc_m is not None else None,
            "filtered": bool(spec.industries) and (fac is not None or ents is not None),
            "area_level": fac is not None and bool(is_area_level(fac).any())}


# ------------------------------------------------------------- polygon drawing
def _rings(geom):
    """The rings of a (Multi)Polygon or the parts of a (Multi)LineString as arrays."""
    import shapely

    out = []
    for part in getattr(geom, "geoms", [geom]):
        if part.is_empty:
            continue
        if part.geom_type == "Polygon":
            out.append(np.asarray(part.exterior.coords))
            out += [np.asarray(r.coords) for r in part.interiors]
        elif part.geom_type in ("LineString", "LinearRing"):
            out.append(np.asarray(part.coords))
        else:
            out += _rings(shapely.get_parts(part))
    return out


def _path(geom):
    """A compound matplotlib Path of a (Multi)Polygon (holes as holes)."""
    from matplotlib.path import Path as MplPath

    verts, codes = [], []
    for ring in _rings(geom):
        verts.append(ring)
        c = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
        c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
        codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def fill(ax, geoms, **kw) -> None:
    """Fill polygons (metres) on ``ax`` as one collection; no figure redraw (geopandas'
    plot redraws the whole figure after each call)."""
    from matplotlib.collections import PathCollection

    paths = [_path(g) for g in geoms if g is not None and not g.is_empty]
    if paths:
        ax.add_collection(PathCollection(paths, **kw), autolim=False)


def outline(ax, geoms, **kw) -> None:
    """Draw the outlines of polygons (metres) on ``ax`` as one line collection."""
    from matplotlib.collections import LineCollection

    segs = [r for g in geoms if g is not None and not g.is_empty for r in _rings(g)]
    if segs:
        ax.add_collection(LineCollection(segs, **kw), autolim=False)


# --------------------------------------------------------------------- the map
def draw_map(fig, rect, scene: _Scene, *, label_size: float = 6.5,
             extra_labels=()) -> MapBody:
    """Draw the map of ``scene`` in a new axes at ``rect`` (figure fraction), its
    extent widened to fill the box; ``extra_labels``: more (x, y, text) labels in
    metres, placed after the area labels (e.g. concentration ids)."""
    spec = scene.spec
    lang = spec.lang
    ax = fig.add_axes(rect)
    ax.set_facecolor(OUTSIDE)
    for side in ax.spines.values():
        side.set_linewidth(0.8)
    ax.set_xticks([])
    ax.set_yticks([])
    fw, fh = fig.get_size_inches()
    x0, y0, x1, y1 = fit_extent(scene.focus, rect[2] * fw, rect[3] * fh)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_autoscale_on(False)

    notes = []
    tiles = spec.tiles
    if tiles:
        from maps.static.tiles import TilesUnavailable, add_tile_background

        try:
            attribution = add_tile_background(ax, tiles, width_px=int(
                rect[2] * fig.bbox.width))
            notes.append(text("tiles_used", lang, attribution=attribution))
        except TilesUnavailable as exc:
            notes.append(text("tiles_failed", lang, reason=str(exc)))
            tiles = None
    land_alpha = 0.35 if tiles else 1.0
    fill(ax, scene.subs_m.geometry, facecolor=LAND, edgecolor="none", zorder=1,
         alpha=land_alpha)
    fill(ax, scene.ss_m.geometry, facecolor=LAND, edgecolor="none", zorder=1)
    outline(ax, scene.ss_m.geometry, color="#666666", linewidth=0.8,
            linestyle=(0, (4, 2)), zorder=1)
    if "subdistricts" in spec.layers:
        outline(ax, scene.subs_m.geometry, color=style.SUBDISTRICT_STYLE["color"],
                linewidth=0.3, zorder=2)
    if "districts" in spec.layers:
        outline(ax, scene.dist_m.geometry, color=style.DISTRICT_STYLE["color"],
                linewidth=0.9, zorder=3)
    _draw_areas(ax, scene.shown, spec, scene.highlight)
    if scene.conc_m is not None:
        fill(ax, scene.conc_m.geometry, facecolor="none",
             edgecolor=furniture.CONCENTRATION_COLOR, hatch="////", linewidth=1.0, zorder=9)
    ext = (x0, y0, x1, y1)
    legend = legend_contents(scene, ext)
    ents = _in_view(scene.ents, ext)
    if ents is not None and len(ents):
        _draw_enterprises(ax, ents, sample=scene.ents_sample)
    fac = _in_view(scene.fac, ext)
    obstacles: list[Bbox] = []
    if fac is not None and len(fac):
        obstacles += _draw_facilities(ax, fac)
    obstacles.append(furniture.scale_bar(ax, lang))
    obstacles.append(furniture.north_arrow(ax, lang))
    if scene.city_view:
        obstacles.append(_shenshan_inset(fig, ax, scene, obstacles[-2:]))

    labels: list[PlacedLabel] = []
    if "labels" in spec.layers:
        top = scene.shown if spec.area_ids else scene.shown[scene.shown["parent"].isna()]
        top = top.assign(_a=top.area).sort_values("_a", ascending=False)
        from shapely.geometry import box as shp_box

        view = shp_box(x0, y0, x1, y1)
        items = []
        for _, r in top.iterrows():
            if scene.city_view and r.geometry.intersects(scene.ss_m.geometry.iloc[0]):
                continue  # 深汕 is labelled in its inset
            part = r.geometry.intersection(view)  # labelled where it is seen
            if part.is_empty or (part.area < 0.05 * r.geometry.area
                                 and part.area < 0.002 * view.area):
                continue  # a sliver of it at the edge of the view: nothing to label
            p = part.representative_point()
            items.append((p.x, p.y, label_text(r["name_zh"], r["name_en"], lang)))
        labels = place_labels(ax, [*items, *extra_labels], obstacles=obstacles,
                              fontsize=label_size)
        if "districts" in spec.layers:
            col = "name_zh" if lang == "zh" else "name_en"
            labels += place_background_labels(
                ax, [(d.geometry, d[col]) for _, d in scene.dist_m.iterrows()], obstacles)
    drawn = {"facilities": 0 if fac is None else len(fac),
             "enterprises": 0 if ents is None else len(ents), "areas": len(scene.shown)}
    return MapBody(ax=ax, labels=labels, kinds=legend["kinds"], grades=legend["grades"],
                   categories=legend["categories"],
                   enterprise_categories=legend["enterprise_categories"], notes=notes,
                   drawn=drawn)


def _draw_areas(ax, areas_m: gpd.GeoDataFrame, spec: MapSpec, highlight: set[str] | None):
    from core.taxonomy import load_taxonomy

    kinds = {"platforms": "strategic_platform", "clusters": "innovation_cluster",
             "subareas": "sub_area"}
    layers = spec.layers
    tax = load_taxonomy()
    for layer in ("subareas", "clusters", "platforms"):
        if layer not in layers:
            continue
        part = areas_m[areas_m["kind"] == kinds[layer]]
        for _, row in part.iterrows():
            color = style.KIND_COLORS[row["kind"]] if spec.color_by == "kind" else \
                style.SECTOR_COLORS[tax.dominant_sector(row["industry_ids"])]
            faded = highlight is not None and row["id"] not in highlight
            alpha = 0.06 if faded else style.GRADE_FILL_OPACITY.get(row["grade"], 0.1) + 0.05
            fill(ax, [row.geometry], facecolor=color, alpha=alpha, edgecolor="none",
                 zorder=5)
            outline(ax, [row.geometry], color=color, alpha=0.35 if faded else 1.0,
                    linewidth=1.4 if row["kind"] != "sub_area" else 0.9,
                    linestyle=GRADE_LINESTYLE.get(row["grade"], "-"), zorder=6)


#: Marker of the facilities known only to lie in an area (or a 街道, 社区, 区), drawn at
#: its representative point: a white disc with a dashed ring and their number, never a
#: coloured dot that would read as a located site (the web map draws them the same way).
AREA_LEVEL_RING = {"facecolor": "white", "edgecolor": "#555555", "linewidth": 0.9,
                   "linestyle": (0, (2.0, 1.4))}


def _draw_facilities(ax, fac: pd.DataFrame) -> list[Bbox]:
    """One marker per location (facilities placed in the same area share a point),
    sized by the number there: coloured by its first category where they are located,
    :data:`AREA_LEVEL_RING` with the number where all are known only to lie in an area
    (:func:`analysis.location_level.is_area_level`); returns the markers' display
    boxes (for the labels to avoid)."""
    from analysis.location_level import is_area_level

    fig = ax.figure
    px_per_pt = fig.dpi / 72.0
    boxes = []
    level = pd.Series(is_area_level(fac), index=fac.index)
    for (x, y), group in fac.groupby(["x", "y"], sort=False):
        size = 18 + 10 * len(group)
        if level[group.index].all():
            ax.scatter([x], [y], s=size, zorder=12, **AREA_LEVEL_RING)
            ax.text(x, y, str(len(group)), fontsize=5.5, ha="center", va="center",
                    zorder=13, color="#333333")
        else:
            ax.scatter([x], [y], s=size, color=style.CATEGORY_COLORS.get(
                group["category"].iloc[0], "#444444"), edgecolor="white", linewidth=0.8,
                zorder=12)
            if len(group) > 1:
                ax.text(x, y, str(len(group)), fontsize=5.5, ha="center", va="center",
                        zorder=13, color="white")
        cx, cy = ax.transData.transform((x, y))
        r = (np.sqrt(size) / 2 + 0.8) * px_per_pt
        boxes.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    return boxes


def _draw_enterprises(ax, ents: pd.DataFrame, *, sample: bool) -> None:
    """Firms as small squares: the curated sample coloured by its category, a
    register in one colour (rasterised above :data:`RASTER_POINTS`)."""
    many = len(ents) > RASTER_POINTS
    if sample:
        colors = ents["category"].map(style.ENTERPRISE_COLORS).fillna("#4d4d4d")
        ax.scatter(ents["x"], ents["y"], s=7, marker="s", c=list(colors),
                   edgecolor="white", linewidth=0.3, zorder=10, rasterized=many)
    else:
        ax.scatter(ents["x"], ents["y"], s=2 if many else 5, marker="s",
                   color=furniture.REGISTER_COLOR, alpha=0.45 if many else 0.8,
                   edgecolor="none", zorder=10, rasterized=many)


def _shenshan_inset(fig, ax, scene: _Scene, obstacles=()) -> Bbox:
    """深汕 (about 100 km east of the city) as an inset inside the map frame, where it
    covers the least of the city's land (and none of ``obstacles``, display boxes):
    the upper right if free, else another corner or edge, shrunk if need be; returns
    its display box (title included)."""
    import shapely
    from shapely.geometry import box as shp_box

    g = scene.ss_m.geometry.iloc[0]
    gx0, gy0, gx1, gy1 = g.bounds
    ratio = (gy1 - gy0) / (gx1 - gx0)
    frame = ax.get_window_extent(fig.canvas.get_renderer())
    to_data = ax.transData.inverted()
    land = scene.land
    title_px = 2 * 6.5 * 1.3 * fig.dpi / 72  # up to two lines
    margin = 0.015 * frame.width
    best = None
    for size in (0.26, 0.22, 0.18, 0.15):
        w = frame.width * size
        h = w * ratio
        for fx, fy in ((1, 1), (1, 0), (0, 0), (0.5, 0), (0, 1), (0.5, 1), (1, 0.75),
                       (1, 0.5), (1, 0.25), (0, 0.5)):
            x0 = frame.x0 + margin + fx * (frame.width - 2 * margin - w)
            y0 = frame.y0 + margin + fy * (frame.height - 2 * margin - h - title_px)
            disp = Bbox.from_bounds(x0, y0, w, h + title_px)
            (dx0, dy0), (dx1, dy1) = to_data.transform([(disp.x0, disp.y0),
                                                        (disp.x1, disp.y1)])
            cost = shapely.intersection(land, shp_box(dx0, dy0, dx1, dy1)).area
            cost += sum(furniture.overlap_px(disp, o) for o in obstacles) * 1e9
            if best is None or cost < best[0]:
                best = (cost, x0, y0, w, h)
        if best[0] == 0:
            break
    _, x0, y0, w, h = best
    fw, fh = fig.bbox.width, fig.bbox.height
    inset = fig.add_axes([x0 / fw, y0 / fh, w / fw, h / fh])
    inset.set_facecolor(OUTSIDE)
    inset.set_xticks([])
    inset.set_yticks([])
    g = scene.ss_m.geometry.iloc[0]
    minx, miny, maxx, maxy = g.bounds
    pad = (maxx - minx) * 0.08
    fill(inset, scene.ss_m.geometry, facecolor=LAND, edgecolor="#666666", linewidth=0.6,
         zorder=1)
    part = scene.areas_m[scene.areas_m["id"] == "c11_shenshan"]
    _draw_areas(inset, part, replace(scene.spec, layers=("clusters",), area_ids=()),
                scene.highlight)
    pos = inset.get_position()
    x0, y0, x1, y1 = fit_extent((minx - pad, miny - pad, maxx + pad, maxy + pad),
                                 pos.width * fig.get_figwidth(),
                                 pos.height * fig.get_figheight())
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    inset.set_aspect("equal")
    inset.set_title("\n".join(furniture.wrap_lines(
        fig, [text("inset_shenshan", scene.spec.lang)], width=w / fw, fontsize=6.5)),
        fontsize=6.5, pad=2, linespacing=1.1)
    renderer = fig.canvas.get_renderer()
    return Bbox.union([inset.get_window_extent(renderer),
                       inset.title.get_window_extent(renderer)]).expanded(1.02, 1.02)


# ------------------------------------------------------------------- the page
def render(spec: MapSpec, *, areas: gpd.GeoDataFrame, subdistricts: gpd.GeoDataFrame,
           districts: gpd.GeoDataFrame, shenshan: gpd.GeoDataFrame, facilities=None,
           enterprises=None, enterprises_are_sample: bool = True) -> RenderedMap:
    """Lay out a page for ``spec``: title and subtitle, the map, legend and notes.

    The layers are EPSG:4326 frames; ``facilities`` and ``enterprises`` are point
    tables (lon, lat, category, industries). Title, legend and notes are measured
    first and the map gets all the room left: portrait stacks legend and notes under
    the map across the page, landscape puts them in a column on the right."""
    register_cjk_font()
    layers = StaticLayers(areas=areas, subdistricts=subdistricts, districts=districts,
                          shenshan=shenshan, facilities=facilities, enterprises=enterprises,
                          enterprises_are_sample=enterprises_are_sample)
    scene = prepare(spec, layers)
    lang = spec.lang
    w_px, h_px = spec.pixels()
    fig = new_figure(w_px / spec.dpi, h_px / spec.dpi, spec.dpi)  # not pyplot's: see figures
    w_mm, h_mm = spec.paper_mm()
    mx, my = MARGIN_MM / w_mm, MARGIN_MM / h_mm
    gx, gy = GAP_MM / w_mm, GAP_MM / h_mm
    portrait = spec.orientation == "portrait"

    title = spec.title or _default_title(spec, areas)
    subtitle = spec.subtitle or text("subtitle_plan", lang)
    top = 1 - my
    top -= furniture.fit_title(fig, mx, top, title, max_width=1 - 2 * mx) + gy * 0.6
    top -= furniture.text_block(fig, mx, top, [subtitle], fontsize=9, color="#444444") + gy

    col_w = 0.0 if portrait else 0.29
    text_x = mx if portrait else 1 - mx - col_w
    text_w = 1 - 2 * mx if portrait else col_w
    precisions = list(scene.shown["precision_m"].astype(float))
    # the tile note is known once the map is drawn: room is kept for one line
    note_lines = furniture.wrap_lines(fig, furniture.notes_lines(spec, precisions),
                                      width=text_w, fontsize=NOTES_PT)
    line_h = NOTES_PT * 1.45 / 72 / fig.get_figheight()
    notes_h = line_h * (len(note_lines) + (1 if spec.tiles else 0))

    # the legend lists what the view shows, and (portrait) its height sets the map's
    # box; room the map cannot use (a wide view on a tall box) goes to a key table
    key_cols, key_rows = area_key(scene)
    rh = furniture.row_height(fig, KEY_PT)
    key_h = rh * (len(key_rows) + 1) + line_h * 1.6
    leg_h, legend_ax, previous = 0.12, None, None
    for _ in range(4):
        if portrait:
            floor = my + notes_h + gy + leg_h + gy
            box = [mx, floor, 1 - 2 * mx, top - floor]
        else:
            box = [mx, my, text_x - gx - mx, top - my]
        fx0, fy0, fx1, fy1 = scene.focus
        needed = box[2] * w_mm * (fy1 - fy0) / (fx1 - fx0) / h_mm
        # the map may shrink by a tenth to make room for the key
        with_key = bool(key_rows) and box[3] - 0.9 * needed >= key_h + gy
        map_rect = ([box[0], box[1] + key_h + gy, box[2], box[3] - key_h - gy]
                    if with_key else box)
        ext = fit_extent(scene.focus, map_rect[2] * w_mm, map_rect[3] * h_mm)
        handles = furniture.legend_handles(scene.spec, **legend_contents(scene, ext))
        if legend_ax is not None:
            legend_ax.remove()
        leg_h = furniture.draw_legend(fig, [text_x, 0.5, text_w, 0.01], handles, lang=lang,
                                      ncol=furniture.legend_columns(len(handles),
                                                                    text_w * w_mm))
        legend_ax = fig.axes[-1]
        if not portrait or (previous is not None and np.allclose(previous, map_rect)):
            break
        previous = map_rect
    if portrait:
        legend_ax.set_position([text_x, my + notes_h + gy, text_w, leg_h])
        notes_top = my + notes_h
    else:
        legend_ax.set_position([text_x, top - leg_h, text_w, leg_h])
        notes_top = top - leg_h - 2 * gy
    if with_key:
        y = box[1] + key_h
        y -= furniture.text_block(fig, box[0], y, [text("key_title", lang)],
                                  fontsize=NOTES_PT + 0.4, color="#222222") + line_h * 0.4
        furniture.draw_table(fig, box[0], y, box[2], key_cols, key_rows, fontsize=KEY_PT)

    body = draw_map(fig, map_rect, scene)
    furniture.text_block(fig, text_x, notes_top, note_lines + [
        line for n in body.notes for line in furniture.wrap_lines(
            fig, [n], width=text_w, fontsize=NOTES_PT)], fontsize=NOTES_PT)
    return RenderedMap(figure=fig, map_ax=body.ax, notes=body.notes, labels=body.labels,
                       drawn=body.drawn)


def area_key(scene: _Scene) -> tuple[list, list[list[str]]]:
    """The key table of the areas on the map: name, kind, boundary grade, ± m, km²
    (EPSG:4547) and the published km² where one was found. City view: the clusters and
    platforms; an area's view: it and its 片区."""
    from core.i18n import t

    lang = scene.spec.lang
    shown = scene.shown if scene.spec.area_ids or not scene.city_view \
        else scene.shown[scene.shown["parent"].isna()]
    order = {"strategic_platform": 0, "innovation_cluster": 1, "sub_area": 2}
    shown = shown.assign(_o=shown["kind"].map(order)).sort_values(["_o", "id"])
    col = "name_zh" if lang == "zh" else "name_en"
    rows = []
    for _, r in shown.iterrows():
        pub = r.get("published_km2")
        rows.append([r[col], t("kind_" + r["kind"], lang), t("grade_" + r["grade"], lang),
                     f"{float(r['precision_m']):,.0f}",
                     f"{float(r.geometry.area) / 1e6:,.2f}",
                     "" if pub is None or pub != pub else f"{float(pub):,.2f}"])
    cols = [(text("key_name", lang), 0.40, "left"), (text("key_kind", lang), 0.14, "left"),
            (text("key_grade", lang), 0.18, "left"), (text("key_error", lang), 0.09, "right"),
            (text("key_km2", lang), 0.09, "right"), (text("key_published", lang), 0.10,
                                                      "right")]
    return cols, rows


def _default_title(spec: MapSpec, areas) -> str:
    from core.taxonomy import expand_filter, load_taxonomy

    if spec.area_ids:
        col = "name_zh" if spec.lang == "zh" else "name_en"
        names = areas.set_index("id").loc[list(spec.area_ids), col]
        return "、".join(names) if spec.lang == "zh" else ", ".join(names)
    base = text("title_city", spec.lang)
    ind_ids = expand_filter(list(spec.industries))
    if ind_ids:
        tax = load_taxonomy()
        names = [tax.name(i, spec.lang) for i in ind_ids[:3]]
        more = "…" if len(ind_ids) > 3 else ""
        return base + text("title_sep", spec.lang) + "、".join(names) + more
    return base


def export_map(path, spec: MapSpec, *, fmt: str | None = None,
               messages: list[str] | None = None, facilities=None, enterprises=None,
               enterprises_are_sample: bool | None = None) -> Path:
    """Render ``spec`` with the shipped layers and save it to ``path`` (a file path, or
    a binary file object with ``fmt`` = "png" | "pdf" | "svg"). Notes for the user
    (e.g. about the tile background) are appended to ``messages``. ``facilities`` /
    ``enterprises``: the points to draw (e.g. the app's filtered ones, a register);
    default the shipped catalogue and the curated enterprise sample."""
    suffix = f".{fmt}" if fmt else Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot export {suffix!r}; use .png, .pdf or .svg")
    layers = StaticLayers.shipped(facilities=facilities, enterprises=enterprises)
    sample = enterprises is None if enterprises_are_sample is None \
        else enterprises_are_sample
    out = render(spec, areas=layers.areas, subdistricts=layers.subdistricts,
                 districts=layers.districts, shenshan=layers.shenshan,
                 facilities=layers.facilities, enterprises=layers.enterprises,
                 enterprises_are_sample=sample)
    if messages is not None:
        messages.extend(out.notes)
    try:
        no_ligatures(out.figure)
        out.figure.savefig(path, dpi=spec.dpi, format=suffix[1:])
    finally:
        out.close()
    return Path(path) if isinstance(path, str | Path) else path


__all__ = ["DEFAULT_DISCLAIMER", "DEFAULT_LAYERS", "FORMATS", "LAYERS", "PAPER_MM",
           "MapBody", "MapSpec", "RenderedMap", "StaticLayers", "draw_map", "export_map",
           "legend_contents",
           "prepare", "render", "short_name", "short_name_en"]
