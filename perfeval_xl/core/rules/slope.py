"""Base-plus-steps rules: a base score at the line, points added per step above it (bonus) and
deducted per step below it, e.g. 达到历史最佳水平给6分；每提高1%加1分，10分为上限；每低于1%扣1分."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..score import fmt
from .base import EPS, Rule


@dataclass(frozen=True, kw_only=True)
class Slope(Rule):
    """``base`` points at ``line``; ``up`` points per ``up_step`` above it, ``down`` per ``down_step`` below.

    Attributes:
        line: where the base score is given (the target, 历史最佳水平).
        base: the points at the line (may be below the weight: 给6分 on a 10-point row).
        up, up_step: bonus per step above the line (加1分 per 1%); 0 means no bonus.
        down, down_step: deduction per step below; None means ``below_points`` applies below the line.
        below_points: the points below the line when there is no per-step deduction (未达到不计分: 0);
            None means the text does not say (needs review).
        cap: the highest score (10分为上限); None means the text sets no cap (the bonus is uncapped).
        floor: True stops at 0 (扣完为止); None: a score below 0 needs review.
        max_deduct: the most the penalty side deducts (最多扣2分); None: no limit but ``floor``.
        reverse: lower is better (a rate of complaints): the bonus is earned below the line (每下降1个
            百分点加1分) and the deduction above it (每上升1个百分点扣1分).
    """

    kind = "slope"

    line: float
    base: float
    up: float = 0.0
    up_step: float = 1.0
    down: float | None = None
    down_step: float = 1.0
    below_points: float | None = 0.0
    cap: float | None = None
    floor: bool | None = True
    reverse: bool = False
    max_deduct: float | None = None

    def __post_init__(self):
        if not (self.up_step > 0 and self.down_step > 0):
            raise ValueError("每档间隔必须大于0")

    def points(self, x):
        x = np.asarray(x, dtype=float)
        if self.reverse:  # mirrored around the line: below it is the better side
            x = 2 * self.line - x
        above = np.maximum(x - self.line, 0.0) / self.up_step * self.up
        pts = self.base + above
        if self.cap is not None:
            pts = np.minimum(pts, self.cap)
        if self.down is not None:
            taken = np.maximum(self.line - x, 0.0) / self.down_step * self.down
            if self.max_deduct is not None:
                taken = np.minimum(taken, self.max_deduct)
            below = self.base - taken
        else:
            below = np.full(x.shape, np.nan if self.below_points is None else self.below_points)
        pts = np.where(x < self.line - EPS * max(1.0, abs(self.line)), below, pts)
        if self.floor:
            pts = np.maximum(pts, 0.0)
        elif self.floor is None:
            pts = np.where(pts < -EPS, np.nan, pts)
        return np.where(np.isnan(x), np.nan, pts)

    def _score(self, reading):
        x = reading.number
        value = float(self.points(x))
        gap = x - self.line
        better, worse = ("低于", "高于") if self.reverse else ("高于", "低于")
        if self.reverse:
            gap = -gap
        if abs(gap) <= EPS * max(1.0, abs(self.line)):
            return self.scored(reading, f"等于基准{self.show(self.line)}，得基础分{fmt(self.base)}分", self.base)
        if gap > 0:
            detail = f"{better}基准{self.show(self.line)}共{fmt(gap)}{self.gap_unit()}"
            if self.up:
                detail += f"，每{fmt(self.up_step)}{self.gap_unit()}加{fmt(self.up)}分"
            if self.cap is not None and value >= self.cap - EPS:
                detail += f"，最高{fmt(self.cap)}分"
            return self.scored(reading, detail, value)
        detail = f"{worse}基准{self.show(self.line)}共{fmt(-gap)}{self.gap_unit()}"
        if self.down is not None:
            detail += f"，每{fmt(self.down_step)}{self.gap_unit()}扣{fmt(self.down)}分"
        if math.isnan(value):
            why = "评分标准未规定此情形" if self.down is None else "扣分超过基础分而评分标准未写“扣完为止”"
            return self.review(reading, f"{detail}，{why}")
        return self.scored(reading, detail, value)

    def describe(self):
        better, worse = ("低", "高") if self.reverse else ("高", "低")
        parts = [f"实际值等于{self.show(self.line)}得{fmt(self.base)}分"]
        if self.up:
            cap = f"，最高{fmt(self.cap)}分" if self.cap is not None else "，不设上限"
            parts.append(f"每{better}{fmt(self.up_step)}{self.gap_unit()}加{fmt(self.up)}分{cap}")
        if self.down is not None:
            stop = "，扣完为止" if self.floor else ""
            most = f"，最多扣{fmt(self.max_deduct)}分" if self.max_deduct is not None else ""
            parts.append(f"每{worse}{fmt(self.down_step)}{self.gap_unit()}扣{fmt(self.down)}分{most}{stop}")
        elif self.below_points is not None:
            parts.append(f"{worse}于{self.show(self.line)}得{fmt(self.below_points)}分")
        else:
            parts.append(f"{worse}于{self.show(self.line)}需人工认定")
        return "；".join(parts)
