"""The scoring functions behind SCORE_* (perfeval_xl.core.functions), called directly.

Expected values come from the hand-computed seed cases (tests/data/acceptance/seed_cases.json) and from
the core rules of the seed table; the parameters of each SCORE_* call are written here by hand from
the published 评（扣）分标准 texts, as a finance user would type them.
"""

from __future__ import annotations

import math

import pytest

from perfeval_xl.core import functions as fx
from perfeval_xl import seed_table
from perfeval_xl.core.functions import FunctionError
from perfeval_xl.core.parser import score_rule
from perfeval_xl.core.score import BLANK, INVALID, NOT_APPLICABLE, REVIEW, SCORED
from perfeval_xl.core.totals import rule_of
from udf_seed_calls import BY_NAME, CASES, SEED_CALLS, is_fraction, params_for

FUNCS = {name: spec.func for name, spec in fx.REGISTRY.items()}


def _call(name, actual):
    return FUNCS[SEED_CALLS[name][0]](actual, *params_for(name, actual))


SEED = [(name, actual, expected) for name, ind in BY_NAME.items() for actual, expected in ind["cases"]]


def test_every_seed_row_has_a_call():
    assert set(SEED_CALLS) == set(BY_NAME)


@pytest.mark.parametrize(("name", "actual", "expected"), SEED)
def test_seed_case_single_value(name, actual, expected):
    assert _call(name, actual) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("name", list(SEED_CALLS))
def test_seed_cases_as_one_column(name):
    """One call over a column (2-D, one cell per row) gives the column of scores."""
    excel_name, unit_params, fraction_params = SEED_CALLS[name]
    func = FUNCS[excel_name]
    for params, fraction in ((unit_params, False), (fraction_params, True)):
        if params is None:
            continue
        cases = [(a, e) for a, e in BY_NAME[name]["cases"] if fraction_params is None or is_fraction(name, a)
                 == fraction]
        column = [[a] for a, _ in cases] + [[None]]
        result = func(column, *params)
        assert [row[0] for row in result[:-1]] == pytest.approx([e for _, e in cases], abs=0.005)
        assert result[-1] == [""]


@pytest.mark.parametrize("name", [n for n, (f, _, _) in SEED_CALLS.items() if f != "SCORE_GRADE"])
def test_numeric_rows_agree_with_core_rule(name):
    """Over a sweep of values in the row's unit, the SCORE_* call equals the seed row's core rule."""
    excel_name, unit_params, _ = SEED_CALLS[name]
    func = FUNCS[excel_name]
    rule = rule_of(seed_table().indicator(name))
    values = [v / 4 for v in range(-200, 520, 3)]
    values = [v for v in values if not (rule.unit == "%" and abs(v) <= 1.5)]  # no fraction guessing here
    got = func(values, *unit_params)
    want = [rule.score(v, percent_format=False).value for v in values]
    assert got == pytest.approx(want, abs=1e-9)


# -- shapes ----------------------------------------------------------------------------------------
def test_shapes_follow_the_input():
    args = (38, 10, 1, "5%")
    assert fx.score_deduct(37, *args) == 9.5
    assert fx.score_deduct([37, 36], *args) == [9.5, 9.0]
    assert fx.score_deduct([[37], [36]], *args) == [[9.5], [9.0]]
    assert fx.score_deduct([[37, 36, 40]], *args) == [[9.5, 9.0, 10.0]]
    assert fx.score_deduct([[37, 36], [30, 38]], *args) == [[9.5, 9.0], [6.0, 10.0]]


def test_parameters_may_be_columns_too():
    # Three rows of a table: each with its own line, weight and step.
    got = fx.score_deduct([[37], [90], [None]], [[38], [100], [5]], [[10], [5], [1]], 1, [["5%"], ["1%"], [1]])
    assert got == [[9.5], [4.5], [""]]
    assert fx.score_threshold([[0], [96], [94]], [[0], [95], [95]], [[5], [10], [10]], [["="], [">="], [">="]]) \
        == [[5.0], [10.0], [0.0]]


