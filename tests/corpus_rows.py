"""The corpus records (tests/data/corpus/*.jsonl) and the rule each one's row gives: the row's columns,
or the values its cases assume where the table's target, unit or weight is text or missing
(``params.test_target`` / ``test_unit`` / ``test_weight``). Shared by the corpus tests and
benchmarks/corpus_accuracy.py."""

from __future__ import annotations

import json
from pathlib import Path

from perfeval_xl import ParseError, parse_rule

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FILES = ("dev_rules.jsonl", "dev_rules2.jsonl")


def records(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def rule_of(record: dict, text: str | None = None):
    """The parsed rule for a record's row (``text`` instead of its rule text if given), or the ParseError."""
    params = record.get("params") or {}
    try:
        return parse_rule(record["rule_text"] if text is None else text, op=record["value_type"],
                          target=params.get("test_target", record["target"]),
                          unit=params.get("test_unit", record["unit"]),
                          weight=params.get("test_weight", record["weight"]))
    except ParseError as error:
        return error
