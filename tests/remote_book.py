"""Workbooks as xlwings' remote engine sees them: Office.js payloads, and the writes a script queued.

``payload(sheets, names)`` builds the JSON the Office.js client sends (values anchored at A1, empty
cells as ""); ``remote_book(payload)`` opens it with ``xw.Book(json=...)``; ``applied(payload, actions)``
applies the queued ``setValues`` actions to a copy of the grids, as the client would.
"""

from __future__ import annotations

import copy
import datetime as dt
import os

LICENSE = "noncommercial"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def sheet(name: str, rows) -> dict:
    """One sheet of a payload: ``rows`` of cell values (None or "" for empty), padded to a rectangle."""
    width = max((len(r) for r in rows), default=0) or 1
    values = [[_cell(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[""]]
    return {"name": name, "values": values, "pictures": [], "tables": [], "shapes": [], "charts": [],
            "notes": []}


def book_name(name: str, sheet_index: int, address: str) -> dict:
    """A workbook-level defined name as the Office.js client sends it."""
    return {"name": name, "sheet_index": sheet_index, "address": address, "book_scope": True,
            "scope_sheet_index": None, "scope_sheet_name": None}


def payload(sheets: list[dict], names: list[dict] | None = None, book: str = "绩效自评.xlsx") -> dict:
    import xlwings

    return {"client": "Office.js", "version": xlwings.__version__,
            "book": {"name": book, "active_sheet_index": 0, "selection": "A1"},
            "names": names or [], "sheets": sheets}


def remote_engine():
    """xlwings with its remote engine loaded.

    xlwings loads the engine at import time, only when a license key is set then (its PRO part is
    PolyForm Noncommercial: the key "noncommercial"); another test may have imported xlwings before,
    so the engine is added here if it is missing.
    """
    os.environ.setdefault("XLWINGS_LICENSE_KEY", LICENSE)
    import xlwings

    if "remote" not in [engine.name for engine in xlwings.engines]:
        from xlwings.main import Engine
        from xlwings.pro import _xlremote

        xlwings.engines.add(Engine(impl=_xlremote.engine))
    return xlwings


def remote_book(data: dict):
    """``xw.Book(json=data)`` on xlwings' remote engine."""
    return remote_engine().Book(json=copy.deepcopy(data))


def count_reads(monkeypatch) -> list[str]:
    """Record every cell-value read on the remote engine (sheet name per read): a thin wrapper around
    the Range implementation's value getter, which every ``.value`` read goes through."""
    from xlwings.pro import _xlremote

    reads: list[str] = []
    getter = _xlremote.Range.raw_value.fget

    def counted(self):
        reads.append(self.sheet.name)
        return getter(self)

    monkeypatch.setattr(_xlremote.Range, "raw_value", property(counted, _xlremote.Range.raw_value.fset))
    return reads


def value_writes(actions: list[dict]) -> list[dict]:
    return [a for a in actions if a["func"] == "setValues"]


def written_cells(actions: list[dict], sheet_index: int = 0) -> dict[tuple[int, int], object]:
    """(row, col) 0-based → value, for every cell the ``setValues`` actions write on one sheet."""
    cells = {}
    for a in value_writes(actions):
        if a["sheet_position"] != sheet_index:
            continue
        for i, row in enumerate(a["values"]):
            for j, value in enumerate(row):
                cells[(a["start_row"] + i, a["start_column"] + j)] = value
    return cells


def applied(data: dict, actions: list[dict]) -> list[list[list[object]]]:
    """The payload's grids (one per sheet) after the ``setValues`` actions, as the client applies them."""
    grids = [copy.deepcopy(s["values"]) for s in data["sheets"]]
    for index, grid in enumerate(grids):
        for (r, c), value in written_cells(actions, index).items():
            while len(grid) <= r:
                grid.append([""] * len(grid[0]))
            for row in grid:
                row.extend([""] * (c + 1 - len(row)))
            grid[r][c] = value
    return grids


def changed(before: list[list[object]], after: list[list[object]]) -> set[tuple[int, int]]:
    """Cells whose value differs between two grids (missing cells count as "")."""
    out = set()
    for r in range(max(len(before), len(after))):
        a = before[r] if r < len(before) else []
        b = after[r] if r < len(after) else []
        for c in range(max(len(a), len(b))):
            if (a[c] if c < len(a) else "") != (b[c] if c < len(b) else ""):
                out.add((r, c))
    return out


def same_score(got: object, expected: object) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and abs(got - expected) < 0.005
    if expected in ("", None):
        return got in ("", None)
    return got == expected
