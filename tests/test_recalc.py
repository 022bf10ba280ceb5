"""One-click recalculation run on xlwings' remote engine (``xw.Book(json=payload)``), as xlwings
Server / Office.js runs it: the writes are read back from ``book.json()["actions"]``.

Expected scores, totals and grades come from tests/data/acceptance/seed_cases.json (through
template_cases.filled_cases, which hand-computes the totals); the template's payload values are the
template's own formulas computed by LibreOffice, as Excel would send them.
"""

from __future__ import annotations

import openpyxl
import pytest
from conftest import soffice_convert
from layouts import SEED, indicator_cells, published_rows
from openpyxl.utils import column_index_from_string
from remote_book import (applied, book_name, changed, count_reads, payload, remote_book, same_score, sheet,
                         value_writes, written_cells)
from template_cases import fill, filled_cases, stored

from perfeval_xl.core.celltext import FORMULA_STARTS
from perfeval_xl.core.layout_names import is_live_name
from perfeval_xl.excel.recalc import recalculate
from perfeval_xl.core.score import fmt

CASES = {case.name: case for case in filled_cases()}
PERCENT_ROWS = {ind["name"] for ind in SEED["indicators"] if ind["unit"] == "%"}
USER_HEADERS = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准",
                "备注", "实际完成值"]


def excel_stored(typed: dict) -> dict:
    """The actual values as Excel stores what the user typed (a typed 95% is 0.95)."""
    return {name: stored(name, value, name in PERCENT_ROWS) for name, value in typed.items()}


