#!/usr/bin/env python3
"""Makes the realistic submissions in samples/ that `make run` reads out of the box.

Regions and clusters each fill their sheets their own way; these files reproduce that: French
headers with variants, title rows above the header, a hidden instruction sheet, merged cells,
formulas (with and without cached values), French numbers and dates, SIRET numbers, and CSV as
French Excel writes it (';', Windows-1252, CRLF) or as scripts do (UTF-8 with BOM). Producers:
XlsxWriter, openpyxl, LibreOffice Calc (round trip) and Python's csv module. Deterministic.

Usage (from the project root):  python3 tools/samples/make_samples.py
"""
import csv
import datetime
import io
import os
import random
import shutil
import subprocess
import tempfile

import openpyxl
import xlsxwriter

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "samples")

TERRITOIRES = {
    "Bretagne": [("Lorient - Quimperlé", "56"), ("Vitré", "35"), ("Saint-Brieuc Armor", "22")],
    "Occitanie": [("Figeac - Decazeville", "46"), ("Tarbes - Lourdes", "65"), ("Castres - Mazamet", "81")],
    "Grand Est": [("Vallée de la Meuse", "08"), ("Pays de Saverne", "67"), ("Sud Alsace", "68")],
    "Normandie": [("Vallée de la Bresle", "76"), ("Flers Argentan", "61"), ("Cotentin", "50")],
    "Hauts-de-France": [("Dunkerque", "59"), ("Sambre-Avesnois", "59"), ("Vallée de l'Oise", "60")],
    "Nouvelle-Aquitaine": [("Haute-Saintonge", "17"), ("Lacq-Orthez", "64"), ("Limoges", "87")],
    "Auvergne-Rhône-Alpes": [("Vallée de l'Arve", "74"), ("Roanne", "42"), ("Montluçon", "03")],
    "Pays de la Loire": [("Cholet", "49"), ("Saint-Nazaire", "44"), ("Vendée Est", "85")],
    "Provence-Alpes-Côte d'Azur": [("Fos-sur-Mer", "13"), ("Toulon", "83"), ("Vallée de la Durance", "04")],
    "Corse": [("Ajaccio", "2A"), ("Bastia", "2B"), ("Porto-Vecchio", "2A")],
    "Centre-Val de Loire": [("Vierzon", "18"), ("Dreux", "28"), ("Châteauroux", "36")],
}
AXES = ["competences", "transition_ecologique", "innovation", "foncier"]
STATUTS = ["idee", "en_maturation", "pret_a_engager", "engage", "en_cours", "realise"]
TYPES = ["entreprise", "epci", "commune", "association_cluster", "pole_competitivite"]
SIRETS = ["73282932000074", "35600000000048", "44306184100047", "55208131766522", "38012986643997"]
# Forty distinct projects: titles in one region do not look alike unless a sample makes them so.
ACTIONS = [
    "Décarbonation de la chaufferie", "Formation aux métiers de la maintenance", "Requalification de la friche",
    "Plateforme d'innovation composites", "Ligne de recyclage des plastiques", "Atelier de fabrication additive",
    "Extension de l'usine de conserverie", "Centre de tri des textiles usagés", "Robotisation du conditionnement",
    "Campus des métiers de l'hydrogène", "Réseau de chaleur industriel", "Modernisation de la fonderie",
    "Laboratoire d'essais climatiques", "Unité de méthanisation agricole", "Reconversion du site papetier",
    "Pépinière d'entreprises du numérique", "Parc photovoltaïque en toiture", "Mutualisation des achats d'énergie",
    "Filière bois construction", "Démonstrateur de batteries recyclées", "Usine de panneaux isolants biosourcés",
    "Cellule de cybersécurité des PME", "Aménagement de la zone d'activités portuaire", "Chaîne du froid alimentaire",
    "Groupement d'employeurs saisonniers", "École de production mécanique", "Valorisation des coproduits laitiers",
    "Jumeau numérique de l'atelier", "Relocalisation de la sous-traitance électronique", "Gigafactory de pompes à chaleur",
    "Hôtel d'entreprises artisanales", "Station de lavage des conteneurs", "Maintenance prédictive des éoliennes",
    "Desserte ferroviaire de l'embranchement", "Traitement des eaux de process", "Serres maraîchères chauffées",
    "Tiers-lieu de l'industrie créative", "Distillerie de plantes aromatiques", "Verrerie à four électrique",
    "Scierie à haut rendement",
]


