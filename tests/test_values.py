"""What every kind of cell value reads as: the table in the README's 数值识别 section."""

from __future__ import annotations

import datetime as dt
import pytest

import perfeval_xl
from perfeval_xl.core.score import BLANK, INVALID, NOT_APPLICABLE
from perfeval_xl.core.values import read_value

# (value as typed, unit, target, number it reads as)
NUMBERS = [
    (95, "%", 95, 95), ("95%", "%", 95, 95), ("９５％", "%", 95, 95), (" 95 % ", "%", 95, 95),
    (0.95, "%", 95, 95), ("0.95", "%", 95, 95), (1.5, "%", 95, 150), (1.6, "%", 95, 1.6),
    (0.5, "%", 1, 0.5), ("38公斤", "公斤", 38, 38), ("38公斤", "公斤/月/人", 38, 38),
    ("100课时", "课时", 100, 100), ("6,530.55", "万元", None, 6530.55), ("100%", "比值", 1, 1.0),
    ("≥100百分比", "百分比", 100, 100), ("第5名", "位次", 1, 5), ("１２０", "课时", 100, 120),
]


@pytest.mark.parametrize(("raw", "unit", "target", "number"), NUMBERS)
def test_numbers(raw, unit, target, number):
    reading = read_value(raw, unit=unit, target=target)
    assert reading.number == pytest.approx(number)


def test_percent_guess_is_said():
    assert "按百分比格式读作90%" in read_value(0.9, unit="%", target=95).note
    assert read_value(90, unit="%", target=95).note == ""
    # a known General format does not switch the fraction reading off (issue 12, cause 1)
    assert read_value(0.9, unit="%", target=95, percent_format=False).number == 90
    assert read_value(0.9, unit="%", target=95, percent_format=True).number == pytest.approx(90)


BAD = [
    (None, BLANK, "未填写"), ("", BLANK, "未填写"), ("   ", BLANK, "未填写"),
    ("abc", INVALID, "不是数字"), ("#N/A", INVALID, "错误值#N/A"), ("#DIV/0!", INVALID, "错误值#DIV/0!"),
    (-1e308, INVALID, "超出合理范围"), (float("nan"), INVALID, "不是有效数字"),
    (float("inf"), INVALID, "不是有效数字"), (float("-inf"), INVALID, "不是有效数字"),
    (dt.date(2024, 12, 31), INVALID, "日期"), (dt.datetime(2024, 12, 31, 8), INVALID, "日期"),
    ("是", INVALID, "不是数字"), (True, INVALID, "不是数字"), ("38次", INVALID, "单位"),
    ("不适用", NOT_APPLICABLE, "不适用"),
]


@pytest.mark.parametrize(("raw", "status", "words"), BAD, ids=repr)
def test_bad_values_give_no_score_and_say_why(raw, status, words):
    score = perfeval_xl.score_indicator("保障隔离戒毒人员基本生活", raw)
    assert score.value is None
    assert score.status == status
    assert words in score.explanation


@pytest.mark.parametrize("raw", ["abc", "#N/A", -1e308, float("nan"), float("inf"), dt.date(2024, 1, 1), None])
def test_a_bad_value_holds_back_the_total(raw):
    actuals = {ind.name: ("有效" if ind.qualitative else ind.target) for ind in perfeval_xl.seed_table().indicators}
    actuals["保障隔离戒毒人员基本生活"] = raw
    result = perfeval_xl.score_table(perfeval_xl.seed_table(), actuals, executed=6530.55)
    assert (result.total, result.grade) == (None, None)
    assert result.unscored == ["保障隔离戒毒人员基本生活"]
    assert "未完成评分：1项" in result.summary


@pytest.mark.parametrize(("raw", "word"), [("有效", "有效"), (True, "是"), (False, "否"), ("是", "是"), ("ＴＲＵＥ", "是")])
def test_qualitative_words(raw, word):
    assert read_value(raw, qualitative=True).word == word


def test_number_in_a_qualitative_row_is_an_error():
    score = perfeval_xl.score_indicator("维护社会稳定，预防和减少犯罪", 5)
    assert score.status == INVALID and "等级" in score.explanation


@pytest.mark.parametrize("error", ["#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#n/a"])
def test_excel_error_text_is_never_a_blank(error):
    assert read_value(error, unit="%", target=95).status == INVALID
