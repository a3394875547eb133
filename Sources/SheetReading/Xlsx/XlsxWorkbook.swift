/// An XLSX (or XLSM) package: its parts found through `[Content_Types].xml` and the
/// relationships, never by guessing fixed paths first.
final class XlsxWorkbook {
    let archive: ZipArchive
    let file: String
    let workbookPart: String
    private(set) var sheets: [SheetInfo] = []
    private(set) var dateSystem = DateSystem.excel1900
    /// Named by the workbook's relationships (and maybe absent: said when rows are read).
    private let sharedStringsPart: String?
    private let stylesPart: String?
    /// `xl/_rels/workbook.xml.rels`, which names them.
    private let relationshipsPart: String
    private var strings: StringTable?
    private var styles: CellStyles?

    private static let spreadsheetMainTypes = [
        "spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml", "ms-excel.sheet.macroEnabled.main+xml",
        "ms-excel.template.macroEnabled.main+xml", "ms-excel.addin.macroEnabled.main+xml",
        "ms-excel.sheet.binary.macroEnabled.main",
    ]

    init(path: String, displayName: String, limits: ReadLimits) throws(ReadError) {
        let archive = try ZipArchive(path: path, displayName: displayName, limits: limits)
        let file = displayName
        self.archive = archive
        self.file = file
        if archive.contains("mimetype"), !archive.contains("[Content_Types].xml") {
            let mimetype = String(decoding: (try? archive.read("mimetype")) ?? [], as: UTF8.self)
            throw ReadError(
                .contentMismatch, file: file,
                reason: mimetype.contains("opendocument.spreadsheet")
                    ? "this is an OpenDocument spreadsheet (.ods), not XLSX: save it as .xlsx"
                    : "this is an OpenDocument file (\(mimetype)), not an XLSX workbook")
        }
        let contentTypes = try archive.contentTypes()
        // The main part: the package relationship of type officeDocument, else the content types.
        var main: String?
        /// A workbook part named (by `_rels/.rels` or the content types) but absent.
        var absent: (part: String, namedBy: String)?
        for relationship in try archive.relationships(of: "") where relationship.isType("officeDocument") {
            guard let target = relationship.targetPart else { continue }
            if archive.contains(target) {
                main = archive.resolve(target)
                break
            }
            if absent == nil { absent = (target, "_rels/.rels") }
        }
        if main == nil {
            let named = contentTypes.overrides.filter { _, type in
                XlsxWorkbook.spreadsheetMainTypes.contains { type.hasSuffix($0) }
            }.keys.sorted()
            main = named.lazy.compactMap { archive.resolve($0) }.first
            if main == nil, absent == nil, let part = named.first { absent = (part, "[Content_Types].xml") }
        }
        guard let main else {
            if contentTypes.overrides.values.contains(where: { $0.contains("wordprocessingml") }) {
                throw ReadError(.contentMismatch, file: file, reason: "this is a Word document, not an XLSX workbook")
            }
            if contentTypes.overrides.values.contains(where: { $0.contains("presentationml") }) {
                throw ReadError(.contentMismatch, file: file, reason: "this is a PowerPoint file, not an XLSX workbook")
            }
            if let absent {
                throw ReadError(
                    .missingPart, file: file, part: absent.part,
                    reason: Self.absentReason(namedBy: absent.namedBy, as: "the workbook", lost: "no sheet can be read")
                )
            }
            throw ReadError(
                .notAWorkbook, file: file,
                reason:
                    "a zip package, but not an XLSX workbook: no workbook part is named by _rels/.rels or [Content_Types].xml"
            )
        }
        if let type = contentTypes.overrides[main.lowercased()] {
            if type.contains("sheet.binary") {
                throw ReadError(
                    .contentMismatch, file: file, part: main,
                    reason: "this is a binary workbook (.xlsb), not XLSX: save it as .xlsx")
            }
            if !XlsxWorkbook.spreadsheetMainTypes.contains(where: { type.hasSuffix($0) }) {
                throw ReadError(
                    .contentMismatch, file: file, part: main,
                    reason: "the main part is '\(type)', not a spreadsheet workbook")
            }
        }
        workbookPart = main

        let relationships = try archive.relationships(of: main)
        var targets: [String: Relationship] = [:]
        for relationship in relationships { targets[relationship.id] = relationship }
        let relationshipsPart = PartNames.relationshipsPart(of: main)
        let namedStrings = relationships.first { $0.isType("sharedStrings") }?.targetPart
        sharedStringsPart = namedStrings.flatMap { archive.resolve($0) } ?? namedStrings
        let namedStyles = relationships.first { $0.isType("styles") }?.targetPart
        stylesPart = namedStyles.flatMap { archive.resolve($0) } ?? namedStyles
        self.relationshipsPart = relationshipsPart

        let elements = try archive.collect(main, elements: ["sheet", "workbookPr"])
        for element in elements {
            if element.name == "workbookPr", let flag = element.attributes["date1904"] {
                if flag == "1" || flag.lowercased() == "true" { dateSystem = .excel1904 }
                continue
            }
            guard element.name == "sheet", let name = element.attributes["name"] else { continue }
            let visibility: SheetVisibility
            switch element.attributes["state"] {
            case "hidden": visibility = .hidden
            case "veryHidden": visibility = .veryHidden
            default: visibility = .visible
            }
            let relationship = element.relationshipAttributes["id"].flatMap { targets[$0] }
            var kind = SheetKind.worksheet
            if let relationship {
                if relationship.isType("chartsheet") {
                    kind = .chartsheet
                } else if relationship.isType("dialogsheet") {
                    kind = .dialogsheet
                } else if relationship.isType("macrosheet") || relationship.isType("xlMacrosheet") {
                    kind = .macrosheet
                }
            }
            let part = relationship?.targetPart.flatMap { archive.resolve($0) } ?? relationship?.targetPart
            sheets.append(SheetInfo(name: name, index: sheets.count, visibility: visibility, kind: kind, part: part))
        }
    }

