"""One typed cell, one score: every path that scores a seed row gives the same result (issue 12).

Inputs (tests/differential.py): for each seed row at least 30 distinct (value stored, cell format)
pairs covering every boundary of its rule ± 0.01 and ± a hair, typed each way (95% into a %-cell, a
bare number in a General cell, a number stored raw in a %-cell, text, TRUE/FALSE, grade words with
noise, blank, an error cell), in filled copies of the seed table with 全年执行数, some with a blank
全年预算数 and some with targets typed "95%" into %-cells. Paths:

- core: ``Rule.score`` with the cell's format, and ``score_table`` for 预算执行率, total and grade;
- functions: SCORE_RULE on each cell and on each row's whole column: the registry in-process, the
  classic Windows add-in's xlwings function as COM calls it (2-D arguments, CVErr integers), and
  xlwings' Office.js call path (XLWINGS_ON_SERVER=true, in a child process);
- the add-in template (SCORE_* calls with the row's unit) computed by the ``formulas`` package;
- the portable template (plain formulas) recalculated by LibreOffice, all copies in ONE soffice run;
- ``perfeval-xl score`` (scored_copy.score_workbook) and ``perfeval-xl batch`` (batch.score_file) on the
  written copies;
- the one-click button (``recalculate``) on xlwings' remote engine, from each copy's stored values.

Every disagreement is printed with its input and each path's result, and any fails the test.
The one documented difference (docs/reading.md): a path that sees values but not formats (the
functions, Office.js, the add-in template's SCORE_* calls, the button on the remote engine) reads a
%-formatted cell beyond ±150% (or in a % row whose target is not above 1.5) as the bare number it
stores; it is asserted as such, not skipped.
Also one corpus rule of each rule kind the parser produces, in a table of its own, on the same paths.
The portable template shows a message (an error) where it cannot read a text (万 or ‰ after a number).
"""

from __future__ import annotations

import openpyxl
import pytest
from conftest import REPO, soffice_convert
from differential import (ERROR, GENERAL, PCT, TABLE, TEXT, Typed, core_outcome, core_sheet, corpus_inputs,
                          corpus_table, disagreements, of_cell, of_score, office_calls, office_outcome, office_value,
                          plain_sheets, recalc_outcomes, rule_args, same, seed_inputs, sheet_outcomes, sheets,
                          total_outcome, write)

from perfeval_xl.core.functions import score_rule_value
from perfeval_xl.core.totals import EXECUTION_NAME, rule_of

INPUTS = seed_inputs()
#: Paths that see a cell's value but not its number format.
FORMAT_BLIND = ("SCORE_RULE", "SCORE_RULE列", "经典加载项", "经典加载项列", "Office.js", "Office.js列", "加载项模板",
                "一键重新评分")
#: #N/A as pywin32 hands a CVErr value to classic xlwings (the Windows add-in).
COM_NA = -2146826246
TEMPLATES = ("加载项模板", "免加载项模板")
#: Texts the portable template's plain formulas cannot read: it shows a message instead of a number.
PORTABLE_MESSAGES = ("万", "‰")


def blind(t: Typed, table=TABLE) -> Typed:
    """What a format-blind path sees: a %-cell beyond ±150%, or in a row whose target is not above 1.5
    (预算调整率 ≤0%), is just the number it stores."""
    if t.fmt == PCT and isinstance(t.value, (int, float)) and not isinstance(t.value, bool):
        target = rule_of(table.indicator(t.row)).row_target
        if abs(t.value) > 1.5 or target is None or abs(target) <= 1.5:
            return Typed(t.row, t.value, GENERAL)
    return t


def portable_message(t: Typed) -> bool:
    return isinstance(t.value, str) and any(mark in t.value for mark in PORTABLE_MESSAGES)


CORPUS = corpus_table()
CORPUS_INPUTS = corpus_inputs(CORPUS)


@pytest.fixture(scope="module")
def copies(seed_cases):
    return sheets(INPUTS, seed_cases["totals"]["scenarios"])


@pytest.fixture(scope="module")
def corpus_copies():
    return plain_sheets(CORPUS_INPUTS, "corpus")