def test_columns_of_different_lengths_are_one_error():
    with pytest.raises(FunctionError, match="区域大小不一致.*3行1列.*2行1列"):
        fx.score_deduct([[37], [36], [35]], [[38], [38]], 10, 1, "5%")
    with pytest.raises(FunctionError, match="不一致"):
        fx.score_linear([1, 2, 3], 0, [4, 5], 10)
    with pytest.raises(FunctionError, match="3行1列.*1行3列"):  # a column against a row
        fx.score_threshold([[1], [2], [3]], [[0, 0, 0]], 5)


def test_ragged_range_is_an_error():
    with pytest.raises(FunctionError, match="矩形"):
        fx.score_threshold([[1, 2], [3]], 0, 5)


# -- bad values ------------------------------------------------------------------------------------
def test_blank_text_and_excel_errors_in_a_column():
    column = [[37], [None], [""], ["abc"], ["#N/A"], ["#DIV/0!"], [True], [math.inf], ["37公斤"], ["３７"]]
    got = [row[0] for row in fx.score_deduct(column, 38, 10, 1, "5%")]
    assert got[0] == 9.5
    assert got[1] == got[2] == ""
    assert got[3] == "#错误：实际值“abc”不是数字"
    assert got[4].startswith("#错误：") and "#N/A" in got[4]
    assert got[5].startswith("#错误：") and "#DIV/0!" in got[5]
    assert got[6].startswith("#错误：") and "不是数字" in got[6]
    assert got[7].startswith("#错误：")
    assert got[8] == 9.5  # a unit typed with the number is fine
    assert got[9] == 9.5  # full-width digits


def test_blank_single_value_is_empty_not_zero():
    assert fx.score_threshold(None, 0, 5, "=") == ""
    assert fx.score_linear("", 0.6, 0.95, 10, 0.95) == ""
    assert fx.score_grade(None, "有效:5;一般:3;较差:0") == ""


@pytest.mark.parametrize(("call", "message"), [
    (lambda: fx.score_deduct(37, "abc", 10, 1, "5%"), "基准值“abc”不是数字"),
    (lambda: fx.score_deduct(37, 38, None, 1, "5%"), "未填写分值"),
    (lambda: fx.score_deduct(37, 38, 10, 0, "5%"), "每档间隔必须大于0"),
    (lambda: fx.score_deduct(37, 38, 10, 1, "5%", "sideways"), "扣分方向"),
    (lambda: fx.score_threshold(1, "#N/A", 5), "目标值单元格为错误值#N/A"),
    (lambda: fx.score_threshold(1, 0, 5, "about"), "比较符"),
    (lambda: fx.score_linear(1, 0.6, 0.6, 10), "零分点与满分点不能相同"),
    (lambda: fx.score_linear(1, 0.6, 0.95, 10, 0), "目标值为0"),
    (lambda: fx.score_banded(1, "100;90:8"), "缺少冒号"),
    (lambda: fx.score_banded(1, "100:10;[80,90):8"), "统一写法"),
    (lambda: fx.score_banded(1, "100:10;90:8", 5), "超过分值"),
    (lambda: fx.score_grade("有效", "有效:五"), "不是数字"),
])
def test_bad_parameters_raise_one_chinese_error(call, message):
    with pytest.raises(FunctionError, match=message):
        call()


def test_bad_parameter_in_one_row_marks_only_that_row():
    got = fx.score_threshold([[1], [2]], [[0], ["x"]], 5)
    assert got[0] == [5.0]
    assert got[1][0].startswith("#错误：") and "目标值“x”" in got[1][0]


# -- kinds -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("actual", "op", "expected"), [
    (95, ">=", 10), (94.99, ">=", 0), (95, ">", 0), (95.1, "＞", 10), (95, "≤", 10), (96, "<=", 0),
    (94, "<", 10), (95, "=", 10), (95, None, 10), (0.1 + 0.2, ">=", 10)])
def test_threshold_ops(actual, op, expected):
    target = 0.3 if actual == 0.1 + 0.2 else 95
    assert fx.score_threshold(actual, target, 10, op) == expected


