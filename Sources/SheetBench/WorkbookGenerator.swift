import Glibc
import SheetOutput
import SheetReading

/// Generates the standard benchmark workbooks: N rows × 20 mixed columns (integers, decimals,
/// dates, booleans, codes, repeated and unique text, text that needs CSV quoting), written either
/// with a shared-string table (as Excel and openpyxl do) or with inline strings (as XlsxWriter's
/// constant-memory mode does). Deterministic: the same N gives the same bytes.
public enum WorkbookGenerator {
    public enum Strings: String, Sendable { case shared, inline }

    /// `mixed`: 20 columns of every kind, for convert. `projectSheet`: the same size of sheet as
    /// a region would send it (French headers of the project-sheet schema, about 2% of rows
    /// invalid), for validate.
    public enum Layout: String, Sendable { case mixed, projectSheet = "project-sheet" }

    public struct Result: Sendable {
        public var path: String
        public var rows: Int
        public var sheetXMLBytes: Int
    }

    static let regions = [
        "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse", "Grand Est",
        "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire",
        "Provence-Alpes-Côte d'Azur", "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte",
    ]
    static let statuses = ["idee", "en_maturation", "pret_a_engager", "engage", "en_cours", "realise", "abandonne"]
    static let axes = [
        "competences", "transition_ecologique", "innovation", "foncier", "recruter", "innover", "attirer", "simplifier",
    ]
    static let departments = ["01", "13", "2A", "2B", "33", "35", "44", "59", "67", "69", "75", "971", "974", "976"]

    static let header = [
        "id", "reference", "region", "departement", "intitule", "porteur", "cout_total_ht", "montant_public",
        "date_debut", "date_fin", "projet_inspirant", "emplois_crees", "taux_aide", "statut", "axe", "porteur_siret",
        "code_postal", "description", "indice", "commentaire",
    ]

    /// Text cells of one row, in column order (nil where the column holds a number, date or boolean).
    static func textValues(row i: Int) -> [String?] {
        let comment: String
        switch i % 10 {
        case 0: comment = "Suivi \"prioritaire\", voir note"
        case 3: comment = "Ligne 1\nLigne 2"
        case 7: comment = "=À vérifier"
        default: comment = "RAS"
        }
        return [
            nil, "FICHE-\(100_000 + i)", regions[i % regions.count], departments[i % departments.count],
            "Modernisation de la ligne de production n°\(i % 5000)", "Entreprise \(i % 1000) SAS", nil, nil, nil, nil,
            nil,
            nil, nil, statuses[i % statuses.count], axes[i % axes.count],
            String(73_282_932_000_074 + (i % 90_000) * 10),
            String(10_000 + (i * 37) % 89_000),
            "Projet d'investissement industriel visant la décarbonation du site, variante \(i % 100)", nil, comment,
        ]
    }

