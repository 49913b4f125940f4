"""Static map exports: sizes, formats, options, CJK text, and bad options."""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from maps.static.render import MapSpec, export_map, short_name
from tests.conftest import ROOT

pytestmark = pytest.mark.filterwarnings("error:Glyph.*missing:UserWarning")


def not_blank(path):
    with Image.open(path) as im:
        a = np.asarray(im.convert("L"), dtype=float)
    return a.std() > 10 and (a < 200).mean() > 0.02


@pytest.mark.parametrize("size, orientation, dpi, expected", [
    ("A4", "portrait", 300, (2480, 3508)),
    ("A4", "landscape", 150, (1754, 1240)),
    ("A3", "portrait", 150, (1754, 2480)),
])
def test_png_has_the_paper_size_in_pixels_and_is_not_blank(tmp_path, size, orientation,
                                                            dpi, expected):
    out = export_map(tmp_path / "m.png", MapSpec(size=size, orientation=orientation,
                                                 dpi=dpi))
    with Image.open(out) as im:
        assert im.size == expected
    assert not_blank(out)


# A covering set of option combinations: every value of every option appears, with
# each format, view and language crossed at least once.
COMBOS = [
    (".png", "A4", "portrait", 150, (), (), "zh", None),
    (".pdf", "A3", "landscape", 150, ("c03_banxuegang_guanlan",), (), "en", None),
    (".svg", "A4", "landscape", 150, (), ("生物医药",), "zh", None),
    (".png", "A3", "portrait", 150, ("qianhai", "c07_qianhai_baoan"), ("blockchain",), "en",
     "districts,platforms,clusters"),
    (".pdf", "A4", "portrait", 150, (), ("sector_marine",), "en", "subdistricts,subareas"),
    (".svg", "A3", "portrait", 150, ("c11_shenshan",), (), "zh", "labels,clusters,subareas"),
    (".png", "A4", "landscape", 150, ("hetao_szhk",), ("智能机器人",), "zh", None),
]


def test_sector_colouring_uses_the_sector_palette(tmp_path):
    from maps import style
    out = export_map(tmp_path / "m.png", MapSpec(dpi=80, color_by="sector"))
    with Image.open(out) as im:
        a = np.asarray(im.convert("RGB")).astype(int)
    # the biomedicine red (#d62728) is used for the 东部滨海生物谷 outline
    r, g, b = (int(style.SECTOR_COLORS["sector_biomed_health"][i:i + 2], 16) for i in (1, 3, 5))
    near = (abs(a[..., 0] - r) < 25) & (abs(a[..., 1] - g) < 25) & (abs(a[..., 2] - b) < 25)
    assert near.sum() > 50


@pytest.mark.parametrize("ext, size, orient, dpi, areas, inds, lang, layers", COMBOS)
def test_every_option_combination_renders(tmp_path, ext, size, orient, dpi, areas, inds,
                                          lang, layers):
    spec = MapSpec(size=size, orientation=orient, dpi=dpi, area_ids=areas, industries=inds,
                   lang=lang, layers=tuple(layers.split(",")) if layers else MapSpec().layers)
    out = export_map(tmp_path / f"m{ext}", spec)
    assert out.stat().st_size > 20_000
    if ext == ".png":
        assert not_blank(out)


def test_pdf_keeps_the_chinese_title_and_notes_as_text(tmp_path):
    from pypdf import PdfReader
    out = export_map(tmp_path / "m.pdf", MapSpec(title="深圳创新集群区示意图",
                                                 disclaimer="审图号：测试"))
    text = PdfReader(out).pages[0].extract_text()
    assert "深圳创新集群区示意图" in text
    assert "OpenStreetMap" in text and "EPSG:4547" in text and "审图号：测试" in text
    assert "边界精度" in text and "制图日期" in text


def test_svg_draws_text_as_paths_so_it_renders_without_fonts(tmp_path):
    out = export_map(tmp_path / "m.svg", MapSpec(dpi=150))
    svg = out.read_text(encoding="utf-8")
    assert "<text" not in svg and "<path" in svg


@pytest.mark.parametrize("kwargs, message", [
    ({"size": "A5"}, "use A4 or A3"),
    ({"area_ids": ("nowhere",)}, "unknown area id"),
    ({"layers": ("roads",)}, "unknown layer"),
    ({"orientation": "diagonal"}, "portrait or landscape"),
    ({"bounds": (114.0, 22.5, 113.9, 22.6)}, "west < east"),
    ({"bounds": (113.9, 22.5, 114.0)}, "west, south, east, north"),
    ({"bounds": (113.9, 22.5, 114.0, float("nan"))}, "west, south, east, north"),
    ({"bounds": (500_000.0, 2_490_000.0, 510_000.0, 2_500_000.0)}, "degrees"),
])
def test_bad_options_are_refused_with_the_choices(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        export_map(tmp_path / "m.png", MapSpec(**kwargs))


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="png, .pdf or .svg"):
        export_map(tmp_path / "m.jpg", MapSpec())


