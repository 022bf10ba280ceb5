"""The seed table's own rule texts, ops, targets, units and weights reproduce every acceptance case."""

import json

import pytest

from conftest import DATA

import perfeval_xl
from perfeval_xl import score_rule

CASES = json.loads((DATA / "acceptance" / "seed_cases.json").read_text(encoding="utf-8"))
ROWS = {ind.name: ind for ind in perfeval_xl.seed_table().indicators}
PARAMS = [pytest.param(ind["name"], actual, expected, id=f"{ind['id']}-{actual!r}")
          for ind in CASES["indicators"] for actual, expected in ind["cases"]]


@pytest.mark.parametrize("name,actual,expected", PARAMS)
def test_seed_case_scores_through_score_rule(name, actual, expected):
    row = ROWS[name]
    score = score_rule(row.rule_text, actual, op=row.op, target=row.target, unit=row.unit, weight=row.weight)
    assert score.value == pytest.approx(expected, abs=0.005), score.explanation


def test_completion_rate_reading_is_recorded():
    row = ROWS["保障隔离戒毒人员基本医疗"]
    score = score_rule(row.rule_text, "90%", op=row.op, target=row.target, unit=row.unit, weight=row.weight)
    assert "实际完成值/目标值" in score.reading
    assert "实际完成值/目标值" in score.explanation


def test_every_seed_text_parses_to_the_hand_written_kind():
    for row in ROWS.values():
        parsed = perfeval_xl.parse_rule(row.rule_text, op=row.op, target=row.target, unit=row.unit,
                                        weight=row.weight)
        assert parsed.kind == row.rule.kind, row.name
