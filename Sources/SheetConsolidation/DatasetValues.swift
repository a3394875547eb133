import Foundation
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
