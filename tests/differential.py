"""The differential test's inputs and paths: one typed cell, scored by every way the product scores it.

An input is a seed row, the value a cell stores and the cell's number format (``Typed``). Inputs are
grouped into filled copies of the seed table (``Sheet``): copy k holds input k of every row, a
全年执行数 and, for some copies, a blank 全年预算数 or targets typed "95%" into %-formatted cells.

Each path turns a copy into one :data:`Outcome` per row plus the total and grade:
``("n", points)``, ``("blank",)``, ``("error",)``, ``("review",)`` or ``("na",)``; totals are points or
the text 未完成评分：N项, grades a word or None.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from perfeval_xl import seed_table
from perfeval_xl.core.rules import Banded, Deduct, Linear, Threshold
from perfeval_xl.core.score import BLANK, INVALID, NOT_APPLICABLE, REVIEW, SCORED, fmt
from perfeval_xl.core.totals import EXECUTION_NAME, rule_of, score_table
from perfeval_xl.core.values import is_percent_unit

PCT, GENERAL, TEXT = "pct", "general", "text"
ERROR = "#N/A"
BUDGET = 6530.55
TABLE = seed_table()
ROWS = {ind.name: ind for ind in TABLE.indicators}


@dataclass(frozen=True)
class Typed:
    """One input: what the 实际完成值 cell of ``row`` stores, in a cell of number format ``fmt``."""

    row: str
    value: object
    fmt: str
    kind: str = ""  #: the value's type, so that False and 0, True and 1 are different inputs

    def __post_init__(self):
        object.__setattr__(self, "kind", type(self.value).__name__)

    def __str__(self) -> str:
        shown = {PCT: "%格式单元格", GENERAL: "常规单元格", TEXT: "文本"}[self.fmt]
        return f"{self.row} | {self.value!r} ({shown})"


@dataclass
class Sheet:
    """One filled copy of the seed table."""

    name: str
    typed: dict[str, Typed]
    executed: object = 5877.495
    budget: object = "default"  # "default": the template's 6530.55; None: a present, blank cell
    percent_targets: bool = False  # targets typed "95%" into %-formatted 指标值 cells


def _boundaries(ind) -> list[float]:
    """The values in the row's unit where its rule changes: each line, zero point and band edge."""
    rule = rule_of(ind)
    if isinstance(rule, Deduct):
        zero = rule.line - rule.weight / rule.per_step * rule.step
        return [rule.line, zero, (rule.line + zero) / 2]
    if isinstance(rule, Linear):
        scale = rule.target if rule.target is not None else 1
        return [rule.zero_at * scale, rule.full_at * scale, (rule.zero_at + rule.full_at) / 2 * scale]
    if isinstance(rule, Banded):
        return sorted({b for band in rule.bands for b in (band.low, band.high) if b is not None})
    if isinstance(rule, Threshold):
        return [rule.target, rule.target + 1, rule.target + 3]
    return []


def _numeric_inputs(ind) -> list[Typed]:
    """Every boundary, ± 0.01 and ± a hair (1e-9 relative, below what a cell shows), typed each way."""
    values = []
    for b in _boundaries(ind):
        values += [b, b - 0.01, b + 0.01, b * (1 - 1e-9) if b else -1e-9, b + 1.5]
    values = list(dict.fromkeys(round(v, 12) for v in values))
    out = []
    percent = is_percent_unit(ind.unit)
    ways = ([(PCT, lambda v: v / 100), (GENERAL, lambda v: v), (TEXT, lambda v: f"{fmt(v, 6)}%"),
             (TEXT, lambda v: fmt(v, 6)), (GENERAL, lambda v: v / 100)] if percent else
            [(GENERAL, lambda v: v), (TEXT, lambda v: f"{fmt(v, 6)}{ind.unit}"), (TEXT, lambda v: fmt(v, 6))])
    for i, v in enumerate(values):
        for j in (0, 1):
            way, make = ways[(i + j) % len(ways)]
            out.append(Typed(ind.name, make(v), way))
    extras = [(True, GENERAL), (False, GENERAL), (None, GENERAL), (ERROR, GENERAL), ("abc", TEXT),
              ("不适用", TEXT), (" 12 ", TEXT), ("95%%", TEXT), ("0x10", TEXT), ("=1+1", TEXT), ("37/38", TEXT),
              (1e16, GENERAL), (0, GENERAL), ("-0", TEXT)]
    if percent:
        extras += [("９５％", TEXT), ("95公斤", TEXT), (2.0, PCT), (-2.0, PCT), (95, PCT), (0.9, GENERAL),
                   (1, GENERAL), (0.8999999999, PCT), (0.8999999, PCT), ("-1%", TEXT), ("0.99", TEXT),
                   ("950‰", TEXT), ("1,00,0", TEXT), ("95", PCT), ("85%", PCT)]  # text kept in %-cells
    else:
        extras += [(f"３８{ind.unit}", TEXT), ("38次" if ind.unit != "次" else "38公斤", TEXT),
                   (f" 37 {ind.unit} ", TEXT), ("6,000", TEXT), ("3.7万", TEXT), ("1,00,0", TEXT)]
    out += [Typed(ind.name, v, way) for v, way in extras]
    return list(dict.fromkeys(out))


