"""Hostile-input suite, parser: published rule texts from the corpus, broken and spiked with hostile
fragments (zero and negative steps, huge numbers, runs of numerals, formulas, control characters,
truncation, repetition), parsed for the corpus row and then scored.

The contract: parse_rule returns a rule or raises ParseError with a Chinese message, never another
exception, and returns quickly (a hang guard, not a speed check); the rule scores a blank as blank, a
text as a visible problem, and a number as a finite number, 需人工认定 or a visible problem.
"""

from __future__ import annotations

import json
import math
import random

from conftest import DATA
from hostile_inputs import BLANK, COUNTS, INVALID, hang_guard, made_formula
from perfeval_xl.core.errors import ParseError
from perfeval_xl.core.parser import parse_rule
from perfeval_xl.core.score import BLANK as BLANK_STATUS, SCORED

FRAGMENTS = ["每少0公斤扣1分", "每少-1个百分点扣2分", "最高-5分", "得1e400分", "扣" + "9" * 400 + "分", "九" * 590,
             "(" * 200 + ")" * 200, "扣完为止" * 50, "=cmd|' /C calc'!A0", "\x00\x07", "\u202e", "\U0001f4af",
             "得分=（实际-60%）/（0%-0%）*10", "每超过1%加0.5分", "以上" * 100, "（含）" * 80, "得-3分", "得100000分",
             "每少0.0000001公斤扣1000000分", "；" * 300, "达到目标得满分", "除外" * 40, "%" * 300]


def corpus_rows() -> list[dict]:
    rows = []
    for name in ("dev_rules.jsonl", "dev_rules2.jsonl"):
        for line in (DATA / "corpus" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def hostile_texts(rows: list[dict], rng: random.Random):
    """(class, row, text): each corpus text mutated a few ways."""
    for row in rows:
        text = row["rule_text"] or ""
        yield "truncated", row, text[: rng.randrange(len(text) + 1)]
        yield "spiked", row, text + rng.choice(FRAGMENTS)
        yield "spliced", row, rng.choice(FRAGMENTS) + text[len(text) // 2:]
        yield "repeated", row, (text + "；") * rng.randrange(2, 12)
    for fragment in FRAGMENTS:
        yield "fragment", rows[0], fragment
    yield "too_long", rows[0], "九" * 24000
    yield "too_long", rows[0], "每少1公斤扣0.5分，" * 5000




def check_score(rule, actual, kind: str) -> str | None:
    score = rule.score(actual)
    if made_formula(score.explanation):
        return "a formula-like explanation"
    if score.value is not None and not math.isfinite(score.value):
        return "a non-finite score"
    if kind == "blank" and (score.status != BLANK_STATUS or score.value is not None):
        return "a blank was scored"
    if kind == "text" and score.status == SCORED and not rule.qualitative:
        return "a text was scored"
    return None


def test_the_parser_keeps_the_contract_on_hostile_texts():
    rng = random.Random(14)
    broken = []
    actuals = ([("blank", v) for v in BLANK[:4]] + [("text", v) for v in INVALID["text"][:4]]
               + [("number", v) for v in (0, 37, 95, "95%", -1, 1e14)])
    with hang_guard(600):
        for kind, row, text in hostile_texts(corpus_rows(), rng):
            COUNTS[("parser", kind)] += 1
            try:
                rule = parse_rule(text, op=row.get("value_type"), target=row.get("target"), unit=row.get("unit"),
                                  weight=row.get("weight"))
            except ParseError as error:
                if not str(error) or made_formula(str(error)):
                    broken.append((kind, text[:60], "an empty or formula-like message"))
                continue
            except Exception as error:  # noqa: BLE001 - the point is that none escapes
                broken.append((kind, text[:60], f"{type(error).__name__}: {error}"))
                continue
            for actual_kind, actual in actuals:
                COUNTS[("parser", "score:" + actual_kind)] += 1
                why = check_score(rule, actual, actual_kind)
                if why:
                    broken.append((kind, text[:60], repr(actual), why))
    assert not broken, "\n".join(map(str, broken[:30]))
