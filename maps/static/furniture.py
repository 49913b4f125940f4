"""Map furniture for the static exports: title, scale bar, north arrow, legend and the
notes block (precision, CRS, sources, date, disclaimer). Each piece that takes room on
the page reports its size, so the page layout (``maps.static.render``) can give the
map all the room that is left."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from matplotlib.transforms import Bbox

from core import settings
from core.i18n import t
from maps import style
from maps.static.spec import GRADE_LINESTYLE, OUTSIDE, MapSpec, precision_text, text

#: Colour of observed concentrations on static maps (outline and hatch): the folium
#: map's, from the one style module.
CONCENTRATION_COLOR = style.CONCENTRATION_STYLES["inside"]["color"]


# ------------------------------------------------------------------ on the map
def _nice_length(span_m: float) -> float:
    target = span_m / 5
    for v in (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000):
        if v >= target * 0.6:
            return float(v)
    return 100_000.0


def scale_bar(ax, lang: str) -> Bbox:
    """A metric scale bar in the lower left of ``ax`` (EPSG:4547 metres); returns the
    display box it covers."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length(x1 - x0)
    h = (y1 - y0) * 0.008
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    artists = []
    for i in range(4):
        artists.append(ax.add_patch(Rectangle(
            (bx + i * length / 4, by), length / 4, h, facecolor="black" if i % 2 == 0
            else "white", edgecolor="black", lw=0.6, zorder=20)))
    for frac in (0, 0.5, 1):
        artists.append(ax.text(bx + frac * length, by + h * 1.8,
                               f"{frac * length / 1000:g}", ha="center", va="bottom",
                               fontsize=6.5, zorder=20))
    artists.append(ax.text(bx + length * 1.04, by + h / 2, text("km", lang), ha="left",
                           va="center", fontsize=6.5, zorder=20))
    return _extent(ax, artists)


def north_arrow(ax, lang: str) -> Bbox:
    """A north arrow (grid north) in the upper left of ``ax``; returns its display box."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x0 + (x1 - x0) * 0.05
    y = y1 - (y1 - y0) * 0.12
    # the arrow is sized from the shorter side, so it stays an arrow in any frame
    side = min(x1 - x0, y1 - y0)
    arrow = ax.add_patch(FancyArrow(x, y, 0, side * 0.07, width=side * 0.009,
                                    head_width=side * 0.03, head_length=side * 0.03,
                                    length_includes_head=True, color="black", zorder=20))
    label = ax.text(x, y + side * 0.075, text("north", lang), ha="center", va="bottom",
                    fontsize=8, zorder=20, color="black")
    return _extent(ax, [arrow, label])


def overlap_px(a: Bbox, b: Bbox) -> float:
    """Area (pixels²) two display boxes share."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _extent(ax, artists) -> Bbox:
    """The display box of ``artists``, with a pale backing drawn under them so that
    they read over the map (returned box includes the backing)."""
    renderer = ax.figure.canvas.get_renderer()
    box = Bbox.union([a.get_window_extent(renderer=renderer) for a in artists])
    pad = 3 * ax.figure.dpi / 72
    box = Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(box.x0, box.y0),
                                                            (box.x1, box.y1)])
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="white", alpha=0.7,
                           edgecolor="none", zorder=19))
    return box


