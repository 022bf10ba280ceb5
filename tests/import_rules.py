"""The import directions of perfeval_xl's folders, read from the source with ``ast``.

Each module belongs to a layer by its folder: ``core`` (Excel-free), ``excel`` (what runs in or builds
for Excel; ``addin/`` installs as ``perfeval_xl.excel.addin``), ``workbooks`` (files on disk), ``cli``
(the command line, with ``perfeval_xl/__main__.py``) and ``top`` (``perfeval_xl/__init__.py`` and the
``perfeval_xl.udfs`` name kept for installed add-ins). Every import, including those inside functions,
is checked against what its layer may import.
"""

from __future__ import annotations

import ast
from pathlib import Path

#: Layer → the layers of the same package it may import.
ALLOWED = {
    "core": {"core"},
    "excel": {"core", "excel"},
    "workbooks": {"core", "workbooks"},
    "cli": {"core", "excel", "workbooks", "cli", "top"},
    "top": {"core", "excel", "top"},
}
#: Excel runtimes and workbook libraries: none may be imported by the core.
EXCEL_AND_WORKBOOK_LIBRARIES = {"xlwings", "xlwings_server", "openpyxl", "python_calamine", "xlrd", "xlwt",
                                "xlsxwriter", "msoffcrypto", "defusedxml", "formulas", "olefile", "oletools"}
#: Layer → third-party top-level modules it must not import.
FORBIDDEN_LIBRARIES = {"core": EXCEL_AND_WORKBOOK_LIBRARIES, "workbooks": {"xlwings", "xlwings_server"}}


def layer_of(module: str) -> str:
    """The layer of a module of the package (``pkg.core.values`` → core; ``pkg.__main__`` → cli)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("core", "excel", "workbooks", "cli"):
        return parts[1]
    return "cli" if parts[1:] == ["__main__"] else "top"


def modules(folder: Path, name: str):
    """(dotted name, is package, path) of every .py file under ``folder``, which imports as ``name``."""
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(folder).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        yield ".".join([name, *parts]), package, path


def imported(module: str, package: bool, source: str):
    """(line, absolute name) of every import in ``source``; ``from a import b`` gives a.b (a module or a
    name defined in a: either way it belongs to a's layer or below it)."""
    base = module.split(".") if package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[:len(base) - node.level + 1]
                target = ".".join(parent + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def violations(folders: dict[Path, str], package: str) -> list[str]:
    """Every import that breaks the rules, once per file, line and what it reaches: "file:line: layer imports X"."""
    found = []
    for folder, name in folders.items():
        for module, is_package, path in modules(folder, name):
            layer = layer_of(module)
            for line, target in imported(module, is_package, path.read_text(encoding="utf-8")):
                head = target.split(".")[0]
                if head == package:
                    other = layer_of(target)
                    if other not in ALLOWED[layer]:
                        found.append(f"{path}:{line}: {layer} imports {other}")
                elif head in FORBIDDEN_LIBRARIES.get(layer, ()):
                    found.append(f"{path}:{line}: {layer} imports {head}")
    return sorted(set(found))
