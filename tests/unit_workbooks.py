"""Unit self-evaluation workbooks for tests and benchmarks, in the template's layout (brief, contract 3).

A title, the unit's code and name, the budget-execution block (全年预算数, 全年执行数, 执行率, 得分),
the published indicator columns plus the self-evaluation columns, and the 总分 / 等级 cells. Percent
actuals are written as a %-formatted fraction, as a user typing "95%" into Excel leaves them.
"""

from __future__ import annotations

from pathlib import Path

from layouts import PUBLISHED
from perfeval_xl.core.table import Indicator, Table

SELF_EVALUATION = ("实际完成值", "人工认定得分", "得分", "得分说明")
HEADERS = PUBLISHED + SELF_EVALUATION


def typed_value(value, indicator: Indicator) -> tuple[object, str | None]:
    """What Excel stores when a user types ``value``: "95%" in a % row becomes 0.95 formatted "0%"."""
    if isinstance(value, str) and value.endswith("%") and indicator.unit == "%":
        number = float(value[:-1])
        return number / 100, "0%" if number.is_integer() else "0.0%"
    return value, None


def unit_rows(table: Table, actuals: dict, *, executed=None, manual: dict | None = None, budget=None) -> list:
    """The sheet's rows; an actual is (value, number format or None)."""
    manual = manual or {}
    budget = budget if budget is not None else (table.budget.total if table.budget else None)
    rows = [[table.title],
            ["单位编码", table.unit_code, "单位名称", table.unit_name, "金额单位：万元"],
            ["全年预算数", "全年执行数", "执行率", "得分（10分）"],
            [budget, executed, None, None],
            list(HEADERS)]
    for ind in table.indicators:
        rows.append([ind.level1, ind.level2, ind.name, ind.op, ind.target, ind.unit, ind.description,
                     ind.rule_text, ind.remark or f"{ind.weight:g}分", typed_value(actuals.get(ind.name), ind),
                     manual.get(ind.name)])
    rows += [["总分", None], ["等级", None]]
    return rows


def write_unit_workbook(path: str | Path, table: Table, actuals: dict, **kwargs) -> Path:
    """One unit's .xlsx with ``actuals`` (三级指标 → value as typed) filled in; returns the path.

    Keyword arguments as :func:`unit_rows`.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效自评表"
    for r, row in enumerate(unit_rows(table, actuals, **kwargs), start=1):
        for c, value in enumerate(row, start=1):
            value, number_format = value if isinstance(value, tuple) else (value, None)
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if number_format:
                    cell.number_format = number_format
    path = Path(path)
    wb.save(path)
    return path


def write_unit_xls(path: str | Path, table: Table, actuals: dict, **kwargs) -> Path:
    """The same sheet as an old-style .xls (xlwt)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("绩效自评表")
    styles = {}
    for r, row in enumerate(unit_rows(table, actuals, **kwargs)):
        for c, value in enumerate(row):
            value, number_format = value if isinstance(value, tuple) else (value, None)
            if value is None:
                continue
            if number_format:
                style = styles.setdefault(number_format, xlwt.easyxf(num_format_str=number_format))
                sheet.write(r, c, value, style)
            else:
                sheet.write(r, c, value)
    path = Path(path)
    book.save(str(path))
    return path
