"""Full-or-zero rules: full score if ``actual op target``, else 0 (or a person decides)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..score import fmt
from .base import EPS, Rule

#: The comparison operators a row's 指标值类型 can hold, with the ASCII spellings users type.
OPS = {"≥": "≥", ">=": "≥", "≧": "≥", ">": ">", "≤": "≤", "<=": "≤", "≦": "≤", "<": "<", "=": "=", "==": "="}
OP_WORDS = {"≥": "不低于", ">": "高于", "≤": "不高于", "<": "低于", "=": "等于"}


def normalize_op(op: str) -> str:
    """One of ≥ > ≤ < = for any spelling; raises ValueError for anything else."""
    try:
        return OPS[op.strip()]
    except (KeyError, AttributeError):
        raise ValueError(f"比较符“{op}”无法识别，应为 ≥、>、≤、<、= 之一") from None


def meets(x, op: str, target: float):
    """Elementwise ``x op target`` with bounds exact up to floating-point noise."""
    tol = EPS * max(1.0, abs(target))
    x = np.asarray(x, dtype=float)
    if op == "≥":
        return x >= target - tol
    if op == ">":
        return x > target + tol
    if op == "≤":
        return x <= target + tol
    if op == "<":
        return x < target - tol
    return np.abs(x - target) <= tol


@dataclass(frozen=True, kw_only=True)
class Threshold(Rule):
    """Full score when ``actual op target``; otherwise ``otherwise`` points (None: needs review).

    Attributes:
        op: one of ≥ > ≤ < =.
        target: the line.
        otherwise: points when the line is missed; None when the text does not say (needs review).
    """

    kind = "threshold"

    op: str
    target: float
    otherwise: float | None = 0.0

    def __post_init__(self):
        object.__setattr__(self, "op", normalize_op(self.op))

    def points(self, x):
        ok = meets(x, self.op, self.target)
        miss = np.nan if self.otherwise is None else self.otherwise
        return np.where(np.isnan(x), np.nan, np.where(ok, self.weight, miss))

    def _line(self) -> str:
        return f"{self.op}{self.show(self.target)}"

    def _score(self, reading):
        x = reading.number
        if bool(meets(x, self.op, self.target)):
            return self.scored(reading, f"达到目标（{self._line()}）", self.weight)
        if self.otherwise is None:
            return self.review(reading, f"未达到目标（{self._line()}），评分标准未规定此情形")
        return self.scored(reading, f"未达到目标（{self._line()}）", self.otherwise)

    def describe(self):
        rest = "否则需人工认定" if self.otherwise is None else f"否则得{fmt(self.otherwise)}分"
        return f"实际值{self._line()}得满分{fmt(self.weight)}分，{rest}"
