"""Turning the clauses read from a rule text into one rule kind.

Order of precedence: a 得分=… formula (Linear / Ratio), per-step deductions or bonuses (Deduct /
Slope), 按比例得分 (Ratio), 酌情扣分 (Discretionary), number bands (Threshold / Banded), and grade
words (Qualitative). Anything that does not fit raises ParseError naming the SCORE_* function to
use instead.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

import numpy as np

from ..errors import ParseError
from ..rules import (Answer, Band, Banded, Case, Declined, Deduct, Discretionary, Exempt, Gated, Grade, Linear, Manual, Qualitative,
                     Ratio, Rule, Slope, Threshold)
from ..rules.answer import NEGATIONS as ANSWER_NEGATIONS
from ..score import fmt
from ..values import RANK_UNITS
from . import conditions as cond
from .clauses import AWARD_WORDS, Clause, Reading, Step
from .normalize import same_unit
from .vocabulary import COMPARE_BEFORE, COUNT_UNITS, FRACTION_WORDS, OTHERWISE_WORDS, TARGET_NOUNS, alternation

HINTS = {
    "deduct": "SCORE_DEDUCT(实际值, 基准值, 分值, 每档间隔, 每档扣分, 扣分方向)，如 =SCORE_DEDUCT(H8,38,10,1,\"5%\")",
    "banded": "SCORE_BANDED(实际值, 分档标准, 分值)，如 =SCORE_BANDED(H7,\"100:10;90:8;80:4;0:0\")",
    "linear": "SCORE_LINEAR(实际值, 零分点, 满分点, 分值, 目标值)，如 =SCORE_LINEAR(H6,60%,95%,10,95%)",
    "threshold": "SCORE_THRESHOLD(实际值, 目标值, 分值, 比较符)，如 =SCORE_THRESHOLD(H5,0,5,\"=\")",
    "grade": "SCORE_GRADE(等级, 等级得分)，如 =SCORE_GRADE(H11,\"有效:5;一般:3;较差:0\")",
}


def fail(message: str, hint: str = "banded") -> ParseError:
    signature, example = HINTS[hint].split("，如 ")
    return ParseError(f"{message}。请改用 {signature} 写明评分参数（例如 {example}），或填写人工认定得分。")


@dataclass
class Context:
    """The row's columns as the parser uses them."""

    op: str | None  # ≥ > ≤ < = 定性 or None
    target: float | None
    unit: str
    weight: float | None
    notes: list[str]
    target_text: str = ""  # the row's 指标值 when it is words, not a number

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    def need_weight(self, what: str) -> float:
        if self.weight is None or math.isnan(self.weight):
            raise fail(f"评分标准“{what}”需要该指标分值，但评分标准和分值列都没有给出", "threshold")
        return self.weight

    def need_target(self, what: str) -> float:
        if self.target is None:
            raise fail(f"评分标准“{what}”需要数值型的指标值（目标值），但该行指标值不是数字", "threshold")
        return self.target

    def reading(self, *extra: str) -> str:
        return "；".join(part for part in (*self.notes, *extra) if part)

    def common(self, *extra: str) -> dict:
        return {"weight": self.weight if self.weight is not None else math.nan, "unit": self.unit,
                "row_target": self.target, "reading": self.reading(*extra)}


# -- helpers --------------------------------------------------------------------------------------

def _interval(clause: Clause) -> tuple[cond.Interval | None, bool]:
    interval, _, shortfall = cond.find(clause.condition)
    if interval is not None and interval.empty:
        raise fail(f"评分标准“{clause.text}”中的条件无法同时满足")
    return interval, shortfall


def _relative_factor(clause: Clause, r: Reading, ctx: Context) -> float | None:
    """× target/100 when the clause's numbers are shares of the target: the text defines 完成率 as
    actual/target, or a percent bound sits on a row that is not in percent (达到指标值80%以上)."""
    if r.completion or (not ctx.percent and any(n.unit == "%" for n in cond.scan(clause.condition))):
        target = ctx.need_target(clause.text)
        if not r.completion:
            note = "评分标准中的百分比按指标值的百分比理解（如80%即指标值×80%）"
            if note not in ctx.notes:
                ctx.notes.append(note)
        return target / 100
    return None


def _scale(interval: cond.Interval, factor: float) -> cond.Interval:
    """Bounds on 完成率 (percent) as bounds on the value: × target / 100."""
    def one(b):
        return None if b is None else cond.Bound(b.value * factor, b.inclusive, b.strength)
    return cond.Interval(one(interval.low), one(interval.high), interval.absolute, interval.point)


def _value_interval(clause: Clause, r: Reading, ctx: Context) -> cond.Interval | None:
    """The clause's condition on the row's value (a 完成率 condition scaled by the target)."""
    interval, _ = _interval(clause)
    factor = _relative_factor(clause, r, ctx) if interval is not None else None
    return interval if factor is None else _scale(interval, factor)


# -- gates: clauses a formula or step rule does not reproduce -------------------------------------

_GATE_OUTCOMES = ("full", "zero", "points", "trailing", "share", "half")


def _samples(iv: cond.Interval) -> list[float]:
    lo = iv.low.value if iv.low else None
    hi = iv.high.value if iv.high else None
    if lo is not None and hi is not None:
        out = [lo + (hi - lo) * f for f in (0.25, 0.5, 0.75)] if hi > lo else [lo]
    elif lo is not None:
        out = [lo + d for d in (0.01, 0.5, 1, 10, 100)]
    elif hi is not None:
        out = [hi - d for d in (0.01, 0.5, 1, 10, 100)]
    else:
        out = []
    for b in (iv.low, iv.high):
        if b is not None and b.inclusive:
            out.append(b.value)
    return out + [-x for x in out] if iv.absolute else out


def _line_of(rule: Rule) -> float | None:
    if isinstance(rule, (Deduct, Slope)):
        return rule.line
    if isinstance(rule, Ratio):
        return rule.target
    if isinstance(rule, Linear):
        return rule.full_at * rule.target if rule.target is not None else rule.full_at
    return None


def gated(rule: Rule, r: Reading, ctx: Context, clauses: list[Clause]) -> Rule:
    """``rule``, with the bands of ``clauses`` it does not reproduce laid over it; a band that would
    take points away at the rule's own full-score line contradicts the rule (ParseError)."""
    bands = []
    for c in clauses:
        if c.step or c.outcome not in _GATE_OUTCOMES or _foreign(c, ctx):
            continue
        interval = _value_interval(c, r, ctx)
        if interval is None:
            continue
        pts, _ = _points(c, ctx)
        xs = np.array(_samples(interval), dtype=float)
        if xs.size and np.allclose(np.asarray(rule.points(xs), dtype=float), pts, atol=1e-6):
            continue  # the rule already gives what the clause says
        line = _line_of(rule)
        probe = cond.Interval(interval.low, interval.high, interval.absolute)
        if line is not None and _contains(probe, line) and pts < float(rule.points(line)) - 1e-9:
            raise fail(f"评分标准“{c.text}”与满分条件矛盾（可能是相对于目标值的写法）", "deduct")
        bands.append(_Band(interval, pts, None, c.text))
    if not bands:
        return rule
    gate = Banded(bands=tuple(_resolve(bands)), absolute=any(b.interval.absolute for b in bands), **ctx.common())
    return Gated(rule=rule, gate=gate, **ctx.common())


