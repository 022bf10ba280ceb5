"""The template workbook: the published 整体支出绩效目标表 plus live self-evaluation columns.

:func:`build_template` lays a :class:`~perfeval_xl.core.table.Table` out as finance staff know it (title,
unit, budget block, goal text, the indicator table with 一级/二级指标 merged) and adds 实际完成值 (input),
人工认定得分 (optional input), 得分 (live formula) and 得分说明, a 预算执行率 block, 总分 and 等级.
``portable=True`` writes each score as a plain Excel formula so it recalculates without the add-in.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...core.output_file import check_output, write_output
from ...core.layout_names import LIVE_SCORES_NAME
from ...core.table import Table
from .filling import fill_template, stored_value
from .layout import SHEET_TITLE, TemplateLayout, build_template

#: File names of the committed templates under ``workbook_templates/``.
ADDIN_FILE = "整体支出绩效自评模板.xlsx"
PORTABLE_FILE = "整体支出绩效自评模板_免加载项.xlsx"


def write_template(path: str | Path, table: Table | None = None, *, portable: bool = False,
                   inputs: Iterable[str | Path] = ()) -> TemplateLayout:
    """Build the template for ``table`` (default: the seed table) and save it to ``path`` atomically
    (never over one of ``inputs``, the files the table was read from)."""
    check_output(path, inputs=inputs, suffix=None, what="模板")
    workbook, layout = build_template(table, portable=portable)
    write_output(path, workbook.save, inputs=inputs, suffix=None, what="模板")
    return layout


__all__ = ["ADDIN_FILE", "LIVE_SCORES_NAME", "PORTABLE_FILE", "SHEET_TITLE", "TemplateLayout", "build_template",
           "fill_template", "stored_value", "write_template"]
