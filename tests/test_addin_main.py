"""``perfeval_xl.main()``, the entry the add-in's ribbon button runs, on xlwings' remote engine.

On Linux there is no Excel to ask for its active workbook, so ``xlwings.books`` is replaced by a
stand-in whose ``active`` is a real remote-engine Book; the recalculation itself runs for real, and
its writes are read back from the actions xlwings queued. Expected scores: the seed cases.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from remote_book import payload, remote_book, sheet, written_cells

LIVING_RULE = ("该指标分值为10分，伙食实物量大于等于38公斤/月/人时，得满分；小于38公斤/月/人时，"
               "每少1公斤扣10分的5%，扣完为止。")
ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准", "备注", "实际完成值"],
    ["产出指标", "数量指标", "保障隔离戒毒人员基本生活", "≥", 38, "公斤", "", LIVING_RULE, "10分", 37],
]


def run_main(monkeypatch, data):
    import xlwings

    import perfeval_xl

    book = remote_book(data)
    monkeypatch.setattr(xlwings, "books", SimpleNamespace(active=book), raising=False)
    perfeval_xl.main()
    return book.json()["actions"]


def test_main_recalculates_the_active_workbook(monkeypatch):
    actions = run_main(monkeypatch, payload([sheet("Sheet1", ROWS)]))
    cells = written_cells(actions)
    score_col = next(c for (r, c), v in cells.items() if r == 0 and v == "得分")
    assert cells[(1, score_col)] == pytest.approx(9.5)
    alerts = [a for a in actions if a["func"] == "alert"]
    assert alerts and "绩效评分" in str(alerts[0]["args"])


def test_main_on_a_workbook_without_tables_shows_a_chinese_message(monkeypatch):
    actions = run_main(monkeypatch, payload([sheet("Sheet1", [["会议纪要"], ["无表格"]])]))
    assert not written_cells(actions)
    alerts = [a for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    text = str(alerts[0]["args"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text) and "Traceback" not in text
