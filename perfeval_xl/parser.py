"""Reading 评（扣）分标准 text into rules (the parser issue fills this in)."""

from __future__ import annotations

from .errors import ParseError
from .rules import Rule


def parse_rule(text: str, *, op=None, target=None, unit=None, weight=None) -> Rule:
    raise ParseError(f"暂不能自动识别评分标准“{text}”，请改用 SCORE_* 函数写明参数")
