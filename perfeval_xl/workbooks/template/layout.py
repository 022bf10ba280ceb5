"""Laying a Table out as the template sheet with openpyxl: cells, merges, formulas, styles, printing."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from ...core.celltext import set_text
from ...core.celltext import width as text_width
from ...core.errors import PerfevalError
from ...core.layout_names import EXPLANATION_HEADER, LIVE_EXPLANATIONS_NAME, LIVE_SCORES_NAME, LIVE_TOTALS_NAME, SCORE_HEADER
from ...core.seed import seed_table
from ...core.table import Indicator, Table
from ...core.totals import EXECUTION_NAME, rule_of
from ...core.values import is_percent_unit
from . import sheet_formulas as sf

SHEET_TITLE = "整体支出绩效目标表"
#: Workbook-level name of the live 得分 range, so every runtime can tell the cells hold live formulas.
FONT_NAME = "宋体"

#: The indicator table's columns: role (as the table finder names it), header, width in characters.
COLUMNS = (
    ("goal", "部门整体支出年度绩效目标", 20),
    ("level1", "一级指标", 8),
    ("level2", "二级指标", 10),
    ("name", "三级指标", 14),
    ("op", "指标值类型", 6),
    ("target", "指标值", 7),
    ("unit", "计量单位", 6),
    ("description", "指标解释", 18),
    ("rule_text", "评（扣）分标准", 30),
    ("remark", "备注", 6),
    ("actual", "实际完成值", 10),
    ("manual", "人工认定得分", 10),
    ("score", SCORE_HEADER, 8),
    ("explanation", EXPLANATION_HEADER, 28),
)
COL = {role: get_column_letter(i) for i, (role, _, _) in enumerate(COLUMNS, start=1)}
WIDTH = {get_column_letter(i): w for i, (_, _, w) in enumerate(COLUMNS, start=1)}
LAST = get_column_letter(len(COLUMNS))
#: Hidden columns right of the table: each typed value (and the two amounts) tidied, then read, by
#: plain formulas mirroring perfeval_xl.core.values, for the formulas that score it.
TEXT_COL = get_column_letter(len(COLUMNS) + 1)
READING_COL = get_column_letter(len(COLUMNS) + 2)
SELF_EVALUATION = ("actual", "manual", "score", "explanation")

PERCENT_FORMAT = "0.00%"
SCORE_FORMAT = "0.00"
MONEY_FORMAT = "#,##0.00"

_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SELF_FILL = PatternFill("solid", fgColor="E2EFDA")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
LINE_POINTS = 14.0  # one line of 10 pt 宋体
PAD_POINTS = 6.0
#: What an explanation adds to the rule in words: the actual value, the gap, the points.
EXPLANATION_EXTRA = "实际完成值100.00%，完成率100%，得10分（）"

NOTES = {
    "actual": "黄色单元格为填写区：填写全年实际完成值。百分比指标直接输入如95%（单元格已设为百分比格式）；"
              "定性指标从下拉列表选择等级；不适用的指标填“不适用”。",
    "manual": "可选。填写后以人工认定得分为准，得分说明会注明；评分标准未给出唯一得分（需人工认定）的指标在此填写。",
    "score": "自动计算，请勿修改。未填写实际完成值时为空白，总分会显示未完成评分的项数。",
    "explanation": "自动生成的得分说明，可直接用于偏差原因分析。",
}


@dataclass(frozen=True)
class TemplateLayout:
    """Where the template put things (1-based rows, column letters), for tests and other adapters.

    Attributes:
        sheet: the sheet name.
        header_row: the indicator table's header row.
        rows: the row of each indicator, in table order.
        columns: role → column letter (roles as the table finder names them, plus "goal").
        percent: the indicator names whose 实际完成值 cell is %-formatted.
        budget_cell, executed_cell, rate_cell, execution_cell, total_cell, grade_cell: A1 references.
        names: the indicator names, in table order.
        review: the indicators whose 得分 cannot be a formula (the rule text cannot be read, or the
            portable form cannot express it): the cell shows 需人工认定 until 人工认定得分 is filled.
    """

    sheet: str
    header_row: int
    rows: tuple[int, ...]
    columns: dict[str, str]
    percent: frozenset[str]
    budget_cell: str
    executed_cell: str
    rate_cell: str
    execution_cell: str
    total_cell: str
    grade_cell: str
    names: tuple[str, ...] = field(default=())
    review: tuple[str, ...] = field(default=())

    def cell(self, role: str, name: str) -> str:
        """The A1 reference of indicator ``name``'s cell in column ``role``."""
        return f"{self.columns[role]}{self.rows[self.names.index(name)]}"