GRADE_WORDS = ["有效", " 有效 ", "有效。", "一般", "一般。", "较差", "较差　", "基本达成", "不太有效", "基本有效",
               "基本无效", "是", "否", "达成", "未达成", "良好", "优秀", "合格", "不合格", "满意", "不满意", "好",
               "差", "中", "较好", "无效", "部分达成", "说不清", "abc", "不适用"]


def _grade_inputs(ind) -> list[Typed]:
    words = [Typed(ind.name, w, TEXT) for w in GRADE_WORDS]
    return words + [Typed(ind.name, v, GENERAL) for v in (True, False, None, ERROR, 5, 0)]


def corpus_table():
    """One corpus rule of each rule kind the parser produces (the first that parses), as a table."""
    import json

    from perfeval_xl.core.parser import parse_rule
    from perfeval_xl.core.table import Budget, Indicator, Table

    from conftest import DATA

    picked = {}
    for name in ("dev_rules.jsonl", "dev_rules2.jsonl"):
        for line in (DATA / "corpus" / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            try:
                rule = parse_rule(row["rule_text"], op=row.get("value_type"), target=row.get("target"),
                                  unit=row.get("unit") or "", weight=row.get("weight") or 10)
            except Exception:  # a text the parser refuses is no rule kind
                continue
            picked.setdefault(rule.kind, (row, rule))
    indicators = tuple(
        Indicator(level1="产出指标", level2=kind, name=f"{row['id']} {row['indicator']}", op=row.get("value_type") or "",
                  target=row.get("target"), unit=row.get("unit") or "", rule_text=row["rule_text"],
                  weight=row.get("weight") or 10, remark=f"{row.get('weight') or 10:g}分")
        for kind, (row, rule) in picked.items())
    return Table(unit_name="语料", budget=Budget(total=1000.0), indicators=indicators)


def corpus_inputs(table) -> dict[str, list[Typed]]:
    """Per corpus row: its own test actuals, numbers around each of its rule's numbers, and the usual
    blanks, errors and words."""
    out = {}
    for ind in table.indicators:
        rule = rule_of(ind)
        percent = is_percent_unit(ind.unit)
        numbers = sorted({float(v) for v in _numbers(rule.to_dict()) if abs(v) < 1e6})
        typed = []
        for v in numbers[:6]:
            for x in (v, v - 0.5, v + 0.5):
                typed.append(Typed(ind.name, x / 100, PCT) if percent else Typed(ind.name, x, GENERAL))
        typed += [Typed(ind.name, v, w) for v, w in ((None, GENERAL), (ERROR, GENERAL), ("abc", TEXT), (True, GENERAL),
                                                     ("有效", TEXT), ("不适用", TEXT))]
        out[ind.name] = list(dict.fromkeys(typed))
    return out


def _numbers(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _numbers(value)
    elif isinstance(data, list):
        for value in data:
            yield from _numbers(value)
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        yield data


def seed_inputs() -> dict[str, list[Typed]]:
    """At least 30 distinct inputs per seed row."""
    return {ind.name: _grade_inputs(ind) if ind.qualitative else _numeric_inputs(ind) for ind in TABLE.indicators}


EXECUTED = [5877.495, 7000, "6,000", "5877.495万元", 0, 3265.275, None, ERROR, -1, "abc", "1,00,0"]


def plain_sheets(inputs: dict[str, list[Typed]], prefix: str) -> list[Sheet]:
    """Copy k holds input k of each row."""
    return [Sheet(f"{prefix}{k}", {name: values[k % len(values)] for name, values in inputs.items()},
                  executed=EXECUTED[k % len(EXECUTED)]) for k in range(max(map(len, inputs.values())))]


def sheets(inputs: dict[str, list[Typed]], scenarios: list[dict]) -> list[Sheet]:
    """Copy k holds input k of each row; then each acceptance scenario, also with targets typed "95%"
    into %-cells, and copies whose rows all score (so totals and grades are compared, not only the
    未完成评分 count), one of them with a blank 全年预算数."""
    out = []
    for k in range(max(map(len, inputs.values()))):
        typed = {name: values[k % len(values)] for name, values in inputs.items()}
        out.append(Sheet(f"copy{k}", typed, executed=EXECUTED[k % len(EXECUTED)],
                         budget=None if k % 17 == 5 else "default", percent_targets=k % 3 == 1))
    for i, scenario in enumerate(scenarios):
        typed = {name: Typed(name, float(v[:-1]) / 100 if isinstance(v, str) and v.endswith("%") else v,
                             PCT if isinstance(v, str) and v.endswith("%") else GENERAL)
                 for name, v in scenario["actuals"].items()}
        for targets in (False, True):
            out.append(Sheet(f"scenario{i}{'_pct_targets' if targets else ''}", typed, scenario["executed"],
                             percent_targets=targets))
    scored = {name: [t for t in values if core_outcome(t)[0] == "n"] for name, values in inputs.items()}
    for k in range(8):
        typed = {name: values[(7 * k + 3) % len(values)] for name, values in scored.items()}
        out.append(Sheet(f"scored{k}", typed, executed=EXECUTED[k % 6], budget=None if k == 3 else "default",
                         percent_targets=k % 2 == 0))
    return out


# -- outcomes -------------------------------------------------------------------------------------
def of_score(score) -> tuple:
    return {SCORED: ("n", score.value), BLANK: ("blank",), INVALID: ("error",), REVIEW: ("review",),
            NOT_APPLICABLE: ("na",)}[score.status]


def of_cell(value, explanation: object = "") -> tuple:
    """The outcome a score cell shows (functions, templates, the button)."""
    if isinstance(value, bool):
        return ("error",)
    if isinstance(value, (int, float)):
        return ("n", float(value))
    if value is None or value == "":
        return ("blank",)
    text = str(value)
    if text.startswith("需人工认定"):
        return ("review",)
    if text == "不适用":
        return ("na",)
    if text == "#N/A" and "需人工认定" in str(explanation or ""):  # the button: #N/A, reason beside it
        return ("review",)
    return ("error",)


def same(a: tuple, b: tuple) -> bool:
    if a[0] == "n" and b[0] == "n":
        return abs(a[1] - b[1]) <= 1e-6
    return a[0] == b[0]


def core_outcome(t: Typed, table=TABLE) -> tuple:
    ind = table.indicator(t.row)
    return of_score(rule_of(ind).score(t.value, percent_format=t.fmt == PCT if t.fmt != TEXT else None))


def total_outcome(result) -> tuple:
    """(total, grade): the total as points, or 未完成评分：N项 while rows are unscored."""
    if result.total is None:
        return (f"未完成评分：{len(result.unscored)}项" if result.unscored else "无总分", None)
    return (round(result.total, 2), result.grade)


def core_sheet(sheet: Sheet, table=TABLE):
    """The core on one copy: each row read with its format, then score_table."""
    actuals = {name: t.value for name, t in sheet.typed.items()}
    formats = {name: (t.fmt == PCT if t.fmt != TEXT else None) for name, t in sheet.typed.items()}
    budget = "" if sheet.budget is None else None
    return score_table(table, actuals, executed=sheet.executed, budget=budget, percent_formats=formats)


# -- written workbooks ----------------------------------------------------------------------------
def write(sheet: Sheet, path: Path, *, portable: bool, table=TABLE) -> Path:
    """The template of ``table`` (add-in or portable) with ``sheet`` typed in, saved at ``path``."""
    from perfeval_xl.workbooks.template import build_template

    workbook, layout = build_template(table, portable=portable)
    ws = workbook[layout.sheet]
    for name, t in sheet.typed.items():
        cell = ws[layout.cell("actual", name)]
        if isinstance(t.value, str) and t.value != ERROR:
            cell.value = t.value
            cell.data_type = "s"
            cell.number_format = "@" if t.fmt == TEXT else "0.00%"  # text in a %-cell stays text
        else:
            cell.value = t.value
            cell.number_format = "0.00%" if t.fmt == PCT else "General"
    if sheet.percent_targets:
        for name in layout.percent:
            target = ws[layout.cell("target", name)]
            target.value, target.number_format = target.value / 100, "0%"
    executed = ws[layout.executed_cell]
    executed.value = sheet.executed
    if isinstance(sheet.executed, str) and sheet.executed != ERROR:
        executed.data_type = "s"
    if sheet.budget is None:
        ws[layout.budget_cell] = None
    workbook.save(path)
    return path


def layout(table=TABLE):
    from perfeval_xl.workbooks.template import build_template

    return build_template(table)[1]


def sheet_outcomes(value_of, lay, explanation_of=None) -> tuple[dict[str, tuple], tuple]:
    """Row outcomes, total and grade read from a template-shaped sheet's cells."""
    rows = {name: of_cell(value_of(lay.cell("score", name)),
                          explanation_of(lay.cell("explanation", name)) if explanation_of else "")
            for name in lay.names}
    rows[EXECUTION_NAME] = of_cell(value_of(lay.execution_cell))
    total, grade = value_of(lay.total_cell), value_of(lay.grade_cell)
    if isinstance(total, (int, float)) and not isinstance(total, bool):
        return rows, (round(total, 2), grade)
    return rows, (total, None)


# -- the button on the remote engine --------------------------------------------------------------
def payload_of(path: Path, table=TABLE) -> dict:
    """The Office.js payload of a written workbook: stored values (formulas not calculated: ""), errors
    as their text, no defined names (so the button writes every score)."""
    import openpyxl
    from remote_book import payload, sheet as payload_sheet

    ws = openpyxl.load_workbook(path)[layout(table).sheet]
    rows = []
    for row in ws.iter_rows():
        values = []
        for cell in row:
            v = cell.value
            values.append("" if v is None or cell.data_type == "f" else v)
        rows.append(values)
    return payload([payload_sheet(ws.title, rows)])


def recalc_outcomes(path: Path, table=TABLE):
    from remote_book import applied, remote_book

    from perfeval_xl.excel.recalc import recalculate

    data = payload_of(path, table)
    book = remote_book(data)
    recalculate(book)
    grid = applied(data, book.json()["actions"])[0]
    lay = layout(table)

    def value_of(ref: str):
        from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

        col, row = coordinate_from_string(ref)
        r, c = row - 1, column_index_from_string(col) - 1
        return grid[r][c] if r < len(grid) and c < len(grid[r]) else None

    return sheet_outcomes(value_of, lay, value_of)


# -- the Office.js call path ----------------------------------------------------------------------
OFFICE_RUNNER = r"""
import asyncio, json, sys
import xlwings, xlwings.server
import perfeval_xl.excel.udfs as module

out = []
for job in json.load(sys.stdin):
    data = {"caller_address": "Sheet1!J5", "version": xlwings.__version__, "client": "Office.js",
            "culture_info_name": "zh-CN", "date_format": "yyyy/m/d", "runtime": "1.4", **job}
    try:
        out.append({"value": asyncio.run(xlwings.server.custom_functions_call(data, module))})
    except Exception as error:
        out.append({"error": type(error).__name__, "message": str(error)})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def office_value(value):
    """A cell value as the Office.js client sends it: errors as Error objects, blanks as null."""
    if value == ERROR:
        return {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
    return value


def office_calls(jobs: list[dict], repo: Path) -> list[dict]:
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial",
           "PYTHONPATH": str(repo)}
    proc = subprocess.run([sys.executable, "-c", OFFICE_RUNNER], input=json.dumps(jobs), capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=repo, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def rule_args(name: str, table=TABLE) -> list:
    """SCORE_RULE's arguments after the actual value: the row's own cells."""
    ind = table.indicator(name)
    return [ind.target, ind.remark, ind.op, ind.unit]


def office_outcome(result: dict) -> tuple:
    """A single cell's Office.js result ([[value]]); an XlwingsError is an error shown in the cell."""
    if "error" in result:
        return ("error",)
    value = result["value"]
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return of_cell(value)


@dataclass
class Disagreement:
    what: str
    results: dict[str, tuple] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.what + "\n" + "\n".join(f"    {path:<18}{result}" for path, result in self.results.items())


def disagreements(what: str, results: dict[str, tuple], compare=same) -> Disagreement | None:
    values = list(results.values())
    if all(compare(values[0], v) for v in values[1:]):
        return None
    return Disagreement(what, copy.deepcopy(results))
