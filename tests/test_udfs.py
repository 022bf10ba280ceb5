"""perfeval_xl.excel.udfs called as classic xlwings calls it, and importable anywhere.

Off Windows, xlwings' ``xw.func``/``xw.arg`` leave the functions plain callables, so the classic
behaviour (messages instead of exceptions, COM error integers) is checked by calling them directly.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import xlwings

import perfeval_xl.excel.udfs as udfs
from conftest import REPO
from perfeval_xl.core import functions
from udf_seed_calls import BY_NAME, SEED_CALLS, params_for

#: Excel's #DIV/0! and #N/A as pywin32 hands CVErr values to classic xlwings.
COM_DIV0, COM_NA = -2146826281, -2146826246


@pytest.fixture
def classic(monkeypatch):
    monkeypatch.setattr(xlwings, "on_server", False, raising=False)


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setattr(xlwings, "on_server", True, raising=False)


SEED = [(name, actual, expected) for name, ind in BY_NAME.items() for actual, expected in ind["cases"]]


@pytest.mark.parametrize(("name", "actual", "expected"), SEED)
def test_seed_cases_as_excel_passes_them(classic, name, actual, expected):
    udf = getattr(udfs, SEED_CALLS[name][0])
    args = [[[actual]]] + [[[p]] for p in params_for(name, actual)]  # ndim=2: every argument a 2-D list
    assert udf(*args) == pytest.approx(expected, abs=0.005)


def test_classic_returns_messages_instead_of_raising(classic):
    assert udfs.SCORE_DEDUCT([["abc"]], [[38]], [[10]], [[1]], [["5%"]], None) == "#错误：实际值“abc”不是数字"
    mismatch = udfs.SCORE_DEDUCT([[37], [36], [35]], [[38], [38]], 10, 1, "5%")
    assert mismatch.startswith("#错误：") and "区域大小不一致" in mismatch
    assert udfs.SCORE_LINEAR(0.9, "x", 0.95, 10, 0.95) == "#错误：零分点“x”不是数字"
    assert udfs.SCORE_RULE("看情况给分", 5).startswith("#错误：")


def test_com_error_integers_are_errors_not_blanks(classic):
    result = udfs.SCORE_THRESHOLD([[COM_NA]], 0, 5, "=")
    assert result.startswith("#错误：") and "#N/A" in result
    column = udfs.SCORE_THRESHOLD([[0], [COM_DIV0], [None]], 0, 5, "=")
    assert column[0] == [5.0]
    assert column[1][0].startswith("#错误：") and "#DIV/0!" in column[1][0]
    assert column[2] == [""]
    assert udfs.SCORE_THRESHOLD(0, [[COM_NA]], 5, "=").startswith("#错误：目标值单元格为错误值#N/A")


def test_shapes(classic):
    assert udfs.SCORE_DEDUCT([[37]], 38, 10, 1, "5%") == 9.5
    assert udfs.SCORE_DEDUCT([[37], [None], [36]], 38, 10, 1, "5%") == [[9.5], [""], [9.0]]
    assert udfs.SCORE_DEDUCT([[37, 36]], 38, 10, 1, "5%") == [[9.5, 9.0]]


def test_review_and_not_applicable_are_visible_text(classic):
    assert udfs.SCORE_GRADE([["说不清"]], "有效:5;一般:3;较差:0") == "需人工认定"
    assert udfs.SCORE_BANDED(-5, "100:10;90:8;80:4;0:0") == "需人工认定"
    assert udfs.EXEC_RATE_SCORE(1, 0) == "不适用"
    assert udfs.PERF_GRADE([[89.99], [None]]) == [["良"], [""]]


def test_server_raises_xlwings_error_for_a_bad_single_cell(server):
    with pytest.raises(xlwings.XlwingsError, match="实际值“abc”不是数字"):
        udfs.SCORE_DEDUCT("abc", 38, 10, 1, "5%")
    with pytest.raises(xlwings.XlwingsError, match="区域大小不一致"):
        udfs.SCORE_DEDUCT([[37], [36]], [[38], [38], [1]], 10, 1, "5%")
    # a column keeps its good rows; the bad one shows its message
    assert udfs.SCORE_DEDUCT([[37], ["abc"]], 38, 10, 1, "5%") == [[9.5], ["#错误：实际值“abc”不是数字"]]
    assert udfs.SCORE_DEDUCT(None, 38, 10, 1, "5%") == ""


def test_every_registry_function_is_an_excel_function():
    for name, spec in functions.REGISTRY.items():
        udf = getattr(udfs, name)
        assert udf.__doc__ == spec.help
        assert udf.__code__.co_varnames[:udf.__code__.co_argcount] == tuple(a.name for a in spec.args)


IMPORT_CHECK = r"""
import sys, importlib.abc

WINDOWS_ONLY = {"pythoncom", "pywintypes", "win32com", "win32api", "win32con", "pywin32_system32"}

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in WINDOWS_ONLY:
            raise ImportError(f"{name} is Windows-only")

sys.meta_path.insert(0, Block())
import perfeval_xl.core.functions, perfeval_xl.core.native
assert "xlwings" not in sys.modules, "the core must not import xlwings"
import perfeval_xl.excel.udfs as udfs
print(udfs.SCORE_DEDUCT(37, 38, 10, 1, "5%"))
"""


def test_import_needs_no_windows_packages_and_core_no_xlwings():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("XLWINGS_ON_SERVER", None)
    proc = subprocess.run([sys.executable, "-c", IMPORT_CHECK], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "9.5"
