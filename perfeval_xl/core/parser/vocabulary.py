"""The scoring vocabulary of 评（扣）分标准 texts, as data: every word the clause grammar reacts to.

The grammar (:mod:`.clauses`, :mod:`.conditions`, :mod:`.build`) builds its patterns from these
tables, so a new way of saying the same thing is one entry here, not a new pattern. Words are the
normalised spelling (:mod:`.normalize`: half-width, ≦ → ≤, 百分之N → N%, 一 → 1 before counters).
No phrase from a particular published rule belongs here: only words of the language. The answers a
clerk types for a yes/no criterion (是/否, 已完成/未完成, qualifiers such as 基本) are matched when a
value is scored, so they live with that rule kind (:mod:`perfeval_xl.core.rules.answer`).
"""

from __future__ import annotations

# -- comparison words: the bound a number gets from the word before it, and how firmly ----------
#: strength of a bound: EXPLICIT (≥, 不低于, （含）) beats CONVENTION (以上/以下 include the number),
#: which beats SOFT (a plain range end "80-90").
SOFT, CONVENTION, EXPLICIT = 0, 1, 2

#: word before a number → (operator, strength). Negated comparisons are comparisons of their own:
#: 不少于 is ≥, 不超过 is ≤ (不得少于, 不得超过 with the modal 得).
COMPARE_BEFORE: dict[str, tuple[str, int]] = {
    "≥": ("≥", EXPLICIT), "大于或等于": ("≥", EXPLICIT), "大于等于": ("≥", EXPLICIT), "不低于": ("≥", EXPLICIT),
    "不得低于": ("≥", EXPLICIT), "不少于": ("≥", EXPLICIT), "不得少于": ("≥", EXPLICIT), "不小于": ("≥", EXPLICIT),
    "不得小于": ("≥", EXPLICIT), "不应低于": ("≥", EXPLICIT), "不应少于": ("≥", EXPLICIT), "达到": ("≥", EXPLICIT),
    "到达": ("≥", EXPLICIT), "达": ("≥", EXPLICIT),
    "≤": ("≤", EXPLICIT), "小于或等于": ("≤", EXPLICIT), "小于等于": ("≤", EXPLICIT), "不高于": ("≤", EXPLICIT),
    "不得高于": ("≤", EXPLICIT), "不大于": ("≤", EXPLICIT), "不得大于": ("≤", EXPLICIT), "不超过": ("≤", EXPLICIT),
    "不得超过": ("≤", EXPLICIT), "不应超过": ("≤", EXPLICIT), "不多于": ("≤", EXPLICIT), "不得多于": ("≤", EXPLICIT),
    "控制在": ("≤", EXPLICIT), "前": ("≤", EXPLICIT),
    ">": (">", EXPLICIT), "大于": (">", EXPLICIT), "高于": (">", EXPLICIT), "多于": (">", EXPLICIT),
    "超过": (">", EXPLICIT), "超出": (">", EXPLICIT), "超": (">", EXPLICIT), "突破": (">", EXPLICIT),
    "<": ("<", EXPLICIT), "小于": ("<", EXPLICIT), "低于": ("<", EXPLICIT), "少于": ("<", EXPLICIT),
    "不足": ("<", EXPLICIT), "不到": ("<", EXPLICIT), "未达到": ("<", EXPLICIT), "未达": ("<", EXPLICIT),
    "未满": ("<", EXPLICIT), "达不到": ("<", EXPLICIT), "=": ("=", EXPLICIT), "等于": ("=", EXPLICIT),
    "第": ("=", EXPLICIT),
}

#: word after a number → (operator, strength): 以上/以下/以内 include the number (民法典 第1259条).
COMPARE_AFTER: dict[str, tuple[str, int]] = {
    "及以上": ("≥", EXPLICIT), "或以上": ("≥", EXPLICIT), "以上": ("≥", CONVENTION),
    "及以下": ("≤", EXPLICIT), "或以下": ("≤", EXPLICIT), "以下": ("≤", CONVENTION),
    "以内": ("≤", CONVENTION), "之内": ("≤", CONVENTION), "内": ("≤", CONVENTION), "以后": ("≥", CONVENTION),
    "之后": ("≥", CONVENTION), "以前": ("≤", CONVENTION),
}

#: nouns naming the target that may sit between a comparison word and its number (低于责任指标85%,
#: 达到目标值的80%): the comparison still binds to the number.
TARGET_NOUNS = ("责任指标", "年度指标", "指标值", "目标值", "计划值", "计划数", "目标数", "任务数", "目标任务", "计划任务",
                "指标", "目标", "任务", "计划", "标准", "规定数量", "控制数", "要求")

#: fractions of the target in words (完成一半得5分): the condition is that share of the 指标值.
FRACTION_WORDS = {"一半": 0.5, "半数": 0.5, "三分之一": 1 / 3, "三分之二": 2 / 3, "四分之一": 0.25, "四分之三": 0.75}