def rc(ref: str) -> tuple[int, int]:
    """A1 reference → 0-based (row, col)."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    return int(ref[len(letters):]) - 1, column_index_from_string(letters) - 1


def assert_text_stays_text(actions) -> None:
    texts = [v for a in value_writes(actions) for row in a["values"] for v in row if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]


def alerts(actions) -> list[str]:
    return [a["args"][0] for a in actions if a["func"] == "alert"]


# -- (b) a user's workbook: published columns + 实际完成值, no 得分 / 得分说明 / 总分 ---------------------

def user_rows(case):
    return published_rows(actuals=excel_stored(case.typed), executed=case.executed)


def user_layout(rows):
    """Where the test expects the output: header row, row of each indicator, new columns, 执行率 cell."""
    header = next(i for i, row in enumerate(rows) if row[:3] == ["一级指标", "二级指标", "三级指标"])
    width = len(rows[header])
    names = {row[2]: i for i, row in enumerate(rows) if i > header and len(row) > 2 and row[2]
             and len(row) > 7 and row[7]}
    labels = next(i for i, row in enumerate(rows) if row[:1] == ["全年预算数"])
    return header, names, width, width + 1, (labels + 1, 3)


@pytest.mark.parametrize("name", ["case0", "case1", "case3", "scenario0", "not_applicable", "review"])
def test_user_workbook_gets_score_columns_and_totals(name, monkeypatch):
    case = CASES[name]
    rows = user_rows(case)
    data = payload([sheet("绩效自评表", rows)])
    book = remote_book(data)
    reads = count_reads(monkeypatch)

    result = recalculate(book)

    actions = book.json()["actions"]
    cells = written_cells(actions)
    header, names, score_col, explanation_col, execution = user_layout(rows)
    assert reads == ["绩效自评表"]
    assert cells[(header, score_col)] == "得分" and cells[(header, explanation_col)] == "得分说明"
    for ind_name, expected in case.scores.items():
        assert same_score(cells[(names[ind_name], score_col)], expected), ind_name
        assert cells[(names[ind_name], explanation_col)]
    assert same_score(cells[execution], 10 * min(case.executed / 6530.55, 1))
    # 总分 and 等级 go in a block below the table: labels left of the 得分 column, values in it.
    label = score_col - 1
    total_row = next(r for (r, c), v in cells.items() if c == label and v == "总分")
    assert cells[(total_row + 1, label)] == "等级"
    assert same_score(cells[(total_row, score_col)], case.total)
    assert cells[(total_row + 1, score_col)] == case.grade
    allowed = {(header, score_col), (header, explanation_col), execution, (total_row, label), (total_row + 1, label),
               (total_row, score_col), (total_row + 1, score_col)}
    allowed |= {(r, c) for r in range(header + 1, max(names.values()) + 1) for c in (score_col, explanation_col)}
    assert changed(data["sheets"][0]["values"], applied(data, actions)[0]) <= allowed
    assert_text_stays_text(actions)
    assert result.tables == 1 and alerts(actions) == [result.summary]
    assert len(result.unscored) == (0 if isinstance(case.total, (int, float)) else int(case.total[6:-1]))


def test_unscored_rows_are_marked_and_counted(monkeypatch):
    case = CASES["review"]  # 维护社会稳定… answered 不清楚: the rule lists no such grade
    rows = user_rows(case)
    book = remote_book(payload([sheet("表", rows)]))

    result = recalculate(book)

    cells = written_cells(book.json()["actions"])
    header, names, score_col, explanation_col, _ = user_layout(rows)
    row = names["维护社会稳定，预防和减少犯罪"]
    assert cells[(row, score_col)] == "#N/A"
    assert cells[(row, explanation_col)].startswith("未评分：")
    assert result.unscored == ("维护社会稳定，预防和减少犯罪",)
    assert result.rows_scored == 9
    assert result.summary.startswith("已评分9项，未完成评分1项：维护社会稳定，预防和减少犯罪")


GAP = 6  # blank rows between the two tables


def two_tables():
    """甲单位's table with 得分 / 得分说明 / 总分 / 等级 already laid out (case0), then 乙单位's without
    them but with 人工认定得分 (case2)."""
    upper = table_rows(CASES["case0"], with_outputs=True)
    lower = table_rows(CASES["case2"], with_outputs=False, manual=True)
    return [["单位名称", "甲单位"]] + upper + [[]] * GAP + [["单位名称", "乙单位"]] + lower


@pytest.mark.parametrize("layout", ["published", "two_tables"])
def test_second_run_writes_the_same_cells(layout):
    """Run twice: the second run finds the columns and the 总分 block the first one wrote."""
    rows = user_rows(CASES["scenario0"]) if layout == "published" else two_tables()
    data = payload([sheet("表", rows)])
    book = remote_book(data)
    recalculate(book)
    first = book.json()["actions"]
    again = payload([sheet("表", applied(data, first)[0])])
    book2 = remote_book(again)
    recalculate(book2)
    second = book2.json()["actions"]
    assert changed(again["sheets"][0]["values"], applied(again, second)[0]) == set()
    assert written_cells(second).items() <= written_cells(first).items()  # headers, labels: found now


# -- (a) the template: live 得分 formulas under PERFEVAL_LIVE_SCORES ----------------------------------

TEMPLATE_CASES = ["case0", "scenario0", "manual", "review"]


@pytest.fixture(scope="module")
def template_payloads(tmp_path_factory):
    """Filled copies of the template, computed by LibreOffice, as Office.js payloads (values only)."""
    from perfeval_xl.workbooks.template import build_template

    wb, layout = build_template(portable=True)
    live_names = [book_name(name, 0, wb.defined_names[name].attr_text.split("!")[1].replace("$", ""))
                  for name in wb.defined_names if is_live_name(name)]
    folder = tmp_path_factory.mktemp("filled")
    files = [fill(folder / f"{name}.xlsx", layout, CASES[name], portable=True) for name in TEMPLATE_CASES]
    out = soffice_convert(files, "xlsx", tmp_path_factory.mktemp("computed"))
    payloads = {}
    for name, path in zip(TEMPLATE_CASES, out):
        ws = openpyxl.load_workbook(path, data_only=True)[layout.sheet]
        rows = [[cell.value for cell in row] for row in ws.iter_rows()]
        payloads[name] = payload([sheet(layout.sheet, rows)], live_names)
    return layout, payloads


@pytest.mark.parametrize("name", TEMPLATE_CASES)
def test_template_stays_live_and_is_only_calculated(template_payloads, name, monkeypatch):
    """The template's 得分, 得分说明 and totals are its own formulas: nothing is written, Excel calculates."""
    layout, payloads = template_payloads
    case, data = CASES[name], payloads[name]
    book = remote_book(data)
    reads = count_reads(monkeypatch)

    result = recalculate(book)

    actions = book.json()["actions"]
    assert written_cells(actions) == {}
    assert [a["func"] for a in actions] == ["calculate", "alert"]
    assert reads == [layout.sheet]
    assert result.live_tables == 1
    expected = (f"总分{fmt(case.total)}分，等级{case.grade}" if isinstance(case.total, (int, float))
                else case.total.replace("：", ""))  # the template's 未完成评分：N项 as the summary words it
    assert expected in result.summary


