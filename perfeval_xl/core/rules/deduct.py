"""Per-step deductions: full score inside the line, minus ``deduct`` points per ``step`` of gap."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..score import fmt
from .base import EPS, Rule

DIRECTIONS = ("below", "above", "both")
STEPS = ("continuous", "floor", "ceil")
_STEP_READINGS = {"continuous": "不足一档按比例扣分", "floor": "按整档扣分（不足一档不扣）",
                  "ceil": "按整档扣分（不足一档按一档扣）"}


def _where(condition, yes, no):
    """np.where, except that a single truth value picks a single value (no 0-d array)."""
    if isinstance(condition, (bool, np.bool_)):
        return yes if condition else no
    return np.where(condition, yes, no)


@dataclass(frozen=True, kw_only=True)
class Deduct(Rule):
    """Deduct per step of shortfall (below), excess (above) or deviation (both) from ``line``.

    Attributes:
        line: the full-score line (38 公斤, 100%).
        step: the gap per deduction (1 公斤, 1 个百分点).
        deduct: points per step; or ``deduct_pct``: percent of the weight per step (5 means 5%).
        direction: "below" (每少), "above" (每超), "both" (每相差, symmetric).
        tolerance: gap allowed without deduction (±30%以内).
        relative: the gap is measured in percent of the line (每低于目标值2%), not in the unit.
        steps: "continuous" (pro rata, the default), "floor" or "ceil" (whole steps).
        max_deduct: the most that can be deducted (扣满15分为止); None means the whole weight.
        floor: True when the score stops at 0 (扣完为止); None when the text says nothing and a
            deduction beyond the weight needs review.
    """

    kind = "deduct"

    line: float
    step: float = 1.0
    deduct: float | None = None
    deduct_pct: float | None = None
    direction: str = "below"
    tolerance: float = 0.0
    relative: bool = False
    steps: str = "continuous"
    max_deduct: float | None = None
    floor: bool | None = True

    def __post_init__(self):
        if (self.deduct is None) == (self.deduct_pct is None):
            raise ValueError("扣分规则需给出每档扣分值或扣分比例之一")
        if self.direction not in DIRECTIONS or self.steps not in STEPS:
            raise ValueError(f"扣分方向或档位读法无效：{self.direction}/{self.steps}")
        if not self.step > 0:
            raise ValueError("每档间隔必须大于0")

    @property
    def per_step(self) -> float:
        """Points deducted per step."""
        return self.deduct if self.deduct is not None else self.deduct_pct / 100 * self.weight

    def gap(self, x):
        """The shortfall/excess beyond the tolerance, in the unit (or % of the line if relative).

        One float (scoring one cell) stays a float: the same operations without numpy arrays."""
        if x.__class__ is not float:
            x = np.asarray(x, dtype=float)
        raw = {"below": self.line - x, "above": x - self.line, "both": abs(x - self.line)}[self.direction]
        if self.relative:
            raw = raw / abs(self.line) * 100 if self.line else _where(raw > 0, np.inf, 0.0)
        gap = raw - self.tolerance
        return _where(gap > EPS * max(1.0, abs(self.line)), gap, 0.0)  # noise at the line is no gap

    def _deduction(self, gap):
        n = gap / self.step
        if self.steps == "floor":
            n = np.floor(n + EPS)
        elif self.steps == "ceil":
            n = np.ceil(n - EPS)
        cap = self.max_deduct if self.max_deduct is not None else (self.weight if self.floor else np.inf)
        return np.minimum(_where(n < EPS, 0.0, n) * self.per_step, cap)

    def points(self, x):
        pts = self.weight - self._deduction(self.gap(x))
        pts = _where(np.isinf(pts), np.nan, pts)  # any gap from a line of 0 in percent: no number to give
        if self.floor is None:
            pts = _where(pts < -EPS, np.nan, pts)
        elif self.floor:
            pts = np.maximum(pts, 0.0)
        if x.__class__ is not float:
            x = np.asarray(x, dtype=float)
        return _where(np.isnan(x), np.nan, pts)

    def _words(self) -> tuple[str, str]:
        return {"below": ("低于", "每少"), "above": ("超过", "每超"), "both": ("偏离", "每相差")}[self.direction]

    def _step_text(self) -> str:
        unit = "%" if self.relative else self.gap_unit()
        return f"{self._words()[1]}{fmt(self.step)}{unit}扣{fmt(self.per_step)}分"

    def _score(self, reading):
        x = reading.number
        gap = float(self.gap(x))
        word, _ = self._words()
        if gap == 0:
            return self.scored(reading, f"未{word}{self.show(self.line)}，不扣分", self.weight)
        value = float(self.points(x))
        deducted = float(self._deduction(gap))
        unit = "%" if self.relative else self.gap_unit()
        detail = f"{word}{self.show(self.line)}共{fmt(gap)}{unit}，{self._step_text()}，扣{fmt(deducted)}分"
        if math.isnan(value):
            return self.review(reading, detail + "，超过该指标分值而评分标准未写“扣完为止”")
        if self.floor and deducted >= self.weight - EPS:
            detail += "，扣完为止"
        partial = (gap / self.step) % 1 > EPS
        return self.scored(reading, detail, value, also=_STEP_READINGS[self.steps] if partial else "")

    def describe(self):
        inside = {"below": "≥", "above": "≤", "both": "等于"}[self.direction]
        tol = f"（±{fmt(self.tolerance)}{self.gap_unit()}以内不扣分）" if self.tolerance else ""
        stop = "，扣完为止" if self.floor else ""
        return (f"实际值{inside}{self.show(self.line)}{tol}得满分{fmt(self.weight)}分，"
                f"{self._step_text()}{stop}（{_STEP_READINGS[self.steps]}）")
