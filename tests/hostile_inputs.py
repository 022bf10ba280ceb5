"""Generated hostile inputs for the hostile-input suite (tests/test_hostile_*.py), by class, and the
contract every result is checked against.

Classes of cell values a finance clerk or a hostile file can put in front of the functions, the parser
and the commands; ``VALID`` holds the plain numbers that must give a number. ``COUNTS`` collects how many
inputs of each class each layer tried; conftest prints it at the end of the run.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import signal
from collections import Counter
from contextlib import contextmanager

#: (layer, class) → inputs tried; printed by conftest's terminal summary.
COUNTS: Counter = Counter()

_rng = random.Random(14)


def _random_text(n: int) -> str:
    alphabet = "九十百千万零〇一二三四五六七八分扣得每少多于以上下含%％.,，。；;:：()（）-—~≥≤<>=个点之一完成率实际目标abcXYZ 　\t"
    return "".join(_rng.choice(alphabet) for _ in range(n))


#: Values that are not a number and not blank: each must give a visible error or 需人工认定, never a number.
INVALID: dict[str, list] = {
    "excel_error": ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                    "#GETTING_DATA", " #N/A ", "#n/a"],
    "out_of_range": [math.nan, math.inf, -math.inf, 1e300, -1e300, 1e16, -1e16, "1e400", "-1e400", "9" * 30,
                     "1e16", "NaN", "inf", "-Infinity"],
    "text": ["abc", "很多", "不清楚", "null", "None", "undefined", "—", "..", "一二三", "九十五",
             "约", "第", "%", "％", "公斤", "TRUE!", "¥95", "$95", "--95"],
    "formula_text": ["=SUM(A1:A3)", '=HYPERLINK("http://x","点我")', "@SUM(1)", "+cmd|' /C calc'!A0",
                     "=cmd|' /C calc'!A0", "=A1", "=RAND()", "=#N/A", "=IF(1,2)"],
    "long_text": ["九" * 24000, "9" * 5000, "a" * 100_000, "１" * 1000, "95" + " " * 10_000 + "%",
                  "得分" * 5000],
    "control_unicode": ["\x00", "\x0095", "\u202e95", "\x1b[31m95", "\U0001f4af"],
    "date": [dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, 8, 30), dt.time(8, 30), dt.timedelta(days=3)],
    "random_text": [t for n in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233) for _ in range(3)
                    if (t := _random_text(n)).strip(" 　\t")],
    # a number followed by characters that are no unit: read whole, so an error that quotes the text
    "tail": ["1..2", "=1/0", "9\u200b5", "95\ud800", "95\x07", "9\x005", "95-", "9,5,,", "0x10", "37/38", "95%%",
             "=1+1"],
}
#: Blank cells: every path must leave the result blank, never 0 and never a score.
BLANK: list = [None, "", " ", "\u3000", "\t", "\n", " \u3000 ", "\r\n"]
#: Plain numbers in range: the numeric functions must give a number for each.
VALID: list = [0, 1, 37, 38, 95, 99.5, 100, 0.5, 0.9, 0.95, 1.5, 1e6, -1, 12345.678, "95", "95%", " 95 % ",
               "９５％", "0.9", "1,000"]


def invalid_values():
    """(class, value) for every invalid input."""
    for kind, values in INVALID.items():
        for value in values:
            yield kind, value


@contextmanager
def hang_guard(seconds: int = 20):
    """Fail (rather than hang the suite) when the body runs longer than ``seconds``; not a speed check."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def is_number(result) -> bool:
    return isinstance(result, (int, float)) and not isinstance(result, bool)


def is_visible_problem(result) -> bool:
    """An error a user sees (#错误：…, an Excel error) or 需人工认定 (with or without a range)."""
    return isinstance(result, str) and (result.startswith("#错误：") or result.startswith("需人工认定")
                                        or result.startswith("#"))


def made_formula(result) -> bool:
    """A text result that a spreadsheet would take for a formula."""
    return isinstance(result, str) and result[:1] in ("=", "+", "@") and not result.startswith("#")


__all__ = ["BLANK", "COUNTS", "INVALID", "VALID", "hang_guard", "invalid_values", "is_number", "is_visible_problem",
           "made_formula"]
