"""The seed table's hand-computed cases (tests/data/acceptance/seed_cases.json) through the public API."""

from __future__ import annotations

import json

import pytest

import perfeval_xl
from conftest import DATA

CASES = json.loads((DATA / "acceptance" / "seed_cases.json").read_text(encoding="utf-8"))
INDICATOR_CASES = [(ind["name"], actual, expected)
                   for ind in CASES["indicators"] for actual, expected in ind["cases"]]


@pytest.mark.parametrize(("name", "actual", "expected"), INDICATOR_CASES)
def test_indicator_case(name, actual, expected):
    score = perfeval_xl.score_indicator(name, actual)
    assert score.value is not None, score.explanation
    assert round(score.value, 2) == pytest.approx(expected, abs=0.005)
    assert score.explanation.startswith("实际")


@pytest.mark.parametrize("scenario", CASES["totals"]["scenarios"], ids=lambda s: str(s.get("total")))
def test_totals_scenario(scenario):
    result = perfeval_xl.score_table(perfeval_xl.seed_table(), scenario["actuals"], executed=scenario["executed"])
    assert result.total == (None if scenario["total"] is None else pytest.approx(scenario["total"], abs=0.005))
    assert result.grade == scenario["grade"]
    if "subtotal" in scenario:
        assert result.subtotal == pytest.approx(scenario["subtotal"], abs=0.005)
        assert result.execution.value == pytest.approx(scenario["execution"], abs=0.005)
    assert result.unscored == scenario.get("unscored", [])
    if result.total is None:
        assert all(name in result.summary for name in scenario["unscored"])


@pytest.mark.parametrize(("total", "expected"), CASES["totals"]["grades"])
def test_grade_bounds(total, expected):
    assert perfeval_xl.grade(total) == expected


def test_seed_table_carries_every_published_column():
    table = perfeval_xl.seed_table()
    assert (table.unit_code, table.unit_name, table.money_unit) == ("042001", "衡阳市强制隔离戒毒所", "万元")
    budget = CASES["budget"]
    assert table.budget.total == budget["total"]
    assert table.budget.general_public + table.budget.other == pytest.approx(budget["total"])
    assert table.budget.basic + table.budget.project == pytest.approx(budget["total"])
    assert "100.00" in table.budget.note
    assert table.goal.count("\n") == 2 and table.goal.startswith("一、场所安全管理")
    assert [ind.name for ind in table.indicators] == [ind["name"] for ind in CASES["indicators"]]
    for ind, case in zip(table.indicators, CASES["indicators"]):
        assert (ind.level1, ind.level2, ind.op, ind.target, ind.unit, ind.weight) == (
            case["level1"], case["level2"], case["op"], case["target"], case["unit"], case["weight"])
        assert ind.remark == f"{case['weight']}分"
        assert ind.description.startswith("该指标主要考察")
        assert ind.rule_text.startswith(f"该指标分值为{case['weight']}分")
    assert sum(ind.weight for ind in table.indicators) == CASES["weights_total"]
    assert table.execution_weight == CASES["budget_execution_weight"]


def test_ambiguous_completion_rate_says_which_reading():
    score = perfeval_xl.score_indicator("保障隔离戒毒人员基本医疗", "90%")
    assert score.reading and "实际完成值/目标值" in score.explanation


def test_explanation_reads_like_the_brief():
    score = perfeval_xl.score_indicator("保障隔离戒毒人员基本生活", 37)
    assert score.explanation.startswith("实际37公斤，低于38公斤")
    assert "每少1公斤扣0.5分" in score.explanation and score.explanation.endswith("得9.5分")
