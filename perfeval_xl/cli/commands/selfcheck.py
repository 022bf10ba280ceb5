"""``perfeval-xl selfcheck -o FILE``: write the self-check workbook (see ``perfeval_xl.excel.selfcheck``)."""

from __future__ import annotations

from pathlib import Path

from ...core.errors import PerfevalError

OUTPUT = "perfeval_自检.xlsx"


def register(sub) -> None:
    parser = sub.add_parser("selfcheck", help="生成加载项自检工作簿",
                            description="生成自检工作簿：在装好加载项的 Excel 中打开，“是否正确”列全为 TRUE 即安装正确。")
    parser.add_argument("-o", "--output", default=OUTPUT, help=f"自检工作簿路径（默认 {OUTPUT}）")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ...excel.selfcheck import OVERALL_CELL, write_selfcheck

    path = Path(args.output)
    if path.suffix.lower() != ".xlsx":
        raise PerfevalError(f"自检工作簿须为 .xlsx 文件：{path}")
    try:
        write_selfcheck(path)
    except PermissionError:
        raise PerfevalError(f"无法写入 {path}：文件可能正被 Excel 打开。请关闭后重试。") from None
    print(f"已生成自检工作簿：{path.resolve()}")
    print(f"在 Excel 中打开（需已加载 perfeval_xl 加载项）：单元格 {OVERALL_CELL} 为 TRUE 即全部函数计算正确；")
    print("显示 #NAME? 表示加载项未加载或不完整（运行 perfeval-xl addin status 查看），显示 FALSE 表示结果不对。")
    return 0
