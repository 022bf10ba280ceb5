"""Normalising a published 评（扣）分标准 before it is read: one spelling for every symbol and number.

Full-width digits and punctuation become half-width (NFKC), ≦/≧ become ≤/≥, 百分之一 becomes 1%,
个百分点 becomes %, Chinese numerals before a counter (一个百分点, 每少一项) become digits, and
enumerators (1、 ③ A、 1.5.1) are dropped. Every pattern here is linear: no nested quantifiers.
"""

from __future__ import annotations

import re
import unicodedata

from ..values import units_agree
from .vocabulary import COUNT_UNITS, TIMES_LETTERS

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_CN_NUMBER = "[零〇一二两三四五六七八九十百]+"
#: Counters after which a Chinese numeral is a count (一个百分点, 一项, 三次).
_COUNTERS = "(?=个|项|次|件|处|名|位|分|%|百分点|公斤|天|人|条|家|户|份|篇|年|月|季度|周|所|座|类|起|例|宗|批|小点|点|胎)"
_SYMBOLS = {"≦": "≤", "≧": "≥", "﹤": "<", "﹥": ">", "−": "-", "–": "-", "—": "-", "～": "~",
            "﹪": "%", "×": "*", "✕": "*", "÷": "/", "“": "", "”": "", "‘": "", "’": "",
            "「": "", "」": "", "、": "、", "\u3000": " ", "\t": " ", "\r": " ", "\n": " ",
            "【": "(", "】": ")", "[": "(", "]": ")"}
#: The characters _SYMBOLS respells: a pattern finds them at C speed (str.translate with a dict looks
#: every character up in Python's table, about 15× slower on these texts).
_SYMBOL_CHARS = re.compile("[" + re.escape("".join(c for c, v in _SYMBOLS.items() if v != c)) + "]")


def _respell(text: str) -> str:
    """``text`` with each character of _SYMBOLS replaced by its spelling there."""
    return _SYMBOL_CHARS.sub(_symbol, text)


def _symbol(m: re.Match) -> str:
    return _SYMBOLS[m.group()]


_TIMES_LETTER = re.compile(r"(?<=[\u4e00-\u9fff%)])\s?[" + "".join(TIMES_LETTERS) + r"]\s?(?=[\d\u4e00-\u9fff(])")
_CIRCLED = re.compile("[\u2460-\u2473\u2776-\u277f]")
_ENUMERATOR = re.compile(r"(^|[\s;。|:])(?:\d+(?:\.\d+)+|\d{1,2}[、.)]|\(\d{1,2}\)|[A-Ha-h][、.)]|[一二三四五六七八九十]、)(?!\d|\s*[分%])")


def cn_int(word: str) -> int | None:
    """A Chinese numeral below 1000 (一, 十二, 二十, 一百) as an int, or None."""
    if not word:
        return None
    total, current = 0, 0
    for ch in word:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _cn_percent(m: re.Match) -> str:
    inner = m.group(1)
    value = inner if inner[0].isdigit() else cn_int(inner)
    return f"{value}%" if value is not None else m.group(0)


def _cn_count(m: re.Match) -> str:
    value = cn_int(m.group(0))
    return str(value) if value is not None else m.group(0)


_LOST_DASH = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)%(\d+(?:\.\d+)?)%")  # from a number's first digit


def _dash(m: re.Match) -> str:
    """85%100% is a range whose dash was lost; 100%1% (低于100%一个百分点) is a line and a step."""
    low, high = float(m.group(1)), float(m.group(2))
    return f"{m.group(1)}%-{m.group(2)}%" if high > low else m.group(0)


_CN_PERCENT = re.compile(r"百分之(\d+(?:\.\d+)?|" + _CN_NUMBER + ")")
_POINTS = re.compile(r"(?:个)?百分点")
_CN_COUNT = re.compile(f"(?<!{_CN_NUMBER[:-1]})" + _CN_NUMBER + _COUNTERS)  # from a numeral's start only
_OCR_ONE = re.compile(r"乙(?=个|项|次|处)")
_THOUSANDS = re.compile(r"(\d),(\d{3})(?!\d)")
_RANGE_WORD = re.compile(r"(\d%?(?:\((?:不)?含\))?)\s*(?:至|~)\s*(?=[-+±]?\d)")
_SPACES = re.compile(r" {2,}")
#: Characters one of which each enumerator contains (1、 1.5.1 (1) A. 一、): a text without any has none.
_ENUMERATOR_MARKS = ("、", ".", ")")


