"""``perfeval-xl batch``: a folder with good units and every kind of bad file; expected values from the
acceptance cases (seed_cases.json) and hand computation."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hostile_files as hostile
from perfeval_xl.core.seed import seed_table
from layouts import CASES
from unit_workbooks import write_unit_workbook, write_unit_xls

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = CASES["totals"]["scenarios"]
MEMORY_LIMIT_MB = 500
#: Runs the CLI in this process and reports the peak memory of it and of its worker processes.
MEASURE = """
import json, resource, sys
from perfeval_xl.cli.main import main
code = main(sys.argv[1:])
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "self_kb": self_kb, "child_kb": child_kb}), file=sys.stderr)
"""


def other_unit(code: str, name: str):
    return dataclasses.replace(seed_table(), unit_code=code, unit_name=name)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_sheet(path: Path, name: str) -> list[tuple]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return list(wb[name].iter_rows(values_only=True))
    finally:
        wb.close()


def records(path: Path, name: str) -> list[dict]:
    """The rows of a summary sheet as dicts by header; the header row is the first that starts with 文件
    (汇总 has a title line above it)."""
    rows = read_sheet(path, name)
    start = next(i for i, row in enumerate(rows) if row and row[0] == "文件")
    header, *rows = rows[start:]
    return [dict(zip(header, row)) for row in rows]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Good units (seed scenarios, one .xls, one in a subfolder), a bad row, and seven bad files."""
    d = tmp_path_factory.mktemp("units")
    (d / "子文件夹").mkdir()
    table = seed_table()
    write_unit_workbook(d / "01_良.xlsx", table, SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])
    write_unit_workbook(d / "子文件夹" / "02_优.xlsx", other_unit("042002", "甲单位"), SCENARIOS[1]["actuals"],
                        executed=SCENARIOS[1]["executed"])
    write_unit_xls(d / "03_优_旧版.xls", other_unit("042003", "乙单位"), SCENARIOS[1]["actuals"],
                   executed=SCENARIOS[1]["executed"])
    write_unit_workbook(d / "04_缺一项.xlsx", other_unit("042004", "丙单位"), SCENARIOS[2]["actuals"],
                        executed=SCENARIOS[2]["executed"])
    bad_row = dict(SCENARIOS[0]["actuals"], 保障隔离戒毒人员基本生活="很多")
    write_unit_workbook(d / "05_坏行.xlsx", other_unit("042005", "丁单位"), bad_row,
                        executed=SCENARIOS[0]["executed"])
    hostile.bad_files(d, d / "01_良.xlsx", tmp_path_factory, "2025年第三次党组会议纪要")
    return d


