"""Special cases a rule text names besides its formula: 重大改造、建设项目除外 (a person decides) and
若实施方案没有该项建设任务的，不扣分 (full score). Wraps any other rule."""

from __future__ import annotations

from dataclasses import dataclass

from ..score import REVIEW, Score, fmt
from ..values import normalize_text
from .base import Rule

#: Negations that mean the same thing in a typed actual and in the rule text.
_NEGATIONS = ("没有", "未有", "无")


def _canonical(text: str) -> str:
    text = normalize_text(text)
    for word in _NEGATIONS:
        text = text.replace(word, "无")
    return text


def _shared(a: str, b: str, least: int = 4) -> bool:
    """True when ``a`` and ``b`` share a run of at least ``least`` characters."""
    if len(a) < least or len(b) < least:
        return a == b and bool(a)
    pieces = {a[i:i + least] for i in range(len(a) - least + 1)}
    return any(b[i:i + least] in pieces for i in range(len(b) - least + 1))


@dataclass(frozen=True)
class Case:
    """A situation the text names (``phrase``) and its points; None means a person decides."""

    phrase: str
    points: float | None


@dataclass(frozen=True, kw_only=True)
class Exempt(Rule):
    """``rule`` for values; a typed text naming one of ``cases`` gets that case's treatment."""

    kind = "exempt"

    rule: Rule
    cases: tuple[Case, ...]

    def __post_init__(self):
        from . import rule_from_dict

        if isinstance(self.rule, dict):
            object.__setattr__(self, "rule", rule_from_dict(self.rule))
        object.__setattr__(self, "cases", tuple(c if isinstance(c, Case) else Case(**c) for c in self.cases))

    def match(self, actual: object) -> Case | None:
        if not isinstance(actual, str):
            return None
        typed = _canonical(actual)
        if not typed:  # a blank cell ("" as some readers give it) is blank, not a case the text names
            return None
        phrases = [(case, _canonical(case.phrase)) for case in self.cases]
        for test in (lambda p: p == typed, lambda p: typed in p or p in typed, lambda p: _shared(typed, p)):
            found = [case for case, phrase in phrases if test(phrase)]
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def score(self, actual, *, percent_format=None):
        case = self.match(actual)
        if case is None:
            return self.rule.score(actual, percent_format=percent_format)
        if case.points is None:
            return Score(None, f"实际“{actual}”属于评分标准规定的除外情形（{case.phrase}），需人工认定",
                         status=REVIEW, reading=self.reading)
        return Score(case.points, f"实际“{actual}”属于评分标准规定的情形（{case.phrase}），得{fmt(case.points)}分",
                     reading=self.reading)

    def points(self, x):
        return self.rule.points(x)

    def to_dict(self):
        data = super().to_dict()
        data["rule"] = self.rule.to_dict()
        return data

    def describe(self):
        extra = "；".join(f"{c.phrase}：{'需人工认定' if c.points is None else f'得{fmt(c.points)}分'}"
                         for c in self.cases)
        return f"{self.rule.describe()}；{extra}"
