"""Qualitative rules: a grade word (有效/一般/较差) maps to a score or a score range."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..score import REVIEW, Score, fmt
from ..values import normalize_text
from .base import Rule

#: Synonyms for three-level scales only, best to worst. Five-level scales use the rule's own words.
THREE_LEVELS = (
    frozenset({"有效", "好", "优", "优秀", "是", "达成", "达到", "完成", "已完成", "满意", "非常满意", "健全",
               "符合", "合格", "显著", "明显", "高"}),
    frozenset({"一般", "中", "中等", "基本", "基本达成", "部分达成", "基本达到", "基本完成", "部分完成", "较好",
               "基本满意", "基本健全", "基本符合", "良", "良好", "较明显", "较高"}),
    frozenset({"较差", "差", "否", "未达成", "未达到", "未完成", "无效", "不满意", "不健全", "不符合", "不合格",
               "不明显", "低", "较低"}),
)


#: Characters that change a grade word when added to it: 良好 is not 好, 不符合 is not 符合.
_GRADE_CHANGING = re.compile("[不未没无非否欠较基部良优中差差尚低高]|一般")


def level_of(word: str) -> int | None:
    """The three-level class (0 best … 2 worst) whose longest synonym the word contains, or None when
    the rest of the word negates or qualifies it (不太有效, 基本无效 are not 有效/无效; only the listed
    synonyms such as 基本达成 map a qualified word to a grade)."""
    best, best_word = None, ""
    for level, words in enumerate(THREE_LEVELS):
        for w in words:
            if w in word and len(w) > len(best_word):
                best, best_word = level, w
    if best is not None and _GRADE_CHANGING.search(word.replace(best_word, "", 1)):
        return None
    return best


@dataclass(frozen=True)
class Grade:
    """A grade word and its points; ``points_high`` set means a range a person chooses in."""

    label: str
    points: float
    points_high: float | None = None

    @property
    def is_range(self) -> bool:
        return self.points_high is not None and self.points_high != self.points


@dataclass(frozen=True, kw_only=True)
class Qualitative(Rule):
    """Map the grade a user enters to the rule's score for that grade.

    A word is matched to the rule's own grades exactly, then by containment (longest first); on a
    three-level scale common synonyms are accepted too (是/达成 for 有效, 基本达成 for 一般 …). A
    word that matches nothing needs review: the text does not say what it is worth.
    """

    kind = "qualitative"
    qualitative = True

    grades: tuple[Grade, ...]

    def __post_init__(self):
        grades = tuple(g if isinstance(g, Grade) else Grade(**g) for g in self.grades)
        if not grades:
            raise ValueError("定性评分至少需要一个等级")
        object.__setattr__(self, "grades", grades)

    def match(self, word: str) -> Grade | None:
        """The grade a typed word stands for, or None."""
        word = normalize_text(word)
        for grade in self.grades:
            if grade.label == word:
                return grade
        # One inside the other (达成 in 达成年度指标, 好 in 很好) counts only when the extra characters
        # do not change the grade: 部分达成年度指标 is not 达成, 良好 is not 好. Of several labels that
        # hold the typed word, the one it starts wins.
        def same_grade(longer: str, shorter: str) -> bool:
            return shorter in longer and not _GRADE_CHANGING.search(longer.replace(shorter, "", 1))

        inside = [g for g in self.grades if same_grade(g.label, word)]
        if len(inside) > 1:
            inside = [g for g in inside if g.label.startswith(word)]
        around = [g for g in self.grades if same_grade(word, g.label)]
        contained = inside + [g for g in around if g not in inside]
        if contained:
            longest = max(len(g.label) for g in contained)
            best = [g for g in contained if len(g.label) == longest]
            if len(best) == 1:
                return best[0]
        if any(len(g.label) >= 2 and g.label in word for g in self.grades):
            return None  # a grade of the rule's own, qualified (基本充分): not that grade, and not a synonym
        if len(self.grades) == 3:
            level = level_of(word)
            if level is not None:
                same = [g for g in self.grades if level_of(g.label) == level]
                if len(same) == 1:
                    return same[0]
        return None

    def points(self, x):
        raise TypeError("定性指标没有数值评分")

    def _score(self, reading):
        grade = self.match(reading.word)
        if grade is None:
            labels = "/".join(g.label for g in self.grades)
            return Score(None, f"实际“{reading.word}”不是评分标准中的等级（{labels}），需人工认定",
                         status=REVIEW, reading=self.reading)
        same = "" if grade.label == reading.word else f"，视为“{grade.label}”"
        if grade.is_range:
            lo, hi = sorted((grade.points, grade.points_high))
            return self.review(reading, f"{same.lstrip('，')}对应{fmt(lo)}-{fmt(hi)}分".lstrip("，"), (lo, hi))
        return Score(grade.points, f"实际“{reading.word}”{same}，得{fmt(grade.points)}分", reading=self.reading)

    def describe(self):
        def award(g):
            return f"{fmt(min(g.points, g.points_high))}-{fmt(max(g.points, g.points_high))}分" if g.is_range \
                else f"{fmt(g.points)}分"
        return "；".join(f"{g.label}得{award(g)}" for g in self.grades)
