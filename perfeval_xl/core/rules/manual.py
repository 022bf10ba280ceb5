"""Texts that list tiers but give no score for them (优(≥85分)、良(<85分,≥70分)…, x<80% | 80%≤x<85% …):
every value needs review, and the explanation quotes the tiers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .base import Rule


@dataclass(frozen=True, kw_only=True)
class Manual(Rule):
    """Always needs review: ``note`` is the part of the text that lists the tiers."""

    kind = "manual"

    note: str

    def points(self, x):
        return np.full(np.shape(x), np.nan) if np.ndim(x) else float("nan")

    def _score(self, reading):
        return self.review(reading, f"评分标准只列出档次（{self.note}），未给出各档得分")

    def describe(self):
        return f"评分标准只列出档次（{self.note}），未给出各档得分，需人工认定"
