"""Observed concentrations and plan vs reality (analysis.concentrations, cli.py
concentrations) on SYNTHETIC registers made here at test time: firms spread evenly
over Shenzhen's land (the 74 街道) plus concentrations planted at known places. None
of these points is project data."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely

from analysis.concentrations import (
    concentrations_by_industry,
    find_concentrations,
    plan_vs_reality,
)
from analysis.context import build_context
from cli import main
from core import settings
from core.crs import from_metric, to_metric

#: Planted SYNTHETIC concentrations: (name, lon, lat, industry, firms, sigma_m).
#: ``bay`` lies inside 深圳湾创新集群区 (c01, whose focus includes biomedicine), ``yantian``
#: in 盐田 outside every area (8 km from the nearest area focused on biomedicine).
PLANTED = {
    "bay": (113.9465, 22.5330, "biomedicine", 300, 250.0),
    "yantian": (114.2400, 22.5800, "biomedicine", 200, 250.0),
    "longhua": (114.0300, 22.6600, "semiconductor_ic", 250, 300.0),
}
NOISE = {"biomedicine": 1500, "semiconductor_ic": 1500}
#: Tolerances: a recovered centre lies within this many metres of the planted one and
#: holds the planted firms ± this share (the noise firms caught inside pull the centre
#: and add firms). Seen over seeds 7–11, both methods: centres 2–61 m off, firms +0–3%.
CENTRE_TOLERANCE_M = 100.0
FIRMS_TOLERANCE = 0.10


@pytest.fixture(scope="module")
def ctx():
    return build_context()


def land_uniform(ctx, n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """SYNTHETIC points spread evenly over the 74 街道 (rejection from their box)."""
    lon, lat = [], []
    got = 0
    while got < n:
        lo = rng.uniform(113.75, 114.62, 4 * n)
        la = rng.uniform(22.45, 22.87, 4 * n)
        s = ctx.admin_index.assign_first(lo, la)
        ok = (s >= 0) & ctx.admin["name_zh"].notna().to_numpy()[np.maximum(s, 0)]
        lon.append(lo[ok])
        lat.append(la[ok])
        got += int(ok.sum())
    return np.concatenate(lon)[:n], np.concatenate(lat)[:n]


def planted(name: str, rng) -> pd.DataFrame:
    lon, lat, industry, n, sigma = PLANTED[name]
    x0, y0 = to_metric([lon], [lat])
    lo, la = from_metric(rng.normal(x0[0], sigma, n), rng.normal(y0[0], sigma, n))
    return pd.DataFrame({"lon": lo, "lat": la, "industries": [[industry]] * n,
                         "planted": name})


def synthetic_register(ctx, seed: int = 7, planted_names=tuple(PLANTED)) -> pd.DataFrame:
    """A SYNTHETIC register: even noise per industry plus the planted concentrations."""
    rng = np.random.default_rng(seed)
    frames = [planted(name, rng) for name in planted_names]
    for industry, n in NOISE.items():
        lo, la = land_uniform(ctx, n, rng)
        frames.append(pd.DataFrame({"lon": lo, "lat": la, "industries": [[industry]] * n,
                                    "planted": ""}))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def register(ctx):
    return synthetic_register(ctx)


def distance_m(lon1, lat1, lon2, lat2) -> float:
    x1, y1 = to_metric([lon1], [lat1])
    x2, y2 = to_metric([lon2], [lat2])
    return float(np.hypot(x1[0] - x2[0], y1[0] - y2[0]))


def match(found: pd.DataFrame, name: str) -> pd.Series:
    """The recovered concentration nearest to the planted ``name``."""
    lon, lat = PLANTED[name][:2]
    d = [distance_m(lon, lat, r.centre_lon, r.centre_lat) for r in found.itertuples()]
    row = found.iloc[int(np.argmin(d))].copy()
    row["error_m"] = min(d)
    return row


# ------------------------------------------------------------------ recovery
@pytest.mark.parametrize("method", ["hdbscan", "dbscan"])
def test_planted_concentrations_are_recovered_in_place_and_size(register, ctx, method):
    found = find_concentrations(register, industries=["生物医药"], method=method,
                                land_km2=ctx.city_km2)
    assert len(found) == 2  # bay and yantian; longhua is semiconductors
    for name in ("bay", "yantian"):
        got = match(found, name)
        assert got["error_m"] <= CENTRE_TOLERANCE_M, (name, got["error_m"])
        n = PLANTED[name][3]
        assert abs(got["firms"] - n) <= FIRMS_TOLERANCE * n, (name, got["firms"])
        assert got["top_industry"] == "biomedicine" and got["lq"] > 1
    assert found.crs.to_epsg() == 4326
    assert list(found["firms"]) == sorted(found["firms"], reverse=True)


def test_hdbscan_tells_apart_neighbours_that_dbscan_joins(ctx):
    """Two SYNTHETIC concentrations (σ 300 m) 2.5 km apart: DBSCAN links dense cells up
    to the 1 km scale and returns one; HDBSCAN splits the place in two (so over seeds
    0–7)."""
    rng = np.random.default_rng(3)
    x0, y0 = to_metric([114.03], [22.66])
    frames = []
    for dx in (0.0, 2500.0):
        lo, la = from_metric(rng.normal(x0[0] + dx, 300, 300), rng.normal(y0[0], 300, 300))
        frames.append(pd.DataFrame({"lon": lo, "lat": la}))
    lo, la = land_uniform(ctx, 1500, rng)
    frames.append(pd.DataFrame({"lon": lo, "lat": la}))
    pts = pd.concat(frames, ignore_index=True).assign(industries=[["biomedicine"]] * 2100)
    two = find_concentrations(pts, method="hdbscan", land_km2=ctx.city_km2)
    one = find_concentrations(pts, method="dbscan", land_km2=ctx.city_km2)
    assert len(two) == 2 and all(abs(two["firms"] - 300) <= 30)
    assert len(one) == 1 and abs(one["firms"].iloc[0] - 600) <= 60


def test_uniform_noise_yields_no_concentration(ctx):
    rng = np.random.default_rng(11)
    lo, la = land_uniform(ctx, 6000, rng)
    noise = pd.DataFrame({"lon": lo, "lat": la, "industries": [["new_materials"]] * 6000})
    for method in ("hdbscan", "dbscan"):
        found = find_concentrations(noise, method=method, land_km2=ctx.city_km2)
        assert len(found) == 0, method
        assert found.attrs["n_used"] == 6000 and found.attrs["n_in_concentrations"] == 0


def test_polygon_area_and_density_are_measured_in_epsg4547_and_hold_the_members(register,
                                                                                 ctx):
    found = find_concentrations(register, industries=["biomedicine"], land_km2=ctx.city_km2)
    metric = found.to_crs(settings.CRS_METRIC)
    assert np.allclose(metric.area / 1e6, found["area_km2"], rtol=1e-6)
    assert np.allclose(found["density_per_km2"], found["firms"] / found["area_km2"])
    bay = register[register["planted"] == "bay"]
    inside = shapely.contains_xy(match(found, "bay")["geometry"], bay["lon"], bay["lat"])
    assert inside.mean() > 0.8  # the planted firms the concentration kept lie inside


def test_location_quotient_is_the_share_inside_over_the_share_overall(register, ctx):
    found = find_concentrations(register, industries=["biomedicine"], land_km2=ctx.city_km2)
    bay = match(found, "bay")
    inside = shapely.contains_xy(bay["geometry"], register["lon"], register["lat"])
    has = register["industries"].map(lambda v: "biomedicine" in v).to_numpy()
    expected = (has[inside].sum() / inside.sum()) / (has.sum() / len(register))
    assert bay["lq"] == pytest.approx(expected, rel=1e-9)


# ----------------------------------------------------------- left out, counted
def test_points_coarser_than_the_scale_are_left_out_and_counted(register, ctx):
    pts = register.copy()
    pts["precision_m"] = 300.0
    bay = np.flatnonzero(pts["planted"].to_numpy() == "bay")
    pts.loc[bay[:200], "precision_m"] = 4600.0     # known only to the 街道
    pts.loc[bay[200:210], "precision_m"] = np.nan  # no bound stated: kept, counted
    found = find_concentrations(pts, industries=["biomedicine"], land_km2=ctx.city_km2)
    a = found.attrs
    assert a["n_excluded_precision"] == 200 and a["n_precision_unknown"] == 10
    assert a["n_used"] == a["n_selected"] - 200 == 300 + 200 + 1500 - 200
    assert match(found, "bay")["firms"] <= 100 + 10  # what is left of it
    wider = find_concentrations(pts, industries=["biomedicine"], max_precision_m=5000,
                                land_km2=ctx.city_km2)
    assert wider.attrs["n_excluded_precision"] == 0
    assert abs(match(wider, "bay")["firms"] - 300) <= FIRMS_TOLERANCE * 300
    assert wider["max_precision_m"].max() == 4600.0


def test_rows_without_a_usable_industry_or_coordinates_are_counted(register, ctx):
    pts = pd.concat([register, pd.DataFrame({"lon": [114.0, np.nan, 114.1],
                                             "lat": [22.6, 22.6, 22.6],
                                             "industries": [[], ["biomedicine"], None]})],
                    ignore_index=True)
    found = find_concentrations(pts, industries=["biomedicine"], land_km2=ctx.city_km2)
    assert found.attrs["n_no_industry"] == 2
    assert found.attrs["n_no_coordinates"] == 1
    assert found.attrs["n_selected"] == 300 + 200 + 1500


def test_bad_options_are_refused_together_and_a_bad_term_by_name(register):
    with pytest.raises(ValueError, match=r"method='kmeans'.*scale_m=-5.*min_firms=1"):
        find_concentrations(register, method="kmeans", scale_m=-5, min_firms=1)
    with pytest.raises(ValueError, match="unknown industry '火星产业'"):
        find_concentrations(register, industries=["火星产业"])


def test_input_is_not_mutated_and_a_sector_pools_its_industries(register, ctx):
    before = register.copy()
    found = find_concentrations(register, industries=["sector_biomed_health"],
                                land_km2=ctx.city_km2)
    pd.testing.assert_frame_equal(register, before)
    assert set(found["industry"]) == {"high_end_medical_devices;biomedicine;big_health"}


# --------------------------------------------------------------- plan vs reality
def test_plan_vs_reality_inside_a_matching_area_vs_outside_every_area(register, ctx):
    found = concentrations_by_industry(register, land_km2=ctx.city_km2)
    assert found.attrs["industries"] == ["semiconductor_ic", "biomedicine"]
    result = plan_vs_reality(register, found, ctx)
    placed = result.concentrations.set_index("concentration_id")
    bay = placed.loc[match(found, "bay")["concentration_id"]]
    yantian = placed.loc[match(found, "yantian")["concentration_id"]]
    assert bay["inside"] and bay["distance_m"] == 0
    assert bay["nearest_area_id"] == "c01_shenzhen_bay" and bay["overlap_share"] > 0.5
    assert not yantian["inside"] and yantian["distance_m"] > 3000
    assert yantian["overlap_share"] == 0
    assert yantian["nearest_area_id"] in set(ctx.areas.loc[ctx.areas["industry_ids"].map(
        lambda v: "biomedicine" in v), "id"])
    assert list(result.outside["concentration_id"]).count(yantian.name) == 1

    bio = result.industries.set_index("industry").loc["biomedicine"]
    assert bio["firms"] == 300 + 200 + 1500
    assert bio["concentrations"] == 2 and bio["concentrations_outside"] == 1
    assert 300 * 0.9 <= bio["firms_in_focus_areas"] < bio["firms"]
    assert bio["share_in_focus_areas"] == pytest.approx(
        bio["firms_in_focus_areas"] / bio["firms"])
    unmatched = result.unmatched_areas
    bio_unmatched = set(unmatched.loc[unmatched["industry"] == "biomedicine", "area_id"])
    assert "c01_shenzhen_bay" not in bio_unmatched
    assert "c10_east_coast_biovalley" in bio_unmatched


# ------------------------------------------------------------------------- CLI
@pytest.fixture(scope="module")
def register_csv(ctx, tmp_path_factory):
    """The SYNTHETIC register as a CSV a planner would have (name, 经度, 纬度, 行业)."""
    reg = synthetic_register(ctx, seed=8, planted_names=("bay", "yantian"))
    names = {"biomedicine": "生物医药", "semiconductor_ic": "半导体与集成电路"}
    path = tmp_path_factory.mktemp("register") / "synthetic_register.csv"
    pd.DataFrame({"名称": [f"synthetic-{i}" for i in range(len(reg))],
                  "经度": reg["lon"].round(6), "纬度": reg["lat"].round(6),
                  "行业": [names[v[0]] for v in reg["industries"]]}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_writes_each_format_in_the_chosen_language(register_csv, tmp_path, capsys,
                                                       lang):
    out = {ext: tmp_path / f"c.{ext}" for ext in ("gpkg", "geojson", "xlsx")}
    for path in out.values():
        assert main(["concentrations", str(register_csv), "--industry", "生物医药",
                     "--out", str(path), "--lang", lang]) == 0
    printed = capsys.readouterr().out
    assert "2 concentration(s)" in printed and "1 outside" in printed

    layers = dict(pyogrio.list_layers(out["gpkg"]))
    assert {"concentrations", "plan_by_industry", "plan_area_focus", "about"} <= set(layers)
    polys = pyogrio.read_dataframe(out["gpkg"], layer="concentrations")
    assert polys.crs.to_epsg() == 4326 and len(polys) == 2
    assert set(polys.geom_type) <= {"Polygon", "MultiPolygon"}
    name = {"zh": "生物医药", "en": "Biomedicine"}[lang]
    assert set(polys["industry_name"]) == {name}
    assert sorted(polys["inside"].astype(bool)) == [False, True]
    gj = pyogrio.read_dataframe(out["geojson"])
    assert len(gj) == 2 and "nearest_area_name" in gj.columns

    wb = openpyxl.load_workbook(out["xlsx"], read_only=True)
    sheets = {"zh": ["观测集聚区", "规划与现实（按产业）", "规划区域外的集聚区",
                     "无对应集聚的重点区域", "说明"],
              "en": ["Concentrations", "Plan vs reality", "Outside the plan",
                     "Areas without one", "About this file"]}[lang]
    assert wb.sheetnames == sheets
    header = [c.value for c in next(wb[sheets[0]].iter_rows(max_row=1))]
    assert header[:4] == {"zh": ["集聚区编号", "产业（编号）", "产业", "企业数"],
                          "en": ["Concentration", "Industry (id)", "Industry", "Firms"]}[lang]
    outside = list(wb[sheets[2]].iter_rows(values_only=True))
    assert len(outside) == 2  # header + the 盐田 concentration
    about = {r[0]: r[1] for r in wb[sheets[4]].iter_rows(min_row=2, values_only=True)}
    assert about[{"zh": "尺度（米）", "en": "Scale (m)"}[lang]] == "1,000"


def test_cli_refuses_an_unknown_industry_before_reading_and_writes_nothing(register_csv,
                                                                          tmp_path,
                                                                          capsys):
    out = tmp_path / "c.gpkg"
    assert main(["concentrations", str(register_csv), "--industry", "火星产业",
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--industry '火星产业'" in err and "unknown industry" in err
    assert "semiconductor_ic" in err  # says what would do
    assert not out.exists()


def test_cli_leaves_out_points_with_a_coarse_stated_error_bound(ctx, tmp_path, capsys):
    reg = synthetic_register(ctx, seed=9, planted_names=("bay",))
    src = tmp_path / "synthetic_coarse.csv"
    pd.DataFrame({"lon": reg["lon"].round(6), "lat": reg["lat"].round(6),
                  "industry": "生物医药", "precision_m": 4600}).to_csv(src, index=False)
    out = tmp_path / "c.xlsx"
    assert main(["concentrations", str(src), "--industry", "biomedicine",
                 "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert f"0 firms used, 0 concentration(s); {len(reg):,} left out" in printed
