"""Native formulas (perfeval_xl.core.native, native=True) recalculated by LibreOffice.

One workbook holds every case: the actual value (a %-formatted fraction where the row is written for
percent cells) and the formula; LibreOffice converts it headless, and the values it computed are
compared with the seed cases and with the core rules.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import openpyxl
import pytest

from perfeval_xl import seed_table
from perfeval_xl.core.native import rule_formula
from perfeval_xl.core.rules import Band, Banded, Deduct, Discretionary, Ratio, Slope, Threshold
from perfeval_xl.core.score import REVIEW, SCORED
from perfeval_xl.core.totals import rule_of
from udf_seed_calls import BY_NAME


def soffice() -> str:
    """The LibreOffice binary; skipped when missing, except under CI=true where it must be there."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required under CI=true")
        pytest.skip("LibreOffice (soffice) not installed")
    return path


def core_value(rule, x):
    score = rule.score(x, percent_format=False)
    if score.status == SCORED:
        return score.value
    assert score.status == REVIEW
    return "需人工认定"


EXTRA_RULES = [
    Deduct(line=100, step=2, deduct=1, steps="floor", weight=10, unit="%"),
    Deduct(line=100, step=2, deduct=1, steps="ceil", weight=10, unit="%"),
    Deduct(line=50, step=10, deduct_pct=20, relative=True, direction="both", tolerance=5, weight=5),
    Deduct(line=10, step=1, deduct=3, floor=None, weight=5),
    Threshold(op="≤", target=3, weight=5, otherwise=None),
    Banded(bands=(Band(90, None, 10), Band(80, 90, 8, points_high=9), Band(None, 85, 2)), weight=10),
    Banded(bands=(Band(None, 10, 5, high_inclusive=True), Band(10, None, 0, low_inclusive=False)), weight=5,
           absolute=True),
    Ratio(target=20, direction="lower", weight=10),
    Ratio(target=80, direction="higher", cap=None, weight=10),
    Slope(line=90, base=6, up=1, up_step=1, down=1, down_step=1, cap=10, weight=10, unit="%"),
    Slope(line=80, base=8, up=0.5, up_step=5, below_points=None, weight=10),
    Discretionary(op="≥", target=85, weight=10, unit="%"),
    Deduct(line=-5, step=2.5, deduct=1, direction="above", weight=10),  # writes A1--5: minus a negative
    Threshold(op="≥", target=-12, weight=5, unit="%"),
]
EXTRA_VALUES = [-30, -12, 0, 3, 4, 9.5, 10, 10.5, 15, 20, 45, 55, 79, 80, 84, 85, 88, 90, 96, 99, 100, 101, 120]


def cases():
    """(rule, cell value, percent format?, expected) for every case."""
    out = []
    for ind in seed_table().indicators:
        rule = rule_of(ind)
        for percent_cell in ((False, True) if ind.unit == "%" else (False,)):
            text = "需人工认定" if rule.qualitative else "#错误"  # an unknown word needs a person; text is no number
            for actual, expected in BY_NAME[ind.name]["cases"] + [(None, ""), ("abc", text)]:
                if isinstance(actual, str) and actual.endswith("%"):
                    number = float(actual[:-1])
                    value = number / 100 if percent_cell else number
                elif isinstance(actual, (int, float)) and ind.unit == "%" and (percent_cell or abs(actual) <= 1.5):
                    continue
                else:
                    value = actual
                out.append((rule, value, percent_cell, expected))
    for rule in EXTRA_RULES:
        percent = rule.unit == "%"
        for x in EXTRA_VALUES:
            out.append((rule, x / 100 if percent else x, percent, core_value(rule, x)))
    return out


def test_native_formulas_recalculate_in_libreoffice(tmp_path):
    binary = soffice()
    rows = cases()
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, (rule, value, percent_cell, _) in enumerate(rows, start=1):
        ws.cell(i, 1, value)
        if percent_cell:
            ws.cell(i, 1).number_format = "0.00%"
        ws.cell(i, 2, "=" + rule_formula(rule, f"A{i}", native=True, percent_cell=percent_cell))
    source = tmp_path / "native.xlsx"
    wb.save(source)
    out = tmp_path / "out"
    proc = subprocess.run([binary, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    computed = openpyxl.load_workbook(out / "native.xlsx", data_only=True).active
    problems = []
    for i, (rule, value, percent_cell, expected) in enumerate(rows, start=1):
        got = computed.cell(i, 2).value
        if expected == "":
            ok = got in (None, "")
        elif isinstance(expected, str):
            ok = isinstance(got, str) and got.startswith(expected)
        else:
            ok = isinstance(got, (int, float)) and abs(got - expected) < 0.005
        if not ok:
            problems.append((ws.cell(i, 2).value, value, expected, got))
    assert not problems, problems[:10]
