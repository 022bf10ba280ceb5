"""Issue 14, item by item: each numbered finding of the hostile-input review has a test named after it.

Expected values come from the acceptance file (seed_cases.json) or are worked out by hand in the
comments; the commands run through ``perfeval_xl.cli.main.main`` (exit code and stderr as a user sees
them) or in a subprocess where the process's own state (working folder, umask, memory) matters.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from hostile_inputs import hang_guard
from layouts import CASES
from perfeval_xl.cli.main import main
from perfeval_xl.core.seed import seed_table
from cli_runs import records, unit
from unit_workbooks import write_unit_workbook

SCENARIOS = CASES["totals"]["scenarios"]
BONUS_TEXT = "达到目标得8分，每超过1%加0.5分，最高10分"
TEMP_GLOB = ".~perfeval-*"




def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes: a later listing equal to it means nothing was written."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- 1. blank is never a value ---------------------------------------------------------------------
@pytest.mark.parametrize("blank", ["", " ", "\u3000", "\t", None])
def test_item1_blank_is_never_a_value(blank):
    from perfeval_xl.core.parser import parse_rule

    rule = parse_rule(BONUS_TEXT, op="≥", target=95, unit="%", weight=10)
    score = rule.score(blank)
    assert score.value is None and score.status == "blank", score
    assert rule.score("达到目标").value == 8  # the case the text names still scores when typed


@pytest.mark.parametrize("blank", ["", " ", "\u3000"])
def test_item1_score_rule_returns_blank_for_a_blank(blank):
    from perfeval_xl.core.functions import explain_rule, score_rule_value

    assert score_rule_value(BONUS_TEXT, blank, 95, 10, "≥", "%") == ""
    assert explain_rule(BONUS_TEXT, blank, 95, 10, "≥", "%") == ""
    # a column of eight or more goes through the vectorised path: blanks stay blank there too
    column = [[blank]] * 4 + [[96]] * 4
    assert score_rule_value(BONUS_TEXT, column, 95, 10, "≥", "%") == [[""]] * 4 + [[8.5]] * 4


def test_item1_batch_counts_a_blank_row_unscored(tmp_path):
    """batch reads an empty cell as "" (calamine): the row with the bonus text and no actual is unscored,
    the unit gets no total and no rank, as the score command says for the same file."""
    folder = tmp_path / "units"
    folder.mkdir()
    actuals = dict(SCENARIOS[0]["actuals"])
    actuals.pop("所在区域群众满意度")
    table = unit("042001", "甲单位", 所在区域群众满意度={"rule_text": BONUS_TEXT, "rule": None})
    write_unit_workbook(folder / "甲.xlsx", table, actuals, executed=SCENARIOS[0]["executed"])
    out = tmp_path / "汇总.xlsx"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1"]) == 0
    (row,) = records(out, "汇总")
    assert row["总分"] is None and row["排名"] is None and row["等级"] == "未评定"
    assert row["未评分项数"] == 1
    detail = {d["三级指标"]: d for d in records(out, "指标明细")}["所在区域群众满意度"]
    assert detail["得分"] is None and "未填写" in detail["得分说明"]


# -- 2. batch -o never replaces an input; the summary is recognised ---------------------------------
def test_item2_batch_refuses_an_output_that_is_an_input(tmp_path, capsys):
    folder = tmp_path / "units"
    folder.mkdir()
    for i in (1, 2, 3):
        write_unit_workbook(folder / f"单位0{i}.xlsx", unit(f"04200{i}", f"单位{i}"), SCENARIOS[0]["actuals"],
                            executed=SCENARIOS[0]["executed"])
    before = listing(folder)
    assert main(["batch", str(folder), "-o", str(folder / "单位03.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "单位03.xlsx" in err and "本次要读取的文件" in err
    assert listing(folder) == before


def test_item2_a_summary_inside_the_folder_is_not_read_as_a_unit(tmp_path, capsys):
    folder = tmp_path / "units"
    folder.mkdir()
    write_unit_workbook(folder / "单位01.xlsx", unit("042001", "单位1"), SCENARIOS[0]["actuals"],
                        executed=SCENARIOS[0]["executed"])
    out = folder / "汇总.xlsx"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1"]) == 0
    assert "已替换" not in capsys.readouterr().out
    # again, with the same name (replaced, and said so) and with a new name (the old summary skipped)
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1"]) == 0
    said = capsys.readouterr().out
    assert "共 1 个文件" in said and "已替换原有的同名文件" in said
    assert main(["batch", str(folder), "-o", str(folder / "汇总2.xlsx"), "--jobs", "1"]) == 0
    said = capsys.readouterr().out
    assert "共 1 个文件" in said and "已跳过本程序此前写出的汇总表：汇总.xlsx" in said
    assert [r["文件"] for r in records(folder / "汇总2.xlsx", "汇总")] == ["单位01.xlsx"]
    assert not list(folder.glob(TEMP_GLOB))


def test_item2_a_leftover_temporary_file_is_not_read_as_a_unit(tmp_path, capsys):
    """A run killed while writing (no handler runs on SIGKILL) may leave its temporary file behind."""
    folder = tmp_path / "units"
    folder.mkdir()
    write_unit_workbook(folder / "单位01.xlsx", unit("042001", "单位1"), SCENARIOS[0]["actuals"],
                        executed=SCENARIOS[0]["executed"])
    (folder / ".~perfeval-k3j2.xlsx").write_bytes((folder / "单位01.xlsx").read_bytes())
    assert main(["batch", str(folder), "-o", str(tmp_path / "汇总.xlsx"), "--jobs", "1"]) == 0
    assert "共 1 个文件" in capsys.readouterr().out


def test_item2_score_replaces_an_existing_output_and_says_so(tmp_path, capsys):
    source = write_unit_workbook(tmp_path / "单位.xlsx", unit("042001", "单位1"), SCENARIOS[0]["actuals"],
                                 executed=SCENARIOS[0]["executed"])
    out = tmp_path / "评分.xlsx"
    out.write_bytes(b"old")
    assert main(["score", str(source), "-o", str(out)]) == 0
    assert "已替换原有的同名文件" in capsys.readouterr().out
    assert out.read_bytes()[:2] == b"PK"


# -- 4. a run with nothing to score still writes its summary -----------------------------------------
def test_item4_batch_with_no_scorable_file_writes_the_problem_list(tmp_path, capsys):
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "名单.xlsx").write_text("单位名称,总分\n某单位,95\n", encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1"]) == 0
    assert "1 个文件无法评分" in capsys.readouterr().out
    assert records(out, "汇总") == []
    (problem,) = records(out, "问题清单")
    assert problem["文件"] == "名单.xlsx" and problem["问题"]
    from openpyxl import load_workbook

    assert load_workbook(out)["图表"]._charts == []  # no empty chart


# -- 5. output-path mistakes: one Chinese line, exit 2, nothing half-written ---------------------------
def _source(tmp_path: Path) -> Path:
    return write_unit_workbook(tmp_path / "单位.xlsx", unit("042001", "单位1"), SCENARIOS[0]["actuals"],
                               executed=SCENARIOS[0]["executed"])


OUTPUT_MISTAKES = {
    # name: (how the output path is made from tmp_path, words the message must hold)
    "existing folder": (lambda d: d / "已有文件夹", "是一个文件夹"),
    "below a file": (lambda d: d / "单位.xlsx" / "结果.xlsx", "是一个文件而不是文件夹"),
    "missing folder": (lambda d: d / "没有这个文件夹" / "结果.xlsx", "不存在"),
    "name over 255 bytes": (lambda d: d / ("很长" * 50 + ".xlsx"), "文件名过长"),
}


@pytest.mark.parametrize("command", ["score", "batch", "template", "selfcheck", "demo"])
@pytest.mark.parametrize("mistake", sorted(OUTPUT_MISTAKES))
def test_item5_output_path_mistakes_get_one_chinese_line(tmp_path, capsys, command, mistake):
    source = _source(tmp_path)
    (tmp_path / "已有文件夹").mkdir()
    make, words = OUTPUT_MISTAKES[mistake]
    output = make(tmp_path)
    args = {"score": ["score", str(source)], "batch": ["batch", str(tmp_path)], "template": ["template"],
            "selfcheck": ["selfcheck"], "demo": ["demo"]}[command]
    before = listing(tmp_path)
    assert main([*args, "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err and err.count("\n") == 1, err
    assert "内部错误" not in err
    assert listing(tmp_path) == before


needs_sysfs = pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="needs Linux sysfs (unwritable even for root)")


@needs_sysfs
@pytest.mark.parametrize("command", ["score", "batch", "template", "selfcheck", "demo"])
def test_item5_an_unwritable_folder_is_a_permission_message(tmp_path, capsys, command):
    """/sys refuses new files even to root (CI runs as root, where a read-only folder is writable)."""
    source = _source(tmp_path)
    args = {"score": ["score", str(source)], "batch": ["batch", str(tmp_path)], "template": ["template"],
            "selfcheck": ["selfcheck"], "demo": ["demo"]}[command]
    assert main([*args, "-o", "/sys/kernel/结果.xlsx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "没有在“/sys/kernel”中写文件的权限" in err and err.count("\n") == 1, err


@needs_sysfs
def test_item5_demo_in_an_unwritable_working_folder(tmp_path):
    done = subprocess.run([sys.executable, "-m", "perfeval_xl", "demo"], cwd="/sys/kernel", capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("错误：") and "写文件的权限" in done.stderr and "Traceback" not in done.stderr


# -- 6. impossible tables are reported, not graded ---------------------------------------------------
def _scored(table):
    from perfeval_xl.core.totals import score_table

    return score_table(table, SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])


def test_item6_weights_over_100_are_not_graded(tmp_path, capsys):
    # 成本节约率 20 → 70 points: 140 + 10 (预算执行率) = 150 points in all.
    table = unit("042001", "甲单位", 成本节约率={"weight": 70, "rule": None, "remark": "70分"})
    result = _scored(table)
    assert result.total is None and result.grade is None
    assert "各指标分值合计150分（含预算执行率），超过100分" in result.summary
    from perfeval_xl.core.lint import lint_table

    assert any(f.code == "weights_total" and "超过100分" in f.message for f in lint_table(table))
    # the same table through batch and score: no total, the reason in each output
    folder = tmp_path / "units"
    folder.mkdir()
    source = write_unit_workbook(folder / "甲.xlsx", table, SCENARIOS[0]["actuals"],
                                 executed=SCENARIOS[0]["executed"])
    assert main(["batch", str(folder), "-o", str(tmp_path / "汇总.xlsx"), "--jobs", "1"]) == 0
    (row,) = records(tmp_path / "汇总.xlsx", "汇总")
    assert row["总分"] is None and row["等级"] == "未评定"
    assert any("超过100分" in p["问题"] for p in records(tmp_path / "汇总.xlsx", "问题清单"))
    assert main(["score", str(source), "-o", str(tmp_path / "评分.xlsx")]) == 0
    assert "超过100分" in capsys.readouterr().out


def test_item6_a_negative_weight_is_not_scored(tmp_path):
    table = unit("042001", "甲单位", 保障隔离戒毒人员基本生活={"weight": -10, "rule": None})
    result = _scored(table)
    row = result.rows["保障隔离戒毒人员基本生活"]
    assert row.value is None and "分值为负数" in row.explanation
    assert result.total is None and "保障隔离戒毒人员基本生活" in result.summary
    from perfeval_xl.core.lint import lint_table

    assert any(f.code == "negative_weight" for f in lint_table(table))


def test_item6_weights_under_100_are_scored_and_linted():
    # 成本节约率 20 → 10: 90 points in all; scenario 1 scores 成本节约率 full (0% ≥ 0), 10 instead of 20.
    table = unit("042001", "甲单位", 成本节约率={"weight": 10, "rule": None})
    result = _scored(table)
    assert result.total == pytest.approx(SCENARIOS[0]["total"] - 10, abs=0.01)
    from perfeval_xl.core.lint import lint_table

    assert any(f.code == "weights_total" for f in lint_table(table))


# -- 8. hostile texts are refused quickly ------------------------------------------------------------
def test_item8_a_long_rule_text_is_refused_before_normalising():
    from perfeval_xl.core.errors import ParseError
    from perfeval_xl.core.parser import clear_cache, parse_rule

    clear_cache()
    with hang_guard(20), pytest.raises(ParseError, match="评分标准过长（24000字）"):
        parse_rule("九" * 24000)


# -- 9. written files follow the umask ---------------------------------------------------------------
@pytest.mark.parametrize("command", ["score", "batch", "template", "selfcheck"])
def test_item9_written_files_follow_the_umask(tmp_path, command):
    source = _source(tmp_path)
    out = tmp_path / "out" / "结果.xlsx"
    out.parent.mkdir()
    args = {"score": ["score", str(source)], "batch": ["batch", str(tmp_path), "--jobs", "1"],
            "template": ["template"], "selfcheck": ["selfcheck"]}[command]
    previous = os.umask(0o002)
    try:
        assert main([*args, "-o", str(out)]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o664  # 0o666 less the umask, as any new file


# -- 8. a reader crash is that file's problem; large files are read in a separate process -------------
def _mixed_with(tmp_path: Path, make) -> Path:
    folder = tmp_path / "units"
    folder.mkdir()
    for i in (1, 2, 3):
        write_unit_workbook(folder / f"单位0{i}.xlsx", unit(f"04200{i}", f"单位{i}"), SCENARIOS[0]["actuals"],
                            executed=SCENARIOS[0]["executed"])
    make(folder, folder / "单位01.xlsx")
    return folder


def test_item8_a_reader_crash_in_batch_is_that_files_problem(tmp_path):
    import hostile_files as hostile

    folder = _mixed_with(tmp_path, lambda d, good: hostile.whole_grid_row(d / "整张表.xlsx", good))
    out = tmp_path / "汇总.xlsx"
    done = subprocess.run([sys.executable, "-m", "perfeval_xl", "batch", str(folder), "-o", str(out), "--jobs", "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    units = {r["文件"]: r for r in records(out, "汇总")}
    assert [units[f"单位0{i}.xlsx"]["总分"] for i in (1, 2, 3)] == [pytest.approx(SCENARIOS[0]["total"], abs=0.005)] * 3
    problems = {p["文件"]: p["问题"] for p in records(out, "问题清单")}
    assert "整张表.xlsx" in problems and problems["整张表.xlsx"]
    assert not list(folder.glob(TEMP_GLOB)) and not list(tmp_path.glob(TEMP_GLOB))


CHILD_PEAK = """
import json, resource, sys
from perfeval_xl.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "child_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), file=sys.stderr)
"""


def _with_children(*args) -> dict:
    """Run the CLI in a subprocess; its exit code and the peak memory of the processes it started (0: none)."""
    done = subprocess.run([sys.executable, "-c", CHILD_PEAK, *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_item8_a_large_file_is_scored_in_a_separate_process(tmp_path):
    import hostile_files as hostile
    from perfeval_xl.workbooks.isolated import ISOLATE_BYTES

    folder = _mixed_with(tmp_path, lambda d, good: hostile.padded(d / "大文件.xlsx", good, ISOLATE_BYTES + 1))
    big, small = folder / "大文件.xlsx", folder / "单位02.xlsx"
    assert _with_children("score", str(small), "-o", str(tmp_path / "小.xlsx")) == {"code": 0, "child_kb": 0}
    run = _with_children("score", str(big), "-o", str(tmp_path / "大.xlsx"))
    assert run["code"] == 0 and run["child_kb"] > 0
    out = tmp_path / "汇总.xlsx"
    run = _with_children("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert run["code"] == 0 and run["child_kb"] > 0
    units = {r["文件"]: r for r in records(out, "汇总")}
    assert units["大文件.xlsx"]["总分"] == pytest.approx(SCENARIOS[0]["total"], abs=0.005)
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "大.xlsx", read_only=True)["评分结果"] is not None


# -- 10. smaller ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("grade_map", "words"), [("有效:5;:3;较差:0", "缺少等级名称"),
                                                  ("有效:5;有效:3;较差:0", "出现了两次")])
def test_item10_a_grade_map_with_an_empty_or_duplicate_label_is_refused(grade_map, words):
    from perfeval_xl.core.functions import FunctionError, score_grade

    with pytest.raises(FunctionError, match=words):
        score_grade("有效", grade_map)


@pytest.mark.parametrize("target", [-1, 0, -0.5])
def test_item10_score_linear_refuses_a_target_that_is_not_positive(target):
    from perfeval_xl.core.functions import FunctionError, score_linear

    with pytest.raises(FunctionError, match="目标值须大于0"):
        score_linear(0.9, 0.6, 0.95, 10, target)


@pytest.mark.parametrize("deduct", ["5%%", "5‰", "5%x", "百分之五"])
def test_item10_score_deduct_refuses_a_deduction_it_cannot_read_whole(deduct):
    from perfeval_xl.core.functions import FunctionError, score_deduct

    with pytest.raises(FunctionError, match="每档扣分"):
        score_deduct(37, 38, 10, 1, deduct)
    # 37 is 1 below 38: 5% of 10 points is 0.5 deducted, 0.5 points are 0.5 deducted
    assert score_deduct(37, 38, 10, 1, "5%") == score_deduct(37, 38, 10, 1, "0.5") == 9.5


def test_item10_a_special_case_with_no_words_is_refused():
    from perfeval_xl.core.rules import Threshold
    from perfeval_xl.core.rules.exempt import Case, Exempt

    rule = Threshold(op="≥", target=95, weight=10)
    with pytest.raises(ValueError, match="特殊情形没有文字"):
        Exempt(rule=rule, cases=(Case(" \u3000 ", 10.0),), weight=10)


def test_item10_an_uncapped_bonus_says_so_and_is_linted():
    from perfeval_xl.core.lint import lint_row
    from perfeval_xl.core.rules.slope import Slope

    # 8 at 95%, 0.5 per point above: 99% is 8 + 4 × 0.5 = 10; 103% is 12, above the row's 10 points
    rule = Slope(weight=10, unit="%", line=95, base=8, up=0.5)
    score = rule.score(103)
    assert score.value == 12 and "评分标准未规定加分上限" in score.explanation
    row = dataclasses.replace(seed_table().indicator("所在区域群众满意度"), rule=None,
                              rule_text="达到目标得8分，每超过1%加0.5分")
    assert "uncapped_bonus" in {f.code for f in lint_row(row)}


def test_item10_recalc_never_writes_past_column_xfd():
    from layouts import published_rows
    from perfeval_xl.excel.recalc import recalculate
    from remote_book import payload, remote_book, sheet, written_cells

    rows = published_rows(actuals=SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])
    width = max(len(r) for r in rows)
    wide = [[None] * (16_384 - width) + list(r) + [None] * (width - len(r)) for r in rows]  # the table ends at XFD
    book = remote_book(payload([sheet("表", wide)]))
    result = recalculate(book)
    cells = written_cells(book.json()["actions"])
    assert all(c < 16_384 for _, c in cells)
    assert "最后一列（XFD）" in result.summary


def test_item10_template_table_json_with_null_weight_is_a_chinese_error(tmp_path, capsys):
    import json

    from layouts import SEED

    data = json.loads(json.dumps(SEED))
    data["indicators"][0]["target"] = None
    data["indicators"][1]["weight"] = None
    source = tmp_path / "表.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["template", "--table", str(source), "-o", str(tmp_path / "模板.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "保障隔离戒毒人员基本生活" in err and "分值" in err
    assert not (tmp_path / "模板.xlsx").exists()


def test_item10_user_formulas_in_the_score_column_are_kept(tmp_path):
    from openpyxl import load_workbook

    source = write_unit_workbook(tmp_path / "单位.xlsx", unit("042001", "甲单位"), SCENARIOS[0]["actuals"],
                                 executed=SCENARIOS[0]["executed"])
    wb = load_workbook(source)
    ws = wb.active
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "三级指标")
    score_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "得分")
    rows = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 3).value]
    for r in rows:
        ws.cell(r, score_col).value = f"=I{r}*0+1"
    wb.save(source)
    out = tmp_path / "评分.xlsx"
    assert main(["score", str(source), "-o", str(out)]) == 0
    ws = load_workbook(out).active
    assert [ws.cell(r, score_col).value for r in rows] == [f"=I{r}*0+1" for r in rows]
    review = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "复核得分")
    scores = {ws.cell(r, 3).value: ws.cell(r, review).value for r in rows}
    assert scores["保障隔离戒毒人员基本生活"] == pytest.approx(9.5)  # 37 公斤: 1 below 38, 0.5 deducted
    assert all(isinstance(v, (int, float)) for v in scores.values())


# -- 7. two tables side by side on one header row ----------------------------------------------------
def _side_by_side():
    from layouts import published_rows

    rows = published_rows(actuals=SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])
    header = next(i for i, row in enumerate(rows) if row[:3] == ["一级指标", "二级指标", "三级指标"])
    last = max(i for i, row in enumerate(rows) if i > header and len(row) > 7 and row[7])
    width = max(len(r) for r in rows)
    return [list(r) + [None] * (width - len(r) + 1) + (list(rows[i]) if header <= i <= last else [])
            for i, r in enumerate(rows)]  # the same table again from column L, one blank column between


def test_item7_a_second_table_beside_the_first_is_reported_in_every_output(tmp_path, capsys):
    from openpyxl import Workbook

    from perfeval_xl.core.finder import find_tables
    from perfeval_xl.excel.recalc import recalculate
    from remote_book import payload, remote_book, sheet

    grid = _side_by_side()
    (found,) = find_tables(grid)
    assert "右侧（第N列为三级指标）还有一张指标表，未评分" in found.beside  # 三级指标 is the third column: L, M, N
    assert found.beside in found.scored()[1].notes
    result = recalculate(remote_book(payload([sheet("表", grid)])))
    assert "已评分10项" in result.summary and "还有一张指标表，未评分" in result.summary
    wb = Workbook()
    for row in grid:
        wb.active.append(row)
    wb.save(tmp_path / "两表.xlsx")
    assert main(["score", str(tmp_path / "两表.xlsx"), "-o", str(tmp_path / "评分.xlsx")]) == 0
    assert "还有一张指标表，未评分" in capsys.readouterr().out
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "汇总.xlsx"), "--jobs", "1"]) == 0
    (row,) = [r for r in records(tmp_path / "汇总.xlsx", "汇总") if r["文件"] == "两表.xlsx"]
    assert "还有一张指标表，未评分" in row["说明"]


@pytest.mark.parametrize(("changes", "words"), [({"weight": 70, "rule": None}, "各指标分值合计150分（含预算执行率），超过100分"),
                                                ({"weight": -10, "rule": None}, "分值为负数")])
def test_item6_the_template_shows_why_there_is_no_total(tmp_path, changes, words):
    from openpyxl import load_workbook

    from perfeval_xl.workbooks.template import write_template

    table = unit("042001", "甲单位", 成本节约率=changes)
    for portable in (False, True):
        path = tmp_path / f"模板{portable}.xlsx"
        write_template(path, table, portable=portable)
        ws = load_workbook(path).active
        totals = [c.value for row in ws.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.startswith('="未完成评分："&(') and c.value.endswith('+1)&"项"')]
        notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and words in c.value]
        assert len(totals) == 1 and notes and notes[0].startswith("未完成评分：")
