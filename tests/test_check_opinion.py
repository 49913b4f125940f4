"""The printed 选址核查意见 (issue 20 item 2): a point check recorded in a real GeoPackage
workspace prints as one A4 page carrying its number, verdict, reasons, areas with their
boundary versions, data versions, date and user, in Chinese and in English; the CLI
prints it by id; the log reads as a report in the page language."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.check_records import point_record
from data.workspace import open_workspace


@pytest.fixture(scope="module")
def ctx():
    from analysis.context import build_context

    return build_context()


@pytest.fixture
def recorded(tmp_path, ctx, monkeypatch):
    """A workspace with one point check in 深圳湾 (粤海街道) by 'dora'."""
    from analysis.placement import check_placement

    monkeypatch.setenv("SZMAP_USER", "dora")
    url = f"gpkg://{tmp_path / 'workspace.gpkg'}"
    pts = pd.DataFrame({"lon": [113.937938], "lat": [22.532219], "industry": ["smart_terminal"]})
    res = check_placement(pts, ctx, lang="zh").iloc[0]
    with open_workspace(url) as ws:
        rid = ws.record_check(**point_record(res, lon=113.937938, lat=22.532219,
                                             industry="smart_terminal", areas=ctx.areas,
                                             inputs={"crs": "wgs84", "lang": "zh"}))
        record = ws.list_checks(check_id=rid).iloc[0]
    return url, record


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), reader.pages[0].extract_text()


def test_a_point_check_prints_as_one_a4_page_with_its_verdict_in_chinese(recorded):
    from maps.static.check_opinion import opinion_pdf

    _, record = recorded
    pdf = opinion_pdf(record, lang="zh")
    pages, text = _text(pdf)
    assert pages == 1
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) \
        == (210, 297)
    assert "选址核查意见" in text and f"#{record['id']}" in text
    assert "符合" in text  # 智能终端 is in 深圳湾's focus
    assert "深圳湾" in text and "dora" in text and "项目构建" in text
    assert "sha256:" in text  # the data versions


def test_the_english_opinion_reads_in_english(recorded):
    from maps.static.check_opinion import opinion_pdf

    _, record = recorded
    pages, text = _text(opinion_pdf(record, lang="en"))
    assert pages == 1
    assert "Placement-check opinion" in text and "match" in text
    assert "built by the project" in text


def test_a_batch_record_is_refused_with_what_to_do(recorded):
    from maps.static.check_opinion import opinion_pdf

    url, _ = recorded
    with open_workspace(url) as ws:
        rid = ws.record_check(kind="batch", file_name="sites.csv", summary={"rows_in": 3})
        record = ws.list_checks(check_id=rid).iloc[0]
    with pytest.raises(ValueError, match="not a point check"):
        opinion_pdf(record)


def test_cli_checks_print_writes_the_opinion_of_an_id(recorded, tmp_path, capsys):
    import cli

    url, record = recorded
    out = tmp_path / "意见.pdf"
    assert cli.main(["checks", "--workspace", url, "--print", str(record["id"]),
                     "--out", str(out), "--lang", "en"]) == 0
    pages, text = _text(out.read_bytes())
    assert pages == 1 and f"#{record['id']}" in text and "Placement-check opinion" in text
    assert cli.main(["checks", "--workspace", url, "--print", "999", "--out",
                     str(tmp_path / "x.pdf")]) == 2
    assert "no check 999" in capsys.readouterr().err


def test_the_log_reads_as_a_report_with_names_and_versions(recorded):
    from core.i18n import t
    from data.areas import load_areas
    from exports.check_log import log_report

    _, record = recorded
    areas = load_areas()
    names = dict(zip(areas["id"], areas["name_zh"], strict=True))
    report = log_report(pd.DataFrame([record]), lang="zh", names=names)
    row = report.iloc[0]
    assert row[t("history.col_id", "zh")] == record["id"]
    assert row[t("history.col_verdict", "zh")] == "符合"
    assert "深圳湾" in row[t("history.col_areas", "zh")]
    assert row[t("history.col_user", "zh")] == "dora"
    assert "sha256:" in row[t("history.col_data", "zh")]
