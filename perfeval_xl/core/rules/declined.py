"""A reading the parser found but does not trust: the text contradicts the row (the row's own target
would not get full marks, or points would move against the row's direction). Every value needs
review, and the explanation names the contradiction, so the clerk sees why no number is given."""

from __future__ import annotations

from dataclasses import dataclass

from .manual import Manual


@dataclass(frozen=True, kw_only=True)
class Declined(Manual):
    """Always needs review: ``note`` says why, in Chinese (e.g. the contradiction with the row)."""

    kind = "declined"

    def _score(self, reading):
        return self.review(reading, self.note)

    def describe(self):
        return f"{self.note}，需人工认定"
