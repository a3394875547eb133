/// Text as XLSX stores it: `_xHHHH_` escapes for characters XML cannot carry (`_x000D_` for CR,
/// `_x005F_` for a literal underscore before `x`), decoded here; then checked for the control
/// characters and the length Excel never produces.
enum XlsxText {
    /// Excel's limit for one cell.
    static let maxCharacters = OverlongCell.maxCharacters

    struct Decoded {
        /// Control characters (other than TAB, LF, CR) were replaced by U+FFFD.
        var hadControlCharacters = false
        var characterCount = 0
    }

    /// Appends the decoded text of `raw` to `output`.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Decoded {
        var result = Decoded()
        // One pass decides whether anything needs decoding, and counts characters meanwhile.
        var plain = true
        var characters = 0
        for byte in raw {
            if byte & 0xC0 != 0x80 { characters += 1 }
            if byte == UInt8(ascii: "_") || byte < 0x20 || byte == 0x7F {
                if byte == UInt8(ascii: "_") || (byte != 0x09 && byte != 0x0A && byte != 0x0D) {
                    plain = false
                    break
                }
            }
        }
        if plain {
            output.append(contentsOf: raw)
            result.characterCount = characters
            return result
        }
        var i = 0
        var pendingHighSurrogate: UInt32?
        func appendScalar(_ value: UInt32, _ output: inout [UInt8]) {
            var scalar = value
            if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F {
                result.hadControlCharacters = true
                scalar = 0xFFFD
            }
            let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            output.append(contentsOf: Array(String(Character(unicode)).utf8))
            result.characterCount += 1
        }
        while i < raw.count {
            let byte = raw[i]
            if byte == UInt8(ascii: "_"), i + 6 < raw.count, raw[i + 1] == UInt8(ascii: "x"),
                raw[i + 6] == UInt8(ascii: "_"),
                let value = hexValue(raw[i + 2], raw[i + 3], raw[i + 4], raw[i + 5])
            {
                i += 7
                if value >= 0xD800 && value <= 0xDBFF {
                    if pendingHighSurrogate != nil { appendScalar(0xFFFD, &output) }
                    pendingHighSurrogate = value
                    continue
                }
                if value >= 0xDC00 && value <= 0xDFFF, let high = pendingHighSurrogate {
                    pendingHighSurrogate = nil
                    appendScalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00), &output)
                    continue
                }
                if pendingHighSurrogate != nil {
                    pendingHighSurrogate = nil
                    appendScalar(0xFFFD, &output)
                }
                appendScalar(value >= 0xD800 && value <= 0xDFFF ? 0xFFFD : value, &output)
                continue
            }
            if pendingHighSurrogate != nil {
                pendingHighSurrogate = nil
                appendScalar(0xFFFD, &output)
            }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F {
                appendScalar(UInt32(byte), &output)
            } else {
                output.append(byte)
                if byte & 0xC0 != 0x80 { result.characterCount += 1 }
            }
            i += 1
        }
        if pendingHighSurrogate != nil { appendScalar(0xFFFD, &output) }
        return result
    }

    private static func hexValue(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32? {
        func digit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case 48...57: return UInt32(byte - 48)
            case 65...70: return UInt32(byte - 55)
            case 97...102: return UInt32(byte - 87)
            default: return nil
            }
        }
        guard let a = digit(a), let b = digit(b), let c = digit(c), let d = digit(d) else { return nil }
        return a << 12 | b << 8 | c << 4 | d
    }
}

/// `xl/sharedStrings.xml`: `<si>` items of plain text (`<t>`) or rich-text runs (`<r><t>`),
/// concatenated; phonetic runs (`<rPh>`) are reading aids and left out; `<si/>` is an empty string.
final class SharedStringsHandler: XMLEventHandler {
    private(set) var failure: ReadError? {
        didSet { hasFailed = failure != nil }
    }
    private(set) var hasFailed = false
    private let file: String
    private let part: String
    // (Unchecked exclusivity: written at every shared string, on the parser's thread only.)
    @exclusivity(unchecked)
    private var builder = StringTable.Builder()
    private var inItem = false
    private var inPhonetic = false
    private var inText = false
    private let raw = ByteBuffer(capacity: 1024)
    /// Characters of the current item past the cap, read through but not kept.
    private var overflow = 0
    @exclusivity(unchecked)
    private var decoded: [UInt8] = []
    /// Where the current `<t>` began in `raw`, and whether it keeps its whitespace.
    private var textStart = 0
    private var preserveSpace = false

    init(file: String, part: String) {
        self.file = file
        self.part = part
        decoded.reserveCapacity(1024)
    }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard !hasFailed else { return }
        if name.is("si") {
            inItem = true
            raw.count = 0
            overflow = 0
        } else if name.is("t") {
            if inItem && !inPhonetic {
                inText = true
                textStart = raw.count
                preserveSpace = attributes.preservesSpace
            }
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("sst") {
            // `count`/`uniqueCount` are declared sizes: a reserve hint at most, never trusted.
            if let unique = attributes.value("uniqueCount").flatMap({ Int($0) }), unique > 0 {
                builder.flags.reserveCapacity(min(unique, 1 << 20))
                builder.offsets.reserveCapacity(min(unique, 1 << 20) + 1)
            }
        }
    }

    func endElement(_ name: XMLName) {
        guard !hasFailed else { return }
        if name.is("t") {
            if inText && !preserveSpace { raw.trimWhitespace(from: textStart) }
            inText = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("si") {
            inItem = false
            decoded.removeAll(keepingCapacity: true)
            let result = XlsxText.decode(raw.bytes, into: &decoded)
            let characters = result.characterCount + overflow
            if characters > XlsxText.maxCharacters {
                // An error of each cell that shows it (`OverlongCell`), not of the file.
                let shown = decoded.withUnsafeBufferPointer { OverlongCell.shown($0, characterCount: characters) }
                shown.withUnsafeBufferPointer {
                    builder.append($0, hadControlCharacters: result.hadControlCharacters, overlongLength: characters)
                }
                return
            }
            decoded.withUnsafeBufferPointer { builder.append($0, hadControlCharacters: result.hadControlCharacters) }
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard inText, !hasFailed else { return }
        // A hostile item is read through, not buffered: past 7 bytes a character (`_xHHHH_`),
        // it is overlong whatever it holds.
        let room = XlsxText.maxCharacters * 7 - raw.count
        if text.count <= room {
            raw.append(text)
        } else {
            let kept = max(room, 0)
            raw.append(UnsafeBufferPointer(rebasing: text[..<kept]))
            overflow += TextScan.scalarCount(UnsafeBufferPointer(rebasing: text[kept...]))
        }
    }

    var table: StringTable { builder.build() }
}
