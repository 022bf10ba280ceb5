"""Text that starts like a formula is written as text, never as a formula."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook

import perfeval_xl
from perfeval_xl.celltext import excel_text
from perfeval_xl.xlsx_report import write_scored_table


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd"])
def test_excel_text_gets_the_apostrophe(text):
    assert excel_text(text) == "'" + text
    assert excel_text("实际" + text) == "实际" + text


def test_scored_workbook_keeps_formula_like_names_as_text(tmp_path):
    seed = perfeval_xl.seed_table()
    first = dataclasses.replace(seed.indicators[0], name="=HYPERLINK(\"http://x\")", level1="-成本")
    table = dataclasses.replace(seed, indicators=(first,) + seed.indicators[1:])
    result = perfeval_xl.score_table(table, {first.name: "0%"}, executed=1)
    path = write_scored_table(table, {first.name: "0%"}, result, tmp_path / "out.xlsx")
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if c.value in (first.name, "-成本")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)
