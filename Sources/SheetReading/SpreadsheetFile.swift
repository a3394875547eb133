/// Options for opening a file.
public struct ReadOptions: Sendable {
    /// Size limits checked before and while reading (hostile files).
    public var limits: ReadLimits
    /// CSV: force an encoding instead of sniffing it.
    public var encoding: TextEncoding?
    /// CSV: force a delimiter (`,` `;` TAB…) instead of sniffing it.
    public var delimiter: UInt8?
    /// XLSX and ODS: give every cell of a merged range the value of its first cell (the sheet is
    /// read twice: XLSX lists the ranges after the rows).
    public var fillMergedCells = false

    /// Options with the default limits, sniffed encoding and delimiter, merged cells left as they are.
    public init(
        limits: ReadLimits = .default, encoding: TextEncoding? = nil, delimiter: UInt8? = nil,
        fillMergedCells: Bool = false
    ) {
        self.limits = limits
        self.encoding = encoding
        self.delimiter = delimiter
        self.fillMergedCells = fillMergedCells
    }
}

/// What kind of file was opened.
public enum FileFormat: String, Sendable {
    /// An Office Open XML workbook (`.xlsx`, `.xlsm`).
    case xlsx
    /// Delimited text (`.csv`, `.tsv`, `.txt`).
    case csv
    /// An OpenDocument spreadsheet (`.ods`), LibreOffice's own format.
    case ods

    /// A workbook (XLSX or ODS): typed cells on a grid, as opposed to delimited text.
    public var isWorkbook: Bool { self != .csv }
}

/// A spreadsheet file opened for reading: an XLSX/XLSM package, an OpenDocument spreadsheet or
/// delimited text, chosen by the extension and checked against the content (text saved as
/// `.xlsx`, a legacy `.xls`, an encrypted workbook are each reported as such, never read another way).
///
/// ```swift
/// let file = try SpreadsheetFile.open("fiches.xlsx")
/// let choice = try file.chooseSheet(named: nil)
/// let summary = try file.readRows(of: choice.sheet) { row in … }
/// ```
public final class SpreadsheetFile {
    /// The path as it was given to `open`.
    public let path: String
    /// XLSX, ODS or delimited text, as the content showed.
    public let format: FileFormat
    /// The sheets in workbook order (a CSV file has one).
    public let sheets: [SheetInfo]
    /// The workbook's date system; cells already hold days since 1899-12-30 whatever it is.
    public let dateSystem: DateSystem

    private enum Backing {
        case xlsx(XlsxWorkbook)
        case ods(OdsWorkbook)
        case csv(CsvDocument)
    }
    private let backing: Backing
    /// Set from `ReadOptions.fillMergedCells` when the file is opened.
    public private(set) var fillsMergedCells = false

    /// Extensions read as workbooks.
    public static let workbookExtensions = ["xlsx", "xlsm", "ods"]
    /// Extensions read as OpenDocument spreadsheets (among `workbookExtensions`).
    public static let openDocumentExtensions = ["ods"]
    /// Extensions read as flat OpenDocument spreadsheets (one XML file).
    public static let flatOpenDocumentExtensions = ["fods"]
    /// Extensions read as delimited text.
    public static let textExtensions = ["csv", "tsv", "txt"]

    private init(path: String, format: FileFormat, sheets: [SheetInfo], dateSystem: DateSystem, backing: Backing) {
        self.path = path
        self.format = format
        self.sheets = sheets
        self.dateSystem = dateSystem
        self.backing = backing
    }

    /// CSV details (encoding, delimiter, line endings once read).
    public var csvDetails: CsvDetails? {
        if case .csv(let document) = backing { return document.details }
        return nil
    }

    /// Opens a file: checks its size and kind, reads the workbook's sheet list (or sniffs the CSV's encoding and delimiter). Throws a `ReadError` naming the file and the reason.
    public static func open(_ path: String, options: ReadOptions = ReadOptions()) throws(ReadError) -> SpreadsheetFile {
        let file = try openUnconfigured(path, options: options)
        file.fillsMergedCells = options.fillMergedCells
        return file
    }

