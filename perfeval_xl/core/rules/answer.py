"""Yes/no and done/not-done rules: the text gives points for a positive clause (制定有实施方案，得3分)
and, often, for its negation (否则不得分 / 未列入不得分). The typed answer is 是/否, 有/无, 已完成/未完成,
按时/未按时, 齐全/不齐全, 达到/未达到, or the criterion's own words (已制定实施方案, 未制定).

A qualified answer (基本完成, 部分落实) is neither the plain yes nor the plain no: it needs review, as
does a no where the text gives no points for the negative case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..score import REVIEW, Score, fmt
from ..values import normalize_text
from .qualitative import Grade, Qualitative

#: Plain answers. A typed word is yes/no only when it is one of these, or the criterion's own words.
YES = frozenset({"是", "有", "已完成", "完成", "按时", "按时完成", "齐全", "达到", "已达到", "达标", "合格", "符合", "已", "好",
                 "满足", "已落实", "落实", "已开展", "开展", "已建立", "建立", "已制定", "制定", "已列入", "列入", "已化解",
                 "化解", "通过", "已通过", "具备", "执行", "已执行", "√", "Y", "y", "yes", "Yes", "YES"})
NO = frozenset({"否", "无", "没有", "未完成", "未按时", "不齐全", "未达到", "未达标", "不达标", "不合格", "不符合", "未", "不满足",
                "未落实", "未开展", "未建立", "未制定", "未列入", "未化解", "未通过", "不具备", "未执行", "×", "N", "n", "no",
                "No", "NO"})
#: Words that turn the criterion's words into their negation (未制定, 没有开展, 不符合).
NEGATIONS = ("未", "没有", "没", "无", "不", "非", "尚未")
#: Words that qualify an answer: 基本完成 is not 完成.
QUALIFIERS = ("基本", "部分", "大部分", "大致", "较", "比较", "一般", "初步", "局部", "大体", "少部分", "个别", "尚")


def _shares(a: str, b: str, least: int = 2) -> bool:
    """True when ``a`` and ``b`` share a run of at least ``least`` characters."""
    if len(a) < least or len(b) < least:
        return False
    pieces = {a[i:i + least] for i in range(len(a) - least + 1)}
    return any(b[i:i + least] in pieces for i in range(len(b) - least + 1))


@dataclass(frozen=True, kw_only=True)
class Answer(Qualitative):
    """``grades`` holds the positive grade first and, when the text gives one, the negative grade.

    Attributes:
        criterion: the positive clause's own words (制定有耕地地力保护补贴项目实施方案), matched against
            what is typed when it is not a plain 是/否.
        also_yes: further words that mean yes for this row (the row's 指标值 written in words).
    """

    kind = "answer"

    criterion: str = ""
    also_yes: tuple[str, ...] = ()

    #: The plain answers (是/否 …), for formulas that list the words a cell may hold.
    plain_answers: ClassVar[frozenset[str]] = YES | NO

    def answer(self, word: str) -> bool | None:
        """True (yes), False (no) or None (qualified, or not an answer to this criterion)."""
        word = normalize_text(word).strip(" ,.。;")
        if not word:
            return None
        if word in YES or word in self.also_yes:
            return True
        if word in NO:
            return False
        if any(word.startswith(q) or q in word for q in QUALIFIERS):
            return None
        negated = word.startswith(NEGATIONS)
        stem = word
        for n in sorted(NEGATIONS, key=len, reverse=True):
            if stem.startswith(n):
                stem = stem[len(n):]
                break
        stem = stem.lstrip("已")
        if not (_shares(stem, self.criterion) or any(_shares(stem, w) for w in self.also_yes)):
            return None
        return not negated

    def match(self, word: str) -> Grade | None:
        grade = super().match(word)
        if grade is not None:
            return grade
        said = self.answer(word)
        if said is None:
            return None
        if said:
            return self.grades[0]
        return self.grades[1] if len(self.grades) > 1 else None

    def _score(self, reading):
        said = self.answer(reading.word)
        if super().match(reading.word) is None and said is False and len(self.grades) == 1:
            return Score(None, f"实际“{reading.word}”，评分标准未规定未达到时的得分，需人工认定", status=REVIEW,
                         reading=self.reading)
        return super()._score(reading)

    def describe(self):
        no = f"；否则得{fmt(self.grades[1].points)}分" if len(self.grades) > 1 else "；否则需人工认定"
        return f"是（{self.criterion}）得{fmt(self.grades[0].points)}分{no}"
