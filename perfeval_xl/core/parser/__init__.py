"""Reading a published 评（扣）分标准 into a rule: ``parse_rule`` and ``score_rule``.

Pipeline: :mod:`.normalize` (one spelling for symbols and numbers) → :mod:`.clauses` (weight,
formula, modifiers, condition/outcome clauses) → :mod:`.conditions` (number bounds and how firmly
each is stated) → :mod:`.build` (one rule kind). A row without a text gets the national default
(:mod:`.default`). Results are cached on the normalised text and the row's columns, so the same text
in 10,000 cells is parsed once. Rules are immutable, so sharing them is safe.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..errors import ParseError
from ..rules import Rule
from ..score import Score, fmt
from .build import Context, build, fail
from .clauses import read
from .default import default_rule
from .conditions import find, scan
from .guard import check
from .normalize import for_unit, normalize, normalize_unit, symbols
from .vocabulary import ALL_WORDS, COUNT_UNITS
from ..values import MAX_MAGNITUDE

#: Longer texts are not scoring rules (and would make a parse slow).
MAX_TEXT = 600


def _op(op: object) -> str | None:
    if op is None:
        return None
    text = symbols(str(op))
    if text.startswith("定性"):
        return "定性"
    for symbol in ("≥", "≤", ">", "<", "="):
        if text.startswith(symbol):
            return symbol
    words = {"正向": "≥", "大于等于": "≥", "不低于": "≥", "反向": "≤", "小于等于": "≤", "不高于": "≤", "等于": "="}
    return words.get(text)


#: The longest 指标值 / 分值 cell read for a number or words (longer cells are notes, not values).
_MAX_COLUMN = 60
_PLAIN_NUMBER = re.compile(r"[≥≤><=]?\s*([-+]?\d+(?:\.\d+)?)\s*(?:%|分)?")
#: A target in words around one number: 90%以上, 3%以内, 0人未掌握 (not 5个带动就业100人: two numbers).
_TEXT_TARGET = re.compile(r"[≥≤><=]?\s*([-+]?\d+(?:\.\d+)?)[^\d]{0,8}")


def _number(value: object) -> float | None:
    """A target or weight as a plausible number: None for text, non-finite or huge values; values
    closer to 0 than any table writes are 0."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        text = str(value)
        if len(text) > _MAX_COLUMN:  # a column this long holds no number to read (checked before normalising)
            return None
        text = symbols(text)
        m = _PLAIN_NUMBER.fullmatch(text)
        if not m:
            text = normalize(text)
            m = _PLAIN_NUMBER.fullmatch(text)
        if not m:
            # a target written with its unit and words (90%以上, 0人未掌握): its one number
            m = _TEXT_TARGET.fullmatch(text)
            if not m:
                return None
        x = float(m.group(1))
    if not math.isfinite(x) or abs(x) > MAX_MAGNITUDE:
        return None
    return 0.0 if abs(x) < 1e-9 else x


def parse_rule(text: str | None, *, op=None, target=None, unit=None, weight=None) -> Rule:
    """The rule a published 评（扣）分标准 text describes.

    Args:
        text: the rule text as published (full- or half-width); empty or None means the row has none,
            and the national default applies (the explanation says so).
        op: the row's 指标值类型 (≥ ≤ = > < 定性 …), used where the text leaves the direction implicit.
        target: the row's 指标值 (a number, or text such as "是否").
        unit: the row's 计量单位; "%" makes bare numbers percents.
        weight: the row's 分值. Where the text states its own 分值 and it differs, the column wins and
            every explanation says so (``lint_table`` flags the row).

    Raises:
        ParseError: with a Chinese message quoting the part not understood and naming the SCORE_*
            function to use instead.
    """
    key = (text, op, target, unit, weight)
    try:
        result = _SEEN[key]
    except KeyError:
        result = _parse_normalized(text, op, target, unit, weight)
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        _SEEN[key] = result
    except TypeError:  # an unhashable argument: skip the first cache level
        result = _parse_normalized(text, op, target, unit, weight)
    if result.__class__ is ParseError:
        raise ParseError(str(result))
    return result