def _contains(iv: cond.Interval, x: float) -> bool:
    v = abs(x) if iv.absolute else x
    if iv.low is not None and (v < iv.low.value or (v == iv.low.value and not iv.low.inclusive)):
        return False
    if iv.high is not None and (v > iv.high.value or (v == iv.high.value and not iv.high.inclusive)):
        return False
    return True


def _is_full(clause: Clause, weight: float | None) -> bool:
    if clause.outcome == "full":
        return True
    return clause.outcome in ("points", "trailing") and weight is not None and clause.value is not None \
        and abs(clause.value - weight) < 1e-9


def _row_band(ctx: Context) -> cond.Interval | None:
    """The interval "meets the row's target" means, for clauses that give no number."""
    if ctx.target is None or ctx.op not in ("≥", ">", "≤", "<", "="):
        return None
    b = cond.Bound(ctx.target, ctx.op in ("≥", "≤", "="), cond.EXPLICIT)
    if ctx.op in ("≥", ">"):
        return cond.Interval(low=b)
    if ctx.op in ("≤", "<"):
        return cond.Interval(high=b)
    return cond.Interval(b, b, point=True)


def _uncovered(bands) -> list[cond.Interval]:
    """The stretches of the number line no band covers (for 否则/其他 clauses)."""
    edges = sorted(bands, key=lambda b: -math.inf if b.interval.low is None else b.interval.low.value)
    out, reach, reach_incl = [], -math.inf, False
    for b in edges:
        lo = b.interval.low
        lo_v = -math.inf if lo is None else lo.value
        if lo_v > reach or (lo_v == reach and not reach_incl and lo is not None and not lo.inclusive):
            low = None if reach == -math.inf else cond.Bound(reach, not reach_incl, cond.EXPLICIT)
            out.append(cond.Interval(low, cond.Bound(lo_v, not lo.inclusive, cond.EXPLICIT)))
        hi = b.interval.high
        hi_v = math.inf if hi is None else hi.value
        if hi_v > reach or (hi_v == reach and hi is not None and hi.inclusive):
            reach, reach_incl = hi_v, hi is None or hi.inclusive
    if reach != math.inf:
        out.append(cond.Interval(low=cond.Bound(reach, not reach_incl, cond.EXPLICIT)))
    return out


def _complement(interval: cond.Interval) -> cond.Interval | None:
    if interval.low is not None and interval.high is None:
        return cond.Interval(high=cond.Bound(interval.low.value, not interval.low.inclusive, cond.CONVENTION))
    if interval.high is not None and interval.low is None:
        return cond.Interval(low=cond.Bound(interval.high.value, not interval.high.inclusive, cond.CONVENTION))
    return None


def _points(clause: Clause, ctx: Context) -> tuple[float, float | None]:
    """The points (or range) a clause's outcome gives."""
    o, v = clause.outcome, clause.value
    if o == "full":
        return ctx.need_weight(clause.text), None
    if o == "zero":
        return 0.0, None
    if o in ("points", "trailing", "base"):
        return v, None
    if o == "range":
        lo, hi = sorted((v, clause.value_high))
        return lo, hi
    if o == "deduct":
        return ctx.need_weight(clause.text) - v, None
    if o == "add":
        return v, None
    if o == "sub":
        return -v, None
    if o == "share":
        return v / 100 * ctx.need_weight(clause.text), None
    if o == "share_range":
        lo, hi = sorted((v, clause.value_high))
        weight = ctx.need_weight(clause.text)
        return lo / 100 * weight, hi / 100 * weight
    if o == "half":
        return 0.5 * ctx.need_weight(clause.text), None
    if o in ("discretion", "unspecified"):
        return 0.0, ctx.need_weight(clause.text)
    raise fail(f"无法识别评分标准中的“{clause.text}”")


# -- formulas ------------------------------------------------------------------------------------

_LINEAR = re.compile(r"\(\s*(?P<var>[^()\-]{0,16}?)\s*-\s*(?P<a>\d+(?:\.\d+)?)(?P<ap>%?)\s*\)\s*/\s*\("
                     r"\s*(?P<b>\d+(?:\.\d+)?)(?P<bp>%?)\s*-\s*\d+(?:\.\d+)?%?\s*\)"
                     r"\s*\*?\s*(?P<w>\d+(?:\.\d+)?|[^\d\s]{1,8})?")
_RATIO = re.compile(r"^(?P<var>[^*]{1,40}?)\s*\*\s*(?P<w>\d+(?:\.\d+)?|[^\d\s]{1,10})$")


def _frac(number: str, pct: str, percent_context: bool) -> float:
    x = float(number)
    return x / 100 if pct or (percent_context and x > 1.5) else x


def _formula_weight(w: str | None, ctx: Context) -> None:
    if w and w[0].isdigit() and ctx.weight is not None and abs(float(w) - ctx.weight) > 1e-9:
        ctx.notes.append(f"公式中的分值{w}与该指标分值{fmt(ctx.weight)}不一致，按{fmt(ctx.weight)}分计")
    if ctx.weight is None and w and w[0].isdigit():
        ctx.weight = float(w)


#: A clause comparing with the target itself (实际值≤目标值得满分): full marks there cap a ratio.
_TARGET_NAMED = re.compile("(" + alternation(COMPARE_BEFORE) + ")(?:" + alternation(TARGET_NOUNS) + ")")


def build_formula(r: Reading, ctx: Context) -> Rule:
    f = r.formula
    m = _LINEAR.search(f)
    if m:
        _formula_weight(m.group("w"), ctx)
        ctx.need_weight(f)
        any_pct = bool(m.group("ap") or m.group("bp"))
        var = m.group("var")
        if r.completion or ("完成率" in var and not ctx.percent):
            target = ctx.need_target(f)
            zero, full = _frac(m.group("a"), m.group("ap"), any_pct), _frac(m.group("b"), m.group("bp"), any_pct)
            reading = "完成率按评分标准定义的“实际完成值/目标值”计算，未把实际值直接代入公式"
            return gated(Linear(zero_at=zero, full_at=full, target=target, **ctx.common(reading)), r, ctx, r.clauses)
        scale = 100 if ctx.percent else 1
        zero = _frac(m.group("a"), m.group("ap"), any_pct) * (scale if any_pct else 1)
        full = _frac(m.group("b"), m.group("bp"), any_pct) * (scale if any_pct else 1)
        reading = "公式中的变量按实际值直接代入" if "率" in var else ""
        return gated(Linear(zero_at=zero, full_at=full, **ctx.common(reading)), r, ctx, r.clauses)
    m = _RATIO.search(re.sub(r"\*\s*100%(?=\s*\*)", "", f.replace("乘以", "*")))
    if m and "-" not in f:
        _formula_weight(m.group("w"), ctx)
        ctx.need_weight(f)
        var = m.group("var")
        if "/" in var:
            target = ctx.need_target(f)
            reading = ""
        elif r.completion:
            target = ctx.need_target(f)
            reading = "完成率按评分标准定义的“实际完成值/目标值”计算"
        elif ctx.percent:
            target, reading = 100.0, "得分=完成率×分值，完成率取实际值（百分比）"
        else:
            raise fail(f"无法确定公式“{f}”中的变量如何由实际值得到", "linear")
        direction = "lower" if ctx.op in ("≤", "<") else "higher"
        cap = True if (r.cap or any(_is_full(c, ctx.weight) and (_interval(c)[0] is not None or _TARGET_NAMED.search(c.condition))
                                    for c in r.clauses)) \
            else None
        rule = Ratio(target=target, direction=direction, cap=cap,
                     **ctx.common(reading, "" if cap else "评分标准未规定上限，超过目标需人工认定"))
        return gated(rule, r, ctx, r.clauses)
    raise fail(f"无法识别计算公式“得分={f}”", "linear")