@pytest.fixture(scope="module")
def written(copies, corpus_copies, tmp_path_factory):
    """Each copy as the add-in template and as the portable template; all portable copies (seed and
    corpus) recalculated by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("copies")
    portable_dir = tmp_path_factory.mktemp("portable")
    addin, portable = {}, {}
    for table, group in ((TABLE, copies), (CORPUS, corpus_copies)):
        for s in group:
            addin[s.name] = write(s, folder / f"{s.name}.xlsx", portable=False, table=table)
            portable[s.name] = write(s, portable_dir / f"{s.name}.xlsx", portable=True, table=table)
    recalculated = soffice_convert(list(portable.values()), "xlsx", tmp_path_factory.mktemp("recalculated"))
    return addin, dict(zip(portable, recalculated))


def workbook_paths(group, table, written, out_dir) -> dict[str, dict[str, tuple]]:
    """Per copy: each workbook path's row outcomes (三级指标 and 预算执行率) and (total, grade)."""
    import formulas
    from formulas.tokens.operand import XlError
    from formulas_udfs import register

    from perfeval_xl.workbooks.batch import score_file
    from perfeval_xl.workbooks.scored_copy import score_workbook
    from perfeval_xl.workbooks.template import build_template

    addin, portable = written
    register()
    workbook, lay = build_template(table)
    model_path = out_dir / f"model_{table.unit_name or 'seed'}.xlsx"
    workbook.save(model_path)
    model = formulas.ExcelModel().loads(str(model_path)).finish()
    prefix = f"'[{model_path.name}]{lay.sheet}'!"
    results = {}
    for s in group:
        paths = {}
        core = core_sheet(s, table)
        paths["核心"] = ({**{n: of_score(v) for n, v in core.rows.items()},
                         EXECUTION_NAME: of_score(core.execution)}, total_outcome(core))
        scored = score_workbook(addin[s.name], out_dir / f"{s.name}.xlsx")[0].result
        paths["score命令"] = ({**{n: of_score(v) for n, v in scored.rows.items()},
                              EXECUTION_NAME: of_score(scored.execution)}, total_outcome(scored))
        unit = score_file(addin[s.name], addin[s.name].parent).units[0]
        batch_rows = {line.name: (("n", line.score) if line.score is not None else _status(line.status))
                      for line in unit.lines}
        batch_rows[EXECUTION_NAME] = ("n", unit.execution) if unit.execution is not None else ("unscored",)
        batch_total = ((round(unit.total, 2), unit.grade) if unit.total is not None else
                       (f"未完成评分：{len(unit.unscored)}项" if unit.unscored else "无总分", None))
        paths["batch命令"] = (batch_rows, batch_total)
        paths["一键重新评分"] = recalc_outcomes(addin[s.name], table)
        # the model's cells start as the template leaves them (empty actuals, the budget); a cell
        # emptied again is given as "" (the engine takes an EMPTY input for no input)
        inputs = {prefix + lay.cell("actual", name): XlError(ERROR) if t.value == ERROR else t.value
                  for name, t in s.typed.items() if t.value is not None}
        if s.executed is not None:
            inputs[prefix + lay.executed_cell] = XlError(ERROR) if s.executed == ERROR else s.executed
        if s.budget is None:
            inputs[prefix + lay.budget_cell] = ""
        solution = model.calculate(inputs=inputs)

        def value_of(ref, solution=solution):
            from schedula import EMPTY

            v = solution[prefix + ref].value[0, 0]
            return None if v is EMPTY else str(v) if isinstance(v, XlError) else v

        paths["加载项模板"] = sheet_outcomes(value_of, lay)
        ws = openpyxl.load_workbook(portable[s.name], data_only=True)[lay.sheet]
        paths["免加载项模板"] = sheet_outcomes(lambda ref: ws[ref].value, lay)
        results[s.name] = paths
    return results


@pytest.fixture(scope="module")
def sheet_paths(copies, written, tmp_path_factory):
    return workbook_paths(copies, TABLE, written, tmp_path_factory.mktemp("scored"))


@pytest.fixture(scope="module")
def corpus_sheet_paths(corpus_copies, written, tmp_path_factory):
    return workbook_paths(corpus_copies, CORPUS, written, tmp_path_factory.mktemp("corpus_scored"))


def _status(status: str) -> tuple:
    return {"blank": ("blank",), "invalid": ("error",), "review": ("review",), "not_applicable": ("na",)}[status]


