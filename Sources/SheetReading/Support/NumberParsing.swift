import Glibc

/// Parses the numbers XLSX writes in `<v>`: `-12`, `3.25`, `1.5E-3`, with surrounding spaces.
enum NumberParsing {
    /// 10^exponent for 0...22, all exact in a Double. A switch of constants: no global array
    /// (whose lazy initialisation is checked on every access) in the per-cell path.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// nil when the bytes are not a number. Exact (correctly rounded): the fast path only takes
    /// mantissas of at most 15 digits with small exponents, where one multiplication or division
    /// by an exact power of ten is exact (Clinger); everything else goes through `strtod`.
    static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end
            && (bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D)
        { start += 1 }
        while end > start
            && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D)
        { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var fractionDigits = 0
        var sawDot = false
        var simple = true
        while i < end {
            let byte = bytes[i]
            if byte >= 48 && byte <= 57 {
                digits += 1
                if significant > 0 || byte != 48 { significant += 1 }
                if significant <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(byte - 48)
                } else {
                    simple = false
                }
                if sawDot { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponentDigits = 0
            while i < end, bytes[i] >= 48 && bytes[i] <= 57 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] - 48) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard i == end else { return nil }
        let scale = exponent - fractionDigits
        if simple && significant <= 15 && scale >= -22 && scale <= 22 {
            var value = Double(mantissa)
            value = scale < 0 ? value / powerOfTen(-scale) : value * powerOfTen(scale)
            return negative ? -value : value
        }
        // Rare: long mantissas or big exponents. strtod needs a NUL-terminated copy.
        var copy = Array(bytes[start..<end])
        copy.append(0)
        return copy.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                var endPointer: UnsafeMutablePointer<CChar>?
                let value = strtod(chars.baseAddress!, &endPointer)
                return value.isFinite ? value : nil
            }
        }
    }

    /// A non-negative decimal integer (shared-string indexes, style ids, row numbers).
    @inline(__always)
    static func parseIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte >= 48 && byte <= 57 {
                digits += 1
                if digits > 12 { return nil }
                value = value * 10 + Int(byte - 48)
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if digits > 0 { break }
            } else {
                return nil
            }
        }
        return digits > 0 ? value : nil
    }

    /// ISO 8601 as in `t="d"` cells: `2024-03-15`, `2024-03-15T10:30:00`, `10:30:00` (optional
    /// fractional seconds and `Z`). Returns days since 1899-12-30 and which kind it is.
    static func parseISODate(_ text: String) -> (days: Double, kind: CellKind)? {
        let trimmed = text.trimmingWhitespace()
        let bytes = Array(trimmed.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func time(at offset: Int) -> (seconds: Double, ok: Bool) {
            guard let hour = number(offset..<offset + 2), bytes.count > offset + 4,
                bytes[offset + 2] == UInt8(ascii: ":"),
                let minute = number(offset + 3..<offset + 5), hour < 24, minute < 60
            else { return (0, false) }
            var seconds = Double(hour * 3600 + minute * 60)
            var index = offset + 5
            if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
                guard let second = number(index + 1..<index + 3), second < 61 else { return (0, false) }
                seconds += Double(second)
                index += 3
                if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    var scale = 0.1
                    while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 {
                        seconds += Double(bytes[index] - 48) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            if index < bytes.count && bytes[index] == UInt8(ascii: "Z") { index += 1 }
            return (seconds, index == bytes.count)
        }
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            CivilDateTime.isValid(year: year, month: month, day: day)
        {
            let days = Double(CivilDateTime.daysFromCivil(year: year, month: month, day: day) + 25_569)
            if bytes.count == 10 { return (days, .date) }
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
            let (seconds, ok) = time(at: 11)
            guard ok else { return nil }
            return (days + seconds / 86_400, .dateTime)
        }
        let (seconds, ok) = time(at: 0)
        if ok { return (seconds / 86_400, .time) }
        return nil
    }
}
