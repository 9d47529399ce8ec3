#!/usr/bin/env python3
"""Writes a plan JSON (DESIGN.md §3) as a plan workbook with openpyxl, the way another program
would: one sheet per table with only the columns the plan uses, in the order they first appear,
`start_date` as a real date cell, and a README sheet of free text (ignored on import).

Usage: tools/plan_json_to_xlsx.py data/manufacturer.json tests/data/xlsx/manufacturer_openpyxl.xlsx
"""

import datetime
import json
import sys

import openpyxl


def main(source, target):
    with open(source, encoding="utf-8") as file:
        document = json.load(file)
    book = openpyxl.Workbook()
    readme = book.active
    readme.title = "README"
    readme.append(["Written by tools/plan_json_to_xlsx.py from " + source])
    for table, rows in document.items():
        if table in ("format", "version", "scenarios"):
            continue
        if table == "plan":
            rows = [rows]
        columns = []
        for row in rows:
            columns += [key for key in row if key not in columns]
        sheet = book.create_sheet(table)
        sheet.append(columns)
        for row in rows:
            cells = []
            for column in columns:
                value = row.get(column)
                if column == "start_date" and value is not None:
                    value = datetime.date.fromisoformat(value)
                cells.append(value)
            sheet.append(cells)
        if table == "plan" and "start_date" in columns:
            cell = sheet.cell(row=2, column=columns.index("start_date") + 1)
            cell.number_format = "yyyy-mm-dd"
    book.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
