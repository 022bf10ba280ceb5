"""The Excel add-in's shell as plain files, found by the installed program.

``pyproject.toml`` maps this folder to the package ``perfeval_xl.excel.addin``, so the same paths work
from a checkout (``pip install -e .``) and from a wheel (``pip install .``); see README.md here.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
#: The ribbon of the classic add-in (the .xlam's ``customUI/customUI.xml``).
RIBBON = FOLDER / "customUI.xml"
#: The xlwings Server project folder: custom_functions/, custom_scripts/, templates/ (manifest, task pane).
SERVER_PROJECT = FOLDER / "server"
