"""End to end (issue 14, "Done when"): ``perfeval-xl batch`` over a folder that mixes good units with the
hostile files a bureau really receives, with ``-o`` a new file inside that folder.

Every good unit is scored (acceptance totals from seed_cases.json), every bad file is listed with a
reason, no input changes, no temporary file is left, the exit code is 0 and the peak memory of the run
stays under 500 MB; a second run does not read the summary as a unit; ``-o`` naming a unit is refused
with exit code 2 and nothing written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_files as hostile
from conftest import REPO
from layouts import CASES
from cli_runs import MEASURE, hashes, records, unit
from unit_workbooks import write_unit_workbook, write_unit_xls

SCENARIOS = CASES["totals"]["scenarios"]
MEMORY_LIMIT_MB = 500
GOOD = {"01_良.xlsx": SCENARIOS[0], "02_优.xls": SCENARIOS[1], "子文件夹/03_良.xlsx": SCENARIOS[0]}
BAD = ("坏压缩包.xlsx", "不是工作簿.xlsx", "空工作簿.xlsx", "加密.xlsx", "实体.xlsm", "压缩炸弹.xlsx",
       "整张表.xlsx", "整行.xlsx", "会议纪要.xlsx")


def batch(folder: Path, output: Path, jobs: int = 2) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run([sys.executable, "-c", MEASURE, "batch", str(folder), "-o", str(output), "--jobs", str(jobs)],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    return done, json.loads(done.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("mixed")
    (d / "子文件夹").mkdir()
    write_unit_workbook(d / "01_良.xlsx", unit("042001", "甲单位"), SCENARIOS[0]["actuals"],
                        executed=SCENARIOS[0]["executed"])
    write_unit_xls(d / "02_优.xls", unit("042002", "乙单位"), SCENARIOS[1]["actuals"], executed=SCENARIOS[1]["executed"])
    write_unit_workbook(d / "子文件夹" / "03_良.xlsx", unit("042003", "丙单位"), SCENARIOS[0]["actuals"],
                        executed=SCENARIOS[0]["executed"])
    # units whose tables are impossible or hostile: scored as far as they can be, never graded
    write_unit_workbook(d / "04_超长标准.xlsx", unit("042004", "丁单位", 成本节约率={"rule_text": "九" * 24000, "rule": None}),
                        SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])
    write_unit_workbook(d / "05_分值150.xlsx", unit("042005", "戊单位", 成本节约率={"remark": "70分", "weight": 70, "rule": None}),
                        SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])
    good = d / "01_良.xlsx"
    hostile.bad_files(d, good, tmp_path_factory, "=HYPERLINK(\"http://x\",\"点我\")")
    hostile.last_row_without_refs(d / "整张表.xlsx", good)
    hostile.whole_grid_row(d / "整行.xlsx", good)  # a reader abort: survived by reading it in a worker
    return d


@pytest.fixture(scope="module")
def runs(folder):
    before = hashes(folder)
    output = folder / "汇总.xlsx"
    first = batch(folder, output)
    after_first = hashes(folder)
    second = batch(folder, folder / "汇总2.xlsx")
    return {"before": before, "after_first": after_first, "first": first, "second": second, "output": output}


def test_the_mixed_folder_run_succeeds(runs):
    done, usage = runs["first"]
    assert usage["code"] == 0, done.stderr
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
    assert "panicked" not in done.stderr and "backtrace" not in done.stderr  # calamine's Rust messages
    assert f"共 {len(GOOD) + 2 + len(BAD)} 个文件" in done.stdout
    assert usage["peak_kb"] / 1024 < MEMORY_LIMIT_MB


def test_every_good_unit_is_scored(runs):
    units = {r["文件"]: r for r in records(runs["output"], "汇总")}
    for file, case in GOOD.items():
        assert units[file]["总分"] == pytest.approx(case["total"], abs=0.005), file
        assert units[file]["等级"] == case["grade"], file


def test_impossible_units_are_listed_not_graded(runs):
    units = {r["文件"]: r for r in records(runs["output"], "汇总")}
    problems = records(runs["output"], "问题清单")
    for file, words in (("04_超长标准.xlsx", "评分标准过长（24000字）"), ("05_分值150.xlsx", "超过100分")):
        assert units[file]["总分"] is None and units[file]["等级"] == "未评定", file
        assert any(p["文件"] == file and words in p["问题"] for p in problems), file


def test_every_bad_file_is_listed_with_a_reason(runs):
    problems = {p["文件"]: p["问题"] for p in records(runs["output"], "问题清单")}
    for file in BAD:
        assert problems.get(file), file
    assert "说明.txt" not in problems


def test_no_input_changed_and_no_temporary_file_left(runs, folder):
    before, after = runs["before"], runs["after_first"]
    assert {name: h for name, h in after.items() if name != "汇总.xlsx"} == before
    assert not [p for p in folder.rglob(".~perfeval-*")]


def test_a_second_run_does_not_read_the_summary(runs, folder):
    done, usage = runs["second"]
    assert usage["code"] == 0, done.stderr
    assert f"共 {len(GOOD) + 2 + len(BAD)} 个文件" in done.stdout and "已跳过本程序此前写出的汇总表：汇总.xlsx" in done.stdout
    files = {r["文件"] for r in records(folder / "汇总2.xlsx", "汇总")}
    assert "汇总.xlsx" not in files and set(GOOD) <= files


def test_an_output_naming_a_unit_is_refused_and_nothing_is_written(runs, folder):
    before = hashes(folder)
    done, usage = batch(folder, folder / "01_良.xlsx")
    assert usage["code"] == 2
    assert done.stderr.startswith("错误：汇总表") and "本次要读取的文件" in done.stderr
    assert hashes(folder) == before
