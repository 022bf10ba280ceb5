"""A performance target table (整体支出绩效目标表): unit, budget block, goal text and indicator rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules import Rule

#: 指标值类型 values that mark a qualitative row.
QUALITATIVE_OPS = frozenset({"定性"})


@dataclass(frozen=True)
class Indicator:
    """One indicator row of the table, every column as published.

    Attributes:
        level1, level2, name: 一级/二级/三级指标.
        op: 指标值类型 (≥ ≤ = > < 定性).
        target: 指标值: a number, or text for qualitative rows ("是否").
        unit: 计量单位 ("%", "公斤", "" …).
        description: 指标解释.
        rule_text: 评（扣）分标准, verbatim.
        weight: the points the row is worth (分值), from 备注 ("20分") or a 分值 column.
        remark: 备注 as published.
        rule: the rule this row scores by when it is known (hand-written for the seed table);
            None means it is read from ``rule_text`` by the parser.
    """

    level1: str
    level2: str
    name: str
    op: str
    target: float | str | None
    unit: str
    description: str = ""
    rule_text: str = ""
    weight: float | None = None
    remark: str = ""
    rule: Rule | None = None

    @property
    def qualitative(self) -> bool:
        return self.op in QUALITATIVE_OPS

    @property
    def numeric_target(self) -> float | None:
        return self.target if isinstance(self.target, (int, float)) and not isinstance(self.target, bool) else None


@dataclass(frozen=True)
class Budget:
    """年度预算申请 (万元): 资金总额 split by income nature and by expenditure nature."""

    total: float
    general_public: float | None = None
    government_fund: float | None = None
    special_account: float | None = None
    other: float | None = None
    basic: float | None = None
    project: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A whole target table.

    Attributes:
        title: 整体支出绩效目标表.
        unit_code, unit_name: 单位编码, 单位名称.
        money_unit: 金额单位 (万元).
        budget: the budget block, or None when the sheet has none.
        goal: 部门整体支出年度绩效目标 text.
        indicators: the indicator rows in table order.
        execution_weight: points for 预算执行率 (10 by national convention).
    """

    title: str = "整体支出绩效目标表"
    unit_code: str = ""
    unit_name: str = ""
    money_unit: str = "万元"
    budget: Budget | None = None
    goal: str = ""
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)
    execution_weight: float = 10.0

    def indicator(self, name: str) -> Indicator:
        """The row whose 三级指标 is ``name``."""
        for ind in self.indicators:
            if ind.name == name:
                return ind
        from .errors import PerfevalError

        raise PerfevalError(f"表中没有名为“{name}”的三级指标")
