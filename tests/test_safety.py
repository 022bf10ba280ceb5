"""Hostile and broken files are refused with a clear Chinese message before any reader inflates them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hostile_files as hostile
from perfeval_xl.core.errors import PerfevalError
from perfeval_xl.workbooks.safety import check_workbook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> Path:
    return hostile.zip_bomb(tmp_path_factory)


@pytest.fixture
def good(tmp_path) -> Path:
    return hostile.plain_workbook(tmp_path / "good.xlsx", "单位名称")


def refused(path: Path) -> str:
    with pytest.raises(PerfevalError) as caught:
        check_workbook(path)
    return str(caught.value)


def test_a_plain_workbook_passes(good):
    assert check_workbook(good).kind == "xlsx"


def test_an_xls_passes(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("Sheet1").write(0, 0, "三级指标")
    book.save(tmp_path / "old.xls")
    assert check_workbook(tmp_path / "old.xls").kind == "xls"


def test_zip_bomb_is_refused_from_the_directory(zip_bomb):
    assert zip_bomb.stat().st_size < 5 * 1024 * 1024  # the part inflates to 1 GiB
    message = refused(zip_bomb)
    assert "压缩炸弹" in message and "1,024 MB" in message and "xl/worksheets/sheet1.xml" in message


def test_zip_bomb_whose_directory_lies_is_refused_while_inflating(tmp_path):
    path = hostile.lying_bomb(tmp_path / "liar.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1 << 20  # the lie
    assert "实际解压后超过目录声明" in refused(path)


def test_entries_sharing_data_are_refused(tmp_path, good):
    """The overlapping-entry bomb: several directory entries point at the same compressed bytes."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        sheet_offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46:entry + 46 + len(b"xl/styles.xml")] != b"xl/styles.xml":
        entry = data.find(b"PK\x01\x02", entry + 1)
    data[entry + 42:entry + 46] = sheet_offset.to_bytes(4, "little")  # the local header offset field
    path = tmp_path / "overlap.xlsx"
    path.write_bytes(bytes(data))
    assert "共用同一段数据" in refused(path)


def test_billion_laughs_is_refused(tmp_path, good):
    path = hostile.entity_workbook(tmp_path / "laughs.xlsx", good)
    message = refused(path)
    assert "XML实体声明" in message and "xl/worksheets/sheet1.xml" in message


def test_utf16_doctype_is_refused(tmp_path, good):
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tmp_path / "u16.xlsx", "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                data = ('\ufeff<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
                        + text[text.index("?>") + 2:] if text.startswith("<?xml") else
                        '\ufeff<!DOCTYPE x [<!ENTITY a "b">]>' + text).encode("utf-16-le")
            out.writestr(info, data)
    assert "XML实体声明" in refused(tmp_path / "u16.xlsx")


def test_openpyxl_parses_through_defusedxml(tmp_path, good):
    """Without our check openpyxl still refuses entities, because defusedxml is installed."""
    import openpyxl
    from defusedxml import EntitiesForbidden

    assert openpyxl.DEFUSEDXML is True
    path = hostile.entity_workbook(tmp_path / "laughs.xlsx", good)
    with open(path, "rb") as stream, pytest.raises(Exception) as caught:  # openpyxl leaves its own open
        openpyxl.load_workbook(stream)
    chain, error = [], caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in chain)


def test_a_sheet_spanning_the_whole_grid_is_refused(tmp_path):
    """Two cells, A1 and far away: readers would build a dense grid of 400 million cells."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "三级指标"
    wb.active.cell(row=200_000, column=2_000, value="x")
    wb.save(tmp_path / "sparse.xlsx")
    message = refused(tmp_path / "sparse.xlsx")
    assert "第200000行、第2000列" in message


def _with_sheet_xml(path: Path, edit) -> Path:
    """``path`` rewritten with its first worksheet's XML passed through ``edit``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_sheet_whose_dimension_lies_is_refused(tmp_path):
    """The <dimension> claims A1:B2; the cells reach row 200000, column 2000."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "三级指标"
    wb.active.cell(row=200_000, column=2_000, value="x")
    wb.save(tmp_path / "liar.xlsx")
    path = _with_sheet_xml(tmp_path / "liar.xlsx",
                           lambda xml: xml.replace(b'<dimension ref="A1:BXX200000"', b'<dimension ref="A1:B2"'))
    with zipfile.ZipFile(path) as archive:
        assert b'<dimension ref="A1:B2"' in archive.read("xl/worksheets/sheet1.xml")
    assert "第200000行、第2000列" in refused(path)


def test_attributes_ending_in_r_are_no_cell_references(tmp_path):
    """pageSetup's firstPageNumber="1234567" is no row: 13 columns by 3 rows is a small sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    for row in range(1, 4):
        for column in range(1, 14):
            wb.active.cell(row=row, column=column, value=f"{row}-{column}")
    wb.active.page_setup.firstPageNumber = 1234567
    wb.active.page_setup.useFirstPageNumber = True
    wb.save(tmp_path / "pages.xlsx")
    with zipfile.ZipFile(tmp_path / "pages.xlsx") as archive:
        assert b'firstPageNumber="1234567"' in archive.read("xl/worksheets/sheet1.xml")
    assert check_workbook(tmp_path / "pages.xlsx").kind == "xlsx"


def test_encrypted_workbook_is_refused(tmp_path, good):
    path = hostile.encrypted_workbook(tmp_path / "secret.xlsx", good)
    assert "设有打开密码" in refused(path)


@pytest.mark.parametrize("make, words", [
    (lambda p, g: hostile.corrupt_zip(p, g), "已损坏"),
    (lambda p, g: hostile.not_a_workbook(p), "不是Excel工作簿"),
    (lambda p, g: p.write_bytes(b"") and p, "是空的"),
])
def test_broken_files_are_refused(tmp_path, good, make, words):
    path = tmp_path / "broken.xlsx"
    make(path, good)
    assert words in refused(path)


def test_a_word_document_is_not_a_workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", hostile.CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
    assert "不是Excel工作簿" in refused(path)


def _score(path: Path) -> subprocess.CompletedProcess:
    # The timeout only stops a hang from stalling the suite; the refusal itself takes milliseconds.
    return subprocess.run([sys.executable, "-m", "perfeval_xl", "score", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_score_refuses_a_zip_bomb_with_a_clear_message(zip_bomb):
    done = _score(zip_bomb)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("错误：") and "压缩炸弹" in done.stderr
    assert "Traceback" not in done.stderr


def test_score_refuses_an_xml_entity_workbook(tmp_path, good):
    done = _score(hostile.entity_workbook(tmp_path / "laughs.xlsx", good))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("错误：") and "XML实体声明" in done.stderr