# -- steps ---------------------------------------------------------------------------------------

def build_steps(r: Reading, ctx: Context) -> Rule:
    steps = [c for c in r.clauses if c.step]
    deducts = [c for c in steps if not c.step.add]
    adds = [c for c in steps if c.step.add]
    if len(deducts) > 1 or len(adds) > 1:
        raise fail(f"评分标准含多项分别计算的扣分或加分（“{steps[0].step.text}”“{steps[1].step.text}”），"
                   f"需要按项目分别填写", "deduct")
    if len(steps) == 1 and steps[0].step.award:
        return build_award(r, ctx, steps[0])
    if ctx.weight is None and r.cap_points is None and all(c.step.add for c in steps):
        # bonuses without a 分值 or a cap (超过30%以上，每超过20%加1分): no score can be fixed
        return Declined(note=f"评分标准只规定加分（“{steps[0].step.text}”），未给出该指标分值或加分上限，无法计算得分",
                        **ctx.common())
    others = [c for c in r.clauses if not c.step and c.outcome not in ("formula",)]
    full = next((c for c in others if _is_full(c, ctx.weight) or c.outcome in ("points", "trailing", "base")), None)
    zero_below = next((c for c in others if c.outcome == "zero" and _interval(c)[0] is None
                       and _OTHERWISE.search(c.condition.strip(" ,"))), None)
    base = None
    line = None
    line_direction = None
    tolerance = 0.0
    if full is not None:
        base = _points(full, ctx)[0] if full.outcome != "full" else None
        interval = None if _foreign(full, ctx) else _interval(full)[0]
        if interval is not None and interval.absolute and interval.high is not None and interval.low is None:
            line, line_direction, tolerance = 0.0, "both", interval.high.value  # ±30%以内得满分
        elif interval is not None:
            symmetric = len(deducts) == 1 and deducts[0].step.direction == "both" and not adds
            if symmetric and interval.low and interval.high and not interval.point:
                # 在95%-105%之间得满分，每偏离1个百分点扣0.5分: measured from the nearer end of the band
                low, high = interval.low.value, interval.high.value
                line, line_direction, tolerance = (low + high) / 2, "both", (high - low) / 2
            elif interval.point or (interval.low and interval.high):
                line = interval.low.value
            elif interval.low is not None:
                line, line_direction = interval.low.value, "below"
            elif interval.high is not None:
                line, line_direction = interval.high.value, "above"
    main = deducts[0] if deducts else adds[0]
    step = main.step
    if line is None:
        interval = None if _foreign(main, ctx) else _interval(main)[0]
        if interval is not None and not (interval.low and interval.high):
            if interval.high is not None:
                line, line_direction = interval.high.value, "below"
            elif interval.low is not None:
                line, line_direction = interval.low.value, "above"
    if line is None:
        if ctx.target is not None:
            line = ctx.target
        elif step.event:
            line = 0.0
            ctx.notes.append("按发生次数计扣分（0次得满分）")
        else:
            raise fail(f"评分标准“{main.text}”没有写明满分线，且指标值不是数字", "deduct")
    if ctx.weight is None and base is not None:
        ctx.weight = base
    weight = ctx.need_weight(main.text)
    base = weight if base is None else base
    proportional = next((c for c in others if c.outcome == "proportional"), None)
    if proportional is not None and adds and not deducts and ctx.target and line == ctx.target > 0 \
            and abs(base - weight) < 1e-9:
        # 按完成比例计分，每超1例计2分: below the target the ratio (a straight line from 0), above it the bonus
        ctx.notes.append("未达到指标值时按完成比例计分")
        rule = _slope(r, ctx, line, base, [], adds, None)
        rule = dataclasses.replace(rule, down=weight / line, down_step=1.0, floor=True)
        return gated(rule, r, ctx, [c for c in others if c is not proportional])
    if adds or base < weight - 1e-9:
        rule = _slope(r, ctx, line, base, deducts, adds, zero_below)
        if adds and not deducts and full is None:
            # 每增加1个加1分，最多加3分: no clause says what the score is before the bonus (the 分值? 0?)
            return Declined(note=f"评分标准只规定加分（“{adds[0].step.text}”），未写明加分的起点（基础分），无法计算得分",
                            **ctx.common())
        return gated(rule, r, ctx, [c for c in others if c is not full])  # the base clause is the Slope's own
    direction = step.direction
    if step.unit in RANK_UNITS or (ctx.unit in RANK_UNITS and step.unit in ("", "名", "位")):
        direction = "above"  # a rank falls as its number grows: 每下降一名 is one place further down
    if line_direction == "both":
        direction = "both"
    if direction is None or (step.event and line_direction is None and direction == "above"):
        direction = line_direction or direction
    if direction is None:
        direction = {"≥": "below", ">": "below", "≤": "above", "<": "above"}.get(ctx.op or "", "above")
    if direction == "below" and line == 0 and ctx.target in (0, None) and not step.add and step.unit != "%":
        # nothing falls short of 0: what is typed is the number missing (少1人档扣1分 on a 0人 row)
        direction = "above"
        ctx.notes.append("实际值按缺少（未达要求）的数量填写，0个得满分")
    _check_unit(step.unit, main, ctx)
    per, pct = _per_step(step, weight)
    relative = step.unit == "%" and not ctx.percent
    floor = r.floor
    if floor is None and (r.max_deduct is not None or pct is not None):
        floor = True  # a deduction counted in shares of the weight (扣权重分的1%) ends with the weight
    if r.completion and ctx.target is not None and step.unit == "%":
        line, relative = (ctx.target if line == 100 else line / 100 * ctx.target), True
        ctx.notes.append("完成率按评分标准定义的“实际完成值/目标值”计算")
    if relative and line == 0:
        raise fail(f"评分标准“{main.text}”按百分比计算差距，但满分线为0，无法计算", "deduct")
    rule = Deduct(line=line, step=step.size, deduct=per, deduct_pct=pct, direction=direction, relative=relative,
                  tolerance=tolerance, max_deduct=r.max_deduct, floor=floor, **ctx.common())
    return gated(rule, r, ctx, others)


def build_award(r: Reading, ctx: Context, clause: Clause) -> Rule:
    """Points per item counted, from nothing, up to a cap: 每完成1个得10分, 每次得1分，最多得6分."""
    step = clause.step
    _check_unit(step.unit, clause, ctx)
    bases = [c for c in r.clauses if c.outcome == "base"]  # 基本分6分，每完成1项加1分
    base = bases[0].value if len(bases) == 1 else 0.0
    most = r.cap_points if r.cap_points is not None else (base + r.bonus_cap if r.bonus_cap is not None else None)
    weight = ctx.weight if ctx.weight is not None else most
    if weight is None:
        raise fail(f"评分标准“{step.text}”没有写明最高得分，且该行没有分值", "deduct")
    ctx.weight = weight
    cap = min(most, weight) if most is not None else weight
    extra = "" if most is not None else f"评分标准未写最高得分，按该指标分值{fmt(weight)}分封顶"
    rule = Slope(line=0.0, base=base, up=step.points, up_step=step.size, down=None, below_points=None, cap=cap,
                 floor=True, **ctx.common(extra))
    others = [c for c in r.clauses if c is not clause and not c.step]
    return gated(rule, r, ctx, others)


