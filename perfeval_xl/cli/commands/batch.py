"""``perfeval-xl batch DIR -o SUMMARY.xlsx [--jobs N]``: score a folder of unit workbooks into one summary."""

from __future__ import annotations

import os
from pathlib import Path

from ...core.errors import PerfevalError

OUTPUT = "绩效评分汇总.xlsx"


def register(sub) -> None:
    parser = sub.add_parser(
        "batch", help="批量评分：给文件夹里所有单位的绩效自评表打分，写出一份汇总表",
        description="批量评分：读取文件夹（含子文件夹）中的全部 .xlsx/.xlsm/.xls 工作簿，找到其中的绩效目标表并评分，"
                    "写出汇总表（汇总、指标明细、问题清单、图表）。损坏、加密、不是工作簿或没有目标表的文件列入问题清单，"
                    "不影响其他文件。原文件只读不写。")
    parser.add_argument("directory", metavar="文件夹", help="存放各单位工作簿的文件夹")
    parser.add_argument("-o", "--output", default=OUTPUT, metavar="汇总表",
                        help=f"汇总表路径（默认当前目录下的 {OUTPUT}）")
    parser.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                        help="同时使用的进程数（默认每个CPU核心一个）")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ...core.output_file import check_output, replaced_note
    from ...workbooks.batch import find_workbooks, iter_scores, progress_bar
    from ...workbooks.summary_xlsx import is_batch_summary, write_summary

    if args.jobs is not None and args.jobs < 1:
        raise PerfevalError("--jobs 必须是大于0的整数")
    output = Path(args.output)
    found = find_workbooks(args.directory)
    summaries = [p for p in found if is_batch_summary(p)]  # earlier runs' output: never a unit
    paths = [p for p in found if p not in summaries]
    check_output(output, inputs=paths, what="汇总表")
    if not paths:
        raise PerfevalError(f"文件夹“{args.directory}”中没有 .xlsx/.xlsm/.xls 工作簿"
                            + ("（只有本程序此前写出的汇总表）" if summaries else ""))
    replaced = output.exists()
    with progress_bar(len(paths)) as bar:  # the summary is written while the workers score
        result = write_summary(iter_scores(paths, args.directory, jobs=args.jobs, progress=bar.update), output,
                               inputs=paths)
    units = result.units
    graded = sum(1 for u in units if u.total is not None)
    bad = sum(1 for f in result.files if not f.units)
    print(f"共 {len(paths)} 个文件：评分 {len(units)} 个单位（{graded} 个已得出总分），{bad} 个文件无法评分。")
    if summaries:
        print(f"已跳过本程序此前写出的汇总表：{'、'.join(p.name for p in summaries)}")
    print(f"汇总表已写入：{os.path.abspath(output)}{replaced_note(replaced)}")
    if bad:
        print("无法评分的文件及原因见汇总表的“问题清单”工作表。")
    return 0
