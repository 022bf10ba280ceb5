"""Review (复核): the scores a unit gave itself, checked against what its own rules give.

A unit's self-evaluation workbook often holds its own scores: a 得分 / 自评得分 column (typed, or
cached from the unit's formulas), a 预算执行率 score, a total and a grade. A finance bureau must find
where a claimed score does not follow from the row's 评（扣）分标准 and 实际完成值. This module compares
each claim with the computed score; it is used by ``batch`` (the 复核差异 sheet) and ``score`` (the
printed comparison and the 复核得分 / 差异 columns of the copy), so both say the same.

Precision: a claim is compared at the precision it is written with. A claim with d decimals agrees
when it equals the computed score rounded half-up to d decimals (9.9 agrees with 9.92 and with 9.85,
not with 9.95, which rounds to 10.0). d is at least 1, because a whole number is stored as 10.0 in a
workbook and a unit typing 10 for a row worth 9.5 has claimed full marks, not rounded; d is at most 2,
the precision scores and totals are kept at. Rows the rules leave to a person (需人工认定) and rows
without a computed score are never differences: they are reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .score import BLANK, INVALID, NOT_APPLICABLE, REVIEW, SCORED, Score, fmt
from .totals import EXECUTION_NAME, TableScore
from .table import Table
from .values import read_value

#: ``Claim.verdict`` values.
AGREE = "agree"  #: the claim follows from the rule
DIFFER = "differ"  #: it does not: a 复核差异
MANUAL = "manual"  #: the rule leaves the row to a person (需人工认定): not checked
UNCHECKED = "unchecked"  #: no computed score to compare with (actual missing or unreadable)

TOTAL_NAME = "总分"
GRADE_NAME = "等级"
MANUAL_TEXT = "需人工认定"
#: The claim's decimals are read at least to MIN_DECIMALS and at most to MAX_DECIMALS.
MIN_DECIMALS, MAX_DECIMALS = 1, 2
#: Grade words units write, by the grade they mean.
GRADE_SYNONYMS = {"优秀": "优", "良好": "良", "合格": "中", "中等": "中", "不合格": "差", "较差": "差"}


@dataclass(frozen=True)
class Claim:
    """One score a unit claimed, and what the review made of it.

    Attributes:
        indicator: the 三级指标, or 预算执行率 / 总分 / 等级.
        actual: the row's 实际完成值 as typed (None for 总分 and 等级).
        claimed: the claim as written (a number, or text such as a grade).
        computed: the score the rules give (a number, a grade), or None.
        explanation: the computed score's 得分说明, or why there is none.
        verdict: AGREE, DIFFER, MANUAL or UNCHECKED.
    """

    indicator: str
    actual: object
    claimed: object
    computed: float | str | None
    explanation: str
    verdict: str

    @property
    def difference(self) -> float | None:
        """Claimed minus computed (2 decimals) for numbers, else None."""
        if _is_number(self.claimed) and _is_number(self.computed):
            return round(float(self.claimed) - float(self.computed), 2)
        return None


@dataclass(frozen=True)
class Review:
    """Every claim of one table, in table order (rows, then 预算执行率, 总分, 等级)."""

    claims: tuple[Claim, ...]
    claimed_total: float | None
    computed_total: float | None

    @property
    def differences(self) -> list[Claim]:
        return [c for c in self.claims if c.verdict == DIFFER]

    @property
    def manual(self) -> list[Claim]:
        return [c for c in self.claims if c.verdict == MANUAL]

    @property
    def total_difference(self) -> float | None:
        """单位自评总分 − 复核总分, when both exist."""
        if self.claimed_total is None or self.computed_total is None:
            return None
        return round(self.claimed_total - self.computed_total, 2)

    def notes(self) -> list[str]:
        """Chinese sentences for a unit's 说明: how many claims differ or wait for a person."""
        out = []
        if self.differences:
            out.append(f"自评得分与复核得分不一致{len(self.differences)}处（见“复核差异”）")
        if self.manual:
            out.append(f"{len(self.manual)}项自评得分需人工认定，未复核")
        return out


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded half-up to ``decimals`` places, on the number as written (9.925 → 9.93); binary
    noise below 1e-9 is dropped first, so a computed 7.449999999999996 rounds as 7.45 does."""
    return Decimal(repr(round(float(value), 9))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimals_of(value: float) -> int:
    """The decimals a claim is written with, within [MIN_DECIMALS, MAX_DECIMALS]."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return min(MAX_DECIMALS, max(MIN_DECIMALS, -exponent if isinstance(exponent, int) else MAX_DECIMALS))


