#!/usr/bin/env python3
"""Writes the stress inputs of issue 15 into a folder, for `sheetpipe bench --stress DIR`.

The files a bad export or a careless template produces every campaign, at the sizes of the issue:

  valid/fiches.xlsx + valid/stress.yml      300,000 valid project-sheet rows (no issue but notes
                                            about how the sheet was read)
  errors/fiches.xlsx + errors/stress.yml    the same rows, each with 3 to 5 errors: type errors,
                                            constraint errors, a foreign key, rule errors; two
                                            rows in three with two warnings too (1,898,903
                                            issues in all at commit 7afc06a)
  dot-decimal.csv                           100,000 CSV rows whose total cost uses a dot as
                                            decimal point (a note per cell today)
  yaml-bomb-7.yml, yaml-bomb-8.yml          pipeline definitions whose mapping keys are aliases
                                            nested 7 and 8 deep: refused before the YAML library
                                            composes them (a regression input)
  templated-50k/, templated-1m/             templated titles, written by tools/bench/
                                            templated_titles.py when the tree has it, each with
                                            near-duplicates.yml (and plain.yml without them)
  .stamps/                                  what was written, with which counts: a part whose
                                            stamp matches is kept (so `make stress` writes once)

Everything is deterministic: the same arguments write the same rows. XlsxWriter's constant-memory
mode flushes each row as it goes, so 300,000 rows take a few MiB of Python memory (and inline
strings, as many exporters write them).

Usage (from the project root):  python3 tools/bench/stress_inputs.py --out stress-data   (what `make stress` runs)
        smaller, to check the rows:  python3 tools/bench/stress_inputs.py --out /tmp/s --rows 2000 --csv-rows 1000
        --force rewrites the parts already there; --templated "" leaves the templated titles out.
Needs: pip install xlsxwriter  (Debian's Python is externally managed: add
       --break-system-packages, or use a venv: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install xlsxwriter,
       then make stress PYTHON=/tmp/venv/bin/python3)
"""
import argparse
import datetime
import os
import subprocess
import sys

import xlsxwriter

HEADER = [
    "Identifiant fiche", "Campagne", "Région", "Département(s)", "Territoire d'industrie", "Intitulé du projet",
    "Axe", "Porteur", "Type de porteur", "SIRET du porteur", "Coût total HT", "Aides publiques",
    "État d'avancement", "Date de début", "Date de fin", "Projet inspirant", "Emplois créés", "Code postal",
    "Description", "Commentaire",
]
COLUMN = {name: index for index, name in enumerate(HEADER)}

# Region, one of its departments, a postal code there (as SheetBench's ProjectSheetRows).
PLACES = [
    ("Bretagne", "29", "29200"), ("Occitanie", "31", "31000"), ("Grand Est", "67", "67000"),
    ("Hauts-de-France", "59", "59000"), ("Auvergne-Rhône-Alpes", "69", "69003"), ("Normandie", "76", "76600"),
    ("Nouvelle-Aquitaine", "33", "33000"), ("Pays de la Loire", "44", "44000"), ("Île-de-France", "93", "93200"),
    ("Provence-Alpes-Côte d'Azur", "13", "13002"), ("Corse", "2A", "20000"), ("La Réunion", "974", "97400"),
]
AXES = ["competences", "transition_ecologique", "innovation", "foncier"]
STATUSES = ["en_maturation", "pret_a_engager", "engage", "en_cours", "realise"]
PROJECTS = [
    "Décarbonation de la chaufferie", "Formation aux métiers de la maintenance", "Requalification de la friche",
    "Plateforme d'innovation composites", "Ligne de recyclage des plastiques", "Atelier de fabrication additive",
    "Extension de l'usine", "Robotisation du conditionnement", "Réseau de chaleur industriel",
    "Modernisation de la fonderie", "Unité de méthanisation", "Laboratoire d'essais",
]
SYLLABLES = [
    "ba", "ker", "lo", "mi", "du", "ven", "tra", "sol", "ri", "gan", "pe", "mor", "li", "zon", "ca", "fel", "nu",
    "dor", "sa", "vil", "gu", "brec", "plou", "tin", "quem", "hu", "nec", "ros", "jou", "az", "bel", "cham",
    "fou", "gi", "har", "ix", "jac", "lan", "mé", "noy", "or", "pra", "quil", "rou", "sey", "thé", "ur", "vé",
    "wal", "yo", "zé", "bra", "cle", "dre", "fla", "gno", "chy", "pho", "scu", "stra", "tz", "ble", "gré", "oux",
]
FIRST_DAY = datetime.date(2023, 3, 15)
MASK64 = (1 << 64) - 1


