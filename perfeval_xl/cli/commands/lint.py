"""``perfeval-xl lint [工作簿]``: check a target table's rule texts against its own columns (see
:mod:`perfeval_xl.core.lint`). Without a file it checks the embedded seed table."""

from __future__ import annotations

from ...core.errors import PerfevalError
from ...core.lint import lint_table
from ...core.seed import seed_table


def register(sub) -> None:
    parser = sub.add_parser("lint", help="检查目标表：指标值与评分标准是否一致、分值合计等",
                            description="检查绩效目标表：指标值与评（扣）分标准的满分线是否一致、分值合计是否为90分"
                                        "（含预算执行率为100分）、评分标准所写分值与分值列是否一致、定性指标是否列出等级、"
                                        "评分标准中的单位与计量单位是否一致。不带文件时检查内置示例表。")
    parser.add_argument("input", nargs="?", metavar="工作簿", help="要检查的工作簿（.xlsx、.xlsm 或 .xls）；省略时检查内置示例表")
    parser.set_defaults(run=run)


def _tables(path: str):
    """(where, table) for every indicator table found in the workbook."""
    from ...core.finder import find_tables, no_table_message
    from ...workbooks.workbook_io import read_grids

    found = [(f"工作表“{sheet.name}”第{table.header_row + 1}行的指标表", table.table)
             for sheet in read_grids(path) for table in find_tables(sheet.grid, percent_cells=sheet.percent_cells)]
    if not found:
        raise PerfevalError(no_table_message(f"“{path}”的各工作表"))
    return found


def run(args) -> int:
    tables = _tables(args.input) if args.input else [("内置示例表（衡阳市强制隔离戒毒所整体支出绩效目标表）", seed_table())]
    count = 0
    for where, table in tables:
        findings = lint_table(table)
        count += len(findings)
        print(f"{where}：{len(table.indicators)}项指标，发现{len(findings)}个问题")
        for i, finding in enumerate(findings, 1):
            print(f"  {i}. {finding}")
    return 1 if count else 0
