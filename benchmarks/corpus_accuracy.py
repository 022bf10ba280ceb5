"""How many corpus cases the parser reads right: right / declined / wrong per ``kind`` and per id prefix,
for both corpus files (tests/data/corpus/dev_rules.jsonl and dev_rules2.jsonl).

A case counts when its ``actual`` is a scalar (a checklist's list or dict is another input shape).
With a number expected: right = that number (±0.006), declined = ParseError or 需人工认定, wrong = another
number. With ``expected_score: null``: right = 需人工认定, declined = ParseError, wrong = any number.

Run from the repository root: ``python benchmarks/corpus_accuracy.py [--detail]`` (``--detail`` lists
every case not read right, for development).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfeval_xl import ParseError  # noqa: E402
from perfeval_xl.core.parser import parse_rule  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
FILES = ("dev_rules.jsonl", "dev_rules2.jsonl")


def records(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def rule_of(record: dict):
    """The parsed rule for a record (its row columns, or the test values the cases assume), or the ParseError."""
    params = record.get("params") or {}
    try:
        return parse_rule(record["rule_text"], op=record["value_type"],
                          target=params.get("test_target", record["target"]),
                          unit=params.get("test_unit", record["unit"]),
                          weight=params.get("test_weight", record["weight"]))
    except ParseError as error:
        return error


def verdict(case: dict, rule) -> tuple[str, object]:
    """("right" | "declined" | "wrong", the score or the ParseError)."""
    if isinstance(rule, ParseError):
        return "declined", rule
    score = rule.score(case["actual"])
    expected = case["expected_score"]
    if expected is None:
        return ("right" if score.value is None and score.needs_review else
                "wrong" if score.value is not None else "declined"), score
    if score.value is None:
        return "declined", score
    return ("right" if abs(score.value - expected) < 0.006 else "wrong"), score


def outcomes(name: str):
    """(record, case, verdict, score or error) for every scalar case of one corpus file."""
    for record in records(name):
        rule = rule_of(record)
        for case in record["tests"]:
            if isinstance(case["actual"], (list, dict)):
                continue
            v, got = verdict(case, rule)
            yield record, case, v, got


def table(name: str) -> str:
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_prefix: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    nulls: Counter = Counter()
    for record, case, v, _ in outcomes(name):
        by_kind[record["kind"]][v] += 1
        by_prefix[record["id"][0]][v] += 1
        total[v] += 1
        if case["expected_score"] is None:
            nulls[v] += 1
    lines = [f"### {name}", "", "| group | cases | right | declined | wrong | right % |", "|---|---|---|---|---|---|"]

    def row(label, c):
        n = sum(c.values())
        lines.append(f"| {label} | {n} | {c['right']} | {c['declined']} | {c['wrong']} | {100 * c['right'] / n:.1f} |")

    for prefix in sorted(by_prefix):
        row(f"id {prefix}…", by_prefix[prefix])
    for kind in sorted(by_kind):
        row(f"kind {kind}", by_kind[kind])
    row("**all scalar cases**", total)
    scored = total - nulls
    row("cases with a number expected", scored)
    row("cases with null expected (需人工认定)", nulls)
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    for name in FILES:
        print(table(name))
        print()
        if "--detail" in argv:
            for record, case, v, got in outcomes(name):
                if v != "right":
                    said = str(got) if isinstance(got, ParseError) else f"{got.value} {got.explanation}"
                    print(f"  {v:8} {record['id']} {case['actual']!r} expected {case['expected_score']}: {said[:160]}")
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
