"""Round trip: seed table → template → the table finder reads back the same table, every cell of every row."""

from __future__ import annotations

import dataclasses

import pytest
from template_cases import fill, filled_cases

from perfeval_xl import cli, score_table, seed_table
from perfeval_xl.core.finder import find_table
from perfeval_xl.workbooks.template import build_template, write_template
from perfeval_xl.workbooks.workbook_io import read_grids


def _cell(ref: str) -> tuple[int, int]:
    """An A1 reference as the finder's 0-based (row, column)."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letter, row = coordinate_from_string(ref)
    return row - 1, column_index_from_string(letter) - 1


def _found(path):
    sheet = read_grids(path)[0]
    return find_table(sheet.grid, percent_cells=sheet.percent_cells)


@pytest.mark.parametrize("portable", [False, True], ids=["addin", "portable"])
def test_finder_reads_the_template_back(tmp_path, portable):
    path = tmp_path / "t.xlsx"
    layout = write_template(path, portable=portable)
    found = _found(path)
    seed = seed_table()
    assert found.table.indicators == tuple(dataclasses.replace(ind, rule=None) for ind in seed.indicators)
    assert (found.table.title, found.table.unit_code, found.table.unit_name, found.table.money_unit) == \
        ("整体支出绩效目标表", "042001", "衡阳市强制隔离戒毒所", "万元")
    assert found.table.budget == dataclasses.replace(seed.budget, note="")
    assert found.table.goal == seed.goal
    # The whole table, then: only the hand-written rules and the budget note are not on the sheet.
    assert found.table == dataclasses.replace(seed, indicators=found.table.indicators, budget=found.table.budget)
    # Every position the finder reports is where the template put it.
    assert found.header_row == layout.header_row - 1
    assert found.rows == tuple(r - 1 for r in layout.rows)
    assert found.columns == {role: _cell(f"{letter}1")[1] for role, letter in layout.columns.items()
                             if role != "goal"}
    for attr in ("budget_cell", "executed_cell", "total_cell", "grade_cell"):
        assert getattr(found, attr) == _cell(getattr(layout, attr)), attr
    assert found.percent_formats == {ind.name: ind.unit == "%" for ind in seed.indicators}


def test_finder_reads_what_a_user_typed(tmp_path):
    """A filled template scored from what the finder reads gives acceptance scenario 0: 89.87, 良."""
    layout = build_template()[1]
    case = next(c for c in filled_cases() if c.name == "scenario0")
    found = _found(fill(tmp_path / "filled.xlsx", layout, case, portable=False))
    result = score_table(seed_table(), found.actuals, executed=found.executed, budget=found.budget,
                         manual=found.manual, percent_formats=found.percent_formats)
    assert (result.total, result.grade) == (89.87, "良")


def test_template_from_a_template(tmp_path, capsys):
    """`template --table` on a template workbook writes a template of the same table."""
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_template(first)
    assert cli.main(["template", "--table", str(first), "-o", str(second)]) == 0
    assert _found(second).table == _found(first).table


def test_table_without_budget_block(tmp_path):
    """A table read from text rules alone and without a budget block still lays out and reads back."""
    seed = seed_table()
    rows = tuple(dataclasses.replace(ind, rule=None) for ind in seed.indicators[1:4])
    table = dataclasses.replace(seed, budget=None, goal="", indicators=rows)
    path = tmp_path / "t.xlsx"
    layout = write_template(path, table, portable=True)
    found = _found(path)
    assert found.table.indicators == rows
    assert found.table.budget is None
    assert found.budget_cell == _cell(layout.budget_cell) and found.budget is None
