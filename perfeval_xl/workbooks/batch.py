"""Scoring a folder of unit workbooks in parallel: one result per file, never an exception.

A finance bureau collects hundreds of units' self-evaluation workbooks. Each file is checked by
:mod:`perfeval_xl.workbooks.safety`, read with python-calamine (Rust; about twenty times faster than openpyxl,
and it writes nothing), its tables found by :func:`perfeval_xl.core.finder.find_tables` and scored by
:func:`perfeval_xl.core.totals.score_table`. calamine gives no number formats and reads error cells as
"": both come from the safety check's one pass over the sheet XML (:class:`~.safety.SheetFacts`), so a
%-formatted cell and a #N/A cell mean here what they mean to ``score``.

Workers return plain frozen dataclasses (picklable, no workbook objects); a file that cannot be read
becomes a :class:`FileResult` with a Chinese problem and the run goes on. Input files are opened for
reading only.
"""

from __future__ import annotations

import gc
import math
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.errors import PerfevalError
from ..core.unit_name import unit_name
from .safety import check_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
#: Excel's lock files ("~$name.xlsx") sit next to open workbooks and are not workbooks.
LOCK_PREFIX = "~$"


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of one unit, as the 指标明细 sheet lists it."""

    level1: str
    level2: str
    name: str
    weight: float | None
    actual: object
    score: float | None
    status: str
    explanation: str


@dataclass(frozen=True)
class UnitResult:
    """One scored table (one unit): the 汇总 row, its indicator lines and the review of its own scores.

    ``claims`` are the unit's own scores that were checked (:class:`perfeval_xl.core.review.Claim`),
    ``claimed_total`` its own 总分 (None when it wrote none), ``total_difference`` that minus the computed 总分.
    """

    file: str
    sheet: str
    unit_code: str
    unit_name: str
    subtotal: float | None
    execution: float | None
    execution_weight: float
    total: float | None
    grade: str | None
    unscored: tuple[str, ...]
    notes: tuple[str, ...]
    lines: tuple[IndicatorLine, ...]
    claimed_total: float | None = None
    total_difference: float | None = None
    claims: tuple = ()


@dataclass(frozen=True)
class FileResult:
    """What came of one file: its units (usually one) and the problems found, in Chinese."""

    file: str
    units: tuple[UnitResult, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass
class BatchResult:
    """All files of a run, in file-name order."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def units(self) -> list[UnitResult]:
        return [unit for f in self.files for unit in f.units]

    @property
    def problems(self) -> list[tuple[str, str]]:
        return [(f.file, problem) for f in self.files for problem in f.problems]


