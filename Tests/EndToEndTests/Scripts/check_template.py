#!/usr/bin/env python3
"""Reads a sheetpipe template with openpyxl (which reads data validations, not enforces them).

  check_template.py dump TEMPLATE.xlsx
      prints JSON: the sheets and their state, the custom properties, the defined names, and per
      header of the data sheet (the second sheet) its data validation: type, operator, bounds,
      list source, alert style, whether an input message is shown.
  check_template.py fill TEMPLATE.xlsx ROWS.json OUT.xlsx
      writes the rows of ROWS.json ([{header: value}]; a value "date:YYYY-MM-DD" is written as a
      date) under the header of the data sheet, and saves the workbook as OUT.xlsx.

Exit 3 when openpyxl is missing (the Swift test reports SKIPPED).
"""
import datetime
import json
import sys

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    print("openpyxl is not installed", file=sys.stderr)
    sys.exit(3)


def data_sheet(workbook):
    return workbook.worksheets[1]


def headers(sheet):
    return [cell.value for cell in sheet[1] if cell.value is not None]


def validation_of(sheet, column):
    """The validation whose range holds row 2 of this column (1-based)."""
    target = f"{get_column_letter(column)}2"
    found = [dv for dv in sheet.data_validations.dataValidation if target in dv.sqref]
    if not found:
        return None
    if len(found) > 1:
        return {"error": f"{len(found)} validations cover {target}"}
    dv = found[0]
    return {
        "type": dv.type,
        "operator": dv.operator,
        "formula1": dv.formula1,
        "formula2": dv.formula2,
        "alert": dv.errorStyle or "stop",
        "input_message": bool(dv.showInputMessage and dv.prompt),
        "range": str(dv.sqref),
    }


def dump(path):
    workbook = openpyxl.load_workbook(path)
    sheet = data_sheet(workbook)
    columns = {}
    for index, header in enumerate(headers(sheet), start=1):
        columns[header] = validation_of(sheet, index)
    properties = {}
    try:
        for prop in workbook.custom_doc_props.props:
            properties[prop.name] = prop.value
    except AttributeError:
        pass
    names = {}
    try:
        for name, defined in workbook.defined_names.items():
            names[name] = defined.attr_text
    except AttributeError:
        for defined in workbook.defined_names.definedName:
            names[defined.name] = defined.attr_text
    result = {
        "sheets": [[ws.title, ws.sheet_state, bool(ws.protection.sheet)] for ws in workbook.worksheets],
        "frozen": sheet.freeze_panes,
        "autofilter": sheet.auto_filter.ref,
        "properties": properties,
        "defined_names": names,
        "columns": columns,
    }
    print(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True))


def fill(path, rows_path, out):
    workbook = openpyxl.load_workbook(path)
    sheet = data_sheet(workbook)
    positions = {header: index for index, header in enumerate(headers(sheet), start=1)}
    with open(rows_path, encoding="utf-8") as handle:
        rows = json.load(handle)
    for offset, row in enumerate(rows, start=2):
        for header, value in row.items():
            if header not in positions:
                print(f"no column '{header}' in the template", file=sys.stderr)
                sys.exit(2)
            cell = sheet.cell(row=offset, column=positions[header])
            if isinstance(value, str) and value.startswith("date:"):
                cell.value = datetime.date.fromisoformat(value[5:])
            else:
                cell.value = value
    workbook.save(out)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "fill":
        fill(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
