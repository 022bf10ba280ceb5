"""Twenty unit workbooks in the shapes units send a finance bureau, with their own claimed scores.

Built from the seed table's ten rows and the hand-computed cases of the acceptance file (each actual
value with the points worked out by hand), with a fixed seed. The shapes: a title line only, a header
block with 单位名称/单位编码, the table at D7, a two-row header with merged cells, notes above and
below, blank 预算执行率 amounts, claims typed or cached from the unit's formulas, claims rounded to one
decimal. The generator makes its own mistakes (a row claimed a point off, a wrong total, a wrong
grade) and records them: :attr:`Unit.wrong` is the set of (unit name, 指标) the review must list,
worked out here from the hand values, never from the code under test.
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from layouts import CASES, SEED

SEED_NUMBER = 15
COUNT = 20
HEADERS = ("一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "评（扣）分标准", "分值", "实际完成值",
           "自评得分", "得分说明")
#: A row the rules leave to a person (酌情扣分 below the target), put in place of 重大安全事故次数 (5 分).
MANUAL_ROW = {"level1": "产出指标", "level2": "质量指标", "name": "安全培训覆盖人次", "op": "≥", "target": 100,
              "unit": "人次", "rule_text": "达到指标值得满分，未达到指标值酌情扣分。", "weight": 5}
REPLACED_BY_MANUAL = "重大安全事故次数"
UNIT_NAMES = ("衡阳市强制隔离戒毒所", "某县第一中学", "某县卫生健康局", "某市图书馆", "某县农业农村局", "某区疾病预防控制中心",
              "某县人民医院", "某市档案馆", "某县水利局", "某区市场监督管理局", "某县交通运输局", "某市博物馆", "某县林业局",
              "某区退役军人事务局", "某县司法局", "某市气象局", "某县民政局", "某区城市管理局", "某县审计局", "某市救助管理站")
#: Grade bands by hand (财预〔2020〕10号): 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
BANDS = ((90, "优"), (80, "良"), (60, "中"))


def half_up(value: float, decimals: int) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def grade_of(total: float) -> str:
    return next((name for low, name in BANDS if total >= low), "差")


@dataclass
class Unit:
    """One generated unit: what was written and what the review must find."""

    file: str
    name: str
    code: str
    shape: str
    subtotal: float | None  # by hand: every row has a hand value unless a row is left to a person
    total: float | None
    claims: dict[str, float] = field(default_factory=dict)
    wrong: set[tuple[str, str]] = field(default_factory=set)
    manual: set[str] = field(default_factory=set)


def _seed_rows() -> list[dict]:
    cases = {c["name"]: c["cases"] for c in CASES["indicators"]}
    rows = []
    for ind in SEED["indicators"]:
        # Values as a user types them; bare fractions in % rows are left out (the unit would type 90%).
        usable = [(a, p) for a, p in cases[ind["name"]] if not (ind["unit"] == "%" and isinstance(a, (int, float)))]
        rows.append({**{k: ind[k] for k in ("level1", "level2", "name", "op", "target", "unit", "rule_text",
                                             "weight")}, "cases": usable})
    return rows


def _typed(actual, unit: str):
    """(value, number format) as Excel stores a typed value: "95%" → 0.95 formatted 0%."""
    if isinstance(actual, str) and actual.endswith("%") and unit == "%":
        return float(actual[:-1]) / 100, "0%"
    return actual, None


def build(folder: Path) -> list[Unit]:
    """Write the twenty workbooks into ``folder``; returns what each holds."""
    rng = random.Random(SEED_NUMBER)
    seed_rows = _seed_rows()
    units = []
    for i in range(COUNT):
        units.append(_unit(folder, i, rng, seed_rows))
    return units


def _unit(folder: Path, i: int, rng: random.Random, seed_rows: list[dict]) -> Unit:
    name, code = UNIT_NAMES[i], f"4301{i:04d}"
    shape = ("title", "block", "d7", "merged", "notes")[i % 5]
    by_file = i == 13  # no name anywhere in the sheet: the file name names it
    stem = f"{i + 1:02d}_{name}" if not by_file else f"{i + 1:02d}_{name}报送"
    rows = [dict(r) for r in seed_rows]
    manual_row = i in (4, 11)
    if manual_row:
        rows = [dict(MANUAL_ROW, cases=[(80, None)]) if r["name"] == REPLACED_BY_MANUAL else r for r in rows]
    blank_amounts = i in (2, 9, 16)
    rounded = i % 3 == 0  # claims rounded to one decimal
    formulas = i % 4 == 1  # claims cached from the unit's own formulas
    # The generator's own mistakes.
    wrong_rows = {3: 1, 6: 2, 10: 1, 15: 1, 18: 1}.get(i, 0)  # rows claimed a point off
    total_only = i == 7  # every row right, the total wrong
    grade_wrong = i == 12  # the grade claimed one band up
    execution_wrong = i == 17  # the 预算执行率 score claimed a point off

    actuals, points = {}, {}
    for r in rows:
        # Mostly the first (good) cases, as most units do well; now and then any case.
        actual, hand = rng.choice(r["cases"][:3] if rng.random() < 0.8 else r["cases"])
        actuals[r["name"]] = actual
        points[r["name"]] = hand
    rate = rng.choice((1.0, 0.95, 0.9, 1.05))
    budget = rng.randint(10, 900) * 10  # 万元; times the rate, an amount with at most one decimal
    executed = round(budget * rate, 1)
    execution = 10 * min(executed / budget, 1)  # by hand from the two amounts written
    with_block = shape in ("block", "merged", "d7") and not by_file
    unit = Unit(f"{stem}.xlsx", stem if by_file else name, code if with_block else "", shape, None, None)

    claims: dict[str, float] = {}
    mistakes = 0.0
    scored_names = [r["name"] for r in rows if points[r["name"]] is not None]
    off = set(rng.sample(scored_names, wrong_rows))
    for r in rows:
        hand = points[r["name"]]
        if hand is None:  # left to a person: the unit claims something anyway
            claims[r["name"]] = 4.0
            unit.manual.add(r["name"])
            continue
        claim = half_up(hand, 1) if rounded else hand
        if r["name"] in off:
            step = -1 if claim + 1 > r["weight"] else 1
            claim = round(claim + step, 2)
            mistakes += step
            unit.wrong.add((unit.name, r["name"]))
        claims[r["name"]] = claim
    unit.claims = claims
    if all(points[r["name"]] is not None for r in rows):
        unit.subtotal = round(sum(points.values()), 2)
    claimed_execution = None
    if not blank_amounts:
        claimed_execution = round(execution - (1 if execution_wrong else 0), 2)
        if execution_wrong:
            unit.wrong.add((unit.name, "预算执行率"))
            mistakes += claimed_execution - execution
    claimed_total = claimed_grade = None
    if unit.subtotal is not None and not blank_amounts:
        unit.total = round(unit.subtotal + execution, 2)
        claimed_total = half_up(unit.total + mistakes + (1 if total_only else 0), 1)
        if claimed_total != half_up(unit.total, 1):
            unit.wrong.add((unit.name, "总分"))
        claimed_grade = grade_of(claimed_total)
        if grade_wrong:
            claimed_grade = {"优": "良", "良": "优", "中": "良", "差": "中"}[claimed_grade]
        if claimed_grade != grade_of(unit.total):
            unit.wrong.add((unit.name, "等级"))
    elif manual_row and not blank_amounts:
        claimed_total = 90.0  # a total the review cannot check: a row waits for a person

    sheet = _sheet(unit, rows, actuals, claims, budget if not blank_amounts else None,
                   executed if not blank_amounts else None, claimed_execution, claimed_total, claimed_grade,
                   shape, by_file, i)
    _save(folder / unit.file, sheet, formulas)
    return unit


@dataclass
class _Sheet:
    cells: dict[tuple[int, int], tuple[object, str | None]] = field(default_factory=dict)  # 1-based → value, format
    merges: list[str] = field(default_factory=list)
    claim_cells: dict[tuple[int, int], float] = field(default_factory=dict)


def _sheet(unit: Unit, rows, actuals, claims, budget, executed, claimed_execution, claimed_total, claimed_grade,
           shape: str, by_file: bool, i: int) -> _Sheet:
    s = _Sheet()

    def put(r: int, c: int, value, fmt: str | None = None):
        if value is not None:
            s.cells[(r, c)] = (value, fmt)

    col0 = 4 if shape == "d7" else 1
    r = 1
    year = 2024 + i % 2
    if not by_file:
        if shape in ("title", "notes", "d7"):
            title = (f"{unit.name}{year}年度部门整体支出绩效自评" if i % 2 else f"{unit.name}{year}年项目支出绩效自评表")
            put(r, col0, title)
            s.merges.append(f"{_col(col0)}{r}:{_col(col0 + 6)}{r}")
            r += 1
        if shape in ("block", "merged", "d7"):
            if i % 2:
                put(r, col0, f"单位名称：{unit.name}")
                put(r, col0 + 4, f"单位编码：{unit.code}")
            else:
                put(r, col0, "单位名称")
                put(r, col0 + 1, unit.name)
                put(r, col0 + 3, "单位编码")
                put(r, col0 + 4, unit.code)
            r += 1
    else:
        put(r, col0, "部门整体支出绩效自评表")
        r += 1
    if shape == "notes":
        put(r, col0, "填表说明：实际完成值按年末数填写，自评得分保留一位小数。")
        r += 1
    # The budget-execution block: labels over values.
    put(r, col0, "全年预算数")
    put(r, col0 + 1, "全年执行数")
    put(r, col0 + 2, "执行率")
    put(r, col0 + 3, "得分（10分）")
    put(r + 1, col0, budget)
    put(r + 1, col0 + 1, executed)
    put(r + 1, col0 + 3, claimed_execution)
    r += 3
    if shape == "d7":
        r = max(r, 7)
    if shape == "merged":  # a two-row header: 绩效指标 / 自评情况 merged over their columns
        put(r, col0, "绩效指标")
        s.merges.append(f"{_col(col0)}{r}:{_col(col0 + 7)}{r}")
        put(r, col0 + 8, "自评情况")
        s.merges.append(f"{_col(col0 + 8)}{r}:{_col(col0 + 10)}{r}")
        r += 1
    for c, header in enumerate(HEADERS):
        put(r, col0 + c, header)
    r += 1
    runs: list[list[int]] = []  # [first row, last row] of each 一级指标, merged in the "merged" shape
    previous = None
    for row in rows:
        if row["level1"] != previous:
            runs.append([r, r])
            put(r, col0, row["level1"])
            previous = row["level1"]
        else:
            runs[-1][1] = r
            if shape != "merged":
                put(r, col0, row["level1"])
        put(r, col0 + 1, row["level2"])
        put(r, col0 + 2, row["name"])
        put(r, col0 + 3, row["op"])
        put(r, col0 + 4, row["target"])
        put(r, col0 + 5, row["unit"])
        put(r, col0 + 6, row["rule_text"])
        put(r, col0 + 7, row["weight"])
        value, fmt = _typed(actuals[row["name"]], row["unit"])
        put(r, col0 + 8, value, fmt)
        s.claim_cells[(r, col0 + 9)] = claims[row["name"]]
        put(r, col0 + 9, claims[row["name"]])
        r += 1
    if shape == "merged":
        s.merges += [f"{_col(col0)}{a}:{_col(col0)}{b}" for a, b in runs if b > a]
    put(r, col0, "总分")
    put(r, col0 + 7, sum(row["weight"] for row in rows) + 10)
    if claimed_total is not None:
        s.claim_cells[(r, col0 + 9)] = claimed_total
        put(r, col0 + 9, claimed_total)
    put(r + 1, col0, "等级")
    put(r + 1, col0 + 9, claimed_grade)
    r += 2
    if shape == "notes":
        put(r + 1, col0, "注：本表由单位财务部门填报，主管部门审核。")
    return s


def _col(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)


def _save(path: Path, sheet: _Sheet, formulas: bool) -> None:
    """Write with openpyxl; claims as the unit's formulas get their cached values patched into the XML
    (openpyxl writes a formula without one, as a program that never calculated would)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效自评表"
    for (r, c), (value, fmt) in sheet.cells.items():
        if formulas and (r, c) in sheet.claim_cells:
            value = f"=ROUND({value}+0,2)"
        cell = ws.cell(row=r, column=c, value=value)
        if fmt:
            cell.number_format = fmt
    for merged in sheet.merges:
        ws.merge_cells(merged)
    wb.save(path)
    if formulas:
        _cache_formula_values(path, {f"{_col(c)}{r}": v for (r, c), v in sheet.claim_cells.items()})


def _cache_formula_values(path: Path, values: dict[str, float]) -> None:
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    xml = items[part].decode("utf-8")

    def cached(match: re.Match) -> str:
        ref = match.group(1)
        return f'<c r="{ref}"{match.group(2)}><f>{match.group(3)}</f><v>{values[ref]!r}</v></c>'

    xml, count = re.subn(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/></c>', cached, xml)
    assert count == len(values), (count, len(values))
    items[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)
