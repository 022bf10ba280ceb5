"""Hostile-input suite, commands: every command of ``perfeval-xl`` on hostile files, texts and paths, each
run in its own subprocess under a generous hang guard, with its peak memory read in that process.

The contract: exit code 0 (or 1 for lint findings) with its output, or 2 with one Chinese line; never a
traceback or 内部错误; no input changed (hashes); no temporary file left; no output half-written (a
failed run leaves the output as it was); peak memory under 500 MB for any single file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_files as hostile
from conftest import REPO
from hostile_inputs import COUNTS, INVALID
from layouts import CASES, SEED
from perfeval_xl.core.celltext import set_text
from perfeval_xl.core.seed import seed_table
from cli_runs import MEASURE, hashes, records
from unit_workbooks import unit_rows, write_unit_workbook

SCENARIO = CASES["totals"]["scenarios"][0]
MEMORY_LIMIT_MB = 500
TIMEOUT = 600


def storable(value: str) -> bool:
    """A text a workbook can hold (XML 1.0 allows no control characters and no lone surrogates)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return not ILLEGAL_CHARACTERS_RE.search(value) and not any("\ud800" <= c <= "\udfff" for c in value)


def hostile_unit(path: Path, values: list) -> Path:
    """The seed unit with ``values`` typed into its 实际完成值 cells (one per row, as text where text)."""
    from openpyxl import Workbook

    table = seed_table()
    actuals = {ind.name: None for ind in table.indicators}
    rows = unit_rows(table, actuals, executed=SCENARIO["executed"])
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            value = value[0] if isinstance(value, tuple) else value
            if value is not None:
                set_text(ws.cell(row=r, column=c), value)
    first = next(r for r, row in enumerate(rows, start=1) if row[:1] == ["一级指标"]) + 1
    for i, value in enumerate(values):
        set_text(ws.cell(row=first + i, column=10), value)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile_inputs")
    good = write_unit_workbook(d / "好单位.xlsx", seed_table(), SCENARIO["actuals"], executed=SCENARIO["executed"])
    hostile.corrupt_zip(d / "坏压缩包.xlsx", good)
    hostile.not_a_workbook(d / "不是工作簿.xlsx")
    hostile.plain_workbook(d / "空工作簿.xlsx", None)
    hostile.encrypted_workbook(d / "加密.xlsx", good)
    hostile.entity_workbook(d / "实体.xlsm", good)
    (d / "压缩炸弹.xlsx").write_bytes(hostile.zip_bomb(tmp_path_factory).read_bytes())
    hostile.last_row_without_refs(d / "整张表.xlsx", good)
    values = [v for kind in ("formula_text", "excel_error", "control_unicode", "long_text", "text")
              for v in INVALID[kind] if isinstance(v, str) and storable(v)]
    for i in range(0, len(values), 10):
        hostile_unit(d / f"坏值{i // 10:02d}.xlsx", values[i:i + 10])
    hostile_unit(d / "尾巴.xlsx", [v for v in INVALID["tail"] if storable(v)])
    (d / "空.json").write_text("", encoding="utf-8")
    (d / "坏.json").write_text("{\"indicators\": [", encoding="utf-8")
    nulls = json.loads(json.dumps(SEED))
    nulls["indicators"][0]["target"] = None
    nulls["indicators"][1]["weight"] = None
    (d / "空值.json").write_text(json.dumps(nulls, ensure_ascii=False), encoding="utf-8")
    huge = json.loads(json.dumps(SEED))
    huge["indicators"][2]["rule_text"] = "九" * 24000
    huge["indicators"][3]["weight"] = "很多"
    (d / "怪值.json").write_text(json.dumps(huge, ensure_ascii=False), encoding="utf-8")
    return d


#: Files lint and template --table also run on (score runs on every file).
ALSO_LINTED = ("坏值00.xlsx", "整张表.xlsx", "实体.xlsm", "尾巴.xlsx")


def command_runs(folder: Path, out: Path) -> list[tuple[str, list[str]]]:
    """(class, arguments) for every command run."""
    runs = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".xlsx", ".xlsm"):
            runs.append(("score", ["score", str(path), "-o", str(out / f"{path.stem}_评分.xlsx")]))
        if path.name in ALSO_LINTED:
            runs.append(("lint", ["lint", str(path)]))
            runs.append(("template", ["template", "--table", str(path), "-o", str(out / f"{path.stem}_模板.xlsx")]))
        elif path.suffix == ".json":
            runs.append(("template", ["template", "--table", str(path), "-o", str(out / f"{path.stem}_模板.xlsx"),
                                      "--portable"]))
    runs.append(("batch", ["batch", str(folder), "-o", str(out / "汇总.xlsx"), "--jobs", "2"]))
    for text in ("九" * 24000, "=cmd|' /C calc'!A0", "每少0公斤扣1分\x07", "得分=（实际-60%）/（0%-0%）*10"):
        runs.append(("parse", ["parse", text, "--target", "九" * 30, "--weight", "-5", "--unit", "\u202e", "--json"]))
    for bad in ("好单位.xlsx/x.xlsx", "很长" * 50 + ".xlsx"):
        runs.append(("selfcheck", ["selfcheck", "-o", str(folder / bad)]))
        runs.append(("demo", ["demo", "-o", str(folder / bad)]))
    runs.append(("addin", ["addin", "build", "-o", str(folder / "好单位.xlsx")]))  # a file, not a folder
    return runs


