"""Generated unit workbooks for the batch benchmark: varied published rules, 10–40 indicators a unit.

The rules are a fixed list, ``benchmarks/rules.json``: the seed table's ten rows and the published
rules of the shared corpus that the parser read when the list was made, each with actual values its
rule scores by itself. The list is frozen so that the benchmark measures the same work when the parser
learns more. Unit ``i`` draws its rows and values from a ``random.Random(i)``, so every run generates
the same files.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from perfeval_xl.core.seed import seed_table  # noqa: E402
from perfeval_xl.core.table import Indicator, Table  # noqa: E402
from unit_workbooks import write_unit_workbook  # noqa: E402

RULES = Path(__file__).resolve().parent / "rules.json"
INDICATOR_FIELDS = ("level1", "level2", "name", "op", "target", "unit", "rule_text", "weight", "remark")


def rule_pool() -> list[tuple[Indicator, list]]:
    """(indicator row, actual values to draw from) for every rule of the fixed list."""
    return [(Indicator(**{k: rec[k] for k in INDICATOR_FIELDS}), rec["actuals"])
            for rec in json.loads(RULES.read_text(encoding="utf-8"))]


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
