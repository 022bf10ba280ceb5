"""``perfeval-xl score`` on workbooks laid out in different ways (.xlsx, .xlsm, .xls).

Expected scores are the acceptance scenarios of tests/data/acceptance/seed_cases.json, per row
hand-computed from the seed table's own 评（扣）分标准 (listed below), never taken from the code.
"""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import Workbook, load_workbook

from layouts import CASES, PUBLISHED, SEED, indicator_rows, published_rows
from perfeval_xl.cli.main import main

SCENARIOS = CASES["totals"]["scenarios"]
#: Scenario 1's rows by hand: 0%≥0 → 20; 37kg: 1kg short × 0.5 → 9.5; 90%: (90/95−60%)/(95%−60%)×10 → 9.92;
#: 95课时 in [90,100) → 8; 0 accidents → 5; 99%: 1 point short × 1% of 5 → 4.95; 有效 → 5; 一般 → 3;
#: 95%: (95%−80%)/(1−80%)×10 → 7.5; 85% in [80,90) → 8.
FIRST_ROWS = [20, 9.5, 9.92, 8, 5, 4.95, 5, 3, 7.5, 8]
#: Scenario 2 meets every target: full marks.
SECOND_ROWS = [ind["weight"] for ind in SEED["indicators"]]
NAMES = [ind["name"] for ind in SEED["indicators"]]


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_percent_cells(actuals: dict) -> tuple[dict, set]:
    """Actuals typed as "90%" turned into 0.9 in a %-formatted cell (what Excel stores)."""
    values, percent = {}, set()
    for name, value in actuals.items():
        if isinstance(value, str) and value.endswith("%"):
            values[name] = float(value[:-1]) / 100
            percent.add(name)
        else:
            values[name] = value
    return values, percent


def level_merges(body, first_row: int, cols) -> list[tuple[int, int, int]]:
    """(column, first row, last row), 0-based, of each 一级/二级 cell followed by blanks in ``body``."""
    merges = []
    for col in cols:
        start = None
        for i, row in enumerate(body + [[1] * (col + 1)]):
            if row[col] is not None:
                if start is not None and i - 1 > start:
                    merges.append((col, first_row + start, first_row + i - 1))
                start = i
    return merges


def save_xlsx(path, rows, *, merges=(), percent=()):
    """``rows`` (0-based) into a workbook; ``merges`` as (r1, c1, r2, c2); ``percent`` cells get 0%."""
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for r, c in percent:
        ws.cell(row=r + 1, column=c + 1).number_format = "0%"
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    wb.save(path)
    return path


