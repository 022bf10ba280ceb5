"""Hostile-input suite, functions: every Excel function of the registry with generated bad values in each
argument, in this process and through xlwings' Office.js call path (a child process with
XLWINGS_ON_SERVER=true, as tests/test_udfs_server.py runs it).

The contract: a number only for valid input; a blank actual value stays blank; otherwise a visible error
(#错误：…, FunctionError / an Excel error) or 需人工认定; never a traceback, a silent 0 or a text a
spreadsheet would take for a formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from conftest import REPO
from differential import office_calls
from hostile_inputs import (BLANK, COUNTS, VALID, invalid_values, is_number, is_visible_problem,
                            made_formula)
from perfeval_xl.core.functions import REGISTRY, FunctionError

BONUS = "达到目标得8分，每超过1%加0.5分，最高10分"


@dataclass(frozen=True)
class Call:
    """A good call of one function; ``actual`` is the index of the per-row value; ``strict`` the indexes of
    parameters that must be refused when they are not valid; ``valid`` the values that must score."""

    name: str
    args: tuple
    actual: int
    strict: tuple[int, ...]
    valid: tuple = tuple(VALID)


#: Values at or above the bonus rule's line (95%): below it the text gives no score (需人工认定).
BONUS_VALID = (95, 99.5, 100, "95", "95%", " 95 % ", "９５％")
CALLS = (
    Call("SCORE_THRESHOLD", (95, 90, 5, ">="), 0, (1, 2)),
    Call("SCORE_LINEAR", (0.9, 0.6, 0.95, 10, 0.95), 0, (1, 2, 3, 4)),
    Call("SCORE_BANDED", (95, "100:10;90:8;80:4;0:0", 10), 0, (1, 2), tuple(v for v in VALID if v != -1)),
    Call("SCORE_DEDUCT", (37, 38, 10, 1, "5%", "below"), 0, (1, 2, 3, 4, 5)),
    Call("SCORE_GRADE", ("有效", "有效:5;一般:3;较差:0"), 0, (1,), ("有效", "一般", "较差", True, False)),
    Call("SCORE_RULE", (BONUS, 96, 95, 10, "≥", "%"), 1, (3,), BONUS_VALID),
    Call("SCORE_RULE", ("每少1公斤扣0.5分，扣完为止", 37, 38, 10, "≥", "公斤"), 1, (3,),
         tuple(v for v in VALID if not (isinstance(v, str) and "%" in v))),
    Call("SCORE_EXPLAIN", (BONUS, 96, 95, 10, "≥", "%"), 1, (3,), BONUS_VALID),
    Call("EXEC_RATE_SCORE", (5877.495, 6530.55, 10), 0, (1, 2),
         tuple(v for v in VALID if v != -1)),
    Call("PERF_GRADE", (89.87,), 0, (), (0, 59.99, 60, 80, 90, 100, "95", " 89.87 ")),
)


def run(call: Call, index: int, value):
    args = list(call.args)
    args[index] = value
    try:
        return REGISTRY[call.name].func(*args)
    except FunctionError as error:
        return "#错误：" + str(error)


def check(call: Call, index: int, kind: str, value, result) -> str | None:
    """Why ``result`` breaks the contract, or None."""
    if made_formula(result):
        return "a formula-like text"
    if is_number(result) and not math.isfinite(result):
        return "a non-finite number"
    explanation = call.name == "SCORE_EXPLAIN"
    if kind == "blank":
        if index == call.actual and result != "":
            return "a blank actual gave a result"
        return None
    if kind == "valid":
        if index == call.actual and not explanation and call.name not in ("PERF_GRADE",) and not is_number(result):
            return "a valid value gave no number"
        return None
    # an invalid value (NaN in a parameter is how numpy hands over an empty cell: the parameter's default)
    if isinstance(value, float) and math.isnan(value) and index != call.actual:
        return None
    if index == call.actual or index in call.strict:
        if is_number(result):
            return "an invalid value gave a number"
        if call.name == "PERF_GRADE" and result in ("优", "良", "中", "差"):
            return "an invalid total gave a grade"
        if not explanation and not is_visible_problem(result):
            return "no visible error"
        if explanation and index in call.strict and not is_visible_problem(result):
            return "no visible error"
    return None


def in_process_results():
    """(call, index, class, value, result) for every generated input."""
    for call in CALLS:
        for index in range(len(call.args)):
            values = [("blank", v) for v in BLANK] + list(invalid_values())
            if index == call.actual:
                values += [("valid", v) for v in call.valid]
            for kind, value in values:
                yield call, index, kind, value, run(call, index, value)


def test_functions_keep_the_contract_in_process():
    broken, tried = [], 0
    for call, index, kind, value, result in in_process_results():
        COUNTS[("functions", kind)] += 1
        tried += 1
        why = check(call, index, kind, value, result)
        if why:
            broken.append((call.name, index, kind, repr(value)[:40], repr(result)[:80], why))
    assert not broken, "\n".join(map(str, broken[:30]))
    assert tried >= 1000  # this layer alone; the others add the parser, Office.js, commands and the button


# -- the Office.js call path (a child process, as tests/differential.py runs it) -----------------------
def office_cell(value):
    """A cell as Office.js sends it: errors as error objects, empty as null; non-finite numbers cannot
    be sent (Excel holds none) and are sent as their text."""
    if isinstance(value, str) and value.strip().upper() in {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?",
                                                            "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}:
        return {"type": "Error", "basicValue": value.strip().upper(), "errorType": "Value"}
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


@pytest.fixture(scope="module")
def office_results():
    jobs, keys = [], []
    for call in CALLS:
        values = [("blank", v) for v in BLANK] + list(invalid_values()) + [("valid", v) for v in call.valid]
        for kind, value in values:
            if kind == "date":  # Office.js sends a date cell as its serial number, a number like any other
                continue
            args = [[[office_cell(a)]] for a in call.args]
            args[call.actual] = [[office_cell(value)]]
            jobs.append({"func_name": call.name, "args": args})
            keys.append((call, kind, value))
    return list(zip(keys, office_calls(jobs, REPO)))


def test_functions_keep_the_contract_through_office_js(office_results):
    broken = []
    for (call, kind, value), out in office_results:
        COUNTS[("office.js", kind)] += 1
        if "error" in out:  # an error in the cell, with the Chinese message as its tooltip
            if out["error"] != "XlwingsError" or kind in ("blank", "valid") and call.name != "SCORE_EXPLAIN":
                broken.append((call.name, kind, repr(value)[:40], out))
            continue
        result = out["value"][0][0]
        why = check(call, call.actual, kind, value, result)
        if why:
            broken.append((call.name, kind, repr(value)[:40], repr(result)[:80], why))
    assert not broken, "\n".join(map(str, broken[:30]))
