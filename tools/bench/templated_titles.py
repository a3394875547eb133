#!/usr/bin/env python3
"""Writes project-sheet workbooks whose titles come from one template (`Projet 1`, `Projet 2`, …)
in one region, and the pipeline definitions that run them with and without near-duplicates: the
input of issue 15's near-duplicate figures (50,000 rows in one file, 1,000,000 in 20).

Owners come from a template too (`Entreprise 12 SAS`: a thousand of them, each owning many
projects), as a careless export or a generated test file has them. Every row is valid (it
reaches consolidation); ids and titles are distinct, so nothing is merged and every row takes
part in the near-duplicate search. Deterministic: the same
arguments give the same workbooks. Constant memory (XlsxWriter's `constant_memory` mode).

Needs XlsxWriter: `pip install xlsxwriter` (Debian's own Python:
`pip install --break-system-packages xlsxwriter`, or a venv under /tmp).

Usage (from the project root; prints nothing but errors):
    python3 tools/bench/templated_titles.py --rows 50000 --files 1 --out /tmp/templated-50k
    python3 tools/bench/templated_titles.py --rows 1000000 --files 20 --out /tmp/templated-1m
    sheetpipe run /tmp/templated-1m/templated-titles.yml                   # near-duplicates on
    sheetpipe run /tmp/templated-1m/templated-titles-without-near-duplicates.yml
Writes DIR/templated-NN.xlsx and the two definitions; their outputs go to DIR/out and
DIR/out-without-near-duplicates.
"""
import argparse
import os
import sys

# (The identifiers are made as for the other stress inputs: one Luhn rule for both scripts.)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stress_inputs import SIRETS  # noqa: E402

try:
    import xlsxwriter
except ImportError:
    sys.exit("templated_titles.py: XlsxWriter is missing: pip install xlsxwriter "
             "(Debian's Python: pip install --break-system-packages xlsxwriter)")

# The columns of a region's project sheet, as Sources/SheetBench's project-sheet layout writes them.
HEADER = ["Identifiant fiche", "Campagne", "Région", "Département(s)", "Territoire d'industrie",
          "Intitulé du projet", "Axe", "Porteur", "Type de porteur", "SIRET du porteur", "Coût total HT",
          "Aides publiques", "État d'avancement", "Date de début", "Date de fin", "Projet inspirant",
          "Emplois créés", "Code postal", "Description", "Commentaire"]
REGION, REGION_CODE, DEPARTMENT, POSTAL_CODE = "Bretagne", "53", "29", "29200"
AXES = ["competences", "transition_ecologique", "innovation", "foncier"]
STATUSES = ["en_maturation", "pret_a_engager", "engage", "en_cours", "realise"]




def owner(i):
    return f"Entreprise {i % 1000} SAS"


def write_workbook(path, first, count):
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("Fiches")
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    money = workbook.add_format({"num_format": "#,##0.00 €"})
    sheet.write_row(0, 0, HEADER)
    for r in range(count):
        i = first + r
        cost = 50_000 + (i * 7919) % 4_000_000
        start = 45_000 + i % 700
        row = r + 1
        sheet.write_string(row, 0, f"TI-{DEPARTMENT}-{100_000 + i}")
        sheet.write_number(row, 1, 2024)
        sheet.write_string(row, 2, REGION)
        sheet.write_string(row, 3, DEPARTMENT)
        sheet.write_string(row, 4, f"Territoire {i % 183}")
        sheet.write_string(row, 5, f"Projet {i + 1}")
        sheet.write_string(row, 6, AXES[i % len(AXES)])
        sheet.write_string(row, 7, owner(i))
        sheet.write_string(row, 8, "entreprise")
        sheet.write_string(row, 9, SIRETS[i % len(SIRETS)])
        sheet.write_number(row, 10, cost, money)
        sheet.write_number(row, 11, cost // 3 + 0.5, money)
        sheet.write_string(row, 12, STATUSES[i % len(STATUSES)])
        sheet.write_number(row, 13, start, date)
        sheet.write_number(row, 14, start + 365 + i % 400, date)
        sheet.write_boolean(row, 15, i % 4 == 0)
        sheet.write_number(row, 16, i % 40)
        sheet.write_string(row, 17, POSTAL_CODE)
        sheet.write_string(row, 18, "Projet d'investissement industriel du territoire")
        sheet.write_string(row, 19, "RAS")
    workbook.close()


def definition(name, near_duplicates, output):
    near = ("    near_duplicates: {block: code_region, fields: [intitule, porteur_nom], threshold: 0.7}\n"
            if near_duplicates else "")
    return (f"# Written by tools/bench/templated_titles.py.\nname: {name}\nschemas: [project-sheet]\n"
            "inputs:\n  - path: templated-*.xlsx\n    schema: project-sheet\n"
            f"    region: \"{REGION_CODE}\"\n    campaign: 2024\n    submitted: 2024-03-31\n"
            f"datasets:\n  - schema: project-sheet\n    name: fiches-projets\n{near}"
            f"outputs: {{directory: {output}, report: [json, csv]}}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="rows in all (split evenly over the files)")
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--out", required=True, help="folder for the workbooks and definitions")
    args = parser.parse_args()
    if args.rows < 1 or args.files < 1 or args.files > 99:
        parser.error("--rows must be at least 1, --files from 1 to 99")
    os.makedirs(args.out, exist_ok=True)
    first = 0
    for number in range(args.files):
        count = args.rows // args.files + (1 if number < args.rows % args.files else 0)
        write_workbook(os.path.join(args.out, f"templated-{number + 1:02d}.xlsx"), first, count)
        first += count
    with open(os.path.join(args.out, "templated-titles.yml"), "w", encoding="utf-8") as file:
        file.write(definition("templated-titles", True, "out"))
    with open(os.path.join(args.out, "templated-titles-without-near-duplicates.yml"), "w", encoding="utf-8") as file:
        file.write(definition("templated-titles-without-near-duplicates", False, "out-without-near-duplicates"))


if __name__ == "__main__":
    main()
