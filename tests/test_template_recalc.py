"""The template's formulas computed by independent engines give the hand-computed scores.

- The portable template (plain IF/MIN/MAX formulas) recalculated by LibreOffice headless, every
  formula forced to recalculate on load, read back with openpyxl ``data_only=True``.
- The add-in template (SCORE_* calls) computed by the ``formulas`` package with our functions
  registered, the typed values given as the model's inputs: the formulas point at the right cells
  and the totals see every row.

Expected values come from tests/data/acceptance/seed_cases.json or are hand-computed in template_cases.
"""

from __future__ import annotations

import openpyxl
import pytest
from conftest import soffice_convert
from formulas_udfs import register
from template_cases import Filled, fill, filled_cases, stored

from perfeval_xl.core.score import fmt
from perfeval_xl.workbooks.template import build_template

CASES = filled_cases()


def _same(got, expected) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and abs(got - expected) < 0.005
    if expected == "":
        return got in (None, "")
    return got == expected


def check(value_of, layout, case: Filled) -> None:
    """Compare every expected row score, the total and the grade; report all mismatches at once."""
    wrong = []
    for name, expected in case.scores.items():
        got = value_of(layout.cell("score", name))
        if not _same(got, expected):
            wrong.append(f"{name}: {got!r} != {expected!r}")
    for label, ref, expected in (("总分", layout.total_cell, case.total), ("等级", layout.grade_cell, case.grade)):
        got = value_of(ref)
        if not _same(got, expected):
            wrong.append(f"{label}: {got!r} != {expected!r}")
    assert not wrong, "\n".join(wrong)


def check_explanations(value_of, layout, case: Filled) -> None:
    """Each explanation speaks of its own row's score, or says that 人工认定得分 won."""
    for name in layout.names:
        score, words = value_of(layout.cell("score", name)), value_of(layout.cell("explanation", name))
        if name in case.manual:
            assert words.startswith("人工认定得分"), words
        elif isinstance(score, (int, float)):
            assert f"得{fmt(score)}分" in words, (name, score, words)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """All filled copies of the portable template, recalculated by one LibreOffice run."""
    layout = build_template(portable=True)[1]
    folder = tmp_path_factory.mktemp("filled")
    files = [fill(folder / f"{case.name}.xlsx", layout, case, portable=True) for case in CASES]
    out = soffice_convert(files, "xlsx", tmp_path_factory.mktemp("recalculated"))
    sheets = {case.name: openpyxl.load_workbook(path, data_only=True)[layout.sheet] for case, path in zip(CASES, out)}
    return layout, sheets


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_portable_template_recalculated_by_libreoffice(recalculated, case):
    layout, sheets = recalculated
    sheet = sheets[case.name]
    check(lambda ref: sheet[ref].value, layout, case)
    check_explanations(lambda ref: sheet[ref].value, layout, case)


def test_libreoffice_sees_the_execution_block(recalculated):
    layout, sheets = recalculated
    sheet = sheets["scenario0"]  # 5877.495 of 6530.55 is 90%, worth 9 of 10 points
    assert sheet[layout.rate_cell].value == pytest.approx(0.9)
    assert sheet[layout.execution_cell].value == pytest.approx(9.0)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """The add-in template compiled once by the ``formulas`` package, our functions registered."""
    formulas = pytest.importorskip("formulas")
    register()
    from schedula import EMPTY
    workbook, layout = build_template()
    path = tmp_path_factory.mktemp("engine") / "template.xlsx"
    workbook.save(path)
    return formulas.ExcelModel().loads(str(path)).finish(), layout, f"'[{path.name}]{layout.sheet}'!", EMPTY


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_addin_template_in_the_formulas_engine(engine, case):
    model, layout, prefix, empty = engine
    inputs = {prefix + layout.cell("actual", name): stored(name, typed, name in layout.percent)
              for name, typed in case.typed.items()}
    inputs.update({prefix + layout.cell("manual", name): points for name, points in case.manual.items()})
    inputs[prefix + layout.executed_cell] = case.executed
    solution = model.calculate(inputs=inputs)

    def value_of(ref):
        value = solution[prefix + ref].value[0, 0]
        return None if value is empty else value

    check(value_of, layout, case)
    check_explanations(value_of, layout, case)