def _check_unit(unit: str, clause: Clause, ctx: Context) -> None:
    """A step or bound in another unit than the row's (每次投诉 on a 好评率 row) counts something else."""
    if unit and unit != "%" and ctx.unit and not same_unit(unit, ctx.unit) \
            and not (ctx.unit == "分" and unit.startswith("点")):
        raise fail(f"评分标准“{clause.text}”中的单位“{unit}”与计量单位“{ctx.unit}”不一致，计的可能是另一个数量",
                   "deduct" if clause.step else "banded")


def _per_step(step, weight: float) -> tuple[float | None, float | None]:
    if step.pct is not None:
        if step.of_points is None or abs(step.of_points - weight) < 1e-9:
            return None, step.pct
        return step.of_points * step.pct / 100, None
    if step.points is None:
        raise fail(f"评分标准“{step.text}”没有写明每档扣多少分", "deduct")
    return step.points, None


def _step_points(step, weight: float) -> float:
    """Points per step, with 扣分值的5% turned into points."""
    per, pct = _per_step(step, weight)
    return per if per is not None else pct / 100 * weight


def _slope(r, ctx, line, base, deducts, adds, zero_below) -> Rule:
    weight = ctx.need_weight("")
    up = up_step = 0.0
    if adds:
        up, up_step = _step_points(adds[0].step, weight), _step_size(adds[0], line, ctx)
    down = None
    down_step = 1.0
    if deducts:
        down, down_step = _step_points(deducts[0].step, weight), _step_size(deducts[0], line, ctx)
    cap = r.cap_points if r.cap_points is not None else \
        (base + r.bonus_cap if r.bonus_cap is not None else (weight if (r.cap or r.full_marks) and adds else None))
    extra = []
    if adds and cap is None:
        extra.append("评分标准未规定加分上限，按文字不设上限")
    below = 0.0 if zero_below is not None else None
    floor = r.floor if r.floor is not None else (True if r.max_deduct is not None else None)
    # the words say which side earns: 每下降1个百分点加1分 / 每上升1个百分点扣1分 make lower better
    sides = {c.step.direction for c in adds} | {_OPPOSITE.get(c.step.direction) for c in deducts}
    sides.discard(None)
    sides.discard("both")
    if len(sides) > 1:
        raise fail(f"评分标准中加分和扣分的方向矛盾（“{adds[0].step.text}”“{deducts[0].step.text}”）", "deduct")
    reverse = sides == {"below"}
    if reverse:
        extra.append("按文字，低于基准加分、高于基准扣分")
    return Slope(line=line, base=base, up=up, up_step=up_step or 1.0, down=down, down_step=down_step,
                 below_points=below, cap=cap, floor=floor, reverse=reverse, max_deduct=r.max_deduct if deducts else None,
                 **ctx.common(*extra))


_OPPOSITE = {"below": "above", "above": "below", "both": "both"}


def _step_size(clause: Clause, line: float, ctx: Context) -> float:
    """A step in the row's unit: 每超过10% on a row that is not in % is 10% of the line (the target)."""
    step = clause.step
    if step.unit != "%" or ctx.percent:
        return step.size
    if line <= 0:
        raise fail(f"评分标准“{step.text}”按百分比计算差距，但基准为{fmt(line)}，无法计算", "deduct")
    note = "评分标准中每档的百分比按基准（指标值）的百分比理解"
    if note not in ctx.notes:
        ctx.notes.append(note)
    return step.size * line / 100


def build_interpolated(r: Reading, ctx: Context, line: Clause) -> Rule:
    """Anchor points joined by a line: 100%得满分，75%及以下得0分，其间按线性内插."""
    anchors = []
    for c in r.clauses:
        if c is line or c.step or c.outcome not in _GATE_OUTCOMES:
            continue
        interval = _value_interval(c, r, ctx)
        if interval is None or (interval.low is not None and interval.high is not None and not interval.point):
            continue
        x = (interval.low or interval.high).value
        anchors.append((x, _points(c, ctx)[0]))
    weight = ctx.need_weight(line.text)
    xs = {x for x, _ in anchors}
    zero = [x for x, p in anchors if abs(p) < 1e-9]
    full = [x for x, p in anchors if abs(p - weight) < 1e-9]
    if len(anchors) != 2 or len(xs) != 2 or len(zero) != 1 or len(full) != 1:
        raise fail(f"评分标准“{line.text}”的线性内插需要一个0分点和一个满分点", "linear")
    rule = Linear(zero_at=zero[0], full_at=full[0], **ctx.common("两个端点之间按线性内插计分"))
    return gated(rule, r, ctx, [c for c in r.clauses if c is not line])


# -- proportional and discretionary --------------------------------------------------------------

def build_ratio(r: Reading, ctx: Context, clause: Clause) -> Rule:
    ctx.need_weight(clause.text)
    target = ctx.need_target(clause.text)
    direction = "lower" if ctx.op in ("≤", "<") else "higher"
    has_full = any(_is_full(c, ctx.weight) for c in r.clauses)
    cap = True if (r.cap or has_full) else None
    extra = "" if cap else "评分标准未规定上限，超过目标需人工认定"
    rest = [c for c in r.clauses if c is not clause]
    if direction == "lower":
        # 3个以内满分，超出按比例，5个及以上不计分: in proportion between the
        # line and the zero point the text names
        zeros = [iv.low.value for c in rest if c.outcome == "zero" and not c.step and not _foreign(c, ctx)
                 for iv in [_value_interval(c, r, ctx)] if iv is not None and iv.low is not None and iv.high is None]
        if len(zeros) == 1 and zeros[0] > target:
            rule = Linear(zero_at=zeros[0], full_at=target,
                          **ctx.common(f"按比例计分读作在{fmt(target)}（满分）与{fmt(zeros[0])}（0分）之间按比例"))
            return gated(rule, r, ctx, rest)
    rule = Ratio(target=target, direction=direction, cap=cap, **ctx.common(extra))
    return gated(rule, r, ctx, rest)


def build_discretionary(r: Reading, ctx: Context, clause: Clause) -> Rule:
    target = ctx.need_target(clause.text)
    op = ctx.op if ctx.op in ("≥", ">", "≤", "<", "=") else "≥"
    extra = "" if ctx.op in ("≥", ">", "≤", "<", "=") else "指标值类型未写明方向，按“≥”理解"
    return Discretionary(op=op, target=target, **ctx.common(extra))


# -- bands ---------------------------------------------------------------------------------------

@dataclass
class _Band:
    interval: cond.Interval
    points: float
    high: float | None
    text: str


def _resolve(bands: list[_Band]) -> list[Band]:
    """Bands with each shared boundary given to the band that states it most firmly."""
    out = []
    for i, b in enumerate(bands):
        lo, hi = b.interval.low, b.interval.high
        lo_incl = lo.inclusive if lo else True
        hi_incl = hi.inclusive if hi else False
        for j, other in enumerate(bands):
            if i == j or (other.points == b.points and other.high == b.high):
                continue
            for mine, flag in ((lo, "lo"), (hi, "hi")):
                if mine is None or not (lo_incl if flag == "lo" else hi_incl):
                    continue
                strength = mine.strength
                if b.interval.point:
                    continue
                if other.interval.point and other.interval.low.value == mine.value:
                    theirs = cond.EXPLICIT + 1
                else:
                    theirs = max((ob.strength for ob in (other.interval.low, other.interval.high)
                                  if ob is not None and ob.value == mine.value and ob.inclusive), default=-1)
                if _rank(theirs) > _rank(strength):
                    if flag == "lo":
                        lo_incl = False
                    else:
                        hi_incl = False
        out.append(Band(lo.value if lo else None, hi.value if hi else None, b.points, lo_incl, hi_incl,
                        b.high))
    return out


