#!/usr/bin/env python3
"""Reads a sheetpipe feedback workbook with openpyxl (fills, comments and hyperlinks, which
sheetpipe's own reader does not read).

  check_feedback.py dump FEEDBACK.xlsx
      prints JSON:
        sheets, active           the sheet names in order, the one Excel opens on
        properties               the custom document properties
        data_sheet               the submitter's sheet (the second)
        marks                    {"J4": {"severity": "error"|"warning", "comment": text|null}} for
                                 each cell filled red (FFC7CE) or orange (FFD8A8), outside the
                                 status column
        status_column, status    the column headed "Statut (sheetpipe)"/"Status (sheetpipe)", and
                                 {row: text} of its cells below the header
        comments                 how many cells of the data sheet carry a comment
        formulas                 how many cells of the data sheet are formulas (there should be none)
        notes                    the texts of rows 3 to 5 of the Anomalies sheet (limits said)
        anomalies                the table under its header (row 6): one object per row with
                                 severity, code, field, cell (shown text), link (target or null),
                                 row, value, message, count, examples

  check_feedback.py counts FEEDBACK.xlsx
      prints JSON {"links": [per sheet, in order], "comments": [per comments part]}, counted in the
      package's XML (fast, for workbooks of tens of thousands of entries).

Exit 3 when openpyxl is missing (the Swift test reports SKIPPED).
"""
import json
import re
import sys
import zipfile

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed", file=sys.stderr)
    sys.exit(3)

FILLS = {"FFFFC7CE": "error", "FFFFD8A8": "warning"}
STATUS_HEADERS = {"Statut (sheetpipe)", "Status (sheetpipe)"}
ANOMALY_KEYS = ["severity", "code", "field", "cell", "row", "value", "message", "count", "examples"]


def fill_of(cell):
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return None
    return FILLS.get(fill.fgColor.rgb)


def dump(path):
    workbook = openpyxl.load_workbook(path)
    anomalies_sheet = workbook.worksheets[0]
    data = workbook.worksheets[1]
    status_column = None
    for row in data.iter_rows():
        for cell in row:
            if cell.value in STATUS_HEADERS:
                status_column = cell.column
                header_row = cell.row
    marks = {}
    status = {}
    comments = 0
    formulas = 0
    for row in data.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                formulas += 1
            if cell.comment is not None:
                comments += 1
            if cell.column == status_column:
                if cell.row > header_row and cell.value is not None:
                    status[str(cell.row)] = cell.value
                continue
            severity = fill_of(cell)
            if severity:
                marks[cell.coordinate] = {
                    "severity": severity,
                    "comment": cell.comment.text if cell.comment else None,
                }
    notes = [anomalies_sheet.cell(row=r, column=1).value for r in range(3, 6)]
    header = [c.value for c in anomalies_sheet[6]]
    anomalies = []
    for row in anomalies_sheet.iter_rows(min_row=7):
        values = [c.value for c in row][: len(ANOMALY_KEYS)]
        values += [None] * (len(ANOMALY_KEYS) - len(values))
        entry = dict(zip(ANOMALY_KEYS, values))
        link = row[3].hyperlink if len(row) > 3 else None
        entry["link"] = link.location if link is not None else None
        anomalies.append(entry)
    properties = {}
    try:
        for prop in workbook.custom_doc_props.props:
            properties[prop.name] = prop.value
    except AttributeError:
        pass
    return {
        "sheets": workbook.sheetnames,
        "active": workbook.active.title,
        "properties": properties,
        "data_sheet": data.title,
        "marks": marks,
        "status_column": status_column,
        "status": status,
        "comments": comments,
        "formulas": formulas,
        "notes": [n for n in notes if n],
        "anomalies_header": header,
        "anomalies": anomalies,
    }


def counts(path):
    with zipfile.ZipFile(path) as package:
        def number(name):
            return int(re.search(r"(\d+)\.xml$", name).group(1))

        sheets = sorted((n for n in package.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)), key=number)
        parts = sorted((n for n in package.namelist() if re.match(r"xl/comments\d+\.xml$", n)), key=number)
        return {
            "links": [package.read(n).count(b"<hyperlink ") for n in sheets],
            "comments": [package.read(n).count(b"<comment ") for n in parts],
        }


def main(arguments):
    if len(arguments) == 2 and arguments[0] == "dump":
        json.dump(dump(arguments[1]), sys.stdout, ensure_ascii=False, default=str)
        return 0
    if len(arguments) == 2 and arguments[0] == "counts":
        json.dump(counts(arguments[1]), sys.stdout)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
