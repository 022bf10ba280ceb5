"""Issue 14 item 8: no pattern of the rule parser or the value reader backtracks super-linearly.

Every regular expression of those modules is collected by introspection: compiled patterns in the
module globals, and the patterns of ``re.search(...)``-style calls found in the source (literals, or
expressions over the module's constants). Each is
run, the way the code runs it (search, match, fullmatch), on 100,000-character runs of every character
class it touches (its own literal characters, digits half- and full-width, Chinese numerals, spaces,
punctuation) and of two-character alternations (9.9.9…). A linear pattern finishes all of them in
seconds; a quadratic one needs many minutes. The runs happen in a child process under a generous timeout
(Python's regex engine does not let a signal interrupt a match), which names the pattern it was on.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

from conftest import REPO
from perfeval_xl.core import parser

#: The value reader and every module of the parser package, whatever modules it grows.
MODULES = ("perfeval_xl.core.values", "perfeval_xl.core.parser",
           *(f"perfeval_xl.core.parser.{m.name}" for m in pkgutil.iter_modules(parser.__path__)))
LENGTH = 100_000
TIMEOUT = 300  # ten times what all the runs take; one quadratic pattern alone takes longer

CHILD = r"""
import ast, importlib, inspect, json, re, sys

MODULES, LENGTH = json.loads(sys.argv[1]), int(sys.argv[2])
CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
ANCHORED = {"match", "fullmatch"}
BASE = "9０.,%％ \u3000\t九十百千万零〇分扣得（(-—~≥≤<>=:：a以上下每个点之一"


def collect():
    found = {}
    for name in MODULES:
        module = importlib.import_module(name)
        source = inspect.getsource(module)
        for key, value in vars(module).items():
            if isinstance(value, re.Pattern):
                modes = {m for m in CALLS - {"compile"} if re.search(r"\b" + key + r"\." + m + r"\(", source)}
                found[f"{name}.{key}"] = (value, modes or {"search"})
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
                try:  # a literal, or an expression over the module's constants (_CN_NUMBER + _COUNTERS)
                    text = eval(compile(ast.Expression(node.args[0]), name, "eval"), vars(module))
                except Exception:  # built from a function's locals: compiled where a global holds it
                    continue
                compiled_global = node.func.attr == "compile" and any(
                    p.pattern == text for key, (p, _) in found.items() if key.startswith(name + "."))
                if isinstance(text, str) and not compiled_global:  # a global is run the way the code runs it
                    mode = node.func.attr if node.func.attr in ANCHORED else "search"
                    found[f"{name}:{node.lineno}"] = (re.compile(text), {mode})
    return found


def touches(pattern, c):  # pattern can consume c: written in it, matched by it, or in a class it uses
    source = pattern.pattern
    return (c in source or pattern.search(c * 3) is not None or "[^" in source
            or (c.isdigit() and "\\d" in source) or (c.isspace() and "\\s" in source)
            or (c.isalnum() and "\\w" in source))


def inputs(pattern):
    own = {c for c in pattern.pattern if c.isalnum() or not c.isascii() or c in "%.,:;-=<>"}
    chars = sorted(own | {c for c in BASE if touches(pattern, c)})
    for c in chars:
        yield c * LENGTH
    for a, b in ("9.", "9,", "9-", "九十", "9分", "9%", "0.", " 9", "9 "):
        yield (a + b) * (LENGTH // 2)


count = 0
for key, (pattern, modes) in collect().items():
    print(key, flush=True)
    for text in inputs(pattern):
        for mode in modes:
            getattr(pattern, "search" if mode not in ANCHORED else mode)(text)
            count += 1
print(json.dumps({"runs": count, "patterns": len(collect())}), flush=True)
"""


def test_item8_no_parser_or_value_pattern_backtracks_super_linearly():
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(MODULES), str(LENGTH)], cwd=REPO,
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as stuck:
        lines = (stuck.stdout or b"").decode() if isinstance(stuck.stdout, bytes) else (stuck.stdout or "")
        raise AssertionError(f"pattern still running after {TIMEOUT}s: {lines.splitlines()[-1:]}") from None
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    print(f"\nregular expressions checked: {summary['patterns']}, runs on {LENGTH:,}-character inputs: {summary['runs']}")
    assert summary["patterns"] >= 50  # the collection found the modules' patterns (about 90 today)