def _rank(strength: int) -> int:
    """How firmly a shared bound is claimed: 以上/以下 (a convention) and a plain range end claim it
    alike, so a number both claim (70-90%:1分;70%以下:0分) belongs to neither for sure: needs review."""
    return cond.SOFT if strength == cond.CONVENTION else strength


def _staircase(bands: list[_Band]) -> None:
    """Open-ended bands of one direction (达到85%加1分, 达到90%以上加2分) each run up to the next."""
    ups = sorted((b for b in bands if b.interval.low and not b.interval.high and not b.interval.point),
                 key=lambda b: b.interval.low.value)
    for a, b in zip(ups, ups[1:]):
        nb = cond.Bound(b.interval.low.value, not b.interval.low.inclusive, cond.EXPLICIT)
        a.interval = cond.Interval(a.interval.low, nb, a.interval.absolute)
    downs = sorted((b for b in bands if b.interval.high and not b.interval.low and not b.interval.point),
                   key=lambda b: -b.interval.high.value)
    for a, b in zip(downs, downs[1:]):
        nb = cond.Bound(b.interval.high.value, not b.interval.high.inclusive, cond.EXPLICIT)
        a.interval = cond.Interval(nb, a.interval.high, a.interval.absolute)


def _overlap(a: cond.Interval, b: cond.Interval) -> bool:
    """True when two intervals share more than a boundary point."""
    lo = max(a.low.value if a.low else -math.inf, b.low.value if b.low else -math.inf)
    hi = min(a.high.value if a.high else math.inf, b.high.value if b.high else math.inf)
    return hi > lo


_OTHERWISE = re.compile(r"^(?:如|若|凡)?(?:" + alternation(OTHERWISE_WORDS) + r"|未[\u4e00-\u9fff]{1,4}(?:的)?$)")


_DEVIATION = re.compile(r"偏差|偏离|误差|差异|相差")


def _check_deviation(scored: list[Clause], ctx: Context) -> None:
    """Bands on a deviation (偏差在5%以内) read the actual as the deviation itself; that is only
    safe when the row's target is that deviation too (or gives no number)."""
    for c in scored:
        if not _DEVIATION.search(c.condition):
            continue
        interval, _ = _interval(c)
        numbers = {b.value for b in (interval.low, interval.high) if b is not None} if interval else set()
        if ctx.target is not None and ctx.target != 0 and ctx.target not in numbers:
            raise fail(f"评分标准“{c.text}”按偏差计分，无法确定实际值填写的是偏差本身还是完成值"
                       f"（指标值{fmt(ctx.target)}）", "banded")


def _alternatives(clause: Clause, ctx: Context) -> list[Clause]:
    """突破责任指标，或低于责任指标85%的不得分: each side of 或 is a condition of its own, worth the same."""
    parts = [p.strip(" ,") for p in clause.condition.split("或")]
    if len(parts) < 2 or not all(cond.find(p)[0] is not None or _target_compared_op(p) for p in parts):
        return [clause]
    return [dataclasses.replace(clause, condition=p) for p in parts]


def _target_compared_op(condition: str) -> str | None:
    """The operator of a comparison with the target named in words (突破责任指标 → >), or None."""
    m = _TARGET_NAMED.search(condition)
    return COMPARE_BEFORE[m.group(1)][0] if m else None


def _target_compared(clause: Clause, ctx: Context) -> cond.Interval | None:
    """A condition comparing with the target in words and no number (突破责任指标): a bound at the target."""
    op = _target_compared_op(clause.condition)
    if op is None or ctx.target is None or cond.scan(clause.condition):
        return None
    b = cond.Bound(ctx.target, op in ("≥", "≤", "="), cond.EXPLICIT)
    if op in ("≥", ">"):
        return cond.Interval(low=b)
    if op in ("≤", "<"):
        return cond.Interval(high=b)
    return cond.Interval(b, b, point=True)


def build_bands(r: Reading, ctx: Context, scored: list[Clause]) -> Rule:
    _check_deviation(scored, ctx)
    bands: list[_Band] = []
    otherwise = [c for c in scored if _interval(c)[0] is None and _OTHERWISE.search(c.condition.strip(" ,"))]
    side = _side_events(r, ctx)
    scored = [part for c in scored if c not in otherwise and c not in side for part in _alternatives(c, ctx)]
    for c in scored:
        interval, shortfall = _interval(c)
        for number in cond.scan(c.condition):
            _check_unit(number.unit, c, ctx)
        factor = _relative_factor(c, r, ctx) if interval is not None and not shortfall else None
        if factor is not None:
            interval = _scale(interval, factor)
        if interval is None:
            interval = _target_compared(c, ctx)
        if interval is None:
            interval = _row_band(ctx)
            if interval is None or not _is_full(c, ctx.weight):
                raise fail(f"评分标准“{c.text}”没有写明数值条件", "banded")
        elif shortfall:
            interval = cond.shortfall_to_values(interval, ctx.need_target(c.text))
        pts, high = _points(c, ctx)
        same = next((b for b in bands if b.interval == interval and (b.points, b.high) != (pts, high)), None)
        if same is not None:
            raise fail(f"评分标准中“{same.text}”与“{c.text}”条件相同而得分不同，可能是按项目分别计分", "banded")
        bands.append(_Band(interval, pts, high, c.text))
    extra = []
    _reach_row_direction(bands, ctx)
    if otherwise:
        rest = _uncovered(bands) if len(otherwise) == 1 and not any(b.interval.absolute for b in bands) else []
        if not rest:
            raise fail(f"评分标准“{otherwise[0].text}”所指的情形不明确", "banded")
        pts, high = _points(otherwise[0], ctx)
        bands.extend(_Band(iv, pts, high, otherwise[0].text) for iv in rest)
    # a 0-point band that contradicts the bands scoring points (超过90…不得分 next to 90及以上…得1分)
    for b in bands:
        if b.points == 0 and b.high is None:
            clash = [o for o in bands if o is not b and o.points > 0 and _overlap(b.interval, o.interval)]
            flipped = _complement(b.interval)
            if clash and flipped is not None and not any(_overlap(flipped, o.interval) for o in bands if o is not b):
                extra.append(f"“{b.text}”与其他档次矛盾，按其反面（未达到该值不得分）理解，请核对原文")
                b.interval = flipped
    if all(c.outcome == "deduct" for c in scored) and ctx.target is not None and ctx.op in ("≥", ">"):
        covered = any(b.interval.low is not None and b.interval.high is None for b in bands)
        if not covered:
            bands.append(_Band(cond.Interval(low=cond.Bound(ctx.target, True, cond.EXPLICIT)), ctx.need_weight(""),
                               None, "达到目标"))
            extra.append("达到目标不扣分")
    negative = [b for b in bands if b.points < 0 and not any(c.outcome == "sub" for c in scored)]
    for b in negative:
        if r.floor:
            b.points = 0.0
        else:
            bands.remove(b)
            extra.append(f"“{b.text}”扣分超过分值且评分标准未写“扣完为止”，该档需人工认定")
    # soft single numbers ("完成率100%") reach over the side nothing else covers
    for b in bands:
        iv = b.interval
        fraction = any(word in b.text for word in FRACTION_WORDS)
        if iv.point and (iv.low.strength == cond.SOFT or fraction):
            v = iv.low.value
            above = any(o is not b and (o.interval.high is None or o.interval.high.value > v) and
                        (o.interval.low is None or o.interval.low.value >= v) for o in bands)
            below = any(o is not b and (o.interval.low is None or o.interval.low.value < v) and
                        (o.interval.high is None or o.interval.high.value <= v) for o in bands)
            own = cond.Bound(v, True, cond.EXPLICIT)  # the number it names stays its own
            if not fraction and not above and below and ctx.op not in ("≤", "<"):
                b.interval = cond.Interval(low=own, absolute=iv.absolute)
            elif not fraction and not below and above and ctx.op not in ("≥", ">"):
                # 完成1项得1分 on a ≥ row says nothing about 0 项: the number does not reach down
                b.interval = cond.Interval(high=own, absolute=iv.absolute)
            elif below and above:
                _fill_gap_above(b, bands, own)
    _staircase(bands)
    resolved = _carve(_resolve(bands))
    if any(c.outcome in ("add", "sub") for c in scored):
        resolved += _gaps(resolved)
        extra.append("未列出的区间不加减分")
    absolute = any(b.interval.absolute for b in bands)
    top = max(max(b.points, b.points_high or b.points) for b in resolved)
    if ctx.weight is None:
        ctx.weight = top
    elif top > ctx.weight + 1e-9 and not any(c.outcome == "add" for c in scored):
        _over_weight(top, ctx)
    if len(resolved) <= 2 and not absolute:
        rule = _threshold(resolved, ctx, extra)
        if rule is not None:
            return rule
    return Banded(bands=tuple(resolved), absolute=absolute, **ctx.common(*extra))


