"""The Dask engine against the local engine, on a real ``distributed.LocalCluster`` of two
worker processes on localhost (no mocks).

The register is SYNTHETIC (generated here, not project data): points over Shenzhen's
box with bad and off-land rows, known and unknown industry labels, written once as
one Parquet file (read by the local engine) and once as a folder of 12 part files
(read by Dask; part.10 sorts after part.9).
"""

import numpy as np
import pandas as pd
import pytest

from analysis import coverage
from analysis.batch import CheckSummary, check_stream, stats_points, write_checked
from analysis.context import build_context
from data.points_io import iter_point_chunks

distributed = pytest.importorskip("distributed")

N_ROWS = 36_000
N_PARTS = 12


@pytest.fixture(scope="module")
def client():
    from analysis.distributed import LOCAL_HTTP

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  **LOCAL_HTTP) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """SYNTHETIC register: (one file, folder of parts)."""
    d = tmp_path_factory.mktemp("synthetic_register")
    rng = np.random.default_rng(21)
    labels = np.array(["生物医药", "半导体与集成电路", "智能机器人", "", "不存在的行业"])
    frame = pd.DataFrame({
        "name": [f"synthetic-{i}" for i in range(N_ROWS)],
        "lon": rng.uniform(113.75, 114.65, N_ROWS).round(6),
        "lat": rng.uniform(22.40, 22.87, N_ROWS).round(6),
        "industry": labels[rng.integers(0, len(labels), N_ROWS)]})
    frame.loc[[7, 20_000], "lon"] = np.nan          # bad rows in two parts
    frame.loc[31_000, "lat"] = 95.0
    one = d / "synthetic.parquet"
    frame.to_parquet(one, index=False)
    parts = d / "synthetic_parts"
    parts.mkdir()
    bounds = np.linspace(0, N_ROWS, N_PARTS + 1).astype(int)
    for i in range(N_PARTS):
        frame.iloc[bounds[i]:bounds[i + 1]].to_parquet(parts / f"part.{i}.parquet",
                                                      index=False)
    return one, parts


@pytest.fixture(scope="module")
def ctx():
    return build_context()


def test_parts_are_read_in_natural_order_with_their_row_offsets(register):
    from analysis.distributed import register_parts

    parts = register_parts(register[1])
    assert [p.path.name for p in parts] == [f"part.{i}.parquet" for i in range(N_PARTS)]
    assert [p.rows_before for p in parts] == np.cumsum([0] + [p.rows for p in parts])[
        :-1].tolist()
    assert sum(p.rows for p in parts) == N_ROWS


def test_check_on_dask_equals_the_local_engine(client, register, ctx, tmp_path):
    from analysis.distributed import check_register, check_register_to

    one, parts = register
    local = CheckSummary()
    results = list(check_stream(iter_point_chunks(one, chunk_rows=5_000), ctx,
                                summary=local))
    for suffix in (".parquet", ".csv"):
        write_checked(results, tmp_path / f"local{suffix}",
                      tmp_path / f"local{suffix}_report.csv")
    # the workers write the parts and they are joined here (.parquet) ...
    dask = CheckSummary()
    check_register_to(client, parts, ctx, tmp_path / "dask.parquet",
                      tmp_path / "dask.parquet_report.csv", read={"chunk_rows": 5_000},
                      summary=dask)
    # ... or the rows come back and are written here (any output)
    write_checked(check_register(client, parts, ctx, read={"chunk_rows": 5_000}),
                  tmp_path / "dask.csv", tmp_path / "dask.csv_report.csv")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "local.parquet"),
                                  pd.read_parquet(tmp_path / "dask.parquet"))
    for name in ("{}.csv", "{}.csv_report.csv", "{}.parquet_report.csv"):
        assert (tmp_path / name.format("dask")).read_bytes() == \
            (tmp_path / name.format("local")).read_bytes(), name
    rep = pd.read_csv(tmp_path / "dask.parquet_report.csv")
    assert {7 + 1, 20_000 + 1, 31_000 + 1} <= set(rep["row"])  # whole-register rows
    for name in ("rows_in", "rows_out", "rows_valid", "report_rows"):
        assert getattr(local, name) == getattr(dask, name), name
    assert local.verdicts == dask.verdicts and local.unmatched == dask.unmatched
    assert local.report_head.equals(dask.report_head)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(  # no part left behind
        f"{w}{s}" for w in ("local", "dask") for s in (".parquet", ".csv", ".csv_report.csv",
                                                        ".parquet_report.csv"))


