"""Defences against hostile or broken workbook files, run before any reader opens them.

Finance bureaus score workbooks that units send in, so a file may be corrupt, password-protected,
not a workbook at all, or built to hurt the reader: a zip bomb (a small file whose parts inflate to
gigabytes) or an XML entity bomb ("billion laughs"). :func:`check_workbook` looks at the file without
inflating anything large and raises :class:`UnsafeWorkbookError` with a Chinese message a finance
user can act on; every reader (``workbook_io``, ``batch``) calls it first.

What is checked:

- the first bytes: an OOXML zip (.xlsx/.xlsm) or an OLE compound file (.xls, or an encrypted OOXML
  package, which Excel stores as OLE); anything else is not a workbook;
- OLE files: encryption (msoffcrypto-tool reads the EncryptionInfo stream or the FILEPASS record)
  and the presence of a Workbook stream;
- zip files: the central directory only: the number of parts, each part's declared size, the total,
  the compression ratio of large parts, entries that overlap or run past the end of the file
  (the overlapping-entry zip bomb), zip-level encryption; and for parts whose compressed size could
  inflate past the limit, the real inflated size, counted in a bounded stream so that a directory
  that lies about sizes is caught too;
- worksheets: the cells themselves, counted whether or not they carry an ``r`` reference (a row of
  16,384 cells without references is as large as one with them), in the same pass that notes which
  cells hold an error value and which are %-formatted (:class:`SheetFacts`), so that a reader that
  cannot see formats or errors (python-calamine) needs no second look at the file;
- XML parts: the prolog before the root element, where a DOCTYPE (and so any ENTITY declaration)
  would have to be. OOXML never uses one. openpyxl additionally parses through defusedxml (it does so
  by itself whenever defusedxml is installed, a runtime dependency for that reason); calamine has no
  such switch, hence this check.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import PerfevalError
from ..core.values import is_percent_format

MB = 1024 * 1024
#: Largest inflated size of one part, and of all parts together.
PART_LIMIT = 200 * MB
TOTAL_LIMIT = 200 * MB
#: Parts larger than this must not compress better than RATIO_LIMIT : 1 (real sheets reach ~20 : 1).
RATIO_CHECK_SIZE = 10 * MB
RATIO_LIMIT = 100
#: Deflate cannot inflate beyond about 1032 : 1, so a part whose compressed size times this stays
#: under PART_LIMIT is safe whatever the directory says.
DEFLATE_MAX_RATIO = 1032
#: More parts than this is not a workbook a unit fills in (and an attack on directory parsing).
MAX_PARTS = 10_000
#: Largest .xls (stored uncompressed, so the file size bounds what a reader loads).
XLS_LIMIT = 200 * MB
#: How far into an XML part the root element must start (the prolog is a few hundred bytes).
PROLOG_LIMIT = 64 * 1024
#: Largest sheet extent (rows × columns up to the last used cell). Readers build a dense grid of that
#: size, so two cells at A1 and XFD1048576 in a 5 KB file would otherwise ask for gigabytes.
MAX_SHEET_CELLS = 5_000_000

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHEET_PART = re.compile(r"^xl/(?:worksheets|macrosheets|dialogsheets)/[^/]+\.xml$", re.IGNORECASE)
#: The r attribute of rows (r="12") and cells (r="B12"); no other SpreadsheetML element has one.
_REF = re.compile(rb'\sr="([A-Z]{0,3})([0-9]{1,7})"')
#: The same references found about twice as fast (a pattern that starts with a literal lets the regex
#: engine skip ahead). It also matches other attributes whose name ends in r, so it can only overstate
#: the extent: within the limit it settles the check, beyond it _REF decides.
_REF_SUPERSET = re.compile(rb'r="([A-Z]{0,3})([0-9]{1,7})"')


#: Row and cell start tags in document order, for sheets whose cells carry no r (positions counted).
_ROW_OR_CELL = re.compile(rb"<(row|c)\b([^>]*?)(/?)>")
_ATTR_R = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,7})"')
_ATTR_S = re.compile(rb'\bs="([0-9]{1,6})"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<v>([^<]{0,16})</v>")
#: Built-in number formats that show a percentage (ECMA-376 18.8.30).
BUILTIN_PERCENT_FORMATS = frozenset({9, 10})


class UnsafeWorkbookError(PerfevalError):
    """A file that is not a readable workbook, or that readers must not open; the message says why."""


@dataclass(frozen=True)
class SheetFacts:
    """What the safety pass saw in one worksheet's XML, 0-based (row, column) as readers index grids.

    Attributes:
        cells: how many cell elements the sheet holds.
        errors: cells holding an Excel error value (#N/A, #DIV/0! …), by position.
        percent: cells whose number format shows a percentage.
    """

    cells: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    percent: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class CheckedWorkbook:
    """What :func:`check_workbook` found: ``kind`` is "xlsx" (OOXML zip) or "xls" (BIFF in OLE);
    ``sheets`` the facts of each worksheet by its name (xlsx only)."""

    path: Path
    kind: str
    size: int
    sheets: dict[str, SheetFacts] = field(default_factory=dict)


def check_workbook(path: str | os.PathLike) -> CheckedWorkbook:
    """Check that ``path`` is a workbook that is safe to hand to openpyxl, xlrd or calamine.

    Reads the file's header, the zip central directory and the first bytes of each XML part; never
    inflates a part that could exceed the limits.

    Returns:
        A CheckedWorkbook saying which reader family applies ("xlsx" or "xls").

    Raises:
        UnsafeWorkbookError (a PerfevalError) with a Chinese message: missing file, empty file,
        not a workbook, corrupt, encrypted, too large / zip bomb, XML entity declarations.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UnsafeWorkbookError(f"找不到文件“{path}”") from None
    except IsADirectoryError:
        raise UnsafeWorkbookError(f"“{path}”是文件夹，不是工作簿文件") from None
    except OSError as error:
        raise UnsafeWorkbookError(f"无法读取文件“{name}”：{error.strerror or error}") from None
    if size == 0:
        raise UnsafeWorkbookError(f"文件“{name}”是空的（0字节），不是Excel工作簿")
    if head.startswith(ZIP_MAGIC):
        return CheckedWorkbook(path, "xlsx", size, _check_zip(path, size))
    if head == OLE_MAGIC:
        _check_ole(path, size)
        return CheckedWorkbook(path, "xls", size)
    raise UnsafeWorkbookError(f"文件“{name}”不是Excel工作簿（.xlsx/.xlsm/.xls），无法读取；"
                              f"请确认文件没有被改名或损坏")


def _corrupt(name: str, what: str) -> UnsafeWorkbookError:
    return UnsafeWorkbookError(f"文件“{name}”已损坏，无法作为Excel工作簿打开（{what}）；请让报送单位重新导出")


def _bomb(name: str, part: str, what: str) -> UnsafeWorkbookError:
    return UnsafeWorkbookError(f"文件“{name}”中的“{part}”{what}，超出安全上限，疑似恶意的压缩炸弹文件，"
                               f"已拒绝读取")


def _megabytes(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n / MB:.1f} MB"


def _check_zip(path: Path, size: int) -> dict[str, SheetFacts]:
    """Check an OOXML package; the facts of each worksheet by sheet name."""
    name = path.name
    with open(path, "rb") as handle:
        try:
            infos = zipfile.ZipFile(handle).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise _corrupt(name, f"压缩包目录无法读取：{error}") from None
        if len(infos) > MAX_PARTS:
            raise _bomb(name, "压缩包", f"含有{len(infos)}个部件（上限{MAX_PARTS}个）")
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names:
            raise UnsafeWorkbookError(f"文件“{name}”是压缩包但不是Excel工作簿（缺少[Content_Types].xml）")
        if not any(n.startswith("xl/workbook") for n in names):
            raise UnsafeWorkbookError(f"文件“{name}”不是Excel工作簿（可能是Word或PowerPoint文件，"
                                      f"缺少xl/workbook.xml）")
        _check_directory(name, infos, size)
        by_part: dict[str, SheetFacts] = {}
        try:
            small = {}  # the few small parts that say which styles show % and which part is which sheet
            for info in infos:
                if info.compress_size * DEFLATE_MAX_RATIO > PART_LIMIT and info.compress_type != zipfile.ZIP_STORED:
                    _check_real_size(handle, name, info)
                if info.filename in _BOOK_PARTS:
                    small[info.filename] = _inflate(handle, name, info, info.file_size + 1)
                    _check_prolog(name, info, small[info.filename])
            percent_styles = _percent_styles(small.get("xl/styles.xml", b""))
            for info in infos:
                if _SHEET_PART.match(info.filename):
                    data = _inflate(handle, name, info, info.file_size + 1)
                    if len(data) > info.file_size:
                        raise _bomb(name, info.filename, f"实际解压后超过目录声明的{_megabytes(info.file_size)}")
                    _check_prolog(name, info, data)
                    by_part[info.filename] = _check_extent(name, info, data, percent_styles)
                elif info.filename.lower().endswith(XML_SUFFIXES) and info.filename not in _BOOK_PARTS:
                    head = _inflate(handle, name, info, min(info.file_size, 4096))
                    if _prolog(_decode_head(head)) is None and len(head) < info.file_size:
                        head = _inflate(handle, name, info, min(info.file_size, PROLOG_LIMIT))
                    _check_prolog(name, info, head)
        except zlib.error as error:
            raise _corrupt(name, f"部件无法解压：{error}") from None
    return _by_sheet_name(small.get("xl/workbook.xml", b""), small.get("xl/_rels/workbook.xml.rels", b""), by_part)


_BOOK_PARTS = frozenset({"xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"})
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*>")  # one linear scan per tag; attributes read after
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_XF_NUMFMT = re.compile(rb'\bnumFmtId="([0-9]+)"')
_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?>')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")


def _attr(tag: bytes, name: bytes) -> str | None:
    m = re.search(rb'\b' + name + rb'="([^"]*)"', tag)
    return None if m is None else m.group(1).decode("utf-8", "replace")


def _percent_styles(styles: bytes) -> frozenset[int]:
    """Style indices (the ``s`` of a cell) whose number format shows a percentage."""
    custom = {}
    for tag in _NUM_FMT.findall(styles):
        fmt_id, code = _attr(tag, b"numFmtId"), _attr(tag, b"formatCode")
        if fmt_id is not None and fmt_id.isdigit() and code is not None:
            custom[int(fmt_id)] = _unescape(code)
    start = styles.find(b"cellXfs")
    end = styles.find(b"cellXfs", start + 1)
    if start < 0:
        return frozenset()
    found = set()
    for index, xf in enumerate(_XF.findall(styles, start, end if end > 0 else len(styles))):
        m = _XF_NUMFMT.search(xf)
        fmt_id = int(m.group(1)) if m else 0
        if fmt_id in BUILTIN_PERCENT_FORMATS or is_percent_format(custom.get(fmt_id)):
            found.add(index)
    return frozenset(found)


def _by_sheet_name(workbook: bytes, rels: bytes, by_part: dict[str, SheetFacts]) -> dict[str, SheetFacts]:
    """Sheet name → facts, through workbook.xml's r:id and the workbook's relationships."""
    targets = {}
    for tag in _REL.findall(rels):
        rel_id, target = _attr(tag, b"Id"), _attr(tag, b"Target")
        if rel_id and target:
            target = target.lstrip("/")
            targets[rel_id] = target if target.startswith("xl/") else "xl/" + target
    out = {}
    for tag in _SHEET_ENTRY.findall(workbook):
        sheet, rel_id = _attr(tag, b"name"), _attr(tag, b"r:id") or _attr(tag, b"id")
        part = targets.get(rel_id or "")
        if sheet is not None and part in by_part:
            out[_unescape(sheet)] = by_part[part]
    return out


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _check_directory(name: str, infos: list[zipfile.ZipInfo], size: int) -> None:
    """Sizes, ratios, encryption and overlap, from the central directory alone."""
    total = 0
    spans = []
    for info in infos:
        part = info.filename
        if info.flag_bits & 0x1:
            raise UnsafeWorkbookError(f"文件“{name}”中的“{part}”设有压缩包密码（已加密），无法读取；"
                                      f"请去掉密码后再提交")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _corrupt(name, f"“{part}”使用了Excel不用的压缩方式{info.compress_type}")
        if info.file_size > PART_LIMIT:
            raise _bomb(name, part, f"解压后有{_megabytes(info.file_size)}（上限{_megabytes(PART_LIMIT)}）")
        if info.file_size > RATIO_CHECK_SIZE and info.file_size > RATIO_LIMIT * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _bomb(name, part, f"压缩比高达{ratio:,.0f}:1（解压后{_megabytes(info.file_size)}）")
        total += info.file_size
        if total > TOTAL_LIMIT:
            raise _bomb(name, "全部部件", f"解压后合计超过{_megabytes(TOTAL_LIMIT)}")
        if info.header_offset + info.compress_size > size:
            raise _corrupt(name, f"“{part}”超出了文件末尾，文件可能没有传完整")
        spans.append((info.header_offset, info.header_offset + 30 + len(info.orig_filename.encode()) +
                      info.compress_size, part))
    spans.sort()
    for (start, end, part), (next_start, _, _) in zip(spans, spans[1:]):
        if next_start < end and next_start != start:
            raise _bomb(name, part, "与其他部件的数据相互重叠")
        if next_start == start:
            raise _bomb(name, part, "与其他部件共用同一段数据")


def _data_offset(handle, name: str, info: zipfile.ZipInfo) -> int:
    """Where a part's compressed bytes start: after its local header, name and extra field."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _corrupt(name, f"“{info.filename}”的本地文件头不正确")
    return info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")


def _inflate(handle, name: str, info: zipfile.ZipInfo, want: int) -> bytes:
    """The first ``want`` inflated bytes of a part (fewer if it is shorter), read straight from the file."""
    handle.seek(_data_offset(handle, name, info))
    if info.compress_type == zipfile.ZIP_STORED:
        return handle.read(min(want, info.compress_size))
    inflater = zlib.decompressobj(-15)
    pieces, got, left, pending = [], 0, info.compress_size, b""
    while got < want and not inflater.eof:
        if not pending:
            if left <= 0:
                break
            pending = handle.read(min(left, 1 << 16))
            if not pending:
                break
            left -= len(pending)
        piece = inflater.decompress(pending, want - got)
        pending = inflater.unconsumed_tail
        pieces.append(piece)
        got += len(piece)
    return b"".join(pieces)


def _check_real_size(handle, name: str, info: zipfile.ZipInfo) -> None:
    """Inflate a part in bounded chunks, keeping nothing, and stop as soon as it exceeds its declared size."""
    handle.seek(_data_offset(handle, name, info))
    inflater = zlib.decompressobj(-15)
    left = info.compress_size
    produced = 0
    limit = min(info.file_size, PART_LIMIT)
    while left > 0 and not inflater.eof:
        chunk = handle.read(min(left, 1 << 16))
        if not chunk:
            break
        left -= len(chunk)
        while chunk:
            produced += len(inflater.decompress(chunk, 1 << 20))
            chunk = inflater.unconsumed_tail
            if produced > limit:
                raise _bomb(name, info.filename, f"实际解压后超过目录声明的{_megabytes(info.file_size)}"
                                                 f"（上限{_megabytes(PART_LIMIT)}）")


def _check_prolog(name: str, info: zipfile.ZipInfo, head: bytes) -> None:
    """No DOCTYPE (hence no ENTITY) may precede the root element of an XML part."""
    text = _decode_head(head[:PROLOG_LIMIT])
    prolog = _prolog(text)
    if prolog is None:
        if len(head) >= PROLOG_LIMIT:
            raise UnsafeWorkbookError(f"文件“{name}”中的“{info.filename}”开头有异常长的XML前言，"
                                      f"可能是恶意文件，已拒绝读取")
        prolog = text
    upper = prolog.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise UnsafeWorkbookError(f"文件“{name}”中的“{info.filename}”含有XML实体声明（DOCTYPE/ENTITY），"
                                  f"Excel工作簿不会有这种内容，可能是恶意文件（XML炸弹），已拒绝读取")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_extent(name: str, info: zipfile.ZipInfo, data: bytes, percent_styles: frozenset[int]) -> SheetFacts:
    """The worksheet's cells counted and its extent bounded; its error and %-formatted cells noted."""
    if not data.lstrip().startswith(b"<"):  # UTF-16 (Excel never writes it, a crafted file might)
        data = _decode_head(data).encode("utf-8")
    cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
    if cells > MAX_SHEET_CELLS:
        raise UnsafeWorkbookError(
            f"文件“{name}”中的工作表“{info.filename}”有{cells:,}个单元格（上限{MAX_SHEET_CELLS:,}个），"
            f"疑似恶意文件，已拒绝读取；如确有这么大的表，请删除多余的行列后再提交")
    if data.count(b'<c r="') == cells:
        last_row, last_column = _extent(_REF_SUPERSET.findall(data))
        if last_row * last_column > MAX_SHEET_CELLS:
            last_row, last_column = _extent(_REF.findall(data))
        errors, percent = _marked_cells(data, percent_styles)
    else:  # cells without references: their positions follow from the order of rows and cells
        last_row, last_column, errors, percent = _walk_cells(data, percent_styles)
    if last_row * last_column > MAX_SHEET_CELLS:
        raise UnsafeWorkbookError(
            f"文件“{name}”中的工作表“{info.filename}”用到第{last_row}行、第{last_column}列，"
            f"读取时要展开{last_row * last_column:,}个单元格（上限{MAX_SHEET_CELLS:,}个），"
            f"疑似恶意文件，已拒绝读取；如确有这么大的表，请删除多余的行列后再提交")
    return SheetFacts(cells, errors, frozenset(percent))


def _marked_cells(data: bytes, percent_styles: frozenset[int]):
    """Error and %-formatted cells of a sheet whose cells all carry r: found from their ``t="e"`` and
    ``s="…"`` attributes (bytes.find speed), each looked up in its own cell tag, whatever the order."""
    errors, percent = {}, set()
    marks = [(rb' t="e"', None)] + [(b' s="%d"' % style, style) for style in sorted(percent_styles)]
    for mark, style in marks:
        at = data.find(mark)
        while at >= 0:
            start = data.rfind(b"<", 0, at)
            end = data.find(b">", at)
            tag = data[start:end + 1]
            ref = _ATTR_R.search(tag)
            if tag.startswith(b"<c ") and ref is not None and ref.group(1):
                cell = (int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)
                if style is not None:
                    percent.add(cell)
                elif not tag.endswith(b"/>"):
                    value = _VALUE.search(data, end, end + 400)
                    errors[cell] = value.group(1).decode("ascii", "replace") if value else "#VALUE!"
            at = data.find(mark, at + 1)
    return errors, percent


def _note(m, data: bytes, cell, percent_styles, errors, percent) -> None:
    attrs = m.group(2)
    style = _ATTR_S.search(attrs)
    if style and int(style.group(1)) in percent_styles:
        percent.add(cell)
    if _ERROR_TYPE.search(attrs) and not m.group(3).endswith(b"/"):
        value = _VALUE.search(data, m.end(), m.end() + 400)
        errors[cell] = value.group(1).decode("ascii", "replace") if value else "#VALUE!"


def _walk_cells(data: bytes, percent_styles: frozenset[int]):
    """(last row, last column, errors, percent cells) of a sheet whose cells may lack r references."""
    row = last_row = last_column = 0
    column = 0
    errors, percent = {}, set()
    for m in _ROW_OR_CELL.finditer(data):
        ref = _ATTR_R.search(m.group(2))
        if m.group(1) == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
            last_row = max(last_row, row)
            continue
        if ref and ref.group(1):
            column = _column_number(ref.group(1))
            row = int(ref.group(2))
        else:
            column += 1
        last_row, last_column = max(last_row, row), max(last_column, column)
        _note(m, data, (row - 1, column - 1), percent_styles, errors, percent)
    return last_row, last_column, errors, percent


def _extent(refs: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """(last row, last column) of (column letters, row digits) references."""
    last_row = max((int(r) for r in {r for _, r in refs}), default=0)
    last_column = max((_column_number(c) for c in {c for c, _ in refs}), default=0)
    return last_row, last_column


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head[:4] in (b"<\x00?\x00", b"<\x00!\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head[:4] in (b"\x00<\x00?", b"\x00<\x00!"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace")


def _prolog(text: str) -> str | None:
    """The text before the root element's start tag, or None when the root does not start in ``text``."""
    i = 0
    while True:
        i = text.find("<", i)
        if i < 0 or i + 1 >= len(text):
            return None
        nxt = text[i + 1]
        if nxt == "?":  # XML declaration or processing instruction
            end = text.find("?>", i)
        elif text.startswith("<!--", i):
            end = text.find("-->", i)
        elif nxt == "!":  # DOCTYPE: the prolog so far already holds it
            return text[: i + 9]
        else:
            return text[:i]
        if end < 0:
            return None
        i = end + 2


def _check_ole(path: Path, size: int) -> None:
    import msoffcrypto
    import olefile

    name = path.name
    if size > XLS_LIMIT:
        raise _bomb(name, "文件", f"有{_megabytes(size)}（上限{_megabytes(XLS_LIMIT)}）")
    try:
        with open(path, "rb") as handle:
            ole = olefile.OleFileIO(handle)
            streams = {"/".join(entry) for entry in ole.listdir()}
            if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
                raise UnsafeWorkbookError(f"工作簿“{name}”设有打开密码（已加密），无法读取；"
                                          f"请让报送单位去掉密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后再提交")
            if "Workbook" not in streams and "Book" not in streams:
                raise UnsafeWorkbookError(f"文件“{name}”不是Excel工作簿（可能是Word或其他Office文件）")
            handle.seek(0)
            encrypted = msoffcrypto.OfficeFile(handle).is_encrypted()
    except UnsafeWorkbookError:
        raise
    except Exception as error:  # olefile/msoffcrypto raise many kinds on a broken file
        raise _corrupt(name, f"OLE结构无法读取：{type(error).__name__}") from None
    if encrypted:
        raise UnsafeWorkbookError(f"工作簿“{name}”设有打开密码（已加密），无法读取；请让报送单位去掉密码后再提交")


__all__ = ["CheckedWorkbook", "SheetFacts", "UnsafeWorkbookError", "check_workbook"]