def _reach_row_direction(bands: list[_Band], ctx: Context) -> None:
    """完成率100%得满分，否则不得分 on a ≥ row: the full-score number reaches up (on a ≤ row down)
    where no band says otherwise, before 否则 takes what is left."""
    if ctx.op not in ("≥", ">", "≤", "<"):
        return
    up = ctx.op in ("≥", ">")
    for b in bands:
        iv = b.interval
        if not (iv.point and iv.low.strength == cond.SOFT) or abs(b.points - (ctx.weight or math.nan)) > 1e-9:
            continue
        v = iv.low.value
        beyond = [o for o in bands if o is not b and ((o.interval.high is None or o.interval.high.value > v) if up
                                                       else (o.interval.low is None or o.interval.low.value < v))]
        if not beyond:
            own = cond.Bound(v, True, cond.EXPLICIT)
            b.interval = cond.Interval(low=own, absolute=iv.absolute) if up else \
                cond.Interval(high=own, absolute=iv.absolute)


def _fill_gap_above(b: _Band, bands: list[_Band], own: cond.Bound) -> None:
    """完成一半得5分，一半以下不得分，完成得满分: the single number touches the band below it, so it runs
    up to the next band (exactly half is only its lowest value)."""
    v = own.value
    lows = [o.interval.low for o in bands if o is not b and o.interval.low is not None and o.interval.low.value > v]
    touch_below = any(o is not b and o.interval.high is not None and o.interval.high.value == v for o in bands)
    covered = any(o is not b and o.interval.low is not None and o.interval.low.value <= v
                  and (o.interval.high is None or o.interval.high.value > v) for o in bands)
    if touch_below and lows and not covered:
        nearest = min(lows, key=lambda bd: bd.value)
        b.interval = cond.Interval(own, cond.Bound(nearest.value, not nearest.inclusive, cond.EXPLICIT),
                                   absolute=b.interval.absolute)


def _carve(bands: list[Band]) -> list[Band]:
    """A single-number band (全部合法合规 = 100%) inside a wider band (80%以上) is cut out of it."""
    points = [b for b in bands if b.low is not None and b.low == b.high]
    out = []
    for b in bands:
        pieces = [b]
        if b.low != b.high or b.low is None:
            for p in points:
                nxt = []
                for piece in pieces:
                    inside = (piece.low is None or piece.low < p.low) and (piece.high is None or piece.high > p.low)
                    if inside:
                        nxt.append(Band(piece.low, p.low, piece.points, piece.low_inclusive, False, piece.points_high))
                        nxt.append(Band(p.low, piece.high, piece.points, False, piece.high_inclusive,
                                        piece.points_high))
                    else:
                        nxt.append(piece)
                pieces = nxt
        out.extend(pieces)
    return out


def _over_weight(top: float, ctx: Context, hint: str = "banded") -> None:
    raise fail(f"评分标准中的得分{fmt(top)}分超过该指标分值{fmt(ctx.weight)}分，请核对评分标准或分值", hint)


def _gaps(bands: list[Band]) -> list[Band]:
    """0-point bands for the stretches of the line no band covers (bonus rules)."""
    edges = sorted(bands, key=lambda b: -math.inf if b.low is None else b.low)
    out = []
    for a, b in zip(edges, edges[1:]):
        if a.high is not None and b.low is not None and b.low > a.high:
            out.append(Band(a.high, b.low, 0.0, not a.high_inclusive, not b.low_inclusive))
        elif a.high is not None and b.low is not None and b.low == a.high and not a.high_inclusive \
                and not b.low_inclusive:
            out.append(Band(a.high, a.high, 0.0, True, True))
    return out


def _threshold(bands: list[Band], ctx: Context, extra: list[str]) -> Rule | None:
    weight = ctx.weight
    top = [b for b in bands if b.points == weight and not b.is_range]
    if len(top) != 1:
        return None
    t = top[0]
    rest = [b for b in bands if b is not t]
    if t.low is not None and t.high is None:
        op, line = ("≥" if t.low_inclusive else ">"), t.low
    elif t.high is not None and t.low is None:
        op, line = ("≤" if t.high_inclusive else "<"), t.high
    else:
        return None
    if not rest:
        return Threshold(op=op, target=line, otherwise=None, **ctx.common(*extra))
    o = rest[0]
    complement = (o.high == line and o.low is None and o.high_inclusive != t.low_inclusive) if op in ("≥", ">") \
        else (o.low == line and o.high is None and o.low_inclusive != t.high_inclusive)
    if complement and not o.is_range:
        return Threshold(op=op, target=line, otherwise=o.points, **ctx.common(*extra))
    return None


# -- grades --------------------------------------------------------------------------------------

_FILLER = re.compile(r"^(?:评分标准|评分|标准)?:?|(?:[,:的者为]|(?<![及按准同适实])时)+$|^(?:情况|的)")
_MODIFIERS = ("基本", "不", "较", "未", "部分", "大部分", "小部分", "完全", "全部", "非常", "比较", "一般", "很",
              "较为", "没有", "无", "有", "只", "既", "也", "尚", "已")


def _common_substring(labels: list[str], least: int = 3) -> str:
    first = min(labels, key=len)
    for size in range(len(first), least - 1, -1):
        for i in range(len(first) - size + 1):
            piece = first[i:i + size]
            if all(piece in label for label in labels):
                return piece
    return ""


def _common_suffix(labels: list[str]) -> str:
    suffix = labels[0]
    for label in labels[1:]:
        while suffix and not label.endswith(suffix):
            suffix = suffix[1:]
    return suffix


