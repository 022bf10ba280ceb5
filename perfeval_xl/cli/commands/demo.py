"""``perfeval-xl demo``: score the embedded seed table with sample actual values, print it, and write the
filled-in self-evaluation template, scored, as a workbook in the current folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..console import scored_rows
from ...core.score import fmt
from ...core.seed import seed_table
from ...core.totals import EXECUTION_NAME, score_table

#: Sample year-end values a finance user might enter for the seed table (万元 for the execution).
SAMPLE_ACTUALS = {
    "成本节约率": "0%",
    "保障隔离戒毒人员基本生活": 37,
    "保障隔离戒毒人员基本医疗": "90%",
    "保障隔离戒毒人员教育矫治": 95,
    "重大安全事故次数": 0,
    "戒毒人员收治工作及时率": "99%",
    "维护社会稳定，预防和减少犯罪": "有效",
    "稳定人民警察队伍，增强凝聚力及战斗力": "一般",
    "场所运转持续性": "95%",
    "所在区域群众满意度": "85%",
}
SAMPLE_EXECUTED = 5877.495
OUTPUT = "perfeval_demo.xlsx"


def register(sub) -> None:
    parser = sub.add_parser("demo", help="用内置的示例目标表和示例完成值演示评分",
                            description="用内置的衡阳市强制隔离戒毒所目标表和示例完成值演示评分，并在当前目录写出"
                                        "填好示例完成值、已评分的自评表。")
    parser.add_argument("-o", "--output", default=OUTPUT, help=f"结果工作簿路径（默认 {OUTPUT}）")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ...core.output_file import check_output, replaced_note

    output = check_output(Path(args.output), what="示例自评表")  # before printing, not after
    replaced = output.exists()
    table = seed_table()
    result = score_table(table, SAMPLE_ACTUALS, executed=SAMPLE_EXECUTED)
    ex = result.execution
    print(f"{table.unit_name}（单位编码 {table.unit_code}）{table.title}：示例评分\n")
    print(scored_rows(table, result, SAMPLE_ACTUALS, SAMPLE_EXECUTED))
    print()
    print(f"指标得分小计：{'—' if result.subtotal is None else fmt(result.subtotal)}")
    print(f"{EXECUTION_NAME}得分：{'—' if ex.value is None else fmt(ex.value)}")
    print(f"总分：{'—' if result.total is None else fmt(result.total)}    等级：{result.grade or '未评定'}")
    for note in result.notes:
        print(note)
    path = write_demo_workbook(output)
    print(f"\n已写出填好示例完成值并评分的自评表：{path.resolve()}{replaced_note(replaced)}")
    return 0


def write_demo_workbook(path: Path) -> Path:
    """The seed template with the sample values typed in, scored as the ``score`` command scores it."""
    from ...workbooks.scored_copy import score_workbook
    from ...workbooks.template import build_template, fill_template

    table = seed_table()
    workbook, layout = build_template(table)
    fill_template(workbook, layout, table, SAMPLE_ACTUALS, executed=SAMPLE_EXECUTED)
    with tempfile.TemporaryDirectory() as folder:
        filled = Path(folder) / "示例自评表.xlsx"
        workbook.save(filled)
        score_workbook(filled, path)
    return path
