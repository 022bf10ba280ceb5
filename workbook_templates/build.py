"""Rebuild the committed templates and the picture the docs show.

Run from the repository root:  python workbook_templates/build.py
Writes workbook_templates/整体支出绩效自评模板.xlsx (add-in) and …_免加载项.xlsx (portable) when their
content changed (creation times aside), and, when
LibreOffice and poppler are installed, docs/template.png: the portable template filled with the demo's
sample values, recalculated and printed by LibreOffice (A4 landscape), page 1 as PNG.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from perfeval_xl.cli.commands.demo import SAMPLE_ACTUALS, SAMPLE_EXECUTED  # noqa: E402
from perfeval_xl.workbooks.template import ADDIN_FILE, PORTABLE_FILE, build_template, write_template  # noqa: E402

PICTURE = ROOT / "docs" / "template.png"


def sample_workbook(path: Path) -> Path:
    """The portable template with the demo's sample values typed in (as Excel stores them)."""
    from template_cases import Filled, fill

    layout = build_template(portable=True)[1]
    return fill(path, layout, Filled("sample", SAMPLE_ACTUALS, {}, SAMPLE_EXECUTED, None, None), portable=True)


def main() -> None:
    from conftest import soffice_convert, xlsx_parts

    for name, portable in ((ADDIN_FILE, False), (PORTABLE_FILE, True)):
        committed = ROOT / "workbook_templates" / name
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / name
            write_template(fresh, portable=portable)
            if committed.exists() and xlsx_parts(committed) == xlsx_parts(fresh):
                print("unchanged", name)
                continue
            fresh.replace(committed)
        print("wrote", name)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf = soffice_convert([sample_workbook(tmp / "sample.xlsx")], "pdf", tmp / "out")[0]
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(PICTURE.with_suffix(""))], check=True)
    print("wrote", PICTURE.relative_to(ROOT))


if __name__ == "__main__":
    main()
