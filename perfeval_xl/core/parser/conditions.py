"""Number conditions in a clause: 大于等于38公斤, 90（含）-100, 70%以下, 95%≤x<100%, ±30%以内, 前5名.

Each bound carries how firmly the text states it, so that bands sharing a boundary can be resolved
the way the corpus reads them: an explicit bound (（含）, ≥, 大于等于, 及以上) beats the 以上/以下
convention (which includes the number), and both beat a plain range end ("80-90"), which is inclusive
only where no other band claims the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from .vocabulary import COMPARE_AFTER, COMPARE_BEFORE, CONVENTION, EXPLICIT, SOFT, TARGET_NOUNS, alternation

_NUM = re.compile(r"(±)?([-+]?\d+(?:\.\d+)?)")
_PRE_OPS = COMPARE_BEFORE
_PRE = re.compile("(" + alternation(_PRE_OPS) + r")\s*(?:(?:" + alternation(TARGET_NOUNS) + r")(?:的)?)?\s*$")
#: The characters a comparison (or the target's name after it) can end with: a window ending in any
#: other character holds no comparison, and the pattern search is skipped.
_PRE_ENDS = frozenset(w[-1] for w in (*_PRE_OPS, *TARGET_NOUNS, "的"))
_SUFFIXES = COMPARE_AFTER
_SUFFIX = re.compile("(" + alternation(_SUFFIXES) + ")")
#: "95%≤x", "95%小于等于x": the number is a lower bound of what follows.
_AFTER_OPS = {"≤": "≤", "<": "<", "小于等于": "≤", "小于或等于": "≤", "不高于": "≤", "不大于": "≤", "小于": "<", "低于": "<"}
_AFTER_OP = re.compile(r"\s*(" + alternation(_AFTER_OPS) + ")")
_INCL = re.compile(r"\((不)?含[^()]{0,8}\)")
#: Characters that end a unit written after a number ("38公斤/月/人时" → 公斤/月/人).
_UNIT_STOP = set("的时得计为给扣加减不且或及则以之内后前上下满含大小低高超达未按每,;:。|()≤≥<>=-+*/ 0123456789%～.±")
#: A unit: at most 8 characters up to a stop character or a suffix word.
_UNIT = re.compile("(?:(?!" + _SUFFIX.pattern + ")[^" + "".join(re.escape(c) for c in sorted(_UNIT_STOP)) + "]){0,8}")
_RANGE_DASH = re.compile(r"(?<=[\d%)\u4e00-\u9fff])\s*-\s*(?=[±+]?\d)")
_SHORTFALL = re.compile(r"(?:^|比[^,;]{0,12}?)低(?!于)")


@dataclass(frozen=True)
class Bound:
    value: float
    inclusive: bool
    strength: int


@dataclass(frozen=True)
class Interval:
    """A set of values: ``low``/``high`` bounds (None: open); ``absolute`` means the bounds apply to |x|."""

    low: Bound | None = None
    high: Bound | None = None
    absolute: bool = False
    point: bool = False  # written as a single number ("完成100%", "=0")

    @property
    def empty(self) -> bool:
        """True when no number satisfies the bounds (a clause read wrongly, or self-contradictory)."""
        if self.low is None or self.high is None:
            return False
        if self.low.value != self.high.value:
            return self.low.value > self.high.value
        return not (self.low.inclusive and self.high.inclusive)

    def intersect(self, other: Interval) -> Interval:
        low = _tighter(self.low, other.low, lower=True)
        high = _tighter(self.high, other.high, lower=False)
        return Interval(low, high, self.absolute or other.absolute, self.point and other.point)


def _tighter(a: Bound | None, b: Bound | None, *, lower: bool) -> Bound | None:
    if a is None or b is None:
        return a or b
    if a.value == b.value:
        return a if (not a.inclusive or b.inclusive) else b
    return (a if a.value > b.value else b) if lower else (a if a.value < b.value else b)


class _Num(NamedTuple):
    """One number of a condition (a named tuple: a scan builds many, and a tuple is built fastest)."""

    value: float
    start: int
    end: int  # end of the number with its unit, 含 marks and suffix
    unit: str
    op: str | None
    strength: int
    incl: bool | None  # True (含), False (不含), None (not marked)
    plusminus: bool
    after_op: str | None  # "≤"/"<" written right after the number (95%≤x)


def _unit_at(text: str, i: int) -> tuple[str, int]:
    if text.startswith("%", i):
        return "%", i + 1
    j = _UNIT.match(text, i).end()
    return text[i:j], j


def _incl_at(text: str, i: int) -> tuple[bool | None, int]:
    m = _INCL.match(text, i)
    if m:
        return m.group(1) is None, m.end()
    return None, i


@lru_cache(maxsize=4096)
def scan(text: str) -> tuple[_Num, ...]:
    """Every number in the text with the operator before it and the unit, （含） and 以上 after it
    (cached: the builders ask about the same condition several times)."""
    out = []
    consumed = 0
    for m in _NUM.finditer(text):
        start = m.start()
        if start < consumed:  # the 5 of "5%以内(含5%)"
            continue
        window = text[max(0, start - 12):start].rstrip()
        pre = _PRE.search(window) if window and window[-1] in _PRE_ENDS else None
        op, strength = _PRE_OPS[pre.group(1)] if pre else (None, SOFT)
        unit, i = _unit_at(text, m.end())
        incl, i = _incl_at(text, i)
        suffix = _SUFFIX.match(text, i)
        if suffix:
            sop, sstrength = _SUFFIXES[suffix.group(1)]
            i = suffix.end()
            incl2, i = _incl_at(text, i)
            incl = incl if incl is not None else incl2
            if op is None or op == "=":
                op, strength = sop, sstrength
        after = _AFTER_OP.match(text, i)
        consumed = i
        out.append(_Num(float(m.group(2)), start, i, unit, op, strength, incl, bool(m.group(1)),
                        _AFTER_OPS[after.group(1)] if after else None))
    return tuple(out)


def names(text: str, value: float) -> bool:
    """True when the text states ``value`` as one of its numbers. The numbers :func:`scan` reads are
    among the plain number matches, so a text without a match near ``value`` is not scanned."""
    if not any(abs(value - float(m.group(2))) < 1e-9 for m in _NUM.finditer(text)):
        return False
    return any(abs(value - n.value) < 1e-9 for n in scan(text))


def _bound_strength(num: _Num) -> tuple[bool, int]:
    if num.incl is not None:
        return num.incl, EXPLICIT
    return True, num.strength


def _single(num: _Num) -> Interval:
    incl, strength = _bound_strength(num)
    op = num.op
    if num.after_op:  # "95%≤x": a lower bound
        return Interval(low=Bound(num.value, num.after_op == "≤", EXPLICIT), absolute=num.plusminus)
    if op in ("≥", ">"):
        inclusive = (op == "≥") if num.incl is None else num.incl
        return Interval(low=Bound(num.value, inclusive, strength if num.incl is None else EXPLICIT),
                        absolute=num.plusminus)
    if op in ("≤", "<"):
        inclusive = (op == "≤") if num.incl is None else num.incl
        return Interval(high=Bound(num.value, inclusive, strength if num.incl is None else EXPLICIT),
                        absolute=num.plusminus)
    strength = EXPLICIT if op == "=" else SOFT
    bound = Bound(num.value, True, strength)
    return Interval(bound, bound, absolute=num.plusminus, point=True)


@lru_cache(maxsize=4096)
def find(text: str, *, exclude: tuple[tuple[int, int], ...] = ()) -> tuple[Interval | None, tuple[_Num, ...], bool]:
    """The interval the numbers of a condition text describe (their intersection), the numbers found,
    and whether the text measures a shortfall below the target ("比下达任务低5%以内")."""
    marked = _RANGE_DASH.sub("～", text)
    nums = [n for n in scan(marked) if not any(a <= n.start < b for a, b in exclude)]
    interval: Interval | None = None
    i = 0
    while i < len(nums):
        num = nums[i]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        ranged = num.op in (None, "≥", "≤") or (num.op == "=" and marked[max(0, num.start - 1):num.start] == "第")
        if nxt is not None and marked[num.end:nxt.start].strip() == "～" and ranged:
            lo, hi = num, nxt
            lo_incl, lo_strength = _bound_strength(lo)
            hi_incl, hi_strength = _bound_strength(hi)
            if lo.value > hi.value:
                lo, hi = hi, lo
                lo_incl, lo_strength, hi_incl, hi_strength = hi_incl, hi_strength, lo_incl, lo_strength
            part = Interval(Bound(lo.value, lo_incl, lo_strength if lo.incl is not None else SOFT),
                            Bound(hi.value, hi_incl, hi_strength if hi.incl is not None else SOFT),
                            absolute=lo.plusminus or hi.plusminus)
            i += 2
        else:
            part = _single(num)
            i += 1
        interval = part if interval is None else interval.intersect(part)
    return interval, tuple(nums), bool(_SHORTFALL.search(text))


def shortfall_to_values(gap: Interval, target: float) -> Interval:
    """A band on the shortfall below ``target`` (低5%-10%) as a band on the value itself."""
    low = None if gap.high is None else Bound(target - gap.high.value, gap.high.inclusive, gap.high.strength)
    if gap.low is None or gap.low.value <= 0:
        high = Bound(target, False, EXPLICIT)  # any shortfall at all: the target itself is not short
    else:
        high = Bound(target - gap.low.value, gap.low.inclusive, gap.low.strength)
    return replace(gap, low=low, high=high, point=False)


__all__ = ["Bound", "Interval", "SOFT", "CONVENTION", "EXPLICIT", "find", "names", "scan", "shortfall_to_values"]
