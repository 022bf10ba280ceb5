"""Filling in the 分值 a sheet leaves to the rule text ("该指标分值为20分").

The finder takes a row's weight from a 分值 column or from 备注 ("20分"); where neither gives it, the
parser reads it from the 评（扣）分标准 text. Totals, charts and the 100-point check need it on the
Indicator, so adapters (the score command, the recalculation, batch scoring) pass the found table
through :func:`with_rule_weights` before scoring.
"""

from __future__ import annotations

import dataclasses
import math

from .errors import PerfevalError
from .table import Table
from .totals import rule_of


def with_rule_weights(table: Table) -> Table:
    """``table`` with each missing weight taken from the row's parsed rule; rows whose rule text
    cannot be read, or gives no weight either, keep None (they are reported unscored when scored)."""
    indicators = []
    for ind in table.indicators:
        if ind.weight is None:
            try:
                weight = rule_of(ind).weight
            except PerfevalError:
                weight = math.nan
            if not math.isnan(weight):  # a rule that knows no weight either says NaN
                ind = dataclasses.replace(ind, weight=weight)
        indicators.append(ind)
    return dataclasses.replace(table, indicators=tuple(indicators))


__all__ = ["with_rule_weights"]
