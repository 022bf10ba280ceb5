"""All benchmarks in one run: prints a table and writes benchmarks/RESULTS.md.

Every figure is a ratio against a baseline measured in the same run on the same machine:

1. core scoring of 100,000 rows as columns (pandas group-by + numpy rule.scores) against a per-row
   Python loop (rule.score per cell);
2. ``batch`` on generated unit workbooks (varied published rules, 10–40 indicators each) with 1 and 2
   worker processes, against LibreOffice headless recalculating the same units as portable templates
   (one soffice call over all files) and against the raw read floor (python-calamine reading the same
   files, nothing else);
3. the other helpers' scripts where present (benchmarks/parse_speed.py, corpus_accuracy.py, udf_array.py,
   recalc_writes.py),
   run as they are and their output copied in.

Run: python benchmarks/run.py [--units 1000] [--rows 100000] [--no-libreoffice]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(HERE)]

import units as unit_files  # noqa: E402

OTHER_SCRIPTS = ("parse_speed.py", "corpus_accuracy.py", "udf_array.py", "recalc_writes.py")
TARGET_LIBREOFFICE = 50.0
TARGET_FLOOR = 4.0
TARGET_JOBS = 1.6  # 2 jobs at least this much faster than 1
TARGET_MEMORY = 1.2  # main-process peak at 10× the units, at most this much above the peak at 1×
SCALE = 10
#: Runs the CLI in a fresh interpreter and prints the peak memory (KiB) of its main process.
MEASURE = """
import resource, sys
from perfeval_xl.cli.main import main
code = main(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def timed(fn, repeat: int = 1):
    """(best seconds, last result) over ``repeat`` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    soffice = shutil.which("soffice")
    office = ""
    if soffice:
        done = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=120)
        office = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    from importlib.metadata import version

    load = ""
    if hasattr(os, "getloadavg"):
        load = " load average at start {:.1f} / {:.1f} / {:.1f} (1/5/15 min)".format(*os.getloadavg())
    return [f"CPU: {cpu}, {os.cpu_count()} logical cores;{load}",
            f"Memory: {memory}", f"OS: {platform.platform()}",
            f"Python {platform.python_version()}, python-calamine {version('python-calamine')}, "
            f"XlsxWriter {version('XlsxWriter')}, openpyxl {version('openpyxl')}",
            f"LibreOffice: {office or 'not installed'}"]


# --- 1. core: columns against a loop --------------------------------------------------------------

def core(rows: int) -> dict:
    import random

    import numpy as np
    import pandas as pd

    from layouts import CASES
    from perfeval_xl.core.seed import seed_table
    from perfeval_xl.core.totals import rule_of

    table = seed_table()
    rules = {ind.name: rule_of(ind) for ind in table.indicators}
    cases = {c["name"]: [a for a, _ in c["cases"]] for c in CASES["indicators"]}
    rng = random.Random(1)
    names = [rng.choice(list(rules)) for _ in range(rows)]
    frame = pd.DataFrame({"name": names, "actual": [rng.choice(cases[n]) for n in names]})

    def columns():
        out = np.full(len(frame), np.nan)
        for name, group in frame.groupby("name", sort=False):
            out[group.index.to_numpy()] = rules[name].scores(group["actual"].tolist())
        return out

    def loop():
        return np.array([rules[n].score(a).value if rules[n].score(a).value is not None else np.nan
                         for n, a in zip(frame["name"], frame["actual"])], dtype=float)

    t_columns, by_columns = timed(columns, 3)
    t_loop, by_loop = timed(loop, 1)
    assert np.allclose(by_columns, by_loop, equal_nan=True), "columns and loop disagree"
    return {"rows": rows, "columns": t_columns, "loop": t_loop}


# --- 2. batch ------------------------------------------------------------------------------------

def read_floor(paths: list[Path]) -> None:
    from python_calamine import CalamineWorkbook

    for path in paths:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python()


def batch_run(paths: list[Path], root: Path, jobs: int, out: Path):
    from perfeval_xl.workbooks.batch import iter_scores
    from perfeval_xl.workbooks.summary_xlsx import write_summary

    return write_summary(iter_scores(paths, root, jobs=jobs), out)


def cpu_split(paths: list[Path], root: Path, jobs: int, out: Path) -> tuple[float, float, float]:
    """(wall, main-process CPU, worker CPU) seconds of one batch run: with two jobs the main process
    writes the summary while the workers score, so this says which side bounds the run."""
    import resource

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    wall, cpu, workers = time.perf_counter(), time.process_time(), children()
    batch_run(paths, root, jobs, out)
    return time.perf_counter() - wall, time.process_time() - cpu, children() - workers


def stages(paths: list[Path], root: Path, out: Path) -> dict[str, float]:
    """Seconds per stage of one job over all files, to say where the time goes."""
    from perfeval_xl.workbooks.batch import BatchResult, FileResult, unit_result, calamine_grids
    from perfeval_xl.core.finder import find_tables
    from perfeval_xl.workbooks.safety import check_workbook
    from perfeval_xl.workbooks.summary_xlsx import write_summary

    spent = dict.fromkeys(("safety check", "calamine read", "table finder", "scoring", "summary write"), 0.0)
    result = BatchResult()
    for path in paths:
        t0 = time.perf_counter()
        checked = check_workbook(path)
        t1 = time.perf_counter()
        grids = calamine_grids(path, checked)
        t2 = time.perf_counter()
        found = [(sheet, f) for sheet, grid, percent in grids for f in find_tables(grid, percent_cells=percent)]
        t3 = time.perf_counter()
        units = tuple(unit_result(path.name, sheet, f) for sheet, f in found)
        t4 = time.perf_counter()
        result.files.append(FileResult(path.name, units))
        for key, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            spent[key] += seconds
    t0 = time.perf_counter()
    write_summary(result.files, out)
    spent["summary write"] = time.perf_counter() - t0
    return spent


def peak_memory(folder: Path, out: Path) -> float:
    """Peak memory (MiB) of the main process of ``perfeval-xl batch folder --jobs 2``, in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", MEASURE, "batch", str(folder), "-o", str(out), "--jobs", "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=3600)
    code, kib = done.stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise RuntimeError(done.stderr[-2000:])
    return int(kib) / 1024


