"""The guard against confident errors: a reading is checked against its row before it scores.

A reading that moves against the row is more likely a misreading than a rule that means it, so it
becomes a :class:`~perfeval_xl.core.rules.Declined` rule (every value needs review, the explanation
names the contradiction); where only the row's own target misses full marks, just the values that
meet the target and miss full marks need review:

- the row's own target does not get full marks under the reading, and the text does not name that
  number itself (5%以内扣1分 on a ≤0% row: 0% needs review; 超过95%（含）得3分 on a ≥95% row names
  95% and scores it as written). A text looser than the row, such as full marks from 0% on a ≥100%
  row, still scores: the target gets full marks, and ``lint`` reports the looseness;
- points move against the row's direction: on ≥ rows the score never falls as the actual rises, on
  ≤ rows it never rises, on = rows it never rises as the distance from the target grows;
- symmetric rules (每相差3%扣1分, ±5%以内) never rise as the distance from their centre grows;
- a base score with a bonus and a penalty side (Slope) is probed like any other reading, so a bonus
  on the side the row calls worse (下降 earning points on a ≥ row) is a contradiction.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..rules import Band, Banded, Declined, Deduct, Exempt, Gated, Linear, Qualitative, Ratio, Rule, Slope, Threshold
from ..score import fmt
from .conditions import names

_TOL = 1e-6


def _core(rule: Rule) -> Rule:
    """The rule that decides numbers (an Exempt's wrapped rule)."""
    return rule.rule if isinstance(rule, Exempt) else rule


def _symmetric_centre(rule: Rule) -> float | None:
    rule = _core(rule)
    if isinstance(rule, Gated):
        return _symmetric_centre(rule.rule)
    if isinstance(rule, Deduct) and rule.direction == "both":
        return rule.line
    if isinstance(rule, Banded) and rule.absolute:
        return 0.0
    return None


def _keys(rule: Rule) -> list[float]:
    """Numbers where the rule's score may jump (band edges, lines)."""
    rule = _core(rule)
    out = []
    for name in ("line", "target", "zero_at", "full_at"):
        v = getattr(rule, name, None)
        if isinstance(v, (int, float)) and math.isfinite(v) and abs(v) < 1e12:
            out.append(float(v))
    if isinstance(rule, Gated):
        out += _keys(rule.rule) + _keys(rule.gate)
    if isinstance(rule, Banded):
        out += [float(b) for band in rule.bands for b in (band.low, band.high)
                if b is not None and math.isfinite(b) and abs(b) < 1e12]
    return out


def _clashes_at(rule: Rule, x: float) -> bool:
    """True when ``x`` falls in several bands worth different points (not in a band that awards a range)."""
    bands = rule.gate.bands if isinstance(rule, Gated) else rule.bands if isinstance(rule, Banded) else ()
    awards = {b.points for b in bands if not b.is_range and bool(b.contains(float(x)))}
    return len(awards) > 1


def _grid(centre: float, keys: list[float]) -> np.ndarray:
    """Values to probe: an even spread over twice the rule's span around ``centre``, plus each key and
    the values just either side of it."""
    k = np.asarray(keys + [centre], dtype=float)
    span = max(abs(centre), 1.0, float(np.max(np.abs(k - centre))))
    low = min(0.0, centre - 2 * span) if (k < 0).any() else 0.0
    eps = 1e-6 * span
    xs = np.concatenate([np.linspace(low, centre + 2 * span, 81), k - eps, k, k + eps])
    xs = np.sort(xs[xs >= low])  # np.unique, without its overhead on arrays this small
    return xs[np.concatenate(([True], xs[1:] != xs[:-1]))]


def _moves_against(xs: np.ndarray, pts: np.ndarray, falling_ok: bool) -> float | None:
    """The first x where the score moves the wrong way (rises when only falling is allowed, or falls
    when only rising is), ignoring values the rule leaves to a person."""
    ok = ~np.isnan(pts)
    xs, pts = xs[ok], pts[ok]
    if pts.size < 2:
        return None
    diff = np.diff(pts)
    bad = diff > _TOL if falling_ok else diff < -_TOL
    if bad.any():
        return float(xs[1:][bad][0])
    return None


def check(rule: Rule, op: str | None, target: float | None, text: str = "") -> Rule:
    """``rule``, a Declined rule naming how it contradicts the row, or ``rule`` with the values that
    meet the row's target but miss full marks left to a person (see the module docstring).

    ``text`` is the rule text read: a target it names itself (超过95%(含)得3分 on a ≥95% row) is graded
    by the text on purpose, which is no contradiction. Its numbers are scanned only when the check
    gets that far (most readings never do)."""
    core = _core(rule)
    if isinstance(core, (Qualitative, Declined)):
        return rule
    problem = _problem(rule, op, target)
    if problem is not None:
        return Declined(note=f"评分标准的读法与该行矛盾（{problem}）", weight=rule.weight, unit=rule.unit, row_target=rule.row_target,
                        reading=rule.reading)
    if target is None or op not in ("≥", ">", "≤", "<", "=") or names(text, target):
        return rule
    return _target_short(rule, op, target)


def _target_short(rule: Rule, op: str, target: float) -> Rule:
    """Values that meet the row's target yet score below full marks under the reading need review."""
    core = _core(rule)
    weight = rule.weight
    if weight is None or math.isnan(weight):
        return rule
    full = min(core.base, weight) if isinstance(core, Slope) else weight
    at = _points(rule, np.array([target], dtype=float))
    if at is not None and math.isnan(at[0]) and _clashes_at(core, target):
        return Declined(note=f"评分标准的读法与该行矛盾（指标值{rule.show(target)}同时落在得分不同的几个档次）",
                        weight=rule.weight, unit=rule.unit, row_target=rule.row_target, reading=rule.reading)
    if at is None or math.isnan(at[0]) or at[0] >= full - 1e-6:
        return rule
    xs = _grid(target, _keys(rule))
    pts = _points(rule, xs)
    reaches = xs[(pts >= full - 1e-6) & ~np.isnan(pts)] if pts is not None else np.array([])
    if op in ("≥", ">"):
        beyond = reaches[reaches > target]
        band = Band(target, float(beyond.min()) if beyond.size else None, float(at[0]), True, False, full)
    elif op in ("≤", "<"):
        beyond = reaches[reaches < target]
        band = Band(float(beyond.max()) if beyond.size else None, target, float(at[0]), False, True, full)
    else:
        band = Band(target, target, float(at[0]), True, True, full)
    note = (f"指标值{rule.show(target)}按评分标准只得{fmt(float(at[0]))}分、达不到满分{fmt(full)}分，"
            f"评分标准与指标值矛盾，达到指标值而未得满分的情形需人工认定")
    common = dict(weight=rule.weight, unit=rule.unit, row_target=rule.row_target)
    gate = Banded(bands=(band,), reading=note, **common)
    guarded = Gated(rule=core, gate=gate, reading=core.reading, **common)
    if isinstance(rule, Exempt):
        return dataclasses.replace(rule, rule=guarded)
    return guarded


def _points(rule: Rule, xs: np.ndarray) -> np.ndarray | None:
    try:
        with np.errstate(all="ignore"):
            return np.asarray(rule.points(xs), dtype=float) * np.ones(xs.shape)
    except (TypeError, ValueError):
        return None


def _problem(rule: Rule, op: str | None, target: float | None) -> str | None:
    core = _core(rule)
    centre = _symmetric_centre(rule)
    if centre is None and (target is None or op not in ("≥", ">", "≤", "<", "=") or _agrees(core, op)):
        return None
    middle = centre if centre is not None else target
    xs = _grid(middle, _keys(rule))
    pts = _points(rule, xs)
    if pts is None:
        return None
    if centre is not None or op == "=":
        x = _away_from(xs, pts, middle)
        if x is None:
            return None
        if centre is not None:
            return f"与中心值{rule.show(centre)}相差越大得分越高（如{rule.show(x)}）"
        return f"该行指标值类型为“=”，但按此读法偏离指标值越远得分越高（如{rule.show(x)}）"
    rising = op in ("≥", ">")
    x = _moves_against(xs, pts, falling_ok=not rising)
    if x is not None:
        said = "越低" if rising else "越高"
        return f"该行指标值类型为“{op}”，但按此读法实际值越高得分{said}（如{rule.show(x)}）"
    return None


def _away_from(xs: np.ndarray, pts: np.ndarray, centre: float) -> float | None:
    """The first x where the score rises while moving away from ``centre`` (either side)."""
    above, below = xs >= centre, xs <= centre
    x = _moves_against(xs[above], pts[above], falling_ok=True)
    return x if x is not None else _moves_against(xs[below][::-1], pts[below][::-1], falling_ok=True)


def _agrees(rule: Rule, op: str) -> bool:
    """True when the kind moves the row's way by construction (no need to probe it): a threshold,
    a deduction, a ratio or a line that points where the row points."""
    higher = op in ("≥", ">")
    if op == "=":
        return False
    if isinstance(rule, Threshold):
        return (rule.op in ("≥", ">")) == higher and rule.op != "=" and \
            (rule.otherwise is None or rule.otherwise <= rule.weight)
    if isinstance(rule, Deduct):
        return rule.direction == ("below" if higher else "above")
    if isinstance(rule, Ratio):
        return rule.direction == ("higher" if higher else "lower")
    if isinstance(rule, Linear):
        return (rule.zero_at < rule.full_at) == higher
    return False


__all__ = ["check"]
