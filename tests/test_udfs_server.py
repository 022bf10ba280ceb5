"""perfeval_xl.excel.udfs through xlwings' own Office.js / xlwings Server code path.

With XLWINGS_ON_SERVER=true xlwings binds ``xw.func`` to its server decorators at import time, so
these runs happen in a child process (the environment and the imported modules do not leak into the
other tests). The child calls ``xlwings.server.custom_functions_meta`` and
``xlwings.server.custom_functions_call`` with payloads shaped as Excel sends them: every argument a
2-D list, empty cells as null, Excel errors as {"type": "Error", ...} objects.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO
from perfeval_xl import seed_table
from udf_seed_calls import BY_NAME, CASES, SEED_CALLS, is_fraction, params_for


RUNNER = r"""
import asyncio, json, sys
import xlwings, xlwings.server
import perfeval_xl.excel.udfs as module

jobs = json.load(sys.stdin)
out = {"on_server": xlwings.on_server, "meta": xlwings.server.custom_functions_meta(module), "results": []}
for job in jobs:
    data = {"caller_address": "Sheet1!J5", "version": xlwings.__version__, "client": "Office.js",
            "culture_info_name": "zh-CN", "date_format": "yyyy/m/d", "runtime": "1.4", **job}
    try:
        out["results"].append({"value": asyncio.run(xlwings.server.custom_functions_call(data, module))})
    except Exception as error:
        out["results"].append({"error": type(error).__name__, "message": str(error)})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def na_error():
    return {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}


def cell(value):
    """One argument as Excel sends a single cell: a 1×1 matrix."""
    return [[value]]


def excel_value(name, actual):
    """The cell value Excel sends: a %-formatted cell holds a fraction, not the text "95%"."""
    if isinstance(actual, str) and actual.endswith("%"):
        return float(actual[:-1]) / 100
    return actual


def seed_job(name, actual):
    func, _, _ = SEED_CALLS[name]
    params = params_for(name, actual)
    return {"func_name": func, "args": [cell(excel_value(name, actual))] + [cell(p) for p in params]}


SINGLE = [(name, actual, expected) for name, ind in BY_NAME.items() for actual, expected in ind["cases"]]


def column_jobs():
    """Per seed row and scale: all its cases as one column, then an empty cell and #N/A."""
    jobs = []
    for name, (func, unit_params, fraction_params) in SEED_CALLS.items():
        for params, fraction in ((unit_params, False), (fraction_params, True)):
            if params is None:
                continue
            cases = [(a, e) for a, e in BY_NAME[name]["cases"]
                     if fraction_params is None or is_fraction(name, a) == fraction]
            column = [[excel_value(name, a)] for a, _ in cases] + [[None], [na_error()]]
            jobs.append(((name, fraction, [e for _, e in cases]),
                         {"func_name": func, "args": [column] + [cell(p) for p in params]}))
    return jobs


COLUMNS = column_jobs()
ROWS = {ind.name: ind for ind in seed_table().indicators}


def rule_job(func_name, name, actuals):
    """SCORE_RULE / SCORE_EXPLAIN over the row's own cells (rule text, 指标值, 备注, 指标值类型, 计量单位)."""
    ind = ROWS[name]
    return {"func_name": func_name, "args": [cell(ind.rule_text), actuals, cell(ind.target), cell(ind.remark),
                                             cell(ind.op), cell(ind.unit)]}


RULE_JOBS = [rule_job("SCORE_RULE", name, [[excel_value(name, a)] for a, _ in BY_NAME[name]["cases"]] + [[None]])
             for name in BY_NAME]
OTHER = {
    "blank": {"func_name": "SCORE_DEDUCT", "args": [cell(None), cell(38), cell(10), cell(1), cell("5%"), cell(None)]},
    "blank_text": {"func_name": "SCORE_DEDUCT", "args": [[[37], [""], [None]], cell(38), cell(10), cell(1), cell("5%"),
                                                         cell("")]},
    "text": {"func_name": "SCORE_DEDUCT", "args": [cell("abc"), cell(38), cell(10), cell(1), cell("5%"), cell(None)]},
    "na": {"func_name": "SCORE_THRESHOLD", "args": [cell(na_error()), cell(0), cell(5), cell("=")]},
    "div0": {"func_name": "SCORE_THRESHOLD", "args": [cell({"type": "Error", "basicValue": "#DIV/0!",
                                                            "errorType": "Div0"}), cell(0), cell(5), cell("=")]},
    "mismatch": {"func_name": "SCORE_DEDUCT", "args": [[[37], [36], [35]], [[38], [38]], cell(10), cell(1),
                                                       cell("5%"), cell(None)]},
    "bad_param": {"func_name": "SCORE_LINEAR", "args": [cell(0.9), cell("abc"), cell(0.95), cell(10), cell(0.95)]},
    "percent_literals": {"func_name": "SCORE_LINEAR", "args": [cell(0.9), cell(0.6), cell(0.95), cell(10), cell(0.95)]},
    "review": {"func_name": "SCORE_GRADE", "args": [cell("说不清"), cell("有效:5;一般:3;较差:0")]},
    "band_table": {"func_name": "SCORE_BANDED", "args": [[[95], [79]], [[100, 10], [90, 8], [80, 4], [0, 0]],
                                                         cell(10)]},
    "exec": {"func_name": "EXEC_RATE_SCORE", "args": [cell(5877.495), cell(6530.55), cell(None)]},
    "exec_na": {"func_name": "EXEC_RATE_SCORE", "args": [cell(1), cell(0), cell(None)]},
    "grade": {"func_name": "PERF_GRADE", "args": [[[t] for t, _ in CASES["totals"]["grades"]]]},
    "explain": rule_job("SCORE_EXPLAIN", "保障隔离戒毒人员基本生活", cell(37)),
    "rule_text": {"func_name": "SCORE_RULE", "args": [cell("看情况给分"), cell(5), cell(10), cell(10), cell("≥"),
                                                     cell("%")]},
}