@pytest.fixture(scope="module")
def run(folder, tmp_path_factory):
    """One batch run with two worker processes, measuring memory; inputs hashed before and after."""
    before = {p: sha256(p) for p in folder.rglob("*") if p.is_file()}
    out = tmp_path_factory.mktemp("out") / "汇总.xlsx"
    done = subprocess.run([sys.executable, "-c", MEASURE, "batch", str(folder), "-o", str(out), "--jobs", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    after = {p: sha256(p) for p in folder.rglob("*") if p.is_file()}
    usage = json.loads(done.stderr.strip().splitlines()[-1])
    return {"done": done, "out": out, "before": before, "after": after, "usage": usage}


def test_run_succeeds_and_reports_in_chinese(run):
    done = run["done"]
    assert run["usage"]["code"] == 0, done.stderr
    assert "共 12 个文件" in done.stdout and "7 个文件无法评分" in done.stdout
    assert "Traceback" not in done.stderr


def test_good_units_have_the_acceptance_scores(run):
    units = {r["文件"]: r for r in records(run["out"], "汇总")}
    expected = {
        "01_良.xlsx": SCENARIOS[0], "子文件夹/02_优.xlsx": SCENARIOS[1], "03_优_旧版.xls": SCENARIOS[1],
    }
    for file, case in expected.items():
        unit = units[file]
        assert unit["指标得分小计"] == pytest.approx(case["subtotal"], abs=0.005), file
        assert unit["预算执行率得分"] == pytest.approx(case["execution"], abs=0.005), file
        assert unit["总分"] == pytest.approx(case["total"], abs=0.005), file
        assert unit["等级"] == case["grade"], file
        assert unit["未评分项数"] == 0
    assert units["01_良.xlsx"]["单位编码"] == "042001" and units["01_良.xlsx"]["单位名称"] == "衡阳市强制隔离戒毒所"
    # Competition ranking: the two 100-point units share first place, 89.87 is third.
    assert [units[f]["排名"] for f in ("子文件夹/02_优.xlsx", "03_优_旧版.xls", "01_良.xlsx")] == [1, 1, 3]


def test_incomplete_units_have_no_total_and_count_the_unscored_rows(run):
    units = {r["文件"]: r for r in records(run["out"], "汇总")}
    for file in ("04_缺一项.xlsx", "05_坏行.xlsx"):
        assert units[file]["总分"] is None and units[file]["排名"] is None
        assert units[file]["等级"] == "未评定" and units[file]["未评分项数"] == 1
    problems = read_sheet(run["out"], "问题清单")
    assert any(f == "04_缺一项.xlsx" and "保障隔离戒毒人员基本医疗" in p for f, p in problems)
    assert any(f == "05_坏行.xlsx" and "保障隔离戒毒人员基本生活" in p and "很多" in p for f, p in problems)


def test_indicator_details_match_the_hand_computed_cases(run):
    details = records(run["out"], "指标明细")
    unit = {d["三级指标"]: d for d in details if d["文件"] == "01_良.xlsx"}
    assert len(unit) == 10
    # seed_cases.json, per-indicator cases for the values of scenario 1.
    for name, actual, points in [("保障隔离戒毒人员基本医疗", "90%", 9.92), ("保障隔离戒毒人员基本生活", 37, 9.5),
                                 ("戒毒人员收治工作及时率", "99%", 4.95), ("场所运转持续性", "95%", 7.5),
                                 ("所在区域群众满意度", "85%", 8), ("稳定人民警察队伍，增强凝聚力及战斗力", "一般", 3)]:
        assert unit[name]["得分"] == pytest.approx(points, abs=0.005), name
        assert unit[name]["得分率"] == pytest.approx(points / unit[name]["分值"], abs=0.001)
    assert len([d for d in details if d["文件"] == "03_优_旧版.xls"]) == 10


def test_every_bad_file_is_listed_with_its_reason(run):
    problems = {}
    for file, problem in read_sheet(run["out"], "问题清单")[1:]:
        problems.setdefault(file, problem)
    assert "已损坏" in problems["坏压缩包.xlsx"]
    assert "不是Excel工作簿" in problems["不是工作簿.xlsx"]
    assert "空的" in problems["空工作簿.xlsx"]
    assert "没有找到绩效指标表" in problems["会议纪要.xlsx"]
    assert "设有打开密码" in problems["加密.xlsx"]
    assert "XML实体声明" in problems["实体.xlsm"]
    assert "压缩炸弹" in problems["压缩炸弹.xlsx"]
    assert "说明.txt" not in problems
    summary_files = {r["文件"] for r in records(run["out"], "汇总")}
    assert summary_files.isdisjoint({"坏压缩包.xlsx", "不是工作簿.xlsx", "空工作簿.xlsx", "会议纪要.xlsx", "加密.xlsx",
                                     "实体.xlsm", "压缩炸弹.xlsx"})


def test_inputs_untouched_and_nothing_left_behind(run, folder):
    assert run["after"] == run["before"]
    assert sorted(p.name for p in run["out"].parent.iterdir()) == ["汇总.xlsx"]


def test_memory_stays_under_the_limit(run):
    usage = run["usage"]
    # ru_maxrss is in KiB on Linux: the parent's peak plus, as an upper bound, two workers at the largest
    # worker's peak.
    peak_mb = (usage["self_kb"] + 2 * usage["child_kb"]) / 1024
    assert peak_mb < MEMORY_LIMIT_MB, f"{peak_mb:.0f} MB"


def test_charts_are_native_excel_charts_over_the_counts(run):
    with zipfile.ZipFile(run["out"]) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        xml = "".join(archive.read(n).decode("utf-8") for n in charts)
    assert "barChart" in xml and "等级分布" in xml and "各一级指标平均得分率" in xml
    rows = read_sheet(run["out"], "图表")
    counts = dict(rows[1:6])
    # 优: two units at 100; 良: 89.87; 未评定: the two incomplete units.
    assert counts == {"优": 2, "良": 1, "中": 0, "差": 0, "未评定": 2}
    rates = {r[0]: r[1] for r in rows[8:] if r and r[0]}
    # 满意度指标 (one row, 10 points): 8 in unit 1, 10 in units 2 and 3, 8 in the bad-row unit, 8 in
    # unit 4 → mean rate (0.8 + 1 + 1 + 0.8 + 0.8) / 5.
    assert rates["满意度指标"] == pytest.approx(0.88, abs=1e-4)


def test_one_job_gives_the_same_results_in_process(folder):
    from perfeval_xl.workbooks.batch import find_workbooks, score_workbooks

    paths = find_workbooks(folder)
    one = score_workbooks(paths, folder, jobs=1)
    two = score_workbooks(paths, folder, jobs=2)
    assert one.files == two.files


def test_summary_inside_the_folder_is_not_read_back(tmp_path):
    write_unit_workbook(tmp_path / "a.xlsx", seed_table(), SCENARIOS[0]["actuals"], executed=SCENARIOS[0]["executed"])
    for _ in range(2):  # the second run must not score the first run's summary
        done = subprocess.run([sys.executable, "-m", "perfeval_xl", "batch", str(tmp_path), "-o",
                               str(tmp_path / "汇总.xlsx"), "--jobs", "1"], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "共 1 个文件" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "汇总.xlsx"]


def test_an_empty_folder_is_a_clear_error(tmp_path):
    from perfeval_xl.cli.main import main

    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "x.xlsx")]) == 2