#: The cache on the arguments as given, so a repeated cell skips normalising too (a plain dict: one
#: lookup is the whole cost of a repeated cell; emptied when full).
_SEEN: dict = {}
_SEEN_MAX = 8192


def _parse_normalized(text, op, target, unit, weight) -> Rule | ParseError:
    raw = text if isinstance(text, str) else "" if text is None else str(text)
    if len(raw) > MAX_TEXT:  # before normalising, whose cost grows with the length
        return _too_long(len(raw))
    norm = normalize(raw)
    number = _number(target)
    words = normalize(target).strip() if number is None and isinstance(target, str) and len(target) <= _MAX_COLUMN \
        else ""
    unit = normalize_unit(unit)
    if words and unit == "%" and words.startswith(ALL_WORDS):
        number = 100.0  # 全部参加职业培训: all of them, 100%
    return _parse(norm, _op(op), number, unit, _number(weight), words)


@lru_cache(maxsize=8192)
def _parse(text: str, op: str | None, target: float | None, unit: str, weight: float | None,
           target_text: str = "") -> Rule | ParseError:
    """The rule, or the ParseError saying why there is none (cached too: a bad text repeated in
    10,000 cells is read once)."""
    try:
        return _read_rule(text, op, target, unit, weight, target_text)
    except ParseError as error:
        return error


def _too_long(length: int) -> ParseError:
    return ParseError(f"评分标准过长（{length}字），无法自动识别，请改用 SCORE_* 函数写明参数")


#: A text without a word character or % holds no rule (the row gets the national default).
_WORDLIKE = re.compile(r"[\w%]")


def _read_rule(text: str, op: str | None, target: float | None, unit: str, weight: float | None,
               target_text: str = "") -> Rule:
    if len(text) > MAX_TEXT:
        raise _too_long(len(text))
    ctx = Context(op, target, unit, weight, [], target_text)
    if not _WORDLIKE.search(text):
        return default_rule(ctx)
    try:
        reading = read(for_unit(text, unit))
        if reading.weight is not None:
            if ctx.weight is None:
                ctx.weight = reading.weight
            elif abs(reading.weight - ctx.weight) > 1e-9:
                ctx.notes.append(f"评分标准写明分值{fmt(reading.weight)}分，与分值列{fmt(ctx.weight)}分不一致，"
                                 f"按分值列{fmt(ctx.weight)}分计")
        return check(build(reading, ctx), op or _implied_op(target, unit), target, reading.text)
    except ParseError:
        raise
    except Exception as error:  # a text shape the builders did not foresee: decline, never guess
        raise fail(f"评分标准“{text[:60]}”无法自动识别（{type(error).__name__}）") from None


def _implied_op(target: float | None, unit: str) -> str | None:
    """A direction the row implies without saying it: a target of 0 things counted (0件, 0处) is at
    most 0, so the guard checks that more of them never scores more."""
    return "≤" if target == 0 and unit in COUNT_UNITS else None


def score_rule(text: str | None, actual: object, *, op=None, target=None, unit=None, weight=None,
               percent_format: bool | None = None) -> Score:
    """Score ``actual`` straight from a rule text (see :func:`parse_rule`); raises ParseError."""
    return parse_rule(text, op=op, target=target, unit=unit, weight=weight).score(
        actual, percent_format=percent_format)


def cache_info():
    """Hits and misses of the parse cache (for the benchmark)."""
    return _parse.cache_info()


def clear_cache() -> None:
    """Forget every parse (and the condition scans behind them): the next parse is cold."""
    _SEEN.clear()
    _parse.cache_clear()
    scan.cache_clear()
    find.cache_clear()


__all__ = ["ParseError", "cache_info", "clear_cache", "normalize", "parse_rule", "score_rule"]