def grade_labels(raw: list[str]) -> list[str]:
    """Short grade words from the clause conditions: the subject the grades share is dropped."""
    labels = [_FILLER.sub("", re.sub(r"[,\s]", "", label)) for label in raw]
    labels = [_FILLER.sub("", label.rsplit(":", 1)[-1] or label) for label in labels]  # 调查结果:非常满意
    if len(labels) >= 2:
        shared = _common_substring(labels)
        if shared and not all(label.endswith(shared) for label in labels):
            trimmed = [_FILLER.sub("", label.replace(shared, "", 1)) for label in labels]
            heads = [label[:label.index(shared)] + shared for label in labels]
            if all(trimmed) and len(set(trimmed)) == len(trimmed):
                labels = trimmed  # 有效维护社会稳定 / 维护社会稳定情况一般 → 有效 / 一般
            elif len(set(heads)) == len(heads):
                labels = heads  # 达成年度指标 / 部分达成年度指标并具有一定效果 → 达成年度指标 / 部分达成年度指标
        suffix = _common_suffix(labels)
        if len(suffix) >= 2:
            stems = [label[:-len(suffix)] for label in labels]
            labels = [suffix if (len(stem) >= 3 and not stem.startswith(_MODIFIERS)) else label
                      for stem, label in zip(stems, labels)]
    return labels


def build_grades(r: Reading, ctx: Context, scored: list[Clause]) -> Rule:
    labels = grade_labels([c.condition for c in scored])
    if any(not label for label in labels) or len(set(labels)) != len(labels):
        raise fail(f"评分标准“{r.text}”的等级无法区分", "grade")
    grades = []
    for label, c in zip(labels, scored):
        pts, high = _points(c, ctx)
        if pts < 0:
            pts = 0.0 if (r.floor or c.outcome == "deduct") else pts
        # 未公开或公开不全: each alternative is a grade word of its own, worth the same
        alternatives = [a for a in label.split("或") if len(a) >= 2]
        for word in (alternatives if len(alternatives) > 1 else [label]):
            grades.append(Grade(word, pts, high))
    if len({g.label for g in grades}) != len(grades):
        raise fail(f"评分标准“{r.text}”的等级无法区分", "grade")
    top = max(max(g.points, g.points_high or g.points) for g in grades)
    if ctx.weight is not None and top > ctx.weight + 1e-9:
        _over_weight(top, ctx, "grade")
    if ctx.weight is not None and top < ctx.weight - 1e-9 and not any(c.outcome == "deduct" for c in scored) \
            and sum(g.points for g in grades) >= ctx.weight - 1e-9:
        raise fail(f"评分标准“{r.text}”是逐项得分、合计为分值的清单，不是等级；请逐项认定后填写人工认定得分", "grade")
    if ctx.weight is None:
        ctx.weight = max(max(g.points, g.points_high or g.points) for g in grades)
    return Qualitative(grades=tuple(grades), **ctx.common())


_NEGATIVE = re.compile(r"^(?:若|如|如果|凡)?(?:否则|反之|其他|其余|" + alternation(ANSWER_NEGATIONS) + ")")


def build_answer(r: Reading, ctx: Context, scored: list[Clause]) -> Rule | None:
    """A yes/no criterion: one clause giving points for doing something (制定有实施方案，得3分) and at
    most one for not doing it (否则不得分, 未列入不得分, 未完成酌情扣分); None for anything else."""
    if not 1 <= len(scored) <= 2 or any(cond.find(c.condition)[0] is not None for c in scored):
        return None
    yes, no = scored[0], scored[1] if len(scored) > 1 else None
    if yes.outcome not in ("full", "points", "trailing") or _NEGATIVE.search(yes.condition.strip(" ,")):
        return None
    if no is not None and not (_NEGATIVE.search(no.condition.strip(" ,")) and
                               no.outcome in ("zero", "points", "trailing", "deduct", "discretion", "half")):
        return None
    criterion = _FILLER.sub("", re.sub(r"[,\s]", "", yes.condition))
    if len(criterion) < 2:
        return None
    weight = _points(yes, ctx)[0]
    if ctx.weight is not None and weight > ctx.weight + 1e-9:
        return None  # an award above the 分值: build_grades says so
    if ctx.weight is None:
        ctx.weight = weight
    grades = [Grade(criterion, weight)]
    if no is not None:
        pts, high = _points(no, ctx)
        label = _FILLER.sub("", re.sub(r"[,\s]", "", no.condition)) or "否则"
        alternatives = [a for a in label.split("或") if len(a) >= 2]  # 未公开或公开不全: two ways to say no
        for word in (alternatives if len(alternatives) > 1 else [label]):
            grades.append(Grade(word, max(pts, 0.0), high))
    if len({g.label for g in grades}) != len(grades):
        return None
    also = (ctx.target_text,) if ctx.target_text else ()
    return Answer(grades=tuple(grades), criterion=criterion, also_yes=also, **ctx.common())


#: Words that pin a share to a number: 全部合法 is 100%, 完全不合法 is 0%.
_ALL = re.compile(r"^(?:全部|全都|完全|100%)(?!不)")
_NONE = re.compile(r"^(?:完全不|全部不|均不|全不|无一)")


def build_mixed(r: Reading, ctx: Context, scored: list[Clause], numeric: list[Clause]) -> Rule:
    """A % row whose grades mix shares (80%以上合法) and words (大部分合法): numbers go by band,
    typed words by grade; 全部 / 完全不 pin a word to 100% / 0%."""
    words = [c for c in scored if c not in numeric]
    labels = grade_labels([c.condition for c in words])
    pinned, cases = [], []
    for label, c in zip(labels, words):
        pts, high = _points(c, ctx)
        if high is not None:
            raise fail(f"评分标准“{c.text}”给出的是分数区间", "grade")
        cases.append(Case(label, pts))
        share = 100.0 if _ALL.search(label) else 0.0 if _NONE.search(label) else None
        if share is not None:
            pinned.append(Clause(c.text, f"={fmt(share)}%", c.outcome, c.value, c.value_high))
    rule = build_bands(r, ctx, numeric + pinned)
    return Exempt(rule=rule, cases=tuple(cases), weight=rule.weight, unit=rule.unit, row_target=rule.row_target,
                  reading=rule.reading)


def build_label_threshold(r: Reading, ctx: Context, scored: list[Clause]) -> Rule | None:
    """Numeric rows whose text names the outcome in words: 全年未发生重大安全事故得满分；发生…不得分."""
    interval = _row_band(ctx)
    if interval is None:
        return None
    full = [c for c in scored if _is_full(c, ctx.weight)]
    rest = [c for c in scored if c not in full]
    allowed = ("zero", "points", "trailing", "discretion")
    if len(full) != 1 or len(rest) > 1 or (rest and rest[0].outcome not in allowed):
        return None
    weight = ctx.need_weight(full[0].text)
    if not rest:
        return Threshold(op=ctx.op, target=ctx.target, otherwise=None, **ctx.common())
    if rest[0].outcome == "discretion":
        return build_discretionary(r, ctx, rest[0])
    pts, _ = _points(rest[0], ctx)
    if pts > weight:
        return None
    return Threshold(op=ctx.op, target=ctx.target, otherwise=pts, **ctx.common())


# -- entry point ---------------------------------------------------------------------------------

#: Rule kinds that score the value by number, next to which a worded clause is a separate event.
_NUMERIC_KINDS = (Deduct, Ratio, Linear, Slope, Gated, Banded)


def _foreign(clause: Clause, ctx: Context) -> bool:
    """True when every number of the clause's condition counts something else than the row's unit
    (出现6胎或以上 on a row counted in 个): the clause is about another event, not about the value."""
    numbers = cond.scan(clause.condition)
    return bool(numbers) and bool(ctx.unit) and all(
        n.unit and n.unit != "%" and not same_unit(n.unit, ctx.unit) and not (ctx.unit == "分" and n.unit[0] == "点")
        for n in numbers)