@pytest.mark.parametrize("name", TEMPLATE_CASES)
def test_template_with_only_live_scores_gets_explanations_and_totals(template_payloads, name, monkeypatch):
    """A workbook naming only its 得分 range live gets 得分说明 and the totals written as values."""
    layout, payloads = template_payloads
    case, data = CASES[name], payloads[name]
    data = {**data, "names": [n for n in data["names"] if n["name"] == "PERFEVAL_LIVE_SCORES"]}
    book = remote_book(data)
    reads = count_reads(monkeypatch)

    result = recalculate(book)

    actions = book.json()["actions"]
    cells = written_cells(actions)
    live = {rc(layout.cell("score", n)) for n in layout.names}
    explanations = {rc(layout.cell("explanation", n)) for n in layout.names}
    assert not live & cells.keys()  # the live 得分 range gets no values
    assert [a["func"] for a in actions if a["func"] != "setValues"] == ["calculate", "alert"]
    assert reads == [layout.sheet]
    assert all(cells[cell] for cell in explanations)
    assert same_score(cells[rc(layout.total_cell)], case.total)
    assert cells[rc(layout.grade_cell)] == case.grade
    assert changed(data["sheets"][0]["values"], applied(data, actions)[0]) <= (
        explanations | {rc(layout.total_cell), rc(layout.grade_cell)})
    assert result.live_tables == 1
    assert_text_stays_text(actions)


# -- (c) a workbook holding two tables --------------------------------------------------------------

def table_rows(case, *, with_outputs: bool, manual: bool = False):
    """A compact table: header, indicator rows, then 全年预算数 / 全年执行数 (and 总分 / 等级) labels."""
    headers = USER_HEADERS + (["人工认定得分"] if manual else []) + (["得分", "得分说明"] if with_outputs else [])
    actuals = excel_stored(case.typed)
    rows = [headers]
    for ind in SEED["indicators"]:
        cells = {**indicator_cells(ind), "实际完成值": actuals.get(ind["name"]),
                 "人工认定得分": case.manual.get(ind["name"])}
        rows.append([cells.get(h) for h in headers])
    rows += [[], ["全年预算数", 6530.55], ["全年执行数", case.executed]]
    if with_outputs:  # 总分 / 等级 rows, values to go under 得分
        rows += [["总分"], ["等级"]]
    return rows


def test_two_tables_on_one_sheet_and_a_sheet_without_one(monkeypatch):
    first, second = CASES["case0"], CASES["case2"]
    rows = two_tables()
    data = payload([sheet("两张表", rows), sheet("说明", [["填表说明：本表仅供测试"]])])
    book = remote_book(data)
    reads = count_reads(monkeypatch)

    result = recalculate(book)

    actions = book.json()["actions"]
    cells = written_cells(actions)
    assert sorted(reads) == ["两张表", "说明"]  # one read per sheet: both tables come from that one read
    assert result.tables == 2
    n = len(SEED["indicators"])
    top, lower_top = 1, 1 + n + 6 + GAP + 1  # header rows; upper: header, rows, blank, 4 label rows
    upper_cols, lower_cols = (10, 11), (11, 12)  # 得分 / 得分说明: existing; new, right of 人工认定得分
    for k, ind in enumerate(SEED["indicators"]):
        assert same_score(cells[(top + 1 + k, upper_cols[0])], first.scores[ind["name"]])
        assert same_score(cells[(lower_top + 1 + k, lower_cols[0])], second.scores[ind["name"]])
    # upper: its 总分 / 等级 rows, values under 得分 (the finder's reading of such rows)
    assert same_score(cells[(top + n + 4, 10)], first.total) and cells[(top + n + 5, 10)] == first.grade
    # lower: new 得分 / 得分说明 headers and a new block below it
    assert cells[(lower_top, 11)] == "得分" and cells[(lower_top, 12)] == "得分说明"
    block = min(r for (r, c) in cells if r > lower_top + n and c == 10)
    assert [cells[(block + i, 10)] for i in range(3)] == ["预算执行率得分", "总分", "等级"]
    assert same_score(cells[(block, 11)], 10 * min(second.executed / 6530.55, 1))
    assert same_score(cells[(block + 1, 11)], second.total)
    assert cells[(block + 2, 11)] == second.grade
    allowed = {(r, c) for r in range(top, top + n + 6) for c in upper_cols}
    allowed |= {(r, c) for r in range(lower_top, lower_top + n + 1) for c in lower_cols}
    allowed |= {(block + i, c) for i in range(3) for c in (10, 11)}
    assert changed(data["sheets"][0]["values"], applied(data, actions)[0]) <= allowed
    assert changed(data["sheets"][1]["values"], applied(data, actions)[1]) == set()
    assert all(f"第{i}张表" in result.summary for i in (1, 2))


