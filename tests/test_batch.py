"""The batch pipeline streams a register: chunk by chunk it gives what the whole-frame
check gives, numbers rows through the file, reads Parquet and GeoParquet, writes its
output only at the end, and keeps memory bounded."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.batch import CheckSummary, check_chunk, check_stream, stats_points, write_checked
from analysis.context import build_context
from core.errors import DataValidationError
from data.points_io import iter_point_chunks, read_points
from tests.conftest import ROOT

N = 3_000
CHUNK = 700
#: rows with a problem, placed at and around chunk boundaries (1-based data rows)
BAD = {1: "x", CHUNK: "abc", CHUNK + 1: "", 2 * CHUNK: "116.4", N: "22.5"}
INDUSTRIES = np.array(["半导体与集成电路", "生物医药", "智能机器人", "新材料", "", "火星采矿"],
                      dtype=object)


@pytest.fixture(scope="module")
def ctx():
    return build_context()


def register(n: int = N, seed: int = 0) -> pd.DataFrame:
    """A SYNTHETIC register over Shenzhen's box (some points fall in Hong Kong or the
    sea and are rejected), with bad cells at chunk boundaries."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(113.75, 114.62, n).round(6).astype(object)
    lat = rng.uniform(22.45, 22.86, n).round(6)
    for row, value in BAD.items():
        if row <= n:
            lon[row - 1] = value
    return pd.DataFrame({"name": [f"企业{i}" for i in range(n)], "lon": lon, "lat": lat,
                         "industry": INDUSTRIES[np.arange(n) % len(INDUSTRIES)]})


@pytest.fixture(scope="module")
def csv_register(tmp_path_factory):
    path = tmp_path_factory.mktemp("batch") / "register.csv"
    register().to_csv(path, index=False)
    return path


def streamed(path, ctx, **kw):
    parts = list(check_stream(iter_point_chunks(path, chunk_rows=CHUNK, **kw), ctx))
    return (pd.concat([o for o, _ in parts], ignore_index=True),
            pd.concat([r for _, r in parts], ignore_index=True), parts)


