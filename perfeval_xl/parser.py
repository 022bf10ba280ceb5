"""Reading 评（扣）分标准 text into rules (the parser issue fills this in)."""

from __future__ import annotations

from .errors import ParseError
from .rules import Rule
from .score import Score


def parse_rule(text: str, *, op=None, target=None, unit=None, weight=None) -> Rule:
    """The rule a published 评（扣）分标准 text describes; raises ParseError when it cannot be read."""
    raise ParseError(f"暂不能自动识别评分标准“{text}”，请改用 SCORE_* 函数写明参数")


def score_rule(text: str, actual: object, *, op=None, target=None, unit=None, weight=None,
               percent_format: bool | None = None) -> Score:
    """Score ``actual`` straight from a rule text (see :func:`parse_rule`)."""
    return parse_rule(text, op=op, target=target, unit=unit, weight=weight).score(
        actual, percent_format=percent_format)
