"""Build the classic add-in perfeval_xl.xlam from the files in this folder and the installed xlwings.

Run from the repository root:  python addin/build.py [-o FOLDER]   (default: addin/)
The same as ``perfeval-xl addin build``; the file is not committed (it depends on the xlwings version).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perfeval_xl.excel.addin_build import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "addin"))
    print("wrote", build(Path(parser.parse_args().output)))


if __name__ == "__main__":
    main()
