"""The batch summary workbook: 汇总, 指标明细, 问题清单 and 图表 (native Excel charts), written atomically.

XlsxWriter writes the rows (a thousand units make ~25,000 detail rows) about twice as fast as
openpyxl's write-only mode, and writing the summary is the largest single stage of a batch run; its
charts are native Excel charts that WPS and LibreOffice draw too. Rows are written as XlsxWriter's
constant-memory mode writes them, each row's cell XML built in one pass (:meth:`_Sheet.append`); every
text is an inline string, so text that starts with = + - @ stays text (the rule
:mod:`perfeval_xl.core.celltext` keeps for openpyxl). The file is written atomically by :func:`perfeval_xl.core.output_file.write_output`
and marked in its document properties, so a later run over the same folder skips it. A chart with
nothing to show (no unit could be scored) is left out; the sheets and the problem list are always written.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import os
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from .batch import BatchResult, FileResult, UnitResult, cycle_gc_paused, plain, rank
from ..core.output_file import write_output
from ..core.review import DIFFER, MANUAL
from ..core.score import SCORED, fmt
from ..core.totals import GRADE_BANDS, LOWEST_GRADE

SUMMARY_HEADERS = ("文件", "单位编码", "单位名称", "指标得分小计", "预算执行率得分", "总分", "等级", "排名", "单位自评总分",
                   "复核总分", "差异", "未评分项数", "说明")
REVIEW_HEADERS = ("文件", "单位", "指标", "实际完成值", "自评得分", "复核得分", "差异", "得分说明")
DETAIL_HEADERS = ("文件", "单位编码", "单位名称", "一级指标", "二级指标", "三级指标", "分值", "实际完成值", "得分", "得分率",
                  "得分说明")
PROBLEM_HEADERS = ("文件", "问题")
SUMMARY_TITLE = "绩效评分汇总"
#: Print setup: A4 (XlsxWriter paper 9), margins in inches.
A4 = 9
#: The 图表 sheet: each chart starts on its own printed page, CHART_ROWS rows apart, a manual page
#: break before each chart after the first, so that no chart straddles a page break.
CHART_ROWS = 24
CHART_SIZE = {"width": 640, "height": 400}  # pixels: 20 rows of 20 px, well inside CHART_ROWS
CHART_COL = 3  # column D, right of the data tables
DEFAULT_COL_PX = 64
GRADES = tuple(name for _, name in GRADE_BANDS) + (LOWEST_GRADE,)
UNGRADED = "未评定"
#: The custom document property that marks a workbook as this program's batch summary.
SUMMARY_MARKER = "perfeval-xl-batch-summary"


def grade_counts(units: list[UnitResult]) -> list[tuple[str, int]]:
    """Units per grade, 优 良 中 差 then 未评定 (no total yet)."""
    counts = Counter(u.grade or UNGRADED for u in units)
    return [(g, counts.get(g, 0)) for g in GRADES + (UNGRADED,)]


class LevelRates:
    """Average score rate by 一级指标, gathered unit by unit (the lines need not be kept): per unit,
    points ÷ weight over its scored rows; then the mean over the units that have the 一级指标."""

    def __init__(self):
        self.sums: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    def add(self, unit: UnitResult) -> None:
        points: dict[str, float] = defaultdict(float)
        weights: dict[str, float] = defaultdict(float)
        for line in unit.lines:
            if line.status == SCORED and line.weight:
                points[line.level1] += line.score
                weights[line.level1] += line.weight
        for level1, weight in weights.items():
            self.sums[level1] += points[level1] / weight
            self.counts[level1] += 1

    def rows(self) -> list[tuple[str, float]]:
        return [(level1, round(self.sums[level1] / n, 4)) for level1, n in self.counts.items()]


def level1_rates(units: list[UnitResult]) -> list[tuple[str, float]]:
    """(一级指标, average score rate) over ``units`` (see :class:`LevelRates`)."""
    rates = LevelRates()
    for unit in units:
        rates.add(unit)
    return rates.rows()


def _unit_problems(unit: UnitResult) -> list[str]:
    where = unit.unit_name or unit.sheet
    manual = {c.indicator: c for c in unit.claims if c.verdict == MANUAL}
    out = []
    for line in unit.lines:
        if line.status != SCORED and line.status != "not_applicable":
            claim = manual.get(line.name)
            claimed = f"；单位自评{_shown(claim.claimed)}分，需人工认定，未复核" if claim else ""
            out.append(f"{where}：三级指标“{line.name}”未评分：{line.explanation}{claimed}")
    for name in unit.unscored:
        if not any(line.name == name for line in unit.lines):
            out.append(f"{where}：{name}未评分")
    return out


def _shown(value: object) -> str:
    return fmt(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def about_line(today: datetime.date | None = None) -> str:
    """The program's version and the run's date, printed on the first sheet and in every page footer."""
    try:
        from importlib.metadata import version

        release = version("perfeval-xl")
    except Exception:  # not installed (a source checkout on the path): the date still says when
        release = "未安装版本"
    return f"perfeval-xl {release}，运行日期 {(today or datetime.date.today()).isoformat()}"


def write_summary(files: Iterable[FileResult], path: str | os.PathLike, *,
                  inputs: Iterable[str | os.PathLike] = ()) -> BatchResult:
    """Write the summary workbook of ``files`` to ``path`` atomically; returns the results written, each
    unit without its indicator lines and claims (they are in the file; a run of 10,000 units keeps only
    the 汇总 rows in memory).

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
    """A worksheet written row by row: text as text, numbers as numbers, None as an empty cell.

    Every sheet prints landscape on A4, fitted to the page width (as many pages down as it needs),
    with its header row (and the title above it, if any) repeated on every page and the version and
    date in the footer.
    """

    def __init__(self, workbook, name: str, headers, widths, bold, *, footer: str, title: str | None = None,
                 formats: dict | None = None):
        self.ws = ws = workbook.add_worksheet(name)
        self.fast = all(hasattr(ws, internal) for internal in _STREAM_INTERNALS)
        self.row = 0
        self.last = len(headers) - 1
        self._parts: dict = {}
        # Column formats (scores to two decimals, rates as %, the last column's long texts wrapped within
        # it rather than running off the printed page) apply to every cell written without a format.
        self.formats = formats = formats or {}
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, formats.get(col))
        if title:
            ws.write_string(0, 0, title, bold)
            self.row = 1
        ws.freeze_panes(self.row + 1, 0)
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, self.row)
        ws.set_footer(f"&L{footer}&R第 &P 页，共 &N 页")
        self.append(headers, bold)

    def append(self, values, style=None) -> None:
        if not (self.fast and self._append_xml(values, style)):
            self._append_cells(values, style)
        self.row += 1

    def _append_xml(self, values, style) -> bool:
        """Write the row's <c> elements straight to the sheet's stream, as XlsxWriter's constant-memory
        mode writes them (same XML, escapes and styles) without its per-cell bookkeeping, which was
        most of the summary's time; XlsxWriter still writes the <row> tag and keeps the sheet's
        dimensions. False, having written nothing, for a row holding a value other than None, a text
        short enough for any cell or a finite number."""
        ws, r = self.ws, self.row
        number = str(r + 1)
        parts = []
        first = last = None
        for c, value in enumerate(values):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if len(value) > _SHORT_TEXT:
                    return False
                if _ESCAPED.search(value):
                    value = ws._escape_data(ws._escape_control_characters(value))
                # XlsxWriter's test for leading or trailing whitespace (regular expressions ^\s, \s$).
                space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
                column, styled = self._cell_parts(c, style)
                parts.append(f'<c r="{column}{number}"{styled} t="inlineStr"><is><t{space}>{value}</t></is></c>')
            elif (kind is float or kind is int) and math.isfinite(value):
                column, styled = self._cell_parts(c, style)
                parts.append(f'<c r="{column}{number}"{styled}><v>{value:.16G}</v></c>')
            else:
                return False
            first = c if first is None else first
            last = c
        if first is None:
            return True
        if ws._check_dimensions(r, first) or ws._check_dimensions(r, last):
            raise ValueError(f"row {r} outside the sheet")
        if r > ws.previous_row:
            ws._write_single_row(r)  # the row before, if XlsxWriter holds one; the next row is now r
        ws._write_row(r, None)
        ws.fh.write("".join(parts))
        ws._xml_end_tag("row")
        return True

    def _cell_parts(self, col: int, style) -> tuple[str, str]:
        """The column's letters and the cell's s="…" attribute (its own style, else its column's, as
        XlsxWriter chooses), worked out once per column and style."""
        key = (col, style)
        parts = self._parts.get(key)
        if parts is None:
            chosen = self.formats.get(col) if style is None else style
            parts = self._parts[key] = (xl_col_to_name(col),
                                        "" if chosen is None else f' s="{chosen._get_xf_index()}"')
        return parts

    def _append_cells(self, values, style) -> None:
        """A row with a value :meth:`_append_xml` does not write (a boolean, a number Excel cannot hold,
        a text longer than a cell takes), through XlsxWriter's own writers."""
        ws, r = self.ws, self.row
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value, style)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, style)
            else:
                ws.write_number(r, c, value, style)

    def print_area(self, last_col: int | None = None, last_row: int | None = None) -> None:
        """Print exactly the rows written and the table's columns (not what long texts run into)."""
        self.ws.print_area(0, 0, max(self.row - 1, last_row or 0), self.last if last_col is None else last_col)