@pytest.fixture(scope="module")
def server():
    jobs = [seed_job(n, a) for n, a, _ in SINGLE] + [job for _, job in COLUMNS] + RULE_JOBS + list(OTHER.values())
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial",
           "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(jobs), capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    results = out["results"]
    singles = results[:len(SINGLE)]
    rest = results[len(SINGLE):]
    columns, rest = rest[:len(COLUMNS)], rest[len(COLUMNS):]
    rules, rest = rest[:len(RULE_JOBS)], rest[len(RULE_JOBS):]
    return {"on_server": out["on_server"], "meta": out["meta"], "singles": singles, "columns": columns,
            "rules": dict(zip(BY_NAME, rules)), "other": dict(zip(OTHER, rest))}


EXCEL_NAMES = {"SCORE_THRESHOLD", "SCORE_LINEAR", "SCORE_BANDED", "SCORE_DEDUCT", "SCORE_GRADE", "SCORE_RULE",
               "SCORE_EXPLAIN", "EXEC_RATE_SCORE", "PERF_GRADE"}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_runs_in_server_mode(server):
    assert server["on_server"] is True


def test_meta_lists_every_function_with_chinese_help(server):
    functions = {f["name"]: f for f in server["meta"]["functions"]}
    assert set(functions) == EXCEL_NAMES
    for name, f in functions.items():
        assert has_chinese(f["description"]) and len(f["description"]) <= 255, name
        assert f["parameters"], name
        for param in f["parameters"]:
            assert has_chinese(param["description"]) and len(param["description"]) <= 255, (name, param)
    assert [p["name"] for p in functions["SCORE_DEDUCT"]["parameters"]] == [
        "actual_value", "baseline", "weight", "per_step", "deduct", "direction", "unit"]
    assert functions["SCORE_DEDUCT"]["parameters"][5].get("optional") is True
    assert "optional" not in functions["SCORE_DEDUCT"]["parameters"][4]


@pytest.mark.parametrize("index", range(len(SINGLE)), ids=[f"{n}-{a}" for n, a, _ in SINGLE])
def test_seed_case_single_cell(server, index):
    name, actual, expected = SINGLE[index]
    result = server["singles"][index]
    assert "value" in result, result
    assert result["value"] == [[pytest.approx(expected, abs=0.005)]]


@pytest.mark.parametrize("index", range(len(COLUMNS)), ids=[f"{k[0]}-{'fraction' if k[1] else 'unit'}"
                                                           for k, _ in COLUMNS])
def test_seed_row_as_one_column(server, index):
    (_, _, expected), _ = COLUMNS[index]
    result = server["columns"][index]
    assert "value" in result, result
    values = result["value"]
    assert len(values) == len(expected) + 2 and all(len(row) == 1 for row in values)
    assert [row[0] for row in values[:-2]] == pytest.approx(expected, abs=0.005)
    assert values[-2] == [""]  # an empty cell stays empty, never 0
    assert values[-1][0].startswith("#错误：") and "#N/A" in values[-1][0]  # an error is not a blank


def test_blank_single_cell_is_empty(server):
    assert server["other"]["blank"] == {"value": [[""]]}
    # empty cells as older Excel builds send them (""), also for an omitted optional argument
    assert server["other"]["blank_text"] == {"value": [[9.5], [""], [""]]}


@pytest.mark.parametrize(("key", "words"), [
    ("text", "实际值“abc”不是数字"), ("na", "#N/A"), ("div0", "#DIV/0!"), ("mismatch", "区域大小不一致"),
    ("bad_param", "零分点“abc”不是数字"), ("rule_text", "评分标准")])
def test_bad_input_raises_xlwings_error_with_chinese_message(server, key, words):
    result = server["other"][key]
    assert result.get("error") == "XlwingsError", result
    assert words in result["message"]


def test_other_functions(server):
    other = server["other"]
    assert other["percent_literals"]["value"] == [[pytest.approx(9.92, abs=0.005)]]
    assert other["review"]["value"] == [["需人工认定"]]
    assert other["band_table"]["value"] == [[8.0], [0.0]]
    assert other["exec"]["value"] == [[pytest.approx(9.0)]]
    assert other["exec_na"]["value"] == [["不适用"]]
    assert other["grade"]["value"] == [[g] for _, g in CASES["totals"]["grades"]]


@pytest.mark.parametrize("name", list(BY_NAME))
def test_score_rule_on_each_seed_row(server, name):
    """The published text, with %-formatted actual cells (fractions) read by the core's percent rule."""
    result = server["rules"][name]
    assert "value" in result, result
    expected = [e for _, e in BY_NAME[name]["cases"]]
    assert [row[0] for row in result["value"][:-1]] == pytest.approx(expected, abs=0.005)
    assert result["value"][-1] == [""]


def test_score_explain(server):
    value = server["other"]["explain"]["value"]
    assert value[0][0].startswith("实际37公斤") and value[0][0].endswith("得9.5分")