def agrees(claimed: float, computed: float) -> bool:
    """True when ``claimed`` equals ``computed`` at the claim's own precision (see the module doc)."""
    d = decimals_of(claimed)
    return half_up(claimed, d) == half_up(computed, d)


def _claim_number(raw: object) -> tuple[str, float | None]:
    """(status, number) of a claimed score cell, read like any cell (分 as its unit)."""
    reading = read_value(raw, unit="分")
    return reading.status, reading.number


def review_score(indicator: str, actual: object, raw: object, computed: Score) -> Claim | None:
    """The Claim of one score cell against the computed Score; None when the cell is blank."""
    status, number = _claim_number(raw)
    if status == BLANK:
        return None
    claimed = number if status == SCORED and number is not None else raw
    if computed.status == REVIEW:
        return Claim(indicator, actual, claimed, MANUAL_TEXT, computed.explanation, MANUAL)
    if computed.status in (BLANK, INVALID):
        return Claim(indicator, actual, claimed, None, computed.explanation, UNCHECKED)
    if computed.status == NOT_APPLICABLE:
        verdict = AGREE if status == NOT_APPLICABLE else DIFFER
        return Claim(indicator, actual, claimed, "不适用", computed.explanation, verdict)
    if status != SCORED or number is None:
        return Claim(indicator, actual, claimed, computed.value, f"自评得分“{raw}”不是数字；{computed.explanation}",
                     DIFFER)
    verdict = AGREE if agrees(number, computed.value) else DIFFER
    return Claim(indicator, actual, claimed, computed.value, computed.explanation, verdict)


def _grade_claim(raw: object, result: TableScore) -> Claim | None:
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if result.grade is None:
        return Claim(GRADE_NAME, None, text, None, result.summary, UNCHECKED)
    verdict = AGREE if GRADE_SYNONYMS.get(text, text) == result.grade else DIFFER
    return Claim(GRADE_NAME, None, text, result.grade, f"总分{fmt(result.total)}分，等级{result.grade}", verdict)


def review_table(table: Table, result: TableScore, *, claims: Mapping[str, object], actuals: Mapping[str, object],
                 claimed_execution: object = None, claimed_total: object = None, claimed_grade: object = None,
                 executed: object = None) -> Review:
    """Compare a unit's claimed scores with the computed ones.

    Args:
        table, result: the table and its TableScore (from ``FoundTable.scored``).
        claims: the 得分 / 自评得分 cell of each row, by 三级指标, as read.
        actuals: 实际完成值 by 三级指标, shown beside each claim.
        claimed_execution, claimed_total, claimed_grade: the unit's 预算执行率 score, 总分 and 等级 cells.
        executed: 全年执行数, shown beside the 预算执行率 claim.

    Returns:
        A Review with one Claim per filled claim cell.
    """
    out = []
    for ind in table.indicators:
        claim = review_score(ind.name, actuals.get(ind.name), claims.get(ind.name), result.rows[ind.name])
        if claim:
            out.append(claim)
    claim = review_score(EXECUTION_NAME, executed, claimed_execution, result.execution)
    if claim:
        out.append(claim)
    total_claim = None
    status, number = _claim_number(claimed_total)
    if status == SCORED and number is not None:
        total_claim = number
        if result.total is None:
            out.append(Claim(TOTAL_NAME, None, number, None, result.summary, UNCHECKED))
        else:
            verdict = AGREE if agrees(number, result.total) else DIFFER
            out.append(Claim(TOTAL_NAME, None, number, result.total, result.summary, verdict))
    grade_claim = _grade_claim(claimed_grade, result)
    if grade_claim:
        out.append(grade_claim)
    return Review(tuple(out), total_claim, result.total)


__all__ = ["AGREE", "Claim", "DIFFER", "MANUAL", "Review", "UNCHECKED", "agrees", "review_table"]
