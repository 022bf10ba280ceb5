"""perfeval-xl: score Chinese budget performance indicators (预算绩效目标表 / 绩效自评表).

The top level holds what a user scripts against. It imports neither xlwings nor a workbook library.
"""

from __future__ import annotations

from .errors import ParseError, PerfevalError
from .lint import Finding, lint_table
from .parser import parse_rule, score_rule
from .score import Score
from .seed import score_indicator, seed_table
from .table import Budget, Indicator, Table
from .totals import TableScore, execution_score, grade, score_table

__version__ = "0.1.0"

__all__ = ["Budget", "Finding", "Indicator", "ParseError", "PerfevalError", "Score", "Table", "TableScore",
           "execution_score", "grade", "lint_table", "parse_rule", "score_indicator", "score_rule", "score_table", "seed_table"]
