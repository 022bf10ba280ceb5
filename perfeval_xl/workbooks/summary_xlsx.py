"""The batch summary workbook: 汇总, 指标明细, 问题清单 and 图表 (native Excel charts), written atomically.

XlsxWriter writes the rows (a thousand units make ~25,000 detail rows) about twice as fast as
openpyxl's write-only mode, and writing the summary is the largest single stage of a batch run; its
charts are native Excel charts that WPS and LibreOffice draw too. Every text goes through
``write_string``, so text that starts with = + - @ stays text (the rule :mod:`perfeval_xl.core.celltext`
keeps for openpyxl). The file is written atomically by :func:`perfeval_xl.core.output_file.write_output`
and marked in its document properties, so a later run over the same folder skips it. A chart with
nothing to show (no unit could be scored) is left out; the sheets and the problem list are always written.
"""

from __future__ import annotations

import os
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from .batch import BatchResult, FileResult, UnitResult, cycle_gc_paused, rank
from ..core.output_file import write_output
from ..core.score import SCORED
from ..core.totals import GRADE_BANDS, LOWEST_GRADE

SUMMARY_HEADERS = ("文件", "单位编码", "单位名称", "指标得分小计", "预算执行率得分", "总分", "等级", "排名", "未评分项数",
                   "说明")
DETAIL_HEADERS = ("文件", "单位编码", "单位名称", "一级指标", "二级指标", "三级指标", "分值", "实际完成值", "得分", "得分率",
                  "得分说明")
PROBLEM_HEADERS = ("文件", "问题")
GRADES = tuple(name for _, name in GRADE_BANDS) + (LOWEST_GRADE,)
UNGRADED = "未评定"
#: The custom document property that marks a workbook as this program's batch summary.
SUMMARY_MARKER = "perfeval-xl-batch-summary"


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


def write_summary(files: Iterable[FileResult], path: str | os.PathLike, *,
                  inputs: Iterable[str | os.PathLike] = ()) -> BatchResult:
    """Write the summary workbook of ``files`` to ``path`` atomically; returns the results written.

    ``files`` may be :func:`perfeval_xl.workbooks.batch.iter_scores` itself: the detail and problem rows of each
    file are written as it arrives, while the workers score the next ones; 汇总 (which needs the
    ranks) and the charts are written at the end. ``inputs`` are the files the run reads, which
    ``path`` may not be.

    Raises:
        PerfevalError when the folder cannot be written, the file is open in Excel or is an input.
    """
    results = []

    def write(temp: str) -> None:
        with cycle_gc_paused():
            results.append(_write(files, temp))

    write_output(path, write, inputs=inputs, what="汇总表")
    return results[0]


def is_batch_summary(path: str | os.PathLike) -> bool:
    """True for a summary this program wrote (its document properties carry :data:`SUMMARY_MARKER`),
    so that a later run over the same folder does not take it for a unit's workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/custom.xml")
            if info.file_size > 64 << 10:
                return False
            return SUMMARY_MARKER.encode() in archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


class _Sheet:
    """A worksheet written row by row: text as text, numbers as numbers, None as an empty cell."""

    def __init__(self, workbook, name: str, headers, widths, bold):
        self.ws = workbook.add_worksheet(name)
        self.row = 0
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.ws.freeze_panes(1, 0)
        self.append(headers, bold)

    def append(self, values, style=None) -> None:
        ws, r = self.ws, self.row
        # XlsxWriter's undecorated writers: the public ones first test whether the row is "A1"
        # notation, which costs about a tenth of the summary's time over ~300 cells a unit.
        write_string = getattr(ws, "_write_string", ws.write_string)
        write_number = getattr(ws, "_write_number", ws.write_number)
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(r, c, value, style)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, style)
            else:
                write_number(r, c, value, style)
        self.row += 1


def _write(files: Iterable[FileResult], path: str) -> BatchResult:
    import xlsxwriter

    # Shared strings (not constant_memory): the detail sheet repeats file, unit and 一级/二级指标 on every
    # row, so this writes less and runs about twice as fast, for ~40 MB of memory per 1,000 units.
    workbook = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    workbook.set_custom_property(SUMMARY_MARKER, True)
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    summary = _Sheet(workbook, "汇总", SUMMARY_HEADERS, (28, 10, 28, 12, 14, 8, 6, 6, 10, 50), bold)
    details = _Sheet(workbook, "指标明细", DETAIL_HEADERS, (28, 10, 28, 12, 14, 30, 6, 12, 8, 8, 60), bold)
    problems = _Sheet(workbook, "问题清单", PROBLEM_HEADERS, (28, 100), bold)

    result = BatchResult()
    for file in files:
        result.files.append(file)
        for problem in file.problems:
            problems.append([file.file, problem])
        for unit in file.units:
            head = [unit.file, unit.unit_code, unit.unit_name]
            for line in unit.lines:
                rate = round(line.score / line.weight, 4) if line.score is not None and line.weight else None
                details.append(head + [line.level1, line.level2, line.name, line.weight, line.actual, line.score,
                                       rate, line.explanation])
            for problem in _unit_problems(unit):
                problems.append([unit.file, problem])

    units = result.units
    ranks = rank(units)
    for unit in units:
        summary.append([unit.file, unit.unit_code, unit.unit_name, unit.subtotal, unit.execution, unit.total,
                        unit.grade or UNGRADED, ranks.get(id(unit)), len(unit.unscored), "；".join(unit.notes)])
    _charts(workbook, units, bold, percent)
    workbook.close()
    return result


def _charts(workbook, units: list[UnitResult], bold, percent) -> None:
    """Two small data tables on 图表 and a native column chart over each that has data."""
    name = "图表"
    sheet = _Sheet(workbook, name, ("等级", "单位数"), (14, 12), bold)
    grades = grade_counts(units)
    for row in grades:
        sheet.append(row)
    sheet.append([])
    first = sheet.row
    sheet.append(["一级指标", "平均得分率"], bold)
    rates = level1_rates(units)
    for row in rates:
        sheet.append(row, None)
        sheet.ws.write_number(sheet.row - 1, 1, row[1], percent)

    if not units:  # nothing to draw: an empty chart is an error in Excel's file format
        return
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"name": "单位数", "categories": [name, 1, 0, len(grades), 0],
                      "values": [name, 1, 1, len(grades), 1], "data_labels": {"value": True}})
    chart.set_title({"name": "等级分布"})
    chart.set_y_axis({"name": "单位数", "min": 0})
    chart.set_legend({"none": True})
    sheet.ws.insert_chart("D2", chart)
    if not rates:
        return
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"name": "平均得分率", "categories": [name, first + 1, 0, first + len(rates), 0],
                      "values": [name, first + 1, 1, first + len(rates), 1],
                      "data_labels": {"value": True, "num_format": "0%"}})
    chart.set_title({"name": "各一级指标平均得分率"})
    chart.set_y_axis({"name": "平均得分率", "min": 0, "max": 1, "num_format": "0%"})
    chart.set_legend({"none": True})
    sheet.ws.insert_chart("D20", chart)

__all__ = ["SUMMARY_MARKER", "grade_counts", "is_batch_summary", "level1_rates", "write_summary"]
