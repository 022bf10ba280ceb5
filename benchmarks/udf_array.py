"""Cost of scoring a 10,000-row column as one array call against 10,000 single-cell calls.

Both go through the Excel functions in perfeval_xl.excel.udfs (as classic xlwings calls them, arguments as
2-D lists) in the same process; the ratio is what a user gains by entering one formula per column
instead of one per cell. Goal: ≥ 50×.

Run: python benchmarks/udf_array.py [rows]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from perfeval_xl.excel import udfs  # noqa: E402

CALLS = {
    "SCORE_DEDUCT": (udfs.SCORE_DEDUCT, lambda r: r.uniform(20, 45), (38, 10, 1, "5%")),
    "SCORE_LINEAR": (udfs.SCORE_LINEAR, lambda r: r.uniform(0.4, 1.0), (0.6, 0.95, 10, 0.95)),
    "SCORE_BANDED": (udfs.SCORE_BANDED, lambda r: r.uniform(60, 120), ("100:10;90:8;80:4;0:0", 10)),
    "SCORE_THRESHOLD": (udfs.SCORE_THRESHOLD, lambda r: float(r.randint(0, 2)), (0, 5, "=")),
}


def best_of(repeat, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(rows: int = 10_000) -> int:
    rng = random.Random(42)
    print(f"{rows} rows, one array call vs {rows} single-cell calls (best of 3)")
    worst = None
    for name, (udf, draw, params) in CALLS.items():
        column = [[round(draw(rng), 2)] for _ in range(rows)]
        column[rows // 2] = [None]  # a blank row, as real sheets have
        args = [[[p]] for p in params]
        array_result = udf(column, *args)
        scalar_results = [udf(cell, *args) for cell in column]
        assert [row[0] for row in array_result] == scalar_results, f"{name}: array and single calls differ"
        array_time = best_of(3, lambda: udf(column, *args))
        scalar_time = best_of(3, lambda: [udf(cell, *args) for cell in column])
        ratio = scalar_time / array_time
        worst = ratio if worst is None else min(worst, ratio)
        print(f"{name:16s} array {array_time * 1000:8.1f} ms   scalar {scalar_time * 1000:8.1f} ms   "
              f"ratio {ratio:6.0f}x")
    print(f"lowest ratio {worst:.0f}x (goal >= 50x): {'met' if worst >= 50 else 'NOT met'}")
    return 0 if worst >= 50 else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
