"""Checking a target table before anyone scores it: does each row's 评（扣）分标准 agree with its own
columns, and do the weights add up?

Findings (each names the row and says what to fix, in Chinese):
- ``target_mismatch``: the text's full-score line differs from the 指标值 column (the seed's 成本节约率
  says ≥100% but its text gives full marks at ≥0).
- ``weights_total``: the weights do not add to 90 (100 when the table lists 预算执行率 as a row); above
  100 with 预算执行率 the table gets no total or grade (:func:`perfeval_xl.core.totals.weights_over`).
- ``weight_mismatch``: the text states a 分值 that differs from the weight column (the column is used).
- ``missing_weight``: a row has no weight.
- ``negative_weight``: a row's weight is below 0 (the row is not scored, so the table gets no total).
- ``qualitative_no_grades``: a 定性 row whose text gives no grades.
- ``unit_mismatch``: a unit in the text differs from the 计量单位 column (公斤/月/人 and 公斤 agree).
- ``uncapped_bonus``: the text adds points above the line but sets no highest score.
- ``unreadable``: the parser cannot read the text (the row will need SCORE_* or a manual score).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import ParseError
from .parser import parse_rule
from .parser.clauses import read
from .parser.conditions import scan
from .parser.normalize import for_unit, normalize, normalize_unit, same_unit
from .rules import Banded, Deduct, Discretionary, Exempt, Gated, Qualitative, Rule, Slope, Threshold
from .score import fmt
from .table import Indicator, Table
from .totals import EXECUTION_NAME, weights_over
from .values import SILENT_UNITS

#: Points the indicator rows add up to without and with a 预算执行率 row (财预〔2020〕10号: 90 + 10).
INDICATOR_TOTAL, FULL_TOTAL = 90.0, 100.0


@dataclass(frozen=True)
class Finding:
    """One problem: ``row`` is the 三级指标 ("" for the whole table), ``code`` a stable id, ``message``
    the Chinese sentence saying what is wrong and what to fix."""

    row: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}：{self.message}" if self.row else self.message


def _full_line(rule: Rule) -> tuple[str, float] | None:
    """The (op, value) where the rule starts giving full marks, for kinds that have one."""
    if isinstance(rule, (Exempt, Gated)):
        return _full_line(rule.rule)
    if isinstance(rule, Deduct):
        if rule.direction == "below":
            return "≥", rule.line
        if rule.direction == "above":
            return "≤", rule.line
        return "=", rule.line
    if isinstance(rule, (Threshold, Discretionary)):
        return rule.op, rule.target
    if isinstance(rule, Slope):
        return "≥", rule.line
    if isinstance(rule, Banded) and not rule.absolute and all(b.points >= 0 for b in rule.bands):
        full = [b for b in rule.bands if not b.is_range and b.points >= rule.weight - 1e-9]
        if len(full) == 1:
            b = full[0]
            if b.low is not None and b.high is None:
                return ("≥" if b.low_inclusive else ">"), b.low
            if b.high is not None and b.low is None:
                return ("≤" if b.high_inclusive else "<"), b.high
            if b.low is not None and b.low == b.high:
                return "=", b.low
    return None


def _top_award(reading) -> float | None:
    """The most a text awards in points, where it names the top score only as points (计5分), not as
    满分, a share of the weight, a bonus or a cap."""
    outcomes = {c.outcome for c in reading.clauses}
    if outcomes & {"full", "share", "share_range", "half", "add", "sub", "deduct", "proportional", "discretion"} \
            or reading.cap_points is not None or reading.formula or any(c.step and c.step.add for c in reading.clauses):
        return None
    awards = [v for c in reading.clauses if c.outcome in ("points", "trailing", "range")
              for v in (c.value, c.value_high) if v is not None]
    return max(awards) if awards else None


def _missing(weight: float | None) -> bool:
    """No weight: None, or NaN (a parsed rule that could not learn one)."""
    return weight is None or (isinstance(weight, float) and math.isnan(weight))


def _text_units(reading) -> set[str]:
    """Units written after the bounds of the text's conditions (numbers with ≥, 以上 …) and its steps;
    not after scores, and not %, which on a row in another unit is a share of the target."""
    units = set()
    for clause in reading.clauses:
        units |= {n.unit for n in scan(clause.condition) if n.op is not None}
        if clause.step is not None:
            units.add(clause.step.unit)
    return {u for u in units if u and u != "%" and u not in SILENT_UNITS and not u.startswith(("分", "点"))}


def lint_row(ind: Indicator) -> list[Finding]:
    """The findings for one indicator row."""
    out = []
    name = ind.name
    text = (ind.rule_text or "").strip()
    if _missing(ind.weight):
        out.append(Finding(name, "missing_weight", "没有填写分值，请在备注或分值列写明（如“10分”）"))
    elif ind.weight < 0:
        out.append(Finding(name, "negative_weight", f"分值为负数（{fmt(ind.weight)}分），该指标不评分、不计算总分，请改为正数"))
    if not text:
        if ind.qualitative:
            out.append(Finding(name, "qualitative_no_grades",
                               "定性指标没有评（扣）分标准，只能按通行做法给出分数区间并人工认定；请写明各等级得分"
                               "（如“有效得满分，一般得3分，较差不得分”）"))
        return out
    reading = read(for_unit(normalize(text), normalize_unit(ind.unit)))
    stated = reading.weight
    if stated is not None and not _missing(ind.weight) and abs(stated - ind.weight) > 1e-9:
        out.append(Finding(name, "weight_mismatch",
                           f"评分标准写明分值{fmt(stated)}分，但分值列为{fmt(ind.weight)}分；评分按分值列计算，"
                           f"请核对后统一"))

    odd = sorted(u for u in _text_units(reading) if not same_unit(u, ind.unit)) if ind.unit and not ind.qualitative \
        else []
    if odd:
        out.append(Finding(name, "unit_mismatch",
                           f"评分标准中的单位“{'、'.join(odd)}”与计量单位“{ind.unit}”不一致，请统一"))
    try:
        rule = parse_rule(text, op=ind.op, target=ind.target, unit=ind.unit, weight=ind.weight)
    except ParseError as error:
        if not odd:  # a unit clash is why the parser declines; the finding above says what to fix
            out.append(Finding(name, "unreadable", f"评分标准无法自动识别：{error}"))
        return out
    top = _top_award(reading) if stated is None and not _missing(ind.weight) else None
    if top is not None and abs(top - ind.weight) > 1e-9:
        out.append(Finding(name, "weight_mismatch",
                           f"评分标准最高得{fmt(top)}分，但分值列为{fmt(ind.weight)}分，请核对后统一"))
    inner = rule
    while isinstance(inner, (Exempt, Gated)):
        inner = inner.rule
    if isinstance(inner, Slope) and inner.up and inner.cap is None:
        out.append(Finding(name, "uncapped_bonus", "评分标准有加分但没有规定加分上限，得分可能超过分值；"
                                                   "请写明最高得分（如“最高10分”）"))
    if ind.qualitative and not isinstance(rule, Qualitative):
        out.append(Finding(name, "qualitative_no_grades",
                           "定性指标的评分标准没有列出等级及其得分，请写明（如“有效得满分，一般得3分，较差不得分”）"))
    target = ind.numeric_target
    line = _full_line(rule)
    if target is not None and line is not None and not ind.qualitative:
        op, value = line
        if not math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9):
            shown = f"{fmt(value)}{'%' if normalize_unit(ind.unit) == '%' else ind.unit}"
            out.append(Finding(name, "target_mismatch",
                               f"指标值为{ind.op}{fmt(target)}{ind.unit}，但评分标准在{op}{shown}时即得满分，"
                               f"两者不一致；请核对指标值或评分标准"))
    return out


def lint_table(table: Table) -> list[Finding]:
    """Every finding for a table: row by row, then the weight total."""
    findings = [f for ind in table.indicators for f in lint_row(ind)]
    weights = [ind.weight for ind in table.indicators if not _missing(ind.weight)]
    with_execution = any(ind.name == EXECUTION_NAME for ind in table.indicators)
    expected = FULL_TOTAL if with_execution else INDICATOR_TOTAL
    total = sum(weights)
    if weights and not math.isclose(total, expected, abs_tol=1e-6):
        why = "（含预算执行率）" if with_execution else f"（另有{EXECUTION_NAME}{fmt(table.execution_weight)}分）"
        over = "；超过100分，不计算总分和等级" if weights_over(table) else ""
        findings.append(Finding("", "weights_total",
                                f"各指标分值合计{fmt(total)}分，应为{fmt(expected)}分{why}{over}；请调整分值"))
    return findings


__all__ = ["Finding", "lint_row", "lint_table"]
