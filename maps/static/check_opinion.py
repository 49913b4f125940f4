"""The printed 选址核查意见 (placement-check opinion): one A4 page per recorded check,
what the 核查记录 page's button and ``cli.py checks --print ID`` both make.

The page: the check's number, date and user; a map of the point with the areas
around it, drawn by the one static renderer (:func:`maps.static.render.draw_map`, as
the area profile draws its map); the verdict with its certainty, the reasons as
recorded, the areas at the point with their boundary grade, error bound and the
boundary version used, the data versions, an honesty note and a signature line.
Everything printed comes from the record (a row of
:meth:`data.workspace.Workspace.list_checks`), so a reprint reads as the check did;
the areas' names and grades come from the area definitions. Wording: ``core.i18n``
(``opinion.*``). Chinese stays text in the PDF (Noto Sans CJK SC, embedded).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages

from core.i18n import name_col, t
from maps.static import furniture
from maps.static.fonts import no_ligatures, register_cjk_font
from maps.static.profile import BODY_PT, HEAD_PT, SMALL_PT, _Page
from maps.static.render import StaticLayers, draw_map, legend_contents, prepare
from maps.static.spec import DEFAULT_DISCLAIMER, MapSpec

#: Half the map's frame around the point (degrees of longitude, latitude): about
#: 6.6 × 4.9 km in Shenzhen, the streets and the areas around the point.
HALF_SPAN = (0.032, 0.022)
#: The layers the opinion's map draws (no firms: the check is about the areas).
MAP_LAYERS = ("districts", "subdistricts", "platforms", "clusters", "subareas",
              "facilities", "labels")
VERDICT_PT = 13.0


def _get(record, key, default=None):
    value = record.get(key, default) if isinstance(record, Mapping | pd.Series) else default
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return default
    return value


def verdict_lines(verdict, certainty, lang: str) -> list[str]:
    """The verdict as printed: the plain verdict, qualified by its certainty (near an
    edge: "near the boundary, verify" and the verdict by the boundary as drawn)."""
    if not isinstance(verdict, str) or not verdict:
        return ["—"]
    plain = t("verdict_" + verdict, lang)
    if certainty == "near_boundary":
        return [t("certainty_near_boundary", lang),
                t("verdict_by_current_boundary", lang).format(verdict=plain)]
    if certainty == "possibly":
        return [t("verdict_possibly", lang).format(verdict=plain)]
    return [plain]


def _version_text(label: str | None, lang: str) -> str:
    if not label or label == "built":
        return t("opinion.version_built", lang)
    if label == "override":
        return t("opinion.version_override", lang)
    if str(label).startswith("workspace:"):
        return t("opinion.version_workspace", lang, id=str(label).split(":", 1)[1])
    return str(label)


def _area_lines(record, areas: pd.DataFrame, lang: str) -> list[str]:
    ids = list(_get(record, "area_ids", []) or [])
    if not ids:
        return [t("opinion.no_areas", lang)]
    versions = _get(record, "boundary_versions", {}) or {}
    by_id = areas.set_index("id")
    col = name_col(lang)
    lines = []
    for a in ids:
        if a not in by_id.index:
            lines.append(f"{a} ({_version_text(versions.get(a), lang)})")
            continue
        r = by_id.loc[a]
        lines.append(t("opinion.area_line", lang, name=r[col], kind=t("kind_" + r["kind"], lang),
                       grade=t("grade_" + r["grade"], lang),
                       m=f"{float(r['precision_m']):,.0f}",
                       version=_version_text(versions.get(a), lang)))
    return lines


def _site_lines(record, lang: str) -> list[str]:
    from core.taxonomy import load_taxonomy

    lon, lat = float(record["lon"]), float(record["lat"])
    lines = [t("opinion.point", lang, lon=f"{lon:.6f}", lat=f"{lat:.6f}")]
    inputs = _get(record, "inputs", {}) or {}
    typed, crs = inputs.get("typed"), inputs.get("crs")
    if typed and crs and crs != "wgs84":
        digits = 1 if crs == "epsg4547" else 6
        lines.append(t("opinion.typed", lang, x=f"{float(typed[0]):.{digits}f}",
                       y=f"{float(typed[1]):.{digits}f}", crs=t("crs_" + crs, lang)))
    industry = _get(record, "industry")
    if industry:
        tax = load_taxonomy()
        lines.append(t("opinion.industry", lang, name=tax.name(industry, lang)
                       if industry in tax.entries else industry))
    if inputs.get("precision_m") is not None:
        lines.append(t("opinion.precision", lang, m=f"{float(inputs['precision_m']):,.0f}"))
    where = [inputs.get(k) for k in ("district", "subdistrict") if inputs.get(k)]
    if where:
        lines.append(" · ".join(where))
    return lines


def _version_lines(record, lang: str) -> list[str]:
    inputs = _get(record, "inputs", {}) or {}
    lines = [f"{k} {v}" for k, v in (inputs.get("data_versions") or {}).items()]
    versions = _get(record, "boundary_versions", {}) or {}
    near = set(_get(record, "area_ids", []) or [])
    others = {a: v for a, v in versions.items() if a not in near}
    if others:
        counts: dict[str, int] = {}
        for v in others.values():
            counts[_version_text(v, lang)] = counts.get(_version_text(v, lang), 0) + 1
        sep = "；" if lang == "zh" else "; "
        lines.append(t("opinion.other_versions", lang, n=len(others), what=sep.join(
            f"{k} {n}" for k, n in counts.items())))
    return lines


def _clear_point(body, px: float, py: float) -> None:
    """Move a district's background name off the checked point (it is placed before
    the point is drawn, which is no obstacle to it): below the point, its own height
    further."""
    ax = body.ax
    dx, dy = ax.transData.transform((px, py))
    inv = ax.transData.inverted()
    for placed in body.labels:
        box = placed.box.expanded(1.0, 1.0).padded(6)
        if placed.kind != "district" or not box.contains(dx, dy):
            continue
        for txt in ax.texts:
            if txt.get_text() == placed.text:
                _, y = inv.transform((dx, dy - 1.6 * placed.box.height))
                x, _ = txt.get_position()
                txt.set_position((x, y))


def render_opinion(record, *, lang: str = "zh", layers: StaticLayers | None = None,
                   disclaimer: str = DEFAULT_DISCLAIMER,
                   printed: dt.datetime | None = None) -> plt.Figure:
    """The opinion of one point check ``record`` (a row of ``list_checks``: id,
    created_at, author, lon, lat, industry, verdict, certainty, reasons, area_ids,
    boundary_versions, inputs) as an A4 portrait matplotlib figure. ``layers``: what
    the map draws (default the shipped layers and facilities)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang {lang!r}: use zh or en")
    if _get(record, "kind", "point") != "point" or _get(record, "lon") is None:
        raise ValueError(f"check {_get(record, 'id')} is not a point check: the opinion "
                         "prints one checked point (list them with `cli.py checks`)")
    register_cjk_font()
    layers = layers or StaticLayers.shipped()
    printed = printed or dt.datetime.now(dt.UTC)
    dry, room = _layout(record, lang, layers, disclaimer, printed, dry=True)
    plt.close(dry)
    fig, _ = _layout(record, lang, layers, disclaimer, printed,
                     map_h=float(np.clip(0.36 + room, 0.22, 0.50)))
    return fig


