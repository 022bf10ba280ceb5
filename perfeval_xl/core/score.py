"""The result of scoring one indicator, and the number formatting its explanations use."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

#: ``Score.status`` values.
SCORED = "scored"  #: a number was given
BLANK = "blank"  #: no actual value was entered
INVALID = "invalid"  #: the actual value could not be read
REVIEW = "review"  #: the rule text does not fix one score; a person must decide
NOT_APPLICABLE = "not_applicable"  #: the row is marked 不适用 and drops out of the total


@dataclass(frozen=True)
class Score:
    """One indicator's score.

    Attributes:
        value: the points given, or None when there is no score (blank, unreadable, needs review, 不适用).
        explanation: one Chinese sentence a finance user can paste into 偏差原因分析.
        status: one of SCORED, BLANK, INVALID, REVIEW, NOT_APPLICABLE.
        range: (low, high) points where the rule gives a range rather than one score.
        reading: which reading of an ambiguous text was used, in Chinese; empty when there was no choice.
    """

    value: float | None
    explanation: str
    status: str = SCORED
    range: tuple[float, float] | None = None
    reading: str = ""

    @property
    def needs_review(self) -> bool:
        """True when the rule text does not fix one score and a person must decide."""
        return self.status == REVIEW

    @property
    def scored(self) -> bool:
        return self.status == SCORED


def fmt(x: float, digits: int = 2) -> str:
    """A number as a finance user writes it: at most ``digits`` decimals, no trailing zeros."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return str(x)
    try:
        return _fmt(x, digits)
    except TypeError:  # an unhashable number type
        return _fmt.__wrapped__(x, digits)


@lru_cache(maxsize=8192)
def _fmt(x: float, digits: int) -> str:
    # Equal numbers (1, 1.0, -0.0 and 0.0) are written alike, so they may share a cache entry.
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_value(x: float, unit: str) -> str:
    """A value with its unit, e.g. ``95%``, ``38公斤``."""
    return f"{fmt(x)}{unit}"
