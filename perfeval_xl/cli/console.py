"""Printing Chinese tables in a terminal: column widths that count a CJK character as two cells."""

from __future__ import annotations

from ..core.celltext import width
from ..core.score import fmt
from ..core.totals import EXECUTION_NAME


def clip(text: str, cells: int) -> str:
    """The text cut to ``cells`` terminal cells, with … where it was cut."""
    if width(text) <= cells:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def pad(text: str, cells: int) -> str:
    text = clip(text, cells)
    return text + " " * (cells - width(text))


def table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """Rows under headers, each column padded to its width; the last column is not cut."""
    def line(cells):
        return "  ".join(pad(c, w) if i < len(cells) - 1 else c for i, (c, w) in enumerate(zip(cells, widths)))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule] + [line(r) for r in rows])


def points(value: float | None, weight: float | None) -> str:
    """A score against its weight as printed: 9.5/10, —/10 (no score), 9.5/? (weight unknown)."""
    return f"{'—' if value is None else fmt(value)}/{'?' if weight is None else fmt(weight)}"


def scored_rows(source, result, actuals, executed) -> str:
    """A scored Table as the CLI prints it: each indicator and 预算执行率 with actual, score/weight, explanation."""
    rows = [[ind.name, "" if actuals.get(ind.name) is None else str(actuals[ind.name]),
             points(result.rows[ind.name].value, ind.weight), result.rows[ind.name].explanation]
            for ind in source.indicators]
    shown = "" if executed is None else (fmt(executed) + source.money_unit if isinstance(executed, (int, float))
                                         else str(executed))
    rows.append([EXECUTION_NAME, shown, points(result.execution.value, source.execution_weight),
                 result.execution.explanation])
    return table(["三级指标", "实际完成值", "得分/分值", "得分说明"], rows, [26, 12, 10, 0])


def review_lines(review) -> str:
    """The review of a unit's own scores as the CLI prints it: a count, then each claim that differs or
    waits for a person, then the totals; "" when the unit claimed nothing."""
    from ..core.review import AGREE, DIFFER, MANUAL, TOTAL_NAME, UNCHECKED

    if not review.claims:
        return ""

    def shown(value) -> str:
        return fmt(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

    counts = {v: sum(1 for c in review.claims if c.verdict == v) for v in (AGREE, DIFFER, MANUAL, UNCHECKED)}
    lines = [f"复核（单位自评得分与按评分标准计算的得分）：共{len(review.claims)}项，一致{counts[AGREE]}项，"
             f"不一致{counts[DIFFER]}项，需人工认定{counts[MANUAL]}项，未复核{counts[UNCHECKED]}项"]
    for claim in review.claims:
        if claim.verdict == DIFFER:
            gap = "" if claim.difference is None else f"，差异{shown(claim.difference)}"
            lines.append(f"  不一致：{claim.indicator}：自评{shown(claim.claimed)}，复核{shown(claim.computed)}{gap}"
                         f"（{claim.explanation}）")
        elif claim.verdict == MANUAL:
            lines.append(f"  需人工认定：{claim.indicator}：自评{shown(claim.claimed)}，未复核（{claim.explanation}）")
        elif claim.verdict == UNCHECKED:
            lines.append(f"  未复核：{claim.indicator}：自评{shown(claim.claimed)}（{claim.explanation}）")
    if review.claimed_total is not None:
        computed = "—" if review.computed_total is None else fmt(review.computed_total)
        gap = "" if review.total_difference is None else f"，差异{fmt(review.total_difference)}"
        total = next((c for c in review.claims if c.indicator == TOTAL_NAME), None)
        if review.total_difference and total is not None and total.verdict == AGREE:
            gap += "（按自评总分的小数位数比较一致）"
        lines.append(f"单位自评总分{fmt(review.claimed_total)}，复核总分{computed}{gap}")
    return "\n".join(lines)