def run_score(tmp_path, source, capsys):
    before = sha(source)
    out = tmp_path / "out.xlsx"
    code = main(["score", str(source), "-o", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert sha(source) == before
    return load_workbook(out), printed.out


def check_rows(ws, header_row: int, first_row_of: dict, score_col: int, expected):
    """1-based positions: 得分/得分说明 in the header row, each row's score under 得分."""
    assert ws.cell(header_row, score_col).value == "得分"
    assert ws.cell(header_row, score_col + 1).value == "得分说明"
    for name, points in zip(NAMES, expected):
        got = ws.cell(first_row_of[name], score_col).value
        assert got == pytest.approx(points, abs=0.006), name
        assert f"得{points:g}分" in ws.cell(first_row_of[name], score_col + 1).value


def check_summary(wb, total, grade, sheet="评分结果"):
    ws = wb[sheet]
    values = [cell.value for row in ws.iter_rows() for cell in row]
    assert total in values or pytest.approx(total, abs=0.006) in [v for v in values if isinstance(v, float)]
    assert grade in values
    charts = ws._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart" and len(charts[0].series) == 2


def rows_by_name(body, first_row: int, name_col: int) -> dict:
    """1-based sheet row of each seed indicator in ``body`` placed from 0-based ``first_row``."""
    return {row[name_col]: first_row + i + 1 for i, row in enumerate(body) if row[name_col] in NAMES}


# -- layouts ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_table_away_from_a1_with_extra_columns_merged_levels_and_percent_cells(tmp_path, capsys, suffix):
    scenario = SCENARIOS[0]
    actuals, percent_names = as_percent_cells(scenario["actuals"])
    headers = ["序号"] + list(PUBLISHED) + ["实际完成值", "偏差原因分析及改进措施"]
    body = indicator_rows(headers, actuals=actuals, extra={"偏差原因分析及改进措施": "无"})
    top, left = 4, 2  # the header sits at C5
    rows = [["某某单位2025年度部门整体支出绩效自评表"], ["单位名称", None, "衡阳市强制隔离戒毒所"], [], [],
            [None] * left + headers]
    rows += [[None] * left + row for row in body]
    end = len(rows)
    rows += [[], [None] * left + ["全年预算数", "全年执行数", "执行率"],
             [None] * left + [SEED["budget"]["total"], scenario["executed"]],
             [None] * left + ["总分", None], [None] * left + ["等级", None], [None] * left + ["填表说明：略"]]
    name_col, actual_col = left + 3, left + 10
    percent = {(r, actual_col) for r in range(top + 1, end) if rows[r][name_col] in percent_names}
    merges = [(r1, c, r2, c) for c, r1, r2 in level_merges(body, top + 1, [1, 2])]
    merges = [(r1, c + left, r2, c + left) for r1, c, r2, _ in merges]
    source = save_xlsx(tmp_path / f"自评表{suffix}", rows, merges=merges, percent=percent)

    wb, printed = run_score(tmp_path, source, capsys)
    ws = wb["自评表"]
    score_col = left + len(headers) + 1
    check_rows(ws, top + 1, rows_by_name(body, top + 1, 3), score_col, FIRST_ROWS)
    assert ws.cell(end + 4, left + 2).value == pytest.approx(scenario["total"])  # beside the sheet's 总分
    assert ws.cell(end + 5, left + 2).value == scenario["grade"]
    check_summary(wb, scenario["total"], scenario["grade"])
    assert "总分89.87分，等级良" in printed


def test_two_row_merged_header_with_its_own_score_columns(tmp_path, capsys):
    scenario = SCENARIOS[1]
    upper = ["一级指标", "二级指标", "三级指标", "指标值类型", "年度指标值", None, "评（扣）分标准", "分值", "自评情况", None,
             None]
    lower = [None, None, None, None, "指标值", "计量单位", None, None, "实际完成值", "得分", "得分说明"]
    names = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "评（扣）分标准", "分值", "实际完成值",
             "得分", "得分说明"]
    body = indicator_rows(names, actuals=scenario["actuals"])
    rows = [["项目支出绩效自评表"], [None] * 8 + ["金额单位：万元"], ["全年预算数", 7000, None, "全年执行数", 7000],
            upper, lower, *body]
    merges = [(0, 0, 0, 10), (3, 4, 3, 5), (3, 8, 3, 10)] + [(3, c, 4, c) for c in (0, 1, 2, 3, 6, 7)]
    merges += [(r1, c, r2, c) for c, r1, r2 in level_merges(body, 5, [0, 1])]
    source = save_xlsx(tmp_path / "two_rows.xlsx", rows, merges=merges)

    wb, printed = run_score(tmp_path, source, capsys)
    check_rows(wb["自评表"], 5, rows_by_name(body, 5, 2), 10, SECOND_ROWS)
    check_summary(wb, 100, "优")
    assert "总分100分，等级优" in printed


def test_weights_only_in_the_rule_text(tmp_path, capsys):
    scenario = SCENARIOS[0]
    headers = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "评（扣）分标准", "全年实际值"]
    body = indicator_rows(headers, actuals=scenario["actuals"])
    rows = [headers, *body, [], ["全年预算数", SEED["budget"]["total"], "全年执行数", scenario["executed"]]]
    source = save_xlsx(tmp_path / "rule_text_weights.xlsx", rows)

    wb, printed = run_score(tmp_path, source, capsys)
    check_rows(wb["自评表"], 1, rows_by_name(body, 1, 2), len(headers) + 1, FIRST_ROWS)
    check_summary(wb, scenario["total"], scenario["grade"])
    weights = [row[3] for row in wb["评分结果"].iter_rows(min_row=3, max_row=12, values_only=True)]
    assert weights == SECOND_ROWS  # read from "该指标分值为N分"


