import Foundation

/// Canonical text of numbers without going through Decimal's formatting where possible.
enum NumberText {
    /// `-0012.3400` → `-12.34`; `5.` → `5`.
    static func canonical(digits: String, negative: Bool) -> String {
        var text = Substring(digits)
        if text.contains(".") {
            while text.last == "0" { text = text.dropLast() }
            if text.last == "." { text = text.dropLast() }
        }
        while text.count > 1 && text.first == "0" && text.dropFirst().first != "." { text = text.dropFirst() }
        if text.isEmpty || text == "0" { return "0" }
        return negative ? "-" + text : String(text)
    }

    static func canonical(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9e15 { return String(Int(value)) }
        let text = value.description
        if text.utf8.contains(UInt8(ascii: "e")) {
            return FrenchNumber.decimal(fromCellNumber: value).map(canonical) ?? text
        }
        return text
    }

    static func canonical(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).stringValue
    }
}

/// Numbers in the standard Table Schema forms (`decimalChar`, `groupChar`, `bareNumber`).
enum StandardNumber {
    static func parse(_ text: String, field: Field, integer: Bool) -> Result<FrenchNumber.Parsed, FrenchNumber.Failure>
    {
        var body = text
        if let group = field.groupChar { body = body.replacingOccurrences(of: group, with: "") }
        if field.decimalChar != "." { body = body.replacingOccurrences(of: field.decimalChar, with: ".") }
        if !field.bareNumber {
            body = String(
                body.unicodeScalars.filter {
                    ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E"
                }.map(Character.init))
        }
        guard !body.isEmpty,
            body.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
            let value = Decimal(string: body, locale: Locale(identifier: "en_US_POSIX"))
        else { return .failure(.notANumber) }
        if integer && value != value.rounded { return .failure(.notAnInteger) }
        return .success(FrenchNumber.Parsed(value: value, notes: []))
    }
}

enum NumberNotes {
    static func message(_ note: FrenchNumber.Note) -> Message {
        switch note {
        case .dotDecimal: return Message(fr: "point lu comme virgule décimale", en: "dot read as the decimal point")
        case .englishSeparators:
            return Message(
                fr: "séparateurs à l'anglaise (1,234.56) lus comme tels",
                en: "English separators (1,234.56) read as such")
        case .multiplier:
            return Message(fr: "multiplicateur (k€, M€, Md€) appliqué", en: "multiplier (k€, M€, Md€) applied")
        }
    }
}

extension Decimal {
    var rounded: Decimal {
        var result = Decimal()
        var copy = self
        NSDecimalRound(&result, &copy, 0, .plain)
        return result
    }
}
