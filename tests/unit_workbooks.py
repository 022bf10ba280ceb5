"""Unit self-evaluation workbooks for tests and benchmarks, in the template's layout (brief, contract 3).

A title, the unit's code and name, the budget-execution block (全年预算数, 全年执行数, 执行率, 得分),
the published indicator columns plus the self-evaluation columns, and the 总分 / 等级 cells. Percent
actuals are written as a %-formatted fraction, as a user typing "95%" into Excel leaves them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from perfeval_xl.table import Indicator, Table

PUBLISHED = ("一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准", "备注")
SELF_EVALUATION = ("实际完成值", "人工认定得分", "得分", "得分说明")
HEADERS = PUBLISHED + SELF_EVALUATION
SEED_CASES = Path("/work/shared/acceptance/seed_cases.json")
CORPUS = Path("/work/shared/corpus/dev_rules.jsonl")


def _actual_cell(cell, value, indicator: Indicator) -> None:
    if isinstance(value, str) and value.endswith("%") and indicator.unit == "%":
        cell.value = float(value[:-1]) / 100
        cell.number_format = "0%" if float(value[:-1]).is_integer() else "0.0%"
    else:
        cell.value = value


def write_unit_workbook(path: str | Path, table: Table, actuals: dict, *, executed=None,
                        manual: dict | None = None, budget=None) -> Path:
    """One unit's workbook with ``actuals`` (三级指标 → value as typed) filled in; returns the path."""
    from openpyxl import Workbook

    manual = manual or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效自评表"
    ws.append([table.title])
    ws.append(["单位编码", table.unit_code, "单位名称", table.unit_name, "金额单位：万元"])
    ws.append(["全年预算数", "全年执行数", "执行率", "得分（10分）"])
    budget = budget if budget is not None else (table.budget.total if table.budget else None)
    ws.append([budget, executed, None, None])
    ws.append(list(HEADERS))
    for ind in table.indicators:
        ws.append([ind.level1, ind.level2, ind.name, ind.op, ind.target, ind.unit, ind.description,
                   ind.rule_text, ind.remark or f"{ind.weight:g}分", None, manual.get(ind.name)])
        _actual_cell(ws.cell(row=ws.max_row, column=HEADERS.index("实际完成值") + 1), actuals.get(ind.name), ind)
    ws.append(["总分", None])
    ws.append(["等级", None])
    path = Path(path)
    wb.save(path)
    return path


def seed_cases() -> dict:
    return json.loads(SEED_CASES.read_text(encoding="utf-8"))


def corpus_rows(seed: int = 0) -> list[Indicator]:
    """Indicator rows from the shared corpus of published rules (varied shapes, with a numeric weight)."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        weight = rec.get("weight") or rec["params"].get("test_weight")
        if not isinstance(weight, (int, float)) or not rec.get("rule_text"):
            continue
        level1 = random.Random(f"{seed}{rec['id']}").choice(("产出指标", "效益指标", "满意度指标", "成本指标"))
        rows.append(Indicator(level1, "二级指标", rec["indicator"], rec.get("value_type") or "",
                              rec.get("target"), rec.get("unit") or "", "", rec["rule_text"], float(weight),
                              f"{weight:g}分"))
    return rows
