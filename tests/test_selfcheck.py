"""``perfeval-xl selfcheck``: the workbook evaluated by the `formulas` engine with our functions
registered (as Excel with the add-in would) shows TRUE everywhere, and FALSE exactly in the rows of a
function that is deliberately broken."""

from __future__ import annotations

import dataclasses
import re

import formulas
import pytest
from openpyxl import load_workbook

from formulas_udfs import register
from perfeval_xl.cli.main import main as cli
from perfeval_xl.core.functions import REGISTRY


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("selfcheck") / "自检.xlsx"
    assert cli(["selfcheck", "-o", str(path)]) == 0
    return path


def calculate(path) -> dict[str, object]:
    """Cell reference (e.g. "G5") → value, as the engine computes the workbook (our functions registered
    again first: another test module may have registered its own bindings)."""
    register()
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, value in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\][^']+'!([A-Z]+\d+)", str(key))
        if match:
            values[match.group(1)] = value.value.ravel()[0]
    return values


def check_rows(path) -> dict[int, str]:
    """Row → the Excel function its 结果 formula calls, read from the written workbook."""
    ws = load_workbook(path).active
    rows = {}
    for row in range(5, ws.max_row + 1):
        formula = ws.cell(row, 5).value
        if isinstance(formula, str) and formula.startswith("="):
            rows[row] = re.match(r"=([A-Z_]+)\(", formula).group(1)
    return rows


def test_every_registered_function_is_checked(workbook):
    assert set(check_rows(workbook).values()) == set(REGISTRY)


def test_all_true_with_working_functions(workbook):
    values = calculate(workbook)
    rows = check_rows(workbook)
    assert {row: bool(values[f"G{row}"]) for row in rows} == {row: True for row in rows}
    assert bool(values["B2"]) is True
    assert values["E5"] == 9.5 and values["E23"] == "良"  # the results themselves are shown


def test_a_broken_function_shows_false_in_its_rows_only(workbook, monkeypatch):
    broken = dataclasses.replace(REGISTRY["SCORE_LINEAR"], func=lambda *args: 0.0)
    monkeypatch.setitem(REGISTRY, "SCORE_LINEAR", broken)
    values = calculate(workbook)
    rows = check_rows(workbook)
    expected = {row: name != "SCORE_LINEAR" for row, name in rows.items()}
    assert {row: bool(values[f"G{row}"]) for row in rows} == expected
    assert not all(expected.values())
    assert bool(values["B2"]) is False


def test_a_function_excel_does_not_know_reads_false_not_an_error(workbook, monkeypatch):
    """Without the add-in Excel shows #NAME? in 结果; the check cells still read FALSE."""
    from formulas.tokens.operand import Error

    unknown = dataclasses.replace(REGISTRY["PERF_GRADE"], func=lambda *args: Error.errors["#NAME?"])
    monkeypatch.setitem(REGISTRY, "PERF_GRADE", unknown)
    values = calculate(workbook)
    grade_rows = [row for row, name in check_rows(workbook).items() if name == "PERF_GRADE"]
    assert all(str(values[f"E{row}"]) == "#NAME?" for row in grade_rows)
    assert all(values[f"G{row}"] is False for row in grade_rows)
    assert bool(values["B2"]) is False


def test_formula_text_stays_text(workbook):
    ws = load_workbook(workbook).active
    assert ws["D5"].value == '=SCORE_DEDUCT(37,38,10,1,"5%")' and ws["D5"].data_type == "s"
