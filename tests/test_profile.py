"""The area profile (一区一画像, issue 19 item 4): the PDF the app and the CLI make alike.

Real shipped areas in zh and en; SYNTHETIC registers are generated here at test time
(planted firms around a point, labelled synthetic in their names)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from tests.conftest import ROOT

pytestmark = pytest.mark.filterwarnings("error:Glyph.*missing:UserWarning")

A4_PT = (595.28, 841.89)


@pytest.fixture(scope="module")
def ctx():
    from analysis.context import build_context

    return build_context()


@pytest.fixture(scope="module")
def bay_zh(ctx) -> bytes:
    from maps.static.profile import profile_pdf

    return profile_pdf("c01_shenzhen_bay", lang="zh", ctx=ctx)


@pytest.fixture(scope="module")
def bay_en(ctx) -> bytes:
    from maps.static.profile import profile_pdf

    return profile_pdf("c01_shenzhen_bay", lang="en", ctx=ctx)


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _squash(text: str) -> str:
    return "".join(text.split())


def test_profile_is_one_or_two_a4_pages(bay_zh, bay_en):
    for pdf in (bay_zh, bay_en):
        pages = PdfReader(io.BytesIO(pdf)).pages
        assert 1 <= len(pages) <= 2
        for page in pages:
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(w - A4_PT[0]) < 1 and abs(h - A4_PT[1]) < 1


def test_chinese_profile_keeps_its_text_as_text(bay_zh):
    text = _squash(_text(bay_zh))
    for expected in ("深圳高新区深圳湾创新集群区", "面积与边界", "14.60km²", "EPSG:4547",
                     "行政边界推导", "误差约±1,000米", "《深圳市科技创新“十四五”规划》",
                     "重点发展新一代电子信息", "产业结构", "主要企业", "主要创新设施",
                     "区内实测集聚区", "资料来源与数据版本", "cluster_defs/areas.geojson",
                     "OpenStreetMap", dt.date.today().isoformat()):
        assert expected in text, expected


def test_english_profile_reads_english_and_quotes_the_plan_in_chinese(bay_en):
    text = _squash(_text(bay_en))
    for expected in ("ShenzhenHigh-TechZoneShenzhenBayInnovationCluster", "Areaandboundary",
                     "errorabout±1,000m", "Industrymix", "Largestfirms", "Mainfacilities",
                     "Observedconcentrationsinside", "Sourcesanddataversions",
                     "重点发展新一代电子信息"):
        assert expected in text, expected
    assert "面积与边界" not in text


def test_the_cjk_font_is_embedded_not_referenced(bay_zh):
    fonts = set()
    for page in PdfReader(io.BytesIO(bay_zh)).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = (f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f
                    else f)["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(f["/BaseFont"]).split("+")[-1])
    assert fonts == {"NotoSansCJKsc-Regular"}


def test_a_missing_glyph_fails_the_profile(ctx):
    from analysis.profile import area_profile
    from maps.static.profile import render_profile

    prof = area_profile("hetao_szhk", ctx=ctx)
    prof.area = prof.area.copy()
    prof.area["name_zh"] = "河套 \U0001F5FA"
    with pytest.raises(UserWarning, match="missing"):
        figs = render_profile(prof, lang="zh")
        for f in figs:
            f.savefig(io.BytesIO(), format="pdf")


def test_profile_counts_are_the_coverage_tables(ctx):
    """Same rule as the 统计 page: facilities and firms inside = coverage_table's."""
    from analysis.coverage import coverage_table
    from analysis.profile import area_profile, sample_points
    from data.catalogues import load_facilities

    pts = pd.concat([load_facilities()[["lon", "lat", "kind", "category", "industries"]],
                     sample_points()[["lon", "lat", "kind", "category", "industries"]]],
                    ignore_index=True)
    table = coverage_table(pts, ctx).set_index("id")
    for area_id in ("c01_shenzhen_bay", "qianhai", "c09_bagualing"):
        prof = area_profile(area_id, ctx=ctx)
        assert prof.counts["n_facilities"] == table.loc[area_id, "n_facilities"]
        assert prof.counts["n_firms"] == table.loc[area_id, "n_enterprises"]
        assert prof.area_km2 == pytest.approx(table.loc[area_id, "area_km2"], rel=1e-9)
        assert prof.counts["near_edge_firms"] <= prof.counts["n_firms"]


