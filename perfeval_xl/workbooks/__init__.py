"""Workbooks on disk: reading them safely (:mod:`.safety`, :mod:`.workbook_io`), the templates
(:mod:`.template`), the scored copy of one workbook (:mod:`.scored_copy`), and the batch over a folder
with its summary (:mod:`.batch`, :mod:`.summary_xlsx`).

Imports the core and workbook libraries (openpyxl, python-calamine, xlrd, XlsxWriter, msoffcrypto,
olefile); never xlwings, :mod:`perfeval_xl.excel` or the command line.
"""
