"""The guard: a reading that contradicts its row is never scored; the explanation names the contradiction.

Expected outcomes are read off the texts by hand: each text below says something the row's direction
or target rules out, so no number may come back; texts that agree with the row, or are merely looser
than it, score as they say.
"""

import pytest

from perfeval_xl import score_rule

PCT = dict(unit="%", weight=10)


@pytest.mark.parametrize("text,row,actual,said", [
    # the row says higher is better, the text deducts as the value rises
    ("完成率每增加1个百分点扣1分", dict(op="≥", target=90, **PCT), "95%", "越高得分越低"),
    # the row says lower is better, the text's words make a falling rate lose points
    ("投诉率以12%为基准得8分，每下降1个百分点扣1分，每上升1个百分点加1分", dict(op="≤", target=12, unit="%", weight=8),
     "10%", "越高得分越高"),
    # = row: moving away from the target must not earn more
    ("达到100%得8分，每超过1个百分点加1分，最高10分", dict(op="=", target=100, **PCT), "103%", "偏离指标值越远得分越高"),
    # a row counting faults (0件) implies at most 0: more faults must not score more
    ("重复信访件数为0得10分，每增加1件加1分", dict(op=None, target=0, unit="件", weight=10), 3, "越高得分越高"),
])
def test_a_reading_against_the_row_needs_review_and_says_why(text, row, actual, said):
    score = score_rule(text, actual, **row)
    assert score.needs_review and score.value is None
    assert "矛盾" in score.explanation and said in score.explanation


def test_the_target_that_misses_full_marks_needs_review_other_values_score():
    text = "5%以内扣1分,5%-10%之间扣3分,10%以上不得分"
    row = dict(op="≤", target=0, unit="%", weight=5)
    at_target = score_rule(text, "0%", **row)
    assert at_target.needs_review and at_target.range == (4, 5)
    assert "指标值0%按评分标准只得4分" in at_target.explanation
    assert score_rule(text, "3%", **row).value == 4  # 5%以内扣1分
    assert score_rule(text, "7%", **row).value == 2  # 扣3分


def test_a_text_naming_the_target_scores_it_as_written():
    row = dict(op="≥", target=95, unit="%", weight=5)
    assert score_rule("超过95%（含）得3分；超过98%（含）得5分", "95%", **row).value == 3
    assert score_rule("超过95%（含）得3分；超过98%（含）得5分", "99%", **row).value == 5


def test_a_text_looser_than_the_row_still_scores():
    """The seed's 成本节约率: full marks from 0% while the row says ≥100% (lint reports it)."""
    assert score_rule("成本节约率≥0得满分，<0不得分", "50%", op="≥", target=100, unit="%", weight=5).value == 5


def test_a_reading_that_agrees_with_the_row_scores():
    row = dict(op="≤", target=12, unit="%", weight=8)
    text = "投诉率以12%为基准得8分，每下降1个百分点加1分，每上升1个百分点扣1分，扣完为止"
    assert score_rule(text, "10%", **row).value == 10
    assert score_rule(text, "15%", **row).value == 5
