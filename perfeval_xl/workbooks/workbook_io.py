"""Reading a workbook file (.xlsx, .xlsm, .xls) into per-sheet grids of cell values for the finder.

An adapter: openpyxl (read-only, cached formula values) for .xlsx/.xlsm, xlrd for .xls. Each sheet
becomes a list of rows of plain values with merged cells forward-filled (every cell of a merged range
holds the range's value), plus the cells whose number format shows a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import PerfevalError
from ..core.values import is_percent_format
from .safety import check_workbook

OPENPYXL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
XLS_SUFFIX = ".xls"
SUFFIXES = OPENPYXL_SUFFIXES | {XLS_SUFFIX}
Cell = tuple[int, int]


@dataclass(frozen=True)
class SheetGrid:
    """One sheet's values (0-based ``grid[r][c]``, rows of varying length).

    Attributes:
        name: the sheet name.
        grid: cell values, merged ranges forward-filled.
        percent_cells: (r, c) → number format, for the cells formatted as a percentage.
        merged: merged ranges as 0-based inclusive (first_row, first_col, last_row, last_col).
        widths: column → width in characters, where the file sets one (used when converting .xls).
    """

    name: str
    grid: list[list[object]]
    percent_cells: dict[Cell, str] = field(default_factory=dict)
    merged: tuple[tuple[int, int, int, int], ...] = ()
    widths: dict[int, float] = field(default_factory=dict)


def read_grids(path: str | Path) -> list[SheetGrid]:
    """Every worksheet of the workbook at ``path``, in workbook order.

    Raises:
        PerfevalError: in Chinese, for a missing file, an unsupported type, or a file that is not a
            readable workbook (damaged, encrypted, another format).
    """
    path = Path(path)
    if not path.is_file():
        raise PerfevalError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PerfevalError(f"不支持的文件类型“{path.suffix}”：请提供 .xlsx、.xlsm 或 .xls 工作簿")
    checked = check_workbook(path)  # zip bombs, XML entities, encryption: refused before any reader runs
    try:
        return _read_xls(path) if checked.kind == "xls" else _read_openpyxl(path)
    except Exception as error:  # each reader raises its own family of errors for a bad file
        raise PerfevalError(f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿（{type(error).__name__}）") from error


def _fill_merged(grid: list[list[object]], merged) -> None:
    for r1, c1, r2, c2 in merged:
        value = grid[r1][c1] if r1 < len(grid) and c1 < len(grid[r1]) else None
        for r in range(r1, r2 + 1):
            while len(grid) <= r:
                grid.append([])
            row = grid[r]
            if len(row) <= c2:
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = value


def _read_openpyxl(path: Path) -> list[SheetGrid]:
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):  # a chartsheet
                continue
            ws.reset_dimensions()  # the stored dimension is often wrong in files other tools wrote
            grid, percent = [], {}
            for r, row in enumerate(ws.iter_rows()):
                values = []
                for c, cell in enumerate(row):
                    values.append(cell.value)
                    number_format = getattr(cell, "number_format", None)
                    if is_percent_format(number_format):
                        percent[(r, c)] = number_format
                grid.append(values)
            merged = tuple((r1 - 1, c1 - 1, r2 - 1, c2 - 1)
                           for c1, r1, c2, r2 in map(range_boundaries, _merged_refs(ws)))
            _fill_merged(grid, merged)
            sheets.append(SheetGrid(ws.title, grid, percent, merged))
        return sheets
    finally:
        wb.close()


def _merged_refs(ws) -> list[str]:
    """The merged ranges of a read-only sheet ("A1:B2"), read from the sheet's XML, which read-only
    openpyxl does not expose."""
    from openpyxl.xml.functions import iterparse  # defusedxml-backed when installed

    refs = []
    with ws._get_source() as source:
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                refs.append(element.get("ref"))
            element.clear()
    return refs


def _read_xls(path: Path) -> list[SheetGrid]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
        formats = True
    except NotImplementedError:  # formatting_info is not supported for every BIFF version
        book = xlrd.open_workbook(str(path), on_demand=True)
        formats = False
    try:
        sheets = []
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            grid, percent = [], {}
            for r in range(sh.nrows):
                row = []
                for c in range(sh.row_len(r)):
                    row.append(_xls_value(book, sh.cell(r, c)))
                    if formats:
                        number_format = _xls_format(book, sh.cell_xf_index(r, c))
                        if is_percent_format(number_format):
                            percent[(r, c)] = number_format
                grid.append(row)
            merged = tuple((r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sh.merged_cells)
            _fill_merged(grid, merged)
            widths = {c: info.width / 256 for c, info in sh.colinfo_map.items()} if formats else {}
            sheets.append(SheetGrid(sh.name, grid, percent, merged, widths))
        return sheets
    finally:
        book.release_resources()


def _xls_format(book, xf_index: int) -> str:
    fmt = book.format_map.get(book.xf_list[xf_index].format_key)
    return fmt.format_str if fmt is not None else ""


def _xls_value(book, cell) -> object:
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#VALUE!")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    return cell.value


__all__ = ["SheetGrid", "is_percent_format", "read_grids"]