def fiche_rows(region, count, seed):
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        territoire, departement = TERRITOIRES[region][i % 3]
        cost = round(rng.uniform(20_000, 3_000_000), 2)
        start = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 700))
        rows.append({
            "id": f"{region[:3].upper()}-{2024}-{i + 1:03d}", "campagne": 2024, "departement": departement,
            "territoire": territoire, "intitule": f"{ACTIONS[(i + 7 * seed) % len(ACTIONS)]} — {territoire}",
            "axe": AXES[i % 4], "porteur": f"Société {chr(65 + i % 26)}{i:02d}", "type": TYPES[i % len(TYPES)],
            "siret": SIRETS[i % len(SIRETS)], "cout": cost, "public": round(cost * rng.uniform(0.1, 0.6), 2),
            "statut": STATUTS[i % len(STATUTS)], "debut": start, "fin": start + datetime.timedelta(days=365 + i),
            "inspirant": i % 4 == 0, "emplois": rng.randrange(0, 40),
        })
    return rows


def bretagne_xlsxwriter(path):
    """A region's own template: instructions sheet hidden, title rows merged, totals by formula."""
    wb = xlsxwriter.Workbook(path)
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": '#,##0.00\\ "€"'})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    guide = wb.add_worksheet("Mode d'emploi")
    guide.write(0, 0, "Une ligne par fiche-projet. Ne pas modifier les en-têtes.")
    ws = wb.add_worksheet("Fiches projets")
    ws.activate()
    guide.hide()
    ws.merge_range("A1:N1", "Territoires d'industrie — Région Bretagne — remontée 2024", bold)
    ws.merge_range("A2:N2", "Contact : service développement économique")
    headers = ["N° fiche", "Campagne", "Région", "Département(s)", "Territoire d'industrie", "Intitulé du projet",
               "Axe", "Maître d'ouvrage", "Type de porteur", "SIRET du porteur", "Coût total HT", "Aides publiques",
               "État d'avancement", "Date de début"]
    ws.write_row(2, 0, headers, bold)
    rows = fiche_rows("Bretagne", 24, 1)
    for r, row in enumerate(rows, start=3):
        ws.write_row(r, 0, [row["id"], row["campagne"], "Bretagne", row["departement"], row["territoire"],
                            row["intitule"], row["axe"], row["porteur"], row["type"]])
        ws.write_string(r, 9, row["siret"])
        ws.write_number(r, 10, row["cout"], money)
        ws.write_number(r, 11, row["public"], money)
        ws.write(r, 12, row["statut"])
        ws.write_datetime(r, 13, datetime.datetime.combine(row["debut"], datetime.time()), date)
    total_row = 3 + len(rows)
    ws.write(total_row, 9, "Total", bold)
    ws.write_formula(total_row, 10, f"=SUM(K4:K{total_row})", money, round(sum(r["cout"] for r in rows), 2))
    wb.close()


def occitanie_openpyxl(path):
    """Another template: other header variants, a very hidden sheet, a formula saved without value."""
    wb = openpyxl.Workbook()
    notice = wb.active
    notice.title = "Notice"
    notice["A1"] = "Notice de remplissage — ne pas modifier"
    notice.sheet_state = "veryHidden"
    ws = wb.create_sheet("Projets")
    ws["A1"] = "Région Occitanie — fiches-projets Territoires d'industrie"
    ws.merge_cells("A1:L1")
    headers = ["Identifiant fiche", "Année", "Région", "Département", "Nom du territoire", "Titre", "Enjeu",
               "Structure porteuse", "Type de porteur", "N° SIRET", "Montant", "Statut"]
    for c, h in enumerate(headers, start=1):
        ws.cell(row=3, column=c, value=h)
    rows = fiche_rows("Occitanie", 18, 2)
    for r, row in enumerate(rows, start=4):
        values = [row["id"], row["campagne"], "Occitanie", row["departement"], row["territoire"], row["intitule"],
                  row["axe"], row["porteur"], row["type"], int(row["siret"]), row["cout"], row["statut"]]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    ws.cell(row=4 + len(rows), column=11, value=f"=SUM(K4:K{3 + len(rows)})")
    wb.save(path)


