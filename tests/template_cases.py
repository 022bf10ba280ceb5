"""Filled copies of the template for the acceptance cases, with the values each should show.

Each :class:`Filled` is one copy of the seed template with actual values typed in, the expected score
of every row (from tests/data/acceptance/seed_cases.json, or hand-computed here), and the expected total
and grade. Tests recalculate the copies with an independent engine and compare.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from perfeval_xl import seed_table
from perfeval_xl.core.totals import grade
from perfeval_xl.workbooks.template import stored_value

from conftest import DATA

ACCEPTANCE = DATA / "acceptance" / "seed_cases.json"
BUDGET = 6530.55


@dataclass
class Filled:
    """One filled copy: typed values by 三级指标, expected row scores, total and grade."""

    name: str
    typed: dict[str, object]
    scores: dict[str, object]
    executed: float | None
    total: object
    grade: object
    manual: dict[str, float] = field(default_factory=dict)


def acceptance() -> dict:
    return json.loads(ACCEPTANCE.read_text(encoding="utf-8"))


def stored(name: str, typed: object, percent_cell: bool) -> object:
    """What Excel stores when a user types ``typed`` into the seed row ``name``'s 实际完成值 cell."""
    ind = seed_table().indicator(name)
    return stored_value(typed, unit=ind.unit, target=ind.numeric_target, qualitative=ind.qualitative,
                        percent_cell=percent_cell)


def _execution(executed: float) -> float:
    return 10 * min(executed / BUDGET, 1)


def filled_cases() -> list[Filled]:
    """Copy k holds case k of every row (rows with fewer cases stay blank), then the total scenarios."""
    data = acceptance()
    rows = data["indicators"]
    out = []
    for k in range(max(len(r["cases"]) for r in rows)):
        executed = round(BUDGET * (0.82 + 0.03 * k), 2)
        typed = {r["name"]: r["cases"][k][0] for r in rows if k < len(r["cases"])}
        scores = {r["name"]: r["cases"][k][1] if k < len(r["cases"]) else "" for r in rows}
        missing = len(rows) - len(typed)
        if missing:
            total = expected_grade = f"未完成评分：{missing}项"
        else:
            total = round(sum(scores.values()) + _execution(executed), 2)
            expected_grade = grade(total)
        out.append(Filled(f"case{k}", typed, scores, executed, total, expected_grade))
    for i, scenario in enumerate(data["totals"]["scenarios"]):
        typed = {name: v for name, v in scenario["actuals"].items() if v is not None}
        total = scenario["total"] if scenario["total"] is not None else f"未完成评分：{len(scenario['unscored'])}项"
        out.append(Filled(f"scenario{i}", typed, {}, scenario["executed"], total,
                          scenario["grade"] or total))
    # Hand-computed: 人工认定得分 fills the blank row of scenario 0 (80.87 - 9.92 + 8 + 9 = 87.95) …
    first = data["totals"]["scenarios"][0]["actuals"]
    typed = {**first, "保障隔离戒毒人员基本医疗": None}
    out.append(Filled("manual", {k: v for k, v in typed.items() if v is not None},
                      {"保障隔离戒毒人员基本医疗": 8}, 5877.495, 87.95, "良",
                      manual={"保障隔离戒毒人员基本医疗": 8}))
    # … 人工认定得分 wins over a computed score (5 → 4: 89.87 - 1 = 88.87) …
    out.append(Filled("manual_wins", first, {"维护社会稳定，预防和减少犯罪": 4}, 5877.495, 88.87, "良",
                      manual={"维护社会稳定，预防和减少犯罪": 4}))
    # … a 不适用 row drops out and the rest is rescaled (scenario 1 without its 10-point row: 90/90) …
    full = data["totals"]["scenarios"][1]["actuals"]
    out.append(Filled("not_applicable", {**full, "场所运转持续性": "不适用"}, {"场所运转持续性": "不适用"},
                      7000, 100, "优"))
    # … and a grade word the rule does not list, a text in a numeric row, a 人工认定得分 above the row's
    # points: each leaves its row unscored and the total waits for it.
    waiting = "未完成评分：1项"
    out.append(Filled("review", {**first, "维护社会稳定，预防和减少犯罪": "不清楚"}, {}, 5877.495, waiting, waiting))
    out.append(Filled("unreadable", {**first, "保障隔离戒毒人员基本生活": "约三十八"}, {}, 5877.495, waiting, waiting))
    out.append(Filled("manual_too_high", first, {}, 5877.495, waiting, waiting, manual={"成本节约率": 25}))
    return out


def fill(path: Path, layout, case: Filled, *, portable: bool) -> Path:
    """Save a copy of the template at ``path`` with ``case`` typed in."""
    from perfeval_xl.workbooks.template import build_template

    workbook, built = build_template(portable=portable)
    assert built == layout
    ws = workbook[layout.sheet]
    for name, typed in case.typed.items():
        ws[layout.cell("actual", name)] = stored(name, typed, name in layout.percent)
    for name, points in case.manual.items():
        ws[layout.cell("manual", name)] = points
    ws[layout.executed_cell] = case.executed
    workbook.save(path)
    return path
