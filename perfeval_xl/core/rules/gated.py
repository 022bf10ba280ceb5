"""A rule with bands that override it: 完成率≥80%按比例得分，完成率<80%不得分; 每低1%扣0.5分，
低于90%不得分. Where a value falls in one of ``gate``'s bands the band decides, elsewhere ``rule``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .banded import Banded
from .base import Rule


@dataclass(frozen=True, kw_only=True)
class Gated(Rule):
    """``rule`` except inside the bands of ``gate`` (a Banded rule with the same weight and unit)."""

    kind = "gated"

    rule: Rule
    gate: Banded

    def __post_init__(self):
        from . import rule_from_dict

        for name in ("rule", "gate"):
            value = getattr(self, name)
            if isinstance(value, dict):
                object.__setattr__(self, name, rule_from_dict(value))

    def _inside(self, x):
        x = self.gate._x(x)
        inside = np.zeros(np.shape(x), dtype=bool)
        for band in self.gate.bands:
            inside |= band.contains(x)
        return inside

    def points(self, x):
        x = np.asarray(x, dtype=float)
        return np.where(self._inside(x), self.gate.points(x), self.rule.points(x))

    def _score(self, reading):
        if bool(self._inside(reading.number)):
            return self.gate._score(reading)
        return self.rule._score(reading)

    def describe(self):
        return f"{self.rule.describe()}；但{self.gate.describe()}"

    def to_dict(self):
        data = super().to_dict()
        data["rule"] = self.rule.to_dict()
        data["gate"] = self.gate.to_dict()
        return data
