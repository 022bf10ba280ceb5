"""Build the classic Excel add-in ``perfeval_xl.xlam`` from the add-in template inside xlwings.

Why a builder and not a committed binary: the add-in's VBA must be the VBA of the xlwings version
that runs the functions (its DLL name carries the version), so the file is made from the template of
the installed xlwings (``xlwings quickstart NAME --addin --ribbon`` copies the same file). Nothing is
edited by hand and no Excel is needed. The builder changes three text parts of the template and adds
one VBA module:

* ``customUI/customUI.xml``: ``addin/customUI.xml``, a Chinese ribbon tab 绩效评分 whose button calls the
  template's one ribbon callback ``RibbonMyAddin.RunMain`` (module RibbonMyAddin, ``control As IRibbonControl``). RunMain runs ``import perfeval_xl; perfeval_xl.main()`` because
  it imports the module named like the add-in file, hence the file name ``perfeval_xl.xlam``.
* ``xl/workbook.xml``: the config sheet ``_myaddin.conf`` renamed ``myaddin.conf``; the template's VBA
  (``PROJECT_NAME = "myaddin"``) reads ``PROJECT_NAME & ".conf"`` only.
* the config sheet's values (``xl/worksheets/sheet1.xml`` + ``xl/sharedStrings.xml``):
  "UDF Modules" = ``perfeval_xl.udfs`` and, when given, "Interpreter_Win"/"Interpreter_Mac" and
  "PYTHONPATH" (``addin install`` sets them so that a finance user configures nothing).
* ``xl/vbaProject.bin``: the template's five modules unchanged plus the standard module ``xlwings_udfs``
  holding the VBA wrappers of every function of the UDF modules, as xlwings' ``import_udfs`` would import
  them (:mod:`.vba.wrapper`, :mod:`.vba.project`), so SCORE_* work right after install: no Trust Center
  change, no VBA editor. The template stores no p-code (``_VBA_PROJECT`` version 0xFFFF), so Office
  compiles every module from source, the new one included.

The zip is written deterministically ([Content_Types].xml first, then the parts sorted, fixed
timestamps), so two builds from the same xlwings give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from ..core.errors import PerfevalError
from .addin import RIBBON
from .vba import project, wrapper

ADDIN_NAME = "perfeval_xl.xlam"
UDF_MODULES = "perfeval_xl.udfs"
#: The sheet the template's VBA reads its settings from (PROJECT_NAME & ".conf").
CONFIG_SHEET = "myaddin.conf"
TEMPLATE_CONFIG_SHEET = "_myaddin.conf"

CUSTOM_UI = "customUI/customUI.xml"
WORKBOOK = "xl/workbook.xml"
CONFIG_PART = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
VBA_PART = "xl/vbaProject.bin"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)



@dataclass(frozen=True)
class AddinSettings:
    """Values written into the add-in's config sheet (empty: left unset, xlwings' defaults apply)."""

    udf_modules: str = UDF_MODULES
    interpreter_win: str = ""
    interpreter_mac: str = ""
    pythonpath: str = ""

    def rows(self) -> dict[str, str]:
        """Config key as the template's sheet spells it (column A) → value (column B)."""
        return {"Interpreter_Win": self.interpreter_win, "Interpreter_Mac": self.interpreter_mac,
                "PYTHONPATH": self.pythonpath, "UDF Modules": self.udf_modules}


def template_path() -> Path:
    """The ribbon add-in template shipped inside the installed xlwings."""
    import xlwings

    path = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    if not path.is_file():
        raise PerfevalError(f"未找到 xlwings 自带的加载项模板：{path}。请重新安装 xlwings。")
    return path


def build_bytes(settings: AddinSettings = AddinSettings()) -> bytes:
    """The add-in file's bytes: the template with the ribbon, config sheet name and values set."""
    with zipfile.ZipFile(template_path()) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts[CUSTOM_UI] = RIBBON.read_bytes()
    parts[WORKBOOK] = _rename_config_sheet(parts[WORKBOOK].decode("utf-8")).encode("utf-8")
    sheet, strings = _set_config(parts[CONFIG_PART].decode("utf-8"), parts[SHARED_STRINGS].decode("utf-8"),
                                 settings.rows())
    parts[CONFIG_PART], parts[SHARED_STRINGS] = sheet.encode("utf-8"), strings.encode("utf-8")
    parts[VBA_PART] = _with_udf_wrappers(parts[VBA_PART], settings)
    return _zip(parts)