def grand_est_csv(path):
    """French Excel 'CSV (séparateur : point-virgule)': Windows-1252, CRLF, French numbers and dates."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Réf.", "Campagne de remontée", "Région", "Département(s)", "TI", "Nom de l'action", "Priorité",
                     "Porteur", "Type de porteur", "SIRET du porteur", "Coût total HT", "Aides publiques",
                     "Avancement", "Date de début", "Projet inspirant"])
    for row in fiche_rows("Grand Est", 20, 3):
        amount = f"{row['cout']:,.2f}".replace(",", "\u202f").replace(".", ",") + " €"
        writer.writerow([row["id"], row["campagne"], "Grand Est", row["departement"], row["territoire"], row["intitule"],
                         row["axe"], row["porteur"], row["type"], row["siret"], amount,
                         f"{row['public']:.2f}".replace(".", ","), row["statut"], row["debut"].strftime("%d/%m/%Y"),
                         "oui" if row["inspirant"] else "non"])
    text = out.getvalue().replace("\u202f", "\xa0")  # cp1252 has NBSP, not the narrow one
    with open(path, "wb") as f:
        f.write(text.encode("cp1252"))


def contributions_rows(cluster, count, seed):
    rng = random.Random(seed)
    themes = [("transition_bas_carbone", "Émissions évitées", "tCO2e"), ("transition_numerique_pme", "PME diagnostiquées", "nombre"),
              ("croissance_inclusive", "Personnes formées", "personnes"), ("economie_circulaire", "Déchets valorisés", "t")]
    rows = []
    for i in range(count):
        theme, indicateur, unite = themes[i % 4]
        pme = rng.randrange(2, 60)
        rows.append([f"{cluster[:4].upper()}-{2024}-{i + 1:02d}", 2024, cluster, "pole_competitivite", "W751234567",
                     "Bretagne", theme, "accompagnement_diagnostic", f"Programme {indicateur.lower()}", indicateur,
                     round(rng.uniform(1, 500), 1), unite, pme, pme + rng.randrange(0, 30)])
    return rows


CSR_HEADERS = ["Identifiant", "Exercice", "Nom de la structure", "Type de structure", "N° RNA", "Région", "Thème RSE",
               "Type d'action", "Action", "Indicateur", "Valeur", "Unité", "Nombre de PME engagées",
               "Nombre d'entreprises engagées"]


def pole_mer_libreoffice(path):
    """Written by openpyxl, then opened and saved again by LibreOffice Calc."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contributions RSE"
    ws.append(CSR_HEADERS)
    for row in contributions_rows("Pôle Mer Bretagne Atlantique", 12, 4):
        ws.append(row)
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "contributions-pole-mer.xlsx")
        wb.save(source)
        if shutil.which("soffice"):
            subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                            os.path.join(work, "lo"), source], check=True, capture_output=True, timeout=180)
            shutil.copy(os.path.join(work, "lo", "contributions-pole-mer.xlsx"), path)
        else:
            shutil.copy(source, path)