def test_short_labels_keep_the_distinctive_part():
    from maps.static.render import short_name_en
    assert short_name("深圳高新区坪山园区创新集群区") == "坪山园区"
    assert short_name("光明科学城") == "光明科学城"
    assert short_name_en("Shenzhen High-Tech Zone Pingshan Park Innovation Cluster") == \
        "Pingshan Park"


def test_cli_export_map_and_html(tmp_path):
    run = subprocess.run([sys.executable, "cli.py", "export-map", "--out",
                          str(tmp_path / "m.png"), "--dpi", "150", "--industry", "新材料",
                          "--title", "<b>测试</b>"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "1240 × 1754 px" in run.stdout
    run = subprocess.run([sys.executable, "cli.py", "export-map", "--out",
                          str(tmp_path / "m.png"), "--area", "nowhere"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "unknown area id" in run.stderr
    assert "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "cli.py", "export-html", "--out",
                          str(tmp_path / "m.html")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "OpenStreetMap contributors" in html and "https://cdn" not in html


def test_a_missing_glyph_would_fail_these_tests(tmp_path):
    with pytest.raises(UserWarning, match="missing"):
        export_map(tmp_path / "m.png", MapSpec(dpi=50, title="地图 \U0001F5FA"))


@pytest.fixture
def tile_server():
    """A tile server on localhost answering every z/x/y with a solid magenta PNG."""
    import http.server
    import io
    import threading

    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (255, 0, 255)).save(buf, format="PNG")
    tile = buf.getvalue()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()


def test_tile_background_is_drawn_when_a_tile_server_answers(tmp_path, tile_server):
    messages = []
    out = export_map(tmp_path / "m.png", MapSpec(dpi=60, tiles=tile_server,
                                                 area_ids=("hetao_szhk",)),
                     messages=messages)
    with Image.open(out) as im:
        a = np.asarray(im.convert("RGB")).astype(int)
    magenta = (a[..., 0] > 200) & (a[..., 1] < 80) & (a[..., 2] > 200)
    assert magenta.mean() > 0.05
    assert messages and "127.0.0.1" in messages[0]


def test_unreachable_tile_server_falls_back_to_the_vector_base(tmp_path):
    messages = []
    out = export_map(tmp_path / "m.png", MapSpec(
        dpi=60, tiles="http://127.0.0.1:9/{z}/{x}/{y}.png", area_ids=("hetao_szhk",)),
        messages=messages)
    assert not_blank(out)
    assert "unreachable" in messages[0] or "不可达" in messages[0]


def test_gcj02_tiles_are_refused_for_exports():
    from maps.static.tiles import tile_url
    with pytest.raises(ValueError, match="GCJ02"):
        tile_url("amap")


def test_bounds_frame_the_view_without_the_shenshan_inset():
    """A searched district or facility is exported by its frame: the map's extent
    covers the bounds (and not the whole city), and no 深汕 inset is drawn."""
    from core.crs import to_metric
    from data import loaders
    from data.areas import load_areas
    from maps.static.render import render

    bounds = (113.88, 22.49, 113.94, 22.56)  # 前海 and 蛇口
    kw = dict(areas=load_areas(), subdistricts=loaders.load_subdistricts(),
              districts=loaders.load_districts(), shenshan=loaders.load_shenshan())
    out = render(MapSpec(dpi=50, bounds=bounds), **kw)
    city = render(MapSpec(dpi=50), **kw)
    try:
        ax = out.map_ax
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        (w, e), (s, n) = zip(*(to_metric(lon, lat) for lon, lat in
                               ((bounds[0], bounds[1]), (bounds[2], bounds[3]))), strict=True)
        assert x0 <= w and e <= x1 and y0 <= s and n <= y1
        assert x1 - x0 < (city.map_ax.get_xlim()[1] - city.map_ax.get_xlim()[0]) / 4
        titles = [a.get_title() for a in out.figure.axes]
        assert not any("深汕" in t for t in titles)
        assert any("深汕" in a.get_title() for a in city.figure.axes)
    finally:
        out.close()
        city.close()


def test_title_and_disclaimer_are_printed():
    from data import loaders
    from data.areas import load_areas
    from maps.static.render import render

    out = render(MapSpec(dpi=50, area_ids=("qianhai",), title="前海视图",
                         disclaimer="仅供内部讨论"),
                 areas=load_areas(), subdistricts=loaders.load_subdistricts(),
                 districts=loaders.load_districts(), shenshan=loaders.load_shenshan())
    try:
        texts = [x.get_text() for x in out.figure.texts]
        assert "前海视图" in texts
        assert any("仅供内部讨论" in x for x in texts)
    finally:
        out.close()


def test_only_the_given_facilities_are_drawn(tmp_path):
    """The app passes its filtered facilities: only their categories are in the legend."""
    from data.catalogues import load_facilities

    f = load_facilities()
    labs = f[f["category"] == "lab"] if (f["category"] == "lab").any() else f.iloc[:3]
    out = export_map(tmp_path / "m.png", MapSpec(dpi=50), facilities=labs)
    assert out.exists()

    from core import settings
    from data import loaders
    from data.areas import load_areas
    from maps.static.render import render

    out = render(MapSpec(dpi=50), areas=load_areas(), subdistricts=loaders.load_subdistricts(),
                 districts=loaders.load_districts(), shenshan=loaders.load_shenshan(),
                 facilities=labs)
    try:
        legend_texts = {x.get_text() for a in out.figure.axes if a.get_legend()
                        for x in a.get_legend().get_texts()}
        shown = {settings.FACILITY_CATEGORIES[c][0] for c in set(labs["category"])}
        others = {v[0] for c, v in settings.FACILITY_CATEGORIES.items()
                  if c not in set(labs["category"])}
        assert shown <= legend_texts and not (others & legend_texts)
    finally:
        out.close()


# --- issue 19 item 5: exports a report author accepts ------------------------------
def _render(spec):
    from data import loaders
    from data.areas import load_areas
    from data.catalogues import load_enterprises, load_facilities
    from maps.static.render import render

    return render(spec, areas=load_areas(), subdistricts=loaders.load_subdistricts(),
                  districts=loaders.load_districts(), shenshan=loaders.load_shenshan(),
                  facilities=load_facilities(), enterprises=load_enterprises())


def _overlapping(boxes):
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if min(boxes[i].x1, boxes[j].x1) - max(boxes[i].x0, boxes[j].x0) > 0.5
            and min(boxes[i].y1, boxes[j].y1) - max(boxes[i].y0, boxes[j].y0) > 0.5]


@pytest.mark.parametrize("lang, orientation", [("zh", "portrait"), ("en", "portrait"),
                                               ("en", "landscape")])
def test_area_labels_that_would_collide_are_moved_not_dropped(lang, orientation):
    """City view: every cluster and platform outside 深汕 keeps its label, no two
    label boxes overlap, and crowded ones are moved (a leader line when set away)."""
    from data.areas import load_areas

    out = _render(MapSpec(dpi=100, lang=lang, orientation=orientation))
    try:
        areas = load_areas()
        top = areas[areas["parent"].isna() & (areas["id"] != "c11_shenshan")]
        area_labels = [p for p in out.labels if p.kind == "area"]
        assert len(area_labels) == len(top)
        assert not any(p.overlapping for p in area_labels)
        assert not _overlapping([p.box for p in out.labels])
        assert any(p.moved_pt > 0 for p in area_labels)  # crowded ones were moved
    finally:
        out.close()


def test_labels_at_one_anchor_all_find_a_free_spot():
    import matplotlib.pyplot as plt

    from maps.static.fonts import register_cjk_font
    from maps.static.labels import place_labels

    register_cjk_font()
    fig = plt.figure(figsize=(4, 4), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    placed = place_labels(ax, [(5, 5, f"标签 {i}") for i in range(8)])
    plt.close(fig)
    assert len(placed) == 8 and not any(p.overlapping for p in placed)
    assert not _overlapping([p.box for p in placed])
    assert sum(p.moved_pt > 0 for p in placed) == 7
    assert sum(p.leader for p in placed) >= 3


def test_industry_filter_draws_only_the_facilities_and_firms_carrying_it():
    from analysis.coverage import filter_points
    from data.catalogues import load_enterprises, load_facilities

    spec = MapSpec(dpi=50, area_ids=("c01_shenzhen_bay", "xili_lake_science_city"))
    everything = _render(spec)
    chosen = _render(MapSpec(dpi=50, area_ids=spec.area_ids, industries=("生物医药",)))
    try:
        for kind, table in (("facilities", load_facilities()),
                            ("enterprises", load_enterprises())):
            assert chosen.drawn[kind] < everything.drawn[kind]
            assert chosen.drawn[kind] <= len(filter_points(table, industries=["生物医药"]))
        legend = {x.get_text() for a in chosen.figure.axes if a.get_legend()
                  for x in a.get_legend().get_texts()}
        assert "设施与企业：仅含所选产业" in legend
    finally:
        everything.close()
        chosen.close()


def test_precision_note_reads_one_value_when_the_bounds_are_equal():
    from maps.static.spec import precision_text

    assert precision_text([1500, 1500.0], "zh") == "误差约 ±1,500 米"
    assert precision_text([1500], "en") == "error about ±1,500 m"
    assert precision_text([400, 20000], "zh") == "误差约 ±400 米至 ±20,000 米"
    out = _render(MapSpec(dpi=50, area_ids=("hetao_szhk",)))
    try:
        notes = " ".join(x.get_text() for x in out.figure.texts)
        assert "误差约 ±400 米，" in notes and "±400 米至" not in notes
    finally:
        out.close()


@pytest.mark.parametrize("kw", [{}, {"orientation": "landscape"},
                                {"area_ids": ("c01_shenzhen_bay",)},
                                {"area_ids": ("hetao_szhk",), "orientation": "landscape"},
                                {"lang": "en", "bounds": (113.88, 22.49, 113.94, 22.56)}])
def test_the_page_is_filled_not_a_fifth_empty(tmp_path, kw):
    """Rows of the page with nothing on them (margins included): 25-29% before the
    layout was measured, under 20% now."""
    out = export_map(tmp_path / "m.png", MapSpec(dpi=60, **kw))
    with Image.open(out) as im:
        a = np.asarray(im.convert("L"))
    assert (a > 250).all(axis=1).mean() < 0.20


def test_render_hands_back_its_notes_instead_of_tagging_the_figure():
    from maps.static.render import RenderedMap

    out = _render(MapSpec(dpi=50, area_ids=("hetao_szhk",),
                          tiles="http://127.0.0.1:9/{z}/{x}/{y}.png"))
    try:
        assert isinstance(out, RenderedMap)
        assert any("不可达" in n for n in out.notes)
        assert not hasattr(out.figure, "tile_note")
    finally:
        out.close()


def test_every_wording_has_both_languages():
    from core.i18n import reports

    assert len(reports.STRINGS) > 100
    for key, value in reports.STRINGS.items():
        assert set(value) == {"zh", "en"}, key
        assert all(isinstance(v, str) for v in value.values()), key


def test_export_html_has_a_title_and_a_legend(tmp_path):
    from maps.folium.html_export import export_html

    export_html(tmp_path / "m.html", lang="en", title="<b>Bay & co</b>",
                industries=("生物医药",))
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;Bay &amp; co&lt;/b&gt;</title>" in html
    assert "szmap-title" in html and "<b>Bay" not in html
    assert "After the Shenzhen S&amp;T Innovation 14th Five-Year Plan" in html
    assert "LegendControl" in html or "Legend" in html
    export_html(tmp_path / "d.html", lang="zh", industries=("生物医药",))
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "<title>深圳创新集群区与战略平台：生物医药</title>" in html


def test_facilities_known_only_by_their_area_are_a_dashed_ring_not_a_dot():
    """SYNTHETIC rows: two known only to lie in 光明科学城 share its point and are drawn as
    one white disc with a dashed ring and their number; a located one stays a coloured
    dot; the legend explains the ring."""
    import matplotlib.colors as mcolors
    import pandas as pd

    from core.i18n import t
    from data import loaders
    from data.areas import load_areas
    from maps.static.render import MapSpec, render

    method = t("catalogue.method.located_in", "en", name="guangming_science_city",
               unit=t("catalogue.unit.area", "en"))
    fac = pd.DataFrame({"id": ["s1", "s2", "s3"], "name_zh": ["甲", "乙", "丙"],
                        "name_en": ["A", "B", "C"], "category": ["lab", "lab", "lab"],
                        "industries": [["brain_science"]] * 3,
                        "lon": [113.95, 113.95, 113.92], "lat": [22.77, 22.77, 22.74],
                        "precision_m": [7700.0, 7700.0, 50.0],
                        "location_method": [method, method, "published address"]})
    spec = MapSpec(dpi=72, area_ids=("guangming_science_city",), lang="zh")
    out = render(spec, areas=load_areas(), subdistricts=loaders.load_subdistricts(),
                 districts=loaders.load_districts(), shenshan=loaders.load_shenshan(),
                 facilities=fac, enterprises=None)
    try:
        rings = [c for c in out.map_ax.collections
                 if len(c.get_offsets()) == 1 and len(c.get_facecolor())
                 and mcolors.to_hex(c.get_facecolor()[0]) == "#ffffff"
                 and c.get_linestyle()[0][1] is not None]
        assert len(rings) == 1  # one ring for the two area-level rows
        assert any(txt.get_text() == "2" for txt in out.map_ax.texts)
        labels = [txt.get_text() for txt in out.figure.findobj(
            lambda a: hasattr(a, "get_text"))]
        assert any("虚线圈" in s for s in labels)
    finally:
        out.close()
