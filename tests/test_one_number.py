"""The twelve causes of issue 12, each with the outcome the issue states, on the paths it names; and
issue 14's reading items (numbers read whole, out-of-range numbers, cells counted without references).

Workbooks are the seed template with values typed in (tests/differential.py writes them); the
portable template is recalculated by LibreOffice in one run for all cases that need it.
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from conftest import soffice_convert
from differential import (ERROR, GENERAL, PCT, ROWS, TEXT, Sheet, Typed, core_outcome, layout, recalc_outcomes,
                          write)

from perfeval_xl import seed_table
from perfeval_xl.core.functions import score_deduct, score_grade, score_rule_value, score_threshold
from perfeval_xl.core.score import INVALID, REVIEW
from perfeval_xl.core.totals import EXECUTION_NAME, grade, round_points, rule_of, score_table
from perfeval_xl.core.values import read_value
from perfeval_xl.workbooks.batch import score_file
from perfeval_xl.workbooks.safety import UnsafeWorkbookError, check_workbook
from perfeval_xl.workbooks.scored_copy import score_workbook

SAVING, LIVING, MEDICAL, EDUCATION, ACCIDENTS, INTAKE, STABILITY, POLICE, RUNNING, SATISFACTION = ROWS
#: Every row at full points (typed as a user would), 80 of the 90 indicator points … plus 场所运转持续性.
FULL = {SAVING: Typed(SAVING, 0.05, PCT), LIVING: Typed(LIVING, 40, GENERAL), MEDICAL: Typed(MEDICAL, 1, PCT),
        EDUCATION: Typed(EDUCATION, 120, GENERAL), ACCIDENTS: Typed(ACCIDENTS, 0, GENERAL),
        INTAKE: Typed(INTAKE, 1, PCT), STABILITY: Typed(STABILITY, "有效", TEXT),
        POLICE: Typed(POLICE, "有效", TEXT), RUNNING: Typed(RUNNING, 1, PCT),
        SATISFACTION: Typed(SATISFACTION, 0.95, PCT)}


def copy_with(name: str, *typed: Typed, executed: object = 6530.55, budget: object = "default",
              percent_targets: bool = False) -> Sheet:
    return Sheet(name, {**FULL, **{t.row: t for t in typed}}, executed=executed, budget=budget,
                 percent_targets=percent_targets)


def scored(sheet: Sheet, tmp_path):
    """(score command's TableScore, batch's UnitResult, the button's (rows, total)) for one copy."""
    path = write(sheet, tmp_path / f"{sheet.name}.xlsx", portable=False)
    result = score_workbook(path, tmp_path / f"{sheet.name}_评分.xlsx")[0].result
    unit = score_file(path, tmp_path).units[0]
    return result, unit, recalc_outcomes(path)


def line(unit, name):
    return next(li for li in unit.lines if li.name == name)


# LibreOffice: every copy of the portable template the named cases need, in one soffice run.
PORTABLE = {
    "rounding": copy_with("rounding", Typed(RUNNING, "99.99%", TEXT), executed=0),
    "tolerance": copy_with("tolerance", Typed(SATISFACTION, 0.8999999999, PCT)),
    "text_numbers": copy_with("text_numbers", Typed(SATISFACTION, "95%", TEXT), Typed(RUNNING, "９５％", TEXT),
                              Typed(LIVING, "38公斤", TEXT), Typed(ACCIDENTS, "0", TEXT),
                              Typed(STABILITY, " 有效 ", TEXT), Typed(POLICE, "有效。", TEXT), executed="6,000"),
    "amount_with_unit": copy_with("amount_with_unit", executed="5877.495万元"),
    "false": copy_with("false", Typed(ACCIDENTS, False, GENERAL)),
    "qualified": copy_with("qualified", Typed(STABILITY, "不太有效", TEXT), Typed(POLICE, "基本无效", TEXT)),
}


@pytest.fixture(scope="module")
def portable(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portable")
    files = [write(sheet, folder / f"{name}.xlsx", portable=True) for name, sheet in PORTABLE.items()]
    out = soffice_convert(files, "xlsx", tmp_path_factory.mktemp("portable_recalculated"))
    lay = layout()
    return lay, {name: openpyxl.load_workbook(path, data_only=True)[lay.sheet] for name, path in zip(PORTABLE, out)}


def test_cause01_a_bare_fraction_in_a_general_cell_is_read_as_a_percent_by_score(tmp_path):
    sheet = Sheet("general", {INTAKE: Typed(INTAKE, 0.99, GENERAL), MEDICAL: Typed(MEDICAL, 0.9, GENERAL),
                              SATISFACTION: Typed(SATISFACTION, 0.85, GENERAL), SAVING: Typed(SAVING, -0.1, GENERAL),
                              RUNNING: Typed(RUNNING, 1, GENERAL)})
    result = score_workbook(write(sheet, tmp_path / "g.xlsx", portable=False), tmp_path / "out.xlsx")[0].result
    assert result.rows[INTAKE].value == pytest.approx(4.95)
    assert result.rows[MEDICAL].value == pytest.approx(9.92, abs=0.005)
    assert result.rows[SATISFACTION].value == 8
    assert result.rows[SAVING].value == pytest.approx(18)
    assert result.rows[RUNNING].value == 10
    one = Sheet("one", {INTAKE: Typed(INTAKE, 1, GENERAL)})
    result = score_workbook(write(one, tmp_path / "one.xlsx", portable=False), tmp_path / "out1.xlsx")[0].result
    assert result.rows[INTAKE].value == 5


def test_cause02_targets_typed_95_percent_into_percent_cells(seed_cases, tmp_path):
    first = seed_cases["totals"]["scenarios"][0]
    typed = {n: Typed(n, float(v[:-1]) / 100, PCT) if isinstance(v, str) and v.endswith("%") else Typed(n, v, GENERAL)
             for n, v in first["actuals"].items()}
    sheet = Sheet("targets", typed, executed=first["executed"], percent_targets=True)
    result, unit, (_, button_total) = scored(sheet, tmp_path)
    assert (result.total, result.grade) == (89.87, "良")
    assert (unit.total, unit.grade) == (89.87, "良")
    assert button_total == (89.87, "良")


def test_cause03_a_percent_cell_over_150_percent(tmp_path):
    sheet = copy_with("over", Typed(RUNNING, 2.0, PCT))
    result, unit, _ = scored(sheet, tmp_path)
    assert result.rows[RUNNING].value == 10  # 200% seen as a %-cell
    assert line(unit, RUNNING).score == 10  # batch sees the format through the safety pass
    # the documented difference (docs/reading.md): a path that sees only the value 2 reads 2%
    ind = ROWS[RUNNING]
    assert score_rule_value(ind.rule_text, 2.0, ind.target, ind.remark, ind.op, ind.unit) == 0


def test_cause04_error_cells_are_errors_on_every_path(tmp_path):
    sheet = copy_with("errors", Typed(LIVING, ERROR, GENERAL))
    result, unit, (rows, total) = scored(sheet, tmp_path)
    assert result.rows[LIVING].status == INVALID and "错误值#N/A" in result.rows[LIVING].explanation
    assert line(unit, LIVING).status == INVALID and "错误值#N/A" in line(unit, LIVING).explanation
    assert rows[LIVING] == ("error",)  # the button writes #N/A, never an empty 得分
    assert total == ("未完成评分：1项", None)


def test_cause05_one_rounding_half_up_at_the_grade_boundary(portable):
    sheet = PORTABLE["rounding"]
    core = score_table(seed_table(), {n: t.value for n, t in sheet.typed.items()},
                       executed=0, percent_formats={n: t.fmt == PCT for n, t in sheet.typed.items()})
    assert core.rows[RUNNING].value == pytest.approx(9.995)
    assert (core.total, core.grade) == (90.0, "优")
    assert round_points(89.995) == 90.0 and grade(89.995) == "优" and round_points(89.994999) == 89.99
    lay, sheets = portable
    ws = sheets["rounding"]
    assert (ws[lay.total_cell].value, ws[lay.grade_cell].value) == (90, "优")


def test_cause06_a_unit_that_disagrees_is_an_error_in_the_addin_template(tmp_path):
    import formulas
    from formulas_udfs import register
    from perfeval_xl.workbooks.template import build_template

    register()
    workbook, lay = build_template()
    path = tmp_path / "addin.xlsx"
    workbook.save(path)
    model = formulas.ExcelModel().loads(str(path)).finish()
    prefix = f"'[{path.name}]{lay.sheet}'!"
    solution = model.calculate(inputs={prefix + lay.cell("actual", LIVING): "38次"})
    shown = solution[prefix + lay.cell("score", LIVING)].value[0, 0]
    assert str(shown).startswith("#错误：") and "不一致" in str(shown)
    assert score_deduct("38次", 38, 10, 1, "5%", "below", "公斤").startswith("#错误：")
    assert score_threshold("38次", 38, 10, ">=", "公斤").startswith("#错误：")
    assert score_deduct(37, 38, 10, 1, "5%", "below", "公斤") == 9.5


def test_cause07_text_in_a_percent_cell_is_text(tmp_path):
    sheet = copy_with("text", Typed(RUNNING, "95", TEXT))
    result, unit, (rows, _) = scored(sheet, tmp_path)
    assert result.rows[RUNNING].value == pytest.approx(7.5)
    assert line(unit, RUNNING).score == pytest.approx(7.5)
    assert rows[RUNNING] == ("n", pytest.approx(7.5))


def test_cause08_the_portable_template_reads_what_every_other_path_reads(portable):
    lay, sheets = portable
    ws = sheets["text_numbers"]
    score = lambda name: ws[lay.cell("score", name)].value  # noqa: E731
    assert score(SATISFACTION) == 10 and score(RUNNING) == pytest.approx(7.5)
    assert score(LIVING) == 10 and score(ACCIDENTS) == 5
    assert score(STABILITY) == 5 and score(POLICE) == 5
    assert ws[lay.execution_cell].value == pytest.approx(10 * 6000 / 6530.55)
    assert sheets["amount_with_unit"][lay.execution_cell].value == pytest.approx(9)
    # FALSE is not a number: a visible message, never 5 points
    false = sheets["false"][lay.cell("score", ACCIDENTS)].value
    assert isinstance(false, str) and false.startswith("#错误")
    assert sheets["false"][lay.total_cell].value == "未完成评分：1项"


def test_portable_template_uses_only_functions_every_spreadsheet_shares():
    from perfeval_xl.workbooks.template import build_template

    ws = build_template(portable=True)[0][layout().sheet]
    formulas_text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if str(c.value).startswith("="))
    for newer in ("LET(", "LAMBDA(", "XLOOKUP(", "TEXTBEFORE(", "TEXTAFTER(", "FILTER(", "SEQUENCE(", "IFS("):
        assert newer not in formulas_text, newer
    assert max(len(str(c.value)) for row in ws.iter_rows() for c in row) < 8192  # Excel's formula limit


def test_cause09_values_are_compared_at_the_same_precision_everywhere(portable):
    t = Typed(SATISFACTION, 0.8999999999, PCT)
    assert core_outcome(t) == ("n", 8.0)  # 89.99999999% is below the 90% line at 10 significant digits
    lay, sheets = portable
    assert sheets["tolerance"][lay.cell("score", SATISFACTION)].value == 8
    assert core_outcome(Typed(SATISFACTION, 0.9, PCT)) == ("n", 10.0)


def test_cause10_a_deduction_past_zero_scores_zero_with_only_the_notes_that_apply():
    ind = ROWS[INTAKE]
    args = (ind.target, ind.remark, ind.op, ind.unit)
    assert score_rule_value(ind.rule_text, "-1%", *args) == 0
    assert rule_of(ind).score("-1%").value == 0
    from perfeval_xl.core.parser import parse_rule

    parsed = parse_rule(ind.rule_text, op=ind.op, target=ind.target, unit=ind.unit, weight=ind.weight)
    assert parsed.score("-1%").value == 0
    full = parsed.score("100%")
    assert full.value == 5 and "需人工认定" not in full.explanation


def test_cause11_a_blank_budget_cell_is_unscored_everywhere(tmp_path):
    sheet = copy_with("blank_budget", budget=None)
    result, unit, (rows, total) = scored(sheet, tmp_path)
    assert result.total is None and EXECUTION_NAME in result.unscored
    assert "全年预算数" in result.execution.explanation
    assert unit.total is None and EXECUTION_NAME in unit.unscored
    assert total == ("未完成评分：1项", None)
    # a table with no 全年预算数 cell uses 资金总额, and says so
    core = score_table(seed_table(), {n: t.value for n, t in FULL.items()}, executed=5877.495,
                       percent_formats={n: t.fmt == PCT for n, t in FULL.items()})
    assert core.execution.value == pytest.approx(9) and "取资金总额" in core.execution.explanation


def test_cause12_negated_or_qualified_grade_words_are_never_the_plain_grade(portable):
    rule = rule_of(ROWS[STABILITY])
    for word in ("不太有效", "基本无效", "基本有效"):
        assert rule.score(word).status == REVIEW, word
        assert "需人工认定" in rule.score(word).explanation
        assert str(score_grade(word, "有效:5;一般:3;较差:0")).startswith("需人工认定"), word
    assert rule.score("基本达成").value == 3  # the README's synonym table maps it to 一般
    lay, sheets = portable
    for name in (STABILITY, POLICE):
        assert sheets["qualified"][lay.cell("score", name)].value == "需人工认定"


# -- issue 14: values read whole ------------------------------------------------------------------
@pytest.mark.parametrize("typed, unit, expected", [
    ("3.7万", "", 37000), ("3.7万人", "人", 37000), ("5877.495万元", "万元", 5877.495), ("95‰", "%", 9.5),
    ("6,530.55", "万元", 6530.55), ("120m²", "m²", 120), ("5.1‰", "‰", 5.1),
])
def test_item3_a_known_unit_after_a_number_is_scaled(typed, unit, expected):
    assert read_value(typed, unit=unit).number == pytest.approx(expected)


@pytest.mark.parametrize("typed, unit", [("95%%", "%"), ("37/38", "公斤"), ("1,00,0", ""), ("0x10", ""),
                                         ("=1+1", ""), ("3.7万次", "人")])
def test_item3_a_number_with_a_tail_that_is_no_unit_is_an_error_quoting_it(typed, unit):
    reading = read_value(typed, unit=unit)
    assert reading.status == INVALID and typed in reading.message


def test_item3_threshold_reads_3_7_wan_whole():
    assert score_threshold("3.7万", 30000, 5) == 5


def test_item3_perf_grade_of_a_formula_text_is_an_error():
    from perfeval_xl.core.functions import perf_grade

    assert perf_grade("=1+1").startswith("#错误：")


def _sheet_xml(rows_xml: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows_xml}</sheetData></worksheet>")


def _workbook_with_sheet(path, sheet_xml: str):
    """A real workbook (openpyxl's parts) whose first sheet's XML is replaced by ``sheet_xml``."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def test_item8_a_400_digit_integer_is_that_cells_error(tmp_path):
    assert read_value(10 ** 400).status == INVALID
    big = "9" * 400
    sheet = copy_with("big", Typed(LIVING, 38, GENERAL))
    path = write(sheet, tmp_path / "big.xlsx", portable=False)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    cell = layout().cell("actual", LIVING).encode()
    xml = parts["xl/worksheets/sheet1.xml"]
    start = xml.index(b'<c r="' + cell + b'"')
    end = xml.index(b"</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = xml[:start] + b'<c r="' + cell + b'" t="n"><v>' + big.encode() + \
        b"</v></c>" + xml[end:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    result = score_workbook(path, tmp_path / "out.xlsx")[0].result
    assert result.rows[LIVING].status == INVALID and "超出合理范围" in result.rows[LIVING].explanation
    unit = score_file(path, tmp_path).units[0]
    assert line(unit, LIVING).status == INVALID
    assert unit.total is None


def test_item8_cells_without_references_are_counted(tmp_path):
    row = "<row>" + "<c><v>1</v></c>" * 16_384 + "</row>"
    path = _workbook_with_sheet(tmp_path / "wide.xlsx", _sheet_xml(row.replace("<row>", '<row r="1048576">')))
    with pytest.raises(UnsafeWorkbookError, match="上限"):
        check_workbook(path)
    path = _workbook_with_sheet(tmp_path / "many.xlsx", _sheet_xml(("<row>" + "<c><v>1</v></c>" * 500 + "</row>") * 10_001))
    with pytest.raises(UnsafeWorkbookError, match="上限"):
        check_workbook(path)
    small = _workbook_with_sheet(tmp_path / "small.xlsx", _sheet_xml('<row><c t="e"><v>#N/A</v></c><c><v>2</v></c></row>'))
    facts = check_workbook(small).sheets
    assert list(facts.values())[0].cells == 2 and list(facts.values())[0].errors == {(0, 0): "#N/A"}


def test_the_safety_pass_tells_batch_which_cells_are_percent_formatted_and_which_hold_errors(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评"
    ws["B2"], ws["B2"].number_format = 0.95, "0.000%"  # a custom format (numFmt 164 …)
    ws["B3"], ws["B3"].number_format = 0.95, "0%"  # a built-in one (9)
    ws["B4"], ws["B4"].number_format = 0.95, '0.00"%"'  # a quoted % multiplies nothing
    ws["C2"] = "#DIV/0!"
    wb.save(tmp_path / "f.xlsx")
    facts = check_workbook(tmp_path / "f.xlsx").sheets["自评"]
    assert facts.percent == {(1, 1), (2, 1)}
    assert facts.errors == {(1, 2): "#DIV/0!"}
