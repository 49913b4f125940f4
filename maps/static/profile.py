"""The area profile (一区一画像) as two A4 pages: a PDF the app and the CLI make alike.

Page 1: the area's map (its 片区, facilities, firms and the observed concentrations
overlapping it, drawn by the one static renderer, :func:`maps.static.render.draw_map`),
its size and boundary grade with the error bound, the plan text and focus, and the
counts and densities. Page 2: the industry mix chart with LQ, the largest firms and
facilities, the observed concentrations inside, sources, data versions and the date.
The figures come from :func:`analysis.profile.area_profile`.

Chinese stays text in the PDF (Noto Sans CJK SC embedded as TrueType/OpenType,
``maps.static.fonts``). The wording is the catalogue's ``profile.*`` keys
(core.i18n.reports).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from analysis.profile import AreaProfile, data_versions
from core import settings
from core.i18n import t
from maps import style
from maps.static import furniture
from maps.static.figures import new_figure
from maps.static.fonts import no_ligatures, register_cjk_font
from maps.static.render import StaticLayers, draw_map, fit_extent, legend_contents, prepare
from maps.static.spec import DEFAULT_DISCLAIMER, MapSpec, precision_text

A4_MM = (210, 297)
MARGIN_MM = 14.0
BODY_PT = 7.3
SMALL_PT = 6.2
HEAD_PT = 9.0
#: The profile map spans at least this much (metres): a small 片区 with its streets.
MIN_SPAN_M = 4000.0
#: Rows of the firm and facility tables.
TOP_ROWS = 10



def word(key: str, lang: str, **fields) -> str:
    """The profile wording ``key`` in ``lang``, fields filled (catalogue keys
    ``profile.*``, core.i18n.reports)."""
    return t("profile." + key, lang, **fields)


def _fmt(v, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return "—"
    return f"{v:,.{digits}f}"


def _pct(v) -> str:
    return "—" if v is None or not np.isfinite(v) else f"{100 * v:.1f}%"


class _Page:
    """A figure with a running cursor (figure fraction from the top) and the page's
    margins; blocks are placed one under the other."""

    def __init__(self):
        w, h = A4_MM
        self.fig = new_figure(w / 25.4, h / 25.4, 100)  # not pyplot's: see figures
        self.mx, self.my = MARGIN_MM / w, MARGIN_MM / h
        self.width = 1 - 2 * self.mx
        self.y = 1 - self.my
        self.gap = 3.0 / h

    def lines(self, lines, *, fontsize=BODY_PT, x=None, width=None, color="#222222",
              emphasis: bool = False, **kw) -> float:
        x = self.mx if x is None else x
        width = self.width if width is None else width
        wrapped = furniture.wrap_lines(self.fig, lines, width=width, fontsize=fontsize)
        style = {"color": "#000000" if emphasis else color}
        return furniture.text_block(self.fig, x, self.y, wrapped, fontsize=fontsize,
                                    linespacing=1.4, **style, **kw)

    def heading(self, label: str) -> None:
        self.y -= self.gap
        self.y -= self.lines([label], fontsize=HEAD_PT, emphasis=True) + self.gap * 0.5

    def para(self, lines, **kw) -> None:
        self.y -= self.lines(lines, **kw) + self.gap * 0.3

    def table(self, columns, rows, *, fontsize=SMALL_PT) -> None:
        self.y -= furniture.draw_table(self.fig, self.mx, self.y, self.width, columns, rows,
                                       fontsize=fontsize) + self.gap * 0.4


def _names(ids, lang: str) -> str:
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    return ("、" if lang == "zh" else ", ").join(tax.name(i, lang) for i in ids)


def _section(text) -> str:
    """A plan reference as printed: without the project's seed-file path."""
    import re

    return re.sub(r"\s*\(seeds/[^)]*\)", "", str(text or ""))


