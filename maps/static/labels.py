"""Map labels: their text (the distinctive part of an area name) and where they go.

Placement is greedy in priority order, in display pixels: a label first tries its
preferred spot (just above its anchor); if that box would overlap a label already
placed, an obstacle (markers, north arrow, scale bar, inset) or leave the map frame, it
tries spots on rings around the anchor, nearest first, and a label set away from its
anchor gets a thin leader line. A label is never dropped: when every spot collides
(a very crowded view), the one with the least overlap is taken and reported.
Background labels (district names) may move inside their own polygon only and are
left out, and counted, when no free spot remains there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.transforms import Bbox

#: Ring radii (points) tried around an anchor, and the directions on each ring
#: (degrees, counter-clockwise from east; above and below first, then the sides).
RINGS_PT = (4, 10, 18, 28, 40, 55, 75, 100)
ANGLES = (90, 270, 45, 135, 315, 225, 0, 180, 67.5, 112.5, 292.5, 247.5, 22.5, 157.5,
          337.5, 202.5)
#: A label whose box is farther than this from its anchor (points) gets a leader line
#: (nearer, it reads as the anchor's label by itself, e.g. just above a marker).
LEADER_PT = 12.0
#: Space kept between two labels (points).
GAP_PT = 1.0


#: English label shortenings, applied in order (the zh names are short already).
_EN_SUFFIXES = (" Innovation Cluster", " Sub-area", " Cooperation Zone (Shenzhen Park)",
                " Modern Service Industry Cooperation Zone",
                " Science and Technology Innovation")
_EN_WORDS = ((" Shenzhen-Hong Kong", ""), ("International Science and Education City",
                                           "Sci. & Edu. City"),
             ("Science and Technology City", "S&T City"),
             ("International Bio-Valley", "Bio-Valley"))


def short_name_en(name_en: str) -> str:
    """English label text: without "Shenzhen High-Tech Zone", the kind suffix and the
    long formulas ("… International Science and Education City" → "… Sci. & Edu.
    City")."""
    for prefix in ("Shenzhen High-Tech Zone ",):
        if name_en.startswith(prefix):
            name_en = name_en[len(prefix):]
    for suffix in _EN_SUFFIXES:
        if name_en.endswith(suffix) and len(name_en) > len(suffix) + 3:
            name_en = name_en[: -len(suffix)]
    for old, new in _EN_WORDS:
        if old in name_en and len(name_en.replace(old, new)) > 3:
            name_en = name_en.replace(old, new)
    for suffix in _EN_SUFFIXES:  # a suffix uncovered by a replacement
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


def label_text(name_zh: str, name_en: str, lang: str) -> str:
    return short_name(name_zh) if lang == "zh" else short_name_en(name_en)


@dataclass
class PlacedLabel:
    """Where a label went: its text, box (display pixels), how far it was moved from
    its preferred spot (points), whether it has a leader line, and whether it still
    overlaps something (only when every spot collided)."""

    text: str
    box: Bbox
    moved_pt: float
    leader: bool
    overlapping: bool
    kind: str = "area"


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _inside(box: Bbox, frame: Bbox) -> bool:
    return (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
            and box.y1 <= frame.y1)


def _cost(box: Bbox, taken: list[Bbox], frame: Bbox) -> float:
    """Overlap with what is taken; a part outside the map frame costs ten times as
    much (a label must not leave its map)."""
    out = 0.0 if _inside(box, frame) else box.width * box.height - _overlap(box, frame)
    return 10 * out + sum(_overlap(box, t) for t in taken)


def place_labels(ax, items, *, obstacles=(), fontsize: float = 6.5,
                 text_style: dict | None = None) -> list[PlacedLabel]:
    """Place area labels on ``ax`` (drawn; the axes limits must be final).

    ``items``: (x, y, text) in data coordinates, in priority order (largest area
    first). ``obstacles``: display-pixel Bboxes no label should cover (markers,
    furniture) — the labels placed here are added to it as they go, so the caller's
    list grows. Returns one :class:`PlacedLabel` per item, in order."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    px_per_pt = fig.dpi / 72.0
    frame = ax.get_window_extent(renderer=renderer)
    taken = obstacles if isinstance(obstacles, list) else list(obstacles)
    pad_px = (0.15 * fontsize + GAP_PT) * px_per_pt
    style = {"fontsize": fontsize, "zorder": 15, "ha": "center", "va": "center",
             "bbox": {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                      "alpha": 0.75}, **(text_style or {})}
    placed = []
    for x, y, label in items:
        ann = ax.annotate(label, (x, y), xytext=(0, 0), textcoords="offset points",
                          annotation_clip=False, **style)
        ext = ann.get_window_extent(renderer=renderer)
        w, h = ext.width + 2 * pad_px, ext.height + 2 * pad_px
        ax_x, ax_y = ax.transData.transform((x, y))
        best = None
        for k, (off_x, off_y, dist) in enumerate(_candidates(w / px_per_pt, h / px_per_pt)):
            cx, cy = ax_x + off_x * px_per_pt, ax_y + off_y * px_per_pt
            box = Bbox.from_bounds(cx - w / 2, cy - h / 2, w, h)
            cost = _cost(box, taken, frame)
            if best is None or cost < best[0]:
                best = (cost, off_x, off_y, dist, box, k)
            if cost == 0:
                break
        cost, off_x, off_y, dist, box, k = best
        ann.xyann = (off_x, off_y)
        leader = dist > LEADER_PT
        if leader:
            _leader(ax, (x, y), (ax_x, ax_y), box, px_per_pt)
        taken.append(box)
        placed.append(PlacedLabel(label, box, 0.0 if k == 0 else dist, leader, cost > 0))
    return placed


def _candidates(w_pt: float, h_pt: float):
    """(dx, dy, distance) of label centres around an anchor, in points: the preferred
    spot just above it, then rings outward. ``distance`` is from the anchor to the
    nearest point of the label box."""
    yield 0.0, 7.0 + h_pt / 2, 7.0
    for r in RINGS_PT:
        for deg in ANGLES:
            c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
            yield c * (r + w_pt / 2), s * (r + h_pt / 2), r


def _leader(ax, xy, anchor_px, box: Bbox, px_per_pt: float) -> None:
    """A thin line from the anchor to the nearest point of the label box."""
    ex = min(max(anchor_px[0], box.x0), box.x1)
    ey = min(max(anchor_px[1], box.y0), box.y1)
    end = ax.transData.inverted().transform((ex, ey))
    # under the facility markers (zorder 12): a marker on the anchor covers the start
    ax.plot([xy[0], end[0]], [xy[1], end[1]], color="#555555", linewidth=0.5,
            zorder=11, solid_capstyle="round")
    ax.plot([xy[0]], [xy[1]], marker="o", markersize=1.6, color="#555555", zorder=11)


def place_background_labels(ax, items, taken: list[Bbox], *, fontsize: float = 7.5,
                            text_style: dict | None = None) -> list[PlacedLabel]:
    """District names: each item is (polygon in data coordinates, text); the label
    goes at the first free spot among points inside its polygon and inside the view
    (nearest the polygon's representative point first) where it lies inside the
    polygon, else the free spot where most of it does (at least 80%), without a leader
    line, or is left out. ``taken`` grows with each placed label."""
    import numpy as np
    import shapely
    from shapely.geometry import box as shp_box

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer=renderer)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = shp_box(x0, y0, x1, y1)
    style = {"fontsize": fontsize, "ha": "center", "va": "center", "zorder": 4,
             "alpha": 0.8, "color": "#8a8a8a", **(text_style or {})}
    out = []
    for geom, label in items:
        part = geom.intersection(view)
        if part.is_empty or part.area < 1e-3 * view.area:
            continue
        rep = part.representative_point()
        gx = np.linspace(*part.bounds[0::2], 9)
        gy = np.linspace(*part.bounds[1::2], 9)
        grid = shapely.points(*[a.ravel() for a in np.meshgrid(gx, gy)])
        inside = grid[shapely.contains(part, grid)]
        spots = sorted(inside, key=lambda p: p.distance(rep))
        txt = ax.text(rep.x, rep.y, label, **style)
        ext = txt.get_window_extent(renderer=renderer)
        w, h = ext.width + 2, ext.height + 2
        inv = ax.transData.inverted()
        best = None
        for p in [rep, *spots]:
            px, py = ax.transData.transform((p.x, p.y))
            b = Bbox.from_bounds(px - w / 2, py - h / 2, w, h)
            if _cost(b, taken, frame) > 0:
                continue
            (bx0, by0), (bx1, by1) = inv.transform([(b.x0, b.y0), (b.x1, b.y1)])
            cell = shp_box(bx0, by0, bx1, by1)
            share = part.intersection(cell).area / cell.area  # inside its district
            if best is None or share > best[0]:
                best = (share, p, b)
            if share > 0.97:
                break
        if best is None or best[0] < 0.8:
            txt.remove()
            continue
        _, p, b = best
        txt.set_position((p.x, p.y))
        taken.append(b)
        out.append(PlacedLabel(label, b, 0.0, False, False, kind="district"))
    return out


__all__ = ["PlacedLabel", "label_text", "place_background_labels", "place_labels",
           "short_name", "short_name_en"]