def function_outcomes(inputs: dict[str, list[Typed]], table) -> dict[str, dict[Typed, tuple]]:
    """Per input: SCORE_RULE single and by column, in-process (the registry, and the classic Windows
    add-in's xlwings function as COM calls it: 2-D arguments, CVErr integers) and through Office.js."""
    import perfeval_xl.excel.udfs as udfs

    singles, columns, classic, classic_columns, jobs = {}, {}, {}, {}, []
    com = lambda v: COM_NA if v == ERROR else v  # noqa: E731
    for name, typed in inputs.items():
        ind = table.indicator(name)
        args = rule_args(name, table)
        for t in typed:
            singles[t] = of_cell(score_rule_value(ind.rule_text, t.value, *args))
            classic[t] = of_cell(udfs.SCORE_RULE([[ind.rule_text]], [[com(t.value)]], *[[[a]] for a in args]))
        column = score_rule_value(ind.rule_text, [[t.value] for t in typed], *args)
        for t, [result] in zip(typed, column):
            columns[t] = of_cell(result)
        column = udfs.SCORE_RULE([[ind.rule_text]], [[com(t.value)] for t in typed], *[[[a]] for a in args])
        for t, [result] in zip(typed, column):
            classic_columns[t] = of_cell(result)
        jobs.append({"func_name": "SCORE_RULE", "args": [[[ind.rule_text]], [[office_value(t.value)] for t in typed]]
                     + [[[a]] for a in args]})
        jobs += [{"func_name": "SCORE_RULE", "args": [[[ind.rule_text]], [[office_value(t.value)]]]
                  + [[[a]] for a in args]} for t in typed]
    results = iter(office_calls(jobs, REPO))
    office, office_columns = {}, {}
    for name, typed in inputs.items():
        column = next(results)
        values = [[None]] * len(typed) if "error" in column else column["value"]
        for t, [value] in zip(typed, values):
            office_columns[t] = of_cell(value) if "error" not in column else ("error",)
        for t in typed:
            office[t] = office_outcome(next(results))
    return {"SCORE_RULE": singles, "SCORE_RULE列": columns, "经典加载项": classic, "经典加载项列": classic_columns,
            "Office.js": office, "Office.js列": office_columns}


@pytest.fixture(scope="module")
def function_paths():
    return function_outcomes(INPUTS, TABLE)


def test_at_least_400_distinct_seed_row_inputs():
    counts = {name: len(set(typed)) for name, typed in INPUTS.items()}
    assert min(counts.values()) >= 30, counts
    assert sum(counts.values()) >= 400, counts
    ways = {t.fmt for typed in INPUTS.values() for t in typed}
    assert ways == {PCT, GENERAL, TEXT}
    values = [t.value for typed in INPUTS.values() for t in typed]
    assert True in values and False in values and None in values and ERROR in values


def compare_all(inputs, table, group, workbook_results, function_results, review_rows=(),
                engine_rows=()) -> list[str]:
    """Every disagreement between paths, per input, per copy row, 预算执行率, total and grade.

    ``review_rows``: rows the templates cannot write as a formula (they show 需人工认定 until a person
    fills 人工认定得分), left out of the template paths' comparison. ``engine_rows``: % rows whose add-in
    template formula is the plain form, which asks CELL("format"), a function the ``formulas`` engine
    does not implement: LibreOffice computes the same formula in the portable template.
    """
    found = []
    for t in (t for typed in inputs.values() for t in typed):
        results = {"核心": core_outcome(t, table)}
        for path, outcomes in function_results.items():
            results[path] = outcomes[t]
        expected_blind = core_outcome(blind(t, table), table)
        if blind(t, table) != t:  # the documented difference: asserted as the reading of the bare number
            for path in function_results:
                if not same(results.pop(path), expected_blind):
                    found.append(f"{t}: {path} 未按“看不到格式时的读法”读作{expected_blind}")
        problem = disagreements(str(t), results)
        if problem:
            found.append(str(problem))
    for s in group:
        paths = workbook_results[s.name]
        for name in list(s.typed) + [EXECUTION_NAME]:
            t = s.typed.get(name)
            results = {}
            for path, (rows, _) in paths.items():
                if t is not None and path in FORMAT_BLIND and blind(t, table) != t:
                    continue  # asserted above against the bare number's reading
                if (name in review_rows and path in TEMPLATES) or (name in engine_rows and path == "加载项模板"):
                    continue
                if t is not None and path == "免加载项模板" and portable_message(t):
                    if rows[name][0] != "error":
                        found.append(f"{s.name} {t}: 免加载项模板应显示提示，实际{rows[name]}")
                    continue
                results[path] = rows[name]
            compare = _loose if results.get("batch命令") == ("unscored",) else same
            what = f"{s.name} {t if t is not None else EXECUTION_NAME + '：全年执行数' + repr(s.executed)}"
            problem = disagreements(what, results, compare)
            if problem:
                found.append(str(problem))
        totals = {path: total for path, (_, total) in paths.items()}
        if any(blind(t, table) != t for t in s.typed.values()):
            totals = {path: total for path, total in totals.items() if path not in FORMAT_BLIND}
        if any(portable_message(t) for t in s.typed.values()):
            totals.pop("免加载项模板")
        if review_rows:
            totals = {path: total for path, total in totals.items() if path not in TEMPLATES}
        if engine_rows:
            totals.pop("加载项模板", None)
        problem = disagreements(f"{s.name} 总分和等级", totals, lambda a, b: a == b)
        if problem:
            found.append(str(problem))
    return found


