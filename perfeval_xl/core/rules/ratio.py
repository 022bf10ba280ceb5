"""Proportional rules: 按完成比例得分, the national default for rows without a rule text."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..score import fmt
from .base import Rule


@dataclass(frozen=True, kw_only=True)
class Ratio(Rule):
    """min(actual/target, 1) × weight for higher-is-better rows; min(target/actual, 1) × weight for
    lower-is-better rows (an actual of 0 or below scores full).

    Attributes:
        target: the row's target (a negative one gives no ratio: needs review). A target of 0 is not divided by: on a higher-is-better row any
            actual ≥ 0 meets it; on a lower-is-better row only an actual ≤ 0 does.
        direction: "higher" (≥ rows) or "lower" (≤ rows).
        cap: True caps at the weight; None means the text sets no cap, so a value above the
            target needs review.
    """

    kind = "ratio"

    target: float
    direction: str = "higher"
    cap: bool | None = True

    def __post_init__(self):
        if self.direction not in ("higher", "lower"):
            raise ValueError(f"比例评分方向无效：{self.direction}")

    def share(self, x):
        x = np.asarray(x, dtype=float)
        t = self.target
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if t < 0:
                return np.full(x.shape, np.nan)
            if self.direction == "higher":
                if t == 0:
                    return np.where(x >= 0, 1.0, 0.0)
                return np.where(x / t > 0, x / t, 0.0)
            if t == 0:
                return np.where(x <= 0, 1.0, 0.0)
            return np.where(x <= 0, 1.0, t / x)

    def points(self, x):
        share = self.share(x)
        if self.cap is None:
            share = np.where(share > 1 + 1e-9, np.nan, share)
        elif self.cap:
            share = np.minimum(share, 1.0)
        return np.where(np.isnan(np.asarray(x, dtype=float)), np.nan, share * self.weight)

    def _formula(self) -> str:
        return "实际值/目标值" if self.direction == "higher" else "目标值/实际值"

    def _score(self, reading):
        if self.target < 0:
            return self.review(reading, f"目标值{self.show(self.target)}为负数，不能按完成比例计分")
        value = float(self.points(reading.number))
        share = float(self.share(reading.number))
        detail = f"目标{self.show(self.target)}，按{self._formula()}={fmt(share * 100)}%计分"
        if np.isnan(value):
            return self.review(reading, detail + "，超过目标而评分标准未规定上限")
        if self.cap and share > 1:
            detail += f"（最高{fmt(self.weight)}分）"
        return self.scored(reading, detail, value)

    def describe(self):
        cap = "，最高得满分" if self.cap else ""
        return f"得分=min({self._formula()}, 100%)×{fmt(self.weight)}{cap}"