def _with_udf_wrappers(vba_project: bytes, settings: AddinSettings) -> bytes:
    """The template's VBA project plus the module ``xlwings_udfs`` generated for ``settings.udf_modules``."""
    source = wrapper.generate(ADDIN_NAME, settings.udf_modules, settings.pythonpath)
    try:
        return project.add_module(vba_project, wrapper.MODULE, source)
    except ValueError as error:  # a template not laid out as expected, or a non-ASCII wrapper
        raise PerfevalError(f"无法把函数模块写入加载项（{error}），请联系维护人员。") from None


def build(out_dir: Path | str, settings: AddinSettings = AddinSettings()) -> Path:
    """Write ``out_dir/perfeval_xl.xlam`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ADDIN_NAME
    data = build_bytes(settings)
    try:
        path.write_bytes(data)
    except PermissionError:
        raise PerfevalError(f"无法写入 {path}：文件可能正被 Excel 打开。请关闭 Excel 后重试。") from None
    return path


def read_config(path: Path | str) -> dict[str, str]:
    """The config sheet of an add-in file as {key: value} (used by ``addin status``)."""
    with zipfile.ZipFile(path) as z:
        sheet = z.read(CONFIG_PART).decode("utf-8")
        strings = _shared_strings(z.read(SHARED_STRINGS).decode("utf-8"))
    cells = {}
    for ref, attrs, body in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet):
        value = re.search(r"<v>(.*?)</v>", body or "")
        if value is None:
            continue
        text = value.group(1)
        if 't="s"' in attrs:
            text = strings[int(text)]
        elif 't="b"' in attrs:
            text = "TRUE" if text == "1" else "FALSE"
        cells[ref] = _unescape(text)
    return {cells[ref]: cells.get("B" + ref[1:], "") for ref in cells if ref.startswith("A")}


def vba_project(path: Path | str) -> bytes:
    """The add-in's VBA project (``xl/vbaProject.bin``; its modules are read by ``addin status``)."""
    with zipfile.ZipFile(path) as z:
        return z.read(VBA_PART)


def _rename_config_sheet(workbook: str) -> str:
    workbook = _replace_once(workbook, f'<sheet name="{TEMPLATE_CONFIG_SHEET}"', f'<sheet name="{CONFIG_SHEET}"')
    # The template records the path of its author's checkout; drop it (it means nothing elsewhere).
    return re.sub(r"<mc:AlternateContent[^>]*><mc:Choice Requires=\"x15\"><x15ac:absPath .*?</mc:AlternateContent>",
                  "", workbook, count=1)


def _shared_strings(sst: str) -> list[str]:
    return [_unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si))) for si in re.findall(r"<si>(.*?)</si>", sst)]


def _set_config(sheet: str, sst: str, values: dict[str, str]) -> tuple[str, str]:
    """Put each non-empty value in column B beside its key in column A (keys as the template has them)."""
    strings = _shared_strings(sst)
    added: list[str] = []
    for key, value in values.items():
        if not value:
            continue
        if key not in strings:
            raise PerfevalError(f"xlwings 的加载项模板中没有配置项“{key}”，无法生成加载项。")
        index = strings.index(key)
        row = re.search(rf'<row r="(\d+)" spans="1:1"([^>]*)><c r="A\1" s="(\d+)" t="s"><v>{index}</v></c></row>',
                        sheet)
        if row is None:
            raise PerfevalError(f"xlwings 的加载项模板中配置项“{key}”的位置与预期不同，无法生成加载项。")
        r, rest, style = row.groups()
        added.append(value)
        filled = (f'<row r="{r}" spans="1:2"{rest}><c r="A{r}" s="{style}" t="s"><v>{index}</v></c>'
                  f'<c r="B{r}" s="{style}" t="s"><v>{len(strings) + len(added) - 1}</v></c></row>')
        sheet = sheet.replace(row.group(0), filled, 1)
    if added:
        count = len(strings) + len(added)
        sst = re.sub(r'count="\d+" uniqueCount="\d+"', f'count="{count}" uniqueCount="{count}"', sst, count=1)
        sst = _replace_once(sst, "</sst>", "".join(f"<si><t>{escape(v)}</t></si>" for v in added) + "</sst>")
    return sheet, sst


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise PerfevalError("xlwings 的加载项模板与预期不同（可能是新版本），无法生成加载项，请联系维护人员。")
    return text.replace(old, new)


def _unescape(text: str) -> str:
    return unescape(text, {"&quot;": '"', "&apos;": "'"})


def _zip(parts: dict[str, bytes]) -> bytes:
    """A zip with [Content_Types].xml first, the other parts sorted, fixed timestamps and attributes."""
    order = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()
