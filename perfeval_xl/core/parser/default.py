"""The national default for a row without 评（扣）分标准 (财预〔2020〕10号, CONVENTIONS.md §1.4).

≥ rows: min(actual/target, 1) × weight; ≤ rows: min(target/actual, 1) × weight (an actual of 0
scores full; a target of 0 is compared, not divided by); = rows: full when equal, otherwise needs
review; 定性 rows: 达成 / 部分达成 / 未达成 give the ranges [80%, 100%], [60%, 80%), [0, 60%) of the
weight and need review.
"""

from __future__ import annotations

from ..rules import Grade, Qualitative, Ratio, Rule, Threshold
from .build import Context, fail

READING = "该行没有评（扣）分标准，按全国通行做法（财预〔2020〕10号）计分"


def default_rule(ctx: Context) -> Rule:
    weight = ctx.need_weight("（空）")
    common = ctx.common(READING)
    if ctx.op == "定性":
        grades = (Grade("达成", 0.8 * weight, weight), Grade("部分达成", 0.6 * weight, 0.8 * weight),
                  Grade("未达成", 0.0, 0.6 * weight))
        return Qualitative(grades=grades, **common)
    if ctx.op not in ("≥", ">", "≤", "<", "="):
        raise fail("该行没有评（扣）分标准，指标值类型也不是 ≥、≤、=、定性 之一，无法套用通行评分方法", "threshold")
    target = ctx.need_target("（空）")
    if ctx.op == "=":
        return Threshold(op="=", target=target, otherwise=None, **common)
    direction = "higher" if ctx.op in ("≥", ">") else "lower"
    return Ratio(target=target, direction=direction, cap=True, **common)