def _font(size: float = 10, bold: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


def _lines(value: object, width: float) -> int:
    """How many lines ``value`` wraps to in a cell ``width`` characters wide (CJK counts two)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in str(value or "").split("\n"))


def _height(lines: int) -> float:
    return lines * LINE_POINTS + PAD_POINTS


class _Sheet:
    """Writes cells with the template's styles."""

    def __init__(self, ws):
        self.ws = ws
        self.heights: dict[int, float] = {}  # row → height in points, set once the sheet is laid out

    def put(self, ref: str, value, *, merge_to: str | None = None, font: Font | None = None,
            fill: PatternFill | None = None, align: Alignment = WRAP, number_format: str | None = None,
            border: bool = True, formula: bool = False):
        """Write a value (text stays text, whatever it starts with) or, with ``formula``, a formula."""
        cell = self.ws[ref]
        if formula:
            cell.value = value
        else:
            set_text(cell, value)
        cell.font = font or _font()
        cell.alignment = align
        if number_format:
            cell.number_format = number_format
        targets = [cell]
        if merge_to and merge_to != ref:
            self.ws.merge_cells(f"{ref}:{merge_to}")
            targets = [c for row in self.ws[f"{ref}:{merge_to}"] for c in row]
        for c in targets:
            if border:
                c.border = BORDER
            if fill:
                c.fill = fill
        return cell

    def label(self, ref: str, text: str, *, merge_to: str | None = None, font: Font | None = None,
              fill: PatternFill = HEADER_FILL):
        """A bold, centred label cell on the header colour."""
        return self.put(ref, text, merge_to=merge_to, font=font or _font(bold=True), align=CENTER, fill=fill)


def _reading_cells(ws, r: int, ref: str, **how) -> str:
    """Write the hidden tidied-text and reading cells of row ``r`` for the typed cell ``ref``; the
    reading cell's reference."""
    from ...core.native import reading_formula, typed_text_formula

    text, read = f"{TEXT_COL}{r}", f"{READING_COL}{r}"
    ws[text] = "=" + typed_text_formula(ref, unit=how["unit"], percent_cell=how["percent_cell"])
    ws[read] = "=" + reading_formula(ref, text, **how)
    return read


def _rule_or_none(indicator: Indicator):
    try:
        return rule_of(indicator)
    except PerfevalError:
        return None


def _score_expr(indicator: Indicator, rule, actual: str, *, portable: bool, percent: bool, read: str) -> str | None:
    """The computed score as a formula without "=": a SCORE_* call on the typed cell (add-in template),
    else the rule as a plain formula on the reading cell ``read``, else SCORE_RULE on the text."""
    from ...core.native import rule_formula, udf_call

    if rule is not None:
        call = None if portable else udf_call(rule, actual)
        if call is not None:
            return call
        try:
            return rule_formula(rule, read, native=True, percent_cell=percent)
        except PerfevalError:  # a rule kind the compiler cannot write
            pass
    return None if portable else _text_call("SCORE_RULE", indicator, actual)


def _text_call(function: str, indicator: Indicator, actual: str) -> str:
    """SCORE_RULE / SCORE_EXPLAIN on the row's own cells.

    The actual cell is passed as it is, as to the SCORE_* calls: the function reads it by the row's unit
    and target (docs/reading.md), so a score and its explanation always read the same value.
    """
    row = actual[len(COL["actual"]):]
    weight = sf.number(indicator.weight) if indicator.weight is not None else '""'
    return (f"{function}({COL['rule_text']}{row},{actual},{COL['target']}{row},{weight},"
            f"{COL['op']}{row},{COL['unit']}{row})")


def _merge_runs(values: list[str]) -> list[tuple[int, int]]:
    """(start, end) index runs of equal consecutive values."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def build_template(table: Table | None = None, *, portable: bool = False):
    """The template workbook for ``table`` (default: the seed table).

    Args:
        table: the target table; its rows' rules come from each Indicator's ``rule`` or the parser.
        portable: write each score as a plain Excel formula (no add-in needed) instead of SCORE_* calls.

    Returns:
        (openpyxl Workbook, TemplateLayout).
    """
    table = table or seed_table()
    if not table.indicators:
        raise PerfevalError("目标表中没有指标行，无法生成模板")
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    sheet = _Sheet(ws)
    for letter, w in WIDTH.items():
        ws.column_dimensions[letter].width = w
    for letter in (TEXT_COL, READING_COL):
        ws.column_dimensions[letter].hidden = True
    header = _top(sheet, table)
    rows, percent, review = _indicator_table(sheet, table, header, portable=portable)
    cells, end = _totals(sheet, table, rows)
    for r, h in sheet.heights.items():
        ws.row_dimensions[r].height = round(h, 1)
    live = {LIVE_SCORES_NAME: f"${COL['score']}${rows[0]}:${COL['score']}${rows[-1]}",
            LIVE_EXPLANATIONS_NAME: f"${COL['explanation']}${rows[0]}:${COL['explanation']}${rows[-1]}",
            LIVE_TOTALS_NAME: cells.pop("live_totals")}
    for name, cell_range in live.items():
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{SHEET_TITLE}'!{cell_range}")
    _print_setup(ws, header, end)
    ws.freeze_panes = f"A{rows[0]}"
    layout = TemplateLayout(sheet=SHEET_TITLE, header_row=header, rows=rows,
                            columns={role: COL[role] for role, _, _ in COLUMNS}, percent=frozenset(percent),
                            names=tuple(ind.name for ind in table.indicators), review=tuple(review), **cells)
    return wb, layout


def _top(sheet: _Sheet, table: Table) -> int:
    """Title, 金额单位, 单位编码/单位名称 and the 年度预算申请 block above their values; the header row."""
    sheet.put("A1", table.title, merge_to=f"{LAST}1", font=_font(18, True), align=CENTER, border=False)
    sheet.heights[1] = 34
    sheet.put("A2", f"金额单位：{table.money_unit}", merge_to=f"{LAST}2",
              align=Alignment(horizontal="right", vertical="center"), border=False)
    sheet.heights[2] = 20
    budget = table.budget
    labels = 5 if budget is not None else 3  # the last label row; the values sit below it
    sheet.label("A3", "单位编码", merge_to=f"A{labels}")
    sheet.label("B3", "单位名称", merge_to=f"C{labels}")
    values = labels + 1
    sheet.put(f"A{values}", table.unit_code, align=CENTER)
    sheet.put(f"B{values}", table.unit_name, merge_to=f"C{values}", align=CENTER)
    sheet.heights[values] = _height(_lines(table.unit_name, WIDTH["B"] + WIDTH["C"]))
    if budget is not None:
        sheet.label("D3", "年度预算申请", merge_to=f"{LAST}3")
        sheet.label("D4", "资金总额", merge_to="D5")
        sheet.label("E4", "按收入性质分", merge_to="K4")
        sheet.label("L4", "按支出性质分", merge_to=f"{LAST}4")
        parts = (("D", "D", None, budget.total), ("E", "G", "一般公共预算", budget.general_public),
                 ("H", "H", "政府性基金拨款", budget.government_fund), ("I", "I", "财政专户管理资金", budget.special_account),
                 ("J", "K", "其他资金", budget.other), ("L", "M", "基本支出", budget.basic),
                 ("N", LAST, "项目支出", budget.project))
        for first, last, label, amount in parts:
            if label:
                sheet.label(f"{first}5", label, merge_to=f"{last}5")
            sheet.put(f"{first}{values}", amount, merge_to=f"{last}{values}", number_format=MONEY_FORMAT,
                      align=Alignment(horizontal="right", vertical="center"))
        sheet.heights.update({3: 20, 4: 20, 5: 22})
    row = values + 1
    if budget is not None and budget.note:
        sheet.label(f"A{row}", "说明")
        sheet.put(f"B{row}", budget.note, merge_to=f"{LAST}{row}", font=_font(9))
        sheet.heights[row] = _height(_lines(budget.note, sum(WIDTH.values()) - WIDTH["A"]))
        row += 1
    return row


def _indicator_table(sheet: _Sheet, table: Table, header: int, *, portable: bool):
    """The header row and one row per indicator; returns (rows, %-formatted names, rows needing review)."""
    ws = sheet.ws
    for role, title, _ in COLUMNS:
        ref = f"{COL[role]}{header}"
        sheet.put(ref, title, font=_font(bold=True), align=CENTER,
                  fill=SELF_FILL if role in SELF_EVALUATION else HEADER_FILL)
        if role in NOTES:
            ws[ref].comment = Comment(NOTES[role], "perfeval-xl", width=260, height=110)
    sheet.heights[header] = _height(max(_lines(title, w) for _, title, w in COLUMNS))
    rows = tuple(range(header + 1, header + 1 + len(table.indicators)))
    percent, review = set(), []
    grade_lists: dict[str, list[str]] = {}
    manual_checks = []
    for ind, r in zip(table.indicators, rows):
        rule = _rule_or_none(ind)
        # the rule's unit: the parser reads "%(占目标产量)" as a % row
        is_percent = is_percent_unit(rule.unit if rule is not None else ind.unit) and not ind.qualitative
        if is_percent:
            percent.add(ind.name)
        for role in ("level1", "level2", "name", "op", "target", "unit", "description", "rule_text", "remark"):
            centred = role in ("level1", "level2", "op", "target", "unit", "remark")
            sheet.put(f"{COL[role]}{r}", getattr(ind, role), align=CENTER if centred else WRAP)
        actual, manual, score = (f"{COL[role]}{r}" for role in ("actual", "manual", "score"))
        sheet.put(actual, None, fill=INPUT_FILL, align=CENTER, number_format=PERCENT_FORMAT if is_percent else None)
        sheet.put(manual, None, fill=INPUT_FILL, align=CENTER, number_format=SCORE_FORMAT)
        read = _reading_cells(sheet.ws, r, actual, unit=rule.unit if rule is not None else ind.unit,
                              percent_cell=is_percent, target=rule.row_target if rule is not None else
                              ind.numeric_target, qualitative=ind.qualitative)
        expr = _score_expr(ind, rule, actual, portable=portable, percent=is_percent, read=read)
        if expr is None:
            review.append(ind.name)
        sheet.put(score, sf.row_score(expr, actual=actual, manual=manual, weight=ind.weight),
                  align=CENTER, number_format=SCORE_FORMAT, formula=True)
        if portable or rule is None:
            explain = sf.native_explanation(actual=actual, score=score, describe=rule.describe() if rule else "")
        else:
            explain = _text_call("SCORE_EXPLAIN", ind, actual)
        sheet.put(f"{COL['explanation']}{r}",
                  sf.row_explanation(explain, actual=actual, manual=manual, score=score, weight=ind.weight),
                  formula=True)
        if rule is not None and rule.qualitative:
            labels = [g.label for g in rule.grades]
            if not any("," in label for label in labels) and len(",".join(labels)) <= sf.MAX_STRING - 2:
                grade_lists.setdefault(",".join(labels), []).append(actual)  # a list Excel can hold
        manual_checks.append((manual, ind.weight))
        # 得分说明 runs to about the rule in words plus the actual value and the points.
        explained = (rule.describe() + rule.reading if rule else ind.rule_text) + EXPLANATION_EXTRA
        sheet.heights[r] = _height(max(3, _lines(explained, WIDTH[COL["explanation"]]),
                                       *(_lines(getattr(ind, role), WIDTH[COL[role]])
                                         for role in ("name", "description", "rule_text", "level2"))))
    for role in ("level1", "level2"):
        keys = [(ind.level1,) if role == "level1" else (ind.level1, ind.level2) for ind in table.indicators]
        for start, end in _merge_runs(keys):
            if end > start:
                ws.merge_cells(f"{COL[role]}{rows[start]}:{COL[role]}{rows[end]}")
    sheet.put(f"{COL['goal']}{rows[0]}", table.goal, merge_to=f"{COL['goal']}{rows[-1]}", font=_font(9),
              align=Alignment(wrap_text=True, vertical="top"))
    needed = _height(_lines(table.goal, WIDTH[COL["goal"]])) * 9 / 10  # the goal is set in 9 pt
    have = sum(sheet.heights[r] for r in rows)
    if needed > have:
        for r in rows:
            sheet.heights[r] *= needed / have
    _validations(ws, grade_lists, manual_checks)
    return rows, percent, review


def _totals(sheet: _Sheet, table: Table, rows: tuple[int, ...]):
    """预算执行率, 总分 and 等级: notes on the left, labels under 人工认定得分, values under 得分.

    Returns:
        (the TemplateLayout fields naming these cells, the last row).
    """
    label, value, value_end = COL["manual"], COL["score"], COL["explanation"]
    note_end = get_column_letter(len(COLUMNS) - 3)
    row = rows[-1] + 2
    weight = table.execution_weight
    for r, title in ((row, f"{EXECUTION_NAME}（满分{sf.number(weight)}分）"), (row + 6, "总分及等级")):
        sheet.put(f"A{r}", title, merge_to=f"{LAST}{r}", font=_font(bold=True), fill=SECTION_FILL)
    budget, executed, rate, execution = (f"{value}{row + i}" for i in range(1, 5))
    amount = dict(unit=table.money_unit, percent_cell=False, target=None, qualitative=False)  # "6,000" is 6000
    read_budget = _reading_cells(sheet.ws, row + 1, budget, **amount)
    read_executed = _reading_cells(sheet.ws, row + 2, executed, **amount)
    total, grade = f"{value}{row + 7}", f"{value}{row + 8}"
    scores = [f"{COL['score']}{r}" for r in rows]
    score_range = f"${COL['score']}${rows[0]}:${COL['score']}${rows[-1]}"
    big = _font(12, True)
    lines = {
        row + 1: ("全年预算数", table.budget.total if table.budget else None, INPUT_FILL, MONEY_FORMAT, None,
                  f"全年预算数（{table.money_unit}）：默认为资金总额，预算调整后请改为调整后的全年预算数"),
        row + 2: ("全年执行数", None, INPUT_FILL, MONEY_FORMAT, None, f"全年执行数（{table.money_unit}）：请填写全年实际执行数"),
        row + 3: ("执行率", sf.execution_rate(budget=read_budget, executed=read_executed, score=execution), None,
                  PERCENT_FORMAT, None, "执行率=全年执行数÷全年预算数"),
        row + 4: (f"得分（{sf.number(weight)}分）",
                  sf.execution_score(budget=read_budget, executed=read_executed, weight=weight), None, SCORE_FORMAT,
                  None, sf.execution_explanation(budget=read_budget, executed=read_executed, score=execution)),
        row + 7: ("总分", sf.total(scores=score_range, cells=scores, weights=[ind.weight or 0 for ind in table.indicators],
                                   execution=execution, execution_weight=weight), None, SCORE_FORMAT, big,
                  "总分=各指标得分合计+预算执行率得分（满分100分）；有指标未评分时显示未完成评分的项数，"
                  "填写实际完成值或人工认定得分后自动计算"),
        row + 8: ("等级", sf.grade(total), None, None, big, sf.grade_note()),
    }
    for r, (text, content, fill, number_format, font, note) in lines.items():  # our own texts and formulas
        sheet.put(f"A{r}", note, merge_to=f"{note_end}{r}", formula=note.startswith("="))
        sheet.label(f"{label}{r}", text, font=font)
        sheet.put(f"{value}{r}", content, merge_to=f"{value_end}{r}", fill=fill, number_format=number_format,
                  formula=isinstance(content, str),
                  font=font, align=CENTER)
        sheet.heights[r] = 30 if font else 22
    cells = dict(budget_cell=budget, executed_cell=executed, rate_cell=rate, execution_cell=execution,
                 total_cell=total, grade_cell=grade, live_totals=f"${value}${row + 3}:${value_end}${row + 8}")
    return cells, row + 8


def _validations(ws, grade_lists: dict[str, list[str]], manual_checks: list[tuple[str, float | None]]) -> None:
    """Dropdowns of the rule's grades on qualitative rows; 人工认定得分 limited to 0..分值."""
    for labels, cells in grade_lists.items():
        dv = DataValidation(type="list", formula1=sf.text(labels), allow_blank=True, errorStyle="warning",
                            showErrorMessage=True, errorTitle="实际完成值",
                            error="请从下拉列表选择等级；“是”“达成”等常见写法也可识别，确定要保留吗？",
                            showInputMessage=True, promptTitle="实际完成值", prompt="请从下拉列表选择等级")
        for cell in cells:
            dv.add(cell)
        ws.add_data_validation(dv)
    by_weight: dict[float | None, list[str]] = {}
    for cell, weight in manual_checks:
        by_weight.setdefault(weight, []).append(cell)
    for weight, cells in by_weight.items():
        if weight is None:
            continue
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=sf.number(weight),
                            allow_blank=True, showErrorMessage=True, errorTitle="人工认定得分",
                            error=f"人工认定得分应为0至{sf.number(weight)}分之间的数字",
                            showInputMessage=True, promptTitle="人工认定得分（可选）",
                            prompt="填写后以人工认定得分为准")
        for cell in cells:
            dv.add(cell)
        ws.add_data_validation(dv)


def _print_setup(ws, header: int, end: int) -> None:
    """A4 landscape, fitted to the page width, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{LAST}{end}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
