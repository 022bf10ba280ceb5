"""Corpus rules reworded as a clerk might write them (tests/data/paraphrases.jsonl: new texts, each case's
score worked out by hand from the text's own words, ``why`` saying how). Scored separately from the
corpus and reported separately: right / declined / wrong are printed (-s); a wrong number fails the
test, a decline (需人工认定 or a ParseError) is allowed but counted. Null-expected cases must come back
需人工认定."""

import json
from collections import Counter

from conftest import DATA

from perfeval_xl import ParseError, parse_rule

PARAPHRASES = [json.loads(line) for line in
               (DATA / "paraphrases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _outcomes():
    for p in PARAPHRASES:
        try:
            rule = parse_rule(p["rule_text"], op=p["op"], target=p["target"], unit=p["unit"], weight=p["weight"])
        except ParseError as error:
            rule = error
        for case in p["cases"]:
            if isinstance(rule, ParseError):
                yield p, case, "declined", str(rule)
                continue
            score = rule.score(case["actual"])
            expected = case["expected"]
            if expected is None:
                verdict = "right" if score.needs_review else "wrong" if score.value is not None else "declined"
            elif score.value is None:
                verdict = "declined"
            else:
                verdict = "right" if abs(score.value - expected) < 0.006 else "wrong"
            yield p, case, verdict, f"{score.value} {score.explanation}"


OUTCOMES = list(_outcomes())


def test_at_least_fifty_paraphrases():
    assert len(PARAPHRASES) >= 50


def test_no_paraphrase_scores_a_wrong_number():
    counts = Counter(v for _, _, v, _ in OUTCOMES)
    print(f"paraphrases: {len(PARAPHRASES)} texts, {len(OUTCOMES)} cases: {dict(counts)}")
    wrong = [(p["id"], c["actual"], c["expected"], said) for p, c, v, said in OUTCOMES if v == "wrong"]
    assert not wrong, wrong


def test_cases_the_text_leaves_open_need_review():
    for p, case, verdict, said in OUTCOMES:
        if case["expected"] is None:
            assert verdict == "right", (p["id"], case["actual"], said)
