"""What runs inside Excel or builds what Excel loads: the SCORE_* functions for xlwings (:mod:`.udfs`),
the one-click recalculation on the Book API (:mod:`.recalc`), the Office.js server (:mod:`.server`),
the ``.xlam`` builder (:mod:`.addin_build`) and the self-check workbook (:mod:`.selfcheck`).

Imports the core and xlwings; never :mod:`perfeval_xl.workbooks` or the command line. The add-in's
files (ribbon XML, Office.js manifest and task pane, xlwings Server project folder) are the top-level
``addin/`` folder, installed as the package data :mod:`perfeval_xl.excel.addin`.
"""
