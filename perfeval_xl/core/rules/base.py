"""What every rule kind shares: reading the actual value, wording the explanation, (de)serialising."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..score import BLANK, INVALID, NOT_APPLICABLE, REVIEW, SCORED, Score, fmt
from ..values import Reading, is_percent_unit, read_numbers, read_value

#: Bounds closer than this (relative) count as equal, so 0.1 + 0.2 meets a ≥ 0.3 line.
EPS = 1e-12


def near(a, b):
    """Elementwise a == b within floating-point noise."""
    return np.abs(np.asarray(a, dtype=float) - b) <= EPS * np.maximum(1.0, np.abs(b))


def unscored(reading: Reading) -> Score:
    """The Score for a cell that gives no number: blank, unreadable or 不适用."""
    return Score(None, reading.message, status=reading.status)


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A scoring rule for one indicator row.

    Attributes:
        weight: the points the row is worth (分值).
        unit: the row's 计量单位; "%" makes bare numbers percents.
        row_target: the row's numeric target, used to read fractions typed into % rows.
        reading: which reading of an ambiguous rule text this rule encodes, in Chinese ("" if none).
    """

    kind: ClassVar[str] = ""
    qualitative: ClassVar[bool] = False

    weight: float
    unit: str = ""
    row_target: float | None = None
    reading: str = ""

    # -- scoring -------------------------------------------------------------------------------
    def score(self, actual: object, *, percent_format: bool | None = None) -> Score:
        """Score one actual value as typed in a cell; never raises for a cell value."""
        reading = read_value(actual, unit=self.unit, target=self.row_target,
                             percent_format=percent_format, qualitative=self.qualitative)
        if reading.status != SCORED:
            return unscored(reading)
        result = self._score(reading)
        extras = [part for part in (result.reading, reading.note) if part]
        if extras:
            result = dataclasses.replace(
                result, explanation=result.explanation.rstrip("。") + "（" + "；".join(extras) + "）")
        return result

    def scores(self, values, *, percent_format: bool | None = None) -> np.ndarray:
        """Score a whole column at once: the points per cell, NaN where a cell gets no number."""
        if self.qualitative:
            return np.array([_value_or_nan(self.score(v, percent_format=percent_format)) for v in values],
                            dtype=float)
        x = read_numbers(values, unit=self.unit, target=self.row_target, percent_format=percent_format)
        return np.asarray(self.points(x), dtype=float)

    def points(self, x):
        """The points for numeric actual values in the row's unit (scalar or array; NaN = no score)."""
        raise NotImplementedError

    def _score(self, reading: Reading) -> Score:
        raise NotImplementedError

    # -- wording -------------------------------------------------------------------------------
    def show(self, x: float) -> str:
        """A value in the row's unit as the explanation prints it."""
        if is_percent_unit(self.unit):
            return f"{fmt(x)}%"
        return f"{fmt(x)}{self.unit}"

    def gap_unit(self) -> str:
        return "个百分点" if is_percent_unit(self.unit) else self.unit

    def scored(self, reading: Reading, detail: str, points: float, *, also: str = "") -> Score:
        """A Score for a number: "实际37公斤，<detail>，得9.5分".

        ``also`` names a reading this particular value needed (pro-rata steps) besides the rule's own.
        """
        used = "；".join(part for part in (self.reading, also) if part)
        return Score(float(points), f"实际{reading.shown}，{detail}，得{fmt(points)}分", reading=used)

    def review(self, reading: Reading, detail: str, range_: tuple[float, float] | None = None) -> Score:
        """A Score for a value the text gives no single score for."""
        span = f"，可在{fmt(range_[0])}至{fmt(range_[1])}分之间认定" if range_ else ""
        return Score(None, f"实际{reading.shown}，{detail}{span}，需人工认定", status=REVIEW,
                     range=range_, reading=self.reading)

    def describe(self) -> str:
        """The rule in one Chinese sentence, as the parse command and the template show it."""
        raise NotImplementedError

    # -- serialising ---------------------------------------------------------------------------
    def to_dict(self) -> dict:
        data = {"kind": self.kind}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            data[field.name] = _plain(value)
        return data


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _value_or_nan(score: Score) -> float:
    return score.value if score.value is not None else math.nan


__all__ = ["Rule", "near", "unscored", "EPS", "BLANK", "INVALID", "NOT_APPLICABLE", "REVIEW", "SCORED"]
