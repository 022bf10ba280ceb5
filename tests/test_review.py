"""The review's precision rule and unit naming, table-driven; expected values by hand."""

from __future__ import annotations

import pytest

from perfeval_xl.core.review import agrees
from perfeval_xl.core.unit_name import name_from_title, unit_name


@pytest.mark.parametrize("claimed, computed, same", [
    (9.9, 9.92, True),  # one decimal: 9.92 → 9.9
    (9.9, 9.85, True),  # 9.85 → 9.9 (half up)
    (9.9, 9.95, False),  # 9.95 → 10.0
    (9.92, 9.9248, True),  # two decimals
    (9.93, 9.9248, False),
    (10, 9.5, False),  # a whole number is read to one decimal: 10.0 against 9.5
    (10, 9.96, True),  # 9.96 → 10.0
    (7.5, 7.449999999999996, True),  # binary noise in the computed score: 7.45 → 7.5
    (9.923, 9.9249, True),  # more than two decimals: both at two, 9.92
    (0, 0.04, True),
    (4, 5, False),
])
def test_a_claim_agrees_at_its_own_precision(claimed, computed, same):
    assert agrees(claimed, computed) is same


@pytest.mark.parametrize("title, name", [
    ("衡阳市强制隔离戒毒所2025年度部门整体支出绩效自评", "衡阳市强制隔离戒毒所"),
    ("某县第一中学2024年项目支出绩效自评表", "某县第一中学"),
    ("2025年度某县卫生健康局部门整体支出绩效自评表", "某县卫生健康局"),
    ("某县财政局（2025年度）绩效自评报告", "某县财政局"),
    ("某市图书馆 2025 年 整体支出绩效目标表", "某市图书馆"),
    ("整体支出绩效目标表", ""),
    ("部门整体支出绩效自评表（2025年度）", ""),
    ("", ""),
])
def test_the_unit_name_in_a_title_line(title, name):
    assert name_from_title(title) == name


def test_the_header_block_wins_then_the_title_then_the_file_name():
    assert unit_name("4301", "甲单位", "乙单位2025年度绩效自评表", "丙").name == "甲单位"
    assert unit_name("", "", "乙单位2025年度绩效自评表", "丙").name == "乙单位"
    named = unit_name("", "", "整体支出绩效自评表", "丙单位报送")
    assert named.name == "丙单位报送" and "文件名" in named.note
