"""Reading what a user typed into a cell as an indicator's actual value: the one reading of a cell.

Shared by every adapter (UDFs, recalculation, workbook reading, CLI, both templates' formulas mirror
it) so that 95, "95%", "９５％", "38公斤", "3.7万", 是/否, blanks and Excel error values mean the same
thing everywhere. The user-facing rules are in docs/reading.md (同一个单元格，同一个得分).

Percent scale: in a row whose unit is % a bare number is in the row's unit (90 means 90%). A cell
formatted as a percentage holds a fraction; an adapter that can see the format says so with
``percent_format=True`` and the number is multiplied by 100. Otherwise (a General cell, or no format
visible) a value within [-1.5, 1.5] in a % row whose target is above 1.5 is read as such a fraction,
and the reading says so. Text is text: "95" typed as text is 95%, whatever the cell's format.

Precision: a number is read to :data:`SIGNIFICANT` significant digits, so every path (Python, the
native formulas) compares the same value with a rule's bounds.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .score import BLANK, INVALID, NOT_APPLICABLE, SCORED, fmt

#: Excel's error values as xlwings and the file readers hand them over.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#N/A!"}
)
#: Magnitudes beyond this are not plausible indicator values (and would overflow the arithmetic).
MAX_MAGNITUDE = 1e15
#: Words that mark a row as not applicable (不适用): it drops out and the total is rescaled.
NOT_APPLICABLE_WORDS = frozenset({"不适用", "不涉及", "无此项", "不考核"})
YES_WORDS = frozenset({"是", "TRUE", "true", "True", "Y", "y", "yes", "YES"})
NO_WORDS = frozenset({"否", "FALSE", "false", "False", "N", "n", "no", "NO"})
PERCENT_UNITS = frozenset({"%", "百分比", "百分点", "个百分点"})
#: Units that read badly after a number ("1比值"); explanations print the bare number.
SILENT_UNITS = frozenset({"比值", "比率", "比例", "/", "无", "-"})
#: Suffixes of a rank ("第5名") that agree with one another.
RANK_UNITS = frozenset({"名", "位", "位次", "名次"})
FRACTION_LIMIT = 1.5
#: Significant digits a number is read to before any comparison (Excel stores 15; 10 leaves room for
#: the noise of a fraction times 100 and is what the native formulas round to as well).
SIGNIFICANT = 10
#: Magnitude prefixes of a typed unit: "3.7万" is 37000; "5877.5万元" in a 万元 row is 5877.5.
SCALE_PREFIXES = {"万": 1e4, "亿": 1e8, "千": 1e3}
PERMILLE = "‰"

_NUMBER = re.compile(
    r"^(?:[≥≤><=]=?|≧|≦|约|第)?\s*([-+]?(?:\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.{0,12})$"
)
#: A unit after a number: words and "/" between them (公斤/月/人), no digits, no other punctuation.
_UNIT_WORD = re.compile(r"^[^\W\d_]+(?:/[^\W\d_]+)*$|^%$|^‰$")


def is_percent_format(number_format: str | None) -> bool:
    """True for an Excel number format that multiplies by 100 ("0%", "0.00%"), not a quoted "%"."""
    if not number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return "%" in bare


def is_percent_unit(unit: str | None) -> bool:
    """True for a unit that means percent (%, ％, 百分比)."""
    return normalize_text(unit or "") in PERCENT_UNITS


def normalize_text(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True)
class Reading:
    """What a cell value was read as.

    Attributes:
        status: SCORED (a number or a word was read), BLANK, INVALID or NOT_APPLICABLE.
        number: the value in the row's unit (90 for 90% in a % row), or None.
        word: the text for qualitative rows (有效, 是 …), or None.
        note: how an ambiguous value was read, in Chinese (percent-scale guess), else "".
        message: for INVALID and BLANK, the Chinese sentence saying why there is no score.
        shown: the value as the explanation prints it (95%, 38公斤, 有效).
    """

    status: str
    number: float | None = None
    word: str | None = None
    note: str = ""
    message: str = ""
    shown: str = ""


def _invalid(message: str) -> Reading:
    return Reading(INVALID, message=message)


def significant(x: float, digits: int = SIGNIFICANT) -> float:
    """``x`` rounded to ``digits`` significant digits (0 stays 0)."""
    return float(f"{x:.{digits}g}") if x else 0.0


def is_fraction_guess(x: float, unit: str, target: float | None) -> bool:
    """True when a bare number in a % row reads as a fraction from a %-formatted cell (0.9 is 90%)."""
    return (is_percent_unit(unit) and target is not None and abs(target) > FRACTION_LIMIT
            and -FRACTION_LIMIT <= x <= FRACTION_LIMIT and x != 0)


def _number_reading(x: float, unit: str, target: float | None, percent_format: bool | None,
                    shown_raw: str | None = None, *, guess: bool = True) -> Reading:
    if not math.isfinite(x):
        return _invalid("实际值不是有效数字（无穷大或非数字）")
    if abs(x) > MAX_MAGNITUDE:
        return _invalid(f"实际值{shown_raw or f'{x:g}'}超出合理范围，请核对")
    note = ""
    if is_percent_unit(unit):
        if percent_format:
            x = x * 100
        elif guess and is_fraction_guess(x, unit, target):
            note = f"实际值{fmt(x, 4)}按百分比格式读作{fmt(x * 100)}%"
            x = x * 100
        x = significant(x)
        shown = f"{fmt(x)}%"
    else:
        x = significant(x)
        shown = fmt(x) + ("" if unit in SILENT_UNITS else unit or "")
    return Reading(SCORED, number=float(x), note=note, shown=shown)


def _scale(unit: str) -> tuple[float, str]:
    """(magnitude, rest) of a unit: 万元 → (1e4, 元), 公斤 → (1, 公斤); a bare 万 stays a unit of its own."""
    if len(unit) > 1 and unit[0] in SCALE_PREFIXES:
        return SCALE_PREFIXES[unit[0]], unit[1:]
    return 1.0, unit


def _text_number(raw: str, text: str, number: float, suffix: str, unit: str, target: float | None) -> Reading:
    """A number typed as text with what follows it: %, ‰, a unit (万 scales), or an error quoting it."""
    if suffix and not _UNIT_WORD.match(suffix) and not (unit and normalize_text(unit) == suffix):  # m² is m2
        return _invalid(f"实际值“{raw}”不是可以识别的数字（数字后的“{suffix}”无法识别），请只填写数字和计量单位")
    if suffix and suffix == normalize_text(unit or "") and not is_percent_unit(unit):  # "5.1‰" in a ‰ row
        return _number_reading(number, unit, target, False, text, guess=False)
    if suffix in PERCENT_UNITS or suffix == PERMILLE:
        per = 100 if suffix != PERMILLE else 1000
        if not is_percent_unit(unit):
            return _number_reading(number / per, unit, target, False, text, guess=False)  # "100%", ratio row
        return _number_reading(number * 100 / per, unit, target, False, text, guess=False)
    if suffix:
        typed_scale, typed_rest = _scale(suffix)
        if suffix in SCALE_PREFIXES:
            typed_scale, typed_rest = SCALE_PREFIXES[suffix], ""
        row_scale, row_rest = _scale(normalize_text(unit or ""))
        if typed_scale != 1.0 or row_scale != 1.0:
            if typed_rest and row_rest and not units_agree(typed_rest, row_rest):
                return _invalid(f"实际值“{raw}”的单位与计量单位“{unit or '无'}”不一致")
            if is_percent_unit(unit):
                return _invalid(f"实际值“{raw}”的单位与计量单位“{unit}”不一致")
            return _number_reading(number * typed_scale / row_scale, unit, target, False, text, guess=False)
        if not units_agree(suffix, unit):
            return _invalid(f"实际值“{raw}”的单位与计量单位“{unit or '无'}”不一致")
        return _number_reading(number, unit, target, False, text, guess=False)
    return _number_reading(number, unit, target, False, text)


#: Words before a percent that make it a line to reach or stay within (≥1%, 控制在0.5%以内).
_LINE_WORDS = r"(?:[≥≤<>=]|大于|小于|不低于|不高于|低于|高于|不超过|超过|达到|控制在|为)"


def read_target(raw: object, *, unit: str = "", percent_format: bool | None = None,
                rule_text: str = "") -> float | None:
    """A row's numeric target (指标值) in the row's unit, or None when it is not a number.

    In a % row a target typed "95%" into a %-formatted cell is stored 0.95. Whether the format can be
    seen or not, a number within (0, 1.5] in a % row is that fraction (95%), unless the rule text
    itself sets that number as a percent line ("≥1%", "控制在0.5%以内"): the row decides, the same on
    every path.
    """
    reading = read_value(raw, unit=unit, percent_format=percent_format)
    if reading.status != SCORED or reading.number is None:
        return None
    x = reading.number
    if (is_percent_unit(unit) and not percent_format and not isinstance(raw, str)
            and 0 < abs(x) <= FRACTION_LIMIT):
        text = normalize_text(rule_text).replace(" ", "")
        number = re.escape(fmt(x, 6))
        if not re.search(_LINE_WORDS + number + "%|(?<![\\d.])" + number + "%以[内下上]", text):
            return significant(x * 100)
    return x


def units_agree(typed: str, unit: str) -> bool:
    """"38公斤" in a 公斤/月/人 row is fine; "38次" in a 公斤 row is not."""
    if not typed or not unit:
        return True
    if typed in RANK_UNITS and unit in RANK_UNITS:
        return True
    typed_first = typed.split("/")[0]
    unit_first = normalize_text(unit).split("/")[0]
    return typed_first.startswith(unit_first) or unit_first.startswith(typed_first)


def read_value(raw: object, *, unit: str = "", target: float | None = None,
               percent_format: bool | None = None, qualitative: bool = False) -> Reading:
    """Read one cell value as an actual value.

    Args:
        raw: the cell value: number, text, bool, None, an Excel error text ("#N/A"), a date.
        unit: the row's 计量单位; "%" switches on the percent scale.
        target: the row's numeric target, used only by the percent-scale guess.
        percent_format: True when the cell is known to be %-formatted, False when its format is known
            and is not a percentage, None when the format cannot be seen.
        qualitative: the row is 定性: text is a grade word, not an error.

    Returns:
        A Reading; never raises for any cell value.
    """
    kind = raw.__class__
    # Texts and numbers recur across rows and units (targets, "20分" weights, typed values): read each
    # once. The type is part of the key (1, 1.0 and True read differently); -0.0 is left out because
    # it equals 0.0 as a key but keeps its sign in the reading.
    if (kind is str or kind is int or kind is float) and not (kind is float and raw == 0.0):
        try:
            return _read_cached(kind, raw, unit, target, percent_format, qualitative)
        except TypeError:  # an unhashable unit or target: read it uncached
            pass
    return _read_value(raw, unit, target, percent_format, qualitative)


@lru_cache(maxsize=16384)
def _read_cached(kind: type, raw: object, unit: str, target: float | None, percent_format: bool | None,
                 qualitative: bool) -> Reading:
    """:func:`_read_value` remembered; Readings are frozen, so sharing one is safe."""
    return _read_value(raw, unit, target, percent_format, qualitative)


def _read_value(raw: object, unit: str, target: float | None, percent_format: bool | None,
                qualitative: bool) -> Reading:
    """The reading of one cell value (see :func:`read_value`)."""
    if raw is None:
        return Reading(BLANK, message="未填写实际完成值，未评分")
    if isinstance(raw, bool):
        word = "是" if raw else "否"
        if qualitative:
            return Reading(SCORED, word=word, shown=word)
        return _invalid(f"实际值“{word}”不是数字，该指标需填写数值")
    if isinstance(raw, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
        return _invalid(f"实际值是日期“{raw}”，不是该指标的完成值，请检查单元格格式")
    if isinstance(raw, (int, float)) or type(raw).__name__ in ("float64", "int64", "float32", "int32"):
        try:
            number = float(raw)
        except OverflowError:  # an integer of hundreds of digits
            return _invalid(f"实际值{str(raw)[:12]}…超出合理范围，请核对")
        if qualitative:
            return _invalid(f"定性指标应填写等级（如有效/一般/较差），而不是数字{fmt(number)}")
        return _number_reading(number, unit, target, percent_format)
    if not isinstance(raw, str):
        return _invalid(f"无法识别的实际值“{raw}”")
    text = normalize_text(raw)
    if text == "":
        return Reading(BLANK, message="未填写实际完成值，未评分")
    if text.upper() in EXCEL_ERRORS or text in EXCEL_ERRORS:
        return _invalid(f"实际值单元格为错误值{text}，请先修正该单元格")
    if text in NOT_APPLICABLE_WORDS:
        return Reading(NOT_APPLICABLE, word=text, shown=text, message="该指标不适用，不参与评分")
    if len(text) > 200:
        return _invalid("实际值文字过长，无法识别")
    m = _NUMBER.match(text.replace(" ", ""))
    if m and not qualitative:
        return _text_number(raw, text, float(m.group(1).replace(",", "")), m.group(2), unit, target)
    if qualitative:
        if text in YES_WORDS:
            return Reading(SCORED, word="是", shown="是")
        if text in NO_WORDS:
            return Reading(SCORED, word="否", shown="否")
        return Reading(SCORED, word=text, shown=text)
    if text in YES_WORDS or text in NO_WORDS:
        return _invalid(f"实际值“{text}”不是数字，该指标需填写数值")
    return _invalid(f"实际值“{raw}”不是数字")


def read_numbers(values, *, unit: str = "", target: float | None = None,
                 percent_format: bool | None = None):
    """Read a whole column of cell values as numbers, NaN where a cell gives no number.

    The vectorised twin of :func:`read_value` for numeric rows: a column that is all numbers is
    converted with numpy in one step (same percent-scale rule); mixed columns fall back per cell.
    """
    import numpy as np

    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return np.array([_reading_number(read_value(v, unit=unit, target=target,
                                                    percent_format=percent_format)) for v in values],
                        dtype=float)
    if x.dtype == bool:
        return np.full(x.shape, np.nan)
    x = np.where(np.isfinite(x) & (np.abs(x) <= MAX_MAGNITUDE), x, np.nan)
    if is_percent_unit(unit):
        if percent_format:
            x = x * 100
        elif target is not None and abs(target) > FRACTION_LIMIT:
            x = np.where((np.abs(x) <= FRACTION_LIMIT) & (x != 0), x * 100, x)
    return _significant_array(x)


def _significant_array(x):
    """:func:`significant` over an array (NaN stays NaN), giving the same floats as the scalar reading.

    k / 10**n and k * 10**n are single correctly rounded operations, so they equal the decimal parse
    that :func:`significant` does; elements whose digits could differ (a magnitude misjudged by log10,
    a near-tie in the rounding) are read one by one.
    """
    import numpy as np

    out = np.array(x, dtype=float, copy=True)
    todo = np.isfinite(out) & (out != 0)
    if not todo.any():
        return out
    v = out[todo]
    with np.errstate(over="ignore", invalid="ignore"):
        n = SIGNIFICANT - 1 - np.floor(np.log10(np.abs(v))).astype(int)
        power = 10.0 ** np.abs(n)
        scaled = np.where(n >= 0, v * power, v / power)
        k = np.round(scaled)
        y = np.where(n >= 0, k / power, k * power)
        exact = ((np.abs(k) >= 10 ** (SIGNIFICANT - 1)) & (np.abs(k) < 10 ** SIGNIFICANT)
                 & (np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) > 1e-6) & (np.abs(n) <= 22))
    slow = np.flatnonzero(~exact)
    for i in slow.tolist():
        y[i] = significant(float(v[i]))
    out[todo] = y
    return out


def _reading_number(reading: Reading) -> float:
    return reading.number if reading.status == SCORED and reading.number is not None else math.nan