def mix(i):
    """splitmix64: a well-mixed number for row i, so that names do not follow the row order."""
    z = (i + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return (z ^ (z >> 31)) >> 1


def word(n):
    """A made-up place or company name of two to four syllables."""
    text, rest = "", n
    for _ in range(2 + n % 3):
        text += SYLLABLES[rest % len(SYLLABLES)]
        rest //= len(SYLLABLES)
    return text[:1].upper() + text[1:]


def with_check_digit(digits):
    """Appends the Luhn check digit (SIREN and SIRET)."""
    for check in range(10):
        candidate = digits + str(check)
        total = 0
        for offset, character in enumerate(reversed(candidate)):
            value = int(character)
            if offset % 2 == 1:
                value *= 2
                if value > 9:
                    value -= 9
            total += value
        if total % 10 == 0:
            return candidate
    raise AssertionError("no check digit")


SIRETS = [with_check_digit(with_check_digit(str(30_000_000 + n * 7919)) + "%04d" % (1 + n % 97)) for n in range(200)]


def valid_row(i):
    """Row i of a clean submission: (kind, value) per column; kinds text, number, money, date, boolean."""
    region, department, postal_code = PLACES[i % len(PLACES)]
    h = mix(i)
    owner_hash = mix(i + 1_000_003)
    cost = 50_000 + (i * 7919) % 4_000_000
    start = FIRST_DAY + datetime.timedelta(days=i % 700)
    comment = ("Suivi \"prioritaire\", voir note", "RAS", "RAS", "Ligne 1\nLigne 2", "RAS")[i % 5]
    return [
        ("text", "TI-%s-%d" % (department, 100_000 + i)),
        ("number", 2023 + i % 3),
        ("text", region),
        ("text", department),
        ("text", "Territoire %d" % (i % 183)),
        ("text", "%s %s %s" % (PROJECTS[i % len(PROJECTS)], word(h % 16_777_216), word((h >> 24) % 16_777_216))),
        ("text", AXES[i % len(AXES)]),
        ("text", "%s %s SAS" % (word(owner_hash % 16_777_216), word((owner_hash >> 24) % 16_777_216))),
        ("text", "entreprise"),
        ("text", SIRETS[i % len(SIRETS)]),
        ("money", cost),
        ("money", cost // 3 + 0.5),
        ("text", STATUSES[i % len(STATUSES)]),
        ("date", start),
        ("date", start + datetime.timedelta(days=365 + i % 400)),
        ("boolean", i % 4 == 0),
        ("number", i % 40),
        ("text", postal_code),
        ("text", "Projet d'investissement industriel visant la décarbonation du site, variante %d" % (i % 100)),
        ("text", comment),
    ]


# Faults a careless export makes, one column each. Each slot holds faults of columns that would hide
# one another (a cost that is not a number cannot break the rule comparing it): a row takes at most
# one fault per slot, so each of its faults is seen.
def set_cell(column, kind, value):
    def fault(row, i):
        row[COLUMN[column]] = (kind, value(row, i) if callable(value) else value)
    return fault


def swap_dates(row, i):
    start = row[COLUMN["Date de début"]][1]
    row[COLUMN["Date de fin"]] = ("date", start - datetime.timedelta(days=30 + i % 300))


FAULT_SLOTS = [
    # A type error (text in an amount), or a rule error (public funding over the total cost).
    [set_cell("Coût total HT", "text", "à chiffrer"),
     set_cell("Aides publiques", "money", lambda row, i: row[COLUMN["Coût total HT"]][1] * 2)],
    # A type error (no date), or a rule error (the end before the start).
    [set_cell("Date de début", "text", "dès que possible"), swap_dates],
    # A type error (words in an integer), or a constraint error (negative).
    [set_cell("Emplois créés", "text", "une dizaine"), set_cell("Emplois créés", "number", -3)],
    # A constraint error: a campaign before the programme.
    [set_cell("Campagne", "number", 2015)],
    # A constraint error and a foreign key: an axis outside the schema's list and the reference table.
    [set_cell("Axe", "text", "industrie_du_futur")],
    # A constraint error: a required field left empty.
    [set_cell("Porteur", "blank", None)],
    # A SIRET whose check digit is wrong.
    [set_cell("SIRET du porteur", "text", lambda row, i: row[COLUMN["SIRET du porteur"]][1][:-1]
              + str((int(row[COLUMN["SIRET du porteur"]][1][-1]) + 1) % 10))],
    # A constraint error: a type of owner outside the list.
    [set_cell("Type de porteur", "text", "fondation")],
    # A constraint error: an identifier over 50 characters.
    [set_cell("Identifiant fiche", "text", lambda row, i: row[COLUMN["Identifiant fiche"]][1] + "-" + "X" * 50)],
]


# Beside the errors, two rows in three name a department of another region: two warnings (the
# department is not in the region, the postal code not in the department), as in the issue's
# workbook (1.9 M issues for 300,000 rows).
wrong_department = set_cell("Département(s)", "text", lambda row, i: PLACES[(i + 5) % len(PLACES)][1])


def faulty_row(i):
    """Row i with 3 to 5 errors, from consecutive slots starting at a well-mixed one."""
    row = valid_row(i)
    h = mix(i + 7_000_001)
    count = 3 + h % 3
    first = (h >> 8) % len(FAULT_SLOTS)
    for k in range(count):
        slot = FAULT_SLOTS[(first + k) % len(FAULT_SLOTS)]
        slot[(h >> (16 + k)) % len(slot)](row, i)
    if i % 3 != 0:
        wrong_department(row, i)
    return row


def write_workbook(path, rows, make_row):
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"created": datetime.datetime(2024, 1, 1)})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    money_format = workbook.add_format({"num_format": '#,##0.00\\ "€"'})
    sheet = workbook.add_worksheet("Projets")
    sheet.write_row(0, 0, HEADER)
    for i in range(rows):
        r = i + 1
        for column, (kind, value) in enumerate(make_row(i)):
            if kind == "text":
                sheet.write_string(r, column, value)
            elif kind == "number":
                sheet.write_number(r, column, value)
            elif kind == "money":
                sheet.write_number(r, column, value, money_format)
            elif kind == "date":
                sheet.write_datetime(r, column, datetime.datetime.combine(value, datetime.time()), date_format)
            elif kind == "boolean":
                sheet.write_boolean(r, column, value)
            # "blank": nothing written
    workbook.close()


