"""Helpers for tests that run the command line: the seed table as another unit, the batch summary read
back, a folder's hashes, and the child script that reports a command's exit code and peak memory."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from perfeval_xl.core.seed import seed_table

#: Runs the CLI and reports its exit code and the peak memory of it and of the processes it started.
MEASURE = """
import json, resource, sys
from perfeval_xl.cli.main import main
code = main(sys.argv[1:])
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"code": code, "peak_kb": peak}), file=sys.stderr)
"""


def unit(code: str, name: str, **changes):
    """The seed table as another unit, with indicators changed by name: {三级指标: {field: value}}."""
    table = seed_table()
    indicators = tuple(dataclasses.replace(ind, **changes.get(ind.name, {})) for ind in table.indicators)
    return dataclasses.replace(table, unit_code=code, unit_name=name, indicators=indicators)


def hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256: equal before and after means nothing changed."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def records(path: Path, sheet: str) -> list[dict]:
    """The rows of a summary sheet as dicts by header; the header row is the first that starts with 文件
    (汇总 has a title line above it)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    start = next(i for i, row in enumerate(rows) if row and row[0] == "文件")
    header, *rows = rows[start:]
    return [dict(zip(header, row)) for row in rows]
