"""Scoring a whole table: every row, 预算执行率, subtotal, total and grade (优/良/中/差)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .errors import PerfevalError
from .rules import Rule
from .score import BLANK, INVALID, NOT_APPLICABLE, SCORED, Score, fmt
from .table import Indicator, Table
from .values import read_value

EXECUTION_NAME = "预算执行率"
#: Grade bands on the total out of 100, lower bounds inclusive (财预〔2020〕10号).
GRADE_BANDS = ((90.0, "优"), (80.0, "良"), (60.0, "中"))
LOWEST_GRADE = "差"
#: Statuses that leave a row without a score and so hold back the total.
UNSCORED = frozenset({BLANK, INVALID, "review"})


def round_points(x: float) -> float:
    """Points to 2 decimals as Excel's ROUND does: the value taken to 15 significant digits (as Excel
    stores it), then rounded half up on that decimal value (89.995 is 90.00, where Python's ``round``
    on the binary float gives 89.99). One rounding for every total and grade on every path."""
    decimal = Decimal(f"{float(x):.15g}")
    return float(decimal.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def grade(total: float | None) -> str | None:
    """优 [90,100], 良 [80,90), 中 [60,80), 差 below 60, on the total rounded to 2 decimals."""
    if total is None:
        return None
    rounded = round_points(total)
    for low, name in GRADE_BANDS:
        if rounded >= low:
            return name
    return LOWEST_GRADE


def _amount(raw: object, what: str) -> tuple[float | None, Score | None]:
    """A money amount, or the Score saying why there is none."""
    reading = read_value(raw, unit="万元")
    if reading.status == BLANK:
        return None, Score(None, f"未填写{what}，{EXECUTION_NAME}未评分", status=BLANK)
    if reading.status != SCORED or reading.number is None:
        return None, Score(None, f"{what}：{reading.message}", status=INVALID)
    if reading.number < 0:
        return None, Score(None, f"{what}不能为负数（{fmt(reading.number)}）", status=INVALID)
    return reading.number, None


def execution_score(executed: object, budget: object, weight: float = 10.0) -> Score:
    """预算执行率 score: weight × min(executed / budget, 1); a budget of 0 is 不适用."""
    budget_value, problem = _amount(budget, "全年预算数")
    if problem:
        return problem
    if budget_value == 0:
        return Score(None, f"全年预算数为0，{EXECUTION_NAME}不适用", status=NOT_APPLICABLE)
    executed_value, problem = _amount(executed, "全年执行数")
    if problem:
        return problem
    rate = executed_value / budget_value
    points = weight * min(rate, 1.0)
    capped = "，超过100%按100%计" if rate > 1 else ""
    return Score(points, f"执行率{fmt(rate * 100)}%（全年执行数{fmt(executed_value)}÷全年预算数"
                         f"{fmt(budget_value)}）{capped}，得{fmt(points)}分")


def rule_of(indicator: Indicator) -> Rule:
    """The rule a row scores by: its own, or the one read from its 评（扣）分标准 text.

    Raises:
        PerfevalError (ParseError) with a Chinese message when the text cannot be read.
    """
    if indicator.rule is not None:
        return indicator.rule
    from .parser import parse_rule

    return parse_rule(indicator.rule_text, op=indicator.op, target=indicator.target, unit=indicator.unit,
                      weight=indicator.weight)


def manual_score(value: object, weight: float | None, computed: Score) -> Score | None:
    """人工认定得分: a number typed by the evaluator wins over the computed score; None if blank."""
    reading = read_value(value)
    if reading.status == BLANK:
        return None
    if reading.status != SCORED or reading.number is None:
        return Score(None, f"人工认定得分：{reading.message}", status=INVALID)
    points = reading.number
    if points < 0 or (weight is not None and points > weight + 1e-9):
        return Score(None, f"人工认定得分{fmt(points)}分超出0至{fmt(weight)}分的范围", status=INVALID)
    return Score(points, f"人工认定得分{fmt(points)}分（计算结果：{computed.explanation}）")


def score_row(indicator: Indicator, actual: object, *, manual: object = None,
              percent_format: bool | None = None) -> Score:
    """Score one row, honouring 人工认定得分; a rule text that cannot be read is an unscored row."""
    try:
        computed = rule_of(indicator).score(actual, percent_format=percent_format)
    except PerfevalError as error:
        computed = Score(None, f"评分标准无法自动识别：{error}", status=INVALID)
    return manual_score(manual, indicator.weight, computed) or computed


@dataclass(frozen=True)
class TableScore:
    """A scored table.

    Attributes:
        rows: 三级指标 → Score, in table order.
        execution: the 预算执行率 Score.
        subtotal: the indicator points, once every indicator row is scored (it does not wait for
            预算执行率); None while any indicator row is unscored.
        total: indicators + execution, out of 100, rounded to 2 decimals; rescaled to 100 when rows are
            不适用; None while any row is unscored.
        grade: 优/良/中/差 from the total, or None.
        unscored: names of the rows (and 预算执行率) without a score.
        notes: Chinese sentences about the total (rescaling, what is missing).
    """

    rows: dict[str, Score]
    execution: Score
    subtotal: float | None
    total: float | None
    grade: str | None
    unscored: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One Chinese line: the total and grade, or what is still missing."""
        if self.total is None:
            return f"未完成评分：{len(self.unscored)}项（{'、'.join(self.unscored)}）"
        return f"总分{fmt(self.total)}分，等级{self.grade}" + ("；" + "；".join(self.notes) if self.notes else "")


