#!/usr/bin/env python3
"""Runs frictionless-py over the differential corpus and prints its verdicts.

Each case is a folder of Tests/SheetSchemaTests/Fixtures/frictionless/cases/: data.csv, its
Table Schema (schema.json), optionally a dialect (dialect.json) and the CSV files its foreign
keys name (a `resource` of the schema is a file name of the case folder; "" is the table itself).

Output (stdout), one line per case, sorted:

    <case>\t<rows>\t<row>:<code>+<code> <row>:<code> ...

where <rows> are the data rows' numbers (lines of the file, header on line 1, as both tools
number them) and the list holds every row with an error and its error kinds. A schema that
frictionless cannot use gives `<case>\t!\t<error>`.

Regenerate the committed table with:

    python3 tools/frictionless/verdicts.py > Tests/SheetSchemaTests/Fixtures/frictionless/verdicts.tsv
"""

import json
import os
import sys

import frictionless
from frictionless import Dialect, Package, Resource, Schema, formats

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "Tests", "SheetSchemaTests", "Fixtures", "frictionless", "cases")


def verdict(folder):
    with open(os.path.join(folder, "schema.json")) as file:
        schema_descriptor = json.load(file)
    descriptor = {}
    if os.path.exists(os.path.join(folder, "dialect.json")):
        with open(os.path.join(folder, "dialect.json")) as file:
            descriptor = json.load(file)
    dialect = Dialect(header_rows=descriptor.get("headerRows", [1]))
    dialect.add_control(
        formats.CsvControl(
            delimiter=descriptor.get("delimiter", ","),
            skip_initial_space=descriptor.get("skipInitialSpace", False),
        )
    )
    schema = Schema.from_descriptor(schema_descriptor)
    resource = Resource(path="data.csv", name="data", schema=schema, dialect=dialect, basepath=folder)
    others = sorted(
        {key["reference"]["resource"] for key in schema_descriptor.get("foreignKeys", [])} - {""}
    )
    if others:
        # A resource named by its file, as sheetpipe names a reference list.
        package = Package(resources=[Resource(path=name, name=name, basepath=folder) for name in others])
        package.add_resource(resource)
    report = resource.validate(limit_errors=10000)
    rows = set()
    # (Every data row's number, from a reading without keys: only the checks need the package.)
    bare = Schema.from_descriptor({key: value for key, value in schema_descriptor.items() if key != "foreignKeys"})
    with Resource(path="data.csv", schema=bare, dialect=dialect, basepath=folder) as plain:
        for row in plain.row_stream:
            rows.add(row.row_number)
    errors = {}
    for task in report.tasks:
        for error in task.errors:
            number = getattr(error, "row_number", None)
            if number is None:
                continue
            rows.add(number)
            errors.setdefault(number, set()).add(error.type)
    listed = " ".join(f"{row}:{'+'.join(sorted(errors[row]))}" for row in sorted(errors))
    return ",".join(str(row) for row in sorted(rows)), listed


def main():
    print(f"# verdicts of frictionless {frictionless.__version__} (tools/frictionless/verdicts.py)")
    for case in sorted(os.listdir(CORPUS)):
        folder = os.path.join(CORPUS, case)
        try:
            rows, listed = verdict(folder)
        except Exception as error:  # a schema frictionless refuses is a verdict too
            print(f"{case}\t!\t{type(error).__name__}: {error}".replace("\n", " "))
            continue
        print(f"{case}\t{rows}\t{listed}")


if __name__ == "__main__":
    sys.exit(main())
