"""The folders of perfeval_xl say what they may import: the core no Excel runtime, no workbook library and
no adapter; ``excel`` and ``workbooks`` the core and not each other; nothing but the command line the
command line. The checker is also run on small packages that break each rule, and must catch them."""

from __future__ import annotations

import textwrap

import pytest

from conftest import REPO
from import_rules import violations

PACKAGE_FOLDERS = {REPO / "perfeval_xl": "perfeval_xl", REPO / "addin": "perfeval_xl.excel.addin"}


def test_the_package_keeps_its_import_directions():
    assert violations(PACKAGE_FOLDERS, "perfeval_xl") == []


def test_the_checker_reads_every_module():
    """The rules are checked on the modules that exist: each layer has some."""
    from import_rules import layer_of, modules

    layers = {layer_of(name) for folder, package in PACKAGE_FOLDERS.items() for name, _, _ in modules(folder, package)}
    assert layers == {"core", "excel", "workbooks", "cli", "top"}


BROKEN = {
    "core/reads_workbooks.py": ("import openpyxl\n", "core imports openpyxl"),
    "core/lazy_excel.py": ("def f():\n    import xlwings as xw\n    return xw\n", "core imports xlwings"),
    "core/up.py": ("from ..workbooks import io_\n", "core imports workbooks"),
    "core/absolute.py": ("from pkg.excel.udfs import f\n", "core imports excel"),
    "excel/sideways.py": ("from ..workbooks.io_ import read\n", "excel imports workbooks"),
    "workbooks/sideways.py": ("def g():\n    from pkg.excel import udfs\n", "workbooks imports excel"),
    "workbooks/runtime.py": ("import xlwings\n", "workbooks imports xlwings"),
    "excel/cmd.py": ("from ..cli.main import main\n", "excel imports cli"),
    "core/cmd.py": ("from .. import cli\n", "core imports cli"),
    "core/calamine.py": ("from python_calamine import CalamineWorkbook\n", "core imports python_calamine"),
}


def _package(root, files):
    for folder in ("", "core", "excel", "workbooks", "cli"):
        (root / "pkg" / folder).mkdir(parents=True, exist_ok=True)
        (root / "pkg" / folder / "__init__.py").write_text("")
    for name, source in files.items():
        (root / "pkg" / name).write_text(textwrap.dedent(source))
    return {root / "pkg": "pkg"}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_checker_catches_a_broken_package(tmp_path, name):
    source, expected = BROKEN[name]
    found = violations(_package(tmp_path, {name: source}), "pkg")
    assert len(found) == 1 and expected in found[0], found


def test_the_checker_passes_a_package_that_keeps_the_rules(tmp_path):
    good = {"core/a.py": "import re\nfrom . import b\n", "core/b.py": "", "excel/c.py": "import xlwings\nfrom ..core import a\n",
            "workbooks/d.py": "import openpyxl\nfrom pkg.core.a import x\n", "cli/e.py": "from ..excel import c\nfrom ..workbooks import d\n"}
    assert violations(_package(tmp_path, good), "pkg") == []
