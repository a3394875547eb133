import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `<dataset>.xlsx`: the kept rows of the JSON spools, typed (numbers, dates, booleans; identifiers
/// and codes as text), written by libxlsxwriter in constant-memory mode: each row goes to disk as
/// it is written, so memory does not grow with the dataset.
///
/// Two header rows: the schema's French labels (what people read), then the field names (what
/// programs and the CSV use). A second row rather than defined names: it is seen and survives any
/// tool (pandas `header=1`, LibreOffice, a copy and paste), where a defined name is invisible and
/// refused for names Excel reads as cell references (`ca2019`, `r1`). Both are frozen; the filter
/// is on the names' row, just above the data. Rows past a sheet's limit continue on
/// `<name> (2)` and so on, each with the two header rows.
struct DatasetWorkbook {
    /// A sheet written and its data rows.
    struct Sheet: Sendable, Equatable {
        var name: String
        var rows: Int
    }

    struct Written: Sendable {
        var sheets: [Sheet]
        /// Texts longer than a cell may hold, cut (the CSV and JSON have them whole).
        var cutTexts: Int
    }

    /// Data rows per sheet: Excel's 1,048,576 rows less the two header rows.
    static let rowsPerSheet = XlsxSheet.rowLimit - 2
    static let provenanceLabels = ["Fichier source", "Feuille source", "Ligne source"]

    let name: String
    let fields: [Field]
    let path: String
    /// The document's creation date (seconds since 1970): from the run's submissions, never the clock.
    let created: Int
    /// Where libxlsxwriter keeps each sheet's rows until the workbook is zipped.
    let temporaryFolder: String
    var rowsPerSheet = DatasetWorkbook.rowsPerSheet

    /// `name`, then `name (2)`, `name (3)`… cut to Excel's 31 characters.
    static func sheetName(_ base: String, index: Int) -> String {
        let suffix = index == 0 ? "" : " (\(index + 1))"
        return String(base.prefix(31 - suffix.count)) + suffix
    }

    func write(_ parts: [RunWriter.SpoolPart]) throws -> Written {
        do {
            return try writeWorkbook(parts)
        } catch let error as XlsxWriteError {
            let place = error.sheet.map { sheet in error.cell.map { "\(sheet)!\($0): " } ?? "sheet '\(sheet)': " } ?? ""
            throw OutputError(path: error.path, reason: place + error.reason)
        }
    }

    private func writeWorkbook(_ parts: [RunWriter.SpoolPart]) throws -> Written {
        var options = XlsxWriter.Options(constantMemory: true)
        options.created = created
        options.temporaryFolder = temporaryFolder
        let total = parts.reduce(0) { $0 + $1.kept.count { $0 } }
        // A sheet's XML past 4 GB needs ZIP64. Bounded above by the values' JSON plus 64 bytes of
        // markup a cell (`<c r="AF1048574" s="12" t="inlineStr"><is><t>…</t></is></c>`).
        var jsonBytes = 0
        for part in parts {
            for (index, length) in part.jsonLengths.enumerated() where part.kept[index] { jsonBytes += Int(length) }
        }
        options.useZip64 = jsonBytes + total * (fields.count + 3) * 64 > 3_500_000_000
        let workbook = try XlsxWriter(path: path, options: options)
        let cells = SpoolRecordCells(fields: fields)
        let formats = try fields.map { field in
            try workbook.format(for: XlsxCellStyle(numberFormat: Self.numberFormat(field)))
        }
        let labelStyle = XlsxCellStyle(bold: true, fill: 0xDDEB_F7, wrapText: true, verticalTop: true, border: true)
        let nameStyle = XlsxCellStyle(italic: true, fill: 0xF2F2_F2, fontColor: 0x5959_59, border: true)
        let labels = fields.map { $0.title ?? $0.labels.first ?? $0.name } + Self.provenanceLabels
        let names = fields.map(\.name) + RunWriter.provenance
        let lastColumn = names.count - 1
        let provenanceColumn = fields.count

        // Widths from the headers and the longest value seen (in bytes: close enough for widths).
        var widths = names.indices.map { max(labels[$0].count, names[$0].count) }
        var sheets: [XlsxSheet] = []
        var written: [Sheet] = []
        var sheet: XlsxSheet?
        var row = 0
        var cutTexts = 0
        func nextSheet() throws {
            let index = sheets.count
            let rows = min(rowsPerSheet, total - index * rowsPerSheet)
            let new = try workbook.addSheet(Self.sheetName(name, index: index))
            // (Row by row: in constant-memory mode a row is written out once the next one starts.)
            for (column, label) in labels.enumerated() {
                try new.write(label, row: 0, column: column, style: labelStyle)
            }
            for (column, name) in names.enumerated() { try new.write(name, row: 1, column: column, style: nameStyle) }
            try new.freezePanes(row: 2, column: 0)
            try new.autofilter(firstRow: 1, firstColumn: 0, lastRow: 1 + max(rows, 0), lastColumn: lastColumn)
            sheets.append(new)
            written.append(Sheet(name: new.name, rows: 0))
            sheet = new
            row = 2
        }
        try nextSheet()

        var capacity = 1 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        for part in parts where part.kept.contains(true) {
            let provenance = SpoolRecordCells.provenanceLength(file: part.file, sheet: part.sheet)
            let descriptor = open(part.json, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw OutputError(path: path, action: "cannot read back the rows spooled for it", systemError: errno)
            }
            defer { close(descriptor) }
            var filled = 0
            var start = 0
            try part.file.withCString { file in
                try part.sheet.withCString { sourceSheet in
                    for (index, lengthValue) in part.jsonLengths.enumerated() {
                        let length = Int(lengthValue)
                        if filled - start < length {
                            // Not whole in the buffer: what is left moves to the front, then more is read.
                            if length > capacity {
                                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: length)
                                larger.update(from: buffer + start, count: filled - start)
                                buffer.deallocate()
                                buffer = larger
                                capacity = length
                            } else {
                                memmove(buffer, buffer + start, filled - start)
                            }
                            filled -= start
                            start = 0
                            while filled < length {
                                let got = read(descriptor, buffer + filled, capacity - filled)
                                if got < 0 && errno == EINTR { continue }
                                guard got > 0 else {
                                    throw OutputError(
                                        path: path,
                                        reason: got == 0
                                            ? "the rows spooled for it end early (\(part.json))"
                                            : "cannot read back the rows spooled for it: \(OutputError.systemReason(errno))"
                                    )
                                }
                                filled += got
                            }
                        }
                        defer { start += length }
                        guard part.kept[index] else { continue }
                        if row - 2 == rowsPerSheet { try nextSheet() }
                        guard let current = sheet else { continue }
                        let sourceRow: Int
                        do {
                            sourceRow = try cells.decode(buffer + start, count: length, provenanceLength: provenance) {
                                column, value in
                                switch value {
                                case .none: break
                                case .text(let text, var count):
                                    guard count > 0 else { break }
                                    if count > XlsxSheet.textLimit, let cut = Self.cut(text, count) {
                                        count = cut
                                        cutTexts += 1
                                    }
                                    if count > widths[column] { widths[column] = count }
                                    try current.write(
                                        cString: UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self), row: row,
                                        column: column, format: formats[column])
                                case .number(let number):
                                    if widths[column] < 12 { widths[column] = 12 }
                                    try current.write(number: number, row: row, column: column, format: formats[column])
                                case .boolean(let flag):
                                    try current.write(boolean: flag, row: row, column: column, format: formats[column])
                                case .serial(let serial):
                                    try current.write(number: serial, row: row, column: column, format: formats[column])
                                }
                            }
                        } catch is SpoolRecordCells.Malformed {
                            throw OutputError(
                                path: path,
                                reason: "a row spooled for it cannot be read back (\(part.json), row \(index + 1))")
                        }
                        try current.write(cString: file, row: row, column: provenanceColumn, format: .general)
                        try current.write(
                            cString: sourceSheet, row: row, column: provenanceColumn + 1, format: .general)
                        try current.write(
                            number: Double(sourceRow), row: row, column: provenanceColumn + 2, format: .general)
                        written[written.count - 1].rows += 1
                        row += 1
                    }
                }
            }
        }
        widths[provenanceColumn] = max(widths[provenanceColumn], parts.map(\.file.utf8.count).max() ?? 0)
        widths[provenanceColumn + 1] = max(widths[provenanceColumn + 1], parts.map(\.sheet.utf8.count).max() ?? 0)
        for current in sheets {
            for column in names.indices {
                let style =
                    column < fields.count ? XlsxCellStyle(numberFormat: Self.numberFormat(fields[column])) : .plain
                try current.setColumn(column, width: Double(min(max(widths[column] + 2, 10), 50)), style: style)
            }
        }
        try workbook.close()
        return Written(sheets: written, cutTexts: cutTexts)
    }

    /// Where a text over a cell's limit is cut (a character boundary), NUL-terminated there; nil
    /// when it fits (the limit counts characters, `count` bytes).
    static func cut(_ text: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int? {
        var characters = 0
        for index in 0..<count where text[index] & 0xC0 != 0x80 {
            if characters == XlsxSheet.textLimit {
                text[index] = 0
                return index
            }
            characters += 1
        }
        return nil
    }

    /// How a field's cells are shown: amounts in euros, dates, identifiers and codes as text.
    static func numberFormat(_ field: Field) -> String? {
        if field.kind == .amount { return XlsxNumberFormat.euros }
        switch field.type {
        case .date: return XlsxNumberFormat.date
        case .datetime: return XlsxNumberFormat.dateTime
        case .time: return XlsxNumberFormat.time
        // Text as typed: leading zeros of identifiers (SIREN, SIRET, postal and department codes) survive.
        case .string, .list, .yearmonth, .object, .array, .geopoint, .geojson, .duration: return XlsxNumberFormat.text
        default: return nil
        }
    }
}