#: Text that XlsxWriter escapes: XML's special characters, control characters, its own _xHHHH_ escape.
_ESCAPED = re.compile('["&<>\n\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_')
#: Half Excel's longest cell text in UTF-16 units: a shorter text cannot exceed it.
_SHORT_TEXT = 32767 // 2
#: The XlsxWriter internals that :meth:`_Sheet._append_xml` uses (constant-memory mode). Where a release
#: lacks any of them, every row goes through XlsxWriter's public writers: slower, never broken;
#: tests/test_batch.py checks that both ways write the same sheets.
_STREAM_INTERNALS = ("_write_single_row", "_write_row", "_check_dimensions", "_xml_end_tag", "_escape_data",
                     "_escape_control_characters", "previous_row", "fh")


def _write(files: Iterable[FileResult], path: str) -> BatchResult:
    import xlsxwriter

    # constant_memory: each sheet's rows go to a temporary file as they are written, with inline strings,
    # so memory does not grow with the number of units (shared strings would run faster but keep every
    # distinct text, and every cell, until the end).
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_custom_property(SUMMARY_MARKER, True)
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    points = workbook.add_format({"num_format": "0.00"})
    about = about_line()
    summary = _Sheet(workbook, "汇总", SUMMARY_HEADERS, (24, 10, 22, 11, 13, 7, 5, 5, 11, 9, 7, 9, 40), bold,
                     footer=about, title=f"{SUMMARY_TITLE}（{about}）",
                     formats={3: points, 4: points, 5: points, 12: wrap})
    details = _Sheet(workbook, "指标明细", DETAIL_HEADERS, (28, 10, 28, 12, 14, 30, 6, 12, 8, 8, 60), bold,
                     footer=about, formats={8: points, 9: percent, 10: wrap})
    reviews = _Sheet(workbook, "复核差异", REVIEW_HEADERS, (28, 28, 30, 12, 10, 10, 8, 60), bold, footer=about,
                     formats={5: points, 7: wrap})
    problems = _Sheet(workbook, "问题清单", PROBLEM_HEADERS, (28, 100), bold, footer=about, formats={1: wrap})

    result = BatchResult()
    rates = LevelRates()
    for file in files:
        for problem in file.problems:
            problems.append([file.file, problem])
        for unit in file.units:
            head = [unit.file, unit.unit_code, unit.unit_name]
            for line in unit.lines:
                rate = round(line.score / line.weight, 4) if line.score is not None and line.weight else None
                details.append(head + [line.level1, line.level2, line.name, line.weight, line.actual, line.score,
                                       rate, line.explanation])
            for claim in unit.claims:
                if claim.verdict == DIFFER:
                    reviews.append([unit.file, unit.unit_name, claim.indicator, plain(claim.actual),
                                    plain(claim.claimed), plain(claim.computed), claim.difference,
                                    claim.explanation])
            for problem in _unit_problems(unit):
                problems.append([unit.file, problem])
            rates.add(unit)
        # Only the 汇总 row of each unit stays in memory: its lines and claims are in the file now.
        result.files.append(dataclasses.replace(
            file, units=tuple(dataclasses.replace(u, lines=(), claims=()) for u in file.units)))

    units = result.units
    ranks = rank(units)
    for unit in units:
        summary.append([unit.file, unit.unit_code, unit.unit_name, unit.subtotal, unit.execution, unit.total,
                        unit.grade or UNGRADED, ranks.get(id(unit)), unit.claimed_total, unit.total,
                        unit.total_difference,
                        len(unit.unscored), "；".join(unit.notes)])
    for sheet in (summary, details, reviews, problems):
        sheet.print_area()
    _charts(workbook, grade_counts(units), rates.rows(), bold, percent, about)
    workbook.close()
    return result