SPAWN = """
import multiprocessing, runpy, sys
multiprocessing.set_start_method("spawn")  # as on Windows and macOS
sys.argv = ["perfeval_xl"] + sys.argv[1:]
runpy.run_module("perfeval_xl", run_name="__main__", alter_sys=True)
"""


def test_workers_start_as_on_windows(tmp_path):
    """With spawned workers (Windows, macOS: fresh interpreters that import the worker function and send
    back pickled results) ``python -m perfeval_xl batch`` runs once and scores."""
    units = tmp_path / "units"
    units.mkdir()
    for i in range(2):
        write_unit_workbook(units / f"{i}.xlsx", seed_table(), SCENARIOS[1]["actuals"],
                            executed=SCENARIOS[1]["executed"])
    done = subprocess.run([sys.executable, "-c", SPAWN, "batch", str(units), "-o", str(tmp_path / "s.xlsx"),
                           "--jobs", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("共 2 个文件") == 1
    assert [r["总分"] for r in records(tmp_path / "s.xlsx", "汇总")] == [100, 100]


def test_a_renamed_workbook_is_read_by_its_content(tmp_path):
    from perfeval_xl.workbooks.batch import find_workbooks, score_workbooks

    write_unit_workbook(tmp_path / "改过扩展名.xls", seed_table(), SCENARIOS[1]["actuals"],
                        executed=SCENARIOS[1]["executed"])
    [result] = score_workbooks(find_workbooks(tmp_path), tmp_path, jobs=1).files
    assert result.problems == () and result.units[0].total == pytest.approx(SCENARIOS[1]["total"])


def _awkward_summary(out):
    """A summary of one unit whose indicator names and actual values are awkward to write."""
    from perfeval_xl.workbooks.batch import FileResult, IndicatorLine, UnitResult
    from perfeval_xl.workbooks.summary_xlsx import write_summary

    texts = [" 前有空格", "后有空格 ", "A&B<C>\"D\"", "两行\n文字", "=1+2", "-5", "长" * 20000, "_x0041_"]
    actuals = [True, 3, 1 / 3, "100%", -0.0, 10 ** 17, "#N/A", 1e-7]
    lines = tuple(IndicatorLine("产出指标", "数量指标", name, 10.0, actual, None, "blank", "未填写")
                  for name, actual in zip(texts, actuals))
    unit = UnitResult("单位.xlsx", "Sheet1", "001", "某单位", None, None, 10.0, None, None,
                      tuple(texts), (), lines)
    write_summary([FileResult("单位.xlsx", (unit,))], out)
    return texts


def test_summary_rows_written_as_xml_equal_xlsxwriters_own(tmp_path, monkeypatch):
    """The summary's own row writer and XlsxWriter's public writers give the same sheets byte for byte
    (the fallback for an XlsxWriter release without the internals the fast writer uses)."""
    import perfeval_xl.workbooks.summary_xlsx as summary_xlsx

    _awkward_summary(tmp_path / "fast.xlsx")
    monkeypatch.setattr(summary_xlsx, "_STREAM_INTERNALS", summary_xlsx._STREAM_INTERNALS + ("no_such_internal",))
    _awkward_summary(tmp_path / "public.xlsx")
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as fast, zipfile.ZipFile(tmp_path / "public.xlsx") as public:
        parts = [n for n in fast.namelist() if n.startswith("xl/worksheets/") or n == "xl/styles.xml"]
        assert parts and sorted(parts) == sorted(n for n in public.namelist()
                                                 if n.startswith("xl/worksheets/") or n == "xl/styles.xml")
        assert [n for n in parts if fast.read(n) != public.read(n)] == []


def test_summary_keeps_awkward_texts_and_values_as_typed(tmp_path):
    """Texts with spaces at either end, XML's special characters, a line break, formula-like texts and a
    text longer than half a cell's limit, numbers, a boolean and an error text reach 指标明细 as the unit
    wrote them (the summary writes most rows' XML itself; a row with a boolean or a long text goes
    through XlsxWriter's writers)."""
    import openpyxl

    out = tmp_path / "汇总.xlsx"
    texts = _awkward_summary(out)
    rows = list(openpyxl.load_workbook(out, read_only=True)["指标明细"].iter_rows(min_row=2, values_only=True))
    # openpyxl reads a literal "_x0041_" back escaped, so the last row is compared through the sheet's XML
    assert [row[5] for row in rows][:7] == texts[:7]
    assert [row[7] for row in rows] == [True, 3, 1 / 3, "100%", 0, 10 ** 17, "#N/A", 1e-7]
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert any("<t>_x005F_x0041_</t>" in sheet for sheet in sheets)  # Excel shows it as typed: _x0041_
