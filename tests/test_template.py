"""The template workbook's layout, the committed templates and the ``template`` command.

Expected texts and numbers are those of the published seed table (tests/data/seed/000_dfb7badb022f314f.txt).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import openpyxl
import pytest
from conftest import REPO, xlsx_parts

from perfeval_xl import cli, seed_table
from perfeval_xl.core.layout_names import LIVE_EXPLANATIONS_NAME, LIVE_TOTALS_NAME
from perfeval_xl.workbooks.template import ADDIN_FILE, LIVE_SCORES_NAME, PORTABLE_FILE, build_template

HEADERS = ["部门整体支出年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释",
           "评（扣）分标准", "备注", "实际完成值", "人工认定得分", "得分", "得分说明"]
#: (三级指标, 指标值类型, 指标值, 计量单位, 备注) as published.
PUBLISHED = [("成本节约率", "≥", 100, "%", "20分"), ("保障隔离戒毒人员基本生活", "≥", 38, "公斤", "10分"),
             ("保障隔离戒毒人员基本医疗", "≥", 95, "%", "10分"), ("保障隔离戒毒人员教育矫治", "≥", 100, "课时", "10分"),
             ("重大安全事故次数", "=", 0, "次", "5分"), ("戒毒人员收治工作及时率", "=", 100, "%", "5分"),
             ("维护社会稳定，预防和减少犯罪", "定性", "是否", None, "5分"),
             ("稳定人民警察队伍，增强凝聚力及战斗力", "定性", "是否", None, "5分"),
             ("场所运转持续性", "=", 100, "%", "10分"), ("所在区域群众满意度", "≥", 90, "%", "10分")]


@pytest.fixture(scope="module", params=[False, True], ids=["addin", "portable"])
def built(request, tmp_path_factory):
    """The template saved and loaded back, as a user's Excel would read the file."""
    path = tmp_path_factory.mktemp("tpl") / "t.xlsx"
    workbook, layout = build_template(portable=request.param)
    workbook.save(path)
    return openpyxl.load_workbook(path), layout, request.param


def _merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_published_blocks(built):
    wb, layout, _ = built
    ws = wb[layout.sheet]
    assert ws["A1"].value == "整体支出绩效目标表"
    texts = [c.value for row in ws.iter_rows(max_row=layout.header_row - 1) for c in row if c.value is not None]
    for label in ("单位编码", "042001", "单位名称", "衡阳市强制隔离戒毒所", "金额单位：万元", "年度预算申请", "资金总额",
                  "按收入性质分", "一般公共预算", "政府性基金拨款", "财政专户管理资金", "其他资金", "按支出性质分",
                  "基本支出", "项目支出"):
        assert label in texts
    amounts = [v for v in texts if isinstance(v, (int, float))]
    assert amounts == [6530.55, 6430.55, 100, 5320.3, 1210.25]
    assert any(isinstance(v, str) and "100.00" in v for v in texts)  # the seed's note on where 100.00 belongs
    goal = ws[f"A{layout.rows[0]}"].value
    assert goal.startswith("一、场所安全管理。") and goal.endswith("培育更多成功戒毒案例、戒毒典型和操守团队。")
    assert f"A{layout.rows[0]}:A{layout.rows[-1]}" in _merged(ws)


def test_indicator_table_as_published(built):
    wb, layout, _ = built
    ws = wb[layout.sheet]
    headers = [c.value for c in ws[layout.header_row]]
    # right of the table only the hidden column that reads each typed value (portable template)
    assert headers[:len(HEADERS)] == HEADERS and set(headers[len(HEADERS):]) <= {None}
    assert all(ws.column_dimensions[c.column_letter].hidden for c in ws[layout.header_row][len(HEADERS):])
    for r, (name, op, target, unit, remark) in zip(layout.rows, PUBLISHED):
        row = {h: ws[f"{c.column_letter}{r}"].value for h, c in zip(HEADERS, ws[layout.header_row])}
        assert (row["三级指标"], row["指标值类型"], row["指标值"], row["计量单位"], row["备注"]) == \
            (name, op, target, unit, remark)
        ind = seed_table().indicator(name)
        assert (row["指标解释"], row["评（扣）分标准"]) == (ind.description, ind.rule_text)


def test_levels_merged_vertically_as_in_the_source(built):
    wb, layout, _ = built
    ws = wb[layout.sheet]
    r = layout.rows
    merged = _merged(ws)
    # 产出指标 spans rows 2-6, 数量指标 rows 2-4, 效益指标 rows 7-9, 社会效益指标 rows 7-8.
    for ref in (f"B{r[1]}:B{r[5]}", f"C{r[1]}:C{r[3]}", f"B{r[6]}:B{r[8]}", f"C{r[6]}:C{r[7]}"):
        assert ref in merged
    assert [ws[f"B{r[i]}"].value for i in (0, 1, 6, 9)] == ["成本指标", "产出指标", "效益指标", "满意度指标"]


def test_live_scores_name_and_formulas(built):
    wb, layout, portable = built
    ws = wb[layout.sheet]
    name = wb.defined_names[LIVE_SCORES_NAME]
    assert name.localSheetId is None
    assert name.attr_text == f"'{layout.sheet}'!$M${layout.rows[0]}:$M${layout.rows[-1]}"
    for r in layout.rows:
        formula = ws[f"M{r}"].value
        assert formula.startswith("=") and f"K{r}" in formula and f"L{r}" in formula
        assert ("SCORE_" in formula) != portable
        assert ws[f"N{r}"].value.startswith("=")
    for ref in (layout.total_cell, layout.grade_cell, layout.execution_cell):
        assert ws[ref].value.startswith("=") and "SCORE_" not in ws[ref].value
    # every formula cell the recalculation might otherwise write is inside a live name
    explanations = wb.defined_names[LIVE_EXPLANATIONS_NAME].attr_text
    assert explanations == f"'{layout.sheet}'!$N${layout.rows[0]}:$N${layout.rows[-1]}"
    totals = ws[wb.defined_names[LIVE_TOTALS_NAME].attr_text.split("!")[1]]
    covered = {cell.coordinate for row in totals for cell in row}
    assert {layout.rate_cell, layout.execution_cell, layout.total_cell, layout.grade_cell} <= covered
    assert "COUNT(" in ws[layout.total_cell].value and "未完成评分" in ws[layout.total_cell].value