def _side_events(r: Reading, ctx: Context) -> list[Clause]:
    """Worded clauses about something else than the value (发生安全事故的，本项不得分): no number (or
    numbers of another unit), not the full-score condition, not 未达到/否则, not 没有该项任务."""
    return [c for c in r.clauses if c.outcome in ("zero", "points", "trailing", "deduct") and not c.step
            and (cond.find(c.condition)[0] is None or _foreign(c, ctx)) and not _is_full(c, ctx.weight)
            and not _OTHERWISE.search(c.condition.strip(" ,")) and not _NO_TASK.search(c.condition)]


def _with_note(rule: Rule, note: str) -> Rule:
    """``rule`` (and the rules it wraps, which word the explanations) with ``note`` added to its reading."""
    changes = {"reading": "；".join(part for part in (rule.reading, note) if part)}
    if isinstance(rule, Gated):
        changes.update(rule=_with_note(rule.rule, note), gate=_with_note(rule.gate, note))
    if isinstance(rule, Exempt):
        changes.update(rule=_with_note(rule.rule, note))
    return dataclasses.replace(rule, **changes)


def build(r: Reading, ctx: Context) -> Rule:
    rule = _build(r, ctx)
    side = _side_events(r, ctx) if isinstance(rule, _NUMERIC_KINDS) else []
    if side:
        cases = []
        for c in side:
            phrase = re.sub(r"^(?:若|如|如果|凡)|[,的]*(?:本项|该项|该指标|本指标)?[,的]*$", "", c.condition.strip(" ,"))
            cases.append(Case(phrase, _points(c, ctx)[0]))
        said = "；".join(f"“{c.text}”" for c in side)
        rule = _with_note(rule, f"评分标准另规定{said}，出现该情形时请填写该情形或人工认定得分")
        rule = Exempt(rule=rule, cases=tuple(cases), weight=rule.weight, unit=rule.unit,
                      row_target=rule.row_target, reading=rule.reading)
    if r.exemptions:
        cases = tuple(Case(phrase, None) for phrase in r.exemptions)
        rule = Exempt(rule=rule, cases=cases, weight=rule.weight, unit=rule.unit, row_target=rule.row_target,
                      reading=rule.reading)
    answers = _worded_answers(r, ctx) if isinstance(rule, _NUMERIC_KINDS + (Threshold,)) else ()
    if answers:  # 按时化解率达100%的得5分，未化解不得分: 已化解 / 未化解 typed in words
        rule = Exempt(rule=rule, cases=answers, weight=rule.weight, unit=rule.unit, row_target=rule.row_target,
                      reading=rule.reading)
    na_full = [c for c in r.clauses if c.outcome == "full" and _NO_TASK.search(c.condition)]
    if na_full and not isinstance(rule, Exempt):
        phrase = re.sub(r"^(?:若|如|如果)", "", na_full[0].condition).strip(" ,的")
        rule = Exempt(rule=rule, cases=(Case(phrase, rule.weight),), weight=rule.weight, unit=rule.unit,
                      row_target=rule.row_target, reading=rule.reading)
    return rule


#: 没有该项 (任务): the row has no such task, which is not a value.
_NO_TASK = re.compile(r"(?:没有|无)该项")
_NOT_DONE = re.compile(r"^(?:如|若|凡)?未([\u4e00-\u9fff]{2,4}?)(?:的)?$")


def _worded_answers(r: Reading, ctx: Context) -> tuple[Case, ...]:
    """On a numeric row whose text says 未X不得分 next to a number clause, the words 已X and 未X typed
    instead of a number: (已X → full marks, 未X → the clause's points)."""
    for c in r.clauses:
        m = _NOT_DONE.match(c.condition.strip(" ,"))
        if m and c.outcome in ("zero", "points", "trailing") and ctx.weight is not None and m.group(1) in r.text \
                and any(o is not c and _is_full(o, ctx.weight) for o in r.clauses):
            return (Case(f"已{m.group(1)}", ctx.weight), Case(f"未{m.group(1)}", _points(c, ctx)[0]))
    return ()


def _tiers_only(r: Reading) -> bool:
    """True when the text lists number tiers but scores none of them."""
    if r.formula or any(c.outcome not in (None, "formula") or c.step for c in r.clauses):
        return False
    return not AWARD_WORDS.search(r.text) and len(cond.scan(r.text)) >= 3  # the cheaper test first


def _build(r: Reading, ctx: Context) -> Rule:
    if _tiers_only(r):
        return Manual(note=r.text[:80], **ctx.common())
    if r.formula:  # the prose around a formula (按实现程度赋分) only announces it
        return build_formula(r, ctx)
    if r.unknown:
        raise fail(f"无法识别评分标准中的“{r.unknown[0]}”")
    clauses = [c for c in r.clauses if not (c.outcome == "full" and _NO_TASK.search(c.condition))]
    if ctx.target is not None:
        for c in clauses:  # 完成一半: half the target
            for word, share in FRACTION_WORDS.items():
                if word in c.condition:
                    c.condition = c.condition.replace(word, "=" + fmt(ctx.target * share) + ("%" if ctx.percent else ""))
                    note = f"“{word}”按指标值的{fmt(share * 100)}%理解"
                    if note not in ctx.notes:
                        ctx.notes.append(note)
    if ctx.target == 0 and ctx.unit in COUNT_UNITS and not any(c.step for c in clauses):
        each = [c for c in clauses if c.outcome == "deduct" and ("单" + ctx.unit) in c.condition]
        if len(each) == 1:  # 单起受害面积30亩以上的扣10分 on a row counting 起: per such event
            c = each[0]
            c.step = Step("above", 1.0, ctx.unit, False, c.value, None, None, True, c.text)
            c.outcome = None
            ctx.notes.append(f"“单{ctx.unit}”按每{ctx.unit}计扣分，实际值填写发生的{ctx.unit}数")
    if any(c.step for c in clauses):
        return build_steps(r, ctx)
    line = next((c for c in clauses if c.outcome == "interpolate"), None)
    if line is not None:
        return build_interpolated(r, ctx, line)
    proportional = next((c for c in clauses if c.outcome == "proportional"), None)
    if proportional is not None:
        return build_ratio(r, ctx, proportional)
    scored = [c for c in clauses if c.outcome not in (None, "formula")]
    if not scored:
        raise fail(f"评分标准“{r.text}”中没有找到得分或扣分的写法（如该栏并非评分标准，清空后按全国通行做法计分）")
    numeric = [c for c in scored if _interval(c)[0] is not None]
    qualitative = ctx.op == "定性"
    if qualitative and numeric and len(numeric) < len(scored) and ctx.percent:
        return build_mixed(r, ctx, scored, numeric)
    if not numeric or qualitative:
        if not (ctx.op in ("≥", ">", "≤", "<", "=") and ctx.target is not None):
            rule = build_answer(r, ctx, scored)
            if rule is not None:
                return rule
        if any(c.outcome == "discretion" for c in scored) and not qualitative:
            discretion = next(c for c in scored if c.outcome == "discretion")
            if len(scored) == 1 or build_label_threshold(r, ctx, scored) is not None:
                return build_discretionary(r, ctx, discretion)
        if not qualitative:
            rule = build_label_threshold(r, ctx, scored)
            if rule is not None:
                return rule
            if ctx.op in ("≥", ">", "≤", "<", "=") and ctx.target is not None:
                raise fail(f"评分标准“{scored[0].text}”用文字描述情形，但该行是数值型指标，无法确定各情形对应的数值",
                           "banded")
        return build_grades(r, ctx, scored)
    return build_bands(r, ctx, scored)
