"""Printing Chinese tables in a terminal: column widths that count a CJK character as two cells."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Terminal cells the text takes (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, cells: int) -> str:
    """The text cut to ``cells`` terminal cells, with … where it was cut."""
    if width(text) <= cells:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def pad(text: str, cells: int) -> str:
    text = clip(text, cells)
    return text + " " * (cells - width(text))


def table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """Rows under headers, each column padded to its width; the last column is not cut."""
    def line(cells):
        return "  ".join(pad(c, w) if i < len(cells) - 1 else c for i, (c, w) in enumerate(zip(cells, widths)))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule] + [line(r) for r in rows])