def _charts(workbook, grades: list[tuple[str, int]], rates: list[tuple[str, float]], bold, percent,
            about: str) -> None:
    """Two small data tables on 图表 and a native column chart over each that has data, each chart on
    its own page."""
    name = "图表"
    sheet = _Sheet(workbook, name, ("等级", "单位数"), (14, 12), bold, footer=about)
    for row in grades:
        sheet.append(row)
    sheet.append([])
    first = sheet.row
    sheet.append(["一级指标", "平均得分率"], bold)
    for level1, rate in rates:
        sheet.ws.write_string(sheet.row, 0, level1)
        sheet.ws.write_number(sheet.row, 1, rate, percent)
        sheet.row += 1

    if not any(count for _, count in grades):  # no unit: an empty chart is an error in Excel's file format
        sheet.print_area()
        return
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"name": "单位数", "categories": [name, 1, 0, len(grades), 0],
                      "values": [name, 1, 1, len(grades), 1], "data_labels": {"value": True}})
    chart.set_title({"name": "等级分布"})
    chart.set_y_axis({"name": "单位数", "min": 0})
    chart.set_legend({"none": True})
    chart.set_size(CHART_SIZE)
    sheet.ws.insert_chart(1, CHART_COL, chart)

    if rates:
        chart = workbook.add_chart({"type": "column"})
        chart.add_series({"name": "平均得分率", "categories": [name, first + 1, 0, first + len(rates), 0],
                          "values": [name, first + 1, 1, first + len(rates), 1],
                          "data_labels": {"value": True, "num_format": "0%"}})
        chart.set_title({"name": "各一级指标平均得分率"})
        chart.set_y_axis({"name": "平均得分率", "min": 0, "max": 1, "num_format": "0%"})
        chart.set_legend({"none": True})
        chart.set_size(CHART_SIZE)
        sheet.ws.insert_chart(CHART_ROWS + 1, CHART_COL, chart)
        sheet.ws.set_h_pagebreaks([CHART_ROWS])  # after row CHART_ROWS (1-based): the second chart starts a page
    sheet.print_area(CHART_COL + -(-CHART_SIZE["width"] // DEFAULT_COL_PX), 2 * CHART_ROWS - 1)


__all__ = ["SUMMARY_MARKER", "LevelRates", "grade_counts", "is_batch_summary", "level1_rates", "write_summary"]