@pytest.fixture(scope="module")
def results(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile_out")
    before = hashes(inputs)
    done = []
    for kind, args in command_runs(inputs, out):
        existed = {p.name for p in out.iterdir()}
        proc = subprocess.run([sys.executable, "-c", MEASURE, *args], cwd=REPO, capture_output=True, text=True,
                              timeout=TIMEOUT, errors="replace")
        usage = json.loads(proc.stderr.strip().splitlines()[-1]) if proc.stderr.strip() else {"code": None}
        done.append((kind, args, proc, usage, existed, {p.name for p in out.iterdir()}))
    return {"before": before, "after": hashes(inputs), "runs": done, "out": out}


def test_every_command_keeps_the_contract(results):
    broken = []
    for kind, args, proc, usage, existed, now in results["runs"]:
        COUNTS[("commands", kind)] += 1
        err = proc.stderr
        if usage.get("code") not in (0, 1, 2):
            broken.append((kind, args[:2], "exit", usage, err[-300:]))
            continue
        if "Traceback" in err or "内部错误" in err:
            broken.append((kind, args[:2], err[-300:]))
        if usage["peak_kb"] / 1024 >= MEMORY_LIMIT_MB:
            broken.append((kind, args[:2], f"peak memory {usage['peak_kb'] // 1024} MB"))
        if usage["code"] == 2:
            message = [line for line in err.splitlines() if line.startswith("错误：")]
            if len(message) != 1:
                broken.append((kind, args[:2], "not one Chinese error line", err[-300:]))
            if now - existed:
                broken.append((kind, args[:2], "a failed run wrote", now - existed))
        if kind == "lint" and usage["code"] == 1 and not proc.stdout.strip():
            broken.append((kind, args[:2], "findings without text"))
    assert not broken, "\n".join(map(str, broken))


def test_no_input_changed_and_no_temporary_file_left(results, inputs):
    assert results["after"] == results["before"]
    assert not list(inputs.rglob(".~perfeval-*")) and not list(results["out"].rglob(".~perfeval-*"))


def test_the_batch_summary_lists_every_hostile_file(results, inputs):
    problems = {row["文件"] for row in records(results["out"] / "汇总.xlsx", "问题清单")}
    summary = {row["文件"]: row for row in records(results["out"] / "汇总.xlsx", "汇总")}
    for name in ("坏压缩包.xlsx", "不是工作簿.xlsx", "空工作簿.xlsx", "加密.xlsx", "实体.xlsm", "压缩炸弹.xlsx",
                 "整张表.xlsx"):
        assert name in problems, name
    for name, row in summary.items():  # units with unreadable values: listed, never graded
        if name.startswith("坏值"):
            assert row["总分"] is None and row["等级"] == "未评定", row
    COUNTS[("commands", "batch files")] += len(list(inputs.glob("*.xls*")))


def test_no_output_holds_a_formula_made_from_user_text(results):
    """The hostile units typed =cmd|…, =HYPERLINK(…), @SUM(1) as text: every output keeps them as text."""
    from openpyxl import load_workbook

    made = []
    for path in sorted(results["out"].glob("*.xlsx")):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f" and any(w in str(cell.value) for w in ("cmd", "HYPERLINK", "SUM(1)", "RAND")):
                        made.append((path.name, ws.title, cell.coordinate, cell.value))
    assert not made, made
    assert len(list(results["out"].glob("*.xlsx"))) >= 10  # the scored copies, templates and the summary


def test_score_writes_only_into_the_tables_output_cells(results, inputs):
    """Every cell of a hostile unit keeps its value in the scored copy, except 得分 / 得分说明 (columns L
    and M of the unit layout) and the cells labelled 总分, 等级 and 得分（10分）."""
    from openpyxl import load_workbook

    outputs = {"L", "M"}
    for source in sorted(inputs.glob("坏值*.xlsx")) + [inputs / "尾巴.xlsx"]:
        before = load_workbook(source).active
        after = load_workbook(results["out"] / f"{source.stem}_评分.xlsx")[before.title]
        labels = {(c.row, c.column + 1) for row in before.iter_rows() for c in row if c.value in ("总分", "等级")}
        labels |= {(c.row + 1, c.column) for row in before.iter_rows() for c in row if c.value == "得分（10分）"}
        moved = [(c.coordinate, c.value, after[c.coordinate].value) for row in before.iter_rows() for c in row
                 if c.value != after[c.coordinate].value and c.column_letter not in outputs
                 and (c.row, c.column) not in labels]
        assert not moved, (source.name, moved[:5])
