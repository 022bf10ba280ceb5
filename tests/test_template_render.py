"""The template printed by LibreOffice (PDF, then PNG with pdftoppm) shows the whole table on landscape pages.

The PDF's words are regrouped by the column they start in (pdftotext -bbox), so each cell's wrapped lines
read back in order; every header, indicator name, 指标解释 and 评（扣）分标准 must appear in full (a row
too short to show its text would cut it) and no cell may show ### (a column too narrow for its number).
"""

from __future__ import annotations

import re
import struct
import subprocess
from collections import defaultdict
from html import unescape

import pytest
from conftest import require_tool, soffice_convert
from template_cases import fill, filled_cases

from perfeval_xl import seed_table
from perfeval_xl.workbooks.template import build_template
from perfeval_xl.workbooks.template.layout import COLUMNS

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(name → (pages' (width, height), text read by column, plain text)) for the blank add-in template
    and the portable template filled with acceptance scenario 0, printed by one LibreOffice run."""
    require_tool("pdftotext")
    folder = tmp_path_factory.mktemp("print")
    blank = folder / "blank.xlsx"
    build_template()[0].save(blank)
    layout = build_template(portable=True)[1]
    scenario = next(case for case in filled_cases() if case.name == "scenario0")
    filled = fill(folder / "filled.xlsx", layout, scenario, portable=True)
    pdfs = soffice_convert([blank, filled], "pdf", folder / "pdf")
    out = {}
    for pdf in pdfs:
        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        columns = defaultdict(list)
        for page_number, page in enumerate(html.split("<page ")[1:]):
            for x, y, word in _WORD.findall(page):
                columns[(page_number, round(float(x)))].append((float(y), unescape(word)))
        by_column = "|".join("".join(w for _, w in sorted(words)) for _, words in sorted(columns.items()))
        pages = [(float(w), float(h)) for w, h in _PAGE.findall(html)]
        plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        out[pdf.stem] = (pages, by_column, plain, pdf)
    return out


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_printed_on_landscape_pages(printed, name):
    pages, _, _, _ = printed[name]
    assert 1 <= len(pages) <= 3
    for width, height in pages:
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_every_header_and_indicator_is_printed_in_full(printed, name):
    _, by_column, plain, _ = printed[name]
    flat = _flat(plain)
    missing = [title for _, title, _ in COLUMNS if title not in flat]
    for ind in seed_table().indicators:
        for text in (ind.name, ind.description, ind.rule_text):
            if _flat(text) not in by_column:
                missing.append(text)
    assert not missing, missing
    for label in ("整体支出绩效目标表", "金额单位：万元", "全年预算数", "全年执行数", "执行率", "总分", "等级"):
        assert label in flat


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_no_cell_shows_hashes(printed, name):
    _, _, plain, _ = printed[name]
    assert "###" not in plain


def test_filled_template_prints_its_scores(printed):
    _, _, plain, _ = printed["filled"]
    flat = _flat(plain)
    assert "89.87" in flat and "良" in flat  # acceptance scenario 0: total 89.87, grade 良
    assert "6,530.55" in flat and "5,877.50" in flat


def test_first_page_as_png_is_landscape(printed, tmp_path):
    pdftoppm = require_tool("pdftoppm")
    pdf = printed["filled"][3]
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    header = (tmp_path / "page.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width > height


def test_blank_template_prints_what_is_missing(printed):
    """Nothing filled in (and, in LibreOffice, no add-in: every SCORE_* is #NAME?): no total, no grade."""
    _, _, plain, _ = printed["blank"]
    assert _flat(plain).count("未完成评分：11项") == 2  # 总分 and 等级: 10 rows and 预算执行率
