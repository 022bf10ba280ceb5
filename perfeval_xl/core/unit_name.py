"""Naming the unit a table belongs to: its header block, else its title line, else the file name.

Units fill a 单位名称 / 单位编码 block above the table, or only write a title such as
「衡阳市强制隔离戒毒所2025年度部门整体支出绩效自评」; a bureau sorting a thousand units needs a name
for each. The title's year and form name are taken off to leave the unit's name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: A year in a title: 2025年, 2025年度, （2025年度）.
YEAR = re.compile(r"[(（]?(19|20)\d{2}\s*年度?[)）]?")
#: The form's name at the end of a title: 部门整体支出绩效自评表, 项目支出绩效目标表, 绩效自评报告 ….
FORM = re.compile(r"(部门|单位)?(整体支出|项目支出|专项资金|部门整体|整体|项目|专项)*(预算)?绩效"
                  r"(目标|自评|评价|自评价|评分).*$")
#: Separators left at either end once the year and form are gone.
EDGES = " \t:：-—_·,，、（）()【】[]《》\"“”"
FROM_FILE = "单位名称取自文件名（表中没有单位名称，标题中也没有）"


@dataclass(frozen=True)
class UnitName:
    """A unit's code and name, and a Chinese note when the name could only come from the file name."""

    code: str
    name: str
    note: str = ""


def name_from_title(title: str) -> str:
    """The unit's name in a title line, or "" when the title holds none (整体支出绩效目标表).

    >>> name_from_title("衡阳市强制隔离戒毒所2025年度部门整体支出绩效自评")
    '衡阳市强制隔离戒毒所'
    >>> name_from_title("某县第一中学2024年项目支出绩效自评表")
    '某县第一中学'
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", title or ""))
    year = YEAR.search(text)
    if year:
        before, after = text[: year.start()].strip(EDGES), text[year.end():]
        text = before if before else after  # "2025年度某单位绩效自评表" names the unit after the year
    form = FORM.search(text)
    if form:
        text = text[: form.start()]
    name = text.strip(EDGES)
    return name if len(name) >= 2 else ""


def unit_name(code: str, name: str, title: str, file_stem: str) -> UnitName:
    """The unit's code and name: the table's own 单位名称 when filled, else the one in its title line,
    else ``file_stem`` (with a note saying so)."""
    if name:
        return UnitName(code, name)
    named = name_from_title(title)
    if named:
        return UnitName(code, named)
    return UnitName(code, file_stem, FROM_FILE)


__all__ = ["UnitName", "name_from_title", "unit_name"]
