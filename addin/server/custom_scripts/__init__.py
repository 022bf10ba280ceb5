"""The task-pane button of the xlwings Server deployment: 一键重新评分 (xlwings Server imports this
package as ``custom_scripts``). The workbook arrives as an xlwings Book over Office.js; the
recalculation is the same ``perfeval_xl.excel.recalc.recalculate`` the classic add-in's ribbon runs."""

import xlwings as xw
from xlwings import script

from perfeval_xl.core.errors import PerfevalError


@script(name="一键重新评分")
def recalculate_scores(book: xw.Book):
    """Score every indicator table of the workbook and write 得分, 得分说明, 总分 and 等级."""
    from perfeval_xl.excel.recalc import recalculate

    try:
        recalculate(book)
    except PerfevalError as error:
        raise xw.XlwingsError(str(error)) from None  # HTTP 400: the task pane shows the Chinese message


__all__ = ["recalculate_scores"]