def test_xls_file_with_variant_headers_merged_levels_and_budget_from_fund_total(tmp_path, capsys):
    xlwt = pytest.importorskip("xlwt")
    scenario = SCENARIOS[0]
    actuals, percent_names = as_percent_cells(scenario["actuals"])
    headers = ["一级指标", "二级指标", "三级指标", "指标值类型", "年度指标值", "计量单位", "评（扣）\n分标准", "备注",
               "全年实际值"]
    keys = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "评（扣）分标准", "备注", "全年实际值"]
    body = indicator_rows(keys, actuals=actuals)
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("目标表")
    percent_style = xlwt.easyxf(num_format_str="0%")
    ws.write_merge(0, 0, 0, 8, "整体支出绩效目标表")
    for c, (label, value) in enumerate((("单位编码", "042001"), ("单位名称", "衡阳市强制隔离戒毒所"),
                                        ("资金总额", SEED["budget"]["total"]))):
        ws.write(2, c, label)
        ws.write(3, c, value)
    ws.write(4, 0, "全年执行数")
    ws.write(4, 1, scenario["executed"])
    for c, header in enumerate(headers):
        ws.write(6, c, header)
    merged = {(r1, c): r2 for c, r1, r2 in level_merges(body, 7, [0, 1])}
    for i, row in enumerate(body):
        r = 7 + i
        for c, value in enumerate(row):
            if (r, c) in merged:
                ws.write_merge(r, merged[(r, c)], c, c, value)
            elif value is not None and not any(r1 < r <= r2 and c == col for (r1, col), r2 in merged.items()):
                style = percent_style if c == 8 and row[2] in percent_names else xlwt.Style.default_style
                ws.write(r, c, value, style)
    source = tmp_path / "目标表.xls"
    book.save(str(source))

    wb, printed = run_score(tmp_path, source, capsys)
    ws = wb["目标表"]
    check_rows(ws, 7, rows_by_name(body, 7, 2), 10, FIRST_ROWS)
    assert ws.merged_cells.ranges  # the copy keeps the merged 一级/二级 cells
    check_summary(wb, scenario["total"], scenario["grade"])
    assert "衡阳市强制隔离戒毒所" in printed


def test_blank_actual_leaves_total_and_grade_open_and_names_the_row(tmp_path, capsys):
    scenario = SCENARIOS[2]
    source = save_xlsx(tmp_path / "blank.xlsx", published_rows(actuals=scenario["actuals"],
                                                              executed=scenario["executed"]))
    wb, printed = run_score(tmp_path, source, capsys)
    assert "未完成评分：1项（保障隔离戒毒人员基本医疗）" in printed
    values = [cell.value for row in wb["自评表"].iter_rows() for cell in row]
    assert "等级：未评定" in values
    assert not any(isinstance(v, str) and v.startswith("总分：总分") for v in values)


