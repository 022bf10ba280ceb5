"""Sheets laid out as users lay out their tables, built from the seed table's published columns.

Each builder returns rows of plain cell values (None for an empty cell, or for the cells a merged
一级/二级 指标 covers below its first row), so tests can write them with openpyxl or xlwt, or hand them
to the finder directly.
"""

from __future__ import annotations

import json

from conftest import REPO, DATA

CASES = json.loads((DATA / "acceptance/seed_cases.json").read_text(encoding="utf-8"))
SEED = json.loads((REPO / "perfeval_xl/core/data/seed_table.json").read_text(encoding="utf-8"))
#: The first acceptance scenario: actual values, 全年执行数, and the hand-computed results.
SCENARIO = CASES["totals"]["scenarios"][0]

PUBLISHED = ("一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准", "备注")
#: Level-2 rows of the published seed table that carry no indicator (they stay in the layout), placed
#: before or after the rows of the level-2 group named.
EMPTY_BEFORE = {"社会效益指标": ("经济效益指标",), "可持续影响指标": ("生态效益指标",)}
EMPTY_AFTER = {"经济成本指标": ("社会成本指标", "生态环境成本指标")}


def indicator_cells(ind: dict) -> dict[str, object]:
    """One seed indicator by published header."""
    return {"一级指标": ind["level1"], "二级指标": ind["level2"], "三级指标": ind["name"], "指标值类型": ind["op"],
            "指标值": ind["target"], "计量单位": ind["unit"], "指标解释": ind["description"],
            "评（扣）分标准": ind["rule_text"], "备注": ind["remark"], "分值": ind["weight"]}


def indicator_rows(headers, *, actuals=None, merged_levels=True, extra=None, empty_level2=True):
    """The seed indicators under ``headers`` (header names; None for an extra column).

    ``actuals`` fills 实际完成值 (or the header named like it); ``merged_levels`` leaves 一级/二级 None
    below their first row as a plain read of merged cells gives them; ``extra`` fills other columns.
    """
    rows, last1, last2 = [], None, None
    level1_col = headers.index("一级指标") if "一级指标" in headers else None
    level2_col = headers.index("二级指标") if "二级指标" in headers else None

    def empty(level1, level2):
        row = [None] * len(headers)
        if level1_col is not None:
            row[level1_col] = level1
        if level2_col is not None:
            row[level2_col] = level2
        return row

    for ind in SEED["indicators"]:
        cells = indicator_cells(ind)
        if actuals is not None:
            cells["实际完成值"] = cells["全年实际值"] = actuals.get(ind["name"])
        cells.update(extra or {})
        row = [cells.get(h) for h in headers]
        new_group = ind["level2"] != last2
        if empty_level2 and new_group:
            for level2 in EMPTY_BEFORE.get(ind["level2"], ()):
                rows.append(empty(ind["level1"] if ind["level1"] != last1 else None, level2))
                last1 = ind["level1"]
        if merged_levels:
            if level1_col is not None and ind["level1"] == last1:
                row[level1_col] = None
            if level2_col is not None and not new_group:
                row[level2_col] = None
        rows.append(row)
        last1, last2 = ind["level1"], ind["level2"]
        if empty_level2 and new_group:
            rows += [empty(None, level2) for level2 in EMPTY_AFTER.get(ind["level2"], ())]
    return rows


def published_rows(*, actuals=None, executed=None):
    """The seed table in the published layout (title, unit, budget block, goal, indicators), then a
    self-evaluation part when ``actuals`` is given: 实际完成值 column and a 全年预算数/全年执行数 block."""
    headers = list(PUBLISHED) + (["实际完成值"] if actuals is not None else [])
    budget = SEED["budget"]
    rows = [
        [SEED["title"]],
        [SEED["unit_name"]],
        [None] * 8 + ["金额单位：万元"],
        ["单位编码", "单位名称", "年度预算申请", None, None, None, None, None, None],
        [None, None, "资金总额", "按收入性质分", None, None, None, "按支出性质分", None],
        [None, None, None, "一般公共预算", "政府性基金拨款", "财政专户管理资金", "其他资金", "基本支出", "项目支出"],
        [SEED["unit_code"], SEED["unit_name"], budget["total"], budget["general_public"], None, None,
         budget["other"], budget["basic"], budget["project"]],
        ["整体绩效目标"],
        ["部门整体支出年度绩效目标"],
        [SEED["goal"]],
        headers,
    ]
    rows += indicator_rows(headers, actuals=actuals)
    if actuals is not None:
        rows += [[], ["全年预算数", "全年执行数", "执行率", "得分"], [budget["total"], executed]]
    return rows
