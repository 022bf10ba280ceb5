"""The batch summary workbook: 汇总, 指标明细, 问题清单 and 图表 (native Excel charts), written atomically.

openpyxl in write-only mode streams the rows (a thousand units make ~25,000 detail rows). The file is
first written to a hidden temporary file in the output's folder and then renamed over the output with
``os.replace``, so a reader never sees half a file and a failed run leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from .batch import BatchResult, UnitResult, rank
from .celltext import starts_like_formula
from .errors import PerfevalError
from .score import SCORED
from .totals import GRADE_BANDS, LOWEST_GRADE

SUMMARY_HEADERS = ("文件", "单位编码", "单位名称", "指标得分小计", "预算执行率得分", "总分", "等级", "排名", "未评分项数",
                   "说明")
DETAIL_HEADERS = ("文件", "单位编码", "单位名称", "一级指标", "二级指标", "三级指标", "分值", "实际完成值", "得分", "得分率",
                  "得分说明")
PROBLEM_HEADERS = ("文件", "问题")
GRADES = tuple(name for _, name in GRADE_BANDS) + (LOWEST_GRADE,)
UNGRADED = "未评定"


def grade_counts(units: list[UnitResult]) -> list[tuple[str, int]]:
    """Units per grade, 优 良 中 差 then 未评定 (no total yet)."""
    counts = Counter(u.grade or UNGRADED for u in units)
    return [(g, counts.get(g, 0)) for g in GRADES + (UNGRADED,)]


def level1_rates(units: list[UnitResult]) -> list[tuple[str, float]]:
    """Average score rate by 一级指标: per unit, points ÷ weight over its scored rows; then the mean over units."""
    rates: dict[str, list[float]] = defaultdict(list)
    for unit in units:
        points: dict[str, float] = defaultdict(float)
        weights: dict[str, float] = defaultdict(float)
        for line in unit.lines:
            if line.status == SCORED and line.weight:
                points[line.level1] += line.score
                weights[line.level1] += line.weight
        for level1, weight in weights.items():
            rates[level1].append(points[level1] / weight)
    return [(level1, round(sum(r) / len(r), 4)) for level1, r in rates.items()]


def _unit_problems(unit: UnitResult) -> list[str]:
    where = unit.unit_name or unit.sheet
    out = []
    for line in unit.lines:
        if line.status != SCORED and line.status != "not_applicable":
            out.append(f"{where}：三级指标“{line.name}”未评分：{line.explanation}")
    for name in unit.unscored:
        if not any(line.name == name for line in unit.lines):
            out.append(f"{where}：{name}未评分")
    return out


def write_summary(result: BatchResult, path: str | os.PathLike) -> Path:
    """Write the summary workbook to ``path`` atomically; returns the path.

    Raises:
        PerfevalError when the folder cannot be written or the file is open in Excel.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PerfevalError(f"输出文件夹“{folder}”不存在")
    handle, temp = tempfile.mkstemp(prefix=".~perfeval-", suffix=".xlsx", dir=folder)
    os.close(handle)
    try:
        _build(result).save(temp)
        os.replace(temp, path)
    except PermissionError:
        raise PerfevalError(f"无法写入“{path}”：文件可能正在Excel中打开，请关闭后重试") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def _row(ws, values) -> list:
    """Cells for a write-only sheet; text that starts like a formula stays text."""
    from openpyxl.cell import WriteOnlyCell

    from .celltext import set_text

    out = []
    for value in values:
        if starts_like_formula(value):
            cell = WriteOnlyCell(ws)
            set_text(cell, value)
            out.append(cell)
        else:
            out.append(value)
    return out


def _header(ws, headers, widths) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def _build(result: BatchResult):
    from openpyxl import Workbook

    units = result.units
    ranks = rank(units)
    wb = Workbook(write_only=True)

    ws = wb.create_sheet("汇总")
    _header(ws, SUMMARY_HEADERS, (28, 10, 28, 12, 14, 8, 6, 6, 10, 50))
    for unit in units:
        note = "；".join(unit.notes)
        ws.append(_row(ws, [unit.file, unit.unit_code, unit.unit_name, unit.subtotal, unit.execution, unit.total,
                            unit.grade or UNGRADED, ranks.get(id(unit)), len(unit.unscored), note]))

    ws = wb.create_sheet("指标明细")
    _header(ws, DETAIL_HEADERS, (28, 10, 28, 12, 14, 30, 6, 12, 8, 8, 60))
    for unit in units:
        for line in unit.lines:
            rate = round(line.score / line.weight, 4) if line.score is not None and line.weight else None
            ws.append(_row(ws, [unit.file, unit.unit_code, unit.unit_name, line.level1, line.level2, line.name,
                                line.weight, line.actual, line.score, rate, line.explanation]))

    ws = wb.create_sheet("问题清单")
    _header(ws, PROBLEM_HEADERS, (28, 100))
    for file, problem in result.problems:
        ws.append(_row(ws, [file, problem]))
    for unit in units:
        for problem in _unit_problems(unit):
            ws.append(_row(ws, [unit.file, problem]))

    _charts(wb.create_sheet("图表"), units)
    return wb


def _charts(ws, units: list[UnitResult]) -> None:
    """Two small data tables and a native bar chart over each (Excel, WPS and LibreOffice draw them)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference

    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 12
    grades = grade_counts(units)
    ws.append(["等级", "单位数"])
    for row in grades:
        ws.append(list(row))
    first_rate_row = len(grades) + 3
    ws.append([])
    ws.append(["一级指标", "平均得分率"])
    rates = level1_rates(units)
    for level1, rate in rates:
        cell = WriteOnlyCell(ws, value=rate)
        cell.number_format = "0.0%"
        ws.append([level1, cell])

    chart = BarChart()
    chart.title = "等级分布"
    chart.y_axis.title = "单位数"
    chart.legend = None
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(grades) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(grades) + 1))
    ws.add_chart(chart, "D2")

    chart = BarChart()
    chart.title = "各一级指标平均得分率"
    chart.y_axis.title = "平均得分率"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.legend = None
    chart.x_axis.delete = chart.y_axis.delete = False
    if rates:
        chart.add_data(Reference(ws, min_col=2, min_row=first_rate_row, max_row=first_rate_row + len(rates)),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first_rate_row + 1,
                                       max_row=first_rate_row + len(rates)))
    ws.add_chart(chart, "D20")


__all__ = ["write_summary", "grade_counts", "level1_rates"]
