"""The table finder on plain grids: published and self-evaluation layouts, header variants, ends."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts import PUBLISHED, SCENARIO, SEED, indicator_rows, published_rows
from perfeval_xl.core.errors import PerfevalError
from perfeval_xl.core.finder import find_table, find_tables, header_role

FIELDS = ("level1", "level2", "name", "op", "target", "unit", "description", "rule_text", "weight", "remark")


def shifted(rows, down: int, right: int):
    """The same rows placed ``down`` rows and ``right`` columns away from A1."""
    return [[] for _ in range(down)] + [[None] * right + list(row) for row in rows]


def assert_seed_indicators(table):
    assert [ind.name for ind in table.indicators] == [ind["name"] for ind in SEED["indicators"]]
    for found, expected in zip(table.indicators, SEED["indicators"]):
        for name in FIELDS:
            assert getattr(found, name) == expected[name], (expected["name"], name)
        assert found.rule is None


def test_published_layout_gives_back_every_column_of_the_seed_table():
    found = find_table(published_rows())
    table = found.table
    assert_seed_indicators(table)
    assert (table.title, table.unit_code, table.unit_name, table.money_unit) == (
        "整体支出绩效目标表", "042001", "衡阳市强制隔离戒毒所", "万元")
    assert table.goal == SEED["goal"]
    budget = SEED["budget"]
    assert (table.budget.total, table.budget.general_public, table.budget.other, table.budget.basic,
            table.budget.project) == (budget["total"], budget["general_public"], budget["other"],
                                      budget["basic"], budget["project"])
    assert found.header_row == 10 and found.rows[0] == 11
    assert found.budget_cell is None and found.actuals == {}


def test_self_evaluation_part_gives_actuals_budget_and_executed():
    found = find_table(published_rows(actuals=SCENARIO["actuals"], executed=SCENARIO["executed"]))
    assert found.actuals == SCENARIO["actuals"]
    assert found.columns["actual"] == len(PUBLISHED)
    assert found.budget == SEED["budget"]["total"] and found.executed == SCENARIO["executed"]
    assert found.budget_cell == (27, 0) and found.executed_cell == (27, 1)
    assert found.percent_formats == {name: None for name in SCENARIO["actuals"]}


def test_forward_filled_levels_read_the_same():
    headers = list(PUBLISHED)
    rows = [headers] + indicator_rows(headers, merged_levels=False)
    assert_seed_indicators(find_table(rows).table)


def test_table_away_from_a1_with_extra_columns_notes_blank_rows_and_footer():
    headers = ["序号"] + list(PUBLISHED) + ["实际完成值", "偏差原因分析及改进措施"]
    body = indicator_rows(headers, actuals=SCENARIO["actuals"], extra={"序号": 1, "偏差原因分析及改进措施": "无"})
    body.insert(4, [None] * len(headers))  # one blank row inside the table
    rows = [["某某单位绩效自评表"], ["说明：本表由财务科填写"], [], headers, *body,
            ["总分", None, None, None, None, None, None, None, None, None, None],
            ["等级", None, None, None, None, None, None, None, None, None, None],
            ["填表说明：实际完成值填写全年数"]]
    rows = shifted(rows, 4, 3)
    found = find_table(rows)
    assert_seed_indicators(found.table)
    assert found.header_row == 7
    assert found.columns["name"] == 3 + 3 and found.columns["actual"] == 3 + 10
    assert "score" not in found.columns
    assert found.actuals == SCENARIO["actuals"]
    assert found.table.title == "某某单位绩效自评表"
    total_row = 8 + len(body)
    assert found.total_cell[0] == total_row and found.grade_cell[0] == total_row + 1
    assert found.last_row == total_row - 1


@pytest.mark.parametrize("fill", [False, True], ids=["plain values", "forward-filled merges"])
def test_two_row_header_with_group_headers_above(fill):
    upper = ["绩效指标", None, None, "指标值类型", "年度指标值", None, "评（扣）分标准", "备注", "自评情况", None, None]
    lower = ["一级指标", "二级指标", "三级指标", None, "指标值", "计量单位", None, None, "实际完成值", "得分", "得分说明"]
    if fill:  # what the workbook adapter gives: every cell of a merged range holds its value
        upper[1:3] = ["绩效指标"] * 2
        upper[5] = "年度指标值"
        upper[9:11] = ["自评情况"] * 2
        lower[3], lower[6], lower[7] = "指标值类型", "评（扣）分标准", "备注"
    names = [h or u for h, u in zip(lower, upper)]
    names[4], names[5] = "指标值", "计量单位"
    body = indicator_rows(names, actuals=SCENARIO["actuals"], merged_levels=not fill)
    found = find_table([["项目支出绩效自评表"], upper, lower, *body])
    assert found.header_row == 2
    assert found.columns == {"level1": 0, "level2": 1, "name": 2, "op": 3, "target": 4, "unit": 5,
                             "rule_text": 6, "remark": 7, "actual": 8, "score": 9, "explanation": 10}
    assert [ind.target for ind in found.table.indicators] == [ind["target"] for ind in SEED["indicators"]]
    assert found.actuals == SCENARIO["actuals"]


def test_header_on_two_rows_with_the_names_in_the_lower_row():
    upper = ["绩效指标", None, None, "指标值类型", "指标值", "计量单位", "备注"]
    lower = ["一级指标", "二级指标", "三级指标", None, None, None, None]
    names = lower[:3] + upper[3:]
    found = find_table([upper, lower, *indicator_rows(names)])
    assert found.header_row == 1
    assert [found.columns[r] for r in ("op", "target", "unit", "remark")] == [3, 4, 5, 6]
    assert [ind.weight for ind in found.table.indicators] == [ind["weight"] for ind in SEED["indicators"]]


@pytest.mark.parametrize(("text", "role"), [
    ("三级指标", "name"), ("*三级绩效指标名称", "name"), ("指标名称", "name"), ("一级指标", "level1"),
    ("指标值类型", "op"), ("指标性质", "op"), ("指标值", "target"), ("年度指标值", "target"),
    ("年度指标值(A)", "target"), ("目标值", "target"), ("计量单位", "unit"), ("单位", "unit"),
    ("指标解释", "description"), ("绩效指标说明", "description"),
    ("评（扣）分标准", "rule_text"), ("评(扣)分标准", "rule_text"), ("评 （ 扣 ）\n分标准", "rule_text"),
    ("评分标准", "rule_text"), ("扣分标准", "rule_text"), ("备注", "remark"), ("备 注", "remark"),
    ("分值", "weight"), ("权重", "weight"), ("分值（分）", "weight"), ("指标分值", "weight"),
    ("实际完成值", "actual"), ("全年实际值", "actual"), ("实际完成值（B）", "actual"), ("实际值", "actual"),
    ("人工认定得分", "manual"), ("得分", "score"), ("自评得分", "score"), ("得分说明", "explanation"),
    ("偏差原因分析及改进措施", None), ("序号", None), ("产出指标", None), ("该指标分值为20分", None),
    (95, None), (None, None),
])
def test_header_texts_and_their_variants(text, role):
    assert header_role(text) == role


def test_variant_headers_find_the_table():
    headers = ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "计量\n单位", "评 分 标 准", "权重",
               "全年实际值"]
    rows = [headers] + indicator_rows(
        ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "评（扣）分标准", "分值", "全年实际值"],
        actuals=SCENARIO["actuals"])
    found = find_table(rows)
    assert [ind.weight for ind in found.table.indicators] == [ind["weight"] for ind in SEED["indicators"]]
    assert [ind.rule_text for ind in found.table.indicators] == [ind["rule_text"] for ind in SEED["indicators"]]
    assert found.actuals == SCENARIO["actuals"]


def test_weight_from_weight_column_else_remark_else_none():
    headers = ["三级指标", "指标值", "计量单位", "评分标准", "分值", "备注"]
    rows = [headers,
            ["甲", 1, "次", "规则甲", 15, "10分"],      # the 分值 column wins
            ["乙", 2, "次", "规则乙", None, "10分"],    # from 备注
            ["丙", 3, "次", "该指标分值为5分", None, "核心指标"],  # the parser reads it from the rule text
            ["丁", 4, "次", "规则丁", "８分", None]]     # full-width text through perfeval_xl.core.values
    weights = [ind.weight for ind in find_table(rows).table.indicators]
    assert weights == [15, 10, None, 8]


def test_percent_cells_give_percent_formats_and_percent_targets():
    headers = ["三级指标", "指标值类型", "指标值", "计量单位", "实际完成值"]
    rows = [headers, ["满意度", "≥", 0.9, "%", 0.85], ["及时率", "=", 1, "%", 0.99], ["次数", "=", 0, "次", 0]]
    found = find_table(rows, percent_cells={(1, 2), (1, 4), (2, 2), (2, 4)})
    assert found.percent_formats == {"满意度": True, "及时率": True, "次数": False}
    assert [ind.target for ind in found.table.indicators] == [90, 100, 0]
    assert find_table(rows).percent_formats == {"满意度": None, "及时率": None, "次数": None}


def test_duplicate_names_get_a_suffix():
    rows = [["三级指标", "指标值", "计量单位"], ["满意度", 90, "%"], ["满意度", 95, "%"], ["满意度", 80, "%"]]
    found = find_table(rows)
    assert [ind.name for ind in found.table.indicators] == ["满意度", "满意度（2）", "满意度（3）"]
    assert found.rows == (1, 2, 3)


def test_a_run_of_blank_rows_ends_the_table():
    headers = ["三级指标", "指标值", "计量单位"]
    rows = [headers, ["甲", 1, "次"], [], ["乙", 2, "次"], [], [None, None, None], ["备忘", 3, "条"]]
    assert [ind.name for ind in find_table(rows).table.indicators] == ["甲", "乙"]


@pytest.mark.parametrize("footer", ["合计", "总分", "预算执行率", "填表说明：……", "注：本表……"])
def test_footer_rows_end_the_table(footer):
    headers = ["三级指标", "指标值", "计量单位"]
    rows = [headers, ["甲", 1, "次"], [footer, 5, "分"], ["乙", 2, "次"]]
    assert [ind.name for ind in find_table(rows).table.indicators] == ["甲"]


def test_two_tables_in_one_sheet_with_their_own_labels():
    headers = ["三级指标", "指标值", "计量单位", "实际完成值"]
    rows = [["单位名称", "甲单位"], headers, ["甲1", 1, "次", 1], [], [],
            ["单位名称：乙单位"], ["全年预算数", 100], ["全年执行数", 90], headers, ["乙1", 2, "次", 2], ["乙2", 3, "次", 3]]
    first, second = find_tables(rows)
    assert (first.table.unit_name, [i.name for i in first.table.indicators], first.budget) == ("甲单位", ["甲1"], None)
    assert (second.table.unit_name, second.rows, second.budget, second.executed) == ("乙单位", (9, 10), 100, 90)
    assert second.budget_cell == (6, 1) and second.executed_cell == (7, 1)


def test_unit_labels_with_values_beside_them():
    rows = [["部门（单位）名称", None, "某某局", None, "单位编码", 42001],
            ["三级指标", "指标值", "计量单位"], ["甲", 1, "次"]]
    table = find_table(rows).table
    assert (table.unit_name, table.unit_code) == ("某某局", "42001")


def test_no_table_names_what_was_looked_for():
    with pytest.raises(PerfevalError) as error:
        find_table([["项目名称", "金额"], ["办公楼维修", 12.5], ["一级指标", "二级指标"]])
    message = str(error.value)
    assert "三级指标" in message and "评（扣）分标准" in message and "实际完成值" in message


def test_goal_beside_the_table_and_labels_with_money_units():
    """The self-evaluation template's layout: the goal text in a column left of the table, a budget
    block whose long explanations are no values, 总分/等级 with their values under 得分."""
    headers = ["部门整体支出年度绩效目标", "三级指标", "指标值", "计量单位", "实际完成值", "得分", "得分说明"]
    rows = [headers, ["目标正文", "甲", 1, "次", 1], [None, "乙", 2, "次", 2], [],
            ["全年预算数（万元）：默认等于资金总额，可改", None, None, None, "全年预算数（万元）", 120.5],
            ["全年执行数（万元）：请填写", None, None, None, "全年执行数（万元）", None],
            [None, None, None, None, "得分（10分）", None], ["总分及等级"],
            ["总分", None, None, None, None, 3], ["等级", None, None, None, None, None]]
    found = find_table(rows)
    assert found.table.goal == "目标正文"
    assert (found.budget_cell, found.budget, found.executed_cell, found.executed) == ((4, 5), 120.5, (5, 5), None)
    assert (found.execution_cell, found.total_cell, found.grade_cell) == ((6, 5), (8, 5), (9, 5))


def test_manual_scores_and_existing_score_columns_are_read():
    rows = [["三级指标", "指标值", "计量单位", "实际完成值", "人工认定得分", "自评得分", "评分说明"],
            ["甲", 1, "次", 1, 4.5, 3, "旧说明"], ["乙", 2, "次", None, None, None, None]]
    found = find_table(rows)
    assert found.manual == {"甲": 4.5, "乙": None}
    assert (found.columns["manual"], found.columns["score"], found.columns["explanation"]) == (4, 5, 6)


def test_provincial_self_evaluation_form_without_op_or_unit_columns():
    """The 项目支出绩效自评表 most provinces publish: funds block above, 年度指标值 holding the
    comparison and unit, no 评（扣）分标准 column."""
    rows = [["项目支出绩效自评表"],
            ["项目名称", "某项目", None, None, "主管部门", "某局", "实施单位", "某中心"],
            ["项目资金（万元）", None, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
            [None, "年度资金总额", 100, 120, 110, 10, 0.9167, None],
            [None, "其中：本年财政拨款", 100, 120, 110, None, None, None],
            ["年度总体目标", "预期目标", None, None, "实际完成情况"],
            [None, "完成培训任务", None, None, "已完成"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施"],
            [None, "产出指标", "数量指标", "培训人次", "≥500人次", 450, 20, None, "天气原因"],
            [None, None, "质量指标", "培训合格率", "≥ 95%", "96%", 20, None, None],
            [None, None, "时效指标", "完成时间", "≤12月", 11, 10, None, None],
            [None, "效益指标", "社会效益指标", "群众知晓度", "明显提高", "明显提高", 20, None, None],
            [None, "满意度指标", "服务对象满意度指标", "参训人员满意度", 90, 95, 20, None, None],
            ["总分", None, None, None, None, None, 100, None]]
    found = find_table(rows)
    got = [(i.level1, i.level2, i.name, i.op, i.target, i.unit, i.weight) for i in found.table.indicators]
    assert got == [("产出指标", "数量指标", "培训人次", "≥", 500, "人次", 20),
                   ("产出指标", "质量指标", "培训合格率", "≥", 95, "%", 20),
                   ("产出指标", "时效指标", "完成时间", "≤", 12, "月", 10),
                   ("效益指标", "社会效益指标", "群众知晓度", "定性", "明显提高", "", 20),
                   ("满意度指标", "服务对象满意度指标", "参训人员满意度", "", 90, "", 20)]
    assert (found.budget, found.executed, found.budget_cell, found.executed_cell) == (120, 110, (3, 3), (3, 4))
    assert found.execution_cell == (3, 7) and found.total_cell == (13, 7)


def test_empty_strings_for_blank_cells_as_calamine_gives_them():
    rows = published_rows(actuals=SCENARIO["actuals"], executed=SCENARIO["executed"])
    width = max(len(row) for row in rows)
    padded = [["" if v is None else v for v in row] + [""] * (width - len(row)) for row in rows]
    found = find_table(padded)
    assert_seed_indicators(found.table)
    assert found.actuals == SCENARIO["actuals"]
    assert (found.budget, found.executed) == (SEED["budget"]["total"], SCENARIO["executed"])


def template_like_rows(filled: bool):
    """The self-evaluation template's layout (unit line, budget block, goal column, execution and
    total blocks below), merged ranges either forward-filled or left as None."""
    headers = ["部门整体支出年度绩效目标"] + list(PUBLISHED) + ["实际完成值", "人工认定得分", "得分", "得分说明"]
    width = len(headers)
    body = indicator_rows(headers)
    budget = SEED["budget"]

    def note(label, text, value=None):
        return [label, value, None, text] + ([text] * (width - 4) if filled else [None] * (width - 4))

    rows = [["整体支出绩效目标表"],
            ["单位编码", SEED["unit_code"], SEED["unit_code"] if filled else None, "单位名称", SEED["unit_name"],
             None, None, None, None, "金额单位：万元"],
            ["年度预算申请", "资金总额", None, "按收入性质分", None, None, None, None, None, "按支出性质分"],
            ["年度预算申请" if filled else None, "资金总额" if filled else None, None, "一般公共预算", None,
             "政府性基金拨款", None, "财政专户管理资金", "其他资金", "基本支出", None, None, "项目支出"],
            [None, budget["total"], None, budget["general_public"], None, None, None, None, budget["other"],
             budget["basic"], None, None, budget["project"]],
            headers]
    for i, row in enumerate(body):
        row[0] = SEED["goal"] if i == 0 or filled else None
        rows.append(row)
    rows += [[], ["预算执行率（满分10分）"], note("全年预算数", "万元；默认为资金总额", budget["total"]),
             note("全年执行数", "万元；请填写全年实际支出"), note("执行率", "执行率=全年执行数÷全年预算数"),
             ["得分（10分）"], ["总分及等级"], note("总分", "总分=各指标得分合计+预算执行率得分"),
             note("等级", "90分（含）以上为优")]
    return rows


@pytest.mark.parametrize("filled", [True, False], ids=["forward-filled merges", "plain values"])
def test_template_layout_finds_every_labelled_cell(filled):
    rows = template_like_rows(filled)
    found = find_table(rows)
    assert_seed_indicators(found.table)
    table = found.table
    assert (table.unit_code, table.unit_name, table.money_unit, table.goal) == (
        SEED["unit_code"], SEED["unit_name"], "万元", SEED["goal"])
    assert (table.budget.total, table.budget.general_public, table.budget.other, table.budget.project) == (
        SEED["budget"]["total"], SEED["budget"]["general_public"], SEED["budget"]["other"], SEED["budget"]["project"])
    end = 6 + len(indicator_rows(list(PUBLISHED)))
    assert (found.budget_cell, found.budget) == ((end + 2, 1), SEED["budget"]["total"])
    assert (found.executed_cell, found.execution_cell) == ((end + 3, 1), (end + 5, 1))
    assert (found.total_cell, found.grade_cell) == ((end + 7, 1), (end + 8, 1))
    assert found.columns["score"] == 12 and found.columns["manual"] == 11


def test_a_budget_block_right_above_the_header_is_not_part_of_it():
    rows = [["全年预算数", "全年执行数", "分值", "执行率", "得分", None],
            ["三级指标", "指标值", "计量单位", "实际完成值"], ["甲", 1, "次", 1]]
    found = find_table(rows)
    assert found.header_row == 1 and "weight" not in found.columns and "score" not in found.columns


@settings(max_examples=40, deadline=None)
@given(down=st.integers(0, 6), right=st.integers(0, 4), extra=st.sets(st.integers(0, 9), max_size=3),
       blank_after=st.sets(st.integers(0, 11), max_size=2))
def test_the_seed_table_is_found_wherever_it_sits(down, right, extra, blank_after):
    """Any offset, extra columns anywhere, single blank rows inside: the same ten indicators."""
    headers = list(PUBLISHED) + ["实际完成值"]
    for n, at in enumerate(sorted(extra, reverse=True)):
        headers.insert(at, f"附注{n}")
    body = indicator_rows(headers, actuals=SCENARIO["actuals"])
    for at in sorted(blank_after, reverse=True):
        body.insert(at + 1, [None] * len(headers))
    rows = shifted([["某单位自评表"], [], headers, *body, [], [], ["注：附注列为单位自填"]], down, right)
    found = find_table(rows)
    assert_seed_indicators(found.table)
    assert found.actuals == SCENARIO["actuals"]
    assert found.header_row == down + 2