def _name(row, lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


def _firm_name(row, lang: str) -> str:
    if lang == "en" and isinstance(row.get("name_en"), str) and row["name_en"]:
        return row["name_en"]
    return str(row.get("name") or row.get("name_zh") or "")


def render_profile(prof: AreaProfile, *, lang: str = "zh", layers: StaticLayers | None = None,
                   command: str = "", disclaimer: str = DEFAULT_DISCLAIMER) -> list:
    """The profile's pages as matplotlib figures (A4 portrait). ``layers``: what the
    map draws (default the shipped layers with the profile's firms and facilities);
    ``command``: the CLI command that regenerates the report, printed in the
    footer."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang {lang!r}: use zh or en")
    register_cjk_font()
    layers = layers or StaticLayers.shipped()
    # the text of page 1 is measured first; the map gets the room it leaves
    dry, room = _page_one(prof, lang, layers, disclaimer, dry=True)
    plt.close(dry)
    one, _ = _page_one(prof, lang, layers, disclaimer,
                       map_h=float(np.clip(0.40 + room, 0.25, 0.62)))
    # page 2: the chart gives up room if the tables and sources would overflow
    dry, room = _page_two(prof, lang, command, disclaimer)
    plt.close(dry)
    two, _ = _page_two(prof, lang, command, disclaimer, shrink=max(0.0, -room))
    return [one, two]


def _header(page: _Page, prof: AreaProfile, lang: str, *, continued: bool = False) -> None:
    a = prof.area
    page.y -= page.lines([word("kicker", lang)], fontsize=SMALL_PT + 0.5, color="#666666")
    title = _name(a, lang) + (word("continued", lang) if continued else "")
    page.y -= furniture.fit_title(page.fig, page.mx, page.y, title, max_width=page.width,
                                  size=15 if not continued else 12, min_size=10)
    if not continued:
        page.y -= page.gap * 0.5
        page.para([" · ".join([t("kind_" + a["kind"], lang), str(a.get("districts") or ""),
                               _section(a.get("plan_section"))])], color="#444444",
                  fontsize=BODY_PT)


def _page_one(prof: AreaProfile, lang: str, layers: StaticLayers | None,
              disclaimer: str, *, map_h: float = 0.40, dry: bool = False):
    """Page 1; ``dry``: lay it out without drawing the map (to measure the room the
    text leaves, which then goes to the map). Returns (figure, room left)."""
    page = _Page()
    fig = page.fig
    a = prof.area
    _header(page, prof, lang)

    # the map: the area and its 片区, facilities, firms, concentrations overlapping it
    source = prof.firm_source
    conc = prof.concentrations if len(prof.concentrations) else None
    layers = replace(layers, concentrations=conc,
                     concentration_method=prof.concentration_notes.get("method") or None)
    spec = MapSpec(area_ids=(a["id"],), lang=lang, dpi=100, disclaimer=disclaimer)
    scene = prepare(spec, layers, pad=0.05, min_span_m=MIN_SPAN_M)
    rect = [page.mx, page.y - page.gap - map_h, page.width, map_h]
    extra = []
    if conc is not None:
        from core.crs import to_metric

        for _, c in conc.iterrows():
            x, y = to_metric(c["centre_lon"], c["centre_lat"])
            extra.append((float(np.asarray(x)), float(np.asarray(y)),
                          str(c["concentration_id"])))
    if dry:
        ext = fit_extent(scene.focus, rect[2] * A4_MM[0], rect[3] * A4_MM[1])
    else:
        body = draw_map(fig, rect, scene, label_size=6.3, extra_labels=extra)
        (x0, x1), (y0, y1) = body.ax.get_xlim(), body.ax.get_ylim()
        ext = (x0, y0, x1, y1)
    page.y = rect[1] - page.gap
    handles = furniture.legend_handles(scene.spec, **legend_contents(scene, ext))
    ncol = 3
    leg_h = furniture.draw_legend(fig, [page.mx, page.y - 0.01, page.width, 0.01], handles,
                                  lang=lang, ncol=ncol, fontsize=6.0, title=False)
    fig.axes[-1].set_position([page.mx, page.y - leg_h, page.width, leg_h])
    page.y -= leg_h + page.gap * 0.5

    # area and boundary | plan, side by side
    top = page.y
    col_w = page.width / 2 - 0.01
    left = [word("area", lang, km2=_fmt(prof.area_km2, 2))]
    pub = a.get("published_km2")
    if pub is not None and pub == pub:
        left[0] += word("published", lang, km2=_fmt(float(pub), 2),
                        src=str(a.get("published_source") or ""))
    left.append(word("grade", lang, grade=t("grade_" + a["grade"], lang),
                     error=precision_text([a["precision_m"]], lang)))
    method = a.get("method_zh") if lang == "zh" and a.get("method_zh") else a.get("method")
    left.append(word("method", lang, method=str(method or "")))
    if prof.parent is not None:
        left.append(word("parent", lang, name=_name(prof.parent, lang)))
    if len(prof.subareas):
        left.append(word("subareas", lang, names=("、" if lang == "zh" else "; ").join(
            _name(r, lang) for _, r in prof.subareas.iterrows())))
    page.y = top
    page.heading(word("h_boundary", lang))
    page.para(left, width=col_w)
    y_left = page.y

    right = [word("section", lang, section=_section(a.get("plan_section"))),
             word("focus_text", lang, text=str(a.get("focus_text") or "").strip())]
    ids = list(a["industry_ids"])
    right.append(word("focus", lang, names=_names(ids, lang)) if ids
                 else word("no_focus", lang))
    page.y = top
    x_right = page.mx + page.width / 2 + 0.01
    page.y -= page.gap
    page.y -= page.lines([word("h_plan", lang)], x=x_right, width=col_w, fontsize=HEAD_PT,
                         emphasis=True) + page.gap * 0.5
    page.y -= page.lines(right, x=x_right, width=col_w) + page.gap * 0.3
    page.y = min(page.y, y_left)

    # counts and densities
    page.heading(word("h_counts", lang))
    c = prof.counts
    area_km2 = prof.area_km2
    firms_what = (word("firms_sample", lang, n=c["city_firms"]) if source.sample
                  else word("firms_register", lang, name=source.name))
    city_fac_density = c["city_facilities"] / (c["city_firms"] / c["city_firms_per_km2"]) \
        if c["city_firms"] and c["city_firms_per_km2"] else np.nan
    cols = [(word("col_what", lang), 0.34, "left"), (word("col_n", lang), 0.12, "right"),
            (word("col_density", lang), 0.13, "right"),
            (word("col_city_density", lang), 0.14, "right"),
            (word("col_share", lang), 0.12, "right"), (word("col_edge", lang), 0.15, "right")]
    rows = [[word("row_facilities", lang), _fmt(c["n_facilities"]),
             _fmt(c["n_facilities"] / area_km2, 2), _fmt(city_fac_density, 3),
             _pct(c["share_city_facilities"]), _fmt(c["near_edge_facilities"])],
            [word("row_firms", lang, what=firms_what), _fmt(c["n_firms"]),
             _fmt(c["n_firms"] / area_km2, 2), _fmt(c["city_firms_per_km2"], 3),
             _pct(c["share_city_firms"]), _fmt(c["near_edge_firms"])]]
    page.table(cols, rows, fontsize=SMALL_PT + 0.4)
    notes = [word("edge_note", lang)]
    if source.sample:
        notes.append(word("sample_note", lang))
    page.para(notes, fontsize=SMALL_PT, color="#444444")
    _footer(page, lang, 1, disclaimer)
    return fig, page.y - page.my * 1.6


def _mix_chart(page: _Page, prof: AreaProfile, lang: str, *, shrink: float = 0.0) -> None:
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    mix = prof.mix[prof.mix["firms"] > 0].head(12)
    if not len(mix):
        page.para([word("no_firms", lang)])
        return
    n = len(mix)
    h = max(0.10, min(0.30, 0.03 + n * 0.019) - shrink)
    label_w = 0.30
    ax = page.fig.add_axes([page.mx + label_w, page.y - h, page.width - label_w - 0.08, h])
    y = np.arange(n)[::-1]
    colors = [style.SECTOR_COLORS.get(s, "#888888") if f else "#bdbdbd"
              for s, f in zip(mix["sector"], mix["focus"], strict=True)]
    ax.barh(y, mix["firms"], color=colors, height=0.7, edgecolor="none")
    ax.set_yticks(y)
    ax.set_yticklabels([tax.name(i, lang) for i in mix["industry"]], fontsize=SMALL_PT + 0.5)
    for tick, focus in zip(ax.get_yticklabels(), mix["focus"], strict=True):
        tick.set_color("#111111" if focus else "#666666")
    top = float(mix["firms"].max())
    for yi, (n_f, lq) in zip(y, zip(mix["firms"], mix["lq"], strict=True), strict=True):
        ax.text(n_f + top * 0.01, yi, f"{n_f}  ·  LQ {_fmt(lq, 2)}", va="center",
                fontsize=SMALL_PT, color="#333333")
    ax.set_xlim(0, top * 1.35)
    ax.tick_params(axis="x", labelsize=SMALL_PT)
    ax.set_xlabel(word("axis_firms", lang), fontsize=SMALL_PT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    page.y -= h + 0.035
    notes = [word("mix_note", lang)]
    missing = prof.mix[(prof.mix["firms"] == 0) & prof.mix["focus"]]["industry"].tolist()
    if missing:
        notes.append(word("mix_missing", lang, names=_names(missing, lang)))
    page.para(notes, fontsize=SMALL_PT, color="#444444")


def _page_two(prof: AreaProfile, lang: str, command: str, disclaimer: str, *,
              shrink: float = 0.0):
    """Page 2, its chart ``shrink`` shorter (figure fraction). Returns (figure, room
    left: negative when it overflows)."""
    from core.taxonomy import load_taxonomy

    tax = load_taxonomy()
    page = _Page()
    _header(page, prof, lang, continued=True)
    page.heading(word("h_mix", lang))
    _mix_chart(page, prof, lang, shrink=shrink)

    # largest firms
    page.heading(word("h_firms", lang))
    source = prof.firm_source
    firms = prof.firms
    order = (word("order_size", lang, col=source.size_col or "size")
             if prof.firms_order == "size" else word("order_category", lang))
    page.para([order], fontsize=SMALL_PT, color="#444444")
    if len(firms):
        size = prof.firms_order == "size"
        cols = [(word("col_name", lang), 0.40, "left"),
                (word("col_category", lang), 0.14, "left"),
                (word("col_industries", lang), 0.32 if not size else 0.22, "left"),
                (word("col_precision", lang), 0.12, "right")]
        if size:
            cols.append((word("col_size", lang, col=source.size_col or ""), 0.12, "right"))
        rows = []
        for _, f in firms.head(TOP_ROWS).iterrows():
            cat = settings.ENTERPRISE_CATEGORIES.get(f["category"])
            row = [_firm_name(f, lang), (cat[0] if lang == "zh" else cat[1]) if cat
                   else ("" if f["category"] == "enterprise" else str(f["category"])),
                   _names(f["industries"] or [], lang),
                   _fmt(f.get("precision_m"))]
            if size:
                row.append(_fmt(f.get("size")))
            rows.append(row)
        page.table(cols, rows)
        if len(firms) > TOP_ROWS:
            page.para([word("more", lang, n=len(firms) - TOP_ROWS)],
                      fontsize=SMALL_PT, color="#666666")
    else:
        page.para([word("none", lang)])

    # facilities
    page.heading(word("h_facilities", lang))
    fac = prof.facilities
    page.para([word("order_facilities", lang)], fontsize=SMALL_PT, color="#444444")
    if len(fac):
        cols = [(word("col_name", lang), 0.46, "left"),
                (word("col_category", lang), 0.20, "left"),
                (word("col_precision", lang), 0.14, "right"),
                (word("col_placed", lang), 0.20, "left")]
        rows = []
        for _, f in fac.head(TOP_ROWS).iterrows():
            cat = settings.FACILITY_CATEGORIES.get(f["category"], (f["category"],) * 2)
            rows.append([_name(f, lang), cat[0] if lang == "zh" else cat[1],
                         _fmt(f.get("precision_m")),
                         word("placed_area" if f["placed_in_area"] else "placed_address",
                              lang)])
        page.table(cols, rows)
        if len(fac) > TOP_ROWS:
            page.para([word("more", lang, n=len(fac) - TOP_ROWS)], fontsize=SMALL_PT,
                      color="#666666")
    else:
        page.para([word("none", lang)])

    # observed concentrations inside
    page.heading(word("h_conc", lang))
    cn = prof.concentration_notes
    note = word("conc_supplied", lang) if cn.get("supplied") else word(
        "conc_method", lang, method=str(cn.get("method", "")).upper(),
        scale=_fmt(cn["scale_m"]), n=cn["n_found_city"], left=_fmt(cn["n_left_out"]),
        total=_fmt(cn["n_firms"]))
    page.para([note], fontsize=SMALL_PT, color="#444444")
    conc = prof.concentrations
    if len(conc):
        cols = [(word("col_id", lang), 0.08, "left"), (word("col_industry", lang), 0.30, "left"),
                (word("col_firms", lang), 0.11, "right"), (word("col_km2", lang), 0.12, "right"),
                (word("col_conc_density", lang), 0.13, "right"),
                (word("col_lq", lang), 0.10, "right"),
                (word("col_overlap", lang), 0.16, "right")]
        rows = [[str(c["concentration_id"]),
                 _names([i for i in str(c.get("industry") or c.get("top_industry") or "")
                         .split(";") if i in tax.industry_ids], lang),
                 _fmt(c["firms"]), _fmt(c["area_km2"], 2), _fmt(c["density_per_km2"], 0),
                 _fmt(c.get("lq"), 2), _pct(c["overlap_share"])]
                for _, c in conc.head(10).iterrows()]
        page.table(cols, rows)
    else:
        page.para([word("conc_none", lang)])

    # sources, versions, date
    page.heading(word("h_sources", lang))
    a = prof.area
    lines = [word("src_area", lang, sources=str(a.get("sources") or "")),
             word("src_base", lang)]
    fac_src = prof.facility_sources
    if fac_src:
        shown = fac_src[:4]
        more = f" (+{len(fac_src) - 4})" if len(fac_src) > 4 else ""
        lines.append(word("src_facilities", lang, n=len(prof.facilities),
                          sources="; ".join(shown) + more))
    lines.append(word("src_firms_sample", lang) if source.sample
                 else word("src_firms_register", lang, name=source.name))
    sep = "；" if lang == "zh" else "; "
    lines.append(word("versions", lang, items=sep.join(
        f"{k} {v}" for k, v in data_versions(firm_source=source))))
    lines.append(word("made", lang, when=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                      cmd=command or "python cli.py profile " + str(a["id"])))
    page.para(lines, fontsize=SMALL_PT, color="#333333")
    _footer(page, lang, 2, disclaimer)
    return page.fig, page.y - page.my * 1.6


def _footer(page: _Page, lang: str, i: int, disclaimer: str) -> None:
    fig = page.fig
    y = page.my * 0.6
    fig.text(page.mx, y, disclaimer, fontsize=SMALL_PT - 0.4, color="#666666", va="bottom")
    fig.text(1 - page.mx, y, word("page", lang, i=i, n=2), fontsize=SMALL_PT - 0.4,
             color="#666666", va="bottom", ha="right")


def export_profile(path, prof: AreaProfile, *, lang: str = "zh",
                   layers: StaticLayers | None = None, command: str = "",
                   disclaimer: str = DEFAULT_DISCLAIMER) -> Path | io.BytesIO:
    """Write the profile of ``prof`` as a two-page A4 PDF to ``path`` (a file path or
    a binary file object). ``layers``: what its map draws (default the shipped
    layers, facilities and enterprise sample; pass a register's firms as
    ``enterprises`` with ``enterprises_are_sample=False``)."""
    figures = render_profile(prof, lang=lang, layers=layers, command=command,
                             disclaimer=disclaimer)
    try:
        with PdfPages(path, metadata={"Title": _name(prof.area, lang),
                                      "Subject": word("kicker", lang),
                                      "Creator": "Shenzhen innovation-cluster map"}) as pdf:
            for fig in figures:
                no_ligatures(fig)
                pdf.savefig(fig)
    finally:
        for fig in figures:
            plt.close(fig)
    return Path(path) if isinstance(path, str | Path) else path


def profile_pdf(area_id: str, *, lang: str = "zh", firms: pd.DataFrame | None = None,
                firm_source=None, concentrations=None, command: str = "",
                disclaimer: str = DEFAULT_DISCLAIMER, ctx=None) -> bytes:
    """The profile PDF of ``area_id`` as bytes: what the app's button and the CLI
    both make (:func:`analysis.profile.area_profile` then :func:`export_profile`)."""
    from analysis.profile import area_profile

    prof = area_profile(area_id, firms=firms, firm_source=firm_source, ctx=ctx,
                        concentrations=concentrations)
    layers = None
    if firms is not None and not prof.firm_source.sample:  # the whole register drawn
        layers = replace(StaticLayers.shipped(enterprises=firms),
                         enterprises_are_sample=False)
    buf = io.BytesIO()
    export_profile(buf, prof, lang=lang, layers=layers, command=command,
                   disclaimer=disclaimer)
    return buf.getvalue()


__all__ = ["export_profile", "profile_pdf", "render_profile"]
