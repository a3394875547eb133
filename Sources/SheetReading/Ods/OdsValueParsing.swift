/// The typed values of OpenDocument cells, parsed from their attribute bytes without allocating:
/// `office:date-value` (ISO date or date and time), `office:time-value` (ISO 8601 duration such as
/// `PT12H30M45S`), `office:boolean-value`.
enum OdsValueParsing {
    /// `2024-03-15` → (days since 1899-12-30, `.date`); `2024-03-15T14:30:05.5` → `.dateTime`.
    /// The same day serials the XLSX reader gives. A trailing `Z` is accepted; other zones are not.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> (days: Double, kind: CellKind)? {
        var end = bytes.count
        while end > 0 && ByteBuffer.isXMLSpace(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end && ByteBuffer.isXMLSpace(bytes[start]) { start += 1 }
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= end else { return nil }
            var value = 0
            for i in from..<from + count {
                let byte = bytes[i]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        let s = start
        guard end - s >= 10, bytes[s + 4] == UInt8(ascii: "-"), bytes[s + 7] == UInt8(ascii: "-"),
            let year = digits(s, 4), let month = digits(s + 5, 2), let day = digits(s + 8, 2),
            CivilDateTime.isValid(year: year, month: month, day: day)
        else { return nil }
        let days = Double(CivilDateTime.daysFromCivil(year: year, month: month, day: day) + 25_569)
        var i = s + 10
        if i == end { return (days, .date) }
        guard bytes[i] == UInt8(ascii: "T"), let hour = digits(i + 1, 2), end > i + 5,
            bytes[i + 3] == UInt8(ascii: ":"), let minute = digits(i + 4, 2), hour < 24, minute < 60
        else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        i += 6
        if i < end && bytes[i] == UInt8(ascii: ":") {
            guard let second = digits(i + 1, 2), second < 61 else { return nil }
            seconds += Double(second)
            i += 3
            if i < end && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",")) {
                i += 1
                var scale = 0.1
                while i < end, bytes[i] >= 48 && bytes[i] <= 57 {
                    seconds += Double(bytes[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        if i < end && bytes[i] == UInt8(ascii: "Z") { i += 1 }
        guard i == end else { return nil }
        return (days + seconds / 86_400, .dateTime)
    }

    /// `PT12H30M45S`, `-PT1H`, `P1DT2H`, `PT10H10M10.123456S` → days (may be negative).
    /// Years and months have no fixed length in days: refused.
    static func duration(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var end = bytes.count
        while end > 0 && ByteBuffer.isXMLSpace(bytes[end - 1]) { end -= 1 }
        var i = 0
        while i < end && ByteBuffer.isXMLSpace(bytes[i]) { i += 1 }
        var negative = false
        if i < end && bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < end, bytes[i] == UInt8(ascii: "P") else { return nil }
        i += 1
        var seconds = 0.0
        var inTime = false
        var components = 0
        while i < end {
            if bytes[i] == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                i += 1
                continue
            }
            var value = 0.0
            var sawDigit = false
            while i < end, bytes[i] >= 48 && bytes[i] <= 57 {
                value = value * 10 + Double(bytes[i] - 48)
                sawDigit = true
                i += 1
            }
            if i < end && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",")) {
                i += 1
                var scale = 0.1
                while i < end, bytes[i] >= 48 && bytes[i] <= 57 {
                    value += Double(bytes[i] - 48) * scale
                    scale /= 10
                    sawDigit = true
                    i += 1
                }
            }
            guard sawDigit, i < end else { return nil }
            switch (bytes[i], inTime) {
            case (UInt8(ascii: "W"), false): seconds += value * 604_800
            case (UInt8(ascii: "D"), false): seconds += value * 86_400
            case (UInt8(ascii: "H"), true): seconds += value * 3600
            case (UInt8(ascii: "M"), true): seconds += value * 60
            case (UInt8(ascii: "S"), true): seconds += value
            default: return nil
            }
            components += 1
            i += 1
        }
        guard components > 0 else { return nil }
        let days = seconds / 86_400
        return negative ? -days : days
    }

    /// `true`/`false` (and `1`/`0`, as some writers put it).
    static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let first = bytes.first { !ByteBuffer.isXMLSpace($0) }
        switch first {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "1"): return true
        case UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "0"): return false
        default: return nil
        }
    }
}
