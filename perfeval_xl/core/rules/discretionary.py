"""Discretionary rules (未达指标值酌情扣分): full score when the target is met, otherwise a person
decides within [0, weight]. The Hunan boilerplate for rows that give no formula."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..score import REVIEW, Score, fmt
from .base import EPS, Rule
from .threshold import meets, normalize_op


@dataclass(frozen=True, kw_only=True)
class Discretionary(Rule):
    """Full when ``actual op target``; otherwise needs review with the range [0, weight].

    An actual of 0 (or below) on a higher-is-better row with a positive target scores 0: nothing was
    achieved, so every reading of 酌情扣分 deducts everything. ``weight`` may be NaN when the table
    gives no 分值 (target tables assign it at self-evaluation): then nothing but that 0 is scored.
    """

    kind = "discretionary"

    op: str
    target: float

    def __post_init__(self):
        object.__setattr__(self, "op", normalize_op(self.op))

    def _nothing_done(self, x):
        return (self.op in ("≥", ">")) & (self.target > 0) & (np.asarray(x, dtype=float) <= EPS)

    def points(self, x):
        x = np.asarray(x, dtype=float)
        full = np.where(meets(x, self.op, self.target), self.weight, np.nan)
        return np.where(self._nothing_done(x), 0.0, full)

    def _score(self, reading):
        x = reading.number
        line = f"{self.op}{self.show(self.target)}"
        if bool(self._nothing_done(x)):
            return self.scored(reading, "完成值为0，按任何读法均扣完全部分值", 0.0)
        no_weight = math.isnan(self.weight)
        if bool(meets(x, self.op, self.target)):
            if no_weight:
                return Score(None, f"实际{reading.shown}，达到目标（{line}）应得满分，但未给出该指标分值，需人工认定",
                             status=REVIEW, reading=self.reading)
            return self.scored(reading, f"达到目标（{line}）", self.weight)
        span = None if no_weight else (0.0, float(self.weight))
        return self.review(reading, f"未达到目标（{line}），评分标准为酌情扣分", span)

    def describe(self):
        weight = "满分" if math.isnan(self.weight) else f"满分{fmt(self.weight)}分"
        return f"实际值{self.op}{self.show(self.target)}得{weight}，未达到时酌情扣分（需人工认定）"