def _missing(unscored: list[str], rows: dict[str, Score], execution: Score) -> str:
    """What holds the total back, in Chinese: the rows by name, 预算执行率 with its reason."""
    parts = [name for name in unscored if name != EXECUTION_NAME]
    text = "、".join(parts[:5]) + (f"等{len(parts)}项指标" if len(parts) > 5 else "")
    if EXECUTION_NAME in unscored:
        text += ("；" if text else "") + execution.explanation
    return text


def score_table(table: Table, actuals: Mapping[str, object], *, executed: object = None,
                budget: object = None, manual: Mapping[str, object] | None = None,
                percent_formats: Mapping[str, bool | None] | None = None) -> TableScore:
    """Score every row of ``table`` from ``actuals`` (三级指标 → value as typed).

    Args:
        table: the target table.
        actuals: actual values by 三级指标; a missing name is a blank.
        executed: 全年执行数; budget: 全年预算数; None when the sheet has no such cell (the table's
            资金总额 is used and the explanation says so). A present but blank cell ("") is a blank
            全年预算数: 预算执行率 and so the total stay 未完成评分.
        manual: 人工认定得分 by 三级指标, winning over the computed score where filled.
        percent_formats: per row, whether the actual cell is %-formatted (None: not visible).

    Returns:
        A TableScore; the total and grade stay None while any row is unscored, never a smaller number.
    """
    manual = manual or {}
    percent_formats = percent_formats or {}
    rows = {ind.name: score_row(ind, actuals.get(ind.name), manual=manual.get(ind.name),
                                percent_format=percent_formats.get(ind.name))
            for ind in table.indicators}
    from_total = budget is None and table.budget is not None
    if from_total:
        budget = table.budget.total
    execution = execution_score(executed, budget, table.execution_weight)
    if from_total and execution.status == SCORED:
        execution = Score(execution.value, execution.explanation + f"（表中没有全年预算数，取资金总额{fmt(budget)}）")
    unscored = [name for name, s in rows.items() if s.status in UNSCORED]
    applicable = [name for name, s in rows.items() if s.status == SCORED]
    # The indicator points stand once every indicator row is scored, even while 预算执行率 waits.
    subtotal = None if unscored else sum(rows[name].value for name in applicable)
    if execution.status in UNSCORED:
        unscored.append(EXECUTION_NAME)
    if unscored:
        return TableScore(rows, execution, None if subtotal is None else round_points(subtotal), None, None, unscored,
                          [f"未完成评分：{len(unscored)}项（{_missing(unscored, rows, execution)}），暂不计算总分和等级"])
    weights = {ind.name: ind.weight or 0.0 for ind in table.indicators}
    points = subtotal + (execution.value or 0.0)
    possible = sum(weights[name] for name in applicable)
    possible += table.execution_weight if execution.status == SCORED else 0.0
    full = sum(weights.values()) + table.execution_weight
    notes = []
    dropped = [name for name, s in rows.items() if s.status == NOT_APPLICABLE]
    if execution.status == NOT_APPLICABLE:
        dropped.append(EXECUTION_NAME)
    if dropped:
        if possible <= 0:
            return TableScore(rows, execution, None, None, None, [],
                              ["全部指标不适用，无法计算总分"])
        points = points / possible * 100
        notes.append(f"{'、'.join(dropped)}不适用，已剔除，按适用指标得分{fmt(subtotal + (execution.value or 0))}"
                     f"/{fmt(possible)}折算为百分制")
    elif abs(full - 100) > 1e-9:
        notes.append(f"各指标分值合计{fmt(full)}分（含{EXECUTION_NAME}），不是100分，请核对分值")
    total = round_points(points)
    return TableScore(rows, execution, round_points(subtotal), total, grade(total), [], notes)
