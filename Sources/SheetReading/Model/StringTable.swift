/// An immutable list of strings stored in one byte buffer (the XLSX shared-string table, for
/// instance). Each string also carries flags computed once at load time so that writers need not
/// rescan a string every time a cell uses it.
@usableFromInline
package final class StringTable: Sendable {
    @usableFromInline
    package struct Flags: OptionSet, Sendable {
        @usableFromInline package let rawValue: UInt8
        @inlinable package init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Contains `"`, `,`, CR or LF: needs quotes in comma-separated output.
        package static let needsCSVQuotes = Flags(rawValue: 1)
        /// Starts with `=` `+` `-` `@` TAB or CR: could be taken for a formula by a spreadsheet.
        package static let startsLikeFormula = Flags(rawValue: 2)
        /// Held control characters (replaced by U+FFFD in `bytes`).
        package static let hadControlCharacters = Flags(rawValue: 4)
        /// Contains `;` or TAB (the other delimiters).
        package static let containsOtherDelimiter = Flags(rawValue: 8)
        /// Over the 32,767 characters of a cell: `bytes` hold its start (`OverlongCell`).
        package static let overlong = Flags(rawValue: 16)
    }

    @usableFromInline let bytes: [UInt8]
    @usableFromInline let offsets: [Int]
    @usableFromInline let flags: [Flags]
    /// The length in characters of each overlong string, by index (almost always none).
    let overlongLengths: [Int: Int]

    package var count: Int { flags.count }

    init(bytes: [UInt8], offsets: [Int], flags: [Flags], overlongLengths: [Int: Int] = [:]) {
        self.bytes = bytes
        self.offsets = offsets
        self.flags = flags
        self.overlongLengths = overlongLengths
    }

    package static let empty = StringTable(bytes: [], offsets: [0], flags: [])

    /// The length in characters of an overlong string (0 for the others).
    func overlongLength(at index: Int) -> Int { overlongLengths[index] ?? 0 }

    @inlinable
    package func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = offsets[index]
        let end = offsets[index + 1]
        return try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    package func string(at index: Int) -> String {
        String(decoding: bytes[offsets[index]..<offsets[index + 1]], as: UTF8.self)
    }

    @inlinable
    package func flags(at index: Int) -> Flags { flags[index] }

    @inlinable
    package func isEmpty(at index: Int) -> Bool { offsets[index] == offsets[index + 1] }

    /// Builds a table string by string; used by the shared-string reader and by tests.
    struct Builder {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        var flags: [Flags] = []
        var overlongLengths: [Int: Int] = [:]

        /// `overlongLength`: the string was over 32,767 characters (`text` is its start).
        mutating func append(_ text: UnsafeBufferPointer<UInt8>, hadControlCharacters: Bool, overlongLength: Int? = nil)
        {
            bytes.append(contentsOf: text)
            offsets.append(bytes.count)
            var f = TextScan.flags(of: text)
            if hadControlCharacters { f.insert(.hadControlCharacters) }
            if let overlongLength {
                f.insert(.overlong)
                overlongLengths[flags.count] = overlongLength
            }
            flags.append(f)
        }

        func build() -> StringTable {
            StringTable(bytes: bytes, offsets: offsets, flags: flags, overlongLengths: overlongLengths)
        }
    }
}

/// Byte-level scans shared by the readers and the writers.
@usableFromInline
package enum TextScan {
    @usableFromInline
    package static func flags(of text: UnsafeBufferPointer<UInt8>) -> StringTable.Flags {
        var flags: StringTable.Flags = []
        if let first = text.first, startsLikeFormula(first) { flags.insert(.startsLikeFormula) }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: ","), 0x0A, 0x0D: flags.insert(.needsCSVQuotes)
            case UInt8(ascii: ";"), 0x09: flags.insert(.containsOtherDelimiter)
            default: break
            }
        }
        return flags
    }

    /// `=` `+` `-` `@` TAB or CR at the start of a text cell make spreadsheets read it as a formula.
    @inlinable
    package static func startsLikeFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "@") || byte == 0x09 || byte == 0x0D
    }

    /// Number of Unicode scalars in valid UTF-8 (continuation bytes are not counted).
    package static func scalarCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in text where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
