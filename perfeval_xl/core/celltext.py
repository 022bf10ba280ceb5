"""Text in cells: what is written must stay text, and how wide it shows.

A leading = + - @ would make Excel read a formula. Every writer in the project goes through here: :func:`set_text` for openpyxl cells, and
:func:`excel_text` for values handed to Excel through xlwings (COM, Office.js, the remote engine).
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@")


def starts_like_formula(value: object) -> bool:
    """True for a string Excel would take as a formula (or a DDE/CSV injection) if written raw."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def excel_text(value: object) -> object:
    """The value to write through Excel: formula-like text gets Excel's own text prefix, an apostrophe."""
    return "'" + value if starts_like_formula(value) else value


def set_text(cell, value: object) -> None:
    """Write ``value`` into an openpyxl cell; text that starts like a formula is stored as text."""
    cell.value = value
    if starts_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(ws, values) -> None:
    """``ws.append(values)`` for an openpyxl sheet, with formula-like text kept as text."""
    ws.append([None if starts_like_formula(v) else v for v in values])
    row = ws.max_row
    for col, value in enumerate(values, start=1):
        if starts_like_formula(value):
            set_text(ws.cell(row=row, column=col), value)


def width(text: str) -> int:
    """Display cells the text takes, in a terminal or a column (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
