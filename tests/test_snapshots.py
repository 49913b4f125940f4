"""A register saved in the workspace reads back as the table it was read as: every row,
the report and the file notes, in either language (messages keep their keys)."""

from __future__ import annotations

import pandas as pd

from core.messages import describe, localize_report
from data.points_io import read_points
from data.snapshots import key_of, load_table, save_table
from data.workspace import open_workspace


def test_a_saved_register_shows_its_report_and_notes_in_chinese_when_read_again(tmp_path):
    src = tmp_path / "名录.csv"
    src.write_text("名称,经度,纬度,行业\n甲公司,113.9379,22.5322,智能终端\n"
                   "坏行,abc,22.5,新材料\n坏2,200,22.5,新材料\n", encoding="gbk")
    table = read_points(src)
    with open_workspace(f"gpkg://{tmp_path}/ws.gpkg") as ws:
        info = save_table(ws, table, name="2025", as_of="2025-12-31", crs="wgs84")
        back, got = load_table(ws, key_of(ws, "2025"))  # a name of digits is a name
    assert got.id == info.id and got.as_of == "2025-12-31"
    pd.testing.assert_frame_equal(back.frame, table.frame)
    for lang in ("zh", "en"):
        assert localize_report(back.report, lang).equals(localize_report(table.report, lang))
        assert [describe(n, lang) for n in back.notes] == \
            [describe(n, lang) for n in table.notes]
    assert "不是数字" in localize_report(back.report, "zh")["problem"].iloc[0]
    assert any("GB18030" in describe(n, "zh") for n in back.notes)