def test_inputs_marked_and_formatted(built):
    wb, layout, _ = built
    ws = wb[layout.sheet]
    percent_rows = {name for name, _, _, unit, _ in PUBLISHED if unit == "%"}
    for name, *_ in PUBLISHED:
        actual = ws[layout.cell("actual", name)]
        assert actual.fill.fgColor.rgb.endswith("FFF2CC")
        assert (actual.number_format == "0.00%") == (name in percent_rows)
    assert ws[layout.executed_cell].fill.fgColor.rgb.endswith("FFF2CC")
    assert "黄色单元格" in ws[f"K{layout.header_row}"].comment.text
    assert "人工认定" in ws[f"L{layout.header_row}"].comment.text
    assert ws[layout.rate_cell].number_format == "0.00%"


def test_dropdowns_for_qualitative_rows(built):
    wb, layout, _ = built
    ws = wb[layout.sheet]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and lists[0].formula1 == '"有效,一般,较差"'
    cells = {str(c) for rng in lists[0].sqref.ranges for c in [rng]}
    assert cells == {layout.cell("actual", "维护社会稳定，预防和减少犯罪"),
                     layout.cell("actual", "稳定人民警察队伍，增强凝聚力及战斗力")}
    manual = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert {dv.formula2 for dv in manual} == {"20", "10", "5"}


def test_print_setup_and_view(built):
    wb, layout, _ = built
    ws = wb[layout.sheet]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
    assert ws.print_title_rows == f"${layout.header_row}:${layout.header_row}"
    assert ws.freeze_panes == f"A{layout.rows[0]}"
    assert ws[f"I{layout.rows[0]}"].alignment.wrap_text
    assert ws["D8"].font.name == "宋体"
    assert ws.column_dimensions["I"].width >= 25  # 评（扣）分标准 is the longest text


@pytest.mark.parametrize(("file", "portable"), [(ADDIN_FILE, False), (PORTABLE_FILE, True)])
def test_committed_templates_match_a_fresh_build(tmp_path, file, portable):
    fresh = tmp_path / file
    build_template(portable=portable)[0].save(fresh)
    committed = xlsx_parts(REPO / "workbook_templates" / file)
    assert committed.keys() == xlsx_parts(fresh).keys()
    for name, data in xlsx_parts(fresh).items():
        assert committed[name] == data, f"{name} differs: run python workbook_templates/build.py"


def test_cli_writes_both_templates(tmp_path, capsys):
    assert cli.main(["template", "-o", str(tmp_path / "a.xlsx")]) == 0
    assert cli.main(["template", "-o", str(tmp_path / "a.xlsx")]) == 2  # a filled-in workbook is not overwritten
    assert cli.main(["template", "--force", "-o", str(tmp_path / "a.xlsx")]) == 0
    assert cli.main(["template", "--portable", "-o", str(tmp_path / "p.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "已生成模板" in out and "免加载项" in out
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    assert not any("SCORE_" in str(c.value) for row in ws.iter_rows() for c in row)


def test_cli_table_from_json(tmp_path, capsys):
    data = json.loads((REPO / "perfeval_xl" / "core" / "data" / "seed_table.json").read_text(encoding="utf-8"))
    data["unit_name"] = "测试单位"
    data["indicators"] = data["indicators"][:2]
    data["indicators"][1].pop("rule")  # no hand-written rule, and a text no parser can score
    data["indicators"][1]["rule_text"] = "详见附件。"
    source = tmp_path / "table.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["template", "--table", str(source), "--portable", "-o", str(tmp_path / "t.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    names = [ws[f"D{r}"].value for r in range(1, ws.max_row + 1)]
    assert "成本节约率" in names and "保障隔离戒毒人员基本医疗" not in names
    assert "测试单位" in [c.value for row in ws.iter_rows() for c in row]
    assert "保障隔离戒毒人员基本生活" in capsys.readouterr().out.split("人工认定得分")[-1]
    row = names.index("保障隔离戒毒人员基本生活") + 1
    assert '"需人工认定"' in ws[f"M{row}"].value


@pytest.mark.parametrize(("args", "message"), [
    (["--table", "nope.json", "-o", "{out}"], "找不到目标表文件"),
    (["--table", "{src}", "-o", "{src}"], "输出文件不能与目标表文件相同"),
    (["--table", "{txt}", "-o", "{out}"], "不支持的目标表文件类型"),
    (["-o", "{src}"], "已存在"),
])
def test_cli_errors_in_chinese(tmp_path, capsys, args, message):
    src, txt = tmp_path / "t.json", tmp_path / "t.txt"
    src.write_text("{}", encoding="utf-8")
    txt.write_text("x", encoding="utf-8")
    args = [a.format(src=src, txt=txt, out=tmp_path / "o.xlsx") for a in args]
    assert cli.main(["template", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err


def test_layout_is_a_plain_record():
    layout = build_template()[1]
    assert asdict(layout)["columns"]["actual"] == "K"
    assert layout.cell("score", "成本节约率") == f"M{layout.rows[0]}"
