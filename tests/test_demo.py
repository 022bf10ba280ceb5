"""``perfeval-xl demo`` end to end, as a user runs it: in a fresh folder, through the console entry."""

from __future__ import annotations

import subprocess
import sys

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
    # the seed's first totals scenario, hand-computed in shared/acceptance/seed_cases.json
    assert "总分：89.87" in out and "等级：良" in out and "指标得分小计：80.87" in out
    assert "9.5/10" in out and "预算执行率" in out and "Traceback" not in out + done.stderr
    wb = load_workbook(tmp_path / "perfeval_demo.xlsx")
    rows = {r[2]: r for r in wb.active.iter_rows(values_only=True) if r[2]}
    assert rows["保障隔离戒毒人员基本生活"][8] == 9.5
    assert rows["保障隔离戒毒人员基本生活"][9].startswith("实际37公斤")
    totals = {r[0]: r[8] for r in wb.active.iter_rows(values_only=True) if r[0] in ("总分", "等级")}
    assert totals == {"总分": 89.87, "等级": "良"}


def test_unknown_command_is_refused_in_a_usage_message(tmp_path):
    done = run_cli("nonsense", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
