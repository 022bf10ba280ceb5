"""Linear rules: 0 at ``zero_at``, full at ``full_at``, a straight line between, capped at the weight."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..score import fmt
from .base import Rule


@dataclass(frozen=True, kw_only=True)
class Linear(Rule):
    """得分=（x-zero_at）/（full_at-zero_at）×分值, clipped to [0, weight].

    Attributes:
        zero_at: where the score is 0 (and below it, for an increasing rule).
        full_at: where the score reaches the weight.
        target: when given, x is the completion rate actual/target (完成率=实际完成值/目标值) and
            ``zero_at``/``full_at`` are rates as fractions (0.6 for 60%); otherwise x is the actual
            value in the row's unit. ``zero_at > full_at`` makes a decreasing rule (costs, complaints).
    """

    kind = "linear"

    zero_at: float
    full_at: float
    target: float | None = None

    def __post_init__(self):
        if self.zero_at == self.full_at:
            raise ValueError("线性评分的零分点与满分点不能相同")
        if self.target is not None and self.target <= 0:
            raise ValueError(f"目标值为{fmt(self.target)}，无法计算完成率（目标值须大于0）")

    def basis(self, x):
        """The value the line is drawn over: the completion rate, or the actual value."""
        x = np.asarray(x, dtype=float)
        return x / self.target if self.target is not None else x

    def points(self, x):
        share = (self.basis(x) - self.zero_at) / (self.full_at - self.zero_at)
        return np.clip(share, 0.0, 1.0) * self.weight

    def _at(self, v: float) -> str:
        return f"{fmt(v * 100)}%" if self.target is not None else self.show(v)

    def _formula(self) -> str:
        x = "完成率" if self.target is not None else "实际值"
        return f"（{x}-{self._at(self.zero_at)}）/（{self._at(self.full_at)}-{self._at(self.zero_at)}）×{fmt(self.weight)}"

    def _score(self, reading):
        value = float(self.points(reading.number))
        if self.target is not None:
            rate = float(self.basis(reading.number))
            head = f"完成率{fmt(rate * 100)}%（实际值/目标值{self.show(self.target)}）"
        else:
            head = f"实际值{self.show(reading.number)}"
        return self.scored(reading, f"{head}，按{self._formula()}计算（最低0分，最高{fmt(self.weight)}分）", value)

    def describe(self):
        return f"得分={self._formula()}，低于{self._at(self.zero_at)}得0分，最高{fmt(self.weight)}分"