    private static func openUnconfigured(_ path: String, options: ReadOptions) throws(ReadError) -> SpreadsheetFile {
        let input = try FileInput(path: path, displayName: path)
        if input.size > options.limits.maxFileBytes {
            throw ReadError(
                .limitExceeded, file: path,
                reason:
                    "the file is \(ReadLimits.describe(bytes: input.size)), more than the \(ReadLimits.describe(bytes: options.limits.maxFileBytes)) limit (raise it with --max-file-size)"
            )
        }
        let ext =
            path.split(separator: "/").last.flatMap { name -> String? in
                guard let dot = name.lastIndex(of: ".") else { return nil }
                return name[name.index(after: dot)...].lowercased()
            } ?? ""
        let signature = try input.prefix(8)
        let content = ContentSignature(signature)
        if ExcelLockFile.isNamed(path), content != .zip {
            throw ReadError(.excelLockFile, file: path, reason: ExcelLockFile.reason)
        }

        if ext == "xls" || ext == "xlsb" {
            let what = ext == "xls" ? "a legacy Excel 97-2003 workbook (.xls)" : "a binary workbook (.xlsb)"
            throw ReadError(
                .unsupportedExtension, file: path, reason: "\(what) is not supported: save it as .xlsx or CSV")
        }
        if flatOpenDocumentExtensions.contains(ext) {
            switch content {
            case .zip:
                throw ReadError(
                    .contentMismatch, file: path,
                    reason: "this is a zip package (an .ods or .xlsx?) saved with a .\(ext) name: rename it")
            case .compoundFile:
                throw compoundFileError(input: input, path: path, ext: ext)
            case .empty:
                throw ReadError(.notAWorkbook, file: path, reason: "the file is empty")
            case .other:
                break
            }
            let workbook = try OdsWorkbook(flatPath: path, displayName: path, limits: options.limits)
            return SpreadsheetFile(
                path: path, format: .ods, sheets: workbook.sheets, dateSystem: .excel1900, backing: .ods(workbook))
        }
        if workbookExtensions.contains(ext) {
            switch content {
            case .zip:
                break
            case .compoundFile:
                throw compoundFileError(input: input, path: path, ext: ext)
            case .empty:
                throw ReadError(.notAWorkbook, file: path, reason: "the file is empty")
            case .other:
                throw ReadError(
                    .contentMismatch, file: path,
                    reason: looksLikeText(signature)
                        ? "this is a text file (CSV?) saved with an .\(ext) name: rename it .csv"
                        : "not a zip package, so not an \(ext == "ods" ? "OpenDocument spreadsheet" : "XLSX workbook")")
            }
            if openDocumentExtensions.contains(ext) {
                let workbook = try OdsWorkbook(path: path, displayName: path, limits: options.limits)
                return SpreadsheetFile(
                    path: path, format: .ods, sheets: workbook.sheets, dateSystem: .excel1900, backing: .ods(workbook))
            }
            let workbook = try XlsxWorkbook(path: path, displayName: path, limits: options.limits)
            return SpreadsheetFile(
                path: path, format: .xlsx, sheets: workbook.sheets, dateSystem: workbook.dateSystem,
                backing: .xlsx(workbook))
        }
        if textExtensions.contains(ext) {
            switch content {
            case .zip:
                throw ReadError(
                    .contentMismatch, file: path,
                    reason: "this is a zip package (an XLSX or ODS workbook?) saved with a .\(ext) name")
            case .compoundFile:
                throw ReadError(
                    .contentMismatch, file: path,
                    reason: "this is an Excel 97-2003 or encrypted workbook saved with a .\(ext) name, not text")
            case .empty, .other:
                break
            }
            let document = try CsvDocument(
                path: path, displayName: path, encoding: options.encoding, delimiter: options.delimiter)
            let name = String(path.split(separator: "/").last ?? Substring(path))
            let sheet = SheetInfo(name: name, index: 0, visibility: .visible, kind: .worksheet, part: nil)
            return SpreadsheetFile(
                path: path, format: .csv, sheets: [sheet], dateSystem: .excel1900, backing: .csv(document))
        }
        throw ReadError(
            .unsupportedExtension, file: path,
            reason: "unknown file type '.\(ext)': sheetpipe reads .xlsx, .xlsm, .ods, .fods, .csv, .tsv and .txt")
    }

