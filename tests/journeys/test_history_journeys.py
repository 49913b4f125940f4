"""Office journeys on 核查记录 Check history: a check made on 选址核查 appears in the
history, prints as a one-page 选址核查意见, exports with the log and re-opens on the
map."""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import parse_qs, urlsplit

from devtools.live_app import goto_app_page, wait_app_idle
from tests.journeys.test_placement_journeys import _number_inputs, _open_placement, _type_point

# 粤海街道, off the facility markers; a different point per language, so each journey
# finds its own check in the one server's history
POINTS = {"zh": (113.9441, 22.5401), "en": (113.9452, 22.5412)}


def _check_a_point(journey) -> None:
    """Type the journey's point on 选址核查 (x, Enter, y, Enter: each Enter is a check
    the page shows, and keeps) and see the page say it was saved."""
    page = journey.page
    _open_placement(journey)
    lon, lat = POINTS[journey.lang]
    _type_point(page, lon, lat)
    # the run of the whole point has ended (the first Enter's in-between point, new x
    # and old y, is a check of its own, saved first): the link carries both numbers
    want = {k: f"{v:.6f}".rstrip("0").rstrip(".") for k, v in (("pc_lon", lon), ("pc_lat", lat))}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        query = parse_qs(urlsplit(page.url).query)
        if all(query.get(k) == [v] for k, v in want.items()):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"the link never carried {want}: {page.url}")
    page.get_by_text(journey.text("已保存为核查记录 #", "Saved as check #")).first.wait_for(
        timeout=60_000)
    wait_app_idle(page)


def _open_history(journey) -> None:
    page = journey.page
    goto_app_page(page, journey.text("核查记录", "Check history"))
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    wait_app_idle(page)


def test_a_checked_point_appears_in_the_history_and_prints(journey, tmp_path):
    page = journey.page
    _check_a_point(journey)
    journey.shot("history_checked")
    _open_history(journey)
    lon, lat = POINTS[journey.lang]
    # the check to act on is chosen by its line, which names id, point and verdict
    picker = page.locator("[data-testid='stSelectbox']", has_text=journey.text(
        "选择一条核查", "Choose a check")).first
    picker.wait_for(timeout=30_000)
    chosen = picker.locator("input[role='combobox']").first.input_value()
    assert f"{lon:.6f}, {lat:.6f}" in chosen, chosen  # the newest check is the one made
    rid = chosen.split("·", 1)[0].strip().lstrip("#")
    journey.shot("history_table", whole=True)

    # the log as CSV: the check is a row with its verdict, author and versions
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=journey.text("下载 CSV", "Download CSV")).click()
    path = tmp_path / "checks.csv"
    dl.value.save_as(path)
    lines = [x for x in path.read_text(encoding="utf-8-sig").splitlines()
             if not x.startswith("#")]  # the metadata lines come first
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header = rows[0]
    assert journey.text("结论", "Verdict") in header, header
    ids = [r[0] for r in rows[1:]]
    assert rid in ids, ids

    # the printed opinion: one A4 page with the verdict
    page.get_by_role("button", name=journey.text("生成选址核查意见（PDF）",
                                                 "Make the placement opinion (PDF)")).click()
    button = page.get_by_role("button", name=journey.text("下载选址核查意见（PDF）",
                                                          "Download the placement opinion "
                                                          "(PDF)"))
    button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as dl:
        button.click()
    pdf = tmp_path / "opinion.pdf"
    dl.value.save_as(pdf)
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert journey.text("选址核查意见", "Placement-check opinion") in text, text[:500]
    assert f"#{rid}" in text
    journey.shot("history_pdf")


def test_a_check_reopens_on_the_placement_map(journey):
    page = journey.page
    _check_a_point(journey)
    _open_history(journey)
    page.get_by_role("button", name=journey.text("在地图上重新打开", "Re-open on the map")
                     ).click()
    page.get_by_text(journey.text("重新打开的核查 #", "Re-opened check #")).first.wait_for(
        timeout=60_000)
    wait_app_idle(page)
    lon, lat = _number_inputs(page)
    want = POINTS[journey.lang]
    assert abs(lon - want[0]) < 1e-6 and abs(lat - want[1]) < 1e-6, (lon, lat)
    journey.shot("history_reopened")