def cluster_csv(path):
    """A cluster's export from its CRM: UTF-8 with BOM, comma, decimal points."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CSR_HEADERS)
        for row in contributions_rows("Cluster Auvergne Mécanique", 10, 5):
            row[5] = "Auvergne-Rhône-Alpes"
            writer.writerow(row)


def pole_vegetal_csv(path):
    """A pôle's contributions as French Excel saves them: ';', Windows-1252, CRLF, decimal commas,
    French unit and theme labels, one row with an unknown unit and one with more SMEs than firms."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Identifiant", "Exercice", "Nom de la structure", "Type de structure", "N° RNA", "SIREN", "Région",
                     "Département du siège", "Thème RSE", "Type d'action", "Action", "Indicateur", "Valeur", "Unité",
                     "Nombre de PME engagées", "Nombre d'entreprises engagées", "Budget de l'action (€)"])
    rows = [
        ["VEG-2024-01", "2024", "Vegepolys Valley", "Pôle de compétitivité", "W491234567", "", "Pays de la Loire", "49",
         "Bas carbone", "Diagnostic", "Diagnostic carbone des exploitations", "Émissions évitées", "1 250,5", "teqCO2",
         "18", "25", "45 000 €"],
        ["VEG-2024-02", "2024", "Vegepolys Valley", "Pôle de compétitivité", "W491234567", "", "Pays de la Loire", "49",
         "Numérique", "Formation", "Formation à la traçabilité", "PME formées", "32", "nombre", "32", "40", "12 k€"],
        ["VEG-2024-03", "2024", "Vegepolys Valley", "Pôle de compétitivité", "W491234567", "", "Pays de la Loire", "49",
         "Économie circulaire", "Projet collectif", "Valorisation des coproduits", "Coproduits valorisés", "87,25", "tonnes",
         "12", "9", "80 000"],
        ["VEG-2024-04", "2024", "Vegepolys Valley", "Pôle de compétitivité", "W491234567", "", "Pays de la Loire", "49",
         "Inclusion", "Sensibilisation", "Jobdating filière végétale", "Personnes recrutées", "14", "recrues", "6", "11", ""],
    ]
    writer.writerows(rows)
    with open(path, "wb") as f:
        f.write(out.getvalue().encode("cp1252"))


# --- More regions and clusters (issue 4: about ten of each, several producers, duplicates, a key
# conflict, a resubmission that supersedes an earlier file, near-duplicates) -----------------------

FICHE_HEADERS = ["Identifiant fiche", "Campagne", "Région", "Département(s)", "Territoire d'industrie",
                 "Intitulé du projet", "Axe", "Porteur", "Type de porteur", "SIRET du porteur", "Coût total HT",
                 "Aides publiques", "État d'avancement", "Date de début", "Date de fin", "Code postal"]


def fiche_values(row, region_label=None):
    postal = {"2A": "20000", "2B": "20200"}.get(row["departement"], row["departement"].zfill(2) + "000")
    return [row["id"], row["campagne"], region_label or row["region"], row["departement"], row["territoire"],
            row["intitule"], row["axe"], row["porteur"], row["type"], row["siret"], row["cout"], row["public"],
            row["statut"], row["debut"], row["fin"], postal]


def rows_for(region, count, seed):
    rows = fiche_rows(region, count, seed)
    for row in rows:
        row["region"] = region
    return rows


def openpyxl_fiches(path, rows, title, headers=FICHE_HEADERS, region_label=None, extra=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Fiches"
    ws["A1"] = title
    ws.append([])
    ws.append(headers)
    for row in rows:
        values = fiche_values(row, region_label)
        ws.append(values)
        ws.cell(row=ws.max_row, column=14).number_format = "DD/MM/YYYY"
        ws.cell(row=ws.max_row, column=15).number_format = "DD/MM/YYYY"
    for values in extra or []:
        ws.append(values)
    wb.save(path)


def normandie_libreoffice(path):
    """openpyxl then LibreOffice Calc; one fiche sent twice (an exact duplicate)."""
    rows = rows_for("Normandie", 12, 11)
    rows.append(dict(rows[3]))
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, os.path.basename(path))
        openpyxl_fiches(source, rows, "Normandie — Territoires d'industrie")
        if shutil.which("soffice"):
            subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                            os.path.join(work, "lo"), source], check=True, capture_output=True, timeout=180)
            shutil.copy(os.path.join(work, "lo", os.path.basename(path)), path)
        else:
            shutil.copy(source, path)