# ------------------------------------------------------------------- the legend
def legend_handles(spec: MapSpec, *, kinds: set[str], grades: list[str],
                   categories: list[str] = (), enterprise_categories: list[str] = (),
                   firms: str | None = None, concentrations: str | None = None,
                   filtered: bool = False, area_level: bool = False) -> list:
    """Legend entries for what is drawn: area colours (kind or sector), boundary
    grades, facility categories, firms (the sample's categories, or one entry for a
    register: ``firms`` is "sample" | "register" | None), observed concentrations
    (``concentrations``: the method's name), facilities known only to lie in an area
    (``area_level``), the base layers."""
    lang = spec.lang
    handles = []
    if spec.industries:
        handles.append(Patch(facecolor="#bbbbbb", alpha=0.25, edgecolor="#bbbbbb",
                             label=text("legend_faded", lang)))
    if spec.color_by == "sector":
        from core.taxonomy import load_taxonomy

        tax = load_taxonomy()
        for sec, c in style.SECTOR_COLORS.items():
            label = tax.name(sec, lang) if sec != "future" else t("future_industries", lang)
            handles.append(Patch(facecolor=c, alpha=0.35, edgecolor=c, label=label))
    for layer, kind in (("platforms", "strategic_platform"), ("clusters", "innovation_cluster"),
                        ("subareas", "sub_area")):
        if spec.color_by == "kind" and layer in spec.layers and kind in kinds:
            c = style.KIND_COLORS[kind]
            handles.append(Patch(facecolor=c, alpha=0.35, edgecolor=c,
                                 label=t("kind_" + kind, lang)))
    for g in grades:
        handles.append(Line2D([], [], color="#333333", lw=1.2,
                              linestyle=GRADE_LINESTYLE.get(g, "-"),
                              label=text("grade_label", lang, grade=t("grade_" + g, lang))))
    if concentrations:
        handles.append(Patch(facecolor="none", edgecolor=CONCENTRATION_COLOR, hatch="////",
                             lw=1.0, label=text("legend_concentration", lang,
                                                method=concentrations)))
    for cat in categories:
        zh, en = settings.FACILITY_CATEGORIES[cat]
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=6,
                              markerfacecolor=style.CATEGORY_COLORS[cat],
                              markeredgecolor="white", label=zh if lang == "zh" else en))
    if categories:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=9,
                              markerfacecolor="none", markeredgecolor="#555555",
                              label=text("legend_circle", lang)))
    if area_level:  # the dashed ring of render.AREA_LEVEL_RING
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=8,
                              markerfacecolor="white", markeredgecolor="#555555",
                              markeredgewidth=0.9, label=text("legend_area_level", lang)))
    if firms == "sample":
        for cat in enterprise_categories:
            zh, en = settings.ENTERPRISE_CATEGORIES[cat]
            name = text("legend_firms", lang, what=zh if lang == "zh" else en)
            handles.append(Line2D([], [], marker="s", linestyle="none", markersize=3.5,
                                  markerfacecolor=style.ENTERPRISE_COLORS[cat],
                                  markeredgecolor="white", markeredgewidth=0.3,
                                  label=name))
    elif firms == "register":
        handles.append(Line2D([], [], marker="s", linestyle="none", markersize=3.5,
                              markerfacecolor=REGISTER_COLOR, markeredgecolor="none",
                              label=text("legend_firms", lang,
                                         what=text("firms_register", lang))))
    if filtered:
        handles.append(Line2D([], [], linestyle="none", label=text("legend_filter", lang)))
    if "districts" in spec.layers:
        handles.append(Line2D([], [], color=style.DISTRICT_STYLE["color"], lw=1.6,
                              label=t("districts", lang)))
    if "subdistricts" in spec.layers:
        handles.append(Line2D([], [], color=style.SUBDISTRICT_STYLE["color"], lw=0.6,
                              label=t("subdistricts", lang)))
    handles.append(Patch(facecolor=OUTSIDE, edgecolor="#999999", lw=0.4,
                         label=text("legend_outside", lang)))
    return handles


#: Colour of a register's firms (one colour: a register's categories are its own).
REGISTER_COLOR = "#3b3b3b"