    private enum ContentSignature {
        case zip, compoundFile, empty, other
        init(_ bytes: [UInt8]) {
            if bytes.isEmpty {
                self = .empty
            } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
                self = .zip
            } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
                self = .compoundFile
            } else {
                self = .other
            }
        }
    }

    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x80 }
    }

    /// An OLE compound file with a workbook's name is either an encrypted OOXML workbook (its streams
    /// are named `EncryptionInfo` and `EncryptedPackage`) or a legacy `.xls` (`Workbook`).
    private static func compoundFileError(input: FileInput, path: String, ext: String) -> ReadError {
        let head = (try? input.prefix(1 << 20)) ?? []
        if containsUTF16Name(head, "EncryptedPackage") || containsUTF16Name(head, "EncryptionInfo") {
            return ReadError(
                .encryptedWorkbook, file: path,
                reason: "the workbook is encrypted (protected by a password to open): save an unprotected copy")
        }
        return ReadError(
            .legacyExcel, file: path,
            reason:
                "this is a legacy Excel 97-2003 workbook (.xls content) with an .\(ext) name: save it as .xlsx\(ext == "ods" ? " or .ods" : "")"
        )
    }

    private static func containsUTF16Name(_ bytes: [UInt8], _ name: String) -> Bool {
        var pattern: [UInt8] = []
        for byte in name.utf8 { pattern.append(byte); pattern.append(0) }
        guard bytes.count >= pattern.count else { return false }
        var i = 0
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] && Array(bytes[i..<i + pattern.count]) == pattern { return true }
            i += 1
        }
        return false
    }

    /// The named sheet; else the first visible worksheet. Never a hidden sheet by accident.
    public func chooseSheet(named name: String?) throws(ReadError) -> SheetChoice {
        if let name {
            guard
                let sheet = sheets.first(where: { $0.name == name })
                    ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() })
            else {
                let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
                throw ReadError(.sheetNotFound, file: path, reason: "no sheet named '\(name)'; the sheets are \(names)")
            }
            let note = sheet.visibility == .visible ? "" : " (a \(sheet.visibility.rawValue) sheet)"
            return SheetChoice(sheet: sheet, reason: "sheet '\(sheet.name)' as requested\(note)")
        }
        guard let sheet = sheets.first(where: { $0.visibility == .visible && $0.kind == .worksheet }) else {
            throw ReadError(
                .noVisibleSheet, file: path,
                reason: "the workbook has no visible worksheet; name the sheet to read with --sheet")
        }
        if format == .csv { return SheetChoice(sheet: sheet, reason: "the text file's only table") }
        let skipped = sheets.prefix(while: { $0.index < sheet.index })
        if skipped.isEmpty { return SheetChoice(sheet: sheet, reason: "sheet '\(sheet.name)', the first sheet") }
        let skippedNames = skipped.map {
            "'\($0.name)' (\($0.visibility == .visible ? $0.kind.rawValue : $0.visibility.rawValue))"
        }
        return SheetChoice(
            sheet: sheet,
            reason:
                "sheet '\(sheet.name)', the first visible worksheet (skipped \(skippedNames.joined(separator: ", ")))")
    }

    /// Streams the rows of a sheet to `body`, in order. The `Row` is reused between calls: copy
    /// what you keep. Throws a `ReadError` when the file turns out unreadable, or what `body` threw.
    @discardableResult
    public func readRows(of sheet: SheetInfo, _ body: @escaping (Row) throws -> Void) throws -> SheetReadSummary {
        switch backing {
        case .xlsx(let workbook): return try readFillingMergedCells { try workbook.readRows(of: sheet, $0) }
        case .ods(let workbook): return try readFillingMergedCells { try workbook.readRows(of: sheet, $0) }
        case .csv(let document): return try document.readRows(body)
        }

        /// The ranges come after the rows in an XLSX sheet: a first pass lists them.
        func readFillingMergedCells(
            _ read: (@escaping (Row) throws -> Void) throws -> SheetReadSummary
        ) throws -> SheetReadSummary {
            guard fillsMergedCells else { return try read(body) }
            let ranges = try read { _ in }.mergedRanges
            guard !ranges.isEmpty else { return try read(body) }
            let filler = MergedCellFiller(ranges: ranges)
            return try read { row in
                var copy = row
                filler.fill(&copy)
                try body(copy)
            }
        }
    }

    /// Custom number-format codes by id (XLSX), for `inspect`.
    public func customNumberFormats() throws(ReadError) -> [Int: String] {
        if case .xlsx(let workbook) = backing { return try workbook.customFormatCodes() }
        return [:]
    }

    /// Custom document properties (XLSX `docProps/custom.xml`): name → text. A template made by
    /// `sheetpipe template` carries its schema's name and version there. Empty for CSV.
    public func customProperties() throws(ReadError) -> [String: String] {
        if case .xlsx(let workbook) = backing { return try workbook.customProperties() }
        return [:]
    }

    /// Entries of the zip package (XLSX, ODS), for `inspect`.
    public var packageEntries: [String] {
        switch backing {
        case .xlsx(let workbook): return workbook.archive.entryNames
        case .ods(let workbook): return workbook.entryNames
        case .csv: return []
        }
    }
}
