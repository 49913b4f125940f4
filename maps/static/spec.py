"""What a static map draws (:class:`MapSpec`), its validation, paper sizes and the
static-map wording in zh and en.

The wording is the catalogue's ``static.*`` keys (core.i18n.reports); every entry has
both languages (a test checks).
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



def text(key: str, lang: str, **fields) -> str:
    """The static-map wording ``key`` in ``lang`` ("zh" | "en"), fields filled
    (catalogue keys ``static.*``, core.i18n.reports)."""
    from core.i18n import t

    return t("static." + key, lang, **fields)


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