def test_streamed_check_equals_the_whole_frame_check(csv_register, ctx):
    whole, whole_report = check_chunk(read_points(csv_register), ctx)
    out, report, parts = streamed(csv_register, ctx)
    assert len(parts) == -(-N // CHUNK) and [len(o) for o, _ in parts[:-1]] == \
        [CHUNK] * (len(parts) - 1)
    assert (whole["focus_match"].notna().sum() > 500 and whole["problem"].ne("").sum() > 500)
    pd.testing.assert_frame_equal(out.drop(columns="boundary_note"),
                                  whole.drop(columns="boundary_note"))
    pd.testing.assert_frame_equal(report, whole_report.reset_index(drop=True))
    # the same rows carry a note (its wording: see the next test)
    assert (out["boundary_note"].fillna("") != "").equals(whole["boundary_note"].fillna("")
                                                            != "")


def test_streamed_boundary_notes_equal_the_whole_frame_ones(csv_register, ctx):
    whole, _ = check_chunk(read_points(csv_register), ctx)
    out, _, _ = streamed(csv_register, ctx)
    pd.testing.assert_series_equal(out["boundary_note"], whole["boundary_note"])


def test_rows_are_numbered_through_chunks_and_each_bad_row_is_reported_once(tmp_path, ctx):
    path = tmp_path / "gaps.csv"
    text = register(1500).to_csv(index=False).splitlines()
    text.insert(CHUNK, ",,,")           # an empty line as data row CHUNK
    text.insert(2 * CHUNK, ",,,")       # and one as row 2·CHUNK
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    chunks = list(iter_point_chunks(path, chunk_rows=CHUNK))
    rows = np.concatenate([c.frame["row"].to_numpy() for c in chunks])
    assert list(rows) == [r for r in range(1, 1503) if r not in (CHUNK, 2 * CHUNK)]
    report = pd.concat([c.report for c in chunks])
    assert {1, CHUNK + 1, CHUNK + 2}.issubset(set(report["row"]))  # after the empty row
    assert report["row"].is_unique and report["row"].is_monotonic_increasing
    for c in chunks:  # each chunk's report holds its own rows only
        assert set(c.report["row"]) <= set(c.frame["row"])
    # notes once: the file's on the first chunk, the empty rows on the last
    assert any(n.message.startswith("text encoding") for n in chunks[0].notes)
    assert not any(c.notes for c in chunks[1:-1])
    assert [n.message for n in chunks[-1].notes] == [
        f"2 empty row(s) skipped (rows {CHUNK}, {2 * CHUNK})"]
    summary = CheckSummary()
    out = pd.concat([o for o, _ in check_stream(chunks, ctx, summary=summary)])
    assert summary.rows_in == summary.rows_out == len(out) == 1500
    assert summary.report_rows == len(report) and len(summary.report_head) == 20
    assert sum(summary.verdicts.values()) == summary.rows_valid == \
        int(out["focus_match"].notna().sum())
    assert summary.unmatched_industries().iloc[0].tolist() == ["火星采矿", 250]
    bad = out["problem"].ne("").to_numpy()
    assert bad.sum() == len(report) and out.loc[bad, "focus_match"].isna().all()


def test_parquet_and_geoparquet_registers_read_like_the_csv(tmp_path, csv_register, ctx):
    import geopandas as gpd

    csv = read_points(csv_register)
    df = register()
    df["lon"] = pd.to_numeric(df["lon"], errors="coerce")
    df.to_parquet(tmp_path / "r.parquet", row_group_size=500)
    pq = list(iter_point_chunks(tmp_path / "r.parquet", chunk_rows=CHUNK))
    assert len(pq) == -(-N // CHUNK)
    frame = pd.concat([c.frame for c in pq], ignore_index=True)
    np.testing.assert_array_equal(frame["row"], csv.frame["row"])
    np.testing.assert_array_equal(frame["lon_wgs84"], csv.frame["lon_wgs84"])
    assert set(pd.concat([c.report for c in pq])["row"]) == set(csv.report["row"])

    ok = df.dropna(subset=["lon"])
    gdf = gpd.GeoDataFrame(ok[["name", "industry"]],
                           geometry=gpd.points_from_xy(ok["lon"], ok["lat"]), crs=4326)
    gdf.to_crs(4547).to_parquet(tmp_path / "r.geoparquet", row_group_size=500)
    geo = read_points(tmp_path / "r.geoparquet", chunk_rows=CHUNK)
    assert len(geo.frame) == len(ok) and geo.columns["lon"] == "geometry"
    assert any("EPSG:4547" in n.message for n in geo.notes)
    np.testing.assert_allclose(geo.frame["lon_wgs84"], csv.frame.loc[
        ok.index, "lon_wgs84"], atol=1e-7)  # metres and back
    out = pd.concat([o for o, _ in check_stream(
        iter_point_chunks(tmp_path / "r.geoparquet", chunk_rows=CHUNK), ctx)])
    assert len(out) == len(ok) and out["focus_match"].notna().sum() > 500


def test_a_geoparquet_of_polygons_is_refused_naming_the_types(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    gpd.GeoDataFrame(geometry=[box(113.9, 22.5, 114.0, 22.6)], crs=4326).to_parquet(
        tmp_path / "poly.parquet")
    with pytest.raises(DataValidationError, match=r"expected points, found \['Polygon'\]"):
        read_points(tmp_path / "poly.parquet")


def test_the_cli_writes_the_same_rows_as_csv_and_as_parquet(tmp_path, csv_register):
    for out in ("o.csv", "o.parquet"):
        run = subprocess.run([sys.executable, "cli.py", "check", "--lang", "en", str(csv_register), "--out",
                              str(tmp_path / out), "--chunk-rows", str(CHUNK)], cwd=ROOT,
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert f"{N:,} rows in, {N:,} rows out" in run.stdout
        assert "[3/3] checking and writing" in run.stderr
    a = pd.read_csv(tmp_path / "o.csv", encoding="utf-8-sig", dtype={"lon": str})
    b = pd.read_parquet(tmp_path / "o.parquet")
    assert list(a.columns) == list(b.columns) and len(a) == len(b) == N
    for col in ("name", "focus_match", "area_ids", "problem"):
        assert a[col].fillna("").astype(str).tolist() == b[col].fillna("").tolist()
    np.testing.assert_allclose(a["nearest_match_m"], b["nearest_match_m"])
    report = pd.read_csv(tmp_path / "o_report.csv", encoding="utf-8-sig")
    assert report["row"].is_monotonic_increasing and 1 in set(report["row"])
    with open(tmp_path / "o.csv", "rb") as fh:
        text = fh.read()
    assert text.startswith("\ufeff".encode()) and text.count("\ufeff".encode()) == 1
    assert text.count(b'"name"') + text.count(b"name,") == 1  # one header


def test_the_output_appears_only_when_every_chunk_is_written(tmp_path, csv_register, ctx):
    out, rep = tmp_path / "o.csv", tmp_path / "o_report.csv"
    seen = []

    def watched(results):
        for i, pair in enumerate(results):
            seen.append((out.exists(), rep.exists(),
                         len(list(tmp_path.glob(".o.csv.*.partial/o.csv")))))
            yield pair
            if i == 2:
                raise KeyboardInterrupt

    chunks = iter_point_chunks(csv_register, chunk_rows=CHUNK)
    with pytest.raises(KeyboardInterrupt):
        write_checked(watched(check_stream(chunks, ctx)), out, rep)
    assert seen[1:] == [(False, False, 1)] * 2  # writing into the temporary file
    assert list(tmp_path.iterdir()) == []       # interrupted: nothing, not even a partial
    write_checked(check_stream(iter_point_chunks(csv_register, chunk_rows=CHUNK), ctx),
                  out, rep)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "o_report.csv"]
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == N


def test_a_parquet_output_with_a_text_column_empty_in_one_chunk_keeps_its_type(tmp_path):
    from core.safe_io import streamed_table

    with streamed_table(tmp_path / "t.parquet") as out:
        out.write(pd.DataFrame({"a": [None, None], "n": [1, 2]}))
        out.write(pd.DataFrame({"a": ["x", 3], "n": [3, np.nan]}))  # int column, a gap
        with pytest.raises(ValueError, match="differ from the file's"):
            out.write(pd.DataFrame({"a": ["y"], "n": [1.5]}))
    back = pd.read_parquet(tmp_path / "t.parquet")
    assert back["a"].isna().tolist() == [True, True, False, False]
    assert back["a"].tolist()[2:] == ["x", "3"]
    assert back["n"].tolist()[:3] == [1, 2, 3] and pd.isna(back["n"].iloc[3])


def test_stats_points_from_chunks_give_the_whole_frame_coverage(csv_register, ctx):
    from analysis.coverage import coverage_table

    chunked = stats_points(iter_point_chunks(csv_register, chunk_rows=CHUNK),
                           kind="enterprise")
    whole = stats_points([read_points(csv_register)], kind="enterprise")
    pd.testing.assert_frame_equal(chunked, whole)
    assert list(chunked.columns) == ["lon", "lat", "kind", "category", "industries"]
    table = coverage_table(chunked, ctx)
    assert table.set_index("id").loc["city", "n_enterprises"] > 500


#: 10⁶ rows like `make bench`'s (uniform over Shenzhen's box, ~64% rejected): the old
#: whole-frame path (read_points, one check, one write) peaked at 1.47 GB; streamed in
#: the default 250,000-row chunks the run peaked at 0.85 GB (0.27 GB of it imports and
#: the spatial context). Since the compiled join, numba and llvmlite are loaded too
#: (importing them with the join module peaks at 215 MB alone): fresh clones measured
#: 1,006 and 1,028 MB, so the bound allows 1,200 MB — still far under the 1.47 GB of the
#: whole-frame path
MEMORY_BOUND_MB = 1_200


def test_a_million_row_check_runs_in_bounded_memory(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from benchmarks.run import synthetic_points

    src = tmp_path / "million.csv"
    n = 1_000_000
    lon, lat = synthetic_points(n, seed=1)
    pd.DataFrame({"name": np.char.add("企业", np.arange(n).astype(str)),
                  "lon": lon.round(6), "lat": lat.round(6),
                  "industry": INDUSTRIES[np.arange(n) % 5]}).to_csv(src, index=False)
    # the compiled join is built and cached on disk by a first small run (on a fresh
    # clone that compile alone costs ~150 MB of LLVM), so the bound measures streaming
    small = tmp_path / "small.csv"
    pd.DataFrame({"name": ["甲"], "lon": [113.94], "lat": [22.54],
                  "industry": ["生物医药"]}).to_csv(small, index=False)
    subprocess.run([sys.executable, "cli.py", "check", "--lang", "en", str(small), "--out",
                    str(tmp_path / "small_out.csv"), "--quiet"], cwd=ROOT,
                   capture_output=True, check=True)
    measure = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    run = subprocess.run([sys.executable, "-c", measure, sys.executable, "cli.py", "check",
                          str(src), "--out", str(tmp_path / "o.csv"), "--quiet", "--lang", "en"],
                         cwd=ROOT,
                         capture_output=True, text=True)
    code, kb = map(int, run.stdout.split()[-2:])
    assert code == 0, run.stderr
    assert kb / 1024 < MEMORY_BOUND_MB, f"peak RSS {kb / 1024:.0f} MB"
    assert "1,000,000 rows in, 1,000,000 rows out" in run.stdout


def test_the_cli_statistics_take_a_registers_error_bounds_like_the_app(tmp_path, ctx):
    """A firm at 粤海's representative point with a 20 km bound is not surely inside 深圳湾
    in the CLI's statistics either (the app's points keep precision_m; so do the CLI's)."""
    from analysis.batch import register_points
    from analysis.coverage import coverage_table

    src = tmp_path / "r.csv"
    pd.DataFrame([("a", 113.937938, 22.532219, "智能终端", 20_000.0),
                  ("b", 113.937938, 22.532219, "智能终端", 10.0)],
                 columns=["name", "lon", "lat", "industry", "precision_m"]).to_csv(
        src, index=False)
    cli_pts = stats_points(iter_point_chunks(src), kind="enterprise")
    app_pts = register_points(read_points(src), labels=True)
    assert cli_pts["precision_m"].tolist() == app_pts["precision_m"].tolist() == [20_000, 10]
    cli = coverage_table(cli_pts, ctx).set_index("id").loc["c01_shenzhen_bay"]
    app = coverage_table(app_pts, ctx).set_index("id").loc["c01_shenzhen_bay"]
    assert (cli["n_enterprises_sure"], cli["n_enterprises_uncertain"]) == (1, 1)
    assert (app["n_enterprises_sure"], app["n_enterprises_uncertain"]) == (1, 1)


@pytest.mark.parametrize("order", [[0, 1, 2], [1, 0, 2], [2, 1, 0]])
def test_a_rows_problems_are_joined_in_its_problem_cell_in_any_report_order(order):
    from analysis.batch import _problem_column

    report = pd.DataFrame({"row": [6, 8, 8], "column": "lon",
                           "problem": ["no value", "not a number", "far away"]}).iloc[order]
    out = _problem_column(np.array([5, 6, 7, 8]), report)
    eight = [p for r, p in zip(report["row"], report["problem"], strict=True) if r == 8]
    assert out.tolist() == ["", "no value", "", "; ".join(eight)]
    single = _problem_column(np.array([5, 6, 7, 8]), report[report["row"] == 6])
    assert single.tolist() == ["", "no value", "", ""]


def test_chunks_read_ahead_arrive_in_order_and_a_read_error_comes_with_its_chunk():
    from analysis.batch import _read_ahead

    made = []

    def chunks():
        for i in range(4):
            made.append(i)
            if i == 2:
                raise DataValidationError([])
            yield i

    got = []
    with pytest.raises(DataValidationError):
        for item in _read_ahead(chunks()):
            got.append(item)
            assert len(made) <= item + 2  # one chunk at most is read ahead
    assert got == [0, 1]
    assert list(_read_ahead(iter(range(5)))) == [0, 1, 2, 3, 4]
    assert list(_read_ahead([])) == []
