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
from ..rules import (Band, Banded, Case, Deduct, Discretionary, Exempt, Gated, Grade, Linear, Manual, Qualitative,
                     Ratio, Rule, Slope, Threshold)
from ..score import fmt
from ..values import RANK_UNITS
from . import conditions as cond
from .clauses import AWARD_WORDS, Clause, Reading
from .normalize import same_unit

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
        if c.step or c.outcome not in _GATE_OUTCOMES:
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
    if o in ("points", "trailing"):
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
    if o == "discretion":
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
        cap = True if (r.cap or any(_is_full(c, ctx.weight) and _interval(c)[0] is not None for c in r.clauses)) \
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
    others = [c for c in r.clauses if not c.step and c.outcome not in ("formula",)]
    full = next((c for c in others if _is_full(c, ctx.weight) or c.outcome in ("points", "trailing")), None)
    zero_below = next((c for c in others if c.outcome == "zero" and _interval(c)[0] is None
                       and _OTHERWISE.search(c.condition.strip(" ,"))), None)
    base = None
    line = None
    line_direction = None
    tolerance = 0.0
    if full is not None:
        base = _points(full, ctx)[0] if full.outcome != "full" else None
        interval, _ = _interval(full)
        if interval is not None and interval.absolute and interval.high is not None and interval.low is None:
            line, line_direction, tolerance = 0.0, "both", interval.high.value  # ±30%以内得满分
        elif interval is not None:
            if interval.point or (interval.low and interval.high):
                line = interval.low.value
            elif interval.low is not None:
                line, line_direction = interval.low.value, "below"
            elif interval.high is not None:
                line, line_direction = interval.high.value, "above"
    main = deducts[0] if deducts else adds[0]
    step = main.step
    if line is None:
        interval, _ = _interval(main)
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
    if adds or base < weight - 1e-9:
        return gated(_slope(r, ctx, line, base, deducts, adds, zero_below), r, ctx, others)
    direction = step.direction
    if step.unit in RANK_UNITS or (ctx.unit in RANK_UNITS and step.unit in ("", "名", "位")):
        direction = "above"  # a rank falls as its number grows: 每下降一名 is one place further down
    if line_direction == "both":
        direction = "both"
    if direction is None or (step.event and line_direction is None and direction == "above"):
        direction = line_direction or direction
    if direction is None:
        direction = {"≥": "below", ">": "below", "≤": "above", "<": "above"}.get(ctx.op or "", "above")
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
        up, up_step = _step_points(adds[0].step, weight), adds[0].step.size
    down = None
    down_step = 1.0
    if deducts:
        down, down_step = _step_points(deducts[0].step, weight), deducts[0].step.size
    cap = r.cap_points if r.cap_points is not None else (weight if r.cap and adds else None)
    extra = []
    if adds and cap is None:
        extra.append("评分标准未规定加分上限，按文字不设上限")
    below = 0.0 if zero_below is not None else None
    floor = r.floor if r.floor is not None else (True if r.max_deduct is not None else None)
    return Slope(line=line, base=base, up=up, up_step=up_step or 1.0, down=down, down_step=down_step,
                 below_points=below, cap=cap, floor=floor, **ctx.common(*extra))


# -- proportional and discretionary --------------------------------------------------------------

def build_ratio(r: Reading, ctx: Context, clause: Clause) -> Rule:
    ctx.need_weight(clause.text)
    target = ctx.need_target(clause.text)
    direction = "lower" if ctx.op in ("≤", "<") else "higher"
    has_full = any(_is_full(c, ctx.weight) for c in r.clauses)
    cap = True if (r.cap or has_full) else None
    extra = "" if cap else "评分标准未规定上限，超过目标需人工认定"
    rule = Ratio(target=target, direction=direction, cap=cap, **ctx.common(extra))
    return gated(rule, r, ctx, [c for c in r.clauses if c is not clause])


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
                if theirs > strength:
                    if flag == "lo":
                        lo_incl = False
                    else:
                        hi_incl = False
        out.append(Band(lo.value if lo else None, hi.value if hi else None, b.points, lo_incl, hi_incl,
                        b.high))
    return out


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


