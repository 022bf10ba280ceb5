"""The formulas of the template's own cells: a row's score wrapper, 预算执行率, 总分 and 等级.

Plain strings (no workbook library). Every formula here uses only functions Excel, WPS and LibreOffice
all know (IF, AND, OR, ISNUMBER, ISERROR, COUNT, COUNTIF, SUM, MIN, ROUND, LEFT,
NA), and no total silently sums fewer rows: an unscored row (blank actual, unreadable value, rule
needing review) holds no number, COUNT does not count it, and the total then says how many rows are
missing instead of showing a smaller sum.
"""

from __future__ import annotations

from ...core.score import fmt
from ...core.totals import GRADE_BANDS, LOWEST_GRADE
from ...core.values import NOT_APPLICABLE_WORDS

#: What a score cell shows for a row marked 不适用 (it drops out and the total is rescaled).
NOT_APPLICABLE = "不适用"
#: What a score cell shows when no formula can be compiled and a person must give 人工认定得分.
NEEDS_REVIEW = "需人工认定"
#: Most characters Excel allows in one string constant inside a formula.
MAX_STRING = 255


def text(value: str) -> str:
    """A string constant for a formula: quoted, inner quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


def number(value: float) -> str:
    """A numeric constant as a formula writes it (no trailing zeros)."""
    return fmt(float(value), 10)


def _not_applicable(actual: str) -> str:
    return "OR(" + ",".join(f"{actual}={text(word)}" for word in sorted(NOT_APPLICABLE_WORDS)) + ")"


def _manual_checked(manual: str, weight: float | None) -> str:
    """人工认定得分 when it is a number within 0..weight, else #N/A (a visible error, an unscored row)."""
    bounds = [f"ISNUMBER({manual})", f"{manual}>=0"]
    if weight is not None:
        bounds.append(f"{manual}<={number(weight)}")
    return f"IF(AND({','.join(bounds)}),{manual},NA())"


def row_score(rule_expr: str | None, *, actual: str, manual: str, weight: float | None) -> str:
    """得分 of one row: 人工认定得分 wins when filled; 不适用 drops the row; else the rule's formula.

    Args:
        rule_expr: the rule as a formula without "=", or None when there is none (the cell then shows
            需人工认定 until 人工认定得分 is filled).
        actual, manual: references of the row's 实际完成值 and 人工认定得分 cells.
        weight: the row's points, the upper bound of 人工认定得分.
    """
    computed = rule_expr if rule_expr is not None else text(NEEDS_REVIEW)
    return (f'=IF({manual}<>"",{_manual_checked(manual, weight)},'
            f'IF({_not_applicable(actual)},{text(NOT_APPLICABLE)},{computed}))')


def native_explanation(*, actual: str, score: str, describe: str = "") -> str:
    """A computed score's explanation in plain formulas: the points and the rule in words."""
    rule_words = f"（{describe}）" if describe and len(describe) < MAX_STRING - 10 else ""
    return (f'IF({actual}="",{text("未填写实际完成值，未评分")},'
            f'IF(ISNUMBER({score}),{text("得")}&ROUND({score},2)&{text("分" + rule_words)},'
            f'IF(LEFT({score},5)={text(NEEDS_REVIEW)},{text("评分标准未给出唯一得分，请填写人工认定得分")},'
            f'{text("实际完成值无法识别：数值指标请填数字，定性指标请从下拉列表选择等级")})))')


def row_explanation(explain_expr: str, *, actual: str, manual: str, score: str, weight: float | None) -> str:
    """得分说明 of one row, saying when 人工认定得分 was used instead of the computed score.

    Args:
        explain_expr: a formula (without "=") explaining the computed score: a call of SCORE_EXPLAIN or
            :func:`native_explanation`.
        actual, manual, score: references of the row's cells.
        weight: the row's points, named when 人工认定得分 is out of range.
    """
    upper = f"至{fmt(weight)}" if weight is not None else "以上"
    return (f'=IF({manual}<>"",IF(ISNUMBER({score}),{text("人工认定得分")}&{score}&{text("分（以人工认定为准）")},'
            f'{text(f"人工认定得分应为0{upper}分之间的数字")}),'
            f'IF({_not_applicable(actual)},{text("该指标不适用，不参与评分，总分按适用指标折算")},{explain_expr}))')


