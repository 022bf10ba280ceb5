"""Banded rules: the actual value falls in one of several bands, each worth a score (or a range)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..score import fmt
from .base import EPS, Rule


@dataclass(frozen=True)
class Band:
    """One band: ``low``–``high`` (None: open), bounds inclusive or not, worth ``points``.

    ``points_high`` set means the band awards a range (9-8分): a person picks the score.
    """

    low: float | None
    high: float | None
    points: float
    low_inclusive: bool = True
    high_inclusive: bool = False
    points_high: float | None = None

    def contains(self, x):
        """Whether ``x`` lies in the band: a bool for one float (scoring one cell, no numpy round trip),
        else a boolean array."""
        if x.__class__ is float:
            ok = True
        else:
            x = np.asarray(x, dtype=float)
            ok = np.ones(x.shape, dtype=bool)
        if self.low is not None:
            tol = EPS * max(1.0, abs(self.low))
            ok &= (x >= self.low - tol) if self.low_inclusive else (x > self.low + tol)
        if self.high is not None:
            tol = EPS * max(1.0, abs(self.high))
            ok &= (x <= self.high + tol) if self.high_inclusive else (x < self.high - tol)
        return ok

    @property
    def is_range(self) -> bool:
        return self.points_high is not None and self.points_high != self.points

    def label(self, show) -> str:
        """The band as the published text writes it: 90（含）-100, ≥100, <80."""
        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"={show(self.low)}"
            lo = show(self.low) + ("（含）" if self.low_inclusive else "")
            hi = show(self.high) + ("（含）" if self.high_inclusive else "（不含）")
            return f"{lo}-{hi}"
        if self.low is not None:
            return ("≥" if self.low_inclusive else ">") + show(self.low)
        if self.high is not None:
            return ("≤" if self.high_inclusive else "<") + show(self.high)
        return "任意值"

    def award(self) -> str:
        if self.is_range:
            lo, hi = sorted((self.points, self.points_high))
            return f"{fmt(lo)}-{fmt(hi)}分"
        return f"{fmt(self.points)}分"


@dataclass(frozen=True, kw_only=True)
class Banded(Rule):
    """Score by the band the actual value falls in.

    Attributes:
        bands: the bands in any order. A value in no band, in two bands worth different scores,
            or in a band that awards a range needs review.
        absolute: match |actual| (symmetric deviations, ±30%以内).
    """

    kind = "banded"

    bands: tuple[Band, ...]
    absolute: bool = False

    def __post_init__(self):
        bands = tuple(b if isinstance(b, Band) else Band(**b) for b in self.bands)
        if not bands:
            raise ValueError("分档评分至少需要一个档次")
        object.__setattr__(self, "bands", bands)

    def _x(self, x):
        x = np.asarray(x, dtype=float)
        return np.abs(x) if self.absolute else x

    def points(self, x):
        x = self._x(x)
        out = np.full(x.shape, np.nan)
        hits = np.zeros(x.shape, dtype=int)
        for band in self.bands:
            inside = band.contains(x)
            value = np.nan if band.is_range else band.points
            clash = inside & (hits > 0) & ~(out == value)
            out = np.where(inside & (hits == 0), value, out)
            out = np.where(clash, np.nan, out)
            hits = hits + inside
        return out if out.ndim else float(out)

    def _score(self, reading):
        x = float(self._x(reading.number))
        matched = [b for b in self.bands if bool(b.contains(x))]
        shown = f"（按绝对值{fmt(x)}）" if self.absolute else ""
        if not matched:
            return self.review(reading, f"{shown}不在评分标准列出的任何档次内")
        awards = {(b.points, b.points_high if b.is_range else None) for b in matched}
        if len(awards) > 1:
            labels = "、".join(b.label(self.show) for b in matched)
            return self.review(reading, f"{shown}同时落在{labels}几个档次，评分标准有歧义")
        band = matched[0]
        if band.is_range:
            lo, hi = sorted((band.points, band.points_high))
            return self.review(reading, f"{shown}在{band.label(self.show)}档，该档得分为{band.award()}", (lo, hi))
        return self.scored(reading, f"{shown}在{band.label(self.show)}档", band.points)

    def describe(self):
        parts = [f"{b.label(self.show)}得{b.award()}" for b in self.bands]
        return ("按绝对值：" if self.absolute else "") + "；".join(parts)


def bands_from_bounds(bounds) -> tuple[Band, ...]:
    """Bands from (lower bound, score) pairs: each bound inclusive, running up to the next higher one."""
    ordered = sorted(bounds, key=lambda pair: pair[0])
    return tuple(Band(low, ordered[i + 1][0] if i + 1 < len(ordered) else None, points)
                 for i, (low, points) in enumerate(ordered))


__all__ = ["Band", "Banded", "bands_from_bounds"]
