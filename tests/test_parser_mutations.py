"""Mutations that change how a rule is written but not what it says must not change a score.

Every corpus record whose scalar cases all read right (both corpus files) is rewritten by each
operator, one at a time, and every case is scored again: the score (value and status) must be the
same. The operators are the ways clerks and copies differ: full-width ↔ half-width digits and
punctuation; spaces and line breaks between clauses; × written *, X, x; 百分之N ↔ N%; ≥ ↔ 大于等于 ↔
不低于 (and the ≤ family); the indicator's name in the text replaced by another indicator's name; two
clauses swapped where each starts with its own condition. Counts per operator are printed (-s).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from corpus_rows import FILES, records, rule_of

from perfeval_xl import ParseError

RECORDS = [r for name in FILES for r in records(name)]


def _score(record, text):
    rule = rule_of(record, text)
    if isinstance(rule, ParseError):
        return None
    out = []
    for case in record["tests"]:
        if isinstance(case["actual"], (list, dict)):
            continue
        s = rule.score(case["actual"])
        out.append((None if s.value is None else round(s.value, 6), s.status))
    return out


def _reads_right(record) -> bool:
    scores = _score(record, record["rule_text"])
    if scores is None:
        return False
    cases = [c for c in record["tests"] if not isinstance(c["actual"], (list, dict))]
    for case, (value, status) in zip(cases, scores):
        expected = case["expected_score"]
        if expected is None and not (value is None and status == "review"):
            return False
        if expected is not None and (value is None or abs(value - expected) >= 0.006):
            return False
    return bool(cases)


RIGHT = [r for r in RECORDS if r["rule_text"] and _reads_right(r)]

# -- operators: each returns the rewritten text, or None where it does not apply --------------------

_FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_HALF = {v: k for k, v in _FULL.items()}
_HALF.update({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "％": "%"})


def to_full_width(text, _):
    out = "".join(_FULL.get(ch, ch) if ch.isdigit() or ch in ",;:()%.-" else ch for ch in text)
    return out if out != text else None


def to_half_width(text, _):
    out = "".join(_HALF.get(ch, ch) for ch in text)
    return out if out != text else None


def spaces_between_clauses(text, _):
    out = re.sub(r"([，,；;。])(?=.)", r"\1 \n  ", text)
    return out if out != text else None


def _times(sign):
    def op(text, _):
        out = re.sub(r"[×*]", sign, text)
        return out if out != text else None
    op.__name__ = f"times_as_{ {'*': 'star', 'X': 'X', 'x': 'x'}[sign] }"
    return op


def percent_in_words(text, _):
    out = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?)[%％](?!\s*[-—～~至到])", r"百分之\1", text)
    return out if out != text else None


def percent_as_sign(text, _):
    out = re.sub(r"百分之(\d+(?:\.\d+)?)", r"\1%", text)
    return out if out != text else None


_COMPARISONS = [("≥", "大于等于"), ("≥", "不低于"), ("大于等于", "≥"), ("不低于", "≥"), ("≤", "小于等于"),
                ("≤", "不高于"), ("小于等于", "≤"), ("不高于", "≤"), ("≧", "大于等于"), ("≦", "小于等于")]


def comparison_words(text, _):
    for old, new in _COMPARISONS:
        if old in text:
            return text.replace(old, new)
    return None


#: Other records' indicator names with no scoring word in them (digits, negations, comparisons, awards):
#: a name is what a row is about, and another row's name must not change how the rule reads.
_SCORING_CHARS = re.compile(r"[\d不未无每扣得分超低高达满否是有加减按%]|完成")
OTHER_NAMES = sorted({(r.get("indicator") or "").strip() for r in RECORDS
                      if re.fullmatch(r"[\u4e00-\u9fff]{3,12}", (r.get("indicator") or "").strip())
                      and not _SCORING_CHARS.search(r["indicator"])})


def other_indicator_name(text, record):
    name = (record.get("indicator") or "").strip()
    if len(name) < 2 or name not in text:
        return None
    others = [n for n in OTHER_NAMES if n != name and name not in n and n not in name]
    return text.replace(name, others[sum(map(ord, record["id"])) % len(others)])


_OWN_CONDITION = re.compile(r"^[^每否其反未]?[^;；。]*?\d[^;；。]*?(?:得|计|扣|不得分|满分)")


def swap_clauses(text, _):
    parts = re.split(r"([;；。])", text)
    segments = parts[0::2]
    for i in range(len(segments) - 1):
        a, b = segments[i].strip(), segments[i + 1].strip()
        if a and b and _OWN_CONDITION.match(a) and _OWN_CONDITION.match(b) and not re.match(r"^(?:否则|其他|其余|其它|每|在此)", b) \
                and "每" not in a + b and "基" not in a + b:
            swapped = segments[:i] + [segments[i + 1], segments[i]] + segments[i + 2:]
            seps = parts[1::2]
            out = "".join(s + (seps[k] if k < len(seps) else "") for k, s in enumerate(swapped))
            return out if out != text else None
    return None


OPERATORS = [to_full_width, to_half_width, spaces_between_clauses, _times("*"), _times("X"), _times("x"),
             percent_in_words, percent_as_sign, comparison_words, other_indicator_name, swap_clauses]


def test_enough_records_to_mutate():
    assert len(RIGHT) >= 100


@pytest.mark.parametrize("operator", OPERATORS, ids=lambda op: op.__name__)
def test_a_rewritten_rule_scores_the_same(operator):
    counts, changed = Counter(), []
    for record in RIGHT:
        text = operator(record["rule_text"], record)
        if text is None:
            counts["not applicable"] += 1
            continue
        counts["applied"] += 1
        before, after = _score(record, record["rule_text"]), _score(record, text)
        if before == after:
            counts["same score"] += 1
        else:
            changed.append((record["id"], text[:60], before, after))
    print(f"{operator.__name__}: {dict(counts)}")
    assert not changed, changed[:5]
