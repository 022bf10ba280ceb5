"""``perfeval-xl score IN -o OUT.xlsx``: find the indicator tables in a user's workbook, score them, and
write a copy with 得分 / 得分说明, the total and grade, and a bar chart. IN is only read."""

from __future__ import annotations

from pathlib import Path

from ..console import review_lines, scored_rows
from ...core.errors import PerfevalError

OUTPUT_SUFFIX = ".xlsx"


def register(sub) -> None:
    parser = sub.add_parser(
        "score", help="为工作簿中的绩效指标表评分，写出带得分的副本",
        description="在工作簿（.xlsx/.xlsm/.xls）中查找绩效指标表（按“三级指标”“指标值”“评（扣）分标准”"
                    "“实际完成值”等列名识别表头，表格可在任意位置），按评（扣）分标准计算每项得分、"
                    "预算执行率得分、总分和等级，写出一份副本：表头行旁增加“得分”“得分说明”列，"
                    "并附“评分结果”工作表和得分与分值对比图。原文件不会被修改。")
    parser.add_argument("input", metavar="工作簿", help="要评分的工作簿（.xlsx、.xlsm 或 .xls）")
    parser.add_argument("-o", "--output", metavar="输出.xlsx",
                        help="评分副本的路径（默认：与原文件同目录的“原文件名_评分.xlsx”）")
    parser.set_defaults(run=run)


def output_path(source: Path, output: str | None) -> Path:
    """Where the scored copy goes; never the input itself, always .xlsx."""
    target = Path(output) if output else source.with_name(f"{source.stem}_评分{OUTPUT_SUFFIX}")
    if target.suffix.lower() != OUTPUT_SUFFIX:
        raise PerfevalError(f"输出文件须为 .xlsx 格式：{target}")
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise PerfevalError("输出文件不能与原工作簿相同：原文件不会被修改，请另选输出路径")
    return target


def run(args) -> int:
    from ...workbooks.scored_copy import score_workbook

    source = Path(args.input)
    target = output_path(source, args.output)
    for item in score_workbook(source, target):
        _print(item)
    print(f"评分副本已写入：{target.resolve()}（原文件未改动）")
    return 0


def _print(item) -> None:
    found, table, result = item.found, item.table, item.result
    print(f"工作表“{item.sheet.name}”第{found.header_row + 1}行的指标表"
          f"{'（' + table.unit_name + '）' if table.unit_name else ''}：{len(table.indicators)}项指标\n")
    if "actual" not in found.columns:
        print("注意：表中没有“实际完成值”列，各指标均无法评分。\n")
    print(scored_rows(table, result, found.actuals, found.executed))
    print(f"\n{result.summary}")
    for note in result.notes:
        if note not in result.summary:
            print(note)
    review = review_lines(item.review)
    if review:
        print(f"\n{review}")
    print()
