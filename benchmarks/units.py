"""Generated unit workbooks for the batch benchmark: varied published rules, 10–40 indicators a unit.

The rules are the seed table's ten rows and the shared corpus's published rules that the parser reads,
each with the actual values its hand-computed cases use; unit ``i`` draws its rows and values from a
``random.Random(i)``, so every run generates the same files.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from layouts import CASES, DATA  # noqa: E402  (tests/ helpers, shared with the test suite)
from perfeval_xl.core.errors import PerfevalError  # noqa: E402
from perfeval_xl.core.parser import parse_rule  # noqa: E402
from perfeval_xl.core.score import SCORED  # noqa: E402
from perfeval_xl.core.seed import seed_table  # noqa: E402
from perfeval_xl.core.table import Indicator, Table  # noqa: E402
from unit_workbooks import write_unit_workbook  # noqa: E402

CORPUS = DATA / "corpus" / "dev_rules.jsonl"
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")


def rule_pool() -> list[tuple[Indicator, list]]:
    """(indicator row, actual values to draw from) for every rule the parser reads."""
    pool = []
    seed_cases = {c["name"]: [a for a, _ in c["cases"]] for c in CASES["indicators"]}
    for ind in seed_table().indicators:
        pool.append((dataclasses.replace(ind, rule=None), seed_cases[ind.name]))
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        weight = rec.get("weight") or rec["params"].get("test_weight")
        actuals = [t["actual"] for t in rec["tests"] if isinstance(t["actual"], (int, float, str))]
        if not isinstance(weight, (int, float)) or not rec.get("rule_text") or not actuals:
            continue
        target = rec.get("target")
        ind = Indicator(random.Random(rec["id"]).choice(LEVEL1), "二级指标", rec["indicator"],
                        rec.get("value_type") or "", target, rec.get("unit") or "", "", rec["rule_text"],
                        float(weight), f"{weight:g}分")
        try:
            rule = parse_rule(ind.rule_text, op=ind.op, target=ind.target, unit=ind.unit, weight=ind.weight)
        except PerfevalError:
            continue
        # Values the rule scores by itself (not the ones it leaves to a person), so most units get a total.
        actuals = [a for a in actuals if rule.score(a).status == SCORED]
        if actuals:
            pool.append((ind, actuals))
    return pool


def unit(i: int, pool: list[tuple[Indicator, list]]) -> tuple[Table, dict, float]:
    """Unit ``i``: its table (10–40 rows), actual values and 全年执行数."""
    rng = random.Random(i)
    picked = rng.sample(pool, rng.randint(10, min(40, len(pool))))
    budget = round(rng.uniform(50, 20000), 2)
    table = dataclasses.replace(seed_table(), unit_code=f"{100000 + i}", unit_name=f"第{i + 1}号预算单位",
                                indicators=tuple(ind for ind, _ in picked),
                                budget=dataclasses.replace(seed_table().budget, total=budget))
    actuals = {ind.name: rng.choice(values) for ind, values in picked}
    return table, actuals, round(budget * rng.uniform(0.7, 1.05), 2)


def write_units(folder: Path, count: int) -> list[Path]:
    """``count`` unit workbooks (.xlsx, the template's columns) in ``folder``."""
    pool = rule_pool()
    paths = []
    for i in range(count):
        table, actuals, executed = unit(i, pool)
        paths.append(write_unit_workbook(folder / f"unit{i:04d}.xlsx", table, actuals, executed=executed))
    return paths


def write_portable(folder: Path, count: int) -> list[Path] | None:
    """The same units as filled portable templates (native formulas), or None without the template."""
    try:
        from perfeval_xl.workbooks.template import build_template
    except ImportError:
        return None
    from unit_workbooks import typed_value

    pool = rule_pool()
    paths = []
    for i in range(count):
        table, actuals, executed = unit(i, pool)
        workbook, layout = build_template(table, portable=True)
        ws = workbook[layout.sheet]
        for ind in table.indicators:
            value, number_format = typed_value(actuals.get(ind.name), ind)
            cell = ws[layout.cell("actual", ind.name)]
            cell.value = value
            if number_format:
                cell.number_format = number_format
        ws[layout.executed_cell] = executed
        path = folder / f"unit{i:04d}.xlsx"
        workbook.save(path)
        paths.append(path)
    return paths
