public import SheetReading

/// Canonical text for typed values, written straight into a byte buffer (no `String` per cell):
/// integers without `.0`, other numbers in shortest round-trip form with `.`, dates `YYYY-MM-DD`,
/// date-times `YYYY-MM-DDTHH:MM:SS`, times `HH:MM:SS`, booleans `true`/`false`.
public enum ValueFormatting {
    @inline(__always)
    public static func appendInteger(_ value: Int, to output: inout [UInt8]) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
            appendUnsigned(UInt64(bitPattern: Int64(0) &- Int64(value)), to: &output)
        } else {
            appendUnsigned(UInt64(value), to: &output)
        }
    }

    @inline(__always)
    static func appendUnsigned(_ value: UInt64, to output: inout [UInt8]) {
        if value < 10 {
            output.append(UInt8(48 + value))
            return
        }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var n = value
        withUnsafeMutableBytes(of: &digits) { raw in
            let slots = raw.bindMemory(to: UInt64.self)
            while n > 0 {
                slots[count] = n % 10
                n /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                output.append(UInt8(48 + slots[count]))
            }
        }
    }

    @inline(__always)
    static func appendTwoDigits(_ value: Int, to output: inout [UInt8]) {
        output.append(UInt8(48 + value / 10))
        output.append(UInt8(48 + value % 10))
    }

    /// Shortest text that reads back as the same Double; integral values up to 2^53 without `.0`;
    /// no exponent for magnitudes between 1e-7 and 1e21.
    public static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            if value == 0 {
                output.append(UInt8(ascii: "0"))
            } else {
                appendInteger(Int(value), to: &output)
            }
            return
        }
        guard value.isFinite else {
            output.append(contentsOf: Array(value.isNaN ? "NaN".utf8 : (value < 0 ? "-Infinity".utf8 : "Infinity".utf8)))
            return
        }
        // Swift's description is the shortest round-trip form; expand its exponent notation.
        let text = value.description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            output.append(contentsOf: Array(text.utf8))
            return
        }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        var mantissa = String(text[..<e])
        var negative = false
        if mantissa.hasPrefix("-") {
            negative = true
            mantissa.removeFirst()
        }
        if exponent < -7 || exponent >= 21 {
            output.append(contentsOf: Array(text.utf8))
            return
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(parts[0])
        let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerDigits + fractionDigits
        var pointPosition = integerDigits.count + exponent
        if pointPosition <= 0 {
            digits = String(repeating: "0", count: 1 - pointPosition) + digits
            pointPosition = 1
        } else if pointPosition > digits.count {
            digits += String(repeating: "0", count: pointPosition - digits.count)
        }
        var result = String(digits.prefix(pointPosition))
        var fraction = String(digits.dropFirst(pointPosition))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { result += "." + fraction }
        if negative { result = "-" + result }
        output.append(contentsOf: Array(result.utf8))
    }

    public static func appendDate(_ days: Double, to output: inout [UInt8]) {
        let civil = CivilDateTime(daysSince18991230: days)
        appendDateParts(civil, to: &output)
    }

    static func appendDateParts(_ civil: CivilDateTime, to output: inout [UInt8]) {
        if civil.year < 0 || civil.year > 9999 {
            appendInteger(civil.year, to: &output)
        } else {
            appendTwoDigits(civil.year / 100, to: &output)
            appendTwoDigits(civil.year % 100, to: &output)
        }
        output.append(UInt8(ascii: "-"))
        appendTwoDigits(civil.month, to: &output)
        output.append(UInt8(ascii: "-"))
        appendTwoDigits(civil.day, to: &output)
    }

    static func appendTimeParts(_ civil: CivilDateTime, to output: inout [UInt8]) {
        appendTwoDigits(civil.hour, to: &output)
        output.append(UInt8(ascii: ":"))
        appendTwoDigits(civil.minute, to: &output)
        output.append(UInt8(ascii: ":"))
        appendTwoDigits(civil.second, to: &output)
    }

    public static func appendDateTime(_ days: Double, to output: inout [UInt8]) {
        let civil = CivilDateTime(daysSince18991230: days)
        appendDateParts(civil, to: &output)
        output.append(UInt8(ascii: "T"))
        appendTimeParts(civil, to: &output)
    }

    public static func appendTime(_ days: Double, to output: inout [UInt8]) {
        appendTimeParts(CivilDateTime(daysSince18991230: days), to: &output)
    }

    /// The canonical text of a non-text cell (numbers, booleans, dates); text cells are copied.
    @inline(__always)
    public static func appendValue(of cell: Cell, in row: Row, to output: inout [UInt8]) {
        switch cell.kind {
        case .number: appendNumber(cell.number, to: &output)
        case .boolean: output.append(contentsOf: cell.number != 0 ? [116, 114, 117, 101] : [102, 97, 108, 115, 101])
        case .date: appendDate(cell.number, to: &output)
        case .dateTime: appendDateTime(cell.number, to: &output)
        case .time: appendTime(cell.number, to: &output)
        case .text, .error, .formulaWithoutValue:
            row.withTextBytes(of: cell) { output.append(contentsOf: $0) }
        }
    }
}
