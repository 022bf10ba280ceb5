"""Range writes against cell-by-cell writes for the one-click recalculation on xlwings' remote engine.

For tables of 10, 1,000 and 10,000 indicator rows (the seed table's rows repeated), it runs
``perfeval_xl.excel.recalc.recalculate`` on ``xw.Book(json=payload)`` as xlwings Server does, and the same job
with every output cell written on its own (the baseline: ``recalc._runs`` patched to one cell per run).
It prints, for both, the number of write actions, the size of the JSON the server sends back to the
Office.js client, and the time to build and serialise it (best of 3); then the ratios baseline / ours.
The time on the client (Office.js applying each action in Excel) is not measured here; it grows with
the number of actions, so the action ratio is the one that matters most to a user. The baseline runs
once above 1,000 rows: on the remote engine each single-cell Range copies the sheet's values, so
cell-by-cell writing is quadratic on the server too (10,000 rows take minutes, and with xlwings'
memoisation left on, all the memory there is).

Above 1,000 rows the cell-by-cell baseline is skipped unless ``--slow-baseline`` is given (at 10,000
rows it takes minutes, longer than the rest of ``benchmarks/run.py`` together).

Run: python benchmarks/recalc_writes.py [rows ...] [--slow-baseline]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' remote engine (PolyForm NC)

import xlwings as xw  # noqa: E402
from xlwings.pro import _xlremote  # noqa: E402

from perfeval_xl import seed_table  # noqa: E402
from perfeval_xl.excel import recalc  # noqa: E402

HEADERS = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "评（扣）分标准", "备注", "实际完成值"]


def _actual(ind) -> object:
    """A typical filled-in value: 95% of the target (as Excel stores a % cell), or 有效 for 定性 rows."""
    if ind.qualitative:
        return "有效"
    target = ind.numeric_target or 0
    return round(target * 0.95 / 100, 4) if ind.unit == "%" else round(target * 0.95, 2)


def payload(rows: int) -> dict:
    seed = seed_table().indicators
    values = [HEADERS]
    for i in range(rows):
        ind = seed[i % len(seed)]
        values.append([ind.level1, ind.level2, f"{ind.name}{i + 1}", ind.op, ind.target, ind.unit, ind.rule_text,
                       ind.remark, _actual(ind)])
    values = [["" if v is None else v for v in row] for row in values]
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": "bench.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": [],
            "sheets": [{"name": "表", "values": values, "pictures": [], "tables": [], "shapes": [], "charts": [],
                        "notes": []}]}


def one_cell_runs(rows: list[int]) -> list[list[int]]:
    return [[r] for r in rows]


def run(data: dict, cell_by_cell: bool) -> tuple[int, int, float]:
    """(write actions, response bytes, seconds) for one recalculation and its JSON response."""
    start = time.perf_counter()
    # The remote engine memoises each Range's view of the sheet keyed by a copy of all its values; with
    # one Range per cell that exhausts memory at 10,000 rows, so both runs use the unmemoised function.
    with mock.patch.object(_xlremote, "get_range_api", _xlremote.get_range_api.__wrapped__), \
            (mock.patch.object(recalc, "_runs", one_cell_runs) if cell_by_cell else _nothing()):
        book = xw.Book(json=json.loads(json.dumps(data)))
        recalc.recalculate(book)
        body = json.dumps(book.json(), ensure_ascii=False)
    seconds = time.perf_counter() - start
    writes = sum(1 for a in book.json()["actions"] if a["func"] == "setValues")
    return writes, len(body.encode("utf-8")), seconds


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


#: Above this many rows the cell-by-cell baseline runs only with --slow-baseline.
SLOW_BASELINE_ROWS = 1_000


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="*", default=[10, 1_000, 10_000])
    parser.add_argument("--slow-baseline", action="store_true",
                        help=f"also run the cell-by-cell baseline above {SLOW_BASELINE_ROWS:,} rows (minutes)")
    args = parser.parse_args(argv)
    print("rows    | range writes: actions   bytes     time | cell by cell: actions     bytes     time |"
          " ratios: actions  bytes  time")
    for n in args.rows:
        data = payload(n)
        ours = min((run(data, False) for _ in range(3)), key=lambda r: r[2])
        if n > SLOW_BASELINE_ROWS and not args.slow_baseline:
            print(f"{n:7d} | {ours[0]:21d} {ours[1]:8d} {ours[2]:7.3f}s | cell by cell skipped (--slow-baseline)")
            continue
        base = min((run(data, True) for _ in range(3 if n <= 1_000 else 1)), key=lambda r: r[2])
        print(f"{n:7d} | {ours[0]:21d} {ours[1]:8d} {ours[2]:7.3f}s | {base[0]:21d} {base[1]:9d} {base[2]:7.3f}s |"
              f" {base[0] / ours[0]:15.0f}x {base[1] / ours[1]:5.1f}x {base[2] / ours[2]:4.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
