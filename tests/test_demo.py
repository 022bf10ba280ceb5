"""``perfeval-xl demo`` end to end, as a user runs it: in a fresh folder, through the console entry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from openpyxl import load_workbook

from conftest import REPO


def run_cli(*args, cwd):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "perfeval_xl", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_demo_prints_scores_total_and_grade_and_writes_a_workbook(tmp_path):
    done = run_cli("demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # the seed's first totals scenario, hand-computed in tests/data/acceptance/seed_cases.json
    assert "总分：89.87" in out and "等级：良" in out and "指标得分小计：80.87" in out
    assert "9.5/10" in out and "预算执行率" in out and "Traceback" not in out + done.stderr
    # the workbook: the seed template filled with the sample values, scored (评分结果 sheet and the table)
    wb = load_workbook(tmp_path / "perfeval_demo.xlsx")
    summary = {r[2]: r for r in wb["评分结果"].iter_rows(values_only=True) if r[2]}
    assert summary["保障隔离戒毒人员基本生活"][5] == 9.5
    assert summary["保障隔离戒毒人员基本生活"][6].startswith("实际37公斤")
    assert round(summary["保障隔离戒毒人员基本医疗"][5], 2) == 9.92
    assert (summary["预算执行率"][5], summary["总分"][5], summary["等级"][5]) == (9, 89.87, "良")
    cells = [c.value for row in wb["整体支出绩效目标表"].iter_rows() for c in row]
    assert "衡阳市强制隔离戒毒所" in cells and "评（扣）分标准" in cells and "得分说明" in cells


@pytest.mark.parametrize(("args", "words"), [
    (["nonsense"], "命令 'nonsense' 无效"), (["score"], "缺少参数：工作簿"),
    (["batch", "x", "--jobs", "abc"], "的值 'abc' 无效"), (["score", "a", "b"], "无法识别的参数：b")])
def test_command_line_mistakes_are_explained_in_chinese(tmp_path, args, words):
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and words in done.stderr and "-h”查看用法" in done.stderr
    assert "usage" not in done.stderr and "Traceback" not in done.stderr


def test_help_is_in_chinese(tmp_path):
    done = run_cli("score", "-h", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("用法：perfeval-xl score")
    assert "显示本帮助并退出" in done.stdout and "show this help" not in done.stdout
