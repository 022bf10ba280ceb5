"""Writing the scored copy of a user's workbook (the ``score`` command's output).

The copy keeps the user's sheets and adds, per indicator table: 得分 and 得分说明 columns in the
table's header row beside the table (or fills the table's own 得分/得分说明 columns; where the unit
filled 得分 itself, its scores stay and 复核得分 / 差异 columns go beside them), scores written as
values, the 预算执行率 score, total and grade in the sheet's own labelled cells (below the table when
it has no 总分/等级 cells), plus a 评分结果 sheet with a native Excel bar chart of score against weight per
indicator. The input file is only read; an .xls input gives an .xlsx copy built from its values,
merges, percent formats and column widths.
"""

from __future__ import annotations

import copy
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..core.celltext import set_text
from ..core.errors import PerfevalError
from ..core.finder import FoundTable, cell_at, find_tables, is_blank, no_table_message
from ..core.layout_names import (DIFFERENCE_HEADER, EXPLANATION_HEADER, REVIEW_EXPLANATION_HEADER, REVIEW_HEADER,
                                 SCORE_HEADER, is_live_name)
from ..core.review import AGREE, DIFFER, GRADE_NAME, MANUAL, MANUAL_TEXT, TOTAL_NAME, UNCHECKED, Claim, Review
from ..core.score import NOT_APPLICABLE, SCORED
from ..core.table import Table
from ..core.totals import EXECUTION_NAME, TableScore
from .workbook_io import SheetGrid, read_grids

#: The template's workbook-level name over its live 得分 formulas (contract 3 in the helper brief).
SUMMARY_SHEET = "评分结果"
SCORE_FORMAT = "0.00"
UNSCORED_FILL = "FFF2CC"  # light yellow: rows a person still has to look at
#: The summary sheet's columns; "指标" rather than 三级指标 so that scoring the copy again does not take
#: the summary for another indicator table.
#: Row height per wrapped line of the summary's 得分说明 (points), and CJK characters per line.
LINE_HEIGHT = 15
CHARS_PER_LINE = 30
#: 差异 for a claim that does not differ by a number.
VERDICT_TEXT = {AGREE: "一致", MANUAL: MANUAL_TEXT, UNCHECKED: "未复核", DIFFER: "不一致"}
SUMMARY_HEADERS = ("一级指标", "二级指标", "指标", "分值", "实际完成值", "得分", "得分说明")


@dataclass(frozen=True)
class ScoredTable:
    """One found table with its scores: the sheet it is on, the (weight-completed) table, the result,
    and the review of the unit's own scores against it."""

    sheet: SheetGrid
    found: FoundTable
    table: Table
    result: TableScore
    review: Review


def score_workbook(source: str | Path, target: str | Path) -> list[ScoredTable]:
    """Find and score every indicator table in ``source`` and write the scored copy to ``target``.

    Raises:
        PerfevalError: the workbook is unsafe or unreadable, or holds no recognisable table.
    """
    source = Path(source)
    sheets = read_grids(source)
    scored = []
    for sheet in sheets:
        for found in find_tables(sheet.grid, percent_cells=sheet.percent_cells):
            table, result = found.scored()
            scored.append(ScoredTable(sheet, found, table, result, found.reviewed(table, result)))
    if not scored:
        raise PerfevalError(no_table_message(f"“{source.name}”的各工作表"))
    write_scored_copy(source, target, sheets, scored)
    return scored