def hauts_de_france_csv(path):
    """A script's export: UTF-8, ',', decimal points, ISO dates."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(FICHE_HEADERS)
        for row in rows_for("Hauts-de-France", 12, 12):
            values = fiche_values(row)
            values[13] = row["debut"].isoformat()
            values[14] = row["fin"].isoformat()
            writer.writerow(values)


def nouvelle_aquitaine_xlsxwriter(path):
    """Constant-memory XlsxWriter (inline strings); a visible read-me sheet first, data on the second."""
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    wb.set_properties({"created": datetime.datetime(2024, 1, 1)})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    readme = wb.add_worksheet("Lisez-moi")
    readme.write(0, 0, "Fiches-projets de la région : voir l'onglet Saisie.")
    ws = wb.add_worksheet("Saisie")
    ws.write_row(0, 0, FICHE_HEADERS)
    for r, row in enumerate(rows_for("Nouvelle-Aquitaine", 14, 13), start=1):
        values = fiche_values(row)
        for c, value in enumerate(values):
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date)
            else:
                ws.write(r, c, value)
    wb.close()


def auvergne_openpyxl(path):
    """Other header variants, and a key conflict: the same fiche id twice with different values."""
    headers = ["N° action", "Année", "Région", "Départements", "TI", "Nom de l'action", "Priorité", "Structure porteuse",
               "Type de porteur", "N° SIRET", "Budget", "Montant sollicité", "Avancement", "Date de démarrage",
               "Échéance", "CP"]
    rows = rows_for("Auvergne-Rhône-Alpes", 12, 14)
    conflict = dict(rows[2])
    conflict["cout"] = rows[2]["cout"] + 50_000
    rows.append(conflict)
    openpyxl_fiches(path, rows, "AURA — remontée 2024", headers=headers, region_label="AURA")


def pays_de_la_loire_csv(path):
    """French Excel CSV; statuses and types written as people say them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(FICHE_HEADERS)
    spoken = {"idee": "Émergence", "en_maturation": "En montage", "engage": "Financé", "en_cours": "Démarré",
              "realise": "Terminé", "pret_a_engager": "pret_a_engager"}
    for row in rows_for("Pays de la Loire", 12, 15):
        values = fiche_values(row, "Région des Pays de la Loire")
        values[10] = f"{row['cout']:,.2f}".replace(",", "\xa0").replace(".", ",") + " €"
        values[11] = f"{row['public']:.2f}".replace(".", ",")
        values[12] = spoken[row["statut"]]
        values[13] = row["debut"].strftime("%d/%m/%Y")
        values[14] = row["fin"].strftime("%d/%m/%Y")
        writer.writerow(values)
    with open(path, "wb") as f:
        f.write(out.getvalue().encode("cp1252"))


def paca_xlsxwriter(path):
    """'Région Sud'; two fiches of one owner with near-identical titles (near-duplicates, not merged)."""
    rows = rows_for("Provence-Alpes-Côte d'Azur", 10, 16)
    near = dict(rows[1])
    near["id"] = near["id"].replace("-002", "-102")
    # The same project typed again without one word: close, not equal.
    words = near["intitule"].split(" ")
    near["intitule"] = " ".join(words[:1] + words[2:])
    rows.append(near)
    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"created": datetime.datetime(2024, 1, 1)})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Fiches")
    ws.write_row(0, 0, FICHE_HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(fiche_values(row, "Région Sud")):
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date)
            else:
                ws.write(r, c, value)
    wb.close()


