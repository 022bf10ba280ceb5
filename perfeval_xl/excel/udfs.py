"""The Excel functions SCORE_THRESHOLD, SCORE_LINEAR … for xlwings (the add-in's "UDF Modules").

One file serves both runtimes: each function is marked with xlwings' top-level ``xw.func`` /
``xw.arg`` only, which xlwings points at its classic (COM, Windows) or its Server/Office.js
implementation. The functions are one-line wrappers over ``perfeval_xl.core.functions``, whose registry
also holds the Chinese help (Function Wizard / Office.js metadata, 255 characters at most each).

Arguments arrive as 2-D lists (``ndim=2``) so that a column gives back a column, and with
``err_to_str=True`` so that Excel errors (#N/A, #DIV/0!) are read as errors, never as blanks.
Classic xlwings hands over CVErr values as COM error integers; any that reach a function
unconverted are mapped to the same texts.

Bad input, per runtime (decided by ``xlwings.on_server``, which xlwings sets from the environment
variable XLWINGS_ON_SERVER=true before it picks its decorators):

* classic xlwings (COM) shows an exception as a traceback text in the cell, so these functions never
  raise there: they return a short Chinese message starting with "#错误：".
* xlwings Server / Office.js turns an exception into HTTP 500, which Excel retries; these functions
  raise ``xlwings.XlwingsError`` (HTTP 400, an error in the cell) with the Chinese message instead,
  for a problem with the call itself and for a single cell that cannot be scored.
* In both runtimes a column call keeps the scores of the good rows: a row that cannot be scored
  shows its "#错误：…" text in its own cell.

A blank actual value gives an empty cell, a value the rule gives no single score for shows
"需人工认定", never a number.
"""

from __future__ import annotations

import logging
from itertools import chain

import xlwings as xw

from ..core.functions import ERROR_PREFIX, REGISTRY, FunctionError, is_error

logger = logging.getLogger(__name__)

#: Excel's CVErr codes (XlCVError) by the error text, as classic xlwings' COM layer hands them
#: over: the HRESULT 0x800A0000 + code, as a signed 32-bit integer.
_CVERR = {2007: "#DIV/0!", 2042: "#N/A", 2029: "#NAME?", 2000: "#NULL!", 2036: "#NUM!", 2023: "#REF!",
          2015: "#VALUE!"}
_COM_ERRORS = {(0x800A0000 + code) - 2**32: text for code, text in _CVERR.items()}


def _on_server() -> bool:
    """True under xlwings Server / Office.js (xlwings reads XLWINGS_ON_SERVER=true at import)."""
    return bool(getattr(xw, "on_server", False))


def _com_errors(value):
    """Classic xlwings only: COM error integers (CVErr) as Excel's error texts (2-D lists as xlwings
    passes them with ndim=2, or single values)."""
    if type(value) is int:
        return _COM_ERRORS.get(value, value)
    if isinstance(value, list) and value and isinstance(value[0], list):
        if int in set(map(type, chain.from_iterable(value))):
            return [[_COM_ERRORS.get(v, v) if type(v) is int else v for v in row] for row in value]
    return value


def _single(result):
    """A 1×1 result as a scalar."""
    if isinstance(result, list) and len(result) == 1:
        inner = result[0]
        if not isinstance(inner, list):
            return inner
        if len(inner) == 1:
            return inner[0]
    return result


def _fail(message: str):
    if _on_server():
        raise xw.XlwingsError(message)
    return ERROR_PREFIX + message


def _call(name: str, *args):
    """Run the registry's function ``name``; errors per runtime as the module docstring says."""
    on_server = _on_server()
    if not on_server:
        args = tuple(_com_errors(a) for a in args)
    try:
        result = _single(REGISTRY[name].func(*args))
    except FunctionError as error:
        return _fail(str(error))
    except Exception:  # a bug must still show as a short message, never as a traceback in a cell
        logger.exception("%s failed", name)
        return _fail("计算出错，请检查参数；如仍出错请联系维护人员")
    if on_server and is_error(result):
        raise xw.XlwingsError(result[len(ERROR_PREFIX):])
    return result


def _excel(name: str):
    """Mark a wrapper as the Excel function ``name`` with the registry's Chinese help."""
    spec = REGISTRY[name]

    def decorate(f):
        names = f.__code__.co_varnames[:f.__code__.co_argcount]
        if names != tuple(a.name for a in spec.args):
            raise TypeError(f"{name}: arguments {names} differ from the registry")
        f.__doc__ = spec.help
        for arg in spec.args:
            f = xw.arg(arg.name, doc=arg.doc, ndim=2, err_to_str=True)(f)
        return xw.func(category=spec.category)(f)

    return decorate


@_excel("SCORE_THRESHOLD")
def SCORE_THRESHOLD(actual_value, target_value, weight, compare_op=None, unit=None):
    return _call("SCORE_THRESHOLD", actual_value, target_value, weight, compare_op, unit)


@_excel("SCORE_LINEAR")
def SCORE_LINEAR(actual_value, zero_at, full_at, weight, target_value=None, unit=None):
    return _call("SCORE_LINEAR", actual_value, zero_at, full_at, weight, target_value, unit)


@_excel("SCORE_BANDED")
def SCORE_BANDED(actual_value, bands, weight=None, unit=None):
    return _call("SCORE_BANDED", actual_value, bands, weight, unit)


@_excel("SCORE_DEDUCT")
def SCORE_DEDUCT(actual_value, baseline, weight, per_step, deduct, direction=None, unit=None):
    return _call("SCORE_DEDUCT", actual_value, baseline, weight, per_step, deduct, direction, unit)


@_excel("SCORE_GRADE")
def SCORE_GRADE(grade_value, grade_map):
    return _call("SCORE_GRADE", grade_value, grade_map)


@_excel("SCORE_RULE")
def SCORE_RULE(rule_text, actual_value, target_value=None, weight=None, compare_op=None, unit=None):
    return _call("SCORE_RULE", rule_text, actual_value, target_value, weight, compare_op, unit)


@_excel("SCORE_EXPLAIN")
def SCORE_EXPLAIN(rule_text, actual_value, target_value=None, weight=None, compare_op=None, unit=None):
    return _call("SCORE_EXPLAIN", rule_text, actual_value, target_value, weight, compare_op, unit)


@_excel("EXEC_RATE_SCORE")
def EXEC_RATE_SCORE(executed, budget, weight=None):
    return _call("EXEC_RATE_SCORE", executed, budget, weight)


@_excel("PERF_GRADE")
def PERF_GRADE(total_score):
    return _call("PERF_GRADE", total_score)


__all__ = sorted(REGISTRY)
