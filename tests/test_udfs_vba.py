"""The classic (Windows COM) VBA wrapper module xlwings generates for perfeval_xl.udfs.

A VBA keyword or an invalid identifier as a parameter name is a compile error in that module, i.e.
#NAME? in every cell; help texts longer than 255 characters break Application.MacroOptions. The
wrapper is generated with xlwings' own ``xlwings.udfs.generate_vba_wrapper`` in a child process, with
the Windows-only modules stubbed (by the add-in builder's stand-ins) and ``xlwings.func/arg/ret`` pointed
at the classic decorators.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO


RUNNER = r"""
import io, json, sys, types

from perfeval_xl.excel.vba._wrapper_child import stub_pywin32

stub_pywin32()

import xlwings
import xlwings.udfs as classic

xlwings.func, xlwings.arg, xlwings.ret = classic.xlfunc, classic.xlarg, classic.xlret
import perfeval_xl.udfs as module


class AddinBook:
    Name = "perfeval_xl.xlam"


def wrapper(mod):
    out = io.StringIO()
    classic.generate_vba_wrapper(mod.__name__, mod, out, AddinBook())
    return out.getvalue()


# The wrapper's own vocabulary: the body xlwings writes around a function with harmless names.
probe = types.ModuleType("probe")
def PROBE(p1, p2=None):
    return p1
probe.PROBE = classic.xlfunc(PROBE)

functions = {}
for name in dir(module):
    f = getattr(module, name)
    if hasattr(f, "__xlfunc__"):
        info = f.__xlfunc__
        functions[info["name"]] = {"doc": info["ret"]["doc"], "category": info["category"],
                                   "args": [{"name": a["name"], "doc": a["doc"], "options": sorted(a["options"])}
                                            for a in info["args"]]}
json.dump({"vba": wrapper(module), "probe": wrapper(probe), "functions": functions}, sys.stdout,
          ensure_ascii=False)
"""

#: VBA reserved words and the built-in names that cannot be redeclared as parameters (VBA is
#: case-insensitive). From the VBA language reference's keyword list.
VBA_KEYWORDS = set("""
AddressOf Alias And Any Append As Asc Attribute Base Binary Boolean ByRef Byte ByVal Call Case CBool CByte
CCur CDate CDbl CDec CDecl Chr CInt Circle CLng CLngLng CLngPtr Close Compare Const CSng CStr Currency CVar
CVErr Date Debug Decimal Declare DefBool DefByte DefCur DefDate DefDbl DefDec DefInt DefLng DefLngLng
DefLngPtr DefObj DefSng DefStr DefVar Dim Do DoEvents Double Each Else ElseIf Empty End EndIf Enum Eqv Erase
Error Event Exit Explicit False Fix For Friend Function Get Global GoSub GoTo If Imp Implements In Input
InputB Int Integer Is LBound Len LenB Let Lib Like Line LINEINPUT Load Local Lock Long LongLong LongPtr
Loop LSet Me Mid MidB Mod Module Name New Next Not Nothing Null Object On Open Option Optional Or Output
ParamArray Preserve Print Private Property PtrSafe Public Put RaiseEvent Random Read ReDim Rem Resume
Return RSet Scale Seek Select Set Sgn Shared Single Spc Static Step Stop StrComp String Sub Tab Text Then
Time To True Type TypeOf UBound Unload Until Variant Wend While Width With WithEvents Write Xor
Abs Atn Cos Exp Log Rnd Sin Sqr Tan Val Str Timer Now Day Month Year Hour Minute Second Weekday
""".split())
VBA_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")
SIGNATURE = re.compile(r"^Function (\w+)\((.*)\)\s*$", re.MULTILINE)
EXCEL_NAMES = {"SCORE_THRESHOLD", "SCORE_LINEAR", "SCORE_BANDED", "SCORE_DEDUCT", "SCORE_GRADE", "SCORE_RULE",
               "SCORE_EXPLAIN", "EXEC_RATE_SCORE", "PERF_GRADE"}


@pytest.fixture(scope="module")
def generated():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("XLWINGS_ON_SERVER", None)
    proc = subprocess.run([sys.executable, "-c", RUNNER], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def signatures(vba: str) -> dict[str, list[str]]:
    return {name: [p.strip().removeprefix("Optional ").strip() for p in params.split(",") if p.strip()]
            for name, params in SIGNATURE.findall(vba)}


def identifiers(vba: str) -> set[str]:
    code = re.sub(r'"[^"]*"', "", vba)
    code = "\n".join(line.split("'")[0] for line in code.splitlines())
    return {word.lower() for word in re.findall(r"[A-Za-z_]\w*", code)}


def test_every_function_is_in_the_wrapper(generated):
    assert set(signatures(generated["vba"])) == EXCEL_NAMES
    for name in EXCEL_NAMES:
        assert f'XLPy.CallUDF("perfeval_xl.udfs", "{name}"' in generated["vba"]
    assert "ActiveWorkbook" in generated["vba"]  # add-in form


def test_parameters_are_valid_and_not_keywords(generated):
    keywords = {k.lower() for k in VBA_KEYWORDS}
    wrapper_words = identifiers(generated["probe"]) - {"probe", "p1", "p2"}
    function_names = {n.lower() for n in EXCEL_NAMES}
    for name, params in signatures(generated["vba"]).items():
        assert params, name
        assert len({p.lower() for p in params}) == len(params), name
        for param in params:
            assert VBA_IDENTIFIER.match(param), (name, param)
            assert param.lower() not in keywords, (name, param)
            assert param.lower() not in wrapper_words, (name, param)  # would shadow Range, XLPy …
            assert param.lower() not in function_names, (name, param)


def test_optional_parameters_come_last(generated):
    for match in SIGNATURE.finditer(generated["vba"]):
        flags = ["Optional " in p for p in match.group(2).split(",")]
        assert flags == sorted(flags), match.group(1)


def test_help_texts_fit_macro_options(generated):
    functions = generated["functions"]
    assert set(functions) == EXCEL_NAMES
    for name, f in functions.items():
        assert f["category"] == "预算绩效评分"
        assert 0 < len(f["doc"]) <= 255, name
        assert any("\u4e00" <= c <= "\u9fff" for c in f["doc"]), name
        for arg in f["args"]:
            assert 0 < len(arg["doc"]) <= 255, (name, arg["name"])
            assert any("\u4e00" <= c <= "\u9fff" for c in arg["doc"]), (name, arg["name"])
            assert not arg["doc"].startswith("Positional argument"), (name, arg["name"])
            assert {"err_to_str", "ndim"} <= set(arg["options"]), (name, arg["name"])
