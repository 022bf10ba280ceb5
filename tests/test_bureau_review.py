"""A bureau's folder of twenty units (tests/bureau_units.py): every unit named, every 指标得分小计 shown,
the 复核差异 sheet listing exactly the claims the generator got wrong on purpose, ``score`` printing the
same, and a summary that prints (page setup read back with openpyxl)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import bureau_units
from perfeval_xl.cli.main import main


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> tuple[Path, list[bureau_units.Unit]]:
    folder = tmp_path_factory.mktemp("bureau")
    return folder, bureau_units.build(folder)


@pytest.fixture(scope="module")
def summary(units, tmp_path_factory) -> Path:
    folder, _ = units
    out = tmp_path_factory.mktemp("summary") / "汇总.xlsx"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "2"]) == 0
    return out


def sheet_records(path: Path, name: str) -> list[dict]:
    wb = load_workbook(path, read_only=True)
    try:
        rows = list(wb[name].iter_rows(values_only=True))
    finally:
        wb.close()
    start = next(i for i, row in enumerate(rows) if row and row[0] == "文件")
    return [dict(zip(rows[start], row)) for row in rows[start + 1:]]


def test_the_generator_made_the_shapes_and_mistakes_the_test_relies_on(units):
    _, made = units
    assert {u.shape for u in made} == {"title", "block", "d7", "merged", "notes"}
    assert sum(1 for u in made if u.wrong) >= 6
    assert any(u.wrong == {(u.name, "总分")} for u in made)  # one wrong in the total only
    assert any(u.manual for u in made) and any(u.subtotal is not None and u.total is None for u in made)


def test_every_unit_is_named(units, summary):
    _, made = units
    rows = {r["文件"]: r for r in sheet_records(summary, "汇总")}
    assert len(rows) == len(made)
    for unit in made:
        row = rows[unit.file]
        assert (row["单位名称"], row["单位编码"] or "") == (unit.name, unit.code), unit.file
    by_file = [u for u in made if u.name == Path(u.file).stem]
    assert len(by_file) == 1 and "文件名" in rows[by_file[0].file]["说明"]


def test_every_subtotal_is_shown_even_without_budget_amounts(units, summary):
    _, made = units
    rows = {r["文件"]: r for r in sheet_records(summary, "汇总")}
    for unit in made:
        row = rows[unit.file]
        if unit.subtotal is None:  # a row the rules leave to a person
            assert row["指标得分小计"] is None
            continue
        # The hand values are the acceptance file's, rounded to 2 decimals (9.92 for 9.9248…).
        assert row["指标得分小计"] == pytest.approx(unit.subtotal, abs=0.011), unit.file
        if unit.total is None:
            assert row["总分"] is None and "预算执行率" in row["说明"]
        else:
            assert row["总分"] == pytest.approx(unit.total, abs=0.011), unit.file


def test_the_review_sheet_lists_exactly_the_wrong_claims(units, summary):
    _, made = units
    listed = [(r["单位"], r["指标"]) for r in sheet_records(summary, "复核差异")]
    expected = set().union(*(u.wrong for u in made))
    assert sorted(listed) == sorted(expected)
    for row in sheet_records(summary, "复核差异"):
        if isinstance(row["自评得分"], (int, float)) and row["指标"] not in ("总分",):
            # the generator's row mistakes are a point off
            assert abs(row["差异"]) == pytest.approx(1, abs=0.06)


def test_rows_left_to_a_person_are_said_so_never_differences(units, summary):
    _, made = units
    problems = [p for _, p in ((r["文件"], r["问题"]) for r in sheet_records(summary, "问题清单"))]
    for unit in made:
        for name in unit.manual:
            assert any(unit.name in p and name in p and "需人工认定" in p for p in problems)
    rows = {r["文件"]: r for r in sheet_records(summary, "汇总")}
    for unit in (u for u in made if u.manual):
        assert rows[unit.file]["单位自评总分"] == 90 and rows[unit.file]["复核总分"] is None
        assert "需人工认定" in rows[unit.file]["说明"]


def test_the_totals_columns_compare_the_units_total(units, summary):
    _, made = units
    rows = {r["文件"]: r for r in sheet_records(summary, "汇总")}
    for unit in made:
        row = rows[unit.file]
        if unit.total is not None:
            assert row["复核总分"] == row["总分"]
            assert row["差异"] == pytest.approx(row["单位自评总分"] - row["复核总分"], abs=0.005)


def test_score_prints_the_same_and_keeps_the_claims(units, tmp_path, capsys):
    folder, made = units
    for unit in made:
        out = tmp_path / f"{Path(unit.file).stem}_评分.xlsx"
        assert main(["score", str(folder / unit.file), "-o", str(out)]) == 0
        printed = capsys.readouterr().out
        differing = set(re.findall(r"^  不一致：(.+?)：自评", printed, flags=re.M))
        assert differing == {name for _, name in unit.wrong}, unit.file
        for name in unit.manual:
            assert re.search(rf"^  需人工认定：{name}：", printed, flags=re.M)
        ws = load_workbook(out)["绩效自评表"]
        header_row = next(row for row in ws.iter_rows() if any(c.value == "三级指标" for c in row))
        header = {c.value: c.column for c in header_row if c.value}
        assert {"自评得分", "复核得分", "差异"} <= header.keys()
        kept = {}
        for row in ws.iter_rows(min_row=header_row[0].row + 1):
            name = row[header["三级指标"] - 1].value
            if name in unit.claims:
                kept[name] = row[header["自评得分"] - 1].value
        # typed claims stay numbers; claims the unit's formulas gave stay formulas
        assert all(v == unit.claims[n] if not isinstance(v, str) else v.startswith("=") for n, v in kept.items())
        assert kept.keys() == unit.claims.keys()


def test_the_summary_prints_landscape_fitted_with_headers_and_whole_charts(summary):
    wb = load_workbook(summary)
    assert wb.sheetnames == ["汇总", "指标明细", "复核差异", "问题清单", "图表"]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title
        assert ws.print_title_rows == ("$1:$2" if ws.title == "汇总" else "$1:$1"), ws.title
    first = wb["汇总"]["A1"].value
    from importlib.metadata import version

    assert version("perfeval-xl") in first and datetime.date.today().isoformat() in first
    charts = wb["图表"]._charts
    assert len(charts) == 2
    breaks = sorted(b.id for b in wb["图表"].row_breaks.brk)  # a break after row id (1-based)
    assert breaks
    edges = [0] + breaks + [10**6]
    pages = set()
    for chart in charts:
        top, bottom = chart.anchor._from.row, chart.anchor.to.row  # 0-based rows
        page = next(i for i in range(len(edges) - 1) if edges[i] <= top < edges[i + 1])
        assert bottom < edges[page + 1], "a chart straddles a page break"
        pages.add(page)
    assert len(pages) == 2  # each chart on a page of its own
