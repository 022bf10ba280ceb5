"""One-click recalculation: score every indicator table of an open workbook and write the results back.

:func:`recalculate` is written only against xlwings' Book/Sheet/Range API (it never imports xlwings),
so the same code runs through every xlwings runtime:

- COM (Windows Excel, the classic ``perfeval_xl.xlam`` add-in) and AppleScript (Excel for Mac);
- xlwings Server / Office.js (the task-pane button) and xlwings' remote engine (``xw.Book(json=...)``),
  where reads come from the payload Excel sent and every write is queued as an action in
  ``book.json()["actions"]`` that the Office.js client applies after the call returns.

Per sheet it makes ONE value read (the used range) and hands the grid to the table finder; per table it
scores with the core (``FoundTable.scored``, as the ``score`` command does) and writes one range per
output column (得分, 得分说明, and the 预算执行率得分 / 总分 / 等级 cells), whatever the number of rows:
a column is split only where a row inside the table holds something else in that column.

What differs per runtime:

- Formulas. The remote/Office.js engine cannot read formulas synchronously, so "is this a formula?" is
  answered by workbook-level defined names, the same way on every runtime: a table whose 得分 range
  carries ``PERFEVAL_LIVE_SCORES`` (the template's live formulas) gets no score values; Excel is asked
  to calculate instead (``app.calculate()``: COM recalculates all open books; Office.js queues a
  ``calculate`` action). Any cell inside a workbook-level name starting with ``PERFEVAL_LIVE`` is never
  written, so a template can protect more formula cells (得分说明, totals) by naming them too.
- Number formats. Where the runtime can say (COM, Mac), the 实际完成值 and 指标值 columns of each table
  are asked for their number format, one read per column (cell by cell only where a column mixes
  formats), so a %-formatted 200% is 200%, as ``score`` reads it. The remote/Office.js engine cannot
  read formats synchronously: a %-formatted actual arrives as a fraction (0.95) and the core's reading
  takes a fraction within ±1.5 in a % row whose target is above 1.5 as a percentage (docs/reading.md
  names the one case where this differs: a %-cell beyond ±150%).
- Error values (#N/A, #DIV/0!) are read as errors (``err_to_str``), never as blanks, and a row without
  a score gets a visible #N/A in 得分.
- The summary: ``app.alert`` shows a message box on COM and Mac and queues an ``alert`` action for the
  Office.js client; the status bar is set too where the runtime has one (COM, Mac; Office.js has none).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.celltext import excel_text
from ..core.finder import FoundTable, cell_at, find_tables, is_blank, no_table_message
from ..core.layout_names import EXPLANATION_HEADER, LIVE_SCORES_NAME, SCORE_HEADER, is_live_name
from ..core.score import BLANK, NOT_APPLICABLE, SCORED, Score, fmt
from ..core.totals import UNSCORED, TableScore
from ..core.values import is_percent_format

#: Labels of the block written below a table that has no labelled 总分 / 等级 / 执行率得分 cells.
EXECUTION_LABEL = "预算执行率得分"
TOTAL_LABEL = "总分"
GRADE_LABEL = "等级"
ALERT_TITLE = "绩效评分"
#: What a score cell shows for a row without a score: a visible error, so a SUM cannot silently shrink.
NO_SCORE = "#N/A"
UNSCORED_MARK = "未评分："
#: How far below a table the 总分 block may go looking for free cells.
BLOCK_REACH = 20

Cell = tuple[int, int]


@dataclass(frozen=True)
class RecalcResult:
    """What one recalculation did.

    Attributes:
        tables: how many indicator tables were found and scored.
        rows_scored: indicator rows with a score (不适用 rows included).
        unscored: names of the rows (and 预算执行率) left without a score, sheet by sheet.
        live_tables: tables whose 得分 column holds the template's live formulas (calculated by Excel).
        summary: the Chinese text shown to the user.
    """

    tables: int
    rows_scored: int
    unscored: tuple[str, ...]
    live_tables: int
    summary: str


@dataclass
class _Rect:
    """A block of sheet cells, 1-based inclusive."""

    top: int
    left: int
    bottom: int
    right: int
    scores: bool = False  #: the template's live 得分 range (LIVE_SCORES_NAME)

    def holds(self, row: int, col: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= col <= self.right


@dataclass
class _SheetWriter:
    """Collects cell values by sheet position and writes them one range per run of cells in a column.

    Grid positions are 0-based and relative to the used range's top-left cell (``top``, ``left``,
    1-based); cells inside a live name are dropped, never written.
    """

    sheet: object
    top: int
    left: int
    live: list[_Rect]
    cells: dict[Cell, object] = field(default_factory=dict)

    def put(self, cell: Cell, value: object) -> None:
        if not self.is_live(cell):
            self.cells[cell] = value

    def is_live(self, cell: Cell) -> bool:
        row, col = self.top + cell[0], self.left + cell[1]
        return any(rect.holds(row, col) for rect in self.live)

    def flush(self) -> None:
        """Write every collected cell: one range write per run of consecutive rows in a column."""
        by_column: dict[int, list[int]] = {}
        for r, c in sorted(self.cells, key=lambda rc: (rc[1], rc[0])):
            by_column.setdefault(c, []).append(r)
        for c, rows in by_column.items():
            for run in _runs(rows):
                values = [[_cell_value(self.cells[(r, c)])] for r in run]
                first, last = (self.top + run[0], self.left + c), (self.top + run[-1], self.left + c)
                self.sheet.range(first, last).options(ndim=2).value = values
        self.cells.clear()


def _runs(rows: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def _cell_value(value: object) -> object:
    return "" if value is None else excel_text(value)


# -- reading the book ----------------------------------------------------------------------------

def _live_ranges(book) -> dict[str, list[_Rect]]:
    """Sheet name → blocks covered by workbook-level ``PERFEVAL_LIVE*`` names, and which is LIVE_SCORES_NAME."""
    live: dict[str, list[_Rect]] = {}
    for name in book.names:
        text = name.name
        if not is_live_name(text):
            continue
        try:
            rng = name.refers_to_range
        except Exception:  # a name that is not one range (a constant, a formula): nothing to protect
            continue
        rows, cols = rng.shape
        rect = _Rect(rng.row, rng.column, rng.row + rows - 1, rng.column + cols - 1, text.upper() == LIVE_SCORES_NAME)
        live.setdefault(rng.sheet.name, []).append(rect)
    return live


def _read_sheet(sheet) -> tuple[list[list[object]], int, int]:
    """The sheet's used range as a 2-D grid (ONE read), with its top-left row and column (1-based);
    error cells keep their error text (#N/A), so they are read as errors, not blanks."""
    used = sheet.used_range
    grid = used.options(ndim=2, err_to_str=True).value or [[]]
    return [list(row) for row in grid], used.row, used.column


def _percent_cells(sheet, top: int, left: int, tables: list[FoundTable]) -> set[Cell] | None:
    """The %-formatted 实际完成值 and 指标值 cells of the tables, or None where the runtime cannot
    read number formats (the remote/Office.js engine)."""
    cells: set[Cell] = set()
    try:
        for found in tables:
            for role in ("actual", "target"):
                c = found.columns.get(role)
                if c is None:
                    continue
                column = sheet.range((top + found.rows[0], left + c), (top + found.rows[-1], left + c))
                number_format = column.number_format
                if number_format is None:  # the column mixes formats: ask cell by cell
                    cells.update((r, c) for r in found.rows
                                 if is_percent_format(sheet.range((top + r, left + c)).number_format))
                elif is_percent_format(number_format):
                    cells.update((r, c) for r in found.rows)
    except NotImplementedError:
        return None
    return cells


# -- where the results go ------------------------------------------------------------------------

def _free_column(grid, found: FoundTable, start: int, taken: set[int]) -> int:
    """The first column from ``start`` whose header and indicator cells are all empty."""
    c = start
    while c in taken or not all(is_blank(cell_at(grid, r, c)) for r in (found.header_row, *found.rows)):
        c += 1
    return c


def _block(grid, found: FoundTable, size: int, limit: int) -> int | None:
    """The first row of ``size`` empty rows below the table, after an empty row, or None."""

    def empty_row(r: int) -> bool:
        return r >= len(grid) or all(is_blank(v) for v in grid[r])

    for start in range(found.last_row + 2, min(limit, found.last_row + 2 + BLOCK_REACH) - size + 1):
        if all(empty_row(r) for r in range(start - 1, start + size)):
            return start
    return None


# -- values --------------------------------------------------------------------------------------

def _points(score: Score) -> object:
    """What a score cell shows: the points (unrounded, as every path keeps row scores), blank, 不适用,
    or a visible error."""
    if score.status == SCORED and score.value is not None:
        return score.value
    if score.status == BLANK:
        return None
    if score.status == NOT_APPLICABLE:
        return "不适用"
    return NO_SCORE


def _explanation(score: Score) -> str:
    return UNSCORED_MARK + score.explanation if score.status in UNSCORED else score.explanation


def _total_text(result: TableScore) -> str:
    if result.unscored or not result.notes:
        return f"未完成评分：{len(result.unscored)}项"
    return result.notes[0]


def _table_summary(result: TableScore) -> str:
    done = sum(1 for s in result.rows.values() if s.status not in UNSCORED)
    text = f"已评分{done}项"
    if result.unscored:
        text += f"，未完成评分{len(result.unscored)}项：{'、'.join(result.unscored)}"
    if result.total is not None:
        text += f"；总分{fmt(result.total)}分，等级{result.grade}"
    return text


# -- one table -----------------------------------------------------------------------------------

@dataclass
class _Scored:
    sheet: str
    result: TableScore
    live: bool
    note: str = ""


def _write_table(sheet: str, grid, found: FoundTable, writer: _SheetWriter, limit: int,
                 after: FoundTable | None) -> _Scored:
    """Score one found table (``after`` the one above it on the sheet) and queue its output cells."""
    result = found.scored()[1]
    taken = set(found.columns.values())
    start = max(found.columns.values()) + 1
    score_col = found.columns.get("score")
    if score_col is None:
        score_col = _free_column(grid, found, start, taken)
        taken.add(score_col)
        writer.put((found.header_row, score_col), SCORE_HEADER)
    explanation_col = found.columns.get("explanation")
    if explanation_col is None:
        explanation_col = _free_column(grid, found, start, taken)
        writer.put((found.header_row, explanation_col), EXPLANATION_HEADER)

    def in_live_scores(r: int) -> bool:
        row, col = writer.top + r, writer.left + score_col
        return any(rect.scores and rect.holds(row, col) for rect in writer.live)

    live = any(in_live_scores(r) for r in found.rows)
    for r, score in zip(found.rows, result.rows.values()):
        if not live:
            writer.put((r, score_col), _points(score))
        writer.put((r, explanation_col), _explanation(score))
    # Rows inside the table that hold no indicator (an empty 二级指标 group): where their output cell is
    # empty, write it empty again so each column stays one range write.
    indicator_rows = set(found.rows)
    for r in range(found.rows[0], found.rows[-1] + 1):
        if r not in indicator_rows:
            for c in ((explanation_col,) if live else (score_col, explanation_col)):
                if is_blank(cell_at(grid, r, c)):
                    writer.put((r, c), None)

    total = result.total if result.total is not None else _total_text(result)
    grade = result.grade or _total_text(result)
    outputs = [("execution", None if live else _points(result.execution)), ("total", total), ("grade", grade)]
    cells = {"execution": found.execution_cell,
             "total": found.total_cell, "grade": found.grade_cell}
    if after is not None:  # a labelled cell above this table, below the one before, is that one's
        cells = {kind: None if cell is not None and cell[0] < found.header_top else cell
                 for kind, cell in cells.items()}
    missing = [kind for kind, _ in outputs if cells[kind] is None and not (live and kind == "execution")]
    note = ""
    if missing:
        # Labels right before the 得分 column, values in it: where the finder looks for them next time.
        label_col = score_col - 1
        first = _block(grid, found, len(missing), limit)
        if first is None:
            note = "表格下方没有空位，未写入总分和等级"
        else:
            labels = {"execution": EXECUTION_LABEL, "total": TOTAL_LABEL, "grade": GRADE_LABEL}
            for i, kind in enumerate(missing):
                writer.put((first + i, label_col), labels[kind])
                cells[kind] = (first + i, score_col)
    for kind, value in outputs:
        if cells[kind] is not None and not (live and kind == "execution"):
            writer.put(cells[kind], value)
    return _Scored(sheet=sheet, result=result, live=live, note=note)


# -- the whole book ------------------------------------------------------------------------------

def recalculate(book) -> RecalcResult:
    """Score every indicator table of ``book`` and write 得分, 得分说明 and the totals back.

    Args:
        book: an ``xlwings.Book`` on any runtime (COM, Mac, Office.js / xlwings Server, remote).

    Returns:
        A RecalcResult; its Chinese ``summary`` has also been shown to the user (message box, or an
        alert action for Office.js) and put in the status bar where the runtime has one.
    """
    live_by_sheet = _live_ranges(book)
    scored: list[_Scored] = []
    for sheet in book.sheets:
        grid, top, left = _read_sheet(sheet)
        tables = find_tables(grid)
        percent = _percent_cells(sheet, top, left, tables) if tables else None
        if percent is not None:
            tables = find_tables(grid, percent_cells=percent)
        writer = _SheetWriter(sheet, top, left, live_by_sheet.get(sheet.name, []))
        for i, found in enumerate(tables):
            # Cells below a table belong to it up to half way to the next one (as the finder splits them).
            limit = ((found.last_row + tables[i + 1].header_top + 1) // 2 if i + 1 < len(tables)
                     else max(len(grid), found.last_row + 2) + BLOCK_REACH)
            scored.append(_write_table(sheet.name, grid, found, writer, limit, tables[i - 1] if i else None))
        writer.flush()
    if any(s.live for s in scored):
        book.app.calculate()
    summary = _summary(scored)
    _show(book, summary)
    rows_scored = sum(1 for s in scored for score in s.result.rows.values() if score.status not in UNSCORED)
    unscored = tuple(name for s in scored for name in s.result.unscored)
    return RecalcResult(tables=len(scored), rows_scored=rows_scored, unscored=unscored,
                        live_tables=sum(s.live for s in scored), summary=summary)


def _summary(scored: list[_Scored]) -> str:
    if not scored:
        return no_table_message("工作簿")
    lines = []
    for i, s in enumerate(scored, start=1):
        where = f"{s.sheet}（第{i}张表）：" if len(scored) > 1 else ""
        lines.append(where + _table_summary(s.result) + (f"；{s.note}" if s.note else ""))
    return "\n".join(lines)


def _show(book, summary: str) -> None:
    """Show the summary: a message box / Office.js alert, and the status bar where there is one."""
    app = book.app
    try:
        app.status_bar = summary.replace("\n", "；")
    except (NotImplementedError, AttributeError):
        pass  # Office.js and the remote engine have no status bar
    app.alert(summary, title=ALERT_TITLE)


__all__ = ["RecalcResult", "recalculate"]
