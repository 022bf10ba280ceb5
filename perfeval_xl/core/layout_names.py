"""Names every workbook adapter agrees on: the output column headers and the live-formula names.

The template marks its live formulas with workbook-level defined names starting with
``PERFEVAL_LIVE``; the recalculation never writes into such a range (it asks Excel to calculate),
and the scored copy, which replaces those formulas by values, drops the names.
"""

SCORE_HEADER = "得分"
EXPLANATION_HEADER = "得分说明"
#: Beside a unit's own 得分 (kept): the score the rules give, and claimed minus computed.
REVIEW_HEADER = "复核得分"
DIFFERENCE_HEADER = "差异"
REVIEW_EXPLANATION_HEADER = "复核说明"

LIVE_PREFIX = "PERFEVAL_LIVE"
#: The 得分 cells of the indicator rows.
LIVE_SCORES_NAME = "PERFEVAL_LIVE_SCORES"
#: The 得分说明 cells of the indicator rows.
LIVE_EXPLANATIONS_NAME = "PERFEVAL_LIVE_EXPLANATIONS"
#: 执行率, 预算执行率得分, 总分 and 等级.
LIVE_TOTALS_NAME = "PERFEVAL_LIVE_TOTALS"


def is_live_name(name: str) -> bool:
    """True for a workbook-level name that marks live formulas."""
    return "!" not in name and name.upper().startswith(LIVE_PREFIX)
