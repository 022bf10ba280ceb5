"""tests/data/ holds copies of what the tests read from the project's shared/ folder, so that a clone of
the repository alone passes its tests. Beside a checkout that has shared/, a copy that differs from its
original fails here: refresh it (copy the file over) when shared/ is updated."""

from __future__ import annotations

import pytest

from conftest import DATA, SHARED

COPIES = ("acceptance/seed_cases.json", "corpus/dev_rules.jsonl", "corpus/dev_rules2.jsonl", "corpus/README.md",
          "corpus/CONVENTIONS.md", "seed/000_dfb7badb022f314f.txt")


@pytest.mark.parametrize("name", COPIES)
def test_copy_is_kept_in_the_repository(name):
    assert (DATA / name).is_file(), f"tests/data/{name} is missing: copy it from shared/{name}"


@pytest.mark.parametrize("name", COPIES)
def test_copy_equals_the_shared_original(name):
    original = SHARED / name
    if not original.is_file():
        pytest.skip("no shared/ beside this checkout (a user's clone): the copies are all there is")
    assert (DATA / name).read_bytes() == original.read_bytes(), \
        f"tests/data/{name} differs from shared/{name}: copy the new version over"
