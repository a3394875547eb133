import Foundation
import SheetOutput
import SheetReading
public import SheetSchema

/// The form a value takes in the national datasets: the validator's canonical value, made the same
/// for every submitter. Amounts get two decimals, lists are sorted and without repeats (their
/// order carries no meaning: departments, funders), the rest is the canonical text (codes, ISO
/// dates, NFC text with collapsed whitespace, numbers without grouping).
public enum DatasetValues {
    /// The text of a value in the CSV dataset (lists joined by `;`).
    public static func text(_ value: TypedValue, field: Field) -> String {
        switch value {
        case .list(let items): return listItems(items, field: field).joined(separator: ";")
        case .number(_, let text) where field.kind == .amount: return twoDecimals(text)
        default: return value.canonical
        }
    }

    /// The items of a list in their dataset form and order.
    public static func listItems(_ items: [TypedValue], field: Field) -> [String] {
        var texts = items.map { field.kind == .amount ? twoDecimals($0.canonical) : $0.canonical }
        // Most lists hold one item (a department): nothing to sort or remove.
        guard texts.count > 1 else { return texts }
        // Byte order: the same whatever the locale of the machine; repeats removed.
        texts.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var distinct: [String] = []
        for text in texts where distinct.last.map({ !$0.utf8.elementsEqual(text.utf8) }) ?? true {
            distinct.append(text)
        }
        return distinct
    }

    /// A list's items (from `listItems`) as a JSON array: numbers as such, the rest as strings.
    public static func appendJSONArray(_ items: [String], field: Field, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        let numeric = field.itemType == .number || field.itemType == .integer
        for (position, item) in items.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            if numeric { output.append(contentsOf: item.utf8) } else { JsonText.appendString(item, to: &output) }
        }
        output.append(UInt8(ascii: "]"))
    }

    /// The JSON of a value: numbers and booleans as such, lists as arrays, the rest as strings.
    public static func appendJSON(_ value: TypedValue?, field: Field, to output: inout [UInt8]) {
        guard let value else {
            output.append(contentsOf: "null".utf8)
            return
        }
        switch value {
        case .number(_, let text):
            output.append(contentsOf: (field.kind == .amount ? twoDecimals(text) : text).utf8)
        case .boolean(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .list(let items):
            appendJSONArray(listItems(items, field: field), field: field, to: &output)
        case .text(let text), .date(let text):
            JsonText.appendString(text, to: &output)
        }
    }

    /// The zeros `twoDecimals` adds to a canonical number with at most two decimals ("", "0" or
    /// ".00"); nil when it has more, and has to be rounded.
    public static func twoDecimalPadding(_ canonical: UnsafeBufferPointer<UInt8>) -> StaticString? {
        guard let dot = canonical.firstIndex(of: UInt8(ascii: ".")) else { return ".00" }
        switch canonical.count - dot - 1 {
        case 0: return "00"
        case 1: return "0"
        case 2: return ""
        default: return nil
        }
    }

    /// `1234.5` → `1234.50`; `-7.255` → `-7.26` (half away from zero, as accountants round).
    public static func twoDecimals(_ canonical: String) -> String {
        if let padding = canonical.withUTF8Bytes(twoDecimalPadding) { return canonical + padding.description }
        guard var value = Decimal(string: canonical, locale: Locale(identifier: "en_US_POSIX")) else {
            return canonical
        }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        return text.contains(".") ? twoDecimals(text) : text + ".00"
    }
}
