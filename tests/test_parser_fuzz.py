"""Fuzzing the parser: random Chinese/ASCII text and mutated real rules. Only ParseError may escape,
and a rule that parses scores any number without raising. (Speed: benchmarks/parse_speed.py.)"""

import json

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval_xl import ParseError, parse_rule, seed_table

REAL = [ind.rule_text for ind in seed_table().indicators] + [
    json.loads(line)["rule_text"]
    for line in (DATA / "corpus" / "dev_rules.jsonl").read_text(encoding="utf-8").splitlines() if line]
ALPHABET = st.sampled_from(list("0123456789.%％,，;；。:：()（）-－~≥≤<>=≦≧±*/| 每扣加减得分满完为止以上下内含不超过低于少于大于小于等于"
                                "达到未按比例率值该指标分为计酌情扣分优良中差好一般较百分之一个点次项名第前后") + ["\n", "a", "x"])
TEXT = st.one_of(st.text(ALPHABET, max_size=120), st.text(max_size=60))
ROW = st.fixed_dictionaries({
    "op": st.sampled_from([None, "≥", "≤", "=", "定性", ">", "<", "定量", "排名"]),
    "target": st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from(["是否", "100%", "≥95"])),
    "unit": st.sampled_from([None, "", "%", "公斤", "次", "分", "万元", "%(占目标)"]),
    "weight": st.one_of(st.none(), st.sampled_from([0, 1, 5, 10, 20, 100]), st.floats(0, 100)),
})


def _parse_and_score(text, row, actuals):
    try:
        rule = parse_rule(text, **row)
    except ParseError as error:
        assert str(error)
        return
    for actual in actuals:
        rule.score(actual)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, ROW, st.lists(st.one_of(st.floats(allow_nan=True), st.text(max_size=8)), max_size=3))
def test_random_text_only_raises_parse_error(text, row, actuals):
    _parse_and_score(text, row, actuals)


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            text = text[:i] + draw(st.text(ALPHABET, min_size=1, max_size=4)) + text[i:]
        elif action == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 5)):]
        else:
            text = text[:i] + text[i:i + 10] + text[i:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), ROW, st.lists(st.one_of(st.floats(-1e3, 1e3), st.sampled_from(["95%", "有效", "一般"])), max_size=3))
def test_mutated_real_rules_only_raise_parse_error(text, row, actuals):
    _parse_and_score(text, row, actuals)


@given(st.integers(1, 60))
@settings(max_examples=20, deadline=None)
def test_long_repetitive_text_is_declined_or_read(n):
    _parse_and_score("90%（含）-100%得8分；" * n + "每少1%扣1分", {"op": "≥", "target": 100, "unit": "%", "weight": 10}, [95])