def test_workbook_without_a_table_gets_a_chinese_message(tmp_path, capsys):
    source = save_xlsx(tmp_path / "notes.xlsx", [["项目名称", "金额"], ["办公楼维修", 12.5]])
    assert main(["score", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "三级指标" in err and "notes.xlsx" in err
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize(("name", "content", "words"), [
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "已损坏"),
    ("notes.xlsx", "只是一段文字".encode(), "不是Excel工作簿"),
    ("table.csv", b"a,b", "不支持的文件类型"),
])
def test_unreadable_inputs_get_chinese_messages(tmp_path, capsys, name, content, words):
    source = tmp_path / name
    source.write_bytes(content)
    assert main(["score", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert words in capsys.readouterr().err


def test_output_must_not_be_the_input(tmp_path, capsys):
    source = save_xlsx(tmp_path / "same.xlsx", published_rows())
    before = sha(source)
    assert main(["score", str(source), "-o", str(source)]) == 2
    assert "不能与原工作簿相同" in capsys.readouterr().err
    assert sha(source) == before


def test_zip_bomb_is_refused_before_anything_inflates(tmp_path, capsys):
    import zipfile

    source = save_xlsx(tmp_path / "bomb.xlsx", published_rows())
    with zipfile.ZipFile(source, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            chunk = b"\0" * 2**20
            for _ in range(300):  # 300 MiB of zeros: over what safety.py lets a part inflate to
                part.write(chunk)
    assert main(["score", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "压缩炸弹" in capsys.readouterr().err


def test_xml_entities_are_refused(tmp_path, capsys):
    import zipfile

    plain = save_xlsx(tmp_path / "plain.xlsx", published_rows())
    source = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + data
            dst.writestr(info, data)
    assert main(["score", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert "实体声明" in capsys.readouterr().err


def test_scoring_the_scored_copy_again_reuses_its_columns(tmp_path, capsys):
    scenario = SCENARIOS[0]
    source = save_xlsx(tmp_path / "again.xlsx", published_rows(actuals=scenario["actuals"],
                                                              executed=scenario["executed"]))
    first = tmp_path / "first.xlsx"
    assert main(["score", str(source), "-o", str(first)]) == 0
    capsys.readouterr()
    wb, printed = run_score(tmp_path, first, capsys)
    # The first copy's scores are now the workbook's own: kept, and checked in 复核得分 / 差异 beside them.
    header = [cell.value for cell in wb["自评表"][11]]
    assert header[-5:] == ["得分", "得分说明", "复核得分", "差异", "复核说明"]
    rows = [row for row in wb["自评表"].iter_rows(min_row=12, values_only=True) if row[2] in NAMES]
    assert [row[-3] for row in rows] == pytest.approx(FIRST_ROWS, abs=0.006)
    assert {row[-2] for row in rows} == {"一致"}
    assert "总分89.87分，等级良" in printed and "一致11项，不一致0项" in printed
    assert printed.count("的指标表") == 1  # the 评分结果 sheet is not taken for a second table
    third = tmp_path / "third.xlsx"
    assert main(["score", str(tmp_path / "out.xlsx"), "-o", str(third)]) == 0
    assert [c.value for c in load_workbook(third)["自评表"][11]][-5:] == header[-5:]  # no new columns


def test_the_filled_in_template_scores_to_the_acceptance_total(tmp_path, capsys):
    """The committed self-evaluation template, filled in as a user would, through ``score``."""
    from pathlib import Path

    from perfeval_xl.core.finder import find_table
    from perfeval_xl.workbooks.workbook_io import read_grids

    template = Path(__file__).resolve().parents[1] / "workbook_templates" / "整体支出绩效自评模板.xlsx"
    if not template.exists():
        pytest.skip("the template branch is not merged")
    scenario = SCENARIOS[0]
    sheet = read_grids(template)[0]
    found = find_table(sheet.grid, percent_cells=sheet.percent_cells)
    wb = load_workbook(template)
    ws = wb[sheet.name]
    actuals, _ = as_percent_cells(scenario["actuals"])  # the template's % rows are %-formatted
    for ind, r in zip(found.table.indicators, found.rows):
        ws.cell(r + 1, found.columns["actual"] + 1).value = actuals[ind.name]
    ws.cell(found.executed_cell[0] + 1, found.executed_cell[1] + 1).value = scenario["executed"]
    source = tmp_path / "filled.xlsx"
    wb.save(source)

    scored, printed = run_score(tmp_path, source, capsys)
    assert "总分89.87分，等级良" in printed
    out = scored[sheet.name]
    assert [out.cell(r + 1, found.columns["score"] + 1).value for r in found.rows] == pytest.approx(FIRST_ROWS, abs=0.006)
    assert out.cell(found.total_cell[0] + 1, found.total_cell[1] + 1).value == pytest.approx(scenario["total"])
    assert out.cell(found.grade_cell[0] + 1, found.grade_cell[1] + 1).value == scenario["grade"]
    assert out.cell(found.execution_cell[0] + 1, found.execution_cell[1] + 1).value == pytest.approx(9)
    assert "PERFEVAL_LIVE_SCORES" not in scored.defined_names  # values now, not live formulas


def test_two_tables_on_one_sheet_and_one_on_another(tmp_path, capsys):
    first, second = SCENARIOS[0], SCENARIOS[1]
    headers = list(PUBLISHED) + ["实际完成值"]
    block_one = [["单位名称", "甲单位"], headers, *indicator_rows(headers, actuals=first["actuals"]), [],
                 ["全年预算数", SEED["budget"]["total"], "全年执行数", first["executed"]]]
    block_two = [["单位名称", "乙单位"], headers, *indicator_rows(headers, actuals=second["actuals"]), [],
                 ["全年预算数", SEED["budget"]["total"], "全年执行数", second["executed"]]]
    source = save_xlsx(tmp_path / "two_tables.xlsx", block_one + [[], [], []] + block_two)
    wb = load_workbook(source)
    other = wb.create_sheet("丙单位")
    for row in published_rows(actuals=first["actuals"], executed=first["executed"]):
        other.append(row)
    wb.save(source)

    scored, printed = run_score(tmp_path, source, capsys)
    assert printed.count("的指标表") == 3
    assert printed.count("总分89.87分，等级良") == 2 and printed.count("总分100分，等级优") == 1
    assert scored.sheetnames == ["自评表", "丙单位", "评分结果", "评分结果2", "评分结果3"]
    for name in ("评分结果", "评分结果2", "评分结果3"):
        assert len(scored[name]._charts) == 1