_OTHERWISE = re.compile(r"^(?:如|若)?(?:否则|其他|其余|其它|反之|未达到|未完成|达不到|不达标|未达标|没有达到|低于目标)")


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


def build_bands(r: Reading, ctx: Context, scored: list[Clause]) -> Rule:
    _check_deviation(scored, ctx)
    bands: list[_Band] = []
    otherwise = [c for c in scored if _interval(c)[0] is None and _OTHERWISE.search(c.condition.strip(" ,"))]
    side = _side_events(r, ctx)
    scored = [c for c in scored if c not in otherwise and c not in side]
    for c in scored:
        interval, shortfall = _interval(c)
        for number in cond.scan(c.condition):
            _check_unit(number.unit, c, ctx)
        factor = _relative_factor(c, r, ctx) if interval is not None and not shortfall else None
        if factor is not None:
            interval = _scale(interval, factor)
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
        if iv.point and iv.low.strength == cond.SOFT:
            v = iv.low.value
            above = any(o is not b and (o.interval.high is None or o.interval.high.value > v) and
                        (o.interval.low is None or o.interval.low.value >= v) for o in bands)
            below = any(o is not b and (o.interval.low is None or o.interval.low.value < v) and
                        (o.interval.high is None or o.interval.high.value <= v) for o in bands)
            own = cond.Bound(v, True, cond.EXPLICIT)  # the number it names stays its own
            if not above and below:
                b.interval = cond.Interval(low=own, absolute=iv.absolute)
            elif not below and above:
                b.interval = cond.Interval(high=own, absolute=iv.absolute)
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

_FILLER = re.compile(r"^(?:评分标准|评分|标准)?:?|[,:的时者为]+$|^(?:情况|的)")
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
    labels = [_FILLER.sub("", label) for label in labels]
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


def _side_events(r: Reading, ctx: Context) -> list[Clause]:
    """Worded clauses about something else than the value (发生安全事故的，本项不得分): no number,
    not the full-score condition, not 未达到/否则, not 没有该项任务."""
    return [c for c in r.clauses if c.outcome in ("zero", "points", "trailing", "deduct") and not c.step
            and cond.find(c.condition)[0] is None and not _is_full(c, ctx.weight)
            and not _OTHERWISE.search(c.condition.strip(" ,")) and not re.search(r"(?:没有|无)该项", c.condition)]


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
    na_full = [c for c in r.clauses if c.outcome == "full" and re.search(r"(?:没有|无)该项", c.condition)]
    if na_full and not isinstance(rule, Exempt):
        phrase = re.sub(r"^(?:若|如|如果)", "", na_full[0].condition).strip(" ,的")
        rule = Exempt(rule=rule, cases=(Case(phrase, rule.weight),), weight=rule.weight, unit=rule.unit,
                      row_target=rule.row_target, reading=rule.reading)
    return rule


def _tiers_only(r: Reading) -> bool:
    """True when the text lists number tiers but scores none of them."""
    if r.formula or any(c.outcome not in (None, "formula") or c.step for c in r.clauses):
        return False
    return len(cond.scan(r.text)) >= 3 and not AWARD_WORDS.search(r.text)


def _build(r: Reading, ctx: Context) -> Rule:
    if _tiers_only(r):
        return Manual(note=r.text[:80], **ctx.common())
    if r.formula:  # the prose around a formula (按实现程度赋分) only announces it
        return build_formula(r, ctx)
    if r.unknown:
        raise fail(f"无法识别评分标准中的“{r.unknown[0]}”")
    clauses = [c for c in r.clauses if not (c.outcome == "full" and re.search(r"(?:没有|无)该项", c.condition))]
    if any(c.step for c in clauses):
        return build_steps(r, ctx)
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