def test_linear_decreasing_and_capped():
    # 投诉次数: 10 or more → 0, none → full 5.
    assert fx.score_linear([0, 5, 10, 12, -1], 10, 0, 5) == [5.0, 2.5, 0.0, 0.0, 5.0]
    # without a target: 60 → 0, 100 → 10
    assert fx.score_linear([50, 80, 100, 120], 60, 100, 10) == [0.0, 5.0, 10.0, 10.0]


@pytest.mark.parametrize(("bands", "cases"), [
    ("100:10;90:8;80:4;0:0", [(100, 10), (99.99, 8), (90, 8), (80, 4), (79.9, 0), (0, 0)]),
    ("[90,100]:10;[80,90):8;(0,10]:2", [(100, 10), (90, 10), (89.9, 8), (80, 8), (10, 2), (0.1, 2)]),
    ("[100,):10；[90,100):8；(,90):0", [(150, 10), (95, 8), (-3, 0)]),
    ("90%:10;80%:8;0:0", [("95%", 10), (0.85, 8), (0.5, 0)]),
])
def test_banded_text_forms(bands, cases):
    assert [fx.score_banded(a, bands) for a, _ in cases] == [e for _, e in cases]


def test_banded_from_a_two_column_range():
    table = [[100, 10], [90, 8], [80, 4], [0, 0], [None, None]]
    assert fx.score_banded([[95], [100], [79]], table, 10) == [[8.0], [10.0], [0.0]]


def test_banded_outside_every_band_or_a_score_range_needs_review():
    assert fx.score_banded(-5, "100:10;90:8;80:4;0:0") == "需人工认定"
    assert fx.score_banded(50, "(0,10]:2;[80,90):8") == "需人工认定"
    assert fx.score_banded(95, "[90,100]:8~9;(,90):0") == "需人工认定（8至9分）"


def test_deduct_directions_and_points():
    assert fx.score_deduct(12, 10, 10, 1, 2, "above") == 6.0
    assert fx.score_deduct(12, 10, 10, 1, 2, "超过") == 6.0
    assert fx.score_deduct(8, 10, 10, 1, 2, "above") == 10.0
    assert fx.score_deduct([8, 12], 10, 10, 1, 1, "both") == [8.0, 8.0]
    assert fx.score_deduct(0, 38, 10, 1, "5%") == 0.0  # 扣完为止


def test_grades_synonyms_and_unknown_words():
    grades = "有效:5;一般:3;较差:0"
    assert fx.score_grade(["有效", "是", "基本达成", "否", "说不清"], grades) == [5.0, 5.0, 3.0, 0.0, "需人工认定"]
    assert fx.score_grade([["好"], ["较好"]], [["好", 5], ["较好", 4], ["一般", 3], ["较差", 1], ["差", 0]]) \
        == [[5.0], [4.0]]


def test_exec_rate_score_against_seed_totals():
    budget = CASES["budget"]["total"]
    for scenario in CASES["totals"]["scenarios"]:
        if "execution" in scenario:
            assert fx.exec_rate_score(scenario["executed"], budget) == pytest.approx(scenario["execution"])
    assert fx.exec_rate_score([[3265.275], [None], [-1]], budget) [0] == [pytest.approx(5.0)]
    assert fx.exec_rate_score(None, budget) == ""
    assert fx.exec_rate_score(100, 0) == "不适用"
    assert fx.exec_rate_score(-1, budget).startswith("#错误：")
    assert fx.exec_rate_score(50, 100, 20) == 10.0


@pytest.mark.parametrize(("total", "grade"), CASES["totals"]["grades"])
def test_perf_grade_bounds(total, grade):
    assert fx.perf_grade(total) == grade


def test_perf_grade_column_and_bad_values():
    assert fx.perf_grade([[95], [None], ["abc"], [120]]) == [
        ["优"], [""], ["#错误：总分“abc”不是数字"], ["#错误：总分120超出0至100分"]]


ROWS = {ind.name: ind for ind in seed_table().indicators}