def corse_csv(path):
    """UTF-8 with BOM, ';': departments 2A and 2B, postal codes 20xxx."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(FICHE_HEADERS)
        for row in rows_for("Corse", 6, 17):
            values = fiche_values(row, "Collectivité de Corse")
            values[10] = f"{row['cout']:.2f}".replace(".", ",")
            values[11] = f"{row['public']:.2f}".replace(".", ",")
            values[13] = row["debut"].strftime("%d/%m/%Y")
            values[14] = row["fin"].strftime("%d/%m/%Y")
            writer.writerow(values)


def bretagne_resubmission(path):
    """Bretagne sends its file again later: five fiches with a new status (they supersede the
    earlier ones, same keys) and two new fiches."""
    rows = fiche_rows("Bretagne", 24, 1)[:5]
    for row in rows:
        row["region"] = "Bretagne"
        row["statut"] = "en_cours"
    for extra in fiche_rows("Bretagne", 26, 1)[24:26]:
        extra["region"] = "Bretagne"
        rows.append(extra)
    openpyxl_fiches(path, rows, "Territoires d'industrie — Région Bretagne — mise à jour juin 2024")


CLUSTERS = [
    # file, producer, structure, type, RNA, SIREN, region, department, seed
    ("contributions-aerospace-valley.xlsx", "xlsxwriter", "Aerospace Valley", "Pôle de compétitivité", "W313000001", "",
     "Occitanie", "31", 21),
    ("contributions-minalogic.xlsx", "openpyxl", "Minalogic", "Pôle de compétitivité", "W381000002", "",
     "Auvergne-Rhône-Alpes", "38", 22),
    ("contributions-pole-mer-mediterranee.csv", "csv1252", "Pôle Mer Méditerranée", "Pôle de compétitivité",
     "W831000003", "", "Région Sud", "83", 23),
    ("contributions-alsace-biovalley.csv", "csv1252", "Alsace BioValley", "Pôle de compétitivité", "", "404833048",
     "Grand Est", "67", 24),
    ("contributions-cluster-lumiere.csv", "csvutf8", "Cluster Lumière", "Cluster", "W691000005", "",
     "Auvergne-Rhône-Alpes", "69", 25),
    ("contributions-axelera.xlsx", "openpyxl", "Axelera", "Pôle de compétitivité", "W691000006", "",
     "Auvergne-Rhône-Alpes", "69", 26),
    ("contributions-cosmetic-valley.xlsx", "libreoffice", "Cosmetic Valley", "Pôle de compétitivité", "W281000007", "",
     "Centre-Val de Loire", "28", 27),
]

CSR_FILE_HEADERS = ["Identifiant", "Exercice", "Nom de la structure", "Type de structure", "N° RNA", "SIREN", "Région",
                    "Département du siège", "Thème RSE", "Type d'action", "Action", "Indicateur", "Valeur", "Unité",
                    "Nombre de PME engagées", "Nombre d'entreprises engagées"]


def cluster_rows(name, kind, rna, siren, region, department, seed, decimal_comma):
    rng = random.Random(seed)
    themes = [("Bas carbone", "Émissions évitées", "tCO2e"), ("Numérique", "PME diagnostiquées", "nombre"),
              ("Inclusion", "Personnes formées", "personnes"), ("Économie circulaire", "Déchets valorisés", "t")]
    actions = ["Sensibilisation", "Diagnostic", "Formation", "Projet collectif", "Mise en réseau"]
    rows = []
    for i in range(8):
        theme, indicator, unit = themes[i % 4]
        value = round(rng.uniform(1, 900), 1)
        pme = rng.randrange(2, 40)
        rows.append([f"{name[:4].upper()}-2024-{i + 1:02d}", 2024, name, kind, rna, siren, region, department, theme,
                     actions[i % 5], f"Programme {indicator.lower()}", indicator,
                     str(value).replace(".", ",") if decimal_comma else value, unit, pme, pme + rng.randrange(0, 25)])
    return rows


def write_cluster(entry, folder):
    file, producer, name, kind, rna, siren, region, department, seed = entry
    path = os.path.join(folder, file)
    rows = cluster_rows(name, kind, rna, siren, region, department, seed, producer in ("csv1252", "csvutf8"))
    if name == "Cosmetic Valley":
        rows.append(list(rows[0]))  # the same contribution sent twice
    if producer in ("csv1252", "csvutf8"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";" if producer == "csv1252" else ",", lineterminator="\r\n")
        writer.writerow(CSR_FILE_HEADERS)
        writer.writerows(rows)
        data = out.getvalue().encode("cp1252" if producer == "csv1252" else "utf-8-sig")
        open(path, "wb").write(data)
    elif producer == "xlsxwriter":
        wb = xlsxwriter.Workbook(path)
        wb.set_properties({"created": datetime.datetime(2024, 1, 1)})
        ws = wb.add_worksheet("Contributions")
        ws.write_row(0, 0, CSR_FILE_HEADERS)
        for r, row in enumerate(rows, start=1):
            ws.write_row(r, 0, row)
        wb.close()
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Contributions"
        ws["A1"] = f"{name} — contributions RSE 2024"
        ws.append([])
        ws.append(CSR_FILE_HEADERS)
        for row in rows:
            ws.append(row)
        if producer == "libreoffice" and shutil.which("soffice"):
            with tempfile.TemporaryDirectory() as work:
                source = os.path.join(work, file)
                wb.save(source)
                subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                                "--outdir", os.path.join(work, "lo"), source], check=True, capture_output=True, timeout=180)
                shutil.copy(os.path.join(work, "lo", file), path)
        else:
            wb.save(path)


def more_samples():
    """The regions and clusters added for the consolidation stage (existing files untouched)."""
    normandie_libreoffice(os.path.join(OUT, "fiches-normandie.xlsx"))
    hauts_de_france_csv(os.path.join(OUT, "fiches-hauts-de-france.csv"))
    nouvelle_aquitaine_xlsxwriter(os.path.join(OUT, "fiches-nouvelle-aquitaine.xlsx"))
    auvergne_openpyxl(os.path.join(OUT, "fiches-auvergne-rhone-alpes.xlsx"))
    pays_de_la_loire_csv(os.path.join(OUT, "fiches-pays-de-la-loire.csv"))
    paca_xlsxwriter(os.path.join(OUT, "fiches-provence-alpes-cote-d-azur.xlsx"))
    corse_csv(os.path.join(OUT, "fiches-corse.csv"))
    bretagne_resubmission(os.path.join(OUT, "fiches-bretagne-2024-06.xlsx"))
    for entry in CLUSTERS:
        write_cluster(entry, OUT)


def centre_val_de_loire_libreoffice(path):
    """A region that works in LibreOffice Calc and sends its native .ods: a hidden instructions
    sheet, a merged title, a total row by formula, a line break inside a title, a hidden row; and
    a few mistakes as people make them: an amount typed as text with its unit, a SIRET with a
    wrong check digit, an end date before the start, a status spelled the long way."""
    rows = rows_for("Centre-Val de Loire", 11, 17)
    wb = openpyxl.Workbook()
    notice = wb.active
    notice.title = "Consignes"
    notice["A1"] = "Une ligne par fiche-projet. Montants en euros HT, dates au format JJ/MM/AAAA."
    notice.sheet_state = "hidden"
    ws = wb.create_sheet("Fiches CVL")
    wb.active = 1
    ws["A1"] = "Centre-Val de Loire — Territoires d'industrie"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Mise à jour : 28/03/2024"
    ws.append(FICHE_HEADERS)
    for index, row in enumerate(rows):
        values = fiche_values(row)
        if index == 2:
            values[5] = values[5].replace(" — ", "\n")  # Alt+Entrée in the title
        if index == 4:
            values[10] = "environ 450 000 €"  # an amount typed as text
        if index == 6:
            values[9] = "73282932000075"  # wrong check digit
        if index == 8:
            values[14] = values[13] - datetime.timedelta(days=30)  # ends before it starts
        if index == 9:
            values[12] = "En cours de réalisation"
        ws.append(values)
        ws.cell(row=ws.max_row, column=14).number_format = "DD/MM/YYYY"
        ws.cell(row=ws.max_row, column=15).number_format = "DD/MM/YYYY"
        ws.cell(row=ws.max_row, column=11).number_format = '#,##0.00 "€"'
        ws.cell(row=ws.max_row, column=12).number_format = '#,##0.00 "€"'
    ws.row_dimensions[8].hidden = True
    last = ws.max_row
    ws.append([])
    ws.append(["Total", None, None, None, None, None, None, None, None, None, f"=SUM(K4:K{last})", f"=SUM(L4:L{last})"])
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, os.path.basename(path).replace(".ods", ".xlsx"))
        wb.save(source)
        subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "ods", "--outdir", os.path.join(work, "lo"),
                        source], check=True, capture_output=True, timeout=180)
        shutil.copy(os.path.join(work, "lo", os.path.basename(path)), path)


def ods_samples():
    """The OpenDocument submissions (needs LibreOffice: apt-get install libreoffice-calc-nogui)."""
    centre_val_de_loire_libreoffice(os.path.join(OUT, "fiches-centre-val-de-loire.ods"))


def main():
    os.makedirs(OUT, exist_ok=True)
    bretagne_xlsxwriter(os.path.join(OUT, "fiches-bretagne.xlsx"))
    occitanie_openpyxl(os.path.join(OUT, "fiches-occitanie.xlsx"))
    grand_est_csv(os.path.join(OUT, "fiches-grand-est.csv"))
    pole_mer_libreoffice(os.path.join(OUT, "contributions-pole-mer.xlsx"))
    cluster_csv(os.path.join(OUT, "contributions-cluster-auvergne.csv"))
    pole_vegetal_csv(os.path.join(OUT, "contributions-pole-vegetal.csv"))
    more_samples()
    ods_samples()
    print("samples written under", os.path.normpath(OUT))


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["ods"]:
        ods_samples()  # only the .ods files: the others stay byte for byte
    else:
        main()
