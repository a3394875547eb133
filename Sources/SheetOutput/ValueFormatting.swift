public import SheetReading

/// Canonical text for typed values, written straight into bytes (no `String` per cell): integers
/// without `.0`, other numbers in shortest round-trip form with `.`, dates `YYYY-MM-DD`, date-times
/// `YYYY-MM-DDTHH:MM:SS`, times `HH:MM:SS`, booleans `true`/`false`.
///
/// The `write…` functions write at a pointer with room for `maxValueBytes` and return the count.
public enum ValueFormatting {
    /// Room any formatted non-text value fits in.
    public static let maxValueBytes = 48

    @inline(__always)
    static func writeUnsigned(_ value: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var n = value
        var i = digits - 1
        while i >= 0 {
            p[i] = UInt8(48 + n % 10)
            n /= 10
            i -= 1
        }
        return digits
    }

    @inline(__always)
    public static func writeInteger(_ value: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0 {
            p[0] = UInt8(ascii: "-")
            return 1 + writeUnsigned(UInt64(bitPattern: Int64(0) &- Int64(value)), p + 1)
        }
        return writeUnsigned(UInt64(value), p)
    }

    @inline(__always)
    static func writeTwoDigits(_ value: Int, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(48 + value / 10)
        p[1] = UInt8(48 + value % 10)
    }

    /// Shortest text that reads back as the same Double; integral values up to 2^53 without `.0`;
    /// no exponent for magnitudes between 1e-7 and 1e21.
    public static func writeNumber(_ value: Double, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return value == 0
                ? {
                    p[0] = UInt8(ascii: "0"); return 1
                }() : writeInteger(Int(value), p)
        }
        // The common case without `String`: at most 15 significant digits and 9 decimals. The
        // first k (fewest decimals) for which n / 10^k reads back as `value` gives the shortest
        // form, and below 10^15 that n is unique, so this equals the round-trip algorithm.
        let magnitude = abs(value)
        if magnitude >= 1e-9 && magnitude < 1e15 {
            var scale = 1.0
            var divisor: UInt64 = 1
            for k in 1...9 {
                scale *= 10
                divisor *= 10
                let scaled = (magnitude * scale).rounded()
                if scaled >= 1e15 { break }
                if scaled / scale == magnitude {
                    var written = 0
                    if value < 0 {
                        p[0] = UInt8(ascii: "-")
                        written = 1
                    }
                    let n = UInt64(scaled)
                    written += writeUnsigned(n / divisor, p + written)
                    p[written] = UInt8(ascii: ".")
                    written += 1
                    var fraction = n % divisor
                    var i = k - 1
                    while i >= 0 {
                        p[written + i] = UInt8(48 + fraction % 10)
                        fraction /= 10
                        i -= 1
                    }
                    return written + k
                }
            }
        }
        // Swift's description is the shortest round-trip form; copy its bytes unless it uses an
        // exponent that spreadsheets would not show.
        var description = value.description
        let copied: Int? = description.withUTF8 { bytes in
            guard bytes.count <= maxValueBytes, !bytes.contains(UInt8(ascii: "e")) else { return nil }
            p.update(from: bytes.baseAddress!, count: bytes.count)
            return bytes.count
        }
        if let copied { return copied }
        let text = Array(shortestText(value).utf8)
        let count = min(text.count, maxValueBytes)
        for i in 0..<count { p[i] = text[i] }
        return count
    }

    /// Swift's `description` is the shortest round-trip form; its exponent notation is expanded
    /// for magnitudes spreadsheets show without one.
    static func shortestText(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        let text = value.description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        if exponent < -7 || exponent >= 21 { return text }
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(parts[0])
        var digits = integerDigits + (parts.count > 1 ? String(parts[1]) : "")
        var point = integerDigits.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var result = String(digits.prefix(point))
        var fraction = String(digits.dropFirst(point))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { result += "." + fraction }
        return negative ? "-" + result : result
    }

    /// Elapsed time as Excel shows `[h]:mm:ss`: total hours, then minutes and seconds.
    static func writeDuration(_ days: Double, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let seconds = (days * 86_400).rounded()
        guard seconds.magnitude < 1e15 else { return writeNumber(days, p) }
        var total = Int(seconds)
        var n = 0
        if total < 0 {
            p[0] = UInt8(ascii: "-")
            n = 1
            total = -total
        }
        n += writeInteger(total / 3600, p + n)
        if total / 3600 < 10 {
            // Keep two digits for hours below ten, as HH:MM:SS times are written.
            p[n] = p[n - 1]
            p[n - 1] = UInt8(ascii: "0")
            n += 1
        }
        p[n] = UInt8(ascii: ":")
        writeTwoDigits((total % 3600) / 60, p + n + 1)
        p[n + 3] = UInt8(ascii: ":")
        writeTwoDigits(total % 60, p + n + 4)
        return n + 6
    }

    /// A non-text value of `cell` (number, boolean, date kinds); 0 for text kinds.
    @inline(__always)
    public static func writeValue(of cell: Cell, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        switch cell.kind {
        case .number:
            return writeNumber(cell.number, p)
        case .boolean:
            let word: StaticString = cell.number != 0 ? "true" : "false"
            p.update(from: word.utf8Start, count: word.utf8CodeUnitCount)
            return word.utf8CodeUnitCount
        case .date:
            return CivilDateTime(daysSince18991230: cell.number).writeISODate(p)
        case .dateTime:
            return CivilDateTime(daysSince18991230: cell.number).writeISODateTime(p)
        case .time:
            return CivilDateTime(daysSince18991230: cell.number).writeISOTime(p)
        case .duration:
            return writeDuration(cell.number, p)
        case .text, .error, .formulaWithoutValue:
            return 0
        }
    }

    // Conveniences over byte arrays, for code that is not per cell.

    public static func appendInteger(_ value: Int, to output: inout [UInt8]) {
        withScratch(&output) { writeInteger(value, $0) }
    }

    public static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        withScratch(&output) { writeNumber(value, $0) }
    }

    /// The canonical text of a cell: formatted for non-text kinds, copied for text kinds.
    public static func appendValue(of cell: Cell, in row: Row, to output: inout [UInt8]) {
        if cell.hasText {
            row.withTextBytes(of: cell) { output.append(contentsOf: $0) }
        } else {
            withScratch(&output) { writeValue(of: cell, $0) }
        }
    }

    private static func withScratch(_ output: inout [UInt8], _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxValueBytes) { buffer in
            let count = write(buffer.baseAddress!)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