def write_scored_copy(source: str | Path, target: str | Path, sheets: list[SheetGrid],
                      scored: list[ScoredTable]) -> Path:
    """Write the scored copy of ``source`` to ``target`` (.xlsx), atomically; ``source`` is not touched.

    Args:
        source: the user's workbook; sheets: all its sheets as read (used to rebuild an .xls);
        scored: the tables found and scored, in sheet order.
    """
    source, target = Path(source), Path(target)
    if not zipfile.is_zipfile(source):  # an .xls (whatever its name): rebuilt from what was read
        wb = workbook_from_grids(sheets)
    else:
        from openpyxl import load_workbook

        wb = load_workbook(source)  # formulas, styles and merges kept; no VBA (the copy is .xlsx)
        _keep_huge_integers_as_text(wb)
    # The copy holds values where the template had live formulas: drop the names that say otherwise.
    for names in (wb.defined_names, *(ws.defined_names for ws in wb.worksheets)):
        for name in [n for n in names if is_live_name(n)]:
            del names[name]
    for number, item in enumerate(scored, start=1):
        ws = wb[item.sheet.name]
        _write_totals(ws, item, _write_columns(ws, item))
        _summary_sheet(wb, item, SUMMARY_SHEET if number == 1 else f"{SUMMARY_SHEET}{number}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(suffix=".xlsx", dir=target.parent, prefix=".perfeval-")
    os.close(handle)
    try:
        wb.save(temp)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.remove(temp)
    return target


def _keep_huge_integers_as_text(wb) -> None:
    """An integer beyond a float's range (a 400-digit number typed into a cell) is that cell's error
    when scored; the copy keeps its digits as text, which openpyxl can write (it cannot write the int)."""
    for ws in wb.worksheets:
        for cell in getattr(ws, "_cells", {}).values():
            if _writable(cell.value) is not cell.value:
                cell.value = _writable(cell.value)


def _writable(value: object) -> object:
    return str(value) if type(value) is int and abs(value) > MAX_FLOAT_INT else value


MAX_FLOAT_INT = 2 ** 1023


def workbook_from_grids(sheets: list[SheetGrid]):
    """A new openpyxl workbook with each sheet's values, merges, percent formats and column widths."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        covered = {(r, c) for r1, c1, r2, c2 in sheet.merged for r in range(r1, r2 + 1)
                   for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
        for r, row in enumerate(sheet.grid):
            for c, value in enumerate(row):
                if value is not None and (r, c) not in covered:
                    set_text(ws.cell(row=r + 1, column=c + 1), value)
        for (r, c), number_format in sheet.percent_cells.items():
            if (r, c) not in covered:
                ws.cell(row=r + 1, column=c + 1).number_format = number_format
        for r1, c1, r2, c2 in sheet.merged:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = width
    return wb


def _cell(ws, r: int, c: int):
    """The writable openpyxl cell at 0-based (r, c): the first cell of a merged range covering it."""
    cell = ws.cell(row=r + 1, column=c + 1)
    if type(cell).__name__ == "MergedCell":
        for merged in ws.merged_cells.ranges:
            if cell.coordinate in merged:
                return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _claims_kept(item: ScoredTable) -> bool:
    """True when the table's own 得分 column holds the unit's scores: they are kept, and the computed
    scores go into 复核得分 beside them."""
    return any(not is_blank(v) for v in item.found.claims.values())


def _write_columns(ws, item: ScoredTable) -> dict[str, int]:
    """Fill 得分 and 得分说明 for every indicator row, creating the columns where the table has none.

    Where the unit has filled 得分 itself, its scores stay: the computed ones go into 复核得分, with
    差异 (claimed minus computed, 一致, 需人工认定 …) beside; a 得分说明 the unit wrote stays too, and
    the computed explanation goes into 复核说明. Returns role → column of what was written
    ("value": where the computed scores are).
    """
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    found, grid = item.found, item.sheet.grid
    rows = range(found.header_top, found.last_row + 1)
    used = max((c for r in rows for c in range(len(grid[r]) if r < len(grid) else 0) if not is_blank(cell_at(grid, r, c))),
               default=max(found.columns.values()))
    free = iter(range(used + 1, used + 100))
    review = _claims_kept(item)
    unit_wrote = review and "explanation" in found.columns and any(
        not is_blank(cell_at(grid, r, found.columns["explanation"])) for r in found.rows)
    wanted = [("score", SCORE_HEADER, 9)]
    if review:
        wanted += [("review", REVIEW_HEADER, 9), ("difference", DIFFERENCE_HEADER, 9)]
    wanted.append(("review_explanation", REVIEW_EXPLANATION_HEADER, 48) if unit_wrote
                  else ("explanation", EXPLANATION_HEADER, 48))
    columns = {}
    for role, header, width in wanted:
        if role in found.columns:
            columns[role] = found.columns[role]
            continue
        col = columns[role] = next(free)
        cell = _cell(ws, found.header_row, col)
        name_header = _cell(ws, found.header_row, found.columns["name"])
        if name_header.has_style:
            cell._style = copy.copy(name_header._style)
        set_text(cell, header)
        ws.column_dimensions[get_column_letter(col + 1)].width = width
    columns["explanation"] = columns.pop("review_explanation", None) or columns["explanation"]
    columns["value"] = columns["review" if review else "score"]
    verdicts = {claim.indicator: claim for claim in item.review.claims}
    fill = PatternFill("solid", fgColor=UNSCORED_FILL)
    for ind, r in zip(item.table.indicators, found.rows):
        score = item.result.rows[ind.name]
        value_cell = _cell(ws, r, columns["value"])
        value_cell.value = score.value
        value_cell.number_format = SCORE_FORMAT
        text_cell = _cell(ws, r, columns["explanation"])
        set_text(text_cell, score.explanation)
        text_cell.alignment = Alignment(wrap_text=True, vertical="center")
        if review:
            _write_difference(_cell(ws, r, columns["difference"]), verdicts.get(ind.name))
        if score.status not in (SCORED, NOT_APPLICABLE):
            value_cell.fill = fill
            text_cell.fill = fill
    return columns


def _write_difference(cell, claim: Claim | None) -> None:
    """差异: claimed minus computed where they differ, else what the review made of the claim."""
    if claim is None:
        return
    if claim.verdict == DIFFER and claim.difference is not None:
        cell.value = claim.difference
        cell.number_format = SCORE_FORMAT
    else:
        set_text(cell, VERDICT_TEXT[claim.verdict])


def _write_totals(ws, item: ScoredTable, columns: dict[str, int]) -> None:
    """预算执行率, 总分 and 等级 in the sheet's own labelled cells; below the table where it has none.

    A cell the unit filled itself keeps its value: the computed one goes beside it under 复核得分 (when
    the cell is in the 得分 column) or into the lines below the table."""
    from openpyxl.styles import Font

    found, result, grid = item.found, item.result, item.sheet.grid
    total = result.total if result.total is not None else result.summary
    grade = result.grade or "未评定"
    verdicts = {claim.indicator: claim for claim in item.review.claims}
    written = 0
    for cell, value, name in ((found.total_cell, total, TOTAL_NAME), (found.grade_cell, grade, GRADE_NAME),
                              (found.execution_cell, result.execution.value, EXECUTION_NAME)):
        if cell is None:
            continue
        if is_blank(cell_at(grid, *cell)):
            set_text(_cell(ws, *cell), value)
            written += name != EXECUTION_NAME
        elif "review" in columns and cell[1] == found.columns.get("score"):
            set_text(_cell(ws, cell[0], columns["review"]), value)
            _write_difference(_cell(ws, cell[0], columns["difference"]), verdicts.get(name))
            written += name != EXECUTION_NAME
    if written == 2:
        return
    value_col, explanation_col = columns["value"], columns["explanation"]
    r = found.last_row + 1
    # the written sheet, not the read grid: a formula never calculated reads as empty in the grid
    while not all(_cell(ws, r + i, c).value in (None, "") for i in range(3) for c in (value_col, explanation_col)):
        r += 1
    execution = result.execution
    lines = ((execution.value, f"{EXECUTION_NAME}（{item.table.execution_weight:g}分）：{execution.explanation}"),
             (result.total, f"总分：{result.summary}"),
             (result.grade, f"等级：{grade}"))
    for i, (value, text) in enumerate(lines):
        value_cell = _cell(ws, r + i, value_col)
        set_text(value_cell, value)
        value_cell.number_format = SCORE_FORMAT
        value_cell.font = Font(bold=True)
        set_text(_cell(ws, r + i, explanation_col), text)


def _summary_sheet(wb, item: ScoredTable, title: str) -> None:
    """A sheet listing every indicator's weight, actual, score and explanation, the totals and a chart."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font

    while title in wb.sheetnames:
        title += "_"
    ws = wb.create_sheet(title)
    table, result, found = item.table, item.result, item.found
    heading = table.title if table.unit_name in table.title else f"{table.unit_name}{table.title}"
    set_text(ws.cell(row=1, column=1), f"{heading}评分结果（工作表“{item.sheet.name}”）")
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for c, header in enumerate(SUMMARY_HEADERS, start=1):
        ws.cell(row=2, column=c, value=header).font = Font(bold=True)
    for r, ind in enumerate(table.indicators, start=3):
        score = result.rows[ind.name]
        actual = _writable(found.actuals.get(ind.name))
        for c, value in enumerate((ind.level1, ind.level2, ind.name, ind.weight, actual, score.value,
                                   score.explanation), start=1):
            set_text(ws.cell(row=r, column=c), value)
        if found.percent_formats.get(ind.name) and isinstance(actual, (int, float)):
            ws.cell(row=r, column=5).number_format = "0.00%"
        for c in range(1, 8):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=c == 7, vertical="center")
        ws.cell(row=r, column=6).number_format = SCORE_FORMAT
        ws.row_dimensions[r].height = LINE_HEIGHT * max(1, -(-len(score.explanation) // CHARS_PER_LINE))
    last = 2 + len(table.indicators)
    executed = found.executed
    for offset, (label, weight, actual, value, text) in enumerate((
            (EXECUTION_NAME, table.execution_weight, executed, result.execution.value, result.execution.explanation),
            ("总分", 100, None, result.total, result.summary),
            ("等级", None, None, result.grade or "未评定", "；".join(result.notes))), start=1):
        row = last + offset
        for c, value_ in ((3, label), (4, weight), (5, actual), (6, value), (7, text)):
            set_text(ws.cell(row=row, column=c), value_)
        ws.cell(row=row, column=3).font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (10, 14, 26, 7, 11, 8, 60)):
        ws.column_dimensions[letter].width = width

    chart = BarChart()
    chart.type = "bar"  # horizontal bars leave room for long Chinese indicator names
    chart.title = "各指标得分与分值"
    chart.x_axis.title = "指标"
    chart.y_axis.title = "分"
    chart.add_data(Reference(ws, min_col=4, max_col=4, min_row=2, max_row=last), titles_from_data=True)
    chart.add_data(Reference(ws, min_col=6, max_col=6, min_row=2, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=3, min_row=3, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # first indicator on top, as in the table
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides both axes by default
    chart.height = max(7.5, 0.9 * len(table.indicators) + 3)
    chart.width = 18
    ws.add_chart(chart, "I2")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


__all__ = ["ScoredTable", "workbook_from_grids", "write_scored_copy"]
