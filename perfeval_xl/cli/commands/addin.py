"""``perfeval-xl addin build|install|remove|status``: the classic Excel add-in perfeval_xl.xlam.

In the style of ``xlwings addin install|remove|status``; the default folder is the one xlwings picks
(Excel's XLSTART, found through the running or a hidden Excel), ``--dir`` names another one.
``install`` builds the add-in with the interpreter setting pointing at the Python that runs the
command and the functions' VBA module built in, so the finance user configures nothing; on Windows it
then lets a hidden Excel register the functions' Chinese help (:mod:`perfeval_xl.excel.function_help`).
``status`` reads the add-in's VBA modules from the file and compares the functions' module with a freshly
generated one and the xlwings module with the installed xlwings' template.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ...core.errors import PerfevalError


def register(sub) -> None:
    parser = sub.add_parser("addin", help="生成、安装、卸载 Excel 加载项 perfeval_xl.xlam，查看安装状态",
                            description="Excel 加载项 perfeval_xl.xlam（功能区“绩效评分”选项卡和 SCORE_* 函数）。")
    actions = parser.add_subparsers(dest="action", metavar="操作", required=True)

    build = actions.add_parser("build", help="生成加载项文件", description="用本机 xlwings 自带的模板生成 perfeval_xl.xlam。")
    build.add_argument("-o", "--output", default="addin", help="输出文件夹（默认 addin）")
    build.set_defaults(run=run_build)

    for name, help_text, run in (("install", "安装加载项到 Excel 启动文件夹（XLSTART）", run_install),
                                 ("remove", "从 Excel 启动文件夹卸载加载项", run_remove),
                                 ("status", "查看加载项的安装位置、VBA 模块和缺少的设置", run_status)):
        action = actions.add_parser(name, help=help_text, description=help_text + "。")
        action.add_argument("--dir", help="Excel 启动文件夹（XLSTART）；省略时由 xlwings 向 Excel 查询")
        action.set_defaults(run=run)


def run_build(args) -> int:
    from ...core.output_file import replaced_note
    from ...excel.addin_build import ADDIN_NAME, build

    replaced = (Path(args.output) / ADDIN_NAME).is_file()
    path = build(Path(args.output))
    print(f"已生成加载项：{path.resolve()}{replaced_note(replaced)}")
    print("安装到本机 Excel：perfeval-xl addin install")
    return 0


def install_settings():
    """The config sheet values for this machine: this Python and the folder holding perfeval_xl."""
    from ...excel.addin_build import AddinSettings

    import perfeval_xl

    package_parent = str(Path(perfeval_xl.__file__).resolve().parents[1])
    interpreter = sys.executable
    if sys.platform == "darwin":
        return AddinSettings(interpreter_mac=interpreter, pythonpath=package_parent)
    return AddinSettings(interpreter_win=interpreter, pythonpath=package_parent)


def run_install(args) -> int:
    from ...core.output_file import replaced_note
    from ...excel import function_help
    from ...excel.addin_build import ADDIN_NAME, build

    folder = _addin_dir(args.dir)
    _close_in_excel(ADDIN_NAME)
    settings = install_settings()
    replaced = (folder / ADDIN_NAME).is_file()
    path = build(folder, settings)
    print(f"已安装加载项：{path}{replaced_note(replaced)}")
    print(f"加载项使用的 Python：{sys.executable}")
    if function_help.register(path, settings.udf_modules, settings.pythonpath):
        print("SCORE_* 等函数已内置于加载项；“公式”→“插入函数”中有类别“预算绩效评分”和中文说明。")
    else:
        print("SCORE_* 等函数已内置于加载项，可直接使用；“插入函数”中的中文说明要按 docs/addin.md“函数说明”"
              "做一次可选的导入后才显示。")
    if _open_in_excel(path):
        print("已在正在运行的 Excel 中加载。")
    else:
        print("请启动（或重新启动）Excel，功能区会出现“绩效评分”选项卡。")
    return 0


def run_remove(args) -> int:
    from ...excel.addin_build import ADDIN_NAME

    path = _addin_dir(args.dir) / ADDIN_NAME
    if not path.exists():
        print(f"未安装加载项（{path} 不存在），无需卸载。")
        return 0
    _close_in_excel(ADDIN_NAME)
    try:
        path.unlink()
    except PermissionError:
        raise PerfevalError(f"无法删除 {path}：请先退出 Excel 再重试。") from None
    print(f"已卸载加载项：{path}")
    return 0


def run_status(args) -> int:
    """Print what is installed where and any problem; exit 1 when there is one."""
    from ...excel.addin_build import ADDIN_NAME, UDF_MODULES, read_config

    folder = _addin_dir(args.dir)
    path = folder / ADDIN_NAME
    print(f"Excel 启动文件夹（XLSTART）：{folder}")
    if not path.is_file():
        print(f"缺少：未安装加载项（{path} 不存在）。运行 perfeval-xl addin install 安装。")
        return 1
    print(f"已安装加载项：{path}")
    config = read_config(path)
    problems = []
    modules = config.get("UDF Modules", "")
    if modules == UDF_MODULES:
        print(f"函数模块（UDF Modules）：{modules}")
    else:
        problems.append(f"函数模块（UDF Modules）应为 {UDF_MODULES}，现为“{modules or '空'}”")
    key = "Interpreter_Mac" if sys.platform == "darwin" else "Interpreter_Win"
    interpreter = config.get(key, "")
    if not interpreter:
        problems.append(f"未设置 Python 解释器（{key}）")
    elif not Path(interpreter).is_file():
        problems.append(f"加载项设置的 Python 解释器不存在：{interpreter}")
    else:
        print(f"Python 解释器（{key}）：{interpreter}")
    pythonpath = config.get("PYTHONPATH", "")
    if pythonpath and not (Path(pythonpath) / "perfeval_xl").is_dir():
        problems.append(f"PYTHONPATH 中找不到 perfeval_xl：{pythonpath}")
    problems += _vba_problems(path, modules or UDF_MODULES, pythonpath)
    others = sorted(p.name for p in folder.glob("*.xla*") if p.name != ADDIN_NAME)
    if others:
        print(f"该文件夹中的其他加载项：{'、'.join(others)}")
    for item in problems:
        print(f"问题：{item}")
    if not problems:
        print("加载项已就绪。可用 perfeval-xl selfcheck -o 自检.xlsx 生成自检工作簿，在 Excel 中打开核对。")
    return 1 if problems else 0


def _vba_problems(path: Path, udf_modules: str, pythonpath: str) -> list[str]:
    """List the add-in's VBA modules; return what is wrong with the functions' and xlwings' modules."""
    import xlwings

    from ...excel.addin_build import ADDIN_NAME, template_path, vba_project
    from ...excel.vba import project, wrapper

    again = "请重新运行 perfeval-xl addin install"
    try:
        found = {m.name: m for m in project.modules(vba_project(path))}
    except (KeyError, ValueError):
        return [f"加载项中的 VBA 工程无法读取（文件可能已损坏）：{again}"]
    print(f"加载项中的 VBA 模块：{'、'.join(found)}")
    problems = []
    udfs = found.get(wrapper.MODULE)
    if udfs is None:
        problems.append(f"加载项中没有函数模块 {wrapper.MODULE}，单元格中的 SCORE_* 会显示 #NAME?：{again}")
    else:
        try:
            fresh = wrapper.generate(ADDIN_NAME, udf_modules, pythonpath)
        except PerfevalError as error:
            problems.append(str(error))
        else:
            if wrapper.same_source(udfs.source, fresh):
                print(f"函数（SCORE_* 等）：已内置于加载项（模块 {wrapper.MODULE}），与本机生成的一致。")
            else:
                problems.append(f"加载项中的函数模块 {wrapper.MODULE} 与本机的函数不一致（函数有增减，或 xlwings 已升级）："
                                + again)
    strays = [name for name in found if re.fullmatch(re.escape(wrapper.MODULE) + r"\d+", name)]
    if strays:
        problems.append(f"加载项中多出模块 {'、'.join(strays)}（重复导入函数所致，函数重名会使 SCORE_* 出错）：{again}")
    template = {m.name: m for m in project.modules(vba_project(template_path()))}["xlwings"]
    if "xlwings" not in found or not wrapper.same_source(found["xlwings"].source, template.source):
        problems.append(f"加载项中的 xlwings 模块与本机 xlwings {xlwings.__version__} 不一致：{again}")
    return problems