@pytest.mark.parametrize("name", ["manual", "manual_wins"])
def test_manual_scores_win(name):
    """人工认定得分 fills a blank row (manual) or replaces a computed score (manual_wins)."""
    case = CASES[name]
    rows = table_rows(case, with_outputs=False, manual=True)
    book = remote_book(payload([sheet("表", rows)]))
    recalculate(book)
    cells = written_cells(book.json()["actions"])
    (ind_name, points), = case.manual.items()
    row = 1 + [ind["name"] for ind in SEED["indicators"]].index(ind_name)
    assert cells[(row, 11)] == points and "人工认定得分" in cells[(row, 12)]
    block = min(r for (r, c) in cells if r > len(SEED["indicators"]) and c == 10)
    assert same_score(cells[(block + 1, 11)], case.total) and cells[(block + 2, 11)] == case.grade


def test_used_range_away_from_a1(monkeypatch):
    """On Excel the used range can start at C5: reads and writes are placed relative to it."""
    case = CASES["case0"]
    rows = table_rows(case, with_outputs=True)
    shifted = [[None] * 2 + row for row in [[]] * 4 + rows]
    width = max(len(r) for r in shifted)
    data = payload([sheet("表", shifted)])
    data["sheets"][0]["used_range_address"] = f"$C$5:${chr(ord('A') + width - 1)}${len(shifted)}"
    book = remote_book(data)
    recalculate(book)
    cells = written_cells(book.json()["actions"])
    for k, ind in enumerate(SEED["indicators"]):
        assert same_score(cells[(5 + k, 12)], case.scores[ind["name"]])
    assert same_score(cells[(4 + len(rows) - 2, 12)], case.total)  # 总分 row: value under 得分


def test_a_book_without_tables_says_so(monkeypatch):
    book = remote_book(payload([sheet("Sheet1", [["项目", "金额"], ["办公费", 12]])]))
    result = recalculate(book)
    actions = book.json()["actions"]
    assert not value_writes(actions)
    assert result.tables == 0 and "没有找到绩效指标表" in result.summary
    assert alerts(actions) == [result.summary]


# -- writes do not grow with the rows -------------------------------------------------------------

def long_table(n: int):
    """``n`` indicator rows cycling through the seed rows (case 0 actuals), with expected scores."""
    case = CASES["case0"]
    actuals = excel_stored(case.typed)
    rows, expected = [USER_HEADERS], []
    seed = SEED["indicators"]
    for i in range(n):
        ind = seed[i % len(seed)]
        cells = {**indicator_cells(ind), "三级指标": f"{ind['name']}{i + 1}", "实际完成值": actuals[ind["name"]]}
        rows.append([cells.get(h) for h in USER_HEADERS])
        expected.append(case.scores[ind["name"]])
    return rows, expected


def test_range_writes_do_not_depend_on_the_number_of_rows(monkeypatch):
    counts = {}
    for n in (10, 1000):
        rows, expected = long_table(n)
        data = payload([sheet("表", rows)])
        book = remote_book(data)
        reads = count_reads(monkeypatch)
        recalculate(book)
        actions = book.json()["actions"]
        counts[n] = len(value_writes(actions))
        cells = written_cells(actions)
        assert [cells[(1 + i, 10)] for i in range(n)] == pytest.approx(expected, abs=0.005)
        assert len(reads) == 1
        monkeypatch.undo()
    assert counts[10] == counts[1000]
