"""Hostile-input suite, the one-click button: ``recalculate`` on xlwings' remote engine (as Office.js
runs it) over the published table with hostile values typed into 实际完成值, ten rows at a time.

The contract: a row with a hostile value gets #N/A and an explanation starting 未评分：, a blank row
stays unscored (never 0), the total says 未完成评分; nothing is written outside the new 得分 / 得分说明
columns, the 预算执行率 cell and the totals block below the table; no written text is a formula.
"""

from __future__ import annotations

import pytest

from hostile_inputs import BLANK, COUNTS, INVALID
from layouts import SCENARIO, published_rows
from remote_book import applied, changed, payload, remote_book, sheet, value_writes, written_cells
from perfeval_xl.core.celltext import FORMULA_STARTS
from perfeval_xl.excel.recalc import NO_SCORE, UNSCORED_MARK, recalculate

NAMES = list(SCENARIO["actuals"])


def office_value(value):
    """A cell as the Office.js client sends it: text, numbers, "" for empty; dates as their text."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return "NaN"
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def batches():
    values = [(kind, v) for kind, vs in INVALID.items() for v in vs if kind != "date"]
    values += [("blank", v) for v in BLANK]
    return [values[i:i + len(NAMES)] for i in range(0, len(values), len(NAMES))]


@pytest.mark.parametrize("batch", batches(), ids=lambda b: f"{b[0][0]}-{len(b)}")
def test_recalculate_keeps_the_contract_on_hostile_actuals(batch):
    actuals = dict(SCENARIO["actuals"])
    typed = {name: office_value(value) for name, (_, value) in zip(NAMES, batch)}
    actuals.update(typed)
    rows = published_rows(actuals=actuals, executed=SCENARIO["executed"])
    data = payload([sheet("绩效自评表", rows)])
    book = remote_book(data)

    recalculate(book)

    actions = book.json()["actions"]
    cells = written_cells(actions)
    header = next(i for i, row in enumerate(rows) if row[:3] == ["一级指标", "二级指标", "三级指标"])
    width = len(rows[header])
    score_col, explanation_col = width, width + 1
    row_of = {row[2]: i for i, row in enumerate(rows) if i > header and len(row) > 7 and row[2] in actuals}
    for name, (kind, _) in zip(NAMES, batch):
        COUNTS[("recalc", kind)] += 1
        score, text = cells.get((row_of[name], score_col)), cells.get((row_of[name], explanation_col))
        assert score == ("" if kind == "blank" else NO_SCORE), (name, typed[name], score)  # blank: never 0
        assert isinstance(text, str) and text.startswith(UNSCORED_MARK), (name, typed[name], text)
    texts = [v for a in value_writes(actions) for row in a["values"] for v in row if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS) and t != NO_SCORE]
    assert any(isinstance(v, str) and v.startswith("未完成评分") for v in cells.values())
    execution = next(i for i, row in enumerate(rows) if row[:1] == ["全年预算数"]) + 1
    outside = {(r, c) for r, c in changed(data["sheets"][0]["values"], applied(data, actions)[0])
               if c < width and (r, c) != (execution, 3) and r <= len(rows) - 1 and rows[r][c:c + 1] != [None]}
    assert outside <= {(execution, 2)}, outside  # at most the 执行率 cell beside the 全年执行数
