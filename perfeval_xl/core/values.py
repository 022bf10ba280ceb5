"""Reading what a user typed into a cell as an indicator's actual value.

Shared by every adapter (UDFs, recalculation, workbook reading, CLI) so that 95, "95%", "９５％",
"38公斤", 是/否, blanks and Excel error values mean the same thing everywhere.

Percent scale: in a row whose unit is % a bare number is in the row's unit (90 means 90%). A cell
formatted as a percentage holds a fraction; an adapter that can see the format says so with
``percent_format=True``. Where no format can be seen (``percent_format=None``) a value within
[-1.5, 1.5] in a % row whose target is above 1.5 is read as such a fraction, and the reading says so.
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

_NUMBER = re.compile(
    r"^(?:[≥≤><=]=?|≧|≦|约|第)?\s*([-+]?(?:\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.{0,12})$"
)


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


def _number_reading(x: float, unit: str, target: float | None, percent_format: bool | None,
                    shown_raw: str | None = None) -> Reading:
    if not math.isfinite(x):
        return _invalid("实际值不是有效数字（无穷大或非数字）")
    if abs(x) > MAX_MAGNITUDE:
        return _invalid(f"实际值{shown_raw or f'{x:g}'}超出合理范围，请核对")
    note = ""
    if is_percent_unit(unit):
        if percent_format:
            x = x * 100
        elif (percent_format is None and target is not None and abs(target) > FRACTION_LIMIT
              and -FRACTION_LIMIT <= x <= FRACTION_LIMIT and x != 0):
            note = f"实际值{fmt(x, 4)}按百分比格式读作{fmt(x * 100)}%"
            x = x * 100
        shown = f"{fmt(x)}%"
    else:
        shown = fmt(x) + ("" if unit in SILENT_UNITS else unit or "")
    return Reading(SCORED, number=float(x), note=note, shown=shown)


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
        if qualitative:
            return _invalid(f"定性指标应填写等级（如有效/一般/较差），而不是数字{fmt(float(raw))}")
        return _number_reading(float(raw), unit, target, percent_format)
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
        number = float(m.group(1).replace(",", ""))
        suffix = m.group(2)
        if suffix in PERCENT_UNITS:
            if not is_percent_unit(unit):
                number = number / 100  # "100%" in a ratio row with target 1
                return _number_reading(number, unit, target, False, text)
            return _number_reading(number, unit, target, False, text)
        if suffix and (suffix[0].isdigit() or not units_agree(suffix, unit)):
            return _invalid(f"实际值“{raw}”的单位与计量单位“{unit or '无'}”不一致")
        return _number_reading(number, unit, target, percent_format if not suffix else False, text)
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
    except (TypeError, ValueError):
        return np.array([_reading_number(read_value(v, unit=unit, target=target,
                                                    percent_format=percent_format)) for v in values],
                        dtype=float)
    if x.dtype == bool:
        return np.full(x.shape, np.nan)
    x = np.where(np.isfinite(x) & (np.abs(x) <= MAX_MAGNITUDE), x, np.nan)
    if is_percent_unit(unit):
        if percent_format:
            x = x * 100
        elif percent_format is None and target is not None and abs(target) > FRACTION_LIMIT:
            x = np.where((np.abs(x) <= FRACTION_LIMIT) & (x != 0), x * 100, x)
    return x


def _reading_number(reading: Reading) -> float:
    return reading.number if reading.status == SCORED and reading.number is not None else math.nan
