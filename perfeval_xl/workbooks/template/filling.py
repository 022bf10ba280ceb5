"""Typing values into a built template as a user would: what Excel stores for each typed entry."""

from __future__ import annotations

from collections.abc import Mapping

from ...core.celltext import set_text
from ...core.values import read_value
from .layout import TemplateLayout


def stored_value(typed: object, *, unit: str, target: float | None, qualitative: bool, percent_cell: bool) -> object:
    """What Excel stores when ``typed`` is entered into an 实际完成值 cell.

    A %-formatted cell stores a fraction: "95%" and a bare 95 (Excel's automatic percent entry) both
    become 0.95; a bare fraction (0.9 in a 95% row) is stored as typed. Words stay words.
    """
    reading = read_value(typed, unit=unit, target=target, qualitative=qualitative)
    if qualitative or reading.number is None:
        return reading.word if reading.word is not None else typed
    return reading.number / 100 if percent_cell else reading.number


def fill_template(workbook, layout: TemplateLayout, table, actuals: Mapping[str, object], *,
                  executed: object = None, manual: Mapping[str, object] | None = None) -> None:
    """Enter actual values (by 三级指标), 人工认定得分 and 全年执行数 into a template built for ``table``."""
    ws = workbook[layout.sheet]
    for name, typed in actuals.items():
        ind = table.indicator(name)
        set_text(ws[layout.cell("actual", name)],
                 stored_value(typed, unit=ind.unit, target=ind.numeric_target, qualitative=ind.qualitative,
                              percent_cell=name in layout.percent))
    for name, points in (manual or {}).items():
        ws[layout.cell("manual", name)] = points
    if executed is not None:
        ws[layout.executed_cell] = executed
