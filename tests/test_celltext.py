"""Text that starts like a formula is written as text, never as a formula."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook

import perfeval_xl
from perfeval_xl.core.celltext import excel_text
from perfeval_xl.workbooks.template import build_template


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd"])
def test_excel_text_gets_the_apostrophe(text):
    assert excel_text(text) == "'" + text
    assert excel_text("实际" + text) == "实际" + text


def test_template_keeps_formula_like_names_as_text(tmp_path):
    seed = perfeval_xl.seed_table()
    first = dataclasses.replace(seed.indicators[0], name="=HYPERLINK(\"http://x\")", level1="-成本")
    table = dataclasses.replace(seed, indicators=(first,) + seed.indicators[1:])
    workbook, _ = build_template(table)
    workbook.save(tmp_path / "out.xlsx")
    ws = load_workbook(tmp_path / "out.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if c.value in (first.name, "-成本")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)