def scaled_folder(paths: list[Path], folder: Path, times: int) -> Path:
    """``times`` links to every file under other names: SCALE × the units without generating them again
    (the workbooks repeat, the work and the summary rows do not shrink)."""
    folder.mkdir()
    for k in range(times):
        for p in paths:
            os.link(p, folder / f"{p.stem}_{k}{p.suffix}")
    return folder


def libreoffice(paths: list[Path], outdir: Path) -> tuple[float | None, int]:
    """Seconds for headless soffice recalculating (on load) and re-saving every file, and the number of
    soffice calls: one over all files, plus one over the files left whenever soffice stops early."""
    from conftest import RECALC_PROFILE

    soffice = shutil.which("soffice")
    if not soffice:
        return None, 0
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    out = outdir / "out"
    command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
               "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out)]
    # Start-up once so that the profile is created outside the timing (a real user's profile exists).
    subprocess.run(command + [str(paths[0])], capture_output=True, timeout=600)
    (out / paths[0].name).unlink()
    start = time.perf_counter()
    calls, left = 0, list(paths)
    while left and calls < 20:
        calls += 1
        subprocess.run(command + [str(p) for p in left], capture_output=True, timeout=3 * 3600)
        left = [p for p in left if not (out / p.name).exists()]
    seconds = time.perf_counter() - start
    if left:
        raise RuntimeError(f"LibreOffice wrote {len(paths) - len(left)} of {len(paths)} files")
    return seconds, calls


