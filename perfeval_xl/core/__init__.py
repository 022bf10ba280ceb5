"""The Excel-free core: cell reading, rules, the rule-text parser, the table model and its totals, the
table finder, the function registry and its compiler to native formulas.

It imports neither xlwings nor a workbook library (tests/test_import_directions.py holds it to that),
so every adapter (Excel, workbooks, command line) asks the same code what a cell means and scores.
"""