def write_dot_decimal_csv(path, rows):
    """A French CSV (';', UTF-8 with BOM, CRLF) whose total cost is written 1234567.89, as an English
    export writes it: one note per cell today. Everything else is valid."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(";".join(HEADER) + "\r\n")
        for i in range(rows):
            cells = []
            for column, (kind, value) in enumerate(valid_row(i)):
                if column == COLUMN["Coût total HT"]:
                    cells.append("%d.%02d" % (value, (i * 37) % 100))
                elif column == COLUMN["Aides publiques"]:
                    cells.append("%d" % value)
                elif kind == "date":
                    cells.append(value.strftime("%d/%m/%Y"))
                elif kind == "boolean":
                    cells.append("oui" if value else "non")
                else:
                    text = str(value)
                    if any(c in text for c in ";\"\r\n"):
                        text = '"' + text.replace('"', '""') + '"'
                    cells.append(text)
            f.write(";".join(cells) + "\r\n")


def yaml_bomb(depth):
    """A pipeline definition whose mapping keys are aliases nested `depth` deep (~600 bytes): a YAML
    library hashes each key once expanded, so each level doubles the work (depth 7 took 13 s)."""
    lines = [
        "name: yaml-bomb-%d" % depth,
        "schemas: [project-sheet]",
        "inputs:",
        "  - path: fiches.xlsx",
        "    schema: project-sheet",
        "a0: &a0 {x: 1, y: 2}",
    ]
    for level in range(1, depth + 1):
        lines.append("a%d: &a%d {*a%d : 1, k: *a%d}" % (level, level, level - 1, level - 1))
    return "\n".join(lines) + "\n"


def definition(name, inputs, near_duplicates=True):
    """The project-sheet part of national-report.yml on the given files, limits raised for big files."""
    text = "# Written by tools/bench/stress_inputs.py; run by `sheetpipe bench --stress`.\n"
    text += "name: %s\nschemas: [project-sheet]\ninputs:\n" % name
    for path in inputs:
        text += "  - path: %s\n    schema: project-sheet\n    submitted: 2024-03-31\n" % path
    text += "options:\n  limits: {max_file_size: 4GiB, max_part_size: 16GiB, max_total_size: 16GiB}\n"
    text += "datasets:\n  - schema: project-sheet\n    name: fiches-projets\n"
    if near_duplicates:
        text += "    near_duplicates: {block: code_region, fields: [intitule, porteur_nom], threshold: 0.7}\n"
    text += (
        "summaries:\n  - name: fiches-par-region-axe-statut\n    dataset: fiches-projets\n"
        "    group_by: [code_region, axe, statut]\n    sum: [cout_total_ht, montant_public]\n"
        "outputs:\n  directory: ../out/%s\n  report: [json, jsonl, csv, html]\n" % name
    )
    return text


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def templated(out, name, rows, files, log):
    """Calls templated_titles.py (another part of issue 15) and writes the definitions for its files."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templated_titles.py")
    if not os.path.exists(script):
        log("%s: skipped: tools/bench/templated_titles.py not found" % name)
        return False
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    log("writing %s/ (templated_titles.py, %d rows in %d files)…" % (folder, rows, files))
    subprocess.run([sys.executable, script, "--rows", str(rows), "--files", str(files), "--out", folder], check=True)
    inputs = sorted(f for f in os.listdir(folder) if f.lower().endswith((".xlsx", ".xlsm", ".csv")))
    if not inputs:
        raise SystemExit("%s: templated_titles.py wrote no .xlsx or .csv file into %s" % (name, folder))
    write_text(os.path.join(folder, "near-duplicates.yml"), definition(name, inputs))
    write_text(os.path.join(folder, "plain.yml"), definition(name + "-plain", inputs, near_duplicates=False))
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="the folder to write into (created)")
    parser.add_argument("--rows", type=int, default=300_000, help="rows of the valid and erroneous workbooks")
    parser.add_argument("--csv-rows", type=int, default=100_000, help="rows of the dot-decimal CSV")
    parser.add_argument("--templated", default="50000:1,1000000:20",
                        help="ROWS:FILES of each templated-titles case, comma-separated (empty: none)")
    parser.add_argument("--force", action="store_true", help="rewrite the parts already written")
    args = parser.parse_args()
    out = args.out
    stamps = os.path.join(out, ".stamps")
    os.makedirs(stamps, exist_ok=True)

    def log(text):
        print(text, flush=True)

    def part(name, stamp, write):
        """Writes a part unless the same one is there (its stamp is written last)."""
        path = os.path.join(stamps, name)
        if not args.force and os.path.exists(path) and open(path, encoding="utf-8").read() == stamp:
            log("%s: kept (%s)" % (name, stamp.strip()))
            return
        if os.path.exists(path):
            os.remove(path)
        if write() is not False:
            write_text(path, stamp)

    def workbook_case(case, make_row):
        def write():
            folder = os.path.join(out, case)
            os.makedirs(folder, exist_ok=True)
            log("writing %s/fiches.xlsx (%d rows)…" % (folder, args.rows))
            write_workbook(os.path.join(folder, "fiches.xlsx"), args.rows, make_row)
            write_text(os.path.join(folder, "stress.yml"), definition(case, ["fiches.xlsx"]))
        part(case, "rows %d\n" % args.rows, write)

    workbook_case("valid", valid_row)
    workbook_case("errors", faulty_row)

    def dot_csv():
        log("writing %s/dot-decimal.csv (%d rows)…" % (out, args.csv_rows))
        write_dot_decimal_csv(os.path.join(out, "dot-decimal.csv"), args.csv_rows)
    part("dot-decimal", "rows %d\n" % args.csv_rows, dot_csv)

    def bombs():
        for depth in (7, 8):
            write_text(os.path.join(out, "yaml-bomb-%d.yml" % depth), yaml_bomb(depth))
    part("yaml-bomb", "depths 7 8\n", bombs)

    for item in filter(None, args.templated.split(",")):
        rows, files = (int(number) for number in item.split(":"))
        name = "templated-%s" % ("%dm" % (rows // 1_000_000) if rows % 1_000_000 == 0 else "%dk" % (rows // 1000))
        part(name, "rows %d files %d\n" % (rows, files), lambda: templated(out, name, rows, files, log))
    log("inputs in %s" % out)


if __name__ == "__main__":
    main()