def _row_args(name):
    """The row's own cells as a user references them: 评（扣）分标准, 指标值, 备注 (分值), 指标值类型, 计量单位."""
    ind = ROWS[name]
    return ind.rule_text, ind.target, ind.remark, ind.op, ind.unit


@pytest.mark.parametrize(("name", "actual", "expected"), SEED)
def test_score_rule_from_the_published_text(name, actual, expected):
    text, target, weight, op, unit = _row_args(name)
    assert fx.score_rule_value(text, actual, target, weight, op, unit) == pytest.approx(expected, abs=0.005)


def test_score_rule_over_the_whole_table_in_one_call():
    """Every argument a column: one call scores all ten rows (first case of each)."""
    names = list(ROWS)
    columns = list(zip(*[_row_args(n) for n in names]))
    actuals = [[BY_NAME[n]["cases"][1][0]] for n in names]
    got = fx.score_rule_value([[t] for t in columns[0]], actuals, *[[[v] for v in c] for c in columns[1:]])
    assert [row[0] for row in got] == pytest.approx([BY_NAME[n]["cases"][1][1] for n in names], abs=0.005)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_score_rule_columns_agree_with_core(name):
    """A column of mixed cells through SCORE_RULE equals the core's score_rule cell by cell."""
    text, target, weight, op, unit = _row_args(name)
    column = [v / 4 for v in range(-40, 480, 7)] + [0.5, -0.2, 1.2, "有效", "一般", "差不多", "abc", "#N/A", None, ""]
    got = fx.score_rule_value(text, column, target, weight, op, unit)
    ind = ROWS[name]
    for value, result in zip(column, got):
        score = score_rule(text, value, op=ind.op, target=ind.target, unit=ind.unit, weight=ind.weight)
        if score.status == SCORED:
            assert result == pytest.approx(score.value), (value, result, score)
        else:
            start = {REVIEW: "需人工认定", INVALID: "#错误：", BLANK: "", NOT_APPLICABLE: "不适用"}[score.status]
            assert isinstance(result, str) and result.startswith(start), (value, result, score)


def test_score_explain_gives_the_sentence():
    text, target, weight, op, unit = _row_args("保障隔离戒毒人员基本生活")
    sentence = fx.explain_rule(text, 37, target, weight, op, unit)
    assert sentence.startswith("实际37公斤") and sentence.endswith("得9.5分")
    assert fx.explain_rule(text, [[None], ["abc"]], target, weight, op, unit) == [[""], ["#错误：实际值“abc”不是数字"]]
    text, target, weight, op, unit = _row_args("保障隔离戒毒人员基本医疗")
    sentence = fx.explain_rule(text, 0.9, target, weight, op, unit)
    assert "得9.92分" in sentence and "按百分比格式读作90%" in sentence


def test_score_rule_review_and_unreadable_texts():
    assert fx.score_rule_value("未达指标值酌情扣分", 5, 10, 10, "≥", "个").startswith("需人工认定")
    with pytest.raises(FunctionError, match="评分标准"):
        fx.score_rule_value("看情况给分", 5, 10, 10, "≥", "%")


# -- the registry ----------------------------------------------------------------------------------
EXCEL_NAMES = ["SCORE_THRESHOLD", "SCORE_LINEAR", "SCORE_BANDED", "SCORE_DEDUCT", "SCORE_GRADE", "SCORE_RULE",
               "SCORE_EXPLAIN", "EXEC_RATE_SCORE", "PERF_GRADE"]


def test_registry_holds_every_function_with_chinese_help():
    assert sorted(fx.REGISTRY) == sorted(EXCEL_NAMES)
    for name, spec in fx.REGISTRY.items():
        assert spec.category == "预算绩效评分"
        assert 0 < len(spec.help) <= 255 and any("\u4e00" <= c <= "\u9fff" for c in spec.help), name
        assert spec.func.__code__.co_varnames[:spec.func.__code__.co_argcount] == tuple(a.name for a in spec.args)
        for arg in spec.args:
            assert 0 < len(arg.doc) <= 255 and any("\u4e00" <= c <= "\u9fff" for c in arg.doc), (name, arg.name)
