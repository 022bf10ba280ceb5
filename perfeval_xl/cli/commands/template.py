"""``perfeval-xl template``: write the self-evaluation template workbook for the seed table or any table."""

from __future__ import annotations

import json
from pathlib import Path

from ...core.errors import PerfevalError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def register(sub) -> None:
    from ...workbooks.template import ADDIN_FILE, PORTABLE_FILE

    parser = sub.add_parser(
        "template", help="生成带实时得分公式的绩效自评模板工作簿",
        description="按整体支出绩效目标表的版式生成自评模板：保留原表各列，增加实际完成值、人工认定得分、"
                    "得分（实时公式）、得分说明，以及预算执行率、总分和等级。默认使用内置的示例目标表。")
    parser.add_argument("--table", metavar="文件",
                        help="目标表：含指标表的工作簿（.xlsx/.xlsm/.xls）或 JSON 文件；省略时使用内置示例目标表")
    parser.add_argument("-o", "--output", metavar="输出文件",
                        help=f"模板保存路径（默认 {ADDIN_FILE}，加 --portable 时为 {PORTABLE_FILE}）")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认不覆盖，以免丢失已填写的内容）")
    parser.add_argument("--portable", action="store_true",
                        help="免加载项版本：得分写成 Excel 自带函数（IF/MIN/MAX 等）组成的公式，"
                             "不装加载项也能在 Excel、WPS、LibreOffice 中自动计算")
    parser.set_defaults(run=run)


def load_table(path: Path):
    """The table in ``path``: a workbook holding an indicator table, or the JSON form of a table."""
    if not path.exists():
        raise PerfevalError(f"找不到目标表文件：{path}")
    if path.suffix.lower() == ".json":
        from ...core.seed import table_from_dict

        try:
            return table_from_dict(json.loads(path.read_text(encoding="utf-8")))
        except KeyError as error:
            raise PerfevalError(f"目标表 JSON 文件 {path.name} 缺少“{error.args[0]}”项") from None
        except (ValueError, TypeError) as error:
            raise PerfevalError(f"无法读取目标表 JSON 文件 {path.name}：{error}") from None
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from ...core.finder import find_tables
        from ...workbooks.workbook_io import read_grids

        for sheet in read_grids(path):
            found = find_tables(sheet.grid, percent_cells=sheet.percent_cells)
            if found:
                return found[0].table
        raise PerfevalError(f"在 {path.name} 中没有找到指标表（需要有“三级指标”“指标值”“评（扣）分标准”等列标题）")
    raise PerfevalError(f"不支持的目标表文件类型“{path.suffix}”，请使用 .xlsx、.xlsm、.xls 或 .json 文件")


def run(args) -> int:
    from ...core.output_file import check_output, replaced_note
    from ...core.seed import seed_table
    from ...workbooks.template import ADDIN_FILE, PORTABLE_FILE, write_template

    source = Path(args.table) if args.table else None
    output = Path(args.output or (PORTABLE_FILE if args.portable else ADDIN_FILE))
    check_output(output, suffix=None, what="模板")
    if source is not None and output.resolve() == source.resolve():
        raise PerfevalError("输出文件不能与目标表文件相同，请用 -o 指定另一个文件名")
    if output.exists() and not args.force:
        raise PerfevalError(f"文件 {output} 已存在。为免覆盖已填写的内容，请用 -o 指定新的文件名，或加 --force 覆盖")
    replaced = output.exists()
    table = load_table(source) if source else seed_table()
    layout = write_template(output, table, portable=args.portable, inputs=[source] if source else [])
    kind = ("免加载项版本：得分公式只用 Excel 自带函数，可在 Excel、WPS、LibreOffice 中直接计算" if args.portable
            else "得分公式使用 perfeval-xl 加载项的函数（SCORE_*），请先安装并加载加载项")
    print(f"已生成模板：{output.resolve()}{replaced_note(replaced)}")
    print(f"{table.unit_name or '目标表'}：{len(table.indicators)}个指标；{kind}。")
    print("在黄色单元格填写实际完成值和全年执行数，得分、总分和等级会自动计算。")
    if layout.review:
        print(f"以下指标的得分无法写成公式，将显示“需人工认定”，请在“人工认定得分”列填写得分：{'、'.join(layout.review)}")
    return 0