def test_focus_industries_are_marked_and_lq_is_the_statistics_lq(ctx):
    from analysis.coverage import location_quotients
    from analysis.profile import area_profile, sample_points

    prof = area_profile("c01_shenzhen_bay", ctx=ctx)
    lq = location_quotients(sample_points(), ctx).loc["c01_shenzhen_bay"]
    found = prof.mix[prof.mix["firms"] > 0]
    assert len(found) and np.allclose(found["lq"], lq[found["industry"]].to_numpy(),
                                      equal_nan=True)
    assert set(prof.mix.loc[prof.mix["focus"], "industry"]) == set(
        prof.area["industry_ids"])


def _synthetic_register(path, *, n_planted=150, seed=3):
    """SYNTHETIC: ``n_planted`` 半导体 firms within ~300 m of a point in 粤海街道 (深圳湾)
    with sizes, and 600 firms spread over the city."""
    rng = np.random.default_rng(seed)
    rows = [(f"SYNTHETIC 合成企业{i:03d}", 113.945 + rng.normal(0, 0.003),
             22.530 + rng.normal(0, 0.003), "半导体与集成电路", 100 + i, 30)
            for i in range(n_planted)]
    rows += [(f"SYNTHETIC 散点企业{i:03d}", rng.uniform(113.8, 114.4),
              rng.uniform(22.55, 22.75), rng.choice(["生物医药", "智能终端"]), 5, 30)
             for i in range(600)]
    pd.DataFrame(rows, columns=["名称", "lon", "lat", "行业", "员工数", "precision_m"]
                 ).to_csv(path, index=False)
    return path


def test_a_register_profile_lists_its_largest_firms_and_the_concentration_inside(
        tmp_path, ctx):
    from analysis.profile import FirmSource, area_profile, firm_points
    from data.points_io import iter_point_chunks

    reg = _synthetic_register(tmp_path / "synthetic.csv")
    firms = firm_points(iter_point_chunks(reg), size_col="员工数")
    prof = area_profile("c01_shenzhen_bay", firms=firms, ctx=ctx,
                        firm_source=FirmSource(sample=False, name="synthetic.csv",
                                               rows=len(firms), size_col="员工数"))
    assert prof.firms_order == "size"
    assert prof.firms["size"].is_monotonic_decreasing and prof.firms["size"].iloc[0] >= 240
    assert len(prof.concentrations) >= 1
    top = prof.concentrations.iloc[0]
    assert "semiconductor_ic" in top["industry"] and top["centre_inside"]
    assert top["firms"] >= 0.9 * 150


def test_cli_profile_writes_the_pdf_with_a_register(tmp_path):
    reg = _synthetic_register(tmp_path / "synthetic.csv")
    out = tmp_path / "p.pdf"
    run = subprocess.run([sys.executable, "cli.py", "profile", "c01_shenzhen_bay", "--out",
                          str(out), "--lang", "en", "--register", str(reg),
                          "--size-col", "员工数"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = _squash(_text(out.read_bytes()))
    assert "SYNTHETIC合成企业149" in text and "Size(员工数)" in text
    assert "Semiconductorsandintegratedcircuits" in text and "C01" in text
    assert "synthetic.csv" in text


@pytest.mark.parametrize("argv, message", [
    (["nowhere"], "unknown area id"),
    (["c01_shenzhen_bay", "--register", "a.csv", "--snapshot", "x"], "not both"),
])
def test_cli_profile_refuses_bad_input_before_the_work(tmp_path, argv, message):
    out = tmp_path / "p.pdf"
    run = subprocess.run([sys.executable, "cli.py", "profile", "--lang", "en", *argv, "--out",
                          str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and message in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()


def test_map_page_makes_the_profile_of_the_searched_area():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.selectbox(key="map_search").set_value("a:hetao_szhk").run()
    assert not at.exception
    at.button(key="profile_make").click().run(timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    assert any(b.proto.label in ("生成区域画像", "下载区域画像（PDF）")
               for b in at.get("download_button"))
