"""The built add-in perfeval_xl.xlam, unpacked and read by independent tools (olevba, calamine),
and ``perfeval-xl addin install|status|remove`` against a temporary folder standing in for XLSTART."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from oletools.olevba import VBA_Parser
from python_calamine import CalamineWorkbook

from conftest import REPO
from perfeval_xl.cli.main import main as cli

RIBBON_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("addin")
    assert cli(["addin", "build", "-o", str(out)]) == 0
    return out / "perfeval_xl.xlam"


@pytest.fixture(scope="module")
def vba_modules(built) -> dict[str, str]:
    """VBA module name → source, as olevba extracts them from the add-in."""
    parser = VBA_Parser(str(built))
    try:
        return {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def test_ribbon_is_well_formed_with_chinese_labels(built):
    ribbon = ElementTree.fromstring(part(built, "customUI/customUI.xml"))
    tabs = ribbon.findall(f".//{RIBBON_NS}tab")
    assert [tab.get("label") for tab in tabs] == ["绩效评分"]
    labelled = [e for e in ribbon.iter() if e.get("label") is not None]
    assert len(labelled) >= 3 and all(has_chinese(e.get("label")) for e in labelled)
    assert [e.get("label") for e in ribbon.iter(f"{RIBBON_NS}button")] == ["一键重新评分"]


def test_every_on_action_is_a_ribbon_callback_in_the_vba(built, vba_modules):
    ribbon = ElementTree.fromstring(part(built, "customUI/customUI.xml"))
    actions = [e.get("onAction") for e in ribbon.iter() if e.get("onAction")]
    assert actions
    for action in actions:
        module, procedure = action.split(".")
        assert module in vba_modules, (action, sorted(vba_modules))
        signature = rf"^\s*(Public\s+)?Sub\s+{procedure}\s*\(\s*control\s+As\s+IRibbonControl\s*\)"
        assert re.search(signature, vba_modules[module], re.M | re.I), vba_modules[module]


def test_ribbon_callback_runs_the_module_named_like_the_file(built, vba_modules):
    """RunMain imports the module named like the add-in file and calls main(): perfeval_xl.main."""
    assert built.name == "perfeval_xl.xlam"
    code = vba_modules["RibbonMyAddin"]
    assert "ThisWorkbook.Name" in code and '".main()"' in code
    import perfeval_xl

    assert callable(perfeval_xl.main)


def test_config_sheet_is_named_as_the_vba_reads_it_active_and_says_udfs(built, vba_modules):
    source = "\n".join(vba_modules.values())
    project = re.search(r'PROJECT_NAME As String = "(\w+)"', source).group(1)
    assert re.search(r'Sheets\(PROJECT_NAME & "\.conf"\)', source)
    book = CalamineWorkbook.from_path(str(built))
    assert book.sheet_names == [f"{project}.conf"]
    rows = {row[0]: row[1] for row in book.get_sheet_by_index(0).to_python() if row and row[0]}
    assert rows["UDF Modules"] == "perfeval_xl.udfs"
    # the VBA reads the keys upper-cased: UDF MODULES, INTERPRETER_WIN
    assert re.search(r'GetConfig\("UDF MODULES"\)', source) and "INTERPRETER_WIN" in source
    workbook = ElementTree.fromstring(part(built, "xl/workbook.xml"))
    assert workbook.find(f"{MAIN_NS}bookViews/{MAIN_NS}workbookView").get("activeTab", "0") == "0"
    sheet = ElementTree.fromstring(part(built, "xl/worksheets/sheet1.xml"))
    assert sheet.find(f"{MAIN_NS}sheetViews/{MAIN_NS}sheetView").get("tabSelected") == "1"


def test_two_builds_give_the_same_bytes(built, tmp_path, capsys):
    assert cli(["addin", "build", "-o", str(tmp_path)]) == 0
    again = tmp_path / "perfeval_xl.xlam"
    assert again.read_bytes() == built.read_bytes()
    assert "已替换" not in capsys.readouterr().out
    assert cli(["addin", "build", "-o", str(tmp_path)]) == 0  # a second build over the first says so
    assert "（已替换原有的同名文件）" in capsys.readouterr().out
    assert again.read_bytes() == built.read_bytes()
    with zipfile.ZipFile(again) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_install_status_remove_in_a_folder_standing_in_for_xlstart(tmp_path, capsys):
    xlstart = tmp_path / "XLSTART"
    assert cli(["addin", "status", "--dir", str(xlstart)]) == 1
    out = capsys.readouterr().out
    assert "缺少：未安装加载项" in out and "perfeval-xl addin install" in out

    assert cli(["addin", "install", "--dir", str(xlstart)]) == 0
    installed = xlstart / "perfeval_xl.xlam"
    assert installed.is_file()
    out = capsys.readouterr().out
    assert "已安装加载项" in out and "已替换" not in out
    rows = {r[0]: r[1] for r in CalamineWorkbook.from_path(str(installed)).get_sheet_by_index(0).to_python()}
    key = "Interpreter_Mac" if sys.platform == "darwin" else "Interpreter_Win"
    assert rows[key] == sys.executable
    assert Path(rows["PYTHONPATH"]).resolve() == REPO
    assert rows["UDF Modules"] == "perfeval_xl.udfs"

    status = cli(["addin", "status", "--dir", str(xlstart)])
    out = capsys.readouterr().out
    assert f"已安装加载项：{installed}" in out
    assert sys.executable in out and "perfeval_xl.udfs" in out
    # the functions are in the add-in: nothing is left to do in Excel
    assert status == 0 and "函数（SCORE_* 等）：已内置于加载项" in out and "加载项已就绪" in out

    # installing again replaces the add-in in one step, and says so
    assert cli(["addin", "install", "--dir", str(xlstart)]) == 0
    assert f"已安装加载项：{installed}（已替换原有的同名文件）" in capsys.readouterr().out

    assert cli(["addin", "remove", "--dir", str(xlstart)]) == 0
    assert not installed.exists()


def test_status_names_a_missing_interpreter(tmp_path, capsys):
    from perfeval_xl.excel.addin_build import AddinSettings, build

    build(tmp_path, AddinSettings(interpreter_win=str(tmp_path / "gone" / "python.exe"),
                                  interpreter_mac=str(tmp_path / "gone" / "python")))
    assert cli(["addin", "status", "--dir", str(tmp_path)]) == 1
    assert "Python 解释器不存在" in capsys.readouterr().out


def test_install_without_excel_asks_for_the_folder(capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert cli(["addin", "install"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "--dir" in err and "Traceback" not in err