def execution_score(*, budget: str, executed: str, weight: float) -> str:
    """预算执行率 score: weight × MIN(全年执行数 ÷ 全年预算数, 1); "" while either is blank."""
    return (f'=IF(OR({budget}="",{executed}=""),"",'
            f'IF(AND(ISNUMBER({budget}),ISNUMBER({executed})),'
            f'IF(OR({budget}<0,{executed}<0),NA(),'
            f'IF({budget}=0,{text(NOT_APPLICABLE)},{number(weight)}*MIN({executed}/{budget},1))),NA()))')


def execution_rate(*, budget: str, executed: str, score: str) -> str:
    """执行率 (a fraction shown as %), blank while the execution score is not a number."""
    return f'=IF(ISNUMBER({score}),{executed}/{budget},"")'


def execution_explanation(*, budget: str, executed: str, score: str) -> str:
    """The execution score in words."""
    return (f'=IF(ISNUMBER({score}),{text("执行率")}&ROUND({executed}/{budget}*100,2)'
            f'&{text("%（全年执行数÷全年预算数）")}&IF({executed}>{budget},{text("，超过100%按100%计")},"")'
            f'&{text("，得")}&ROUND({score},2)&{text("分")},'
            f'IF(ISERROR({score}),{text("全年预算数和全年执行数应为不小于0的数字")},'
            f'IF({score}={text(NOT_APPLICABLE)},{text("全年预算数为0，预算执行率不适用")},'
            f'{text("请填写全年预算数和全年执行数（万元）")})))')


def _unscored(scores: str, count: int, execution: str) -> str:
    """How many rows (and 预算执行率) hold neither a number nor 不适用."""
    return (f'({count}-COUNT({scores})-COUNTIF({scores},{text(NOT_APPLICABLE)})'
            f'+IF(ISNUMBER({execution}),0,IF(ISERROR({execution}),1,IF({execution}={text(NOT_APPLICABLE)},0,1))))')


def total(*, scores: str, cells: list[str], weights: list[float], execution: str,
          execution_weight: float, refused: bool = False) -> str:
    """总分: the row scores plus the execution score, rounded to 2 decimals.

    While any row is unscored it shows 未完成评分：N项 instead. Rows marked 不适用 drop out and the
    total is rescaled to 100 over the applicable points, as :func:`perfeval_xl.core.totals.score_table` does.

    Args:
        scores: the score range ($M$12:$M$21); cells: each row's score cell; weights: each row's points.
        execution: the execution score cell; execution_weight: its points.
        refused: True for a table that cannot be graded at all (weights over 100, a negative weight):
            未完成评分 whatever is typed, counting the refusal as one item more, as the core does.
    """
    missing = _unscored(scores, len(cells), execution)
    if refused:
        return f'={text("未完成评分：")}&({missing}+1)&{text("项")}'

    points = f"(SUM({scores})+IF(ISNUMBER({execution}),{execution},0))"
    dropped = f"(COUNTIF({scores},{text(NOT_APPLICABLE)})+IF(ISNUMBER({execution}),0,1))"
    possible = "(" + "+".join([f"ISNUMBER({c})*{number(w)}" for c, w in zip(cells, weights)]
                              + [f"ISNUMBER({execution})*{number(execution_weight)}"]) + ")"
    return (f'=IF({missing}>0,{text("未完成评分：")}&{missing}&{text("项")},'
            f'IF({dropped}=0,ROUND({points},2),'
            f'IF({possible}<=0,{text("全部指标不适用，无法计算总分")},ROUND({points}/{possible}*100,2))))')


def grade(total_cell: str) -> str:
    """等级 from 总分 (优/良/中/差, 财预〔2020〕10号); repeats 总分's message while it is not a number."""
    chain = text(LOWEST_GRADE)
    for low, name in reversed(GRADE_BANDS):
        chain = f"IF(ROUND({total_cell},2)>={number(low)},{text(name)},{chain})"
    return f"=IF(ISNUMBER({total_cell}),{chain},{total_cell})"


def grade_note() -> str:
    """The grade bands in words, printed beside 等级."""
    parts = []
    for i, (low, name) in enumerate(GRADE_BANDS):
        if i == 0:
            parts.append(f"{fmt(low)}分（含）以上为{name}")
        else:
            parts.append(f"{fmt(low)}（含）-{fmt(GRADE_BANDS[i - 1][0])}分为{name}")
    return "，".join(parts) + f"，{fmt(GRADE_BANDS[-1][0])}分以下为{LOWEST_GRADE}"