def batch(count: int, with_libreoffice: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix="perfeval-bench-"))
    try:
        units_dir, portable_dir = work / "units", work / "portable"
        units_dir.mkdir()
        portable_dir.mkdir()
        t_generate, paths = timed(lambda: unit_files.write_units(units_dir, count))
        rows = sum(len(unit_files.unit(i, unit_files.rule_pool())[0].indicators) for i in range(min(count, 50)))
        t_floor, _ = timed(lambda: read_floor(paths), 3)
        t_openpyxl = None
        sample = paths[: max(1, count // 10)]
        from openpyxl import load_workbook

        def openpyxl_read():
            for p in sample:
                wb = load_workbook(p, read_only=True, data_only=True)
                for ws in wb.worksheets:
                    list(ws.iter_rows(values_only=True))
                wb.close()
        t_openpyxl = timed(openpyxl_read, 1)[0] * count / len(sample)
        t_one, result = timed(lambda: batch_run(paths, units_dir, 1, work / "summary1.xlsx"), 2)
        t_two, _ = timed(lambda: batch_run(paths, units_dir, 2, work / "summary2.xlsx"), 2)
        spent = stages(paths, units_dir, work / "summary3.xlsx")
        split = cpu_split(paths, units_dir, 2, work / "summary4.xlsx")
        memory = (peak_memory(units_dir, work / "memory1.xlsx"),
                  peak_memory(scaled_folder(paths, work / "scaled", SCALE), work / "memory10.xlsx"))
        scored = sum(1 for u in result.units if u.total is not None)
        t_lo, note = None, ""
        if with_libreoffice:
            portable = unit_files.write_portable(portable_dir, count)
            if portable is None:
                note = "the portable template (branch `template`) is not merged: no LibreOffice baseline"
            elif not shutil.which("soffice"):
                note = "LibreOffice (soffice) is not installed: no LibreOffice baseline"
            else:
                t_lo, calls = libreoffice(portable, work / "lo")
                if calls > 1:
                    note = (f"soffice stopped before the last file and was started again over the files left "
                            f"({calls} calls in all; their start-up, about 1–2 s each, is in its time)")
        else:
            note = "LibreOffice baseline skipped (--no-libreoffice)"
        return {"count": count, "mean_rows": rows / min(count, 50), "generate": t_generate, "floor": t_floor,
                "openpyxl": t_openpyxl, "one": t_one, "two": t_two, "libreoffice": t_lo, "note": note,
                "units": len(result.units), "scored": scored, "problems": len(result.problems), "stages": spent,
                "split": split, "memory": memory}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- 3. the other helpers' scripts -----------------------------------------------------------------

def other_scripts() -> list[tuple[str, str]]:
    out = []
    for name in OTHER_SCRIPTS:
        script = HERE / name
        if not script.exists():
            out.append((name, "(not in this branch yet)"))
            continue
        done = subprocess.run([sys.executable, str(script)], cwd=REPO, capture_output=True, text=True,
                              timeout=3600)
        text = done.stdout.strip()
        if done.returncode < 0:
            text += (f"\n[stopped by signal {-done.returncode} from outside the script before it finished; "
                     f"the lines above are what it measured]")
        elif done.returncode:
            text += f"\n[exit {done.returncode}] {done.stderr.strip()[-2000:]}"
        out.append((name, text))
    return out


# --- report ----------------------------------------------------------------------------------------

def verdict(ok: bool, missed: str) -> str:
    return "met" if ok else f"MISSED {missed}"


def report(core_result: dict, batch_result: dict, others: list[tuple[str, str]], about: list[str]) -> str:
    c, b = core_result, batch_result
    n = b["count"]
    core_ratio = c["loop"] / c["columns"]
    rows = [("core: 100,000-row scoring, columns vs per-row loop",
             f"{c['columns'] * 1000:.0f} ms vs {c['loop'] * 1000:.0f} ms", f"{core_ratio:.1f}× faster", "—")]
    per_floor = b["floor"] / n * 1000
    rows.append(("read floor: python-calamine reading the files",
                 f"{b['floor']:.2f} s ({per_floor:.2f} ms/workbook, {n / b['floor']:.0f} workbooks/s)",
                 "1× (baseline)", "—"))
    rows.append(("openpyxl reading the files (for reference, extrapolated from 10%)",
                 f"{b['openpyxl']:.2f} s", f"{b['openpyxl'] / b['floor']:.1f}× the floor", "—"))
    lo_lines = []
    for jobs, key in ((1, "one"), (2, "two")):
        t = b[key]
        vs_floor = t / b["floor"]
        rows.append((f"batch --jobs {jobs} (check, read, find, score, write summary)",
                     f"{t:.2f} s ({n / t:.0f} workbooks/s)",
                     f"{vs_floor:.1f}× the floor",
                     f"≤ {TARGET_FLOOR:g}×: {verdict(vs_floor <= TARGET_FLOOR, f'by {vs_floor / TARGET_FLOOR:.1f}×')}"))
        if b["libreoffice"]:
            speedup = b["libreoffice"] / t
            lo_lines.append((f"batch --jobs {jobs} vs LibreOffice recalculating portable templates",
                             f"{t:.2f} s vs {b['libreoffice']:.1f} s "
                             f"({b['libreoffice'] / n * 1000:.0f} ms/workbook in LibreOffice)",
                             f"{speedup:.0f}× faster",
                             f"≥ {TARGET_LIBREOFFICE:g}×: "
                             f"{verdict(speedup >= TARGET_LIBREOFFICE, f'by {TARGET_LIBREOFFICE / speedup:.1f}×')}"))
    rows += lo_lines
    jobs_ratio = b["one"] / b["two"]
    rows.append(("batch --jobs 2 against --jobs 1", f"{b['two']:.2f} s vs {b['one']:.2f} s",
                 f"{jobs_ratio:.2f}× faster",
                 f"≥ {TARGET_JOBS:g}×: {verdict(jobs_ratio >= TARGET_JOBS, f'by {TARGET_JOBS / jobs_ratio:.2f}×')}"))
    small, large = b["memory"]
    growth = large / small
    rows.append((f"main-process peak memory, --jobs 2: {SCALE * n:,} units against {n:,}",
                 f"{large:.0f} MiB vs {small:.0f} MiB", f"{growth:.2f}×",
                 f"≤ {TARGET_MEMORY:g}×: {verdict(growth <= TARGET_MEMORY, f'by {growth / TARGET_MEMORY:.2f}×')}"))
    table = ["| measurement | time | ratio | target |", "|---|---|---|---|"]
    table += [f"| {a} | {t} | {r} | {g} |" for a, t, r, g in rows]
    lines = ["# Benchmark results", "", "Produced by `python benchmarks/run.py` "
             f"(units={n}); every ratio is against a baseline measured in the same run.", "",
             "## Machine", ""] + [f"- {m}" for m in about] + [
        "", "## Figures", "",
        f"{n} generated unit workbooks, {b['mean_rows']:.1f} indicators on average (10–40, varied published "
        f"rules from the seed table and the shared corpus); {b['units']} units found, {b['scored']} with a "
        f"total (the others have rows the rules leave to a person), {b['problems']} problem-list entries. "
        "Times are the best of 2–3 runs except LibreOffice and the per-row loop (one run each). "
        f"Memory: the {SCALE * n:,}-unit run reads the {n:,} files each linked {SCALE} times under other names "
        "(generating them anew would take longer than the rest of the run); LibreOffice is not run at that size. "
        "Absolute times vary with the machine's load (the load averages above) by up to 2–3× between runs; "
        "the same-run ratios much less.", ""] + table
    if b["note"]:
        lines += ["", f"Note: {b['note']}."]
    total = sum(b["stages"].values())
    lines += ["", "Where one job's time goes (stages timed separately over all files, same run):", "",
              "| stage | seconds | share | ms/workbook |", "|---|---|---|---|"]
    lines += [f"| {k} | {v:.2f} | {v / total:.0%} | {v / n * 1000:.2f} |" for k, v in b["stages"].items()]
    wall, main_cpu, worker_cpu = b["split"]
    lines += ["", f"One more `--jobs 2` run, timed by CPU: {wall:.2f} s wall; the main process (collecting results, "
              f"writing the summary) used {main_cpu:.2f} s of CPU ({main_cpu / n * 1000:.2f} ms/workbook), the two "
              f"workers (check, read, find, score) {worker_cpu:.2f} s together ({worker_cpu / n * 1000:.2f} "
              f"ms/workbook). With two cores the run cannot take less than (main + workers) / 2 = "
              f"{(main_cpu + worker_cpu) / 2:.2f} s."]
    lines += ["", "## Where targets are missed, and why", "", *why(b), ""]
    for name, text in others:
        lines += [f"## benchmarks/{name}", "", "```", text, "```", ""]
    return "\n".join(lines)


def why(b: dict) -> list[str]:
    n = b["count"]
    st = {k: v / n * 1000 for k, v in b["stages"].items()}
    out = []
    worst_floor = min(b["one"], b["two"]) / b["floor"]
    if worst_floor > TARGET_FLOOR:
        out.append(
            f"- **Read floor (target ≤ {TARGET_FLOOR:g}×, best here {worst_floor:.1f}×, missed by "
            f"{worst_floor / TARGET_FLOOR:.1f}×).** calamine reads a workbook in {b['floor'] / n * 1000:.2f} ms of "
            f"Rust. One job adds the table finder ({st['table finder']:.2f} ms: it walks every text cell of the "
            f"sheet in Python for headers, labels and footers, each distinct text classified once, then reads "
            f"each indicator row), scoring ({st['scoring']:.2f} ms: per row the cached rule, the value reading "
            f"(cached per distinct value), the arithmetic and the Chinese explanation), the safety check "
            f"({st['safety check']:.2f} ms: zip directory, XML prologs and the sheet's cell references, which "
            f"means inflating the sheet once more before calamine does) and the summary "
            f"({st['summary write']:.2f} ms a workbook: about 300 cells a unit, 11 columns by ~25 indicator rows "
            f"on 指标明细, as inline strings streamed to a temporary file (constant memory); each row's cell XML "
            f"is built in one Python pass and handed to XlsxWriter's stream, about 2 µs a cell). Scoring also "
            f"reviews the unit's own scores and names the unit. "
            f"calamine's own "
            f"share inside the batch ({st['calamine read']:.2f} ms) is close to the floor: the reader is not the "
            f"bottleneck. Two jobs ran {b['one'] / b['two']:.2f}× as fast as one here (target ≥ {TARGET_JOBS:g}×): "
            f"the workers split the per-file part, but the main process (summary, collecting results) runs "
            f"beside them on the same two cores (see the CPU split above), so two workers and the writer share "
            f"two cores; and any other load on the machine (see the load averages above) takes cores from the "
            f"two-job run more than from the one-job run. "
            f"Closing the gap needs fewer Python passes per workbook in the workers (safety check, finder, "
            f"scoring with explanations: each a few passes over a sheet or its rows) or a compiled writer for "
            f"the summary, which runs in the main process.")
    jobs_ratio = b["one"] / b["two"]
    if jobs_ratio < TARGET_JOBS:
        wall, main_cpu, worker_cpu = b["split"]
        out.append(f"- **Two jobs against one (target ≥ {TARGET_JOBS:g}×, here {jobs_ratio:.2f}×).** The main "
                   f"process ({main_cpu / n * 1000:.2f} ms of CPU a workbook) writes the summary beside the two "
                   f"workers ({worker_cpu / n * 1000:.2f} ms a workbook) on the same two cores; on a machine "
                   f"shared with other jobs a second worker gains no core of its own.")
    small, large = b["memory"]
    if large / small > TARGET_MEMORY:
        out.append(f"- **Memory (target ≤ {TARGET_MEMORY:g}×, here {large / small:.2f}×).** The main process "
                   f"keeps each unit's 汇总 row until the end (ranks need all totals).")
    if b["libreoffice"]:
        best = b["libreoffice"] / min(b["one"], b["two"])
        if best < TARGET_LIBREOFFICE:
            out.append(f"- **LibreOffice (target ≥ {TARGET_LIBREOFFICE:g}×, best here {best:.0f}×, missed by "
                       f"{TARGET_LIBREOFFICE / best:.1f}×).** LibreOffice spends "
                       f"{b['libreoffice'] / n * 1000:.0f} ms a workbook to load, recalculate and save a "
                       f"styled template; the batch spends {min(b['one'], b['two']) / n * 1000:.2f} ms, for the "
                       f"reasons above (summary, scoring with explanations, finder). Reaching 50× needs about "
                       f"{b['libreoffice'] / n * 1000 / TARGET_LIBREOFFICE:.2f} ms a workbook.")
    return out or ["- Every target is met."]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    about = machine()
    print("core …", file=sys.stderr)
    core_result = core(args.rows)
    print("batch …", file=sys.stderr)
    batch_result = batch(args.units, not args.no_libreoffice)
    print("other scripts …", file=sys.stderr)
    others = other_scripts()
    if hasattr(os, "getloadavg"):
        about.append("Load average at the end: {:.1f} / {:.1f} / {:.1f} (1/5/15 min)".format(*os.getloadavg()))
    text = report(core_result, batch_result, others, about)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
