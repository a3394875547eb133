/// What was found out about a delimited text file before reading it.
public struct CsvDetails: Sendable {
    /// The encoding the bytes are decoded from.
    public var encoding: TextEncoding
    /// The file starts with a byte-order mark.
    public var hadBOM: Bool
    /// The field delimiter byte (`,`, `;`, TAB).
    public var delimiter: UInt8
    /// How the delimiter was chosen ("sniffed", "given").
    public var delimiterSource: String
    /// How the encoding was chosen ("byte-order mark", "sniffed", "given").
    public var encodingSource: String
    /// "CRLF", "LF", "CR" or a mix ("CRLF+LF"), known after reading.
    public var lineEndings: String?
    /// Records read, known after reading.
    public var records: Int?
    /// Fields of the first record, known after reading.
    public var expectedFieldCount: Int?

    /// The delimiter as a person writes it: `,`, `;` or `TAB`.
    public var delimiterName: String {
        switch delimiter {
        case 0x09: return "TAB"
        case UInt8(ascii: ";"): return ";"
        case UInt8(ascii: ","): return ","
        default: return String(UnicodeScalar(delimiter))
        }
    }
}

/// A delimited text file: decoded by BOM, else strict UTF-8, else Windows-1252; delimiter sniffed
/// among `,` `;` TAB unless given; streamed through the RFC 4180 parser (memory stays flat).
final class CsvDocument {
    let input: FileInput
    let file: String
    private(set) var details: CsvDetails

    init(path: String, displayName: String, encoding: TextEncoding?, delimiter: UInt8?) throws(ReadError) {
        input = try FileInput(path: path, displayName: displayName)
        file = displayName
        let prefix = try input.prefix(4)
        let bom = EncodingSniffer.bom(of: prefix)
        var chosen: TextEncoding
        var source = "byte-order mark"
        switch bom {
        case .utf8: chosen = .utf8
        case .utf16LE: chosen = .utf16LittleEndian
        case .utf16BE: chosen = .utf16BigEndian
        case .none:
            var validator = EncodingSniffer.UTF8Validator()
            try input.forEachChunk { chunk throws(ReadError) in validator.consume(chunk) }
            if validator.completeAndValid {
                chosen = .utf8
                source = validator.sawNonASCII ? "valid UTF-8" : "ASCII"
            } else {
                chosen = .windows1252
                source = "not valid UTF-8, read as Windows-1252"
            }
        }
        if let encoding {
            chosen = encoding
            source = "given"
        }
        details = CsvDetails(
            encoding: chosen, hadBOM: bom != .none, delimiter: delimiter ?? UInt8(ascii: ","),
            delimiterSource: delimiter == nil ? "sniffed" : "given", encodingSource: source)
        if delimiter == nil {
            details.delimiter = try sniffDelimiter()
        }
    }

    private var bomLength: Int {
        guard details.hadBOM else { return 0 }
        return details.encoding == .utf8 ? 3 : 2
    }

    /// Decodes the file to UTF-8 and hands over the chunks.
    private func forEachDecodedChunk(limit: Int? = nil, _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        var transcoder = UTF8Transcoder(encoding: details.encoding)
        var output: [UInt8] = []
        var skip = bomLength
        var seen = 0
        var stop = false
        let encoding = details.encoding
        var validator = EncodingSniffer.UTF8Validator()
        var lineForError = 1
        try input.forEachChunk { chunk throws(ReadError) in
            guard !stop else { return }
            var slice = chunk
            if skip > 0 {
                let dropped = min(skip, slice.count)
                slice = UnsafeBufferPointer(rebasing: slice[dropped...])
                skip -= dropped
            }
            if encoding == .utf8 {
                if let bad = validator.consume(slice) {
                    for byte in slice[..<bad] where byte == 0x0A { lineForError += 1 }
                    throw ReadError(
                        .undecodableText, file: file, line: lineForError,
                        reason: "line \(lineForError) is not valid UTF-8 (try --encoding windows-1252)")
                }
                for byte in slice where byte == 0x0A { lineForError += 1 }
            }
            transcoder.transcode(slice, into: &output, final: false)
            seen += chunk.count
            do {
                let goOn = try output.withUnsafeBufferPointer { try body($0) }
                if !goOn { stop = true }
            } catch let error as ReadError {
                throw error
            } catch {
                throw ReadError(.ioError, file: file, reason: "\(error)")
            }
            if let limit, seen >= limit { stop = true }
        }
        if !stop {
            transcoder.transcode(UnsafeBufferPointer(start: nil, count: 0), into: &output, final: true)
            if !output.isEmpty { _ = try output.withUnsafeBufferPointer { try body($0) } }
        }
    }

    /// Picks the candidate delimiter that splits the first records into the same number (> 1) of
    /// fields most consistently; ties go to `;`, then TAB, then `,`.
    private func sniffDelimiter() throws(ReadError) -> UInt8 {
        var sample: [UInt8] = []
        do {
            try forEachDecodedChunk(limit: 64 << 10) { chunk in
                sample.append(contentsOf: chunk.prefix(64 << 10 - sample.count))
                return sample.count < 64 << 10
            }
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(.ioError, file: file, reason: "\(error)")
        }
        let candidates: [UInt8] = [UInt8(ascii: ";"), 0x09, UInt8(ascii: ",")]
        var best = (delimiter: UInt8(ascii: ","), consistent: 0, fields: 1)
        for candidate in candidates {
            let counts = CsvDocument.fieldCounts(sample, delimiter: candidate, maxRecords: 50)
            guard let header = counts.first, header > 1 else { continue }
            let consistent = counts.filter { $0 == header }.count
            if consistent > best.consistent || (consistent == best.consistent && header > best.fields) {
                best = (candidate, consistent, header)
            }
        }
        return best.delimiter
    }

    /// Field counts of the first records of a sample (quote-aware, blank lines skipped).
    static func fieldCounts(_ sample: [UInt8], delimiter: UInt8, maxRecords: Int) -> [Int] {
        var counts: [Int] = []
        var inQuotes = false
        var fields = 1
        var lineHasContent = false
        var i = 0
        // The last record may be cut by the sample: drop it unless the sample is the whole file.
        while i < sample.count && counts.count < maxRecords {
            let byte = sample[i]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                lineHasContent = true
            } else if !inQuotes && byte == delimiter {
                fields += 1
                lineHasContent = true
            } else if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                if lineHasContent { counts.append(fields) }
                fields = 1
                lineHasContent = false
            } else {
                lineHasContent = true
            }
            i += 1
        }
        if lineHasContent && !inQuotes && sample.count < 64 << 10 { counts.append(fields) }
        return counts
    }

    func readRows(_ body: (Row) throws -> Void) throws -> SheetReadSummary {
        let sheet = String(file.split(separator: "/").last ?? Substring(file))
        var parser = CsvRecordParser(delimiter: details.delimiter, source: RowSource(file: file, sheet: sheet))
        try forEachDecodedChunk { chunk in
            try parser.feed(chunk, body)
            return true
        }
        try parser.finish(file: file, body)
        var endings: [String] = []
        if parser.sawCRLF { endings.append("CRLF") }
        if parser.sawLF { endings.append("LF") }
        if parser.sawCR { endings.append("CR") }
        details.lineEndings = endings.isEmpty ? nil : endings.joined(separator: "+")
        details.records = parser.records
        details.expectedFieldCount = parser.expectedFieldCount
        return parser.summary
    }
}