def normalize(text: str) -> str:
    """The rule text in one canonical spelling (see the module docstring).

    Each substitution runs only where its telltale character is written: a plain `in` test is much
    cheaper than a pattern search over the whole text."""
    t = _CIRCLED.sub(" ", text or "")
    t = _respell(unicodedata.normalize("NFKC", t))
    if "百分" in t:
        t = _CN_PERCENT.sub(_cn_percent, t)
        t = _POINTS.sub("%", t)
    t = _CN_COUNT.sub(_cn_count, t)
    if "乙" in t:
        t = _OCR_ONE.sub("1", t)  # OCR reads 一 as 乙 before a counter
    if any(letter in t for letter in TIMES_LETTERS):
        t = _TIMES_LETTER.sub("*", t)  # × printed as c, X or x
    if t.count("%") > 1:
        t = _LOST_DASH.sub(_dash, t)  # 85%100%: a dash lost in the copy
    t = t.replace("个%", "%")
    t = t.replace("百分比", "%")
    if "," in t:
        t = _THOUSANDS.sub(r"\1\2", t)
    if "至" in t or "~" in t:
        t = _RANGE_WORD.sub(r"\1-", t)
    t = t.replace(">=", "≥").replace("<=", "≤").replace("==", "=")
    if any(mark in t for mark in _ENUMERATOR_MARKS):
        t = _ENUMERATOR.sub(r"\1", t)
    if "  " in t:
        t = _SPACES.sub(" ", t)
    return t.strip(" ;,。")


def symbols(text: str) -> str:
    """Only the symbol spelling of :func:`normalize` (NFKC, ≧ → ≥, >= → ≥): enough for a row's short
    columns (指标值类型, 指标值), much cheaper than the whole normalisation."""
    t = _respell(unicodedata.normalize("NFKC", text))
    return t.replace(">=", "≥").replace("<=", "≤").strip()


_UNIT_NOTE = re.compile(r"\(.*$")


def normalize_unit(unit: str | None) -> str:
    """The row's 计量单位 without a parenthesised note: "%(占目标产量)" → "%", "百分比" → "%"."""
    u = unicodedata.normalize("NFKC", unit or "").strip()
    if "(" in u:
        u = _UNIT_NOTE.sub("", u).strip()
    if u in ("百分比", "百分点", "个百分点") or u.startswith("%"):
        return "%"
    return u


#: A number of 分 that is a bound, not an award: not after 得/计/扣/加… (90分及以上得满分，80-90分得8分).
_SCORE_BOUND = re.compile(r"(?<![得计给记获扣加减\d.])(?<!满分)(?<!满分为)(\d+(?:\.\d+)?)\s*分(?!值)")


def for_unit(text: str, unit: str) -> str:
    """A normalised text as read for a row in ``unit``: where the value itself is a score (unit 分,
    优(≥85分)), "85分" is a bound, not an award, and is spelt "85点"."""
    return _SCORE_BOUND.sub(r"\1点", text) if unit == "分" else text


def same_unit(a: str | None, b: str | None) -> bool:
    """True when two units name the same thing (公斤/月/人 and 公斤, 名 and 位次, % and 百分比) or
    either is missing; the comparison itself is the one cell values are read with."""
    a, b = normalize_unit(a), normalize_unit(b)
    if (a in COUNT_UNITS and b.startswith(a)) or (b in COUNT_UNITS and a.startswith(b)):
        return True  # 个 and 个子系统: the counter of what the row counts
    a, b = (u[1:] if u.startswith(("个", "小")) and len(u) > 1 else u for u in (a, b))
    return not a or not b or a == b or units_agree(a, b) or a in b.split("/") or b in a.split("/")


__all__ = ["cn_int", "for_unit", "normalize", "normalize_unit", "same_unit", "symbols"]