def test_stats_on_dask_equal_the_local_engine(client, register, ctx):
    from analysis.distributed import stats_register
    from data.catalogues import load_facilities

    one, parts = register
    fac = load_facilities()[["lon", "lat", "kind", "category", "industries"]]
    ent = stats_points(iter_point_chunks(one, chunk_rows=5_000), kind="enterprise")
    whole = pd.concat([ent, fac], ignore_index=True)
    anchors = coverage.proximity_anchors(fac)
    for kw in ({}, {"industries": ["biomedicine"]}):
        counts = coverage.stats_counts(fac, ctx, anchors=anchors, **kw)
        summary = CheckSummary()
        counts = coverage.add_counts(counts, stats_register(
            client, parts, ctx, kind="enterprise", anchors=anchors, summary=summary,
            read={"chunk_rows": 5_000}, **kw))
        assert summary.rows_out == len(ent)
        got = coverage.stats_tables(counts, ctx, industries=kw.get("industries"))
        pd.testing.assert_frame_equal(got["coverage"],
                                      coverage.coverage_table(whole, ctx, **kw))
        pd.testing.assert_frame_equal(got["lq"], coverage.location_quotients(whole, ctx))
        pd.testing.assert_frame_equal(got["proximity"],
                                      coverage.proximity_coverage(whole, ctx))


def test_cli_check_with_engine_dask_writes_what_the_local_engine_writes(register,
                                                                          tmp_path,
                                                                          capsys):
    import cli

    one, parts = register
    assert cli.main(["check", str(one), "--out", str(tmp_path / "local.csv"),
                     "--quiet"]) == 0
    local_line = capsys.readouterr().out.strip().splitlines()[-1]
    # no --scheduler: the command starts its own local cluster and closes it
    assert cli.main(["check", str(parts), "--out", str(tmp_path / "dask.csv"),
                     "--engine", "dask"]) == 0
    out = capsys.readouterr()
    assert out.out.strip().splitlines()[-1] == local_line
    assert "starting a local Dask cluster" in out.err
    for name in ("{}.csv", "{}_report.csv"):
        assert (tmp_path / name.format("dask")).read_bytes() == \
            (tmp_path / name.format("local")).read_bytes()


def test_cli_stats_with_a_scheduler_address(client, register, tmp_path, capsys):
    import cli

    one, parts = register
    assert cli.main(["stats", "--enterprises", str(one), "--out",
                     str(tmp_path / "local.xlsx")]) == 0
    assert cli.main(["stats", "--enterprises", str(parts), "--out",
                     str(tmp_path / "dask.xlsx"), "--engine", "dask",
                     "--scheduler", client.scheduler.address]) == 0
    out = capsys.readouterr().out.strip()
    local, dask = out.split("wrote ")[-2:]  # each run: its "wrote …" line and notes
    assert dask.replace("dask.xlsx", "").strip() == local.replace("local.xlsx", "").strip()
    for sheet in ("覆盖统计", "区位熵", "区域重叠", "临近设施"):  # the --lang zh workbook
        pd.testing.assert_frame_equal(
            pd.read_excel(tmp_path / "dask.xlsx", sheet_name=sheet),
            pd.read_excel(tmp_path / "local.xlsx", sheet_name=sheet))


def test_the_dask_engine_refuses_what_it_cannot_read_before_the_work(register, tmp_path,
                                                                     capsys):
    import cli

    one, parts = register
    csv = tmp_path / "synthetic.csv"
    pd.read_parquet(one).head(10).to_csv(csv, index=False)
    assert cli.main(["check", "--lang", "en", str(csv), "--out", str(tmp_path / "o.csv"),
                     "--engine", "dask"]) == 2
    assert "reads Parquet registers" in capsys.readouterr().err
    assert cli.main(["check", "--lang", "en", str(parts), "--out", str(parts / "out.parquet"),
                     "--engine", "dask"]) == 2
    assert "inside the register folder" in capsys.readouterr().err
    assert cli.main(["stats", "--lang", "en", "--enterprises", str(one), "--out",
                     str(tmp_path / "s.csv"), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--engine dask" in capsys.readouterr().err
    assert not list(tmp_path.glob("o*")) and not (parts / "out.parquet").exists()
