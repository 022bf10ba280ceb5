"""How many corpus cases the parser reads right: right / declined / wrong per ``kind`` and per id prefix,
for both corpus files (tests/data/corpus/dev_rules.jsonl and dev_rules2.jsonl).

A case counts when its ``actual`` is a scalar (a checklist's list or dict is another input shape).
With a number expected: right = that number (±0.006), declined = ParseError or 需人工认定, wrong = another
number. With ``expected_score: null``: right = 需人工认定, declined = ParseError, wrong = any number.

Run from the repository root: ``python benchmarks/corpus_accuracy.py [--detail]`` (``--detail`` lists
every case not read right, for development).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus_rows import FILES, records, rule_of  # noqa: E402

from perfeval_xl import ParseError  # noqa: E402


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
