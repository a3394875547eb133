/// The encodings delimited text arrives in: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
/// "Texte Unicode"), and Windows-1252 (French Excel's "CSV (séparateur : point-virgule)").
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// UTF-16, little-endian (Excel's "Texte Unicode").
    case utf16LittleEndian = "utf-16le"
    /// UTF-16, big-endian.
    case utf16BigEndian = "utf-16be"
    /// Windows-1252 (French Excel's CSV).
    case windows1252 = "windows-1252"

    /// The encoding a user names (`utf8`, `latin1`, `cp1252`…); nil for an unknown name.
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "unicode": self = .utf16LittleEndian
        case "utf-16be", "utf16be": self = .utf16BigEndian
        case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "iso-8859-15", "ansi": self = .windows1252
        default: return nil
        }
    }
}

/// Chooses an encoding from the bytes: a BOM decides; else strict UTF-8 when every byte of the
/// file is valid UTF-8; else Windows-1252.
struct EncodingSniffer {
    enum BOM { case none, utf8, utf16LE, utf16BE }

    static func bom(of prefix: [UInt8]) -> BOM {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if prefix.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if prefix.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return .none
    }

    /// Incremental strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF).
    struct UTF8Validator {
        private var needed = 0
        private var lower: UInt8 = 0x80
        private var upper: UInt8 = 0xBF
        private(set) var valid = true
        private(set) var sawNonASCII = false

        /// Returns the offset in `bytes` of the first byte that breaks UTF-8, if one does.
        @discardableResult
        mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            guard valid else { return 0 }
            for (offset, byte) in bytes.enumerated() {
                if needed == 0 {
                    if byte < 0x80 { continue }
                    sawNonASCII = true
                    switch byte {
                    case 0xC2...0xDF: needed = 1
                    case 0xE0: needed = 2; lower = 0xA0
                    case 0xE1...0xEC, 0xEE, 0xEF: needed = 2
                    case 0xED: needed = 2; upper = 0x9F
                    case 0xF0: needed = 3; lower = 0x90
                    case 0xF1...0xF3: needed = 3
                    case 0xF4: needed = 3; upper = 0x8F
                    default:
                        valid = false
                        return offset
                    }
                } else {
                    guard byte >= lower && byte <= upper else {
                        valid = false
                        return offset
                    }
                    lower = 0x80
                    upper = 0xBF
                    needed -= 1
                }
            }
            return nil
        }

        var completeAndValid: Bool { valid && needed == 0 }
    }
}

/// Converts a byte stream in some encoding to UTF-8, chunk by chunk (sequences split between
/// chunks are carried over).
struct UTF8Transcoder {
    let encoding: TextEncoding
    private var carry: [UInt8] = []
    private var pendingHighSurrogate: UInt32?

    init(encoding: TextEncoding) { self.encoding = encoding }

    /// Windows-1252 0x80–0x9F; the five undefined positions become U+FFFD.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Transcodes `input`; returns the UTF-8 bytes in `output` (cleared first).
    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], final: Bool) {
        output.removeAll(keepingCapacity: true)
        switch encoding {
        case .utf8:
            output.append(contentsOf: input)
        case .windows1252:
            for byte in input {
                if byte < 0x80 {
                    output.append(byte)
                } else if byte < 0xA0 {
                    UTF8Transcoder.appendUTF8(UTF8Transcoder.windows1252High[Int(byte - 0x80)], to: &output)
                } else {
                    UTF8Transcoder.appendUTF8(UInt32(byte), to: &output)
                }
            }
        case .utf16LittleEndian, .utf16BigEndian:
            var bytes = carry
            bytes.append(contentsOf: input)
            carry.removeAll()
            let little = encoding == .utf16LittleEndian
            var i = 0
            while i + 1 < bytes.count {
                let unit =
                    little ? UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 : UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
                i += 2
                if unit >= 0xD800 && unit <= 0xDBFF {
                    if pendingHighSurrogate != nil { UTF8Transcoder.appendUTF8(0xFFFD, to: &output) }
                    pendingHighSurrogate = unit
                    continue
                }
                if unit >= 0xDC00 && unit <= 0xDFFF {
                    if let high = pendingHighSurrogate {
                        UTF8Transcoder.appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &output)
                    } else {
                        UTF8Transcoder.appendUTF8(0xFFFD, to: &output)
                    }
                    pendingHighSurrogate = nil
                    continue
                }
                if pendingHighSurrogate != nil {
                    UTF8Transcoder.appendUTF8(0xFFFD, to: &output)
                    pendingHighSurrogate = nil
                }
                UTF8Transcoder.appendUTF8(unit, to: &output)
            }
            if i < bytes.count { carry = [bytes[i]] }
            if final {
                if pendingHighSurrogate != nil || !carry.isEmpty { UTF8Transcoder.appendUTF8(0xFFFD, to: &output) }
                pendingHighSurrogate = nil
                carry.removeAll()
            }
        }
    }
}