    /// Generates `rows` data rows (plus a header row) into `path`.
    /// `firstRow`: the index of the first generated row (project sheets): workbooks generated one
    /// after the other with growing offsets hold distinct fiches, as regions' submissions do.
    public static func generate(
        rows: Int, strings: Strings, layout: Layout = .mixed, firstRow: Int = 0, path: String
    ) throws -> Result {
        let sheetPath = path + ".sheet.xml"
        let sheet = try XMLFileWriter(path: sheetPath)
        var shared: [String: Int] = [:]
        var sharedList: [String] = []
        func sharedIndex(_ text: String) -> Int {
            if let index = shared[text] { return index }
            shared[text] = sharedList.count
            sharedList.append(text)
            return sharedList.count - 1
        }
        sheet.append(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><dimension ref=\"A1:T\(rows + 1)\"/><sheetData>"
        )
        func textCell(_ column: Int, _ row: Int, _ text: String) {
            let reference = CellReference.name(row: row, column: column)
            switch strings {
            case .shared:
                sheet.append("<c r=\"\(reference)\" t=\"s\"><v>\(sharedIndex(text))</v></c>")
            case .inline:
                sheet.append("<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(MarkupText.escape(text))</t></is></c>")
            }
        }
        sheet.append("<row r=\"1\">")
        for (column, name) in (layout == .mixed ? header : ProjectSheetRows.header).enumerated() {
            textCell(column, 1, name)
        }
        sheet.append("</row>")
        for i in 0..<rows where layout == .projectSheet {
            let r = i + 2
            sheet.append("<row r=\"\(r)\">")
            for (column, value) in ProjectSheetRows.values(row: firstRow + i).enumerated() {
                let reference = CellReference.name(row: r, column: column)
                switch value {
                case .text(let text): textCell(column, r, text)
                case .number(let raw, let style):
                    sheet.append("<c r=\"\(reference)\"\(style > 0 ? " s=\"\(style)\"" : "")><v>\(raw)</v></c>")
                case .boolean(let flag): sheet.append("<c r=\"\(reference)\" t=\"b\"><v>\(flag ? 1 : 0)</v></c>")
                }
            }
            sheet.append("</row>")
        }
        for i in 0..<rows where layout == .mixed {
            let r = i + 2
            sheet.append("<row r=\"\(r)\">")
            let texts = textValues(row: i)
            for column in 0..<20 {
                if let text = texts[column] {
                    textCell(column, r, text)
                    continue
                }
                let reference = CellReference.name(row: r, column: column)
                switch column {
                case 0: sheet.append("<c r=\"\(reference)\"><v>\(i + 1)</v></c>")
                case 6:
                    sheet.append(
                        "<c r=\"\(reference)\" s=\"2\"><v>\(10_000 + (i * 7919) % 5_000_000).\((i * 13) % 100)</v></c>")
                case 7: sheet.append("<c r=\"\(reference)\" s=\"2\"><v>\(5_000 + (i * 104_729) % 2_000_000).5</v></c>")
                case 8: sheet.append("<c r=\"\(reference)\" s=\"1\"><v>\(43_466 + i % 2500)</v></c>")
                case 9: sheet.append("<c r=\"\(reference)\" s=\"1\"><v>\(44_197 + i % 2500)</v></c>")
                case 10: sheet.append("<c r=\"\(reference)\" t=\"b\"><v>\(i % 3 == 0 ? 1 : 0)</v></c>")
                case 11: sheet.append("<c r=\"\(reference)\"><v>\(i % 250)</v></c>")
                case 12: sheet.append("<c r=\"\(reference)\" s=\"3\"><v>0.\(String(format2: (i * 7) % 100))</v></c>")
                case 18: sheet.append("<c r=\"\(reference)\"><v>\(Double(i) / 3.0 + 0.1)</v></c>")
                default: break
                }
            }
            sheet.append("</row>")
        }
        sheet.append("</sheetData></worksheet>")
        try sheet.close()

        unlink(path)
        let package = try ZipPackageWriter(path: path)
        try package.add("[Content_Types].xml", text: contentTypes(sharedStrings: strings == .shared))
        try package.add("_rels/.rels", text: packageRelationships)
        try package.add("xl/workbook.xml", text: workbook)
        try package.add("xl/_rels/workbook.xml.rels", text: workbookRelationships(sharedStrings: strings == .shared))
        try package.add("xl/styles.xml", text: styles)
        try package.add("xl/worksheets/sheet1.xml", contentsOf: sheetPath)
        var sharedPath: String?
        if strings == .shared {
            let path = path + ".sst.xml"
            let writer = try XMLFileWriter(path: path)
            writer.append(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(sharedList.count)\" uniqueCount=\"\(sharedList.count)\">"
            )
            for text in sharedList {
                let preserve = text.hasPrefix(" ") || text.hasSuffix(" ") || text.contains("\n")
                writer.append(preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>")
                writer.append(MarkupText.escape(text))
                writer.append("</t></si>")
            }
            writer.append("</sst>")
            try writer.close()
            try package.add("xl/sharedStrings.xml", contentsOf: path)
            sharedPath = path
        }
        try package.close()
        let xmlBytes = XMLFileWriter.size(of: sheetPath)
        unlink(sheetPath)
        if let sharedPath { unlink(sharedPath) }
        return Result(path: path, rows: rows, sheetXMLBytes: xmlBytes)
    }

    static func contentTypes(sharedStrings: Bool) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(sharedStrings ? "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>" : "")</Types>
        """
    }

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    static let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Projets" sheetId="1" r:id="rId1"/></sheets></workbook>
        """

    static func workbookRelationships(sharedStrings: Bool) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\(sharedStrings ? "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" : "")</Relationships>
        """
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00\\ &quot;€&quot;"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
        """
}

extension String {
    /// Two digits with a leading zero.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}

/// Buffered text output to a file, for generated XML.
final class XMLFileWriter {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    let path: String

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ReadError(.ioError, file: path, reason: "cannot create") }
        buffer.reserveCapacity(1 << 21)
    }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        Glibc.close(descriptor)
    }

    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}

/// Rows of a realistic project-sheet submission (see `WorkbookGenerator.Layout.projectSheet`).
enum ProjectSheetRows {
    enum Value {
        case text(String)
        /// The `<v>` text and the cell style (1 = date, 2 = money).
        case number(String, Int)
        case boolean(Bool)
    }

    static let header = [
        "Identifiant fiche", "Campagne", "Région", "Département(s)", "Territoire d'industrie", "Intitulé du projet",
        "Axe",
        "Porteur", "Type de porteur", "SIRET du porteur", "Coût total HT", "Aides publiques", "État d'avancement",
        "Date de début", "Date de fin", "Projet inspirant", "Emplois créés", "Code postal", "Description",
        "Commentaire",
    ]

