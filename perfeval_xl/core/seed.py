"""The embedded seed table (衡阳市强制隔离戒毒所 整体支出绩效目标表), the project's default table."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .rules import rule_from_dict
from .score import Score
from .table import Budget, Indicator, Table


def table_from_dict(data: dict) -> Table:
    """A Table from its JSON form (the seed data's layout); rules given as dicts are built.

    Raises:
        KeyError for a missing field; ValueError (Chinese) for a weight that is not a number, or a rule
        without the weight it scores out of.
    """
    indicators = []
    for row in data["indicators"]:
        row = dict(row)
        rule = row.pop("rule", None)
        weight = row.get("weight")
        if weight is not None and (isinstance(weight, bool) or not isinstance(weight, (int, float))):
            raise ValueError(f"指标“{row.get('name')}”的分值“{weight}”不是数字")
        if rule is not None and weight is None:
            raise ValueError(f"指标“{row.get('name')}”写了评分规则参数，但没有分值")
        if rule is not None:
            target = row["target"] if isinstance(row["target"], (int, float)) else None
            rule = rule_from_dict({"weight": row["weight"], "unit": row["unit"], "row_target": target, **rule})
        indicators.append(Indicator(**row, rule=rule))
    budget = Budget(**data["budget"]) if data.get("budget") else None
    return Table(title=data.get("title", "整体支出绩效目标表"), unit_code=data.get("unit_code", ""),
                 unit_name=data.get("unit_name", ""), money_unit=data.get("money_unit", "万元"), budget=budget,
                 goal=data.get("goal", ""), indicators=tuple(indicators),
                 execution_weight=data.get("execution_weight", 10))


@lru_cache(maxsize=1)
def seed_table() -> Table:
    """The seed table with every column and hand-written rule parameters for its ten rows."""
    text = resources.files(__package__).joinpath("data/seed_table.json").read_text(encoding="utf-8")
    return table_from_dict(json.loads(text))


def score_indicator(name: str, actual: object) -> Score:
    """Score one row of the seed table, found by its 三级指标 ``name``."""
    from .totals import rule_of

    return rule_of(seed_table().indicator(name)).score(actual)
