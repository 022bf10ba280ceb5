"""Shared test fixtures: paths to the shared acceptance and corpus files beside the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def seed_cases() -> dict:
    """The hand-computed acceptance cases for the seed table's ten rows."""
    return json.loads((SHARED / "acceptance" / "seed_cases.json").read_text(encoding="utf-8"))
