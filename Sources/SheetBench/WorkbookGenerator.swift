import SheetReading

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Generates the standard benchmark workbooks: N rows × 20 mixed columns (integers, decimals,
/// dates, booleans, codes, repeated and unique text, text that needs CSV quoting), written either
/// with a shared-string table (as Excel and openpyxl do) or with inline strings (as XlsxWriter's
/// constant-memory mode does). Deterministic: the same N gives the same bytes.
public enum WorkbookGenerator {
    public enum Strings: String, Sendable { case shared, inline }

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
    public static func generate(rows: Int, strings: Strings, path: String) throws -> Result {
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
                sheet.append("<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(XMLFileWriter.escape(text))</t></is></c>")
            }
        }
        sheet.append("<row r=\"1\">")
        for (column, name) in header.enumerated() { textCell(column, 1, name) }
        sheet.append("</row>")
        for i in 0..<rows {
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
                writer.append(XMLFileWriter.escape(text))
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

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