def _addin_dir(folder: str | None) -> Path:
    """The XLSTART folder: ``--dir`` or, on Windows/macOS, the one xlwings finds through Excel."""
    if folder:
        path = Path(folder)
        if path.exists() and not path.is_dir():
            raise PerfevalError(f"{path} 不是文件夹。")
        path.mkdir(parents=True, exist_ok=True)
        return path
    if not sys.platform.startswith(("win", "darwin")):
        raise PerfevalError("本机没有 Excel，无法自动找到 Excel 启动文件夹（XLSTART）。请用 --dir 指定文件夹。")
    from xlwings.cli import get_addin_dir

    try:
        return Path(get_addin_dir())
    except Exception:
        raise PerfevalError("无法向 Excel 查询启动文件夹（XLSTART）。请确认已安装 Excel，或用 --dir 指定文件夹。") \
            from None


def _excel_apps():
    """Running Excel instances (Windows only; elsewhere, or without pywin32, none)."""
    if not sys.platform.startswith("win"):
        return []
    try:
        import xlwings as xw

        return list(xw.apps)
    except Exception:
        return []


def _close_in_excel(name: str) -> None:
    """Close the add-in in every running Excel so that its file can be replaced (as xlwings does)."""
    for app in _excel_apps():
        try:
            app.books[name].close()
        except Exception:
            pass


def _open_in_excel(path: Path) -> bool:
    opened = False
    for app in _excel_apps():
        try:
            app.books.open(str(path))
            opened = True
        except Exception:
            pass
    return opened
