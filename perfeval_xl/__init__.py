"""perfeval-xl: score Chinese budget performance indicators (预算绩效目标表 / 绩效自评表).

The top level holds what a user scripts against. It imports neither xlwings nor a workbook library.
"""

from __future__ import annotations

from .core.errors import ParseError, PerfevalError
from .core.lint import Finding, lint_table
from .core.parser import parse_rule, score_rule
from .core.score import Score
from .core.seed import score_indicator, seed_table
from .core.table import Budget, Indicator, Table
from .core.totals import TableScore, execution_score, grade, score_table

__version__ = "0.1.0"


def main() -> None:
    """Entry of the add-in's ribbon button 一键重新评分: recalculate the workbook the user looks at.

    The add-in's RibbonMyAddin.RunMain runs ``import perfeval_xl; perfeval_xl.main()`` (the module named
    like the add-in file). Inside an add-in ``Book.caller()`` is the add-in itself, so the workbook is
    ``xw.books.active``. A user error shows as a Chinese message box, never as a traceback.
    """
    import xlwings as xw

    from .excel.recalc import recalculate

    book = xw.books.active
    try:
        recalculate(book)
    except PerfevalError as error:
        book.app.alert(f"错误：{error}", title="绩效评分")
    except Exception as error:  # the ribbon would show a traceback; the user gets one Chinese line
        import logging

        logging.getLogger(__name__).exception("recalculation failed")
        book.app.alert(f"内部错误：{type(error).__name__}：{error}。请把这条信息发给技术支持。", title="绩效评分")


__all__ = ["Budget", "Finding", "Indicator", "ParseError", "PerfevalError", "Score", "Table", "TableScore",
           "execution_score", "grade", "lint_table", "main", "parse_rule", "score_indicator", "score_rule", "score_table", "seed_table"]