    /// Region name, a department of it, a postal code there.
    static let places: [(String, String, String)] = [
        ("Bretagne", "29", "29200"), ("Occitanie", "31", "31000"), ("Grand Est", "67", "67000"),
        ("Hauts-de-France", "59", "59000"), ("Auvergne-Rhône-Alpes", "69", "69003"), ("Normandie", "76", "76600"),
        ("Nouvelle-Aquitaine", "33", "33000"), ("Pays de la Loire", "44", "44000"), ("Île-de-France", "93", "93200"),
        ("Provence-Alpes-Côte d'Azur", "13", "13002"), ("Corse", "2A", "20000"), ("La Réunion", "974", "97400"),
    ]
    static let axes = ["competences", "transition_ecologique", "innovation", "foncier"]
    static let statuses = ["en_maturation", "pret_a_engager", "engage", "en_cours", "realise"]

    /// Valid SIRETs: a Luhn-valid SIREN, a NIC, a Luhn check digit over the fourteen.
    static let sirets: [String] = (0..<200).map { n in
        let siren = withCheckDigit(String(30_000_000 + n * 7919))
        return withCheckDigit(siren + fourDigits(1 + n % 97))
    }

    static let projects = [
        "Décarbonation de la chaufferie", "Formation aux métiers de la maintenance", "Requalification de la friche",
        "Plateforme d'innovation composites", "Ligne de recyclage des plastiques", "Atelier de fabrication additive",
        "Extension de l'usine", "Robotisation du conditionnement", "Réseau de chaleur industriel",
        "Modernisation de la fonderie", "Unité de méthanisation", "Laboratoire d'essais",
    ]
    static let syllables = [
        "ba", "ker", "lo", "mi", "du", "ven", "tra", "sol", "ri", "gan", "pe", "mor", "li", "zon", "ca", "fel", "nu",
        "dor", "sa", "vil", "gu", "brec", "plou", "tin", "quem", "hu", "nec", "ros", "jou", "az", "bel", "cham",
        "fou", "gi", "har", "ix", "jac", "lan", "mé", "noy", "or", "pra", "quil", "rou", "sey", "thé", "ur", "vé",
        "wal", "yo", "zé", "bra", "cle", "dre", "fla", "gno", "chy", "pho", "scu", "stra", "tz", "ble", "gré", "oux",
    ]

    /// A made-up place or company name of two to four syllables (some 17 million of them).
    static func word(_ n: Int) -> String {
        let count = syllables.count
        var text = ""
        var rest = n
        for _ in 0..<(2 + n % 3) {
            text += syllables[rest % count]
            rest /= count
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A well-mixed number for row `i` (splitmix64), so that names do not follow the row order.
    static func mix(_ i: Int) -> Int {
        var z = UInt64(i) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) >> 1)
    }

    /// Titles and owners as varied as real ones: two rows look alike only by chance, as in a
    /// region's real submissions (a project of twelve kinds, then two made-up names).
    static func title(row i: Int) -> String {
        let h = mix(i)
        return "\(projects[i % projects.count]) \(word(h % 16_777_216)) \(word((h >> 24) % 16_777_216))"
    }

    static func owner(row i: Int) -> String {
        let h = mix(i &+ 1_000_003)
        return "\(word(h % 16_777_216)) \(word((h >> 24) % 16_777_216)) SAS"
    }

    static func withCheckDigit(_ digits: String) -> String {
        for check in 0...9 {
            let candidate = digits + String(check)
            var sum = 0
            for (offset, character) in candidate.reversed().enumerated() {
                var value = Int(character.asciiValue! - 48)
                if offset % 2 == 1 {
                    value *= 2
                    if value > 9 { value -= 9 }
                }
                sum += value
            }
            if sum % 10 == 0 { return candidate }
        }
        return digits + "0"
    }

    static func values(row i: Int) -> [Value] {
        let place = places[i % places.count]
        let cost = 50_000 + (i * 7919) % 4_000_000
        var publicFunding = "\(cost / 3).5"
        var siret = sirets[i % sirets.count]
        // About 2% of rows are wrong, as in real submissions.
        if i % 97 == 13 { siret = String(siret.dropLast()) + String((Int(String(siret.last!))! + 1) % 10) }
        if i % 89 == 7 { publicFunding = "\(cost * 2)" }
        let start = 45_000 + i % 700
        let comment: String
        switch i % 10 {
        case 0: comment = "Suivi \"prioritaire\", voir note"
        case 3: comment = "Ligne 1\nLigne 2"
        default: comment = "RAS"
        }
        return [
            .text("TI-\(place.1)-\(100_000 + i)"), .number("\(2023 + i % 3)", 0), .text(place.0), .text(place.1),
            .text("Territoire \(i % 183)"), .text(title(row: i)),
            .text(axes[i % axes.count]), .text(owner(row: i)), .text("entreprise"), .text(siret),
            .number("\(cost)", 2), .number(publicFunding, 2), .text(statuses[i % statuses.count]),
            .number("\(start)", 1),
            .number("\(start + 365 + i % 400)", 1), .boolean(i % 4 == 0), .number("\(i % 40)", 0), .text(place.2),
            .text("Projet d'investissement industriel visant la décarbonation du site, variante \(i % 100)"),
            .text(comment),
        ]
    }
}

/// Four digits with leading zeros.
func fourDigits(_ value: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