def _layout(record, lang: str, layers: StaticLayers, disclaimer: str,
            printed: dt.datetime, *, map_h: float = 0.36, dry: bool = False):
    """The page; ``dry``: without the map, to measure the room the text leaves.
    Returns (figure, room left: negative when it overflows)."""
    from core.crs import to_metric

    page = _Page()
    fig = page.fig
    # out of pyplot's registry at once, with an Agg canvas of its own: Streamlit ends
    # every script run of every session with plt.close("all")
    # (script_runner._clean_problem_modules), which reset this figure's canvas to
    # FigureCanvasBase mid-layout when another session's run ended
    plt.close(fig)
    FigureCanvasAgg(fig)
    rid = int(record["id"])
    lon, lat = float(record["lon"]), float(record["lat"])
    when = str(_get(record, "created_at", ""))[:19].replace("T", " ")

    # header: kicker and number, title, date and user
    page.lines([t("opinion.kicker", lang)], fontsize=SMALL_PT + 0.5, color="#666666")
    fig.text(1 - page.mx, page.y, t("opinion.number", lang, id=rid), fontsize=BODY_PT + 1,
             va="top", ha="right", color="#111111")
    page.y -= furniture.row_height(fig, SMALL_PT + 0.5) * 1.2
    page.y -= furniture.fit_title(fig, page.mx, page.y, t("opinion.title", lang),
                                  max_width=page.width, size=18, min_size=12)
    page.y -= page.gap * 0.5
    page.para([t("opinion.checked", lang, when=when, user=_get(record, "author", "—"))],
              color="#444444")

    # the map: the point, the areas and streets around it
    spec = MapSpec(bounds=(lon - HALF_SPAN[0], lat - HALF_SPAN[1], lon + HALF_SPAN[0],
                           lat + HALF_SPAN[1]), lang=lang, dpi=100, layers=MAP_LAYERS,
                   disclaimer=disclaimer)
    scene = prepare(spec, layers, pad=0.0)
    rect = [page.mx, page.y - page.gap - map_h, page.width, map_h]
    px, py = (float(np.asarray(v).ravel()[0]) for v in to_metric([lon], [lat]))
    if dry:
        from maps.static.render import fit_extent

        ext = fit_extent(scene.focus, rect[2] * 210, rect[3] * 297)
    else:
        body = draw_map(fig, rect, scene, label_size=6.3,
                        extra_labels=[(px, py, t("opinion.number", lang, id=rid))])
        _clear_point(body, px, py)
        body.ax.scatter([px], [py], s=70, color="white", zorder=30, linewidths=0)
        body.ax.scatter([px], [py], s=34, color="#111111", zorder=31, linewidths=0)
        (x0, x1), (y0, y1) = body.ax.get_xlim(), body.ax.get_ylim()
        ext = (x0, y0, x1, y1)
    page.y = rect[1] - page.gap * 0.6
    km = (ext[2] - ext[0]) / 1000
    handles = furniture.legend_handles(scene.spec, **legend_contents(scene, ext))
    leg_h = furniture.draw_legend(fig, [page.mx, page.y - 0.01, page.width, 0.01], handles,
                                  lang=lang, ncol=4, fontsize=5.8, title=False)
    fig.axes[-1].set_position([page.mx, page.y - leg_h, page.width, leg_h])
    page.y -= leg_h + page.gap * 0.3
    page.para([t("opinion.map_note", lang, km=f"{km:.1f}")], fontsize=SMALL_PT,
              color="#555555")

    # what was checked | the verdict, side by side
    top = page.y
    col_w = page.width / 2 - 0.01
    page.heading(t("opinion.h_site", lang))
    page.para(_site_lines(record, lang), width=col_w)
    y_left = page.y
    page.y = top - page.gap
    x_right = page.mx + page.width / 2 + 0.01
    page.y -= page.lines([t("opinion.h_verdict", lang)], x=x_right, width=col_w,
                         fontsize=HEAD_PT, emphasis=True) + page.gap * 0.5
    verdict = verdict_lines(_get(record, "verdict"), _get(record, "certainty"), lang)
    page.y -= page.lines(verdict[:1], x=x_right, width=col_w, fontsize=VERDICT_PT,
                         emphasis=True) + page.gap * 0.3
    if len(verdict) > 1:
        page.y -= page.lines(verdict[1:], x=x_right, width=col_w) + page.gap * 0.3
    page.y = min(page.y, y_left)

    # reasons, areas, versions
    page.heading(t("opinion.h_reasons", lang))
    reasons = [f"· {r}" for r in (_get(record, "reasons", []) or [])]
    page.para(reasons or [t("opinion.no_reasons", lang)])
    page.para([t("opinion.reasons_lang", lang)], fontsize=SMALL_PT, color="#666666")
    page.heading(t("opinion.h_areas", lang))
    from data.areas import load_areas

    areas = layers.areas if layers is not None else load_areas()
    page.para([f"· {x}" for x in _area_lines(record, areas, lang)])
    page.heading(t("opinion.h_versions", lang))
    page.para(_version_lines(record, lang), fontsize=SMALL_PT, color="#333333")
    page.para([t("opinion.honesty", lang)], fontsize=SMALL_PT, color="#444444")
    page.y -= page.gap
    page.para([t("opinion.signature", lang)])
    page.para([t("opinion.printed", lang, when=printed.strftime("%Y-%m-%d %H:%M"), id=rid)],
              fontsize=SMALL_PT - 0.3, color="#666666")
    fig.text(page.mx, page.my * 0.6, disclaimer, fontsize=SMALL_PT - 0.4, color="#666666",
             va="bottom")
    return fig, page.y - page.my * 1.6


def opinion_pdf(record, *, lang: str = "zh", layers: StaticLayers | None = None,
                disclaimer: str = DEFAULT_DISCLAIMER) -> bytes:
    """The opinion of ``record`` as the bytes of a one-page A4 PDF."""
    fig = render_opinion(record, lang=lang, layers=layers, disclaimer=disclaimer)
    buf = io.BytesIO()
    try:
        no_ligatures(fig)
        with PdfPages(buf, metadata={"Title": f"{t('opinion.title', lang)} #{int(record['id'])}",
                                     "Subject": t("opinion.kicker", lang),
                                     "Creator": "Shenzhen innovation-cluster map"}) as pdf:
            pdf.savefig(fig)
    finally:
        plt.close(fig)
    return buf.getvalue()


def export_opinion(path, record, *, lang: str = "zh", layers: StaticLayers | None = None,
                   disclaimer: str = DEFAULT_DISCLAIMER):
    """Write the opinion of ``record`` to ``path`` (temp name, then renamed)."""
    from core.safe_io import write_bytes

    return write_bytes(path, opinion_pdf(record, lang=lang, layers=layers,
                                         disclaimer=disclaimer))


__all__ = ["export_opinion", "opinion_pdf", "render_opinion", "verdict_lines"]
