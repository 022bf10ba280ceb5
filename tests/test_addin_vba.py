"""The VBA project of the built add-in: the template's five modules plus ``xlwings_udfs``, read back by
olefile (strict), oletools' olevba and LibreOffice; and ``perfeval-xl addin status`` on it.

The expected module text is made here independently: the three header lines are read from xlwings'
own ``import_udfs`` source, the wrappers come from ``tests/test_udfs_vba.py``'s generator run.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import logging
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from conftest import REPO, soffice_convert
from perfeval_xl.cli.main import main as cli
from test_udfs_vba import RUNNER

TEMPLATE_MODULES = ["ThisWorkbook", "Dictionary", "RibbonMyAddin", "Sheet2", "xlwings"]
EXTRA_MODULE = '''
import xlwings as xw

from perfeval_xl.udfs import *  # noqa: F401,F403


@xw.func
def TEMP_DOUBLE(value):
    """Doubles."""
    return 2 * value
'''


def import_udfs_header() -> str:
    """The lines xlwings' import_udfs writes before the wrappers (the string constants of its first
    three ``vba.writeln`` calls; xlwings.udfs itself imports only on Windows, so its source is parsed)."""
    import xlwings

    source = (Path(xlwings.__file__).parent / "udfs.py").read_text(encoding="utf-8")
    function = next(node for node in ast.walk(ast.parse(source))
                    if isinstance(node, ast.FunctionDef) and node.name == "import_udfs")
    calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)
             and getattr(node.func, "attr", "") == "writeln" and isinstance(node.args[0], ast.Constant)]
    calls.sort(key=lambda node: node.lineno)
    return "".join(call.args[0].value + "\n" for call in calls[:3])


@pytest.fixture(scope="module")
def expected_udfs() -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("XLWINGS_ON_SERVER", None)
    proc = subprocess.run([sys.executable, "-c", RUNNER], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return import_udfs_header() + json.loads(proc.stdout)["vba"]


def template() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def replace_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)


def streams(vba: bytes) -> dict[str, bytes]:
    with olefile.OleFileIO(io.BytesIO(vba), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        return {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}


def olevba_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code.replace("\r\n", "\n") for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("addin")
    assert cli(["addin", "build", "-o", str(out)]) == 0
    return out / "perfeval_xl.xlam"


def test_only_dir_project_projectwm_change_and_one_stream_is_added(built):
    old, new = streams(part(template(), "xl/vbaProject.bin")), streams(part(built, "xl/vbaProject.bin"))
    assert set(new) == set(old) | {"VBA/xlwings_udfs"}
    assert {name for name in old if new[name] != old[name]} == {"VBA/dir", "PROJECT", "PROJECTwm"}
    assert new["VBA/_VBA_PROJECT"] == bytes.fromhex("CC61FFFF000100")  # no p-code: Office compiles the source

    project_old, project_new = old["PROJECT"].split(b"\r\n"), new["PROJECT"].split(b"\r\n")
    added = [line for line in project_new if line not in project_old]
    assert added == [b"Module=xlwings_udfs"] and len(project_new) == len(project_old) + 1
    assert new["PROJECTwm"] == (old["PROJECTwm"][:-2] + b"xlwings_udfs\0" + "xlwings_udfs".encode("utf-16-le")
                                + b"\0\0" + b"\0\0")


def test_dir_gains_the_module_count_and_one_module_record(built):
    old = bytes(decompress_stream(bytearray(streams(part(template(), "xl/vbaProject.bin"))["VBA/dir"])))
    new = bytes(decompress_stream(bytearray(streams(part(built, "xl/vbaProject.bin"))["VBA/dir"])))
    name, wide = b"xlwings_udfs", "xlwings_udfs".encode("utf-16-le")

    def record(rid: int, data: bytes) -> bytes:
        return struct.pack("<HI", rid, len(data)) + data

    # MS-OVBA §2.3.4.2.3.2: name, name (UTF-16), stream name, stream name (UTF-16), doc string (both empty),
    # offset 0, help context 0, cookie 0xFFFF, procedural module, terminator
    module = (record(0x19, name) + record(0x47, wide) + record(0x1A, name) + record(0x32, wide)
              + record(0x1C, b"") + record(0x48, b"") + record(0x31, b"\0\0\0\0") + record(0x1E, b"\0\0\0\0")
              + record(0x2C, b"\xff\xff") + record(0x21, b"") + record(0x2B, b""))
    count = old.index(record(0x0F, b"\x05\x00"))  # PROJECTMODULES: 5 modules
    changes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 2
    (tag1, a1, b1, c1, d1), (tag2, a2, b2, c2, d2) = changes
    assert tag1 == "replace" and (a1, b1) == (count + 6, count + 7) and new[c1:d1] == b"\x06"
    assert tag2 == "insert" and a2 == len(old) - 6 and new[c2:d2] == module  # before the dir terminator


def test_olevba_reads_six_modules_the_template_ones_unchanged_and_the_wrappers(built, expected_udfs):
    modules, originals = olevba_modules(built), olevba_modules(template())
    assert sorted(modules) == sorted(TEMPLATE_MODULES + ["xlwings_udfs"])
    for name in TEMPLATE_MODULES:
        assert modules[name] == originals[name], name
    assert modules["xlwings_udfs"] == expected_udfs
    assert "Function SCORE_LINEAR(" in modules["xlwings_udfs"]


def analysis(path: Path, caplog) -> tuple[set[str], list[str]]:
    """olevba's indicator kinds for a file, and the warnings it logs while reading it."""
    caplog.clear()
    parser = VBA_Parser(str(path))
    try:
        kinds = {kind for kind, _, _ in parser.analyze_macros()}
    finally:
        parser.close()
    return kinds, [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


def test_no_autoexec_macro_no_new_olevba_warning_and_olefile_strict_parse_passes(built, caplog):
    kinds, warnings = analysis(built, caplog)
    assert "AutoExec" not in kinds
    assert warnings == analysis(template(), caplog)[1]  # only what olevba says of any zipped project
    olefile.OleFileIO(io.BytesIO(part(built, "xl/vbaProject.bin")), raise_defects=olefile.DEFECT_INCORRECT).close()


def test_libreoffice_reexports_all_six_modules(built, tmp_path, expected_udfs):
    copy = tmp_path / "in" / "addin.xlsm"
    copy.parent.mkdir()
    shutil.copy(built, copy)
    types = part(copy, "[Content_Types].xml")
    replace_part(copy, "[Content_Types].xml", types.replace(b"application/vnd.ms-excel.addin.macroEnabled.main+xml",
                                                            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    [exported] = soffice_convert([copy], "xlsm", tmp_path / "out")
    modules = olevba_modules(exported)
    assert sorted(modules) == sorted(TEMPLATE_MODULES + ["xlwings_udfs"])
    parser = VBA_Parser(str(exported))
    try:
        files = {name for _, _, name, _ in parser.extract_macros()}
    finally:
        parser.close()
    assert {"xlwings_udfs.bas", "RibbonMyAddin.bas", "xlwings.bas"} <= files  # standard modules stay standard
    for signature in (line for line in expected_udfs.splitlines() if line.startswith("Function ")):
        assert signature in modules["xlwings_udfs"]


def test_a_new_function_is_in_the_next_build_with_no_manual_step(tmp_path):
    from perfeval_xl.excel.addin_build import AddinSettings, build

    (tmp_path / "extra_udfs.py").write_text(EXTRA_MODULE, encoding="utf-8")
    path = build(tmp_path / "out", AddinSettings(udf_modules="extra_udfs", pythonpath=str(tmp_path)))
    code = olevba_modules(path)["xlwings_udfs"]
    assert "Function TEMP_DOUBLE(value)" in code
    assert 'TEMP_DOUBLE = XLPy.CallUDF("extra_udfs", "TEMP_DOUBLE", Array(value), ActiveWorkbook, ' in code
    assert "Function SCORE_LINEAR(" in code


# --- perfeval-xl addin status -------------------------------------------------------------------------

def status(folder: Path, capsys) -> tuple[int, str]:
    code = cli(["addin", "status", "--dir", str(folder)])
    return code, capsys.readouterr().out


@pytest.fixture
def installed(tmp_path, capsys) -> Path:
    assert cli(["addin", "install", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "函数已内置于加载项" in out and "中文说明" in out and "信任中心" not in out
    return tmp_path / "perfeval_xl.xlam"


def test_status_of_a_fresh_install_says_the_functions_are_built_in(installed, capsys):
    code, out = status(installed.parent, capsys)
    assert code == 0
    assert "加载项中的 VBA 模块：ThisWorkbook、Dictionary、RibbonMyAddin、Sheet2、xlwings、xlwings_udfs" in out
    assert "函数（SCORE_* 等）：已内置于加载项" in out and "问题：" not in out and "加载项已就绪" in out


def test_status_of_an_addin_built_from_the_bare_template(installed, capsys):
    replace_part(installed, "xl/vbaProject.bin", part(template(), "xl/vbaProject.bin"))
    code, out = status(installed.parent, capsys)
    assert code == 1
    assert "问题：加载项中没有函数模块 xlwings_udfs" in out and "#NAME?" in out and "perfeval-xl addin install" in out
    assert "xlwings 模块" not in out  # the template's xlwings module is the installed xlwings'


def test_status_of_a_stale_wrapper(tmp_path, capsys):
    from perfeval_xl.excel.addin_build import AddinSettings, build

    module = tmp_path / "extra_udfs.py"
    module.write_text(EXTRA_MODULE, encoding="utf-8")
    build(tmp_path / "xlstart", AddinSettings(udf_modules="extra_udfs", pythonpath=str(tmp_path),
                                              interpreter_win=sys.executable, interpreter_mac=sys.executable))
    module.write_text(EXTRA_MODULE.replace("TEMP_DOUBLE", "TEMP_TWICE"), encoding="utf-8")  # the functions changed
    code, out = status(tmp_path / "xlstart", capsys)
    assert code == 1
    assert "问题：加载项中的函数模块 xlwings_udfs 与本机的函数不一致" in out and "已内置于加载项" not in out


def test_status_of_a_stray_second_wrapper_module(installed, capsys, expected_udfs):
    from perfeval_xl.excel.vba.project import add_module

    vba = part(installed, "xl/vbaProject.bin")
    replace_part(installed, "xl/vbaProject.bin",
                 add_module(vba, "xlwings_udfs1", expected_udfs.replace('"xlwings_udfs"', '"xlwings_udfs1"', 1)))
    code, out = status(installed.parent, capsys)
    assert code == 1
    assert "xlwings_udfs、xlwings_udfs1" in out and "问题：加载项中多出模块 xlwings_udfs1" in out


def test_status_of_an_xlwings_module_from_another_xlwings_version(installed, capsys):
    """The add-in of an older xlwings: its xlwings module declares another DLL (the stream is source only)."""
    import xlwings

    from perfeval_xl.excel.vba import cfb
    from perfeval_xl.excel.vba.compression import compress

    vba = streams(part(installed, "xl/vbaProject.bin"))
    source = bytes(decompress_stream(bytearray(vba["VBA/xlwings"])))
    assert f'"xlwings64-{xlwings.__version__}.dll"'.encode() in source
    vba["VBA/xlwings"] = compress(source.replace(xlwings.__version__.encode(), b"0.30.0"))
    replace_part(installed, "xl/vbaProject.bin", cfb.write(vba))
    code, out = status(installed.parent, capsys)
    assert code == 1
    assert f"问题：加载项中的 xlwings 模块与本机 xlwings {xlwings.__version__} 不一致" in out
    assert "函数（SCORE_* 等）：已内置于加载项" in out  # the functions' module itself is fine
