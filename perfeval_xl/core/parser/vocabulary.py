"""The scoring vocabulary of 评（扣）分标准 texts, as data: every word the clause grammar reacts to.

The grammar (:mod:`.clauses`, :mod:`.conditions`, :mod:`.build`) builds its patterns from these
tables, so a new way of saying the same thing is one entry here, not a new pattern. Words are the
normalised spelling (:mod:`.normalize`: half-width, ≦ → ≤, 百分之N → N%, 一 → 1 before counters).
No phrase from a particular published rule belongs here: only words of the language.
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
    "以内": ("≤", CONVENTION), "之内": ("≤", CONVENTION), "以后": ("≥", CONVENTION),
    "之后": ("≥", CONVENTION), "以前": ("≤", CONVENTION),
}

#: nouns naming the target that may sit between a comparison word and its number (低于责任指标85%,
#: 达到目标值的80%): the comparison still binds to the number.
TARGET_NOUNS = ("责任指标", "年度指标", "指标值", "目标值", "计划值", "指标", "目标", "任务", "计划", "标准", "规定数量",
                "控制数", "要求")

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
#: verbs that count events (each one is a fault): 0 of them is the full-score line.
EVENT_WORDS = ("出现", "发生", "发现", "有")
#: counters that make a step count events or items.
COUNT_UNITS = ("次", "件", "起", "例", "处", "项", "人次", "人", "个", "类", "点", "份", "家", "户", "条", "宗", "批",
               "小点")

# -- outcome words --------------------------------------------------------------------------------
#: verbs that award points (得8分, 计5分) and that take them away (扣2分, 扣减1分, 减1分).
AWARD_VERBS = ("得", "计", "给", "记", "获", "加计", "计分为")
DEDUCT_VERBS = ("扣除", "扣减", "扣", "减")
BONUS_VERBS = ("加计", "加")
#: words that mean "no points".
ZERO_WORDS = ("不得分", "不计分", "不给分", "该项为0分", "扣除全部分值", "扣完全部分值")

# -- caps and floors ------------------------------------------------------------------------------
FLOOR_WORDS = ("扣完为止", "扣至0分为止", "直至减完", "减完为止", "扣完该项分值为止", "扣分以该项分值为限",
               "不计负分", "不倒扣分", "不倒扣")
CAP_WORDS = ("满分为止", "最多", "最高", "为上限", "为限")

# -- base scores ----------------------------------------------------------------------------------
#: a score given at the line, to which steps add or from which they deduct.
BASE_WORDS = ("基准分", "基本分", "基础分", "标准分")

# -- ratio words ----------------------------------------------------------------------------------
#: x / target × weight: 按比例, 按完成比例, 按实际完成值占目标值的比重, 完成率×分值.
RATIO_WORDS = ("按比例", "按完成比例", "按实际完成比例", "按完成率", "按比重", "比重计算", "完成率乘以", "按实际完成率")
#: a line drawn between two anchor points.
LINE_WORDS = ("线性内插", "线性插值", "线性关系", "按线性", "插值法", "内插法")
#: multiplication signs as published (× in print, * typed, X/x/c from OCR).
TIMES_SIGNS = ("*", "×", "X", "x", "c")

# -- answers --------------------------------------------------------------------------------------
#: typed answers that say yes / done, and no / not done (a qualified 基本完成 is neither).
YES_WORDS = ("是", "有", "已完成", "完成", "按时", "齐全", "达到", "达标", "合格", "符合", "已", "已列入", "列入",
             "已制定", "已开展", "已化解", "落实", "已落实")
NO_WORDS = ("否", "无", "没有", "未完成", "未按时", "不齐全", "未达到", "未达标", "不合格", "不符合", "未", "未列入",
            "未制定", "未开展", "未化解", "未落实")
#: prefixes that turn a positive answer into a negative one (未制定, 没有开展, 不符合).
NEGATIONS = ("未", "没有", "没", "无", "不", "非")
#: words that qualify an answer: 基本完成 is not 完成, it needs review.
QUALIFIERS = ("基本", "部分", "大部分", "大致", "较", "比较", "一般", "初步", "局部", "大体")

# -- otherwise ------------------------------------------------------------------------------------
OTHERWISE_WORDS = ("否则", "其他", "其余", "其它", "反之", "未达到", "未完成", "达不到", "不达标", "未达标", "没有达到",
                   "低于目标", "未达要求")


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so 不得少于 wins over 少于)."""
    import re

    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


__all__ = ["ALL_WORDS", "AWARD_VERBS", "BASE_WORDS", "BONUS_VERBS", "CAP_WORDS", "COMPARE_AFTER", "COMPARE_BEFORE", "CONVENTION",
           "COUNT_UNITS", "DEDUCT_VERBS", "DIRECTION_WORDS", "EVENT_WORDS", "EXPLICIT", "FLOOR_WORDS", "FRACTION_WORDS", "LINE_WORDS",
           "NEGATIONS", "NO_WORDS", "OTHERWISE_WORDS", "QUALIFIERS", "RATIO_WORDS", "SOFT", "TARGET_NOUNS", "TIMES_SIGNS", "YES_WORDS",
           "ZERO_WORDS", "alternation"]
