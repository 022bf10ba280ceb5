"""Shared test fixtures and helpers: paths to the acceptance and corpus files kept in tests/data/ (copies of
the project's shared/ folder, checked equal by test_data_copies.py when it is there), and the external
tools (LibreOffice, poppler) some tests need.

A test that needs a tool skips when it is missing, but fails when CI=true: CI installs every tool.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Copies of what the tests read from the project's shared/ folder, so that a clone alone passes.
DATA = REPO / "tests" / "data"
#: The originals, beside a checkout of the project (absent on a user's machine).
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def seed_cases() -> dict:
    """The hand-computed acceptance cases for the seed table's ten rows."""
    return json.loads((DATA / "acceptance" / "seed_cases.json").read_text(encoding="utf-8"))


#: LibreOffice user profile setting: recalculate every formula of an OOXML file on load (0 = always),
#: so values come from LibreOffice's engine, never from cached values written by another program.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def require_tool(name: str) -> str:
    """The path of command ``name``; skips the test when it is missing, fails instead when CI=true."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: CI must install it)")
        pytest.skip(message)
    return path


def soffice_convert(files: list[Path], fmt: str, outdir: Path, *, timeout: float = 300) -> list[Path]:
    """Convert ``files`` with one headless LibreOffice run, formulas recalculated on load.

    Args:
        files: workbooks to convert (one soffice start-up for all of them: it is slow).
        fmt: "xlsx", "xlsm" (macros kept) or "pdf" (any ``--convert-to`` target).
        outdir: where the converted files go (same stem, new suffix).

    Returns:
        The converted files, in the order of ``files``.
    """
    soffice = require_tool("soffice")
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    target = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xlsm": "xlsm:Calc MS Excel 2007 VBA XML"}.get(fmt, fmt)
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--calc", "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
        capture_output=True, text=True, timeout=timeout)
    out = [outdir / (Path(f).stem + "." + fmt) for f in files]
    missing = [p.name for p in out if not p.exists()]
    assert not missing, f"soffice did not write {missing}: {done.stdout} {done.stderr}"
    return out


def xlsx_parts(path: Path) -> dict[str, bytes]:
    """A workbook's parts with the volatile XML (creation and modification times) normalised."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"",
                                        parts["docProps/core.xml"])
    return parts
