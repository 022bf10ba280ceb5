"""The parser reads the language, not the corpus: no phrase of 8 or more Chinese characters from a corpus
rule text appears in the parser's code outside its vocabulary module (perfeval_xl/core/parser/vocabulary.py,
where the words of the language are kept as data)."""

import json
import re
from pathlib import Path

from conftest import DATA, REPO

from perfeval_xl.core.parser import normalize

PARSER = REPO / "perfeval_xl" / "core" / "parser"
LEAST = 8
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{%d,}" % LEAST)


def _corpus_pieces() -> set[str]:
    """Every run of LEAST Chinese characters in the corpus rule texts, as published and normalised."""
    pieces = set()
    for name in ("dev_rules.jsonl", "dev_rules2.jsonl"):
        for line in (DATA / "corpus" / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text = json.loads(line)["rule_text"] or ""
            for variant in (text, normalize(text)):
                for run in _CJK_RUN.findall(variant):
                    pieces.update(run[i:i + LEAST] for i in range(len(run) - LEAST + 1))
    return pieces


def _copied(source: Path, pieces: set[str]) -> list[str]:
    found = []
    for run in _CJK_RUN.findall(source.read_text(encoding="utf-8")):
        found += [run[i:i + LEAST] for i in range(len(run) - LEAST + 1) if run[i:i + LEAST] in pieces]
    return found


def test_no_corpus_phrase_in_the_parser_outside_the_vocabulary():
    pieces = _corpus_pieces()
    assert len(pieces) > 1000  # the corpus was read
    copied = {path.name: _copied(path, pieces) for path in sorted(PARSER.glob("*.py")) if path.name != "vocabulary.py"}
    assert not any(copied.values()), {name: phrases[:5] for name, phrases in copied.items() if phrases}


def test_the_scan_would_see_a_copied_phrase(tmp_path):
    """The scan is not vacuous: a corpus phrase pasted into a source file is found."""
    pieces = _corpus_pieces()
    sample = sorted(pieces)[0]
    fake = tmp_path / "fake.py"
    fake.write_text(f'PATTERN = "{sample}"\n', encoding="utf-8")
    assert _copied(fake, pieces) == [sample]
