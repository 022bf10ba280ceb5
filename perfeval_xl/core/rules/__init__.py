"""The rule kinds a 评（扣）分标准 can be read into, and their (de)serialisation."""

from __future__ import annotations

from .answer import Answer
from .banded import Band, Banded, bands_from_bounds
from .base import Rule
from .declined import Declined
from .deduct import Deduct
from .discretionary import Discretionary
from .exempt import Case, Exempt
from .gated import Gated
from .linear import Linear
from .manual import Manual
from .qualitative import Grade, Qualitative
from .ratio import Ratio
from .slope import Slope
from .threshold import OPS, Threshold, meets, normalize_op

#: Every rule kind by its ``kind`` name.
KINDS: dict[str, type[Rule]] = {cls.kind: cls for cls in (Threshold, Deduct, Linear, Banded, Qualitative, Ratio,
                                                        Slope, Discretionary, Exempt, Manual, Gated, Declined, Answer)}


def rule_from_dict(data: dict) -> Rule:
    """The rule a ``Rule.to_dict()`` (or the seed data) describes."""
    data = dict(data)
    kind = data.pop("kind")
    try:
        cls = KINDS[kind]
    except KeyError:
        raise ValueError(f"未知的评分规则类型：{kind}") from None
    return cls(**data)


__all__ = ["Answer", "Band", "Banded", "Case", "Declined", "Deduct", "Discretionary", "Exempt", "Gated", "Grade", "KINDS", "Linear", "Manual",
           "OPS", "Qualitative", "Ratio", "Rule", "Slope", "Threshold", "bands_from_bounds", "meets", "normalize_op",
           "rule_from_dict"]