def find_workbooks(directory: str | os.PathLike, *, exclude: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Every .xlsx/.xlsm/.xls under ``directory`` (recursively, sorted), without Excel lock files.

    Raises:
        PerfevalError when ``directory`` is not a folder.
    """
    root = Path(directory)
    if not root.is_dir():
        raise PerfevalError(f"找不到文件夹“{root}”，请检查路径")
    skip = {Path(p).resolve() for p in exclude}
    found = [p for p in root.rglob("*")
             if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(LOCK_PREFIX)
             and p.is_file() and p.resolve() not in skip]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def calamine_grids(path: str | os.PathLike, checked=None) -> list[tuple[str, list[list], frozenset | None]]:
    """Each worksheet of a checked workbook as (name, grid of values from python-calamine, %-cells).

    Blank cells are "" as calamine gives them (the finder and the core read "" as blank; converting
    every cell would cost more than the read itself). Chart and macro sheets are skipped. Merged cells
    keep their value in the first cell only (the finder reads both layouts). Error cells, which calamine
    gives as "", get their error text back, and the %-formatted cells are known, from ``checked`` (the
    :func:`check_workbook` result of an .xlsx); for an .xls neither is known (None).
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    facts = checked.sheets if checked is not None and checked.kind == "xlsx" else None
    grids = []
    # From an open file, calamine recognises the format by content, so an .xlsx renamed .xls still reads.
    with open(path, "rb") as handle, CalamineWorkbook.from_filelike(handle) as workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            grid = sheet.to_python(skip_empty_area=False)
            seen = facts.get(meta.name) if facts is not None else None
            if seen is not None:
                for (r, c), error in seen.errors.items():
                    if r < len(grid) and c < len(grid[r]) and grid[r][c] == "":
                        grid[r][c] = error
            grids.append((meta.name, grid, None if seen is None else seen.percent))
    return grids


def unit_result(file: str, sheet: str, found) -> UnitResult:
    """Score one found table exactly as the ``score`` command does (:meth:`FoundTable.scored`), review the
    unit's own scores (:meth:`FoundTable.reviewed`) and name the unit (:func:`unit_name`)."""
    table, scored = found.scored()
    review = found.reviewed(table, scored)
    named = unit_name(table.unit_code, table.unit_name, found.title, PurePosixPath(file).stem)
    rows = scored.rows
    lines = tuple(
        IndicatorLine(ind.level1, ind.level2, ind.name, ind.weight, plain(found.actuals.get(ind.name)),
                      rows[ind.name].value, rows[ind.name].status, rows[ind.name].explanation)
        for ind in table.indicators)
    notes = tuple(scored.notes) + tuple(review.notes()) + ((named.note,) if named.note else ())
    return UnitResult(file, sheet, named.code, named.name, scored.subtotal, scored.execution.value,
                      table.execution_weight, scored.total, scored.grade, tuple(scored.unscored), notes, lines,
                      review.claimed_total, review.total_difference, tuple(review.claims))


def plain(value: object) -> object:
    """A cell value the summary can hold: numbers, text and booleans as they are, anything else as text."""
    if value == "":
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # an out-of-range number is that cell's error, never NaN in the summary
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def score_file(path: str | os.PathLike, root: str | os.PathLike) -> FileResult:
    """Score every table in one workbook; any failure becomes a problem in the result, never an exception."""
    path = Path(path)
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    try:
        grids = calamine_grids(path, check_workbook(path))
        from ..core.finder import find_tables, no_table_message

        units = []
        for sheet, grid, percent in grids:
            for found in find_tables(grid, percent_cells=percent):
                units.append(unit_result(name, sheet, found))
        if not units:
            blank = not any(v not in (None, "") for _, grid, _ in grids for row in grid for v in row)
            why = "工作簿是空的，没有任何内容" if blank else no_table_message("该工作簿的各工作表")
            return FileResult(name, problems=(why,))
        return FileResult(name, tuple(units))
    except PerfevalError as error:
        return FileResult(name, problems=(str(error),))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine raises its own kinds (and pyo3 panics) on broken files
        return FileResult(name, problems=(f"文件无法读取（{type(error).__name__}：{_short(error)}），"
                                          f"可能已损坏；请让报送单位重新导出",))


def _short(error: BaseException, limit: int = 120) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def cycle_gc_paused():
    """Pause Python's cyclic garbage collector: scoring and the summary allocate many small acyclic
    objects (reference counting frees them), and the collector's repeated passes over the growing
    results cost 10–20% of a run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _score_chunk(paths: list[str], root: str) -> list[FileResult]:
    with cycle_gc_paused():
        return [score_file(p, root) for p in paths]


def iter_scores(paths: list[Path], root: str | os.PathLike, *, jobs: int | None = None,
                progress: Callable[[int], None] | None = None) -> Iterator[FileResult]:
    """Score the workbooks ``paths`` (from :func:`find_workbooks`), yielding each result in path order
    as soon as it is ready, so the caller can write it while the workers go on.

    Args:
        paths: the files.
        root: the folder they were found in; results name files relative to it.
        jobs: worker processes; None for one per CPU core, 1 to work in this process.
        progress: called with the number of files just finished, for a progress bar.
    """
    root = Path(root)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    if jobs == 1:
        for p in paths:
            with cycle_gc_paused():
                done = score_file(p, root)
            yield done
            if progress:
                progress(1)
        return
    # Chunks amortise the inter-process round trip; several per worker keep the cores busy to the end.
    size = max(1, min(64, len(paths) // (jobs * 8) or 1))
    chunks = [[os.fspath(p) for p in paths[i:i + size]] for i in range(0, len(paths), size)]
    # A bounded window of chunks in flight: results wait in memory only until the caller takes them, so a
    # run of 10,000 files holds no more than this many chunks' results at a time.
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs) as pool:

        def submit(chunk: list[str]):
            try:
                return pool.submit(_score_chunk, chunk, os.fspath(root))
            except BrokenProcessPool:  # a worker died earlier: the chunks left get the same problem
                return None

        pending = deque((chunk, submit(chunk)) for chunk in chunks[:window])
        ahead = window
        while pending:
            chunk, future = pending.popleft()
            if ahead < len(chunks):
                pending.append((chunks[ahead], submit(chunks[ahead])))
                ahead += 1
            try:
                if future is None:
                    raise BrokenProcessPool
                done = future.result()
            except BrokenProcessPool:
                done = [FileResult(Path(p).relative_to(root).as_posix(),
                                   problems=("处理该文件时工作进程意外退出（可能是文件损坏或内存不足）",))
                        for p in chunk]
            if progress:
                progress(len(chunk))
            yield from done


def score_workbooks(paths: list[Path], root: str | os.PathLike, *, jobs: int | None = None,
                    progress: Callable[[int], None] | None = None) -> BatchResult:
    """All results of :func:`iter_scores` at once, in the order of ``paths``."""
    return BatchResult(list(iter_scores(paths, root, jobs=jobs, progress=progress)))


def rank(units: Iterable[UnitResult]) -> dict[int, int]:
    """Competition ranks by total (1, 2, 2, 4 …) keyed by ``id(unit)``; units without a total get none."""
    ordered = sorted((u for u in units if u.total is not None), key=lambda u: -u.total)
    ranks, previous, place = {}, None, 0
    for i, unit in enumerate(ordered, start=1):
        if unit.total != previous:
            place, previous = i, unit.total
        ranks[id(unit)] = place
    return ranks


def progress_bar(total: int):
    """A tqdm progress bar on stderr, in Chinese."""
    from tqdm import tqdm

    return tqdm(total=total, desc="评分", unit="个文件", file=sys.stderr, dynamic_ncols=True,
                disable=total == 0)


__all__ = ["BatchResult", "FileResult", "IndicatorLine", "UnitResult", "calamine_grids", "find_workbooks", "iter_scores",
           "rank", "score_file", "score_workbooks", "unit_result", "plain"]
