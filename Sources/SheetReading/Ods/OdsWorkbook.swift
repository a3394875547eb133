/// An OpenDocument spreadsheet (`.ods`): a zip package with a `mimetype` entry, a manifest
/// (`META-INF/manifest.xml`) and all the sheets in one `content.xml`. The package is opened with
/// the same `ZipArchive` as XLSX (limits, unsafe names, duplicate entries, bombs), and
/// `content.xml` is always streamed through the SAX push parser, never held whole: once when the
/// file is opened for the sheet list, once more for each sheet read (up to the end of that sheet).
/// A flat OpenDocument spreadsheet (`.fods`) is the same XML as one file, streamed the same way.
final class OdsWorkbook {
    private enum Source {
        case package(ZipArchive, path: String)
        case flat(path: String)
    }
    private let source: Source
    let file: String
    let limits: ReadLimits
    /// Where the sheets are, for messages: `content.xml`, or the flat file's name.
    let contentPart: String
    private(set) var sheets: [SheetInfo] = []

    /// The zip entries (none for a flat file).
    var entryNames: [String] {
        if case .package(let archive, _) = source { return archive.entryNames }
        return []
    }

    static let contentPart = "content.xml"
    static let manifestPart = "META-INF/manifest.xml"
    private static let spreadsheetTypes = [
        "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template",
    ]

    init(path: String, displayName: String, limits: ReadLimits) throws(ReadError) {
        let archive = try ZipArchive(path: path, displayName: displayName, limits: limits)
        source = .package(archive, path: path)
        self.limits = limits
        file = displayName
        contentPart = Self.contentPart
        try checkPackage(archive)
        let handler = OdsTableListHandler(file: file, part: contentPart)
        try archive.parse(Self.contentPart, with: handler)
        sheets = handler.sheets
    }

    /// A flat OpenDocument spreadsheet: one `office:document` whose `office:mimetype` says spreadsheet.
    init(flatPath path: String, displayName: String, limits: ReadLimits) throws(ReadError) {
        source = .flat(path: path)
        self.limits = limits
        file = displayName
        contentPart = String(displayName.split(separator: "/").last ?? Substring(displayName))
        let handler = OdsTableListHandler(file: file, part: contentPart)
        try parseContent(with: handler)
        guard handler.rootIsDocument, let type = handler.documentMimetype, Self.spreadsheetTypes.contains(type) else {
            throw ReadError(
                .contentMismatch, file: file,
                reason: handler.rootIsDocument
                    ? "a flat OpenDocument file of type '\(handler.documentMimetype ?? "none")', not a spreadsheet"
                    : "not a flat OpenDocument spreadsheet (its root element is not office:document)")
        }
        sheets = handler.sheets
    }

    private func parseContent(with handler: any XMLEventHandler) throws(ReadError) {
        switch source {
        case .package(_, let path):
            // Each reading inflates content.xml from its start: a package opened afresh counts
            // its own inflated bytes against the caps, so that reading a third sheet is not
            // taken for a bomb because the sheet list and two other sheets were read before.
            let archive = try ZipArchive(path: path, displayName: file, limits: limits)
            try archive.parse(Self.contentPart, with: handler)
        case .flat(let path):
            let input = try FileInput(path: path, displayName: file)
            let parser = try XMLStreamParser(handler: handler, file: file, part: contentPart)
            try input.forEachChunk { chunk throws(ReadError) in try parser.feed(UnsafeRawBufferPointer(chunk)) }
            try parser.finish()
        }
    }

    /// The package must say it is a spreadsheet (its `mimetype`, else the manifest's root entry),
    /// must not be encrypted, and must hold `content.xml`.
    private func checkPackage(_ archive: ZipArchive) throws(ReadError) {
        if archive.contains("[Content_Types].xml") {
            throw ReadError(
                .contentMismatch, file: file,
                reason:
                    "this is an Office Open XML package (an XLSX workbook?) saved with an .ods name: rename it .xlsx")
        }
        var declaredType: String?
        if archive.contains("mimetype") {
            let bytes = try archive.read("mimetype")
            declaredType = String(decoding: bytes.prefix(200), as: UTF8.self).trimmingWhitespace()
        }
        var manifest: OdsManifestHandler?
        if archive.contains(Self.manifestPart) {
            let handler = OdsManifestHandler()
            try archive.parse(Self.manifestPart, with: handler)
            manifest = handler
            if declaredType == nil { declaredType = handler.rootMediaType }
        }
        guard let declaredType else {
            throw ReadError(
                .notAWorkbook, file: file,
                reason:
                    "a zip package, but not an OpenDocument spreadsheet: it has neither a mimetype entry nor META-INF/manifest.xml"
            )
        }
        guard Self.spreadsheetTypes.contains(declaredType) else {
            throw ReadError(
                .contentMismatch, file: file, part: archive.contains("mimetype") ? "mimetype" : Self.manifestPart,
                reason:
                    "this is an OpenDocument file of type '\(declaredType)', not a spreadsheet\(Self.kindHint(declaredType))"
            )
        }
        if let manifest, !manifest.encryptedEntries.isEmpty {
            let names = manifest.encryptedEntries.prefix(3).joined(separator: ", ")
            throw ReadError(
                .encryptedWorkbook, file: file, part: Self.manifestPart,
                reason:
                    "the spreadsheet is encrypted (protected by a password to open; the manifest lists encryption data for \(names)): save an unprotected copy"
            )
        }
        guard archive.contains(Self.contentPart) else {
            throw ReadError(
                .missingPart, file: file, part: Self.contentPart,
                reason: "the OpenDocument package has no content.xml, the part that holds the sheets")
        }
    }

    private static func kindHint(_ type: String) -> String {
        if type.hasSuffix("opendocument.text") { return " (a text document, .odt)" }
        if type.hasSuffix("opendocument.presentation") { return " (a presentation, .odp)" }
        if type.hasSuffix("opendocument.graphics") { return " (a drawing, .odg)" }
        return ""
    }

    /// Streams the rows of one sheet (the `index`-th table of `content.xml`); the parse stops at
    /// the end of that table.
    func readRows(of sheet: SheetInfo, _ body: @escaping (Row) throws -> Void) throws -> SheetReadSummary {
        let handler = OdsContentHandler(
            file: file, part: contentPart, sheetName: sheet.name, tableIndex: sheet.index, maxCells: limits.maxCells,
            onRow: body)
        do {
            try parseContent(with: handler)
        } catch {
            if let consumerError = handler.consumerError { throw consumerError }
            if !handler.finishedTable { throw error }
        }
        return handler.summary
    }
}
