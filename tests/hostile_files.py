"""Broken and hostile files for the safety and batch tests, built cheaply on the fly.

The 1 GiB zip bomb is deflated from zeros in 1 MiB chunks (about 1 MB on disk, two seconds to make)
and built once per test session.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

_CACHE: dict[str, Path] = {}
GIB = 1 << 30
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')


def plain_workbook(path: Path, text: str = "x") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = text
    wb.save(path)
    return path


def zip_bomb(tmp_path_factory) -> Path:
    """An .xlsx whose worksheet part inflates to 1 GiB of zeros (made once per session)."""
    if "bomb" not in _CACHE:
        path = tmp_path_factory.mktemp("bomb") / "zip_bomb.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("xl/workbook.xml", b"<workbook/>")
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                chunk = bytes(1 << 20)
                for _ in range(GIB // len(chunk)):
                    part.write(chunk)
        _CACHE["bomb"] = path
    return _CACHE["bomb"]


def lying_bomb(path: Path, real_size: int = 300 << 20, declared: int = 1 << 20) -> Path:
    """A part of ``real_size`` zeros whose zip directory claims it inflates to ``declared`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = bytes(1 << 20)
            for _ in range(real_size // len(chunk)):
                part.write(chunk)
    data = bytearray(path.read_bytes())
    real = struct.pack("<I", real_size)
    fake = struct.pack("<I", declared)
    # The uncompressed size sits in the local header (offset 22), the data descriptor and the central
    # directory entry (offset 24); patch every copy after the part's name.
    name = b"xl/worksheets/sheet1.xml"
    start = 0
    while (i := data.find(name, start)) >= 0:
        start = i + 1
        for offset in range(max(0, i - 46), i):
            if data[offset:offset + 4] == real:
                data[offset:offset + 4] = fake
    descriptor = data.find(b"PK\x07\x08")
    while descriptor >= 0:
        if data[descriptor + 12:descriptor + 16] == real:
            data[descriptor + 12:descriptor + 16] = fake
        descriptor = data.find(b"PK\x07\x08", descriptor + 1)
    path.write_bytes(bytes(data))
    return path


BILLION_LAUGHS = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + "]>\n")


def entity_workbook(path: Path, source: Path, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """``source`` (with at least one text cell) with a billion-laughs DOCTYPE before ``part``'s root
    element and the last entity used in its first string."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                body = data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else data
                body = body.replace(b"<t>", b"<t>&lol9;", 1)
                data = BILLION_LAUGHS.encode() + body.lstrip()
            out.writestr(info, data)
    return path


def encrypted_workbook(path: Path, source: Path, password: str = "1234") -> Path:
    import msoffcrypto

    with open(source, "rb") as plain:
        out = io.BytesIO()
        msoffcrypto.OfficeFile(plain).encrypt(password, out)
    path.write_bytes(out.getvalue())
    return path


def corrupt_zip(path: Path, source: Path) -> Path:
    """The first half of a good workbook: the zip directory at the end is missing."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def not_a_workbook(path: Path) -> Path:
    path.write_text("单位名称,总分\n某单位,95\n", encoding="utf-8")
    return path


def last_row_without_refs(path: Path, source: Path, cells: int = 16_384) -> Path:
    """``source`` whose first sheet claims the whole grid (A1:XFD1048576) and holds one row at 1048576
    of ``cells`` cells that carry no ``r`` reference (readers must count them rather than trust refs)."""
    import re

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', data)
                start, end = data.index(b"<sheetData"), data.index(b"</sheetData>") + len(b"</sheetData>")
                row = b'<row r="1048576">' + b'<c t="n"><v>1</v></c>' * cells + b"</row>"
                data = data[:start] + b"<sheetData>" + row + b"</sheetData>" + data[end:]
            out.writestr(info, data)
    return path


def whole_grid_row(path: Path, source: Path, cells: int = 16_384) -> Path:
    """``source`` whose first sheet has A1 and, in row 1048576, ``cells`` cells without references:
    calamine sizes its grid from A1 to the last of them and asks for 512 GiB (a Rust abort that no
    exception handler sees)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index(b"<sheetData"), data.index(b"</sheetData>") + len(b"</sheetData>")
                rows = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576">'
                        + b"<c><v>1</v></c>" * cells + b"</row>")
                data = data[:start] + b"<sheetData>" + rows + b"</sheetData>" + data[end:]
            out.writestr(info, data)
    return path


def padded(path: Path, source: Path, size: int) -> Path:
    """``source`` with a stored part of ``size`` random bytes (a large but harmless file)."""
    import os

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr(zipfile.ZipInfo("xl/media/padding.bin"), os.urandom(size), compress_type=zipfile.ZIP_STORED)
    return path


def bad_files(folder: Path, good: Path, tmp_path_factory, minutes: str) -> None:
    """The bad files a bureau's folder holds beside the units, each built from the good unit ``good``:
    a corrupt zip, a non-workbook, an empty workbook, a workbook of meeting minutes (``minutes`` in A1),
    an encrypted one, an entity bomb, a zip bomb, and a text file that is no workbook at all."""
    corrupt_zip(folder / "坏压缩包.xlsx", good)
    not_a_workbook(folder / "不是工作簿.xlsx")
    plain_workbook(folder / "空工作簿.xlsx", None)
    plain_workbook(folder / "会议纪要.xlsx", minutes)
    encrypted_workbook(folder / "加密.xlsx", good)
    entity_workbook(folder / "实体.xlsm", good)
    (folder / "压缩炸弹.xlsx").write_bytes(zip_bomb(tmp_path_factory).read_bytes())
    (folder / "说明.txt").write_text("不是工作簿，也不该被读", encoding="utf-8")
