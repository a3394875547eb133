#!/usr/bin/env python3
"""Reads a workbook sheetpipe wrote (a dataset's, summary.xlsx, convert --to xlsx) with openpyxl.

  check_dataset_xlsx.py dump WORKBOOK.xlsx
      prints JSON: the creation date, and per sheet its title, frozen cell, filter range, its
      first two rows, its number of rows, and per column of the first two rows' width the cell
      types (openpyxl's n, s, b, d) and number formats found below row 2.
  check_dataset_xlsx.py compare WORKBOOK.xlsx DATASET.csv
      compares a dataset's workbook with its CSV: row 2 of every sheet is the CSV's header, and
      the data rows of the sheets, one after the other, are the CSV's records (numbers compared
      as numbers, dates as ISO text, booleans as true/false, text as written, the CSV's `'`
      before text that could run as a formula taken into account). Prints "same" and exits 0,
      or prints the differences and exits 1.

Exit 3 when openpyxl is missing (the Swift test reports SKIPPED).
"""
import csv
import datetime
import json
import sys

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed", file=sys.stderr)
    sys.exit(3)


def text_of(value):
    """A cell's value in the dataset's text form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def same(cell, expected):
    value = text_of(cell)
    if isinstance(value, (int, float)):
        try:
            return float(expected) == float(value)
        except ValueError:
            return False
    if value == expected:
        return True
    # The CSV neutralises text that could run as a formula with a leading `'`.
    return expected == "'" + value and value[:1] in ("=", "+", "-", "@", "\t", "\r")


def dump(path):
    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows())
        head = [[cell.value for cell in row] for row in rows[:2]]
        width = max((len(row) for row in head), default=0)
        columns = []
        for column in range(width):
            types = set()
            formats = set()
            for row in rows[2:]:
                if column < len(row) and row[column].value is not None:
                    types.add(row[column].data_type)
                    formats.add(row[column].number_format)
            columns.append({"types": sorted(types), "formats": sorted(formats)})
        sheets.append({
            "title": sheet.title,
            "frozen": sheet.freeze_panes,
            "autofilter": sheet.auto_filter.ref,
            "head": [[text_of(value) if not isinstance(value, (int, float)) or isinstance(value, bool)
                      else value for value in row] for row in head],
            "rows": len(rows),
            "columns": columns,
        })
    created = workbook.properties.created
    print(json.dumps({"created": created.isoformat() if created else None, "sheets": sheets}, ensure_ascii=False))


def compare(path, csv_path):
    workbook = openpyxl.load_workbook(path, read_only=True)
    with open(csv_path, newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    header, expected = records[0], records[1:]
    differences = []
    found = []
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        names = [value for value in rows[1]] if len(rows) > 1 else []
        if names != header:
            differences.append(f"{sheet.title}: row 2 is {names}, the CSV's header is {header}")
        found.extend((sheet.title, index + 3, row) for index, row in enumerate(rows[2:]))
    if len(found) != len(expected):
        differences.append(f"{len(found)} data rows in the workbook, {len(expected)} in the CSV")
    for (title, number, row), record in zip(found, expected):
        cells = list(row) + [None] * (len(record) - len(row))
        for column, (cell, text) in enumerate(zip(cells, record)):
            if not same(cell, text):
                differences.append(f"{title}!{openpyxl.utils.get_column_letter(column + 1)}{number}: "
                                   f"{cell!r} in the workbook, {text!r} in the CSV")
    if differences:
        print("\n".join(differences[:50]))
        sys.exit(1)
    print("same")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