#: a target in words that means all of them (全部参加培训): 100% on a % row.
ALL_WORDS = ("全部", "全体", "所有", "全面", "100%")

# -- direction words: which way a step measures the gap -------------------------------------------
#: verb after 每 → direction of the gap: below the line, above it, or either way.
DIRECTION_WORDS: dict[str, str] = {
    **{w: "below" for w in ("少于", "少", "减少", "下降", "降低", "低于", "不足", "欠", "缺少", "缺", "短缺", "低")},
    **{w: "above" for w in ("超过", "超出", "超", "多", "增加", "提高", "高于", "增长", "上升", "延迟", "延误",
                            "推迟", "逾期", "出现", "发生", "发现", "有")},
    **{w: "both" for w in ("相差", "偏离", "差")},
}
#: verbs of a one-unit step written without 每 (下降1个百分点扣1分, 少1人扣0.5分, 有1项…扣1分).
CHANGE_VERBS = ("下降", "降低", "提高", "增加", "减少", "上升", "增长", "少", "缺", "发现", "发生", "出现", "有")
#: verbs of items done, counted from nothing (每完成1个得10分, 每举办1次培训得2分).
DONE_VERBS = ("完成", "开展", "召开", "举办", "发表", "录用", "获得", "新增", "新建")
#: verbs that count events (each one is a fault): 0 of them is the full-score line.
EVENT_WORDS = ("出现", "发生", "发现", "有")
#: counters that make a step count events or items.
COUNT_UNITS = ("次", "件", "起", "例", "处", "项", "人次", "人", "个", "类", "点", "份", "家", "户", "条", "宗", "批",
               "小点")

# -- outcome words --------------------------------------------------------------------------------
#: verbs that award points (得8分, 计5分, 给3分).
AWARD_VERBS = ("得", "计", "给", "记", "获")
#: verbs of a step: 扣/扣除/扣减/减 take points away, 加/加计 add them (按…递减 steps down a rank list).
DEDUCT_VERBS = ("扣除", "扣减", "扣", "减")
BONUS_VERBS = ("加计", "加")
#: words that mean "no points".
ZERO_WORDS = ("不得分", "不计分", "不给分", "扣除全部分值", "扣完全部分值")

# -- caps and floors ------------------------------------------------------------------------------
#: words that stop deductions at 0 (扣完为止, 直至减完).
FLOOR_WORDS = ("扣完为止", "扣至0分为止", "直至减完", "直至扣完", "减完为止", "扣完该项分值为止", "扣分以该项分值为限",
               "不计负分", "不倒扣分", "不倒扣")
#: words before the highest score (最多得6分, 最高10分).
CAP_BEFORE = ("最多得", "最高得", "最高为", "最高不超过", "最高", "上限为")
#: words before the most a bonus can add (最多加2分, 加分不超过2分): on top of the base score.
BONUS_CAP_BEFORE = ("最多加", "最多加分", "最高加", "最高加分", "加分不超过", "加分最多", "最多可加", "加分上限为")
#: words before the most that can be deducted (最多扣2分).
MAX_DEDUCT_BEFORE = ("最多扣", "最高扣", "扣满")

# -- base scores ----------------------------------------------------------------------------------
#: a score given at the line, to which steps add or from which they deduct.
BASE_WORDS = ("基准分", "基本分", "基础分")

# -- ratio words ----------------------------------------------------------------------------------
#: x / target × weight: 按比例, 按完成比例, 按实际完成值占目标值的比重.
RATIO_WORDS = ("按比例", "按完成比例", "按实际完成比例", "按完成率", "按比重", "完成率乘以", "按实际完成率")
#: a line drawn between two anchor points.
LINE_WORDS = ("线性内插", "线性插值", "线性关系", "按线性", "插值法", "内插法")
#: multiplication signs as printed by OCR or typed (besides × and *).
TIMES_LETTERS = ("X", "x", "c")

# -- otherwise ------------------------------------------------------------------------------------
OTHERWISE_WORDS = ("否则", "其他", "其余", "其它", "反之", "未达到", "未完成", "达不到", "不达标", "未达标", "没有达到",
                   "低于目标", "未达要求")


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so 不得少于 wins over 少于)."""
    import re

    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


__all__ = ["ALL_WORDS", "AWARD_VERBS", "BASE_WORDS", "BONUS_CAP_BEFORE", "BONUS_VERBS", "CAP_BEFORE", "CHANGE_VERBS", "COMPARE_AFTER", "COMPARE_BEFORE",
           "CONVENTION", "COUNT_UNITS", "DEDUCT_VERBS", "DIRECTION_WORDS", "DONE_VERBS", "EVENT_WORDS", "EXPLICIT", "FLOOR_WORDS",
           "FRACTION_WORDS", "LINE_WORDS", "MAX_DEDUCT_BEFORE", "OTHERWISE_WORDS", "RATIO_WORDS", "SOFT", "TARGET_NOUNS",
           "TIMES_LETTERS", "ZERO_WORDS", "alternation"]
