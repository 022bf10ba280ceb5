"""The seed table's ten rows as SCORE_* calls, typed by hand from the published 评（扣）分标准 texts.

Shared by the direct-call tests and the xlwings runtime tests. Each row: (Excel function, parameters
for actual values in the row's unit, parameters for fractions as a %-formatted cell holds them, or
None when the row has no percent scale). Expected scores come from tests/data/acceptance/seed_cases.json.
"""

from __future__ import annotations

import json

from conftest import DATA

CASES = json.loads((DATA / "acceptance" / "seed_cases.json").read_text(encoding="utf-8"))
BY_NAME = {ind["name"]: ind for ind in CASES["indicators"]}

SEED_CALLS = {
    "成本节约率": ("SCORE_DEDUCT", (0, 20, 1, "1%"), (0, 20, "1%", "1%")),
    "保障隔离戒毒人员基本生活": ("SCORE_DEDUCT", (38, 10, 1, "5%"), None),
    "保障隔离戒毒人员基本医疗": ("SCORE_LINEAR", ("60%", "95%", 10, 95), ("60%", "95%", 10, "95%")),
    "保障隔离戒毒人员教育矫治": ("SCORE_BANDED", ("[100,):10;[90,100):8;[80,90):4;(,80):0",), None),
    "重大安全事故次数": ("SCORE_THRESHOLD", (0, 5, "="), None),
    "戒毒人员收治工作及时率": ("SCORE_DEDUCT", (100, 5, 1, "1%"), ("100%", 5, "1%", "1%")),
    "维护社会稳定，预防和减少犯罪": ("SCORE_GRADE", ("有效:5;一般:3;较差:0",), None),
    "稳定人民警察队伍，增强凝聚力及战斗力": ("SCORE_GRADE", ("有效:5;一般:3;较差:0",), None),
    "场所运转持续性": ("SCORE_LINEAR", ("80%", "100%", 10, 100), ("80%", "100%", 10, "100%")),
    "所在区域群众满意度": ("SCORE_BANDED", ("[90,):10;[80,90):8;[70,80):4;(,70):0",),
                           ("[90%,):10;[80%,90%):8;[70%,80%):4;(,70%):0",)),
}


def is_fraction(name: str, actual) -> bool:
    """"95%" typed as text, or a fraction from a %-formatted cell (0.9 in a row whose target is 95)."""
    if isinstance(actual, str):
        return actual.endswith("%")
    ind = BY_NAME[name]
    return ind["unit"] == "%" and abs(actual) <= 1.5 and actual != 0 and ind["target"] > 1.5


def params_for(name: str, actual) -> tuple:
    """The parameters of the row's call in the scale ``actual`` is in."""
    _, unit_params, fraction_params = SEED_CALLS[name]
    return fraction_params if fraction_params and is_fraction(name, actual) else unit_params
