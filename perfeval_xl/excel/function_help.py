"""Chinese help for the add-in's functions in Excel's Insert Function dialog (category 预算绩效评分).

Why not written into the file at build time: Excel keeps a function's description as a procedure
attribute in the module source (``Attribute SCORE_LINEAR.VB_Description = "…"``), encoded in the VBA
project's code page, and the xlwings template's project is code page 1252, which cannot hold Chinese;
custom categories and argument descriptions are not module text at all. So Excel registers the help:
``Application.MacroOptions`` called as xlwings' ``import_udfs`` calls it, by ``addin install`` on
Windows, in a hidden Excel started for this alone (the user's Excel and open workbooks are untouched),
from a child process ended after a timeout together with that Excel. No macro of the add-in does it: an
Auto_Open macro holding encoded Chinese strings looks to antivirus exactly like macro malware.

Run as ``python -m perfeval_xl.excel.function_help ADDIN_PATH "module1;module2"`` (the child).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

TIMEOUT = 120


def register(path: Path, udf_modules: str, pythonpath: str = "") -> bool:
    """Register the help texts in the add-in at ``path``; False where that cannot be done (no Windows,
    no Excel, an error or the timeout), the add-in then being unchanged or as Excel saved it."""
    if not sys.platform.startswith("win"):
        return False
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH", "")) if p)
    try:
        child = subprocess.Popen([sys.executable, "-m", __name__, str(path), udf_modules], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return False
    try:
        child.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        output, _ = child.communicate()
        _end_excel(output)
        return False
    return child.returncode == 0


def _end_excel(output: bytes) -> None:
    """End the hidden Excel the child started (it prints the process id first)."""
    started = re.match(rb"excel-pid (\d+)", output or b"")
    if started:
        try:
            os.kill(int(started.group(1)), signal.SIGTERM)
        except OSError:
            pass


def _register_in_excel(path: str, udf_modules: str) -> None:
    import importlib

    import xlwings as xw

    app = xw.App(visible=False, add_book=False)
    print(f"excel-pid {app.pid}", flush=True)
    try:
        app.display_alerts = False
        app.enable_events = False
        book = app.books.open(path)
        for name in udf_modules.split(";"):
            module = importlib.import_module(name)
            for info in (getattr(getattr(module, attr), "__xlfunc__", None) for attr in dir(module)):
                if info is None:
                    continue
                docs = [arg["doc"][:255] for arg in info["args"] if not arg["vba"]]
                app.api.MacroOptions(f"'{book.name}'!{info['name']}", Description=info["ret"]["doc"][:255],
                                     Category=info["category"], ArgumentDescriptions=docs or None)
        book.save()
    finally:
        try:
            app.quit()
        except Exception:
            app.kill()


if __name__ == "__main__":
    _register_in_excel(sys.argv[1], sys.argv[2])
