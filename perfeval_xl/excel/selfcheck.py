"""The self-check workbook: every Excel function of the add-in called on known inputs.

A finance user opens it in Excel with the add-in loaded: each row shows TRUE where the installed
function answers right, and one cell says whether all do. #NAME? in the 结果 column means the functions
are not imported or the add-in is not loaded; FALSE means a wrong answer (an old version, a broken
installation). Expected values are constants typed by hand from the seed table's acceptance cases
(shared/acceptance/seed_cases.json), never computed by the code under check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.celltext import set_text

#: The seed table's 评（扣）分标准 for 保障隔离戒毒人员基本生活 (a ≥ 38 公斤 row worth 10 points).
LIVING_RULE = ("该指标分值为10分，伙食实物量大于等于38公斤/月/人时，得满分；小于38公斤/月/人时，"
               "每少1公斤扣10分的5%，扣完为止。")

NUMBER, TEXT, CONTAINS, BLANK = "number", "text", "contains", "blank"


@dataclass(frozen=True)
class Check:
    """One row: ``formula`` (without "="; ``{input}`` stands for the row's input cell) and its expected value.

    ``compare``: NUMBER (equal after rounding to 2 decimals, as the seed cases are given), TEXT (equal),
    CONTAINS (the result contains the expected text), BLANK (the result is an empty text).
    """

    function: str
    what: str
    formula: str
    expected: float | str | None
    compare: str = NUMBER
    input: str | None = None


CHECKS: tuple[Check, ...] = (
    Check("SCORE_DEDUCT", "基本生活 37公斤（每少1公斤扣5%）", 'SCORE_DEDUCT(37,38,10,1,"5%")', 9.5),
    Check("SCORE_DEDUCT", "基本生活 37.5公斤（不足一档按比例扣）", 'SCORE_DEDUCT(37.5,38,10,1,"5%")', 9.75),
    Check("SCORE_DEDUCT", "成本节约率 -1%", 'SCORE_DEDUCT(-1,0,20,1,"1%")', 19.8),
    Check("SCORE_DEDUCT", "收治及时率 99%", 'SCORE_DEDUCT(99,100,5,1,"1%")', 4.95),
    Check("SCORE_DEDUCT", "实际完成值空白时结果为空白", 'SCORE_DEDUCT({input},38,10,1,"5%")', None, BLANK, ""),
    Check("SCORE_LINEAR", "基本医疗 90%（百分比格式）", "SCORE_LINEAR(0.9,0.6,0.95,10,0.95)", 9.92),
    Check("SCORE_LINEAR", "基本医疗 76%", "SCORE_LINEAR(0.76,0.6,0.95,10,0.95)", 5.71),
    Check("SCORE_LINEAR", "场所运转持续性 95%", "SCORE_LINEAR(0.95,0.8,1,10,1)", 7.5),
    Check("SCORE_BANDED", "教育矫治 99.5课时", 'SCORE_BANDED(99.5,"[100,):10;[90,100):8;[80,90):4;(,80):0")', 8),
    Check("SCORE_BANDED", "教育矫治 79.9课时", 'SCORE_BANDED(79.9,"[100,):10;[90,100):8;[80,90):4;(,80):0")', 0),
    Check("SCORE_BANDED", "群众满意度 85%（百分比格式）",
          'SCORE_BANDED(0.85,"[90%,):10;[80%,90%):8;[70%,80%):4;(,70%):0")', 8),
    Check("SCORE_THRESHOLD", "重大安全事故 0次", 'SCORE_THRESHOLD(0,0,5,"=")', 5),
    Check("SCORE_THRESHOLD", "重大安全事故 1次", 'SCORE_THRESHOLD(1,0,5,"=")', 0),
    Check("SCORE_GRADE", "维护社会稳定 一般", 'SCORE_GRADE("一般","有效:5;一般:3;较差:0")', 3),
    Check("SCORE_GRADE", "维护社会稳定 有效", 'SCORE_GRADE("有效","有效:5;一般:3;较差:0")', 5),
    Check("SCORE_RULE", "按评分标准原文：基本生活 37公斤", 'SCORE_RULE({input},37,38,10,"≥","公斤")', 9.5,
          input=LIVING_RULE),
    Check("SCORE_EXPLAIN", "得分说明：基本生活 37公斤", 'SCORE_EXPLAIN({input},37,38,10,"≥","公斤")', "得9.5分",
          CONTAINS, LIVING_RULE),
    Check("EXEC_RATE_SCORE", "预算执行率：执行5877.495万元/预算6530.55万元", "EXEC_RATE_SCORE(5877.495,6530.55,10)", 9),
    Check("PERF_GRADE", "总分 89.87", "PERF_GRADE(89.87)", "良", TEXT),
    Check("PERF_GRADE", "总分 90", "PERF_GRADE(90)", "优", TEXT),
    Check("PERF_GRADE", "总分 59.99", "PERF_GRADE(59.99)", "差", TEXT),
)

HEADERS = ("函数", "检查内容", "输入", "公式", "结果", "期望值", "是否正确")
FIRST_ROW = 5
#: The cell that says whether every check passed.
OVERALL_CELL = "B2"


def ok_formula(check: Check, result: str, expected: str) -> str:
    """The TRUE/FALSE formula for one row (an error in the result reads FALSE, not #NAME?)."""
    test = {NUMBER: f"ROUND({result},2)=ROUND({expected},2)",
            TEXT: f"{result}={expected}",
            CONTAINS: f"ISNUMBER(SEARCH({expected},{result}))",
            BLANK: f'{result}=""'}[check.compare]
    return f"=IFERROR({test},FALSE)"


def write_selfcheck(path: Path | str) -> Path:
    """Write the self-check workbook to ``path`` (.xlsx) and return the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "自检"
    ws["A1"] = "perfeval-xl 加载项自检"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "全部正确"
    last = FIRST_ROW + len(CHECKS) - 1
    ws[OVERALL_CELL] = f"=AND(G{FIRST_ROW}:G{last})"
    ws[OVERALL_CELL].font = Font(bold=True)
    ws["A3"] = ("说明：“是否正确”列全为 TRUE 表示加载项安装正确。结果显示 #NAME? 表示加载项未加载或不完整"
                "（运行 perfeval-xl addin status 查看）；"
                "显示 FALSE 表示结果与期望不符，请重新安装加载项。")
    for col, header in enumerate(HEADERS, start=1):
        ws.cell(FIRST_ROW - 1, col, header).font = Font(bold=True)
    for row, check in enumerate(CHECKS, start=FIRST_ROW):
        formula = check.formula.format(input=f"C{row}")
        ws.cell(row, 1, check.function)
        ws.cell(row, 2, check.what)
        if check.input:
            set_text(ws.cell(row, 3), check.input)
        set_text(ws.cell(row, 4), "=" + formula)
        ws.cell(row, 5, "=" + formula)
        if check.expected is not None:
            ws.cell(row, 6, check.expected)
        ws.cell(row, 7, ok_formula(check, f"E{row}", f"F{row}"))
    for col, width in zip("ABCDEFG", (18, 36, 30, 48, 14, 10, 10)):
        ws.column_dimensions[col].width = width
    path = Path(path)
    wb.save(path)
    return path
