"""Generates ingest_sample.xlsx, read back by the ingestion tests (core/src/ingest/mod.rs).

Run once with `python3 make_ingest_xlsx.py` (openpyxl 3.1); Python is not needed by the tests.

Sheet "Notes" comes first (so the default sheet is checked), sheet "Sales" holds a table whose
top-left cell is C5, with real dates (stored as serials with a date format), text dates,
numbers, currency text, a boolean, an #N/A error value and a cell that is not a number.
"""

import datetime as dt
from pathlib import Path

import openpyxl

wb = openpyxl.Workbook()
notes = wb.active
notes.title = "Notes"
notes["A1"] = "Read me"
notes["A2"] = 42

ws = wb.create_sheet("Sales")
rows = [
    ["Date", "Region", "Sales", "Units", "Paid"],
    [dt.datetime(2024, 3, 14), "North", 1200.5, 3, True],
    [dt.datetime(2024, 3, 15, 12, 0), "South", "$1,300", 4, False],
    ["2024-03-16", "North", "#N/A", 5, True],
    [dt.datetime(2024, 3, 17), "East", "n/a?", 6, False],
]
for r, row in enumerate(rows):
    for c, value in enumerate(row):
        ws.cell(row=5 + r, column=3 + c, value=value)
for r in range(6, 10):
    ws.cell(row=r, column=3).number_format = "yyyy-mm-dd"

out = Path(__file__).with_name("ingest_sample.xlsx")
wb.save(out)
print(out, out.stat().st_size, "bytes")