def draw_legend(fig, rect, handles, *, lang: str, ncol: int = 1, fontsize: float = 7,
                title: bool = True) -> float:
    """Draw ``handles`` as a legend whose top-left corner is the top-left of ``rect``
    (figure fraction); returns its height as a figure fraction."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    leg = ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=fontsize,
                    title=t("legend", lang) if title else None, title_fontsize=fontsize + 1,
                    ncol=ncol, handlelength=2.2, borderaxespad=0.0, borderpad=0.0,
                    alignment="left", columnspacing=1.5)
    renderer = fig.canvas.get_renderer()
    return leg.get_window_extent(renderer=renderer).height / fig.bbox.height


def legend_columns(n: int, width_mm: float) -> int:
    """Columns for ``n`` entries in a legend ``width_mm`` wide."""
    if width_mm < 120 or n <= 4:
        return 1
    return 3 if n > 12 and width_mm >= 170 else 2


# --------------------------------------------------------------------- text
def notes_lines(spec: MapSpec, precisions, *, extra=()) -> list[str]:
    """The notes under a map: boundary precision (one value, or a range), CRS, data
    sources, date and disclaimer, then ``extra`` lines (e.g. the tile background)."""
    lang = spec.lang
    error = precision_text(precisions, lang) or precision_text([0], lang)
    lines = [text("note_precision", lang, error=error), text("note_crs", lang),
             text("note_sources", lang),
             text("note_date", lang, date=dt.date.today().isoformat(),
                  disclaimer=spec.disclaimer)]
    return lines + [x for x in extra if x]


def wrap_lines(fig, lines, *, width: float, fontsize: float) -> list[str]:
    """``lines`` broken so that each fits ``width`` (figure fraction) at ``fontsize``:
    widths from the font's glyph advances (the one CJK font), broken between words in
    Latin text, anywhere in Chinese, never before closing punctuation."""
    limit_pt = width * fig.get_figwidth() * 72 * 0.97  # kerning, glyph overhang
    out = []
    for line in lines:
        rest = line
        while rest:
            widths = _advances(rest, fontsize)
            if widths.sum() <= limit_pt:
                out.append(rest)
                break
            n = max(1, int(np.searchsorted(np.cumsum(widths), limit_pt, side="right")))
            cut = _break_at(rest, n)
            out.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
    return out


def _advances(s: str, fontsize: float) -> np.ndarray:
    """Advance width of each character of ``s`` in points at ``fontsize``."""
    return np.array([_advance(ch) for ch in s]) * fontsize


@lru_cache(maxsize=8192)
def _advance(ch: str) -> float:
    """Advance width of ``ch`` at 1 pt in the CJK font (DejaVu Sans where it has no
    glyph, as matplotlib falls back)."""
    from matplotlib.font_manager import findfont, get_font

    from maps.static.fonts import cjk_font_path

    for path in (str(cjk_font_path()), findfont("DejaVu Sans")):
        font = get_font(path)
        if font.get_char_index(ord(ch)) or ch in "\n\t":
            font.set_size(100, 72)
            return font.load_char(ord(ch)).linearHoriAdvance / 65536 / 100
    return 0.6


def _break_at(s: str, n: int) -> int:
    """Where to break ``s`` at most ``n`` characters in: never before closing
    punctuation, and not inside a Latin word or number (back to the last space or
    CJK character), unless that is far back."""
    k = max(1, n)
    if k >= len(s):
        return k
    while k > 1 and s[k] in _NO_LINE_START:
        k -= 1
    if not (_latin(s[k - 1]) and _latin(s[k])):
        return k
    for i in range(k - 1, max(0, k - 25), -1):
        if not _latin(s[i]):
            return i + 1
    return k


#: Characters a line may not begin with (closing punctuation, zh and en).
_NO_LINE_START = set("，。；：、）」』”’》〉！？,.;:)!?%")


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._-/:(),'%±")


def text_block(fig, x: float, y_top: float, lines, *, fontsize: float,
               color: str = "#333333", linespacing: float = 1.45, **kw) -> float:
    """Draw ``lines`` from (x, y_top) down (figure fraction); returns the height."""
    if not lines:
        return 0.0
    txt = fig.text(x, y_top, "\n".join(lines), fontsize=fontsize, va="top", color=color,
                   linespacing=linespacing, **kw)
    return txt.get_window_extent(fig.canvas.get_renderer()).height / fig.bbox.height


def row_height(fig, fontsize: float) -> float:
    """Height of one table row at ``fontsize`` (figure fraction)."""
    return fontsize * 1.6 / 72 / fig.get_figheight()


def draw_table(fig, x: float, y_top: float, width: float, columns, rows, *,
               fontsize: float = 6.5, max_rows: int | None = None) -> float:
    """A plain table from (x, y_top) down, ``width`` wide (figure fractions).

    ``columns``: (header, share of the width, "left" | "right") per column; ``rows``:
    lists of cell texts. A cell too wide for its column is cut with "…" (measured).
    Returns the table's height (figure fraction)."""
    from matplotlib.patches import Rectangle as FigRect

    renderer = fig.canvas.get_renderer()
    rh = row_height(fig, fontsize)
    fig_w = fig.bbox.width
    total = sum(c[1] for c in columns)
    edges = [x]
    for c in columns:
        edges.append(edges[-1] + width * c[1] / total)
    pad = 1.5 / 72 / fig.get_figwidth()  # 1.5 pt

    def cell(i, j, value, **kw):
        header, _, align = columns[j]
        left, right = edges[j] + pad, edges[j + 1] - pad
        tx = fig.text(left if align == "left" else right, y_top - (i + 0.5) * rh,
                      value, fontsize=fontsize, va="center", ha=align, **kw)
        limit = (right - left) * fig_w
        if value and tx.get_window_extent(renderer).width > limit:
            lo, hi = 0, len(value)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                tx.set_text(value[:mid] + "…")
                if tx.get_window_extent(renderer).width <= limit:
                    lo = mid
                else:
                    hi = mid - 1
            tx.set_text(value[:lo] + "…")

    for j, c in enumerate(columns):
        cell(0, j, c[0], color="#222222")
    shown = rows if max_rows is None else rows[:max_rows]
    for i, row in enumerate(shown, start=1):
        if i % 2 == 0:
            fig.add_artist(FigRect((x, y_top - (i + 1) * rh), width, rh,
                                   transform=fig.transFigure, facecolor="#f2f2f2",
                                   edgecolor="none", zorder=0))
        for j, value in enumerate(row):
            cell(i, j, "" if value is None else str(value), color="#333333")
    fig.add_artist(Line2D([x, x + width], [y_top - rh, y_top - rh],
                          transform=fig.transFigure, color="#555555", lw=0.6))
    fig.add_artist(Line2D([x, x + width], [y_top, y_top], transform=fig.transFigure,
                          color="#555555", lw=0.8))
    bottom = y_top - (len(shown) + 1) * rh
    fig.add_artist(Line2D([x, x + width], [bottom, bottom], transform=fig.transFigure,
                          color="#555555", lw=0.8))
    return (len(shown) + 1) * rh


def fit_title(fig, x, y, title, *, max_width: float, size: float = 16,
              min_size: float = 11) -> float:
    """Title at (x, y): shrunk from ``size`` to ``min_size`` pt to fit ``max_width``
    (figure fraction), then wrapped; returns its height (figure fraction)."""
    txt = fig.text(x, y, title, fontsize=size, va="top", color="#111111")
    renderer = fig.canvas.get_renderer()
    while txt.get_window_extent(renderer).width > max_width * fig.bbox.width \
            and size > min_size:
        size -= 1
        txt.set_fontsize(size)
    if txt.get_window_extent(renderer).width > max_width * fig.bbox.width:
        txt.set_text("\n".join(wrap_lines(fig, [title], width=max_width, fontsize=size)))
    return txt.get_window_extent(renderer).height / fig.bbox.height


__all__ = ["CONCENTRATION_COLOR", "REGISTER_COLOR", "draw_legend", "draw_table", "fit_title",
           "legend_columns", "legend_handles", "north_arrow", "notes_lines", "scale_bar",
           "text_block", "wrap_lines"]