    /// Why a part a relationship names is a problem when it is absent, and what to do.
    private static func absentReason(namedBy: String, as role: String, lost: String) -> String {
        "\(namedBy) names this part as \(role), but the package lacks it, so \(lost): the file is incomplete (cut short in transfer, or written by a faulty tool); open it in Excel or LibreOffice and save it again, or ask for the original file"
    }

    private func loadSharedStrings() throws(ReadError) -> StringTable {
        if let strings { return strings }
        var table = StringTable.empty
        if let part = sharedStringsPart {
            guard archive.contains(part) else {
                throw ReadError(
                    .missingPart, file: file, part: part,
                    reason: Self.absentReason(
                        namedBy: relationshipsPart, as: "the shared strings (the text of the cells)",
                        lost: "the text cells cannot be read"))
            }
            let handler = SharedStringsHandler(file: file, part: part)
            try archive.parse(part, with: handler)
            table = handler.table
        }
        strings = table
        return table
    }

    private func loadStyles() throws(ReadError) -> CellStyles {
        if let styles { return styles }
        var result = CellStyles()
        if let part = stylesPart {
            guard archive.contains(part) else {
                throw ReadError(
                    .missingPart, file: file, part: part,
                    reason: Self.absentReason(
                        namedBy: relationshipsPart, as: "the styles (which tell dates from numbers)",
                        lost: "dates cannot be told from numbers"))
            }
            let handler = StylesHandler()
            try archive.parse(part, with: handler)
            result = handler.styles
        }
        styles = result
        return result
    }

    /// Custom number format codes, for `inspect`.
    func customFormatCodes() throws(ReadError) -> [Int: String] { try loadStyles().customCodes }

    func readRows(of sheet: SheetInfo, _ body: @escaping (Row) throws -> Void) throws -> SheetReadSummary {
        guard sheet.kind == .worksheet else {
            throw ReadError(
                .sheetNotFound, file: file,
                reason: "sheet '\(sheet.name)' is a \(sheet.kind.rawValue), which holds no cells")
        }
        guard let part = sheet.part else {
            throw ReadError(
                .missingPart, file: file, part: relationshipsPart,
                reason:
                    "sheet '\(sheet.name)' is listed in the workbook, but this part names no worksheet for it, so it cannot be read: the file is incomplete or damaged; open it in Excel or LibreOffice and save it again, or ask for the original file"
            )
        }
        guard archive.contains(part) else {
            throw ReadError(
                .missingPart, file: file, part: part,
                reason: Self.absentReason(
                    namedBy: relationshipsPart, as: "sheet '\(sheet.name)'", lost: "that sheet cannot be read"))
        }
        let strings = try loadSharedStrings()
        let styles = try loadStyles()
        let handler = WorksheetHandler(
            file: file, sheetName: sheet.name, part: part, strings: strings, styles: styles, dateSystem: dateSystem,
            onRow: body)
        do {
            try archive.parse(part, with: handler)
        } catch {
            if let consumerError = handler.consumerError { throw consumerError }
            throw error
        }
        return handler.summary
    }
}
