"""Property tests for every rule kind with random parameters (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from perfeval_xl.core.values import significant
from perfeval_xl.core.rules import Band, Banded, Deduct, Grade, Linear, Qualitative, Ratio, Threshold

# numbers a user can type: a cell is read to 10 significant digits (docs/reading.md), so bounds and
# values have no more
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(significant)
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False).map(significant)
weights = st.sampled_from([1, 2, 5, 8, 10, 20, 30.5])


def in_range(points, weight):
    return 0 - 1e-9 <= points <= weight + 1e-9


@given(weights, st.sampled_from(["≥", ">", "≤", "<", "="]), values, values)
def test_threshold_gives_all_or_nothing_and_is_exact_at_its_bound(weight, op, target, x):
    rule = Threshold(weight=weight, op=op, target=target)
    assert rule.score(x).value in (0, weight)
    at_bound = rule.score(target).value
    assert at_bound == (weight if op in ("≥", "≤", "=") else 0)


@given(weights, st.sampled_from(["≥", ">"]), values, values, values)
def test_increasing_threshold_is_monotone(weight, op, target, a, b):
    rule = Threshold(weight=weight, op=op, target=target)
    lo, hi = sorted((a, b))
    assert rule.score(lo).value <= rule.score(hi).value


@given(weights, values, positive, positive, st.sampled_from(["below", "above"]),
       st.sampled_from(["continuous", "floor", "ceil"]), values, values)
def test_deduct_stays_in_range_and_is_monotone(weight, line, step, per, direction, steps, a, b):
    rule = Deduct(weight=weight, line=line, step=step, deduct=per, direction=direction, steps=steps)
    lo, hi = sorted((a, b))
    s_lo, s_hi = rule.score(lo).value, rule.score(hi).value
    assert in_range(s_lo, weight) and in_range(s_hi, weight)
    if direction == "below":
        assert s_lo <= s_hi + 1e-9
    else:
        assert s_hi <= s_lo + 1e-9
    assert rule.score(line).value == weight


@given(weights, values, positive, st.floats(min_value=0.01, max_value=100), values)
def test_deduct_pct_of_weight(weight, line, step, pct, x):
    rule = Deduct(weight=weight, line=line, step=step, deduct_pct=pct)
    expected = max(0.0, weight - max(0.0, line - x) / step * pct / 100 * weight)
    assert math.isclose(rule.score(x).value, expected, rel_tol=1e-9, abs_tol=1e-6)  # bounds are exact to float noise


@given(weights, values, values, values, values, st.booleans())
def test_linear_stays_in_range_and_follows_its_direction(weight, zero_at, full_at, a, b, use_target):
    assume(abs(zero_at - full_at) > 1e-6)
    target = 50.0 if use_target else None
    rule = Linear(weight=weight, zero_at=zero_at, full_at=full_at, target=target)
    lo, hi = sorted((a, b))
    s_lo, s_hi = rule.score(lo).value, rule.score(hi).value
    assert in_range(s_lo, weight) and in_range(s_hi, weight)
    if zero_at < full_at:
        assert s_lo <= s_hi + 1e-9
    else:
        assert s_hi <= s_lo + 1e-9


@given(weights, values, values)
def test_linear_hits_zero_and_full_at_its_ends(weight, zero_at, full_at):
    assume(abs(zero_at - full_at) > 1e-3)
    rule = Linear(weight=weight, zero_at=zero_at, full_at=full_at)
    assert rule.score(zero_at).value == 0
    assert math.isclose(rule.score(full_at).value, weight)


published_bounds = st.integers(-10**6, 10**6).map(lambda n: n / 100)  # bounds as tables print them


@given(st.lists(published_bounds, min_size=2, max_size=6, unique=True), weights, values)
def test_banded_is_exact_at_bounds_and_increasing_when_scores_rise(bounds, weight, x):
    bounds = sorted(bounds)
    pts = np.linspace(0, weight, len(bounds)).tolist()
    bands = tuple(Band(lo, bounds[i + 1] if i + 1 < len(bounds) else None, p) for i, (lo, p) in enumerate(zip(bounds, pts)))
    rule = Banded(weight=weight, bands=bands)
    for lo, p in zip(bounds, pts):
        assert rule.score(lo).value == p  # each lower bound belongs to its own band
    s = rule.score(x)
    if x < bounds[0] - 1e-9:  # within float noise of a bound is at the bound
        assert s.needs_review and s.value is None
    elif x < bounds[0]:
        return
    else:
        assert in_range(s.value, weight)
        assert s.value <= rule.score(x + 1).value


@given(weights, published_bounds, values, values)
def test_banded_exclusive_bound(weight, bound, a, b):
    rule = Banded(weight=weight, bands=(Band(None, bound, 0, high_inclusive=False), Band(bound, None, weight)))
    assert rule.score(bound).value == weight
    lo, hi = sorted((a, b))
    assert rule.score(lo).value <= rule.score(hi).value


@given(weights, st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), values, values,
       st.sampled_from(["higher", "lower"]))
def test_ratio_in_range_and_monotone(weight, target, a, b, direction):
    rule = Ratio(weight=weight, target=target, direction=direction)
    lo, hi = sorted((a, b))
    s_lo, s_hi = rule.score(lo), rule.score(hi)
    if target < 0:
        assert s_lo.needs_review and s_hi.needs_review
        return
    assert in_range(s_lo.value, weight) and in_range(s_hi.value, weight)
    if direction == "higher":
        assert s_lo.value <= s_hi.value + 1e-9
    else:
        assert s_hi.value <= s_lo.value + 1e-9


@given(st.lists(st.tuples(st.text("有效一般较差好优中", min_size=1, max_size=4), st.floats(0, 10)),
                min_size=1, max_size=5, unique_by=lambda g: g[0]))
def test_qualitative_gives_each_own_grade_its_points(grades):
    rule = Qualitative(weight=10, grades=tuple(Grade(label, p) for label, p in grades))
    for label, points in grades:
        assert rule.score(label).value == points


def test_five_level_scale_uses_only_its_own_words():
    rule = Qualitative(weight=10, grades=tuple(Grade(w, p) for w, p in
                                               [("好", 10), ("较好", 8), ("一般", 6), ("较差", 4), ("差", 0)]))
    assert rule.score("较好").value == 8
    assert rule.score("有效").needs_review  # no synonym table on a five-level scale


def test_three_level_scale_takes_synonyms():
    rule = Qualitative(weight=5, grades=(Grade("有效", 5), Grade("一般", 3), Grade("较差", 0)))
    assert [rule.score(w).value for w in ("达成", "基本达成", "未达成", "是", "否", "优", "差")] == [5, 3, 0, 5, 0, 5, 0]


@given(st.lists(values, min_size=1, max_size=50))
def test_column_scoring_matches_cell_scoring(xs):
    rule = Deduct(weight=10, line=38, step=1, deduct_pct=5)
    column = rule.scores(xs)
    assert np.allclose(column, [rule.score(x).value for x in xs])
