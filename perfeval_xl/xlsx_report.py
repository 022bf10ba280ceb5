"""Writing a scored table to a plain .xlsx (openpyxl): the demo's and the CLI's output workbook."""

from __future__ import annotations

from pathlib import Path

from .celltext import append_row
from .table import Table
from .totals import EXECUTION_NAME, TableScore

HEADERS = ("一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "分值", "实际完成值", "得分", "得分说明")


def write_scored_table(table: Table, actuals: dict, result: TableScore, path: str | Path) -> Path:
    """A one-sheet workbook: the indicator rows with actual, score and explanation, then the totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "评分结果"
    append_row(ws, [f"{table.unit_name}（{table.unit_code}）{table.title}评分结果"])
    append_row(ws, list(HEADERS))
    for ind in table.indicators:
        score = result.rows[ind.name]
        append_row(ws, [ind.level1, ind.level2, ind.name, ind.op, ind.target, ind.unit, ind.weight,
                        actuals.get(ind.name), score.value, score.explanation])
    append_row(ws, [EXECUTION_NAME, "", "", "", "", "", table.execution_weight, "", result.execution.value,
                    result.execution.explanation])
    append_row(ws, ["总分", "", "", "", "", "", 100, "", result.total, result.summary])
    append_row(ws, ["等级", "", "", "", "", "", "", "", result.grade or "未评定", ""])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for letter, w in zip("ABCDEFGHIJ", (10, 14, 24, 8, 8, 8, 6, 10, 8, 60)):
        ws.column_dimensions[letter].width = w
    path = Path(path)
    wb.save(path)
    return path


__all__ = ["write_scored_table"]
