"""Totals beyond the seed scenarios: 不适用 rows, the execution rate, 人工认定得分, weights."""

from __future__ import annotations

import pytest

import perfeval_xl
from perfeval_xl.core.score import INVALID, NOT_APPLICABLE
from perfeval_xl.core.totals import execution_score

FULL = {"成本节约率": "0%", "保障隔离戒毒人员基本生活": 38, "保障隔离戒毒人员基本医疗": "95%",
        "保障隔离戒毒人员教育矫治": 100, "重大安全事故次数": 0, "戒毒人员收治工作及时率": "100%",
        "维护社会稳定，预防和减少犯罪": "有效", "稳定人民警察队伍，增强凝聚力及战斗力": "有效",
        "场所运转持续性": "100%", "所在区域群众满意度": "90%"}


def table():
    return perfeval_xl.seed_table()


@pytest.mark.parametrize(("executed", "budget", "points"), [
    (5877.495, 6530.55, 9.0), (6530.55, 6530.55, 10.0), (8000, 6530.55, 10.0), (0, 100, 0.0), (50, 200, 2.5)])
def test_execution_rate(executed, budget, points):
    assert execution_score(executed, budget).value == pytest.approx(points)


def test_execution_rate_over_budget_is_capped_and_said():
    assert "超过100%按100%计" in execution_score(8000, 6530.55).explanation


def test_budget_of_zero_is_not_applicable_and_rescales():
    result = perfeval_xl.score_table(table(), FULL, executed=0, budget=0)
    assert result.execution.status == NOT_APPLICABLE
    assert result.total == 100 and result.grade == "优"
    assert "预算执行率不适用" in result.notes[0] and "折算为百分制" in result.notes[0]


def test_not_applicable_row_drops_out_and_total_is_rescaled():
    actuals = dict(FULL, 成本节约率="不适用", 所在区域群众满意度="85%")
    result = perfeval_xl.score_table(table(), actuals, executed=6530.55)
    # 70 of 70 indicator points without 成本节约率 bar 2 lost on 满意度, plus 10 of 10: 78/80 × 100
    assert result.total == pytest.approx(97.5)
    assert result.rows["成本节约率"].status == NOT_APPLICABLE
    assert "成本节约率不适用，已剔除" in result.notes[0]


def test_missing_execution_is_named():
    result = perfeval_xl.score_table(table(), FULL)
    assert result.total is None and result.unscored == ["预算执行率"]


def test_manual_score_wins_and_says_so():
    actuals = dict(FULL, 保障隔离戒毒人员基本生活=37)
    result = perfeval_xl.score_table(table(), actuals, executed=6530.55, manual={"保障隔离戒毒人员基本生活": 9.8})
    row = result.rows["保障隔离戒毒人员基本生活"]
    assert row.value == 9.8 and row.explanation.startswith("人工认定得分9.8分") and "得9.5分" in row.explanation
    assert result.total == pytest.approx(99.8)


def test_manual_score_out_of_range_is_an_error():
    result = perfeval_xl.score_table(table(), FULL, executed=6530.55, manual={"成本节约率": 25})
    assert result.rows["成本节约率"].status == INVALID and result.total is None


def test_negative_execution_is_an_error():
    assert execution_score(-1, 100).status == INVALID


def test_a_rule_text_without_a_weight_leaves_the_weight_missing_not_nan():
    from perfeval_xl.core.weights import with_rule_weights

    row = perfeval_xl.Indicator("产出指标", "数量指标", "业务工作支出到位率", "≥", 100, "%",
                                rule_text="未达指标值酌情扣分")
    stated = perfeval_xl.Indicator("产出指标", "数量指标", "课时", "≥", 100, "课时",
                                   rule_text="该指标分值为10分，全年累计课时数大于等于100时，得满分；小于100时不得分。")
    table = with_rule_weights(perfeval_xl.Table(indicators=(row, stated)))
    assert [ind.weight for ind in table.indicators] == [None, 10]
