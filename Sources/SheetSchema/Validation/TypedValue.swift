public import Foundation
import SheetReading

/// A value read for a field: typed, with its canonical text.
public enum TypedValue: Sendable, Equatable {
    /// Text, normalised (identifiers cleaned, places by their code, enumerations canonical).
    case text(String)
    /// The value, and its canonical text (`-1234.5`: no grouping, no trailing zeros), computed
    /// once where it is cheap rather than from the Decimal each time. (Indirect: boxed, the enum
    /// stays small and a copy of any value is a retain.)
    indirect case number(Decimal, text: String)
    /// A boolean.
    case boolean(Bool)
    /// ISO `YYYY-MM-DD` (also `YYYY-MM-DDTHH:MM:SS`, `HH:MM:SS`, `YYYY-MM` for the other kinds).
    case date(String)
    /// The items of a list field.
    case list([TypedValue])

    /// The value as text: what outputs write and keys compare (list items joined by `;`).
    public var canonical: String {
        switch self {
        case .text(let text): return text
        case .number(_, let text): return text
        case .boolean(let value): return value ? "true" : "false"
        case .date(let text): return text
        case .list(let items): return items.map(\.canonical).joined(separator: ";")
        }
    }

    static func number(_ value: Decimal) -> TypedValue { .number(value, text: NumberText.canonical(value)) }

    /// The number, when the value is one.
    public var decimal: Decimal? {
        if case .number(let value, _) = self { return value }
        return nil
    }

    /// A number in millionths, when it has at most six decimals and less than 10¹² (every amount
    /// and count does): compared and added up as an integer, exactly. nil otherwise.
    public var millionths: Int64? {
        guard case .number(_, let text) = self else { return nil }
        return Self.millionths(canonical: text)
    }

    /// The same from a number's canonical text (`-1234.5`: no grouping, `.` before decimals).
    public static func millionths(canonical: String) -> Int64? {
        return canonical.withUTF8Bytes { bytes -> Int64? in
            var index = 0
            let negative = bytes.first == UInt8(ascii: "-")
            if negative { index = 1 }
            guard index < bytes.count else { return nil }
            var value: Int64 = 0
            var integerDigits = 0
            var decimals = -1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "."), decimals < 0 {
                    decimals = 0
                } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    if decimals >= 0 { decimals += 1 } else { integerDigits += 1 }
                    guard integerDigits <= 12, decimals <= 6 else { return nil }
                    value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                } else {
                    return nil
                }
                index += 1
            }
            for _ in max(decimals, 0)..<6 { value *= 10 }
            return negative ? -value : value
        }
    }
}