def report(title: str, found: list[str], capsys) -> None:
    with capsys.disabled():
        print(f"\n{title}：{len(found)}处不一致")
        for line in found:
            print(line)
    assert not found, f"{len(found)} disagreements (printed above)"


def test_every_input_scores_the_same_on_every_path(copies, sheet_paths, function_paths, capsys):
    """Per input, per copy row, 预算执行率, total and grade: all paths agree; all disagreements printed."""
    found = compare_all(INPUTS, TABLE, copies, sheet_paths, function_paths)
    report(f"差异测试（示范表）：{sum(map(len, INPUTS.values()))}个输入，{len(copies)}份工作簿", found, capsys)


def test_one_corpus_rule_of_each_kind_scores_the_same_on_every_path(corpus_copies, corpus_sheet_paths, capsys):
    from perfeval_xl.workbooks.template import build_template

    kinds = {rule_of(ind).kind for ind in CORPUS.indicators}
    assert kinds >= {"threshold", "deduct", "banded", "qualitative", "ratio", "slope", "exempt", "manual", "gated",
                     "discretionary"}
    from perfeval_xl.core.native import udf_call
    from perfeval_xl.core.values import is_percent_unit

    review_rows = build_template(CORPUS)[1].review
    engine_rows = [ind.name for ind in CORPUS.indicators
                   if is_percent_unit(rule_of(ind).unit) and udf_call(rule_of(ind), "A1") is None]
    found = compare_all(CORPUS_INPUTS, CORPUS, corpus_copies, corpus_sheet_paths,
                        function_outcomes(CORPUS_INPUTS, CORPUS), review_rows, engine_rows)
    report(f"差异测试（语料每种规则一条）：{sum(map(len, CORPUS_INPUTS.values()))}个输入，"
           f"{len(corpus_copies)}份工作簿", found, capsys)


def _loose(a: tuple, b: tuple) -> bool:
    """batch's 指标明细 keeps no status for 预算执行率: only number or none."""
    if "unscored" in (a[0], b[0]):
        return (a[0] == "n") == (b[0] == "n")
    return same(a, b)


def test_acceptance_totals_on_every_path_also_with_targets_typed_as_percent(seed_cases, sheet_paths):
    """The acceptance file's three totals scenarios: the same total and grade on every path, with the
    targets as published and with targets typed "95%" into %-formatted 指标值 cells."""
    for i, scenario in enumerate(seed_cases["totals"]["scenarios"]):
        expected = ((scenario["total"], scenario["grade"]) if scenario["total"] is not None
                    else (f"未完成评分：{len(scenario['unscored'])}项", None))
        for name in (f"scenario{i}", f"scenario{i}_pct_targets"):
            for path, (_, total) in sheet_paths[name].items():
                assert total == expected, (name, path, total)


def test_a_percent_cell_beyond_150_percent_is_the_one_documented_difference(function_paths):
    """场所运转持续性 with 200% in a %-cell: paths that see formats read 200% (10 points); paths that see
    only the value 2 (Office.js, the functions) read it as 2%, the documented no-format reading (0)."""
    t = Typed("场所运转持续性", 2.0, PCT)
    assert core_outcome(t) == ("n", 10.0)
    for path in ("SCORE_RULE", "Office.js"):
        assert function_paths[path][t] == ("n", 0.0), path
